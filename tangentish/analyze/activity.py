"""Activity analysis: which names carry derivatives.

A name is *varied* if its value depends differentiably on an input we
differentiate with respect to, and *useful* if the output depends
differentiably on it.  Only names that are both (*active*) get adjoints or
tangents; everything else is plain primal code.

Postcondition: annotations.VARIED and annotations.ACTIVE are set on the
FunctionDef; each is a frozenset of SSA names.
"""
import gast

from .. import annotations as anno
from .primitives import classify, diff_inputs


def statement_ops(fn_node, resolver):
    """[(stmt, target name or None, Op)] for every assignment and expression statement."""
    ops = []
    for stmt in fn_node.body:
        if isinstance(stmt, gast.Assign):
            ops.append((stmt, stmt.targets[0].id, classify(stmt.value, resolver)))
    return ops


def analyze(fn_node, resolver, wrt, outputs):
    ops = statement_ops(fn_node, resolver)
    varied = set(wrt)
    for _stmt, target, op in ops:
        if any(n in varied for n in diff_inputs(op)):
            varied.add(target)
    useful = set(outputs)
    for _stmt, target, op in reversed(ops):
        if target in useful:
            useful.update(diff_inputs(op))
    active = frozenset(varied & useful)
    anno.set(fn_node, anno.VARIED, frozenset(varied))
    anno.set(fn_node, anno.ACTIVE, active)
    return active, ops
