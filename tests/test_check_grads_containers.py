"""check_grads with list, tuple and dict arguments, and at third order with several
arguments (autograd's test suite calls it that way; both used to crash)."""
import numpy as np
import pytest

import tangentish as tg


def mixed(xs, d):
    return np.sum(xs[0] * xs[1]) + d["a"] * np.sum(xs[1]) + np.sin(d["b"])


def pair(t):
    return t[0] * np.sin(t[1])


def dot(a, b):
    return np.dot(a, b)


def test_container_arguments():
    tg.check_grads(mixed, ([np.ones(2) * 0.3, np.arange(2.0)], {"a": 0.7, "b": -0.2}), order=2)
    tg.check_grads(pair, ((0.3, 0.8),), order=2)


@pytest.mark.parametrize("args", [(1.5, np.ones(3)), (np.ones(3) * 0.2, np.arange(3.0))])
def test_third_order_with_several_arguments(args):
    tg.check_grads(dot, args, order=3)


def soft(x):
    return np.sum(np.tanh(x))


def uses_soft(xs):
    return soft(xs[0]) * np.sum(xs[1])


def test_a_wrong_derivative_inside_a_container_argument_is_caught(temporary_rules):
    tg.register(soft, "soft(x)", jvp={"x": "t * 2.0"})        # deliberately wrong
    with pytest.raises(AssertionError, match="disagrees with finite differences"):
        tg.check_grads(uses_soft, ([np.array([0.3, -0.4]), np.array([1.0, 2.0])],), order=1)
