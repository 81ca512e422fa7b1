"""Joining and splitting: the transposes of ``np.concatenate``, ``np.stack`` and their
variants, and of ``np.split`` and its variants."""
import math

import numpy as np

from ..core.errors import TransformError
from .backend import PLAIN, as_array, device_of, float_dtype, foreign_namespace, known_shape
from .containers import ListCotangent

__all__ = [
    "concatenate_part", "concatenate_part_transpose", "unconcatenate", "unstack", "joined_part",
    "joined_part_transpose", "split_transpose", "split_like", "array_of", "array_part",
    "array_part_transpose", "index_join", "index_slice"
]


def concatenate_part(x, arrays, k, axis=0):
    """The part of ``x`` that came from ``arrays[k]`` in ``np.concatenate(arrays, axis)``."""
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            return _concatenate_part_xp(xp, x, arrays, k, axis)
    if axis is None:
        sizes = [np.size(a) for a in arrays]
        start = sum(sizes[:k])
        return np.reshape(x[start:start + sizes[k]], np.shape(arrays[k]))
    sizes = [np.shape(a)[axis] for a in arrays]
    start = sum(sizes[:k])
    index = [slice(None)] * np.ndim(x)
    index[axis] = slice(start, start + sizes[k])
    return x[tuple(index)]


def _concatenate_part_xp(xp, x, arrays, k, axis):
    """``concatenate_part`` of an array of another library (the array API indexes every
    axis, and reshapes through the namespace)."""
    shapes = [known_shape(a) for a in arrays]
    if axis is None:
        sizes = [math.prod(shape) for shape in shapes]
        start = sum(sizes[:k])
        return xp.reshape(x[start:start + sizes[k]], shapes[k])
    axis = axis % x.ndim
    start = sum(shape[axis] for shape in shapes[:k])
    index = [slice(None)] * x.ndim
    index[axis] = slice(start, start + shapes[k][axis])
    return x[tuple(index)]


def concatenate_part_transpose(x, like, arrays, k, axis=0):
    """The transpose of ``concatenate_part``: ``x`` placed at part ``k``, zeros elsewhere."""
    if type(x) not in PLAIN or type(like) not in PLAIN:
        xp = foreign_namespace(x, like)
        if xp is not None:
            return _concatenate_part_transpose_xp(xp, x, like, arrays, k, axis)
    parts = [np.zeros(np.shape(a), dtype=np.result_type(x, float)) for a in arrays]
    parts[k] = np.reshape(x, np.shape(arrays[k]))
    out = np.concatenate([p.reshape(-1) for p in parts]) if axis is None else \
        np.concatenate(parts, axis=axis)
    return np.reshape(out, np.shape(like))


def _concatenate_part_transpose_xp(xp, x, like, arrays, k, axis):
    """``concatenate_part_transpose`` through the namespace of another array library."""
    lead = x if foreign_namespace(x) is not None else like
    x = as_array(xp, x, lead)
    dtype = float_dtype(xp, x)
    shapes = [known_shape(a) for a in arrays]
    parts = [xp.zeros(shape, dtype=dtype, device=device_of(x)) for shape in shapes]
    parts[k] = xp.astype(xp.reshape(x, shapes[k]), dtype)
    out = xp.concat([xp.reshape(p, (-1,)) for p in parts]) if axis is None else \
        xp.concat(parts, axis=axis)
    return xp.reshape(out, known_shape(like))


def unconcatenate(x, arrays, axis=0):
    """The transpose of ``np.concatenate(arrays, axis)``: ``x`` cut into their shapes."""
    return ListCotangent(concatenate_part(x, arrays, k, axis) for k in range(len(arrays)))


def unstack(x, axis=0):
    """The transpose of ``np.stack(list, axis)``: the list of slices along ``axis``."""
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            return ListCotangent(xp.unstack(x, axis=axis))
    return ListCotangent(np.moveaxis(np.asarray(x), axis, 0))


def _joined(arrays, kind, where=()):
    """(promoted arrays, axis) of np.hstack / vstack / dstack / column_stack, and of
    np.r_[...] / np.c_[...] (``where``: the user's filename, line and column)."""
    if kind == "hstack":
        parts = [np.atleast_1d(a) for a in arrays]
        return parts, 0 if parts[0].ndim == 1 else 1
    if kind == "vstack":
        return [np.atleast_2d(a) for a in arrays], 0
    if kind == "dstack":
        return [np.atleast_3d(a) for a in arrays], 2
    if kind in ("r_", "c_"):
        # each entry as np.r_ / np.c_ converts it (a slice: its arange), joined along
        # axis 0 / -1
        _check_index_entries(arrays, kind, *where)
        joiner = np.r_ if kind == "r_" else np.c_
        return [joiner[(a,)] for a in arrays], 0 if kind == "r_" else -1
    if kind == "column_stack":
        return [np.reshape(a, (-1, 1)) if np.ndim(a) < 2 else np.asarray(a) for a in arrays], 1
    raise ValueError(kind)


def joined_part(x, arrays, k, kind, filename=None, lineno=None, col_offset=None):
    """The part of ``x`` that came from ``arrays[k]`` in ``np.<kind>(arrays)``."""
    parts, axis = _joined(arrays, kind, (filename, lineno, col_offset))
    start = sum(np.shape(p)[axis] for p in parts[:k])
    index = [slice(None)] * np.ndim(x)
    index[axis] = slice(start, start + np.shape(parts[k])[axis])
    return np.reshape(x[tuple(index)], np.shape(arrays[k]))


def joined_part_transpose(x, arrays, k, kind, filename=None, lineno=None, col_offset=None):
    """The transpose of ``joined_part``: ``x`` placed at part ``k``, zeros elsewhere."""
    parts, axis = _joined(arrays, kind, (filename, lineno, col_offset))
    pieces = [np.zeros(np.shape(p), dtype=np.result_type(x, float)) for p in parts]
    pieces[k] = np.reshape(x, np.shape(parts[k]))
    return np.concatenate(pieces, axis=axis)


def _split_axis(kind, ary, axis):
    """The axis ``np.<kind>`` splits ``ary`` along (``hsplit``: 0 for a vector)."""
    if kind == "hsplit":
        return 0 if np.ndim(ary) == 1 else 1
    return {"vsplit": 0, "dsplit": 2}.get(kind, axis)


def split_transpose(x, ary, axis=0, kind="split"):
    """The transpose of ``np.split`` and its variants: join the parts' cotangents.

    ``x`` is the cotangent of the list of parts (missing parts count as zeros)."""
    axis = _split_axis(kind, ary, axis)
    xp = foreign_namespace(*x, ary)
    if xp is not None:
        lead = next(v for v in (*x, ary) if foreign_namespace(v) is not None)
        return xp.concat([as_array(xp, p, lead) for p in x], axis=axis)
    return np.concatenate([np.asarray(p) for p in x], axis=axis)


def split_like(x, parts, axis=0, kind="split"):
    """The transpose of ``split_transpose``: ``x`` cut into pieces shaped like ``parts``."""
    axis = _split_axis(kind, x, axis)
    sizes = [np.shape(p)[axis] for p in parts]
    if type(x) not in PLAIN and foreign_namespace(x) is not None:
        ends = np.cumsum(sizes).tolist()
        index = [slice(None)] * x.ndim
        pieces = []
        for start, end in zip([0] + ends[:-1], ends):
            index[axis] = slice(start, end)
            pieces.append(x[tuple(index)])
        return ListCotangent(pieces)
    return ListCotangent(np.split(x, np.cumsum(sizes)[:-1], axis=axis))


def _check_elements(items, where="np.array"):
    """The elements of a display passed to ``np.array``: numbers or arrays of one shape."""
    shapes = set()
    for e in items:
        if not isinstance(e, (np.ndarray, np.generic, int, float, complex, bool, list, tuple)):
            raise TypeError(f"cannot differentiate {where}() of a display holding a "
                            f"{type(e).__name__}: only numbers and arrays are modelled")
        shapes.add(np.shape(e))
    if len(shapes) > 1:
        raise ValueError(f"cannot differentiate {where}() of a display whose elements have "
                         f"different shapes {sorted(shapes)} (a ragged array)")


def array_of(object, dtype=None):
    """``np.array(object, dtype)`` of a display ``object`` of numbers or arrays of one shape:
    their stack along a new first axis (numpy's dtype promotion).  Refuses ragged
    displays and object arrays: they have no derivative here."""
    _check_elements(object)
    out = np.array(object, dtype=dtype)
    if out.dtype.kind not in "biufc":
        raise TypeError(f"cannot differentiate np.array() making an array of dtype {out.dtype}")
    return out


def array_part(x, object, k, dtype=None):
    """The transpose of ``array_of`` for element ``k``: ``x[k]``, the cotangent of ``object[k]``
    (a cast to a real dtype keeps the real part, as ``astype``)."""
    _check_elements(object)
    part = np.asarray(x)[k]
    if dtype is not None and np.dtype(dtype).kind == "f" and np.iscomplexobj(part):
        part = part.real
    return part


def array_part_transpose(x, object, k, dtype=None):
    """The transpose of ``array_part``: ``x`` placed at element ``k`` of zeros shaped like
    ``array_of(object)``."""
    x = np.asarray(x)
    out = np.zeros((len(object),) + np.shape(object[k]), dtype=np.result_type(x, float))
    out[k] = x
    return out


def index_join(tup, kind, filename=None, lineno=None, col_offset=None):
    """``np.r_[a, b, ...]`` (``kind`` "r_") or ``np.c_[...]`` ("c_") of the entries
    ``tup``: numpy's own computation, so the value (and dtype) is exactly numpy's.  Entries
    are numbers, arrays or slices (``index_slice``); a list, tuple or string entry (a
    nested sequence, a directive) is not modelled and raises a TransformError located at
    the user's expression."""
    _check_index_entries(tup, kind, filename, lineno, col_offset)
    joiner = np.r_ if kind == "r_" else np.c_
    return joiner[tuple(tup)]


def _check_index_entries(tup, kind, filename=None, lineno=None, col_offset=None):
    for item in tup:
        if isinstance(item, (str, list, tuple, dict)) or (
                isinstance(item, np.ndarray) and item.dtype == object):
            raise TransformError(
                f"cannot differentiate np.{kind}[...] with a {type(item).__name__} entry",
                "pass arrays or numbers (np.asarray(...) first), or use np.concatenate",
                filename, lineno, col_offset)


def index_slice(start, stop, step, kind):
    """The entry ``start:stop:step`` of ``np.r_[...]`` (``kind`` "r_") / ``np.c_[...]``, as
    numpy converts it (its arange or linspace: 1-D for ``r_``, a column for ``c_``); passed
    on to ``index_join``, numpy converts that array to itself."""
    return (np.r_ if kind == "r_" else np.c_)[start:stop:step]
