"""brk13c M3: a name bound on some paths only is read as the placeholder None on the
others: where the primal raises UnboundLocalError, grad raises TypeError or returns."""
import numpy as np

import tangentish as tg


def last_positive(x):
    for v in x:
        if v > 0.0:
            last = v
    pair = (last, 1.0)
    return np.sum(x) * pair[1]


def last_times_two(x):
    for v in x:
        if v > 0.0:
            last = v
    return last * 2.0


x = np.array([-0.2, -0.3])
for fn in (last_positive, last_times_two):
    try:
        fn(x)
    except UnboundLocalError as exc:
        print(fn.__name__, "primal raises UnboundLocalError:", exc)
    try:
        print(fn.__name__, "grad returns", tg.grad(fn)(x))
    except Exception as exc:
        print(fn.__name__, "grad raises", type(exc).__name__, exc)
