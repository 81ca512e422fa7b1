"""Wrong results the issue-13 rewrite breaker (brk13) found: each test fails while
the bug is there.  A derivative must raise where the user's function raises (a
gradient of a function that cannot be evaluated is a wrong number), and code
specialized to a signature must return exactly what the generic code returns.
The harness that found them is tests/breaker13/ (gen13_run.py)."""
import math

import numpy as np
import pytest

import tangentish as tg


# W1: 1-d @ 1-d of sizes 1 and n raises in numpy; the specialized gradient
# (matmul_grad_lhs / matmul_grad_rhs of an unseeded product) broadcast them
def matmul_only(z, y):
    return y @ z


def matmul_labels(z, y):
    return np.sum(np.logaddexp(0.0, z)) - y @ z


def matmul_reversed(z, y):
    return np.matmul(z, y)


@pytest.mark.parametrize("fn", [matmul_only, matmul_labels, matmul_reversed])
@pytest.mark.parametrize("wrt", [0, (0, 1)])
def test_vector_matmul_of_mismatched_sizes_raises(fn, wrt):
    z, y = np.array([0.1, -0.2, 0.3, 0.5, -0.4]), np.array([1.0])
    with pytest.raises(ValueError):
        fn(z, y)
    with pytest.raises(ValueError):
        tg.grad(fn, wrt=wrt)(z, y)


# W2: b.T of a Python number raises AttributeError; the specialized gradient with
# respect to a never evaluates b.T (its shape is "known")
def mean_diff_T(a, b):
    return (a.T - b.T).mean()


@pytest.mark.parametrize("b", [1.0, 1])
def test_transpose_of_a_number_raises(b):
    a = np.array([0.1, -0.2, 0.3])
    with pytest.raises(AttributeError):
        mean_diff_T(a, b)
    with pytest.raises(AttributeError):
        tg.grad(mean_diff_T)(a, b)


# W3 (this session's optimize.cancel_double_transposes): b.T.T became b, so a
# number b no longer raises; b02c3b3 raised AttributeError
def double_transpose(a, b):
    return np.sum(a * b.T.T)


@pytest.mark.parametrize("b", [2.0, 3])
def test_double_transpose_keeps_the_attribute_error(b):
    a = np.array([0.1, -0.2, 0.3])
    with pytest.raises(AttributeError):
        double_transpose(a, b)
    with pytest.raises(AttributeError):
        tg.grad(double_transpose)(a, b)
    with pytest.raises(AttributeError):
        tg.grad(double_transpose).generated(a, b)


# W4: a term that does not depend on the differentiated argument is not computed
# by grad and hvp (dead forward code is removed), so its error (shape mismatch, None
# operand, math domain error) is not raised there: the documented behaviour (README,
# Limitations), a design choice kept (task fx13) -- these tests pin it down: grad and
# hvp return the derivative of the terms that depend on x, while vjp, jvp and
# value_and_grad, which evaluate the function, raise the function's error.
def dead_broadcast(x, y, w):
    return np.sum(x ** 2) + np.sum(y * w)


def dead_reshape(x, y):
    return np.sum(x ** 2) + np.sum(y.reshape(7))


def dead_math_log(x, c):
    return np.sum(x * x) + math.log(c)


def mean_diff(a, b):
    return np.mean(a - b)


X3 = np.array([0.1, -0.2, 0.3])
V3 = np.array([1.0, -2.0, 0.5])
# (function, arguments, the error the function raises, d/dx of its active terms, H v)
DEAD = [
    (dead_broadcast, (X3, np.ones(3), np.ones(2)), ValueError, 2 * X3, 2 * V3),
    (dead_reshape, (X3, np.ones(3)), ValueError, 2 * X3, 2 * V3),
    (dead_math_log, (X3, -1.0), ValueError, 2 * X3, 2 * V3),
    (mean_diff, (X3, None), TypeError, np.full(3, 1 / 3), np.zeros(3)),
    (mean_diff, (X3, "abc"), TypeError, np.full(3, 1 / 3), np.zeros(3)),
]


@pytest.mark.parametrize("fn, args, error, dx, hv", DEAD, ids=lambda v: getattr(v, "__name__", ""))
def test_grad_and_hvp_skip_an_inactive_dead_term_others_raise(fn, args, error, dx, hv):
    with pytest.raises(error):
        fn(*args)
    np.testing.assert_allclose(tg.grad(fn)(*args), dx, rtol=1e-12)
    np.testing.assert_allclose(tg.hvp(fn)(*args, V3), hv, rtol=1e-12, atol=1e-15)
    with pytest.raises(error):
        tg.value_and_grad(fn)(*args)
    with pytest.raises(error):
        tg.vjp(fn, *args)
    with pytest.raises(error):
        tg.jvp(fn, args, (V3,) + (None,) * (len(args) - 1))


# D1: specialized code must return exactly the generic code's values (tests/test_specialize.py):
# the seed of np.sum(a - b) beside a float32 / float16 accumulation was np.full(a.shape, 1.0)
# (float64) where the generic code's is a's dtype
def sum_diff_plus(a, b):
    return np.sum((a - b) * 0.1) + np.sum(a)


def sum_diff_zero(a, b):
    return np.sum(a - b) + np.sum(a * 0.0)


def same(a, b):
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(map(same, a, b))
    return type(a) is type(b) and np.array_equal(a, b) and \
        getattr(a, "dtype", None) == getattr(b, "dtype", None)


@pytest.mark.parametrize("fn", [sum_diff_plus, sum_diff_zero])
@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_specialized_seed_keeps_the_generic_dtype(fn, dtype):
    a = np.linspace(0.1, 2.3, 9).astype(dtype)
    b = (a * 1.7 + 0.1).astype(dtype)
    df = tg.grad(fn, wrt=(0, 1))
    assert same(df.generated(a, b), df._for_args((a, b), {}).fn(a, b))
    got = df(a, b)
    assert all(g.dtype == dtype for g in got)
    np.testing.assert_allclose(got[0], np.full(9, 1.1 if fn is sum_diff_plus else 1.0), rtol=1e-3)


# W5: a pullback takes a cotangent of any shape that broadcasts (jvp checks its
# tangents): a (3, 1) dy for a (3,) output gave a (3, 3) cotangent of a (3,)
# argument, a (3,) dy for a scalar output an elementwise product, a (2,) dy for a
# (3,) output read two of its entries
def sin_twice(x):
    return np.sin(x) * 2.0


def square_sum(x):
    return np.sum(x ** 2)


def prefix_squares(x):
    out = np.zeros_like(x)
    for i in range(len(x)):
        if x[i] > 0.5:
            break
        out[i] = x[i] ** 2
    return out


@pytest.mark.parametrize("fn, dy", [(sin_twice, np.ones((3, 1))), (square_sum, np.array([1.0, 2.0, 3.0])),
                                    (prefix_squares, np.array([1.0, 2.0]))],
                         ids=["column_dy", "vector_dy_scalar_out", "short_dy"])
def test_pullback_refuses_a_cotangent_of_another_shape(fn, dy):
    x = np.array([0.1, 0.2, 0.7])
    y, pullback = tg.vjp(fn, x)
    assert np.shape(dy) != np.shape(y)
    with pytest.raises((ValueError, TypeError)):
        pullback(dy)


# W6 / W7: ndarray subclasses whose operators mean something else run the ndarray
# code: for np.matrix `a * b` is a matrix product (grad and vjp return the
# elementwise product's cotangent; jvp is right), for a masked array the masked
# entries do not count (grad gave 1.0 there).  Right numbers or a refusal.
def prod_sum(a, b):
    return np.sum(a * b)


def square_sum2(a):
    return np.sum(a ** 2)


def _refused_or_equal(call, expected):
    try:
        got = call()
    except (tg.TransformError, TypeError):
        return
    np.testing.assert_allclose(np.asarray(got), expected)


def test_np_matrix_arguments():
    A = np.asmatrix([[1.0, 2.0], [3.0, 4.0]])
    B = np.asmatrix([[0.5, -1.0], [2.0, 0.3]])
    expected = np.ones((2, 2)) @ np.asarray(B).T        # d sum(A @ B) / dA
    _refused_or_equal(lambda: tg.grad(prod_sum)(A, B), expected)
    _refused_or_equal(lambda: tg.vjp(prod_sum, A, B)[1](1.0)[0], expected)


def test_masked_array_argument():
    m = np.ma.array([[1.0, 2.0], [3.0, 4.0]], mask=[[0, 1], [0, 0]])
    assert square_sum2(m) == 26.0                       # the masked 2.0 does not count
    _refused_or_equal(lambda: tg.grad(square_sum2)(m), [[2.0, 0.0], [6.0, 8.0]])


# W8: the seed folded to the Python number 1.0 (value not computed) multiplies a
# float32 value without promoting it (NEP 50), so a float64 argument's derivative
# is computed in float32: grad differs from value_and_grad (whose seed is
# np.float64(1.0)) by float32 rounding (1.2e-9 here; float64 exact is 0)
def mean_prod(a, b):
    return np.mean(a - b) * np.mean(a)


def test_float64_derivative_beside_a_float32_value_keeps_float64_precision():
    a = np.array([0.1, 0.7, -0.35], np.float32)
    b = np.array([0.3, -1.1, 0.45])
    exact = np.full(3, -np.float64(np.mean(a)) / 3)
    np.testing.assert_array_equal(tg.value_and_grad(mean_prod, wrt=1)(a, b)[1], exact)
    np.testing.assert_array_equal(tg.grad(mean_prod, wrt=1)(a, b), exact)


# C1: the Hessian of a function of an empty array stacks no rows (np.stack raises
# "need at least one array to stack"); jacobian returns its (0, 0) array
def square_sum3(x):
    return np.sum(x ** 2)


def test_hessian_of_an_empty_array():
    H = tg.hessian(square_sum3)(np.zeros(0))
    assert np.shape(H) == (0, 0)
