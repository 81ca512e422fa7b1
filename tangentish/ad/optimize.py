"""Optimize generated code: copy propagation and dead-code elimination, to a
fixed point.  Only pure statements are removed (primitives with rules and the
runtime helpers); calls that may have side effects and expression statements
always stay.

Postcondition: no assignment whose value is never read and that is pure; no
``a = b`` copy between names that are each bound once."""
import collections
import inspect

import gast
import numpy as np

from ..analyze.patterns import has_transpose
from ..analyze.primitives import Kind, classify
from ..ir import annotations as anno, naming, templates
from ..ir.nodes import loaded_names
from ..ir.operators import BINARY, FOLDED
from .flow import bound_on_every_path, is_break
from ..rules import SYMBOLS
from ..runtime import unit_cotangent


def optimize(fn_node, resolver, arrays=frozenset()):
    """``arrays``: the parameters the signature shows hold arrays (``.T`` cannot raise)."""
    fold_constants(fn_node)
    drop_default_arguments(fn_node, resolver)
    cancel_double_transposes(fn_node, arrays)
    inline_negated_flags(fn_node)
    # One backward pass of dead-code elimination removes whole dead chains, so the
    # fixed point is usually reached in one round; a second confirms it.
    for _ in range(10):
        copies = drop_redundant_copies(fn_node.body, set()) | propagate_copies(fn_node)
        dead = eliminate_dead_code(fn_node, resolver)
        if not (copies and dead):
            if dead:
                propagate_copies(fn_node)
            break
    cancel_double_transposes(fn_node, arrays, live=True)
    return fn_node


def _name_counts(fn_node):
    """(stores, loads): how often each name is bound and read, in one walk."""
    stores = collections.Counter(a.id for a in fn_node.args.args + fn_node.args.posonlyargs
                                 + fn_node.args.kwonlyargs)
    loads = collections.Counter()
    for stmt in fn_node.body:
        for n in gast.walk(stmt):
            if isinstance(n, gast.Name):
                (stores if isinstance(n.ctx, gast.Store) else loads)[n.id] += 1
    return stores, loads




class _Folder(gast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, gast.Pow) and _is_number(node.right, 1):
            return node.left                       # e ** 1 -> e
        if isinstance(node.op, gast.Mult) and _is_number(node.left, 1) and \
                not isinstance(node.left.value, bool) and not isinstance(node.right, gast.Name):
            return node.right                      # 1 * e -> e (a name stays a new array)
        fold = BINARY[type(node.op)] if isinstance(node.op, FOLDED) else None
        if fold and all(isinstance(v, gast.Constant) and type(v.value) in (int, float)
                        for v in (node.left, node.right)):
            return templates.const(fold(node.left.value, node.right.value))
        return node


def _is_number(node, value):
    return isinstance(node, gast.Constant) and type(node.value) in (int, float) and node.value == value


def fold_constants(fn_node):
    """``3 - 1`` -> ``2`` (numbers only: + - *, exact in Python)."""
    for stmt in fn_node.body:
        _Folder().visit(stmt)


def cancel_double_transposes(fn_node, arrays, live=False):
    """``t.T`` where ``t = a.T``, ``t`` and ``a`` each bound once: ``a`` (a transpose's
    transpose holds the array's values, in every array library; ``dA = g @ T_A.T`` ->
    ``dA = g @ A``).  Only where ``t = a.T`` still raises as the user's code would
    (``b.T`` of a Python number or list raises AttributeError): ``a`` a parameter in
    ``arrays`` (the signature's), or (``live``: after dead-code elimination) ``t`` read
    elsewhere too, so that its binding stays."""
    counts, loads = _name_counts(fn_node)
    if live:
        for n in gast.walk(fn_node):
            if _is_transpose(n):
                loads[n.value.id] -= 1          # (what is left: reads other than ``t.T``)
    transposed = {s.targets[0].id: s.value.value.id for s in gast.walk(fn_node)
                  if isinstance(s, gast.Assign) and len(s.targets) == 1
                  and isinstance(s.targets[0], gast.Name) and _is_transpose(s.value)
                  and (s.value.value.id in arrays or live and loads[s.targets[0].id] > 0)
                  and counts[s.targets[0].id] == 1 and counts[s.value.value.id] == 1}

    class Cancel(gast.NodeTransformer):
        def visit_Attribute(self, node):
            self.generic_visit(node)
            if _is_transpose(node) and node.value.id in transposed:
                return templates.name(transposed[node.value.id])
            return node
    Cancel().visit(fn_node)


def _is_transpose(node):
    return (isinstance(node, gast.Attribute) and node.attr == "T"
            and isinstance(node.value, gast.Name) and isinstance(node.ctx, gast.Load))


def inline_negated_flags(fn_node):
    """``c = not f`` at the function's level, bound once, ``f`` bound only before it,
    ``c`` read only as the test of ifs: those read ``if not f:`` (``c`` is then dead)."""
    counts, loads = _name_counts(fn_node)
    for i, stmt in enumerate(fn_node.body):
        if not (_is_copy_of(stmt, gast.UnaryOp) and isinstance(stmt.value.op, gast.Not)
                and isinstance(stmt.value.operand, gast.Name)):
            continue
        c, f = stmt.targets[0].id, stmt.value.operand.id
        tests = [n for n in gast.walk(fn_node) if isinstance(n, gast.If)
                 and isinstance(n.test, gast.Name) and n.test.id == c]
        if (counts[c] != 1 or len(tests) != loads[c]
                or any(_stores(s, f) for s in fn_node.body[i:])):
            continue
        for n in tests:
            n.test = gast.UnaryOp(op=gast.Not(), operand=templates.name(f))


def _is_copy_of(stmt, kind):
    return (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and isinstance(stmt.value, kind))


def drop_default_arguments(fn_node, resolver):
    """``unreduce(g, a, None, False)`` -> ``unreduce(g, a)`` for the helpers' own defaults."""
    helpers = set(SYMBOLS.values())
    for node in gast.walk(fn_node):
        if not isinstance(node, gast.Call):
            continue
        fn = resolver.resolve(node.func)
        if fn not in helpers:
            continue
        params = list(inspect.signature(fn).parameters.values())
        kept = [k for k in node.keywords if not _equals_default(k.value, _param(params, k.arg))]
        node.keywords = kept
        while node.args and len(node.args) <= len(params) and not node.keywords and \
                _equals_default(node.args[-1], params[len(node.args) - 1]):
            node.args.pop()


def _param(params, name):
    return next((p for p in params if p.name == name), None)


def _equals_default(node, param):
    if param is None or param.default is inspect.Parameter.empty:
        return False
    return (isinstance(node, gast.Constant) and type(node.value) is type(param.default)
            and node.value == param.default)


def propagate_copies(fn_node):
    """``a = b`` with ``a`` and ``b`` each bound once, and every use of ``a`` later
    in the same block: those uses read ``b`` and the copy goes.  All such copies
    are found in one walk and renamed in a second."""
    counts, loads = _name_counts(fn_node)
    renames = {}
    # a name copied to a name bound once keeps its own copies (they go first)
    copied_once = {n.value.id for n in gast.walk(fn_node)
                   if _is_copy(n) and counts[n.targets[0].id] == 1}
    _find_copies(fn_node, "body", counts, loads, renames, set(), copied_once)
    if not renames:
        return False

    def final(name):
        while name in renames:
            name = renames[name]
        return name
    for node in gast.walk(fn_node):
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and node.id in renames:
            node.id = final(node.id)
    return True


def _find_copies(owner, field, counts, loads, renames, relaxed, copied_once):
    """(``relaxed``: the copies ``a = b`` of a name ``b`` bound more than once, renamed
    because every read of ``a`` comes before ``b`` is rebound: no other copy may read
    ``a`` in the same round, its readers would read ``b`` later.)"""
    body = getattr(owner, field)
    kept = []
    per_statement = None      # loads of each statement of this block, counted once
    for i, stmt in enumerate(body):
        if (isinstance(stmt, gast.Assign) and isinstance(stmt.value, gast.Name)
                and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
                and counts[stmt.targets[0].id] == 1 and stmt.value.id not in relaxed):
            old, new = stmt.targets[0].id, stmt.value.id
            if per_statement is None:
                per_statement = [collections.Counter(loaded_names(s)) for s in body]
            if (i + 1 < len(body) and sum(c[old] for c in per_statement[i + 1:]) == loads[old]
                    and (counts[new] <= 1 and new not in renames
                         or old not in renames.values() and old not in copied_once
                         and _read_before_rebound(
                             body[i + 1:], old, new, False) is not None)):
                if counts[new] > 1 or new in renames:
                    relaxed.add(old)
                renames[old] = new
                continue
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            for block in ("body", "orelse"):
                _find_copies(stmt, block, counts, loads, renames, relaxed, copied_once)
            if not stmt.body:
                stmt.body = [gast.Pass()]
        kept.append(stmt)
    setattr(owner, field, kept)


def _read_before_rebound(block, old, new, rebound):
    """Whether every read of ``old`` in ``block`` comes before ``new`` is rebound, on
    every path (``rebound``: already rebound on the way in); None if not, else
    whether ``new`` may be rebound at the end."""
    for stmt in block:
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            if old in loaded_names(stmt.test if not isinstance(stmt, gast.For) else stmt.iter) \
                    and rebound:
                return None
            if isinstance(stmt, gast.If):
                ends = [_read_before_rebound(b, old, new, rebound) for b in (stmt.body, stmt.orelse)]
                if None in ends:
                    return None
                rebound = any(ends)
                continue
            repeated = stmt.body + stmt.orelse + ([stmt.test] if isinstance(stmt, gast.While) else [])
            inside = [n for s in repeated for n in gast.walk(s)
                      if isinstance(n, gast.Name) and n.id in (old, new)]
            if any(n.id == old for n in inside) and (rebound or any(
                    n.id == new and isinstance(n.ctx, gast.Store) for n in inside)):
                return None           # the next iteration reads ``old`` after the rebinding
            rebound = rebound or any(n.id == new for n in inside if isinstance(n.ctx, gast.Store))
            continue
        if rebound and old in loaded_names(stmt):
            return None
        rebound = rebound or _stores(stmt, new)
    return rebound


def _stores(stmt, name):
    return any(isinstance(n, gast.Name) and n.id == name and not isinstance(n.ctx, gast.Load)
               for n in gast.walk(stmt))


def drop_redundant_copies(block, equal):
    """``a = b`` where ``a`` already holds ``b`` (copied from it, neither rebound
    since): the copy goes (``ds_2 = ds_1; ds_1 = ds_2`` -> ``ds_2 = ds_1``).
    ``equal``: the pairs of names known to hold the same object on entry."""
    kept = []
    changed = False
    for stmt in block:
        if _is_copy(stmt) and (stmt.targets[0].id == stmt.value.id
                               or frozenset((stmt.targets[0].id, stmt.value.id)) in equal):
            changed = True
            continue
        if isinstance(stmt, gast.If):
            for field in ("body", "orelse"):
                changed |= drop_redundant_copies(getattr(stmt, field), set(equal))
            if not stmt.body:
                stmt.body = [gast.Pass()]
        elif isinstance(stmt, (gast.For, gast.While)):
            changed |= drop_redundant_copies(stmt.body, set())
            changed |= drop_redundant_copies(stmt.orelse, set())
            if not stmt.body:
                stmt.body = [gast.Pass()]
        stored = {n.id for n in gast.walk(stmt)
                  if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
        equal.difference_update([p for p in equal if p & stored])
        if _is_copy(stmt):
            equal.add(frozenset((stmt.targets[0].id, stmt.value.id)))
        kept.append(stmt)
    block[:] = kept
    return changed


def _is_copy(stmt):
    return (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and isinstance(stmt.value, gast.Name))


def coalesce_entry_copies(fn_node):
    """``s = 0.0; s_1 = s`` at the function's level, ``s`` never used again and ``s_1``
    not used before: one variable, ``s = 0.0`` (``s_1`` is ``s`` from then on; a
    loop-carried name then reads like the user's).  Only a name whose own base is
    the source (``s_1`` and ``s``, ``x_1`` and the parameter ``x``)."""
    if any(isinstance(n, (gast.Lambda, gast.FunctionDef)) for s in fn_node.body
           for n in gast.walk(s)):
        return False
    body = fn_node.body
    occurrences = [collections.Counter(n.id for n in gast.walk(s) if isinstance(n, gast.Name))
                   for s in body]
    renames = {}
    for i, stmt in enumerate(body):
        if not _is_copy(stmt) or i in renames:
            continue
        old, new = stmt.targets[0].id, stmt.value.id
        if (naming.base_name(old) == new and not any(c[old] for c in occurrences[:i])
                and not any(c[new] for c in occurrences[i + 1:])
                and new not in renames.values() and old not in renames.values()):
            renames[i] = (old, new)
    if not renames:
        return False
    names = dict(renames.values())
    fn_node.body = [s for i, s in enumerate(body) if i not in renames]
    for node in gast.walk(fn_node):
        if isinstance(node, gast.Name) and node.id in names:
            node.id = names[node.id]
    return True


def coalesce_copies(fn_node, user=frozenset()):
    """In any block, ``s_2 = e`` (or an ``if`` binding ``s_2`` on every path) then,
    with ``s`` untouched in between and ``s_2`` read only there and after, the copy
    ``s = s_2`` of another version of the same variable: ``s = e`` (``s_2`` is ``s``
    from its binding on).  Loop-carried
    names and phis read like the user's variables (``total = total + v * v``).  So
    does a generated name copied into another by the same user line (``dsub_s = e;
    ds = dsub_s`` -> ``ds = e``; ``user``: the user's names, kept), and ``s`` may be
    rebound after the copy when every read of ``s_2`` comes before."""
    counts, loads = _name_counts(fn_node)
    changed = False
    blocks = [fn_node.body] + [getattr(n, f) for n in gast.walk(fn_node)
                               if isinstance(n, (gast.If, gast.For, gast.While))
                               for f in ("body", "orelse")]
    for body in blocks:
        for i in reversed(range(len(body))):
            if (i < len(body) and _is_copy(body[i]) and body[i].targets[0].id != body[i].value.id
                    and (naming.base_name(body[i].targets[0].id)
                         == naming.base_name(body[i].value.id) or body[i].value.id not in user)):
                same = naming.base_name(body[i].targets[0].id) == naming.base_name(
                    body[i].value.id)
                changed |= _coalesce_into(body, i, counts, loads, same)
    return changed


def coalesce_branch_copies(fn_node):
    """At the function's level, ``if c: s = e; ...; t = s else: t = e2`` with ``s``
    bound nowhere else and read nowhere in the other branch, ``t`` bound only in the
    two branches: ``t`` is ``s`` (``if c: y = np.exp(x) else: y = x * x``).  Where the
    first branch ran, ``s`` and ``t`` hold the same value after the ``if``; where the
    other ran, ``s`` was unbound."""
    counts, _ = _name_counts(fn_node)
    changed = False
    for stmt in fn_node.body:
        if not isinstance(stmt, gast.If) or not stmt.orelse:
            continue
        for branch, other in ((stmt.body, stmt.orelse), (stmt.orelse, stmt.body)):
            copy = next((c for c in reversed(branch) if _is_copy(c)), None)
            if copy is None or copy is not branch[-1] and _exits_any(branch):
                continue
            t, s = copy.targets[0].id, copy.value.id
            if (counts[s] != 1 or counts[t] != 2 or not any(_assigns(b, s) for b in branch)
                    or _count(other, s) or _count(branch, t) != 1
                    or sum(_assigns(b, t) for b in other) != 1):
                continue
            branch.remove(copy)
            for n in gast.walk(fn_node):
                if isinstance(n, gast.Name) and n.id == t:
                    n.id = s
            changed = True
            break
    return changed


def _coalesce_into(body, i, counts, loads, same=True):
    """(``same``: ``source`` and ``target`` are versions of one variable; if not, both
    statements come from one user line, so no line's adjoint block disappears.)"""
    target, source = body[i].targets[0].id, body[i].value.id
    j = next((k for k in reversed(range(i)) if _stores(body[k], source)), None)
    if j is None or counts[source] != _count(body[j:j + 1], source, gast.Store):
        return False
    origin = anno.get(body[i], anno.ORIGIN)
    if not same and (origin is None or anno.get(body[j], anno.ORIGIN) != origin):
        return False
    if isinstance(body[j], gast.If):
        if (source not in bound_on_every_path([body[j]]) or _stores(body[j], target)
                or _exits(body[j]) or any(_read_before_rebound(b, target, source, False) is None
                                          for b in (body[j].body, body[j].orelse))):
            return False
    elif not (isinstance(body[j], gast.Assign) and len(body[j].targets) == 1
              and isinstance(body[j].targets[0], gast.Name)):
        return False
    between, after = body[j + 1:i], body[i + 1:]
    if (_count(between, target) or _exits_any(between)
            or any(_stores(s, target) for s in after)
            and _read_before_rebound(after, source, target, False) is None
            or _count(body[j:], source, gast.Load) != loads[source]):
        return False
    for stmt in body[j:]:
        for n in gast.walk(stmt):
            if isinstance(n, gast.Name) and n.id == source:
                n.id = target
    del body[i]
    return True


def break_on_condition(fn_node):
    """``f = False`` before a loop whose body sets ``f = True`` only directly in a
    branch of ``if c:`` and ends ``if f: break``, ``f`` read nowhere else: the loop
    ends ``if c: break`` (``f`` is False at the start of every iteration, so at its
    end it is True exactly when that branch ran)."""
    counts, loads = _name_counts(fn_node)
    changed = False
    blocks = [fn_node.body] + [getattr(n, f) for n in gast.walk(fn_node)
                               if isinstance(n, (gast.If, gast.For, gast.While))
                               for f in ("body", "orelse")]
    for block in blocks:
        for k, loop in enumerate(block):
            if isinstance(loop, (gast.For, gast.While)) and loop.body and is_break(loop.body[-1]):
                changed |= _break_on_condition(block, k, counts, loads)
    return changed


def _break_on_condition(block, k, counts, loads):
    loop = block[k]
    tail = loop.body[-1]
    if not isinstance(tail.test, gast.Name) or tail.orelse or loop.orelse:
        return False
    flag = tail.test.id
    init = next((i for i in range(k) if _is_flag(block[i], flag, False)), None)
    branch = next(((s, f) for s in loop.body[:-1] if isinstance(s, gast.If)
                   and isinstance(s.test, gast.Name) for f in ("body", "orelse")
                   if any(_is_flag(t, flag, True) for t in getattr(s, f))), None)
    if init is None or branch is None or loads[flag] != 1 or counts[flag] != 2:
        return False
    test, field = branch
    index = loop.body.index(test)
    setting = getattr(test, field)
    at = next(i for i, t in enumerate(setting) if _is_flag(t, flag, True))
    if (_exits_any(setting[:at]) or _exits_any(loop.body[:-1])
            or any(_stores(s, test.test.id) for s in loop.body[index:])):
        return False
    del setting[at]
    tail.test = (templates.name(test.test.id) if field == "body" else
                 gast.UnaryOp(op=gast.Not(), operand=templates.name(test.test.id)))
    if not test.body:
        test.test = gast.UnaryOp(op=gast.Not(), operand=test.test)
        test.body, test.orelse = test.orelse or [gast.Pass()], []
    del block[init]
    return True


def _float64_arrays(signature):
    """The parameters a call's signature says are exact float64 ndarrays."""
    return frozenset(name for name, f in (signature or {}).items()
                     if f is not None and f.array and f.py == "f" and f.xp is None)


def skip_zero_accumulations(fn_node, resolver, float64_arrays=frozenset()):
    """``if c: d = zero_derivative(v) else: ...d = e`` then ``acc = accumulate_item(acc,
    d, x, k)``, ``d`` read nowhere else after the ``if``: the accumulation moves to
    the end of the other branch.  Only where every binding of ``acc`` makes it shaped like ``x`` with its
    float dtype (zeros of ``x``, ``private_copy(acc)``, accumulations into ``acc`` of
    ``x``'s elements; ``x`` bound once): adding zeros of an element of ``x`` to it is
    then the identity."""
    counts, loads = _name_counts(fn_node)
    blocks = [fn_node.body] + [getattr(n, f) for n in gast.walk(fn_node)
                               if isinstance(n, (gast.If, gast.For, gast.While))
                               for f in ("body", "orelse")]
    for block in blocks:
        for j in reversed(range(1, len(block))):
            acc, d, like = _accumulation_of(block[j], resolver)
            i = next((i for i in reversed(range(j)) if not _is_comment(block[i])), None)
            branch = block[i] if i is not None else None
            if (acc is None or i is None or not isinstance(branch, gast.If)
                    or loads[d] != 1 + _count([branch], d, gast.Load)
                    or counts[like] != 1 or _exits(branch)
                    or not _shaped_like(fn_node, acc, like, resolver, float64_arrays)):
                continue
            zeroed = [(b, s) for b in (branch.body, branch.orelse) for s in b
                      if _assigns(s, d) and _is_zeros(s.value, resolver)]
            if len(zeroed) != 1:
                continue
            empty, zero = zeroed[0]
            other = branch.orelse if empty is branch.body else branch.body
            if _count(empty, d, gast.Load):
                continue
            if not any(_assigns(s, d) for s in other):
                continue
            empty.remove(zero)
            other.append(block.pop(j))
            if not [s for s in empty if not _is_comment(s)]:
                if empty is branch.body:
                    branch.test = gast.UnaryOp(op=gast.Not(), operand=branch.test)
                    branch.body, branch.orelse = branch.orelse, []
                else:
                    branch.orelse = []


_ACCUMULATIONS = ("accumulate_item", "accumulate_at")


def _accumulation_of(stmt, resolver):
    """(acc, d, x) of ``acc = accumulate_item(acc, d, x, k)`` (or accumulate_at)."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and isinstance(stmt.value, gast.Call)
            and len(stmt.value.args) == 4 and not stmt.value.keywords
            and all(isinstance(a, gast.Name) for a in stmt.value.args[:3])
            and resolver.resolve(stmt.value.func) in [SYMBOLS.get(h) for h in _ACCUMULATIONS]
            and stmt.value.args[0].id == stmt.targets[0].id):
        return None, None, None
    return stmt.targets[0].id, stmt.value.args[1].id, stmt.value.args[2].id


def _is_zeros(value, resolver):
    return (isinstance(value, gast.Call) and len(value.args) == 1 and not value.keywords
            and resolver.resolve(value.func) in (SYMBOLS.get("zero_derivative"), np.zeros_like))


def _shaped_like(fn_node, acc, like, resolver, float64_arrays=frozenset()):
    """Every binding of ``acc`` holds an array shaped like ``like``, of its float dtype;
    for a float64 ndarray ``like`` (``float64_arrays``, code specialized to the
    signature), also ``unreduce(g, like)``: an array of its shape (``np.full`` or a
    broadcast view) to which float64 zeros add nothing (of another float dtype, the sum
    of zeros keeps the values, and the gradient handed back has ``like``'s dtype)."""
    for stmt in gast.walk(fn_node):
        if not (isinstance(stmt, gast.Assign) and _stores(stmt, acc)):
            continue
        if not _assigns(stmt, acc):
            return False
        value = stmt.value
        if _is_zeros(value, resolver) and isinstance(value.args[0], gast.Name) \
                and value.args[0].id == like:
            continue
        if (isinstance(value, gast.Call) and 1 <= len(value.args) <= 2 and not value.keywords
                and resolver.resolve(value.func) in (SYMBOLS.get("private_copy"),
                                                     SYMBOLS.get("real_cotangent"))
                and [a.id if isinstance(a, gast.Name) else None
                     for a in value.args] in ([acc], [acc, like])):
            continue      # (real_cotangent(acc, x): the real part of the same shape)
        if like in float64_arrays and isinstance(value, gast.Call) and len(value.args) == 2 \
                and not value.keywords and resolver.resolve(value.func) is SYMBOLS.get("unreduce") \
                and isinstance(value.args[1], gast.Name) and value.args[1].id == like:
            continue
        if _accumulation_of(stmt, resolver)[2] != like:
            return False
    return True


def break_where_decided(fn_node):
    """A loop body ending ``if not c: <X>; if c: break`` ends ``if c: break; <X>``
    (``<X>`` leaves ``c`` alone and has no exit of its own); one ending ``if t: ...;
    f = True`` then ``if f: break``, with ``f = False`` before the loop and bound
    nowhere else, breaks right there: ``if t: ...; f = True; break`` (``f`` is False
    at the start of every iteration)."""
    counts, _ = _name_counts(fn_node)
    blocks = [fn_node.body] + [getattr(n, f) for n in gast.walk(fn_node)
                               if isinstance(n, (gast.If, gast.For, gast.While))
                               for f in ("body", "orelse")]
    for block in blocks:
        for k, loop in enumerate(block):
            if not (isinstance(loop, (gast.For, gast.While)) and not loop.orelse
                    and len(loop.body) >= 2 and is_break(loop.body[-1])
                    and isinstance(loop.body[-1].test, gast.Name) and not loop.body[-1].orelse):
                continue
            flag, last = loop.body[-1].test.id, loop.body[-2]
            if not isinstance(last, gast.If) or _exits(last):
                continue
            if (isinstance(last.test, gast.UnaryOp) and isinstance(last.test.op, gast.Not)
                    and isinstance(last.test.operand, gast.Name)
                    and last.test.operand.id == flag and not last.orelse
                    and not _stores(last, flag)):
                tail = loop.body[-1]
                anno.set(tail, anno.ORIGIN, anno.get(last, anno.ORIGIN))   # the user's test
                loop.body[-2:] = [tail] + last.body
                continue
            init = [s for s in block[:k] if _is_flag(s, flag, False)]
            setting = next((b for b in (last.body, last.orelse)
                            if b and _is_flag(b[-1], flag, True)), None)
            if len(init) == 1 and setting is not None and counts[flag] == 2:
                setting.append(gast.Break())
                del loop.body[-1]


def inline_loop_conditions(fn_node):
    """``c = e`` before ``while c:`` and again in its body, ``c`` read only by the loop,
    nothing rebinding what ``e`` reads after either: ``while e:`` (it is evaluated
    where Python evaluates the user's ``while e:``, with the same values)."""
    counts, loads = _name_counts(fn_node)
    blocks = [fn_node.body] + [getattr(n, f) for n in gast.walk(fn_node)
                               if isinstance(n, (gast.If, gast.For, gast.While))
                               for f in ("body", "orelse")]
    for block in blocks:
        for k in reversed(range(len(block))):
            loop = block[k]
            if not (isinstance(loop, gast.While) and isinstance(loop.test, gast.Name)
                    and not loop.orelse):
                continue
            flag = loop.test.id
            if loads[flag] != 1 or counts[flag] != 2:
                continue
            before = next((i for i in reversed(range(k)) if _stores(block[i], flag)), None)
            inside = next((i for i in reversed(range(len(loop.body)))
                           if _stores(loop.body[i], flag)), None)
            if before is None or inside is None or not all(
                    _assigns(s, flag) for s in (block[before], loop.body[inside])):
                continue
            value = block[before].value
            reads = set(loaded_names(value))
            if (gast.dump(value) != gast.dump(loop.body[inside].value)
                    or any(isinstance(n, gast.Call) for n in gast.walk(value))
                    or any(_stores(s, r) for s in block[before + 1:k] + loop.body[inside + 1:]
                           for r in reads)):
                continue
            loop.test = value
            del loop.body[inside]
            del block[before]
            if not loop.body:
                loop.body = [gast.Pass()]


def _assigns(stmt, name):
    return (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id == name)


def _is_flag(stmt, flag, value):
    return (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id == flag
            and isinstance(stmt.value, gast.Constant) and stmt.value.value is value)


def _count(block, name, ctx=None):
    return sum(1 for s in block for n in gast.walk(s) if isinstance(n, gast.Name)
               and n.id == name and (ctx is None or isinstance(n.ctx, ctx)))


def _exits(stmt):
    return any(isinstance(n, (gast.Break, gast.Continue, gast.Return)) for n in gast.walk(stmt))


def _exits_any(block):
    return any(_exits(s) for s in block)


def eliminate_dead_code(fn_node, resolver):
    loaded = set(_name_counts(fn_node)[1])
    live = set()
    keep = []
    changed = False
    for stmt in reversed(fn_node.body):
        if _removable(stmt, live, resolver):
            changed = True
            continue
        if isinstance(stmt, gast.Assign):
            for t in stmt.targets:
                if isinstance(t, gast.Name):
                    live.discard(t.id)
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            changed |= _prune_nested(stmt, loaded, resolver)
        live.update(loaded_names(stmt))
        keep.append(stmt)
    keep.reverse()
    fn_node.body = keep
    return _drop_dangling_comments(fn_node, "body") or changed


def _drop_dangling_comments(owner, field):
    """Comments that no longer head a statement (what followed was optimized away)."""
    block = getattr(owner, field)
    changed = False
    cleaned = []
    for i, stmt in enumerate(block):
        if _is_comment(stmt) and (i + 1 == len(block) or _is_comment(block[i + 1])
                                  and not _is_comment(stmt, templates.BACKWARD)
                                  or isinstance(block[i + 1], gast.Return)):
            changed = True
            continue
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            changed |= _drop_dangling_comments(stmt, "body")
            changed |= _drop_dangling_comments(stmt, "orelse")
            if not stmt.body:
                stmt.body = [gast.Pass()]
        cleaned.append(stmt)
    setattr(owner, field, cleaned)
    return changed


def _removable(stmt, live, resolver):
    return (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id not in live
            and pure(stmt.value, resolver))


def _prune_nested(stmt, loaded, resolver):
    """Inside control flow: drop pure assignments to names nothing reads."""
    changed = False
    for field in ("body", "orelse"):
        block = getattr(stmt, field)
        kept = []
        for s in block:
            if _removable(s, loaded, resolver):
                changed = True
                continue
            if isinstance(s, (gast.If, gast.For, gast.While)):
                changed |= _prune_nested(s, loaded, resolver)
            kept.append(s)
        if field == "body" and not kept:
            kept = [gast.Pass()]
        setattr(stmt, field, kept)
    return changed


def _is_comment(stmt, text=None):
    """A comment statement (``text``: that comment)."""
    return (isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant)
            and isinstance(stmt.value.value, str) and stmt.value.value.startswith(templates.COMMENT_MARK)
            and (text is None or stmt.value.value == templates.COMMENT_MARK + text))


def pure(value, resolver):
    """Evaluating ``value`` has no effect (primitives with rules, runtime helpers)."""
    for node in gast.walk(value):
        if isinstance(node, gast.Call):
            if resolver.resolve(node.func) is unit_cotangent:
                return False
            op = classify(node, resolver)
            if op.kind not in (Kind.PRIMITIVE, Kind.NONDIFF):
                return False
    return True


def _array_parameters(signature):
    """Parameters whose signature fact is an array or numpy scalar (they have ``.T``)."""
    return frozenset(p for p, f in (signature or {}).items() if has_transpose(f))


def run(ctx, node):
    """Fold, drop defaults, propagate copies, remove dead code; then (reverse mode)
    drop values read only for their shape and optimize again."""
    arrays = _array_parameters(ctx.signature)
    user = set(getattr(getattr(ctx.sf.fn, "__code__", None), "co_varnames", ()))
    inline_constant_slices(node, ctx.resolver, user)
    node = optimize(node, ctx.resolver, arrays)
    for _ in range(3):
        if ctx.shape_only is None or not ctx.shape_only():
            break
        node = optimize(node, ctx.resolver, arrays)       # (values now dead)
    if coalesce_entry_copies(node) | coalesce_copies(node, user) | coalesce_branch_copies(node):
        drop_redundant_copies(node.body, set())           # (``s = s`` where two merged)
    break_on_condition(node)
    skip_zero_accumulations(node, ctx.resolver, _float64_arrays(ctx.signature))
    _drop_dangling_comments(node, "body")                 # (what a moved statement headed)
    break_where_decided(node)
    inline_loop_conditions(node)
    return node


def inline_constant_slices(fn_node, resolver, user=frozenset()):
    """``index = slice(1, None, None)`` (how normalize names the index of ``y[1:] = v``,
    frontend/updates.py), a generated name bound once at the function's level to a
    call of the builtin ``slice`` on int or None constants (or a tuple of those and
    int constants): its reads read the index itself, ``dy[1:]`` in a subscript and
    ``slice(1, None, None)`` elsewhere (``ir/emit.py`` spells it so), and the binding
    goes.

    Exact: ``y[1:]`` calls ``y.__getitem__(slice(1, None, None))``, the very object
    the name held (slices of constants are immutable and compare by value; a tuple
    display of them, ``y[1:, 0]``, is the tuple ``(slice(1, None, None), 0)``), and
    evaluating it can neither raise nor have an effect, so evaluating it at each
    read instead of once changes nothing.  Every read comes after the binding in
    the same (top-level) block, so no read could have found the name unbound; the
    call resolves to ``builtins.slice`` (a global named ``slice`` keeps the name)."""
    stores = _bindings(fn_node)
    for i, stmt in reversed(list(enumerate(fn_node.body))):
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name)):
            continue
        name = stmt.targets[0].id
        index = constant_index(stmt.value, resolver)
        if index is None or name in user or stores[name] != 1 or any(
                name in loaded_names(s) for s in fn_node.body[:i + 1]):
            continue
        for later in fn_node.body[i + 1:]:
            _ReadIndex(name, index).visit(later)
        del fn_node.body[i]


def _bindings(fn_node):
    """How often each name is bound: parameters, stores, and assignment targets (generated
    targets may lack a Store context)."""
    places = {id(n): n.id for n in gast.walk(fn_node) if isinstance(n, gast.Name)
              and isinstance(n.ctx, (gast.Store, gast.Param))}
    for node in gast.walk(fn_node):
        if isinstance(node, gast.Assign):
            places.update((id(n), n.id) for t in node.targets for n in gast.walk(t)
                          if isinstance(n, gast.Name))
    return collections.Counter(places.values())


def constant_index(value, resolver):
    """``slice(a, b, c)`` of int or None constants as the subscript ``a:b:c`` (a tuple of
    those and int constants as a tuple of them), or None."""
    if isinstance(value, gast.Tuple):
        parts = [constant_index(e, resolver) if isinstance(e, gast.Call) else e
                 for e in value.elts]
        if any(p is None or not isinstance(p, gast.Slice) and not _int_constant(p)
               for p in parts) or not any(isinstance(p, gast.Slice) for p in parts):
            return None
        return gast.Tuple(elts=parts, ctx=gast.Load())
    if not (isinstance(value, gast.Call) and not value.keywords and 1 <= len(value.args) <= 3
            and all(_int_constant(a) or isinstance(a, gast.Constant) and a.value is None
                    for a in value.args)
            and resolver.resolve(value.func) is slice):
        return None
    args = [None if isinstance(a, gast.Constant) and a.value is None else a for a in value.args]
    lower, upper, step = [None] + args + [None] if len(args) == 1 else args + [None] * (3 - len(args))
    return gast.Slice(lower=lower, upper=upper, step=step)


def _int_constant(node):
    """An int constant (not a bool), or its negation."""
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub):
        node = node.operand
    return isinstance(node, gast.Constant) and type(node.value) is int


class _ReadIndex(gast.NodeTransformer):
    """Each read of ``name`` reads (a copy of) the index ``index``."""

    def __init__(self, name, index):
        self.name, self.index = name, index

    def visit_Name(self, node):
        if node.id == self.name and isinstance(node.ctx, gast.Load):
            return templates.clone(self.index)
        return node
