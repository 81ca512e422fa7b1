"""Emit: IR (gast) -> Python source text.

Uses the standard library's ``ast.unparse`` rather than astor: astor 0.8.1
(2019) predates Python 3.9's AST changes and is unmaintained, while
``ast.unparse`` ships with every supported Python and is exact.  Comment
statements (templates.comment) become ``# ...`` lines."""
import ast
import re

import gast

from . import templates

_COMMENT_LINE = re.compile(r"^(\s*)(['\"].*['\"])$")


class _SlicesOutsideSubscripts(gast.NodeTransformer):
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
        parts = [self.visit(p) if p is not None else templates.const(None)
                 for p in (node.lower, node.upper, node.step)]
        return gast.Call(func=templates.name("slice"), args=parts, keywords=[])


def to_source(fn_node):
    fn_node = _SlicesOutsideSubscripts().visit(fn_node)
    module = gast.Module(body=[fn_node], type_ignores=[])
    tree = gast.gast_to_ast(module)
    ast.fix_missing_locations(tree)
    text = ast.unparse(tree)
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
