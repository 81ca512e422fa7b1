"""Functions tests/test_export.py exports as standalone modules."""
import numpy as np

from tests.corpus import funcs_generated

W = np.linspace(-1.0, 1.0, 12).reshape(3, 4)    # a global the derivative reads


def layer(h, A):
    return np.tanh(h @ A)


def loop_with_callee(x, A, steps):
    h = x
    for _ in range(steps):
        h = layer(h, A) + 0.5 * h
    return np.sum(h * h)


def global_weights(x):
    return np.sum(np.sin(x @ W))


def scaled(scale):
    def loss(x):
        return np.sum(np.exp(x) * scale)
    return loss


def quartic(x):
    return np.sum(x ** 4 + np.sin(x) * x[0])


def elementwise(x):
    return np.sin(x) * x


def apply_fn(fn, x):
    return np.sum(fn(x))


def decorate(fn):
    return fn


@decorate
def decorated(x):
    return np.tanh(x)


def calls_decorated(x):
    return np.sum(decorated(x))


def uses_module(x):
    return np.sum(funcs_generated.dense(x, np.eye(2), 0.0))
