"""Regression tests for what the generality breaker found on the merged issue-12 work:
results of numpy functions that are views of (or are) their argument, updated in place
(wrong numbers, now refused); reductions and sorts of a list held in a variable in
forward mode and differentiating numpy functions directly (crashes, now computed)."""
import numpy as np
import pytest

import tangentish as tg

V = np.array([0.3, -0.5, 1.1])
W = np.array([1.0, 2.0, 3.0])


def write_through_rollaxis(x):      # was: gradient [1, 2, 3], exact [0, 2, 5.2]
    y = x * 1.0
    r = np.rollaxis(y, 0)
    r[0] = x[2] ** 2
    return np.sum(y * W)


def write_through_einsum(x):        # np.einsum('i->i', y) is a view of y
    y = x * 1.0
    r = np.einsum('i->i', y)
    r[0] = x[2] * 5.0
    return np.sum(y * W)


def write_through_real_if_close(x):     # a real input: the result is y itself
    y = x * 1.0
    r = np.real_if_close(y)
    r[0] = x[1] * 3.0
    return np.sum(y * W)


def diag_read_after_write(x):       # np.diag of a matrix is a view
    m = np.outer(x, W)
    d = np.diag(m)
    m[0, 0] = x[2] * 10.0
    return np.sum(d * W)


def einsum_view_augmented(x):
    y = np.outer(x, W)
    r = np.einsum('ij->ij', y)
    r += x[0]
    return np.sum(y * np.arange(9.0).reshape(3, 3))


@pytest.mark.parametrize("f", [write_through_rollaxis, write_through_einsum,
                               write_through_real_if_close, diag_read_after_write,
                               einsum_view_augmented])
def test_updates_through_views_of_numpy_results_are_refused(f):
    with pytest.raises(tg.TransformError):
        tg.grad(f)(V.copy())
    with pytest.raises(tg.TransformError):
        tg.jvp(f, (V.copy(),), (W,))


def max_of_list_variable(x):
    values = [x[0], x[1] * 2.0]
    return np.max(values) + np.min(values)


def sort_of_list_variable(x):
    values = [x[0], x[1] * 2.0, x[2]]
    return np.sum(np.sort(values) * W) + np.sum(np.partition(values, 1) * W)


@pytest.mark.parametrize("f", [max_of_list_variable, sort_of_list_variable])
def test_list_variables_in_extrema_and_sorts(f):
    tg.check_grads(f, (V,), order=2)


def test_numpy_functions_differentiated_directly():
    np.testing.assert_allclose(tg.grad(np.linalg.norm)(V, 1), np.sign(V))   # ord by position
    np.testing.assert_allclose(tg.grad(np.std)(V), (V - V.mean()) / (V.size * V.std()))
    np.testing.assert_allclose(tg.grad(np.std)(V, ddof=1),
                               (V - V.mean()) / ((V.size - 1) * V.std(ddof=1)))
    np.testing.assert_allclose(tg.jacobian(np.cumsum)(V), np.tril(np.ones((3, 3))))
    for f in (np.var, np.median, np.ptp, np.nansum, np.nanmean):
        tg.check_grads(f, (V,), order=2)
