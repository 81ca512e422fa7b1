"""The TF autodiff chapter's examples run unchanged on ``tangentish.tf``.

Each ``examples/chapter/*.py`` script runs in its own subprocess from the
repository root (``PYTHONHASHSEED=0``) and its stdout must equal the output
real TensorFlow 2.21 printed, recorded in ``tests/golden/chapter/<stem>.txt``
(for the three scripts where TF itself crashes, the golden is the output the
chapter intends; see ``tests/golden/chapter/DIVERGENCES.md``).

The subprocesses are started together (most of their time is importing), and
each test waits for its own."""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "examples" / "chapter").glob("*.py"))
GOLDEN = ROOT / "tests" / "golden" / "chapter"


@pytest.fixture(scope="module")
def runs():
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
    procs = {s.stem: subprocess.Popen([sys.executable, str(s.relative_to(ROOT))], cwd=ROOT,
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for s in SCRIPTS}
    yield procs
    for proc in procs.values():
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_every_script_has_a_golden():
    assert len(SCRIPTS) == 15
    for script in SCRIPTS:
        assert (GOLDEN / f"{script.stem}.txt").exists(), script.name
        assert script.read_text(encoding="utf-8").splitlines()[0] == "import tangentish.tf as tf"


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_chapter_script_prints_what_tensorflow_prints(script, runs):
    proc = runs[script.stem]
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, f"{script.name} failed:\n{stderr.decode('utf-8')}"
    expected = (GOLDEN / f"{script.stem}.txt").read_text(encoding="utf-8")
    assert stdout.decode("utf-8") == expected
