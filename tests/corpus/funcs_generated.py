"""Representative functions whose generated derivatives are measured (issue 13).

tests/test_generated_size.py prints, for each, the user's lines, the generated
lines and the runtime-helper call sites, and holds the totals to the targets.
Each entry: (function, wrt, example arguments).  The kinds the issue names are
all here: straight-line numpy, logistic loss, an MLP, an RNN, loops, branches,
calls, closures, containers, in-place updates, element loops, early returns.
"""
import math

import numpy as np

W = np.linspace(0.5, 1.5, 6).reshape(3, 2)


def straight_line(x):
    y = np.sin(x) * np.exp(x)
    return np.sum(y ** 2)


def logistic_loss(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def logistic_prob(w, X, y):
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def mlp(W1, b1, W2, b2, X, Y):
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2 + b2
    m = np.max(logits, axis=1, keepdims=True)
    s = logits - m
    lse = np.log(np.sum(np.exp(s), axis=1, keepdims=True))
    return -np.sum(Y * (s - lse)) / X.shape[0]


def rnn(Wx, Wh, b, xs, h0):
    h = h0
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ Wx + h @ Wh + b)
    return np.sum(h * h)


def scalar_math(a, b):
    c = math.sin(a) * math.exp(b) + a * b
    return math.log(1.0 + c * c)


def softmax_xent(logits, labels):
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=1))


def scalar_loop(x, n):
    for i in range(n):
        x = np.sin(x) * 1.01 + 0.1 * x
    return x


def while_loop(x):
    i = 0
    while i < 10:
        x = x * 0.9 + np.cos(x)
        i += 1
    return x


def branches(x):
    if np.sum(x) > 0.0:
        y = np.exp(x)
    else:
        y = x * x
    return np.sum(y)


def early_return(x):
    for v in x:
        if v > 0.5:
            return v * 2.0
    return np.sum(x)


def loop_break(x):
    total = 0.0
    for v in x:
        if v < -1.0:
            break
        total = total + v * v
    return total


def dense(h, W, b):
    return np.tanh(h @ W + b)


def calls(x, W1, b1, W2, b2):
    h = dense(x, W1, b1)
    return np.sum(dense(h, W2, b2) ** 2)


def closure(x, scale):
    def f(z):
        return np.sin(z) * scale
    return np.sum(f(x) + f(2.0 * x))


def dict_params(params, x):
    h = np.tanh(x @ params["W"] + params["b"])
    return np.sum(h ** 2)


def list_build(x):
    ys = []
    for i in range(3):
        ys.append(np.sin(x * i))
    return np.sum(np.stack(ys) ** 2)


def tuple_unpack(x):
    a, b = np.sin(x), np.cos(x)
    return np.sum(a * b)


def inplace_update(x):
    y = x * 1.0
    y[0] += x[1]
    y[1:] *= 2.0
    return np.sum(y * y)


def prealloc_fill(x):
    out = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        out[i] = np.sin(x[i]) * x[i]
    return np.sum(out ** 2)


def element_read(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i] * x[i]
    return s


def iterate_values(x):
    s = 0.0
    for v in x:
        s = s + np.sin(v)
    return s


def iterate_rows(X, w):
    s = 0.0
    for row in X:
        s = s + np.tanh(row @ w)
    return s


def indexing(x):
    return x[0, 0] * np.sum(x[:, 1]) + np.sum(x[1:3] ** 2)


def reductions(x):
    return np.mean(x, axis=0).sum() + np.max(x, axis=1).sum() + np.min(x)


def broadcast_ops(x, s):
    return np.sum(x / s) + np.sum(x * W[:, 0:1])


def where_abs(x):
    return np.sum(np.where(x > 0.0, np.sqrt(np.abs(x)), x ** 2))


def normalize_rows(X):
    mu = np.mean(X, axis=1, keepdims=True)
    sd = np.std(X, axis=1, keepdims=True)
    return np.sum(((X - mu) / sd) ** 3)


def matrix_ops(A, B):
    C = A @ B.T
    return np.trace(C @ C.T) + np.sum(np.diag(A @ A.T))


def _inputs():
    rng = np.random.default_rng(0)
    return dict(
        v3=rng.standard_normal(3), v5=rng.standard_normal(5),
        M32=rng.standard_normal((3, 2)), X=rng.standard_normal((6, 3)),
        y=(rng.random(6) < 0.5).astype(float),
        W1=rng.standard_normal((3, 4)) * 0.5, b1=rng.standard_normal(4) * 0.1,
        W2=rng.standard_normal((4, 2)) * 0.5, b2=rng.standard_normal(2) * 0.1,
        Y=np.eye(2)[[0, 1, 1, 0, 1, 0]], Y3=np.eye(3)[[0, 1, 2, 0, 1, 2]],
        Wx=rng.standard_normal((3, 4)) * 0.5, Wh=rng.standard_normal((4, 4)) * 0.3,
        h0=np.zeros(4), w=rng.standard_normal(3) * 0.3)


_I = _inputs()
CORPUS = [
    (straight_line, 0, (_I["v3"],)),
    (logistic_loss, 0, (_I["w"], _I["X"], _I["y"])),
    (logistic_prob, 0, (_I["w"], _I["X"], _I["y"])),
    (mlp, (0, 1, 2, 3), (_I["W1"], _I["b1"], _I["W2"], _I["b2"], _I["X"], _I["Y"])),
    (rnn, (0, 1, 2), (_I["Wx"], _I["Wh"], _I["b1"], _I["X"], _I["h0"])),
    (scalar_math, (0, 1), (0.3, 0.7)),
    (softmax_xent, 0, (_I["X"], _I["Y3"])),
    (scalar_loop, 0, (0.5, 5)),
    (while_loop, 0, (0.5,)),
    (branches, 0, (_I["v3"],)),
    (early_return, 0, (np.array([0.1, 0.2, 0.9, 0.3]),)),
    (loop_break, 0, (np.array([0.5, 0.2, -2.0, 0.3]),)),
    (calls, (0, 1, 2), (_I["X"], _I["W1"], _I["b1"], _I["W2"], _I["b2"])),
    (closure, (0, 1), (_I["v3"], 1.5)),
    (dict_params, 0, ({"W": _I["W1"], "b": _I["b1"]}, _I["X"])),
    (list_build, 0, (_I["v3"],)),
    (tuple_unpack, 0, (_I["v3"],)),
    (inplace_update, 0, (_I["v5"],)),
    (prealloc_fill, 0, (_I["v5"],)),
    (element_read, 0, (_I["v5"],)),
    (iterate_values, 0, (_I["v5"],)),
    (iterate_rows, (0, 1), (_I["X"], _I["w"])),
    (indexing, 0, (_I["X"],)),
    (reductions, 0, (_I["X"],)),
    (broadcast_ops, (0, 1), (_I["M32"], np.array([[2.0], [3.0], [4.0]]))),
    (where_abs, 0, (_I["v5"],)),
    (normalize_rows, 0, (_I["X"],)),
    (matrix_ops, (0, 1), (_I["X"], _I["X"] * 0.5)),
]
