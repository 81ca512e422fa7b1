"""What grad accepts as a function's output, and the dtype of what it returns:
size-1 outputs of any shape (the single element is the output), boolean outputs refused,
gradients w.r.t. float32 arguments returned as float32 -- and tangentish.jacobian
results differentiated again.  Checked against hand-derived values and check_grads."""
import numpy as np
import pytest

import tangentish as tg

A = np.array([[0.1, 0.5, -0.3]])


def keep1(x):
    return np.sum(np.sin(x), axis=1, keepdims=True)      # shape (1, 1)


def axis0(x):
    return np.sum(np.sin(x), axis=0)                       # shape (1,) for a (3, 1) input


def keep_all(x):
    return np.sum(np.sin(x), keepdims=True)


@pytest.mark.parametrize("fn, x", [(keep1, A), (axis0, A.T), (keep_all, A.T @ A)],
                         ids=["(1,1)", "(1,)", "keepdims"])
def test_size_one_output(fn, x):
    assert np.size(fn(x)) == 1 and np.ndim(fn(x)) > 0
    g = tg.grad(fn)(x)
    assert g.shape == x.shape
    assert np.allclose(g, np.cos(x))
    value, g2 = tg.value_and_grad(fn)(x)
    assert np.allclose(value, fn(x)) and np.allclose(g2, np.cos(x))
    assert np.allclose(tg.jacobian(fn)(x).reshape(x.shape), g)
    tg.check_grads(fn, (x,), order=2)


def summed_grad(x):
    return np.sum(tg.grad(keep1)(x))


def test_size_one_output_second_order():
    # d/dx sum(cos x) = -sin x
    assert np.allclose(tg.grad(summed_grad)(A), -np.sin(A))
    tg.check_grads(summed_grad, (A,), order=2)


def test_size_two_output_still_refused():
    with pytest.raises(TypeError, match="scalar output"):
        tg.grad(lambda x: np.sin(x))(np.array([0.1, 0.2]))


@pytest.mark.parametrize("fn", [lambda x: np.allclose(x, (x * 3.0) / 3.0),
                                lambda x: np.sum(x) > 0.0,
                                lambda x: np.all(x > 0.0)],
                         ids=["allclose", "comparison", "np.all"])
def test_boolean_output_refused(fn):
    with pytest.raises(TypeError, match="boolean"):
        tg.grad(fn)(np.array([1.0, 2.0, 3.0]))
    with pytest.raises(TypeError, match="boolean"):
        tg.value_and_grad(fn)(np.array([1.0, 2.0, 3.0]))


def test_integer_output_is_still_a_zero_gradient():
    # a piecewise constant integer output: the gradient is exactly zero
    assert np.array_equal(tg.grad(lambda x: int(np.sum(x) > 0))(np.array([1.0, 2.0])),
                          np.zeros(2))


X32 = np.array([0.1, 0.2, 0.3], dtype=np.float32)


def via_float64(x):
    return np.sum(np.sin(x.astype("float64")) * 2.0)


def test_float32_gradients():
    g = tg.grad(via_float64)(X32)
    assert g.dtype == np.float32
    assert np.allclose(g, 2 * np.cos(X32.astype(float)), rtol=1e-6)
    v, g = tg.value_and_grad(via_float64)(X32)
    assert g.dtype == np.float32 and np.isclose(v, via_float64(X32))
    assert tg.grad(lambda x: np.sum(x * x))(X32).dtype == np.float32
    s = tg.grad(lambda x: x * 2.0)(np.float32(1.5))
    assert isinstance(s, np.float32) and s == 2.0
    _, pb = tg.vjp(lambda x: np.sin(x) * 2.0, X32)
    ct = pb(np.ones(3))[0]
    assert ct.dtype == np.float32 and np.allclose(ct, 2 * np.cos(X32), rtol=1e-6)


def test_float32_with_several_arguments_and_second_order():
    f = lambda x, w: np.sum(np.sin(x) * w)
    gx, gw = tg.grad(f, wrt=(0, 1))(X32, np.array([1.0, 2.0, 3.0]))
    assert gx.dtype == np.float32 and gw.dtype == np.float64
    assert np.allclose(gx, np.cos(X32) * [1.0, 2.0, 3.0], rtol=1e-6)
    assert np.allclose(gw, np.sin(X32), rtol=1e-6)
    h = tg.grad(tg.grad(lambda x: np.sin(x) * x))(np.float32(0.5))
    assert isinstance(h, np.float32)
    assert np.isclose(h, 2 * np.cos(0.5) - 0.5 * np.sin(0.5), rtol=1e-6)


def test_float64_and_complex_unchanged():
    assert tg.grad(lambda x: np.sum(x * x))(np.array([1.0, 2.0])).dtype == np.float64
    assert tg.grad(lambda x: np.real(np.sum(x * x)))(np.array([1.0 + 1j])).dtype == np.complex128


# -- tangentish.jacobian differentiated again -----------------------------------------
def fun(x):
    return np.sin(np.outer(x, x)) + np.cos(np.dot(x, x))


XJ = np.array([0.3, -0.6])


def sin_of_jacobian(x):
    return np.sum(np.sin(tg.jacobian(fun)(x)))


JJ = tg.jacobian(tg.jacobian(fun))


def sin_of_jacobian2(x):
    return np.sum(np.sin(JJ(x)))


JF = tg.jacobian(fun, mode="forward")


def sin_of_forward_jacobian(x):
    return np.sum(np.sin(JF(x)))


def test_jacobian_of_jacobian_shapes():
    assert tg.jacobian(fun)(XJ).shape == (2, 2, 2)
    assert JJ(XJ).shape == (2, 2, 2, 2)
    assert tg.jacobian(JJ)(XJ).shape == (2, 2, 2, 2, 2)


@pytest.mark.parametrize("fn", [sin_of_jacobian, sin_of_jacobian2, sin_of_forward_jacobian])
def test_jacobian_inside_differentiated_code(fn):
    tg.check_grads(fn, (XJ,), order=2, modes=("rev", "fwd"))


def cube(x):
    return x ** 3


def summed_jacobian(x):
    return np.sum(tg.jacobian(cube)(x))       # sum of diag(3 x**2)


H = tg.hessian(lambda x: np.sum(x ** 4))


def summed_hessian(x):
    return np.sum(H(x))                        # sum of diag(12 x**2)


def test_jacobian_and_hessian_hand_values():
    x = np.array([0.5, 2.0])
    assert np.allclose(tg.grad(summed_jacobian)(x), 6 * x)
    assert np.allclose(tg.grad(summed_hessian)(x), 24 * x)
    assert np.allclose(tg.jacobian(tg.jacobian(cube))(x),
                       np.einsum("ij,jk->ijk", np.eye(2), np.eye(2)) * (6 * x)[:, None, None])
