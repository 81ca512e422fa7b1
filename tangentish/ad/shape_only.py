"""Values the adjoint reads only for their shape (``unbroadcast(e, x)``,
``unreduce``, ``zero_at``...): a helper call dropped where shapes provably
agree, a value replaced by an earlier one of the same shape, a value kept
on a loop's stack as its shape."""
import collections
import operator

import gast

from .. import runtime
from ..analyze.primitives import Kind
from ..frontend.resolve import module_of
from ..ir import templates
from ..ir.nodes import assigned_names, parameter_names
from . import known_shapes
from .realness import is_number

# helpers that read only the shape of one argument: its position
SHAPE_ARGUMENT = {"unbroadcast": 1, "unreduce": 1, "broadcast_to_like": 1, "mean_count": 0,
                  "zero_at": 2}


def shape_only_names(code, symbols):
    """Names every read of which in ``code`` is a helper argument used only for its shape."""
    positions = {symbols.get(h, h): i for h, i in SHAPE_ARGUMENT.items()}
    shape_reads, all_reads = {}, {}
    for stmt in code:
        for node in gast.walk(stmt):
            if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load):
                all_reads[node.id] = all_reads.get(node.id, 0) + 1
            if isinstance(node, gast.Call) and isinstance(node.func, gast.Name):
                i = positions.get(node.func.id)
                if i is not None and len(node.args) > i and isinstance(node.args[i], gast.Name):
                    name = node.args[i].id
                    shape_reads[name] = shape_reads.get(name, 0) + 1
    return {n for n, k in shape_reads.items() if all_reads.get(n) == k}


class ShapeReads:
    """Part of ReverseTransform: what its shape-only reads need (``self.shapes``,
    ``self.definitions``, ``self.stable_names``...)."""

    def simplify(self, node):
        """Drop ``unbroadcast(e, x)`` where ``e`` provably has ``x``'s shape."""
        if self.shapes is None:
            return node
        alias = {d: p for p, d in self.adjoint_names.items() if p not in self.scalar_zeroed}
        if self.facts is not None:      # code specialized to the arguments' signature
            node = known_shapes.rewrite(node, self.facts, alias, self.symbols)
        helper = self.symbols.get("unbroadcast", "unbroadcast")
        zero_at = self.symbols.get("zero_at", "zero_at")
        # helpers that read only the shape of one argument (its position)
        shape_only = {self.symbols.get(h, h): i for h, i in SHAPE_ARGUMENT.items()}
        shapes = self.shapes

        class Drop(gast.NodeTransformer):
            def visit_Call(inner, call):
                inner.generic_visit(call)
                if not isinstance(call.func, gast.Name):
                    return call
                if call.func.id == zero_at and len(call.args) == 3 and isinstance(
                        call.args[2], gast.Name) and not self.may_be_container(call.args[2].id):
                    # the entry's structure before the overwrite matters for containers only
                    call.args = call.args[:2]
                    return call
                if call.func.id == helper and len(call.args) == 2:
                    a, b = shapes.of(call.args[0], alias), shapes.of(call.args[1], alias)
                    if a is not None and a == b:
                        return call.args[0]
                index = shape_only.get(call.func.id)
                if index is not None and len(call.args) > index and isinstance(
                        call.args[index], gast.Name):
                    # only the shape is read: name the first value of that shape that is
                    # always bound (a parameter, a top-level value), so the value itself
                    # may not need computing, or storing in a loop, at all
                    name = call.args[index].id
                    leaves = self.shape_leaves(name)
                    if leaves and len(leaves) == 1 and leaves[0] != name:
                        call.args[index] = templates.name(leaves[0])
                return call
        return Drop().visit(node)

    def shape_only_values(self):
        """A top-level elementwise result read only for its shape (by unbroadcast,
        unreduce...) is replaced there by the broadcast shape of earlier values, so
        it is not computed at all (np.mean(f(z) - y * z) needs neither product).
        Runs after dead-code elimination (the driver optimizes again after it)."""
        positions = {self.symbols.get(h, h): i for h, i in SHAPE_ARGUMENT.items()}
        shape_reads, all_reads = {}, collections.Counter()
        for stmt in self.node.body:
            for node in gast.walk(stmt):
                if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load):
                    all_reads[node.id] += 1
                if isinstance(node, gast.Call) and isinstance(node.func, gast.Name):
                    i = positions.get(node.func.id)
                    if i is not None and len(node.args) > i and isinstance(node.args[i], gast.Name):
                        shape_reads.setdefault(node.args[i].id, []).append((node, i))
                    if node.func.id == self.symbols.get("broadcast_shape", "broadcast_shape"):
                        for j, a in enumerate(node.args):       # every argument: a shape
                            if isinstance(a, gast.Name):
                                shape_reads.setdefault(a.id, []).append((node, j))
        helper = self.symbols.get("broadcast_shape", "broadcast_shape")
        bound = set(parameter_names(self.node, varargs=False))
        bound |= {n for stmt in self.node.body for n in assigned_names(stmt)}
        changed = False
        for name, places in shape_reads.items():
            if len(places) != all_reads[name] or name in self.stable_names[:self.n_params]:
                continue
            needed = {n for n in all_reads if all_reads[n] > len(shape_reads.get(n, ()))}
            leaves = self.shape_leaves(name, needed=needed)
            if not leaves or name in leaves or any(n not in bound for n in leaves):
                continue
            changed = True
            for call, i in sorted(places, key=lambda place: -place[1]):
                if call.func.id == helper:       # splice into broadcast_shape(...) itself
                    # by name: an earlier splice into the same call moved the positions
                    rest = [a for a in call.args if not (isinstance(a, gast.Name) and a.id == name)]
                    names = [a.id for a in rest if isinstance(a, gast.Name)]
                    call.args = rest + [templates.name(n) for n in leaves if n not in names]
                    continue
                call.args[i] = templates.name(leaves[0]) if len(leaves) == 1 else gast.Call(
                    func=templates.name(helper), args=[templates.name(n) for n in leaves],
                    keywords=[])
        if self.facts is not None:
            alias = {d: p for p, d in self.adjoint_names.items() if p not in self.scalar_zeroed}
            if changed:     # the new shape arguments' facts decide
                known_shapes.rewrite(self.node, self.facts, alias, self.symbols)
            else:           # the shape arguments are final: check them once
                changed = known_shapes.check_broadcasts(self.node, self.facts, alias, self.symbols)
        return changed

    def shape_leaves(self, name, depth=0, needed=frozenset()):
        """Always-bound names whose broadcast shape is ``name``'s shape, preferring
        values computed earlier (parameters first): an elementwise result is replaced
        by its operands, so it need not be computed for its shape alone.  None when
        no such names are known."""
        stable = self.stable_names
        if depth > 8:
            return None
        if name in stable[:self.n_params]:
            return [name]
        if name in self.shapes.classes:
            root = self.shapes.find(name)
            first = next((n for n in stable if n in self.shapes.classes
                          and self.shapes.find(n) == root), None)
            if first is not None and first != name:
                return self.shape_leaves(first, depth + 1, needed)
        if name in needed and name in stable:
            return [name]        # computed anyway: its own shape is the cheapest
        entry = self.defining_op(name)
        if entry is None or entry.kind is not Kind.PRIMITIVE or not entry.rule.elementwise:
            # (a value the reverse loop recomputes is bound there too: ad/recompute.py)
            return [name] if name in stable or name in self.recomputable else None
        leaves = []
        for p in entry.rule.params:
            a = entry.bound.get(p)
            # a parameter with a default may be given an array (it broadcasts too); a
            # default left in place is a constant (None, a string, a number)
            if a is None or is_number(a) or isinstance(a, gast.Constant):
                continue
            if not isinstance(a, gast.Name):
                return None
            sub = self.shape_leaves(a.id, depth + 1, needed)
            if sub is None:
                return None
            leaves += [n for n in sub if n not in leaves]
        return leaves or None

    def may_be_container(self, name, seen=None):
        """Whether ``name`` may hold a list, tuple or dict (conservative: True unless
        every definition reaching it is an array operation)."""
        seen = set() if seen is None else seen
        if name in seen:
            return False
        seen.add(name)
        defs = self.definitions.get(name)
        if not defs:
            return True                      # a parameter, a stack pop...: unknown
        for stmt, op in defs:
            if op.kind is Kind.COPY:
                if self.may_be_container(op.inputs[0], seen):
                    return True
            elif op.kind is Kind.NONDIFF and op.rule is not None and \
                    module_of(op.rule.primitive).startswith("numpy"):
                continue                     # np.zeros(n), np.arange(n)...: an array
            elif op.kind is Kind.CONSTANT:
                if isinstance(stmt.value, (gast.List, gast.Tuple, gast.Dict)):
                    return True
            elif op.kind is Kind.PRIMITIVE and op.rule.primitive is runtime.with_item:
                base = op.bound.get("a")
                if not isinstance(base, gast.Name) or self.may_be_container(base.id, seen):
                    return True
            elif op.kind is Kind.PRIMITIVE and module_of(
                    op.rule.primitive).startswith(("numpy", "scipy")):
                continue                     # an array operation's result
            elif op.kind is Kind.PRIMITIVE and op.rule.elementwise and op.rule.primitive not in (
                    operator.add, operator.mul, operator.iadd, operator.imul):
                continue                     # -, /, **...: not defined on containers
            elif op.kind is Kind.PRIMITIVE and op.rule.primitive in (operator.mul, operator.imul) \
                    and any(isinstance(a, gast.Constant) and type(a.value) is float
                            or isinstance(a, gast.Name) and not self.may_be_container(a.id, seen)
                            for a in op.bound.values()):
                continue                     # x * 1.0: a container cannot be multiplied so
            elif op.kind is Kind.PRIMITIVE and op.rule.primitive in (operator.add, operator.iadd) \
                    and any(isinstance(a, gast.Constant) and type(a.value) in (int, float)
                            or isinstance(a, gast.Name) and not self.may_be_container(a.id, seen)
                            for a in op.bound.values()):
                continue                     # x + 1 / array + y: not a concatenation
            else:
                return True
        return False

    def defining_op(self, name):
        defs = [op for targets, op in self.ops.values() if name in targets]
        return defs[0] if len(defs) == 1 else None
