"""naming: deterministic names (twice, and under another PYTHONHASHSEED), never a
user's name, op_name of each operator."""
import os
import subprocess
import sys

import gast
import numpy as np
import pytest

from tangentish.ir.naming import Namer, adjoint_name, all_names, op_name, tangent_name
from tangentish.ir.operators import BINARY, UNARY
from tests.passes.conftest import run_passes, source_of


def busy(x, dx, x_1, mul_x):
    sin_x = np.sin(x) * dx
    y = sin_x * x_1 + mul_x
    for i in range(2):
        y = y * x
    return np.sum(y)


def _generated(mode):
    ctx, node = run_passes(busy, "optimize", mode=mode)
    return source_of(node)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_same_names_twice(mode):
    assert _generated(mode) == _generated(mode)


def test_same_names_under_another_hash_seed():
    script = ("from tests.passes.test_naming import _generated; "
              "print(_generated('grad'), end='')")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    outs = []
    for seed in ("1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed,
                   PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
        outs.append(subprocess.run([sys.executable, "-c", script], cwd=root, env=env,
                                   capture_output=True, text=True, check=True).stdout)
    assert outs[0] == outs[1] == _generated("grad")


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_new_names_never_collide_with_user_names(mode):
    ctx, user = run_passes(busy, "parse")
    user_names = all_names(user) - {"busy"}
    ctx, node = run_passes(busy, "optimize", mode=mode)
    # every name the generated code binds is either a user parameter/local, or new
    bound = {n.id for n in gast.walk(node) if isinstance(n, gast.Name)
             and isinstance(n.ctx, (gast.Store, gast.Param))}
    new = bound - user_names
    assert new, "no new names?"
    # a new name never equals a user name, so user names keep their meaning
    assert not (new & user_names)
    # the user's dx, x_1, mul_x are not reused for derivatives / versions of x
    text = source_of(node)
    assert "dx_1" in text or mode == "jvp" or "dx_2" in text, text


def test_namer_fresh_names():
    namer = Namer({"x", "dx", "x_1", "tmp"})
    assert namer.new("x") == "x_2"
    assert namer.new("x") == "x_3"
    assert namer.new(adjoint_name("x")) == "dx_1"
    assert namer.new(tangent_name("x")) == "x_dot"
    assert namer.new("1abc") == "v1abc"
    assert namer.new("for") == "for_"
    assert namer.new("a.b") == "a_b"
    assert namer.new("") == "tmp_1"
    assert len(namer.taken) == len(set(namer.taken))


@pytest.mark.parametrize("op, name", [
    (gast.Add(), "add"), (gast.Sub(), "sub"), (gast.Mult(), "mul"), (gast.Div(), "div"),
    (gast.FloorDiv(), "floordiv"), (gast.Mod(), "mod"), (gast.Pow(), "pow"),
    (gast.MatMult(), "matmul"), (gast.USub(), "neg"), (gast.UAdd(), "pos"), (gast.Not(), "not"),
    (gast.Invert(), "invert"), (gast.BitAnd(), "bitand"), (gast.Lt(), "lt")])
def test_op_name(op, name):
    assert op_name(op) == name


def test_op_name_of_every_operator_is_an_identifier():
    for cls in list(BINARY) + list(UNARY):
        assert op_name(cls()).isidentifier()


def _reads(x, params, xs, X):
    n = X.shape[0] + X.shape[1]
    for t in range(2):
        n = n + np.sum(xs[t] * params["W"])
    return n * np.sum(x ** 2 + np.abs(x))


def test_reads_are_named_after_what_they_read_and_no_builtin_is_shadowed():
    import builtins  # noqa: PLC0415 - only this test reads it
    ctx, node = run_passes(_reads, "optimize", mode="grad")     # before fold inlines them
    text = source_of(node)
    for name in ("n_X", "m_X", "xs_t", "params_W"):
        assert f"{name} = " in text, name
    bound = {n.id for n in gast.walk(gast.parse(text))
             if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}
    assert not bound & set(dir(builtins))
