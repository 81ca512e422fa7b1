"""Helpers that generated code calls.  Each is a primitive with a rule of its
own (rules/runtime_rules.py), so generated code can itself be differentiated.

Every helper returns its first argument untouched when there is nothing to do
(shapes already match), so the common case costs one shape comparison.
"""
import numpy as np


_SCALARS = (float, int, complex, np.generic)


def _shape(value):
    """np.shape without its cost for the common cases (arrays, numbers, Shape)."""
    if isinstance(value, (np.ndarray, Shape)):
        return value.shape
    if isinstance(value, _SCALARS):
        return ()
    return np.shape(value)


class Shape:
    """Stands in for an array where only its shape is needed (what loops store of
    values their adjoint reads only for ``unbroadcast``)."""
    __slots__ = ("shape",)

    def __init__(self, shape):
        self.shape = shape


def broadcast_shape(*values):
    """The shape of an elementwise result of ``values`` (stands in for that result
    where only its shape is read, so the result itself need not be computed)."""
    shapes = tuple(_shape(v) for v in values)
    found = _BROADCASTS.get(shapes)
    if found is None:
        shape = np.broadcast_shapes(*shapes)
        found = _SHAPES.get(shape)
        if found is None:
            found = _SHAPES[shape] = Shape(shape)
        _BROADCASTS[shapes] = found
    return found


_BROADCASTS = {}   # operand shapes -> Shape of their broadcast (np.broadcast_shapes is slow)


_SHAPES = {}


def shape_of(x):
    """What a loop records of a value its adjoint needs only the shape of (one shared
    object per distinct shape, so recording it costs a reference)."""
    shape = _shape(x)
    found = _SHAPES.get(shape)
    if found is None:
        found = _SHAPES[shape] = Shape(shape)
    return found


def unbroadcast(x, like):
    """Sum ``x`` down to the shape of ``like`` (the transpose of broadcasting)."""
    shape = _shape(like)
    xshape = _shape(x)
    if xshape == shape:
        return x
    if not shape and isinstance(x, np.ndarray):
        return np.add.reduce(x, axis=None)        # to a scalar (np.sum without its dispatch)
    extra = len(xshape) - len(shape)
    if extra > 0:
        x = np.add.reduce(x, axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and np.shape(x)[i] != 1)
    if axes:
        x = np.add.reduce(x, axis=axes, keepdims=True)
    if len(xshape) < len(shape) or np.shape(x) != shape:
        x = np.broadcast_to(x, shape)
    return x


def broadcast_to_like(x, like):
    """Broadcast ``x`` to the shape of ``like`` (the transpose of ``unbroadcast``)."""
    shape = _shape(like)
    if _shape(x) == shape:
        return x
    return np.broadcast_to(_typed(x, like), shape)


def _typed(x, like):
    """A Python number as an array of ``like``'s float type (a seed of 1.0 must not
    turn float32 gradients into float64 when it is broadcast)."""
    if type(x) in (float, int) and isinstance(like, np.ndarray) and like.dtype.kind in "fc":
        return np.asarray(x, dtype=like.dtype)
    return x


def _normalize_axis(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int) or np.ndim(axis) == 0:
        axis = (int(axis),)
    return tuple(a % ndim if ndim else 0 for a in axis)


def unreduce(x, like, axis=None, keepdims=False):
    """Spread the cotangent ``x`` of a reduction over ``axis`` back to ``like``'s shape."""
    shape = _shape(like)
    if axis is None and isinstance(like, np.ndarray) and like.size <= 4096:
        # a small array: filling a new one beats np.broadcast_to's Python-level work
        dtype = np.result_type(_typed(x, like), like.dtype) if like.dtype.kind in "fc" else \
            np.result_type(x, float)
        return np.full(shape, x, dtype=dtype)
    if not keepdims and axis is not None and shape:   # numpy lets axis=-1 reduce a 0-d value
        x = np.expand_dims(x, _normalize_axis(axis, len(shape)))
    return np.broadcast_to(_typed(x, like), shape)


def mean_count(like, axis=None):
    """Number of elements averaged by ``np.mean(like, axis)`` (a constant)."""
    shape = _shape(like)
    count = 1
    for a in _normalize_axis(axis, len(shape)):
        count *= shape[a]
    return count


def extremum_mask(a, ans, axis=None, keepdims=False):
    """Where ``a`` attains the max/min ``ans``, divided by the number of ties.

    Ties share the derivative equally (the convention of JAX and TensorFlow's
    reduce_max); the mask is a constant, so max's derivative is linear."""
    if not keepdims and axis is not None:
        ans = np.expand_dims(ans, _normalize_axis(axis, np.ndim(a)))
    mask = (a == ans).astype(np.result_type(a, float))
    return mask / np.sum(mask, axis=axis, keepdims=True)


def extremum_tangent(x, a, ans, axis=None, keepdims=False):
    """Tangent of ``np.max(a, axis)`` (or min) for the input tangent ``x``."""
    return np.sum(x * extremum_mask(a, ans, axis, keepdims), axis=axis, keepdims=keepdims)


def take_cotangent(x, like, indices, axis=None):
    """The transpose of ``np.take(like, indices, axis)``: scatter-add ``x`` back."""
    out = np.zeros(np.shape(like), dtype=np.result_type(x, like, float))
    if axis is None:
        np.add.at(out.reshape(-1), indices, x)
        return out
    index = [slice(None)] * out.ndim
    index[axis % out.ndim] = indices
    np.add.at(out, tuple(index), x)
    return out


def getitem_cotangent(x, like, index):
    """The transpose of ``like[index]``: scatter-add ``x`` into zeros shaped like ``like``.

    Repeated integer indices accumulate (np.add.at), so ``v[[0, 0]]`` counts twice.
    For a list, tuple or dict ``like``, the cotangent has its structure.  ``x`` None
    (the cotangent of a dict key, which has none) gives zeros."""
    if x is None:
        return zeros_like(like)
    if isinstance(like, (list, tuple, dict)):
        out = zeros_like(like)
        if isinstance(like, tuple):
            items = list(out)
            items[index] = x
            return TupleCotangent(items)
        out[index] = x
        return out
    out = np.zeros(np.shape(like), dtype=np.result_type(x, like, float))
    if _is_basic_index(index):
        out[index] = x
    else:
        np.add.at(out, index, x)
    return out


def _is_basic_index(index):
    items = index if isinstance(index, tuple) else (index,)
    return all(isinstance(i, (int, slice, type(None), type(Ellipsis)))
               or isinstance(i, np.integer) for i in items)


def _as_matrices(a, b):
    """Promote 1-D operands of matmul the way matmul does; say which were promoted."""
    a2 = a[np.newaxis, :] if np.ndim(a) == 1 else a
    b2 = b[:, np.newaxis] if np.ndim(b) == 1 else b
    return a2, b2


def matmul_ct_a(x, b, like):
    """Cotangent of ``a`` in ``a @ b`` given the output cotangent ``x``."""
    if type(b) is np.ndarray and type(like) is np.ndarray and like.ndim <= 2 and b.ndim <= 2:
        if like.ndim == 2 and b.ndim == 2:
            return x @ b.T                       # (n, k) @ (k, m)
        if like.ndim == 2 and b.ndim == 1:
            return np.outer(x, b)                # (n, k) @ (k,)
        if like.ndim == 1 and b.ndim == 2:
            return b @ x                         # (k,) @ (k, m)
    a_nd, b_nd = np.ndim(like), np.ndim(b)
    if a_nd == 0 or b_nd == 0:
        return unbroadcast(x * b, like)
    if b_nd == 1:
        x = np.expand_dims(x, -1)
    if a_nd == 1:
        x = np.expand_dims(x, -2)
    b2 = b[:, np.newaxis] if b_nd == 1 else b
    ct = np.matmul(x, np.swapaxes(b2, -1, -2))
    if a_nd == 1:
        ct = ct[..., 0, :]
    return unbroadcast(ct, like)


def matmul_ct_b(x, a, like):
    """Cotangent of ``b`` in ``a @ b`` given the output cotangent ``x``."""
    if type(a) is np.ndarray and type(like) is np.ndarray and a.ndim <= 2 and like.ndim <= 2:
        if a.ndim == 2 and like.ndim == 2:
            return a.T @ x
        if a.ndim == 2 and like.ndim == 1:
            return x @ a                         # a.T @ x for a vector x
        if a.ndim == 1 and like.ndim == 2:
            return np.outer(a, x)
    a_nd, b_nd = np.ndim(a), np.ndim(like)
    if a_nd == 0 or b_nd == 0:
        return unbroadcast(a * x, like)
    if b_nd == 1:
        x = np.expand_dims(x, -1)
    if a_nd == 1:
        x = np.expand_dims(x, -2)
    a2 = a[np.newaxis, :] if a_nd == 1 else a
    ct = np.matmul(np.swapaxes(a2, -1, -2), x)
    if b_nd == 1:
        ct = ct[..., :, 0]
    return unbroadcast(ct, like)


def _check_dot(a, b):
    # np.dot agrees with matmul up to 2-D; refuse the N-D contraction loudly.
    if np.ndim(a) > 2 or np.ndim(b) > 2:
        raise NotImplementedError("the derivative of np.dot is implemented for arrays of "
                                  "up to 2 dimensions; use np.matmul or np.einsum")


def dot_ct_a(x, b, like):
    """Cotangent of ``a`` in ``np.dot(a, b)`` (operands of up to 2-D)."""
    _check_dot(like, b)
    return matmul_ct_a(x, b, like)


def dot_ct_b(x, a, like):
    """Cotangent of ``b`` in ``np.dot(a, b)`` (operands of up to 2-D)."""
    _check_dot(a, like)
    return matmul_ct_b(x, a, like)


def inverse_axes(axes, ndim):
    if axes is None:
        return None
    return tuple(np.argsort([a % ndim for a in axes]))


def untranspose(x, axes=None):
    """The transpose of ``np.transpose(., axes)``."""
    return np.transpose(x, inverse_axes(axes, np.ndim(x)))


def unit_cotangent(out):
    """The seed of reverse mode for a scalar output (refuses non-scalars, and outputs
    that are not real numbers: complex values, strings, other objects -- as autograd
    and JAX do)."""
    if type(out) is float:
        return 1.0
    if out is None:
        raise TypeError("grad needs a function with a scalar output, but the function returned "
                        "None (a path through it ends without a return statement?)")
    if isinstance(out, (np.ndarray, np.generic)):
        kind = out.dtype.kind
    elif isinstance(out, (int, float)):       # bool, int and their subclasses
        kind = "i"
    else:
        kind = "c" if isinstance(out, complex) else "O"
    if kind not in "fiub":
        what = "complex" if kind == "c" else f"a {type(out).__name__}"
        raise TypeError(f"grad needs a real scalar output, got {what} value {out!r:.60}; "
                        "differentiate np.real(...) / np.abs(...) of a complex output, or use "
                        "tangentish.vjp")
    if np.ndim(out) != 0:
        raise TypeError(f"grad needs a function with a scalar output, got shape {np.shape(out)}; "
                        "use tangentish.vjp for non-scalar outputs")
    if kind == "f":
        return out.dtype.type(1)   # a numpy scalar: float32 stays float32, and it is fast
    return 1.0


def _add_items(a, b):
    """Entries of container cotangents add; None (the zero of a value without a
    derivative, such as a function) is the identity."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


class ListCotangent(list):
    """The cotangent of a list: a list whose ``+`` adds elementwise (not concatenates)."""

    def __add__(self, other):
        return ListCotangent(_add_items(a, b) for a, b in zip(self, other))

    __radd__ = __add__

    def __getitem__(self, index):
        item = list.__getitem__(self, index)
        return ListCotangent(item) if isinstance(index, slice) else item


class TupleCotangent(tuple):
    """The cotangent of a tuple: ``+`` adds elementwise."""

    def __add__(self, other):
        return TupleCotangent(_add_items(a, b) for a, b in zip(self, other))

    __radd__ = __add__


class DictCotangent(dict):
    """The cotangent of a dict: ``+`` adds value by value."""

    def __add__(self, other):
        out = DictCotangent(self)
        for k, v in other.items():
            out[k] = _add_items(out[k], v) if k in out else v
        return out

    __radd__ = __add__


def zeros_like(x):
    """A zero cotangent shaped like ``x`` (lists, tuples and dicts of arrays too)."""
    if isinstance(x, list):
        return ListCotangent(zeros_like(v) for v in x)
    if isinstance(x, tuple):
        return TupleCotangent(zeros_like(v) for v in x)
    if isinstance(x, dict):
        return DictCotangent((k, zeros_like(v)) for k, v in x.items())
    if isinstance(x, Shape) or x is None or callable(x) or isinstance(x, (str, bytes)):
        return None          # a stored shape, a function, a string carry no derivative
    return np.zeros_like(x, dtype=np.result_type(x, float))


def setitem(a, index, value):
    """``a`` with ``a[index] = value``, as a new object (the functional meaning of
    an in-place update; the aliasing analysis ensured nobody else sees ``a``)."""
    if isinstance(a, dict):
        out = dict(a)
    elif isinstance(a, list):
        out = list(a)
    else:
        out = np.array(a, copy=True)
        _check_unique(index)
    out[index] = value
    return out


def _check_unique(index):
    items = index if isinstance(index, tuple) else (index,)
    for i in items:
        if isinstance(i, (list, np.ndarray)) and np.asarray(i).dtype.kind in "iu":
            flat = np.asarray(i).ravel()
            if len(np.unique(flat)) != len(flat):
                raise NotImplementedError(
                    "an in-place update with repeated indices keeps only the last write; its "
                    "derivative is not supported: use np.add.at on a copy or unique indices")


def zero_at(x, index):
    """``x`` with the entries at ``index`` set to zero (what survives an overwrite)."""
    if isinstance(x, (list, dict)):
        out = type(x)(x)
        out[index] = zeros_like(x[index])
        return out
    out = np.array(x, copy=True)
    out[index] = 0
    return out


def list_append(xs, value):
    """``xs + [value]``: the functional meaning of ``xs.append(value)``."""
    return list(xs) + [value]


def dict_key(d, k):
    """The ``k``-th key of a dict, in iteration order (loops over ``d.items()``)."""
    return list(d)[k]


def iteration_item(items, k):
    """The ``k``-th item ``for x in items`` yields: a key for a dict, else ``items[k]``."""
    if isinstance(items, dict):
        return list(items)[k]
    return items[k]


def astype(x, dtype):
    """``x.astype(dtype)``; a cast to an integer or boolean type has no derivative."""
    return np.asarray(x).astype(dtype)


def astype_cotangent(g, like, dtype):
    """The transpose of ``astype``: back to ``like``'s type, zero through integer casts."""
    if np.dtype(dtype).kind not in "fc":
        return zeros_like(like)
    g = np.asarray(g)
    if np.dtype(dtype).kind == "f" and g.dtype.kind == "c":
        g = g.real      # a cast to a real type drops the imaginary part: project back
    return g.astype(np.result_type(like, float))


def unstack(x, axis=0):
    """The transpose of ``np.stack(list, axis)``: the list of slices along ``axis``."""
    return ListCotangent(np.moveaxis(np.asarray(x), axis, 0))


def split_like(x, arrays, axis=0):
    """The transpose of ``np.concatenate(arrays, axis)``: ``x`` cut into their shapes."""
    return ListCotangent(concatenate_part(x, arrays, k, axis) for k in range(len(arrays)))


def unbroadcast_each(x, items):
    """The transpose of ``sum(items)``: ``x`` summed down to each item's shape."""
    return ListCotangent(unbroadcast(x, item) for item in items)


def sum_broadcast(xs, like):
    """The transpose of ``unbroadcast_each``: the items broadcast to ``like`` and summed."""
    total = 0.0
    for x in xs:
        total = total + broadcast_to_like(x, like)
    return total


def list_cotangent(items):
    """A list of per-element cotangents, summed elementwise from then on."""
    return ListCotangent(items)


def clip_mask(a, a_min=None, a_max=None):
    """1.0 where ``np.clip`` passes ``a`` through, 0.0 where it clips."""
    inside = np.ones(np.shape(a), dtype=bool)
    if a_min is not None:
        inside = inside & (a >= a_min)      # may broadcast past a's shape
    if a_max is not None:
        inside = inside & (a <= a_max)
    return inside


def concatenate_part(x, arrays, k, axis=0):
    """The part of ``x`` that came from ``arrays[k]`` in ``np.concatenate(arrays, axis)``."""
    if axis is None:
        sizes = [np.size(a) for a in arrays]
        start = sum(sizes[:k])
        return np.reshape(x[start:start + sizes[k]], np.shape(arrays[k]))
    sizes = [np.shape(a)[axis] for a in arrays]
    start = sum(sizes[:k])
    index = [slice(None)] * np.ndim(x)
    index[axis] = slice(start, start + sizes[k])
    return x[tuple(index)]


def concatenate_part_transpose(x, like, arrays, k, axis=0):
    """The transpose of ``concatenate_part``: ``x`` placed at part ``k``, zeros elsewhere."""
    parts = [np.zeros(np.shape(a), dtype=np.result_type(x, float)) for a in arrays]
    parts[k] = np.reshape(x, np.shape(arrays[k]))
    out = np.concatenate([p.reshape(-1) for p in parts]) if axis is None else \
        np.concatenate(parts, axis=axis)
    return np.reshape(out, np.shape(like))


def prod_cotangent_factor(a, axis=None):
    """d prod(a, axis) / d a, exact when ``a`` holds zeros (no division by a):
    for each element, the product of the *other* elements it was reduced with."""
    a = np.asarray(a)
    axes = _normalize_axis(axis, a.ndim)
    if not axes:
        return np.ones_like(a)
    last = tuple(range(a.ndim - len(axes), a.ndim))
    moved = np.moveaxis(a, axes, last)
    flat = moved.reshape(moved.shape[:a.ndim - len(axes)] + (-1,))
    others = _others_product(flat).reshape(moved.shape)
    return np.moveaxis(others, last, axes)


def prod_tangent(x, a, axis=None, keepdims=False):
    """Tangent of ``np.prod(a, axis)`` for the input tangent ``x``."""
    return np.sum(x * prod_cotangent_factor(a, axis), axis=axis, keepdims=keepdims)


def prod_factor_tangent(x, a, axis=None):
    """Directional derivative of ``prod_cotangent_factor(a, axis)`` along ``x``.

    Linear in ``x`` and self-adjoint (it applies the symmetric Hessian of the
    product), computed with exclusive cumulative products of dual numbers."""
    a = np.asarray(a)
    x = np.broadcast_to(x, a.shape)
    axes = _normalize_axis(axis, a.ndim)
    if not axes:
        return np.zeros_like(a * x)
    last = tuple(range(a.ndim - len(axes), a.ndim))
    flat_a = np.moveaxis(a, axes, last)
    shape = flat_a.shape
    flat_a = flat_a.reshape(shape[:a.ndim - len(axes)] + (-1,))
    flat_x = np.moveaxis(x, axes, last).reshape(flat_a.shape)
    n = flat_a.shape[-1]
    value_l, tangent_l = np.ones_like(flat_a * 1.0), np.zeros_like(flat_a * flat_x * 1.0)
    value_r, tangent_r = value_l.copy(), tangent_l.copy()
    for k in range(1, n):
        value_l[..., k] = value_l[..., k - 1] * flat_a[..., k - 1]
        tangent_l[..., k] = tangent_l[..., k - 1] * flat_a[..., k - 1] + \
            value_l[..., k - 1] * flat_x[..., k - 1]
        j = n - 1 - k
        value_r[..., j] = value_r[..., j + 1] * flat_a[..., j + 1]
        tangent_r[..., j] = tangent_r[..., j + 1] * flat_a[..., j + 1] + \
            value_r[..., j + 1] * flat_x[..., j + 1]
    out = (tangent_l * value_r + value_l * tangent_r).reshape(shape)
    return np.moveaxis(out, last, axes)


def _others_product(a):
    """Along the last axis: the product of all elements but each one."""
    ones = np.ones_like(a[..., :1])
    left = np.cumprod(np.concatenate([ones, a[..., :-1]], axis=-1), axis=-1)
    right = np.cumprod(np.concatenate([ones, a[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return left * right


def _derivative_of(fn, wrt, mode, nargs, kwargs):
    """(generated derivative, arguments to put in front, keywords, slots) of a function
    known only at run time, w.r.t. argument positions / keywords ``wrt`` of a call with
    ``nargs`` positional arguments and the keywords ``kwargs``; transformed once, then
    cached (the cache checks the derivative is still current).  ``slots``: for each
    entry of ``wrt``, (index of its parameter among the derivative's, index inside
    ``*args`` or None)."""
    import inspect
    import types

    from . import driver
    from .api import Transformed
    from .callables import forwarder, is_marker, unwrap_callable
    from .custom import CustomGradient
    target, prefix, keywords = unwrap_callable(fn)
    if keywords:
        kwargs = {**keywords, **kwargs}
    if isinstance(target, Transformed):
        # what the derivative object binds (a receiver, a partial's arguments) comes first;
        # a *args target is specialized to this call's shape
        outer = len(prefix) + nargs
        prefix, kwargs = tuple(target._prefix) + tuple(prefix), {**target._keywords, **kwargs}
        target = target._for_call(outer, tuple(kwargs)).fn if target._by_shape is not None \
            else target.generated
    if isinstance(target, CustomGradient) and not kwargs:
        target = target.as_function()
    elif not isinstance(target, types.FunctionType) or is_marker(target):
        # a marker or a primitive: called through a forwarder, so its meaning applies
        target = forwarder(target, len(prefix) + nargs, kwargs)
    else:
        from .callables import specialize_varargs
        target = specialize_varargs(target, len(prefix) + nargs, kwargs)
    params = inspect.signature(target, follow_wrapped=False).parameters.values()
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    vararg = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), None)
    offset = len(prefix)
    names, slots = [], []
    for w in wrt:
        inner = None
        if not isinstance(w, int):
            name = w
        elif w + offset < len(positional):
            name = positional[w + offset]
        elif vararg is not None:
            name, inner = vararg, w + offset - len(positional)
        else:
            raise TypeError(f"{target.__qualname__}() takes {len(positional) - offset} positional "
                            f"arguments but argument {w} was to be differentiated")
        if name not in names:
            names.append(name)
        slots.append((names.index(name), inner))
    from .analyze import effects
    effects.check_dynamic(types.MethodType(target, prefix[0]) if prefix
                          and isinstance(target, types.FunctionType) else target, mode)
    return driver.transform(target, tuple(names), mode).fn, prefix, kwargs, slots


def vjp_call(fn, wrt, dy, *args, **kwargs):
    """Cotangents of the arguments at positions / keywords ``wrt`` of ``fn(*args, **kwargs)``,
    for a function known only at run time (an argument, a method of an object, a
    partial, a marker such as stop_gradient reached through a variable)."""
    derivative, prefix, kwargs, slots = _derivative_of(fn, wrt, "vjp", len(args), kwargs)
    return _select(derivative(dy, *prefix, *args, **kwargs), slots)


def _select(result, slots):
    """The cotangents of the differentiated arguments, from the derivative's results
    (one per parameter; a tuple for ``*args``)."""
    if all(j is None for _, j in slots):
        return result
    results = result if len({k for k, _ in slots}) > 1 else (result,)
    out = tuple(results[k] if j is None else results[k][j] for k, j in slots)
    return out if len(out) > 1 else out[0]


def vjp_call_jvp(fn, wrt, positions, tangents, dy, *args, **kwargs):
    """``(value, tangent)`` of ``vjp_call(fn, wrt, dy, *args)`` along ``tangents`` of the
    arguments at ``positions`` (0: ``dy``, k: ``args[k - 1]``): the jvp of the generated
    vjp (forward over reverse through a function known only at run time)."""
    derivative, prefix, kwargs, slots = _derivative_of(fn, wrt, "vjp", len(args), kwargs)
    shifted = tuple(p + len(prefix) if isinstance(p, int) and p > 0 else p for p in positions)
    value, tangent = jvp_call(derivative, shifted, tangents, dy, *prefix, *args, **kwargs)
    return _select(value, slots), _select(tangent, slots)


def vjp_call_vjp(fn, wrt, positions, g, dy, *args, **kwargs):
    """Cotangents of the arguments at ``positions`` (0: ``dy``, k: ``args[k - 1]``) of
    ``vjp_call(fn, wrt, dy, *args)`` for its cotangent ``g``: the vjp of the generated
    vjp (reverse over reverse through a function known only at run time)."""
    derivative, prefix, kwargs, slots = _derivative_of(fn, wrt, "vjp", len(args), kwargs)
    if any(j is not None for _, j in slots):
        from .errors import TransformError
        raise TransformError(
            f"cannot differentiate the gradient of {getattr(fn, '__qualname__', fn)}() again in "
            "reverse mode with respect to arguments passed into its *args",
            "use forward over reverse (tangentish.hessian, tangentish.hvp)")
    shifted = tuple(p + len(prefix) if isinstance(p, int) and p > 0 else p for p in positions)
    return vjp_call(derivative, shifted, g, dy, *prefix, *args, **kwargs)


def jvp_call(fn, wrt, tangents, *args, **kwargs):
    """``(value, tangent)`` of ``fn(*args, **kwargs)`` for tangents of the arguments at
    positions / keywords ``wrt``, for a function known only at run time."""
    derivative, prefix, kwargs, slots = _derivative_of(fn, wrt, "jvp", len(args), kwargs)
    if any(j is not None for _, j in slots):
        # arguments passed into *args: one tangent for the whole tuple, zeros elsewhere
        first = min(j_pos - j for (_, j), j_pos in zip(slots, wrt) if j is not None)
        given = {w: t for w, t in zip(wrt, tangents)}
        grouped, seen = [], set()
        for (k, j), t in zip(slots, tangents):
            if k in seen:
                continue
            seen.add(k)
            grouped.append(t if j is None else tuple(
                given[i] if i in given else zeros_like(a)
                for i, a in enumerate(args[first:], start=first)))
        tangents = grouped
    return derivative(*tangents, *prefix, *args, **kwargs)


def check_array_method(receiver, method, where):
    """Run-time guard generated before ``obj.method(...)`` when ``obj`` is not known to be
    an array and an argument carries a derivative: the derivative applies numpy's
    ``ndarray.method`` rule, which is exact only if ``obj`` is an array (or number)."""
    if isinstance(receiver, (np.ndarray, np.generic, float, int, complex)):
        return
    raise TypeError(
        f"{where}: tangentish differentiated .{method}() as numpy's ndarray.{method}, but it is "
        f"called on a {type(receiver).__name__} object; rename the method, or call it through "
        "a function defined with def (the derivative would otherwise be wrong)")
