"""brk13c: jacobian (reverse and forward) of array-valued functions built from this
round's constructs, against finite differences."""
import numpy as np

import tangentish as tg


def early_vec(x):
    for v in x:
        if v > 0.5:
            return x * v
    return np.sin(x)


def slices_vec(x):
    y = x * 1.0
    y[1:] *= 2.0
    y[:-1] += x[1:]
    return y * y


def acc_vec(x):
    s = 0.0
    for v in x:
        s = s + v * v
    return x * s


def helper(v):
    return np.tanh(v) * 2.0


def callee_vec(x):
    return helper(x) * helper(x[0]) + helper(2.0)


def softmax_vec(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def fd_jac(f, x, h=1e-6):
    cols = []
    for k in range(x.size):
        e = np.zeros_like(x)
        e[k] = h
        cols.append((f(x + e) - f(x - e)) / (2 * h))
    return np.stack(cols, axis=-1)


for fn in (early_vec, slices_vec, acc_vec, callee_vec, softmax_vec):
    for x in (np.array([0.3, -0.5, 0.8]), np.array([0.1, 0.2, -0.3]), np.array([0.7])):
        ref = fd_jac(fn, x)
        out = []
        for mode in ("reverse", "forward"):
            try:
                out.append(np.allclose(tg.jacobian(fn, mode=mode)(x), ref, atol=1e-5))
            except Exception as exc:
                out.append(f"{type(exc).__name__}: {str(exc)[:100]}")
        print(fn.__name__, list(x), out)
