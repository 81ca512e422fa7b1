"""Run-time guards that generated code calls where a transform-time check cannot
decide: in-place updates and aliasing, containers, array methods, ``.sort()``,
immutable arguments, derivatives implemented to first order only."""
import numpy as np

from ..core.errors import TransformError
from .backend import PLAIN, backend_name
from .containers import zero_derivative

__all__ = [
    "check_not_sequences", "updates_in_place", "alias_update", "if_in_place", "unless_in_place",
    "check_item_not_in_place", "check_not_in_place", "check_array_method", "whole_array",
    "immutable_guard", "unsupported_higher_order_derivative", "check_private_argument",
    "require_none", "check_distinct_keys", "extreme_position", "require_order_cf"
]


def require_none(value, what, param, x):
    """``x``, a tangent or cotangent of ``what``, where its parameter ``param`` is
    ``value``: the derivative models only None there (``np.vstack(tup, dtype=...)``),
    any other value raises a TransformError."""
    if value is not None:
        raise TransformError(
            f"cannot differentiate {what} with {param}={value!r}: its derivative is modelled "
            f"only for {param}=None", f"cast the result instead (.astype) or drop {param}=")
    return x


def require_order_cf(order, what, x):
    """``x``, a tangent or cotangent of ``what`` (a reshape), where its ``order`` is 'C' or
    'F'; 'A' and 'K' depend on the memory layout of the input, which the derivative does
    not model: refused."""
    if order not in ("C", "F", "c", "f"):
        raise TransformError(
            f"cannot differentiate {what} with order={order!r}: its derivative is modelled "
            "for order='C' and order='F' only", "pass order='C' or order='F'")
    return x


def check_not_sequences(a, b, expression, lineno, col_offset):
    """Raise a located TransformError if ``a + b`` / ``a * b``, differentiated as
    arithmetic, is in fact a list or tuple concatenation or repetition."""
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        raise TransformError(
            f"line {lineno}: `{expression}` is a list or tuple operation (concatenation or "
            "repetition) here, "
            "which tangentish could not tell from the source and differentiated as arithmetic",
            "build the list in this function (a list display or list(...)) so its type is "
            "visible, or convert it with np.asarray for elementwise arithmetic",
            None, lineno, col_offset)


def extreme_position(items, largest):
    """The position of the element ``max(items)`` (``largest``) or ``min(items)`` returns:
    the first of equal extremes, as Python's max and min."""
    if not items:
        return max(items) if largest else min(items)     # Python's ValueError
    best = 0
    for k in range(1, len(items)):
        if (items[k] > items[best]) if largest else (items[k] < items[best]):
            best = k
    return best


def updates_in_place(x):
    """Does ``x += y`` update ``x``'s object (arrays, lists) rather than rebind the name?
    An array of another library does when its type defines ``__iadd__`` (CuPy, torch,
    array_api_strict), not otherwise (Dask, JAX: ``+=`` builds a new array)."""
    if isinstance(x, (np.ndarray, list)):
        return True
    if type(x) in PLAIN or backend_name(x) in (None, "numpy"):
        return False
    return hasattr(type(x), "__iadd__")


def alias_update(old, new):
    """The value of a second name ``a`` for ``x`` (``a = x``) after ``x += y``:
    the new value where the object was updated in place, else the old one."""
    return new if updates_in_place(old) else old


def if_in_place(x, like):
    """``x`` where ``like`` is updated in place by ``+=``, else a zero like ``x``."""
    return x if updates_in_place(like) else zero_derivative(x)


def unless_in_place(x, like):
    """``x`` where ``like`` is rebound (not updated) by ``+=``, else a zero like ``x``."""
    return zero_derivative(x) if updates_in_place(like) else x


def check_item_not_in_place(container, key, construct, hint, filename, lineno, col_offset):
    """Raise a TransformError located at the user's ``c[k] op= v`` if ``c`` is a list or
    dict whose entry is an array or list: Python updates that object in place, and
    every other name for it would see the change (an array ``c`` is an element update,
    modelled exactly)."""
    if isinstance(container, np.ndarray):
        return
    if updates_in_place(container[key]):
        raise TransformError(construct, hint, filename, lineno, col_offset)


def check_not_in_place(x, construct, hint, filename, lineno, col_offset):
    """Raise a TransformError located at the user's ``x += ...`` if it would
    update ``x``'s object in place: the object may be the caller's (an argument)."""
    if updates_in_place(x):
        raise TransformError(construct, hint, filename, lineno, col_offset)


def check_private_argument(x, others, construct, hint, filename, lineno, col_offset):
    """Generated where the function updates its argument ``x`` in place.  The
    derivative treats the argument as the function's private copy (the caller's
    array is left unchanged), which is exact when ``x`` is a number or an array
    that no other argument or global the function reads shares memory with.
    Otherwise raise a TransformError located at the update."""
    if isinstance(x, (int, float, complex, np.generic)):
        return                                   # rebound, never updated
    if not isinstance(x, np.ndarray) or any(_may_hold(other, x, 4) for other in others):
        raise TransformError(construct, hint, filename, lineno, col_offset)


_HOLDS_NOTHING = (int, float, complex, bool, str, bytes, type(None), range, slice, np.dtype,
                  type(Ellipsis))


def _may_hold(value, array, depth):
    """May ``value`` be, view or hold (within ``depth`` levels of lists, tuples, sets,
    dicts and object arrays) memory of ``array``?  Anything else that can refer to
    objects (instances, classes, modules, functions, iterators, memoryviews, array
    subclasses with attributes) may: the guard cannot see inside it."""
    if isinstance(value, _HOLDS_NOTHING) or (isinstance(value, np.generic) and
                                             value.dtype.kind != "O"):
        return False
    if depth == 0:
        return True
    if isinstance(value, np.ndarray):
        if type(value) is not np.ndarray and getattr(value, "__dict__", None):
            return True
        if value.dtype.kind == "O":
            return any(_may_hold(v, array, depth - 1) for v in value.flat)
        return np.may_share_memory(value, array)
    if getattr(value, "__dict__", None):
        return True                                  # a container subclass's attributes
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_may_hold(v, array, depth - 1) for v in value)
    if isinstance(value, dict):
        return any(_may_hold(v, array, depth - 1) for v in value.values())
    return True


def check_distinct_keys(keys, filename, lineno, col_offset):
    """Raise a TransformError located at the user's dict display ``{k1: a, k2: b, ...}`` if
    two of its keys (known only at run time) are equal: the display then holds one entry
    for two values, which its derivative (one value per key) does not model."""
    seen = []
    for k in keys:
        if any(k == s for s in seen):
            raise TransformError(
                f"cannot differentiate a dict display whose keys {k!r} are equal (the later "
                "value replaces the earlier)", "build the dict with distinct keys",
                filename, lineno, col_offset)
        seen.append(k)


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


def whole_array(a, where=""):
    """The index of every element of the array ``a`` (``...``), for ``a.sort()`` as
    ``a[...] = np.sort(a)``; refuses (a TransformError located at ``where``) a list,
    whose ``sort()`` has no such meaning."""
    if not isinstance(a, np.ndarray):
        file, _, line = where.rpartition(":")
        raise TransformError(f"cannot differentiate .sort() of a {type(a).__name__} (numpy "
                             "arrays only)", "use sorted(...) or np.sort(...) and assign the "
                             "result", file or None, int(line) if line.isdigit() else None, 0)
    return Ellipsis


def immutable_guard(value, where, why):
    """Before a call whose callee updates this argument with ``p += ...``: that is no
    change the caller sees if ``value`` is a number (or a tuple, a string); raise a
    TransformError located at ``where`` if it is an array or another mutable object."""
    if isinstance(value, (int, float, complex, np.generic, tuple, str, bytes)):
        return
    file, _, line = where.rpartition(":")
    raise TransformError(f"cannot differentiate {why}, and here it is a "
                         f"{type(value).__name__}, which changes in place",
                         "return the new value instead of updating the argument",
                         file, int(line) if line.isdigit() else None, 0)


def unsupported_higher_order_derivative(x):
    """Stands for a derivative these rules do not write out (a decomposition's second
    derivative): reverse mode refuses it at transform time (it has no rule), forward
    mode raises here."""
    raise NotImplementedError("this derivative is implemented to first order only "
                              "(see docs/COVERAGE.md)")
