"""Mistakes a new user makes (issue 14): each gets a typed error naming the construct."""
import functools

import numpy as np


def returns_on_one_path(x):
    if x > 0.0:
        return x * 2.0


def returns_a_pair(x):
    return x, 2 * x


def returns_a_vector(x):
    return np.array([x, 2 * x])


def _keywords_only(f):
    @functools.wraps(f)
    def wrapper(**kwargs):
        return f(**kwargs)
    return wrapper


@_keywords_only
def wrapped_by_keywords(x):
    return x * x


def _star_args(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper


@_star_args
def wrapped_by_star_args(x, y):
    return np.sum(x * x * y)


class Model:
    def __init__(self):
        self.w = 2.0

    def loss(self, x):
        return self.w * x * x


def imports_autograd(x):
    import autograd.numpy as anp
    return anp.sum(anp.sin(x))


def imports_jax(x):
    from jax import numpy as jnp
    return jnp.sum(x)
