"""The TF autodiff chapter's examples run unchanged on ``tangentish.tf``.

Each ``examples/chapter/*.py`` script runs in a subprocess from the repository
root and its stdout must equal the output real TensorFlow 2.21 printed,
recorded in ``tests/golden/chapter/<stem>.txt`` (for the three scripts where
TF itself crashes, the golden is the output the chapter intends; see
``tests/golden/chapter/DIVERGENCES.md``)."""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "examples" / "chapter").glob("*.py"))
GOLDEN = ROOT / "tests" / "golden" / "chapter"


def test_every_script_has_a_golden():
    assert len(SCRIPTS) == 15
    for script in SCRIPTS:
        assert (GOLDEN / f"{script.stem}.txt").exists(), script.name
        assert script.read_text(encoding="utf-8").splitlines()[0] == "import tangentish.tf as tf"


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_chapter_script_prints_what_tensorflow_prints(script):
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, str(script.relative_to(ROOT))], cwd=ROOT, env=env,
                          capture_output=True, timeout=120)
    stdout = proc.stdout.decode("utf-8")
    assert proc.returncode == 0, f"{script.name} failed:\n{proc.stderr.decode('utf-8')}"
    expected = (GOLDEN / f"{script.stem}.txt").read_text(encoding="utf-8")
    assert stdout == expected
