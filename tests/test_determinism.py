"""Generated source is byte-for-byte identical across processes and hash seeds."""
import os
import subprocess
import sys

import tangentish as tg
from tests.corpus.funcs_snapshot import SNAPSHOTS

SCRIPT = """
import sys
import tangentish as tg
from tests.corpus.funcs_snapshot import SNAPSHOTS
for fn, wrt in SNAPSHOTS:
    sys.stdout.write(tg.source(tg.grad(fn, wrt=wrt)))
    sys.stdout.write(tg.source(tg.grad(fn, wrt=wrt, preserve_result=True)))
"""

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(seed):
    # run from the repository root (``python -c`` puts the working directory first on
    # sys.path, so ``tests.corpus`` imports as here), with the tangentish this process
    # imported ahead of any installed one
    here = os.path.dirname(os.path.dirname(os.path.abspath(tg.__file__)))
    path = [here] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    env = dict(os.environ, PYTHONHASHSEED=str(seed), PYTHONPATH=os.pathsep.join(path))
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    return out.stdout


def test_same_source_across_processes_and_hash_seeds():
    outputs = {generate(seed) for seed in (0, 1, 12345)}
    assert len(outputs) == 1
    here = "".join(tg.source(tg.grad(fn, wrt=wrt)) + tg.source(tg.grad(fn, wrt=wrt, preserve_result=True))
                   for fn, wrt in SNAPSHOTS)
    assert outputs == {here}
