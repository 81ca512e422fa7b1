"""In-place updates in element loops, where no other name can see them, so that a
loop over n elements costs O(n), not O(n^2) (each rewrite keeps the functional
helper's meaning; the in-place helpers in runtime/indexing.py fall back to it
when the array is a view, a container, or would change dtype):

* the adjoint of ``v = x[i]``, ``dx = dx + getitem_cotangent(dv, x, i)``, becomes
  ``dx = accumulate_at(dx, dv, x, i)`` where the reverse loop reads ``dx`` only to
  accumulate, and either allocated it (zeros before it) or is outermost (then it
  starts from a private copy; inner loops leave it to the loop around them);
* the adjoint of ``out[i] = v``, ``dout_2 = dout_1``, ``dout_1 = zero_at(dout_2, i)``
  then reads of ``dout_2[i]``, becomes those reads of ``dout_1[i]`` then
  ``dout_1 = clear_at(dout_1, i)``, where ``dout_2`` is read only at ``[i]``;
* the forward ``out_2 = with_item(out_1, i, v)`` becomes ``store_at`` where neither
  version is read in the loop nor stored for the adjoint.

An array entering such a loop may be held by other names: the loop starts from a
``private_copy`` of it unless it is provably fresh (zeros allocated for it).

None of this is done for the array libraries in ``NO_INPLACE`` (Dask): their loops
keep the functional updates."""
import gast
import numpy as np

from ..ir import templates

#: array libraries without in-place writes generated code may rely on (runtime/backend.py's
#: names): their code keeps the functional helpers (``with_item``, ``getitem_cotangent``)
NO_INPLACE = frozenset({"dask.array"})
#: the helpers that write into an array (the namespace pass refuses them on NO_INPLACE
#: libraries: code generated without knowing the library, then differentiated for it)
WRITING_HELPERS = frozenset({"accumulate_at", "accumulate_item", "clear_at", "store_at"})

#: the scatter helper -> the helper adding its result into an accumulator
IN_PLACE = {"getitem_cotangent": "accumulate_at", "iteration_item_cotangent": "accumulate_item"}


def accumulate_in_place(code, owned, symbols):
    """Rewrite, in the statements ``code``, the accumulations into each name in
    ``owned`` whose every other read and write is such an accumulation."""
    helpers = {symbols.get(k, k): symbols.get(v, v) for k, v in IN_PLACE.items()}
    rewritten = []
    for d in owned:
        found = [s for stmt in code for s in gast.walk(stmt) if _accumulation(s, d, helpers)]
        uses = sum(1 for stmt in code for n in gast.walk(stmt)
                   if isinstance(n, gast.Name) and n.id == d)
        if found and uses == 2 * len(found):          # the target and the left operand
            rewritten.append(d)
            for s in found:
                call = s.value.right
                s.value = gast.Call(func=gast.Name(id=helpers[call.func.id], ctx=gast.Load(),
                                                   annotation=None, type_comment=None),
                                    args=[s.value.left] + call.args, keywords=[])
    return rewritten


def accumulated(code, symbols):
    """The names ``code`` accumulates into with the scatter helpers."""
    helpers = {symbols.get(k, k) for k in IN_PLACE}
    return sorted({s.targets[0].id for stmt in code for s in gast.walk(stmt)
                   if isinstance(s, gast.Assign) and len(s.targets) == 1
                   and isinstance(s.targets[0], gast.Name)
                   and _accumulation(s, s.targets[0].id, helpers)})


def in_a_loop(fn_node, stmt):
    """Whether ``stmt`` is nested in a loop of ``fn_node``."""
    return any(n is not stmt and any(s is stmt for s in gast.walk(n))
               for n in gast.walk(fn_node) if isinstance(n, (gast.For, gast.While)))


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


def clear_in_place(code, symbols):
    """Rewrite the overwrites' adjoints in one reverse iteration ``code``; returns
    the loop-carried cotangents cleared in place."""
    zero_at = symbols.get("zero_at", "zero_at")
    cleared = []
    for z in list(code):
        if not (_assigns_call(z, zero_at) and isinstance(z.value.args[0], gast.Name)):
            continue
        d_after, d_before = z.targets[0].id, z.value.args[0].id
        index = z.value.args[1]
        if not isinstance(index, (gast.Name, gast.Constant)) or z.value.keywords:
            continue
        reads = [n for s in code for n in gast.walk(s) if _names(n, d_before, gast.Load)]
        at_index = [n for s in code for n in gast.walk(s) if isinstance(n, gast.Subscript)
                    and _names(n.value, d_before, gast.Load)
                    and gast.dump(n.slice) == gast.dump(index)]
        copies = [s for s in code if isinstance(s, gast.Assign) and _names(s.targets[0], d_before)
                  and _names(s.value, d_after)]
        fixed = {n.id for a in z.value.args[1:] for n in gast.walk(a) if isinstance(n, gast.Name)}
        if not (len(reads) == 1 + len(at_index) and len(copies) == 1
                and code.index(copies[0]) < code.index(z)
                and _count(code, d_before, gast.Store) == 1
                and _count(code, d_after, gast.Load) == 1
                and _count(code, d_after, gast.Store) == 1
                and not any(_count(code, n, gast.Store) for n in fixed)):
            continue
        last = max([code.index(z)] + [i for i, s in enumerate(code) if s is not z and any(
            _names(n, d_before, gast.Load) for n in gast.walk(s))])
        code.remove(z)
        code.insert(last, z)
        z.value.func = templates.name(symbols.get("clear_at", "clear_at"))
        code.remove(copies[0])        # one name for the one array: dout_1 = clear_at(dout_1, i)
        for n in reads:
            n.id = d_after
        cleared.append(d_after)
    return cleared


def write_in_place(body, tail, saved, arrays, symbols):
    """Rewrite the stores of one forward iteration ``body`` into the names in
    ``arrays`` (certainly numbers or arrays: a dict or list gains entries, which the
    derivatives of ``store_at`` do not model); ``tail``: its back-edge copies;
    ``saved``: what it pushes for the adjoint.  Returns the names written in place."""
    with_item = symbols.get("with_item", "with_item")
    written = []
    for s in body:
        if not (_assigns_call(s, with_item) and isinstance(s.value.args[0], gast.Name)):
            continue
        new, old = s.targets[0].id, s.value.args[0].id
        back = [c for c in tail if isinstance(c, gast.Assign) and _names(c.targets[0], old)
                and _names(c.value, new)]
        if (back and old in arrays and old not in saved and new not in saved
                and _count(body, old, gast.Load) == 1 and _count(body, old, gast.Store) == 0
                and _count(body, new, gast.Load) == 0):
            s.value.func = templates.name(symbols.get("store_at", "store_at"))
            written.append(old)
    return written


def _assigns_call(stmt, helper):
    return (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and isinstance(stmt.value, gast.Call)
            and isinstance(stmt.value.func, gast.Name) and stmt.value.func.id == helper)


def _names(node, name, ctx=None):
    return (isinstance(node, gast.Name) and node.id == name
            and (ctx is None or isinstance(node.ctx, ctx)))


def _count(code, name, ctx):
    return sum(1 for s in code for n in gast.walk(s) if _names(n, name, ctx))


#: calls whose result is a new array nobody else holds
FRESH = ("zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like",
         "full_like", "copy")


def fresh_on_entry(fn_node, loop, name, resolver):
    """Whether ``name`` enters ``loop`` holding an array only it can reach: copied
    just before the loop, in the same block, from a name bound once by
    ``np.zeros(...)`` (& co) and read nowhere else."""
    block = next((b for n in gast.walk(fn_node) for b in _blocks(n)
                  if any(s is loop for s in b)), None)
    if block is None:
        return False
    before = block[:[i for i, s in enumerate(block) if s is loop][0]]
    stores = [s for s in gast.walk(fn_node) if isinstance(s, gast.Assign)
              and any(_names(t, name) for t in s.targets)]
    entry = [s for s in stores if any(s is b for b in before)]
    if len(entry) != 1 or not isinstance(entry[0].value, gast.Name) or \
            len(stores) - 1 != sum(1 for s in gast.walk(loop) if s in stores):
        return False
    src = entry[0].value.id
    bound = [s for s in before if isinstance(s, gast.Assign) and _names(s.targets[0], src)]
    if len(bound) != 1 or _count([fn_node], src, gast.Load) != 1 or \
            _count([fn_node], src, gast.Store) != 1 or not isinstance(bound[0].value, gast.Call):
        return False
    return any(resolver.resolve(bound[0].value.func) is getattr(np, f) for f in FRESH)


def _blocks(node):
    for field in ("body", "orelse"):
        block = getattr(node, field, None)
        if isinstance(block, list):
            yield block


def drop_needless_copies(code, symbols):
    """Remove ``d = private_copy(d)`` from the statements ``code`` where ``d`` was just
    computed by arithmetic (a new array) that no other statement read since, or by an
    ``if`` each of whose branches ends so (``_fresh_after``)."""
    copy = symbols.get("private_copy", "private_copy")
    for k in reversed(range(len(code))):
        s = code[k]
        if not (_assigns_call(s, copy) and _names(s.value.args[0], s.targets[0].id)):
            continue
        d = s.targets[0].id
        if _fresh_after(code[:k], d, symbols):
            del code[k]


#: helpers whose result a writing helper may write into without touching another
#: name's array (see ``_fresh_after``)
_FRESH_HELPERS = ("zero_derivative", "unreduce")


def _fresh_after(block, d, symbols):
    """Whether, after the statements ``block``, ``d`` holds a value ``private_copy``
    need not copy: the last statement naming ``d`` binds it to one of the values
    below, or is an ``if`` whose two branches each end so.  ``private_copy`` copies
    only an ``np.ndarray`` (it returns other values as they are) and the writing
    helpers write only into an ``_owned`` ndarray (``base is None`` and writeable;
    anything else gets a new array, the functional meaning), so the copy is needless
    where ``d`` is a new ndarray no other name holds, or no owned ndarray at all:

    * arithmetic (``a + b``, ``d + g * x``): a new array for an ndarray operand (an
      operator never hands back an operand), else a number or another library's array;
    * ``zero_derivative(x)``: ``np.zeros_like`` (new) for a numpy value, containers of
      such, ``None``, or another library's array;
    * ``unreduce(g, x, ...)``: ``np.full`` (new) or ``np.broadcast_to`` (a view: its
      ``base`` is set, so never written into) on the numpy path, another library's
      array on the other.

    No statement names ``d`` after the binding: no other name was given its object."""
    earlier = [j for j in range(len(block)) if any(_names(n, d) for n in gast.walk(block[j]))]
    if not earlier:
        return False
    last = block[earlier[-1]]
    if isinstance(last, gast.If):
        return all(_fresh_after(b, d, symbols) for b in (last.body, last.orelse))
    if not (isinstance(last, gast.Assign) and len(last.targets) == 1
            and _names(last.targets[0], d)):
        return False
    value = last.value
    if isinstance(value, gast.BinOp):
        return True
    return isinstance(value, gast.Call) and isinstance(value.func, gast.Name) \
        and value.func.id in [symbols.get(h, h) for h in _FRESH_HELPERS] \
        and not any(_names(n, d) for n in gast.walk(value))
