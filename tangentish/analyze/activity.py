"""Activity analysis: which names carry derivatives.

A name is *varied* if its value depends differentiably on an input we
differentiate with respect to, and *useful* if the output depends
differentiably on it.  Only names that are both (*active*) get adjoints or
tangents; everything else is plain primal code.  Loops make this a fixed
point: the analysis is flow-insensitive over all assignments of the function.

Postcondition: annotations.VARIED and annotations.ACTIVE are set on the
FunctionDef; each is a frozenset of SSA names.
"""
import gast

from .. import annotations as anno
from ..irutil import assigned_names, statements
from .primitives import Op, classify, diff_inputs


def statement_ops(fn_node, resolver):
    """[(stmt, target names, Op)] for every assignment, at any depth."""
    ops = []
    for stmt in statements(fn_node.body):
        push = anno.get(stmt, anno.STACK_PUSH)
        pop = anno.get(stmt, anno.STACK_POP)
        if push is not None:      # s.append(v): s depends on v
            arg = stmt.value.args[0]
            names = tuple(n.id for n in gast.walk(arg) if isinstance(n, gast.Name))
            ops.append((stmt, (push,), Op("stack_push", what="a stack push", inputs=names)))
        elif pop is not None:     # v = s.pop(): v depends on s
            ops.append((stmt, tuple(assigned_names(stmt)),
                        Op("stack_pop", what="a stack pop", inputs=(pop,))))
        elif isinstance(stmt, gast.Assign):
            ops.append((stmt, tuple(assigned_names(stmt)), classify(stmt.value, resolver)))
    return ops


def analyze(fn_node, resolver, wrt, outputs):
    ops = statement_ops(fn_node, resolver)
    varied = set(wrt)
    changed = True
    while changed:
        changed = False
        for _stmt, targets, op in ops:
            if any(t not in varied for t in targets) and any(n in varied for n in diff_inputs(op)):
                varied.update(targets)
                changed = True
    useful = set(outputs)
    changed = True
    while changed:
        changed = False
        for _stmt, targets, op in reversed(ops):
            if any(t in useful for t in targets):
                new = set(diff_inputs(op)) - useful
                if new:
                    useful |= new
                    changed = True
    active = frozenset(varied & useful)
    anno.set(fn_node, anno.VARIED, frozenset(varied))
    anno.set(fn_node, anno.ACTIVE, active)
    return active, ops


def check_closures(sf, fn_node, closures):
    """Refuse a nested def or lambda that reads a value carrying a derivative: the
    derivative through its closure would be lost (pass the value as an argument)."""
    varied = anno.get(fn_node, anno.VARIED, frozenset())
    for fn, free in closures:
        hit = sorted(n for n in free if n in varied)
        if hit:
            name = getattr(fn, "name", "lambda")
            raise sf.error(
                f"the nested function {name!r} reads {hit[0]!r}, which depends on the inputs "
                "being differentiated: the derivative through its closure would be lost",
                f"pass {hit[0]} to it as an argument", fn)
