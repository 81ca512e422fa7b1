"""The rules of tangentish/rules/numpy/shape.py: transposes, reshapes, axes moved, added or
removed, repeats, tiles, rolls, flips, pads, diagonals, triangles and the array
constructors (copy, asarray, array, full, broadcast_to)."""
import autograd.numpy as anp
import warnings

import numpy as np
import pytest

import tangentish as tg
from tests.rules.cases import CUBE, FSHAPES, MAT, SCALAR, VEC, C3, M, S, V, Case, CaseList, Inputs, fcase
from tests.rules.harness import rule_tests

I = Inputs(1234)
rand = I.rand


def f_transpose(x, w):
    return np.sum(np.transpose(x) * w)


def f_transpose_axes(x, w):
    return np.sum(np.transpose(x, (1, 2, 0)) * w)


def f_transpose_axes_kw(x, w):
    return np.sum(np.transpose(x, axes=(2, 0, 1)) * w)


def f_transpose_negative_axes(x, w):
    return np.sum(np.transpose(x, (-1, 0, -2)) * w)


def f_transpose_negative_axes_twin(x, w):  # autograd mis-inverts negative axes
    return anp.sum(anp.transpose(x, (2, 0, 1)) * w)


def f_reshape(x, w):
    return np.sum(np.reshape(x, (4, 6)) * w)


def f_swapaxes(x, w):
    return np.sum(np.swapaxes(x, 0, 2) * w)


def f_copy(x, w):
    y = np.copy(x)
    return np.sum(y * x * w)


def f_copy_twin(x, w):  # autograd has no derivative for copy (it is the identity)
    return anp.sum(x * x * w)


CASES = CaseList()
CASES += [fcase(rule, fn, (rand(CUBE),)) for rule, fn in (
    (np.transpose, f_transpose), (np.transpose, f_transpose_axes), (np.transpose, f_transpose_axes_kw),
    (np.reshape, f_reshape), (np.swapaxes, f_swapaxes))]
CASES += [fcase(np.transpose, f_transpose_negative_axes, (rand(CUBE),), ag=f_transpose_negative_axes_twin)]
CASES += [fcase(np.transpose, f_transpose, (rand(shape),)) for shape in (VEC, MAT)]
CASES += [fcase(np.copy, f_copy, (rand(shape),), ag=f_copy_twin) for shape in (VEC, MAT)]


# -- second order of compositions (no weight) ---------------------------------------------------------
def m_shape(x):
    return np.sum(np.swapaxes(np.transpose(x.reshape(2, 3, 2), (1, 2, 0)), 0, 1) ** 3 * B322)


def v_shape(x):
    return np.swapaxes(np.transpose(x, (2, 0, 1)).reshape(4, 6), 0, 1)


B322 = np.arange(12.0).reshape(2, 3, 2)
X34 = np.array([[0.3, -0.7, 1.2, 0.5], [0.1, 0.9, -0.4, 2.0], [1.5, -1.1, 0.6, 0.25]])
CASES += [Case(np.swapaxes, m_shape, (X34,), weighted=False, checks=("hvp_autograd",)),
          Case(np.swapaxes, v_shape, (rand(CUBE),), weighted=False, checks=("vjp",))]

# -- the cases written as expressions ------------------------------------------------------------------
J = Inputs(20240611)
rand = J.rand
case = CASES.case

case(np.ravel, "np.ravel(x)", [{"x": rand(M)}, {"x": rand(C3)}])
case(np.ravel, "np.ravel(x ** 2, order='F') * np.arange(24.0)", [{"x": rand(C3)}], label="F")
case(np.ravel, "x.ravel(order='F') ** 2 * np.arange(6.0) + x.flatten('F')", [{"x": rand(M)}],
     label="F-method", ag=False)
case(np.reshape, "np.reshape(x ** 2, (4, 6), order='F') * np.arange(24.0).reshape(4, 6)",
     [{"x": rand(C3)}], label="F")
case(np.reshape, "np.sum(x.reshape(3, 2, order='F') ** 3 * np.arange(6.0).reshape(3, 2)) "
     "+ x.reshape((6,), order='F') ** 2 * np.arange(6.0)",
     [{"x": rand(M)}], label="F-method", ag=False)
case(np.squeeze, "np.squeeze(x)", [{"x": rand((1, 3, 1))}, {"x": rand((2, 1))}])
case(np.squeeze, "np.squeeze(x, axis=0)", [{"x": rand((1, 3, 1))}], label="axis")
case(np.expand_dims, "np.expand_dims(x, 1)", [{"x": rand(V)}, {"x": rand(M)}])
case(np.expand_dims, "np.expand_dims(x, (0, 2))", [{"x": rand(M)}], label="tuple", ag=False)
case(np.moveaxis, "np.moveaxis(x, 0, -1)", [{"x": rand(C3)}])
case(np.moveaxis, "np.moveaxis(x, [0, 1], [2, 0])", [{"x": rand(C3)}], label="lists")
case(np.broadcast_to, "np.broadcast_to(x, (2, 3, 4))", [{"x": rand((3, 1))}, {"x": rand((4,))}, {"x": 0.5}],
     ag=False)  # autograd 1.9.1: "Can't handle extra leading dims"
for _f in (np.atleast_1d, np.atleast_2d, np.atleast_3d):
    case(_f, f"np.{_f.__name__}(x)", [{"x": 0.5}, {"x": rand(V)}, {"x": rand(M)}], ag=False)
case(np.repeat, "np.repeat(x, 3)", [{"x": rand(V)}, {"x": rand(M)}])
case(np.repeat, "np.repeat(x, [1, 0, 2], axis=1)", [{"x": rand(M)}, {"x": rand((2, 3, 2))}], label="axis",
     ag=False)  # autograd 1.9.1: repeats must be an int
case(np.tile, "np.tile(x, 2)", [{"x": rand(V)}])
case(np.tile, "np.tile(x, 2)", [{"x": rand(M)}], label="2d", ag=False)  # autograd 1.9.1: wrong for N-D x, int reps
case(np.tile, "np.tile(x, (2, 1, 3))", [{"x": rand(M)}, {"x": 0.5}], label="reps")
case(np.roll, "np.roll(x, 2)", [{"x": rand((5,))}, {"x": rand(M)}])
case(np.roll, "np.roll(x, (1, -1), axis=(0, 2))", [{"x": rand(C3)}], label="axes", ag=False)
case(np.flip, "np.flip(x)", [{"x": rand(V)}, {"x": rand(M)}], ag=False)
case(np.flip, "np.flip(x, 1)", [{"x": rand(C3)}], label="axis", ag=False)
case(np.flipud, "np.flipud(x)", [{"x": rand(V)}, {"x": rand(M)}])
case(np.fliplr, "np.fliplr(x)", [{"x": rand(M)}, {"x": rand(C3)}])
case(np.rot90, "np.rot90(x)", [{"x": rand(M)}, {"x": rand(C3)}])
case(np.rot90, "np.rot90(x, 3, (1, 2))", [{"x": rand(C3)}], label="k-axes", ag=False)
case(np.pad, "np.pad(x, ((1, 2), (0, 1)))", [{"x": rand(M)}], ag=False)  # autograd 1.9.1: pad_vjp needs mode
case(np.pad, "np.pad(x, 2, constant_values=c)", [{"x": rand(V), "c": 0.7}], label="value", ag=False)
for _mode in ("edge", "reflect", "symmetric", "wrap"):
    case(np.pad, f"np.pad(x, ((1, 2), (2, 1)), {_mode!r})", [{"x": rand((3, 4))}], label=_mode, ag=False)
case(np.diag, "np.diag(x)", [{"x": rand(V)}, {"x": rand((3, 3))}])
case(np.diag, "np.diag(x, -1)", [{"x": rand(V)}], label="k")
case(np.diag, "np.diag(x, -1)", [{"x": rand((3, 4))}], label="k-rect", ag=False)  # autograd: square cotangent
case(np.diagonal, "np.diagonal(x)", [{"x": rand((3, 3))}, {"x": rand((3, 4))}], ag=False)
case(np.diagonal, "np.diagonal(x, 1, 0, 2)", [{"x": rand(C3)}], label="offset", ag=False)
case(np.trace, "np.trace(x)", [{"x": rand((3, 3))}, {"x": rand((3, 4))}])
case(np.trace, "np.trace(x, -1, 1, 2)", [{"x": rand(C3)}], label="offset", ag=False)
case(np.triu, "np.triu(x)", [{"x": rand((3, 3))}, {"x": rand(C3)}])
case(np.triu, "np.triu(x, 1)", [{"x": rand((3, 4))}], label="k")
case(np.tril, "np.tril(x)", [{"x": rand((3, 3))}, {"x": rand(C3)}])
case(np.tril, "np.tril(x, -1)", [{"x": rand((3, 4))}], label="k")
case(np.full, "np.full((2, 3), x)", [{"x": 0.4}])
case(np.full, "np.full((2, 3), x)", [{"x": rand((3,))}], label="array", ag=False)  # autograd sums to a scalar
case(np.full, "np.full(3, x, dtype=float)", [{"x": 0.4}], label="dtype", ag=False)
case(np.float64, "np.float64(x) * x", [{"x": 0.4}, {"x": rand((2, 3))}], ag=False)
case(np.longdouble, "np.float64(np.longdouble(x)) * x", [{"x": 0.4}], ag=False)
case(np.complex128, "np.real(np.complex128(x) * (1 + 2j)) + np.abs(np.complex128(x)) ** 2",
     [{"x": 0.4}, {"x": rand((3,))}], ag=False)
case(np.complex64, "np.real(np.complex64(x) * (1 + 2j)).astype(float)", [{"x": rand((3,))}],
     ag=False, checks=("forward",), fwd_rtol=1e-5, fwd_atol=1e-6)
# single / half precision: finite differences cannot resolve them (test_low_precision_casts)
for _t in (np.float32, np.float16):
    case(_t, f"np.{_t.__name__}(x).astype(float) * x", [{"x": rand((3,))}], ag=False,
         checks=("forward",), fwd_rtol=1e-3, fwd_atol=1e-3)
# np.arange refuses active bounds (test_active_arange_bounds_refuse); with constant ones it is
# a constant factor
case(np.arange, "np.arange(1.0, 3.0, 0.5) * x", [{"x": rand((4,))}], ag=False)
case(np.full_like, "np.full_like(y, x) * y", [{"x": 0.4, "y": rand((2, 3))}], const=("y",), ag=False)
case(np.full_like, "np.full_like(y, x)", [{"x": rand((3,)), "y": rand((2, 3))}], const=("y",),
     label="array", ag=False)
case(np.copy, "np.copy(x)", [{"x": rand(V)}, {"x": rand(M)}], ag=False)
case(np.asarray, "np.asarray(x)", [{"x": rand(V)}, {"x": 0.5}], ag=False)  # autograd: no VJP
case(np.array, "np.array(x)", [{"x": rand(M)}, {"x": 0.5}])

case(np.rollaxis, "np.rollaxis(x, 2)", [{"x": rand(C3)}])
case(np.rollaxis, "np.rollaxis(x, 0, 3)", [{"x": rand(C3)}], label="end")
case(np.rollaxis, "np.rollaxis(x, -1, 1)", [{"x": rand(C3)}], label="negative", ag=False)  # autograd refuses
case(np.append, "np.append(x, y)", [{"x": rand(M), "y": rand(V)}, {"x": rand(V), "y": 0.5}])
case(np.append, "np.append(x, y, axis=0)", [{"x": rand(M), "y": rand((1, 3))}], label="axis0")
case(np.append, "np.append(x, y, axis=1)", [{"x": rand(M), "y": rand((2, 2))}], label="axis1")
case(np.real_if_close, "np.real_if_close(x * y)", [{"x": rand(M), "y": rand(M)}])
case(np.real_if_close, "np.real(np.real_if_close(x + 1e-20j))", [{"x": rand(V)}], label="complex", ag=False)
case(np.real_if_close, "np.imag(np.real_if_close(x + 0.5j * x))", [{"x": rand(V)}], label="stays-complex",
     ag=False)


globals().update(rule_tests(CASES, "tangentish.rules.numpy.shape"))


def full_like_of(a, c):
    return np.sum(np.full_like(a, c) * a)


def full_int(c):
    return np.sum(np.full(3, c, dtype=int))


def full_like_int(c):
    return np.sum(np.full_like(np.arange(3), c))


def arange_from(c):
    return np.sum(np.arange(c, 3.0, 0.5))


def test_full_like_in_its_fill_value():
    """np.full_like was a nondiff rule: d/dc sum(full_like(a, c) * a) was 0 (finite
    differences: sum(a) = 0.7 for a = [0.3, -0.5, 0.9])."""
    a = np.array([0.3, -0.5, 0.9])
    np.testing.assert_allclose(tg.grad(full_like_of, wrt=1)(a, 0.3), 0.7, rtol=1e-12)
    np.testing.assert_allclose(tg.jvp(full_like_of, (a, 0.3), (None, 1.0))[1], 0.7, rtol=1e-12)


@pytest.mark.parametrize("fn", [full_int, full_like_int])
def test_integer_fill_results_refuse(fn):
    """np.full(3, c, dtype=int) had gradient 3.0 (finite differences: 0, the result is
    truncated); an integer result now refuses, in both modes."""
    with pytest.raises(tg.TransformError, match="dtype int"):
        tg.grad(fn)(0.3)
    with pytest.raises(tg.TransformError, match="dtype int"):
        tg.jvp(fn, (0.3,), (1.0,))


def test_active_arange_bounds_refuse():
    """np.arange(c, 3.0, 0.5) moves with c (d/dc of the sum is 6, was 0): refused."""
    with pytest.raises(tg.TransformError, match="'start'"):
        tg.grad(arange_from)(0.3)
    with pytest.raises(tg.TransformError, match="'start'"):
        tg.jvp(arange_from, (0.3,), (1.0,))


def cast32(x):
    return np.sum(np.float32(x) * 3.0)


def cast16(x):
    return np.float16(x) * 3.0


def f64_of_complex(x):
    return np.sum(np.float64(x * (1 + 1j)))


def test_low_precision_casts():
    np.testing.assert_array_equal(tg.grad(cast32)(np.array([0.3, 0.4])), [3.0, 3.0])
    assert tg.grad(cast16)(0.3) == 3.0
    value, tangent = tg.jvp(cast16, (0.3,), (1.0,))
    assert tangent == 3.0 and np.asarray(tangent).dtype == np.float16


def test_float_cast_of_a_complex_value_refuses():
    """np.float64(z) drops the imaginary part with a warning: refused, not differentiated."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises((TypeError, tg.TransformError)):
            tg.jvp(f64_of_complex, (np.array([0.3]),), (np.ones(1),))
        with pytest.raises((TypeError, tg.TransformError)):
            tg.grad(f64_of_complex)(np.array([0.3]))
