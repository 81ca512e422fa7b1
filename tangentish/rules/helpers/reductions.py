"""Rules of the helpers in runtime/reductions.py, so generated code calling them can be
differentiated again."""
from ...runtime import reductions as rt
from ..table import defrule, nondiff

defrule(rt.unreduce, "unreduce(x, like, axis=None, keepdims=False)",
        linear={"x": "np.sum(g, axis=axis, keepdims=keepdims)"})
defrule(rt.extremum_tangent, "extremum_tangent(x, a, ans, axis=None, keepdims=False)",
        linear={"x": "unreduce(g, a, axis, keepdims) * extremum_mask(a, ans, axis, keepdims)"})
defrule(rt.prod_tangent, "prod_tangent(x, a, axis=None, keepdims=False)",
        linear={"x": "unreduce(g, a, axis, keepdims) * prod_cotangent_factor(a, axis)"},
        jvp={"a": "weighted_sum(t, prod_factor_tangent(x, a, axis), axis, keepdims)"},
        note="the Hessian of the product is symmetric: x^T H t = t^T H x")
defrule(rt.prod_cotangent_factor, "prod_cotangent_factor(a, axis=None)",
        jvp={"a": "prod_factor_tangent(t, a, axis)"})
defrule(rt.prod_factor_tangent, "prod_factor_tangent(x, a, axis=None)",
        linear={"x": "prod_factor_tangent(g, a, axis)"}, undefined=("a",),
        note="self-adjoint; its derivative in a (fourth order of np.prod) is not provided")
nondiff(rt.mean_count, rt.extremum_mask, note="constants of the derivative")
defrule(rt.weighted_sum, "weighted_sum(x, w, axis=None, keepdims=False)",
        multilinear={"x": "unbroadcast(unreduce(g, w, axis, keepdims) * w, x)",
                     "w": "unbroadcast(unreduce(g, w, axis, keepdims) * x, w)"})
defrule(rt.reverse_cumsum, "reverse_cumsum(x, like, axis=None)", linear={"x": "np.cumsum(g, axis)"})
defrule(rt.diff_transpose, "diff_transpose(x, like, n=1, axis=-1)", linear={"x": "np.diff(g, n, axis)"})
_OS = "(g, a, q, axis, keepdims, method)"
defrule(rt.order_stat_tangent, "order_stat_tangent(x, a, q, axis=None, keepdims=False, method='linear')",
        linear={"x": "order_stat_cotangent" + _OS}, undefined=("q",))
defrule(rt.order_stat_cotangent, "order_stat_cotangent(x, a, q, axis=None, keepdims=False, method='linear')",
        linear={"x": "order_stat_tangent" + _OS}, undefined=("q",))
defrule(rt.full_weights, "full_weights(w, a, axis=None)", linear={"w": "unfull_weights(g, w, a, axis)"})
defrule(rt.unfull_weights, "unfull_weights(x, w, a, axis=None)", linear={"x": "full_weights(g, a, axis)"})
nondiff(rt.ptp_mask, rt.nanmean_weights, note="constants of the derivative (piecewise constant in the input)")
defrule(rt.gradient_transpose, "gradient_transpose(x, f, axis=None, edge_order=1)",
        linear={"x": "np.gradient(g, axis=axis, edge_order=edge_order)"})
defrule(rt.mask_where, "mask_where(x, where)", linear={"x": "mask_where(g, where)"})
nondiff(rt.where_count, note="a count (constant)")
defrule(rt.running_extremum_tangent, "running_extremum_tangent(x, a, ans, axis=0)",
        linear={"x": "running_extremum_cotangent(g, a, ans, axis)"},
        note="the weights are constants (piecewise constant in a)")
defrule(rt.running_extremum_cotangent, "running_extremum_cotangent(x, a, ans, axis=0)",
        linear={"x": "running_extremum_tangent(g, a, ans, axis)"})
