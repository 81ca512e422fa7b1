"""Sixth round: an array written element by element while another name sees the same
memory through a view numpy returns (np.asarray, ravel, real, astype(copy=False),
reshape, [::-1], .T, [None], squeeze, atleast_1d, ascontiguousarray...)."""
import numpy as np


def v_reverse(x):
    y = x * 1.0
    w = y[::-1]
    for i in range(len(y)):
        y[i] = w[i] * 0.5 + x[i]
    return np.sum(y * y)


def v_asarray(x):
    y = x * 1.0
    w = np.asarray(y)
    for i in range(len(y)):
        y[i] = y[i] * x[i]
    return np.sum(w * x)


def v_ravel(x):
    y = x * 1.0
    w = np.ravel(y)
    for i in range(len(y)):
        y[i] = np.sin(y[i])
    return np.sum(w * y)


def v_method_ravel(x):
    y = x * 1.0
    w = y.ravel()
    y[0] = 3.0 * y[1]
    return np.sum(w * x)


def v_real(x):
    y = x * 1.0
    w = np.real(y)
    y[1] = y[0] ** 2
    return np.sum(w * x)


def v_attr_real(x):
    y = x * 1.0
    w = y.real
    y[1] = y[0] ** 2
    return np.sum(w * x)


def v_astype(x):
    y = x * 1.0
    w = y.astype(np.float64, copy=False)
    y[1] = y[0] * 4.0
    return np.sum(w * x)


def v_reshape(x):
    y = x * 1.0
    w = y.reshape(-1, 1)
    y[0] = y[2] * 2.0
    return np.sum(w[:, 0] * x)


def v_none(x):
    y = x * 1.0
    w = y[None]
    y[0] = y[1] * 2.0
    return np.sum(w * x)


def v_squeeze(x):
    y = x * 1.0
    w = np.squeeze(y)
    y[0] = y[1] * 2.0
    return np.sum(w * x)


def v_atleast(x):
    y = x * 1.0
    w = np.atleast_1d(y)
    y[0] = y[1] * 2.0
    return np.sum(w * x)


def v_contig(x):
    y = x * 1.0
    w = np.ascontiguousarray(y)
    y[0] = y[1] * 2.0
    return np.sum(w * x)


def v_expand(x):
    y = x * 1.0
    w = np.expand_dims(y, 0)
    y[0] = y[1] * 2.0
    return np.sum(w * x)


def v_transpose(X):
    Y = X * 1.0
    W = Y.T
    Y[0, 1] = Y[1, 0] * 3.0
    return np.sum(W * X.T)


def v_swap(X):
    Y = X * 1.0
    W = np.swapaxes(Y, 0, 1)
    Y[0, 1] = Y[1, 0] * 3.0
    return np.sum(W * X.T)


def v_row(X):
    Y = X * 1.0
    r = Y[0]
    for j in range(Y.shape[1]):
        Y[0, j] = Y[0, j] * 2.0 + 1.0
    return np.sum(r * X[0])


def v_col_loop(X):
    Y = X * 1.0
    c = Y[:, 0]
    for i in range(Y.shape[0]):
        Y[i] = Y[i] * 2.0
    return np.sum(c * X[:, 0])


def v_ellipsis(X):
    Y = X * 1.0
    c = Y[..., 0]
    Y[0, 0] = 5.0 * Y[1, 1]
    return np.sum(c * X[:, 0])


def v_diag(X):
    Y = X * 1.0
    d = np.diagonal(Y)
    Y[0, 0] = Y[0, 1] * 3.0
    return np.sum(d * X[0, 0])


def v_aug_view(x):
    y = x * 1.0
    w = y[1:]
    w *= 2.0
    return np.sum(y * x)


def v_aug_view_loop(x):
    y = x * 1.0
    w = y[1:]
    for i in range(len(w)):
        w[i] = w[i] * 3.0
    return np.sum(y * x)


def v_view_method(x):
    y = x * 1.0
    w = y.view()
    y[0] = y[1] * 2.0
    return np.sum(w * x)


def v_flatten_copy(x):
    y = x * 1.0
    w = y.flatten()
    y[0] = y[1] * 2.0
    return np.sum(w * x) + np.sum(y)


def v_param_view(x):
    w = x[::2]
    for i in range(len(w)):
        w[i] = w[i] ** 2
    return np.sum(x)


def v_closure(x):
    y = x * 1.0

    def get():
        return y
    w = get()
    y[0] = 2.0 * y[1]
    return np.sum(w * x)


def v_tuple(x):
    y = x * 1.0
    t = (y, 1.0)
    y[0] = 2.0 * y[1]
    return np.sum(t[0] * x)


def v_list(x):
    y = x * 1.0
    t = [y]
    y[0] = 2.0 * y[1]
    return np.sum(t[0] * x)


def v_dict(x):
    y = x * 1.0
    d = {"y": y}
    d["y"][0] = 2.0 * y[1]
    return np.sum(y * x)


def v_ident_fn(x):
    y = x * 1.0
    w = ident(y)
    y[0] = 2.0 * y[1]
    return np.sum(w * x)


def ident(a):
    return a


def v_ident_fn2(x):
    y = x * 1.0
    w = first(y, 2.0)
    for i in range(len(y)):
        y[i] = y[i] * 2.0
    return np.sum(w * x)


def first(a, b):
    return a if b > 0 else a * 2.0


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


x = np.array([0.4, -0.3, 0.8, -0.9, 0.2])
X = np.array([[0.4, -0.3, 0.8], [-0.9, 0.2, 0.5], [0.1, 0.7, -0.6]])
for fn in (v_reverse, v_asarray, v_ravel, v_method_ravel, v_real, v_attr_real, v_astype, v_reshape, v_none,
           v_squeeze, v_atleast, v_contig, v_expand, v_aug_view, v_aug_view_loop, v_view_method,
           v_flatten_copy, v_param_view, v_closure, v_tuple, v_list, v_dict, v_ident_fn, v_ident_fn2):
    add(fn.__name__, fn, x.copy(), mutates=True)
for fn in (v_transpose, v_swap, v_row, v_col_loop, v_ellipsis, v_diag):
    add(fn.__name__, fn, X.copy(), mutates=True)
