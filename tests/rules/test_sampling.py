"""The rules of tangentish/rules/numpy/sampling.py: trapezoid, linspace, polyval, polyder
and interp (polyval and interp are second order in one argument only)."""
import numpy as np
import pytest
import scipy.special

import tangentish as tg
from tests.rules.cases import ALL, FIRST, C3, M, S, V, Case, CaseList, Inputs, set_checks
from tests.rules.harness import rule_tests

J = Inputs(20240611)
rand = J.rand
CASES = CaseList()
case = CASES.case

case(np.trapezoid, "np.trapezoid(y)", [{"y": rand(V)}, {"y": rand(M)}], ag=False)
case(np.trapezoid, "np.trapezoid(y, dx=d, axis=0)", [{"y": rand(M), "d": 0.3}], ag=False, label="dx")
case(np.trapezoid, "np.trapezoid(y, x, axis=-1)", [{"y": rand(M), "x": np.sort(rand((3,)))},
                                                    {"y": rand(M), "x": np.sort(rand(M), axis=1)}],
     ag=False, label="x")
case(np.linspace, "np.linspace(x, y, 5)", [{"x": 0.3, "y": 1.7}, {"x": rand(V), "y": rand(V)}])
case(np.linspace, "np.linspace(x, y, 4, endpoint=False, axis=1)", [{"x": rand(M), "y": rand(M)}],
     label="axis", ag=False)
case(np.polyval, "np.polyval(p, x)", [{"p": rand((4,)), "x": rand(V)}, {"p": rand((3,)), "x": 0.7}], ag=False)
case(np.polyder, "np.polyder(p, 2)", [{"p": rand((5,))}], ag=False)
_XP = np.array([-1.0, -0.3, 0.2, 0.9, 1.6])
case(np.interp, "np.interp(x, xp, fp)", [{"x": rand((6,)) * 1.4, "xp": _XP, "fp": rand((5,))},
                                         {"x": rand(M) * 1.4, "xp": _XP, "fp": rand((5,))}],
     ag=False, const=("xp",))
case(np.interp, "np.interp(x, xp, fp, left=lo, right=hi)",
     [{"x": np.array([-2.0, 0.0, 2.5, 0.7]), "xp": _XP, "fp": rand((5,)), "lo": 0.3, "hi": -0.4}],
     ag=False, const=("xp",), label="bounds")
set_checks(CASES, {np.polyval, np.interp}, FIRST + ("second-forward",))

globals().update(rule_tests(CASES, "tangentish.rules.numpy.sampling"))


# -- np.interp in xp (the sample points) is not differentiated: refused at every order ----------
_XP = np.array([0.0, 1.0, 2.5])
_FP = np.array([1.0, -2.0, 0.5])
_XS = np.array([0.5, 1.2, 2.0])


def interp_of(xp, fp):
    return np.sum(np.interp(_XS, xp, fp))


_grad_interp_fp = tg.grad(interp_of, wrt=1)


def interp_grad_weighted(xp, fp):
    return np.sum(_grad_interp_fp(xp, fp) * np.arange(3.0))


def interp_slope_of(xs, xp):
    return np.sum(np.interp(xs, xp, _FP))


_grad_interp_xs = tg.grad(interp_slope_of, wrt=0)


def interp_slope_weighted(xs, xp):
    return np.sum(_grad_interp_xs(xs, xp) * np.arange(3.0))


def test_active_interp_xp_refuses():
    """np.interp in xp: refused in both modes (it was silently a constant)."""
    with pytest.raises(tg.TransformError, match="'xp'"):
        tg.grad(interp_of, wrt=0)(_XP, _FP)
    with pytest.raises(tg.TransformError, match="'xp'"):
        tg.jvp(interp_of, (_XP, _FP), (np.ones(3), None))


@pytest.mark.parametrize("fn, args, k", [(interp_grad_weighted, (_XP, _FP), 0),
                                         (interp_slope_weighted, (_XS, _XP), 1)])
def test_active_xp_in_the_generated_gradient_refuses(fn, args, k):
    """interp_fp_tangent / interp_fp_cotangent / interp_slope in xp: the gradient's derivative
    in xp was silently 0; now refused in both modes."""
    with pytest.raises(tg.TransformError, match="'xp'"):
        tg.grad(fn, wrt=k)(*args)
    with pytest.raises(tg.TransformError, match="'xp'"):
        tg.jvp(fn, args, (np.ones(3), None) if k == 0 else (None, np.ones(3)))


def linspace_int(s):
    return np.sum(np.linspace(s, 5.0, 4, dtype=int))


def test_linspace_integer_dtype_refuses():
    """np.linspace(s, 5.0, 4, dtype=int) had gradient 2.0 (forward 1); finite differences: 0."""
    with pytest.raises(tg.TransformError, match="dtype int"):
        tg.grad(linspace_int)(0.3)
    with pytest.raises(tg.TransformError, match="dtype int"):
        tg.jvp(linspace_int, (0.3,), (1.0,))
