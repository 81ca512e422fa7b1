import sys
import numpy as np, tangentish as tg
import gen13_fourth as m
z = np.array([0.1, -0.2, 0.3, 0.5, -0.4]); y1 = np.array([1.0])
for fn, args in ((m.matmul_labels, (z, y1)), (m.m_mean_diff_T, (z, 1.0)), (m.m_mean_diff_T, (z, 1))):
    for how in ("grad", "generic", "vjp", "jvp"):
        try:
            if how == "grad":
                df = tg.grad(fn, wrt=0); r = df(*args)
            elif how == "generic":
                r = tg.grad(fn, wrt=0).generated(*args)
            elif how == "vjp":
                r = tg.vjp(fn, z, args[1])[1](1.0) if isinstance(args[1], np.ndarray) else "n/a"
            else:
                r = tg.jvp(fn, args, (np.ones(5), np.zeros_like(args[1]) if isinstance(args[1], np.ndarray) else 0.0))
            print(fn.__name__, how, "RETURNS", r)
        except Exception as e:
            print(fn.__name__, how, type(e).__name__, str(e)[:150])
    try: fn(*args)
    except Exception as e: print("  primal:", type(e).__name__, e)
    df = tg.grad(fn, wrt=0); df(*args); print(tg.source(df))
