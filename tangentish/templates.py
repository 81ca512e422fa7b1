"""Small helpers to build IR from source snippets: ``expr("g * np.cos(x)", g=..., x=...)``.

Rules and transforms write the code they generate as Python text, which reads
like the math; this module parses it once and substitutes names with nodes.
"""
import copy
import functools

import gast


@functools.lru_cache(maxsize=None)
def _parse_expr(src):
    return gast.parse(src, mode="eval").body


@functools.lru_cache(maxsize=None)
def _parse_stmts(src):
    return gast.parse(src).body


def free_names(src):
    return {n.id for n in gast.walk(_parse_expr(src)) if isinstance(n, gast.Name)}


class _Substitute(gast.NodeTransformer):
    def __init__(self, mapping):
        self.mapping = mapping

    def visit_Name(self, node):
        if node.id in self.mapping:
            new = self.mapping[node.id]
            if isinstance(new, str):
                return gast.Name(id=new, ctx=node.ctx, annotation=None, type_comment=None)
            return copy.deepcopy(new)
        return node


def substitute(node, mapping):
    """A deep copy of ``node`` with names replaced (by a name string or a node)."""
    return _Substitute(mapping).visit(copy.deepcopy(node))


def expr(src, **mapping):
    return substitute(_parse_expr(src), mapping)


def stmts(src, **mapping):
    return [substitute(s, mapping) for s in _parse_stmts(src)]


def name(id_, store=False):
    return gast.Name(id=id_, ctx=gast.Store() if store else gast.Load(), annotation=None, type_comment=None)


def assign(target, value):
    tgt = name(target, store=True) if isinstance(target, str) else target
    return gast.Assign(targets=[tgt], value=value, type_comment=None)


def const(value):
    return gast.Constant(value=value, kind=None)


def comment(text):
    """A statement the emitter prints as ``# text``."""
    return gast.Expr(value=gast.Constant(value=COMMENT_MARK + text, kind=None))


COMMENT_MARK = "\x00tangentish-comment:"
