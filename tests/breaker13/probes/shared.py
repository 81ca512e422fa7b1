import numpy as np


def write_y_read_x(x, y):
    s = 0.0
    for i in range(len(x)):
        y[i] = y[i] * 2.0
        if x[i] > 0.0:
            s = s + x[i] ** 2
    return s + np.sum(y * y)


def read_x_then_write_y(x, y):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.0:
            s = s + x[i] ** 2
    for i in range(len(y)):
        y[i] = -3.0 * y[i]
    return s + np.sum(y * x)


def write_param(x):
    for i in range(len(x)):
        x[i] = x[i] ** 2
    return np.sum(x)
