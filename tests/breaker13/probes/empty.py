import numpy as np


def sq_sum(x):
    return np.sum(x ** 2)


def vec(x):
    return x * 2.0
