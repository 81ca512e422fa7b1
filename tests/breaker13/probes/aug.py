import numpy as np


def aug_break(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.75:
            break
        s += x[i] ** 2
    return s


def aug_continue(x):
    s = 0.0
    for v in x:
        if v < 0:
            continue
        s += np.sin(v)
    return s


def enum_store(X):
    out = np.zeros_like(X)
    for i, row in enumerate(X):
        out[i] = row * 2.0 + row ** 2
    return np.sum(out)


def aug_elem_break(x):
    out = np.zeros(len(x))
    for i in range(len(x)):
        out[i] += x[i] * 2.0
        if out[i] > 1.0:
            break
    return np.sum(out ** 2)


def shape_then_store(X):
    n = X.shape[0]
    Y = np.zeros((n, X.shape[1]))
    for i in range(n):
        Y[i] = X[i] / np.sum(X[i] ** 2)
    return np.sum(Y * X)


def shape_then_inplace_copy(X):
    Y = X.copy()
    for i in range(Y.shape[0]):
        Y[i] = Y[i] * 2.0
    return np.sum(Y * X)


def len_then_inplace_copy(X):
    Y = X.copy()
    for i in range(len(Y)):
        Y[i] = Y[i] * 2.0
    return np.sum(Y * X)


def normalize_rows(X):
    Y = np.array(X)
    for i in range(len(Y)):
        Y[i] /= np.linalg.norm(Y[i])
    return np.sum(Y[:, 0])
