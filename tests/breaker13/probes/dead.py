import math
import numpy as np


def dead_index(x, y):
    return np.sum(x * 2.0) + y[10]


def dead_math_log(x, c):
    return np.sum(x * x) + math.log(c)


def dead_zero_div(x, c):
    return np.sum(x * x) + 1.0 / c


def dead_attr(x, c):
    return np.sum(x * x) + c.T


def dead_matmul(x, A, b):
    return np.sum(x * x) + np.sum(A @ b)


def dead_none(x, y):
    return np.mean(x - y)


def dead_sqrt_neg(x, c):
    return np.sum(x ** 2) * 1.0 + math.sqrt(c)


def dead_reshape(x, y):
    return np.sum(x ** 2) + np.sum(y.reshape(7))


def dead_broadcast(x, y, w):
    return np.sum(x ** 2) + np.sum(y * w)


def dead_in_loop(x, y):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] ** 2 + y[i]
    return s


def live_mismatch_const(x, y):
    return np.sum(x ** 2) + np.sum(y - x)


def matmul_vec(z, y):
    return np.sum(z ** 2) - y @ z


def dot_vec(z, y):
    return np.sum(z ** 2) - np.dot(y, z)


def matmul_mat(w, X):
    return np.sum((X @ w) ** 2)
