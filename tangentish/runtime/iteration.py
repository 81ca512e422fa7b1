"""Loops over containers (frontend/iteration.py): what ``for v in xs`` yields at each
position, and the (zero) derivative of keys."""
from collections.abc import Mapping

import numpy as np

from .backend import foreign_namespace
from .containers import ListCotangent, TupleCotangent, zero_derivative
from .indexing import accumulate_at, getitem_cotangent

__all__ = [
    "iteration_keys", "sorted_keys", "iteration_constants", "constants_tangent",
    "constants_cotangent", "dict_key", "iteration_key", "sorted_key", "iteration_item",
    "iteration_item_tangent", "iteration_item_cotangent",
    "accumulate_item"
]


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
    return zero_derivative(xs)


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


def sorted_key(items, xs, k):
    """The ``k``-th element of ``items = iteration_constants(xs, sort=True, ...)`` in a loop
    ``for x in sorted(xs)`` that indexes ``xs`` with ``x``: a key of the mapping ``xs``
    (keys carry no derivative), or else an element that must be an integer index."""
    item = items[k]
    if not _is_mapping(xs) and not _integer_valued(item):
        raise TypeError(
            f"tangentish: `for x in sorted(xs)` indexes xs with x, but xs is a "
            f"{type(xs).__name__} of {type(item).__name__} values, not a dict: their "
            "derivative is not modelled here; write `for i in range(len(xs))` and read xs[i]")
    return item


def iteration_item(items, k):
    """The ``k``-th item ``for x in items`` yields: a key for a mapping, else ``items[k]``."""
    if type(items) in _SEQUENCES:
        return items[k]
    if _is_mapping(items):
        return list(items)[k]
    _unordered(items)
    if foreign_namespace(items) is not None:
        return items[k, ...]        # an array of another library (the array API names every axis)
    return items[k]


def _key_zero(key):
    """The (zero) tangent of a dict key: keys are constants."""
    if isinstance(key, (bool, int, float, np.integer, np.floating, np.bool_)):
        return 0.0
    if isinstance(key, tuple):
        return TupleCotangent(_key_zero(e) for e in key)
    return zero_derivative(key)


def iteration_item_tangent(t, items, k):
    """The tangent of ``iteration_item(items, k)`` given the tangent ``t`` of ``items``:
    zero for a mapping's key, else ``t[k]``."""
    if type(items) is not np.ndarray and _is_mapping(items):
        return _key_zero(list(items)[k])
    if t is None:
        return zero_derivative(items[k])
    return t[k]


def iteration_item_cotangent(g, items, k):
    """The transpose of ``iteration_item_tangent``: nothing for a mapping (a key has no
    derivative), else ``g`` scattered to position ``k``."""
    if _is_mapping(items):
        return zero_derivative(items)
    return getitem_cotangent(g, items, k)


def accumulate_item(acc, g, items, k):
    """``acc + iteration_item_cotangent(g, items, k)``, into ``acc`` where exact
    (``accumulate_at``)."""
    if _is_mapping(items):
        return acc + zero_derivative(items)
    return accumulate_at(acc, g, items, k)
