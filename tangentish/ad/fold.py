"""Fold: inline generated temporaries into the one statement that reads them,
so the code reads like the user's (``h = np.tanh(X @ W1 + b1)``, not three
lines of A-normal form), and coalesce copies (``s_1 = 2.0; s = s_1`` ->
``s = 2.0``; ``dx_0, dy_0 = vjp_f(...); dx = dx_0`` -> ``dx, dy_0 = vjp_f(...)``).

A temporary ``t = e`` is inlined into the statement right after it (in the
same block, after earlier folds) when ``t`` is bound once and read once in
the whole function, that read is in the next statement, and everything that
statement evaluates before the read is a name, a constant or an attribute of
one (nothing that can raise or have an effect).  Then ``e`` is evaluated at
the same point relative to every other computation as before: the order of
effects and of errors is unchanged, and ``e`` is evaluated exactly once (never
folded under a lambda, a comprehension, ``and``/``or``, ``a if c else b``, nor
into a ``while`` test; a ``for`` header's iterable is evaluated once, first).
Names the user bound are kept (the forward part keeps
the user's variables), and a fold is made only when the statement stays under
``MAX_LINE`` characters and both statements come from the same user line (an
error raised there still names the right line).

Two more moves keep that order: ``t = e; t = ...t...`` (the next statement, of the
same user line, reads that binding once and rebinds ``t``) -> ``t = ...e...``
(``dx = a; dx = dx + b`` -> ``dx = a + b``); and a copy of a name or a constant
moves past comments and other such copies (none rebinding what it reads or
touching its target) into its one reader.

Displays (``[a, b]``) are not inlined: each container is built by a statement of
its own, as the normal form has it.

Postcondition: no generated temporary that could be inlined under these
rules remains."""
import collections

import gast
import numpy as np

from ..frontend.resolve import module_of
from ..ir import annotations as anno, templates
from ..ir.nodes import loaded_names, text
from . import known_shapes, optimize
from .inplace import drop_needless_copies
from .recompute import WRITING_HELPERS

MAX_LINE = 88
# containers keep their names: the normal form builds each by a statement of its own,
# which is how generated code differentiated again reads them
_DISPLAYS = (gast.List, gast.Tuple, gast.Set, gast.Dict)
_NOT_INTO = (gast.Lambda, gast.IfExp, gast.BoolOp, gast.ListComp, gast.SetComp,
             gast.DictComp, gast.GeneratorExp, gast.Dict, gast.NamedExpr)


def run(ctx, node):
    """Inline single-use temporaries and coalesce copies, block by block."""
    user = set(getattr(getattr(ctx.sf.fn, "__code__", None), "co_varnames", ()))
    user.update(a.id for a in node.args.args + node.args.posonlyargs + node.args.kwonlyargs)
    facts = _Facts(node, frozenset(user), ctx.resolver)
    node.body = _fold_block(node.body, facts, 1)
    _lengths_into_loop_headers(node, facts)
    _shapes_into_reads(node, facts)
    _propagate_constants(node, facts)
    _rebind_after_reads(node, facts)
    # a copy whose readers the folds merged into one statement before the source is
    # rebound: ``dx_2 = dx_1; dx_1 = dx_2 * a + dx_2 * b`` -> ``dx_1 = dx_1 * a + dx_1 * b``
    optimize.propagate_copies(node)
    _unit_copies(node, facts)
    if ctx.facts is not None:        # code specialized to the arguments' signature
        known_shapes.drop_implied_checks(node, ctx.facts, ctx.symbols)
        # (its rewrites may have left a fresh array's private copy: ``d = h + h``)
        drop_needless_copies(node.body, ctx.symbols)
    _no_empty_blocks(node)
    return node


def _unit_copies(node, facts):
    """``t = 1.0 * o`` (``UNIT_PRODUCT``: ``o`` a float64 array) at the top level, ``t``
    bound once and read only as an operand of arithmetic, ``o`` a name the function
    binds at most once (a parameter, or a value computed before): those reads read
    ``o`` (the same values; each enclosing operation makes its new array) and ``t``
    goes (``da = 1.0 * cos_x; dx = da * c`` -> ``dx = cos_x * c``)."""
    stores, loads = _name_counts_here(node)
    parents = {id(c): p for p in gast.walk(node) for c in gast.iter_child_nodes(p)}
    keep = []
    for stmt in node.body:
        value = getattr(stmt, "value", None)
        side = anno.get(value, anno.UNIT_PRODUCT) if isinstance(value, gast.BinOp) else None
        if side not in ("left", "right") or not isinstance(stmt, gast.Assign) \
                or len(stmt.targets) != 1 or not isinstance(stmt.targets[0], gast.Name):
            keep.append(stmt)
            continue
        t, o = stmt.targets[0].id, getattr(value, side)
        one = getattr(value, "right" if side == "left" else "left")
        reads = [n for n in gast.walk(node) if isinstance(n, gast.Name) and n.id == t
                 and isinstance(n.ctx, gast.Load)]
        if not (isinstance(o, gast.Name) and stores[o.id] <= 1 and stores[t] == 1
                and t not in facts.kept and isinstance(one, gast.Constant)
                and one.value == 1.0 and type(one.value) is float and reads
                and all(_arithmetic_operand(parents.get(id(r))) for r in reads)):
            keep.append(stmt)
            continue
        for r in reads:
            r.id = o.id
    node.body = keep


def _arithmetic_operand(parent):
    return isinstance(parent, gast.BinOp) and not isinstance(parent.op, gast.MatMult) or (
        isinstance(parent, gast.UnaryOp) and isinstance(parent.op, (gast.USub, gast.UAdd)))


def _name_counts_here(node):
    """(stores, loads) per name in the function; parameters count one store, and the
    targets of assignments count whatever their ``ctx`` (generated ones may lack one)."""
    stores, loads = collections.Counter(), collections.Counter()
    params = node.args.args + node.args.posonlyargs + node.args.kwonlyargs
    for a in params:
        stores[a.id] += 1
    targets = {id(t) for a in gast.walk(node) if isinstance(a, (gast.Assign, gast.For))
               for place in (a.targets if isinstance(a, gast.Assign) else [a.target])
               for t in gast.walk(place) if isinstance(t, gast.Name)}
    params = {id(a) for a in params}
    for n in gast.walk(node):
        if isinstance(n, gast.Name) and id(n) not in params:
            store = isinstance(n.ctx, gast.Store) or id(n) in targets
            (stores if store else loads)[n.id] += 1
    return stores, loads


def _rebind_after_reads(node, facts):
    """``t = b; b = e(t); S(t)`` -> ``S(b); b = e(b)``, where the statements ``S`` are
    assignments of ``b = e``'s user line without effects (``_pure_assignment``) that
    neither bind nor write into ``b``, ``t`` or what ``e`` reads, and ``t`` is read
    nowhere else (``dys_2 = dys_1; dys_1 = dys_2[:-1]; dx = dx + dys_2[-1] * c`` ->
    ``dx = dx + dys_1[-1] * c; dys_1 = dys_1[:-1]``).  Exact: until ``b`` is rebound
    it holds ``t``'s value, so ``S`` reads the same values; ``e`` has no effect, and
    what it reads is unchanged by ``S``, so it gives the same value after ``S``; an
    error either raises names the same line."""
    if facts.resolver is None:
        return
    counts = collections.Counter((n.id, isinstance(n.ctx, gast.Store)) for n in gast.walk(node)
                                 if isinstance(n, gast.Name))
    local = {name for name, store in counts if store} | set(facts.stores)   # (and parameters)
    for block in [node.body] + [getattr(n, f) for n in gast.walk(node)
                                if isinstance(n, (gast.If, gast.For, gast.While))
                                for f in ("body", "orelse")]:
        for p in range(len(block) - 2, -1, -1):
            if not _copy_into_rebinding(block, p, local):
                _rebind_one(block, p, counts, facts)


def _copy_into_rebinding(block, p, local):
    """``t = b``, statements that neither read ``t`` nor bind ``t`` or ``b``, then
    ``t = f(t)``: the copy goes and ``f`` reads ``b`` (``dlogits = ds; dm = ...;
    dlogits = dlogits + dm * m`` -> ``dm = ...; dlogits = ds + dm * m``).  Exact: ``t``
    and ``b`` hold the same object until the rebinding (an in-place write into it
    is seen through both), and nothing reads ``t`` before it is rebound; ``b`` is a
    name of the function (``local``: a global might be rebound by a call in between).
    True if done."""
    copy = block[p]
    if not (_is_copy(copy) and copy.targets[0].id != copy.value.id
            and copy.value.id in local):
        return False
    t, b = copy.targets[0].id, copy.value.id
    for q in range(p + 1, len(block)):
        stmt = block[q]
        if any(isinstance(n, (gast.Break, gast.Continue, gast.Return)) for n in gast.walk(stmt)):
            return False                  # (``t`` may be read where the exit leads)
        names = [n for n in gast.walk(stmt) if isinstance(n, gast.Name)]
        stores = {n.id for n in names if isinstance(n.ctx, gast.Store)}
        if not (t in stores or b in stores or any(
                n.id == t and isinstance(n.ctx, gast.Load) for n in names)):
            continue
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id == t
                and t in loaded_names(stmt.value) and b not in stores
                and not any(isinstance(n, _NOT_INTO) for n in gast.walk(stmt.value))):
            return False
        _Rename(t, b).visit(stmt.value)
        del block[p]
        return True
    return False


def _rebind_one(block, p, counts, facts):
    copy = block[p]
    if not (_is_copy(copy) and isinstance(copy.value, gast.Name)
            and copy.targets[0].id != copy.value.id):
        return
    t, b = copy.targets[0].id, copy.value.id
    rest = [k for k in range(p + 1, len(block)) if not _is_comment(block[k])]
    if not rest or counts[(t, True)] != 1:
        return
    q = rest[0]
    rebind = block[q]
    if not (_pure_assignment(rebind, facts) and len(rebind.targets) == 1
            and isinstance(rebind.targets[0], gast.Name) and rebind.targets[0].id == b):
        return
    reads = set(loaded_names(rebind.value))
    if t not in reads or b in reads:
        return
    readers = [k for k in rest[1:] if t in loaded_names(block[k])]
    if not readers:
        return
    last = readers[-1]
    loads = loaded_names(rebind.value).count(t) + sum(
        loaded_names(block[k]).count(t) for k in rest[1:] if k <= last)
    if loads != counts[(t, False)]:
        return                          # ``t`` read after ``S`` too (or in another block)
    written, guarded = set(), reads | {t, b}
    for k in rest[1:]:
        if k > last:
            break
        stmt = block[k]
        stored = {n.id for target in getattr(stmt, "targets", []) for n in gast.walk(target)
                  if isinstance(n, gast.Name)}
        if not (_pure_assignment(stmt, facts, written) and _same_line(stmt, rebind)) \
                or stored & guarded or written & guarded:
            return
    for k in [q] + [k for k in rest[1:] if k <= last]:
        _Rename(t, b).visit(block[k])
    block.insert(last + 1, block[q])
    del block[q]
    del block[p]


class _Rename(gast.NodeTransformer):
    """Reads of one name as another."""

    def __init__(self, old, new):
        self.old, self.new = old, new

    def visit_Name(self, node):
        if node.id == self.old and isinstance(node.ctx, gast.Load):
            node.id = self.new
        return node


def _lengths_into_loop_headers(node, facts):
    """``n = len(x)`` or ``n = x.shape[0]`` at the function's level, ``x`` a parameter
    never rebound, ``n`` generated and read only in the headers of loops at the
    function's level (``for k in range(n)``, ``for k in reversed(range(n))``): each
    header reads ``len(x)`` itself (a length cannot change: the normal form updates
    arrays and lists by rebinding them)."""
    params = {a.id for a in node.args.args + node.args.posonlyargs + node.args.kwonlyargs}
    headers = [s for s in node.body if isinstance(s, gast.For)]
    for stmt in list(node.body):
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name)):
            continue
        name, value = stmt.targets[0].id, stmt.value
        x = _length_of(value, facts.resolver)
        if (x is None or x not in params or facts.stores[x] != 1 or name in facts.kept
                or facts.stores[name] != 1 or not facts.loads[name]):
            continue
        reads = [n for h in headers for n in gast.walk(h.iter)
                 if isinstance(n, gast.Name) and n.id == name]
        if len(reads) != facts.loads[name]:
            continue
        for h in headers:
            h.iter = _Replace_all(name, value).visit(h.iter)
        if any(_too_long(h, 1) for h in headers):
            for h in headers:
                h.iter = _Restore_all(value, name).visit(h.iter)
            continue
        node.body.remove(stmt)


def _shapes_into_reads(node, facts):
    """``n = x.shape[k]`` at the function's level, ``x`` a parameter never rebound, ``n``
    generated and read once, by a later statement at the function's level that comes
    from the same user line (``-np.sum(...) / X.shape[0]``'s adjoint): that statement
    reads ``x.shape[k]`` itself (a shape cannot change: the normal form updates arrays
    by rebinding them; an error it raises names the same line)."""
    params = {a.id for a in node.args.args + node.args.posonlyargs + node.args.kwonlyargs}
    for stmt in list(node.body):
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name)
                and isinstance(stmt.value, gast.Subscript)):
            continue
        name, value = stmt.targets[0].id, stmt.value
        x = _length_of(value, facts.resolver)
        if (x is None or x not in params or facts.stores[x] != 1 or name in facts.kept
                or facts.stores[name] != 1 or facts.loads[name] != 1):
            continue
        readers = [s for s in node.body if name in loaded_names(s)]
        if len(readers) != 1 or not isinstance(readers[0], (gast.Assign, gast.Expr)) \
                or not _same_line(stmt, readers[0]) \
                or node.body.index(readers[0]) < node.body.index(stmt):
            continue
        reader = readers[0]
        reader.value = _Replace_all(name, value).visit(reader.value)
        if _too_long(reader, 1):
            reader.value = _Restore_all(value, name).visit(reader.value)
            continue
        node.body.remove(stmt)


def _propagate_constants(node, facts):
    """``t = 1.0`` at the function's level, ``t`` generated and bound once: its reads
    (all after it) read ``1.0`` (a seed read by several adjoints; a helper then sees
    the number itself, as ``unreduce(1.0, ...)``)."""
    for i, stmt in reversed(list(enumerate(node.body))):
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name) and _number(stmt.value)):
            continue
        name = stmt.targets[0].id
        if name in facts.kept or facts.stores[name] != 1 or any(
                name in loaded_names(s) for s in node.body[:i + 1]):
            continue
        for later in node.body[i + 1:]:
            _Replace_all(name, stmt.value).visit(later)
        del node.body[i]


def _number(value):
    if isinstance(value, gast.UnaryOp) and isinstance(value.op, gast.USub):
        value = value.operand
    return isinstance(value, gast.Constant) and type(value.value) in (int, float)


def _length_of(value, resolver):
    """``x`` of ``len(x)`` or ``x.shape[<int>]``."""
    if (isinstance(value, gast.Call) and resolver is not None
            and resolver.resolve(value.func) is len and len(value.args) == 1
            and not value.keywords and isinstance(value.args[0], gast.Name)):
        return value.args[0].id
    if (isinstance(value, gast.Subscript) and isinstance(value.slice, gast.Constant)
            and type(value.slice.value) is int and isinstance(value.value, gast.Attribute)
            and value.value.attr == "shape" and isinstance(value.value.value, gast.Name)):
        return value.value.value.id
    return None


class _Replace_all(gast.NodeTransformer):
    def __init__(self, name, value):
        self.name, self.value = name, value

    def visit_Name(self, node):
        if node.id == self.name and isinstance(node.ctx, gast.Load):
            return templates.clone(self.value)
        return node


class _Restore_all(gast.NodeTransformer):
    def __init__(self, value, name):
        self.dump, self.name = gast.dump(value), name

    def generic_visit(self, node):
        if isinstance(node, gast.expr) and gast.dump(node) == self.dump:
            return templates.name(self.name)
        return super().generic_visit(node)


def _no_empty_blocks(node):
    """Blocks the passes emptied (only comments left) still compile: an ``else``
    holding only comments goes, an ``if`` whose body does is inverted (``if not c``),
    any other such block gets ``pass``."""
    for stmt in gast.walk(node):
        if isinstance(stmt, gast.If):
            if all(_is_comment(s) for s in stmt.orelse):
                stmt.orelse = []
            if all(_is_comment(s) for s in stmt.body) and stmt.orelse:
                stmt.test = gast.UnaryOp(op=gast.Not(), operand=stmt.test)
                stmt.body, stmt.orelse = stmt.orelse, []
        for field in ("body", "orelse"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and block and all(_is_comment(s) for s in block) \
                    and not isinstance(stmt, gast.Module):
                block.append(gast.Pass())
            elif field == "body" and isinstance(block, list) and not block \
                    and isinstance(stmt, (gast.If, gast.For, gast.While, gast.FunctionDef)):
                block.append(gast.Pass())


class _Facts:
    """How often each name is bound and read, and the names never folded away."""

    def __init__(self, fn_node, kept, resolver=None):
        self.resolver = resolver
        self.stores = collections.Counter(
            a.id for a in fn_node.args.args + fn_node.args.posonlyargs + fn_node.args.kwonlyargs)
        self.loads = collections.Counter()
        for stmt in fn_node.body:
            for n in gast.walk(stmt):
                if isinstance(n, gast.Name):
                    (self.stores if isinstance(n.ctx, gast.Store) else self.loads)[n.id] += 1
        self.kept = kept

    def single_use(self, name, kept_too=False):
        return ((kept_too or name not in self.kept)
                and self.stores[name] == 1 and self.loads[name] == 1)


def _fold_block(block, facts, depth):
    out = []
    for stmt in block:
        for field in ("body", "orelse"):
            if isinstance(stmt, (gast.If, gast.For, gast.While)):
                setattr(stmt, field, _fold_block(getattr(stmt, field), facts, depth + 1))
        while out and (_inline(out[-1], stmt, facts, depth) or _coalesce(out[-1], stmt, facts)):
            out.pop()
        _across_quiet_statements(out, stmt, facts, depth)
        while _across_pure_statements(out, stmt, facts, depth):
            while out and (_inline(out[-1], stmt, facts, depth) or _coalesce(out[-1], stmt, facts)):
                out.pop()
        out.append(stmt)
    return [s for i, s in enumerate(out) if i == 0 or not _heads_nothing(s, out[i + 1:i + 2])]


def _across_quiet_statements(out, stmt, facts, depth):
    """``t = e``, then statements that cannot raise nor have an effect (comments, and
    copies of names and constants that neither rebind what ``e`` reads nor touch ``t``),
    then ``stmt`` reading ``t``: ``e`` may move into ``stmt``.  Past a comment or a
    copy only when ``e`` is itself a name or a constant (which cannot raise either)."""
    read = set(loaded_names(stmt))
    k = len(out) - 1
    while k > 0 and (_is_comment(out[k]) or _quiet_copy(out[k], facts)) and not (
            _quiet_copy(out[k], facts) and out[k].targets[0].id in read):
        k -= 1
    if not 0 <= k < len(out) - 1 or not _quiet_copy(out[k], facts):
        return
    prev, skipped = out[k], out[k + 1:]
    stored = {n.id for s in skipped for n in gast.walk(s)
              if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}
    touched = stored | {n for s in skipped for n in loaded_names(s)}
    if stored & set(loaded_names(prev.value)) or prev.targets[0].id in touched:
        return
    origin = anno.get(prev, anno.ORIGIN)
    anno.set(prev, anno.ORIGIN, None)              # a read of a name cannot raise
    if _inline(prev, stmt, facts, depth):
        del out[k]
    else:
        anno.set(prev, anno.ORIGIN, origin)


def _across_pure_statements(out, stmt, facts, depth):
    """``t = e``, then assignments of the same user line without effects that neither
    rebind what ``e`` reads nor read or bind ``t``, then ``stmt`` reading ``t``: ``e``
    moves into ``stmt`` (``da = dc * b; db = a * dc; da = da + g`` -> ``db = a * dc;
    da = dc * b + g``).  ``e`` has no effect either, and nothing in between writes into
    an object in place, so ``e`` computes the same value later; an error it raises
    still names the same line.  Copies of names and constants (which cannot raise) may
    come from any line.  True if done."""
    field = _evaluated_field(stmt)
    if facts.resolver is None or field is None:
        return False
    read = set(loaded_names(getattr(stmt, field)))
    stored, loaded, written = set(), set(), set()
    for k in range(len(out) - 1, 0, -1):
        between = out[k]
        if not (_is_comment(between) and not _is_comment(between, templates.BACKWARD)):
            if not _quiet_copy(between) and not (_pure_assignment(between, facts, written)
                                                 and _same_line(between, stmt)):
                return False
            stored |= {n.id for t in between.targets for n in gast.walk(t)
                       if isinstance(n, gast.Name)}
            loaded |= set(loaded_names(between.value))
        prev = out[k - 1]
        if not (_pure_assignment(prev, facts) and len(prev.targets) == 1
                and isinstance(prev.targets[0], gast.Name) and _same_line(prev, stmt)):
            continue
        name = prev.targets[0].id
        if name not in read or name in stored | loaded or (stored | written) & set(
                loaded_names(prev.value)):
            continue
        if _inline(prev, stmt, facts, depth):
            del out[k - 1]
            return True
    return False


def _pure_assignment(stmt, facts, written=None):
    """An assignment to names whose value has no effect and writes into nothing; with
    ``written`` (a set), it may call in-place helpers (``accumulate_at(dx, ...)``),
    whose first argument's name it adds there: generated code passes them only an
    array no other name holds (ad/inplace.py), so only reads of that name see it."""
    if not isinstance(stmt, gast.Assign) or not all(
            isinstance(t, (gast.Name, gast.Tuple)) for t in stmt.targets):
        return False
    calls = [n for n in gast.walk(stmt.value) if isinstance(n, gast.Call)]
    writing = [c for c in calls if facts.resolver.resolve(c.func) in WRITING_HELPERS]
    if writing and (written is None or not all(
            c.args and isinstance(c.args[0], gast.Name) for c in writing)):
        return False
    if writing:
        written.update(c.args[0].id for c in writing)
    return all(c in writing or _library_call(c, facts.resolver) for c in calls) and \
        optimize.pure(stmt.value, facts.resolver)


def _library_call(call, resolver):
    """``len``, or a call of numpy, math or a runtime helper that writes into nothing (classifying
    it runs no transform) and draws no random numbers."""
    fn = resolver.resolve(call.func)
    if fn is len:
        return True
    module = module_of(fn)
    return (module.split(".")[0] in ("numpy", "math") or module.startswith("tangentish.runtime")
            ) and "random" not in module and fn not in WRITING_HELPERS and not any(
                k.arg == "out" for k in call.keywords)


def _same_line(a, b):
    oa, ob = anno.get(a, anno.ORIGIN), anno.get(b, anno.ORIGIN)
    return oa is not None and ob is not None and oa[:2] == ob[:2]


def _quiet_copy(stmt, facts=None):
    """``a = b``, ``a = 1.0``, ``a = -1.0`` or (``facts`` given) the seed
    ``a = np.float64(1.0)``: cannot raise nor have an effect."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name)):
        return False
    value = stmt.value
    if isinstance(value, gast.UnaryOp) and isinstance(value.op, (gast.USub, gast.UAdd)):
        value = value.operand
        return isinstance(value, gast.Constant) and type(value.value) in (int, float)
    if (facts is not None and facts.resolver is not None and isinstance(value, gast.Call)
            and len(value.args) == 1 and not value.keywords
            and isinstance(value.args[0], gast.Constant)
            and type(value.args[0].value) is float
            and facts.resolver.resolve(value.func) is np.float64):
        return True
    return isinstance(value, (gast.Name, gast.Constant))


def _is_comment(stmt, text=None):
    """A comment statement (``text``: that comment)."""
    return (isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant)
            and isinstance(stmt.value.value, str)
            and stmt.value.value.startswith(templates.COMMENT_MARK)
            and (text is None or stmt.value.value == templates.COMMENT_MARK + text))


def _heads_nothing(stmt, following):
    """A comment followed by another one (what it headed was folded away); the first
    statement of a block (a loop's heading) stays."""
    return (_is_comment(stmt) and bool(following) and _is_comment(following[0])
            and stmt.value.value != templates.COMMENT_MARK + templates.BACKWARD)


def _temporary(stmt, facts, into_copy):
    """The name ``stmt`` binds, when it is a foldable ``t = e`` (a name of the user's
    only ``into_copy``: then it just passes to its next SSA version)."""
    if (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name)
            and facts.single_use(stmt.targets[0].id, into_copy)
            and not isinstance(stmt.value, _DISPLAYS)):
        return stmt.targets[0].id
    return None


def _rebound(prev, stmt, facts):
    """``t = e`` then ``t = ...t...`` reading it once: that binding of ``t`` is read
    there only (``dx = a; dx = dx + b`` -> ``dx = a + b``)."""
    if not (isinstance(prev, gast.Assign) and len(prev.targets) == 1
            and isinstance(prev.targets[0], gast.Name) and not isinstance(prev.value, _DISPLAYS)):
        return None
    name = prev.targets[0].id
    if (name in facts.kept or not isinstance(stmt, gast.Assign) or len(stmt.targets) != 1
            or not isinstance(stmt.targets[0], gast.Name) or stmt.targets[0].id != name
            or loaded_names(stmt.value).count(name) != 1
            or anno.get(stmt, anno.ORIGIN) is None):   # (the final real_cotangent stays apart)
        return None
    return name


def _is_copy(stmt):
    """``a = b`` between names."""
    return (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and isinstance(stmt.value, gast.Name))


def _same_origin(a, b):
    oa, ob = anno.get(a, anno.ORIGIN), anno.get(b, anno.ORIGIN)
    return oa is None or ob is None or oa[:2] == ob[:2]


def _inline(prev, stmt, facts, depth):
    """``t = e`` then ``stmt`` reading ``t``: ``stmt`` reads ``e`` instead; True if done."""
    copy = _is_copy(stmt)
    name = _temporary(prev, facts, copy) or _rebound(prev, stmt, facts)
    if name is None or not (copy or _same_origin(prev, stmt)):
        return False
    field = _evaluated_field(stmt)
    if field is None or name not in loaded_names(getattr(stmt, field)):
        return False
    replacer = _Replace(name, prev.value)
    new = replacer.visit(getattr(stmt, field))
    if not replacer.done or replacer.blocked:
        return False
    setattr(stmt, field, new)
    if _too_long(stmt, depth):
        setattr(stmt, field, _Restore(prev.value, name).visit(new))
        return False
    _unit_products(getattr(stmt, field))
    if copy or anno.get(stmt, anno.ORIGIN) is None:
        # ``stmt`` now computes ``e``: an error raised there names ``e``'s line
        anno.set(stmt, anno.ORIGIN, anno.get(prev, anno.ORIGIN))
    return True


def _unit_products(node):
    """``1.0 * o`` (annotated ``UNIT_PRODUCT``: ``o`` a float64 array, ad/shape_checks.py)
    as an operand of arithmetic: ``o``, which has its values; the enclosing operation
    makes the new array (``1.0 * h + h`` -> ``h + h``)."""
    for outer in gast.walk(node):
        if isinstance(outer, gast.BinOp) and not isinstance(outer.op, gast.MatMult):
            sides = ("left", "right")
        elif isinstance(outer, gast.UnaryOp) and isinstance(outer.op, (gast.USub, gast.UAdd)):
            sides = ("operand",)
        else:
            continue
        for side in sides:
            inner = getattr(outer, side)
            keep = anno.get(inner, anno.UNIT_PRODUCT) if isinstance(inner, gast.BinOp) else None
            other = getattr(inner, "left" if keep == "right" else "right", None)
            if keep in ("left", "right") and isinstance(other, gast.Constant) \
                    and other.value == 1.0 and type(other.value) is float:
                setattr(outer, side, getattr(inner, keep))


def _coalesce(prev, stmt, facts):
    """``a_0, b = e`` then ``a = a_0``: ``a, b = e``; True if done."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and isinstance(stmt.value, gast.Name)
            and isinstance(prev, gast.Assign) and len(prev.targets) == 1
            and isinstance(prev.targets[0], gast.Tuple)
            and facts.single_use(stmt.value.id, True)):
        return False
    source, target = stmt.value.id, stmt.targets[0].id
    slots = prev.targets[0].elts
    if not all(isinstance(e, gast.Name) for e in slots) or target in {e.id for e in slots}:
        return False
    for e in slots:
        if e.id == source:
            e.id = target
            return _keep(prev, stmt)
    return False


def _keep(prev, stmt):
    """``stmt`` takes ``prev``'s place (the caller pops ``prev``)."""
    stmt.targets, stmt.value = prev.targets, prev.value
    anno.copy(prev, stmt)
    return True


def _evaluated_field(stmt):
    """The field of ``stmt`` whose expression a fold may enter: evaluated once, first."""
    if isinstance(stmt, (gast.Assign, gast.Expr, gast.Return)) and stmt.value is not None:
        if isinstance(stmt, gast.Assign) and not all(
                isinstance(t, (gast.Name, gast.Tuple)) for t in stmt.targets):
            return None                   # a subscript or attribute target evaluates operands
        return "value"
    if isinstance(stmt, gast.If):
        return "test"
    if isinstance(stmt, gast.For):
        return "iter"                     # evaluated once, before the first iteration
    return None


def _trivial(node, callee=False):
    """Evaluating it cannot raise nor have an effect: names (bound, in SSA code),
    constants, and attributes of those in the callee's place (``np.tanh``)."""
    if isinstance(node, (gast.Name, gast.Constant)):
        return True
    return callee and isinstance(node, gast.Attribute) and _trivial(node.value, True)


class _Replace(gast.NodeTransformer):
    """Replace the one read of ``name`` by ``value`` when every expression evaluated
    before it is trivial and it is not under a construct evaluated conditionally,
    repeatedly or out of field order.  ``done``: replaced; ``blocked``: refused."""

    def __init__(self, name, value):
        self.name, self.value = name, value
        self.done = self.blocked = False

    def visit(self, node):
        if self.done or self.blocked:
            return node
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and node.id == self.name:
            self.done = True
            return self.value
        if isinstance(node, _NOT_INTO):
            self.blocked = self.name in loaded_names(node)
            return node
        result = self._call(node) if isinstance(node, gast.Call) else self.generic_visit(node)
        self._evaluated(node)
        return result

    def _call(self, node):
        if not _trivial(node.func, callee=True):
            node.func = self.visit(node.func)
            self._evaluated(node.func)
        node.args = [self._operand(a) for a in node.args]
        for k in node.keywords:
            k.value = self._operand(k.value)
        return node

    def _operand(self, node):
        result = self.visit(node)
        self._evaluated(node)
        return result

    def _evaluated(self, node):
        """``node`` was evaluated whole before the read: only trivial ones may be."""
        if not self.done and isinstance(node, gast.expr) and not _trivial(node):
            self.blocked = True


class _Restore(gast.NodeTransformer):
    """Undo a fold: the node ``value`` (by identity) becomes the name again."""

    def __init__(self, value, name):
        self.value, self.name = value, name

    def visit(self, node):
        if node is self.value:
            return gast.Name(id=self.name, ctx=gast.Load(), annotation=None, type_comment=None)
        return super().visit(node)


def _too_long(stmt, depth):
    if isinstance(stmt, gast.For):
        first = "for " + text(stmt.target) + " in " + text(stmt.iter) + ":"
    else:
        first = "if " + text(stmt.test) + ":" if isinstance(stmt, gast.If) else text(stmt)
    return any(4 * depth + len(line) > MAX_LINE for line in first.splitlines())
