"""Rewrites that make generated derivatives shorter (issue 13), each checked for the
code it removes and for gradients against central differences."""
import math
import re

import numpy as np
import pytest

import tangentish as tg
from tests.corpus.funcs_generated import (element_read, inplace_update, iterate_rows,
                                         iterate_values, prealloc_fill, softmax_xent)


def central(fn, x, eps=1e-6):
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        g[idx] = (fn(up) - fn(down)) / (2 * eps)
    return g


def source_after_call(fn, *args, **kw):
    df = tg.grad(fn, **kw)
    result = df(*args)
    return tg.source(df), result


def break_in_stepped_range(x):
    s = 0.0
    for i in range(1, x.shape[0], 2):
        if x[i] < -1.0:
            break
        s = s + x[i] * x[i - 1]
    return s


def break_in_range(x):
    s = 0.0
    for i in range(x.shape[0]):
        if x[i] > 2.0:
            break
        s = s + np.sin(x[i]) * x[i]
    return s


@pytest.mark.parametrize("x", [[0.5, 1.5, -0.3, -2.0, 0.7, 0.2],
                               [0.5, 1.5, -0.3, 0.4, 0.7, 0.2, 0.9],
                               [3.0, 0.1], [0.1]])
@pytest.mark.parametrize("fn", [break_in_stepped_range, break_in_range])
def test_break_loops_replay_their_first_indices(fn, x):
    x = np.array(x)
    text, g = source_after_call(fn, x)
    replay = next(line for line in text.splitlines() if "reversed(range(" in line)
    assert replay.strip().startswith("for i in")      # the index is not stored
    assert "len(i_stack)" in replay or "n_i" in replay
    np.testing.assert_allclose(g, central(fn, x), rtol=1e-6, atol=1e-8)
    generic = tg.vjp(fn, x)[1](1.0)      # the generic code (stores them) agrees
    np.testing.assert_allclose(np.asarray(generic[0] if isinstance(generic, tuple) else generic),
                               g, rtol=1e-12)


def threshold_loop(x, t):
    s = 0.0
    for v in x:
        if v > t:
            s = s + v * t
        else:
            s = s - v
    return s


def test_a_comparison_with_an_argument_is_recomputed():
    x = np.array([0.3, -1.2, 2.5, 0.9])
    text, (gx, gt) = source_after_call(threshold_loop, x, 0.5, wrt=(0, 1))
    assert "_stack" not in text
    np.testing.assert_allclose(gx, central(lambda z: threshold_loop(z, 0.5), x), rtol=1e-6)
    assert gt == pytest.approx(x[x > 0.5].sum())


def scalar_terms(a, b):
    c = math.sin(a) * math.exp(b) + a * b
    return math.log(1.0 + c * c)


def test_a_temporary_folds_past_other_adjoints_of_its_line():
    text, (da, db) = source_after_call(scalar_terms, 0.7, -0.4, wrt=(0, 1))
    assert "dsin_a" not in text
    eps = 1e-6
    assert da == pytest.approx((scalar_terms(0.7 + eps, -0.4) - scalar_terms(0.7 - eps, -0.4))
                               / (2 * eps), rel=1e-6)
    assert db == pytest.approx((scalar_terms(0.7, -0.4 + eps) - scalar_terms(0.7, -0.4 - eps))
                               / (2 * eps), rel=1e-6)


def gram(A, B):
    C = A @ B.T
    return np.sum(C @ C.T) + np.sum(A @ A.T)


def test_a_transpose_of_a_transpose_is_the_array():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(3, 2)), rng.normal(size=(4, 2))
    text, (dA, dB) = source_after_call(gram, A, B, wrt=(0, 1))
    assert ".T.T" not in text and "T_A" not in text and "T_B" not in text
    np.testing.assert_allclose(dA, central(lambda a: gram(a, B), A), rtol=1e-6)
    np.testing.assert_allclose(dB, central(lambda b: gram(A, b), B), rtol=1e-6)


def while_shrinks(x):
    i = 0
    while i < 4:
        x = x * 0.9 + np.cos(x)
        i += 1
    return np.sum(x)


def while_on_value(x):
    s = 1.0
    while s < 5.0:
        s = s * 1.5 + np.sum(x * x)
    return s


@pytest.mark.parametrize("fn", [while_shrinks, while_on_value])
def test_while_loops_test_their_condition_in_the_header(fn):
    x = np.array([0.2, 0.4])
    text, g = source_after_call(fn, x)
    assert "cond" not in text
    assert "x_2" not in text
    np.testing.assert_allclose(g, central(fn, x), rtol=1e-5, atol=1e-9)


def nested_carried(x):
    for i in range(3):
        for j in range(2):
            x = np.sin(x) * 1.1 + 0.1 * x * j
    return np.sum(x)


def test_loop_carried_values_pushed_first_in_nested_loops():
    x = np.array([0.3, -0.2])
    text, g = source_after_call(nested_carried, x)
    np.testing.assert_allclose(g, central(nested_carried, x), rtol=1e-6)


def early_exit(x):
    for v in x:
        if v > 0.5:
            return v * 2.0
    return np.sum(x)


@pytest.mark.parametrize("x", [[0.1, 0.7, 0.9], [0.1, 0.2, 0.3], [0.9], [0.2, 0.4, 0.6]])
def test_an_early_return_breaks_where_it_returns(x):
    x = np.array(x)
    text, g = source_after_call(early_exit, x)
    assert "not_returned" not in text and "if returned:" not in text
    loop = text[text.index("for k in"):text.index("# -- backward --")]
    assert "break" in loop
    np.testing.assert_allclose(g, central(early_exit, x), rtol=1e-6, atol=1e-9)


def branch_value(x):
    if np.sum(x) > 0.0:
        y = np.exp(x)
    else:
        y = x * x
    return np.sum(y)


@pytest.mark.parametrize("x", [[0.3, 0.5], [-0.3, -0.5]])
def test_a_branch_value_keeps_the_users_name(x):
    x = np.array(x)
    text, g = source_after_call(branch_value, x)
    assert "y_2" not in text.split("# -- backward --")[0]
    np.testing.assert_allclose(g, central(branch_value, x), rtol=1e-6)


def softmax_loss(W, X, Y):
    s = X @ W
    s = s - np.max(s, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(s), axis=1, keepdims=True))
    return -np.sum(Y * (s - lse)) / X.shape[0]


def test_an_adjoint_copied_into_another_is_one_name():
    rng = np.random.default_rng(1)
    W, X = rng.normal(size=(3, 4)), rng.normal(size=(5, 3))
    Y = np.eye(4)[[0, 1, 2, 3, 0]]
    text, g = source_after_call(softmax_loss, W, X, Y)
    assert "dsub_s" not in text
    np.testing.assert_allclose(g, central(lambda w: softmax_loss(w, X, Y), W), rtol=1e-5)


def fill_in_place(x):
    out = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        out[i] = np.sin(x[i]) * x[i]
    return np.sum(out ** 2)


def test_a_temporary_moves_past_an_in_place_accumulation():
    x = np.array([0.3, -1.1, 2.0])
    text, g = source_after_call(fill_in_place, x)
    assert "dsin_x_i =" not in text
    np.testing.assert_allclose(g, central(fill_in_place, x), rtol=1e-6)


def sum_until(x):
    total = 0.0
    for v in x:
        if v < -1.0:
            break
        total = total + v * v
    return total


@pytest.mark.parametrize("x", [[0.5, -2.0, 3.0], [0.5, 0.25, 3.0], [-3.0, 1.0], [np.nan, 1.0]])
def test_a_zero_contribution_is_not_accumulated(x):
    x = np.array(x)
    text, g = source_after_call(sum_until, x)
    assert "zero_derivative(v)" not in text
    expected = np.zeros_like(x)
    for i, v in enumerate(x):
        if v < -1.0:
            break
        expected[i] = 2 * v
    np.testing.assert_array_equal(g, expected)
    assert g.dtype == x.dtype and g.shape == x.shape


def sum_until_f32(x):
    total = np.float32(0.0)
    for v in x:
        if v < -1.0:
            break
        total = total + v * v
    return total


def test_a_skipped_zero_keeps_the_gradients_dtype():
    x = np.array([0.5, -2.0, 3.0], dtype=np.float32)
    g = tg.grad(sum_until_f32)(x)
    assert g.dtype == np.float32
    np.testing.assert_array_equal(g, np.array([1.0, 0.0, 0.0], dtype=np.float32))


def sum_rows(X, w):
    s = 0.0
    for row in X:
        s = s + np.tanh(row @ w)
    return s


def test_loop_headers_read_the_length_themselves():
    rng = np.random.default_rng(2)
    X, w = rng.normal(size=(4, 3)), rng.normal(size=3)
    text, (dX, dw) = source_after_call(sum_rows, X, w, wrt=(0, 1))
    assert "len_X" not in text
    assert "for k in range(len(X)):" in text and "for k in reversed(range(len(X))):" in text
    np.testing.assert_allclose(dX, central(lambda a: sum_rows(a, w), X), rtol=1e-6)
    np.testing.assert_allclose(dw, central(lambda b: sum_rows(X, b), w), rtol=1e-6)
    xs = [0.3, -0.2, 0.5]                  # a list: its length read twice as well
    g = tg.grad(lambda v: sum(np.sin(t) for t in v))(xs)
    np.testing.assert_allclose(g, np.cos(xs))


# -- second round (l13b): facts the signature gives beyond shapes --------------------

def autograd_grad(fn, *args, argnum=0):
    """autograd's gradient of ``fn`` written with ``npa`` (autograd.numpy)."""
    import autograd      # (the independent reference; not a tangentish dependency)
    return autograd.grad(fn, argnum)(*args)


def sum_until_negative(x):
    total = 0.0
    for v in x:
        if v < -1.0:
            break
        total = total + v * v
    return total


@pytest.mark.parametrize("x", [[0.5, 0.2, -2.0, 0.3], [0.5, 0.2, 0.3]])
def test_a_negative_constant_is_a_real_number(x):
    # ``v < -1.0`` compares with a Python float: every value is real, so the gradient's
    # real part is not taken
    x = np.array(x)
    text, g = source_after_call(sum_until_negative, x)
    assert "real_cotangent" not in text
    np.testing.assert_allclose(g, central(sum_until_negative, x), atol=1e-6)
    assert g.dtype == x.dtype


def index_slices(x):
    return x[0, 0] * np.sum(x[:, 1]) + np.sum(x[1:3] ** 2)


def trace_diag(A, B):
    C = A @ B.T
    return np.trace(C @ C.T) + np.sum(np.diag(A @ A.T))


def test_slices_and_diagonals_keep_float64():
    # ``x[1:3] ** 2``, ``np.trace`` and ``np.diag`` of float64 arrays are float64: the
    # output is a float64 scalar, its seed np.float64(1.0), the output itself not computed
    import autograd.numpy as npa
    rng = np.random.default_rng(3)
    x = rng.normal(size=(5, 3))
    text, g = source_after_call(index_slices, x)
    assert "unit_cotangent" not in text and not re.search(r"^ +add = ", text, re.M)
    np.testing.assert_allclose(g, central(index_slices, x), atol=1e-6)
    np.testing.assert_allclose(g, autograd_grad(
        lambda x: x[0, 0] * npa.sum(x[:, 1]) + npa.sum(x[1:3] ** 2), x), rtol=1e-12)
    A, B = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    text, (dA, dB) = source_after_call(trace_diag, A, B, wrt=(0, 1))
    assert "unit_cotangent" not in text and not re.search(r"^ +add = ", text, re.M)
    np.testing.assert_allclose(dA, central(lambda a: trace_diag(a, B), A), atol=1e-5)
    np.testing.assert_allclose(dB, central(lambda b: trace_diag(A, b), B), atol=1e-5)

    def reference(A, B):
        C = npa.dot(A, B.T)
        return npa.trace(npa.dot(C, C.T)) + npa.sum(npa.diag(npa.dot(A, A.T)))
    np.testing.assert_allclose(dA, autograd_grad(reference, A, B), rtol=1e-10)
    np.testing.assert_allclose(dB, autograd_grad(reference, A, B, argnum=1), rtol=1e-10)


def test_slices_of_other_dtypes_keep_the_checks():
    # float32 and complex slices: the seed still checks the output (its dtype decides
    # the seed's), and a complex output is still refused
    x = np.arange(15.0, dtype=np.float32).reshape(5, 3) / 10
    text, g = source_after_call(index_slices, x)
    assert "unit_cotangent" in text
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, tg.grad(index_slices)(x.astype(float)), rtol=1e-6)
    with pytest.raises(Exception, match="complex"):
        tg.grad(index_slices)(x.astype(complex))


W_GLOBAL = np.linspace(0.5, 1.5, 6).reshape(3, 2)


def times_global(x, s):
    return np.sum(x / s) + np.sum(x * W_GLOBAL[:, 0:1])


def times_global_list(x):
    return np.sum(x * LIST_GLOBAL)


LIST_GLOBAL = [1.0, 2.0]


def test_the_sequence_guard_goes_beside_an_array_and_a_constant():
    # ``x * W[:, 0:1]``: x is an exact ndarray and the other operand carries no
    # derivative: numpy's arithmetic whatever it is (a list too)
    import autograd.numpy as npa
    x, s = np.arange(6.0).reshape(3, 2) + 1.0, np.array([[2.0], [3.0], [4.0]])
    text, (dx, ds) = source_after_call(times_global, x, s, wrt=(0, 1))
    assert "check_not_sequences" not in text
    np.testing.assert_allclose(dx, central(lambda v: times_global(v, s), x), atol=1e-6)
    np.testing.assert_allclose(ds, central(lambda v: times_global(x, v), s), atol=1e-6)
    np.testing.assert_allclose(dx, autograd_grad(
        lambda x, s: npa.sum(x / s) + npa.sum(x * W_GLOBAL[:, 0:1]), x, s), rtol=1e-12)
    text, g = source_after_call(times_global_list, x)       # a list: elementwise too
    assert "check_not_sequences" not in text
    np.testing.assert_allclose(g, central(times_global_list, x), atol=1e-6)


def add_lists(a, b):
    return np.sum(a + b)


def test_the_sequence_guard_stays_where_a_list_may_concatenate():
    # neither operand known an ndarray: the guard still refuses list concatenation
    with pytest.raises(tg.TransformError, match="concatenation"):
        tg.grad(add_lists)([1.0, 2.0], [3.0])


def rnn_steps(Wx, Wh, xs, h0):
    h = h0
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ Wx + h @ Wh)
    return np.sum(h * h)


def test_a_float64_seed_spreads_as_np_full():
    # the seed of a loop-carried float64 output is np.float64(1.0): spread over the
    # float64 array ``h * h`` it is np.full of its shape and dtype, and times ``h`` (of
    # that shape: ``h * h`` was computed from it) it is ``h``'s values: no product
    import autograd.numpy as npa
    rng = np.random.default_rng(4)
    Wx, Wh = rng.normal(size=(2, 3)), rng.normal(size=(3, 3)) * 0.5
    xs, h0 = rng.normal(size=(4, 2)), rng.normal(size=3)
    text, (gx, gh) = source_after_call(rnn_steps, Wx, Wh, xs, h0, wrt=(0, 1))
    assert "unreduce(" not in text and "np.full" not in text and "mul_h" not in text
    assert "dh_1 = h_1 + h_1" in text
    np.testing.assert_allclose(gx, central(lambda w: rnn_steps(w, Wh, xs, h0), Wx), atol=1e-6)
    np.testing.assert_allclose(gh, central(lambda w: rnn_steps(Wx, w, xs, h0), Wh), atol=1e-6)

    def reference(Wx, Wh):
        h = h0
        for t in range(xs.shape[0]):
            h = npa.tanh(npa.dot(xs[t], Wx) + npa.dot(h, Wh))
        return npa.sum(h * h)
    np.testing.assert_allclose(gx, autograd_grad(reference, Wx, Wh), rtol=1e-10)
    np.testing.assert_allclose(gh, autograd_grad(reference, Wx, Wh, argnum=1), rtol=1e-10)
    f32 = [a.astype(np.float32) for a in (Wx, Wh, xs, h0)]       # float32: the helper stays
    text, (g32, _) = source_after_call(rnn_steps, *f32, wrt=(0, 1))
    assert "np.full(mul_h.shape" not in text
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, gx, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("n", [1, 2, 5])
def test_stores_into_float_arrays_keep_them_real(n):
    # with_item / store_at into a float64 array, np.zeros(n): real float64 values, so no
    # real_seed / real_cotangent / unit_cotangent
    rng = np.random.default_rng(n)
    x = rng.normal(size=max(n, 2))
    text, g = source_after_call(inplace_update, x)
    assert "real_seed" not in text and "real_cotangent" not in text
    np.testing.assert_allclose(g, central(inplace_update, x), atol=1e-6)
    x = rng.normal(size=n)
    text, g = source_after_call(prealloc_fill, x)
    assert "unit_cotangent" not in text and "sum_pow_out" not in text
    np.testing.assert_allclose(g, central(prealloc_fill, x), atol=1e-6)
    expected = 2 * (np.sin(x) * x) * (np.cos(x) * x + np.sin(x))
    np.testing.assert_allclose(g, expected, rtol=1e-12)


def test_a_complex_store_is_still_refused():
    x = np.array([0.5, 1.5, 2.0])

    def store_complex(x):
        y = x * 1.0
        y[0] = x[1] * 1j
        return np.sum(np.abs(y))
    with pytest.raises(tg.TransformError, match="complex"):
        tg.grad(store_complex)(x)


def layer(h, W, b):
    return np.tanh(h @ W + b)


def two_layers(x, W1, b1, W2, b2):
    h = layer(x, W1, b1)
    return np.sum(layer(h, W2, b2) ** 2)


def test_a_callees_gradient_is_not_made_real_twice():
    # ``dx, dW1, db1 = vjp_layer(dh, x, W1, b1)``: the callee's vjp returns
    # real_cotangent(dx, x) itself, so the caller takes no real part again
    import autograd.numpy as npa
    rng = np.random.default_rng(5)
    x, W1, b1 = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    W2, b2 = rng.normal(size=(2, 2)), rng.normal(size=2)
    text, grads = source_after_call(two_layers, x, W1, b1, W2, b2, wrt=(0, 1, 2))
    assert "real_cotangent" not in text
    args = [x, W1, b1, W2, b2]

    def reference(x, W1, b1):
        h = npa.tanh(npa.dot(x, W1) + b1)
        return npa.sum(npa.tanh(npa.dot(h, W2) + b2) ** 2)
    for k, g in enumerate(grads):
        def partial(v, k=k):
            return two_layers(*(args[:k] + [v] + args[k + 1:]))
        np.testing.assert_allclose(g, central(partial, args[k]), atol=1e-6)
        np.testing.assert_allclose(g, autograd_grad(reference, x, W1, b1, argnum=k),
                                   rtol=1e-10)


def scale_by(z, c):
    return z * c


def through_callee(z, c):
    return np.sum(np.abs(scale_by(z, c)) ** 2)


def inline(z, c):
    return np.sum(np.abs(z * c) ** 2)


def through_callee_twice(z, c):
    return np.sum(np.abs(scale_by(z, c)) ** 2) + np.sum(scale_by(z, c).real)


@pytest.mark.parametrize("z, c", [
    (np.array([1.0 + 2.0j, -0.5 + 0.3j]), np.array([0.5, 2.0])),           # complex input
    (np.array([1.0, -0.5]), np.array([0.5 + 1.0j, 2.0 - 0.5j])),           # real input
])
def test_a_callees_real_part_matches_the_inlined_code(z, c):
    # the gradient through a callee is the one of the same code inlined (complex and real
    # inputs: the real part taken once, by the callee), and one accumulated from two
    # calls still takes it
    expected = tg.grad(inline, wrt=(0, 1))(z, c)
    got = tg.grad(through_callee, wrt=(0, 1))(z, c)
    for g, e in zip(got, expected):
        assert g.dtype == e.dtype
        np.testing.assert_allclose(g, e, rtol=1e-12)
    text, _ = source_after_call(through_callee_twice, z, c, wrt=(0, 1))
    assert "real_cotangent(dz, z)" in text


def build_list(x):
    ys = []
    for i in range(3):
        ys.append(np.sin(x * i))
    return np.sum(np.stack(ys) ** 2)


def test_a_list_cotangent_is_read_before_it_is_sliced():
    # ``dys_2 = dys_1; dys_1 = dys_2[:-1]; dx = dx + dys_2[-1] * ...`` reads dys_1
    # first and slices it after: no copy
    import autograd.numpy as npa
    x = np.array([0.3, -1.2, 2.0])
    text, g = source_after_call(build_list, x)
    assert "dys_2" not in text
    assert text.index("dys_1[-1]") < text.index("dys_1 = dys_1[:-1]")
    np.testing.assert_allclose(g, central(build_list, x), atol=1e-6)

    def reference(x):
        return npa.sum(npa.stack([npa.sin(x * i) for i in range(3)]) ** 2)
    np.testing.assert_allclose(g, autograd_grad(reference, x), rtol=1e-12)


def scaled_terms(x, c):
    s = 0.0
    for i in range(4):
        t = x * i
        s = s + np.sum(np.sin(t) * c)
    return s


def scaled_terms_written(x):
    y = x * 1.0
    s = 0.0
    for i in range(3):
        t = y * i
        y[0] = y[0] + 1.0
        s = s + np.sum(np.sin(t))
    return s


def test_arithmetic_of_the_index_is_recomputed_not_stored():
    # ``t = x * i`` (an argument array and the loop index): the reverse loop computes it
    # again instead of pushing it
    import autograd.numpy as npa
    x = np.array([0.3, -1.2, 2.0])
    text, (g, gc) = source_after_call(scaled_terms, x, 0.7, wrt=(0, 1))
    forward, backward = text.split("# -- backward --")
    assert "t = x * i" in backward and "append((shape_of(mul), sin_t))" in forward
    np.testing.assert_allclose(g, central(lambda v: scaled_terms(v, 0.7), x), atol=1e-6)

    def reference(x, c):
        return sum(npa.sum(npa.sin(x * i) * c) for i in range(4))
    np.testing.assert_allclose(g, autograd_grad(reference, x, 0.7), rtol=1e-12)
    np.testing.assert_allclose(gc, autograd_grad(reference, x, 0.7, argnum=1), rtol=1e-12)
    # an array written in place in the loop is stored, not read again
    text, g = source_after_call(scaled_terms_written, x)
    np.testing.assert_allclose(g, central(scaled_terms_written, x), atol=1e-6)


def dict_layer(params, x):
    h = np.tanh(x @ params["W"] + params["b"])
    return np.sum(h ** 2) + np.real(params["scale"]) * 0.0


@pytest.mark.parametrize("scale", [2.0, 2.0 + 0.0j])
def test_a_real_container_arguments_gradient_is_handed_back_as_is(scale):
    # a dict of real arrays and numbers: every value real, no real part taken; a complex
    # entry keeps the helper
    rng = np.random.default_rng(6)
    params = {"W": rng.normal(size=(3, 2)), "b": rng.normal(size=2), "scale": scale}
    x = rng.normal(size=(4, 3))
    text, g = source_after_call(dict_layer, params, x)
    assert ("real_cotangent" in text) == isinstance(scale, complex)
    assert type(g) is dict and set(g) == {"W", "b", "scale"}
    for key in ("W", "b"):
        def partial(v, key=key):
            return dict_layer(dict(params, **{key: v}), x).real
        np.testing.assert_allclose(g[key], central(partial, params[key]), atol=1e-6)
        assert g[key].dtype == np.float64


def softmax_max(logits, Y):
    m = np.max(logits, axis=1, keepdims=True)
    s = logits - m
    lse = np.log(np.sum(np.exp(s), axis=1, keepdims=True))
    return -np.sum(Y * (s - lse))


def copy_before_break(x):
    total = 0.0
    t = 0.0
    for v in x:
        t = total
        if v < 0.0:
            break
        total = t + v * v
    return total + t


def test_a_copy_rebound_after_its_source_is_read_is_the_source():
    # ``dlogits = ds; dm = ...; dlogits = dlogits + dm * mask`` -> ``dlogits = ds + ...``
    import autograd.numpy as npa
    rng = np.random.default_rng(7)
    logits, Y = rng.normal(size=(4, 3)), np.eye(3)[[0, 2, 1, 0]]
    text, g = source_after_call(softmax_max, logits, Y)
    assert not re.search(r"^ +dlogits = ds$", text, re.M)
    np.testing.assert_allclose(g, central(lambda v: softmax_max(v, Y), logits), atol=1e-6)

    def reference(logits):
        s = logits - npa.max(logits, axis=1, keepdims=True)
        return -npa.sum(Y * (s - npa.log(npa.sum(npa.exp(s), axis=1, keepdims=True))))
    np.testing.assert_allclose(g, autograd_grad(reference, logits), rtol=1e-12)
    # a copy whose value an exit carries out of the loop stays
    for x in ([0.5, -1.0, 2.0], [0.5, 1.0, 2.0]):
        x = np.array(x)
        np.testing.assert_allclose(tg.grad(copy_before_break)(x),
                                   central(copy_before_break, x), atol=1e-6)


def first_large(x):
    for v in x:
        if v > 0.5:
            return v * 2.0
    return np.sum(x)


@pytest.mark.parametrize("x", [[0.1, 0.2, 0.9, 0.3], [0.1, 0.2, 0.3],
                               np.linspace(-1.0, 0.4, 5000).tolist() + [0.7, 3.0]])
def test_an_early_returns_zero_contributions_are_not_accumulated(x):
    # ``dx = unreduce(dout, x)`` on one path, zeros on the other: for a float64 array
    # ``x`` adding float64 zeros to either changes nothing, so the loop adds only ``dv``
    x = np.array(x)
    text, g = source_after_call(first_large, x)
    assert "zero_derivative" not in text
    expected = np.zeros_like(x)
    hit = np.flatnonzero(x > 0.5)
    if hit.size:
        expected[hit[0]] = 2.0
    else:
        expected[:] = 1.0
    np.testing.assert_array_equal(g, expected)
    assert g.dtype == np.float64 and g.flags.writeable
    if x.size < 10:
        np.testing.assert_allclose(g, central(first_large, x), atol=1e-6)


def test_an_early_return_in_float32_keeps_its_zeros_and_dtype():
    x = np.array([0.1, 0.2, 0.3], dtype=np.float32)
    text, g = source_after_call(first_large, x)
    assert "zero_derivative" in text
    assert g.dtype == np.float32
    np.testing.assert_array_equal(g, np.ones(3, np.float32))


def sines_squared(x):
    h = x
    for _ in range(3):
        h = np.sin(h)
    return np.sum(h * h)


def sines_rebound(x):
    h = x
    for _ in range(2):
        h = np.sin(h)
    s = np.sum(h * h)
    h = np.concatenate([h, h])
    return s + np.sum(h * h)


def products(x, w):
    return np.sum(x * w)


def sin_cos(x):
    a, b = np.sin(x), np.cos(x)
    return np.sum(a * b)


@pytest.mark.parametrize("x", [np.linspace(-1.0, 1.5, 4), np.linspace(0.1, 0.9, 6).reshape(2, 3),
                               np.array([0.7]), np.array(0.4)], ids=lambda x: str(x.shape))
def test_a_unit_seed_times_its_own_shape_is_no_product(x):
    # ``np.sum(h * h)`` of a loop-carried float64 h: its cotangent is h + h (1.0 * h is
    # h for every float64), no array of ones, no ``h * h`` computed for its shape
    import autograd.numpy as npa
    text, g = source_after_call(sines_squared, x)
    if x.ndim:
        assert "dh_1 = h_1 + h_1" in text and "np.full" not in text and "mul_h" not in text
    np.testing.assert_allclose(g, central(sines_squared, x), atol=1e-6)

    def reference(x):
        h = x
        for _ in range(3):
            h = npa.sin(h)
        return npa.sum(h * h)
    np.testing.assert_allclose(g, autograd_grad(reference, x), rtol=1e-12)
    g32 = tg.grad(sines_squared)(x.astype(np.float32))         # float32: the helper stays
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, g, rtol=1e-4, atol=1e-5)


def test_a_name_rebound_after_the_product_keeps_the_ones():
    # the user's h is rebound (another shape) after ``h * h``: that product's seed is
    # h_1's values, the concatenation's (of a shape not known) keeps its helper
    import autograd.numpy as npa
    x = np.linspace(-0.5, 1.0, 3)
    text, g = source_after_call(sines_rebound, x)
    assert "dh_1 = dh_1 + h_1 + h_1" in text and "unreduce(1.0, h_3)" in text
    np.testing.assert_allclose(g, central(sines_rebound, x), atol=1e-6)

    def reference(x):
        h = x
        for _ in range(2):
            h = npa.sin(h)
        s = npa.sum(h * h)
        h = npa.concatenate([h, h])
        return s + npa.sum(h * h)
    np.testing.assert_allclose(g, autograd_grad(reference, x), rtol=1e-12)


def test_a_unit_product_alone_is_a_new_array():
    # ``1.0 * w`` stays where it is not an operand of further arithmetic: the gradient
    # is a new array, never the caller's ``w``
    x, w = np.linspace(0.1, 1.0, 4), np.linspace(-1.0, 2.0, 4)
    g = tg.grad(products)(x, w)
    assert not np.shares_memory(g, w) and np.array_equal(g, w)
    g[0] = 99.0
    assert w[0] == -1.0
    # read only by arithmetic, ``da = 1.0 * cos_x`` is ``cos_x`` there
    text, gx = source_after_call(sin_cos, x)
    np.testing.assert_allclose(gx, central(sin_cos, x), atol=1e-6)
    np.testing.assert_allclose(gx, np.cos(x) ** 2 - np.sin(x) ** 2, rtol=1e-12)
    assert "np.full" not in text and "1.0 *" not in text
    assert "dx = sin_x * -np.sin(x) + cos_x * np.cos(x)" in text


@pytest.mark.parametrize("w", [np.linspace(-1.0, 2.0, 4), np.array([3.0])],
                         ids=lambda w: str(w.shape))
def test_a_broadcast_operand_keeps_the_seeds_shape(w):
    # x * w with w of shape (1,): the cotangent of x is w spread to x's shape
    x = np.linspace(0.1, 1.0, 4)
    g = tg.grad(products)(x, w)
    np.testing.assert_array_equal(g, np.broadcast_to(w, x.shape))
    gw = tg.grad(products, wrt=1)(x, w)
    np.testing.assert_allclose(gw, central(lambda v: products(x, v), w), atol=1e-6)
    with pytest.raises(ValueError):
        tg.grad(products)(x, np.ones(3))            # numpy's broadcasting error


def mean_rows(W, X):
    return -np.sum(np.tanh(X @ W)) / X.shape[0]


def mean_rows_named(W, X):
    n = X.shape[0]
    return -np.sum(np.tanh(X @ W)) / n


@pytest.mark.parametrize("fn", [mean_rows, mean_rows_named])
def test_a_shape_read_once_is_read_where_it_is_used(fn):
    # ``n_X = X.shape[0]``, read once by the adjoint of its own line: read there
    import autograd.numpy as npa
    rng = np.random.default_rng(5)
    W, X = rng.normal(size=(3, 2)), rng.normal(size=(4, 3))
    text, g = source_after_call(fn, W, X)
    if fn is mean_rows:
        assert "n_X" not in text and "/ X.shape[0]" in text
    else:
        assert "n = X.shape[0]" in text           # the user's name stays
    np.testing.assert_allclose(g, central(lambda w: fn(w, X), W), atol=1e-6)
    reference = autograd_grad(lambda w: -npa.sum(npa.tanh(npa.dot(X, w))) / X.shape[0], W)
    np.testing.assert_allclose(g, reference, rtol=1e-12)


# -- c13: facts of callees' results --------------------------------------------------
# ``y = f(a, b)`` of a Python function with source, in code specialized to a signature,
# has the fact of the name ``f`` returns, from ``f``'s own Facts for the facts of
# ``a, b`` (ad/base.py ``call_signature``); the callee's vjp that runs is the one
# generated for those facts.

def sine_of(z):
    return np.sin(z)


def sine_sum(x):
    return np.sum(sine_of(x) + sine_of(2.0 * x))


def sine_sum_inline(x):
    return np.sum(np.sin(x) + np.sin(2.0 * x))


def sines_of_two(x, y):
    return np.sum(sine_of(x) * sine_of(y))


def sines_of_two_inline(x, y):
    return np.sum(np.sin(x) * np.sin(y))


def test_the_corpus_calls_lose_their_seed_and_helpers():
    from tests.corpus.funcs_generated import CORPUS, calls, closure
    for fn, wrt, args in CORPUS:
        if fn not in (calls, closure):
            continue
        text, grads = source_after_call(fn, *args, wrt=wrt)
        for helper in ("real_seed", "unreduce", "unbroadcast", "broadcast_shape",
                       "check_not_sequences", "real_cotangent"):
            assert helper not in text, (fn.__name__, helper)
        grads = grads if isinstance(grads, tuple) else (grads,)
        positions = [wrt] if isinstance(wrt, int) else list(wrt)
        for k, g in zip(positions, grads):
            def partial(v, k=k):
                return fn(*(list(args[:k]) + [v] + list(args[k + 1:])))
            np.testing.assert_allclose(g, central(partial, args[k]), atol=1e-6)


def test_the_corpus_calls_match_autograd():
    import autograd.numpy as npa
    from tests.corpus.funcs_generated import CORPUS, calls, closure
    args = {fn: a for fn, _, a in CORPUS}

    def dense(h, W, b):
        return npa.tanh(npa.dot(h, W) + b)

    def calls_ref(x, W1, b1, W2, b2):
        return npa.sum(dense(dense(x, W1, b1), W2, b2) ** 2)

    def closure_ref(x, scale):
        return npa.sum(npa.sin(x) * scale + npa.sin(2.0 * x) * scale)
    for fn, ref in ((calls, calls_ref), (closure, closure_ref)):
        a = args[fn]
        for k in range(len(a)):
            if not isinstance(a[k], np.ndarray) and not isinstance(a[k], float):
                continue
            got = tg.grad(fn, wrt=(k,))(*a)[0]
            np.testing.assert_allclose(got, autograd_grad(ref, *a, argnum=k), rtol=1e-10)


def test_a_callees_result_of_known_shape_needs_no_helpers():
    x = np.linspace(-1.0, 1.0, 5)
    text, g = source_after_call(sine_sum, x)
    assert "real_seed" not in text and "unbroadcast" not in text and "unreduce" not in text
    assert "vjp_sine_of" in text
    np.testing.assert_allclose(g, np.cos(x) + 2.0 * np.cos(2.0 * x), rtol=1e-12)
    np.testing.assert_allclose(g, central(sine_sum, x), atol=1e-6)


@pytest.mark.parametrize("x, y", [
    (np.ones((3, 1)) * 0.3, np.linspace(0.1, 0.4, 4)),      # broadcast to (3, 4)
    (np.array([0.7]), np.linspace(0.1, 0.4, 3)),             # a dim of 1 against 3
    (np.array(0.7), np.linspace(0.1, 0.4, 3)),               # a 0-d array
    (np.zeros(0), np.zeros(0)),                              # empty
    (np.linspace(0.1, 0.4, 3).astype(np.float32),            # float32 and float64
     np.linspace(0.1, 0.4, 3)),
    (np.linspace(0.1, 0.4, 3).astype(np.float32),            # float32 only
     np.linspace(0.2, 0.5, 3).astype(np.float32)),
    (0.5, np.linspace(0.1, 0.4, 3)),                         # a Python float
])
def test_callees_results_of_other_shapes_and_dtypes_match_the_inlined_code(x, y):
    got = tg.grad(sines_of_two, wrt=(0, 1))(x, y)
    expected = tg.grad(sines_of_two_inline, wrt=(0, 1))(x, y)
    generic = tg.vjp(sines_of_two, x, y)[1](1.0)        # generic code, no facts
    import autograd.numpy as npa
    for k, (g, e, v) in enumerate(zip(got, expected, generic)):
        assert type(g) is type(e) and np.shape(g) == np.shape(e)
        assert np.asarray(g).dtype == np.asarray(e).dtype
        np.testing.assert_allclose(g, e, rtol=1e-6)
        np.testing.assert_allclose(g, v, rtol=1e-6)
        if np.size(x) and np.size(y) and np.asarray(x).dtype == np.float64 \
                and np.asarray(y).dtype == np.float64:
            ref = autograd_grad(lambda a, b: npa.sum(npa.sin(a) * npa.sin(b)),
                                np.asarray(x, float), np.asarray(y, float), argnum=k)
            np.testing.assert_allclose(g, ref, rtol=1e-10)


def test_mismatching_callees_results_raise_numpys_error():
    x, y = np.linspace(0.1, 0.4, 3), np.linspace(0.1, 0.4, 4)
    with pytest.raises(ValueError):
        sines_of_two(x, y)
    with pytest.raises(ValueError):
        tg.grad(sines_of_two, wrt=(0, 1))(x, y)


def to_complex(z):
    return z * (1.0 + 2.0j)


def complex_through_callee(x):
    return np.sum(np.abs(to_complex(x)) ** 2) + np.sum(to_complex(x).real)


def complex_inline(x):
    return np.sum(np.abs(x * (1.0 + 2.0j)) ** 2) + np.sum((x * (1.0 + 2.0j)).real)


def test_a_callees_complex_result_is_not_taken_for_real():
    x = np.array([0.3, -1.2, 0.5])
    text, g = source_after_call(complex_through_callee, x)
    np.testing.assert_allclose(g, tg.grad(complex_inline)(x), rtol=1e-12)
    np.testing.assert_allclose(g, central(complex_through_callee, x), atol=1e-6)
    np.testing.assert_allclose(g, 10.0 * x + 1.0, rtol=1e-12)
    assert g.dtype == np.float64


def int_callee(n):
    return n * 2


def int_args(x, n):
    return np.sum(sine_of(x) * int_callee(n))


@pytest.mark.parametrize("n", [3, np.int64(3), np.array([1, 2, 3])])
def test_int_arguments_of_a_callee(n):
    x = np.array([0.3, -1.2, 0.5])
    g = tg.grad(int_args)(x, n)
    np.testing.assert_allclose(g, np.cos(x) * n * 2, rtol=1e-12)
    np.testing.assert_allclose(g, central(lambda v: int_args(v, n), x), atol=1e-6)


def power_rec(x, n):
    if n == 0:
        return np.ones_like(x)
    return x * power_rec(x, n - 1)


def recursive_caller(x):
    return np.sum(power_rec(x, 3))


def test_a_recursive_callee():
    import autograd.numpy as npa
    x = np.array([0.3, -1.2, 0.5])
    g = tg.grad(recursive_caller)(x)
    np.testing.assert_allclose(g, 3 * x ** 2, rtol=1e-12)
    np.testing.assert_allclose(g, autograd_grad(lambda v: npa.sum(v * v * v), x), rtol=1e-12)


def with_default(z, k=2.0):
    return np.sin(z) * k


def default_caller(x):
    return np.sum(with_default(x))


def test_a_call_leaning_on_defaults_keeps_its_helpers():
    # (the call does not pass each parameter: no facts for its result)
    x = np.array([0.3, -1.2, 0.5])
    text, g = source_after_call(default_caller, x)
    assert "real_seed" in text
    np.testing.assert_allclose(g, 2.0 * np.cos(x), rtol=1e-12)


def shaped(x):
    return np.sin(x)


def shaped_col(x):
    return np.sin(x)[:, None] * np.ones(3)


def through_shaped(x):
    return np.sum(shaped(x) * 2.0)


def test_a_redefined_callee_regenerates_the_caller(monkeypatch):
    # the caller's code assumed the callee's result has x's shape; a callee now
    # returning (n, 3) must not run that code (the guard regenerates it)
    x = np.array([0.3, -1.2, 0.5])
    df = tg.grad(through_shaped)
    np.testing.assert_allclose(df(x), 2.0 * np.cos(x), rtol=1e-12)
    monkeypatch.setitem(globals(), "shaped", shaped_col)
    np.testing.assert_allclose(df(x), 6.0 * np.cos(x), rtol=1e-12)
    np.testing.assert_allclose(df(x), central(through_shaped, x), atol=1e-6)
    monkeypatch.undo()
    np.testing.assert_allclose(df(x), 2.0 * np.cos(x), rtol=1e-12)
    code = shaped.__code__
    try:
        shaped.__code__ = shaped_col.__code__          # same object, other code
        np.testing.assert_allclose(df(x), 6.0 * np.cos(x), rtol=1e-12)
    finally:
        shaped.__code__ = code
    np.testing.assert_allclose(df(x), 2.0 * np.cos(x), rtol=1e-12)


def shrink(v):
    return np.sum(np.tanh(v), axis=0)


def shrink_twice(x):
    h = x
    for _ in range(2):
        h = shrink(h)             # (2, 3, 4) -> (3, 4) -> (4,): no fact survives the join
    return np.sum(h * h)


def test_a_callee_in_a_loop_changing_the_rank():
    import autograd.numpy as npa
    x = np.linspace(-1.0, 1.0, 24).reshape(2, 3, 4)
    g = tg.grad(shrink_twice)(x)

    def reference(v):
        h = npa.sum(npa.tanh(npa.sum(npa.tanh(v), axis=0)), axis=0)
        return npa.sum(h * h)
    np.testing.assert_allclose(g, autograd_grad(reference, x), rtol=1e-10)
    np.testing.assert_allclose(g, central(shrink_twice, x), atol=1e-6)


sine_lambda = lambda z: np.sin(z) * 3.0     # noqa: E731


def through_lambda(x, y):
    return np.sum(sine_lambda(x) + sine_lambda(y))


@pytest.mark.parametrize("y", [np.linspace(0.1, 0.4, 3), np.linspace(0.1, 0.4, 4)[:, None]])
def test_a_lambda_callee(y):
    x = np.linspace(-1.0, 1.0, 3)
    gx, gy = tg.grad(through_lambda, wrt=(0, 1))(x, y)
    n = np.broadcast_shapes(x.shape, y.shape)
    np.testing.assert_allclose(gx, 3.0 * np.cos(x) * (np.prod(n) // x.size), rtol=1e-12)
    np.testing.assert_allclose(gy, 3.0 * np.cos(y) * (np.prod(n) // y.size), rtol=1e-12)


# -- i13: in-place slice updates and softmax shapes -----------------------------------

def inplace_reference(x):
    """``inplace_update`` without in-place updates (autograd does not record them)."""
    import autograd.numpy as npa
    y = x * 1.0
    first = y[0] + x[1]
    return npa.sum(first * first) + npa.sum((y[1:] * 2.0) ** 2)


@pytest.mark.parametrize("n", [5, 2])
def test_a_slice_of_constants_is_read_as_the_subscript(n):
    # ``index = slice(1, None, None)`` is read as ``dy_2[1:]`` and ``slice(1, None, None)``;
    # the stored value's cotangent is ``dy_2[1:]`` itself (no unbroadcast), and the read
    # ``y_1[1:]`` is inlined into the store
    x = np.linspace(0.5, 2.0, n)
    text, g = source_after_call(inplace_update, x)
    assert "index" not in text and "y_item" not in text
    assert "with_item(y_1, slice(1, None, None), y_1[1:] * 2.0)" in text
    assert "dy_2[1:] * 2.0" in text and "unbroadcast(dy_2" not in text
    np.testing.assert_allclose(g, central(inplace_update, x), atol=1e-6)
    np.testing.assert_allclose(g, autograd_grad(inplace_reference, x), rtol=1e-12)
    generic = tg.source(tg.grad(inplace_update))       # (not specialized: no call yet)
    assert "index" not in generic and "dy_2[1:] * 2.0" in generic
    value, pullback = tg.vjp(inplace_update, x)
    np.testing.assert_allclose(pullback(1.0)[0] if isinstance(pullback(1.0), tuple)
                               else pullback(1.0), g, rtol=1e-15)


@pytest.mark.parametrize("x", [np.array([3.0, 0.5]), np.array([3.0]),
                               np.arange(6.0).reshape(3, 2) + 0.5,
                               np.array([0.5, 1.5, -2.0], dtype=np.float32)],
                         ids=["2", "1", "3x2", "float32"])
def test_inplace_slices_of_other_shapes_and_dtypes(x):
    if x.shape == (1,):
        for fn in (inplace_update, tg.grad(inplace_update)):
            with pytest.raises(IndexError):
                fn(x)                               # x[1]: the primal's own error
        return
    g = tg.grad(inplace_update)(x)
    assert g.dtype == x.dtype and g.shape == x.shape
    tol = 1e-3 if x.dtype == np.float32 else 1e-6
    np.testing.assert_allclose(g, central(inplace_update, x.astype(float)), atol=tol, rtol=tol)


def update_forms(x):
    y = x * 1.0
    y[-2:] *= 3.0
    y[::2] += 1.0
    y[1:3] -= x[:2] * 0.5
    return np.sum(y * y)


def update_rows(x):
    y = x * 1.0
    y[1:, 0] *= 2.0
    y[:1] = y[:1] * y[2:3]
    return np.sum(y * y)


def update_variable_start(x, k):
    y = x * 1.0
    y[k:] *= 2.0
    return np.sum(y * y)


def update_from_other_slice(x):
    y = x * 1.0
    y[1:] = y[:1] * 2.0              # (1,) spread over (n - 1,): the cotangent is summed
    return np.sum(y * y)


def test_other_slice_updates_differentiate_exactly():
    import autograd.numpy as npa
    x = np.linspace(-1.0, 2.0, 6)
    text, g = source_after_call(update_forms, x)
    assert "index" not in text
    np.testing.assert_allclose(g, central(update_forms, x), atol=1e-6)

    def forms_reference(x):
        y = x * 1.0
        y = npa.concatenate([y[:-2], y[-2:] * 3.0])
        y = npa.stack([y[k] + 1.0 if k % 2 == 0 else y[k] for k in range(6)])
        y = npa.concatenate([y[:1], y[1:3] - x[:2] * 0.5, y[3:]])
        return npa.sum(y * y)
    np.testing.assert_allclose(g, autograd_grad(forms_reference, x), rtol=1e-12)
    X = np.arange(12.0).reshape(4, 3) / 7.0
    text, g = source_after_call(update_rows, X)
    assert "index" not in text and "(slice(1, None, None), 0)" in text
    np.testing.assert_allclose(g, central(update_rows, X), atol=1e-6)
    # a slice bound to a variable keeps its name; a value of another slice's shape
    # keeps its unbroadcast (which sums the spread cotangent)
    text, g = source_after_call(update_variable_start, x, 2)
    assert "slice(k, None, None)" in text
    np.testing.assert_allclose(g, central(lambda v: update_variable_start(v, 2), x), atol=1e-6)
    text, g = source_after_call(update_from_other_slice, x)
    assert "unbroadcast(" in text
    np.testing.assert_allclose(g, central(update_from_other_slice, x), atol=1e-6)


def list_slice_update(x):
    y = [x[0], x[1], x[2]]
    y[1:] = [x[2] * 2.0, x[1]]
    return y[0] * y[1] + y[2]


def zero_d_update(x):
    y = x * 1.0
    y[...] *= 2.0
    return y * y


def test_slice_updates_of_lists_and_zero_d_arrays():
    x = np.array([0.5, -1.5, 2.0])
    np.testing.assert_allclose(tg.grad(list_slice_update)(x), central(list_slice_update, x),
                               atol=1e-6)
    v = np.array(1.5)
    g = tg.grad(zero_d_update)(v)
    np.testing.assert_allclose(g, 8.0 * 1.5)
    assert np.shape(g) == ()


def softmax_reference(logits, labels):
    import autograd.numpy as npa
    z = logits - npa.max(logits, axis=1, keepdims=True)
    logp = z - npa.log(npa.sum(npa.exp(z), axis=1, keepdims=True))
    return -npa.mean(npa.sum(labels * logp, axis=1))


def softmax_data(rows, cols, seed=7):
    rng = np.random.default_rng(seed)
    labels = np.eye(cols)[rng.integers(0, cols, size=rows)]
    return rng.normal(size=(rows, cols)), labels


@pytest.mark.parametrize("shape", [(6, 3), (1, 3), (6, 1), (2, 2)])
def test_softmax_labels_spread_without_the_product(shape):
    # ``labels * logp`` and its row sums are computed only for their shape: after
    # ``check_same_shape(labels, logits)`` (logp has logits' shape) the cotangent is
    # ``labels * (-1.0 / labels.shape[0])``; logp itself is not computed
    logits, labels = softmax_data(*shape)
    text, g = source_after_call(softmax_xent, logits, labels)
    text = "\n".join(line for line in text.splitlines() if not line.strip().startswith("#"))
    assert "mul_labels" not in text and "unreduce" not in text
    assert not re.search(r"^ +logp = ", text, re.M)
    assert "check_same_shape(labels, logits)" in text
    assert "dlogp = labels * (-1.0 / labels.shape[0])" in text
    np.testing.assert_allclose(g, central(lambda v: softmax_xent(v, labels), logits), atol=1e-6)
    np.testing.assert_allclose(g, autograd_grad(softmax_reference, logits, labels), rtol=1e-12)
    assert g.dtype == np.float64


def test_softmax_shapes_that_do_not_broadcast_raise_numpys_error():
    logits, labels = softmax_data(6, 3)
    df = tg.grad(softmax_xent)
    df(logits, labels)
    assert "check_same_shape" in tg.source(df)
    for bad in (np.ones((5, 3)), np.ones((6, 4))):      # same signature: same code
        with pytest.raises(ValueError):
            softmax_xent(logits, bad)
        with pytest.raises(ValueError, match="broadcast"):
            df(logits, bad)


def test_softmax_with_no_rows_raises_as_before():
    # 0 rows: the mean's count is 0; the generic code divides by it too
    logits, labels = np.zeros((0, 3)), np.zeros((0, 3))
    df = tg.grad(softmax_xent)
    df(*softmax_data(6, 3))                            # specialized to 2-d float64
    with pytest.raises(ZeroDivisionError):
        df(logits, labels)
    with pytest.raises(ZeroDivisionError):
        tg.vjp(softmax_xent, logits, labels)[1](1.0)


@pytest.mark.parametrize("kind", ["float32", "int", "broadcast"])
def test_softmax_labels_of_other_kinds_keep_the_product(kind):
    logits, labels = softmax_data(6, 3)
    labels = {"float32": labels.astype(np.float32), "int": labels.astype(int),
              "broadcast": labels[:1]}[kind]
    text, g = source_after_call(softmax_xent, logits, labels)
    assert "labels.shape[0]" not in text
    reference = autograd_grad(softmax_reference, logits, labels)
    np.testing.assert_allclose(g, reference, rtol=1e-6 if kind == "float32" else 1e-12)
    generic = tg.vjp(lambda v: softmax_xent(v, labels), logits)[1](1.0)   # (not specialized)
    generic = generic[0] if isinstance(generic, tuple) else generic
    assert g.dtype == np.asarray(generic).dtype
    np.testing.assert_array_equal(g, generic)


def mean_col_sums(a, b):
    return -np.mean(np.sum(a * b, axis=0))


def mean_sums_3d(a, b):
    return np.mean(np.sum(a * b, axis=2))


def test_other_axes_and_ranks_of_the_mean_of_sums():
    rng = np.random.default_rng(11)
    a, b = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    text, g = source_after_call(mean_col_sums, a, b)
    assert "check_same_shape(a, b)" in text and "a.shape[1]" in text
    np.testing.assert_allclose(g, -b / 3.0, rtol=1e-15)
    np.testing.assert_allclose(g, central(lambda v: mean_col_sums(v, b), a), atol=1e-6)
    with pytest.raises(ValueError):
        tg.grad(mean_col_sums)(a, np.ones((4, 2)))
    a3, b3 = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4))
    text, g = source_after_call(mean_sums_3d, a3, b3)
    np.testing.assert_allclose(g, b3 / 6.0, rtol=1e-14)
    np.testing.assert_allclose(g, central(lambda v: mean_sums_3d(v, b3), a3), atol=1e-6)


def test_slices_read_as_subscripts_differentiate_again():
    # the generated code (``with_item(y_1, slice(1, None, None), ...)``, ``dy_2[1:]``)
    # is differentiated again, and forward mode reads the same index
    import autograd
    x = np.linspace(0.5, 2.0, 5)
    H = tg.hessian(inplace_update)(x)
    np.testing.assert_allclose(H, autograd.hessian(inplace_reference)(x), atol=1e-12)
    value, tangent = tg.jvp(inplace_update, (x,), (np.ones(5),))
    np.testing.assert_allclose(tangent, tg.grad(inplace_update)(x).sum(), rtol=1e-12)
    logits, labels = softmax_data(4, 3)
    H = tg.hessian(softmax_xent)(logits, labels)
    np.testing.assert_allclose(H, autograd.hessian(softmax_reference)(logits, labels),
                               atol=1e-12)


def update_through_named_slice(x):
    s = slice(1, None)
    y = x * 1.0
    y[s] *= 2.0
    return np.sum(y * y)


def test_a_slice_the_user_named_keeps_its_name():
    x = np.linspace(0.5, 2.0, 4)
    text, g = source_after_call(update_through_named_slice, x)
    assert "s = slice(1, None)" in text
    np.testing.assert_allclose(g, autograd_grad(inplace_reference_named, x), rtol=1e-12)


def inplace_reference_named(x):
    import autograd.numpy as npa
    return npa.sum(x[:1] ** 2) + npa.sum((x[1:] * 2.0) ** 2)
# -- s13: the unit seed of an accumulator that starts as 0.0 ---------------------------
# ``s = 0.0`` then ``s = s + <float64>`` in a loop: ``s`` is a Python float (no iteration)
# or a float64, so ``unit_cotangent(s)`` is 1.0 or np.float64(1.0); where the seed only
# multiplies float64 scalars, each product is that scalar and the seed line goes.

def sines_from(s, x):
    for v in x:
        s = s + np.sin(v)
    return s


def sines_from_zero(x):
    s = 0
    for v in x:
        s = s + np.sin(v)
    return s


def loop_over_c(x, c):
    s = 0.0
    for v in x:
        s = s + v / c
    return s


def loop_times_c(x, c):
    s = 0.0
    for v in x:
        s = s + v * c
    return s


def loop_of_copies(x):
    s = 0.0
    for v in x:
        s = s + v
    return s


S13_VECTORS = [np.linspace(-1.0, 1.5, 5), np.array([0.7]), np.zeros(0)]


@pytest.mark.parametrize("x", S13_VECTORS, ids=lambda x: str(x.shape))
def test_the_seed_of_a_float_accumulator_folds_into_its_products(x):
    import autograd.numpy as npa
    text, g = source_after_call(element_read, x)
    assert "unit_cotangent" not in text and "ds" not in text
    assert "accumulate_at(accumulate_at(dx, x_i_2, x, i), x_i_2, x, i)" in text
    assert g.dtype == np.float64 and g.shape == x.shape
    np.testing.assert_array_equal(g, 2 * x)          # exact: x_i + x_i, no rounding
    if x.size:
        np.testing.assert_allclose(g, central(element_read, x), atol=1e-6)
        np.testing.assert_allclose(g, autograd_grad(lambda v: npa.sum(v * v), x), rtol=1e-15)

    text, g = source_after_call(iterate_values, x)
    assert "unit_cotangent" not in text and "dv = np.cos(v)" in text
    np.testing.assert_array_equal(g, np.cos(x))
    if x.size:
        np.testing.assert_allclose(g, central(iterate_values, x), atol=1e-6)
        np.testing.assert_allclose(g, autograd_grad(lambda v: npa.sum(npa.sin(v)), x),
                                   rtol=1e-15)


@pytest.mark.parametrize("x", [[0.5, 0.2, -2.0, 0.3], [0.5, 0.2, 0.3], [-3.0]])
def test_the_seed_folds_in_a_loop_that_breaks(x):
    import autograd.numpy as npa
    x = np.array(x)
    text, g = source_after_call(sum_until_negative, x)
    assert "unit_cotangent" not in text and "dv = v + v" in text

    def reference(x):
        k = next((i for i, v in enumerate(x) if v < -1.0), len(x))
        return npa.sum(x[:k] * x[:k])
    np.testing.assert_allclose(g, central(sum_until_negative, x), atol=1e-6)
    np.testing.assert_allclose(g, autograd_grad(reference, x), rtol=1e-15)


def test_the_seed_folds_into_a_row_loops_product():
    import autograd.numpy as npa
    rng = np.random.default_rng(13)
    X, w = rng.normal(size=(4, 3)), rng.normal(size=3)
    df = tg.grad(iterate_rows, wrt=(0, 1))
    gX, gw = df(X, w)
    text = tg.source(df)
    assert "unit_cotangent" not in text
    assert "dmatmul_row = 1.0 - tanh_matmul_row * tanh_matmul_row" in text
    np.testing.assert_allclose(gX, central(lambda v: iterate_rows(v, w), X), atol=1e-6)
    np.testing.assert_allclose(gw, central(lambda v: iterate_rows(X, v), w), atol=1e-6)

    def reference(X, w):
        return npa.sum(npa.tanh(npa.dot(X, w)))
    np.testing.assert_allclose(gX, autograd_grad(reference, X, w), rtol=1e-12)
    np.testing.assert_allclose(gw, autograd_grad(reference, X, w, argnum=1), rtol=1e-12)
    with pytest.raises(ValueError):                 # as the primal's ``row @ w``
        df(X, np.ones(2))


def test_the_seed_stays_where_its_type_decides():
    x = np.linspace(0.1, 0.9, 4)
    # float32 data: a float32 accumulator, whose seed is np.float32(1.0)
    text, g = source_after_call(iterate_values, x.astype(np.float32))
    assert "unit_cotangent" in text and g.dtype == np.float32
    np.testing.assert_allclose(g, np.cos(x), rtol=1e-6)
    # a float32 starting value: float64 sums of it, a seed not folded
    text, g = source_after_call(sines_from, np.float32(0.5), x, wrt=1)
    assert "unit_cotangent" in text
    np.testing.assert_allclose(g, np.cos(x), rtol=1e-15)
    # the accumulator is the argument differentiated: its gradient is the seed itself
    text, g = source_after_call(sines_from, 0.5, x, wrt=0)
    assert "unit_cotangent" in text and g == 1.0 and type(g) is float
    # an accumulator starting as the int 0: not a Python float
    text, g = source_after_call(sines_from_zero, x)
    assert "unit_cotangent" in text
    np.testing.assert_array_equal(g, np.cos(x))
    # the seed copied into a cotangent (``dv = ds``), not multiplied: kept
    text, g = source_after_call(loop_of_copies, x)
    assert "unit_cotangent" in text
    np.testing.assert_array_equal(g, np.ones(4))


def test_a_complex_accumulator_is_still_refused():
    with pytest.raises(tg.OutputError) as e:
        tg.grad(iterate_values)(np.array([0.5 + 1j, 0.2]))
    assert "complex" in str(e.value)


def test_the_seed_divided_or_times_an_array_stays():
    x = np.linspace(0.1, 0.9, 4)
    # ``ds / c``: a Python 1.0 would raise ZeroDivisionError where np.float64 gives inf
    with np.errstate(divide="ignore"):
        text, g = source_after_call(loop_over_c, x, 0.0)
    assert "unit_cotangent" in text and np.all(np.isinf(g))
    # ``ds * c`` of a 0-d array c: not a numpy scalar, the product stays
    c = np.array(2.0)
    text, g = source_after_call(loop_times_c, x, c)
    assert "unit_cotangent" in text
    np.testing.assert_array_equal(g, np.full(4, 2.0))
    # its gradient with respect to c: ``dc + v`` (a new value each time, c untouched)
    text, gc = source_after_call(loop_times_c, x, c, wrt=1)
    assert "unit_cotangent" not in text and gc == np.sum(x) and c == 2.0


@pytest.mark.parametrize("fn", [element_read, iterate_values])
def test_the_folded_gradient_differentiates_again(fn):
    import autograd
    import autograd.numpy as npa
    x = np.linspace(-0.8, 1.1, 4)
    reference = {element_read: lambda v: npa.sum(v * v),
                 iterate_values: lambda v: npa.sum(npa.sin(v))}[fn]
    np.testing.assert_allclose(tg.hessian(fn)(x), autograd.hessian(reference)(x),
                               rtol=1e-12, atol=1e-15)
    v = np.linspace(1.0, -1.0, 4)
    np.testing.assert_allclose(tg.hvp(fn)(x, v), autograd.hessian(reference)(x) @ v,
                               rtol=1e-12, atol=1e-15)


def test_the_join_of_a_python_float_and_a_float64():
    from tangentish.analyze import patterns
    fl, f8 = patterns.signature(0.5), patterns.signature(np.float64(0.5))
    both = patterns.join(fl, f8)
    assert both.py == patterns.FLOAT_OR_FLOAT64 and both.ndim == 0 and both.real
    assert patterns.join(both, fl) == both and patterns.join(f8, both) == both
    assert not patterns.has_transpose(both)         # a Python float has no ``.T``
    assert patterns.join(fl, patterns.signature(np.float32(0.5))).py is None
    assert patterns.join(fl, patterns.signature(np.array([0.5]))).py is None
    assert patterns.join(fl, patterns.signature(np.complex128(0.5 + 1j))).py is None
    assert patterns.join(fl, patterns.signature(np.int64(1))).py is None




# -- e13: early returns in loops without placeholders -----------------------------

def ret_square(x):
    for v in x:
        if v > 0.5:
            return v * v * 2.0
    return np.sum(x ** 3)


def ret_square_npa(x):
    import autograd.numpy as npa      # (the independent reference)
    for v in x:
        if v > 0.5:
            return v * v * 2.0
    return npa.sum(x ** 3)


def ret_before_loop(x):
    s = np.sum(np.sin(x))
    for v in x:
        if v > 0.5:
            return s * v
    return s


def ret_before_loop_npa(x):
    import autograd.numpy as npa
    s = npa.sum(npa.sin(x))
    for v in x:
        if v > 0.5:
            return s * v
    return s


def ret_in_while(x):
    i = 0
    while i < x.shape[0]:
        if x[i] > 0.5:
            return x[i] * x[i] * 3.0
        i += 1
    return np.sum(x * x)


def ret_in_while_npa(x):
    import autograd.numpy as npa
    i = 0
    while i < x.shape[0]:
        if x[i] > 0.5:
            return x[i] * x[i] * 3.0
        i += 1
    return npa.sum(x * x)


def ret_nested(x):
    for row in x:
        for v in row:
            if v > 0.5:
                return v * v
    return np.sum(x ** 3)


def ret_nested_npa(x):
    import autograd.numpy as npa
    for row in x:
        for v in row:
            if v > 0.5:
                return v * v
    return npa.sum(x ** 3)


def ret_both_branches(x):
    for v in x:
        if v > 0.5:
            return v * 2.0
        else:
            return v * v * 3.0
    return np.sum(x)


def ret_both_branches_npa(x):
    import autograd.numpy as npa
    for v in x:
        if v > 0.5:
            return v * 2.0
        else:
            return v * v * 3.0
    return npa.sum(x)


def ret_accumulated(x):
    total = 0.0
    for v in x:
        total = total + v * v
        if total > 1.0:
            return total * total
    return -total


ret_accumulated_npa = ret_accumulated       # (no numpy function: autograd traces it as is)


def ret_after_continue(x):
    for v in x:
        if v < 0.15:
            continue
        if v > 0.5:
            return v * v
    return np.sum(x ** 3)


def ret_after_continue_npa(x):
    import autograd.numpy as npa
    for v in x:
        if v < 0.15:
            continue
        if v > 0.5:
            return v * v
    return npa.sum(x ** 3)


def ret_carried(x):
    y = 1.5
    for v in x:
        y = y * v
        if y < 0.1:
            return y * y
    return y


ret_carried_npa = ret_carried

_RETURNS = [ret_square, ret_before_loop, ret_in_while, ret_nested, ret_both_branches,
            ret_accumulated, ret_after_continue, ret_carried]
_REFERENCES = {f: globals()[f.__name__ + "_npa"] for f in _RETURNS}
# returns at the first element, the last, never; a loop that runs no iteration; one element
_VECTORS = [[0.9, 0.1, 0.2], [0.1, 0.2, 0.9], [0.1, 0.2, 0.3], [], [0.7], [0.3]]


def _arg(fn, values):
    x = np.array(values, dtype=float)
    return x.reshape(-1, 1) * np.array([[1.0, 0.5]]) if fn is ret_nested else x


def _ids(values):
    return str(values).replace(" ", "")


@pytest.mark.parametrize("values", _VECTORS, ids=_ids)
@pytest.mark.parametrize("fn", _RETURNS)
def test_early_returns_on_every_path(fn, values):
    # grad, value_and_grad, vjp and jvp on every path: no name left unbound where a
    # placeholder went, the same numbers as autograd and central differences
    import autograd
    x = _arg(fn, values)
    g = tg.grad(fn)(x)
    np.testing.assert_allclose(g, central(fn, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(g, autograd.grad(_REFERENCES[fn])(x), rtol=1e-12, atol=1e-14)
    value, g2 = tg.value_and_grad(fn)(x)
    assert value == fn(x) and np.array_equal(g2, g)
    y, pullback = tg.vjp(fn, x)
    assert y == fn(x)
    np.testing.assert_allclose(pullback(1.0)[0], g, rtol=1e-12)
    t = np.linspace(0.5, 1.5, x.size).reshape(x.shape)
    y, y_dot = tg.jvp(fn, (x,), (t,))
    assert y == fn(x)
    np.testing.assert_allclose(y_dot, np.sum(g * t), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("values", [v for v in _VECTORS if v], ids=_ids)
@pytest.mark.parametrize("fn", _RETURNS)
def test_early_returns_second_order(fn, values):
    # hvp and a gradient of the gradient differentiate the shortened code again
    import autograd
    import autograd.numpy as npa
    x = _arg(fn, values)
    v = np.linspace(-1.0, 2.0, x.size).reshape(x.shape)
    # (autograd.numpy's sum: numpy 2.0's np.sum passes autograd an ``out`` it rejects)
    reference = autograd.grad(lambda z: npa.sum(autograd.grad(_REFERENCES[fn])(z) * v))(x)
    np.testing.assert_allclose(tg.hvp(fn)(x, v), reference, rtol=1e-10, atol=1e-12)
    df = tg.grad(fn)
    gg = tg.grad(lambda z: np.sum(df(z) * v))(x)
    np.testing.assert_allclose(gg, reference, rtol=1e-10, atol=1e-12)


def test_an_early_return_needs_no_placeholder():
    x = np.array([0.1, 0.2, 0.9, 0.3])
    text, g = source_after_call(ret_square, x)
    forward, backward = text.split("# -- backward --")
    assert "None" not in text                   # ``out_1 = None`` went
    assert "else:" not in forward               # the value returned inside the loop is
    assert "out_1 = np.sum(x ** 3)" in forward  # the final one's name: no copy
    assert "private_copy" not in backward       # both branches allocate dx
    # the return value's cotangent: one name, no zeros where the loop did not return
    assert "dout_1" not in backward and "0.0" not in backward
    assert "dmul_v = dout_4 * 2.0" in backward
    np.testing.assert_allclose(g, central(ret_square, x), rtol=1e-6)


@pytest.mark.parametrize("fn", [ret_before_loop, ret_in_while, ret_accumulated])
def test_the_returned_values_cotangent_is_read_where_it_returned(fn):
    x = np.array([0.1, 0.2, 0.9, 0.3])
    text, g = source_after_call(fn, x)
    backward = text.split("# -- backward --")[1]
    assert "out_1 = None" not in text
    assert "dout_1" not in backward and "= 0.0" not in backward
    np.testing.assert_allclose(g, central(fn, x), rtol=1e-6)


@pytest.mark.parametrize("fn", [ret_after_continue, ret_carried, ret_both_branches])
def test_the_returned_values_cotangent_stays_zeroed_unless_proven(fn):
    # the returning branch nested in another (after a continue), or one the reverse
    # loop reads the cotangent of the value before: the zeros stay where needed
    x = np.array([0.1, 0.2, 0.9, 0.3])
    text, g = source_after_call(fn, x)
    np.testing.assert_allclose(g, central(fn, x), rtol=1e-6)
    if fn is ret_after_continue:
        assert "dout_1 = 0.0" in text          # (its branch is not directly in the loop)
    if fn is ret_carried:
        assert "dy_1 = zero_derivative(y)" in text     # read after the loop


def test_the_corpus_early_return_needs_no_placeholder():
    from tests.corpus.funcs_generated import early_return
    text, _ = source_after_call(early_return, np.array([0.1, 0.2, 0.9, 0.3]))
    assert "None" not in text and "private_copy" not in text
    assert "out_1 = np.sum(x)" in text


def bound_in_loop(x):
    for v in x:
        y = v * 2.0
    return y


def bound_in_branch(x, c):
    for v in x:
        if v > c:
            y = v * 2.0
    return y


@pytest.mark.parametrize("fn,args", [(bound_in_loop, ()), (bound_in_branch, (0.0,))])
def test_a_placeholder_no_flag_guards_stays(fn, args):
    # the user's ``y`` is read after the loop on every path: unbound (None) when the
    # loop ran no iteration, so its placeholder stays
    x = np.array([0.1, 0.2, 0.9])
    text, g = source_after_call(fn, x, *args)
    assert "= None" in text
    np.testing.assert_allclose(g, central(lambda z: fn(z, *args), x), rtol=1e-6)
    with pytest.raises(UnboundLocalError):
        fn(np.zeros(0), *args)
    with pytest.raises(tg.OutputError, match="returned None"):
        tg.grad(fn)(np.zeros(0), *args)       # (as before: the placeholder is the output)


def test_a_flag_copied_between_loops_keeps_its_placeholders():
    # nested loops: the inner loop's flag reaches ``returned`` by a copy, not a
    # constant, so it witnesses nothing and the placeholders stay
    x = np.array([[0.1, 0.2], [0.9, 0.3]])
    text, g = source_after_call(ret_nested, x)
    assert "out_1 = None" in text
    np.testing.assert_allclose(g, central(ret_nested, x), rtol=1e-6)


def rebound_in_branch(x):
    y = np.sin(x)
    if np.sum(x) > 0.0:
        y = y * 2.0
    return np.sum(y * x)


def squared_in_branch(x):
    z = np.exp(x)
    if np.sum(x) > 0.0:
        z = z * z
    return np.sum(z)


@pytest.mark.parametrize("x", [[0.3, 0.5], [-0.3, -0.5]])
def test_a_branch_phi_takes_the_old_versions_name_only_when_it_is_dead(x):
    # ``if c: y_1 = y * 2.0 else: y_1 = y``: nothing reads the old ``y`` after the if,
    # so one name; ``z * z``'s adjoint reads the old ``z`` after it: two names
    import autograd.numpy as npa
    x = np.array(x)
    text, g = source_after_call(rebound_in_branch, x)
    assert "y = y * 2.0" in text.split("# -- backward --")[0]
    np.testing.assert_allclose(g, central(rebound_in_branch, x), rtol=1e-6)
    text, g = source_after_call(squared_in_branch, x)
    forward = text.split("# -- backward --")[0]
    assert "z_2 = z * z" in forward and "z_2 = z\n" in forward
    np.testing.assert_allclose(g, central(squared_in_branch, x), rtol=1e-6)
    reference = autograd_grad(lambda v: npa.sum(npa.exp(v) * npa.exp(v)) if np.sum(x) > 0
                              else npa.sum(npa.exp(v)), x)
    np.testing.assert_allclose(g, reference, rtol=1e-12)
