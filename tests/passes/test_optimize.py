"""optimize: the derivative computes the same values before and after; dead code is
gone and constants are folded."""
import gast
import numpy as np
import pytest

from tangentish.ad import optimize
from tests.passes.conftest import compile_node, run_passes, source_of


def poly(x, y):
    unused = np.exp(y) * 3.0
    a = x * x * 1.0
    b = a ** 1 + (3 - 1) * x
    return np.sum(np.sin(b) * y)


def loop(x, y):
    s = x
    for i in range(3):
        t = np.cos(s) + 0.0
        s = s * y + t
    return np.sum(s)


def branch(x, y):
    if np.sum(x) > 0:
        z = x * y
    else:
        z = x - y
    return np.sum(z * z)


CASES = [(fn, mode) for fn in (poly, loop, branch) for mode in ("grad", "jvp")]


def _before_after(fn, mode):
    ctx, node = run_passes(fn, "optimize", mode=mode, include=False)
    before = source_of(node)
    after_node = optimize.run(ctx, node)
    return ctx, before, after_node


def _args(mode, rng):
    x, y = rng.normal(size=3), rng.normal(size=3)
    return (rng.normal(size=3), x, y) if mode == "jvp" else (x, y)


@pytest.mark.parametrize("fn, mode", CASES, ids=[f"{f.__name__}-{m}" for f, m in CASES])
def test_semantics_kept(fn, mode):
    ctx, before, node = _before_after(fn, mode)
    after = source_of(node)
    f_before = compile_node(node, fn, ctx.injected, source=before)
    f_after = compile_node(node, fn, ctx.injected)
    rng = np.random.default_rng(0)
    for _ in range(5):
        args = _args(mode, rng)
        r1, r2 = f_before(*args), f_after(*args)
        for u, v in zip(np.atleast_1d(r1) if not isinstance(r1, tuple) else r1,
                        np.atleast_1d(r2) if not isinstance(r2, tuple) else r2):
            np.testing.assert_allclose(v, u, rtol=1e-12, atol=1e-12)
    assert len(after.splitlines()) <= len(before.splitlines())


def test_dead_code_removed_and_constants_folded():
    ctx, before, node = _before_after(poly, "grad")
    after = source_of(node)
    assert "exp" in before and "exp" not in after, after      # `unused` is dead
    code = "\n".join(line for line in after.splitlines() if not line.strip().startswith("#"))
    assert "3 - 1" in before and "3 - 1" not in code, after
    assert "a ** 1" not in code, after
    # no pure assignment whose value nobody reads
    loads = {n.id for n in gast.walk(node) if isinstance(n, gast.Name)
             and isinstance(n.ctx, gast.Load)}
    for stmt in gast.walk(node):
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name):
            if isinstance(stmt.value, (gast.BinOp, gast.Name, gast.Constant)):
                assert stmt.targets[0].id in loads, f"dead: {stmt.targets[0].id}\n{after}"


def test_fold_constants_examples():
    def fn_node(src):
        return gast.parse(src).body[0]
    for src, want in [("def f(x):\n    return 3 - 1\n", "return 2"),
                      ("def f(x):\n    return x ** 1\n", "return x"),
                      ("def f(x):\n    return 1 * (x + 1)\n", "return x + 1"),
                      # a bare name stays multiplied: folded, a gradient could be the
                      # caller's own array object
                      ("def f(x):\n    return 1 * x\n", "return 1 * x")]:
        node = fn_node(src)
        optimize.fold_constants(node)
        assert want in source_of(node), (src, source_of(node))


# -- copies between versions of a variable (loop-carried names, phis, flags) --------
def _run_source(src, move):
    """``src``'s function before and after ``move`` (source text, results on 0..3)."""
    import ast
    node = gast.parse(src).body[0]
    before = ast.unparse(gast.gast_to_ast(node))
    move(node)
    after = ast.unparse(gast.gast_to_ast(node))
    results = []
    for text in (before, after):
        namespace = {"np": np}
        exec(compile(text, "<test>", "exec"), namespace)
        results.append([namespace["f"](float(a)) for a in range(4)])
    assert results[0] == results[1], (before, after)
    return after


def test_copy_of_a_rebound_name_stays():
    src = "def f(a):\n    b = a\n    a = a + 1.0\n    return b * a\n"
    assert "b = a" in _run_source(src, optimize.propagate_copies)


def test_copy_read_before_the_rebinding_goes():
    src = ("def f(a):\n    d = a * 2.0\n    e = d\n    if a > 1.0:\n        c = e * 3.0\n"
           "        d = 0.0\n    else:\n        c = e\n    return c + d\n")
    after = _run_source(src, optimize.propagate_copies)
    assert "e = d" not in after and "c = d * 3.0" in after


def test_copy_a_name_already_holds_goes_unless_rebound():
    held = "def f(a):\n    b = a\n    a = b\n    return a + b\n"
    assert "a = b" not in _run_source(held, lambda n: optimize.drop_redundant_copies(n.body, set()))
    rebound = "def f(a):\n    b = a\n    b = 2.0\n    a = b\n    return a + b\n"
    assert "a = b" in _run_source(rebound, lambda n: optimize.drop_redundant_copies(n.body, set()))


def test_versions_coalesce_only_when_the_variable_is_untouched_between():
    merged = ("def f(x):\n    s = 1.0\n    for i in range(3):\n        s_2 = s * x + i\n"
              "        t = s_2 * 2.0\n        s = s_2\n    return s + t\n")
    after = _run_source(merged, optimize.coalesce_copies)
    assert "s = s * x + i" in after and "s = s_2" not in after
    read_between = ("def f(x):\n    s = 1.0\n    for i in range(3):\n        s_2 = s * x + i\n"
                    "        t = s + s_2\n        s = s_2\n    return s + t\n")
    assert "s = s_2" in _run_source(read_between, optimize.coalesce_copies)


def test_entry_copy_coalesces_only_when_the_source_is_dead():
    dead = "def f(x):\n    s = x * 2.0\n    s_1 = s\n    for i in range(2):\n        s_1 = s_1 * x\n    return s_1\n"
    assert "s_1" not in _run_source(dead, optimize.coalesce_entry_copies)
    live = ("def f(x):\n    s = x * 2.0\n    s_1 = s\n    for i in range(2):\n"
            "        s_1 = s_1 * x\n    return s_1 + s\n")
    assert "s_1 = s\n" in _run_source(live, optimize.coalesce_entry_copies)


def test_break_flag_becomes_the_condition_only_when_read_nowhere_else():
    plain = ("def f(x):\n    broke = False\n    t = 0.0\n    for i in range(4):\n        c = i > x\n"
             "        if c:\n            broke = True\n        else:\n            t = t + i\n"
             "        if broke:\n            break\n    return t\n")
    after = _run_source(plain, optimize.break_on_condition)
    assert "broke" not in after and "if c:\n            break" in after
    read_after = plain.replace("return t", "return t + broke")
    assert "broke = True" in _run_source(read_after, optimize.break_on_condition)


def test_copy_read_by_a_while_test_after_the_loop_rebinds_the_source_stays():
    src = ("def f(a):\n    d = a + 1.0\n    e = d\n    while e < 3.0:\n        d = d + 1.0\n"
           "    return d\n")
    node = gast.parse(src).body[0]
    assert optimize._read_before_rebound(node.body[2:], "e", "d", False) is None
