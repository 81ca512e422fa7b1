"""Rules for the helpers in runtime_more.py, so generated code is differentiable again.

Most helpers are linear in their first argument; the rule gives the transpose,
which is again a helper (or a numpy function) with a rule of its own.  Where a
helper also depends nonlinearly on primal values (the factors of a matrix
decomposition, say) and that dependence is not written out here, the
parameter's derivative is ``unsupported_higher_order_derivative(t)``: a name
with no rule, so differentiating through it fails at transform time with a
message naming it, instead of silently dropping a term.
"""
from .. import runtime_more as rm
from .numpy_more import TRAPEZOID
from .table import defrule, nondiff

_LOUD = "unsupported_higher_order_derivative(t)"


def _loud(*params):
    return {p: _LOUD for p in params}


defrule(rm.match_complex, "match_complex(x, like)", linear={"x": "match_complex(g, like)"})
defrule(rm.default_ones, "default_ones(b)", linear={"b": "g"})
defrule(rm.weighted_sum, "weighted_sum(x, w, axis=None, keepdims=False)",
        multilinear={"x": "unbroadcast(unreduce(g, w, axis, keepdims) * w, x)",
                     "w": "unbroadcast(unreduce(g, w, axis, keepdims) * x, w)"})
defrule(rm.reverse_cumsum, "reverse_cumsum(x, like, axis=None)", linear={"x": "np.cumsum(g, axis)"})
defrule(rm.diff_transpose, "diff_transpose(x, like, n=1, axis=-1)", linear={"x": "np.diff(g, n, axis)"})
_OS = "(g, a, q, axis, keepdims, method)"
defrule(rm.order_stat_tangent, "order_stat_tangent(x, a, q, axis=None, keepdims=False, method='linear')",
        linear={"x": "order_stat_cotangent" + _OS})
defrule(rm.order_stat_cotangent, "order_stat_cotangent(x, a, q, axis=None, keepdims=False, method='linear')",
        linear={"x": "order_stat_tangent" + _OS})
defrule(rm.full_weights, "full_weights(w, a, axis=None)", linear={"w": "unfull_weights(g, w, a, axis)"})
defrule(rm.unfull_weights, "unfull_weights(x, w, a, axis=None)", linear={"x": "full_weights(g, a, axis)"})
defrule(rm.trapezoid_ct_y, "trapezoid_ct_y(x, y, xs=None, dx=1.0, axis=-1)",
        multilinear={"x": f"np.{TRAPEZOID}(g, xs, dx, axis)", "xs": "trapezoid_ct_x(x, g, xs, axis)",
                     "dx": "trapezoid_ct_dx(x, g, dx, axis)"})
defrule(rm.trapezoid_ct_x, "trapezoid_ct_x(x, y, xs, axis=-1)",
        multilinear={"x": f"np.{TRAPEZOID}(y, g, 1.0, axis)", "y": "trapezoid_ct_y(x, y, g, 1.0, axis)"})
defrule(rm.trapezoid_ct_dx, "trapezoid_ct_dx(x, y, dx, axis=-1)",
        multilinear={"x": f"np.{TRAPEZOID}(y, None, g, axis)", "y": "trapezoid_ct_y(x * g, y, None, 1.0, axis)"})
defrule(rm.joined_part, "joined_part(x, arrays, k, kind)",
        linear={"x": "joined_part_transpose(g, arrays, k, kind)"})
defrule(rm.joined_part_transpose, "joined_part_transpose(x, arrays, k, kind)",
        linear={"x": "joined_part(g, arrays, k, kind)"})
defrule(rm.split_transpose, "split_transpose(x, ary, axis=0, kind='split')",
        linear={"x": "split_like(g, x, axis, kind)"})
defrule(rm.split_like, "split_like(x, parts, axis=0, kind='split')",
        linear={"x": "split_transpose(g, x, axis, kind)"})
defrule(rm.unrepeat, "unrepeat(x, like, repeats, axis=None)", linear={"x": "np.repeat(g, repeats, axis)"})
defrule(rm.untile, "untile(x, like, reps)", linear={"x": "np.tile(g, reps)"})
defrule(rm.unpad, "unpad(x, like, pad_width, mode='constant')", linear={"x": "np.pad(g, pad_width, mode)"})
defrule(rm.pad_fill, "pad_fill(x, like, pad_width)", linear={"x": "pad_border_sum(g, like, pad_width)"})
defrule(rm.pad_border_sum, "pad_border_sum(x, like, pad_width)", linear={"x": "pad_fill(g, like, pad_width)"})
defrule(rm.undiag, "undiag(x, v, k=0)", linear={"x": "np.diag(g, k)"})
defrule(rm.undiagonal, "undiagonal(x, like, offset=0, axis1=0, axis2=1)",
        linear={"x": "np.diagonal(g, offset, axis1, axis2)"})
defrule(rm.untrace, "untrace(x, like, offset=0, axis1=0, axis2=1)",
        linear={"x": "np.trace(g, offset, axis1, axis2)"})
defrule(rm.untake, "untake(x, like, indices, axis=None)", linear={"x": "np.take(g, indices, axis)"})
defrule(rm.untake_along_axis, "untake_along_axis(x, like, indices, axis)",
        linear={"x": "np.take_along_axis(g, indices, axis)"})
defrule(rm.linspace_cotangent, "linspace_cotangent(x, which, num=50, endpoint=True, axis=0, like=None)",
        linear={"x": "broadcast_to_like(linspace_part(g, which, num, endpoint, axis), x)"})
defrule(rm.linspace_part, "linspace_part(x, which, num=50, endpoint=True, axis=0)",
        linear={"x": "linspace_cotangent(g, which, num, endpoint, axis, x)"})
_MT = "np.swapaxes({}, -1, -2)"
defrule(rm.sandwich, "sandwich(x, left, right)", multilinear={
    "x": f"unbroadcast(sandwich(g, {_MT.format('left')}, {_MT.format('right')}), x)",
    "left": f"unbroadcast(np.matmul(g, {_MT.format('np.matmul(x, right)')}), left)",
    "right": f"unbroadcast(np.matmul({_MT.format('np.matmul(left, x)')}, g), right)"})
defrule(rm.inner_ct_a, "inner_ct_a(x, b, like)", multilinear={"x": "np.inner(g, b)", "b": "inner_ct_b(x, g, b)"})
defrule(rm.inner_ct_b, "inner_ct_b(x, a, like)", multilinear={"x": "np.inner(a, g)", "a": "inner_ct_a(x, g, a)"})
defrule(rm.tensordot_ct_a, "tensordot_ct_a(x, b, like, axes=2)",
        multilinear={"x": "np.tensordot(g, b, axes)", "b": "tensordot_ct_b(x, g, b, axes)"})
defrule(rm.tensordot_ct_b, "tensordot_ct_b(x, a, like, axes=2)",
        multilinear={"x": "np.tensordot(a, g, axes)", "a": "tensordot_ct_a(x, g, a, axes)"})
defrule(rm.kron_ct_a, "kron_ct_a(x, b, like)", multilinear={"x": "np.kron(g, b)", "b": "kron_ct_b(x, g, b)"})
defrule(rm.kron_ct_b, "kron_ct_b(x, a, like)", multilinear={"x": "np.kron(a, g)", "a": "kron_ct_a(x, g, a)"})
defrule(rm.einsum_tangent, "einsum_tangent(x, i, args, optimize=False)",
        linear={"x": "einsum_cotangent(g, i, args, optimize)"}, jvp=_loud("args"))
defrule(rm.einsum_cotangent, "einsum_cotangent(x, i, args, optimize=False)",
        linear={"x": "einsum_tangent(g, i, args, optimize)"}, jvp=_loud("args"))
defrule(rm.conv_full_cotangent, "conv_full_cotangent(x, a, v, mode='full')",
        linear={"x": "conv_crop(g, a, v, mode)"})
defrule(rm.conv_crop, "conv_crop(x, a, v, mode='full')", linear={"x": "conv_full_cotangent(g, a, v, mode)"})
defrule(rm.polyval_ct_p, "polyval_ct_p(x, xs, like)", linear={"x": "np.polyval(g, xs)"}, jvp=_loud("xs"))
defrule(rm.polyder_transpose, "polyder_transpose(x, p, m=1)", linear={"x": "np.polyder(g, m)"})
defrule(rm.interp_fp_tangent, "interp_fp_tangent(x, xs, xp, left=None, right=None)",
        linear={"x": "interp_fp_cotangent(g, xs, xp, left, right)"}, jvp=_loud("xs"))
defrule(rm.interp_fp_cotangent, "interp_fp_cotangent(x, xs, xp, left=None, right=None)",
        linear={"x": "interp_fp_tangent(g, xs, xp, left, right)"}, jvp=_loud("xs"))
defrule(rm.interp_slope, "interp_slope(xs, xp, fp)", jvp=_loud("fp"),
        note="piecewise constant in xs")
defrule(rm.fit_to, "fit_to(x, like)", linear={"x": "fit_to(g, x)"})
defrule(rm.rfft_transpose, "rfft_transpose(x, a, n=None, axis=-1, norm=None)",
        linear={"x": "np.fft.rfft(g, n, axis, norm)"})
defrule(rm.rfftn_transpose, "rfftn_transpose(x, a, s=None, axes=None, norm=None)",
        linear={"x": "np.fft.rfftn(g, s, axes, norm)"})
defrule(rm.irfft_transpose, "irfft_transpose(x, a, n=None, axis=-1, norm=None)",
        linear={"x": "np.fft.irfft(g, n, axis, norm)"})
defrule(rm.irfftn_transpose, "irfftn_transpose(x, a, s=None, axes=None, norm=None)",
        linear={"x": "np.fft.irfftn(g, s, axes, norm)"})
defrule(rm.softmax_tangent, "softmax_tangent(x, s, axis=None)",
        linear={"x": "softmax_tangent(g, s, axis)"}, jvp=_loud("s"))
defrule(rm.log_softmax_tangent, "log_softmax_tangent(x, ans, axis=None)",
        linear={"x": "log_softmax_cotangent(g, ans, axis)"}, jvp=_loud("ans"))
defrule(rm.log_softmax_cotangent, "log_softmax_cotangent(x, ans, axis=None)",
        linear={"x": "log_softmax_tangent(g, ans, axis)"}, jvp=_loud("ans"))

# Derivatives of matrix decompositions: linear in the tangent, first order only.
for _name, _sig, _nonlinear in [
    ("eigh", "(x, a, ans, UPLO='L')", ("ans",)),
    ("eigvalsh", "(x, a, UPLO='L')", ("a",)),
    ("cholesky", "(x, a, ans, upper=False)", ("ans",)),
    ("svd", "(x, a, ans, full_matrices=True, compute_uv=True)", ("a", "ans")),
    ("qr", "(x, a, ans, mode='reduced')", ("ans",)),
    ("lstsq", "(x, which, a, b, ans)", ("a", "b", "ans")),
    ("pinv", "(x, a, ans)", ("a", "ans")),
    ("matrix_power", "(x, a, n)", ("a",)),
    ("norm", "(x, a, ord=None, axis=None, keepdims=False, ans=None)", ("a", "ans")),
]:
    _args = ", ".join(p.split("=")[0].strip() for p in _sig.strip("()").split(",")[1:])
    defrule(getattr(rm, f"{_name}_tangent"), f"{_name}_tangent{_sig}",
            linear={"x": f"{_name}_cotangent(g, {_args})"}, jvp=_loud(*_nonlinear))
    defrule(getattr(rm, f"{_name}_cotangent"), f"{_name}_cotangent{_sig}",
            linear={"x": f"{_name}_tangent(g, {_args})"}, jvp=_loud(*_nonlinear))

nondiff(rm.ptp_mask, rm.nanmean_weights, rm.angle_unit, rm.fft_axes,
        note="constants of the derivative (piecewise constant in the input)")
