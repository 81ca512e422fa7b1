"""brk13c: pullbacks of array-valued functions whose first cotangent is the caller's
own array: the accumulation in the reverse loop must not write into it (the copies
e13 removes), and the cotangents must match finite differences of the Jacobian."""
import numpy as np

import tangentish as tg


def running(x):
    out = x
    for i in range(len(x)):
        out = out + x[i]
    return out


def early(x):
    for v in x:
        if v > 0.5:
            return x * v
    return x


def early_acc(x):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i]
        if s > 0.8:
            return x + s
    return x


def elementwise_loop(x):
    y = x
    for i in range(len(x)):
        y = y * 1.0
        y[i] = y[i] * 2.0
    return y


def returns_param(x, w):
    for v in w:
        if v > 0.5:
            return x * v
    return x


def jac_fd(f, args, p, h=1e-6):
    x = args[p]
    cols = []
    for k in range(x.size):
        e = np.zeros_like(x)
        e.flat[k] = h
        hi = list(args)
        lo = list(args)
        hi[p], lo[p] = x + e, x - e
        cols.append((f(*hi) - f(*lo)) / (2 * h))
    return np.stack(cols, axis=-1)


for fn, args in ((running, (np.array([0.3, -0.2, 0.4]),)), (early, (np.array([0.1, 0.9, 0.3]),)),
                 (early, (np.array([0.1, 0.2]),)), (early_acc, (np.array([0.5, 0.6, 0.1]),)),
                 (early_acc, (np.array([0.1, 0.2]),)), (elementwise_loop, (np.array([0.3, -0.2]),)),
                 (returns_param, (np.array([0.3, -0.2]), np.array([0.1, 0.2]))),
                 (returns_param, (np.array([0.3, -0.2]), np.array([0.1, 0.9])))):
    y, pb = tg.vjp(fn, *[a.copy() for a in args])
    dy = np.arange(1.0, 1.0 + np.size(y)).reshape(np.shape(y))
    given = dy.copy()
    cts = pb(given)
    cts = cts if isinstance(cts, tuple) else (cts,)
    want = [dy.reshape(-1) @ jac_fd(fn, args, p).reshape(np.size(y), -1) for p in range(len(args))]
    ok = all(np.allclose(np.ravel(c), w, atol=1e-5) for c, w in zip(cts, want))
    print(f"{fn.__name__}{[list(a) for a in args]}: {'OK' if ok else 'WRONG'}"
          f"{'' if np.array_equal(given, dy) else ' (the pullback wrote into the cotangent given)'}")
