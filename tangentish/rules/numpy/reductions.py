"""NumPy reductions and scans: sums, means, extrema, products, variances, order
statistics, cumulative sums and differences, averages."""
import numpy as np

from ..table import defrule

# Reductions.
_NO_OUT = "require_none(out, 'np.{}()', 'out', t)"
_FLOAT_DTYPE = "require_inexact(np.empty(0, dtype), 'np.{}()', t)"
defrule(np.sum, "np.sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, "
                "where=True)",
        linear={"a": "mask_where(unreduce(g, a, axis, keepdims), where)"}, undefined=("initial",),
        offset=("initial",),
        checked={"dtype": _FLOAT_DTYPE.format("sum"), "out": _NO_OUT.format("sum")},
        note="where= a constant mask; an active initial= is refused; an integer dtype= refused")
defrule(np.mean, "np.mean(a, axis=None, dtype=None, out=None, keepdims=False, where=True)",
        linear={"a": "mask_where(unreduce(g / where_count(a, axis, keepdims, where), a, axis, "
                     "keepdims), where)"},
        checked={"dtype": _FLOAT_DTYPE.format("mean"), "out": _NO_OUT.format("mean")},
        note="where= a constant mask; an integer dtype= is refused")
_EXTREMUM = {"a": "extremum_tangent(t, a, ans, axis, keepdims)"}
for _f, _name in ((np.max, "max"), (np.min, "min"), (np.amax, "amax"), (np.amin, "amin")):
    defrule(_f, f"np.{_name}(a, axis=None, keepdims=False)", jvp=_EXTREMUM,
            note="ties share the derivative equally")
defrule(np.prod, "np.prod(a, axis=None, keepdims=False)",
        jvp={"a": "prod_tangent(t, a, axis, keepdims)"},
        note="exact with zeros in the input (no division)")
_CENTERED = "(a - np.mean(a, axis, keepdims=True))"
defrule(np.var, "np.var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False)",
        checked={"dtype": "require_inexact(np.empty(0, dtype), 'np.var()', t)"},
        jvp={"a": f"real_part(weighted_sum(t, 2.0 * np.conj({_CENTERED}) / (mean_count(a, axis) - ddof), "
                  "axis, keepdims))"},
        note="complex inputs: the variance of |a - mean|")
defrule(np.std, "np.std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False)",
        checked={"dtype": "require_inexact(np.empty(0, dtype), 'np.std()', t)"},
        jvp={"a": f"np.where(mean_count(a, axis) == 1, 0.0, real_part(weighted_sum(t, safe_div("
                  f"np.conj({_CENTERED}), (mean_count(a, axis) - ddof) * unreduce(ans, a, axis, "
                  "keepdims)), axis, keepdims)))"},
        note="0 where the standard deviation is 0 (a single value has derivative 0; equal "
             "values are a kink, 0 a subgradient); complex inputs: of |a - mean|")
defrule(np.cumsum, "np.cumsum(a, axis=None, dtype=None, out=None)",
        checked={"dtype": "require_inexact(np.empty(0, dtype), 'np.cumsum()', t)"},
        linear={"a": "reverse_cumsum(g, a, axis)"})
defrule(np.cumprod, "np.cumprod(a, axis=None, dtype=None, out=None)",
        checked={"dtype": "require_inexact(np.empty(0, dtype), 'np.cumprod()', t)"},
        jvp={"a": "ans * np.cumsum(t / a, axis)"},
        note="divides by a: NaN where the input holds zeros (exact to every order elsewhere)")
defrule(np.diff, "np.diff(a, n=1, axis=-1)", linear={"a": "diff_transpose(g, a, n, axis)"},
        note="prepend= / append= are not supported")
defrule(np.ptp, "np.ptp(a, axis=None, out=None, keepdims=False)",
        jvp={"a": "weighted_sum(t, ptp_mask(a, axis), axis, keepdims)"},
        note="ties share the derivative equally")
defrule(np.nansum, "np.nansum(a, axis=None, dtype=None, out=None, keepdims=False)",
        checked={"dtype": "require_inexact(np.empty(0, dtype), 'np.nansum()', t)"},
        jvp={"a": "weighted_sum(t, ~np.isnan(a), axis, keepdims)"}, note="0 at NaN entries")
defrule(np.nanmean, "np.nanmean(a, axis=None, dtype=None, out=None, keepdims=False)",
        checked={"dtype": "require_inexact(np.empty(0, dtype), 'np.nanmean()', t)"},
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
        jvp={"a": "order_stat_tangent(t, a, q, axis, keepdims, method)"}, undefined=("q",),
        note="in a only (an active q refuses); methods that interpolate between order statistics; "
             "ties share")
defrule(np.percentile, "np.percentile(a, q, axis=None, out=None, overwrite_input=False, "
                       "method='linear', keepdims=False)",
        jvp={"a": "order_stat_tangent(t, a, np.divide(q, 100.0), axis, keepdims, method)"},
        undefined=("q",), note="as np.quantile with q / 100")
_AVG_W = "full_weights(weights, a, axis)"
defrule(np.average, "np.average(a, axis=None, weights=None, returned=False, keepdims=False)",
        jvp={"a": f"weighted_sum(t, {_AVG_W} / np.sum({_AVG_W}, axis, keepdims=True), axis, keepdims)",
             "weights": f"weighted_sum(full_weights(t, a, axis), (a - unreduce(ans, a, axis, keepdims)) "
                        f"/ np.sum({_AVG_W}, axis, keepdims=True), axis, keepdims)"},
        note="in a and weights; returned=True (a tuple) is not supported")
defrule(np.gradient, "np.gradient(f, axis=None, edge_order=1)",
        linear={"f": "gradient_transpose(g, f, axis, edge_order)"}, positional=1,
        note="unit spacing (spacing arguments are not modelled); several axes: a tuple")

# Methods of the ufuncs (np.add.reduce...): their default axis is 0.
defrule(np.add.reduce, "np.add.reduce(array, axis=0, dtype=None, out=None, keepdims=False, "
                       "initial=None, where=True)",
        linear={"array": "mask_where(unreduce(g, array, axis, keepdims), where)"},
        undefined=("initial",), offset=("initial",),
        checked={"dtype": _FLOAT_DTYPE.format("add.reduce"), "out": _NO_OUT.format("add.reduce")},
        note="as np.sum with axis=0 by default")
defrule(np.multiply.reduce, "np.multiply.reduce(array, axis=0, dtype=None, out=None, "
                            "keepdims=False)",
        jvp={"array": "prod_tangent(t, array, axis, keepdims)"},
        checked={"dtype": _FLOAT_DTYPE.format("multiply.reduce"),
                 "out": _NO_OUT.format("multiply.reduce")},
        note="as np.prod with axis=0 by default (initial= / where= are not supported)")
for _u in (np.maximum, np.minimum):
    defrule(_u.reduce, f"np.{_u.__name__}.reduce(array, axis=0, dtype=None, out=None, "
                       "keepdims=False)",
            jvp={"array": "extremum_tangent(t, array, ans, axis, keepdims)"},
            checked={"dtype": _FLOAT_DTYPE.format(_u.__name__ + ".reduce"),
                     "out": _NO_OUT.format(_u.__name__ + ".reduce")},
            note="as np.max / np.min with axis=0 by default: ties share the derivative equally")
    defrule(_u.accumulate, f"np.{_u.__name__}.accumulate(array, axis=0, dtype=None, out=None)",
            jvp={"array": "running_extremum_tangent(t, array, ans, axis)"},
            checked={"dtype": _FLOAT_DTYPE.format(_u.__name__ + ".accumulate"),
                     "out": _NO_OUT.format(_u.__name__ + ".accumulate")},
            note="the running extremum: ties share the derivative equally")
defrule(np.add.accumulate, "np.add.accumulate(array, axis=0, dtype=None, out=None)",
        linear={"array": "reverse_cumsum(g, array, axis)"},
        checked={"dtype": _FLOAT_DTYPE.format("add.accumulate"),
                 "out": _NO_OUT.format("add.accumulate")},
        note="as np.cumsum with axis=0")
defrule(np.multiply.accumulate, "np.multiply.accumulate(array, axis=0, dtype=None, out=None)",
        jvp={"array": "ans * np.cumsum(t / array, axis)"},
        checked={"dtype": _FLOAT_DTYPE.format("multiply.accumulate"),
                 "out": _NO_OUT.format("multiply.accumulate")},
        note="as np.cumprod: NaN where the input holds zeros")
