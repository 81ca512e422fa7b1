"""brk13c M2: an in-place operator whose result broadcasts beyond its target raises in
numpy ("non-broadcastable output operand"); the derivative's functional rewrite returns."""
import numpy as np

import tangentish as tg


def f(x, y):
    acc = x * 1.0
    acc += y
    return np.sum(acc * acc)


def g(x, v):
    y = x * 1.0
    y[1:] *= v
    return np.sum(y * y)


for fn, args in ((f, (np.ones(1), np.arange(3.0))), (g, (np.arange(4.0), np.ones((1, 3))))):
    try:
        fn(*args)
    except ValueError as exc:
        print(fn.__name__, "primal raises:", exc)
    try:
        print(fn.__name__, "grad returns:", tg.grad(fn, wrt=(0, 1))(*args))
    except ValueError as exc:
        print(fn.__name__, "grad raises too:", exc)
