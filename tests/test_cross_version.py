"""Generated source is byte-for-byte the same on every supported Python (3.9-3.13).

The sources of the snapshot corpus (reverse mode, with preserve_result, second
derivatives and forward mode) are generated in each supported interpreter found on
the machine, in a subprocess, with this checkout's tangentish, and compared with the
ones this process generates.  An interpreter is looked for as $TANGENTISH_PYTHON_3_X,
then pyenv's newest 3.X, then ``python3.X`` on PATH; one that is absent is skipped, and
the test says which.  One that lacks numpy or gast gets a venv of its own with them,
kept in $TANGENTISH_VENV_CACHE (default ~/.cache/tangentish/venvs) for the next run."""
import ast
import glob
import os
import shutil
import subprocess
import sys

import pytest

import tangentish as tg
from tangentish import driver
from tangentish.ir.unparse import unparse
from tests.corpus.funcs_snapshot import CONTROL_SNAPSHOTS, SNAPSHOTS, poly, trig_chain

SUPPORTED = ["3.9", "3.10", "3.11", "3.12", "3.13"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# source -> how tangentish.ir.unparse prints it on every supported Python (the spellings
# of Python 3.11; 3.9/3.10 parenthesise tuple targets and write ``lambda :``, 3.12+ write
# ``f'{a['k']}'``, which the older Pythons cannot read)
PRINTED = {
    "(a, b) = t": "a, b = t",
    "for (i, x) in y: pass": "for i, x in y:\n    pass",
    "f = lambda: 0": "f = lambda: 0",
    "g = lambda x, *a: (x, a)": "g = lambda x, *a: (x, a)",
    "z = (), (1,)": "z = ((), (1,))",
    "q = [(a, b) for (a, b) in c]": "q = [(a, b) for a, b in c]",
    "if (n := 3) > 2: pass": "if (n := 3) > 2:\n    pass",
    "y = x[1, 2]": "y = x[1, 2]",
    "s = f\"{a['k']}\"": "s = f\"{a['k']}\"",
    "s = f'{x!r:>10}' + f'{x:{w}}'": "s = f'{x!r:>10}' + f'{x:{w}}'",
    "s = f'{{}}{x}\\n'": "s = f'{{}}{x}\\n'",
}

SCRIPT = """
import ast
import os
import sys
import tangentish as tg
from tangentish import driver
from tangentish.ir.unparse import unparse
from tests.corpus.funcs_snapshot import CONTROL_SNAPSHOTS, SNAPSHOTS, poly, trig_chain
sys.stdout.write(os.path.abspath(tg.__file__) + "\\n")
for text in %r:
    sys.stdout.write(unparse(ast.parse(text)) + "\\n")
for fn, wrt in SNAPSHOTS + CONTROL_SNAPSHOTS:
    sys.stdout.write(tg.source(tg.grad(fn, wrt=wrt)))
    sys.stdout.write(tg.source(tg.grad(fn, wrt=wrt, preserve_result=True)))
for fn in [poly, trig_chain]:
    sys.stdout.write(tg.source(tg.grad(tg.grad(fn))))
for fn in [poly, trig_chain] + [f for f, _ in CONTROL_SNAPSHOTS]:
    sys.stdout.write(driver.transform(fn, (fn.__code__.co_varnames[0],), "jvp").source)
"""


def here_sources():
    out = [os.path.abspath(tg.__file__) + "\n"]
    out += [unparse(ast.parse(text)) + "\n" for text in PRINTED]
    for fn, wrt in SNAPSHOTS + CONTROL_SNAPSHOTS:
        out.append(tg.source(tg.grad(fn, wrt=wrt)))
        out.append(tg.source(tg.grad(fn, wrt=wrt, preserve_result=True)))
    for fn in [poly, trig_chain]:
        out.append(tg.source(tg.grad(tg.grad(fn))))
    for fn in [poly, trig_chain] + [f for f, _ in CONTROL_SNAPSHOTS]:
        out.append(driver.transform(fn, (fn.__code__.co_varnames[0],), "jvp").source)
    return "".join(out)


def test_printer_spells_each_construct_one_way():
    assert {text: unparse(ast.parse(text)) for text in PRINTED} == PRINTED


def _version_key(path):
    tail = os.path.basename(os.path.dirname(os.path.dirname(path)))
    return tuple(int(p) if p.isdigit() else -1 for p in tail.split("."))


def find_interpreter(version):
    env = os.environ.get("TANGENTISH_PYTHON_" + version.replace(".", "_"))
    if env:
        return env if os.path.exists(env) else None
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    found = sorted(glob.glob(os.path.join(root, "versions", version + ".*", "bin", "python3")),
                   key=_version_key)
    found = [p for p in found if os.path.basename(os.path.dirname(os.path.dirname(p)))
             .replace(version + ".", "", 1).isdigit()]
    if found:
        return found[-1]
    return shutil.which("python" + version)


def _has_requirements(python):
    return subprocess.run([python, "-c", "import numpy, gast"], capture_output=True).returncode == 0


def with_requirements(python, version):
    """``python`` if it imports numpy and gast, else the python of a cached venv that does."""
    if _has_requirements(python):
        return python
    cache = os.environ.get("TANGENTISH_VENV_CACHE",
                           os.path.join(os.path.expanduser("~"), ".cache", "tangentish", "venvs"))
    venv = os.path.join(cache, "py" + version)
    vpython = os.path.join(venv, "bin", "python")
    if not (os.path.exists(vpython) and _has_requirements(vpython)):
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([python, "-m", "venv", venv], check=True, capture_output=True)
        done = subprocess.run([vpython, "-m", "pip", "install", "--quiet", "numpy",
                               "gast>=0.6,<0.8"], capture_output=True, text=True)
        assert done.returncode == 0, \
            f"cannot install numpy and gast for Python {version}:\n{done.stderr}"
    return vpython


def generate(python):
    # run from the repository root (``tests.corpus`` imports as here), with the
    # tangentish this process imported ahead of any other
    here = os.path.dirname(os.path.dirname(os.path.abspath(tg.__file__)))
    path = [here] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=os.pathsep.join(path))
    done = subprocess.run([python, "-c", SCRIPT % (list(PRINTED),)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("version", SUPPORTED)
def test_same_source_on_every_supported_python(version):
    python = find_interpreter(version)
    if python is None:
        pytest.skip(f"Python {version} is not on this machine")
    python = with_requirements(python, version)
    theirs = generate(python)
    assert theirs.splitlines()[0] == os.path.abspath(tg.__file__), \
        "the subprocess imported another tangentish"
    ours = here_sources()
    if theirs != ours:
        import difflib
        diff = "".join(list(difflib.unified_diff(ours.splitlines(True), theirs.splitlines(True),
                                                 f"Python {sys.version.split()[0]}",
                                                 f"Python {version} ({python})"))[:80])
        pytest.fail(f"generated source differs on Python {version}:\n{diff}")
