"""The one checking harness of the rule tests: ``rule_tests(CASES, module)`` gives a test
file its parametrized tests, one per check, each over the cases that name the check
(see tests/rules/cases.py):

  * ``fd``: reverse mode against central finite differences (values and shapes);
  * ``autograd``: reverse mode against autograd 1.9.1, where autograd differentiates
    the function (``case.ag``);
  * ``forward``: ``tg.jvp`` along random tangents equals <grad, tangent>, and its value
    is the function's;
  * ``second``: second order, on scalars for an elementwise rule (grad of grad against
    finite differences of the gradient, every pair of arguments), otherwise
    Hessian-vector products both ways (forward over reverse with ``tg.hvp``; reverse over
    reverse as the vjp of the gradient) against finite differences of the gradient;
    ``second-forward``: only forward over reverse (mixed second derivatives refuse);
  * ``second_derivative``: d2/dx2 of a scalar function (no weight) against finite
    differences of tg.grad and against autograd;
  * ``hvp_autograd``: H v as the vjp of tg.grad (no weight), against finite differences
    of the gradient and against autograd;
  * ``vjp``: an array-valued function (no weight): <u, J v> == <pullback(u), v>;

and ``test_cases_belong_to_this_module``: every case's rule is defined in the rules
module the test file is about."""
import types
import warnings

import autograd.numpy as anp
import autograd.scipy.special as asp
import autograd.scipy.stats as astats
import numpy as np
import pytest
from autograd import grad as agrad

import tangentish as tg
from tangentish.rules import RULES
from tests.corpus.helpers import assert_vjp_matches_fd, numerical_grad
from tests.rules.cases import compile_twin, is_float


class _ShapeProbe:
    """Stands in for ``w`` to record the shape of what it multiplies."""
    __array_ufunc__ = None  # make numpy defer ``array * probe`` to __rmul__
    shape = None

    def __rmul__(self, other):
        self.shape = np.shape(other)
        return 0.0


def full_args(c):
    """The case's arguments plus a fixed random weight shaped like the function's result."""
    args = c.values
    if not c.weighted:
        return args
    probe = _ShapeProbe()
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c.function(*args, probe)
    w = np.random.default_rng(7).normal(size=probe.shape)
    return args + (float(w) if probe.shape == () else w,)


class _Namespace:
    pass


_ASCIPY = _Namespace()
_ASCIPY.special = asp
_ASCIPY.stats = astats


def autograd_twin(c):
    """The case's function with ``np`` bound to autograd.numpy (the same code object),
    or the twin the case names."""
    fn = c.function
    globs = dict(fn.__globals__, np=anp, scipy=_ASCIPY, anp=anp)
    if isinstance(c.ag, str):
        return compile_twin(c.names + ["w"], f"anp.sum(({c.ag}) * w)", globs)
    if callable(c.ag):
        return c.ag
    return types.FunctionType(fn.__code__, globs, fn.__name__, fn.__defaults__, fn.__closure__)


def gradients(fn, wrt, args):
    """tg.grad for the arguments ``wrt`` (a tuple), always as a tuple."""
    if len(wrt) == 1:
        return (tg.grad(fn, wrt=wrt[0])(*args),)
    got = tg.grad(fn, wrt=wrt)(*args)
    assert isinstance(got, tuple) and len(got) == len(wrt), f"expected {len(wrt)} gradients, got {got!r}"
    return got


# -- the checks ------------------------------------------------------------------------------------------
def check_fd(c):
    fn = c.function
    args = full_args(c)
    got = gradients(fn, c.wrt, args)
    expected = numerical_grad(fn, args, c.wrt)
    for k, g, e in zip(c.wrt, got, expected):
        assert np.shape(g) == np.shape(args[k]), f"argument {c.names[k]}: shape {np.shape(g)}"
        np.testing.assert_allclose(g, e, rtol=c.rtol, atol=c.atol, err_msg=f"argument {c.names[k]}")


def check_autograd(c):
    fn = c.function
    args = full_args(c)
    got = gradients(fn, c.wrt, args)
    twin = autograd_twin(c)
    for k, g in zip(c.wrt, got):
        expected = agrad(twin, k)(*args)
        assert np.shape(g) == np.shape(expected), f"argument {c.names[k]}: shape"
        np.testing.assert_allclose(g, expected, rtol=c.ag_rtol, atol=c.ag_atol,
                                   err_msg=f"argument {c.names[k]}")


def check_forward(c):
    fn = c.function
    args = full_args(c)
    rng = np.random.default_rng(c.seed)
    tangents = [None] * len(args)
    for k in c.wrt:
        v = rng.normal(size=np.shape(args[k]))
        tangents[k] = float(v) if np.shape(args[k]) == () and not isinstance(args[k], np.ndarray) else v
    y, y_dot = tg.jvp(fn, args, tangents)
    grads = gradients(fn, c.wrt, args)
    expected = sum(float(np.sum(g * tangents[k])) for k, g in zip(c.wrt, grads))
    np.testing.assert_allclose(np.real(y_dot), expected, rtol=c.fwd_rtol, atol=c.fwd_atol)
    np.testing.assert_allclose(y, fn(*args), rtol=1e-12, atol=1e-12)


def is_scalar_elementwise(c):
    """Second order as grad of grad: an elementwise rule on scalar arguments."""
    return (all(isinstance(v, float) for v in c.args.values()) and not c.label
            and getattr(RULES.get(c.primitive()), "elementwise", False))


def check_second_order_elementwise(c):
    fn = c.function
    args = c.values + (1.0,)
    for k in c.wrt:
        first = tg.grad(fn, wrt=k)
        for j in c.wrt:
            got = tg.grad(first, wrt=j)(*args)
            expected = numerical_grad(first, args, j, eps=1e-5)
            np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6,
                                       err_msg=f"d2/d{c.names[j]} d{c.names[k]}")


def check_hessian_vector_products(c):
    """Reverse over reverse (vjp of the generated gradient) and forward over reverse
    (tg.hvp) against finite differences of the gradient, in the first argument differentiated."""
    fn = c.function
    args = full_args(c)
    k = c.wrt[0]
    df = tg.grad(fn, wrt=k)
    v = np.random.default_rng(c.seed).normal(size=np.shape(args[k]))
    v = float(v) if isinstance(args[k], float) else v
    eps = 1e-5
    shifted = [list(args), list(args)]
    shifted[0][k] = args[k] + eps * v
    shifted[1][k] = args[k] - eps * v
    expected = (np.asarray(df(*shifted[0])) - np.asarray(df(*shifted[1]))) / (2 * eps)
    got_fwd = tg.hvp(fn, wrt=k)(*args, v)
    np.testing.assert_allclose(got_fwd, expected, rtol=1e-4, atol=1e-5, err_msg="forward over reverse")
    if "second-forward" in c.checks or not all(is_float(a) for a in args):
        return   # tg.vjp differentiates every argument: mixed second derivatives refuse loudly
    u = np.random.default_rng(c.seed + 1).normal(size=np.shape(args[k]))
    _, pullback = tg.vjp(df, *args)
    got_rev = pullback(u)[k]
    # <u, H v> == <H u, v> (H symmetric): check the reverse-over-reverse product along v
    np.testing.assert_allclose(np.sum(got_rev * v), np.sum(u * expected), rtol=1e-4, atol=1e-5,
                               err_msg="reverse over reverse")


def check_second_derivative(c):
    fn = c.function
    (x,) = c.values
    d2 = tg.grad(tg.grad(fn))(x)
    np.testing.assert_allclose(d2, numerical_grad(tg.grad(fn), (x,), 0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(d2, agrad(agrad(autograd_twin(c)))(x), rtol=1e-9, atol=1e-12)


def check_hvp_autograd(c):
    """H v = vjp(grad(fn), x) pulled back along v; against finite differences of grad and autograd."""
    fn = c.function
    (x,) = c.values
    v = np.random.default_rng(3).normal(size=x.shape)
    assert_vjp_matches_fd(tg.grad(fn), (x,))
    _, pullback = tg.vjp(tg.grad(fn), x)
    (hv,) = pullback(v)
    twin = autograd_twin(c)
    expected = agrad(lambda x: anp.sum(agrad(twin)(x) * v))(x)
    np.testing.assert_allclose(hv, expected, rtol=1e-9, atol=1e-12)


def check_vjp(c):
    assert_vjp_matches_fd(c.function, c.values)


# test name -> (check, which cases)
CHECKS = {
    "test_reverse_matches_finite_differences": (check_fd, lambda c: "fd" in c.checks),
    "test_reverse_matches_autograd": (check_autograd, lambda c: "autograd" in c.checks and c.ag is not False),
    "test_forward_matches_reverse": (check_forward, lambda c: "forward" in c.checks),
    "test_second_order_elementwise": (check_second_order_elementwise,
                                      lambda c: "second" in c.checks and is_scalar_elementwise(c)),
    "test_hessian_vector_products": (check_hessian_vector_products,
                                     lambda c: ("second" in c.checks and not is_scalar_elementwise(c))
                                     or "second-forward" in c.checks),
    "test_second_derivative": (check_second_derivative, lambda c: "second_derivative" in c.checks),
    "test_hessian_vector_product_against_autograd": (check_hvp_autograd, lambda c: "hvp_autograd" in c.checks),
    "test_vjp_matches_finite_differences": (check_vjp, lambda c: "vjp" in c.checks),
}


def rule_tests(cases, module):
    """The tests of a test file: one parametrized test per check that some case names, and
    the test that every case's rule is defined in ``module`` (a tangentish.rules module)."""
    for i, c in enumerate(cases):
        c.seed = i
    tests = {}

    def test_cases_belong_to_this_module():
        assert cases, "no cases"
        wrong = [(c.id, c.module()) for c in cases if c.module() != module]
        assert not wrong, f"cases of rules defined elsewhere than {module}: {wrong}"

    tests["test_cases_belong_to_this_module"] = test_cases_belong_to_this_module
    for name, (check, select) in CHECKS.items():
        chosen = [c for c in cases if select(c)]
        if not chosen:
            continue

        def test(case, _check=check):
            _check(case)

        test.__name__ = test.__qualname__ = name
        tests[name] = pytest.mark.parametrize("case", chosen, ids=[c.id for c in chosen])(test)
    return tests
