"""brk13c M1: the gradient of a mean over an empty array raises ZeroDivisionError (the
seed 1.0 divided by the Python int count 0); numpy's primal returns nan (a warning),
autograd returns an empty gradient.  vjp with a Python-float cotangent divided by a
Python 0.0 does the same where numpy's float64 division gives inf."""
import warnings

import numpy as np

import tangentish as tg

warnings.simplefilter("ignore")


def mean(x):
    return np.mean(x)


def logistic_loss(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def scaled_sum(x, c):
    s = 0.0
    for v in x:
        s = s + v / c
    return s


print("primal:", mean(np.zeros(0)))
for fn, args in ((mean, (np.zeros(0),)), (logistic_loss, (np.ones(3), np.zeros((0, 3)), np.zeros(0)))):
    try:
        print(fn.__name__, tg.grad(fn)(*args))
    except ZeroDivisionError as exc:
        print(fn.__name__, "grad: ZeroDivisionError", exc)
x = np.array([1.0, 2.0])
print("primal:", scaled_sum(x, 0.0), "grad:", tg.grad(scaled_sum, wrt=0)(x, 0.0))
_, pb = tg.vjp(scaled_sum, x, 0.0)
try:
    print("vjp:", pb(1.0))
except ZeroDivisionError as exc:
    print("vjp with a Python-float cotangent: ZeroDivisionError", exc)
