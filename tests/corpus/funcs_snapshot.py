"""Representative functions whose generated derivatives are snapshot-tested."""
import math  # noqa: F401  (some functions below use it once supported)

import numpy as np

W = np.linspace(0.5, 1.5, 6).reshape(3, 2)


def tanh_dot(x):
    return np.sum(np.tanh(x) * x)


def poly(x):
    return 3.0 * x ** 3 - 2.0 * x ** 2 + x - 1.0


def logistic_loss(w, X, y):
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def mlp_layer(x, w, b):
    h = np.maximum(x @ w + b, 0.0)
    return np.sum(h ** 2)


def softmax_xent(logits, labels):
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    logp = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=1))


def broadcast_div(x, s):
    return np.sum(x / s) + np.sum(x / np.sum(x))


def indexing(x):
    return x[0, 0] * np.sum(x[:, 1]) + np.sum(x[1:-1] ** 2) + np.sum(x[[0, 0, 2]])


def reductions(x):
    return np.mean(x, axis=0).sum() + np.max(x, axis=1).sum() + np.min(x)


def shapes(x):
    y = x.reshape(2, 3).T
    return np.sum(np.transpose(y) @ y)


def where_abs(x):
    return np.sum(np.where(x > 0.0, np.sqrt(np.abs(x)), x ** 2))


def reassign(x):
    y = np.sin(x)
    y = y * y
    y += x
    return np.sum(y)


def global_weights(x):
    return np.sum(np.dot(x, W) ** 2)


def two_args(x, y):
    return np.sum(np.sin(x) * np.cos(y) + x / (1.0 + y ** 2))


def trig_chain(x):
    return np.tan(np.cos(np.exp(np.sin(x))))


def kwargs_defaults(x, scale=2.0, *, shift=1.0):
    return np.sum(np.log(shift + np.exp(x / scale)))


def unused_input(x, y):
    return np.sum(x ** 2)


def square_minimum(x, y):
    return np.sum(np.minimum(np.square(x), y) - np.negative(x) * 0.5)


SNAPSHOTS = [
    (tanh_dot, 0), (poly, 0), (logistic_loss, "w"), (mlp_layer, (1, 2)), (softmax_xent, 0),
    (broadcast_div, (0, 1)), (indexing, 0), (reductions, 0), (shapes, 0), (where_abs, 0),
    (reassign, 0), (global_weights, 0), (two_args, (0, 1)), (trig_chain, 0),
    (kwargs_defaults, 0), (unused_input, (0, 1)), (square_minimum, (0, 1)),
]


# Control flow, calls and in-place updates (the language issue).
def helper(a, b=2.0):
    return np.sin(a) * b


def branches(x):
    if np.sum(x) > 0.0:
        y = np.exp(x)
    elif np.sum(x) < -1.0:
        y = -x
    else:
        y = x * x
    return np.sum(y)


def scalar_loop(x, n):
    for i in range(n):
        x = np.sin(x) * 1.01 + 0.1 * x
    return x


def while_break(x):
    i = 0
    while i < 10:
        x = x * 0.9 + np.cos(x)
        if x > 3.0:
            break
        i += 1
    return x


def early_return(x):
    for v in x:
        if v > 0.5:
            return v * 2.0
    return np.sum(x)


def calls(x):
    return np.sum(helper(x) + helper(x, b=3.0) * W[:, 0])


def prealloc_fill(x):
    out = np.zeros(3)
    for i in range(3):
        out[i] = np.sin(x[i]) * x[i]
    return np.sum(out ** 2)


def tangent_bug(x):
    y = x * 1.0
    y[0] += x[1]
    return np.sum(y * y)


def rnn(x, w, n):
    hs = []
    h = x
    for t in range(n):
        h = np.tanh(h * w + 0.1)
        hs.append(h)
    return np.sum(np.stack(hs) ** 2)


def dict_params(p, x):
    return np.sum(p["w"] * x + p["b"])


def nested_def(x):
    def inner(z):
        return np.sin(z) * 2.0
    return np.sum(inner(x))


CONTROL_SNAPSHOTS = [
    (branches, 0), (scalar_loop, 0), (while_break, 0), (early_return, 0), (calls, 0),
    (prealloc_fill, 0), (tangent_bug, 0), (rnn, (0, 1)), (dict_params, 0), (nested_def, 0),
]
