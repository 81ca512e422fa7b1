import numpy as np


def shape_of_float(x, c):
    return np.sum(x * x) / c.shape[0]


def len_of_float(x, c):
    return np.sum(x * x) / len(c)


def size_of_float(x, c):
    return np.sum(x * x) / c.size


def mean_diff(a, b):
    return np.mean(a - b)


def mean_diff_T(a, b):
    return np.mean(a.T - b.T)


def neg_T(a, b):
    return np.sum(a * -b.T)


def loop_len_float(x, c):
    s = 0.0
    for i in range(len(c)):
        s = s + x[i]
    return s


def t_of_T(a, b):
    return np.sum(a * b.T.T)


def ndim_check(a, b):
    return np.sum(a * b.ndim)


def reshape_label(z, y):
    return np.mean(np.logaddexp(0.0, z) - y.reshape(z.shape) * z)


def ravel_label(z, y):
    return np.mean(np.logaddexp(0.0, z) - np.ravel(y) * z)
