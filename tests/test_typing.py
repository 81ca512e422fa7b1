"""The public API is typed (issue 14): ``py.typed`` is shipped, every public name's
annotations resolve at run time on every supported Python, and mypy, run on a
small user program, accepts correct calls and rejects wrong ones."""
import os
import subprocess
import sys
import textwrap
import typing

import pytest

import tangentish

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _callables():
    for name in tangentish.__all__:
        obj = getattr(tangentish, name)
        if isinstance(obj, type):
            if name == "Transformed":
                yield name + ".__call__", obj.__call__
            else:
                yield name + ".__init__", obj.__init__
        else:
            yield name, obj


@pytest.mark.parametrize("name,obj", list(_callables()), ids=lambda v: v if isinstance(v, str) else "")
def test_public_signatures_are_annotated_and_resolve(name, obj):
    import inspect
    hints = typing.get_type_hints(obj)   # raises if an annotation does not resolve
    params = [p for p in inspect.signature(obj).parameters.values() if p.name != "self"]
    missing = [p.name for p in params if p.name not in hints]
    assert not missing, f"{name}: parameters without annotations: {missing}"
    assert "return" in hints, f"{name}: no return annotation"


USER_OK = '''
    import numpy as np
    import tangentish as tg


    def f(x: np.ndarray, y: float) -> float:
        return float(np.sum(x * y))


    df = tg.grad(f, wrt=(0, "y"))
    g = tg.grad(wrt=1)(f)
    dx = df(np.ones(3), 2.0)
    text: str = tg.source(df)
    value, grads = tg.value_and_grad(f)(np.ones(3), 2.0)
    y, pullback = tg.vjp(f, np.ones(3), 2.0)
    y2, ydot = tg.jvp(f, (np.ones(3), 2.0), (np.ones(3), None))
    J = tg.jacobian(f, wrt="x", mode="forward")(np.ones(3), 2.0)
    H = tg.hessian(f)(np.ones(3), 2.0)
    Hv = tg.hvp(f)(np.ones(3), 2.0, np.ones(3))
    tg.check_grads(f, (np.ones(3), 2.0), order=1, modes=("rev",))
    z: np.ndarray = tg.stop_gradient(np.ones(3))
    cg: tg.CustomGradient = tg.custom_gradient(f)
    tg.register(np.sinc, "sinc(x)", jvp={"x": "t"})
    err = tg.TransformError("a construct", hint="do this", lineno=3)
    t: tg.Transformed = df
'''

USER_WRONG = '''
    import tangentish as tg

    tg.grad(len, wrt=1.5)
    n: int = tg.source(len)
    tg.check_grads(len, (1.0,), order="2")
    s: str = tg.stop_gradient(1.0)
'''


def test_mypy_checks_calls_of_the_public_api(tmp_path):
    pytest.importorskip("mypy", reason="mypy is in the test extra: pip install -e '.[test]'")
    (tmp_path / "user_ok.py").write_text(textwrap.dedent(USER_OK))
    (tmp_path / "user_wrong.py").write_text(textwrap.dedent(USER_WRONG))
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-incremental",
         "--cache-dir", os.devnull, "--no-error-summary", "user_ok.py", "user_wrong.py"],
        cwd=tmp_path, capture_output=True, text=True, env=dict(os.environ, MYPYPATH=ROOT))
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert not [e for e in errors if e.startswith("user_ok.py")], run.stdout + run.stderr
    lines = sorted({int(e.split(":")[1]) for e in errors if e.startswith("user_wrong.py")})
    assert lines == [4, 5, 6, 7], run.stdout + run.stderr
