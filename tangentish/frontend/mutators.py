"""Calls that change an argument in place: the table, and the exact functional
meaning of those that have a cheap one.

``functional_form`` rewrites a mutating call into an element assignment
(``a.fill(v)`` -> ``a[...] = v``), which normalize then turns into a new
version ``a_1 = with_item(a, Ellipsis, v)`` that the aliasing analysis checks
like any in-place update (only allowed on a fresh object nobody else sees).
``mutated`` names what any other call changes in place, so the effects
analysis can refuse it.

Modelled exactly (rewritten):
  a.fill(v)               -> a[...] = v
  np.copyto(a, x)         -> a[...] = x
  a.sort() / a.sort(axis) -> a[...] = np.sort(a, axis)
  a.__setitem__(i, v)     -> a[i] = v
  np.add.at(a, i, x)      -> a[...] = add_at(a, i, x)   (subtract.at: -x)
  f(..., out=a), ufunc f(x, y, a) -> a[...] = f(...)  (y = f(..., out=a) also binds y = a)
Everything else in ``MUTATING_METHODS`` / ``MUTATING_FUNCTIONS`` is refused.
"""
import operator
import types

import gast
import numpy as np

from ..rules import RULES
from .resolve import MISSING

# Methods that change their receiver (numpy arrays, lists, dicts, sets).  A
# method of this name on an object of unknown type is assumed to mutate it.
MUTATING_METHODS = frozenset({
    "sort", "fill", "resize", "partition", "itemset", "put", "setfield", "setflags",
    "byteswap", "extend", "insert", "pop", "remove", "clear", "reverse", "update",
    "setdefault", "popitem", "add", "discard", "append", "__setitem__", "__delitem__",
    "__iadd__", "__isub__", "__imul__", "__itruediv__", "__ipow__", "__imatmul__",
    "intersection_update", "difference_update", "symmetric_difference_update", "shuffle",
})

# Functions that change (one of) their arguments: object -> index of the argument.
MUTATING_FUNCTIONS = {np.put: 0, np.place: 0, np.putmask: 0, np.fill_diagonal: 0,
                      np.copyto: 0, np.random.shuffle: 0, np.put_along_axis: 0,
                      operator.setitem: 0, operator.delitem: 0, operator.iadd: 0,
                      operator.isub: 0, operator.imul: 0, operator.itruediv: 0,
                      operator.ipow: 0, operator.imatmul: 0, operator.iconcat: 0}
# Methods that change an argument rather than (only) their object.
ARGUMENT_MUTATING_METHODS = {"shuffle": 0}


_MUTABLE = (np.ndarray, list, dict, set, bytearray)


def library_mutation(obj):
    """What the library callable ``obj`` changes in place, for a call through another
    name (``cp = np.copyto``, ``fl = a.fill``, ``OPS["put"]``); "" if nothing known."""
    if any(obj is fn for fn in MUTATING_FUNCTIONS):
        return f"`{getattr(obj, '__name__', obj)}()` changes an argument in place"
    if _is_ufunc_at(obj):
        return f"`np.{obj.__self__.__name__}.at()` changes its first argument in place"
    if isinstance(getattr(obj, "__self__", None), _MUTABLE) and not isinstance(
            obj, types.MethodType) and getattr(obj, "__name__", None) in MUTATING_METHODS:
        return f"`.{obj.__name__}()` changes its {type(obj.__self__).__name__} in place"
    return ""


def mutated(call, resolver):
    """(the argument node ``call`` changes in place, what it is) or None.

    Postcondition: None only if the call mutates none of its arguments nor its
    receiver, as far as the tables know (calls into Python source are the
    effects analysis's job)."""
    func = call.func
    obj = resolve_call(func, resolver)
    out = _out_argument(call, obj)
    if out is not None:
        return out, "writes its result into out="
    if obj is not None and _is_ufunc_at(obj):
        return _arg(call, 0), f"np.{obj.__self__.__name__}.at() updates its first argument"
    for fn, index in MUTATING_FUNCTIONS.items():
        if obj is fn:
            return _arg(call, index), f"{fn.__name__}() changes its argument in place"
    name = getattr(obj, "__name__", None)
    if name in ARGUMENT_MUTATING_METHODS and getattr(obj, "__self__", None) is not None:
        return _arg(call, ARGUMENT_MUTATING_METHODS[name]), f".{name}() changes its argument"
    if _unbound_method(obj) and name in MUTATING_METHODS:
        return _arg(call, 0), f"{obj.__qualname__}() changes its first argument in place"
    if obj is not MISSING and not isinstance(func, gast.Attribute) and library_mutation(obj):
        # a bound method reached under another name (_put = STORE.__setitem__)
        return func, f"through a bound method, {library_mutation(obj)}"
    if obj is MISSING and isinstance(func, gast.Attribute) and func.attr in MUTATING_METHODS:
        index = ARGUMENT_MUTATING_METHODS.get(func.attr)
        if index is not None:
            return _arg(call, index), f".{func.attr}() changes its argument in place"
        return func.value, f".{func.attr}() changes the object in place"
    return None


def _unbound_method(obj):
    """``np.ndarray.sort``, ``list.append``: a method taken from its class."""
    return type(obj).__name__ in ("method_descriptor", "wrapper_descriptor") or (
        isinstance(obj, types.FunctionType) and "." in getattr(obj, "__qualname__", ""))


def functional_form(call, resolver, symbol, local, result=None, where=""):
    """User-level statements with the exact meaning of the mutating ``call``, or None.

    ``symbol(name)``: the emitted name of a runtime helper or of ``np``; ``local(name)``:
    whether ``name`` is the function's own variable (a global is never rewritten into a
    local version); ``where``: "file:line" of the call, for run-time errors; ``result``:
    the name the call's
    value is assigned to, if any.  Postcondition: the statements change only
    the object the call changed, by an element assignment ``a[...] = v``."""
    func = call.func
    obj = resolve_call(func, resolver)
    out = _out_argument(call, obj)
    if out is not None:
        if not isinstance(out, gast.Name) or not local(out.id) or not _rule_for(obj) or any(
                k.arg == "where" for k in call.keywords) or getattr(obj, "nout", 1) != 1:
            return None          # where=: the elements not written keep out's old values
        args = list(call.args)
        if isinstance(obj, np.ufunc) and len(args) > obj.nin:
            args = args[:obj.nin]
        keywords = [k for k in call.keywords if k.arg != "out"]
        value = gast.Call(func=func, args=args, keywords=keywords)
        return _update(out, _ellipsis(), value) + (
            [_assign(result, _name(out.id))] if result is not None else [])
    if result is not None:
        return None
    if obj is np.copyto and len(call.args) == 2 and not call.keywords:
        return _name_update(call.args[0], _ellipsis(), call.args[1], local)
    if obj is not MISSING and _is_ufunc_at(obj) and obj.__self__ in (np.add, np.subtract) \
            and len(call.args) == 3 and not call.keywords:
        a, index, b = call.args
        if obj.__self__ is np.subtract:
            b = gast.UnaryOp(op=gast.USub(), operand=b)
        value = gast.Call(func=_name(symbol("add_at")), args=[a, index, b], keywords=[])
        return _name_update(a, _ellipsis(), value, local)
    if obj is not MISSING or not isinstance(func, gast.Attribute):
        return None
    receiver, method = func.value, func.attr
    if method == "fill" and len(call.args) == 1 and not call.keywords:
        return _name_update(receiver, _ellipsis(), call.args[0], local)
    if method == "__setitem__" and len(call.args) == 2 and not call.keywords:
        return _name_update(receiver, call.args[0], call.args[1], local)
    if method == "sort" and len(call.args) <= 1 and all(k.arg in ("axis", "kind")
                                                          for k in call.keywords):
        axis = call.args[0] if call.args else next(
            (k.value for k in call.keywords if k.arg == "axis"), gast.Constant(value=-1, kind=None))
        np_sort = gast.Attribute(value=_name(symbol("np")), attr="sort", ctx=gast.Load())
        value = gast.Call(func=np_sort, args=[receiver, axis], keywords=[])
        # a list's sort() has no such meaning: whole_array refuses it at run time
        whole = gast.Call(func=_name(symbol("whole_array")),
                          args=[receiver, gast.Constant(value=where, kind=None)], keywords=[])
        return _name_update(receiver, whole, value, local)
    return None


def resolve_call(func, resolver):
    """The object a call's function expression names, ufunc methods (``np.add.at``) included."""
    obj = resolver.resolve(func)
    if obj is MISSING and isinstance(func, gast.Attribute):
        base = resolver.resolve(func.value)
        if isinstance(base, np.ufunc):
            return getattr(base, func.attr, MISSING)
    return obj


def _out_argument(call, obj):
    """The ``out`` argument of a numpy call (keyword, or a ufunc's extra positional)."""
    for k in call.keywords:
        if k.arg == "out":
            value = k.value
            if isinstance(value, gast.Tuple) and len(value.elts) == 1:
                value = value.elts[0]
            return value
    if isinstance(obj, np.ufunc) and len(call.args) > obj.nin:
        return call.args[obj.nin]
    return None


def _rule_for(obj):
    return RULES.get(obj) is not None


def _is_ufunc_at(obj):
    return getattr(obj, "__name__", None) == "at" and isinstance(getattr(obj, "__self__", None),
                                                                  np.ufunc)


def _arg(call, index):
    return call.args[index] if len(call.args) > index else None


def _name_update(target, index, value, local):
    if not isinstance(target, gast.Name) or not local(target.id):
        return None
    return _update(target, index, value)


def _update(target, index, value):
    sub = gast.Subscript(value=_name(target.id), slice=index, ctx=gast.Store())
    return [gast.Assign(targets=[sub], value=value, type_comment=None)]


def _assign(name, value):
    return gast.Assign(targets=[gast.Name(id=name, ctx=gast.Store(), annotation=None,
                                          type_comment=None)], value=value, type_comment=None)


def _ellipsis():
    return gast.Constant(value=Ellipsis, kind=None)


def _name(identifier):
    return gast.Name(id=identifier, ctx=gast.Load(), annotation=None, type_comment=None)
