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

from ..ir import annotations as anno
from ..ir.nodes import assigned_names, statements
from .primitives import Kind, Op, classify, diff_inputs


def statement_ops(fn_node, resolver):
    """[(stmt, target names, Op)] for every assignment, at any depth."""
    ops = []
    for stmt in statements(fn_node.body):
        push = anno.get(stmt, anno.STACK_PUSH)
        pop = anno.get(stmt, anno.STACK_POP)
        if push is not None:      # s.append(v): s depends on v
            arg = stmt.value.args[0]
            names = tuple(n.id for n in gast.walk(arg) if isinstance(n, gast.Name))
            ops.append((stmt, (push,), Op(Kind.STACK_PUSH, what="a stack push", inputs=names)))
        elif pop is not None:     # v = s.pop(): v depends on s
            ops.append((stmt, tuple(assigned_names(stmt)),
                        Op(Kind.STACK_POP, what="a stack pop", inputs=(pop,))))
        elif isinstance(stmt, gast.Assign):
            ops.append((stmt, tuple(assigned_names(stmt)), classify(stmt.value, resolver)))
    return ops


def _edges(ops):
    """[(targets, inputs)]: each target depends on every input.  A stack whose pushes
    are all tuples of one length and whose pops all unpack that many names is
    tracked slot by slot (``v_k`` of ``v_0, v_1 = s.pop()`` depends on element k of
    the pushes only): generated loops push tuples mixing active values with
    integers and shapes, whose tangent is None."""
    arity = {}
    for stmt, targets, op in ops:
        if op.kind is Kind.STACK_PUSH:
            item = stmt.value.args[0]
            n = len(item.elts) if isinstance(item, gast.Tuple) else None
        elif op.kind is Kind.STACK_POP:
            n = len(targets) if isinstance(stmt.targets[0], gast.Tuple) else None
        else:
            continue
        stack = targets[0] if op.kind is Kind.STACK_PUSH else op.inputs[0]
        arity.setdefault(stack, set()).add(n)
    sliced = {s: next(iter(n)) for s, n in arity.items() if len(n) == 1 and None not in n}
    edges, slots = [], {}
    for stmt, targets, op in ops:
        stack = targets[0] if op.kind is Kind.STACK_PUSH else op.inputs[0] if op.inputs else None
        if op.kind is Kind.STACK_PUSH and stack in sliced:
            names = [tuple(n.id for n in gast.walk(e) if isinstance(n, gast.Name))
                     for e in stmt.value.args[0].elts]
            keys = [f"{stack}\x00{k}" for k in range(len(names))]
            slots[stack] = keys
            edges.append((targets, diff_inputs(op)))
            edges.extend(((key,), n) for key, n in zip(keys, names))
        elif op.kind is Kind.STACK_POP and stack in sliced:
            edges.extend(((t,), (f"{stack}\x00{k}",)) for k, t in enumerate(targets))
        else:
            edges.append((targets, diff_inputs(op)))
    return edges, slots


def analyze(fn_node, resolver, wrt, outputs):
    ops = statement_ops(fn_node, resolver)
    edges, slots = _edges(ops)
    varied = set(wrt)
    changed = True
    while changed:
        changed = False
        for targets, inputs in edges:
            if any(t not in varied for t in targets) and any(n in varied for n in inputs):
                varied.update(targets)
                changed = True
    useful = set(outputs)
    changed = True
    while changed:
        changed = False
        for targets, inputs in reversed(edges):
            if any(t in useful for t in targets):
                new = set(inputs) - useful
                if new:
                    useful |= new
                    changed = True
    # a stack is useful when one of its slots is (its pops read it slot by slot)
    useful |= {stack for stack, keys in slots.items() if any(k in useful for k in keys)}
    active = frozenset(n for n in varied & useful if "\x00" not in n)
    anno.set(fn_node, anno.VARIED, frozenset(n for n in varied if "\x00" not in n))
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
                "being differentiated, and is used other than by calling it directly by its name "
                "(returned, stored in a container, passed to another function): the derivative "
                "through its closure would be lost",
                f"call it directly by its name, or pass {hit[0]} to it as an argument", fn)


def run(ctx, node):
    """Mark the active names; refuse closures over them."""
    ctx.active, ctx.ops = analyze(node, ctx.resolver, ctx.wrt, ctx.outputs)
    check_closures(ctx.sf, node, ctx.closures)
    return node
