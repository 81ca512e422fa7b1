"""The rules of tangentish/rules/numpy/reductions.py: sums, means, max / min, products,
statistics, scans and differences, with axis / keepdims variants, and their conventions:

  * max / min reductions (and nanmax, median, the order statistics) share the
    derivative equally among ties;
  * np.prod is exact with zeros.
"""
import importlib.metadata

import numpy as np
import pytest

import tangentish as tg
from tests.rules.cases import CUBE, MAT, SCALAR, VEC, C3, M, S, V, Case, CaseList, Inputs, fcase
from tests.rules.harness import rule_tests

I = Inputs(1234)
rand, near_one = I.rand, I.near_one


def f_sum(x, axis, keepdims, w):
    return np.sum(np.sum(x, axis=axis, keepdims=keepdims) * w)


def f_mean(x, axis, keepdims, w):
    return np.sum(np.mean(x, axis=axis, keepdims=keepdims) * w)


def f_max(x, axis, keepdims, w):
    return np.sum(np.max(x, axis=axis, keepdims=keepdims) * w)


def f_min(x, axis, keepdims, w):
    return np.sum(np.min(x, axis=axis, keepdims=keepdims) * w)


def f_amax(x, axis, keepdims, w):
    return np.sum(np.amax(x, axis=axis, keepdims=keepdims) * w)


def f_amin(x, axis, keepdims, w):
    return np.sum(np.amin(x, axis=axis, keepdims=keepdims) * w)


def f_prod(x, axis, keepdims, w):
    return np.sum(np.prod(x, axis=axis, keepdims=keepdims) * w)


def f_sum_literal_axes(x, w):
    return np.sum(np.sum(x, axis=(0, 2), keepdims=True) * w)


def f_max_positional_axis(x, w):
    return np.sum(np.max(x, 1) * w)


def f_amin_negative(x, w):
    return np.sum(np.amin(x, axis=-2, keepdims=True) * w)


REDUCTIONS = [(np.sum, f_sum), (np.mean, f_mean), (np.max, f_max), (np.min, f_min), (np.amax, f_amax),
              (np.amin, f_amin), (np.prod, f_prod)]
AXES = {VEC: [None, 0, -1],
        MAT: [None, 0, 1, -1, (0, 1)],
        CUBE: [None, 0, 1, -1, (0, 2), (-1, 0), (0, 1, 2), ()]}
CASES = CaseList()
CASES += [fcase(rule, fn, ((near_one if fn is f_prod else rand)(shape), axis, keepdims),
                label=f"axis={axis}-keepdims={keepdims}")
          for rule, fn in REDUCTIONS for shape, axes in AXES.items() for axis in axes
          for keepdims in (False, True)]
CASES += [fcase(np.sum, f_sum_literal_axes, (rand(CUBE),)), fcase(np.max, f_max_positional_axis, (rand(CUBE),)),
          fcase(np.amin, f_amin_negative, (rand(CUBE),))]
CASES += [fcase(np.max, f_max, (rand(SCALAR), None, False)), fcase(np.sum, f_sum, (rand(SCALAR), None, False))]


# -- second order of compositions (no weight) ---------------------------------------------------------
K3 = np.array([0.5, -1.25, 2.0])


def s_sum(x):
    return np.sum(np.sin(x * K3))


def s_mean(x):
    return np.mean(np.exp(x * K3) * K3)


def s_max(x):
    return np.max(x * K3 + np.cos(x * K3))


def s_prod(x):
    return np.prod(x * K3 + 1.0)


def h_max_div(x):
    return np.max(x / (1.0 + x * x)) + np.mean(np.tanh(x[:2]) * x[1:])


def m_reduce(x):
    return np.sum(np.max(np.sin(x), axis=1) ** 2) + np.sum(np.mean(x * x, axis=0, keepdims=True) * x)


def m_min_sum(x):
    return np.sum(np.sum(x ** 2, axis=0) ** 2) + np.sum(np.min(x, axis=(0, 1), keepdims=True) * x)


def m_prod(x):
    return np.sum(np.prod(x, axis=0) * np.sin(x[1]))


def v_reduce(x):
    return np.max(x, axis=1, keepdims=True) + np.mean(x, axis=(0, 2), keepdims=True)


X34 = np.array([[0.3, -0.7, 1.2, 0.5], [0.1, 0.9, -0.4, 2.0], [1.5, -1.1, 0.6, 0.25]])
CASES += [Case(rule, fn, (x,), weighted=False, checks=("second_derivative",), label=f"x={x}")
          for rule, fn in [(np.sum, s_sum), (np.mean, s_mean), (np.max, s_max), (np.prod, s_prod)]
          for x in (0.7, -0.35)]
CASES += [Case(rule, fn, (x,), weighted=False, checks=("hvp_autograd",)) for rule, fn, x in [
    (np.max, h_max_div, np.array([0.3, -0.8, 1.4])), (np.max, m_reduce, X34), (np.min, m_min_sum, X34),
    (np.prod, m_prod, X34)]]
CASES += [Case(np.max, v_reduce, (rand(CUBE),), weighted=False, checks=("vjp",))]

# -- the cases written as expressions ------------------------------------------------------------------
J = Inputs(20240611)
rand, pos, nonzero = J.rand, J.pos, J.nonzero
case = CASES.case

for _axis, _kd, _shape in [(None, False, V), (None, False, M), (1, True, M), (0, False, C3),
                           ((0, 2), True, C3), (-1, False, C3)]:
    _a = f"axis={_axis!r}, keepdims={_kd}"
    for _ddof in (0, 1):
        case(np.var, f"np.var(x, {_a}, ddof={_ddof})", [{"x": rand(_shape)}], label=f"{_axis}-{_kd}-{_ddof}")
        case(np.std, f"np.std(x, {_a}, ddof={_ddof})", [{"x": rand(_shape)}], label=f"{_axis}-{_kd}-{_ddof}")
    case(np.nansum, f"np.nansum(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.nanmean, f"np.nanmean(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.nanmax, f"np.nanmax(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.nanmin, f"np.nanmin(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.ptp, f"np.ptp(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.median, f"np.median(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.average, f"np.average(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
_NAN = np.array([[0.3, np.nan, -1.2], [np.nan, 0.8, 0.1]])
case(np.nansum, "np.nansum(x, axis=1)", [{"x": _NAN.copy()}], ag=False, label="nan")
case(np.nanmean, "np.nanmean(x, axis=0)", [{"x": np.array([[0.3, np.nan, -1.2], [0.5, 0.8, 0.1]])}],
     ag=False, label="nan")
case(np.nanmax, "np.nanmax(x, axis=1)", [{"x": _NAN.copy()}], ag=False, label="nan")
for _axis, _shape in [(None, V), (None, M), (0, M), (1, M), (-1, C3)]:
    case(np.cumsum, f"np.cumsum(x, {_axis!r})", [{"x": rand(_shape)}], label=str(_axis))
    case(np.cumprod, f"np.cumprod(x, {_axis!r})", [{"x": nonzero(_shape)}], ag=False, label=str(_axis))
for _n, _axis, _shape in [(1, -1, V), (2, -1, (5,)), (1, 0, M), (2, 1, C3)]:
    case(np.diff, f"np.diff(x, {_n}, {_axis})", [{"x": rand(_shape)}], label=f"{_n}-{_axis}")
case(np.median, "np.median(x)", [{"x": rand((5,))}, {"x": rand((6,))}], ag=False, label="odd-even")
for _q, _kw in [(0.3, ""), ([0.1, 0.5, 0.95], ", axis=1"), (0.5, ", axis=0, method='lower'"),
                (0.7, ", axis=(0, 2), keepdims=True, method='midpoint'"), (0.2, ", method='nearest'")]:
    case(np.quantile, f"np.quantile(x, {_q!r}{_kw})", [{"x": rand(C3)}], ag=False, label=f"{_q}{_kw}")
    case(np.percentile, f"np.percentile(x, np.multiply({_q!r}, 100.0){_kw})", [{"x": rand(C3)}],
         ag=False, label=f"{_q}{_kw}")
case(np.average, "np.average(x, axis=1, weights=y)", [{"x": rand(M), "y": pos((3,))},
                                                      {"x": rand(C3), "y": pos((3,))}], ag=False, label="w")
case(np.average, "np.average(x, weights=y)", [{"x": rand(M), "y": pos(M)}], ag=False, label="w-full")



# -- reductions of a list or tuple display of active values: numpy reduces np.array(display)
def l_mean(x, y, w):
    return np.sum(np.mean([x, y * x], axis=0) * w)


def l_std(x, y, w):
    return np.sum(np.std((x, y + 2.0), axis=0) * w)


def l_var(x, y, w):
    return np.sum(np.var([x, y, x * y]) * w)


def l_sum(x, y, w):
    return np.sum(np.sum((x, y), axis=1) * w)


def l_prod(x, y, w):
    return np.sum(np.prod([x, y, 2.0]) * w)


def l_max(x, y, w):
    return np.sum(np.max([x, y], axis=0) * w)


# autograd before 1.9 (the newest on Python 3.9) cannot take np.mean / std / var of a
# list of its boxes: there, those cases are not compared with it
_AG_REDUCES_LISTS = tuple(int(p) for p in importlib.metadata.version("autograd").split(".")[:2]) >= (1, 9)
for _rule, _fn, _shape in ((np.mean, l_mean, VEC), (np.std, l_std, VEC), (np.var, l_var, M),
                           (np.sum, l_sum, VEC), (np.prod, l_prod, S), (np.max, l_max, VEC),
                           (np.mean, l_mean, S)):
    _c = fcase(_rule, _fn, (rand(_shape), rand(_shape)), label="list",
               ag=_AG_REDUCES_LISTS or _rule not in (np.mean, np.std, np.var))
    _c.checks = _c.checks + ("second",)
    CASES.append(_c)


def test_reductions_of_lists_of_boxes():
    """autograd's test_mean/std/var_list_of_boxes."""
    assert tg.grad(lambda x: np.mean([x, x + 2]))(0.0) == 1.0
    assert tg.grad(lambda x: np.mean((x, x + 2)))(0.0) == 1.0
    assert tg.grad(lambda x: np.std([x, x + 2]))(0.0) == 0.0
    assert tg.grad(lambda x: np.var((x, x + 2)))(0.0) == 0.0


case(np.gradient, "np.gradient(x)", [{"x": rand((6,))}])
case(np.gradient, "np.gradient(x)", [{"x": rand((2,))}], label="n2", ag=False)  # autograd: IndexError
case(np.gradient, "np.gradient(x, axis=1)", [{"x": rand((3, 5))}], label="axis")
case(np.gradient, "np.gradient(x, axis=(0, -1))[1] * np.gradient(x, axis=(0, -1))[0]",
     [{"x": rand((4, 3, 5))}], label="axes")
case(np.gradient, "np.gradient(x)[0]", [{"x": rand((4, 3))}], label="first-only",
     ag=False)  # autograd 1.9.1 fails (shapes (4,3) and (4,4))
case(np.gradient, "np.gradient(x, edge_order=2, axis=0)", [{"x": rand((5, 2))}], label="edge2",
     ag=False)  # autograd: axis only


def gradient_spacing(x):
    return np.gradient(x, 0.5)


def test_gradient_spacing_refuses():
    """Spacing arguments (np.gradient(f, dx)) are not modelled: refused, never a number."""
    with pytest.raises(tg.TransformError, match="positional"):
        tg.grad(lambda x: np.sum(gradient_spacing(x)))(rand((5,)))


_MASK = np.array([[True, False, True, True], [False, True, True, False], [True, True, False, True]])
case(np.sum, "np.sum(x ** 3, where=np.array([[True, False, True, True], [False, True, True, False], "
     "[True, True, False, True]]))", [{"x": rand((3, 4))}], label="where", ag=False)
case(np.sum, "np.sum(x ** 3, axis=0, keepdims=True, where=np.array([True, False, True, True]))",
     [{"x": rand((3, 4))}], label="where-axis", ag=False)
case(np.mean, "np.mean(x ** 3, where=np.array([[True, False, True, True], [False, True, True, False], "
     "[True, True, False, True]]))", [{"x": rand((3, 4))}], label="where", ag=False)
case(np.mean, "np.mean(x ** 3, axis=1, where=np.array([[True, False, True, True], [False, True, "
     "True, False], [True, True, False, True]]))", [{"x": rand((3, 4))}], label="where-axis",
     ag=False)
case(np.mean, "(x ** 3).mean(0, keepdims=True, where=np.array([[True], [False], [True]]))",
     [{"x": rand((3, 4))}], label="where-method", ag=False)
case(np.sum, "np.sum(x, 0, float)", [{"x": rand((3, 4))}], label="dtype", ag=False)

# the methods of the ufuncs (default axis 0)
case(np.add.reduce, "np.add.reduce(x ** 3)", [{"x": rand((3, 4))}, {"x": rand((4,))}],
     ag="np.sum(x ** 3, axis=0)")
case(np.add.reduce, "np.add.reduce(x ** 3, axis=1, keepdims=True, where=np.array([True, False, True, "
     "True]))", [{"x": rand((3, 4))}], label="where", ag=False)
case(np.multiply.reduce, "np.multiply.reduce(x, axis=1)", [{"x": rand((3, 4))}], ag=False)
case(np.multiply.reduce, "np.multiply.reduce(x)", [{"x": rand((4,))}], ag=False)
case(np.maximum.reduce, "np.maximum.reduce(x)", [{"x": rand((3, 4))}], ag=False)
case(np.minimum.reduce, "np.minimum.reduce(x, axis=1, keepdims=True)", [{"x": rand((3, 4))}], ag=False)
case(np.add.accumulate, "np.add.accumulate(x) ** 2", [{"x": rand((3, 4))}], ag=False)
case(np.multiply.accumulate, "np.multiply.accumulate(x, axis=1)", [{"x": rand((3, 4))}], ag=False)
case(np.maximum.accumulate, "np.maximum.accumulate(x, axis=1) ** 2", [{"x": rand((3, 4))}], ag=False)
case(np.maximum.accumulate, "np.maximum.accumulate(x) ** 2", [{"x": rand((5,))}], ag=False)
case(np.minimum.accumulate, "np.minimum.accumulate(x) ** 2", [{"x": rand((3, 4))}], ag=False)

globals().update(rule_tests(CASES, "tangentish.rules.numpy.reductions"))


# -- conventions ----------------------------------------------------------------------------------------
def max_all(x):
    return np.max(x)


def min_rows(x):
    return np.sum(np.min(x, axis=1) * np.array([1.0, 10.0]))


def amax_method_keepdims(x):
    return np.sum(x.max(axis=0, keepdims=True))


def test_max_min_reductions_share_ties_equally():
    """Ties in max/min reductions split the derivative equally (like JAX and autograd)."""
    x = np.array([1.0, 3.0, 3.0, 2.0])
    np.testing.assert_array_equal(tg.grad(max_all)(x), [0.0, 0.5, 0.5, 0.0])
    x2 = np.array([[1.0, 1.0, 1.0], [0.0, 4.0, 0.0]])
    np.testing.assert_array_equal(tg.grad(min_rows)(x2), [[1 / 3, 1 / 3, 1 / 3], [5.0, 0.0, 5.0]])
    x3 = np.array([[2.0, 5.0], [2.0, 1.0], [0.0, 5.0]])
    np.testing.assert_array_equal(tg.grad(amax_method_keepdims)(x3), [[0.5, 0.5], [0.5, 0.0], [0.0, 0.5]])


def prod_all(x):
    return np.prod(x)


def prod_rows(x):
    return np.sum(np.prod(x, axis=1) * np.array([1.0, 10.0]))


def test_prod_with_zeros_is_exact():
    """np.prod's derivative is the product of the other elements, also where some are 0."""
    np.testing.assert_array_equal(tg.grad(prod_all)(np.array([2.0, 0.0, 3.0])), [0.0, 6.0, 0.0])
    np.testing.assert_array_equal(tg.grad(prod_all)(np.array([0.0, 0.0, 3.0])), [0.0, 0.0, 0.0])
    x = np.array([[0.0, 2.0, 5.0], [1.5, -1.0, 2.0]])
    np.testing.assert_array_equal(tg.grad(prod_rows)(x), [[10.0, 0.0, 0.0], [-20.0, 30.0, -15.0]])


def median_of(x):
    return np.median(x)


def nanmax_of(x):
    return np.nanmax(x)


def test_order_statistics_share_ties():
    np.testing.assert_allclose(tg.grad(median_of)(np.array([3.0, 1.0, 2.0, 5.0])), [0.5, 0, 0.5, 0])
    np.testing.assert_allclose(tg.grad(median_of)(np.array([2.0, 1.0, 2.0, 5.0, 0.0])), [0.5, 0, 0.5, 0, 0])
    np.testing.assert_allclose(tg.grad(nanmax_of)(np.array([3.0, np.nan, 3.0, 1.0])), [0.5, 0, 0.5, 0])




# -- the quantile q is not differentiated: an active q is refused, at every order ---------------
_QA = np.array([0.3, 1.7, -0.4, 2.2, 0.9])


def quantile_of(a, q):
    return np.quantile(a, q) + np.percentile(a, 30.0)


def percentile_of(a, q):
    return np.percentile(a, q)


_grad_quantile_a = tg.grad(quantile_of, wrt=0)


def quantile_grad_weighted(a, q):
    return np.sum(_grad_quantile_a(a, q) * np.arange(5.0))


@pytest.mark.parametrize("fn", [quantile_of, percentile_of])
def test_active_quantile_q_refuses(fn):
    """np.quantile / np.percentile in q (the rule gives no derivative there): refused, never 0."""
    with pytest.raises(tg.TransformError, match="'q'"):
        tg.grad(fn, wrt=1)(_QA, 30.0 if fn is percentile_of else 0.3)
    with pytest.raises(tg.TransformError, match="'q'"):
        tg.jvp(fn, (_QA, 0.3), (None, 1.0))


def test_active_q_in_the_generated_gradient_refuses():
    """order_stat_tangent / order_stat_cotangent (the helpers of the gradient) in q: the
    gradient's derivative in q was silently 0 (finite differences: 16); now refused."""
    with pytest.raises(tg.TransformError, match="'q'"):
        tg.grad(quantile_grad_weighted, wrt=1)(_QA, 0.3)
    with pytest.raises(tg.TransformError, match="'q'"):
        tg.jvp(quantile_grad_weighted, (_QA, 0.3), (None, 1.0))
    # in a, at a fixed q, the second derivative is still given (0: piecewise linear)
    np.testing.assert_allclose(tg.hvp(quantile_of, wrt=0)(_QA, 0.3, np.ones(5)), np.zeros(5))


def sum_initial(a, c):
    return np.sum(a, initial=c)


def sum_int(a):
    return np.sum(a, None, int)


def reshape_a(a):
    return np.sum(np.reshape(a, (3, 2), order="A") * np.arange(6.0).reshape(3, 2))


def test_sum_initial_and_integer_dtype_refuse():
    with pytest.raises(tg.TransformError, match="'initial'"):
        tg.grad(sum_initial, wrt=1)(_IA, 0.5)
    with pytest.raises(tg.TransformError, match="dtype int"):
        tg.grad(sum_int)(_IA)
    with pytest.raises(tg.TransformError, match="dtype int"):
        tg.jvp(sum_int, (_IA,), (np.ones(3),))


def test_reshape_order_a_refuses():
    a = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    with pytest.raises(tg.TransformError, match="order='A'"):
        tg.grad(reshape_a)(a)
    with pytest.raises(tg.TransformError, match="order='A'"):
        tg.jvp(reshape_a, (a,), (np.ones((2, 3)),))


# -- an integer dtype= truncates: the derivative was the float one (finite differences: 0) -------
_IA = np.array([0.3, 1.6, 2.9])


def cumsum_int(a):
    return np.sum(np.cumsum(a, dtype=int))


def nansum_int(a):
    return np.nansum(a, dtype=int)


def var_int(a):
    return np.var(a, dtype=int)


def std_int(a):
    return np.std(a, dtype=int)


def cumprod_int(a):
    return np.sum(np.cumprod(a, dtype=int))


def cumsum_f32(a):
    return np.sum(np.cumsum(a, dtype=np.float32) * np.arange(3.0))


@pytest.mark.parametrize("fn", [cumsum_int, nansum_int, var_int, std_int, cumprod_int])
def test_integer_dtype_refuses(fn):
    """np.cumsum(a, dtype=int) had gradient [3, 2, 1] (forward 6), np.nansum(dtype=int) [1, 1, 1],
    np.var(dtype=int) [-0.87, 0, 0.87]; finite differences give 0 (the result is truncated)."""
    with pytest.raises(tg.TransformError, match="dtype int"):
        tg.grad(fn)(_IA)
    with pytest.raises(tg.TransformError, match="dtype int"):
        tg.jvp(fn, (_IA,), (np.ones(3),))


def test_float_dtype_is_still_differentiated():
    np.testing.assert_allclose(tg.grad(cumsum_f32)(_IA), [3.0, 3.0, 2.0])


def running_max(a):
    return np.sum(np.maximum.accumulate(a) * np.arange(4.0))


def test_running_max_ties_share():
    """[1, 3, 3, 2]: the running max [1, 3, 3, 3] ties a[1] and a[2] from slot 2 on."""
    a = np.array([1.0, 3.0, 3.0, 2.0])
    np.testing.assert_allclose(tg.grad(running_max)(a), [0.0, 3.5, 2.5, 0.0])
    np.testing.assert_allclose(tg.jvp(running_max, (a,), (np.array([1.0, 10.0, 100.0, 1000.0]),))[1],
                               285.0)


def reduce_initial(a, c):
    return np.add.reduce(a, initial=c)


def divide_outer(a):
    return np.sum(np.divide.outer(a, a))


def add_reduceat(a):
    return np.sum(np.add.reduceat(a, [0, 2]))


def test_ufunc_methods_without_a_rule_refuse():
    with pytest.raises(tg.TransformError, match="'initial'"):
        tg.grad(reduce_initial, wrt=1)(_IA, 0.5)
    for fn, name in ((divide_outer, "outer"), (add_reduceat, "reduceat")):
        with pytest.raises(tg.TransformError, match=name):
            tg.grad(fn)(_IA)
        with pytest.raises(tg.TransformError, match=name):
            tg.jvp(fn, (_IA,), (np.ones(3),))
