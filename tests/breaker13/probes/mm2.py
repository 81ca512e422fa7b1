import numpy as np


def vm(a, b):
    return np.sum(a @ b)


def dotf(a, b):
    return np.sum(np.dot(a, b))


def innerf(a, b):
    return np.inner(a, b)


def vm_scaled(a, b):
    return np.sum(a @ b) * 2.0
