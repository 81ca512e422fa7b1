"""templates: placeholders substituted, clones share no nodes, helpers build IR."""
import gast

from tangentish.ir import templates
from tests.passes.conftest import source_of


def _text(node):
    import ast
    return ast.unparse(ast.fix_missing_locations(gast.gast_to_ast(node)))


def _ids(node):
    return {id(n) for n in gast.walk(node)} if not isinstance(node, list) else \
        {id(m) for n in node for m in gast.walk(n)}


def test_expr_substitutes_names_and_nodes():
    x = templates.expr("a + 1")
    e = templates.expr("g * np.cos(x)", g="dy", x=x)
    assert _text(e) == "dy * np.cos(a + 1)"
    # the substituted node is copied, not shared
    assert not (_ids(e) & _ids(x))


def test_stmts_substitute():
    body = templates.stmts("y = f(x)\nz = y + x", x="u", f="np.sin")
    assert [_text(s) for s in body] == ["y = np.sin(u)", "z = y + u"]


def test_each_call_is_a_fresh_tree():
    a, b = templates.expr("x * y"), templates.expr("x * y")
    assert not (_ids(a) & _ids(b))
    a.left.id = "changed"
    assert _text(templates.expr("x * y")) == "x * y"    # the parse cache is not mutated


def test_clone_shares_nothing_and_keeps_locations():
    node = gast.parse("def f(x):\n    return x * (x + 1)\n").body[0]
    copy = templates.clone(node)
    assert not (_ids(node) & _ids(copy))
    assert _text(copy) == _text(node)
    assert copy.body[0].lineno == node.body[0].lineno == 2
    renamed = templates.clone(node, {"x": "z"})
    assert "z * (z + 1)" in _text(renamed) and "x * (x + 1)" in _text(node)


def test_free_names():
    assert templates.free_names("g * np.cos(x) + y") == {"g", "np", "x", "y"}


def test_small_builders():
    assert _text(templates.assign("y", templates.const(2.0))) == "y = 2.0"
    n = templates.name("v", store=True)
    assert isinstance(n.ctx, gast.Store) and n.id == "v"
    fn = gast.parse("def f(x):\n    return x\n").body[0]
    fn.body.insert(0, templates.comment("hello"))
    assert "# hello" in source_of(fn)
