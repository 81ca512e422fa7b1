"""Small helpers over the normalized IR, shared by the analyses and transforms."""
import ast
import copy

import gast

from . import annotations as anno
from .unparse import unparse

COMPOUND = (gast.If, gast.For, gast.While)


def statements(block):
    """Every statement of ``block``, nested blocks included, in source order."""
    for s in block:
        yield s
        if isinstance(s, COMPOUND):
            yield from statements(s.body)
            yield from statements(s.orelse)


def assigned_names(stmt):
    """Names an assignment statement binds (tuple targets included)."""
    if isinstance(stmt, gast.Assign):
        return [n.id for t in stmt.targets for n in gast.walk(t) if isinstance(n, gast.Name)]
    return []


def loaded_names(node):
    """The names ``node`` reads, in order."""
    return tuple(n.id for n in gast.walk(node) if isinstance(n, gast.Name)
                 and isinstance(n.ctx, gast.Load))


class SlicesOutsideSubscripts(gast.NodeTransformer):
    """``a:b`` is only syntax inside ``x[...]``; elsewhere (an index passed to a
    helper) it is spelled ``slice(a, b, None)``."""

    def visit_Subscript(self, node):
        node.value = self.visit(node.value)
        idx = node.slice
        if isinstance(idx, gast.Tuple):
            idx.elts = [self._inner(e) for e in idx.elts]
        else:
            node.slice = self._inner(idx)
        return node

    def _inner(self, node):
        if isinstance(node, gast.Slice):
            for f in ("lower", "upper", "step"):
                if getattr(node, f) is not None:
                    setattr(node, f, self.visit(getattr(node, f)))
            return node
        return self.visit(node)

    def visit_Slice(self, node):
        parts = [self.visit(p) if p is not None else gast.Constant(value=None, kind=None)
                 for p in (node.lower, node.upper, node.step)]
        return gast.Call(func=gast.Name(id="slice", ctx=gast.Load(), annotation=None,
                                        type_comment=None), args=parts, keywords=[])


def text(node):
    """A node as Python source, as emit spells it (a slice outside ``x[...]`` is
    ``slice(a, b, None)``)."""
    if _has_loose_slice(node):
        node = SlicesOutsideSubscripts().visit(copy.deepcopy(node))
    converted = gast.gast_to_ast(node)
    for n in ast.walk(converted):
        if isinstance(n, ast.stmt) and not hasattr(n, "lineno"):
            n.lineno = 0
    return unparse(converted)


def _has_loose_slice(node):
    """Whether ``node`` holds a slice outside ``x[...]`` (one walk; a slice is met after
    the subscript holding it)."""
    inside = set()
    for n in gast.walk(node):
        if isinstance(n, gast.Subscript):
            inside.add(id(n.slice))
            if isinstance(n.slice, gast.Tuple):
                inside.update(id(e) for e in n.slice.elts)
        elif isinstance(n, gast.Slice) and id(n) not in inside:
            return True
    return False


def located(stmt):
    """A node carrying the user's line and column, for error messages."""
    value = getattr(stmt, "value", None)
    if getattr(value, "lineno", None) is not None:
        return value
    origin = anno.get(stmt, anno.ORIGIN)
    if origin is None:
        return stmt
    fake = gast.Pass()
    fake.lineno, fake.col_offset = origin[0], origin[1]
    return fake


class UnionFind:
    """Equivalence classes of names; the smallest name represents its class, so
    results never depend on the order facts were found in."""

    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def members(self, x):
        root = self.find(x)
        return {n for n in list(self.parent) if self.find(n) == root}

    def __contains__(self, x):
        return x in self.parent


def parameter_names(fn_node, keyword_only=True, varargs=True, kwargs=False):
    """The names of a function node's parameters, in order: positional-only,
    positional, keyword-only (unless ``keyword_only`` is false), then ``*args``
    (unless ``varargs`` is false) and ``**kwargs`` (if ``kwargs``)."""
    a = fn_node.args
    names = [p.id for p in a.posonlyargs + a.args + (a.kwonlyargs if keyword_only else [])]
    if varargs and a.vararg is not None:
        names.append(a.vararg.id)
    if kwargs and a.kwarg is not None:
        names.append(a.kwarg.id)
    return names


def dotted_text(node, otherwise):
    """``a.b.c`` for a name or a chain of attributes of one, else ``otherwise`` (for
    the part that is neither)."""
    if isinstance(node, gast.Name):
        return node.id
    if isinstance(node, gast.Attribute):
        return dotted_text(node.value, otherwise) + "." + node.attr
    return otherwise


def walk_outer(node):
    """Like gast.walk, without entering nested functions and lambdas (they are
    checked when they are themselves transformed, if a derivative needs them)."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        if isinstance(n, (gast.FunctionDef, gast.Lambda)) and n is not node:
            continue
        if isinstance(n, (gast.FunctionDef, gast.Lambda)):
            todo.extend(n.args.defaults + [d for d in n.args.kw_defaults if d is not None])
            if isinstance(n, gast.FunctionDef):
                todo.extend(n.decorator_list)
            continue
        todo.extend(gast.iter_child_nodes(n))
