"""Lists, tuples and dicts: their cotangents (``ListCotangent`` & co, which add
entrywise), ``with_item``, ``list_append`` and the transposes of ``+``, ``*`` and slices
of sequences."""
import operator
import sys

import numpy as np

from ..core.errors import TransformError
from .backend import (PLAIN, as_array, broadcast_like, copy_array, dtype_kind, float_dtype,
                      foreign_namespace, known_shape, xp_dtype)
from .broadcast import CONTAINERS, Shape, same_length, unbroadcast

__all__ = [
    "unbroadcast_each", "as_cotangent", "ListCotangent", "TupleCotangent", "DictCotangent",
    "zero_derivative", "with_item", "zero_at", "list_append", "seq_concat", "seq_repeat", "seq_slice",
    "seq_unslice", "seq_fold", "seq_tile", "list_cotangent", "sequence_of", "sequence_tangent",
    "sequence_cotangent"
]


def unbroadcast_each(x, items):
    """The transpose of ``sum(items)``: ``x`` summed down to each item's shape (an array
    for an array summed along its first axis)."""
    if type(items) not in PLAIN:
        xp = foreign_namespace(items)
        if xp is not None:       # every item has the shape items.shape[1:]: one part, broadcast
            part = as_array(xp, unbroadcast(x, Shape(known_shape(items)[1:])), items)
            return broadcast_like(xp, xp.expand_dims(part, axis=0), items.shape, items)
    parts = [unbroadcast(x, item) for item in items]
    if isinstance(items, np.ndarray):
        return np.stack(parts) if parts else np.zeros(np.shape(items), np.result_type(x, float))
    return ListCotangent(parts)


def _refuse_repetition():
    raise TypeError("tangentish cannot differentiate repetition (*) of a list or tuple: build "
                    "the container with a display ([a, b, c]) or append")


def _map_entries(fn, x):
    """``fn`` of each entry of the list, tuple or dict ``x``, as the matching cotangent
    container (whose ``+`` adds entry by entry)."""
    if isinstance(x, list):
        return ListCotangent(fn(v) for v in x)
    if isinstance(x, tuple):
        return TupleCotangent(fn(v) for v in x)
    return DictCotangent((k, fn(v)) for k, v in x.items())


def as_cotangent(x):
    """A cotangent given by the user (a plain list, tuple or dict, at any depth) as
    ListCotangent & co, whose ``+`` adds entry by entry."""
    return _map_entries(as_cotangent, x) if isinstance(x, CONTAINERS) else x


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
        same_length(other, self, "an addition")
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
        same_length(other, self, "an addition")
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


def plain_containers(result):
    """``result`` with every cotangent container (at any depth) a plain list, tuple or
    dict, the leaves untouched: what the API hands back (api/results.py), and what an
    exported module's derivative returns (api/standalone.py)."""
    if type(result) in (list, ListCotangent):
        return [plain_containers(v) for v in result]
    if type(result) in (tuple, TupleCotangent):
        return tuple(plain_containers(v) for v in result)
    if type(result) in (dict, DictCotangent):
        return {k: plain_containers(v) for k, v in result.items()}
    return result


def zero_derivative(x, xp=None):
    """A zero cotangent shaped like ``x`` (lists, tuples and dicts of arrays too).
    ``xp``: the array library of the code calling it (code generated for another
    library passes its namespace): the zero of a number is then that library's 0-d
    array of numpy's dtype, not a numpy scalar, which would take the library's arrays
    it meets first in an operation (``np.float64(0.0) + a`` converts ``a`` to numpy)."""
    if isinstance(x, CONTAINERS):
        return _map_entries(lambda v: zero_derivative(v, xp), x)
    if xp is not None and type(x) in PLAIN and type(x) is not np.ndarray:
        return xp.zeros((), dtype=xp_dtype(xp, np.result_type(x, float)))
    if isinstance(x, (Shape, str, bytes, slice, range)) or x is None or x is Ellipsis \
            or callable(x):
        return None   # a stored shape, an index, a function, a string carry no derivative
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            return xp.zeros_like(x, dtype=float_dtype(xp, x))
    return np.zeros_like(x, dtype=np.result_type(x, float))


def with_item(a, index, value):
    """``a`` with ``a[index] = value``, as a new object (the functional meaning of
    an in-place update; the aliasing analysis ensured nobody else sees ``a``)."""
    if isinstance(a, dict):
        out = dict(a)
    elif isinstance(a, list):
        out = list(a)
    else:
        xp = None if type(a) is np.ndarray and type(value) in _PLAIN else \
            foreign_namespace(a, value)
        if xp is None:
            out = np.array(a, copy=True)
        else:
            out, index = writable_copy(xp, a, value), portable_index(a, index)
        setitem_checks(out, index, value)
        if xp is not None:      # numpy casts what it stores; the array API wants it cast
            value = xp.astype(as_array(xp, value, out), out.dtype)
    out[index] = value
    return out


_PLAIN = (float, int, complex, np.ndarray, np.float64)


def writable_copy(xp, a, like):
    """A copy of ``a`` (an array, or a number) as an array of ``xp`` on ``like``'s device,
    to write into (at a ``portable_index``: Dask has no scatter with repeats)."""
    return copy_array(xp, as_array(xp, a, like))


def portable_index(a, index):
    """``index`` as the array API writes at it (a tuple ending in ``...`` where it names
    fewer axes than ``a`` has); other indices than integers, slices and ``...`` are
    refused for arrays of other libraries."""
    items = index if isinstance(index, tuple) else (index,)
    if not all(isinstance(i, (int, slice, type(Ellipsis), np.integer)) for i in items):
        raise NotImplementedError(
            f"tangentish writes into {type(a).__name__} arrays only at integers, slices and "
            f"..., not at {index!r:.40}: index with integers and slices, or use numpy arrays")
    return items if Ellipsis in items else items + (Ellipsis,)


def is_basic_index(index):
    """Whether ``index`` selects by integers, slices, None and ``...`` only (a view in
    numpy; no repeats)."""
    if type(index) is int:
        return True
    items = index if isinstance(index, tuple) else (index,)
    return all(isinstance(i, (int, slice, type(None), type(Ellipsis)))
               or isinstance(i, np.integer) for i in items)


def setitem_checks(array, index, value):
    """Refuse the stores whose derivative is not modelled (below), at the user's line
    of the generated code calling ``with_item`` or ``store_at``."""
    _check_unique(index)
    _check_store(array, value)


def _check_store(array, value):
    """Storing floats into an integer or boolean array truncates them, and complex
    values into a real array drops their imaginary part: the derivative of what is
    stored is not the one tangentish would carry; refused."""
    stored = dtype_kind(value)
    kind = dtype_kind(array)
    caller = sys._getframe(3)      # the generated code (through setitem_checks): reported at the user's line
    if kind == "f" and stored == "c":
        raise TransformError(
            f"cannot differentiate storing a complex value into an array of {array.dtype} "
            "(numpy drops the imaginary part)", "make the array complex first (for example "
            "a = a.astype(complex); in forward mode this also covers an array made complex by "
            "adding a complex constant, x + 0j), or store np.real(value)",
            caller.f_code.co_filename, caller.f_lineno, 0)
    if kind in "fcO" or stored not in "fc":
        return
    raise TransformError(
        f"cannot differentiate storing a {_dtype_of(value)} value into an array of "
        f"{array.dtype} (numpy truncates it)", "make the array a float array (for example "
        "np.zeros(n) or np.array([...], dtype=float)), or convert the value with int() "
        "or round() first", caller.f_code.co_filename, caller.f_lineno, 0)


def _dtype_of(value):
    return value.dtype if foreign_namespace(value) is not None else np.asarray(value).dtype


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
            out[index] = zero_derivative(before[index])
        return out
    xp = None if type(x) is np.ndarray else foreign_namespace(x)
    if xp is None:
        out = np.array(x, copy=True)
    else:
        out, index = writable_copy(xp, x, x), portable_index(x, index)
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
    items = [zero_derivative(v) for v in like]
    items[start:stop] = list(x)
    return _cotangent_seq(items, like)


def seq_fold(x, like):
    """The sum of the ``len(like)``-long chunks of ``x`` (the transpose of repetition)."""
    k = len(like)
    chunks = [list(x)[i:i + k] for i in range(0, len(x), k)] if k else []
    if not chunks:
        return _cotangent_seq([zero_derivative(v) for v in like], like)
    total = chunks[0]
    for c in chunks[1:]:
        total = [a + b for a, b in zip(total, c)]
    return _cotangent_seq(total, like)


def seq_tile(x, like):
    """``x`` repeated to the length of ``like`` (the transpose of ``seq_fold``)."""
    n = len(like) // len(x) if len(x) else 0
    return _cotangent_seq(list(x) * n, like)


def list_cotangent(items):
    """A list of per-element cotangents, summed elementwise from then on."""
    return ListCotangent(items)


def sequence_of(xs, kind):
    """``tuple(xs)`` (``kind`` "tuple") or ``list(xs)`` of a value known only at run time."""
    return tuple(xs) if kind == "tuple" else list(xs)


def _check_sequence(xs, kind):
    if not isinstance(xs, (list, tuple, np.ndarray)):
        raise TypeError(
            f"tangentish: {kind}(...) of a {type(xs).__name__} that carries a derivative: only "
            "lists, tuples and arrays are modelled; build the sequence with a display or a "
            "list comprehension")


def sequence_tangent(t, xs, kind):
    """The tangent of ``sequence_of(xs, kind)``: ``t``'s entries as a tuple or list."""
    _check_sequence(xs, kind)
    if t is None:
        return None
    items = [zero_derivative(x) if v is None else v for v, x in zip(t, xs)]
    return TupleCotangent(items) if kind == "tuple" else ListCotangent(items)


def sequence_cotangent(g, xs, kind):
    """The transpose of ``sequence_tangent``: ``g``'s entries with ``xs``'s structure."""
    _check_sequence(xs, kind)
    if g is None:
        return zero_derivative(xs)
    items = [zero_derivative(x) if v is None else v for v, x in zip(g, xs)]
    if isinstance(xs, np.ndarray):
        return np.reshape(np.asarray(items, dtype=np.result_type(float, *items)), np.shape(xs))
    return TupleCotangent(items) if isinstance(xs, tuple) else ListCotangent(items)
