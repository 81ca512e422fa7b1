"""brk13c: the standalone module tangentish.export writes for this round's functions
computes tg.grad's numbers (run in a fresh namespace, numpy only)."""
import sys
import types
import warnings

import numpy as np

import tangentish as tg

sys.path.insert(0, __file__.rsplit("/", 2)[0])
import gen13_accumulators as A  # noqa: E402
import gen13_early_exits as E  # noqa: E402
import gen13_shape_checks as S  # noqa: E402
import gen13_slices as L  # noqa: E402
import gen13_callees as C  # noqa: E402
import gen13_combined as M  # noqa: E402

warnings.simplefilter("ignore")
X6 = np.arange(18.0).reshape(6, 3) / 9
CASES = [(A.acc_elem, (np.array([0.3, -0.5, 0.8]),)), (A.acc_break, (np.array([0.3, -1.5, 0.8]),)),
         (E.er_basic, (np.array([0.1, 0.9, 0.2]),)), (E.er_acc_sum_fallback, (np.array([0.1, 0.2]),)),
         (E.er_for_else, (np.array([0.1, 0.9, 0.2]),)), (E.er_nested, (np.array([[0.1, 0.2], [0.9, 0.1]]),)),
         (L.sl_inplace_update, (np.array([0.3, -0.5, 0.8]),)), (L.sl_named_reused, (np.array([0.3, -0.5, 0.8, 0.1]),)),
         (L.xent, (np.arange(12.0).reshape(4, 3) / 7, np.eye(3)[[0, 1, 2, 0]])),
         (S.logistic_loss, (np.array([0.1, -0.2, 0.3]), X6, np.arange(6) % 2 * 1.0)),
         (S.logistic_prob, (np.array([0.1, -0.2, 0.3]), X6, np.arange(6) % 2 * 1.0)),
         (S.pf_row_item, (X6, np.array([0.1, -0.2, 0.3]))),
         (C.c_calls, (np.ones((5, 3)) * 0.2, np.ones((3, 4)) * 0.1, np.ones(4) * 0.1, np.ones((4, 2)) * 0.3,
                      np.ones(2) * 0.1)),
         (C.c_closure, (np.array([0.3, -0.5, 0.8]), 1.5)), (C.c_branchy, (np.array([0.3, -0.5, 0.8]),)),
         (M.train_steps, (np.array([0.1, -0.2, 0.3]), X6, np.arange(6) % 2 * 1.0, 0.5)),
         (M.batched_xent, (np.ones((2, 3)) * 0.1, np.ones((6, 2)), np.eye(3)[np.arange(6) % 3], 2))]
for fn, args in CASES:
    wrt = tuple(i for i, a in enumerate(args) if isinstance(a, (float, np.ndarray)) and np.asarray(a).dtype.kind == "f")
    want = tg.grad(fn, wrt=wrt)(*args)
    try:
        text = tg.export(fn, mode="grad", wrt=wrt)
        mod = types.ModuleType("exported")
        exec(compile(text, f"<export of {fn.__name__}>", "exec"), mod.__dict__)
        name = [k for k in mod.__dict__ if k.startswith("grad_")][-1]
        got = mod.__dict__[name](*args)
    except Exception as exc:
        print(f"{fn.__name__}: {type(exc).__name__}: {str(exc)[:200]}")
        continue
    want, got = (w if isinstance(w, tuple) else (w,) for w in (want, got))
    ok = all(np.allclose(a, b) and np.shape(a) == np.shape(b) for a, b in zip(got, want))
    print(f"{fn.__name__}: {'OK' if ok else 'WRONG'}")
