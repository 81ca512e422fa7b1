import numpy as np


def opt_label(z, y=None):
    if y is None:
        y = 0.0
    return np.mean((z - y) ** 2)


def scaled(x, scale=1.0):
    return np.mean((x * scale) ** 2)


def kw_only(x, *, w):
    return np.mean((x - w) ** 2)


def star_args(x, *ys):
    s = 0.0
    for y in ys:
        s = s + np.mean((x - y) ** 2)
    return s


def kwargs_fn(x, **kw):
    return np.mean((x - kw["y"]) ** 2)
