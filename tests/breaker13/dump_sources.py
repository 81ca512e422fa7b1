"""brk13c: the specialized grad source of every case of a cases module, to a pickle
(to see which cases a branch's rewrite changes).  Usage:
  PYTHONPATH=<tree> python dump_sources.py MODULE OUT.pkl"""
import pickle
import sys
import warnings

import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import gen13_run  # noqa: E402
import tangentish as tg  # noqa: E402

warnings.simplefilter("ignore")
mod = __import__(sys.argv[1])
out = {}
for name, f, args, opts in mod.CASES:
    wrt = tuple(i for i, a in enumerate(args) if gen13_run.is_real_float(a) or
                (opts.get("complex") and np.iscomplexobj(a)))
    try:
        out[name] = tg.source(tg.grad(f, wrt=wrt), *gen13_run.cp(args))
    except Exception as exc:
        out[name] = f"{type(exc).__name__}: {exc}"
with open(sys.argv[2], "wb") as fh:
    pickle.dump(out, fh)
