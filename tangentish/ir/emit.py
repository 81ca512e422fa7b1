"""Emit: IR (gast) -> Python source text.

Uses the standard library's ``ast.unparse`` rather than astor: astor 0.8.1
(2019) predates Python 3.9's AST changes and is unmaintained, while
``ast.unparse`` ships with every supported Python and is exact.  Comment
statements (templates.comment) become ``# ...`` lines.

``ast.unparse`` prints some constructs differently by Python version (3.9 and 3.10
parenthesise a tuple assigned to, ``(a, b) = t``, and print ``lambda : 0``), so the
printer is :func:`tangentish.ir.unparse.unparse`, the standard one with those cases pinned to the 3.11+
spelling: generated source is byte-for-byte the same on every supported Python
(tests/test_cross_version.py)."""
import ast
import re

import gast

from . import annotations as anno, templates
from .nodes import SlicesOutsideSubscripts
from .unparse import unparse

_COMMENT_LINE = re.compile(r"^(\s*)(['\"].*['\"])$")


def to_source(fn_node, origins=None, own_lines=False):
    """The source of ``fn_node``.  ``origins``, a dict, is filled with source line (1-based)
    -> (line, column) of the statement it came from in the function transformed (its
    annotations.ORIGIN, or with ``own_lines`` the statement's own position), so errors
    found in generated code, when it is differentiated again, point at the user's line."""
    fn_node = SlicesOutsideSubscripts().visit(fn_node)
    module = gast.Module(body=[fn_node], type_ignores=[])
    tree = gast.gast_to_ast(module)
    ast.fix_missing_locations(tree)
    text = unparse(tree)
    if origins is not None:
        try:
            _origins(fn_node, ast.parse(text).body[0], origins, own_lines)
        except SyntaxError:
            pass
    lines = []
    for line in text.splitlines():
        m = _COMMENT_LINE.match(line)
        if m:
            try:
                value = ast.literal_eval(m.group(2))
            except (ValueError, SyntaxError):
                value = None
            if isinstance(value, str) and value.startswith(templates.COMMENT_MARK):
                lines.append(m.group(1) + "# " + value[len(templates.COMMENT_MARK):])
                continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def _origins(g, a, out, own_lines):
    """Walk the statement lists of the IR ``g`` and of ``a``, its unparsed text parsed
    again (the same structure), recording where each statement came from."""
    for field in ("body", "orelse", "finalbody"):
        gl, al = getattr(g, field, None), getattr(a, field, None)
        if not isinstance(gl, list) or not isinstance(al, list) or len(gl) != len(al):
            continue
        for gs, as_ in zip(gl, al):
            if not isinstance(gs, gast.stmt) or not hasattr(as_, "lineno"):
                continue
            origin = anno.get(gs, anno.ORIGIN)
            if origin is not None and origin[0] is not None:
                out[as_.lineno] = (origin[0], origin[1])
            elif own_lines and getattr(gs, "lineno", None) is not None:
                out[as_.lineno] = (gs.lineno, gs.col_offset)
            _origins(gs, as_, out, own_lines)
