import numpy as np


def cx_loop_break(z):
    s = 0.0
    for i in range(len(z)):
        s = s + np.abs(z[i]) ** 2
        if s > 1.5:
            break
    return s


def cx_mean_diff(z, w):
    return np.mean(np.abs(z - w) ** 2)


def cx_logistic(z, y):
    return np.mean(np.logaddexp(0.0, np.real(z)) - y * np.real(z)) + np.mean(np.imag(z) ** 2)


def cx_for_v(z):
    s = 0.0
    for v in z:
        s = s + np.real(v * np.conj(v)) * 0.5
    return s


def cx_inplace(z):
    y = z * 1.0
    for i in range(len(y)):
        y[i] = y[i] * (1.0 + 1.0j)
    return np.sum(np.abs(y) ** 2)


def cx_TT(z):
    return np.sum(np.abs(z.T.T * z) ** 2)
