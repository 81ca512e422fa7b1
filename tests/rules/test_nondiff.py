"""Functions with no derivative (tangentish/rules/numpy/nondiff.py): their results are
constants of the derivative, and the table declares them."""
import numpy as np

import tangentish as tg
from tangentish.rules import RULES
from tangentish.rules.numpy import nondiff as numpy_nondiff
from tests.corpus.helpers import numerical_grad
from tests.rules.cases import V, Inputs

J = Inputs(20240611)
rand = J.rand


def rint_times(x):
    return np.sum(x * np.rint(x) + x * np.trunc(x) + x * np.fix(x) + x * np.around(x, 1))


def floor_divide_times(x):
    return np.sum(x * np.floor_divide(x, 0.7) * np.signbit(x))


def index_functions(x):
    order = np.argsort(x)
    first = np.argwhere(x > 0.0)
    mask = np.logical_and(np.isfinite(x), np.logical_not(np.isinf(x)))
    n = np.count_nonzero(mask)
    k = np.minimum(np.searchsorted(np.sort(x), 0.0), 3)
    return np.sum(x[order] * np.arange(4.0)) + np.sum(x[first]) + n * x[k] + np.sum(x[np.nonzero(x)])


def test_nondiff_functions_are_constants():
    x = rand(V) + 0.05
    np.testing.assert_allclose(tg.grad(rint_times)(x), numerical_grad(rint_times, (x,), 0), atol=1e-6)
    np.testing.assert_allclose(tg.grad(floor_divide_times)(x), numerical_grad(floor_divide_times, (x,), 0),
                               atol=1e-6)
    np.testing.assert_allclose(tg.grad(index_functions)(x), numerical_grad(index_functions, (x,), 0), atol=1e-6)


def test_declared_nondiff():
    for name in numpy_nondiff._NONDIFF:
        f = getattr(np, name, None)
        if f is not None:
            assert f in RULES, name
    for f in (np.argsort, np.isinf, np.logical_xor, np.rint, np.trunc, np.empty, np.unique, np.searchsorted):
        assert RULES.get(f).nondiff, f


def test_declared_rules_are_declared_here():
    """(The table records no module for a rule declared with ``nondiff``: this checks the
    names against the module's list instead.)"""
    for f in (np.argsort, np.isinf, np.logical_xor, np.rint, np.trunc, np.empty, np.unique, np.searchsorted):
        assert f.__name__ in numpy_nondiff._NONDIFF, f


def cast_to_int(w):
    new_w = w[:, :-1]
    inds = np.int64(w[:, -1])
    return np.sum(new_w[inds]) + np.sum(w * np.int32(w)) + np.sum(w * np.uint8(np.abs(w)) * np.bool_(w))


def test_integer_casts_are_constants():
    """np.int64(x) & co are integer valued: no derivative (autograd's test_cast_to_int)."""
    w = np.abs(rand((5, 4))) * 1.3 + 0.05
    g = tg.grad(cast_to_int)(w)
    np.testing.assert_allclose(g, numerical_grad(cast_to_int, (w,), 0), atol=1e-6)
    tg.check_grads(cast_to_int, (w,), order=2)
    for name in numpy_nondiff._INT_CASTS:
        assert RULES.get(getattr(np, name)).nondiff, name
