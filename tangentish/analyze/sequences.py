"""Sequence operators: ``+`` and ``*`` on lists and tuples are concatenation
and repetition, not elementwise arithmetic.

Runs after normalize (on SSA, so each operand's kind is known from its
bindings, ``analyze/kinds.py``).  Postcondition:
* ``a + b`` with an operand known to be a list or tuple is
  ``seq_concat(a, b)`` (adjoint: the cotangent split at ``len(a)``), and
  ``a * n`` / ``n * a`` is ``seq_repeat(a, n)`` (adjoint: the copies'
  cotangents summed); ``x += ys`` and ``xs *= n`` likewise (still in place);
* ``a + b`` / ``a * b`` whose operands are both of unknown kind (arguments,
  elements of containers, results of calls) and may depend on the
  differentiated inputs is preceded by ``check_not_sequences(a, b, ...)``,
  which raises a located TransformError when either really is a list or
  tuple at run time;
* every other ``+``/``*`` is arithmetic on numbers or arrays.
"""
import gast

from ..ir import annotations as anno, templates
from ..ir.nodes import located, text
from . import kinds

OPERATORS = {gast.Add: ("+", "concatenation"), gast.Mult: ("*", "repetition")}


def rewrite(sf, fn_node, resolver, symbols, wrt):
    value_kinds = kinds.infer(fn_node, resolver)
    varied = _maybe_varied(fn_node, wrt)
    _rewrite_block(sf, fn_node.body, value_kinds, varied, symbols)


def _rewrite_block(sf, block, value_kinds, varied, symbols):
    for stmt in list(block):
        for inner in ("body", "orelse"):
            if isinstance(stmt, (gast.If, gast.For, gast.While)):
                _rewrite_block(sf, getattr(stmt, inner), value_kinds, varied, symbols)
        value = getattr(stmt, "value", None)
        if not (isinstance(stmt, gast.Assign) and isinstance(value, gast.BinOp)
                and type(value.op) in OPERATORS):
            continue
        left, right = kinds.kind_of(value.left, value_kinds), kinds.kind_of(value.right, value_kinds)
        call = _sequence_call(value, left, right, symbols)
        if call is not None:
            stmt.value = gast.copy_location(call, value) if hasattr(gast, "copy_location") else call
        elif "num" not in (left, right) and _names(value) & varied and not (
                isinstance(value.left, gast.Name) and isinstance(value.right, gast.Name)
                and value.left.id == value.right.id):       # xs * xs, xs + xs: never mixed
            block.insert(block.index(stmt), _guard(sf, stmt, symbols))


def _sequence_call(value, left, right, symbols):
    def call(helper, *args):
        return gast.Call(func=templates.name(symbols.get(helper, helper)), args=list(args),
                         keywords=[])
    if isinstance(value.op, gast.Add) and "seq" in (left, right):
        return call("seq_concat", value.left, value.right)
    if isinstance(value.op, gast.Mult) and left == "seq":
        return call("seq_repeat", value.left, value.right)
    if isinstance(value.op, gast.Mult) and right == "seq":
        return call("seq_repeat", value.right, value.left)
    return None


def _guard(sf, stmt, symbols):
    """``check_not_sequences(a, b, "a + b", line, column)`` (the message is
    composed only when it raises; the file is the function's own)."""
    where = sf.error("", "", located(stmt))
    guard = gast.Expr(value=gast.Call(
        func=templates.name(symbols.get("check_not_sequences", "check_not_sequences")),
        args=[stmt.value.left, stmt.value.right] + [templates.const(v) for v in (
            text(stmt.value), where.lineno, where.col_offset)],
        keywords=[]))
    anno.set(guard, anno.ORIGIN, anno.get(stmt, anno.ORIGIN))
    return guard


def _names(node):
    return {n.id for n in gast.walk(node) if isinstance(n, gast.Name)}


def _maybe_varied(fn_node, wrt):
    """Names that may depend on ``wrt`` (a cheap over-approximation of activity)."""
    varied = set(wrt)
    stmts = [s for s in gast.walk(fn_node) if isinstance(s, (gast.Assign, gast.For))]
    changed = True
    while changed:
        changed = False
        for s in stmts:
            source = s.iter if isinstance(s, gast.For) else s.value
            targets = _names(s.target) if isinstance(s, gast.For) else {
                n.id for t in s.targets for n in gast.walk(t) if isinstance(n, gast.Name)}
            if _names(source) & varied and not targets <= varied:
                varied |= targets
                changed = True
    return varied


def run(ctx, node):
    """List and tuple ``+`` / ``*`` as concatenation and repetition."""
    rewrite(ctx.sf, node, ctx.resolver, ctx.symbols, ctx.wrt)
    return node
