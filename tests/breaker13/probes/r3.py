import numpy as np


def mean_axis1(x):
    return np.sum(np.mean(x, axis=1))


def max_axis2(x):
    return np.sum(np.max(x, axis=2))


def mean_axis_m2(x):
    return np.sum(np.mean(x ** 2, axis=-2))


def sum_axis1_keep(x):
    return np.sum(np.sum(x, axis=1, keepdims=True) * 2.0)


def dot_mismatch(x, W):
    return np.sum(np.dot(x, W))


def einsum_mismatch(x, W):
    return np.sum(np.einsum("i,ij->j", x, W))


def where_mismatch(x, c):
    return np.sum(np.where(c, x, 0.0))


def clip_mismatch(x, lo):
    return np.sum(np.clip(x, lo, 1.0))


def stack_mismatch(x, y):
    return np.sum(np.stack([x, y]) ** 2)


def concat_mismatch(x, Y):
    return np.sum(np.concatenate([x, Y]) ** 2)


def mean_count_T(x):
    return np.mean(x.T, axis=1).sum()


def sq_mean_1d_axis0(x):
    return np.mean((x - 1.0) ** 2, axis=0)


def outer_T(x, y):
    return np.mean(np.outer(x, y) - y)
