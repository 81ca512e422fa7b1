"""Functions for forward mode, higher order, stop_gradient and custom gradients."""
import numpy as np

import tangentish as tg


def cube(x):
    return x ** 3


def quad2(x):
    return x[0] ** 2 + x[0] * x[1] + x[1] ** 2


def smooth(x):
    return np.sum(np.tanh(x) * x ** 2 + np.exp(-x) * np.sin(x))


def vector_fn(x):
    return np.sin(x) * np.sum(x ** 2)


def loopy(x, n):
    for i in range(n):
        x = np.sin(x) * 1.01 + 0.1 * x
    return np.sum(x * x)


def branchy(x):
    if np.sum(x) > 0:
        y = np.exp(x)
    else:
        y = x ** 3
    return np.sum(y * x)


def helper(a, b):
    return np.tanh(a) * b


def calls_helper(x):
    return np.sum(helper(x, x) + helper(x, 2.0))


def stopped(x):
    y = x ** 2
    y_stop = tg.stop_gradient(y)
    return y_stop * x


def stopped_vector(x):
    return np.sum(tg.stop_gradient(np.sin(x)) * x ** 2)


@tg.custom_gradient
def clip_gradient(x):
    def grad(upstream):
        return np.clip(upstream, -1, 1)
    return x, grad


def uses_clip(x):
    return clip_gradient(x * 100)


@tg.custom_gradient
def scaled_product(a, b):
    def grad(dy):
        return dy * b * 10.0, dy * a
    return a * b, grad


def uses_scaled_product(a, b):
    return np.sum(scaled_product(a, b))


@tg.custom_gradient
def log1pexp(x):
    e = np.exp(x)

    def grad(dy):
        return dy * (1.0 - 1.0 / (1.0 + e))
    return np.log(1.0 + e), grad


def uses_log1pexp(x):
    return np.sum(log1pexp(x))


def loop3(x):
    return loopy(x, 3)


def rnn_loss(w, x):
    h = x
    hs = []
    for t in range(4):
        h = np.tanh(h * w + 0.1 * t)
        hs.append(h)
    return np.sum(np.stack(hs) ** 2)


def while_loop(x):
    i = 0
    while i < 4:
        x = np.sin(x) + 0.5 * x
        i += 1
    return np.sum(x)


def fill_loop(x):
    out = np.zeros(3)
    for i in range(3):
        out[i] = np.exp(x[i]) * x[(i + 1) % 3]
    return np.sum(out ** 2)


@tg.custom_gradient
def clip_cos(x):
    def grad(upstream):
        return np.clip(upstream, -1, 1) * np.cos(x)
    return np.sin(x), grad


def uses_clip_cos(x):
    return clip_cos(x * 2.0)


@tg.custom_gradient
def square_custom(x):
    return x * x, lambda g: g * 2.0 * x


def uses_square(x):
    return square_custom(x) * 3.0
