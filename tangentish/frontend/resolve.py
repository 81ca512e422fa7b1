"""Static name resolution: which Python object a function expression names.

``np.sin`` in the user's code resolves through the function's closure, its
globals and the builtins, exactly as Python would at call time.  Local names
(arguments, assigned variables) are runtime values and never resolve.

Every resolution that can change what code is generated (a name or attribute
that denotes a function, a class, a module or anything callable) is recorded
in ``sf.deps``; the driver's cache re-checks those before reusing generated
code (``driver.Generated.valid``).  Plain values (arrays, numbers) are not recorded:
generated code reads them live, by the same name.
"""
import builtins
import inspect
import types

import gast
import numpy as np

from ..ir.nodes import parameter_names

MISSING = object()
_UFUNC_METHODS = frozenset(("reduce", "accumulate", "outer", "at", "reduceat"))


def module_of(obj):
    """The name of the module ``obj`` comes from, or ''.  numpy's ufuncs say "numpy"
    (numpy < 2.1 gives them no ``__module__``: code must not depend on that version)."""
    if isinstance(obj, np.ufunc):
        return "numpy"
    module = getattr(obj, "__module__", None)
    return module if isinstance(module, str) else ""


def is_static_object(obj):
    """Objects whose identity decides what code is generated for their use."""
    return obj is not MISSING and (callable(obj) or isinstance(obj, types.ModuleType))


class Resolver:
    def __init__(self, sf, local_names, extra=None):
        self.sf = sf
        self.local_names = frozenset(local_names)
        self.extra = extra or {}   # names generated code binds to helpers

    def record(self, key, obj):
        """Note that the generated code depends on ``key`` still denoting ``obj``."""
        deps = getattr(self.sf, "deps", None)
        if deps is not None and is_static_object(obj):
            deps[key] = obj
        return obj

    def resolve(self, node):
        if isinstance(node, gast.Name):
            if node.id in self.local_names:
                return MISSING
            if node.id in self.extra:
                return self.extra[node.id]
            if node.id in self.sf.closure:
                try:
                    value = self.sf.closure[node.id].cell_contents
                except ValueError:
                    return MISSING
                return self.record(("cell", node.id), value)
            if node.id in self.sf.globals:
                return self.record(("global", node.id), self.sf.globals[node.id])
            return self.record(("global", node.id), getattr(builtins, node.id, MISSING))
        if isinstance(node, gast.Attribute):
            base = self.resolve(node.value)
            if isinstance(base, np.ufunc) and node.attr in _UFUNC_METHODS:
                # np.add.reduce: fixed by the ufunc (recorded already); a new bound
                # method each time, so not recorded itself (dependencies compare identity)
                return getattr(base, node.attr)
            if base is MISSING or not isinstance(base, (types.ModuleType, type)):
                return MISSING
            return self.record(("attr", base, node.attr), getattr(base, node.attr, MISSING))
        return MISSING

    def is_static(self, node):
        """True for a name or dotted chain that resolves without running the function."""
        return self.resolve(node) is not MISSING


def lookup(fn, key):
    """What ``key`` (a recorded dependency) denotes now, in ``fn``'s namespace."""
    kind = key[0]
    if kind == "global":
        value = fn.__globals__.get(key[1], MISSING)
        return getattr(builtins, key[1], MISSING) if value is MISSING else value
    if kind == "cell":
        try:
            cell = fn.__closure__[fn.__code__.co_freevars.index(key[1])]
            return cell.cell_contents
        except (ValueError, TypeError, IndexError):
            return MISSING
    if kind == "static":
        return inspect.getattr_static(key[1], key[2], MISSING)
    return getattr(key[1], key[2], MISSING)


def static_method(func, resolver):
    """``obj.method`` where ``obj`` is named through globals or modules (a module-level
    model, ``scipy.stats.t``) and ``method`` a plain function of its class: the bound
    method, looked up without running properties; None otherwise (then the call is
    resolved at run time)."""
    base = resolver.resolve(func.value)
    if base is MISSING or isinstance(base, (types.ModuleType, type)):
        return None
    if func.attr in getattr(base, "__dict__", {}):
        return None                      # an instance attribute, not a method
    attr = inspect.getattr_static(type(base), func.attr, None)
    if not isinstance(attr, types.FunctionType):
        return None
    resolver.record(("static", base, func.attr), attr)   # the code is regenerated if it changes
    return types.MethodType(attr, base)


def local_names(node):
    """The names a function node binds: its parameters and every assigned name."""
    names = set(parameter_names(node))
    for n in gast.walk(node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
            names.add(n.id)
        elif isinstance(n, gast.Assign):
            names.update(t.id for t in n.targets if isinstance(t, gast.Name))
    return names
