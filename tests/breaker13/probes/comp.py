import numpy as np


def gen_sum(x):
    return sum(x[i] ** 2 for i in range(len(x)) if x[i] > 0)


def list_comp(x):
    return np.sum(np.array([v * v for v in x if v < 0.5]))


def comp_zip(x, y):
    return sum(a * b for a, b in zip(x, y))


def any_break(x):
    s = 0.0
    for v in x:
        s = s + v
        if any(x > 5.0):
            break
    return s


def min_builtin(x):
    return min(x[0], x[1]) * max(x[2], 0.1)
