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
from ..ir.nodes import loaded_names, parameter_names
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


def coalesce_phi_into_source(fn_node):
    """At the function's level, ``if c: ...; t = e; ... else: ...; t = s; ...``, ``t``
    and ``s`` versions of one variable, ``t`` bound only there: ``t`` is ``s`` (``if not
    returned: out = np.sum(x)``, the return value from inside a loop kept in ``out``).
    Exact where nothing reads ``s`` after the ``if`` (its new value on the first path
    is then never seen as the old one), the first branch neither binds ``s`` nor reads
    it after ``t = e``, the other binds ``s`` nowhere after the copy (``s`` and ``t``
    hold the same value where they were both read), and ``t`` is named nowhere before
    the ``if`` nor read in a branch before its binding."""
    counts, _ = _name_counts(fn_node)
    changed = False
    for k, stmt in enumerate(fn_node.body):
        if not isinstance(stmt, gast.If) or not stmt.orelse:
            continue
        for branch, other in ((stmt.body, stmt.orelse), (stmt.orelse, stmt.body)):
            copy = next((c for c in other if _is_copy(c) and counts[c.targets[0].id] == 2
                         and sum(_assigns(b, c.targets[0].id) for b in branch) == 1), None)
            if copy is None:
                continue
            t, s = copy.targets[0].id, copy.value.id
            at = next(j for j, b in enumerate(branch) if _assigns(b, t))
            after = other[other.index(copy) + 1:]
            if (naming.base_name(t) != naming.base_name(s) or t == s
                    or _count(fn_node.body[:k], t) or _count(fn_node.body[k + 1:], s)
                    or _count(branch[:at + 1] + other[:other.index(copy) + 1], t, gast.Load)
                    or any(_stores(b, s) for b in branch) or _count(branch[at + 1:], s)
                    or any(_stores(b, s) for b in after)):
                continue
            other.remove(copy)
            for n in gast.walk(fn_node):
                if isinstance(n, gast.Name) and n.id == t:
                    n.id = s
            _tidy_branches(stmt)
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


def drop_flagged_placeholders(fn_node):
    """``n = None`` that normalize put at the function's level for a name bound on
    some paths only (``out_1 = None`` before a loop that returns from inside) goes
    where every read of ``n`` is reached only with ``n`` bound by another statement.

    Proof.  The placeholder runs once (it is not in a loop), before every other
    binding of ``n`` (none precedes it), so without it ``n`` holds at each point the
    value it held with it, except that it is unbound, not None, until another binding
    runs; no binding is ever undone (normal form has no ``del``).  A read is safe:

    * after a binding of ``n`` on every path that gets there (another placeholder
      counts: the value read is then the same None);
    * inside ``if f:`` (the ``else`` of ``if not f:``) for a *witness* flag ``f``: a
      local bound only by ``f = False`` and ``f = True``, each ``f = True`` preceded in
      its block by a binding of ``n`` on every path, or followed by plain assignments
      that bind ``n`` on every path and read neither ``f`` nor ``n`` (no test of ``f``
      runs in between).  ``f`` is True only after an ``f = True`` ran, hence only when
      ``n`` is bound: lowering sets its ``returned`` flag right where it binds the
      return value (frontend/lower_control.py), which makes its flag a witness.
    Returns whether a placeholder went."""
    if any(isinstance(n, (gast.Lambda, gast.FunctionDef, gast.Global, gast.Nonlocal))
           for s in fn_node.body for n in gast.walk(s)):
        return False
    params = set(parameter_names(fn_node, kwargs=True))
    flags = sorted({s.targets[0].id for s in gast.walk(fn_node)
                    if _is_copy_of(s, gast.Constant) and s.value.value is True} - params)
    dropped = []
    for i, stmt in enumerate(fn_node.body):
        if not (anno.get(stmt, anno.PLACEHOLDER) and _is_none_binding(stmt)):
            continue
        name = stmt.targets[0].id
        if name in params or any(_stores(s, name) for s in fn_node.body[:i]):
            continue
        witnesses = {f for f in flags if _witness(fn_node, f, name)}
        if _reads_guarded(fn_node.body[:i] + fn_node.body[i + 1:], name, witnesses,
                          False) is not None:
            dropped.append(stmt)
    fn_node.body = [s for s in fn_node.body if not any(s is d for d in dropped)]
    return bool(dropped)


def _is_none_binding(stmt):
    return (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name) and isinstance(stmt.value, gast.Constant)
            and stmt.value.value is None)


def _witness(fn_node, flag, name):
    """Whether ``flag`` is True only where ``name`` is bound (``drop_flagged_placeholders``)."""
    blocks = [fn_node.body] + [getattr(n, f) for n in gast.walk(fn_node)
                               if isinstance(n, (gast.If, gast.For, gast.While))
                               for f in ("body", "orelse")]
    settings = [(b, i) for b in blocks for i, s in enumerate(b) if _is_flag(s, flag, True)]
    plain = sum(1 for b in blocks for s in b
                if _is_flag(s, flag, True) or _is_flag(s, flag, False))
    if not settings or plain != sum(1 for n in gast.walk(fn_node) if isinstance(n, gast.Name)
                                    and n.id == flag and not isinstance(n.ctx, gast.Load)):
        return False            # bound some other way (a copy, a loop target, unpacking)
    return all(_bound_at(block, i, flag, name) for block, i in settings)


def _bound_at(block, i, flag, name):
    """``name`` is bound on every path before ``block[i]``, or right after it by plain
    assignments reading neither ``flag`` nor ``name``."""
    if name in bound_on_every_path(block[:i]):
        return True
    for m in range(i + 1, len(block)):
        s = block[m]
        if not isinstance(s, gast.Assign) or {flag, name} & set(loaded_names(s)):
            return False
        if name in bound_on_every_path(block[i + 1:m + 1]):
            return True
    return False


def _reads_guarded(block, name, witnesses, bound):
    """None if a read of ``name`` in ``block`` may come where it is unbound (``bound``:
    whether it is bound on entry); else whether it is bound at the end of the block,
    on every path that gets there (by a binding, or a witness flag's test: after
    ``if not f: n = e``, ``n`` is bound on both paths)."""
    for s in block:
        if isinstance(s, gast.If):
            test = s.test
            negated = isinstance(test, gast.UnaryOp) and isinstance(test.op, gast.Not)
            flag = test.operand if negated else test
            guarded = isinstance(flag, gast.Name) and flag.id in witnesses
            if name in loaded_names(test) and not bound:
                return None
            ends = [_reads_guarded(s.body, name, witnesses, bound or guarded and not negated),
                    _reads_guarded(s.orelse, name, witnesses, bound or guarded and negated)]
            if None in ends:
                return None
            bound = bound or all(ends)
        elif isinstance(s, (gast.For, gast.While)):
            header = s.iter if isinstance(s, gast.For) else s.test
            if (name in loaded_names(header) and not bound
                    or _reads_guarded(s.body, name, witnesses, bound) is None
                    or _reads_guarded(s.orelse, name, witnesses, bound) is None):
                return None           # (the body may not run: it binds nothing after)
        elif name in loaded_names(s) and not bound:
            return None
        elif isinstance(s, gast.Assign):
            bound = bound or _stores(s, name)
    return bound


def drop_zeros_of_one_return(fn_node, resolver):
    """The adjoint of a value a loop returns from inside (``out_1 = v * 2.0; returned =
    True; break``) is read only where the backward pass replays that branch: the
    zeros reverse mode gives it on the other paths are dead, and so is its copy.

    Proof.  Let ``F`` be an ``if`` directly in a loop at the function's level whose
    body sets a flag ``f = True`` at its own level with no exit before; ``R`` the
    backward ``if`` that replays it (``anno.REPLAYS``, both test nodes still the
    recorded ones), inside a loop at the function's level.  Let ``f`` be bound only by
    ``f = True``/``f = False``, every ``f = False`` at the function's level before
    ``F``'s loop: once ``F``'s body ran, ``f`` is True for good.  Let ``F``'s body end
    with ``break`` and hold no other exit, or the loop end with ``if f: break`` and hold
    no ``continue``: either way the iteration that ran ``F``'s body is the loop's last,
    and no loop repeats it, so ``F``'s body ran at most once, before its loop ended.
    ``R``'s body runs as often as ``F``'s ran (that is what replaying means).  Then

    * a statement ``d = e`` (``e`` pure) of ``R``'s body, with every read of ``d`` from
      ``R``'s loop on inside ``R``'s body before it, is dead: it runs at most once, and
      nothing reads ``d`` after it (``dout_1 = 0.0`` after ``dv = dout_1 * 2.0``);
    * in an ``if`` testing ``f`` at the function's level between the two loops, a
      statement ``d = e`` of the branch taken when ``f`` is False, with no read of
      ``d`` after it in that branch and every later read inside ``R``'s body, is dead:
      on that path ``F``'s body did not run, so neither does ``R``'s;
    * then a copy ``d = s`` in the other branch, ``d`` bound nowhere else and read only
      in ``R``'s body, ``s`` a parameter or bound once by an assignment at the
      function's level: wherever ``d`` is read, that branch ran (``F``'s body ran, so
      ``f`` was True at the test), so ``d`` holds ``s``'s value: reads of ``d`` read ``s``.
    Returns whether something went."""
    body = fn_node.body
    changed = False
    for r in [n for n in gast.walk(fn_node) if isinstance(n, gast.If)]:
        found = _one_return_replay(fn_node, r)
        if found is None:
            continue
        flag, i_f, i_r = found
        changed |= _drop_dead_in_replay(body, i_r, r, resolver)
        for i in range(i_f + 1, i_r):
            changed |= _drop_dead_before_replay(fn_node, i, flag, r, resolver)
    return changed


def _one_return_replay(fn_node, r):
    """(the flag, the index of ``F``'s loop, the index of ``R``'s loop) where ``r`` is the
    replay ``R`` of a branch ``F`` that sets a flag and breaks (``drop_zeros_of_one_return``),
    else None."""
    replays = anno.get(r, anno.REPLAYS)
    if replays is None:
        return None
    f_if, f_test, r_test = replays
    body = fn_node.body
    if r.test is not r_test or f_if.test is not f_test or not f_if.body:
        return None
    i_f = next((i for i, s in enumerate(body) if isinstance(s, (gast.For, gast.While))
                and not s.orelse and any(t is f_if for t in s.body)), None)
    i_r = next((i for i, s in enumerate(body) if any(n is r for n in gast.walk(s))), None)
    if (i_f is None or i_r is None or i_r <= i_f
            or not isinstance(body[i_r], (gast.For, gast.While))
            or any(isinstance(n, (gast.For, gast.While)) and any(m is r for m in gast.walk(n))
                   for s in body[i_r].body for n in gast.walk(s))):
        return None
    params = set(parameter_names(fn_node, kwargs=True))
    loop_body = body[i_f].body
    for j, s in enumerate(f_if.body):
        if not (_is_copy_of(s, gast.Constant) and s.value.value is True) \
                or _exits_any(f_if.body[:j]):
            continue
        flag = s.targets[0].id
        # the body breaks right away, or the loop ends ``if f: break`` with no continue
        breaks = isinstance(f_if.body[-1], gast.Break) and not _exits_any(f_if.body[:-1]) or (
            is_break(loop_body[-1]) and isinstance(loop_body[-1].test, gast.Name)
            and loop_body[-1].test.id == flag and not loop_body[-1].orelse
            and not any(isinstance(n, gast.Continue) for t in loop_body for n in gast.walk(t)))
        stores = [n for n in gast.walk(fn_node) if isinstance(n, gast.Name) and n.id == flag
                  and not isinstance(n.ctx, gast.Load)]
        trues = [t for t in gast.walk(fn_node) if _is_flag(t, flag, True)]
        falses = [t for t in gast.walk(fn_node) if _is_flag(t, flag, False)]
        early = [t for t in body[:i_f] if _is_flag(t, flag, False)]   # (at the top, before)
        if (breaks and flag not in params and len(stores) == len(trues) + len(falses)
                and len(falses) == len(early)):
            return flag, i_f, i_r
    return None


def _loads(stmts, name):
    return [n for s in stmts for n in gast.walk(s) if isinstance(n, gast.Name)
            and n.id == name and isinstance(n.ctx, gast.Load)]


def _inside(nodes, stmts):
    within = {id(n) for s in stmts for n in gast.walk(s)}
    return all(id(n) in within for n in nodes)


def _drop_dead_in_replay(body, i_r, r, resolver):
    changed = False
    for z in list(r.body):
        if not (_is_copy_of(z, gast.expr) and pure(z.value, resolver)):
            continue
        d = z.targets[0].id
        k = r.body.index(z)
        if _inside(_loads(body[i_r:], d), r.body[:k]):
            r.body.remove(z)
            changed = True
    if not r.body:
        r.body = [gast.Pass()]
    return changed


def _drop_dead_before_replay(fn_node, i, flag, r, resolver):
    test = fn_node.body[i]
    if not isinstance(test, gast.If):
        return False
    if isinstance(test.test, gast.Name) and test.test.id == flag:
        when_false, when_true = test.orelse, test.body
    elif (isinstance(test.test, gast.UnaryOp) and isinstance(test.test.op, gast.Not)
          and isinstance(test.test.operand, gast.Name) and test.test.operand.id == flag):
        when_false, when_true = test.body, test.orelse
    else:
        return False
    later = fn_node.body[i + 1:]
    changed = False
    for z in list(when_false):
        if not (_is_copy_of(z, gast.expr) and pure(z.value, resolver)):
            continue
        d = z.targets[0].id
        after = when_false[when_false.index(z) + 1:]
        if not _loads(after, d) and _inside(_loads(later, d), r.body):
            when_false.remove(z)
            changed = True
    counts, _ = _name_counts(fn_node)
    params = set(parameter_names(fn_node, kwargs=True))
    for c in [c for c in when_true if _is_copy(c)]:
        d, s = c.targets[0].id, c.value.id
        once = s in params or any(_assigns(t, s) for t in fn_node.body)
        if (counts[d] == 1 and counts[s] == 1 and once and d not in params
                and _inside(_loads(fn_node.body, d), r.body)):
            for n in _loads(fn_node.body, d):
                n.id = s
            when_true.remove(c)
            changed = True
    if changed:
        _tidy_branches(test)
    return changed


def _tidy_branches(test):
    """An ``if`` whose branch lost its statements: ``if not c: B`` for ``if c: <none>
    else: B``; ``pass`` for nothing."""
    for field in ("body", "orelse"):
        if not [s for s in getattr(test, field) if not _is_comment(s)]:
            setattr(test, field, [])
    if test.body or not test.orelse:
        test.body = test.body or [gast.Pass()]
        return
    negated = isinstance(test.test, gast.UnaryOp) and isinstance(test.test.op, gast.Not)
    test.test = test.test.operand if negated else gast.UnaryOp(op=gast.Not(), operand=test.test)
    test.body, test.orelse = test.orelse, []


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
    if coalesce_entry_copies(node) | coalesce_copies(node, user) | coalesce_branch_copies(node) \
            | coalesce_phi_into_source(node):
        drop_redundant_copies(node.body, set())           # (``s = s`` where two merged)
    break_on_condition(node)
    skip_zero_accumulations(node, ctx.resolver, _float64_arrays(ctx.signature))
    _drop_dangling_comments(node, "body")                 # (what a moved statement headed)
    break_where_decided(node)
    inline_loop_conditions(node)
    drop_flagged_placeholders(node)
    drop_zeros_of_one_return(node, ctx.resolver)
    _drop_dangling_comments(node, "body")
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
