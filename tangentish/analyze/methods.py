"""Run-time guards before ``obj.method(...)`` calls differentiated by numpy's method rule."""
import gast

from ..ir import annotations as anno
from ..rules import RULES
from .primitives import Kind, call_inputs


def run(ctx, node):
    """Guard each method call whose receiver's type decides its derivative."""
    guard_array_methods(ctx.sf, node, ctx.ops, ctx.resolver, ctx.symbols)
    return node


def guard_array_methods(sf, node, ops, resolver, symbols):
    """``obj.sum(x)`` is differentiated by numpy's method rule, chosen by the method's
    name.  Where ``obj`` carries no derivative but an argument does, the receiver's
    type decides whether that is right: guard it at run time (a user object with a
    method called ``sum`` raises instead of getting numpy's derivative)."""
    varied = anno.get(node, anno.VARIED, frozenset())
    guarded = {}
    for stmt, _targets, op in ops:
        value = getattr(stmt, "value", None)
        if op.kind not in (Kind.PRIMITIVE, Kind.NONDIFF) or not isinstance(value, gast.Call) \
                or not isinstance(value.func, gast.Attribute) \
                or not isinstance(value.func.value, gast.Name) \
                or value.func.attr not in RULES.methods or resolver.is_static(value.func):
            continue
        receiver = value.func.value.id
        if receiver in varied or not any(n in varied for n in call_inputs(value)):
            continue
        name = symbols.get("check_array_method", "check_array_method")
        origin = anno.get(stmt, anno.ORIGIN)
        line = getattr(stmt, "lineno", None) or (origin[0] if origin else "?")
        where = f"{sf.filename.rsplit('/', 1)[-1]}:{line}: {origin[2] if origin else value.func.attr + '()'}"
        call = gast.Call(func=gast.Name(id=name, ctx=gast.Load(), annotation=None,
                                        type_comment=None),
                         args=[gast.Name(id=receiver, ctx=gast.Load(), annotation=None,
                                         type_comment=None),
                               gast.Constant(value=value.func.attr, kind=None),
                               gast.Constant(value=where, kind=None)], keywords=[])
        guard = gast.Expr(value=call)
        guarded[id(stmt)] = guard
    if guarded:
        _insert_before(node, guarded)


def _insert_before(node, guards):
    for field in ("body", "orelse"):
        block = getattr(node, field, None)
        if not isinstance(block, list):
            continue
        new = []
        for s in block:
            if id(s) in guards:
                new.append(guards[id(s)])
            if isinstance(s, (gast.If, gast.For, gast.While)):
                _insert_before(s, guards)
            new.append(s)
        setattr(node, field, new)
