"""``max(ys)`` / ``min(ys)`` of a list the function builds itself becomes
``ys[extreme_position(ys, True)]`` (run before the fence): the element Python's
max / min returns (the first of equal extremes), read by indexing, so the
derivative flows to that element by the indexing rule; the position itself
carries none.  Rewritten only where ``ys`` is certainly a list or tuple: every
binding of it in the function is ``ys = [...]`` / ``(...)`` / a list
comprehension, or ``ys += [...]``, and it is not a parameter (no ``global`` or
``nonlocal``).  A ``key=`` or ``default=``, more arguments, or a list of
unknown origin keep the call, refused where it carries a derivative."""
import builtins

import gast

from ..ir.nodes import parameter_names
from ..runtime.guards import extreme_position


def _lists(node):
    """Names certainly bound to a list or tuple wherever they are bound: every Name
    binding them (Store, Del, a parameter, nested scopes included) is the target of
    ``ys = [...]`` / ``(...)`` / ``[... for ...]`` or of ``ys += [...]``."""
    good = set()              # ids of the Name targets of list-building statements
    for n in gast.walk(node):
        if isinstance(n, gast.Assign) and len(n.targets) == 1 \
                and isinstance(n.targets[0], gast.Name) \
                and isinstance(n.value, (gast.List, gast.Tuple, gast.ListComp)):
            good.add(id(n.targets[0]))
        elif isinstance(n, gast.AugAssign) and isinstance(n.target, gast.Name) \
                and isinstance(n.op, gast.Add) and isinstance(n.value, (gast.List, gast.ListComp)):
            good.add(id(n.target))
    ok, bad = set(), set(parameter_names(node))
    for n in gast.walk(node):
        if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load):
            (ok if id(n) in good else bad).add(n.id)
        elif isinstance(n, (gast.Global, gast.Nonlocal)):
            bad.update(n.names)
        elif isinstance(n, (gast.FunctionDef, gast.ClassDef)) and n is not node:
            bad.add(n.name)
        elif isinstance(n, (gast.Import, gast.ImportFrom)):
            bad.update((a.asname or a.name).split(".")[0] for a in n.names)
        elif isinstance(n, gast.ExceptHandler) and n.name is not None:
            bad.add(n.name if isinstance(n.name, str) else getattr(n.name, "id", ""))
    return ok - bad


def rewrite(ctx, node):
    """Rewrite (in place) ``max(ys)`` / ``min(ys)`` of lists the function builds."""
    lists = None
    for call in gast.walk(node):
        if not (isinstance(call, gast.Call) and len(call.args) == 1 and not call.keywords
                and isinstance(call.args[0], gast.Name)):
            continue
        target = ctx.resolver.resolve(call.func)
        kind = next((k for k in ("max", "min") if target is getattr(builtins, k)), None)
        if kind is None:
            continue
        if lists is None:
            lists = _lists(node)
        items = call.args[0]
        if items.id not in lists:
            continue
        helper = ctx.symbols.get("extreme_position") if hasattr(ctx, "symbols") else None
        if helper is None or ctx.injected.get(helper) is not extreme_position:
            helper = ctx.namer.new("extreme_position")
            ctx.injected[helper] = extreme_position
            ctx.symbols["extreme_position"] = helper
        position = gast.Call(func=gast.Name(id=helper, ctx=gast.Load(), annotation=None,
                                            type_comment=None),
                             args=[gast.Name(id=items.id, ctx=gast.Load(), annotation=None,
                                             type_comment=None),
                                   gast.Constant(value=kind == "max", kind=None)],
                             keywords=[])
        # the call node becomes the subscript in place (its parent keeps the node)
        call.__class__ = gast.Subscript
        for field in ("func", "args", "keywords"):
            delattr(call, field)
        call.value = gast.Name(id=items.id, ctx=gast.Load(), annotation=None,
                               type_comment=None)
        call.slice = position
        call.ctx = gast.Load()
    gast.fix_missing_locations(node)
    return node
