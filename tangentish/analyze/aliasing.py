"""Aliasing: prove that in-place updates can be given their functional meaning.

Normalize turns ``a[i] = v`` into ``a_1 = setitem(a, i, v)`` (and likewise
``xs.append(v)``, ``x += y``): a new *version* of the same object.  That is
the update's exact meaning unless some other name can see the object: a copy
``b = a``, a view (``a.T``, ``a[1:]``, ``a.reshape``...), a container holding
it, an argument the caller still holds, or a value a call returned (which may
be anything).  This pass refuses, with a TransformError at the update, every
update some other live name could observe -- it never lets a gradient be
silently wrong.

Rules (an *alias* is another name for an object that is updated):
* ``a[i] = v`` and ``xs.append(v)`` need an object the function created
  itself (``np.zeros``, arithmetic, ``x.copy()``, a list display...), not an
  argument, a view or a call's result.
* ``x += y`` rebinds a float and updates an array; either way it is refused
  only when an alias of ``x`` is used after it.
* An alias is fine when all its uses come before the update, in the same block.
"""
import operator

import gast
import numpy as np

from .. import annotations as anno
from .. import runtime as rt
from ..custom import stop_gradient
from ..irutil import UnionFind, assigned_names, located, statements, text
from .primitives import classify

VIEW_PRIMITIVES = {operator.getitem, np.transpose, np.reshape, np.swapaxes, np.ravel, np.squeeze,
                   np.expand_dims, np.asarray, np.broadcast_to, np.diagonal, np.atleast_1d,
                   np.atleast_2d, np.atleast_3d, np.moveaxis, stop_gradient,
                   rt.iteration_item, rt.iteration_key}


def check(sf, fn_node, resolver):
    places = {}                      # id(stmt) -> chain of (id(block), index)
    _index(fn_node.body, (), places)
    stmts = list(statements(fn_node.body))
    defs = {}
    for s in stmts:
        if isinstance(s, gast.Assign):
            for n in assigned_names(s):
                defs.setdefault(n, []).append(s)
    params = {a.id for a in fn_node.args.posonlyargs + fn_node.args.args + fn_node.args.kwonlyargs}
    groups = UnionFind()
    updates = []
    for s in stmts:
        if not isinstance(s, gast.Assign) or not isinstance(s.targets[0], gast.Name):
            continue
        target = s.targets[0].id
        if isinstance(s.value, gast.Name) and not anno.get(s, anno.USER_COPY):
            groups.union(target, s.value.id)             # SSA copy: same variable
        user = anno.get(s, anno.INPLACE)
        if user is not None:
            base = _updated_base(s)
            if base is not None:
                groups.union(target, base)
                updates.append((s, base, user))
    if not updates:
        return
    uses = {}
    for s in stmts:
        for n in _loads(s):
            uses.setdefault(n, []).append(s)
    for stmt, base, user in updates:
        members = groups.members(base)
        kind = "append" if _is_call(stmt.value, "list_append", resolver) else (
            "setitem" if _is_call(stmt.value, "setitem", resolver) else "augassign")
        if kind != "augassign":
            for m in sorted(members):
                if m in params:
                    raise sf.error(
                        f"cannot differentiate an in-place update of the argument {user!r}: the "
                        "caller's object would change too",
                        f"copy it first ({user} = {user}.copy() or list({user})), then update the copy",
                        located(stmt))
                for d in defs.get(m, ()):
                    if d is stmt or d.value.__class__ is gast.Name or anno.get(d, anno.INPLACE):
                        continue
                    if not _fresh(d.value, resolver):
                        raise sf.error(
                            f"cannot differentiate an in-place update of {user!r}: it may share "
                            f"memory with another array (it comes from `{text(d.value)}`)",
                            f"copy it first ({user} = {user}.copy()), or build the result "
                            "functionally", located(stmt))
        for alias, made_by in _aliases(stmts, members, resolver):
            for use in [made_by] + uses.get(alias, []):
                if _may_run_after(use, stmt, made_by, places):
                    raise sf.error(
                        f"cannot differentiate this in-place update of {user!r}: the same object "
                        f"is also reachable as `{alias}` (`{alias} = {text(made_by.value)}`, line "
                        f"{_line(made_by)}), which is used afterwards and would change too",
                        f"copy first ({user} = {user}.copy()) or update a new array instead",
                        located(stmt))


def _updated_base(stmt):
    value = stmt.value
    if isinstance(value, gast.Call) and value.args and isinstance(value.args[0], gast.Name):
        return value.args[0].id
    if isinstance(value, gast.BinOp) and isinstance(value.left, gast.Name):
        return value.left.id
    return None


def _aliases(stmts, members, resolver):
    """(alias name, statement) for each other name that refers to a member's object."""
    for s in stmts:
        if not isinstance(s, gast.Assign):
            continue
        names = assigned_names(s)
        value = s.value
        inputs = {n.id for n in gast.walk(value) if isinstance(n, gast.Name)}
        if not inputs & members:
            continue
        if anno.get(s, anno.INPLACE):
            continue                      # a new version, not another name
        if isinstance(value, gast.Name):
            if anno.get(s, anno.USER_COPY):
                yield from ((n, s) for n in names)
            continue
        if isinstance(value, (gast.List, gast.Tuple, gast.Dict)):
            yield from ((n, s) for n in names)
            continue
        op = classify(value, resolver)
        if op.kind in ("primitive", "nondiff") and op.rule is not None and \
                op.rule.primitive in VIEW_PRIMITIVES:
            yield from ((n, s) for n in names)
        elif op.kind in ("call", "dynamic_call", "unknown", "custom", "stop_gradient") or (
                isinstance(value, gast.Attribute) and value.attr in ("T", "real", "imag")):
            yield from ((n, s) for n in names)
        elif op.kind == "primitive" and _is_call(value, "list_append", resolver):
            if isinstance(value.args[1], gast.Name) and value.args[1].id in members:
                yield from ((n, s) for n in names)


def _fresh(value, resolver):
    """True if ``value`` makes a new object nobody else refers to."""
    if isinstance(value, (gast.List, gast.Dict, gast.BinOp, gast.UnaryOp)):
        return True
    if isinstance(value, gast.Constant):
        return True
    op = classify(value, resolver)
    if op.kind == "primitive":
        return op.rule.primitive not in VIEW_PRIMITIVES
    if op.kind == "nondiff" and isinstance(value, gast.Call):
        obj = resolver.resolve(value.func)
        return obj in (np.zeros, np.ones, np.empty, np.full, np.zeros_like, np.ones_like,
                       np.empty_like, np.full_like, np.arange, list, dict)
    if op.kind == "unknown" and isinstance(value, gast.Call):
        return resolver.resolve(value.func) in (np.array, list, dict)
    return False


def _may_run_after(use, update, made_by, places):
    """Could ``use`` (of an alias made by ``made_by``) execute after ``update``?

    Compared in the innermost block holding both the alias and the update: an
    alias made after the update is of a later version; one made before must
    have every use before it.  Different branches of one ``if`` never meet
    (names defined in a loop body do not outlive their iteration: SSA)."""
    d, m = places[id(made_by)], places[id(update)]
    level = 0
    while level < min(len(d), len(m)):
        (block_d, index_d), (block_m, index_m) = d[level], m[level]
        if block_d != block_m:
            return False                       # different branches of one if
        if index_d != index_m:
            break
        level += 1
    else:
        return True                            # one contains the other: be safe
    if index_d > index_m:
        return False                           # the alias is of a later version
    u = places[id(use)]
    if u[:level] != m[:level] or len(u) <= level or u[level][0] != m[level][0]:
        return True
    return u[level][1] >= index_m


def _index(block, prefix, places):
    for i, s in enumerate(block):
        here = prefix + ((id(block), i),)
        places[id(s)] = here
        for field in ("body", "orelse"):
            inner = getattr(s, field, None)
            if isinstance(inner, list) and isinstance(s, (gast.If, gast.For, gast.While)):
                _index(inner, here, places)


def _loads(stmt):
    if isinstance(stmt, (gast.If, gast.While)):
        node = stmt.test
    elif isinstance(stmt, gast.For):
        node = stmt.iter
    else:
        node = stmt
    return {n.id for n in gast.walk(node) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}


def _is_call(value, helper, resolver):
    from .. import runtime
    return isinstance(value, gast.Call) and resolver.resolve(value.func) is getattr(runtime, helper)


def _line(stmt):
    origin = anno.get(stmt, anno.ORIGIN)
    return origin[0] if origin else "?"
