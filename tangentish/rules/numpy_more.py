"""More NumPy functions (issue 6): elementwise math, reductions and scans, shape
functions, products, and the functions with no derivative.  Linear algebra and
FFT live in numpy_linalg.py and numpy_fft.py, scipy.special in
numpy_scipy_special.py; the rules of the helpers they use in numpy_helpers.py.

Already in numpy_rules.py, and reached under their aliases: np.absolute (is
np.abs), np.true_divide (is np.divide), np.remainder (is np.mod, below),
np.conjugate (is np.conj, below).

Conventions (each pinned down by a test in tests/test_coverage_rules.py):
  * kinks take the one-sided value numpy's own sign/comparison gives:
    fabs at 0 -> 0, fmax/fmin ties -> the first argument, copysign's slope at 0
    follows the sign bit;
  * infinite slopes stay infinite (cbrt at 0, arcsin at +-1), as sqrt's;
  * ties of order statistics (median, quantile, ptp, nanmax) share the
    derivative equally; sort gives each sorted slot the derivative of the
    element a stable argsort put there;
  * piecewise-constant functions have zero derivative (nondiff).
"""
import numpy as np

from .table import RULES, defrule, nondiff

# -- elementwise, one input --------------------------------------------------------------------
for _f, _name, _d in [
    (np.fabs, "fabs", "t * np.sign(x)"),
    (np.reciprocal, "reciprocal", "t * -(ans * ans)"),
    (np.exp2, "exp2", "t * (ans * np.log(2.0))"),
    (np.expm1, "expm1", "t * (ans + 1.0)"),
    (np.log2, "log2", "t / (x * np.log(2.0))"),
    (np.log10, "log10", "t / (x * np.log(10.0))"),
    (np.log1p, "log1p", "t / (1.0 + x)"),
    (np.arcsin, "arcsin", "t / np.sqrt(1.0 - x * x)"),
    (np.arccos, "arccos", "t / -np.sqrt(1.0 - x * x)"),
    (np.arctan, "arctan", "t / (1.0 + x * x)"),
    (np.sinh, "sinh", "t * np.cosh(x)"),
    (np.cosh, "cosh", "t * np.sinh(x)"),
    (np.arcsinh, "arcsinh", "t / np.sqrt(x * x + 1.0)"),
    (np.arccosh, "arccosh", "t / np.sqrt(x * x - 1.0)"),
    (np.arctanh, "arctanh", "t / (1.0 - x * x)"),
    (np.cbrt, "cbrt", "t / (3.0 * ans * ans)"),
]:
    defrule(_f, f"np.{_name}(x)", jvp={"x": _d}, elementwise=True, note={
        "fabs": "derivative 0 at 0, as np.abs",
        "cbrt": "at 0 the derivative is inf, as sqrt's",
        "arcsin": "inf at +-1", "arccos": "-inf at +-1", "arccosh": "inf at 1",
        "arctanh": "inf at +-1", "reciprocal": "float inputs only (integer reciprocal truncates)",
    }.get(_name, ""))
for _f, _name in [(np.deg2rad, "deg2rad"), (np.radians, "radians"), (np.rad2deg, "rad2deg"),
                  (np.degrees, "degrees")]:
    defrule(_f, f"np.{_name}(x)", linear={"x": f"np.{_name}(g)"}, elementwise=True,
            note="a constant scaling: its own transpose")
defrule(np.positive, "np.positive(x)", linear={"x": "g"}, elementwise=True)
defrule(np.sinc, "np.sinc(x)", elementwise=True,
        jvp={"x": "t * sinc_deriv(x)"},
        note="every order exact, also at x = 0 (sinc'(0) = 0, sinc''(0) = -pi^2 / 3): a helper "
             "with its own rule (series near 0)")
defrule(np.nan_to_num, "np.nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None)",
        jvp={"x": "t * np.isfinite(x)", "nan": "t * np.isnan(x)", "posinf": "t * np.isposinf(x)",
             "neginf": "t * np.isneginf(x)"},
        note="1 where x is finite, 0 where it was replaced; the fill values get the rest")

# Complex parts.  Cotangents follow autograd's convention (dL/dRe z - i dL/dIm z).
defrule(np.real, "np.real(val)", linear={"val": "match_complex(real_part(g), val)"})
defrule(np.imag, "np.imag(val)", linear={"val": "match_complex(-1j * real_part(g), val)"},
        note="0 for real inputs")
defrule(np.conj, "np.conj(x)", linear={"x": "np.conj(g)"}, elementwise=True)
defrule(np.angle, "np.angle(z, deg=False)", jvp={"z": "np.imag(t / z) * angle_unit(deg)"},
        note="d angle = Im(dz / z): 0 for real inputs (away from 0); NaN at 0")

# -- elementwise, two inputs (broadcasting: the transposes unbroadcast) ---------------------------
defrule(np.float_power, "np.float_power(x1, x2)", elementwise=True,
        jvp={"x1": "t * pow_deriv(x1, x2)", "x2": "t * pow_log(x1, x2)"},
        note="as np.power: exponent 0 contributes exactly 0; d/dx2 at x1 = 0 is 0; NaN for x1 < 0")
defrule(np.fmax, "np.fmax(x1, x2)", elementwise=True,
        jvp={"x1": "t * ((x1 >= x2) | np.isnan(x2))", "x2": "t * ((x1 < x2) | np.isnan(x1))"},
        note="NaN-ignoring maximum: ties and NaN in x2 send the derivative to x1")
defrule(np.fmin, "np.fmin(x1, x2)", elementwise=True,
        jvp={"x1": "t * ((x1 <= x2) | np.isnan(x2))", "x2": "t * ((x1 > x2) | np.isnan(x1))"},
        note="NaN-ignoring minimum: ties and NaN in x2 send the derivative to x1")
defrule(np.logaddexp, "np.logaddexp(x1, x2)", elementwise=True,
        jvp={"x1": "t * (0.5 + 0.5 * np.tanh(0.5 * (x1 - x2)))",
             "x2": "t * (0.5 + 0.5 * np.tanh(0.5 * (x2 - x1)))"},
        note="the slopes are sigmoids, written with tanh: stable, and they do not need the "
             "result (a loss value nobody reads is not computed)")
defrule(np.logaddexp2, "np.logaddexp2(x1, x2)", elementwise=True,
        jvp={"x1": "t * np.exp2(x1 - ans)", "x2": "t * np.exp2(x2 - ans)"})
defrule(np.mod, "np.mod(x1, x2)", elementwise=True,
        jvp={"x1": "t", "x2": "t * -np.floor_divide(x1, x2)"},
        note="np.remainder is the same function; jumps where x1 / x2 crosses an integer")
defrule(np.fmod, "np.fmod(x1, x2)", elementwise=True,
        jvp={"x1": "t", "x2": "t * -np.trunc(x1 / x2)"})
defrule(np.arctan2, "np.arctan2(x1, x2)", elementwise=True,
        jvp={"x1": "t * (x2 / (x1 * x1 + x2 * x2))", "x2": "t * (-x1 / (x1 * x1 + x2 * x2))"},
        note="NaN at (0, 0)")
defrule(np.hypot, "np.hypot(x1, x2)", elementwise=True,
        jvp={"x1": "t * (x1 / ans)", "x2": "t * (x2 / ans)"}, note="NaN at (0, 0)")
defrule(np.copysign, "np.copysign(x1, x2)", elementwise=True,
        jvp={"x1": "t * (np.copysign(1.0, x1) * np.copysign(1.0, x2))"},
        note="piecewise constant in x2 (zero derivative)")
defrule(np.heaviside, "np.heaviside(x1, x2)", elementwise=True, jvp={"x2": "t * (x1 == 0.0)"},
        note="zero derivative in x1; x2 (the value at 0) passes through where x1 == 0")
defrule(np.ldexp, "np.ldexp(x1, x2)", elementwise=True, jvp={"x1": "t * np.exp2(x2)"},
        note="x2 is an integer exponent")

# -- reductions and scans ----------------------------------------------------------------------
_CENTERED = "(a - np.mean(a, axis, keepdims=True))"
defrule(np.var, "np.var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False)",
        jvp={"a": f"weighted_sum(t, 2.0 * {_CENTERED} / (mean_count(a, axis) - ddof), axis, keepdims)"},
        real_only=True, note="real inputs (complex refused at run time)")
defrule(np.std, "np.std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False)",
        jvp={"a": f"weighted_sum(t, {_CENTERED} / ((mean_count(a, axis) - ddof) * "
                  "unreduce(ans, a, axis, keepdims)), axis, keepdims)"},
        real_only=True, note="NaN where the standard deviation is 0; real inputs only")
defrule(np.cumsum, "np.cumsum(a, axis=None, dtype=None, out=None)",
        linear={"a": "reverse_cumsum(g, a, axis)"})
defrule(np.cumprod, "np.cumprod(a, axis=None, dtype=None, out=None)",
        jvp={"a": "ans * np.cumsum(t / a, axis)"},
        note="divides by a: NaN where the input holds zeros (exact to every order elsewhere)")
defrule(np.diff, "np.diff(a, n=1, axis=-1)", linear={"a": "diff_transpose(g, a, n, axis)"},
        note="prepend= / append= are not supported")
defrule(np.ptp, "np.ptp(a, axis=None, out=None, keepdims=False)",
        jvp={"a": "weighted_sum(t, ptp_mask(a, axis), axis, keepdims)"},
        note="ties share the derivative equally")
defrule(np.nansum, "np.nansum(a, axis=None, dtype=None, out=None, keepdims=False)",
        jvp={"a": "weighted_sum(t, ~np.isnan(a), axis, keepdims)"}, note="0 at NaN entries")
defrule(np.nanmean, "np.nanmean(a, axis=None, dtype=None, out=None, keepdims=False)",
        jvp={"a": "weighted_sum(t, nanmean_weights(a, axis), axis, keepdims)"},
        note="0 at NaN entries")
for _f, _name in ((np.nanmax, "nanmax"), (np.nanmin, "nanmin")):
    defrule(_f, f"np.{_name}(a, axis=None, out=None, keepdims=False)",
            jvp={"a": "extremum_tangent(t, a, ans, axis, keepdims)"},
            note="ties share the derivative equally; NaN entries get 0")
defrule(np.median, "np.median(a, axis=None, out=None, overwrite_input=False, keepdims=False)",
        jvp={"a": "order_stat_tangent(t, a, 0.5, axis, keepdims)"},
        note="even counts split the derivative between the two middle values; ties share")
defrule(np.quantile, "np.quantile(a, q, axis=None, out=None, overwrite_input=False, "
                     "method='linear', keepdims=False)",
        jvp={"a": "order_stat_tangent(t, a, q, axis, keepdims, method)"},
        note="in a only (q is a constant); methods that interpolate between order statistics; "
             "ties share")
defrule(np.percentile, "np.percentile(a, q, axis=None, out=None, overwrite_input=False, "
                       "method='linear', keepdims=False)",
        jvp={"a": "order_stat_tangent(t, a, np.divide(q, 100.0), axis, keepdims, method)"},
        note="as np.quantile with q / 100")
_AVG_W = "full_weights(weights, a, axis)"
defrule(np.average, "np.average(a, axis=None, weights=None, returned=False, keepdims=False)",
        jvp={"a": f"weighted_sum(t, {_AVG_W} / np.sum({_AVG_W}, axis, keepdims=True), axis, keepdims)",
             "weights": f"weighted_sum(full_weights(t, a, axis), (a - unreduce(ans, a, axis, keepdims)) "
                        f"/ np.sum({_AVG_W}, axis, keepdims=True), axis, keepdims)"},
        note="in a and weights; returned=True (a tuple) is not supported")
TRAPEZOID = "trapezoid" if hasattr(np, "trapezoid") else "trapz"   # np.trapz before numpy 2
defrule(getattr(np, TRAPEZOID), f"np.{TRAPEZOID}(y, x=None, dx=1.0, axis=-1)",
        multilinear={"y": "trapezoid_ct_y(g, y, x, dx, axis)", "x": "trapezoid_ct_x(g, y, x, axis)",
                     "dx": "trapezoid_ct_dx(g, y, dx, axis)"},
        note="bilinear in the samples y and the abscissae x (or the spacing dx)")

# -- shape ---------------------------------------------------------------------------------------
_BACK = "np.reshape(g, np.shape({}))"
defrule(np.ravel, "np.ravel(a)", linear={"a": _BACK.format("a")}, note="order='C' only")
defrule(np.squeeze, "np.squeeze(a, axis=None)", linear={"a": _BACK.format("a")})
defrule(np.expand_dims, "np.expand_dims(a, axis)", linear={"a": _BACK.format("a")})
for _f, _name in ((np.atleast_1d, "atleast_1d"), (np.atleast_2d, "atleast_2d"),
                  (np.atleast_3d, "atleast_3d")):
    defrule(_f, f"np.{_name}(ary)", linear={"ary": _BACK.format("ary")},
            note="one array (several arguments return a list: not supported)")
defrule(np.moveaxis, "np.moveaxis(a, source, destination)",
        linear={"a": "np.moveaxis(g, destination, source)"})
defrule(np.broadcast_to, "np.broadcast_to(array, shape)", linear={"array": "unbroadcast(g, array)"})
for _f, _name in ((np.hstack, "hstack"), (np.vstack, "vstack"), (np.dstack, "dstack"),
                  (np.column_stack, "column_stack")):
    defrule(_f, f"np.{_name}([tup])", linear={"tup": f"joined_part(g, tup, k, {_name!r})"})
defrule(np.split, "np.split(ary, indices_or_sections, axis=0)",
        linear={"ary": "split_transpose(g, ary, axis)"},
        note="returns a list (its cotangent: a ListCotangent)")
defrule(np.array_split, "np.array_split(ary, indices_or_sections, axis=0)",
        linear={"ary": "split_transpose(g, ary, axis)"}, note="returns a list, as np.split")
for _f, _name in ((np.hsplit, "hsplit"), (np.vsplit, "vsplit"), (np.dsplit, "dsplit")):
    defrule(_f, f"np.{_name}(ary, indices_or_sections)",
            linear={"ary": f"split_transpose(g, ary, 0, {_name!r})"}, note="returns a list, as np.split")
defrule(np.repeat, "np.repeat(a, repeats, axis=None)", linear={"a": "unrepeat(g, a, repeats, axis)"})
defrule(np.tile, "np.tile(A, reps)", linear={"A": "untile(g, A, reps)"})
defrule(np.roll, "np.roll(a, shift, axis=None)", linear={"a": "np.roll(g, np.negative(shift), axis)"})
defrule(np.flip, "np.flip(m, axis=None)", linear={"m": "np.flip(g, axis)"})
defrule(np.flipud, "np.flipud(m)", linear={"m": "np.flipud(g)"})
defrule(np.fliplr, "np.fliplr(m)", linear={"m": "np.fliplr(g)"})
defrule(np.rot90, "np.rot90(m, k=1, axes=(0, 1))", linear={"m": "np.rot90(g, -k, axes)"})
defrule(np.pad, "np.pad(array, pad_width, mode='constant', constant_values=0)",
        linear={"array": "unpad(g, array, pad_width, mode)",
                "constant_values": "pad_border_sum(g, array, pad_width)"},
        note="modes constant, edge, reflect, symmetric, wrap; a scalar constant_values")
defrule(np.diag, "np.diag(v, k=0)", linear={"v": "undiag(g, v, k)"})
defrule(np.diagonal, "np.diagonal(a, offset=0, axis1=0, axis2=1)",
        linear={"a": "undiagonal(g, a, offset, axis1, axis2)"})
defrule(np.trace, "np.trace(a, offset=0, axis1=0, axis2=1)",
        linear={"a": "untrace(g, a, offset, axis1, axis2)"})
defrule(np.triu, "np.triu(m, k=0)", linear={"m": "np.triu(g, k)"})
defrule(np.tril, "np.tril(m, k=0)", linear={"m": "np.tril(g, k)"})
defrule(np.take, "np.take(a, indices, axis=None)", linear={"a": "untake(g, a, indices, axis)"},
        note="repeated indices accumulate")
defrule(np.take_along_axis, "np.take_along_axis(arr, indices, axis)",
        linear={"arr": "untake_along_axis(g, arr, indices, axis)"}, note="repeated indices accumulate")
defrule(np.sort, "np.sort(a, axis=-1)", jvp={"a": "np.take_along_axis(t, np.argsort(a, axis, kind='stable'), axis)"},
        note="ties: each sorted slot follows the element a stable argsort put there")
defrule(np.linspace, "np.linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0)",
        linear={"start": "linspace_cotangent(g, 0, num, endpoint, axis, start)",
                "stop": "linspace_cotangent(g, 1, num, endpoint, axis, stop)"},
        note="in start and stop; retstep=True (a tuple) is not supported")
defrule(np.full, "np.full(shape, fill_value, dtype=None)", linear={"fill_value": "unbroadcast(g, fill_value)"})
defrule(np.copy, "np.copy(a)", linear={"a": "g"})
defrule(np.asarray, "np.asarray(a, dtype=None)", linear={"a": "g"},
        note="an array argument (a list of active values: use np.stack)")
defrule(np.array, "np.array(object, dtype=None)", linear={"object": "g"},
        note="an array argument (a list of active values: use np.stack)")

# -- products ------------------------------------------------------------------------------------
defrule(np.vdot, "np.vdot(a, b)",
        multilinear={"a": "np.reshape(np.conj(g * b), np.shape(a))",
                     "b": "np.reshape(g * np.conj(a), np.shape(b))"})
defrule(np.inner, "np.inner(a, b)", multilinear={"a": "inner_ct_a(g, b, a)", "b": "inner_ct_b(g, a, b)"})
defrule(np.outer, "np.outer(a, b)",
        multilinear={"a": "np.reshape(np.dot(g, np.ravel(b)), np.shape(a))",
                     "b": "np.reshape(np.dot(np.ravel(a), g), np.shape(b))"})
defrule(np.tensordot, "np.tensordot(a, b, axes=2)",
        multilinear={"a": "tensordot_ct_a(g, b, a, axes)", "b": "tensordot_ct_b(g, a, b, axes)"})
defrule(np.kron, "np.kron(a, b)", multilinear={"a": "kron_ct_a(g, b, a)", "b": "kron_ct_b(g, a, b)"})
defrule(np.cross, "np.cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None)",
        multilinear={"a": "unbroadcast(np.cross(b, g, axisb, axisc, axisa, axis), a)",
                     "b": "unbroadcast(np.cross(g, a, axisc, axisa, axisb, axis), b)"},
        note="3-vectors")
defrule(np.polyval, "np.polyval(p, x)", multilinear={"p": "polyval_ct_p(g, x, p)"},
        jvp={"x": "t * np.polyval(np.polyder(p), x)"}, note="p: a 1-D array of coefficients")
defrule(np.polyder, "np.polyder(p, m=1)", linear={"p": "polyder_transpose(g, p, m)"})
defrule(np.convolve, "np.convolve(a, v, mode='full')",
        multilinear={"a": "np.correlate(conv_full_cotangent(g, a, v, mode), v, 'valid')",
                     "v": "np.correlate(conv_full_cotangent(g, a, v, mode), a, 'valid')"},
        real_only=True, note="real 1-D inputs (complex refused at run time)")
defrule(np.correlate, "np.correlate(a, v, mode='valid')",
        multilinear={"a": "np.correlate(conv_full_cotangent(g, a, v, mode), np.flip(v), 'valid')",
                     "v": "np.flip(np.correlate(conv_full_cotangent(g, a, v, mode), a, 'valid'))"},
        real_only=True, note="real 1-D inputs (complex refused at run time)")
defrule(np.interp, "np.interp(x, xp, fp, left=None, right=None)",
        jvp={"fp": "interp_fp_tangent(t, x, xp, left, right)", "x": "t * interp_slope(x, xp, fp)",
             "left": "t * (x < xp[0])", "right": "t * (x > xp[-1])"},
        note="in fp, x, left and right (xp is a constant); at a knot the slope is the right "
             "segment's; period= is not supported")
# einsum takes any number of operands: the rule names ten positional slots, and each
# slot's tangent replaces that argument (string and sublist forms alike).
_SLOTS = ["subscripts"] + [f"op{i}" for i in range(1, 10)]
_ARGS = "(" + ", ".join(_SLOTS) + ")"
defrule(np.einsum, "np.einsum(subscripts, " + ", ".join(f"{s}=None" for s in _SLOTS[1:])
        + ", optimize=False)",
        jvp={s: f"einsum_tangent(t, {i}, {_ARGS}, optimize)" for i, s in enumerate(_SLOTS)},
        note="string and sublist forms, up to 9 operands; repeated and summed-out indices, "
             "ellipsis broadcasting; first order (second order refuses loudly)")

# -- no derivative -------------------------------------------------------------------------------
_NONDIFF = [
    "argsort", "argwhere", "nonzero", "flatnonzero", "searchsorted", "unique", "count_nonzero",
    "isinf", "isposinf", "isneginf", "isreal", "iscomplex", "isclose", "allclose", "array_equal",
    "array_equiv", "logical_and", "logical_or", "logical_not", "logical_xor", "any", "all",
    "rint", "trunc", "fix", "around", "floor_divide", "signbit", "empty", "eye", "identity", "tri",
    "indices", "digitize", "result_type", "iscomplexobj", "isrealobj", "isscalar",
    "broadcast_shapes", "argpartition", "lexsort", "nanargmax", "nanargmin", "unravel_index",
    "ravel_multi_index", "diag_indices", "tril_indices", "triu_indices", "isin", "spacing",
    "nextafter", "gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "invert",
    "left_shift", "right_shift", "ndindex", "may_share_memory", "shares_memory", "promote_types", "can_cast",
]
nondiff(*[getattr(np, n) for n in _NONDIFF if hasattr(np, n) and getattr(np, n) not in RULES],
        note="no derivative (piecewise constant, boolean, integer or shape valued)")
# np.unique's values are elements of its input, but it is declared here as an index-like
# function (as the issue asks): np.sort is the differentiable way to order values.

# Methods and attributes of arrays, lowered onto the functions above.
RULES.methods.update({
    "var": np.var, "std": np.std, "cumsum": np.cumsum, "cumprod": np.cumprod, "ravel": np.ravel,
    "flatten": np.ravel, "squeeze": np.squeeze, "repeat": np.repeat, "take": np.take,
    "trace": np.trace, "diagonal": np.diagonal, "conj": np.conj, "conjugate": np.conj,
    "copy": np.copy, "prod": np.prod, "clip": np.clip, "argmax": np.argmax, "argmin": np.argmin,
    "argsort": np.argsort, "nonzero": np.nonzero, "all": np.all, "any": np.any, "round": np.round,
})
RULES.attributes.update({"real": np.real, "imag": np.imag})
