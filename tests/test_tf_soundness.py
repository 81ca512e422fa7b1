"""Soundness of the tf facade's tapes (issue 10, W11 and its family).

Every expected value here is computed independently of the tape: by hand, or
by central finite differences of the same computation written in plain numpy.
A gradient the facade cannot give exactly must raise, never be a silent None
or a wrong number."""
import numpy as np
import pytest

import tangentish
import tangentish.tf as tf


def fd(f, x, eps=1e-6):
    """Central finite differences of numpy ``f`` at ``x``: shape f(x).shape + x.shape."""
    x = np.array(x, dtype=np.float64)
    y0 = np.asarray(f(x.copy()))
    out = np.zeros(y0.shape + x.shape)
    for i in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += eps
        xm[i] -= eps
        out[(Ellipsis,) + i] = (np.asarray(f(xp)) - np.asarray(f(xm))) / (2 * eps)
    return out


def V(a):
    return tf.Variable(np.array(a, dtype=np.float64))


def C(a):
    return tf.constant(np.array(a, dtype=np.float64))


def close(got, want, rtol=1e-5, atol=1e-6):
    assert got is not None, "a silent None"
    np.testing.assert_allclose(got.numpy(), want, rtol=rtol, atol=atol)


# ---------------------------------------------------------------------------
# Nested tapes: jacobian / batch_jacobian results are differentiable.
def test_gradient_of_an_inner_jacobian_issue_example():
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = x ** 3
        j = t1.jacobian(y, x)
        s = tf.reduce_sum(j)
    g = t2.gradient(s, x)
    close(j, np.diag([3.0, 12.0]))
    close(g, [6.0, 12.0])        # TF 2.21: [6, 12]
    assert g.dtype is tf.float32


def test_gradient_of_a_coupled_inner_jacobian_matches_finite_differences():
    x0 = np.array([0.7, -1.3, 2.1])
    W = np.arange(1.0, 10.0).reshape(3, 3)
    x = V(x0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.sin(x) * tf.reduce_sum(x ** 2)
        j = t1.jacobian(y, x)
        s = tf.reduce_sum(j * C(W))

    def f(v):
        return np.sin(v) * np.sum(v ** 2)
    close(j, fd(f, x0), rtol=1e-6)
    close(t2.gradient(s, x), fd(lambda v: np.sum(fd(f, v, 1e-5) * W), x0, 1e-4), rtol=1e-4)


def test_jacobian_of_an_inner_jacobian():
    x0 = np.array([0.7, -1.3, 2.1])
    x = V(x0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = x ** 3 * x[0]
        j = t1.jacobian(y, x)
    jj = t2.jacobian(j, x)
    close(jj, fd(lambda v: fd(lambda u: u ** 3 * u[0], v, 1e-5), x0, 1e-4), rtol=1e-4,
          atol=1e-5)


def test_gradient_of_an_inner_batch_jacobian():
    xa = np.array([[0.5, 1.0], [1.5, -0.5], [2.0, 0.3]])
    x = V(xa)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.stack([x[:, 0] * x[:, 1], x[:, 0] ** 2, tf.sin(x[:, 1])], axis=1)
        bj = t1.batch_jacobian(y, x)
        s = tf.reduce_sum(bj ** 2)

    def f(v):
        return np.stack([v[:, 0] * v[:, 1], v[:, 0] ** 2, np.sin(v[:, 1])], axis=1)

    def bjac(v):
        J = fd(f, v, 1e-5)
        return np.stack([J[b, :, b, :] for b in range(3)])
    close(bj, bjac(xa), rtol=1e-6)
    close(t2.gradient(s, x), fd(lambda v: np.sum(bjac(v) ** 2), xa, 1e-4), rtol=1e-4)


def test_persistent_tape_differentiates_its_own_jacobian():
    x = V([1.0, 2.0])
    with tf.GradientTape(persistent=True) as t:
        y = x ** 3
        j = t.jacobian(y, x)
        s = tf.reduce_sum(j)
    close(t.gradient(s, x), [6.0, 12.0])


def test_nested_jacobian_of_a_list_target_and_two_sources():
    x = V([1.0, 2.0])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y1 = x[0] * x[1]
            y2 = x[0] ** 2
        j = t1.jacobian([y1, y2], x)        # [[x1, x0], [2 x0, 0]]
        s = tf.reduce_sum(j)
    close(t2.gradient(s, x), [3.0, 1.0])
    a, b = V([1.0, 2.0]), V(3.0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = a * b ** 2
        ja, jb = t1.jacobian(y, [a, b])     # b^2 I, 2 a b
        s = tf.reduce_sum(ja) + tf.reduce_sum(jb)
    ga, gb = t2.gradient(s, [a, b])
    close(ga, [6.0, 6.0])
    close(gb, 18.0)


def test_nested_jacobian_with_respect_to_a_watched_tensor_in_float32():
    x0 = np.array([0.5, 1.5], dtype=np.float32)
    x = tf.constant(x0)
    with tf.GradientTape() as t2:
        t2.watch(x)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = tf.sin(x) * x[0]
        j = t1.jacobian(y, x)
    want = fd(lambda v: np.sum(fd(lambda u: np.sin(u) * u[0], v, 1e-5)), x0, 1e-4)
    close(t2.gradient(j, x), want, rtol=1e-4, atol=1e-4)


def test_jacobian_through_a_custom_gradient_is_differentiable_again():
    @tf.custom_gradient
    def f(x):
        def grad(dy):
            return dy * 2.0 * x
        return x * x, grad
    x = V([1.0, 3.0])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = f(x)
        j = t1.jacobian(y, x)
        s = tf.reduce_sum(j)
    close(j, np.diag([2.0, 6.0]))
    close(t2.gradient(s, x), [2.0, 2.0])    # TF differentiates grad_fn's operations


# ---------------------------------------------------------------------------
# Nested gradients (already exact; kept honest here).
def test_third_order_and_mixed_partials():
    x = V(0.8)
    with tf.GradientTape() as a:
        with tf.GradientTape() as b:
            with tf.GradientTape() as c:
                y = tf.exp(x) * x ** 2
            d1 = c.gradient(y, x)
        d2 = b.gradient(d1, x)
    close(a.gradient(d2, x), np.exp(0.8) * (0.8 ** 2 + 6 * 0.8 + 6))
    x, w = V(2.0), V(3.0)
    with tf.GradientTape(persistent=True) as t2:
        with tf.GradientTape(persistent=True) as t1:
            y = tf.sin(x * w)
        gx, gw = t1.gradient(y, [x, w])
    c, s = np.cos(6.0), np.sin(6.0)
    close(t2.gradient(gx, w), c - 6 * s)
    close(t2.gradient(gw, x), c - 6 * s)
    close(t2.gradient(gx, x), -9 * s)


def test_inner_gradient_with_respect_to_an_intermediate_and_a_captured_tensor():
    x = V(1.3)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = x * x
            z = y * y + tf.sin(y)
        g = t1.gradient(z, y)                 # 2y + cos y
    close(t2.gradient(g, x), 4 * 1.3 - np.sin(1.3 ** 2) * 2 * 1.3)
    x, w = V(1.5), V(0.4)
    with tf.GradientTape() as t2:
        c = x * 2.0
        with tf.GradientTape(watch_accessed_variables=False) as t1:
            t1.watch(w)
            y = w * c + w ** 2
        g = t1.gradient(y, w)                 # c + 2w
    close(t2.gradient(g, x), 2.0)


def test_nested_output_gradients_stop_recording_and_stop_gradient():
    x = V([1.0, 2.0])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = x ** 2
        g = t1.gradient(y, x, output_gradients=x * 3.0)   # 6 x^2
        s = tf.reduce_sum(g)
    close(t2.gradient(s, x), [12.0, 24.0])
    x = V(2.0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = x ** 3
            with t2.stop_recording():
                z = x * 5.0
            w = y + z
        g = t1.gradient(w, x)                 # 3x^2 + 5
    close(g, 17.0)
    close(t2.gradient(g, x), 12.0)
    x = V(1.2)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = x ** 2 * tf.stop_gradient(x)
        g = t1.gradient(y, x)
    close(t2.gradient(g, x), 2 * 1.2)


# ---------------------------------------------------------------------------
# custom_gradient and the variables its function reads.
def test_custom_gradient_reading_a_variable_without_variables_kwarg_raises():
    w = V(3.0)

    @tf.custom_gradient
    def f(x):
        def grad(dy):
            return dy * w
        return x * w, grad
    x = V(2.0)
    with tf.GradientTape() as t:
        with pytest.raises(TypeError, match="must accept keyword argument 'variables'"):
            f(x)


def test_custom_gradient_variables_protocol():
    w = V(3.0)

    @tf.custom_gradient
    def f(x):
        def grad(dy, variables=None):
            assert len(variables) == 1 and variables[0] is w
            return dy * w, [dy * x * 10.0]
        return x * w, grad
    x = V(2.0)
    with tf.GradientTape() as t:
        y = f(x) * x
    gx, gw = t.gradient(y, [x, w])
    close(gx, 3.0 * 2.0 + 6.0)       # custom df/dx * x + f
    close(gw, 10.0 * 2.0 * 2.0)      # custom df/dw * x


def test_custom_gradient_variable_passed_as_argument_needs_no_variables_kwarg():
    w = V(3.0)

    @tf.custom_gradient
    def f(x, ww):
        def grad(dy):
            return dy * ww, dy * x
        return x * ww, grad
    x = V(2.0)
    with tf.GradientTape() as t:
        y = f(x, w)
    gx, gw = t.gradient(y, [x, w])
    close(gx, 3.0)
    close(gw, 2.0)


def test_custom_gradient_wrong_number_of_variable_gradients_raises():
    w = V(3.0)

    @tf.custom_gradient
    def f(x):
        def grad(dy, variables=None):
            return dy * w, []
        return x * w, grad
    x = V(2.0)
    with tf.GradientTape() as t:
        y = f(x)
    with pytest.raises(ValueError, match="gradient for each variable"):
        t.gradient(y, [x, w])


# ---------------------------------------------------------------------------
# Variables as targets.
def test_a_watched_variable_as_its_own_target():
    v = V([1.0, 2.0])
    with tf.GradientTape() as t:
        y = v * 3.0
    close(t.gradient([v, y], v), [4.0, 4.0])
    with tf.GradientTape() as t:
        y = v * 3.0
    close(t.gradient(v, v, output_gradients=C([5.0, 6.0])), [5.0, 6.0])
    u = V(1.0)
    with tf.GradientTape() as t:
        y = v * 3.0
    assert t.gradient(u, v) is None          # unconnected, as in TF
    with tf.GradientTape() as t:
        pass
    close(t.jacobian(v, v), np.eye(2))


# ---------------------------------------------------------------------------
# pow with a tensor exponent: TF's derivative, every order.
def test_pow_exponent_gradient_where_the_base_is_not_positive():
    x, e = V([0.0, 2.0, -2.0, 0.5]), V([2.0, 3.0, 3.0, 0.5])
    with tf.GradientTape() as t:
        y = tf.reduce_sum(tf.pow(x, e))
    gx, ge = t.gradient(y, [x, e])
    close(gx, [0.0, 12.0, 12.0, 0.5 * 0.5 ** -0.5])
    close(ge, [0.0, 8 * np.log(2.0), 0.0, 0.5 ** 0.5 * np.log(0.5)])   # TF: 0 where x <= 0
    e = V([2.0, 0.5])
    with tf.GradientTape() as t:
        y = tf.reduce_sum(0.0 ** e) + tf.reduce_sum((-2.0) ** tf.round(e) * e)
    close(t.gradient(y, e), [4.0, 1.0])


def test_pow_tensor_exponent_second_order():
    x, e = V(2.0), V(3.0)
    with tf.GradientTape(persistent=True) as t2:
        with tf.GradientTape() as t1:
            y = x ** e
        gx, ge = t1.gradient(y, [x, e])
    lg = np.log(2.0)
    close(t2.gradient(ge, e), 8 * lg * lg)
    close(t2.gradient(gx, e), 4 + 12 * lg)
    close(t2.gradient(ge, x), 4 + 12 * lg)
    close(t2.gradient(gx, x), 12.0)
    x, e = V(0.8), V(1.7)
    f = lambda z: z[0] ** z[1]   # noqa: E731
    H = fd(lambda z: fd(f, z, 1e-5), np.array([0.8, 1.7]), 1e-4)
    with tf.GradientTape(persistent=True) as t2:
        with tf.GradientTape() as t1:
            y = x ** e
        gx, ge = t1.gradient(y, [x, e])
    close(t2.gradient(gx, x), H[0, 0], rtol=1e-4)
    close(t2.gradient(ge, e), H[1, 1], rtol=1e-4)


# ---------------------------------------------------------------------------
# Ops that dropped a connected gradient.
def test_constant_of_a_tensor_is_that_tensor():
    x = V(2.0)
    with tf.GradientTape() as t:
        c = x * 3.0
        y = tf.constant(c) * x
    assert tf.constant(c) is c
    close(t.gradient(y, x), 12.0)
    assert tf.constant(c, dtype=tf.float32).dtype is tf.float32   # a converted copy


def test_fill_with_a_tensor_value_is_differentiable():
    x = V(2.0)
    with tf.GradientTape() as t:
        y = tf.reduce_sum(tf.fill([2, 3], x) * C(np.arange(6.0).reshape(2, 3)))
    close(t.gradient(y, x), 15.0)
    assert tf.fill([2], 3.0).numpy().tolist() == [3.0, 3.0]


def test_linspace_with_tensor_end_points_is_differentiable():
    a, b = V(1.0), V(3.0)
    with tf.GradientTape() as t:
        l = tf.linspace(a, b, 5)
        y = tf.reduce_sum(l * C([1., 2., 3., 4., 5.]))
    ga, gb = t.gradient(y, [a, b])
    w, frac = np.arange(1, 6.0), np.linspace(0, 1, 5)
    close(l, np.linspace(1.0, 3.0, 5))
    close(ga, np.sum(w * (1 - frac)))
    close(gb, np.sum(w * frac))
    a, b = V([0.0, 1.0]), V([2.0, 5.0])
    with tf.GradientTape() as t:
        l = tf.linspace(a, b, 4, axis=1)
        y = tf.reduce_sum(l ** 2)
    g = fd(lambda z: np.sum(np.linspace(z[:2], z[2:], 4, axis=1) ** 2),
           np.array([0.0, 1.0, 2.0, 5.0]))
    ga, gb = t.gradient(y, [a, b])
    close(l, np.linspace([0.0, 1.0], [2.0, 5.0], 4, axis=1))
    close(ga, g[:2], rtol=1e-5)
    close(gb, g[2:], rtol=1e-5)


def test_gather_with_batch_dims_raises():
    x = V([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(NotImplementedError, match="batch_dims"):
        tf.gather(x, [[1], [0]], batch_dims=1)


# ---------------------------------------------------------------------------
# Mutation, control flow and the fast path.
def test_assign_inside_a_tape_follows_tf():
    v = V(3.0)
    with tf.GradientTape() as t:
        y = v * v
        v.assign(v * 2.0)
        z = v * v
        s = y + z
    close(t.gradient(s, v), 2 * 3.0 + 2 * 6.0)   # each read of the handle, as TF
    v, x = V(1.0), V(2.0)
    with tf.GradientTape() as t:
        v.assign_add(x * 3.0)                   # not differentiable (TF)
        y = v * x
    gv, gx = t.gradient(y, [v, x])
    close(gv, 2.0)
    close(gx, 7.0)


def test_captured_numpy_array_mutated_after_recording():
    x = V([1.0, 2.0])
    a = np.array([3.0, 4.0])
    with tf.GradientTape() as t:
        y = tf.reduce_sum(x * a) + tf.reduce_sum(tf.multiply(x, a))
    a[0] = 100.0
    close(t.gradient(y, x), [6.0, 8.0])


def test_python_control_flow_on_tensor_values():
    x = V(1.1)
    with tf.GradientTape() as t:
        y, n = x, 0
        while y < 10.0:
            y = y * x + 1.0
            n += 1

    def f(v):
        y = v
        for _ in range(n):
            y = y * v + 1.0
        return y
    close(t.gradient(y, x), fd(f, np.array(1.1)), rtol=1e-6)


def test_repeated_steps_with_changing_literals_and_indices():
    v = V([1.0, 2.0, 3.0])
    for k, p in [(0, 1.0), (1, 2.5), (2, 3)]:
        with tf.GradientTape() as t:
            y = v[k] ** p
        want = np.zeros(3)
        want[k] = p * (k + 1.0) ** (p - 1)
        close(t.gradient(y, v), want)
    v = V(1.5)
    for k in range(3):
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                y = v ** 3 * (k + 1)
            g = t1.gradient(y, v)
        close(t2.gradient(g, v), 6 * 1.5 * (k + 1))


# ---------------------------------------------------------------------------
# Gradients through tf.custom_gradient, differentiated again (grad_fn's ops).
def _square():
    @tf.custom_gradient
    def sq(x):
        def grad(dy):
            return dy * 2.0 * x
        return x * x, grad
    return sq


def test_second_and_third_order_through_a_custom_gradient():
    sq = _square()
    x = V(0.7)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.sin(sq(x)) * x
        g = t1.gradient(y, x)

    def f(v):
        return np.sin(v * v) * v
    close(g, fd(f, np.array(0.7)), rtol=1e-6)
    close(t2.gradient(g, x), fd(lambda v: fd(f, v, 1e-5), np.array(0.7), 1e-4), rtol=1e-4)

    @tf.custom_gradient
    def cube(x):
        def grad(dy):
            return dy * 3.0 * x * x
        return x ** 3, grad
    x = V(1.5)
    with tf.GradientTape() as a:
        with tf.GradientTape() as b:
            with tf.GradientTape() as c:
                y = cube(x)
            d1 = c.gradient(y, x)
        d2 = b.gradient(d1, x)
    d3 = a.gradient(d2, x)
    close(d1, 6.75)
    close(d2, 9.0)
    close(d3, 6.0)


def test_custom_gradient_grad_fn_operations_are_what_is_differentiated():
    @tf.custom_gradient
    def clip_g(x):
        def grad(dy):
            return tf.clip_by_value(dy, -1.0, 1.0) * x
        return x * 1.0, grad
    x = V(3.0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = clip_g(x ** 2) * 5.0      # dy 5 -> 1, times x^2, times 2x: 2x^3
        g = t1.gradient(y, x)
    close(g, 54.0)
    close(t2.gradient(g, x), 54.0)

    @tf.custom_gradient
    def f(x):
        xv = x.numpy()

        def grad(dy):
            return dy * 2.0 * xv           # a numpy constant: not differentiated (TF)
        return x * x, grad
    x = V(2.0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = f(x) * x
        g = t1.gradient(y, x)
    close(g, 12.0)
    close(t2.gradient(g, x), 8.0)


def test_custom_gradient_with_variables_second_order():
    w = V(3.0)

    @tf.custom_gradient
    def f(x):
        def grad(dy, variables=None):
            return dy * w, [dy * x]
        return x * w, grad
    x = V(2.0)
    with tf.GradientTape(persistent=True) as t2:
        with tf.GradientTape() as t1:
            y = f(x) ** 2
        gx, gw = t1.gradient(y, [x, w])       # 2 x w^2, 2 x^2 w
    close(gx, 36.0)
    close(gw, 24.0)
    close(t2.gradient(gx, x), 18.0)
    close(t2.gradient(gx, w), 24.0)
    close(t2.gradient(gw, w), 8.0)
    close(t2.gradient(gw, x), 24.0)


def test_custom_gradient_nested_with_intermediate_sources_and_output_gradients():
    sq = _square()
    x = V(1.5)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            h = x * 3.0
            y = sq(h) + h * x
        gh, gx = t1.gradient(y, [h, x])      # 2h + x ; 24x
        s = gh + gx
    close(gh, 10.5)
    close(gx, 36.0)
    close(t2.gradient(s, x), 31.0)
    x = V([1.0, 2.0])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = sq(x)
        g = t1.gradient(y, x, output_gradients=x * 3.0)   # 6 x^2
        s = tf.reduce_sum(g)
    close(t2.gradient(s, x), [12.0, 24.0])


def test_custom_gradient_nested_in_float32_matrices_and_batch_jacobian():
    sq = _square()
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.reduce_sum(sq(x) * tf.sin(x))
        g = t1.gradient(y, x)

    def f(v):
        return np.sum(v * v * np.sin(v))
    want = fd(lambda v: np.sum(fd(f, v, 1e-5)), np.array([1.0, 2.0]), 1e-4)
    close(t2.gradient(g, x), want, rtol=1e-4, atol=1e-4)

    @tf.custom_gradient
    def mm(a):
        def grad(dy):
            return tf.matmul(dy, a, transpose_b=True) + tf.matmul(a, dy, transpose_a=True)
        return tf.matmul(a, a), grad
    aa = np.array([[0.3, -0.2], [0.5, 0.1]])
    W = np.array([[1., 2.], [3., 4.]])
    a = V(aa)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.reduce_sum(tf.tanh(mm(a)))
        g = t1.gradient(y, a)
        s = tf.reduce_sum(g * C(W))

    def fm(m):
        return np.sum(np.tanh(m @ m))
    close(g, fd(fm, aa), rtol=1e-6)
    close(t2.gradient(s, a), fd(lambda m: np.sum(fd(fm, m, 1e-5) * W), aa, 1e-4), rtol=1e-4)
    xa = np.array([[1.0, 2.0], [3.0, 4.0]])
    x = V(xa)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = sq(x) * x
        bj = t1.batch_jacobian(y, x)
        s = tf.reduce_sum(bj)
    close(t2.gradient(s, x), 6 * xa)


def test_custom_gradient_upstream_has_the_output_dtype_in_float32():
    # the engine's adjoint can carry a float64 cotangent; grad_fn gets TF's float32
    seen = []

    @tf.custom_gradient
    def sq(x):
        def grad(dy):
            seen.append(dy.dtype)
            return dy * 2.0 * x
        return x * x, grad
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as t:
        y = tf.reduce_sum(sq(x) * tf.sin(x))
    xs = np.array([1.0, 2.0])
    close(t.gradient(y, x), 2 * xs * np.sin(xs) + xs ** 2 * np.cos(xs), rtol=1e-6)
    assert seen == [tf.float32]


# ---------------------------------------------------------------------------
# grad_fn reading tensors computed in the forward pass (TF's log1pexp example):
# f's operations are recorded, so those tensors are connected on outer tapes.
def _log1pexp():
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))
        return tf.math.log(1 + e), grad
    return log1pexp


def _sig(v):
    return 1 / (1 + np.exp(-v))


def test_custom_gradient_log1pexp_second_derivative():
    f = _log1pexp()
    x = V(0.7)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = f(x)
        dy = t1.gradient(y, x)
    s = _sig(0.7)
    close(dy, s)
    close(t2.gradient(dy, x), s * (1 - s))          # TF: 0.2217


def test_custom_gradient_log1pexp_hessian_of_a_sum():
    f = _log1pexp()
    x0 = np.array([0.7, -0.2])
    x = V(x0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.reduce_sum(f(x) * x)
        g = t1.gradient(y, x)
    H = t2.jacobian(g, x)
    s = _sig(x0)
    close(H, np.diag(2 * s + x0 * s * (1 - s)))

    def fn(v):
        return np.sum(np.log1p(np.exp(v)) * v)
    close(H, fd(lambda v: fd(fn, v, 1e-5), x0, 1e-4), rtol=1e-4, atol=1e-4)


def test_custom_gradient_log1pexp_third_order_and_hessian_by_jacobian_of_jacobian():
    f = _log1pexp()
    x = V(-0.4)
    with tf.GradientTape() as a:
        with tf.GradientTape() as b:
            with tf.GradientTape() as c:
                y = f(x)
            d1 = c.gradient(y, x)
        d2 = b.gradient(d1, x)
    d3 = a.gradient(d2, x)
    s = _sig(-0.4)
    close(d1, s)
    close(d2, s * (1 - s))
    close(d3, s * (1 - s) * (1 - 2 * s))
    x0 = np.array([0.3, -1.1, 2.0])
    x = V(x0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = f(x) * tf.gather(x, [2, 1, 0])
        j = t1.jacobian(y, x)
    h = t2.jacobian(j, x)

    def fn(v):
        return np.log1p(np.exp(v)) * v[::-1]
    close(j, fd(fn, x0), rtol=1e-6)
    close(h, fd(lambda v: fd(fn, v, 1e-5), x0, 1e-4), rtol=1e-4, atol=1e-4)


def test_custom_gradient_grad_fn_reading_the_output():
    @tf.custom_gradient
    def myexp(x):
        y = tf.exp(x)

        def grad(dy):
            return dy * y
        return y, grad
    x = V(0.3)
    with tf.GradientTape() as a:
        with tf.GradientTape() as b:
            with tf.GradientTape() as c:
                y = myexp(x) * x
            d1 = c.gradient(y, x)
        d2 = b.gradient(d1, x)
    d3 = a.gradient(d2, x)
    e = np.exp(0.3)
    close(d1, e * (0.3 + 1))
    close(d2, e * (0.3 + 2))
    close(d3, e * (0.3 + 3))


def test_custom_gradient_grad_fn_reading_a_tensor_f_computed_from_the_input():
    @tf.custom_gradient
    def mysin(x):
        c = tf.cos(x)

        def grad(dy):
            return dy * c
        return tf.sin(x), grad
    x0 = np.array([0.5, 1.7])
    x = V(x0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = tf.reduce_sum(mysin(x * x))
        g = t1.gradient(y, x)
    close(g, 2 * x0 * np.cos(x0 ** 2))
    close(t2.jacobian(g, x), np.diag(2 * np.cos(x0 ** 2) - 4 * x0 ** 2 * np.sin(x0 ** 2)))


def test_custom_gradient_grad_fn_reading_a_tensor_only_the_outer_tape_watches():
    z = C(0.5)

    @tf.custom_gradient
    def scaled(u):
        def grad(dy):
            return dy * z * 2.0 * u
        return u * u, grad
    x = V(1.5)
    with tf.GradientTape(watch_accessed_variables=False) as t2:
        t2.watch(z)
        with tf.GradientTape() as t1:
            y = scaled(x)
        g = t1.gradient(y, x)                 # 2 z x
    close(g, 1.5)
    close(t2.gradient(g, z), 3.0)


def test_custom_gradient_leaked_forward_value_is_connected_first_order():
    leaked = []

    @tf.custom_gradient
    def f(x):
        e = tf.exp(x)
        leaked.append(e)

        def grad(dy):
            return dy * 2.0
        return x * 2.0, grad
    x = V(0.2)
    with tf.GradientTape() as t:
        y = f(x) + leaked[0]
    close(t.gradient(y, x), 2.0 + np.exp(0.2))   # TF records f's operations too


def test_custom_gradient_forward_values_with_the_variables_protocol():
    w = V(0.8)

    @tf.custom_gradient
    def f(x):
        e = tf.exp(x * w)

        def grad(dy, variables=None):
            return dy * w * e, [dy * x * e]
        return e, grad
    x = V(0.6)
    with tf.GradientTape(persistent=True) as t2:
        with tf.GradientTape() as t1:
            y = f(x) * x
        gx, gw = t1.gradient(y, [x, w])

    def fn(v):                         # v = (x, w)
        return np.exp(v[0] * v[1]) * v[0]
    v0 = np.array([0.6, 0.8])
    g0 = fd(fn, v0)
    close(gx, g0[0], rtol=1e-6)
    close(gw, g0[1], rtol=1e-6)
    H = fd(lambda v: fd(fn, v, 1e-5), v0, 1e-4)
    close(t2.gradient(gx, x), H[0, 0], rtol=1e-4)
    close(t2.gradient(gx, w), H[0, 1], rtol=1e-4)
    close(t2.gradient(gw, x), H[1, 0], rtol=1e-4)
    close(t2.gradient(gw, w), H[1, 1], rtol=1e-4)


def test_custom_gradient_softmax_read_by_grad_fn_hessian_and_batch_jacobian():
    @tf.custom_gradient
    def lse(x):
        m = tf.reduce_max(x)
        p = tf.exp(x - m)
        p = p / tf.reduce_sum(p)

        def grad(dy):
            return dy * p
        return m + tf.math.log(tf.reduce_sum(tf.exp(x - m))), grad
    x0 = np.array([0.1, -0.5, 0.9])
    x = V(x0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = lse(x)
        g = t1.gradient(y, x)
    p = np.exp(x0) / np.sum(np.exp(x0))
    close(g, p)
    close(t2.jacobian(g, x), np.diag(p) - np.outer(p, p))
    f = _log1pexp()
    xa = np.array([[0.2, -1.0], [1.3, 0.4]])
    x = V(xa)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = f(x) * x
        bj = t1.batch_jacobian(y, x)
        s = tf.reduce_sum(bj)

    def fn(v):                      # sum of the diagonal blocks of the jacobian
        return np.sum(np.log1p(np.exp(v)) + v * _sig(v))
    close(t2.gradient(s, x), fd(fn, xa), rtol=1e-5)


def test_custom_gradient_forward_values_persistent_tape_float32_and_output_gradients():
    f = _log1pexp()
    x = V(0.9)
    with tf.GradientTape(persistent=True) as t:
        y = f(x)
        g = t.gradient(y, x)
    s = _sig(0.9)
    close(t.gradient(g, x), s * (1 - s))
    x = tf.Variable([0.5, -1.5])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = f(x)
        g = t1.gradient(y, x, output_gradients=x * 3.0)    # 3 x s(x)
        r = tf.reduce_sum(g)
    d = t2.gradient(r, x)
    assert d.dtype is tf.float32
    xs = np.array([0.5, -1.5])
    close(d, 3 * _sig(xs) + 3 * xs * _sig(xs) * (1 - _sig(xs)), rtol=1e-5)


def test_custom_gradient_nested_custom_gradients_reading_forward_values():
    f = _log1pexp()

    @tf.custom_gradient
    def outer(x):
        h = f(x)                      # a custom gradient inside f
        q = h * h

        def grad(dy):
            return dy * 2.0 * h * (1 - 1 / (1 + tf.exp(x)))
        return q, grad
    x = V(0.35)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = outer(x)
        g = t1.gradient(y, x)

    def fn(v):
        return np.log1p(np.exp(v)) ** 2
    close(g, fd(fn, np.array(0.35)), rtol=1e-6)
    close(t2.gradient(g, x), fd(lambda v: fd(fn, v, 1e-5), np.array(0.35), 1e-4), rtol=1e-4)


def test_custom_gradient_complex_cast_in_f_raises_only_when_differentiated_through():
    @tf.custom_gradient
    def sq(x):
        z = tf.cast(x, tf.complex128)
        r = tf.cast(z * z, tf.float64)

        def grad(dy):
            return dy * 2.0 * x
        return r, grad

    @tf.custom_gradient
    def sq2(x):
        z = tf.cast(x, tf.complex128)
        r = tf.cast(z * z, tf.float64)

        def grad(dy):
            return dy * 2.0 * r / x          # reads a value through the complex cast
        return r, grad
    x = V(0.7)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = sq(x)
        g = t1.gradient(y, x)
    close(g, 1.4)
    close(t2.gradient(g, x), 2.0)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = sq2(x)
        g = t1.gradient(y, x)
    close(g, 1.4)
    with pytest.raises(Exception, match="between real and complex"):
        t2.gradient(g, x)


def test_custom_gradient_outer_tape_begun_after_the_call_is_refused():
    f = _log1pexp()
    x = V(0.7)
    with tf.GradientTape() as t1:
        y = f(x)
    with tf.GradientTape() as t2:
        t2.watch(x)                   # never saw e = exp(x) computed
        d = t1.gradient(y, x)         # (first order as usual)
    close(d, 1 / (1 + np.exp(-0.7)))
    with pytest.raises(tangentish.TransformError, match="did not record"):
        t2.gradient(d, x)             # TF: None
    # an outer tape that does not track the call's inputs is not refused
    z = C(0.5)

    @tf.custom_gradient
    def g(u):
        e = tf.exp(u)

        def grad(dy):
            return dy * e * z
        return e, grad
    with tf.GradientTape(watch_accessed_variables=False) as t2:
        t2.watch(z)
        with tf.GradientTape() as t1:
            y = g(x)
        d = t1.gradient(y, x)          # z e^x
    close(d, 0.5 * np.exp(0.7))
    close(t2.gradient(d, z), np.exp(0.7))
    x = V(0.5)
    with tf.GradientTape() as t2:
        xr = x * 1.0
        with tf.GradientTape() as t1:
            t1.watch(xr)
            with t2.stop_recording():
                y = f(xr)
        d = t1.gradient(y, xr)
    with pytest.raises(tangentish.TransformError, match="stop_recording"):
        t2.gradient(d, x)
    x = V([0.2, -0.3])                 # a late tape beside a good one, a jacobian
    with tf.GradientTape() as t3:
        with tf.GradientTape() as t1:
            y = f(x)
        with tf.GradientTape() as t2:
            t2.watch(x)
            j = t1.jacobian(y, x)
        sj = tf.reduce_sum(j)
    s = 1 / (1 + np.exp(-np.array([0.2, -0.3])))
    close(j, np.diag(s))
    close(t3.gradient(sj, x), s * (1 - s))
    with pytest.raises(tangentish.TransformError, match="did not record"):
        t2.gradient(j, x)


def test_custom_gradient_late_outer_tape_ordinary_lines_and_no_false_refusals():
    f = _log1pexp()
    x, c = V(0.6), C(0.3)
    with tf.GradientTape() as t1:
        t1.watch(c)
        y = f(c) + x * x * c
    with tf.GradientTape() as t2:
        t2.watch(x)                      # never saw x * x computed
        gx, gc = t1.gradient(y, [x, c])
    close(gx, 2 * 0.6 * 0.3)
    with pytest.raises(tangentish.TransformError, match="did not record"):
        t2.gradient(gx, x)               # (was a silent None)
    # not refused: a list target stacked on the inner tape only, a line the
    # outer tape skipped (stop_recording) off the path
    x = V([0.3, -0.6])
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y1 = f(x)
            y2 = f(2.0 * x) * x
        j = t1.jacobian([y1, y2], x)
        s = tf.reduce_sum(j)

    def fn(v):
        return np.sum(fd(lambda u: np.stack([np.log1p(np.exp(u)),
                                             np.log1p(np.exp(2 * u)) * u]), v, 1e-5))
    close(t2.gradient(s, x), fd(fn, np.array([0.3, -0.6]), 1e-4), rtol=1e-3, atol=1e-3)
    x = V(0.4)
    with tf.GradientTape() as t2:
        with tf.GradientTape() as t1:
            y = f(x)
            with t2.stop_recording():
                z = x * 3.0
            w = y + z
        g = t1.gradient(y, x)
    sg = _sig(0.4)
    close(t2.gradient(g, x), sg * (1 - sg))
