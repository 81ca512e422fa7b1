import numpy as np
def matmul_labels(z, y):
    return np.sum(np.logaddexp(0.0, z)) - y @ z
def matmul_sq(z, y):
    return np.sum(z ** 2) - y @ z
def matmul_sq2(z, y):
    return np.sum(z * z) - y @ z
def dot_labels(z, y):
    return np.sum(np.logaddexp(0.0, z)) - np.dot(y, z)
def matmul_only(z, y):
    return y @ z
def matmul_mean(z, y):
    return np.mean(np.logaddexp(0.0, z)) - y @ z / z.shape[0]
def matmul_2d(w, X):
    return np.sum(np.logaddexp(0.0, X @ w))
