"""tangentish.export: a derivative as a standalone module that runs where only numpy is
installed, and gives the numbers tangentish gives, bit for bit.

The exported modules run in a subprocess, ``python -I``, of a venv holding numpy only
(the numpy this process runs, linked in: no download, and the same numpy, so the
numbers can match exactly), kept in $TANGENTISH_VENV_CACHE (default
~/.cache/tangentish/venvs) for the next run."""
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import tangentish as tg
from tangentish import driver
from tangentish.api.standalone import STDLIB, free_names, rename
from tests.corpus import funcs_export as fx
from tests.corpus.funcs_generated import calls, mlp, rnn

RUNNER = """
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import exported
data = np.load(sys.argv[2], allow_pickle=False)
args = [data[f"arg{i}"] for i in range(int(data["nargs"]))]
args = [a.item() if a.ndim == 0 and a.dtype.kind == "i" else a for a in args]
for key in data.files:
    if key.startswith("free_"):
        setattr(exported, key[5:], data[key])
out = getattr(exported, sys.argv[3])(*args)
out = out if isinstance(out, tuple) else (out,)
np.savez(sys.argv[4], *[np.asarray(o) for o in out])
assert "tangentish" not in sys.modules and "gast" not in sys.modules
"""


def numpy_only_python():
    """The python of a venv whose only package is this process's numpy."""
    cache = os.environ.get("TANGENTISH_VENV_CACHE",
                           os.path.join(os.path.expanduser("~"), ".cache", "tangentish", "venvs"))
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    venv = os.path.join(cache, f"numpy-only-py{version}-np{np.__version__}")
    python = os.path.join(venv, "bin", "python")
    # (its numpy is a link into this process's environment, which may be gone since)
    if not os.path.exists(python) or subprocess.run(
            [python, "-I", "-c", "import numpy"], capture_output=True).returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True,
                       capture_output=True)
        site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path("
                               "'purelib'))"], check=True, capture_output=True,
                              text=True).stdout.strip()
        here = os.path.dirname(os.path.dirname(np.__file__))
        for entry in os.listdir(here):
            if entry == "numpy" or entry.startswith(("numpy.libs", "numpy-")):
                os.symlink(os.path.join(here, entry), os.path.join(site, entry))
    assert subprocess.run([python, "-I", "-c", "import tangentish"],
                          capture_output=True).returncode != 0, "the venv sees tangentish"
    return python


@pytest.fixture(scope="module")
def python():
    return numpy_only_python()


def run_exported(python, tmp_path, text, name, args, free=None):
    """The outputs of ``name(*args)`` in the exported module ``text``, run by ``python -I``."""
    (tmp_path / "exported.py").write_text(text)
    (tmp_path / "runner.py").write_text(RUNNER)
    arrays = {f"arg{i}": np.asarray(a) for i, a in enumerate(args)}
    arrays.update({f"free_{k}": np.asarray(v) for k, v in (free or {}).items()})
    np.savez(tmp_path / "in.npz", nargs=len(args), **arrays)
    done = subprocess.run([python, "-I", str(tmp_path / "runner.py"), str(tmp_path),
                           str(tmp_path / "in.npz"), name, str(tmp_path / "out.npz")],
                          capture_output=True, text=True, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    out = np.load(tmp_path / "out.npz")
    return [out[f"arr_{i}"] for i in range(len(out.files))]


def assert_same(got, expected):
    expected = expected if isinstance(expected, tuple) else (expected,)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert np.array_equal(g, np.asarray(e)), (g, e)


def mlp_args():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(8, 5))
    Y = np.eye(3)[rng.integers(0, 3, size=8)]
    return [rng.normal(size=(5, 6)), rng.normal(size=6), rng.normal(size=(6, 3)),
            rng.normal(size=3), X, Y]


def rnn_args():
    rng = np.random.default_rng(1)
    return [rng.normal(size=(3, 4)) * 0.5, rng.normal(size=(4, 4)) * 0.5, rng.normal(size=4),
            rng.normal(size=(6, 3)), rng.normal(size=4)]


def loop_args():
    rng = np.random.default_rng(2)
    return [rng.normal(size=4), rng.normal(size=(4, 4)) * 0.5, 3]


CASES = [
    ("mlp", mlp, (0, 1, 2, 3), mlp_args),
    ("rnn", rnn, (0, 1, 2), rnn_args),
    ("calls", calls, (0, 1), lambda: [np.ones(3) * 0.3, np.eye(3) * 0.5, np.ones(3) * 0.1,
                                      np.eye(3) * 0.7, np.ones(3) * -0.2]),
    ("loop_with_callee", fx.loop_with_callee, (0, 1), loop_args),
]


@pytest.mark.parametrize("label, fn, wrt, make_args", CASES, ids=[c[0] for c in CASES])
def test_exported_gradient_matches_grad_exactly(python, tmp_path, label, fn, wrt, make_args):
    df = tg.grad(fn, wrt=wrt)
    args = make_args()
    text = tg.export(df, tmp_path / "copy.py")
    assert (tmp_path / "copy.py").read_text() == text
    imports = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
    assert imports and all(line.split()[1].split(".")[0] in ("numpy", "typing", "math")
                           for line in imports), imports
    assert f"The grad of {fn.__qualname__}" in text
    assert_same(run_exported(python, tmp_path, text, df.generated.__name__, args), df(*args))


def test_loop_with_callee_includes_the_callee_and_its_derivative():
    text = tg.export(tg.grad(fx.loop_with_callee, wrt=(0, 1)))
    assert "\ndef layer(h, A):" in text             # the primal, called by the forward pass
    assert "\ndef vjp_layer" in text
    assert text.index("\ndef vjp_layer") < text.index("\ndef grad_loop_with_callee")


def test_export_is_deterministic():
    first = tg.export(tg.grad(mlp, wrt=(0, 2)))
    driver.clear_cache()
    assert tg.export(tg.grad(mlp, wrt=(0, 2))) == first


def test_a_global_array_is_a_free_name_the_user_sets(python, tmp_path):
    df = tg.grad(fx.global_weights)
    text = tg.export(df)
    assert "    W: read by grad_global_weights (ndarray of shape (3, 4) when exported)" in text
    assert "\nW =" not in text                      # not frozen into the module
    x = np.array([0.3, -1.2, 0.7])
    assert_same(run_exported(python, tmp_path, text, "grad_global_weights", [x],
                             free={"W": fx.W}), df(x))
    # without W the module says what is missing, rather than computing with another value
    (tmp_path / "exported.py").write_text(text)
    done = subprocess.run([python, "-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                           "import exported, numpy as np; exported.grad_global_weights(np.ones(3))",
                           str(tmp_path)], capture_output=True, text=True)
    assert "NameError: name 'W' is not defined" in done.stderr


def test_a_closure_value_is_a_free_name(python, tmp_path):
    df = tg.grad(fx.scaled(np.array([1.0, 2.0])))
    text = tg.export(df)
    assert "    scale: read by grad_loss (ndarray of shape (2,) when exported)" in text
    x = np.array([0.1, -0.4])
    assert_same(run_exported(python, tmp_path, text, "grad_loss", [x],
                             free={"scale": np.array([1.0, 2.0])}), df(x))


@pytest.mark.parametrize("mode", ["jvp", "hessian", "hvp", "jacobian", "vjp"])
def test_other_modes_match_tangentish_exactly(python, tmp_path, mode):
    x = np.array([0.5, -1.5, 2.0])
    v = np.array([1.0, 0.25, -2.0])
    fn = fx.elementwise if mode in ("jvp", "jacobian", "vjp") else fx.quartic
    text = tg.export(fn, mode=mode, wrt=0)
    assert f"The {mode if mode != 'jacobian' else 'jacobian (reverse)'} of {fn.__name__}" in text
    if mode == "jvp":
        expected, args = tg.jvp(fn, (x,), (v,)), [v, x]
    elif mode == "hessian":
        expected, args = tg.hessian(fn)(x), [x]
    elif mode == "hvp":
        expected, args = tg.hvp(fn)(x, v), [x, v]
    elif mode == "jacobian":
        expected, args = tg.jacobian(fn)(x), [x]
    else:
        expected, args = tg.vjp(fn, x)[1](v), [v, x]
    name = text.split(":", 1)[0].strip('"')
    assert_same(run_exported(python, tmp_path, text, name, args), expected)


def test_source_of_every_object():
    x = np.array([0.5, -1.5, 2.0])
    assert tg.source(tg.hessian(fx.quartic)).startswith("def jacobian_quartic(x0):")
    assert "tangent_grad_quartic" in tg.source(tg.hvp(fx.quartic))
    assert tg.source(tg.jacobian(fx.elementwise)).startswith("def jacobian_elementwise(x0):")
    assert tg.source(tg.value_and_grad(fx.quartic)).startswith("def grad_quartic(")
    assert tg.source(tg.vjp(fx.elementwise, x)[1]).startswith("def vjp_elementwise(")


def test_source_with_callees():
    df = tg.grad(calls, wrt=(0, 1))
    alone = tg.source(df)
    full = tg.source(df, with_callees=True)
    assert full.startswith(alone) and "\ndef vjp_dense" not in alone
    # the two derivatives of dense, each once, under the names grad_calls calls them by
    assert full.count("\ndef vjp_dense(") == 1 and full.count("\ndef vjp_dense_1(") == 1
    assert "vjp_dense_1(dh, x, W1, b1)" in alone
    hess = tg.source(tg.hessian(fx.quartic), with_callees=True)
    assert "\ndef tangent_grad_quartic(" in hess and "\ndef grad_quartic(" not in hess
    assert "cols.append(tangent_grad_quartic(" in hess       # called by its def's name


def test_a_callee_known_only_at_run_time_is_refused():
    df = tg.grad(fx.apply_fn, wrt=1)
    df(np.sin, np.ones(2))
    with pytest.raises(tg.ExportError, match="known only when the code runs"):
        tg.export(df)


def test_what_is_not_a_derivative_is_refused():
    with pytest.raises(TypeError, match="was not generated by tangentish"):
        tg.export(fx.quartic)
    with pytest.raises(ValueError, match="mode must be one of"):
        tg.export(fx.quartic, mode="third")


def test_free_names_and_rename():
    assert free_names("def f(x):\n    return np.sum(g(x)) + len(x)\n") == ["np", "g", "len"]
    assert free_names("class A(B):\n    k = 1\n    m = k\n") == ["B"]
    text = "def f(x):\n    return vjp_g(x, axis=axis) + obj.vjp_g\n"
    assert rename(text, {"vjp_g": "vjp_g_1", "axis": "axis_1"}) == \
        "def f(x):\n    return vjp_g_1(x, axis=axis_1) + obj.vjp_g\n"


def run_cli(*argv, cwd=None):
    here = os.path.dirname(os.path.dirname(os.path.abspath(tg.__file__)))
    env = dict(os.environ, PYTHONPATH=here)
    return subprocess.run([sys.executable, "-m", "tangentish", *argv], capture_output=True,
                          text=True, env=env, cwd=cwd)


def test_cli_export_writes_the_module_tg_export_writes(tmp_path):
    path = fx.__file__
    done = run_cli("export", f"{path}:loop_with_callee", "--wrt", "x,A", "-o",
                   str(tmp_path / "out.py"), cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    here = os.getcwd()
    os.chdir(tmp_path)       # the header names the file relative to the working directory
    try:
        expected = tg.export(tg.grad(fx.loop_with_callee, wrt=("x", "A")))
    finally:
        os.chdir(here)
    assert (tmp_path / "out.py").read_text() == expected


@pytest.mark.parametrize("mode", ["jvp", "hessian", "hvp", "jacobian"])
def test_cli_modes_print_what_tg_source_shows(mode):
    done = run_cli(f"{fx.__file__}:quartic", "--mode", mode)
    assert done.returncode == 0, done.stderr
    if mode == "jvp":
        assert done.stdout == driver.transform(fx.quartic, ("x",), "jvp").source
    else:
        maker = {"hessian": tg.hessian, "hvp": tg.hvp, "jacobian": tg.jacobian}[mode]
        assert done.stdout == tg.source(maker(fx.quartic))


def test_cli_with_callees_and_refusals(tmp_path):
    from tests.corpus import funcs_generated
    done = run_cli(f"{funcs_generated.__file__}:calls", "--wrt", "x,W1", "--with-callees")
    assert done.returncode == 0, done.stderr
    assert done.stdout == tg.source(tg.grad(calls, wrt=("x", "W1")), with_callees=True)
    done = run_cli(f"{fx.__file__}:quartic", "--mode", "hessian", "--wrt", "x,x")
    assert done.returncode == 2 and "one parameter" in done.stderr
    done = run_cli("export", f"{fx.__file__}:apply_fn", "--wrt", "x", "-o",
                   str(tmp_path / "out.py"))
    assert done.returncode == 1 and "known only when the code runs" in done.stderr
    assert not (tmp_path / "out.py").exists()


def same(a, b):
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and np.array_equal(a, b)


def test_every_corpus_gradient_exports_and_matches_exactly():
    """The 28 functions of tests/corpus/funcs_generated.py (loops, branches, early
    returns, closures, containers, in-place updates): each exported module, run in a
    namespace of its own, gives tangentish's numbers exactly (before the API's
    conversion of result types, which is not the generated code's)."""
    import copy
    from tests.corpus.funcs_generated import CORPUS
    for fn, wrt, args in CORPUS:
        df = tg.grad(fn, wrt=wrt)
        expected = df.generated(*copy.deepcopy(args))
        text = tg.export(df)
        imports = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
        assert all(line.split()[1].split(".")[0] in STDLIB | {"numpy"}
                   for line in imports), (fn.__name__, imports)
        namespace = {"__name__": f"exported_{fn.__name__}"}
        for line in text.split('"""')[1].splitlines():
            if ": read by" in line:          # a free name: the user's value, set by hand
                name = line.split(":")[0].strip()
                namespace[name] = fn.__globals__[name]
        exec(compile(text, f"exported_{fn.__name__}.py", "exec"), namespace)
        got = namespace[df.generated.__name__](*copy.deepcopy(args))
        assert same(got, expected), fn.__name__


@pytest.mark.parametrize("fn, message", [
    (fx.calls_decorated, "decorated; the exported module would call the undecorated function"),
    (fx.uses_module, "the module tests.corpus.funcs_generated"),
])
def test_what_cannot_stand_alone_is_refused(fn, message):
    df = tg.grad(fn)
    df(np.ones(2))
    with pytest.raises(tg.ExportError, match=message):
        tg.export(df)


def dict_loss(p, x):
    return np.sum(np.tanh(x @ p["W"] + p["b"]) ** 2)


def list_loss(xs, c):
    return np.sum(xs[0] * xs[1]) * c


@pytest.mark.parametrize("fn, args", [
    (dict_loss, ({"W": np.ones((3, 2)) * 0.3, "b": np.arange(2.0)}, np.ones((4, 3)))),
    (list_loss, ([np.ones(2), np.arange(2.0)], 2.0)),
])
def test_container_gradients_are_handed_back_plain(fn, args):
    """The exported derivative returns plain dicts and lists, as tg.grad does: a
    ``ListCotangent`` would add entry by entry where the caller's ``+`` concatenates."""
    df = tg.grad(fn)
    text = tg.export(df)
    namespace = {"__name__": "exported"}
    exec(compile(text, "exported.py", "exec"), namespace)
    got = namespace[df.generated.__name__](*args)
    expected = df(*args)
    assert type(got) is type(expected) is type(args[0])
    assert same(got, expected)
    if isinstance(got, list):
        assert len(got + [None]) == len(args[0]) + 1        # concatenation
