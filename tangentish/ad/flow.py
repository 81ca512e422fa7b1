"""Facts about statement lists that reversing control flow reads: which names
a block binds on every path, which it stores, loop headers."""
import builtins

import gast

from ..ir import annotations as anno
from ..ir.nodes import assigned_names, parameter_names, text


def is_break(stmt):
    """``if flag: break`` (what lowering leaves at the end of a loop body)."""
    return isinstance(stmt, gast.If) and len(stmt.body) == 1 and isinstance(stmt.body[0], gast.Break)


def is_range_call(node, resolver):
    return (isinstance(node, gast.Call) and isinstance(node.func, gast.Name)
            and resolver.resolve(node.func) is builtins.range)


def store_names_deep(stmt):
    return [n.id for n in gast.walk(stmt) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)]


def bound_on_every_path(block):
    bound = set()
    for s in block:
        if isinstance(s, gast.Assign) and not anno.get(s, anno.PLACEHOLDER):
            bound.update(assigned_names(s))
        elif isinstance(s, gast.If):
            bound |= bound_on_every_path(s.body) & bound_on_every_path(s.orelse)
    return bound


def definitely_defined(fn_node):
    """For each if statement: the names bound on every path that reaches it."""
    at_if = {}
    params = set(parameter_names(fn_node, varargs=False))

    def walk(block, defined):
        defined = set(defined)
        for s in block:
            if isinstance(s, gast.Assign) and not anno.get(s, anno.PLACEHOLDER):
                defined.update(n.id for t in s.targets for n in gast.walk(t)
                               if isinstance(n, gast.Name))
            elif isinstance(s, gast.If):
                at_if[id(s)] = set(defined)
                defined = walk(s.body, defined) & walk(s.orelse, defined)
            elif isinstance(s, (gast.For, gast.While)):
                walk(s.body, defined)        # the body may not run: adds nothing after
        return defined

    walk(fn_node.body, params)
    return at_if


def defined_before(fn_node, stmt):
    """Names assigned outside ``stmt`` (parameters included)."""
    inside = set(store_names_deep(stmt))
    names = set(parameter_names(fn_node, varargs=False))
    for n in gast.walk(fn_node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) and n.id not in inside:
            names.add(n.id)
    return names


def loop_header(stmt):
    if isinstance(stmt, gast.For):
        return f"for {text(stmt.target)} in {text(stmt.iter)}"
    return f"while {text(stmt.test)}"
