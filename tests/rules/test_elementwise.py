"""The rules of tangentish/rules/numpy/elementwise.py: ufuncs of one and two arguments,
np.where, np.clip, and their conventions:

  * np.maximum / np.minimum (and np.fmax / fmin) give the whole derivative to the first
    argument on ties; fmax / fmin ignore a NaN;
  * np.clip at a bound gives the derivative to ``a``;
  * sqrt and cbrt at 0 have an infinite derivative; abs and fabs at 0 have derivative 0;
    sinc at 0 is exact;
  * np.where zeroes the cotangent of the unselected branch, so a NaN *value* there does
    not leak into the gradient (a NaN *derivative* needs the double-where idiom);
  * grad refuses integer inputs; complex inputs follow autograd's convention.
"""
import types
import warnings

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad as agrad

import tangentish as tg
from tests.rules.cases import (ALL, CUBE, FIRST, FPAIRS, FSHAPES, MAT, SCALAR, VEC, Case, CaseList, Inputs, M,
                               S, V, fcase)
from tests.rules.harness import rule_tests

I = Inputs(1234)
rand, positive, pos, unit, above1, nonzero, away_from_zero = (
    I.rand, I.positive, I.pos, I.unit, I.above1, I.nonzero, I.away_from_zero)


# -- the functions of the cases written as python functions -----------------------------------------
def f_sin(x, w):
    return np.sum(np.sin(x) * w)


def f_cos(x, w):
    return np.sum(np.cos(x) * w)


def f_tan(x, w):
    return np.sum(np.tan(x) * w)


def f_exp(x, w):
    return np.sum(np.exp(x) * w)


def f_log(x, w):
    return np.sum(np.log(x) * w)


def f_sqrt(x, w):
    return np.sum(np.sqrt(x) * w)


def f_tanh(x, w):
    return np.sum(np.tanh(x) * w)


def f_abs(x, w):
    return np.sum(np.abs(x) * w)


def f_sign(x, w):
    return np.sum(np.sign(x) * x * w)


def f_square(x, w):
    return np.sum(np.square(x) * w)


def f_negative(x, w):
    return np.sum(np.negative(x) * w)


def f_np_add(x, y, w):
    return np.sum(np.add(x, y) * w)


def f_np_subtract(x, y, w):
    return np.sum(np.subtract(x, y) * w)


def f_np_multiply(x, y, w):
    return np.sum(np.multiply(x, y) * w)


def f_np_divide(x, y, w):
    return np.sum(np.divide(x, y) * w)


def f_np_power(x, y, w):
    return np.sum(np.power(x, y) * w)


def f_np_maximum(x, y, w):
    return np.sum(np.maximum(x, y) * w)


def f_np_minimum(x, y, w):
    return np.sum(np.minimum(x, y) * w)


def f_where(mask, x, y, w):
    return np.sum(np.where(mask, x, y) * w)


def f_where_twin(mask, x, y, w):  # autograd's np.where does not unbroadcast its cotangents
    shape = np.broadcast_shapes(np.shape(mask), np.shape(x), np.shape(y))
    return anp.sum(anp.where(mask, x + anp.zeros(shape), y + anp.zeros(shape)) * w)


def f_where_computed_condition(x, y, w):
    return np.sum(np.where(x > y, x * y, np.sin(y)) * w)


def f_clip(x, w):
    return np.sum(np.clip(x, -0.5, 0.6) * w)


def f_clip_one_sided(x, w):
    return np.sum((np.clip(x, None, 0.6) + np.clip(x, -0.5, None)) * w)


def f_clip_bounds(x, lo, hi, w):
    return np.sum(np.clip(x, lo, hi) * w)


def f_clip_bounds_twin(x, lo, hi, w):  # autograd has no derivative wrt clip's bounds
    return anp.sum(anp.minimum(anp.maximum(x, lo), hi) * w)


CASES = CaseList()
UNARY = [(np.sin, f_sin, rand), (np.cos, f_cos, rand), (np.tan, f_tan, lambda s: rand(s, -1.0, 1.0)),
         (np.exp, f_exp, rand), (np.log, f_log, positive), (np.sqrt, f_sqrt, positive), (np.tanh, f_tanh, rand),
         (np.abs, f_abs, away_from_zero), (np.sign, f_sign, away_from_zero), (np.square, f_square, rand),
         (np.negative, f_negative, rand)]
BINARY = [(np.add, f_np_add, rand, rand), (np.subtract, f_np_subtract, rand, rand),
          (np.multiply, f_np_multiply, rand, rand), (np.divide, f_np_divide, rand, positive),
          (np.power, f_np_power, positive, rand), (np.maximum, f_np_maximum, rand, rand),
          (np.minimum, f_np_minimum, rand, rand)]
CASES += [fcase(rule, fn, (gen(shape),)) for rule, fn, gen in UNARY for shape in FSHAPES]
CASES += [fcase(rule, fn, (gx(sx), gy(sy))) for rule, fn, gx, gy in BINARY for sx, sy in FPAIRS]
MASK = I.rng.uniform(size=MAT) > 0.5
CASES += [fcase(np.where, f_where, args, ag=f_where_twin, label=label) for label, args in [
    ("", (MASK, rand(MAT), rand(MAT))),
    ("scalar-y", (MASK, rand(MAT), 0.5)),
    ("broadcast-x", (MASK, rand(VEC), rand(MAT))),
    ("broadcast-mask", (MASK[0], rand(MAT), rand((3, 1)))),
    ("scalars", (MASK[0, 0], 0.3, -0.8)),
]]
CASES += [fcase(np.where, f_where_computed_condition, (rand(MAT), rand(MAT)))]
CASES += [fcase(np.clip, fn, (rand(shape),)) for fn in (f_clip, f_clip_one_sided) for shape in FSHAPES]
CASES += [fcase(np.clip, f_clip_bounds, args, ag=f_clip_bounds_twin) for args in [
    (rand(MAT), rand((3, 1), -1.5, -0.2), rand(VEC, 0.2, 1.5)),
    (rand(VEC), rand(MAT, -1.5, -0.2), 0.4),
]]

# -- the cases written as expressions ------------------------------------------------------------------
J = Inputs(20240611)
rand, pos, unit, above1, nonzero = J.rand, J.pos, J.unit, J.above1, J.nonzero
unary, binary, case, PAIRS = CASES.unary, CASES.binary, CASES.case, CaseList.PAIRS
ELEMENTWISE_UNARY = [
    (np.fabs, "np.fabs(x)", nonzero, True),
    (np.reciprocal, "np.reciprocal(x)", nonzero, True),
    (np.exp2, "np.exp2(x)", rand, True),
    (np.expm1, "np.expm1(x)", rand, True),
    (np.log2, "np.log2(x)", pos, True),
    (np.log10, "np.log10(x)", pos, True),
    (np.log1p, "np.log1p(x)", pos, True),
    (np.arcsin, "np.arcsin(x)", unit, True),
    (np.arccos, "np.arccos(x)", unit, True),
    (np.arctan, "np.arctan(x)", rand, True),
    (np.sinh, "np.sinh(x)", rand, True),
    (np.cosh, "np.cosh(x)", rand, True),
    (np.arcsinh, "np.arcsinh(x)", rand, True),
    (np.arccosh, "np.arccosh(x)", above1, True),
    (np.arctanh, "np.arctanh(x)", unit, True),
    (np.deg2rad, "np.deg2rad(x)", rand, True),
    (np.radians, "np.radians(x)", rand, True),
    (np.rad2deg, "np.rad2deg(x)", rand, True),
    (np.degrees, "np.degrees(x)", rand, True),
    (np.cbrt, "np.cbrt(x)", nonzero, False),
    (np.sinc, "np.sinc(x)", rand, False),
    (np.positive, "np.positive(x)", rand, False),
    (np.real, "np.real(x)", rand, True),
    (np.imag, "np.imag(x) + x", rand, True),
    (np.conj, "np.conj(x)", rand, True),
    (np.angle, "np.angle(x) + x", nonzero, True),
    (np.absolute, "np.absolute(x)", nonzero, True),
]
for _rule, _expr, _gen, _ag in ELEMENTWISE_UNARY:
    unary(_rule, _expr, _gen, ag=_ag)
unary(np.angle, "np.angle(x, deg=True) + x", nonzero, shapes=(V,), label="deg", ag=False)  # autograd: no deg=
unary(np.nan_to_num, "np.nan_to_num(x)", lambda s: np.where(np.arange(np.prod(s)).reshape(s) % 3 == 0,
                                                              np.array([np.nan, np.inf, -np.inf] * 4)[:np.prod(s)].reshape(s),
                                                              rand(s)), shapes=(V, M))
case(np.nan_to_num, "np.nan_to_num(x, nan=y, posinf=2.0 * y, neginf=-y)",
     [{"x": np.array([1.0, np.nan, np.inf, -np.inf, 0.5, np.nan]), "y": 0.7}], ag=False, label="fill")

# Elementwise, two inputs (same shapes, then broadcasting).
binary(np.float_power, "np.float_power(x, y)", pos, rand, ag=False)
binary(np.fmax, "np.fmax(x, y)", rand, rand)
binary(np.fmin, "np.fmin(x, y)", rand, rand)
binary(np.logaddexp, "np.logaddexp(x, y)", rand, rand)
binary(np.logaddexp2, "np.logaddexp2(x, y)", rand, rand)
binary(np.mod, "np.mod(x, y)", nonzero, lambda s: rand(s, 2.0, 3.0))
binary(np.remainder, "np.remainder(x, y)", nonzero, lambda s: rand(s, 2.0, 3.0), pairs=PAIRS[:2])
binary(np.fmod, "np.fmod(x, y)", nonzero, lambda s: rand(s, 2.0, 3.0), ag=False)
binary(np.arctan2, "np.arctan2(x, y)", nonzero, nonzero)
binary(np.hypot, "np.hypot(x, y)", nonzero, nonzero)
binary(np.copysign, "np.copysign(x, y)", nonzero, nonzero, ag=False)
binary(np.true_divide, "np.true_divide(x, y)", rand, pos, pairs=PAIRS[:2])
case(np.heaviside, "np.heaviside(x, y)", [{"x": np.array([0.0, 1.5, -0.5, 0.0]), "y": rand(V)},
                                           {"x": np.array([[0.0, 1.0, -1.0]] * 2), "y": 0.3}],
     ag=False, const=("x",))
case(np.ldexp, "np.ldexp(x, n)", [{"x": rand(V), "n": np.array([0, 1, -2, 3])},
                                   {"x": rand(M), "n": np.array([2, -1, 0])}], ag=False)
case(np.nextafter, "np.nextafter(x, y)", [{"x": rand(V), "y": rand(V) + 5.0},
                                           {"x": rand(M), "y": -3.0}], ag=False, const=("y",))


# -- second order of compositions (no weight) ---------------------------------------------------------
K3 = np.array([0.5, -1.25, 2.0])


def s_sin(x):
    return np.sin(x) * x


def s_exp(x):
    return np.exp(np.sin(x))


def s_log(x):
    return np.log(x * x + 1.0)


def s_tanh(x):
    return np.tanh(2.0 * x) * x


def s_sqrt(x):
    return np.sqrt(x * x + 0.5)


def s_where(x):
    return np.sum(np.where(K3 > 0.0, np.sin(x * K3), x * x * K3))


def s_maximum(x):
    return np.sum(np.maximum(np.sin(x * K3), np.cos(x * K3)))


def s_clip(x):
    return np.sum(np.clip(x * K3, -0.5, 0.6) ** 2)


def h_sin(x):
    return np.sum(np.sin(x) * x)


def h_log_sum_exp(x):
    return np.log(np.sum(np.exp(x)))


def h_softplus_norm(x):
    return np.sqrt(np.sum(np.log(1.0 + np.exp(x)) ** 2))


def h_maximum_where(x):
    return np.sum(np.where(x > 0.0, np.maximum(x * x, x), np.minimum(-x, x ** 3)))


def m_broadcast_where(x):
    return (np.sum((x[:, :1] * x[:1, :]) ** 2 / (1.0 + x[0] ** 2))
            + np.sum(np.where(x > 0.2, x ** 3, np.minimum(x, 0.15) * x)))


def v_sin_mul(x, y):
    return np.sin(x) * y


def v_where_maximum(x, y):
    return np.where(x > 0.0, np.maximum(x, y), np.minimum(x * y, y))


X34 = np.array([[0.3, -0.7, 1.2, 0.5], [0.1, 0.9, -0.4, 2.0], [1.5, -1.1, 0.6, 0.25]])
CASES += [Case(rule, fn, (x,), weighted=False, checks=("second_derivative",), label=f"x={x}")
          for rule, fn in [(np.sin, s_sin), (np.exp, s_exp), (np.log, s_log), (np.tanh, s_tanh), (np.sqrt, s_sqrt),
                           (np.where, s_where), (np.maximum, s_maximum), (np.clip, s_clip)]
          for x in (0.7, -0.35)]
CASES += [Case(rule, fn, (x,), weighted=False, checks=("hvp_autograd",)) for rule, fn, x in [
    (np.sin, h_sin, np.array([0.3, -0.8, 1.4])), (np.log, h_log_sum_exp, np.array([0.3, -0.8, 1.4])),
    (np.sqrt, h_softplus_norm, np.array([0.3, -0.8, 1.4])), (np.where, h_maximum_where, np.array([0.3, -0.8, 1.4])),
    (np.where, m_broadcast_where, X34)]]
CASES += [Case(np.sin, v_sin_mul, (rand((3, 4)), rand((4,))), weighted=False, checks=("vjp",)),
          Case(np.sin, v_sin_mul, (0.4, rand((3, 4))), weighted=False, checks=("vjp",)),
          Case(np.where, v_where_maximum, (rand((3, 4)), rand((3, 4))), weighted=False, checks=("vjp",))]

globals().update(rule_tests(CASES, "tangentish.rules.numpy.elementwise"))


def np_sin_only(x):
    return np.sin(x)


def test_third_derivative():
    np.testing.assert_allclose(tg.grad(tg.grad(tg.grad(np_sin_only)))(0.3), -np.cos(0.3))


# -- conventions and edge cases ----------------------------------------------------------------------------
def maximum_pair(x, y):
    return np.sum(np.maximum(x, y))


def minimum_pair(x, y):
    return np.sum(np.minimum(x, y))


def relu(x):
    return np.sum(np.maximum(x, 0.0))


def test_maximum_minimum_ties_go_to_first_argument():
    """np.maximum / np.minimum: on ties the whole derivative goes to the first argument
    (autograd and JAX split it 0.5 / 0.5 instead)."""
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([1.0, 0.0, 3.0])
    for fn in (maximum_pair, minimum_pair):
        dx, dy = tg.grad(fn, wrt=(0, 1))(x, y)
        np.testing.assert_array_equal(dx + dy, [1.0, 1.0, 1.0])
        np.testing.assert_array_equal(dx[[0, 2]], [1.0, 1.0])
        np.testing.assert_array_equal(dy[[0, 2]], [0.0, 0.0])
    # Consequently relu written as np.maximum(x, 0.0) has derivative 1 at 0.
    np.testing.assert_array_equal(tg.grad(relu)(np.array([-1.0, 0.0, 2.0])), [0.0, 1.0, 1.0])


def clip_sum(x, lo, hi):
    return np.sum(np.clip(x, lo, hi))


def test_clip_at_its_bounds_gives_the_derivative_to_a():
    x = np.array([-0.5, 0.6, 0.1, -2.0, 3.0])
    dx, dlo, dhi = tg.grad(clip_sum, wrt=(0, 1, 2))(x, -0.5, 0.6)
    np.testing.assert_array_equal(dx, [1.0, 1.0, 1.0, 0.0, 0.0])
    assert (dlo, dhi) == (1.0, 1.0)


def sqrt_sum(x):
    return np.sum(np.sqrt(x))


def abs_sum(x):
    return np.sum(np.abs(x))


def test_sqrt_at_zero_has_infinite_derivative():
    with np.errstate(divide="ignore"):
        g = tg.grad(sqrt_sum)(np.array([0.0, 4.0]))
    assert g[0] == np.inf
    assert g[1] == 0.25


def test_abs_at_zero_has_zero_derivative():
    np.testing.assert_array_equal(tg.grad(abs_sum)(np.array([-2.0, 0.0, 3.0])), [-1.0, 0.0, 1.0])


def where_log(x):
    return np.sum(np.where(x > 0.0, np.log(x), x))


def where_nan_branch(x, y):
    return np.sum(np.where(x > 0.0, x * y, x + np.nan))


def test_where_nan_value_in_unselected_branch_gives_finite_gradient():
    """The unselected branch's value is NaN (log of a negative; ``x + nan``) but its
    derivative wrt x is finite, and np.where sends it an exact zero: no NaN leaks."""
    x = np.array([-2.0, 0.5, 3.0, -0.1])
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        g = tg.grad(where_log)(x)
        dx, dy = tg.grad(where_nan_branch, wrt=(0, 1))(np.array([0.5, 3.0]), np.array([2.0, -1.0]))
    np.testing.assert_allclose(g, [1.0, 2.0, 1 / 3, 1.0])
    np.testing.assert_array_equal(dx, [2.0, -1.0])
    np.testing.assert_array_equal(dy, [0.5, 3.0])


def fabs_sum(x):
    return np.sum(np.fabs(x))


def cbrt_sum(x):
    return np.sum(np.cbrt(x))


def sinc_sum(x):
    return np.sum(np.sinc(x))


def fmax_sum(x, y):
    return np.sum(np.fmax(x, y))


def where_sqrt_double(x):
    safe = np.where(x > 0.0, x, 1.0)
    return np.sum(np.where(x > 0.0, np.sqrt(safe), 0.0))


def float_power_at_zero(x, y):
    return np.sum(np.float_power(x, y))


def test_kinks_and_infinite_slopes():
    assert tg.grad(fabs_sum)(np.array([0.0, -2.0]))[0] == 0.0          # fabs at 0: 0, as abs
    with np.errstate(divide="ignore"):
        assert np.isinf(tg.grad(cbrt_sum)(np.array([0.0]))[0])          # cbrt at 0: inf, as sqrt
    d = tg.grad(sinc_sum)(np.array([0.0, 0.5]))
    assert d[0] == 0.0 and np.isfinite(d).all()                          # sinc at 0: exact, no NaN


def test_fmax_ties_and_nan():
    x = np.array([1.0, 2.0, np.nan])
    y = np.array([1.0, np.nan, 3.0])
    dx, dy = tg.grad(fmax_sum, wrt=(0, 1))(x, y)
    np.testing.assert_array_equal(dx, [1.0, 1.0, 0.0])                  # tie -> first; NaN ignored
    np.testing.assert_array_equal(dy, [0.0, 0.0, 1.0])


def test_where_with_a_safe_branch_has_no_nan():
    """np.where zeroes the unselected branch's cotangent exactly, but a NaN or inf
    *derivative* there (sqrt at 0) still multiplies that zero: keep both branches
    safe (the double-where idiom), as with JAX."""
    d = tg.grad(where_sqrt_double)(np.array([0.0, -1.0, 4.0]))
    np.testing.assert_allclose(d, [0.0, 0.0, 0.25])


def test_integer_inputs_are_refused():
    with pytest.raises(TypeError, match="integer"):
        tg.grad(fabs_sum)(np.array([1, 2]))


def complex_parts(z):
    return np.sum(np.real(z) * 2.0 + np.imag(z) ** 2 + np.real(np.conj(z) * z) + np.angle(z))


def test_complex_inputs_match_autograd():
    z = rand(V) + 1j * rand(V)
    got = tg.grad(complex_parts)(z)
    twin = types.FunctionType(complex_parts.__code__, dict(complex_parts.__globals__, np=anp))
    np.testing.assert_allclose(got, agrad(twin)(z), rtol=1e-10)


def abs_complex(z):
    return np.sum(np.abs(z))


def test_abs_of_complex_input_differentiates_to_conj_z_over_abs_z():
    """rules/numpy/elementwise.py: np.abs's tangent t * sign(x) transposes to g * z/|z|; autograd's (and
    this library's) convention for complex cotangents needs g * conj(z)/|z|, i.e. the
    tangent np.real(t * np.conj(np.sign(x)))."""
    z = np.array([3.0 + 4.0j])
    np.testing.assert_allclose(tg.grad(abs_complex)(z), [0.6 - 0.8j])


def test_float_power_at_zero_is_finite():
    with np.errstate(divide="ignore"):
        dy = tg.grad(float_power_at_zero, wrt=1)(np.array([0.0, 2.0]), np.array([2.0, 3.0]))
    np.testing.assert_allclose(dy, [0.0, 8.0 * np.log(2.0)])
