"""Small helpers to build IR from source snippets: ``expr("g * np.cos(x)", g=..., x=...)``.

Rules and transforms write the code they generate as Python text, which reads
like the math; this module parses it once and substitutes names with nodes.
"""
import functools

import gast


@functools.lru_cache(maxsize=None)
def parse_expr(src):
    return gast.parse(src, mode="eval").body


@functools.lru_cache(maxsize=None)
def _parse_stmts(src):
    return gast.parse(src).body


def free_names(src):
    return {n.id for n in gast.walk(parse_expr(src)) if isinstance(n, gast.Name)}


_LOCATION = ("lineno", "col_offset", "end_lineno", "end_col_offset")


def clone(node, mapping=None):
    """A deep copy of an IR tree (much faster than copy.deepcopy), replacing
    loaded names found in ``mapping`` by a name string or a copy of a node."""
    if isinstance(node, list):
        return [clone(n, mapping) for n in node]
    if not isinstance(node, gast.AST):
        return node
    if mapping and isinstance(node, gast.Name) and node.id in mapping:
        new = mapping[node.id]
        if isinstance(new, str):
            return gast.Name(id=new, ctx=node.ctx, annotation=None, type_comment=None)
        return clone(new)
    new = type(node)(**{f: clone(getattr(node, f, None), mapping) for f in node._fields})
    for attr in _LOCATION:
        if hasattr(node, attr):
            setattr(new, attr, getattr(node, attr))
    return new


def substitute(node, mapping):
    """A deep copy of ``node`` with names replaced (by a name string or a node)."""
    return clone(node, mapping)


def expr(src, **mapping):
    return substitute(parse_expr(src), mapping)


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
BACKWARD = "-- backward --"       # the comment where a gradient's backward pass starts


def origin_comment(kind, origin, user_line=""):
    """``# grad of line 12: z = X @ w``: ``kind`` of the user's statement at ``origin``
    (lineno, col, text), quoting ``user_line`` (its source line) when it is given."""
    return comment(f"{kind} line {origin[0]}: {user_line or origin[2]}")
