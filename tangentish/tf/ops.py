"""TF operations, each written as one or more recorded numpy lines (``prim``):
the shape and array ops, creation, casts, ``stop_gradient``, clipping and the
nn functions here, the math ops in math_ops.py (re-exported: ``ops`` is the
namespace ``tf``, ``tf.math``, ``tf.nn`` and ``tf.linalg`` take them from).

Composite ops (sigmoid, softmax, clip_by_norm, ...) are compositions of these
lines -- the tape records the primitives they are made of, never a
derivative."""
import builtins

import numpy as np

from .. import api as _tg_api
from ..rules import RULES
from . import backends as _backends
from . import dtypes as _dtypes
from .binary import operand
from .core import RECORDING, Const, Index, Lit, kernel_error, symbol_name
from .indexed_slices import record_gather
from .math_ops import (abs, add, add_n, argmax, argmin, ceil, cos, divide, equal, exp,  # noqa: A004
                       floor, floordiv, floormod, greater, greater_equal, ints, is_finite, is_nan,
                       less, less_equal, log, logical_and, logical_not, logical_or, logical_xor,
                       matmul, maximum, minimum, mod, multiply, negative, norm, not_equal, pow,
                       reciprocal, reduce_all, reduce_any, reduce_max, reduce_mean, reduce_min,
                       reduce_prod, reduce_sum, round, rsqrt, sigmoid, sign, sin, sqrt, square,
                       squared_difference, subtract, tan, tanh, truediv)
from .tensor import Tensor, Variable, convert_to_tensor, prim, read as _t, sequence_operands, stack


# ---------------------------------------------------------------------------
# Shapes and joining.
def reshape(tensor, shape, name=None):
    x = _t(tensor)
    shape = ints(shape)
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    try:
        np.empty(x._value.shape, dtype=np.bool_).reshape(shape)
    except ValueError:
        wanted = int(np.prod([d for d in shape if d != -1], dtype=np.int64))
        raise kernel_error("Reshape", f"Input to reshape is a tensor with {x._value.size} "
                                       f"values, but the requested shape has {wanted}") from None
    return prim("np.reshape({0}, {1})", x, Lit(shape))


def transpose(a, perm=None, conjugate=False, name="transpose"):
    x = _t(a)
    if perm is None:
        out = prim("np.transpose({0})", x)
    else:
        out = prim("np.transpose({0}, {1})", x, Lit(tuple(ints(perm))))
    return prim("np.conj({0})", out) if conjugate and x._dtype.is_complex else out


def expand_dims(input, axis, name=None):  # noqa: A002
    x = _t(input)
    axis = ints(axis)
    shape = list(x._value.shape)
    axis = axis if axis >= 0 else len(shape) + 1 + axis
    shape.insert(axis, 1)
    return prim("np.reshape({0}, {1})", x, Lit(tuple(shape)))


def squeeze(input, axis=None, name=None):  # noqa: A002
    x = _t(input)
    shape = x._value.shape
    if axis is None:
        new = tuple(d for d in shape if d != 1)
    else:
        axes = ints(axis)
        axes = {a % len(shape) for a in ((axes,) if isinstance(axes, int) else axes)}
        for a in axes:
            if shape[a] != 1:
                raise kernel_error("Squeeze", f"Can not squeeze dim[{a}], expected a dimension "
                                               f"of 1, got {shape[a]}")
        new = tuple(d for i, d in enumerate(shape) if i not in axes)
    return prim("np.reshape({0}, {1})", x, Lit(new))


def concat(values, axis, name="concat"):
    tensors = sequence_operands(values, "ConcatV2")
    items = ", ".join("{%d}" % i for i in builtins.range(len(tensors)))
    axis = int(ints(axis))
    if axis == 0:
        return prim(f"np.concatenate([{items}])", *tensors)
    return prim(f"np.concatenate([{items}], axis={{{len(tensors)}}})", *tensors, Lit(axis))


def unstack(value, num=None, axis=0, name="unstack"):
    x = _t(value)
    axis = int(axis) % max(x.ndim, 1)
    lead = (slice(None),) * axis
    return [prim("{0}[{1}]", x, Index(lead + (i,) if lead else i))
            for i in builtins.range(x._value.shape[axis])]


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    if batch_dims:
        raise NotImplementedError("tangentish.tf.gather supports batch_dims=0 only")
    x = _t(params)
    idx = np.asarray(indices._current_value() if isinstance(indices, (Tensor, Variable))
                     else indices)
    axis = 0 if axis is None else int(ints(axis)) % x.ndim
    _check_gather_indices(idx, x._value.shape[axis])
    index = (slice(None),) * axis + (idx,)
    out = prim("{0}[{1}]", x, Index(index if axis else idx))
    if axis == 0 and isinstance(params, Variable) and RECORDING:
        record_gather(out, indices)   # its gradient may be an IndexedSlices (indexed_slices.py)
    return out


def _check_gather_indices(idx, n):
    bad = np.argwhere((idx < 0) | (idx >= n)) if idx.dtype.kind in "iu" else ()
    if len(bad):
        where = ",".join(str(int(i)) for i in bad[0])
        raise kernel_error("GatherV2", f"indices[{where}] = {idx[tuple(bad[0])]} is not in "
                                       f"[0, {n})")


def identity(input, name=None):  # noqa: A002
    return prim("{0}", _t(input))


def shape(input, out_type=_dtypes.int32, name=None):  # noqa: A002
    x = input if isinstance(input, (Tensor, Variable)) else _t(input)
    return Tensor._wrap(np.array(x.shape, dtype=_dtypes.as_dtype(out_type).as_numpy_dtype))


def size(input, out_type=_dtypes.int32, name=None):  # noqa: A002
    x = _t(input)
    return Tensor._wrap(np.array(x._value.size, dtype=_dtypes.as_dtype(out_type).as_numpy_dtype))


def rank(input, name=None):  # noqa: A002
    return Tensor._wrap(np.array(_t(input).ndim, dtype=np.int32))


def where(condition, x=None, y=None, name=None):
    cond = _t(condition)
    if x is None and y is None:
        _backends.refuse_foreign("tf.where(condition) without x and y", [cond])
        return Tensor._wrap(np.argwhere(cond._value.astype(bool)).astype(np.int64))
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    if not cond.dtype.is_bool:
        raise kernel_error("SelectV2", "cannot compute SelectV2 as input #0(zero-based) was "
                                        f"expected to be a bool tensor but is a "
                                        f"{cond.dtype._kernel_name} tensor")
    hint = x.dtype if isinstance(x, (Tensor, Variable)) else (
        y.dtype if isinstance(y, (Tensor, Variable)) else None)
    a = operand(x, hint) if hint is not None else convert_to_tensor(x)
    b = operand(y, a.dtype if isinstance(a, Tensor) else hint)
    da = a.dtype if isinstance(a, Tensor) else b.dtype
    db = b.dtype if isinstance(b, Tensor) else da
    if da is not db:
        raise kernel_error("SelectV2", "cannot compute SelectV2 as input #2(zero-based) was "
                                        f"expected to be a {da._kernel_name} tensor but is a "
                                        f"{db._kernel_name} tensor")
    return prim("np.where({0}, {1}, {2})", cond, a, b, record=da.differentiable)


# ---------------------------------------------------------------------------
# Constants (never recorded).
def _dtype(dtype, default=_dtypes.float32):
    return default if dtype is None else _dtypes.as_dtype(dtype)


def _shape_arg(shape):
    shape = ints(shape)
    return (shape,) if isinstance(shape, int) else tuple(shape)


def zeros(shape, dtype=_dtypes.float32, name=None, layout=None):
    return Tensor._wrap(np.zeros(_shape_arg(shape), dtype=_dtype(dtype).as_numpy_dtype))


def ones(shape, dtype=_dtypes.float32, name=None, layout=None):
    return Tensor._wrap(np.ones(_shape_arg(shape), dtype=_dtype(dtype).as_numpy_dtype))


def zeros_like(input, dtype=None, name=None, layout=None):  # noqa: A002
    x = _t(input)
    return Tensor._wrap(np.zeros(x._value.shape, dtype=_dtype(dtype, x.dtype).as_numpy_dtype))


def ones_like(input, dtype=None, name=None, layout=None):  # noqa: A002
    x = _t(input)
    return Tensor._wrap(np.ones(x._value.shape, dtype=_dtype(dtype, x.dtype).as_numpy_dtype))


def fill(dims, value, name=None, layout=None):
    v = convert_to_tensor(value)
    shape = _shape_arg(dims)
    if isinstance(value, (Tensor, Variable)) and v._dtype.differentiable:
        # recorded: TF's Fill passes the summed gradient to ``value``
        if v._value.ndim:
            raise kernel_error("Fill", f"value must be a scalar, got a tensor with shape "
                                        f"{list(v._value.shape)}")
        return prim("{0} * {1}", v, Const(np.ones(shape, dtype=v._value.dtype)))
    return Tensor._wrap(np.full(shape, v._value, dtype=v._value.dtype))


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001
    if limit is None:
        start, limit = 0, start
    values = [v._current_value() if isinstance(v, (Tensor, Variable)) else v
              for v in (start, limit, delta)]
    if dtype is None:
        kinds = [np.asarray(v).dtype.kind for v in values]
        dtype = _dtypes.float32 if "f" in kinds else _dtypes.int32
        for v in values:
            if isinstance(v, np.ndarray) and v.dtype.kind in "fi" and \
                    np.dtype(v.dtype).itemsize == 8 and v.dtype.kind in kinds:
                dtype = _dtypes.as_dtype(v.dtype)
    dtype = _dtypes.as_dtype(dtype)
    np_type = dtype.as_numpy_dtype
    start, limit, delta = (np.asarray(v).astype(np_type)[()] for v in values)
    return Tensor._wrap(np.arange(start, limit, delta, dtype=np_type))


def linspace(start, stop, num, name=None, axis=0):
    if any(isinstance(v, (Tensor, Variable)) for v in (start, stop)):
        return _linspace_recorded(start, stop, num, axis)
    s = convert_to_tensor(start)
    return Tensor._wrap(np.linspace(s._value, np.asarray(stop, dtype=s._value.dtype),
                                    int(ints(num)), axis=axis).astype(s._value.dtype))


def _linspace_recorded(start, stop, num, axis):
    """TF 2's ``linspace_nd``: ``start + delta * k`` between the end points, made of
    recorded ops, so ``start`` and ``stop`` get gradients (as in TF)."""
    s = _t(start)
    e = convert_to_tensor(stop, dtype=s.dtype)   # (TF: ValueError on a dtype mismatch)
    if not s._dtype.is_floating:
        s_value = s._value
        return Tensor._wrap(np.linspace(s_value, np.asarray(e._value, dtype=s_value.dtype),
                                        int(ints(num)), axis=axis).astype(s_value.dtype))
    num = int(ints(num))
    shape = np.broadcast_shapes(s._value.shape, e._value.shape)
    ndim = len(shape) + 1
    axis = int(axis) % ndim
    if s._value.shape != shape:
        s = prim("{0} * {1}", s, Const(np.ones(shape, dtype=s._value.dtype)))
    if e._value.shape != shape:
        e = prim("{0} * {1}", e, Const(np.ones(shape, dtype=e._value.dtype)))
    first, last = expand_dims(s, axis), expand_dims(e, axis)
    if num <= 1:
        return first if num == 1 else prim("{0}[{1}]", first, Index(
            (slice(None),) * axis + (slice(0, 0),)))
    delta = (last - first) / float(num - 1)
    k_shape = [1] * ndim
    k_shape[axis] = num - 2
    k = np.arange(1, num - 1, dtype=s._value.dtype).reshape(k_shape)
    middle = first + prim("{0} * {1}", delta, Const(k))
    return concat([first, middle, last], axis)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    idx = np.asarray(indices._current_value() if isinstance(indices, (Tensor, Variable))
                     else indices)
    dtype = _dtype(dtype)
    on = 1 if on_value is None else on_value
    off = 0 if off_value is None else off_value
    out = np.where(idx[..., None] == np.arange(int(depth)), on, off).astype(dtype.as_numpy_dtype)
    if axis is not None and axis != -1:
        out = np.moveaxis(out, -1, axis)
    return Tensor._wrap(out)


# ---------------------------------------------------------------------------
# Casting: float -> float is differentiable, recorded as ``x.astype(np.float64)``
# (the engine's rule for ``astype`` casts the cotangent back; while an engine
# without that rule is installed, a tangentish custom_gradient does the same);
# anything else carries no gradient, as in TF.
_CASTS = {}


def _engine_differentiates_astype():
    return "astype" in RULES.methods


def _cast_gradient(target):
    cg = _CASTS.get(target.name)
    if cg is None:
        np_type = target.as_numpy_dtype

        def cast(x):
            def grad(g):
                return np.asarray(g).astype(np.asarray(x).dtype)
            return np.asarray(x).astype(np_type), grad

        cast.__name__ = cast.__qualname__ = f"cast_to_{target.name}"
        cg = _CASTS[target.name] = _tg_api.custom_gradient(cast)
    return cg


def cast(x, dtype, name=None):
    x = _t(x)
    dtype = _dtypes.as_dtype(dtype)
    if x.dtype is dtype:
        return x
    if _backends.SEEN[0] and _backends.library(x._value) is not None:
        if not (x.dtype.is_floating and dtype.is_floating and _engine_differentiates_astype()):
            _backends.refuse_foreign(f"tf.cast from {x.dtype.name} to {dtype.name}", [x])
        return prim(f"{{0}}.astype(np.{dtype.name})", x)
    if (x.dtype.is_floating and dtype.is_floating) or (x.dtype.is_complex and dtype.is_complex):
        if _engine_differentiates_astype():
            return prim(f"{{0}}.astype(np.{dtype.name})", x)
        cg = _cast_gradient(dtype)
        fname = symbol_name(cg, f"cast_to_{dtype.name}")
        return prim(fname + "({0})", x, symbols={fname: cg})
    if (x.dtype.is_floating and dtype.is_complex) or (x.dtype.is_complex and dtype.is_floating):
        if builtins.any(tape._tracked(x) for tape in RECORDING):
            # TF differentiates these casts; an unrecorded cast would be a silent None
            if builtins.any(getattr(t, "_custom_forward", False) for t in RECORDING):
                # inside a tf.custom_gradient function: its first-order gradient is
                # grad_fn's, so the cast is recorded as a call that makes a gradient
                # through it (second order, a leaked value) fail loudly
                cast_fn = _UNDIFFERENTIABLE_CASTS.get((x.dtype, dtype))
                if cast_fn is None:
                    cast_fn = _UNDIFFERENTIABLE_CASTS[(x.dtype, dtype)] = \
                        _UndifferentiableCast(x.dtype, dtype)
                fname = symbol_name(cast_fn, f"cast_{x.dtype.name}_to_{dtype.name}")
                return prim(fname + "({0})", x, symbols={fname: cast_fn})
            raise NotImplementedError(
                f"tangentish.tf: a cast from {x.dtype.name} to {dtype.name} of a value a "
                "GradientTape tracks is not differentiable here")
    if (x.dtype.is_floating or x.dtype.is_complex) and (dtype.is_integer or dtype.is_bool):
        if dtype.is_bool:
            return Tensor._wrap(x._value != 0)
        with np.errstate(all="ignore"):   # (TF: a complex value's real part)
            return Tensor._wrap(np.trunc(np.real(x._value)).astype(dtype.as_numpy_dtype))
    return Tensor._wrap(x._value.astype(dtype.as_numpy_dtype))


class _UndifferentiableCast:
    """A cast between real and complex dtypes inside a ``tf.custom_gradient``
    function: computes it, and, having no source, makes the engine refuse a
    gradient through it (a TransformError naming it) instead of a silent None."""

    __tangentish_opaque__ = True    # refused as a call without source (callables.py)

    def __init__(self, src, dst):
        self._np = dst.as_numpy_dtype
        self.__name__ = f"cast_{src.name}_to_{dst.name}"
        self.__qualname__ = (f"{self.__name__} (a cast between real and complex inside "
                             "tf.custom_gradient: not differentiable here)")

    def __call__(self, x):
        return np.real(x).astype(self._np) if np.iscomplexobj(x) and \
            not np.issubdtype(self._np, np.complexfloating) else np.asarray(x).astype(self._np)


_UNDIFFERENTIABLE_CASTS = {}


def saturate_cast(value, dtype, name=None):
    """TF's: clip a real value to the range both dtypes represent, then cast."""
    x, dtype = _t(value), _dtypes.as_dtype(dtype)
    if x.dtype.is_complex or dtype.is_complex or dtype.is_bool or x.dtype.is_bool:
        return cast(x, dtype)
    info = np.iinfo if dtype.is_integer else np.finfo
    source = (np.iinfo if x.dtype.is_integer else np.finfo)(x.dtype.as_numpy_dtype)
    target = info(dtype.as_numpy_dtype)
    lo, hi = builtins.max(source.min, target.min), builtins.min(source.max, target.max)
    if lo > source.min or hi < source.max:
        x = clip_by_value(x, np.asarray(lo).astype(x.dtype.as_numpy_dtype),
                          np.asarray(hi).astype(x.dtype.as_numpy_dtype))
    return cast(x, dtype)


# ---------------------------------------------------------------------------
# Gradient control.
def stop_gradient(input, name=None):  # noqa: A002
    """The identity on values; recorded as ``tangentish.stop_gradient`` so no gradient flows."""
    return prim("stop_gradient({0})", _t(input))


# A reduction made of reshape and stop_gradient (so here, not in math_ops).
def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    x = _t(input_tensor)
    m = stop_gradient(reduce_max(x, axis=axis, keepdims=True))
    m = prim("np.where(np.isinf({0}), 0, {0})", m)   # TF's: an infinite max shifts by 0
    out = log(reduce_sum(exp(x - m), axis=axis, keepdims=keepdims))
    return out + (m if keepdims else reshape(m, out.shape))


# ---------------------------------------------------------------------------
# Clipping (TF's own compositions, so values match TF).
def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    x = _t(t)
    lo = operand(clip_value_min, x.dtype)
    hi = operand(clip_value_max, x.dtype)
    for bound in (lo, hi):
        if isinstance(bound, Tensor) and bound.dtype is not x.dtype:
            raise kernel_error("Minimum", "cannot compute Minimum as input #1(zero-based) was "
                                           f"expected to be a {x.dtype._kernel_name} tensor but "
                                           f"is a {bound.dtype._kernel_name} tensor")
    return prim("np.clip({0}, {1}, {2})", x, lo, hi, record=x.dtype.differentiable)


def clip_by_norm(t, clip_norm, axes=None, name=None):
    values = _t(t)
    l2sum = reduce_sum(values * values, axes, keepdims=True)
    pred = l2sum > 0
    l2sum_safe = where(pred, l2sum, ones_like(l2sum))
    l2norm = where(pred, sqrt(l2sum_safe), l2sum)
    intermediate = values * clip_norm
    return identity(intermediate / maximum(l2norm, clip_norm))


def global_norm(t_list, name=None):
    if not isinstance(t_list, (list, tuple)):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    values = [_t(v) for v in t_list if v is not None]
    half_squared_norms = [l2_loss(v) for v in values]
    half_squared_norm = reduce_sum(stack(half_squared_norms))
    return sqrt(half_squared_norm * 2.0)


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    if not isinstance(t_list, (list, tuple)):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    if use_norm is None:
        use_norm = global_norm(t_list)
    use_norm = _t(use_norm)
    one = convert_to_tensor(1.0, dtype=use_norm.dtype)
    scale_for_finite = clip_norm * minimum(1.0 / use_norm, one / clip_norm)
    scale = scale_for_finite + (use_norm - use_norm)
    clipped = [None if v is None else identity(_t(v) * scale) for v in t_list]
    return clipped, use_norm


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """TF's composition: ``x * rsqrt(maximum(sum(x ** 2), epsilon))``."""
    x = _t(x)
    if x.dtype.is_complex:
        raise NotImplementedError("tangentish.tf.math.l2_normalize: complex values are not "
                                  "implemented here")
    square_sum = reduce_sum(square(x), axis if dim is None else dim, keepdims=True)
    return x * rsqrt(maximum(square_sum, epsilon))


def clip_by_average_norm(t, clip_norm, name=None):
    """TF 1's ``clip_by_average_norm`` (``tf.compat.v1``; removed from TF 2's top level)."""
    t = convert_to_tensor(t)
    n_element = cast(size(t), _dtypes.float32)
    l2norm_inv = rsqrt(reduce_sum(t * t, tuple(builtins.range(t.ndim))))
    return identity(t * clip_norm * minimum(l2norm_inv * n_element,
                                            convert_to_tensor(1.0) / clip_norm))


# ---------------------------------------------------------------------------
# nn.
def relu(features, name=None):
    return prim("np.where({0} <= 0, 0, {0})", _t(features))   # (NaN stays NaN, as TF's)


# TF's formula (nn_impl.sigmoid_cross_entropy_with_logits): max(z, 0) - z * y +
# log(1 + exp(-|z|)), both max and |z| written as TF writes them (``where(z >= 0,
# ...)``), so the gradient with respect to the logits is sigmoid(z) - y everywhere,
# z = 0 included, and -z with respect to the labels.
_SIGMOID_CE = ("np.where({0} >= 0, {0}, 0) - {0} * {1} + "
               "np.log1p(np.exp(np.where({0} >= 0, -{0}, {0})))")


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """``tf.nn.sigmoid_cross_entropy_with_logits``: the elementwise logistic loss."""
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")
    z = _t(logits)
    y = operand(labels, z._dtype)
    y = y if isinstance(y, Tensor) else convert_to_tensor(labels, dtype=z._dtype)
    if y._dtype is not z._dtype:
        raise kernel_error("AddV2", f"cannot compute Mul as input #1(zero-based) was expected "
                                    f"to be a {z._dtype._kernel_name} tensor but is a "
                                    f"{y._dtype._kernel_name} tensor")
    if tuple(z.shape) != tuple(y.shape):
        raise ValueError(f"logits and labels must have the same shape, received "
                         f"({z.shape} vs {y.shape}).")
    return prim(_SIGMOID_CE, z, y)


def leaky_relu(features, alpha=0.2, name=None):
    x = _t(features)
    return prim("np.where({0} > 0, {0}, {0} * {1})", x, Lit(float(alpha)))


def softmax(logits, axis=None, name=None):
    x = _real_floating("Softmax", _t(logits))
    axis = -1 if axis is None else int(ints(axis))
    e = exp(x - stop_gradient(reduce_max(x, axis=axis, keepdims=True)))
    return e / reduce_sum(e, axis=axis, keepdims=True)


def log_softmax(logits, axis=None, name=None):
    x = _real_floating("LogSoftmax", _t(logits))
    axis = -1 if axis is None else int(ints(axis))
    shifted = x - stop_gradient(reduce_max(x, axis=axis, keepdims=True))
    return shifted - log(reduce_sum(exp(shifted), axis=axis, keepdims=True))


def l2_loss(t, name=None):
    return prim("np.sum(np.square({0})) * 0.5", _real_floating("L2Loss", _t(t)))


def _real_floating(kernel, x):
    if not x._dtype.is_floating:
        raise kernel_error(kernel, f"Value for attr 'T' of {x.dtype.name} is not in the list "
                                   "of allowed values: half, bfloat16, float, double")
    return x


__all__ = [
    "abs", "add", "add_n", "argmax", "argmin", "cast", "ceil", "clip_by_average_norm",
    "clip_by_global_norm", "clip_by_norm", "clip_by_value", "concat", "cos", "divide", "equal",
    "exp", "expand_dims", "fill", "floor", "floordiv", "floormod", "gather", "global_norm",
    "greater", "greater_equal", "identity", "is_finite", "is_nan", "l2_loss", "l2_normalize",
    "leaky_relu",
    "less", "less_equal", "linspace", "log", "log_softmax", "logical_and", "logical_not",
    "logical_or", "logical_xor", "matmul", "maximum", "minimum", "mod", "multiply", "negative",
    "norm", "not_equal", "one_hot", "ones", "ones_like", "pow", "range", "rank", "reciprocal",
    "reduce_all", "reduce_any", "reduce_logsumexp", "reduce_max", "reduce_mean", "reduce_min",
    "reduce_prod", "reduce_sum", "relu", "reshape", "round", "rsqrt", "saturate_cast", "shape",
    "sigmoid", "sigmoid_cross_entropy_with_logits", "sign", "sin", "size", "softmax", "sqrt", "square", "squared_difference",
    "squeeze", "stack", "stop_gradient", "subtract", "tan", "tanh", "transpose", "truediv",
    "unstack", "where", "zeros", "zeros_like",
]
