import numpy as np


def prod_sum(a, b):
    return np.sum(a * b)


def mse(a, b):
    return np.mean((a - b) ** 2)


def sq(a):
    return np.sum(a ** 2)


def loop_rows(a):
    s = 0.0
    for i in range(a.shape[0]):
        s = s + np.sum(a[i] * a[i])
    return s
