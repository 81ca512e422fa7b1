"""Refusals name the user's file and line, never a file of tangentish's own or a
file of code it generated; derivatives that can be taken are taken.

Second derivatives (forward-over-reverse: a jvp of the generated gradient) of
functions that call a module-level functools.partial, recurse, or loop over
functions are checked against autograd's Hessian and against central
differences of tangentish's gradient.  Errors found when generated code is
differentiated again (a third derivative through a loop, reverse-over-reverse
through a function known only at run time) are reported at the user's line
(errors.register_lines).  A functools.wraps ``*args`` wrapper takes ``wrt`` by
the names its signature shows."""
import functools

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError

X = np.array([0.3, -1.2, 0.7])


def fd_jacobian(g, x, eps=1e-5):
    cols = []
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = eps
        cols.append((np.asarray(g(x + e)) - np.asarray(g(x - e))) / (2 * eps))
    return np.stack(cols, axis=-1)


def check_hessian(f, f_ag, x=X):
    H = tg.hessian(f)(x)
    np.testing.assert_allclose(H, autograd.hessian(f_ag)(x), rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(H, fd_jacobian(tg.grad(f), x), rtol=1e-5, atol=1e-6)
    v = np.array([0.2, 1.0, -0.5])
    np.testing.assert_allclose(tg.hvp(f)(x, v), H @ v, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(tg.jacobian(tg.grad(f))(x), H, rtol=1e-7, atol=1e-9)


# -- hessian through partials, recursion, loops over functions ----------------------------------
def _base(v, a, b):
    return np.sum(np.sin(v * a) + b * v ** 3)


def _base_ag(v, a, b):
    return anp.sum(anp.sin(v * a) + b * v ** 3)


P_KW = functools.partial(_base, a=2.0, b=0.5)
P_KW_AG = functools.partial(_base_ag, a=2.0, b=0.5)


def _scaled(a, v):
    return np.sum(np.sin(v * a) * v)


def _scaled_ag(a, v):
    return anp.sum(anp.sin(v * a) * v)


P_POS = functools.partial(_scaled, 2.0)
P_POS_AG = functools.partial(_scaled_ag, 2.0)


def calls_keyword_partial(x):
    return P_KW(x) * 2.0 + np.sum(x ** 2)


def calls_keyword_partial_ag(x):
    return P_KW_AG(x) * 2.0 + anp.sum(x ** 2)


def calls_positional_partial(x):
    return P_POS(x) + P_POS(2 * x)


def calls_positional_partial_ag(x):
    return P_POS_AG(x) + P_POS_AG(2 * x)


def _rec(x, n):
    if n == 0:
        return x
    return _rec(np.sin(x), n - 1) * 1.5


def _rec_ag(x, n):
    if n == 0:
        return x
    return _rec_ag(anp.sin(x), n - 1) * 1.5


def recursive(x):
    return np.sum(_rec(x, 3) ** 2)


def recursive_ag(x):
    return anp.sum(_rec_ag(x, 3) ** 2)


def loops_over_functions(x):
    s = 0.0
    for g in (np.sin, np.cos):
        s = s + np.sum(g(x) * x)
    return s


def loops_over_functions_ag(x):
    s = 0.0
    for g in (anp.sin, anp.cos):
        s = s + anp.sum(g(x) * x)
    return s


@pytest.mark.parametrize("f, f_ag", [(calls_keyword_partial, calls_keyword_partial_ag),
                                     (calls_positional_partial, calls_positional_partial_ag),
                                     (recursive, recursive_ag),
                                     (loops_over_functions, loops_over_functions_ag)])
def test_hessian_through_partials_recursion_and_function_loops(f, f_ag):
    check_hessian(f, f_ag)


def test_hessian_of_a_partial_itself():
    H = tg.hessian(P_POS)(X)
    np.testing.assert_allclose(H, autograd.hessian(P_POS_AG)(X), rtol=1e-7, atol=1e-9)


# -- functools.wraps *args wrappers: wrt by name, higher order -----------------------------------
def _forwarding(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*args)
    return wrapper


@_forwarding
def wrapped(x, y):
    return np.sum(x ** 3 * y)


Y = np.array([2.0, 3.0, -1.0])


def test_wraps_wrapper_takes_wrt_by_the_names_its_signature_shows():
    np.testing.assert_allclose(tg.grad(wrapped, wrt="x")(X, Y), 3 * X ** 2 * Y)
    np.testing.assert_allclose(tg.grad(wrapped, wrt="y")(X, Y), X ** 3)
    gy, gx = tg.grad(wrapped, wrt=("y", "x"))(X, Y)
    np.testing.assert_allclose(gx, 3 * X ** 2 * Y)
    np.testing.assert_allclose(gy, X ** 3)
    np.testing.assert_allclose(tg.grad(functools.partial(wrapped, X), wrt="y")(Y), X ** 3)
    assert "wrt 1" in repr(tg.grad(wrapped, wrt="y"))


def test_wraps_wrapper_second_order():
    want = np.diag(6 * X * Y)
    for wrt in ("x", 0):
        np.testing.assert_allclose(tg.hessian(wrapped, wrt=wrt)(X, Y), want)
        np.testing.assert_allclose(tg.hvp(wrapped, wrt=wrt)(X, Y, np.ones(3)), want @ np.ones(3))
        np.testing.assert_allclose(tg.jacobian(tg.grad(wrapped, wrt=wrt), wrt=wrt)(X, Y), want)
    np.testing.assert_allclose(tg.hessian(wrapped, wrt="y")(X, Y), np.zeros((3, 3)))


def test_star_args_function_unknown_name_is_a_clear_error():
    with pytest.raises(ValueError, match=r"no parameter 'z'.*\*args.*wrt=0"):
        tg.grad(wrapped, wrt="z")

    def plain(*args):
        return np.sum(args[0] ** 2)
    with pytest.raises(ValueError, match=r"no parameter 'x'.*pass its position"):
        tg.grad(plain, wrt="x")
    np.testing.assert_allclose(tg.grad(plain, wrt=0)(X), 2 * X)


def two_args(x, y):
    return np.sum(np.sin(x) * y ** 2)


def test_derived_operators_take_wrt_by_name_and_refuse_bad_wrt_up_front():
    np.testing.assert_allclose(tg.hessian(two_args, wrt="y")(X, Y), np.diag(2 * np.sin(X)))
    np.testing.assert_allclose(tg.jacobian(tg.grad(two_args), wrt="x")(X, Y),
                               np.diag(-np.sin(X) * Y ** 2))
    with pytest.raises(ValueError, match="no positional parameter 'z'"):
        tg.hessian(two_args, wrt="z")
    with pytest.raises(TypeError, match="wrt must be one argument"):
        tg.jacobian(two_args, wrt=(0, 1))
    with pytest.raises(TypeError, match="wrt must be one argument"):
        tg.hvp(two_args, wrt=1.0)


def test_grad_of_a_star_args_lambda():
    g = lambda *a: np.sum(a[0] ** 3)      # noqa: E731
    np.testing.assert_allclose(tg.grad(g)(X), 3 * X ** 2)
    gg = lambda *a: np.sum(tg.grad(g)(*a) ** 2)      # noqa: E731
    np.testing.assert_allclose(tg.grad(gg)(X), 36 * X ** 3)


# -- errors in generated code differentiated again: at the user's line ----------------------------
def loop_sum(x):
    s = 0.0
    for k in range(3):
        s = s + np.sum(np.sin(x) * (k + 1))      # LOOP LINE
    return s


def _pair(v):
    return np.sin(v), np.cos(v)


def unpacks_helper(x):
    a, b = _pair(x)
    return np.sum(a * b)


def _line_of(marker):
    with open(__file__) as fh:
        return next(i for i, line in enumerate(fh, 1) if line.rstrip().endswith(marker))


def test_third_order_through_an_unpacked_helper():
    """Once refused (nested tuple outputs); exact since containers are named level by level."""
    hessian = tg.hessian(unpacks_helper)
    eps = 1e-5
    want = np.stack([(hessian(X + eps * e) - hessian(X - eps * e)) / (2 * eps)
                     for e in np.eye(len(X))], axis=-1)
    np.testing.assert_allclose(tg.jacobian(hessian)(X), want, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f, marker", [(loop_sum, "# LOOP LINE"),
                                       (loops_over_functions, "s = s + np.sum(g(x) * x)")])
def test_third_order_refusal_is_at_the_users_line(f, marker):
    # the Hessian itself is right; its Jacobian (a third derivative) is refused, located
    np.testing.assert_allclose(tg.hessian(f)(X), fd_jacobian(tg.grad(f), X), rtol=1e-5, atol=1e-6)
    with pytest.raises(TransformError) as info:
        tg.jacobian(tg.hessian(f))(X)
    err = info.value
    assert err.filename == __file__, str(err)
    assert err.lineno == _line_of(marker), str(err)
    assert "tangentish" not in str(err).split("\n")[1]        # the user's line is shown
    assert "hessian" in err.hint


def test_reverse_over_reverse_through_a_function_loop_is_at_the_users_line():
    with pytest.raises(TransformError) as info:
        tg.grad(lambda x: np.sum(tg.grad(loops_over_functions)(x) ** 2))(X)
    assert info.value.filename == __file__
    assert info.value.lineno == _line_of("s = s + np.sum(g(x) * x)")


# -- a derivative object that binds arguments, called inside differentiated code -------------------
class _Model:
    def __init__(self):
        self.w = 2.0

    def loss(self, x):
        return np.sum(np.sin(x) * self.w)


GRAD_OF_METHOD = tg.grad(_Model().loss)
GRAD_OF_PARTIAL = tg.grad(functools.partial(_scaled, 3.0))


def through_grad_of_method(v):
    return np.sum(GRAD_OF_METHOD(v) ** 2)       # 4 cos(v)^2


def through_grad_of_partial(v):
    return np.sum(GRAD_OF_PARTIAL(v) ** 2)


def test_second_order_through_a_derivative_that_binds_a_receiver_or_arguments():
    np.testing.assert_allclose(tg.grad(through_grad_of_method)(X), -8 * np.cos(X) * np.sin(X))
    np.testing.assert_allclose(tg.hessian(through_grad_of_method)(X), np.diag(-8 * np.cos(2 * X)))
    _, t = tg.jvp(through_grad_of_method, (X,), (np.ones(3),))
    np.testing.assert_allclose(t, np.sum(-8 * np.cos(X) * np.sin(X)))
    g = tg.grad(through_grad_of_partial)(X)
    np.testing.assert_allclose(g, fd_jacobian(through_grad_of_partial, X)[None][0], rtol=1e-6)


def _dict_loss(p):
    return np.sum(p["w"] ** 2) + np.sum(np.sin(p["b"]))


def test_hessian_of_a_container_argument_is_a_clear_error():
    p = {"w": np.array([0.3, -1.2]), "b": np.array([2.0, 0.5])}
    np.testing.assert_allclose(tg.grad(_dict_loss)(p)["w"], 2 * p["w"])
    with pytest.raises(TypeError, match="argument 0 is a dict"):
        tg.hessian(_dict_loss)(p)
    with pytest.raises(TypeError, match="got 0 arguments"):
        tg.hessian(_dict_loss)()


# -- API misuse: clear errors at the call, not from inside generated code --------------------------
def _scalar(x):
    return np.sum(np.sin(x) ** 2)


def test_api_misuse_gets_clear_errors():
    with pytest.raises(TypeError, match="as tuples"):
        tg.jvp(_scalar, X, X)
    with pytest.raises(ValueError, match=r"tangent of argument 0 \(x\) has shape \(2,\)"):
        tg.jvp(_scalar, (X,), (np.ones(2),))
    with pytest.raises(TypeError, match="the vector v comes last"):
        tg.hvp(_scalar)(X)
    with pytest.raises(ValueError, match=r"the vector v has shape \(2,\)"):
        tg.hvp(_scalar)(X, np.ones(2))
    for make in (lambda: tg.hessian(tg.hessian(_scalar)), lambda: tg.grad(tg.hvp(_scalar))):
        with pytest.raises(TypeError, match="a function tangentish.*returns"):
            make()(X)
    # the jvp of a Hessian is computed (the Hessian's code has source: JacobianFunction)
    _, tangent = tg.jvp(tg.hessian(_scalar), (X,), (X,))
    eps = 1e-6
    numeric = (tg.hessian(_scalar)(X + eps * X) - tg.hessian(_scalar)(X - eps * X)) / (2 * eps)
    np.testing.assert_allclose(tangent, numeric, rtol=1e-6, atol=1e-8)
    # what does work: the Jacobian of a Hessian
    J = tg.jacobian(tg.hessian(_scalar))(X)
    assert J.shape == (3, 3, 3)


# -- forward mode: loops over a dict's keys, nested container displays ----------------------------
def loop_over_dict_keys(x):
    d = {"a": x[0], "b": x[1], "c": x[2]}
    s = 0.0
    for k in d:
        s = s + d[k] ** 3
    return s


def nested_display(x):
    cfg = {"layers": [(x[0], x[1]), (x[1], x[2])]}
    s = 0.0
    for a, b in cfg["layers"]:
        s = s + a * b
    return s


@pytest.mark.parametrize("f", [loop_over_dict_keys, nested_display])
def test_forward_mode_through_dict_keys_and_nested_displays(f):
    t = np.array([0.2, 1.0, -0.5])
    want = fd_jacobian(f, X) @ t
    y, y_dot = tg.jvp(f, (X,), (t,))
    assert y == pytest.approx(f(X))
    np.testing.assert_allclose(y_dot, want, rtol=1e-6, atol=1e-8)
    if f is loop_over_dict_keys:
        np.testing.assert_allclose(tg.hessian(f)(X), np.diag(6 * X), rtol=1e-7, atol=1e-9)


def calls_vjp_inside(x):
    r = tg.vjp(np.sin, x)                       # VJP LINE
    return np.sum(r[0])


def test_tangentish_function_called_inside_is_refused_at_the_call_without_internal_paths():
    for run in (lambda: tg.grad(calls_vjp_inside)(X),
                lambda: tg.jvp(calls_vjp_inside, (X,), (X,))):
        with pytest.raises(TransformError) as info:
            run()
        assert info.value.filename == __file__
        assert info.value.lineno == _line_of("# VJP LINE")
        assert "tangentish/" not in info.value.construct and "a tangentish function" in str(info.value)


def _pair_loss(ps):
    a, b = ps
    return np.sum(a ** 2 * b)


def test_hessian_of_a_list_of_equal_shape_arrays_is_that_of_the_stacked_array():
    ps = [np.array([0.3, -1.2]), np.array([2.0, 0.5])]
    np.testing.assert_allclose(tg.hessian(_pair_loss)(ps), tg.hessian(_pair_loss)(np.stack(ps)))
    with pytest.raises(TypeError, match="argument 0 is a list"):
        tg.hessian(_pair_loss)([np.array([0.3, -1.2]), np.array([2.0])])


# -- a helper returning a nested tuple display: each element's cotangent reaches it ------------------
def _nested_one(x):
    return ((x * 2,),)


def _nested_mixed(x):
    return ((x,), x * x)


def through_nested_one(x):
    return _nested_one(x)[0][0] ** 2          # 4 x^2


def through_nested_mixed(x):
    r = _nested_mixed(x)
    return r[0][0] * 10 + r[1]                # 10 x + x^2


def test_helper_returning_a_nested_tuple():
    assert tg.grad(through_nested_one)(0.7) == pytest.approx(5.6)
    assert tg.grad(through_nested_mixed)(3.0) == pytest.approx(16.0)
    assert tg.hessian(through_nested_mixed)(3.0) == pytest.approx(2.0)
    _, t = tg.jvp(through_nested_mixed, (3.0,), (1.0,))
    assert t == pytest.approx(16.0)


def test_a_string_argument_is_refused_before_generated_code_runs():
    with pytest.raises(TypeError, match="with respect to 'x': it is a str"):
        tg.grad(_scalar)("abc")
    with pytest.raises(TypeError, match="with respect to 'x': it is None"):
        tg.jvp(_scalar, (None,), (X,))
