"""Record real TensorFlow's stdout for each examples/tf_guides/*.py into
tests/golden/tf_guides/<name>.txt.

Run ONLY with a Python that has real TensorFlow (a scratch venv):

    /tmp/tfvenv/bin/python tests/golden/record_tf_guides.py

Each example runs unchanged except its import line (``import tangentish.tf as
tf`` becomes ``import tensorflow as tf``), in a fresh interpreter."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = pathlib.Path(__file__).resolve().parent / "tf_guides"
IMPORT_LINE = "import tangentish.tf as tf\n"

env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
OUT.mkdir(exist_ok=True)
for script in sorted((ROOT / "examples" / "tf_guides").glob("*.py")):
    text = script.read_text(encoding="utf-8")
    assert text.count(IMPORT_LINE) == 1, script
    text = text.replace(IMPORT_LINE, "import tensorflow as tf\n")
    run = subprocess.run([sys.executable, "-c", text], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True)
    (OUT / (script.stem + ".txt")).write_text(run.stdout, encoding="utf-8")
    print(f"{script.name}: {len(run.stdout.splitlines())} lines")
