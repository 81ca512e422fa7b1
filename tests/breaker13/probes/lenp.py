import numpy as np


def append_after(x, xs):
    s = 0.0
    for i in range(len(xs)):
        s = s + xs[i] * x[i]
    xs.append(1.0)
    return s


def pop_after(x, xs):
    s = 0.0
    for i in range(len(xs)):
        s = s + xs[i] * x[i] ** 2
    xs.pop()
    return s * x[0]


def append_after_arr(x, rows):
    s = 0.0
    for k in range(len(rows)):
        s = s + np.sum(rows[k] * x)
    rows.append(x * 2.0)
    return s + np.sum(rows[-1])


def dict_param_len(x, d):
    s = 0.0
    for k in range(len(d)):
        s = s + x[k] * d[k]
    d[len(d)] = 3.0
    return s


def len_x_loop_then_param_mut(x):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] ** 2
    return s


def list_param_grad(xs):
    s = 0.0
    for i in range(len(xs)):
        s = s + xs[i] ** 2
    xs.append(0.0)
    return s


def list_param_clear(xs):
    s = 0.0
    for i in range(len(xs)):
        s = s + xs[i] ** 3
    xs.clear()
    return s
