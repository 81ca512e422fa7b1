"""Issue 10, "internal crashes": each one is now a right answer (checked against
finite differences and autograd) or a located TransformError naming the
construct at the user's line."""
import inspect
import sys

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
import scipy.stats

import tangentish as tg
from tests.corpus.helpers import numerical_grad


def line_of(fn, marker):
    lines, start = inspect.getsourcelines(fn)
    for i, line in enumerate(lines):
        if marker in line:
            return start + i
    raise AssertionError(marker)


def assert_refused_at(err, fn, marker, construct):
    assert err.filename == __file__
    assert err.lineno == line_of(fn, marker)
    assert construct in str(err)


def directional(f, args, wrt, v, eps=1e-6):
    plus, minus = list(args), list(args)
    plus[wrt] = args[wrt] + eps * v
    minus[wrt] = args[wrt] - eps * v
    return (np.asarray(f(*plus)) - np.asarray(f(*minus))) / (2 * eps)


RNG = np.random.default_rng(0)
A = RNG.normal(size=(3, 3))
SYM = A + A.T
TALL = RNG.normal(size=(4, 3))


# -- 1. tuple unpacking of multi-output rules ------------------------------------------
def eigh_unpacked(a):
    w, v = np.linalg.eigh(a)
    return np.sum(w ** 2) + np.sum(v[:, 0] ** 2 * w[0])


def eigh_unpacked_ag(a):
    w, v = anp.linalg.eigh(a)
    return anp.sum(w ** 2) + anp.sum(v[:, 0] ** 2 * w[0])


def eigh_indexed(a):
    res = np.linalg.eigh(a)
    return np.sum(res[0] * 2) + np.sum(res[1][:, 0] ** 3 * res[0][2])


def eigh_indexed_ag(a):
    res = anp.linalg.eigh(a)
    return anp.sum(res[0] * 2) + anp.sum(res[1][:, 0] ** 3 * res[0][2])


def svd_unpacked(a):
    u, s, vh = np.linalg.svd(a)
    return np.sum(s) + np.sum(np.abs(u[:, 0] * vh[0]))


def svd_unpacked_ag(a):        # square: the same factors (autograd needs full_matrices=False)
    u, s, vh = anp.linalg.svd(a, full_matrices=False)
    return anp.sum(s) + anp.sum(anp.abs(u[:, 0] * vh[0]))


def svd_thin(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return np.sum(u * s) + np.sum(vh ** 3)


def svd_thin_ag(a):
    u, s, vh = anp.linalg.svd(a, full_matrices=False)
    return anp.sum(u * s) + anp.sum(vh ** 3)


def qr_unpacked(a):
    q, r = np.linalg.qr(a)
    return np.sum(r ** 2) + np.sum(q[0] * r[0])


def slogdet_unpacked(a):
    sign, logdet = np.linalg.slogdet(a)
    return logdet * sign


def slogdet_ag(a):
    sign, logdet = anp.linalg.slogdet(a)
    return logdet * sign


def eigh_attribute(a):
    res = np.linalg.eigh(a)
    return np.sum(res.eigenvalues)


MULTI = [(eigh_unpacked, eigh_unpacked_ag, SYM), (eigh_indexed, eigh_indexed_ag, SYM),
         (svd_unpacked, svd_unpacked_ag, A), (svd_thin, svd_thin_ag, TALL),
         (qr_unpacked, None, A), (qr_unpacked, None, TALL), (slogdet_unpacked, slogdet_ag, A)]


@pytest.mark.parametrize("f, f_ag, a", MULTI, ids=[m[0].__name__ + str(m[2].shape) for m in MULTI])
def test_multi_output_linalg(f, f_ag, a):
    got = tg.grad(f)(a)
    np.testing.assert_allclose(got, numerical_grad(f, (a,), 0), rtol=1e-5, atol=1e-6)
    if f_ag is not None:
        np.testing.assert_allclose(got, autograd.grad(f_ag)(a), rtol=1e-7, atol=1e-9)
    v = np.random.default_rng(1).normal(size=a.shape)
    _, tangent = tg.jvp(f, (a,), (v,))
    np.testing.assert_allclose(tangent, directional(f, (a,), 0, v), rtol=1e-5, atol=1e-6)


def test_multi_output_second_order_is_refused_or_right():
    # slogdet has a second-order rule: the Hessian-vector product is right
    v = np.random.default_rng(2).normal(size=A.shape)
    got = tg.hvp(slogdet_unpacked)(A, v)
    np.testing.assert_allclose(got, directional(tg.grad(slogdet_unpacked), (A,), 0, v),
                               rtol=1e-5, atol=1e-6)
    # eigh's rule is first order: refused, not a crash
    with pytest.raises(tg.TransformError, match="eigh_cotangent"):
        tg.hvp(eigh_unpacked)(SYM, v)
    # forward over reverse through a first-order rule: refused when generated, not at run time
    for f in (svd_values, eigvalsh_squares):
        with pytest.raises(tg.TransformError, match="first order only"):
            tg.hvp(f)(SYM, v)
        with pytest.raises(tg.TransformError, match="first order only"):
            tg.hessian(f)(SYM)


def svd_values(a):
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 2)


def eigvalsh_squares(a):
    return np.sum(np.linalg.eigvalsh(a) ** 2)


def test_result_field_attribute_is_refused_at_the_users_line():
    with pytest.raises(tg.TransformError) as info:
        tg.grad(eigh_attribute)(SYM)
    assert_refused_at(info.value, eigh_attribute, "res.eigenvalues", ".eigenvalues")
    assert "unpack" in info.value.hint


# -- 2. Hessian of a loop reading x[i] with the integer index i ----------------------------
def indexed_loop(x):
    s = 0.0
    for i in range(3):
        s = s + x[i] ** 2 * i
    return s


def indexed_loop_ag(x):
    s = 0.0
    for i in range(3):
        s = s + x[i] ** 2 * i
    return s


def test_hessian_through_loop_with_integer_index():
    x = np.array([1.0, 2.0, 3.0])
    expected = autograd.hessian(indexed_loop_ag)(x)
    np.testing.assert_allclose(expected, np.diag([0.0, 2.0, 4.0]))
    np.testing.assert_allclose(tg.hessian(indexed_loop)(x), expected)
    v = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(tg.hvp(indexed_loop)(x, v), expected @ v)
    _, pullback = tg.vjp(tg.grad(indexed_loop), x)
    np.testing.assert_allclose(pullback(v)[0], expected @ v)


# -- 3. while nested in two for loops, second order ---------------------------------------
def while_in_two_fors(x):
    s = x * 0.5
    for j in range(2):
        for i in range(2):
            n = 0
            while n < 0:
                n = n + 1
                s = s + x * 1.59
    return s * s


def while_in_two_fors_runs(x):
    s = x * 0.5
    for j in range(3):
        for i in range(j):
            n = 0
            while n < i + 1:
                u = np.cos(s) * x
                s = s * 0.9 + u * 0.1
                n = n + 1
    return s


def empty_inner_for(x):
    s = x * 0.5
    t = x
    n = 0
    while n < 3:
        n = n + 1
        u = np.cos(s) * x
        s = s * 0.9 + u * 0.1
        for j in range(3):
            for i in range(0):
                s = s + t * 0.3
    return s + t * 0.1


def while_true_break(x):
    s = 0.0
    for i in range(2):
        for j in range(2):
            k = 0
            while True:
                s = s + np.sin(x) * x ** 2
                k += 1
                if k >= j:
                    break
    return s


NESTED = [while_in_two_fors, while_in_two_fors_runs, empty_inner_for, while_true_break]


@pytest.mark.parametrize("f", NESTED, ids=[f.__name__ for f in NESTED])
@pytest.mark.parametrize("x", [0.7, -1.3])
def test_while_in_two_fors_second_order(f, x):
    first = tg.grad(f)
    np.testing.assert_allclose(first(x), numerical_grad(f, (x,), 0), rtol=1e-5, atol=1e-6)
    expected = numerical_grad(first, (x,), 0, eps=1e-5)
    np.testing.assert_allclose(tg.grad(first)(x), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(tg.hessian(f)(np.array(x)), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(tg.hvp(f)(x, 1.0), expected, rtol=1e-5, atol=1e-6)


# -- 4. deep recursion ------------------------------------------------------------------
def recursive_product(x, n):
    return x if n == 0 else recursive_product(x, n - 1) * 1.01


def recursive_sum(x, n):
    if n == 0:
        return x
    return np.sin(x) * 0.01 + recursive_sum(x, n - 1)


@pytest.mark.parametrize("depth", [400, 900])
def test_deep_recursion(depth):
    assert sys.getrecursionlimit() >= 1000
    assert tg.grad(recursive_product)(1.5, depth) == pytest.approx(1.01 ** depth, rel=1e-12)
    assert tg.jvp(recursive_product, (1.5, depth), (1.0, None))[1] == \
        pytest.approx(1.01 ** depth, rel=1e-12)
    assert tg.grad(recursive_sum)(0.4, depth) == pytest.approx(1 + depth * 0.01 * np.cos(0.4))
    assert tg.grad(tg.grad(recursive_sum))(0.4, depth) == \
        pytest.approx(-depth * 0.01 * np.sin(0.4))


# -- 5. super() in a method -------------------------------------------------------------
class Base:
    def __init__(self, k):
        self.k = k

    def v(self, x):
        return np.sin(x) * self.k


class Derived(Base):
    def v(self, x):
        return super().v(x) * 2.0 + x ** 2

    def w(self, x):
        return super(Derived, self).v(x) + self.v(x)


def calls_derived(x):
    return Derived(1.5).v(x) * 3.0


@pytest.mark.parametrize("name", ["v", "w"])
def test_super_in_a_method(name):
    method = getattr(Derived(1.5), name)
    for x in (0.7, -0.2):
        expected = numerical_grad(method, (x,), 0)
        assert tg.grad(method)(x) == pytest.approx(expected, rel=1e-6)
        assert tg.jvp(method, (x,), (1.0,))[1] == pytest.approx(expected, rel=1e-6)
        second = numerical_grad(tg.grad(method), (x,), 0, eps=1e-5)
        # super() finds its method at run time: second order through runtime.vjp_call
        assert tg.hessian(method)(np.array(x)) == pytest.approx(second, rel=1e-5)
        assert tg.grad(tg.grad(method))(x) == pytest.approx(second, rel=1e-5)
        assert tg.hvp(method)(x, 1.0) == pytest.approx(second, rel=1e-5)
    # third order through the run-time callee (derivative_of, runtime/dispatch.py):
    # v = 3 sin x + x**2, w = 4.5 sin x + x**2, so the third derivative is -k cos x
    k = 3.0 if name == "v" else 4.5
    assert tg.grad(tg.grad(tg.grad(method)))(0.7) == pytest.approx(-k * np.cos(0.7), rel=1e-9)
    assert tg.grad(calls_derived)(0.7) == pytest.approx(3.0 * (3.0 * np.cos(0.7) + 1.4))


MODEL = Base(2.0)


def calls_module_level_model(x):
    return MODEL.v(x) * x


def calls_model_argument(x, model):
    return model.v(x) * x


def test_second_order_through_methods():
    # a method of an object named at module level is known when the code is generated
    expected = 2.0 * (2 * np.cos(0.7) - 0.7 * np.sin(0.7))
    assert tg.hessian(calls_module_level_model)(np.array(0.7)) == pytest.approx(expected)
    assert tg.grad(tg.grad(calls_module_level_model))(0.7) == pytest.approx(expected)
    # a method of an argument is found at run time: second order, reverse mode first
    assert tg.grad(calls_model_argument)(0.7, MODEL) == pytest.approx(
        numerical_grad(calls_model_argument, (0.7, MODEL), 0), rel=1e-6)
    assert tg.hvp(calls_model_argument)(0.7, MODEL, 1.0) == pytest.approx(expected)
    assert tg.grad(tg.grad(calls_model_argument))(0.7, MODEL) == pytest.approx(expected)
    assert tg.grad(tg.grad(MODEL.v))(0.7) == pytest.approx(-2.0 * np.sin(0.7))


# -- 6. no return -----------------------------------------------------------------------
def no_return(x):
    y = x * 2  # noqa: F841


def bare_return(x):
    y = x * 2  # noqa: F841
    return


def returns_on_one_path(x):
    if x > 0:
        return x * 2


def test_no_return_is_refused():
    for f, marker in ((no_return, "def no_return"), (bare_return, "    return")):
        with pytest.raises(tg.TransformError) as info:
            tg.grad(f)(1.0)
        assert_refused_at(info.value, f, marker, "returns None")
        with pytest.raises(tg.TransformError, match="returns None"):
            tg.jvp(f, (1.0,), (1.0,))


def test_none_returned_at_run_time_is_a_type_error():
    assert tg.grad(returns_on_one_path)(0.5) == 2.0
    with pytest.raises(TypeError, match="returned None"):
        tg.grad(returns_on_one_path)(-0.5)


# -- 7. forward over forward (and the other nestings) -----------------------------------
def cube(x):
    return x ** 3


def sin_x2(x):
    return np.sin(x) * x ** 2


def sin_x2_ag(x):
    return anp.sin(x) * x ** 2


def tanh_sum(x):
    return np.sum(np.tanh(x) * x[0])


def tanh_sum_ag(x):
    return anp.sum(anp.tanh(x) * x[0])


def first_jvp(y):
    return tg.jvp(sin_x2, (y,), (1.0,))[1]


def first_jvp_along(y, v):
    return tg.jvp(tanh_sum, (y,), (v,))[1]


def first_grad(y):
    return tg.grad(sin_x2)(y)


class Scaled:
    def __init__(self, a):
        self.a = a

    def f(self, x):
        return np.sin(self.a * x)


SCALED = Scaled(1.3)


def first_jvp_of_method(y):
    return tg.jvp(SCALED.f, (y,), (1.0,))[1]


def jvp_of_local_lambda(z):
    return tg.jvp(lambda y: y ** 3, (z,), (1.0,))[1]


def calls_jacobian(y):
    return np.sum(tg.jacobian(tanh_sum)(y))


def test_jvp_of_jvp_through_lambdas():
    f = lambda x: x ** 3   # noqa: E731
    d2 = lambda x: tg.jvp(lambda y: tg.jvp(f, (y,), (1.0,))[1], (x,), (1.0,))[1]  # noqa: E731
    assert d2(2.0) == pytest.approx(12.0)
    assert d2(-0.5) == pytest.approx(-3.0)


def test_nested_derivatives_scalar():
    x = 0.7
    expected = autograd.grad(autograd.grad(sin_x2_ag))(x)
    assert expected == pytest.approx(numerical_grad(tg.grad(sin_x2), (x,), 0, eps=1e-5), rel=1e-6)
    assert tg.jvp(first_jvp, (x,), (1.0,))[1] == pytest.approx(expected)        # fwd over fwd
    assert tg.grad(first_jvp)(x) == pytest.approx(expected)                     # rev over fwd
    assert tg.jvp(first_grad, (x,), (1.0,))[1] == pytest.approx(expected)       # fwd over rev
    assert tg.grad(first_grad)(x) == pytest.approx(expected)                    # rev over rev
    assert tg.grad(tg.grad(tg.grad(cube)))(2.0) == pytest.approx(6.0)
    assert tg.jvp(first_jvp_of_method, (x,), (1.0,))[1] == pytest.approx(-1.3 ** 2 * np.sin(1.3 * x))


def test_nested_derivatives_arrays():
    x = np.array([0.3, -0.5, 0.9])
    v = np.array([1.0, 2.0, -1.0])
    w = np.array([0.5, 0.1, 0.2])
    hessian = autograd.hessian(tanh_sum_ag)(x)
    assert tg.jvp(first_jvp_along, (x, v), (w, None))[1] == pytest.approx(w @ hessian @ v)
    np.testing.assert_allclose(tg.grad(first_jvp_along)(x, v), hessian @ v)
    np.testing.assert_allclose(tg.hessian(tanh_sum)(x), hessian)


@pytest.mark.parametrize("inner", ["forward", "reverse"])
@pytest.mark.parametrize("outer", ["forward", "reverse"])
def test_jacobian_of_jacobian(inner, outer):
    x = np.array([0.3, -0.7, 1.1])
    got = tg.jacobian(tg.jacobian(tanh_sum, mode=inner), mode=outer)(x)
    np.testing.assert_allclose(got, autograd.hessian(tanh_sum_ag)(x), rtol=1e-10, atol=1e-12)

    def vector(x):
        return np.sin(x) * x[0] ** 2

    def vector_ag(x):
        return anp.sin(x) * x[0] ** 2
    got = tg.jacobian(tg.jacobian(vector, mode=inner), mode=outer)(x)
    np.testing.assert_allclose(got, autograd.jacobian(autograd.jacobian(vector_ag))(x),
                               rtol=1e-10, atol=1e-12)
    assert tg.jacobian(tg.jacobian(cube, mode=inner), mode=outer)(np.array(2.0)) == \
        pytest.approx(12.0)


def test_nested_derivative_refusals_are_located():
    with pytest.raises(tg.TransformError) as info:
        tg.jvp(jvp_of_local_lambda, (2.0,), (1.0,))
    assert_refused_at(info.value, jvp_of_local_lambda, "tg.jvp(lambda", "container argument")


def test_jacobian_results_differentiate_again():
    # tangentish.jacobian's result has code with source (api/derived.py JacobianFunction):
    # the gradient of the summed gradient is the Hessian's row sums; the third derivative
    # of x ** 3 is 6
    y = np.array([0.3, -0.5, 0.9])
    np.testing.assert_allclose(tg.grad(calls_jacobian)(y),
                               autograd.hessian(tanh_sum_ag)(y) @ np.ones(3), rtol=1e-10)
    assert tg.jacobian(tg.jacobian(tg.jacobian(cube)))(np.array(2.0)) == pytest.approx(6.0)


# -- 8. a callee returning a tuple holding a function -----------------------------------
def flatten(p):
    return np.concatenate([p["a"].ravel(), p["b"].ravel()]), lambda v: {"a": v[:2], "b": v[2:]}


def uses_flatten(x):
    params = {"a": x[:2] * 1.0, "b": x[2:] * 2.0}
    flat, unflatten = flatten(params)
    return np.sum(flat ** 2)


def uses_unflatten(x):
    flat, unflatten = flatten({"a": x[:2], "b": x[2:]})
    p = unflatten(flat * 2)
    return np.sum(p["a"] ** 2)


def test_callee_returning_a_function():
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(tg.grad(uses_flatten)(x), [2.0, 4.0, 24.0])
    np.testing.assert_allclose(tg.jvp(uses_flatten, (x,), (np.ones(3),))[1], 30.0)
    with pytest.raises(tg.TransformError) as info:       # the function value may close over x
        tg.grad(uses_unflatten)(x)
    assert_refused_at(info.value, uses_unflatten, "unflatten(flat * 2)", "'unflatten'")


# -- 9. an active value into the *args of a library's bound method ----------------------
# (scipy.stats.t.logpdf has a rule now: tests/rules/test_scipy_stats.py; laplace has none)
def laplace_logpdf(scale):
    x = np.array([0.1, 0.5, -0.3])
    return np.sum(scipy.stats.laplace.logpdf(x, 0.0, scale))


def test_library_method_with_star_args_is_refused_at_the_call():
    for run in (lambda: tg.grad(laplace_logpdf)(1.3), lambda: tg.jvp(laplace_logpdf, (1.3,), (1.0,))):
        with pytest.raises(tg.TransformError) as info:
            run()
        assert_refused_at(info.value, laplace_logpdf, "scipy.stats.laplace.logpdf(",
                          "scipy.stats.laplace.logpdf()")


class StarArgs:
    def f(self, x, *args):
        return x * args[0] + args[1] ** 2


STAR = StarArgs()


def into_star_args(s):
    return STAR.f(2.0, s, 3.0) + STAR.f(s, 1.5, s)


def into_star_args_of(s, obj):
    return obj.f(s, s * 2, 1.0)


def star_function(x, *args):
    return x * args[0] + np.sin(args[1])


def into_star_function(s):
    return star_function(1.0, s, s)


@pytest.mark.parametrize("f, args", [(into_star_args, (0.7,)), (into_star_args_of, (0.7, STAR)),
                                     (into_star_function, (0.7,))])
def test_python_methods_with_star_args(f, args):
    expected = numerical_grad(f, args, 0)
    assert tg.grad(f)(*args) == pytest.approx(expected, rel=1e-6)
    assert tg.jvp(f, args, (1.0,) + (None,) * (len(args) - 1))[1] == pytest.approx(expected, rel=1e-6)


# -- found on the way ----------------------------------------------------------------
def even(x, n):
    return x if n == 0 else odd(x * 1.01, n - 1)


def odd(x, n):
    return x if n == 0 else even(np.sin(x), n - 1)


def test_mutual_recursion_deep_and_second_order():
    expected = numerical_grad(even, (0.3, 900), 0)
    assert tg.grad(even)(0.3, 900) == pytest.approx(expected, rel=1e-5)
    assert tg.jvp(even, (0.3, 900), (1.0, None))[1] == pytest.approx(expected, rel=1e-5)
    second = numerical_grad(tg.grad(even), (0.3, 41), 0, eps=1e-5)
    assert tg.grad(tg.grad(even))(0.3, 41) == pytest.approx(second, rel=1e-5)
    assert tg.hessian(even)(np.array(0.3), 41) == pytest.approx(second, rel=1e-5)


class Cubic:
    def v(self, x):
        return x ** 3


def test_derivative_of_a_bound_methods_derivative_keeps_the_receiver():
    c = Cubic()
    assert tg.grad(tg.grad(c.v))(0.6) == pytest.approx(3.6)
    assert tg.vjp(tg.grad(c.v), 0.6)[1](1.0) == pytest.approx((3.6,))
    assert tg.grad(tg.grad(tg.grad(c.v)))(0.6) == pytest.approx(6.0)


class Recursive:
    def r(self, x, n):
        return x if n == 0 else self.r(x, n - 1) * 1.01


def test_recursion_through_methods_beyond_the_limit_says_so():
    o = Recursive()
    assert tg.grad(o.r)(1.0, 400) == pytest.approx(1.01 ** 400)
    for run in (lambda: tg.grad(o.r)(1.0, 900), lambda: tg.jvp(o.r, (1.0, 900), (1.0, None))):
        with pytest.raises(RecursionError, match="setrecursionlimit"):
            run()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(3000)
    try:
        assert tg.grad(o.r)(1.0, 900) == pytest.approx(1.01 ** 900)
    finally:
        sys.setrecursionlimit(limit)


class Layer:
    def __init__(self, w):
        self.w = w

    def __call__(self, h):
        return np.tanh(self.w * h)


class Net:
    def __init__(self):
        self.layers = [Layer(0.5), Layer(1.5), Layer(-0.7)]

    def f(self, x):
        h = x
        for layer in self.layers:
            h = layer(h)
        return np.sum(h)


LAYER = Layer(1.3)
BOUND = Cubic().v


def calls_callable_object(x):
    return np.sum(LAYER(x) * x)


def calls_global_bound_method(x):
    return BOUND(x) * 2.0


@pytest.mark.parametrize("f", [Net().f, calls_callable_object, calls_global_bound_method],
                         ids=["layers", "callable", "bound"])
def test_callable_objects_and_bound_methods(f):
    x = np.array([0.3, -0.2]) if f is not calls_global_bound_method else 0.4
    np.testing.assert_allclose(tg.grad(f)(x), numerical_grad(f, (x,), 0), rtol=1e-6, atol=1e-8)
    v = np.ones_like(x) if np.ndim(x) else 1.0
    np.testing.assert_allclose(tg.jvp(f, (x,), (v,))[1], np.sum(numerical_grad(f, (x,), 0) * v),
                               rtol=1e-6)
    np.testing.assert_allclose(tg.hvp(f)(x, v), directional(tg.grad(f), (x,), 0, v, eps=1e-5),
                               rtol=1e-5, atol=1e-7)


def loop_with_index_power(x):
    r = 0.0
    for i in range(2):
        r = r + x ** (i + 1)
    return r ** 2


def test_reverse_over_reverse_where_popped_values_get_no_cotangent():
    """The first derivative's loop pops values read only for their shape: no cotangent
    reaches them, and the second derivative used to pop an empty cotangent stack."""
    x = 0.7
    assert tg.grad(loop_with_index_power)(x) == pytest.approx(2 * (x + x * x) * (1 + 2 * x))
    expected = 2 * (1 + 2 * x) ** 2 + 4 * (x + x * x)
    assert tg.grad(tg.grad(loop_with_index_power))(x) == pytest.approx(expected)
    assert tg.hessian(loop_with_index_power)(x) == pytest.approx(expected)
