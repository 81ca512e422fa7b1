"""parse: a function object -> gast FunctionDef with the user's real line numbers;
lambdas and methods parse; source text that does not match the code is refused."""
import importlib
import inspect
import sys
import textwrap

import gast
import pytest

from tangentish.core.errors import TransformError
from tangentish.frontend.parse import parse_function


def plain(x):
    y = x * 2.0
    return y + 1.0


class Holder:
    def method(self, x):
        return x * 3.0


LAMBDAS = (lambda a: a + 1.0, lambda b: b * 2.0)    # two lambdas on one line


def test_line_numbers_are_the_files():
    sf = parse_function(plain)
    first = plain.__code__.co_firstlineno
    assert sf.node.lineno == first
    assert [s.lineno for s in sf.node.body] == [first + 1, first + 2]
    assert sf.filename == plain.__code__.co_filename
    assert sf.node.body[0].col_offset == 4


def test_method_parses_with_its_own_lines():
    sf = parse_function(Holder.method)
    assert isinstance(sf.node, gast.FunctionDef) and sf.node.name == "method"
    assert sf.node.lineno == Holder.method.__code__.co_firstlineno
    assert sf.node.col_offset == 4            # indented in the class: the real column
    assert [a.id for a in sf.node.args.args] == ["self", "x"]


@pytest.mark.parametrize("index, param, op", [(0, "a", gast.Add), (1, "b", gast.Mult)])
def test_lambdas_on_one_line_are_told_apart(index, param, op):
    sf = parse_function(LAMBDAS[index])
    body = sf.node.body
    assert len(body) == 1 and isinstance(body[0], gast.Return)
    assert isinstance(body[0].value, gast.BinOp) and isinstance(body[0].value.op, op)
    assert [a.id for a in sf.node.args.args] == [param]
    assert body[0].lineno == LAMBDAS[index].__code__.co_firstlineno


def test_decorators_are_dropped():
    def deco(f):
        return f

    @deco
    def decorated(x):
        return x

    sf = parse_function(decorated)
    assert sf.node.decorator_list == []
    assert sf.node.lineno == decorated.__code__.co_firstlineno + 1   # the def, under "@deco"


def test_closure_and_globals_recorded():
    k = 3.0

    def inner(x):
        return x * k

    sf = parse_function(inner)
    assert set(sf.closure) == {"k"} and sf.closure["k"].cell_contents == 3.0
    assert sf.globals is globals()


def test_edited_file_is_refused(tmp_path, monkeypatch):
    module = tmp_path / "tp_parse_edited.py"
    module.write_text("def f(x):\n    return x * 2.0\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    mod = importlib.import_module("tp_parse_edited")
    try:
        assert parse_function(mod.f).node.name == "f"      # unchanged: parses
        module.write_text("def f(x):\n    return x * 3.0 + 1\n")   # edited after import
        import linecache
        linecache.checkcache(str(module))
        with pytest.raises(TransformError) as info:
            parse_function(mod.f)
        assert "changed" in str(info.value)
        assert info.value.filename == str(module) and info.value.lineno == 1
    finally:
        sys.modules.pop("tp_parse_edited", None)


def test_no_source_is_refused():
    namespace = {}
    exec("def f(x):\n    return x\n", namespace)
    with pytest.raises(TransformError, match="cannot read the source"):
        parse_function(namespace["f"])
