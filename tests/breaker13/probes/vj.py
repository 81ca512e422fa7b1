import numpy as np


def arr_out(x):
    return np.sin(x) * 2.0


def diff_out(a, b):
    return a - b


def loop_out(x):
    out = np.zeros_like(x)
    for i in range(len(x)):
        if x[i] > 0.5:
            break
        out[i] = x[i] ** 2
    return out


def scalar_out(x):
    return np.sum(x ** 2)
