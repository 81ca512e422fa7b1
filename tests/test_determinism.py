"""Generated source is byte-for-byte identical across processes and hash seeds."""
import os
import subprocess
import sys

import tangentish as tg
from funcs_snapshot import SNAPSHOTS

SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
import tangentish as tg
from funcs_snapshot import SNAPSHOTS
for fn, wrt in SNAPSHOTS:
    sys.stdout.write(tg.source(tg.grad(fn, wrt=wrt)))
    sys.stdout.write(tg.source(tg.grad(fn, wrt=wrt, preserve_result=True)))
"""


def generate(seed):
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    tests = os.path.dirname(__file__)
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(tests=tests)], env=env,
                         capture_output=True, text=True, check=True)
    return out.stdout


def test_same_source_across_processes_and_hash_seeds():
    outputs = {generate(seed) for seed in (0, 1, 12345)}
    assert len(outputs) == 1
    here = "".join(tg.source(tg.grad(fn, wrt=wrt)) + tg.source(tg.grad(fn, wrt=wrt, preserve_result=True))
                   for fn, wrt in SNAPSHOTS)
    assert outputs == {here}
