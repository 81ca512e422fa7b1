"""TF operations, each written as one or more recorded numpy lines (``prim``).

Composite ops (sigmoid, softmax, clip_by_norm, ...) are compositions of these
lines -- the tape records the primitives they are made of, never a
derivative."""
import builtins

import numpy as np

from .. import api as _tg_custom
from . import dtypes as _dtypes
from .errors import _kernel_error
from .tensor import (RECORDING, Const, EagerTensor, Index, Lit, Tensor, Variable, _eager,
                     _operand, _read, _run, binary, convert_to_tensor, prim, symbol_name)


def _t(x):
    return _read(x)


def _ints(value):
    """A shape / axis / perm argument as Python ints (from lists, arrays or tensors)."""
    if isinstance(value, (Tensor, Variable)):
        value = value._current_value()
    if isinstance(value, np.ndarray):
        return int(value) if value.ndim == 0 else tuple(int(v) for v in value.reshape(-1))
    if isinstance(value, (list, tuple)):
        return tuple(_ints(v) for v in value)
    return int(value)


def _axis(axis):
    if axis is None:
        return None
    axis = _ints(axis)
    if isinstance(axis, tuple) and len(axis) == 1:
        return axis[0]
    return axis


def _kw(**items):
    """``, axis={1}, keepdims={2}`` for the non-default items, with their Lit args."""
    text, args = "", []
    for key, (value, default) in items.items():
        if value != default:
            args.append(Lit(value))
            text += f", {key}={{{len(args)}}}"
    return text, args


# ---------------------------------------------------------------------------
# Arithmetic.
def add(x, y, name=None):
    return binary("add", x, y)


def subtract(x, y, name=None):
    return binary("sub", x, y)


def multiply(x, y, name=None):
    return binary("mul", x, y)


def divide(x, y, name=None):
    return binary("truediv", x, y)


truediv = divide


def floordiv(x, y, name=None):
    return binary("floordiv", x, y)


def floormod(x, y, name=None):
    return binary("mod", x, y)


mod = floormod


def pow(x, y, name=None):  # noqa: A001 - TF's name
    return binary("pow", x, y)


def maximum(x, y, name=None):
    return binary("maximum", x, y)


def minimum(x, y, name=None):
    return binary("minimum", x, y)


def squared_difference(x, y, name=None):
    d = subtract(x, y)
    return multiply(d, d)


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
    return prim("np.isfinite({0})", _t(x), record=False)


def is_nan(x, name=None):
    return prim("np.isnan({0})", _t(x), record=False)


def equal(x, y, name=None):
    return binary("equal", x, y)


def not_equal(x, y, name=None):
    return binary("not_equal", x, y)


def less(x, y, name=None):
    return binary("less", x, y)


def less_equal(x, y, name=None):
    return binary("less_equal", x, y)


def greater(x, y, name=None):
    return binary("greater", x, y)


def greater_equal(x, y, name=None):
    return binary("greater_equal", x, y)


def logical_and(x, y, name=None):
    return binary("logical_and", x, y)


def logical_or(x, y, name=None):
    return binary("logical_or", x, y)


def logical_xor(x, y, name=None):
    return binary("logical_xor", x, y)


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
        a = _swap_last(a)
    if transpose_b or adjoint_b:
        b = _swap_last(b)
    return binary("matmul", a, b)


def _swap_last(x):
    if x.ndim < 2:
        raise _kernel_error("MatMul", f"In[0] and In[1] ndims must be >= 2: {x.ndim}")
    return prim("np.swapaxes({0}, -1, -2)", x)


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
_WHOLE = {name: (f"np.{name}({{0}})", _eager(f"np.{name}({{0}})", 1))
          for name in ("sum", "mean", "max", "min", "prod")}
_WHOLE["mean"] = ("np.mean({0})", _mean_of_all)


def _reduce(name, x, axis, keepdims):
    x = _t(x)
    if axis is None and not keepdims and x._dtype._differentiable:
        template, fn = _WHOLE[name]
        return _run(fn, template, (x,))
    axis = _axis(axis)
    keepdims = bool(keepdims)
    text, extra = _kw(axis=(axis, None), keepdims=(keepdims, False))
    template = f"np.{name}({{0}}{text})"
    if x.dtype.differentiable:
        return prim(template, x, *extra)
    return prim(template, x, *extra, dtype=x.dtype, record=False)


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    return _reduce("sum", input_tensor, axis, keepdims)


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    x = input_tensor if type(input_tensor) is EagerTensor else _t(input_tensor)
    if axis is None and not keepdims and x._dtype._is_floating:   # the common case
        return _run(_mean_of_all, "np.mean({0})", (x,))
    if x._dtype.is_integer:   # TF: integer mean is the truncated integer quotient
        value = x._value.astype(np.int64)
        axis = _axis(axis)
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
    text, extra = _kw(axis=(_axis(axis), None), keepdims=(bool(keepdims), False))
    return prim(f"np.any({{0}}{text})", x, *extra, record=False)


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    x = _t(input_tensor)
    text, extra = _kw(axis=(_axis(axis), None), keepdims=(bool(keepdims), False))
    return prim(f"np.all({{0}}{text})", x, *extra, record=False)


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    x = _t(input_tensor)
    m = stop_gradient(reduce_max(x, axis=axis, keepdims=True))
    out = log(reduce_sum(exp(x - m), axis=axis, keepdims=keepdims))
    return out + (m if keepdims else reshape(m, out.shape))


def argmax(input, axis=None, output_type=_dtypes.int64, name=None):  # noqa: A002
    x = _t(input)
    axis = 0 if axis is None else _axis(axis)
    return prim("np.argmax({0}, axis={1})", x, Lit(axis), dtype=_dtypes.as_dtype(output_type),
                record=False)


def argmin(input, axis=None, output_type=_dtypes.int64, name=None):  # noqa: A002
    x = _t(input)
    axis = 0 if axis is None else _axis(axis)
    return prim("np.argmin({0}, axis={1})", x, Lit(axis), dtype=_dtypes.as_dtype(output_type),
                record=False)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):  # noqa: A002
    if ord not in ("euclidean", 2, 2.0) and not (ord == "fro" and axis is None):
        raise NotImplementedError("tangentish.tf.norm supports the euclidean norm only")
    x = _t(tensor)
    return sqrt(reduce_sum(x * x, axis=axis, keepdims=bool(keepdims)))


# ---------------------------------------------------------------------------
# Shapes and joining.
def reshape(tensor, shape, name=None):
    x = _t(tensor)
    shape = _ints(shape)
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    try:
        np.empty(x._value.shape, dtype=np.bool_).reshape(shape)
    except ValueError:
        wanted = int(np.prod([d for d in shape if d != -1], dtype=np.int64))
        raise _kernel_error("Reshape", f"Input to reshape is a tensor with {x._value.size} "
                                       f"values, but the requested shape has {wanted}") from None
    return prim("np.reshape({0}, {1})", x, Lit(shape))


def transpose(a, perm=None, conjugate=False, name="transpose"):
    x = _t(a)
    if perm is None:
        return prim("np.transpose({0})", x)
    return prim("np.transpose({0}, {1})", x, Lit(tuple(_ints(perm))))


def expand_dims(input, axis, name=None):  # noqa: A002
    x = _t(input)
    axis = _ints(axis)
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
        axes = _ints(axis)
        axes = {a % len(shape) for a in ((axes,) if isinstance(axes, int) else axes)}
        for a in axes:
            if shape[a] != 1:
                raise _kernel_error("Squeeze", f"Can not squeeze dim[{a}], expected a dimension "
                                               f"of 1, got {shape[a]}")
        new = tuple(d for i, d in enumerate(shape) if i not in axes)
    return prim("np.reshape({0}, {1})", x, Lit(new))


def _same_dtype(tensors, op):
    dtypes = [t.dtype for t in tensors]
    if builtins.any(d is not dtypes[0] for d in dtypes):
        raise TypeError(f"Tensors in list passed to 'values' of '{op}' Op have types "
                        f"[{', '.join(d.name for d in dtypes)}] that don't all match.")


def _sequence(values, op):
    values = list(values)
    if not values:
        raise ValueError(f"{op} needs at least one tensor")
    first = next((v for v in values if isinstance(v, (Tensor, Variable))), None)
    hint = first.dtype if first is not None else None
    tensors = [_read(v) if isinstance(v, (Tensor, Variable)) else convert_to_tensor(
        v, dtype_hint=hint) for v in values]
    _same_dtype(tensors, op)
    return tensors


def stack(values, axis=0, name="stack"):
    tensors = _sequence(values, "Pack")
    shapes = {t._value.shape for t in tensors}
    if len(shapes) > 1:
        raise _kernel_error("Pack", "Shapes of all inputs must match: values[0].shape = "
                                    f"{list(tensors[0]._value.shape)} != values[1].shape = "
                                    f"{list(tensors[1]._value.shape)}")
    items = ", ".join("{%d}" % i for i in builtins.range(len(tensors)))
    axis = int(axis)
    if axis == 0:
        return prim(f"np.stack([{items}])", *tensors)
    return prim(f"np.stack([{items}], axis={{{len(tensors)}}})", *tensors, Lit(axis))


def concat(values, axis, name="concat"):
    tensors = _sequence(values, "ConcatV2")
    items = ", ".join("{%d}" % i for i in builtins.range(len(tensors)))
    axis = int(_ints(axis))
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
    axis = 0 if axis is None else int(_ints(axis)) % x.ndim
    index = (slice(None),) * axis + (idx,)
    return prim("{0}[{1}]", x, Index(index if axis else idx))


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
        return Tensor._wrap(np.argwhere(cond._value.astype(bool)).astype(np.int64))
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    if not cond.dtype.is_bool:
        raise _kernel_error("SelectV2", "cannot compute SelectV2 as input #0(zero-based) was "
                                        f"expected to be a bool tensor but is a "
                                        f"{cond.dtype._kernel_name} tensor")
    hint = x.dtype if isinstance(x, (Tensor, Variable)) else (
        y.dtype if isinstance(y, (Tensor, Variable)) else None)
    a = _operand(x, hint) if hint is not None else convert_to_tensor(x)
    b = _operand(y, a.dtype if isinstance(a, Tensor) else hint)
    da = a.dtype if isinstance(a, Tensor) else b.dtype
    db = b.dtype if isinstance(b, Tensor) else da
    if da is not db:
        raise _kernel_error("SelectV2", "cannot compute SelectV2 as input #2(zero-based) was "
                                        f"expected to be a {da._kernel_name} tensor but is a "
                                        f"{db._kernel_name} tensor")
    return prim("np.where({0}, {1}, {2})", cond, a, b, record=da.differentiable)


# ---------------------------------------------------------------------------
# Constants (never recorded).
def _dtype(dtype, default=_dtypes.float32):
    return default if dtype is None else _dtypes.as_dtype(dtype)


def _shape_arg(shape):
    shape = _ints(shape)
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
            raise _kernel_error("Fill", f"value must be a scalar, got a tensor with shape "
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
                                    int(_ints(num)), axis=axis).astype(s._value.dtype))


def _linspace_recorded(start, stop, num, axis):
    """TF 2's ``linspace_nd``: ``start + delta * k`` between the end points, made of
    recorded ops, so ``start`` and ``stop`` get gradients (as in TF)."""
    s = _t(start)
    e = convert_to_tensor(stop, dtype=s.dtype)   # (TF: ValueError on a dtype mismatch)
    if not s._dtype.is_floating:
        s_value = s._value
        return Tensor._wrap(np.linspace(s_value, np.asarray(e._value, dtype=s_value.dtype),
                                        int(_ints(num)), axis=axis).astype(s_value.dtype))
    num = int(_ints(num))
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
    from ..rules import RULES
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
        cg = _CASTS[target.name] = _tg_custom.custom_gradient(cast)
    return cg


def cast(x, dtype, name=None):
    x = _t(x)
    dtype = _dtypes.as_dtype(dtype)
    if x.dtype is dtype:
        return x
    if x.dtype.is_floating and dtype.is_floating:
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
        with np.errstate(all="ignore"):
            return Tensor._wrap(np.trunc(x._value).astype(dtype.as_numpy_dtype))
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
    return cast(value, dtype)


# ---------------------------------------------------------------------------
# Gradient control.
def stop_gradient(input, name=None):  # noqa: A002
    """The identity on values; recorded as ``tangentish.stop_gradient`` so no gradient flows."""
    return prim("stop_gradient({0})", _t(input))


# ---------------------------------------------------------------------------
# Clipping (TF's own compositions, so values match TF).
def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    x = _t(t)
    lo = _operand(clip_value_min, x.dtype)
    hi = _operand(clip_value_max, x.dtype)
    for bound in (lo, hi):
        if isinstance(bound, Tensor) and bound.dtype is not x.dtype:
            raise _kernel_error("Minimum", "cannot compute Minimum as input #1(zero-based) was "
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
    return prim("np.where({0} > 0, {0}, 0)", _t(features))


def leaky_relu(features, alpha=0.2, name=None):
    x = _t(features)
    return prim("np.where({0} > 0, {0}, {0} * {1})", x, Lit(float(alpha)))


def softmax(logits, axis=None, name=None):
    x = _t(logits)
    axis = -1 if axis is None else int(_ints(axis))
    e = exp(x - stop_gradient(reduce_max(x, axis=axis, keepdims=True)))
    return e / reduce_sum(e, axis=axis, keepdims=True)


def log_softmax(logits, axis=None, name=None):
    x = _t(logits)
    axis = -1 if axis is None else int(_ints(axis))
    shifted = x - stop_gradient(reduce_max(x, axis=axis, keepdims=True))
    return shifted - log(reduce_sum(exp(shifted), axis=axis, keepdims=True))


def l2_loss(t, name=None):
    return prim("np.sum(np.square({0})) * 0.5", _t(t))


__all__ = [n for n in dir() if not n.startswith("_") and n not in (
    "builtins", "np", "RECORDING", "Const", "EagerTensor", "Index", "Lit", "Tensor", "Variable",
    "binary", "convert_to_tensor", "prim", "symbol_name")]
