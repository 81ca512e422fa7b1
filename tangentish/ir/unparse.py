"""``ast.unparse`` with one spelling on every supported Python.

Python 3.9 and 3.10 print some constructs differently from 3.11-3.13 (a tuple
assigned to as ``(a, b) = t``, ``lambda : 0``, parentheses around ``:=``); this
printer pins those cases to the 3.11+ spelling, so generated source is
byte-for-byte the same on every supported version (tests/test_cross_version.py).
Nothing of tangentish is imported here."""
import ast
import contextlib

_Precedence = ast._Precedence
_ALL_QUOTES = ("'", '"', '"""', "'''")


class _Unparser(ast._Unparser):
    """``ast._Unparser`` printing as Python 3.11-3.13 do on every supported version;
    f-strings as 3.11 prints them (3.12+ would write ``f'{a['k']}'``, which older
    Pythons cannot read)."""

    def __init__(self, *, _avoid_backslashes=False):
        super().__init__()
        self._avoid_backslashes = _avoid_backslashes

    def _write_constant(self, value):
        if self._avoid_backslashes and isinstance(value, str):
            self._write_str_avoiding_backslashes(value)
        else:
            super()._write_constant(value)

    @contextlib.contextmanager
    def _captured(self):
        buffer, original = [], self._source
        self._source = buffer
        try:
            yield buffer
        finally:
            self._source = original

    def visit_JoinedStr(self, node):        # Python 3.11's
        self.write("f")
        if self._avoid_backslashes:
            with self._captured() as buffer:
                self._write_fstring_inner(node)
            return self._write_str_avoiding_backslashes("".join(buffer))
        parts = []
        for value in node.values:
            with self._captured() as buffer:
                self._write_fstring_inner(value)
            parts.append(("".join(buffer), isinstance(value, ast.Constant)))
        new_parts, quote_types, fallback = [], list(_ALL_QUOTES), False
        for value, is_constant in parts:
            value, new_quote_types = self._str_literal_helper(
                value, quote_types=quote_types, escape_special_whitespace=is_constant)
            new_parts.append(value)
            if set(new_quote_types).isdisjoint(quote_types):
                fallback = True
                break
            quote_types = new_quote_types
        if fallback:
            quote_types, new_parts = ["'''"], []
            for value, _ in parts:
                value = repr('"' + value)
                new_parts.append(value[2:-1])
        self.write(f"{quote_types[0]}{''.join(new_parts)}{quote_types[0]}")

    def _write_fstring_inner(self, node):
        if isinstance(node, ast.JoinedStr):
            for value in node.values:
                self._write_fstring_inner(value)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.write(node.value.replace("{", "{{").replace("}", "}}"))
        elif isinstance(node, ast.FormattedValue):
            self.visit_FormattedValue(node)
        else:
            raise ValueError(f"Unexpected node inside JoinedStr, {node!r}")

    def visit_FormattedValue(self, node):
        inner = type(self)(_avoid_backslashes=True)
        inner.set_precedence(_Precedence.TEST.next(), node.value)
        expr = inner.visit(node.value)
        if "\\" in expr:
            raise ValueError("Unable to avoid backslash in f-string expression part")
        self.write("{")
        if expr.startswith("{"):
            self.write(" ")         # "{ {"
        self.write(expr)
        if node.conversion != -1:
            self.write(f"!{chr(node.conversion)}")
        if node.format_spec:
            self.write(":")
            self._write_fstring_inner(node.format_spec)
        self.write("}")

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
