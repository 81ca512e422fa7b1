import numpy as np


def helper_loop(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.5:
            break
        s = s + x[i] ** 2
    return s


def calls_loop_twice(x):
    a = helper_loop(x)
    b = helper_loop(x * 0.5)
    return a * b + a


def calls_loop_in_loop(X):
    s = 0.0
    for i in range(X.shape[0]):
        s = s + helper_loop(X[i])
    return s


def loss(z, y):
    return np.mean(np.logaddexp(0.0, z) - y * z)


def mse(a, b):
    return np.mean((a - b) ** 2)
