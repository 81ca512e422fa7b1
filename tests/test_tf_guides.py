"""examples/tf_guides/*.py print what TensorFlow 2.21 prints.

Each script is TF's autodiff guides' style of code written for this project;
tests/golden/record_tf_guides.py ran it with ``import tensorflow as tf`` (its
only change) and stored TF's stdout in tests/golden/tf_guides/<name>.txt.
Random values are seeded and only their shapes and dtypes are printed;
transcendental results are rounded (numpy and Eigen differ in the last bit)."""
import contextlib
import io
import pathlib
import runpy

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "examples" / "tf_guides").glob("*.py"))
GOLDEN = ROOT / "tests" / "golden" / "tf_guides"


def test_every_example_has_a_recording():
    assert len(SCRIPTS) >= 9
    assert {p.stem for p in SCRIPTS} == {p.stem for p in GOLDEN.glob("*.txt")}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_example_prints_what_tensorflow_prints(script):
    assert script.read_text(encoding="utf-8").count("import tangentish.tf as tf\n") == 1
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(str(script), run_name="__main__")
    assert out.getvalue() == (GOLDEN / f"{script.stem}.txt").read_text(encoding="utf-8")
