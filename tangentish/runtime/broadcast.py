"""Shapes and broadcasting: the transpose of a broadcast (``unbroadcast``) and its
inverse, for arrays and for containers of them."""
import numpy as np

from .backend import (PLAIN, as_array, backend_name, broadcast_like, device_of, foreign_namespace,
                      known_shape, xp_dtype)

__all__ = [
    "Shape", "broadcast_shape", "check_same_shape", "shape_of", "unbroadcast", "broadcast_to_like",
    "sum_broadcast"
]


_SCALARS = (float, int, complex, np.generic)


CONTAINERS = (list, tuple, dict)


def fast_shape(value):
    """np.shape without its cost for the common cases (arrays, numbers, Shape)."""
    if isinstance(value, (np.ndarray, Shape)):
        return value.shape
    if isinstance(value, _SCALARS):
        return ()
    return known_shape(value)     # lists; other array libraries (refusing unknown sizes)


class Shape:
    """Stands in for an array where only its shape is needed (what loops store of
    values their adjoint reads only for ``unbroadcast``)."""
    __slots__ = ("shape",)

    def __init__(self, shape):
        self.shape = shape


def broadcast_shape(*values):
    """The shape of an elementwise result of ``values`` (stands in for that result
    where only its shape is read, so the result itself need not be computed).  For
    arrays of another library it is a zero of that library broadcast to the shape (no
    memory), so the helpers reading it (``unreduce(1.0, ...)``) answer in that library."""
    shapes = []
    other = False          # a value neither numpy's nor a number nor a Shape among them?
    for v in values:
        if isinstance(v, (np.ndarray, Shape)):
            shapes.append(v.shape)
        elif isinstance(v, _SCALARS):
            shapes.append(())
        else:
            shapes.append(known_shape(v))
            other = True
    shapes = tuple(shapes)
    if other and foreign_namespace(*values) is not None:
        return _stand_in(values, np.broadcast_shapes(*shapes))
    found = _BROADCASTS.get(shapes)
    if found is None:
        shape = np.broadcast_shapes(*shapes)
        found = _SHAPES.get(shape)
        if found is None:
            found = _SHAPES[shape] = Shape(shape)
        _BROADCASTS[shapes] = found
    return found


def check_same_shape(a, b, *others):
    """Raise the ValueError of numpy's elementwise operations unless ``b`` and
    ``others`` have ``a``'s shape.  Generated code calls it for arrays of one rank whose
    dims equal to 1 are the same ones (their signature says so, ``ad/shape_checks.py``):
    such arrays broadcast exactly when their shapes are equal.  It stands for an
    elementwise operation whose result is not computed."""
    if others or b.shape != a.shape:    # (two arrays, equal shapes: the common case, no loop)
        _check_shapes(a, b, *others)


def _check_shapes(a, *others):
    """``check_same_shape``'s comparisons, one by one."""
    shape = a.shape
    for b in others:
        if b.shape != shape:
            # the ufunc's own error; it raises before allocating (zero-stride views)
            np.logical_and(np.broadcast_to(False, shape), np.broadcast_to(False, b.shape))


def _stand_in(values, shape):
    """A zero of the array library among ``values``, broadcast to ``shape``, of their
    elementwise result's dtype, on their device (Dask: in the chunks of an operand of
    that shape)."""
    xp = foreign_namespace(*values)
    arrays = [v for v in values if backend_name(v) is not None]
    lead = next(v for v in arrays if foreign_namespace(v) is not None)
    dtypes = [xp_dtype(xp, v.dtype) if backend_name(v) == "numpy" else v.dtype for v in arrays]
    numbers = [d for d in dtypes if not xp.isdtype(d, "bool")]   # numpy: bool promotes to any
    dtype = xp.result_type(*numbers) if numbers else xp.bool
    zero = xp.zeros((), dtype=dtype, device=device_of(lead))
    return broadcast_like(xp, zero, shape, lead if known_shape(lead) == tuple(shape) else None)


_BROADCASTS = {}   # operand shapes -> Shape of their broadcast (np.broadcast_shapes is slow)


_SHAPES = {}


def shape_of(x):
    """What a loop records of a value its adjoint needs only the shape of (one shared
    object per distinct shape, so recording it costs a reference)."""
    if isinstance(x, CONTAINERS):
        return x          # a container has no shape: keep the reference
    if type(x) not in PLAIN and type(x) is not Shape and foreign_namespace(x) is not None:
        return _stand_in((x,), known_shape(x))     # a broadcast zero: it holds no memory
    shape = fast_shape(x)
    found = _SHAPES.get(shape)
    if found is None:
        found = _SHAPES[shape] = Shape(shape)
    return found


def unbroadcast(x, like):
    """Sum ``x`` down to the shape of ``like`` (the transpose of broadcasting).
    Containers (cotangents of lists, tuples, dicts) add entry by entry: no broadcasting."""
    if isinstance(like, CONTAINERS) and isinstance(x, CONTAINERS):
        same_length(x, like, "the derivative")
        return x
    shape = fast_shape(like)
    xshape = fast_shape(x)
    if xshape == shape:
        return x
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            return _unbroadcast_xp(xp, x, xshape, shape)
    if not shape and isinstance(x, np.ndarray):
        return np.add.reduce(x, axis=None)        # to a scalar (np.sum without its dispatch)
    extra = len(xshape) - len(shape)
    if extra > 0:
        x = np.add.reduce(x, axis=tuple(range(extra)))
    elif extra < 0:      # a value stored with extra leading dims of 1 (out[i] = v[None])
        x = np.reshape(x, (1,) * -extra + tuple(xshape))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and np.shape(x)[i] != 1)
    if axes:
        x = np.add.reduce(x, axis=axes, keepdims=True)
    if len(xshape) < len(shape) or np.shape(x) != shape:
        x = np.broadcast_to(x, shape)
    return x


def _unbroadcast_xp(xp, x, xshape, shape):
    """``unbroadcast`` of an array of another library, through its namespace."""
    extra = len(xshape) - len(shape)
    if extra > 0:
        x = xp.sum(x, axis=tuple(range(extra)))
    elif extra < 0:
        x = xp.reshape(x, (1,) * -extra + tuple(xshape))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and x.shape[i] != 1)
    if axes:
        x = xp.sum(x, axis=axes, keepdims=True)
    if x.shape != tuple(shape):
        x = xp.broadcast_to(x, tuple(shape))
    return x


def broadcast_to_like(x, like):
    """Broadcast ``x`` to the shape of ``like`` (the transpose of ``unbroadcast``)."""
    if isinstance(like, CONTAINERS) and isinstance(x, CONTAINERS):
        same_length(x, like, "the derivative")
        return x
    shape = fast_shape(like)
    xshape = fast_shape(x)
    if xshape == shape:
        return x
    extra = len(xshape) - len(shape)
    if type(x) not in PLAIN or type(like) not in PLAIN:
        xp = foreign_namespace(x, like)
        if xp is not None:
            if extra > 0 and not any(n != 1 for n in xshape[:extra]):
                x = xp.reshape(x, xshape[extra:])
            return broadcast_like(xp, as_array(xp, x, like), shape, like)
    if extra > 0 and not any(n != 1 for n in xshape[:extra]):
        x = np.reshape(x, xshape[extra:])      # (unbroadcast added these leading 1-dims)
    return np.broadcast_to(typed_like(x, like), shape)


def typed_like(x, like):
    """A Python number as an array of ``like``'s float type (a seed of 1.0 must not
    turn float32 gradients into float64 when it is broadcast)."""
    if type(x) in (float, int) and isinstance(like, np.ndarray) and like.dtype.kind in "fc":
        return np.asarray(x, dtype=like.dtype)
    return x


def same_length(x, like, what):
    """Cotangents / tangents of lists and tuples pair entry by entry: a length that
    differs means list arithmetic (``a + b`` concatenates, ``a * 2`` repeats), whose
    derivative is not entrywise -- refused rather than zipped short."""
    if isinstance(x, (list, tuple)) and isinstance(like, (list, tuple)) and len(x) != len(like):
        raise TypeError(f"tangentish cannot differentiate {what} of a list or tuple of length "
                        f"{len(like)} with one of length {len(x)}: concatenation (+) and "
                        "repetition (*) of lists and tuples have no derivative here; build the "
                        "container with a display ([a, b, c]) or append")


def sum_broadcast(xs, like):
    """The transpose of ``unbroadcast_each``: the items broadcast to ``like`` and summed."""
    total = 0.0
    for x in xs:
        total = total + broadcast_to_like(x, like)
    return total
