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


# The second breaker (round 2 of issue 13).
# B1: an adjoint branch left with nothing but its comment (the copies it held were
# folded away) must still compile: `if c: continue` / a one-branch update in a loop
def continue_after_update(x):
    s = 0.0
    for v in x:
        s = s + v
        if v > 0:
            continue
        s = s * 2.0
    return s


def conditional_update(x):
    s = 0.0
    for v in x:
        s = s + v
        if v < 0:
            s = s * 2.0
    return s


def clip_in_loop(x):
    s = 0.0
    for v in x:
        s = s + v
        if s > 1.0:
            s = 1.0
    return s


def break_after_update(x):
    s = 0.0
    for v in x:
        s = s + v
        if v > 0:
            break
        s = s * 2.0
    return s


def pass_branch(x):
    s = 0.0
    for v in x:
        s = s + v
        if v > 0:
            pass
        else:
            s = s * 2.0
    return s


def range_conditional(x):
    s = 0.0
    for i in range(3):
        s = s + x
        if i == 1:
            s = s * 2.0
    return s


@pytest.mark.parametrize("fn,arg,expected", [
    (continue_after_update, [0.5, -1.0, 2.0], [2.0, 2.0, 1.0]),
    (conditional_update, [0.5, -1.0, 2.0, -0.3], [4.0, 4.0, 2.0, 2.0]),
    (clip_in_loop, [0.51, -1.03, 2.07, -0.31], [0.0, 0.0, 0.0, 1.0]),
    (break_after_update, [0.5, -1.0, 2.0, -0.3], [1.0, 0.0, 0.0, 0.0]),
    (pass_branch, [0.5, -1.0, 2.0, -0.3], [4.0, 4.0, 2.0, 2.0])])
def test_branches_emptied_by_folding_compile(fn, arg, expected):
    x = np.array(arg)
    np.testing.assert_allclose(tg.grad(fn)(x), expected)
    tg.check_grads(fn, (x,))


def test_range_loop_with_a_one_branch_update():
    assert tg.grad(range_conditional)(1.5) == pytest.approx(5.0)
    tg.check_grads(range_conditional, (1.5,))


# B3: a loop-carried value whose shape changes in the loop, copied after it (`c = b`):
# the copy has the last iteration's shape only, not the shape of `b` inside the loop
def shrinking_then_copied(x):
    b = x * 1.0
    for i in range(3):
        b = np.mean(b * x, axis=-1, keepdims=True) + b[..., :1]
    c = b
    return np.sum(c * c)


def reduced_then_copied(x):
    b = np.sin(x)
    for i in range(2):
        b = np.sum(b * b, axis=0)
    out = b
    return np.sum(out)


def growing_then_copied(x):
    b = x * 1.0
    for i in range(2):
        b = np.concatenate([b, b * x[0]])
    c = b
    return np.sum(c ** 2)


def scalar_to_vector_then_copied(x):
    acc = x[0]
    for v in x[1:]:
        acc = acc * v + x
    res = acc
    return np.sum(res ** 2)


@pytest.mark.parametrize("fn,arg", [
    (shrinking_then_copied, np.array([0.5, -1.2, 2.0])),
    (reduced_then_copied, np.array([[0.3, 0.1, -0.4], [0.2, 0.6, 0.5]])),
    (growing_then_copied, np.array([0.7, -0.4])),
    (scalar_to_vector_then_copied, np.array([0.7, -0.4, 1.1]))])
def test_shape_changing_loop_value_copied_after_the_loop(fn, arg):
    tg.check_grads(fn, (arg,))


def test_scalar_to_vector_hand_value():
    np.testing.assert_allclose(tg.grad(scalar_to_vector_then_copied)(np.array([0.7, -0.4, 1.1])),
                               [3.10632, -1.71696, 14.22904], rtol=1e-5)


# B2: the gradient of np.sum(x + y) was a read-only broadcast view
def sum_of_sum(x, y):
    return np.sum(x + y)


def test_gradients_are_writable_arrays():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.5, 0.5])
    for wrt in (0, 1):
        g = tg.grad(sum_of_sum, wrt=wrt)(x, y)
        assert g.flags.writeable
        g *= 0.1
        np.testing.assert_allclose(g, 0.1)


# B4: a read of a read recomputed in the reverse loop (item = X_i[0]) needs the read
# it reads (X_i = X[i]) recomputed too; duplicate reads share one name
def row_items(X, w):
    s = 0.0
    for i in range(X.shape[0]):
        s = s + X[i][0] * w[0] + X[i][1] * w[1]
    return s


def reversed_row(X, w):
    s = 0.0
    for i in range(X.shape[0]):
        row = X[i]
        s = s + np.sum(row[::-1] * w)
    return s


def expanded_rows(X, w):
    s = 0.0
    for row in X:
        s = s + np.sum(row[None, :] * w)
    return s


def test_reads_of_reads_recomputed_in_the_reverse_loop():
    X, w = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([0.5, -0.5])
    np.testing.assert_allclose(tg.grad(row_items, wrt=1)(X, w), [9.0, 12.0])
    np.testing.assert_allclose(tg.grad(reversed_row, wrt=1)(X, w), [12.0, 9.0])
    np.testing.assert_allclose(tg.grad(expanded_rows, wrt=1)(X, w), [9.0, 12.0])
    for fn in (row_items, reversed_row, expanded_rows):
        tg.check_grads(fn, (X, w))


def test_gradients_stay_writable_on_repeated_calls():
    d = tg.grad(sum_of_sum)
    x, y = np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.5, 0.5])
    for _ in range(3):          # the first call and the per-call memo's fast path
        g = d(x, y)
        g *= 0.1
        np.testing.assert_allclose(g, 0.1)
