"""Optimize generated code: copy propagation and dead-code elimination, to a
fixed point.  Only pure statements are removed (primitives with rules and the
runtime helpers); calls that may have side effects and expression statements
always stay.

Postcondition: no assignment whose value is never read and that is pure; no
``a = b`` copy between names that are each bound once."""
import collections
import inspect

import gast

from ..analyze.primitives import Kind, classify
from ..ir import templates
from ..ir.nodes import loaded_names
from ..ir.operators import BINARY, FOLDED
from ..rules import SYMBOLS
from ..runtime import unit_cotangent


def optimize(fn_node, resolver):
    fold_constants(fn_node)
    drop_default_arguments(fn_node, resolver)
    # One backward pass of dead-code elimination removes whole dead chains, so the
    # fixed point is usually reached in one round; a second confirms it.
    for _ in range(10):
        copies = propagate_copies(fn_node)
        dead = eliminate_dead_code(fn_node, resolver)
        if not (copies and dead):
            if dead:
                propagate_copies(fn_node)
            return fn_node
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
                not isinstance(node.left.value, bool):
            return node.right                      # 1 * e -> e
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
    _find_copies(fn_node, "body", counts, loads, renames)
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


def _find_copies(owner, field, counts, loads, renames):
    body = getattr(owner, field)
    kept = []
    per_statement = None      # loads of each statement of this block, counted once
    for i, stmt in enumerate(body):
        if (isinstance(stmt, gast.Assign) and isinstance(stmt.value, gast.Name)
                and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
                and counts[stmt.targets[0].id] == 1 and counts[stmt.value.id] <= 1):
            old, new = stmt.targets[0].id, stmt.value.id
            if per_statement is None:
                per_statement = [collections.Counter(loaded_names(s)) for s in body]
            if i + 1 < len(body) and sum(c[old] for c in per_statement[i + 1:]) == loads[old]:
                renames[old] = new
                continue
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            _find_copies(stmt, "body", counts, loads, renames)
            _find_copies(stmt, "orelse", counts, loads, renames)
            if not stmt.body:
                stmt.body = [gast.Pass()]
        kept.append(stmt)
    setattr(owner, field, kept)


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
            and _pure(stmt.value, resolver))


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


def _pure(value, resolver):
    for node in gast.walk(value):
        if isinstance(node, gast.Call):
            if resolver.resolve(node.func) is unit_cotangent:
                return False
            op = classify(node, resolver)
            if op.kind not in (Kind.PRIMITIVE, Kind.NONDIFF):
                return False
    return True


def run(ctx, node):
    """Fold, drop defaults, propagate copies, remove dead code; then (reverse mode)
    drop values read only for their shape and optimize again."""
    node = optimize(node, ctx.resolver)
    for _ in range(3):
        if ctx.shape_only is None or not ctx.shape_only():
            break
        node = optimize(node, ctx.resolver)               # (values now dead)
    return node
