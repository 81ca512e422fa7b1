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
