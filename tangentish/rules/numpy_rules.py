"""NumPy functions.  Each entry: the primitive, its signature, its derivative."""
import numpy as np

from .table import RULES, defrule, nondiff

# Elementwise, one input: the tangent is t times the local derivative.
defrule(np.sin, "np.sin(x)", jvp={"x": "t * np.cos(x)"}, elementwise=True)
defrule(np.cos, "np.cos(x)", jvp={"x": "t * -np.sin(x)"}, elementwise=True)
defrule(np.tan, "np.tan(x)", jvp={"x": "t * (1.0 + ans * ans)"}, elementwise=True)
defrule(np.exp, "np.exp(x)", jvp={"x": "t * ans"}, elementwise=True)
defrule(np.log, "np.log(x)", jvp={"x": "t / x"}, elementwise=True)
defrule(np.sqrt, "np.sqrt(x)", jvp={"x": "t / (2.0 * ans)"}, elementwise=True,
        note="at 0 the derivative is inf (as autograd and JAX)")
defrule(np.tanh, "np.tanh(x)", jvp={"x": "t * (1.0 - ans * ans)"}, elementwise=True)
defrule(np.abs, "np.abs(x)", jvp={"x": "real_part(t * abs_slope(x))"}, elementwise=True,
        note="derivative 0 at 0 (sign(0) = 0), as JAX; complex z: d|z| = Re(conj(z) dz) / |z|, "
             "cotangent Re(g) conj(z) / |z| (autograd's convention); second order: real only")
defrule(np.square, "np.square(x)", jvp={"x": "t * (2.0 * x)"}, elementwise=True)
defrule(np.negative, "np.negative(x)", linear={"x": "-g"})

# Elementwise, two inputs.
defrule(np.add, "np.add(x1, x2)", jvp={"x1": "t", "x2": "t"}, elementwise=True)
defrule(np.subtract, "np.subtract(x1, x2)", jvp={"x1": "t", "x2": "-t"}, elementwise=True)
defrule(np.multiply, "np.multiply(x1, x2)", elementwise=True,
        multilinear={"x1": "unbroadcast(g * x2, x1)", "x2": "unbroadcast(x1 * g, x2)"})
defrule(np.divide, "np.divide(x1, x2)", elementwise=True,
        multilinear={"x1": "unbroadcast(g / x2, x1)"}, jvp={"x2": "t * (-ans / x2)"})
defrule(np.power, "np.power(x1, x2)", elementwise=True,
        jvp={"x1": "t * pow_deriv(x1, x2)", "x2": "t * pow_log(x1, x2)"},
        note="exponent 0 contributes exactly 0 (also at x1 = 0); d/dx2 is 0 at x1 = 0 "
             "(autograd's convention), NaN for x1 < 0")
defrule(np.maximum, "np.maximum(x1, x2)", elementwise=True,
        jvp={"x1": "t * (x1 >= x2)", "x2": "t * (x1 < x2)"},
        note="ties send the whole derivative to the first argument")
defrule(np.minimum, "np.minimum(x1, x2)", elementwise=True,
        jvp={"x1": "t * (x1 <= x2)", "x2": "t * (x1 > x2)"},
        note="ties send the whole derivative to the first argument")
defrule(np.where, "np.where(condition, x, y)",
        linear={"x": "unbroadcast(np.where(condition, g, 0.0), x)",
                "y": "unbroadcast(np.where(condition, 0.0, g), y)"},
        note="the unselected branch gets an exact zero, so a NaN there does not leak")

# Reductions.
defrule(np.sum, "np.sum(a, axis=None, keepdims=False)",
        linear={"a": "unreduce(g, a, axis, keepdims)"})
defrule(np.mean, "np.mean(a, axis=None, keepdims=False)",
        linear={"a": "unreduce(g / mean_count(a, axis), a, axis, keepdims)"})
_EXTREMUM = {"a": "extremum_tangent(t, a, ans, axis, keepdims)"}
for _f, _name in ((np.max, "max"), (np.min, "min"), (np.amax, "amax"), (np.amin, "amin")):
    defrule(_f, f"np.{_name}(a, axis=None, keepdims=False)", jvp=_EXTREMUM,
            note="ties share the derivative equally")

defrule(np.prod, "np.prod(a, axis=None, keepdims=False)",
        jvp={"a": "prod_tangent(t, a, axis, keepdims)"},
        note="exact with zeros in the input (no division)")
defrule(np.clip, "np.clip(a, a_min, a_max)",
        jvp={"a": "t * clip_mask(a, a_min, a_max)", "a_min": "t * (a < a_min)",
             "a_max": "t * (a > a_max)"},
        note="at the bounds the derivative goes to a")

defrule(np.take, "np.take(a, indices, axis=None)",
        linear={"a": "take_cotangent(g, a, indices, axis)"})

defrule(np.copy, "np.copy(a)", linear={"a": "g"})

# Joining.
defrule(np.stack, "np.stack([arrays], axis=0)", linear={"arrays": "np.take(g, k, axis=axis)"},
        whole={"arrays": "unstack(g, axis)"})
defrule(np.concatenate, "np.concatenate([arrays], axis=0)",
        linear={"arrays": "concatenate_part(g, arrays, k, axis)"},
        whole={"arrays": "split_like(g, arrays, axis)"})

# Products.
defrule(np.dot, "np.dot(a, b)",
        multilinear={"a": "dot_ct_a(g, b, a)", "b": "dot_ct_b(g, a, b)"},
        note="up to 2-D operands (N-D raises NotImplementedError)")
defrule(np.matmul, "np.matmul(x1, x2)",
        multilinear={"x1": "matmul_ct_a(g, x2, x1)", "x2": "matmul_ct_b(g, x1, x2)"})

# Shape.
defrule(np.transpose, "np.transpose(a, axes=None)", linear={"a": "untranspose(g, axes)"})
defrule(np.reshape, "np.reshape(a, shape)", linear={"a": "np.reshape(g, np.shape(a))"})
defrule(np.swapaxes, "np.swapaxes(a, axis1, axis2)", linear={"a": "np.swapaxes(g, axis1, axis2)"})

defrule(np.sign, "np.sign(x)", jvp={"x": "sign_tangent(t, x)"}, elementwise=True,
        note="zero derivative for real x; complex x (z / |z|) refused at run time")
nondiff(np.shape, np.ndim, np.size, np.floor, np.ceil, np.round, np.argmax, np.argmin,
        np.zeros_like, np.ones_like, np.zeros, np.ones, np.empty_like, np.isnan, np.isfinite,
        np.greater, np.less, np.equal, np.greater_equal, np.less_equal, np.not_equal,
        np.arange, np.full_like, note="no derivative (piecewise constant, shape or constant)")
nondiff(len, int, bool, isinstance, range, round, note="Python built-ins with no derivative")

# Methods and attributes of arrays, lowered onto the functions above.
RULES.methods.update({
    "sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "dot": np.dot,
    "reshape": np.reshape, "transpose": np.transpose, "swapaxes": np.swapaxes,
    "copy": np.copy, "prod": np.prod, "clip": np.clip,
})
from .. import runtime as _rt  # noqa: E402
RULES.methods["astype"] = _rt.astype
RULES.attributes.update({"T": np.transpose, "shape": None, "ndim": None, "size": None,
                         "dtype": None})
