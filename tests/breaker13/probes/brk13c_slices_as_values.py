"""brk13c: slices, ranges and Ellipsis as values the code carries (a list of slices, a
slice argument, a range iterated) through grad, hvp and grad of grad, against finite
differences (main e94d9de makes zero_derivative of a slice None)."""
import numpy as np

import tangentish as tg


def list_of_slices(x):
    y = x * 1.0
    for s in [slice(0, 2), slice(1, 3)]:
        y[s] *= 0.5
    return np.sum(y * x)


def slice_argument(x, s):
    y = x * 1.0
    y[s] *= 3.0
    for i in range(2):
        y[s] = y[s] * 0.5 + x[s]
    return np.sum(y * y)


def ellipsis_loop(x):
    y = x * 1.0
    for _ in range(2):
        y[...] *= 0.7
        y = np.sin(y)
    return np.sum(y)


def range_value(x):
    r = range(1, len(x))
    s = 0.0
    for i in r:
        s = s + x[i] * x[i - 1]
    return s


def fd(f, x, rest, h=1e-6):
    g = np.zeros_like(x)
    for k in range(x.size):
        e = np.zeros_like(x)
        e[k] = h
        g[k] = (f(x + e, *rest) - f(x - e, *rest)) / (2 * h)
    return g


v = np.array([1.0, -2.0, 0.5])
x = np.array([0.3, -0.5, 0.8])
for fn, rest in ((list_of_slices, ()), (slice_argument, (slice(1, None),)), (ellipsis_loop, ()),
                 (range_value, ())):
    df = tg.grad(fn)

    def gsum(x, *rest):
        return np.sum(df(x, *rest) * v)
    try:
        g = df(x, *rest)
        hv = tg.hvp(fn)(x, *rest, v)
        rr = tg.grad(gsum)(x, *rest)
        ref_g = fd(fn, x, rest)
        ref_h = (df(x + 1e-5 * v, *rest) - df(x - 1e-5 * v, *rest)) / 2e-5
        print(fn.__name__, "grad", np.allclose(g, ref_g, atol=1e-5), "hvp", np.allclose(hv, ref_h, atol=1e-4),
              "grad of grad", np.allclose(rr, ref_h, atol=1e-4))
    except Exception as exc:
        print(fn.__name__, type(exc).__name__, str(exc)[:200])
