"""Differentiating code that itself calls tangentish.grad / vjp / value_and_grad and the
functions they return (a derivative object in a global, a closure cell or a local, created
inside the differentiated function or not; a pullback of tangentish.vjp), to any order.
Each case is checked against finite differences (check_grads) and hand-derived values."""
import numpy as np
import pytest

import tangentish as tg


def s(x):
    return np.sin(x) * x          # s' = sin x + x cos x


def s1(x):
    return np.sin(x) + x * np.cos(x)


def s2(x):
    return 2 * np.cos(x) - x * np.sin(x)


def s3(x):
    return -3 * np.sin(x) - x * np.cos(x)


def s4(x):
    return -4 * np.cos(x) + x * np.sin(x)


grad_s = tg.grad(s)                  # a derivative object held in a global


def via_global(x):
    return grad_s(x)


def created_inside(x):
    g = tg.grad(s)                   # created inside the differentiated function
    return g(x)


def created_and_called(x):
    return tg.grad(s)(x) * 2.0


def via_closure():
    g = tg.grad(s)

    def h(x):
        return g(x)
    return h


def via_value_and_grad(x):
    v, g = tg.value_and_grad(s)(x)
    return v + g                     # s + s'


def via_argument(f, x):
    return f(x)                      # a function passed in (known only at run time)


X = 0.4


@pytest.mark.parametrize("fn", [via_global, created_inside, via_closure()],
                         ids=["global", "local", "closure"])
def test_derivative_object_to_third_order(fn):
    assert np.isclose(fn(X), s1(X))
    assert np.isclose(tg.grad(fn)(X), s2(X))
    assert np.isclose(tg.grad(tg.grad(fn))(X), s3(X))
    assert np.isclose(tg.grad(tg.grad(tg.grad(fn)))(X), s4(X))
    tg.check_grads(fn, (X,), order=2, modes=("rev", "fwd"))


def test_created_and_called_in_one_expression():
    assert np.isclose(tg.grad(created_and_called)(X), 2 * s2(X))
    assert np.isclose(tg.grad(tg.grad(created_and_called))(X), 2 * s3(X))
    tg.check_grads(created_and_called, (X,), order=2)


def test_value_and_grad_inside():
    assert np.isclose(tg.grad(via_value_and_grad)(X), s1(X) + s2(X))
    assert np.isclose(tg.grad(tg.grad(via_value_and_grad))(X), s2(X) + s3(X))
    tg.check_grads(via_value_and_grad, (X,), order=2)


def test_function_argument_to_third_order():
    # vjp_call through a run-time callee, differentiated again and again (was refused
    # beyond the second order)
    d1 = tg.grad(via_argument, wrt=1)
    d2 = tg.grad(d1, wrt=1)
    d3 = tg.grad(d2, wrt=1)
    assert np.isclose(d1(s, X), s1(X))
    assert np.isclose(d2(s, X), s2(X))
    assert np.isclose(d3(s, X), s3(X))
    assert np.isclose(tg.hessian(d1, wrt=1)(s, X), s3(X))
    tg.check_grads(lambda x: via_argument(s, x), (X,), order=2, modes=("rev", "fwd"))


def fun_sq(x):
    return np.sum(np.sin(x) ** 2)


grad_fun_sq = tg.grad(fun_sq)     # d/dx_i = 2 sin x_i cos x_i = sin 2x_i


def outer_sq(x):
    return np.sum(grad_fun_sq(x) * x)


def test_brief_example_arrays():
    x = np.array([0.3, 0.7, -1.1])
    # d/dx_i (x_i sin 2x_i) = sin 2x_i + 2 x_i cos 2x_i
    assert np.allclose(tg.grad(outer_sq)(x), np.sin(2 * x) + 2 * x * np.cos(2 * x))
    tg.check_grads(outer_sq, (x,), order=2, modes=("rev", "fwd"))


def dict_fun(d):
    return np.sum(np.sin(d["a"])) + np.sum(np.cos(d["b"]))


def d_dict_fun(d):
    g = tg.grad(dict_fun)(d)
    return np.sum(g["a"]) + np.sum(np.sin(g["b"]))


def test_dict_argument_through_nested_grad():
    d = {"a": np.array([0.2, -0.4]), "b": np.array([1.3])}
    # g["a"] = cos a, g["b"] = -sin b: d/da sum(cos a) = -sin a; d/db sum(sin(-sin b)) =
    # -cos(sin b) cos b
    out = tg.grad(d_dict_fun)(d)
    assert np.allclose(out["a"], -np.sin(d["a"]))
    assert np.allclose(out["b"], -np.cos(np.sin(d["b"])) * np.cos(d["b"]))
    tg.check_grads(d_dict_fun, (d,), order=2)


C = np.array([0.5, 1.5])


def h_elem(x):
    return np.sin(x) * x


def pullback_inside(x):
    _, pb = tg.vjp(h_elem, C)         # primals fixed; differentiated w.r.t. the cotangent
    return np.sum(pb(x)[0] * x)


_, PB = tg.vjp(h_elem, C)


def pullback_global(x):
    return np.sum(PB(x)[0] * x)


@pytest.mark.parametrize("fn", [pullback_inside, pullback_global], ids=["local", "global"])
def test_pullback_of_vjp(fn):
    x = np.array([0.3, 0.7])
    jac = np.sin(C) + C * np.cos(C)           # diagonal of h's Jacobian at C
    assert np.allclose(fn(x), np.sum(jac * x * x))
    assert np.allclose(tg.grad(fn)(x), 2 * jac * x)
    tg.check_grads(fn, (x,), order=2, modes=("rev", "fwd"))


def pullback_active_primals(x):
    _, pb = tg.vjp(h_elem, x)
    return np.sum(pb(np.ones(2))[0])


def test_pullback_at_active_primals_refused():
    with pytest.raises(tg.TransformError, match="pb"):
        tg.grad(pullback_active_primals)(np.array([0.3, 0.7]))


def container_out(x):
    return [x * 2.0, x]


_, PB_LIST = tg.vjp(container_out, C)


def pullback_container(x):
    return np.sum(PB_LIST([x, x])[0])


def test_pullback_with_container_output_refused():
    with pytest.raises(tg.TransformError, match="PB_LIST|pullback"):
        tg.grad(pullback_container)(np.array([0.3, 0.7]))


def test_pullback_still_callable_and_sourced():
    y, pb = tg.vjp(h_elem, C)
    assert np.allclose(pb(np.ones(2))[0], np.sin(C) + C * np.cos(C))
    assert "def " in tg.source(pb)
