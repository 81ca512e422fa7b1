"""brk13c M5: reverse over reverse (grad of a function of the generated gradient) of a
loop updating a slice with loop-dependent bounds crashes: the stack of the inner
gradient holds the slice object, and its derivative pushes zero_derivative(slice)
(TypeError: Cannot interpret 'slice(0, 2, None)' as a data type).  hvp and hessian
(forward over reverse) are right."""
import numpy as np

import tangentish as tg


def loop_window(x):
    y = x * 1.0
    for i in range(len(x) - 1):
        y[i:i + 2] *= 0.9
    return np.sum(y * x)


df = tg.grad(loop_window)
v = np.array([1.0, 2.0, -1.0])


def gsum(x):
    return np.sum(df(x) * v)


def constant_slice_in_loop(x):
    h = x * 1.0
    for _ in range(2):
        h = np.tanh(h)
        h[:1] *= 0.5
    return np.sum(h * h)


dc = tg.grad(constant_slice_in_loop)


def gsum_c(x):
    return np.sum(dc(x) * v)


x = np.array([0.3, -0.5, 0.8])
print("hvp:", tg.hvp(loop_window)(x, v))
for g in (gsum, gsum_c):
    try:
        print("grad of grad:", tg.grad(g)(x))
    except TypeError as exc:
        print("grad of grad: TypeError", exc)
