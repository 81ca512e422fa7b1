import numpy as np


def m_at(z, y):
    return y @ z


def m_dot_method(z, y):
    return y.dot(z)


def m_inner(z, y):
    return np.inner(y, z)


def m_vdot(z, y):
    return np.vdot(y, z)


def m_matmul_fn(z, y):
    return np.matmul(y, z)


def m_at_rev(z, y):
    return z @ y


def m_at_mean(z, y):
    return (y @ z) / z.shape[0]
