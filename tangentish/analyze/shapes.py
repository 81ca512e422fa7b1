"""Shape classes: which names provably have the same shape.

Used to drop ``unbroadcast`` / ``broadcast_to_like`` calls that would do
nothing, before the reverse pass decides what loops must store (a value read
only for its shape need not be stored then).  The facts are conservative:

* an elementwise function of one array has its argument's shape;
* ``a op b`` has ``a``'s shape when ``b`` is a number or has ``a``'s shape;
* a user's copy ``b = a`` is the same object.

Phi copies and loop-carried copies do not unify (branches and iterations may
produce different shapes).  A cotangent has its primal's shape.
"""
import collections

import gast

from ..ir import annotations as anno
from ..ir.nodes import UnionFind
from ..rules import RULES
from .primitives import Kind

_SHAPE_PRESERVING_BINOPS = {gast.Add, gast.Sub, gast.Mult, gast.Div, gast.Pow}


class ShapeClasses:
    def __init__(self, ops, resolver, fn_node=None):
        self.classes = UnionFind()
        self.resolver = resolver
        ops = list(ops)
        # a call's result may be a list or tuple, for which ``+`` / ``*`` concatenate and
        # repeat: no shape class through them (unbroadcast then checks at run time)
        self.opaque = {t for stmt, targets, op in ops if op.kind in (Kind.CALL, Kind.DYNAMIC_CALL)
                       for t in targets}
        self.loops = loops_binding(fn_node) if fn_node is not None else {}
        changed = True
        while changed:
            changed = False
            for stmt, targets, op in ops:
                if len(targets) != 1 or not self._same_iterations(stmt, targets[0]):
                    continue
                other = self._source_class_node(stmt, op)
                if other is not None and self.find(targets[0]) != self.find(other):
                    self.classes.union(targets[0], other)
                    changed = True

    def _same_iterations(self, stmt, target):
        """``target`` may share a class with the names ``stmt`` reads only if every loop
        rebinding one of them rebinds ``target`` too: ``c = b`` after a loop has the
        last iteration's shape, not the shape ``b`` has inside the loop."""
        mine = self.loops.get(target, frozenset())
        return all(self.loops.get(n.id, frozenset()) <= mine
                   for n in gast.walk(stmt.value) if isinstance(n, gast.Name))

    def _source_class_node(self, stmt, op):
        value = stmt.value
        if isinstance(value, gast.Name):
            return value.id if anno.get(stmt, anno.USER_COPY) else None
        if op.kind is Kind.PRIMITIVE and op.rule.elementwise:
            # every operand broadcasts, differentiable or not (np.copysign's sign source)
            # (a parameter with a default may be given an array: it broadcasts too; a
            # default left in place is a constant: None, a string or a number)
            arrays = [op.bound[p] for p in op.rule.params if p in op.bound and not (
                isinstance(op.bound[p], gast.Constant)
                and type(op.bound[p].value) not in (int, float))]
            names = [a.id for a in arrays if isinstance(a, gast.Name)]
            numbers = [a for a in arrays if _is_number(a)]
            if len(names) + len(numbers) != len(arrays) or not names:
                return None
            if any(n in self.opaque for n in names):
                return None
            if all(self.find(n) == self.find(names[0]) for n in names):
                return names[0]
        return None

    def find(self, x):
        return self.classes.find(x)

    def of(self, node, alias):
        """The class of an expression, or None if unknown; ``alias`` maps
        generated names (cotangents) to the primal whose shape they have."""
        if isinstance(node, gast.Name):
            name = alias.get(node.id, node.id)
            return self.find(name) if name in self.classes else ("name", name)
        if isinstance(node, gast.BinOp) and type(node.op) in _SHAPE_PRESERVING_BINOPS:
            left, right = node.left, node.right
            if _is_number(right):
                return self.of(left, alias)
            if _is_number(left):
                return self.of(right, alias)
            a, b = self.of(left, alias), self.of(right, alias)
            return a if a is not None and a == b else None
        if isinstance(node, gast.UnaryOp):
            return self.of(node.operand, alias)
        if isinstance(node, gast.Compare) and len(node.comparators) == 1:
            a = self.of(node.left, alias)
            if _is_number(node.comparators[0]):
                return a
            return a if a is not None and a == self.of(node.comparators[0], alias) else None
        if isinstance(node, gast.Call) and len(node.args) == 1 and not node.keywords:
            rule = RULES.get(self.resolver.resolve(node.func))
            if rule is not None and rule.elementwise and len(rule.params) == 1:
                return self.of(node.args[0], alias)
        return None


def loops_binding(fn_node):
    """name -> the loops (For / While nodes, by id) enclosing some binding of it."""
    out = collections.defaultdict(set)

    def visit(stmts, loops):
        for stmt in stmts:
            inner = loops | {id(stmt)} if isinstance(stmt, (gast.For, gast.While)) else loops
            targets = list(getattr(stmt, "targets", ()))
            if isinstance(stmt, (gast.For, gast.AugAssign, gast.AnnAssign)):
                targets.append(stmt.target)
            for target in targets:
                for n in gast.walk(target):
                    if isinstance(n, gast.Name):
                        out[n.id] |= inner
            for field in ("body", "orelse"):
                visit(getattr(stmt, field, []), inner)
    visit(fn_node.body, frozenset())
    return {name: frozenset(ids) for name, ids in out.items()}


def _is_number(node):
    """A number, or arithmetic on numbers only (``2 - 1`` before constant folding)."""
    if isinstance(node, gast.Constant):
        return type(node.value) in (int, float)
    if isinstance(node, gast.BinOp):
        return _is_number(node.left) and _is_number(node.right)
    if isinstance(node, gast.UnaryOp):
        return _is_number(node.operand)
    return False

