"""``ast.unparse`` with one spelling on every supported Python.

Python 3.9 and 3.10 print some constructs differently from 3.11-3.13 (a tuple
assigned to as ``(a, b) = t``, ``lambda : 0``, parentheses around ``:=``); this
printer pins those cases to the 3.11+ spelling, so generated source is
byte-for-byte the same on every supported version (tests/test_cross_version.py).
Nothing of tangentish is imported here."""
import ast

_Precedence = ast._Precedence


class _Unparser(ast._Unparser):
    """``ast._Unparser`` printing as Python 3.11-3.13 do on every supported version."""

    def visit_Assign(self, node):
        # 3.11+: ``a, b = t``, never ``(a, b) = t``
        for target in node.targets:
            self.set_precedence(_Precedence.TUPLE, target)
        super().visit_Assign(node)

    def _for_helper(self, fill, node):
        self.set_precedence(_Precedence.TUPLE, node.target)
        super()._for_helper(fill, node)

    def visit_Tuple(self, node):
        with self.delimit_if("(", ")", len(node.elts) == 0
                             or self.get_precedence(node) > _Precedence.TUPLE):
            self.items_view(self.traverse, node.elts)

    def visit_NamedExpr(self, node):
        # 3.11+ parenthesise ``:=`` where a tuple's precedence or higher is expected
        with self.delimit_if("(", ")", self.get_precedence(node) >= _Precedence.TUPLE):
            self.set_precedence(_Precedence.ATOM, node.target, node.value)
            self.traverse(node.target)
            self.write(" := ")
            self.traverse(node.value)

    def visit_Lambda(self, node):
        # 3.11+: ``lambda: 0``, not ``lambda : 0``
        with self.require_parens(_Precedence.TEST, node):
            a = node.args
            empty = not (a.posonlyargs or a.args or a.vararg or a.kwonlyargs or a.kwarg)
            self.write("lambda" if empty else "lambda ")
            if not empty:
                self.traverse(node.args)
            self.write(": ")
            self.set_precedence(_Precedence.TEST, node.body)
            self.traverse(node.body)


def unparse(tree):
    """``ast.unparse`` with the same text on every supported Python."""
    return _Unparser().visit(tree)
