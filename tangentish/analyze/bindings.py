"""What the names of a function are bound to, for the effects analysis: the values
bound to each name, whether those are new objects (updating one changes nothing the
caller sees), the objects an expression may reach, and a function's own scope."""
import gast
import numpy as np

from ..frontend.resolve import MISSING
from ..ir.nodes import parameter_names
from ..rules import RULES
from .aliasing import NEW_OBJECT_CALLS, VIEW_PRIMITIVES

# calls whose result is a new object
FRESH_CALLS = NEW_OBJECT_CALLS + (np.concatenate, np.stack, np.vstack, np.hstack, set, float,
                                  int, sorted)


def all_parameter_names(node):
    """The parameters of ``node`` and of every function and lambda nested in it."""
    out = set()
    for n in gast.walk(node):
        if isinstance(n, (gast.FunctionDef, gast.Lambda)):
            out.update(parameter_names(n, kwargs=True))
    return out


def base_names(node):
    """The names whose objects ``node`` may reach (``a``, ``a[0]``, ``[a, b]``...)."""
    if isinstance(node, (gast.List, gast.Tuple)):
        return [n for e in node.elts for n in base_names(e)]
    if isinstance(node, gast.Dict):
        return [n for e in node.values for n in base_names(e)]
    base = base_name(node)
    return [base] if base is not None else []


def base_name(node):
    while isinstance(node, (gast.Subscript, gast.Attribute, gast.Starred)):
        node = node.value
    return node.id if isinstance(node, gast.Name) else None


def own_scope(node):
    """Statements and expressions of ``node``'s own body, not of nested functions."""
    todo = list(node.body) if isinstance(node.body, list) else [node.body]
    while todo:
        n = todo.pop()
        yield n
        if not isinstance(n, (gast.FunctionDef, gast.Lambda)):
            todo.extend(gast.iter_child_nodes(n))


def bindings(node):
    """name -> list of the values bound to it anywhere in ``node`` (None: an unknown
    value, as a for target, a tuple unpacking or a with/except name binds)."""
    binds, plain = {}, set()
    for n in gast.walk(node):
        if isinstance(n, gast.AugAssign) and isinstance(n.target, gast.Name):
            plain.add(id(n.target))       # same object (an array) or a new number
        elif isinstance(n, (gast.Assign, gast.AnnAssign)):
            for t in (n.targets if isinstance(n, gast.Assign) else [n.target]):
                if isinstance(t, gast.Name) and n.value is not None:
                    binds.setdefault(t.id, []).append(n.value)
                    plain.add(id(t))
        elif isinstance(n, gast.FunctionDef) and n is not node:
            binds.setdefault(n.name, []).append(n)
    for n in gast.walk(node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) and id(n) not in plain:
            binds.setdefault(n.id, []).append(None)
    return binds


def is_fresh(name, binds, resolver, seen):
    """True if every value bound to ``name`` is a new object (so updating it is local)."""
    if name in seen:
        return True
    seen.add(name)
    values = binds.get(name)
    if not values:
        return False
    return all(_fresh_value(v, binds, resolver, seen) for v in values)


def _fresh_value(value, binds, resolver, seen):
    if value is None:
        return False
    if isinstance(value, (gast.Constant, gast.BinOp, gast.UnaryOp, gast.Compare, gast.List,
                          gast.Dict, gast.Set, gast.ListComp, gast.DictComp, gast.SetComp,
                          gast.JoinedStr, gast.Lambda, gast.FunctionDef, gast.Tuple)):
        return True
    if isinstance(value, gast.Name):
        return is_fresh(value.id, binds, resolver, seen)
    if isinstance(value, gast.IfExp):
        return all(_fresh_value(v, binds, resolver, seen) for v in (value.body, value.orelse))
    if isinstance(value, gast.Call):
        func = value.func
        if isinstance(func, gast.Attribute) and func.attr == "copy" and not value.args:
            return True
        obj = resolver.resolve(func)
        if any(obj is f for f in FRESH_CALLS):
            return True
        rule = RULES.get(obj) if obj is not MISSING else None
        return rule is not None and obj not in VIEW_PRIMITIVES and obj is not np.asarray
    return False
