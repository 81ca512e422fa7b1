import numpy as np, tangentish as tg
import dead as d
z = np.array([0.1, -0.2, 0.3])
CASES = [(d.dead_index, (z, np.ones(3))), (d.dead_math_log, (z, -1.0)), (d.dead_zero_div, (z, 0.0)),
         (d.dead_attr, (z, 2.0)), (d.dead_matmul, (z, np.ones((2, 3)), np.ones(2))), (d.dead_none, (z, None)),
         (d.dead_sqrt_neg, (z, -4.0)), (d.dead_reshape, (z, np.ones(3))),
         (d.dead_broadcast, (z, np.ones(3), np.ones(2))), (d.dead_in_loop, (z, np.ones(2))),
         (d.live_mismatch_const, (z, np.ones(2))), (d.matmul_vec, (z, np.ones(1))), (d.dot_vec, (z, np.ones(1))),
         (d.matmul_vec, (z, np.ones(2))), (d.matmul_mat, (z, np.ones((4, 2)))), (d.matmul_mat, (z, np.ones((4, 1)))),
         (d.matmul_mat, (np.ones(1), np.ones((4, 3))))]
for fn, args in CASES:
    try:
        fn(*args); p = "returns"
    except Exception as e:
        p = type(e).__name__
    out = []
    for how in ("grad", "generic", "vjp", "jvp", "hvp"):
        try:
            if how == "grad": r = tg.grad(fn, wrt=0)(*args)
            elif how == "generic": r = tg.grad(fn, wrt=0).generated(*args)
            elif how == "vjp": r = tg.vjp(fn, *args)[1](1.0)
            elif how == "jvp": r = tg.jvp(fn, args, (np.ones_like(args[0]),) + tuple(np.zeros_like(a, dtype=float) if isinstance(a, np.ndarray) else 0.0 for a in args[1:]))
            else: r = tg.hvp(fn, wrt=0)(*args, np.ones_like(args[0]))
            out.append(f"{how}:RETURNS")
        except Exception as e:
            out.append(f"{how}:{type(e).__name__}")
    flag = "WRONG" if p != "returns" and any("RETURNS" in o for o in out) else "ok"
    print(flag, fn.__name__, [np.shape(a) for a in args[1:]], "primal:", p, out)
