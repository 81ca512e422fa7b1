"""Helpers that generated code calls.  Each is a primitive with a rule of its
own (rules/runtime_rules.py), so generated code can itself be differentiated.

Every helper returns its first argument untouched when there is nothing to do
(shapes already match), so the common case costs one shape comparison.
"""
import operator

import numpy as np


_SCALARS = (float, int, complex, np.generic)
_CONTAINERS = (list, tuple, dict)


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
    if isinstance(x, _CONTAINERS):
        return x          # a container has no shape: keep the reference
    shape = _shape(x)
    found = _SHAPES.get(shape)
    if found is None:
        found = _SHAPES[shape] = Shape(shape)
    return found


def unbroadcast(x, like):
    """Sum ``x`` down to the shape of ``like`` (the transpose of broadcasting).
    Containers (cotangents of lists, tuples, dicts) add entry by entry: no broadcasting."""
    if isinstance(like, _CONTAINERS) and isinstance(x, _CONTAINERS):
        _same_length(x, like, "the derivative")
        return x
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
    if isinstance(like, _CONTAINERS) and isinstance(x, _CONTAINERS):
        _same_length(x, like, "the derivative")
        return x
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


def _same_length(x, like, what):
    """Cotangents / tangents of lists and tuples pair entry by entry: a length that
    differs means list arithmetic (``a + b`` concatenates, ``a * 2`` repeats), whose
    derivative is not entrywise -- refused rather than zipped short."""
    if isinstance(x, (list, tuple)) and isinstance(like, (list, tuple)) and len(x) != len(like):
        raise TypeError(f"tangentish cannot differentiate {what} of a list or tuple of length "
                        f"{len(like)} with one of length {len(x)}: concatenation (+) and "
                        "repetition (*) of lists and tuples have no derivative here; build the "
                        "container with a display ([a, b, c]) or append")


def _refuse_repetition():
    raise TypeError("tangentish cannot differentiate repetition (*) of a list or tuple: build "
                    "the container with a display ([a, b, c]) or append")


def as_cotangent(x):
    """A cotangent given by the user (a plain list, tuple or dict, at any depth) as
    ListCotangent & co, whose ``+`` adds entry by entry."""
    if isinstance(x, list):
        return ListCotangent(as_cotangent(v) for v in x)
    if isinstance(x, tuple):
        return TupleCotangent(as_cotangent(v) for v in x)
    if isinstance(x, dict):
        return DictCotangent((k, as_cotangent(v)) for k, v in x.items())
    return x


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
        _same_length(other, self, "an addition")
        return ListCotangent(_add_items(a, b) for a, b in zip(self, other))

    __radd__ = __add__

    def __getitem__(self, index):
        item = list.__getitem__(self, index)
        return ListCotangent(item) if isinstance(index, slice) else item

    def __mul__(self, other):
        _refuse_repetition()

    __rmul__ = __mul__


class TupleCotangent(tuple):
    """The cotangent of a tuple: ``+`` adds elementwise."""

    def __mul__(self, other):
        _refuse_repetition()

    __rmul__ = __mul__

    def __add__(self, other):
        _same_length(other, self, "an addition")
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


def zero_at(x, index, like=None):
    """``x`` with the entries at ``index`` set to zero (what survives an overwrite).
    For a list or dict, the zero has the structure of the entry ``like`` held before
    the overwrite (``like`` is the container before it; the new entry may be another
    kind of value: a number replaced by a tuple)."""
    if isinstance(x, (list, dict)):
        out = type(x)(x)
        before = like if isinstance(like, (list, dict)) else x
        if isinstance(out, dict) and index not in before:
            del out[index]           # a new key: the container before had no such entry
        else:
            out[index] = zeros_like(before[index])
        return out
    out = np.array(x, copy=True)
    out[index] = 0
    return out


def list_append(xs, value):
    """``xs + [value]``: the functional meaning of ``xs.append(value)``."""
    return list(xs) + [value]


def _cotangent_seq(items, like):
    """``items`` as the accumulating cotangent type of the sequence ``like``."""
    return TupleCotangent(items) if isinstance(like, tuple) else ListCotangent(items)


def _same_seq(items, *like):
    """``items`` as a list or tuple like the operands (a cotangent type if any is one)."""
    if any(isinstance(v, (ListCotangent, TupleCotangent)) for v in like):
        return _cotangent_seq(items, like[0])
    return tuple(items) if isinstance(like[0], tuple) else list(items)


def _check_seq(*values):
    for v in values:
        if not isinstance(v, (list, tuple)):
            raise TypeError(f"tangentish: list/tuple + or * with a {type(v).__name__} operand "
                            "(elementwise arithmetic on a list is not modelled); convert with "
                            "np.asarray first")


def seq_concat(a, b):
    """``a + b`` for two lists (or two tuples): concatenation."""
    _check_seq(a, b)
    if isinstance(a, tuple) != isinstance(b, tuple):
        raise TypeError(f"can only concatenate {type(a).__name__} (not {type(b).__name__}) to it")
    return _same_seq(list(a) + list(b), a, b)


def seq_repeat(a, n):
    """``a * n`` (or ``n * a``) for a list or tuple: ``n`` copies, concatenated."""
    _check_seq(a)
    return _same_seq(list(a) * operator.index(n), a)


def seq_slice(x, start, stop):
    """``x[start:stop]`` of a sequence's tangent or cotangent (keeps it accumulating)."""
    return _cotangent_seq(list(x)[start:stop], x)


def seq_unslice(x, like, start, stop):
    """A cotangent of the sequence ``like``: zeros, with ``x`` at ``start:stop``."""
    items = [zeros_like(v) for v in like]
    items[start:stop] = list(x)
    return _cotangent_seq(items, like)


def seq_fold(x, like):
    """The sum of the ``len(like)``-long chunks of ``x`` (the transpose of repetition)."""
    k = len(like)
    chunks = [list(x)[i:i + k] for i in range(0, len(x), k)] if k else []
    if not chunks:
        return _cotangent_seq([zeros_like(v) for v in like], like)
    total = chunks[0]
    for c in chunks[1:]:
        total = [a + b for a, b in zip(total, c)]
    return _cotangent_seq(total, like)


def seq_tile(x, like):
    """``x`` repeated to the length of ``like`` (the transpose of ``seq_fold``)."""
    n = len(like) // len(x) if len(x) else 0
    return _cotangent_seq(list(x) * n, like)


def check_not_sequences(a, b, expression, lineno, col_offset):
    """Raise a located TransformError if ``a + b`` / ``a * b``, differentiated as
    arithmetic, is in fact a list or tuple concatenation or repetition."""
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        from .core.errors import TransformError
        raise TransformError(
            f"line {lineno}: `{expression}` is a list or tuple operation (concatenation or "
            "repetition) here, "
            "which tangentish could not tell from the source and differentiated as arithmetic",
            "build the list in this function (a list display or list(...)) so its type is "
            "visible, or convert it with np.asarray for elementwise arithmetic",
            None, lineno, col_offset)


def updates_in_place(x):
    """Does ``x += y`` update ``x``'s object (arrays, lists) rather than rebind the name?"""
    return isinstance(x, (np.ndarray, list))


def alias_update(old, new):
    """The value of a second name ``a`` for ``x`` (``a = x``) after ``x += y``:
    the new value where the object was updated in place, else the old one."""
    return new if updates_in_place(old) else old


def if_in_place(x, like):
    """``x`` where ``like`` is updated in place by ``+=``, else a zero like ``x``."""
    return x if updates_in_place(like) else zeros_like(x)


def unless_in_place(x, like):
    """``x`` where ``like`` is rebound (not updated) by ``+=``, else a zero like ``x``."""
    return zeros_like(x) if updates_in_place(like) else x


def check_item_not_in_place(container, key, construct, hint, filename, lineno, col_offset):
    """Raise a TransformError located at the user's ``c[k] op= v`` if ``c`` is a list or
    dict whose entry is an array or list: Python updates that object in place, and
    every other name for it would see the change (an array ``c`` is an element update,
    modelled exactly)."""
    if isinstance(container, np.ndarray):
        return
    if updates_in_place(container[key]):
        from .core.errors import TransformError
        raise TransformError(construct, hint, filename, lineno, col_offset)


def check_not_in_place(x, construct, hint, filename, lineno, col_offset):
    """Raise a TransformError located at the user's ``x += ...`` if it would
    update ``x``'s object in place: the object may be the caller's (an argument)."""
    if updates_in_place(x):
        from .core.errors import TransformError
        raise TransformError(construct, hint, filename, lineno, col_offset)


# -- loops over containers (lower_control.py) ---------------------------------------------------
# A loop ``for v in xs`` runs over positions ``i`` in ``range(len(xs))``.  What it yields at
# position i depends on the type: a mapping yields its keys (hashable constants: no
# derivative), a sequence its elements (with one).  Where the type is known when the code is
# generated (a dict display, ``.items()``...), the keys come from ``iteration_keys`` /
# ``dict_key`` (no derivative); where it is known only at run time, from ``iteration_item``
# (whose derivative is zero for a key) or ``iteration_key`` (a loop that indexes ``xs`` with
# what it yields: a key, or else an integer, which has no derivative either).

_SEQUENCES = (list, tuple, np.ndarray)


def _is_mapping(x):
    if type(x) in _SEQUENCES:
        return False
    from collections.abc import Mapping
    return isinstance(x, Mapping)


_NOT_ITERATED = (set, frozenset, type({}.keys()), type({}.values()), type({}.items()))


def _unordered(xs):
    if isinstance(xs, _NOT_ITERATED) or (not hasattr(xs, "__getitem__") and hasattr(xs, "__iter__")):
        raise TypeError(
            f"tangentish: a loop over a {type(xs).__name__} object is not supported (a derivative "
            "loop reads its items by position); iterate a list, tuple, array or dict (for a dict "
            "view, the dict itself or d.items())")


def iteration_keys(d):
    """The keys of the mapping ``d`` in iteration order (``for k in d``, ``d.items()``, ...)."""
    if not _is_mapping(d):
        raise TypeError(
            f"tangentish: .items()/.keys()/.values() (or a dict loop) of a {type(d).__name__} "
            "object: only dicts and other mappings are modelled (their keys carry no derivative)")
    return list(d)


def sorted_keys(d, key=None, reverse=False):
    """``sorted(d, key=key, reverse=reverse)`` for a mapping ``d``: its keys, sorted."""
    return sorted(iteration_keys(d), key=key, reverse=reverse)


def _constant_valued(v):
    return v is None or isinstance(v, (str, bytes)) or _integer_valued(v) or (
        isinstance(v, tuple) and all(_constant_valued(e) for e in v))


def iteration_constants(xs, sort=False, key=None, reverse=False):
    """``sorted(xs, key=key, reverse=reverse)`` in a loop header, where ``xs`` is known
    only at run time: a mapping's keys (sorted), else the sorted elements.  Its
    derivative (``constants_tangent`` / ``constants_cotangent``) is zero for a mapping's
    keys or values without one (integers, strings); sorting values that carry a
    derivative is refused there, so only when they do."""
    items = iteration_keys(xs) if _is_mapping(xs) else list(xs)
    return sorted(items, key=key, reverse=reverse) if sort else items


def _constants_only(xs):
    if _is_mapping(xs):
        return
    for v in xs:
        if not _constant_valued(v):
            raise TypeError(
                f"tangentish: a loop over sorted(...) of {type(v).__name__} values that carry a "
                "derivative: sorting is not modelled there (only a dict's keys or integers, "
                "strings); iterate the sequence itself, or np.sort(...) of an array")


def constants_tangent(t, xs, ans):
    """The tangent of ``iteration_constants(xs, ...)`` (= ``ans``): zero (keys, integers)."""
    _constants_only(xs)
    return ListCotangent(_key_zero(v) for v in ans)


def constants_cotangent(g, xs, ans):
    """The transpose of ``constants_tangent``: zero, shaped like ``xs``."""
    _constants_only(xs)
    return zeros_like(xs)


def dict_key(keys, d, k):
    """The ``k``-th key of the loop over the mapping ``d`` whose keys were ``keys`` when it
    started; like Python, raises if ``d`` changed size since."""
    if len(d) != len(keys):
        raise RuntimeError("dictionary changed size during iteration")
    return keys[k]


def _integer_valued(v):
    if isinstance(v, (bool, int, np.integer, np.bool_)):
        return True
    if isinstance(v, np.ndarray):
        return v.dtype.kind in "iub"
    if isinstance(v, tuple):
        return all(_integer_valued(e) for e in v)
    return False


def iteration_key(items, k):
    """What ``for x in items`` yields at position ``k``, in a loop that indexes ``items``
    with ``x`` (``for k in d: ... d[k]``): a key of a mapping, or else an element that
    must be an integer index (a value with a derivative cannot index its own sequence)."""
    if _is_mapping(items):
        return list(items)[k]
    _unordered(items)
    item = items[k]
    if not _integer_valued(item):
        raise TypeError(
            f"tangentish: `for x in xs` indexes xs with x, but xs is a {type(items).__name__} of "
            f"{type(item).__name__} values, not a dict: its elements' derivative is not modelled "
            "here; write `for i in range(len(xs))` and read xs[i]")
    return item


def iteration_item(items, k):
    """The ``k``-th item ``for x in items`` yields: a key for a mapping, else ``items[k]``."""
    if type(items) in _SEQUENCES:
        return items[k]
    if _is_mapping(items):
        return list(items)[k]
    _unordered(items)
    return items[k]


def _key_zero(key):
    """The (zero) tangent of a dict key: keys are constants."""
    if isinstance(key, (bool, int, float, np.integer, np.floating, np.bool_)):
        return 0.0
    if isinstance(key, tuple):
        return TupleCotangent(_key_zero(e) for e in key)
    return zeros_like(key)


def iteration_item_tangent(t, items, k):
    """The tangent of ``iteration_item(items, k)`` given the tangent ``t`` of ``items``:
    zero for a mapping's key, else ``t[k]``."""
    if type(items) is not np.ndarray and _is_mapping(items):
        return _key_zero(list(items)[k])
    if t is None:
        return zeros_like(items[k])
    return t[k]


def iteration_item_cotangent(g, items, k):
    """The transpose of ``iteration_item_tangent``: nothing for a mapping (a key has no
    derivative), else ``g`` scattered to position ``k``."""
    if _is_mapping(items):
        return zeros_like(items)
    return getitem_cotangent(g, items, k)


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
    known only at run time (the driver's ``dynamic_derivative``, through core.engine)."""
    from .core import engine
    return engine.dynamic_derivative(fn, wrt, mode, nargs, kwargs)


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
        from .core.errors import TransformError
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
