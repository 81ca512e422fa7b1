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
                      ("def f(x):\n    return 1 * x\n", "return x")]:
        node = fn_node(src)
        optimize.fold_constants(node)
        assert want in source_of(node), (src, source_of(node))
