"""Forward mode, higher order by nesting, Jacobians/Hessians, stop_gradient, custom gradients."""
import re

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

from tests.corpus import funcs_higher as fh
import tangentish as tg
from tests.corpus.helpers import numerical_grad

X = np.array([0.3, -0.7, 1.1])


def test_chapter_cases():
    assert tg.grad(fh.cube)(3.0) == 27.0
    assert tg.grad(tg.grad(fh.cube))(3.0) == 18.0
    np.testing.assert_allclose(tg.hessian(fh.quad2)(np.array([1.0, 2.0])), [[2, 1], [1, 2]])
    assert tg.grad(fh.stopped)(2.0) == 4.0
    assert tg.grad(fh.uses_clip)(10.0) == 100.0    # TF prints 100.0; the chapter's "1.0" is wrong


def test_third_derivative_scalar():
    d3 = tg.grad(tg.grad(tg.grad(fh.cube)))
    assert d3(3.0) == 6.0
    f = lambda x: np.sin(x) * np.exp(x)  # noqa: E731
    third = tg.grad(tg.grad(tg.grad(f)))(0.4)
    expected = autograd.grad(autograd.grad(autograd.grad(lambda x: anp.sin(x) * anp.exp(x))))(0.4)
    assert third == pytest.approx(expected, rel=1e-10)
    second = tg.grad(tg.grad(f))
    assert third == pytest.approx(numerical_grad(second, (0.4,), 0), rel=1e-6)


def test_jvp_matches_fd_and_reverse():
    v = np.array([1.0, 0.5, -2.0])
    y, y_dot = tg.jvp(fh.smooth, (X,), (v,))
    assert y == pytest.approx(fh.smooth(X))
    assert y_dot == pytest.approx(np.dot(tg.grad(fh.smooth)(X), v), rel=1e-10)
    eps = 1e-6
    assert y_dot == pytest.approx((fh.smooth(X + eps * v) - fh.smooth(X - eps * v)) / (2 * eps),
                                  rel=1e-6)


@pytest.mark.parametrize("fn,args", [
    (fh.smooth, (X,)), (fh.vector_fn, (X,)), (fh.branchy, (X,)), (fh.branchy, (-X - 1.0,)),
    (fh.calls_helper, (X,)),
], ids=lambda v: getattr(v, "__name__", ""))
def test_check_grads_second_order(fn, args):
    tg.check_grads(fn, args, order=2, modes=("rev", "fwd"))


def test_loop_forward_and_reverse_agree():
    v = np.array([0.2, -1.0, 0.7])
    _, y_dot = tg.jvp(fh.loopy, (X, 4), (v, None))      # None: no tangent for n
    assert y_dot == pytest.approx(np.dot(tg.grad(fh.loopy)(X, 4), v), rel=1e-10)


def test_check_grads_raises_readably(temporary_rules):
    def wrong(x):
        return x * 2.0
    tg.register(np.fix, "np.fix(x)", jvp={"x": "t * 3.0"})   # deliberately wrong rule
    with pytest.raises(AssertionError, match="finite differences"):
        tg.check_grads(lambda x: np.fix(x * 10.0 + 0.5), (np.array([0.12, 0.31]),), order=1)
    assert wrong(1.0) == 2.0


def test_hessian_of_vector_function_and_hvp():
    H = tg.hessian(fh.smooth)(X)
    expected = autograd.hessian(lambda x: anp.sum(anp.tanh(x) * x ** 2 + anp.exp(-x) * anp.sin(x)))(X)
    np.testing.assert_allclose(H, expected, rtol=1e-10)
    v = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(tg.hvp(fh.smooth)(X, v), expected @ v, rtol=1e-10)
    # the Hessian is the Jacobian of the gradient, by finite differences too
    fd = np.stack([numerical_grad(lambda x: tg.grad(fh.smooth)(x)[i], (X,), 0) for i in range(3)])
    np.testing.assert_allclose(H, fd, rtol=1e-5, atol=1e-7)


def test_jacobian_modes_agree_and_have_the_right_shape():
    J_rev = tg.jacobian(fh.vector_fn)(X)
    J_fwd = tg.jacobian(fh.vector_fn, mode="forward")(X)
    assert J_rev.shape == (3, 3)
    np.testing.assert_allclose(J_rev, J_fwd, rtol=1e-12)
    expected = autograd.jacobian(lambda x: anp.sin(x) * anp.sum(x ** 2))(X)
    np.testing.assert_allclose(J_rev, expected, rtol=1e-10)
    M = np.arange(6.0).reshape(2, 3) / 5
    J = tg.jacobian(lambda m: np.sin(m) * 2.0)(M)
    assert J.shape == (2, 3, 2, 3)


def test_stop_gradient_every_mode_and_order():
    assert tg.jvp(fh.stopped, (2.0,), (1.0,))[1] == 4.0
    assert tg.grad(tg.grad(fh.stopped))(2.0) == 0.0      # d/dx (stop(x^2) * x) = x^2 as a constant
    g = tg.grad(fh.stopped_vector)(X)
    np.testing.assert_allclose(g, np.sin(X) * 2 * X)
    assert "stop_gradient(" in tg.source(tg.grad(fh.stopped_vector))


def test_custom_gradient_direct_and_several_inputs():
    assert tg.grad(fh.clip_gradient)(3.0) == 1.0
    a, b = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    da, db = tg.grad(fh.uses_scaled_product, wrt=(0, 1))(a, b)
    np.testing.assert_allclose(da, b * 10.0)
    np.testing.assert_allclose(db, a)
    src = tg.source(tg.grad(fh.uses_clip))
    assert "with_grad" in src


def test_custom_gradient_numerically_stable_rule():
    x = np.array([-800.0, 0.0, 800.0])
    g = tg.grad(fh.uses_log1pexp)(x)
    np.testing.assert_allclose(g, [0.0, 0.5, 1.0])


def test_forward_mode_refuses_custom_gradient():
    with pytest.raises(tg.TransformError, match="custom_gradient"):
        tg.jvp(fh.uses_clip, (1.0,), (1.0,))


def test_register_new_primitive(temporary_rules):
    import math

    def softsign(x):
        return x / (1.0 + np.abs(x))
    tg.register(softsign, jvp={"x": "t / (1.0 + np.abs(x)) ** 2"})
    src_fn = lambda x: softsign(x) * 3.0  # noqa: E731
    x = np.array([0.5, -2.0])
    np.testing.assert_allclose(tg.grad(lambda x: np.sum(softsign(x) * 3.0))(x),
                               3.0 / (1.0 + np.abs(x)) ** 2)
    assert tg.jvp(src_fn, (0.5,), (1.0,))[1] == pytest.approx(3.0 / 1.5 ** 2)
    assert math.isfinite(tg.grad(tg.grad(src_fn))(0.5))


def test_second_derivative_source_is_deterministic_and_readable():
    text = tg.source(tg.grad(tg.grad(fh.cube)))
    assert text.startswith("def grad_grad_cube(x):")
    # the second derivative's comments quote the lines of the first one it differentiates
    first = tg.source(tg.grad(fh.cube))
    quoted = re.search(r"# grad of line (\d+): (dx = .*)\n", text)
    assert quoted and "    " + quoted.group(2) + "\n" in first


@pytest.mark.parametrize("fn,args", [
    (fh.loop3, (X,)), (fh.rnn_loss, (np.array([0.5, -0.3, 0.8]), X)), (fh.while_loop, (X,)),
    (fh.fill_loop, (X,)),
], ids=lambda v: getattr(v, "__name__", ""))
def test_second_order_through_loops(fn, args):
    """Loops' stacks have their own derivative rules: the generated gradient of code with
    loops can be differentiated again, in both modes."""
    tg.check_grads(fn, args, order=2, modes=("rev", "fwd"))


def test_hessian_through_a_loop_matches_autograd():
    def loss(x):
        for i in range(3):
            x = anp.sin(x) * 1.01 + 0.1 * x
        return anp.sum(x * x)
    expected = autograd.hessian(loss)(X)
    np.testing.assert_allclose(tg.hessian(fh.loop3)(X), expected, rtol=1e-9)
    assert tg.grad(tg.grad(fh.loopy))(0.4, 3) == pytest.approx(
        numerical_grad(lambda z: tg.grad(fh.loopy)(z, 3), (0.4,), 0), rel=1e-6)


def test_custom_gradient_at_second_order_differentiates_grad_fn():
    """As in TensorFlow: the second derivative goes through the user's grad_fn, written
    out as one function (forward code, then grad_fn's body)."""
    assert tg.grad(tg.grad(fh.uses_clip_cos))(0.3) == pytest.approx(-np.sin(0.6) * 4)
    assert tg.grad(tg.grad(fh.uses_square))(3.0) == pytest.approx(6.0)
    text = tg.source(fh.clip_cos.vjp_function())
    assert text.startswith("def clip_cos_vjp(upstream, x):")


# ---------------------------------------------------------------- slices stored on a stack
# A slice of the loop index (``y[i:i + 2] *= 0.9``) is pushed on the loop's stack; the
# gradient differentiated again pushes its derivative alongside, which is none
# (``zero_derivative`` of a slice is None, as of a shape or a string): brk13c's crash.

def slice_window(x):
    y = x * 1.0
    for i in range(len(x) - 1):
        y[i:i + 2] *= 0.9
    return np.sum(y * x)


def slice_window_ag(x):
    y = x * 1.0
    for i in range(len(x) - 1):
        y = anp.concatenate([y[:i], y[i:i + 2] * 0.9, y[i + 2:]])
    return anp.sum(y * x)


def slice_tail(X):
    Y = X * 1.0
    for i in range(1, len(Y)):
        Y[i:] += Y[i - 1] * 0.5
    return np.sum(Y * Y)


def slice_tail_ag(X):
    Y = X * 1.0
    for i in range(1, len(Y)):
        Y = anp.concatenate([Y[:i], Y[i:] + Y[i - 1] * 0.5])
    return anp.sum(Y * Y)


@pytest.mark.parametrize("fn, reference, x", [
    (slice_window, slice_window_ag, np.array([0.3, -1.2, 0.7, 2.0, -0.4])),
    (slice_window, slice_window_ag, np.array([0.3, -1.2])),
    (slice_tail, slice_tail_ag, np.arange(12.0).reshape(3, 4) / 7.0),
    (slice_tail, slice_tail_ag, np.array([[0.5], [1.5], [-2.0]])),
])
def test_hvp_through_slices_pushed_on_a_stack(fn, reference, x):
    v = np.linspace(-1.0, 1.0, x.size).reshape(x.shape)
    expected = autograd.grad(lambda t: anp.sum(autograd.grad(reference)(t) * v))(x)
    np.testing.assert_allclose(tg.hvp(fn)(x, v), expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(tg.grad(fn)(x), autograd.grad(reference)(x), rtol=1e-12)
    # reverse over reverse: the gradient's stack pushes are differentiated again
    df = tg.grad(fn)

    def directional(t):
        return np.sum(df(t) * v)
    np.testing.assert_allclose(tg.grad(directional)(x), expected, rtol=1e-10, atol=1e-12)
