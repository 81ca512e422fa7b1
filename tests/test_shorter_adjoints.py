"""Rewrites that make generated derivatives shorter (issue 13), each checked for the
code it removes and for gradients against central differences."""
import math
import re

import numpy as np
import pytest

import tangentish as tg
from tests.corpus.funcs_generated import inplace_update, prealloc_fill


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


# -- s13: the unit seed of an accumulator that starts as 0.0 ---------------------------
# ``s = 0.0`` then ``s = s + <float64>`` in a loop: ``s`` is a Python float (no iteration)
# or a float64, so ``unit_cotangent(s)`` is 1.0 or np.float64(1.0); where the seed only
# multiplies float64 scalars, each product is that scalar and the seed line goes.

def loop_sum_of_squares(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i] * x[i]
    return s


def loop_sum_of_sines(x):
    s = 0.0
    for v in x:
        s = s + np.sin(v)
    return s


def loop_tanh_rows(X, w):
    s = 0.0
    for row in X:
        s = s + np.tanh(row @ w)
    return s


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
    text, g = source_after_call(loop_sum_of_squares, x)
    assert "unit_cotangent" not in text and "ds" not in text
    assert "accumulate_at(accumulate_at(dx, x_i_2, x, i), x_i_2, x, i)" in text
    assert g.dtype == np.float64 and g.shape == x.shape
    np.testing.assert_array_equal(g, 2 * x)          # exact: x_i + x_i, no rounding
    if x.size:
        np.testing.assert_allclose(g, central(loop_sum_of_squares, x), atol=1e-6)
        np.testing.assert_allclose(g, autograd_grad(lambda v: npa.sum(v * v), x), rtol=1e-15)

    text, g = source_after_call(loop_sum_of_sines, x)
    assert "unit_cotangent" not in text and "dv = np.cos(v)" in text
    np.testing.assert_array_equal(g, np.cos(x))
    if x.size:
        np.testing.assert_allclose(g, central(loop_sum_of_sines, x), atol=1e-6)
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
    df = tg.grad(loop_tanh_rows, wrt=(0, 1))
    gX, gw = df(X, w)
    text = tg.source(df)
    assert "unit_cotangent" not in text
    assert "dmatmul_row = 1.0 - tanh_matmul_row * tanh_matmul_row" in text
    np.testing.assert_allclose(gX, central(lambda v: loop_tanh_rows(v, w), X), atol=1e-6)
    np.testing.assert_allclose(gw, central(lambda v: loop_tanh_rows(X, v), w), atol=1e-6)

    def reference(X, w):
        return npa.sum(npa.tanh(npa.dot(X, w)))
    np.testing.assert_allclose(gX, autograd_grad(reference, X, w), rtol=1e-12)
    np.testing.assert_allclose(gw, autograd_grad(reference, X, w, argnum=1), rtol=1e-12)
    with pytest.raises(ValueError):                 # as the primal's ``row @ w``
        df(X, np.ones(2))


def test_the_seed_stays_where_its_type_decides():
    x = np.linspace(0.1, 0.9, 4)
    # float32 data: a float32 accumulator, whose seed is np.float32(1.0)
    text, g = source_after_call(loop_sum_of_sines, x.astype(np.float32))
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
        tg.grad(loop_sum_of_sines)(np.array([0.5 + 1j, 0.2]))
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


@pytest.mark.parametrize("fn", [loop_sum_of_squares, loop_sum_of_sines])
def test_the_folded_gradient_differentiates_again(fn):
    import autograd
    import autograd.numpy as npa
    x = np.linspace(-0.8, 1.1, 4)
    reference = {loop_sum_of_squares: lambda v: npa.sum(v * v),
                 loop_sum_of_sines: lambda v: npa.sum(npa.sin(v))}[fn]
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
