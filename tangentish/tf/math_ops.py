"""TF math operations (arithmetic, elementwise functions, comparisons,
reductions, ``matmul``, ``norm``), each written as one or more recorded numpy
lines (``prim``), and the argument helpers the other op modules share.

Composite ops (sigmoid, ...) are compositions of these lines -- the tape
records the primitives they are made of, never a derivative."""
import numpy as np

from . import dtypes as _dtypes
from .binary import binary
from .complex import TfConventionOnly
from .core import Lit, eager, kernel_error
from .tensor import EagerTensor, Tensor, Variable, prim, read as _t, run


def ints(value):
    """A shape / axis / perm argument as Python ints (from lists, arrays or tensors)."""
    if isinstance(value, (Tensor, Variable)):
        value = value._current_value()
    if isinstance(value, np.ndarray):
        return int(value) if value.ndim == 0 else tuple(int(v) for v in value.reshape(-1))
    if isinstance(value, (list, tuple)):
        return tuple(ints(v) for v in value)
    return int(value)


def axis_arg(axis):
    if axis is None:
        return None
    axis = ints(axis)
    if isinstance(axis, tuple) and len(axis) == 1:
        return axis[0]
    return axis


def keyword_args(**items):
    """``, axis={1}, keepdims={2}`` for the non-default items, with their Lit args."""
    text, args = "", []
    for key, (value, default) in items.items():
        if value != default:
            args.append(Lit(value))
            text += f", {key}={{{len(args)}}}"
    return text, args


# ---------------------------------------------------------------------------
# Arithmetic.
def _elementwise(tf_name, op=None):
    """``tf.<tf_name>(x, y)``: the elementwise binary operation ``op`` (default: the
    same name) with TF's dtype rules (binary.py)."""
    op = op or tf_name

    def fn(x, y, name=None):
        return binary(op, x, y)
    fn.__name__ = fn.__qualname__ = tf_name
    fn.__doc__ = f"tf.{tf_name}(x, y): elementwise, with TF's dtype rules."
    return fn


add = _elementwise("add")
subtract = _elementwise("subtract", "sub")
multiply = _elementwise("multiply", "mul")
divide = truediv = _elementwise("divide", "truediv")
floordiv = _elementwise("floordiv")
floormod = mod = _elementwise("floormod", "mod")
pow = _elementwise("pow")  # noqa: A001 - TF's name
maximum = _elementwise("maximum")
minimum = _elementwise("minimum")


def squared_difference(x, y, name=None):
    d = subtract(x, y)
    if d._dtype.is_complex:   # |x - y|^2 (TF's gradient, 2 g (x - y), is not conjugate's)
        return _complex_squared_difference.call(d)
    return multiply(d, d)


_complex_squared_difference = TfConventionOnly(
    lambda d: d * np.conj(d), "complex_squared_difference",
    "tf.math.squared_difference of complex values: TF's gradient 2 * g * (x - y)")


def negative(x, name=None):
    return -_t(x)


def abs(x, name=None):  # noqa: A001
    return prim("np.abs({0})", _t(x))


def square(x, name=None):
    return prim("np.square({0})", _t(x))


def sqrt(x, name=None):
    return prim("np.sqrt({0})", _t(x))


def rsqrt(x, name=None):
    return prim("1.0 / np.sqrt({0})", _t(x))


def reciprocal(x, name=None):
    return prim("1.0 / {0}", _t(x))


def exp(x, name=None):
    return prim("np.exp({0})", _t(x))


def log(x, name=None):
    return prim("np.log({0})", _t(x))


def sin(x, name=None):
    return prim("np.sin({0})", _t(x))


def cos(x, name=None):
    return prim("np.cos({0})", _t(x))


def tan(x, name=None):
    return prim("np.tan({0})", _t(x))


def tanh(x, name=None):
    return prim("np.tanh({0})", _t(x))


def sigmoid(x, name=None):
    """1 / (1 + exp(-x)), written through tanh so neither value nor derivative overflows."""
    return prim("0.5 * np.tanh(0.5 * {0}) + 0.5", _t(x))


def sign(x, name=None):
    return prim("np.sign({0})", _t(x))     # zero derivative, as TF's


def floor(x, name=None):
    return prim("np.floor({0})", _t(x), record=False)   # TF: no gradient (None)


def ceil(x, name=None):
    return prim("np.ceil({0})", _t(x), record=False)


def round(x, name=None):  # noqa: A001
    return prim("np.round({0})", _t(x), record=False)


def is_finite(x, name=None):
    x = _t(x)
    if not x._dtype.is_floating:
        raise kernel_error("IsFinite", f"Value for attr 'T' of {x.dtype.name} is not in the "
                                       "list of allowed values: bfloat16, half, float, double")
    return prim("np.isfinite({0})", x, record=False)


def is_nan(x, name=None):
    return prim("np.isnan({0})", _t(x), record=False)


equal = _elementwise("equal")
not_equal = _elementwise("not_equal")
less = _elementwise("less")
less_equal = _elementwise("less_equal")
greater = _elementwise("greater")
greater_equal = _elementwise("greater_equal")
logical_and = _elementwise("logical_and")
logical_or = _elementwise("logical_or")
logical_xor = _elementwise("logical_xor")


def logical_not(x, name=None):
    return prim("np.logical_not({0})", _t(x), record=False)


def add_n(inputs, name=None):
    inputs = list(inputs)
    if not inputs:
        raise ValueError("inputs must be an iterable of at least one Tensor/IndexedSlices")
    total = _t(inputs[0])
    for x in inputs[1:]:
        total = add(total, x)
    return total


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, name=None):
    a, b = _t(a), _t(b)
    if transpose_a or adjoint_a:
        a = _swap_last(a, adjoint_a)
    if transpose_b or adjoint_b:
        b = _swap_last(b, adjoint_b)
    return binary("matmul", a, b)


def _swap_last(x, conjugate=False):
    if x.ndim < 2:
        raise kernel_error("MatMul", f"In[0] and In[1] ndims must be >= 2: {x.ndim}")
    out = prim("np.swapaxes({0}, -1, -2)", x)
    return prim("np.conj({0})", out) if conjugate and x._dtype.is_complex else out


# ---------------------------------------------------------------------------
# Reductions.
def _mean_of_all(a):
    """``np.mean(a)`` over all of a float32 / float64 array, computed exactly as
    numpy computes it (the float sum, divided by the count in float64, rounded to
    a's dtype) without numpy's ~2.5 us of Python-level dispatch.  Other dtypes
    and empty arrays go to np.mean."""
    if a.size and (a.dtype == np.float32 or a.dtype == np.float64):
        return np.array(float(np.add.reduce(a, axis=None)) / a.size, dtype=a.dtype)
    return np.mean(a)


# Reductions over the whole tensor (no axis, no keepdims), the common case: the
# template and the function evaluating it, looked up once.
_WHOLE = {name: (f"np.{name}({{0}})", eager(f"np.{name}({{0}})", 1))
          for name in ("sum", "mean", "max", "min", "prod")}
_WHOLE["mean"] = ("np.mean({0})", _mean_of_all)


def _reduce(name, x, axis, keepdims):
    x = _t(x)
    if name in ("max", "min") and x._dtype.is_complex:
        raise kernel_error(name.capitalize(), f"Value for attr 'T' of {x.dtype.name} is not "
                                              "in the list of allowed values")
    if x._value.size == 0 and name in ("max", "min"):
        return _empty_extreme(name, x, axis, keepdims)
    if axis is None and not keepdims and x._dtype._differentiable:
        template, fn = _WHOLE[name]
        return run(fn, template, (x,))
    axis = axis_arg(axis)
    keepdims = bool(keepdims)
    text, extra = keyword_args(axis=(axis, None), keepdims=(keepdims, False))
    template = f"np.{name}({{0}}{text})"
    if x.dtype.differentiable:
        return prim(template, x, *extra)
    return prim(template, x, *extra, dtype=x.dtype, record=False)


def _empty_extreme(name, x, axis, keepdims):
    """TF's max (min) over no elements: the dtype's lowest (highest) value, or -inf (inf)."""
    dt = x._value.dtype
    info = np.finfo(dt) if dt.kind == "f" else np.iinfo(dt)
    bound = (-np.inf if name == "max" else np.inf) if dt.kind == "f" else \
        (info.min if name == "max" else info.max)
    fn = np.max if name == "max" else np.min
    value = fn(x._value, axis=axis_arg(axis), keepdims=bool(keepdims), initial=bound)
    return Tensor._wrap(np.asarray(value, dtype=dt))


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce("sum", input_tensor, axis, keepdims)


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    x = input_tensor if type(input_tensor) is EagerTensor else _t(input_tensor)
    if axis is None and not keepdims and x._dtype._is_floating:   # the common case
        return run(_mean_of_all, "np.mean({0})", (x,))
    if x._dtype.is_integer:   # TF: integer mean is the truncated integer quotient
        value = x._value.astype(np.int64)
        axis = axis_arg(axis)
        total = np.sum(value, axis=axis, keepdims=bool(keepdims))
        count = value.size // max(np.size(total), 1) if value.size else 1
        out = np.sign(total) * (np.abs(total) // count)
        return Tensor._wrap(np.asarray(out, dtype=x.dtype.as_numpy_dtype))
    return _reduce("mean", x, axis, keepdims)


def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce("max", input_tensor, axis, keepdims)


def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce("min", input_tensor, axis, keepdims)


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce("prod", input_tensor, axis, keepdims)


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    x = _t(input_tensor)
    text, extra = keyword_args(axis=(axis_arg(axis), None), keepdims=(bool(keepdims), False))
    return prim(f"np.any({{0}}{text})", x, *extra, record=False)


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    x = _t(input_tensor)
    text, extra = keyword_args(axis=(axis_arg(axis), None), keepdims=(bool(keepdims), False))
    return prim(f"np.all({{0}}{text})", x, *extra, record=False)


def argmax(input, axis=None, output_type=_dtypes.int64, name=None):  # noqa: A002
    x = _without_nan(_t(input), "-np.inf")
    axis = 0 if axis is None else axis_arg(axis)
    return prim("np.argmax({0}, axis={1})", x, Lit(axis), dtype=_dtypes.as_dtype(output_type),
                record=False)


def argmin(input, axis=None, output_type=_dtypes.int64, name=None):  # noqa: A002
    x = _without_nan(_t(input), "np.inf")
    axis = 0 if axis is None else axis_arg(axis)
    return prim("np.argmin({0}, axis={1})", x, Lit(axis), dtype=_dtypes.as_dtype(output_type),
                record=False)


def _without_nan(x, fill):
    """TF's ArgMax/ArgMin kernels never pick a NaN (numpy's pick the first one)."""
    if not x._dtype.is_floating or not np.isnan(x._value).any():
        return x
    return prim(f"np.where(np.isnan({{0}}), {fill}, {{0}})", x, record=False)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):  # noqa: A002
    if ord not in ("euclidean", 2, 2.0) and not (ord == "fro" and axis is None):
        raise NotImplementedError("tangentish.tf.norm supports the euclidean norm only")
    x = _t(tensor)
    y = prim("np.conj({0})", x) if x._dtype.is_complex else x   # TF: sqrt(sum(x * conj(x)))
    return sqrt(reduce_sum(x * y, axis=axis, keepdims=bool(keepdims)))
