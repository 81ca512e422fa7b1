"""In-place accumulation in the adjoint of an element loop.  The adjoint of
``v = x[i]`` is ``dx = dx + getitem_cotangent(dv, x, i)``: a full-size array per
iteration, quadratic over a loop.  Where the reverse loop allocated ``dx`` itself
(zeros before it) and reads it only to accumulate, nobody else holds that array,
so each such statement becomes ``dx = accumulate_at(dx, dv, x, i)``, which adds
into it (runtime/indexing.py: exact for duplicate and fancy indices, and a new
array where adding in place would change the dtype)."""
import gast

#: the scatter helper -> the helper adding its result into an accumulator
IN_PLACE = {"getitem_cotangent": "accumulate_at", "iteration_item_cotangent": "accumulate_item"}


def accumulate_in_place(code, owned, symbols):
    """Rewrite, in the statements ``code``, the accumulations into each name in
    ``owned`` whose every other read and write is such an accumulation."""
    helpers = {symbols.get(k, k): symbols.get(v, v) for k, v in IN_PLACE.items()}
    for d in owned:
        found = [s for stmt in code for s in gast.walk(stmt) if _accumulation(s, d, helpers)]
        uses = sum(1 for stmt in code for n in gast.walk(stmt)
                   if isinstance(n, gast.Name) and n.id == d)
        if found and uses == 2 * len(found):          # the target and the left operand
            for s in found:
                call = s.value.right
                s.value = gast.Call(func=gast.Name(id=helpers[call.func.id], ctx=gast.Load(),
                                                   annotation=None, type_comment=None),
                                    args=[s.value.left] + call.args, keywords=[])


def _accumulation(stmt, d, helpers):
    """``d = d + helper(g, x, i)`` with ``d`` nowhere in the call."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id == d):
        return False
    v = stmt.value
    return (isinstance(v, gast.BinOp) and isinstance(v.op, gast.Add)
            and isinstance(v.left, gast.Name) and v.left.id == d
            and isinstance(v.right, gast.Call) and isinstance(v.right.func, gast.Name)
            and v.right.func.id in helpers and len(v.right.args) == 3 and not v.right.keywords
            and not any(isinstance(n, gast.Name) and n.id == d for n in gast.walk(v.right)))
