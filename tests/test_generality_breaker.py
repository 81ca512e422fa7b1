"""Regression tests for what the generality breaker found on the merged issue-12 work:
results of numpy functions that are views of (or are) their argument, updated in place
(wrong numbers, now refused); reductions and sorts of a list held in a variable in
forward mode and differentiating numpy functions directly (crashes, now computed)."""
import functools
import math

import numpy as np
import pytest
import scipy.stats

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


# -- the numeric-rules breaker's findings -------------------------------------------------------
A32 = np.arange(6.0).reshape(3, 2) * 0.3


def sum_with_initial(a):            # jvp gave 10.0 (the initial 2.0 counted twice), exact 6.0
    return np.sum(a, initial=2.0) + np.sum(np.add.reduce(a, initial=1.0)) * a.sum(initial=0.5)


def test_initial_is_not_part_of_the_tangent():
    _, tangent = tg.jvp(sum_with_initial, (A32,), (np.ones_like(A32),))
    a = A32
    expected = 6.0 + 6.0 * (a.sum() + 0.5) + (a.sum() + 2.0) * 6.0
    assert tangent == pytest.approx(expected)
    tg.check_grads(sum_with_initial, (A32,), order=2)


def sum_of_squares(a):
    return np.sum(a * a)


def test_float32_gradient_for_a_one_element_wrt_tuple():
    # was ((np.float32(1.0),),): the first element of the gradient, wrapped twice
    x = np.array([0.5, -1.2, 2.0], np.float32)
    (g,) = tg.grad(sum_of_squares, wrt=(0,))(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, 2 * x)
    value, (g,) = tg.value_and_grad(sum_of_squares, wrt=(0,))(x)
    np.testing.assert_allclose(g, 2 * x)


def nextafter_times(a, b):          # was 0 in a (listed as having no derivative); slope 1
    return np.sum(np.nextafter(a, b) * a)


def fsum_of_array(a):               # reverse mode crashed (a list cotangent for an array)
    return math.fsum(a * a) + sum(a * a)


def test_nextafter_and_sums_over_arrays():
    a = np.array([0.7, 1.6, 2.3])
    np.testing.assert_allclose(tg.grad(nextafter_times)(a, a + 1), 2 * a, rtol=1e-12)
    tg.check_grads(nextafter_times, (a, a + 1), order=2)
    np.testing.assert_allclose(tg.grad(fsum_of_array)(a), 4 * a)
    tg.check_grads(fsum_of_array, (a,), order=2)


def gamma_logpdf(x):
    return scipy.stats.gamma.logpdf(x, 2.0)


def beta_pdf(x):
    return scipy.stats.beta.pdf(x, 2.0, 3.0)


def poisson_logpmf(mu):
    return scipy.stats.poisson.logpmf(1.5, mu)       # a non-integer k: -inf


def norm_logpdf_in_scale(s):
    return scipy.stats.norm.logpdf(0.5, 0.0, s)


@pytest.mark.parametrize("f, x", [(gamma_logpdf, -1.0), (poisson_logpmf, 2.5),
                                  (norm_logpdf_in_scale, -1.0)])
def test_log_densities_outside_the_support_have_nan_derivatives(f, x):
    # the formulas gave finite numbers (-2.0, -0.4, 0.75) where the value is -inf or NaN
    assert np.isnan(tg.grad(f)(x))
    assert np.isnan(tg.jvp(f, (x,), (1.0,))[1])


def test_densities_outside_the_support_have_zero_derivatives():
    assert tg.grad(beta_pdf)(1.5) == 0.0
    assert tg.jvp(beta_pdf, (-0.5,), (1.0,))[1] == 0.0
    tg.check_grads(beta_pdf, (0.3,), order=2)
    tg.check_grads(gamma_logpdf, (1.3,), order=2)


# -- negative and named wrt of partials, callable objects and bound methods ---------------------
def three(a, b, c):
    return a * 1.0 + b * 10.0 + c * 100.0


def curved(a, b, c):
    return a * b * c ** 2


class Called:
    def __call__(self, b, c):
        return b * 10.0 + c * 100.0

    def method(self, b, c):
        return b * 10.0 + c * 100.0


def test_negative_wrt_counts_the_arguments_a_call_passes():
    # wrt=-1 of partial(three, 3.0) gave d/da (the bound argument): 1.0, not 100.0
    bound = functools.partial(three, 3.0)
    assert tg.grad(bound, wrt=-1)(5.0, 7.0) == pytest.approx(100.0)
    assert tg.grad(bound, wrt=-2)(5.0, 7.0) == pytest.approx(10.0)
    assert tg.value_and_grad(bound, wrt=-1)(5.0, 7.0)[1] == pytest.approx(100.0)
    assert tg.grad(Called(), wrt=-1)(5.0, 7.0) == pytest.approx(100.0)      # was None
    assert tg.grad(Called().method, wrt=-1)(5.0, 7.0) == pytest.approx(100.0)   # crashed
    partial_curved = functools.partial(curved, 3.0)
    assert tg.hessian(partial_curved, wrt=-1)(2.0, 5.0) == pytest.approx(12.0)   # was 20
    assert tg.jacobian(partial_curved, wrt=-1)(2.0, 5.0) == pytest.approx(60.0)
    assert tg.hvp(partial_curved, wrt=-1)(2.0, 5.0, 1.0) == pytest.approx(12.0)
    with pytest.raises(ValueError, match="out of range"):
        tg.grad(bound, wrt=-3)


@pytest.mark.parametrize("target, name", [(functools.partial(three, 3.0), "a"),
                                          (Called(), "self"), (Called().method, "self")])
def test_wrt_naming_a_bound_parameter_is_refused(target, name):
    with pytest.raises(ValueError, match="already bound"):
        tg.grad(target, wrt=name)
