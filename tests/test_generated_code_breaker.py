"""Wrong numbers and crashes the issue-13 breaker found (specialized code, folding,
in-place element loops, export), each checked against hand values and central
differences (``check_grads``)."""
import numpy as np
import pytest

import tangentish as tg


# F1: an array made by np.zeros_like / np.ones_like / np.array before an element loop
def fill_zeros_like(x):
    out = np.zeros_like(x)
    for i in range(x.shape[0]):
        out[i] = np.sin(x[i])
    return np.sum(out)


def fill_ones_like(x):
    out = np.ones_like(x)
    for i in range(x.shape[0]):
        out[i] = np.sin(x[i]) * out[i]
    return np.sum(out)


def fill_array_copy(x):
    out = np.array(x)
    for i in range(x.shape[0]):
        out[i] = np.sin(x[i])
    return np.sum(out)


@pytest.mark.parametrize("fn", [fill_zeros_like, fill_ones_like, fill_array_copy])
def test_fresh_arrays_before_an_element_loop(fn):
    x = np.array([0.1, 0.2, 0.3])
    np.testing.assert_allclose(tg.grad(fn)(x), np.cos(x))
    tg.check_grads(fn, (x,))


# F5: a value with extra leading dims of 1 stored into a row (numpy squeezes them)
def store_row_of_matmul(X, W):
    out = np.zeros((X.shape[0], W.shape[1]))
    for i in range(X.shape[0]):
        out[i] = X[i:i + 1] @ W
    return np.sum(out ** 2)


def store_expanded(x):
    out = np.zeros((2, 3))
    out[0] = x[None, :] * 2.0
    return np.sum(out ** 2)


def store_broadcast_row(x, y):
    t = y - x
    t[0] = t[0] * x
    return np.sum(t * t)


def test_stored_value_with_leading_ones():
    rng = np.random.default_rng(0)
    X, W = rng.standard_normal((3, 2)), rng.standard_normal((2, 4))
    np.testing.assert_allclose(tg.grad(store_row_of_matmul)(X, W), 2 * (X @ W) @ W.T)
    np.testing.assert_allclose(tg.grad(store_row_of_matmul, wrt=1)(X, W), 2 * X.T @ (X @ W))
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(tg.grad(store_expanded)(x), 8 * x)
    a, y = np.array([[0.5]]), np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(tg.grad(store_broadcast_row)(a, y), [[6.5]])
    np.testing.assert_allclose(tg.grad(store_broadcast_row, wrt=1)(a, y), [0.25, 0.75, 1.25])
    for fn, args in ((store_row_of_matmul, (X, W)), (store_expanded, (x,)),
                     (store_broadcast_row, (a, y))):
        tg.check_grads(fn, args)


# F4: numpy lets axis=0 / -1 reduce a 0-d value; the gradient keeps the argument's shape
def max_axis0(y):
    return np.max(y * y, axis=0)


def prod_last_axis(y):
    return np.prod(y * 0.5 + 1.0, axis=-1)


def cumsum_axis0(y):
    return np.sum(np.cumsum(y * y, axis=0))


def element_then_max(y):
    t = y[0]
    return np.max(t * t, axis=0) + np.sum(y)


@pytest.mark.parametrize("fn,slope", [(max_axis0, 0.6), (prod_last_axis, 0.5),
                                      (cumsum_axis0, 0.6)])
@pytest.mark.parametrize("arg", [0.3, np.array(0.3), np.float64(0.3)], ids=["float", "0d", "f64"])
def test_zero_d_reductions_along_an_axis(fn, slope, arg):
    g = tg.grad(fn)(arg)
    assert type(g) is type(arg) and np.shape(g) == np.shape(arg)
    np.testing.assert_allclose(g, slope)
    tg.check_grads(fn, (np.array(0.3),))


def test_zero_d_element_reduced_along_an_axis():
    np.testing.assert_allclose(tg.grad(element_then_max)(np.array([0.5, 2.0])), [2.0, 1.0])


# F2: Python's ** of a negative float to a fractional power is complex; the derivative
# follows Python's value (the specialized code had also dropped the real part)
def abs_root(x, p):
    return abs(x ** p)


def parts_of_root(x, p):
    return (x ** p).imag + (x ** p).real * 2.0


def builtin_pow(x):
    return abs(pow(x, 1.5)) * x


@pytest.mark.parametrize("fn,args", [(abs_root, (-4.0, 0.5)), (abs_root, (-4.0, 1.7)),
                                     (parts_of_root, (-3.0, 0.3)), (builtin_pow, (-2.0,)),
                                     (abs_root, (4.0, 0.5))])
def test_python_power_of_a_negative_float(fn, args):
    for w in range(len(args)):
        g = tg.grad(fn, wrt=w)(*args)
        up, down = list(args), list(args)
        up[w] += 1e-6
        down[w] -= 1e-6
        assert type(g) is float
        assert abs(g - (fn(*up) - fn(*down)) / 2e-6) < 1e-5
    tg.check_grads(fn, args)


def real_part_of_power(x):
    return (x ** 1.5).real


def test_python_power_keeps_real_gradients_real():
    """(-4.0) ** 1.5 is complex: the specialized code must keep the real part of the
    cotangent of a real argument (it had decided no value could be complex)."""
    g = tg.grad(real_part_of_power)(-4.0)
    assert type(g) is float and abs(g) < 1e-12
    g = tg.grad(abs_root)(-4.0, 1.5)
    assert type(g) is float and g == pytest.approx(-3.0)


def test_python_root_hand_values():
    assert tg.grad(abs_root)(-4.0, 0.5) == pytest.approx(-0.25)
    assert tg.grad(abs_root, wrt=1)(-4.0, 0.5) == pytest.approx(2 * np.log(4.0))
    second = tg.grad(tg.grad(abs_root, wrt=1), wrt=1)(-4.0, 0.5)
    assert second == pytest.approx(2 * np.log(4.0) ** 2)
