"""Element loops differentiate in linear time (ad/inplace.py): the adjoint of ``x[i]``
adds into one cotangent array (``accumulate_at``), the adjoint of ``out[i] = v``
clears it in place (``clear_at``), and the forward ``out[i] = v`` stores in place
(``store_at``) where no other name can see the update.  Each gradient is checked
against finite differences (both modes, second order where the function is twice
differentiable) and a hand-computed value; the in-place helpers must keep the
functional meaning: duplicate, negative and fancy indices, rows, views, dtypes."""
import re

import numpy as np
import pytest

import tangentish as tg

X = np.array([0.5, 1.5, -0.7, 2.0, 0.3])
M = np.array([[0.5, 1.5, -0.7], [0.2, -1.1, 0.8], [1.3, 0.4, -0.6], [0.9, -0.2, 0.1]])
W = np.array([1.0, 2.0, 3.0, -1.0, 0.5])


def read_squares(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i] * x[i]
    return s


def write_double(x):
    out = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        out[i] = 2 * x[i]
    return np.sum(out * out)


def iterate_values(x):
    s = 0.0
    for v in x:
        s = s + np.sin(v)
    return s


def iterate_rows(a):
    s = 0.0
    for row in a:
        s = s + np.sum(row * row)
    return s


def duplicate_indices(x):
    s = 0.0
    for j in [0, 0, 2, -1, 4]:
        s = s + x[j] ** 2
    return s


def negative_indices(x, w):
    s = 0.0
    for i in range(1, x.shape[0] + 1):
        s = s + x[-i] * w[i - 1]
    return s


def fancy_in_loop(x):
    s = 0.0
    for i in range(3):
        s = s + np.sum(x[[0, 0, i]] ** 2)
    return s


def rows_by_index(a, w):
    s = 0.0
    for i in range(a.shape[0]):
        s = s + np.tanh(a[i]) @ w[:3]
    return s


def write_then_read(x):
    out = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        out[i] = x[i] ** 2
    s = 0.0
    for i in range(x.shape[0]):
        s = s + out[i] * x[i]
    return s + np.sum(out)


def cumulative(x):
    out = np.zeros(x.shape[0])
    out[0] = x[0]
    for i in range(1, x.shape[0]):
        out[i] = out[i - 1] * 0.5 + x[i]
    return np.sum(out ** 2)


def nested(x):
    s = 0.0
    for i in range(x.shape[0]):
        for j in range(x.shape[0]):
            s = s + x[i] * x[j] * (i - j)
    return s


def shared_cotangent(x, w):
    out = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        out[i] = np.sin(x[i])
    y = out + w
    return np.sum(y * y) + np.sum(out)


def read_also_after(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i] ** 3
    return s + np.sum(x * x)


def two_loops(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i] ** 2
    for v in x:
        s = s + v * 3.0
    return s


def write_rows(a):
    out = np.zeros(a.shape)
    for i in range(a.shape[0]):
        out[i] = a[i] * a[i]
    return np.sum(out * a)


def into_argument(out, x):
    for i in range(x.shape[0]):
        out[i] = x[i] ** 2
    return np.sum(out * out)


def complex_values(z):
    s = 0.0
    for i in range(z.shape[0]):
        s = s + np.real(z[i] * z[i] * 1j)
    return s


def complex_into_real(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + np.abs(x[i] * (1 + 2j)) ** 2
    return s


def triangular(x):
    s = 0.0
    for i in range(x.shape[0]):
        for j in range(i):
            s = s + x[i] * x[j] ** 2
    return s


def stepped_range(x):
    s = 0.0
    for i in range(x.shape[0] - 1, -1, -2):
        s = s + x[i] ** 3
    return s


def range_in_while(x):
    s = 0.0
    n = 1
    while n < 4:
        for i in range(n):
            s = s + x[i] * n
        n = n + 1
    return s


CASES = [
    (triangular, (X,), lambda x: (np.array([(x[:k] ** 2).sum() + 2 * x[k] * x[k + 1:].sum()
                                            for k in range(5)]),)),
    (stepped_range, (X,), lambda x: (3 * x ** 2 * np.array([1, 0, 1, 0, 1]),)),
    (range_in_while, (X,), lambda x: (np.array([6.0, 5.0, 3.0, 0.0, 0.0]),)),
    (read_squares, (X,), lambda x: (2 * x,)),
    (write_double, (X,), lambda x: (8 * x,)),
    (iterate_values, (X,), lambda x: (np.cos(x),)),
    (iterate_rows, (M,), lambda a: (2 * a,)),
    (duplicate_indices, (X,), lambda x: (2 * x * np.array([2, 0, 1, 0, 2]),)),
    (negative_indices, (X, W), lambda x, w: (w[::-1], x[::-1])),
    (fancy_in_loop, (X,), lambda x: (2 * x * np.array([7, 1, 1, 0, 0]),)),
    (rows_by_index, (M, W), lambda a, w: (
        (1 - np.tanh(a) ** 2) * w[:3], np.r_[np.tanh(a).sum(0), 0.0, 0.0])),
    (write_then_read, (X,), lambda x: (3 * x ** 2 + 2 * x,)),
    (nested, (X,), lambda x: ((np.arange(5)[:, None] - np.arange(5)) @ x
                               + (np.arange(5)[None, :] - np.arange(5)[:, None]) @ x,)),
    (shared_cotangent, (X, W), lambda x, w: (
        (2 * (np.sin(x) + w) + 1) * np.cos(x), 2 * (np.sin(x) + w))),
    (read_also_after, (X,), lambda x: (3 * x ** 2 + 2 * x,)),
    (two_loops, (X,), lambda x: (2 * x + 3.0,)),
    (write_rows, (M,), lambda a: (3 * a ** 2,)),
    (into_argument, (np.zeros(5), X), lambda out, x: (np.zeros(5), 4 * x ** 3)),
]


@pytest.mark.parametrize("fn,args,expected", CASES, ids=[c[0].__name__ for c in CASES])
def test_gradient(fn, args, expected):
    copies = [np.copy(a) for a in args]
    got = tg.grad(fn, wrt=tuple(range(len(args))))(*args)
    for g, e in zip(got, expected(*args)):
        np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-12)
    for a, c in zip(args, copies):
        np.testing.assert_array_equal(a, c)       # the caller's arrays are left alone
    tg.check_grads(fn, args, order=2)


def test_cumulative_against_finite_differences():
    tg.check_grads(cumulative, (X,), order=2)
    out, grad = np.zeros(5), np.zeros(5)
    out[0] = X[0]
    for i in range(1, 5):
        out[i] = out[i - 1] * 0.5 + X[i]
    back = 0.0
    for i in reversed(range(5)):
        back = 2 * out[i] + 0.5 * back
        grad[i] = back
    np.testing.assert_allclose(tg.grad(cumulative)(X), grad, rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float_dtypes(dtype):
    x = X.astype(dtype)
    np.testing.assert_allclose(tg.grad(read_squares)(x), 2 * x, rtol=1e-6)
    np.testing.assert_allclose(tg.grad(write_double)(x), 8 * x, rtol=1e-6)


def test_complex():
    z = np.array([0.5 + 0.2j, -1.0 + 0.7j, 0.3 - 0.4j])
    tg.check_grads(complex_values, (z,), order=2)
    tg.check_grads(complex_into_real, (X,), order=2)
    np.testing.assert_allclose(tg.grad(complex_into_real)(X), 10 * X, rtol=1e-12)


def test_integer_array_written_with_floats_is_refused():
    def truncating(x):
        out = np.zeros(x.shape[0], dtype=int)
        for i in range(x.shape[0]):
            out[i] = x[i] * 2
        return np.sum(out * 1.0)
    with pytest.raises(tg.TransformError, match="truncates"):
        tg.grad(truncating)(X)


def test_hessian_and_forward_mode():
    np.testing.assert_allclose(tg.hessian(write_double)(X), 8 * np.eye(5), atol=1e-12)
    np.testing.assert_allclose(tg.hessian(read_squares)(X), 2 * np.eye(5), atol=1e-12)
    t = np.arange(5.0)
    np.testing.assert_allclose(tg.jvp(write_double, (X,), (t,))[1], 8 * X @ t)


SIMPLE = [read_squares, write_double, iterate_values, iterate_rows, read_also_after, two_loops]


@pytest.mark.parametrize("fn", SIMPLE, ids=[f.__name__ for f in SIMPLE])
def test_simple_loops_use_no_full_size_helpers(fn):
    """The per-iteration helpers that build or copy a full-size array are gone."""
    text = tg.source(tg.grad(fn))
    for helper in ("getitem_cotangent(", "iteration_item_cotangent(", "with_item(", "zero_at("):
        assert helper not in text, text
    assert "accumulate_" in text, text
    assert "reversed(range(" in text, text
    pushes = [line for line in text.splitlines() if "_stack.append(" in line]
    assert not any(re.search(r"[(, ](i|k)[,)]", line) for line in pushes), text   # no index


def build(x):
    out = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        out[i] = x[i] ** 2
    return out


def rewrite(x):
    out = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        out[i] = x[i]
    for i in range(x.shape[0]):
        out[i] = out[i] * x[i]
    return np.sum(out ** 2)


def test_the_callers_cotangent_is_left_alone():
    """The seed of a vjp enters the reverse loop that clears entries: a private copy."""
    ct = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    _, pullback = tg.vjp(build, X)
    first, second = pullback(ct), pullback(ct)
    np.testing.assert_array_equal(ct, [1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_allclose(first[0], 2 * X * ct, rtol=1e-12)
    np.testing.assert_allclose(second[0], first[0], rtol=0)
    np.testing.assert_allclose(tg.jacobian(build)(X), np.diag(2 * X), atol=1e-12)


def test_an_array_written_by_two_loops():
    tg.check_grads(rewrite, (X,), order=2)
    np.testing.assert_allclose(tg.grad(rewrite)(X), 4 * X ** 3, rtol=1e-12)


REVERSE_TWICE = [read_squares, write_double, iterate_values, duplicate_indices,
                 fancy_in_loop, nested, two_loops, triangular]


@pytest.mark.parametrize("fn", REVERSE_TWICE, ids=[f.__name__ for f in REVERSE_TWICE])
def test_reverse_over_reverse(fn):
    """The generated gradient, with its in-place helpers, differentiated again."""
    v = np.linspace(-1.0, 1.0, 5)
    got = tg.grad(lambda y: tg.grad(fn)(y) @ v)(X)
    np.testing.assert_allclose(got, tg.hessian(fn)(X) @ v, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got, _hessian_fd(fn, X) @ v, rtol=1e-5, atol=1e-6)


def _hessian_fd(fn, x, eps=1e-4):
    grad = tg.grad(fn)
    cols = [(grad(x + eps * e) - grad(x - eps * e)) / (2 * eps) for e in np.eye(x.size)]
    return np.array(cols).T


# -- element reads recomputed by the reverse loop (ad/recompute.py) -------------------

def read_then_write(x):
    y = x * 1.0
    s = 0.0
    for i in range(x.shape[0]):
        s = s + y[i] ** 2
        y[i] = 3 * y[i]              # written after the read, same iteration
    return s + np.sum(y)


def read_then_write_next(x):
    y = x * 1.0
    s = 0.0
    for i in range(x.shape[0] - 1):
        s = s + y[i] ** 2
        y[i + 1] = 2 * y[i]          # written after the read, read by the next iteration
    return s + np.sum(y)


def read_through_alias(x):
    y = x * 1.0
    z = y
    s = 0.0
    for i in range(x.shape[0]):
        s = s + y[i] ** 2
        z[i] = 0.0                   # written through another name for the same array
    return s + np.sum(y)


def read_then_overwrite_later(x):
    y = x * 1.0
    s = 0.0
    for i in range(x.shape[0]):
        s = s + y[i] ** 3            # recomputed: the later loop writes a copy of y
    for i in range(x.shape[0]):
        y[i] = 2 * y[i]
    return s + np.sum(y * y)


def read_then_update_argument(x):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] ** 3
    x[0] = 5.0                       # the argument, as a private copy
    return s + np.sum(x * x)


def read_rows_then_values(a):
    s = 0.0
    for row in a:
        for v in row:
            s = s + v * row[0]
    return s


RECOMPUTED = [
    (read_then_write, lambda x: 2 * x + 3.0, True),
    (read_then_write_next, lambda x: np.r_[170 * x[0] + 31, np.zeros(4)], True),
    (read_through_alias, lambda x: 2 * x, True),
    (read_then_overwrite_later, lambda x: 3 * x ** 2 + 8 * x, False),
    (read_then_update_argument, lambda x: 3 * x ** 2 + 2 * x * np.r_[0.0, np.ones(4)], False),
]


@pytest.mark.parametrize("fn,expected,pushed", RECOMPUTED, ids=[c[0].__name__ for c in RECOMPUTED])
def test_recomputed_reads(fn, expected, pushed):
    """An element read is recomputed in the reverse loop only when the array is not
    written between the read and the reverse loop; the gradients are exact."""
    copy = np.copy(X)
    text = tg.source(tg.grad(fn), X)
    first_loop = text.split("for i in range(", 1)[1].split("\n    for ", 1)[0]
    assert ("_stack.append(" in first_loop) == pushed, text
    np.testing.assert_allclose(tg.grad(fn)(X), expected(X), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(X, copy)
    tg.check_grads(fn, (X,), order=2)
    v = np.linspace(-1.0, 1.0, 5)
    got = tg.grad(lambda y: tg.grad(fn)(y) @ v)(X)        # through the recomputed reads
    np.testing.assert_allclose(got, _hessian_fd(fn, X) @ v, rtol=1e-5, atol=1e-5)


def test_nested_loops_recompute_rows_and_values():
    expected = M[:, :1] + 0.0 * M
    expected[:, 0] += M.sum(1)
    text = tg.source(tg.grad(read_rows_then_values), M)
    assert "_stack" not in text, text
    np.testing.assert_allclose(tg.grad(read_rows_then_values)(M), expected, rtol=1e-12)
    tg.check_grads(read_rows_then_values, (M,), order=2)


TABLE = np.array([1.0, -2.0, 0.5, 3.0, 0.25])


def bump_table():
    TABLE[:] = TABLE + 1.0


def read_table_bumped(x, t):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i] * t[i]
        bump_table()                 # may change t (here: it does) between the read and the adjoint
    return s


def test_a_callee_may_change_what_was_read():
    start = TABLE.copy()
    try:
        got = tg.grad(read_table_bumped)(X, TABLE)
        np.testing.assert_allclose(got, start + np.arange(5.0), rtol=1e-12)
    finally:
        TABLE[:] = start


BENCHMARKED = [read_squares, write_double, iterate_values, iterate_rows]


@pytest.mark.parametrize("fn", BENCHMARKED, ids=[f.__name__ for f in BENCHMARKED])
def test_simple_loops_store_nothing_per_iteration(fn):
    """The index is the reverse loop's variable and the array is still bound: no
    stack, no counter, nothing pushed or popped (what a hand-written adjoint keeps)."""
    arg = M if fn is iterate_rows else X
    text = tg.source(tg.grad(fn), arg)
    for pattern in ("_stack", ".append(", ".pop()", "iteration_item("):
        assert pattern not in text.split("# -- backward --")[1], text
    assert "_stack" not in text and ".append(" not in text, text
    assert re.search(r"for (i|k) in reversed\(range\(", text), text
