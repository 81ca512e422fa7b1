"""brk13c: dump every brk13c cases module's grads into one pickle (for --old)."""
import pickle
import subprocess
import sys
import tempfile

MODULES = ("gen13_accumulators", "gen13_early_exits", "gen13_slices", "gen13_callees", "gen13_shape_checks",
           "gen13_combined", "gen13_random")
out = {}
for m in MODULES:
    with tempfile.NamedTemporaryFile(suffix=".pkl") as fh:
        subprocess.run([sys.executable, "gen13_run.py", "--cases", m, "--dump", fh.name], check=True)
        with open(fh.name, "rb") as f:
            part = pickle.load(f)
    assert not set(part) & set(out), set(part) & set(out)
    out.update(part)
with open(sys.argv[1], "wb") as fh:
    pickle.dump(out, fh)
print(len(out), "entries")
