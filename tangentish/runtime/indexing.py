"""Indexing: the transposes of ``a[index]``, ``np.take``, ``np.take_along_axis`` and
``np.add.at``, and the (zero) derivative of an index."""
import numpy as np

from ..core.errors import TransformError
from .backend import PLAIN, as_array, float_dtype, foreign_namespace
from .broadcast import unbroadcast
from .containers import (ListCotangent, TupleCotangent, is_basic_index, portable_index,
                         setitem_checks, with_item, zero_at, zero_derivative)

__all__ = [
    "take_cotangent", "getitem_cotangent", "accumulate_at", "clear_at", "store_at",
    "private_copy", "untake", "untake_along_axis", "add_at",
    "index_tangent", "index_cotangent", "permutation_of", "select_mask", "select_cotangents",
    "dict_get", "dict_get_tangent", "dict_get_cotangent", "default_tangent", "default_cotangent"
]


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
        return zero_derivative(like)
    if isinstance(like, (list, tuple, dict)):
        out = zero_derivative(like)
        if isinstance(like, tuple):
            items = list(out)
            items[index] = x
            return TupleCotangent(items)
        out[index] = x
        return out
    if type(like) not in PLAIN or type(x) not in PLAIN:
        xp = foreign_namespace(x, like)
        if xp is not None:
            return _getitem_cotangent_xp(xp, x, like, index)
    out = np.zeros(np.shape(like), dtype=np.result_type(x, like, float))
    if is_basic_index(index):
        out[index] = x
    else:
        np.add.at(out, index, x)
    return out


def _getitem_cotangent_xp(xp, x, like, index):
    """``getitem_cotangent`` for arrays of another library: zeros with ``x`` written at a
    basic index (other indices are refused: no scatter-add in the array API).  The new
    axes of a ``None`` in the index (``x[None, :]``) are dropped from ``x`` first."""
    x, index = _without_new_axes(xp, x, like, index)
    index = portable_index(like, index)
    dtype = float_dtype(xp, x, like)
    out = xp.zeros_like(like, dtype=dtype) if foreign_namespace(like) is not None else \
        xp.zeros(np.shape(like), dtype=dtype)
    out[index] = xp.astype(as_array(xp, x, out), dtype)
    return out


def _without_new_axes(xp, x, like, index):
    """(``x``, ``index``) with the ``None`` entries of a basic index left out, and the
    axes of length 1 they made in ``x`` (the cotangent of ``like[index]``) squeezed."""
    items = index if isinstance(index, tuple) else (index,)
    if not any(i is None for i in items) or not is_basic_index(index):
        return x, index
    kept = tuple(i for i in items if i is not None)
    named = sum(1 for i in kept if i is not Ellipsis)
    axes, position = [], 0
    for i in items:
        if i is None:
            axes.append(position)
        if i is Ellipsis:
            position += len(np.shape(like)) - named
        elif not isinstance(i, (int, np.integer)):
            position += 1           # a slice or a new axis: one axis of the result
    rank = position + (len(np.shape(like)) - named if Ellipsis not in items else 0)
    if np.ndim(x) == rank:
        x = xp.squeeze(as_array(xp, x, like), axis=tuple(axes))
    elif np.ndim(x) != 0:        # (unbroadcast gives the cotangent the result's shape)
        raise ValueError(f"the cotangent of {type(like).__name__}[{index!r:.40}] has "
                         f"{np.ndim(x)} axes, not {rank}")
    return x, kept


def accumulate_at(acc, x, like, index):
    """``acc + getitem_cotangent(x, like, index)``, added into ``acc`` itself when that is
    exact: generated code passes only an accumulator no other name holds (the adjoint of
    an element loop, ad/loops.py), so writing into it costs the element, not the array.
    A container, a view, or a sum of another dtype (complex into real) gets a new array,
    which later calls then add into."""
    if (_owned(acc) and type(like) is np.ndarray and acc.shape == like.shape and x is not None
            and _keeps_dtype(acc, x)):
        if is_basic_index(index):
            acc[index] += x
        else:
            np.add.at(acc, index, x)
        return acc
    return acc + getitem_cotangent(x, like, index)


def clear_at(x, index, like=None):
    """``zero_at(x, index, like)``, zeroing ``x`` itself when that is exact: generated
    code passes only a cotangent no other name holds, whose entries at ``index`` it
    read before (ad/inplace.py).  An index that selects a view (a row, a slice) may
    have been read as that view: then, as for containers, a new object."""
    if _owned(x) and (not is_basic_index(index) or (
            x.ndim == 1 if type(index) is int else np.ndim(x[index]) == 0)):
        x[index] = 0
        return x
    return zero_at(x, index, like)


def store_at(a, index, value):
    """``with_item(a, index, value)``, storing into ``a`` itself when that is exact:
    generated code passes only an array no other name holds (ad/inplace.py)."""
    if not _owned(a) or type(value) not in _PLAIN and foreign_namespace(value) is not None:
        return with_item(a, index, value)
    if not (type(index) is int and a.dtype.char == "d" and type(value) in _REALS):
        setitem_checks(a, index, value)      # (a float into a float64 entry needs none)
    a[index] = value
    return a


def private_copy(x):
    """A copy of an array (other values as they are) for ``store_at`` / ``clear_at``
    to write into: an array entering a loop may be held by other names."""
    return np.array(x, copy=True) if type(x) is np.ndarray else x    # (others: written as copies)


_REALS = (float, int, np.float64)


_PLAIN = (float, int, np.float64, np.ndarray)


def _keeps_dtype(acc, x):
    """``np.result_type(acc, x) == acc.dtype``, decided without numpy's call for the
    usual float64 accumulator and float value."""
    if acc.dtype.char == "d" and (type(x) in _REALS or type(x) is np.ndarray
                                  and x.dtype.char == "d"):
        return True
    if foreign_namespace(x) is not None:
        return False         # an array of another library: added out of place
    return np.result_type(acc, x) == acc.dtype


def _owned(x):
    return type(x) is np.ndarray and x.base is None and x.flags.writeable


def untake(x, like, indices, axis=None):
    """The transpose of ``np.take(like, indices, axis)``: scatter-add (repeats accumulate)."""
    if axis is None:
        out = np.zeros(np.size(like), dtype=np.result_type(x, float))
        np.add.at(out, np.ravel(indices), np.ravel(x))
        return np.reshape(out, np.shape(like))
    ax = axis % np.ndim(like)
    out = np.zeros(np.shape(like), dtype=np.result_type(x, float))
    idx = np.asarray(indices)
    moved_out = np.moveaxis(out, ax, 0)
    moved_x = np.moveaxis(np.asarray(x), list(range(ax, ax + idx.ndim)), list(range(idx.ndim)))
    np.add.at(moved_out, idx, moved_x)
    return out


def untake_along_axis(x, like, indices, axis):
    """The transpose of ``np.take_along_axis(like, indices, axis)``."""
    if axis is None:
        out = np.zeros(np.size(like), dtype=np.result_type(x, float))
        np.add.at(out, np.ravel(indices), np.ravel(x))
        return np.reshape(out, np.shape(like))
    nd = np.ndim(like)
    ax = axis % nd
    indices = np.broadcast_to(indices, np.shape(x))
    grids = np.ogrid[tuple(slice(n) for n in np.shape(x))]
    index = tuple(indices if i == ax else grids[i] for i in range(nd))
    out = np.zeros(np.shape(like), dtype=np.result_type(x, float))
    np.add.at(out, index, x)
    return out


def add_at(a, indices, b):
    """``a`` after ``np.add.at(a, indices, b)``, as a new array (duplicates accumulate)."""
    out = np.array(a, copy=True, dtype=np.result_type(a, b))
    np.add.at(out, indices, b)
    return out


def _check_index(a, index):
    if not isinstance(a, (np.ndarray, list, tuple, dict, str)) and not np.isscalar(a):
        raise TypeError(f"a value carrying a derivative is used inside the brackets of a "
                        f"{type(a).__name__} object (its own __getitem__ computes with it): "
                        "its derivative is not modelled; use numpy functions (np.concatenate, "
                        "np.take...) or tangentish.stop_gradient(...)")
    if isinstance(a, dict):
        return      # a key: the lookup is piecewise constant in it
    items = index if isinstance(index, tuple) else (index,)
    for i in items:
        kind = np.asarray(i).dtype.kind if isinstance(i, (np.ndarray, np.generic, list)) else (
            "i" if isinstance(i, (int, slice, type(None), type(Ellipsis))) else "f")
        if kind not in "iub":
            raise TypeError(f"an index computed from the differentiated inputs is not an integer "
                            f"or boolean value ({type(i).__name__}): its derivative is not modelled")


def index_tangent(t, a, index):
    """The tangent contribution of an index that carries a derivative in ``a[index]``: 0
    for an integer or boolean index into an array, list, tuple or dict (indexing is
    piecewise constant in it); anything else is refused here."""
    _check_index(a, index)
    if not isinstance(t, (np.ndarray, np.generic, float, int, complex)):
        t = None      # the "tangent" of a dict key (a loop over a dict): none at all
    zero = np.zeros(np.shape(a[index]), dtype=float if t is None else np.result_type(t, float))
    return zero if zero.ndim else zero[()]


def index_cotangent(g, a, index, like):
    """The transpose of ``index_tangent``: a zero cotangent shaped like ``like`` (the
    index), after the same check."""
    _check_index(a, index)
    if not isinstance(like, (np.ndarray, np.generic, float, int, list)):
        return None       # a dict key (a string, a tuple...): no cotangent at all
    if not isinstance(g, (np.ndarray, np.generic, float, int, complex)):
        g = None
    zero = np.zeros(np.shape(like), dtype=float if g is None else np.result_type(g, float))
    return zero if zero.ndim else zero[()]


def permutation_of(a, ans, axis=-1):
    """Indices ``idx`` with ``np.take_along_axis(a, idx, axis) == ans`` for ``ans`` a
    permutation of ``a`` along ``axis`` (``np.partition``'s result; axis None: of the
    flattened ``a``): the k-th smallest of ``ans`` is the k-th smallest of ``a`` (ties
    matched in order, a stable sort on both sides)."""
    a, ans = np.asarray(a), np.asarray(ans)
    if axis is None:
        a = np.ravel(a)
        axis = 0
    order_a = np.argsort(a, axis=axis, kind="stable")
    order_ans = np.argsort(ans, axis=axis, kind="stable")
    idx = np.empty_like(order_a)
    np.put_along_axis(idx, order_ans, order_a, axis)
    if not np.array_equal(np.take_along_axis(a, idx, axis), ans, equal_nan=True):
        raise ValueError("cannot differentiate: the result is not a permutation of the input")
    return idx


def select_mask(condlist, k):
    """1.0 where ``np.select(condlist, choicelist, default)`` takes choice ``k`` (the first
    true condition), 0.0 elsewhere; ``k = -1``: where it takes ``default`` (none true)."""
    taken = np.zeros(np.broadcast_shapes(*[np.shape(c) for c in condlist]), dtype=bool)
    for j, c in enumerate(condlist):
        c = np.asarray(c, dtype=bool)
        if j == k:
            return (c & ~taken).astype(float)
        taken = taken | c
    return (~taken).astype(float)


def select_cotangents(x, condlist, choicelist):
    """The transpose of ``np.select(condlist, choicelist, 0)`` in ``choicelist`` (a list
    held in a variable): each choice's part of ``x``, shaped like it."""
    return ListCotangent([unbroadcast(x * select_mask(condlist, k), c) for k, c in enumerate(choicelist)])


def _plain_dict(d, filename=None, lineno=None, col_offset=None):
    """``d.get(...)`` is lowered to ``dict_get`` when ``d`` is a value known only at run
    time: it must be a dict whose ``get`` is dict's own."""
    if not (isinstance(d, dict) and type(d).get is dict.get):
        raise TransformError(
            f"cannot differentiate .get() of a {type(d).__name__} object (tangentish "
            "models dict.get only)", "call the method outside the differentiated function, "
            "or use a dict", filename, lineno, col_offset)


def dict_get(d, key, default=None, filename=None, lineno=None, col_offset=None):
    """``d.get(key, default)`` of a dict ``d`` (anything else raises, located at the
    user's call)."""
    _plain_dict(d, filename, lineno, col_offset)
    return d.get(key, default)


def dict_get_tangent(x, d, key, default=None):
    """The tangent of ``d.get(key, default)`` from ``d``'s tangent ``x``: its entry, or a
    zero shaped like ``default`` where ``d`` has no ``key``."""
    if key in d:
        return zero_derivative(d[key]) if x is None or x[key] is None else x[key]
    return zero_derivative(default)


def dict_get_cotangent(x, d, key, default=None):
    """The transpose of ``dict_get_tangent``: ``x`` at ``key`` of a zero cotangent shaped
    like ``d`` (all zeros where ``d`` has no ``key``)."""
    if key in d:
        return getitem_cotangent(x, d, key)
    return zero_derivative(d)


def default_tangent(x, d, key):
    """The tangent of ``d.get(key, default)`` from ``default``'s tangent ``x``: ``x`` where
    ``d`` has no ``key``, else a zero shaped like ``d[key]``."""
    return zero_derivative(d[key]) if key in d else x


def default_cotangent(x, d, key, default):
    """The transpose of ``default_tangent``: ``x`` where ``d`` has no ``key``, else a zero
    shaped like ``default``."""
    return zero_derivative(default) if key in d else x
