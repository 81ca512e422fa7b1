"""np.array / np.asarray / np.hstack / np.vstack / np.column_stack / np.concatenate of
displays holding active scalars and arrays (issue 12): reverse, forward and second order,
against finite differences and autograd; refusals; and a breaker's regression programs."""
import types

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tangentish.core.errors import TransformError

C = 2.0
W = np.array([0.3, -1.2])
M = np.array([[1.0, 2.0], [3.0, 4.0]])


def _with_autograd(f):
    return types.FunctionType(f.__code__, dict(f.__globals__, np=anp), f.__name__,
                              f.__defaults__, f.__closure__)


def _fd_grad(f, x, h=1e-6):
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def _arg(x):
    return float(x) if np.ndim(x) == 0 else x


def check(f, x, use_autograd=True, second=True):
    x = np.asarray(x, dtype=float)
    rng = np.random.RandomState(0)
    v = rng.randn(*x.shape)
    fx = lambda z: f(_arg(z))  # noqa: E731
    g = np.asarray(tg.grad(f)(_arg(x)))
    np.testing.assert_allclose(g, _fd_grad(fx, x), rtol=1e-5, atol=1e-6)
    y, y_dot = tg.jvp(f, (_arg(x),), (_arg(v),))
    np.testing.assert_allclose(y, f(_arg(x)), rtol=1e-12)
    np.testing.assert_allclose(y_dot, np.sum(g * v), rtol=1e-6, atol=1e-8)
    if use_autograd:
        np.testing.assert_allclose(g, autograd.grad(_with_autograd(f))(_arg(x)), rtol=1e-9,
                                   atol=1e-12)
    if not second:
        return
    gf = tg.grad(f)
    gx = lambda z: np.asarray(gf(_arg(z)))  # noqa: E731
    h = 1e-5
    hv_fd = (gx(x + h * v) - gx(x - h * v)) / (2 * h)
    _, hv = tg.jvp(gf, (_arg(x),), (_arg(v),))          # forward over reverse
    np.testing.assert_allclose(hv, hv_fd, rtol=1e-4, atol=1e-5)
    if x.ndim == 0:
        gg = tg.grad(gf)(float(x))                       # reverse over reverse
        np.testing.assert_allclose(gg, hv_fd / v, rtol=1e-4, atol=1e-5)
        if use_autograd:
            np.testing.assert_allclose(gg, autograd.grad(autograd.grad(_with_autograd(f)))(
                float(x)), rtol=1e-7, atol=1e-9)
    else:
        H = tg.hessian(f)(x)
        np.testing.assert_allclose(np.asarray(H) @ v, hv_fd, rtol=1e-4, atol=1e-5)
        if use_autograd:
            np.testing.assert_allclose(H, autograd.hessian(_with_autograd(f))(x), rtol=1e-7,
                                       atol=1e-9)


# ---- the forms of the issue ----------------------------------------------------------

def p_scalars(x):
    a = np.array([x, x ** 2, C])
    return np.sum(a * a)


def p_tuple(x):
    a = np.array((np.sin(x), 3.0, x * C))
    return np.sum(a ** 3)


def p_nested(x):
    a = np.array([[x, C], [x * x, 1.0]])
    return np.sum(np.sin(a) * a)


def p_asarray(x):
    a = np.asarray([x, np.cos(x)])
    return np.dot(a, W)


def p_arrays(x):
    a = np.array([x, 2.0 * x, np.tanh(x)])
    return np.sum(a @ M * a)


def p_dtype_float(x):
    a = np.array([x, x * x], dtype=float)
    return np.sum(a ** 2)


def p_dtype_float_kw(x):
    a = np.asarray([x, x * x], dtype=np.float64)
    return np.prod(a)


def p_zero_d(x):
    a = np.array([np.sum(x), np.asarray(2.0), np.max(x)])
    return np.sum(a * a)


def p_int_cast(x):
    a = np.array([x, x * x], dtype=int)
    return np.sum(a * x)


def p_int_cast_variable(x):
    return np.sum(np.array(x, dtype=np.int64) * x)


def p_hstack(x):
    return np.sum(np.hstack([x, x * x, np.sum(x)]) ** 2)


def p_vstack(x):
    a = np.vstack([x, x * 2.0, W])
    return np.sum(a @ M * a)


def p_column_stack(x):
    return np.sum(np.column_stack([x, np.sin(x), W]) ** 2)


def p_concatenate(x):
    return np.sum(np.concatenate([x, x ** 3, W]) ** 2)


def p_complex(x):
    a = np.array([x, 1j * x, 2.0])
    return np.real(np.sum(a * np.conj(a) * a))


FORMS = [(p_scalars, 0.7), (p_tuple, 0.4), (p_nested, 1.3), (p_asarray, -0.5),
         (p_arrays, W), (p_dtype_float, 0.9), (p_dtype_float_kw, 0.9), (p_zero_d, [0.5, 1.5]),
         (p_hstack, W), (p_vstack, W), (p_column_stack, W), (p_concatenate, W)]


# autograd's np.array / np.asarray do not take dtype= with traced values
NO_AUTOGRAD = {p_dtype_float, p_dtype_float_kw}


@pytest.mark.parametrize("f,x", FORMS, ids=[f.__name__ for f, _ in FORMS])
def test_forms(f, x):
    check(f, x, use_autograd=f not in NO_AUTOGRAD)


def test_integer_cast_has_no_derivative():
    x = np.array([1.5, 2.5])
    assert np.allclose(tg.grad(p_int_cast_variable)(x), [1.0, 2.0])
    assert np.allclose(tg.jvp(p_int_cast_variable, (x,), (np.array([1.7, 0.0]),))[1], 1.7)
    assert np.allclose(tg.grad(p_int_cast)(1.5), 1.0 + 2.0)   # d/dx (1 * x + 2 * x)
    assert np.allclose(tg.jvp(p_int_cast, (1.5,), (1.0,))[1], 3.0)


def test_complex_follows_convention():
    check(p_complex, 0.8, use_autograd=False)
    np.testing.assert_allclose(tg.grad(p_complex)(0.8),
                               autograd.grad(_with_autograd(p_complex))(0.8), rtol=1e-9)


# ---- refusals ------------------------------------------------------------------------

def r_ragged(x):
    a = np.array([x, np.array([x, x])])
    return np.sum(a)


def r_object(x):
    a = np.array([x, x * 2.0], dtype=object)
    return np.sum(a)


def r_ndmin(x):
    a = np.array([x, x], ndmin=2)
    return np.sum(a)


def r_dtype_variable(x, dt=float):
    a = np.array([x, x], dtype=dt)
    return np.sum(a)


def r_string(x):
    a = np.array([x, "a"])
    return a


@pytest.mark.parametrize("f", [r_object, r_ndmin, r_dtype_variable])
def test_refused_at_transform(f):
    with pytest.raises(TransformError) as info:
        tg.grad(f)(1.0)
    assert "test_array_literals.py" in str(info.value)
    with pytest.raises(TransformError):
        tg.jvp(f, (1.0,), (1.0,))


def test_ragged_refused_at_run_time():
    with pytest.raises((ValueError, TypeError)):
        tg.grad(r_ragged)(1.0)
    with pytest.raises((ValueError, TypeError)):
        tg.jvp(r_ragged, (1.0,), (1.0,))
