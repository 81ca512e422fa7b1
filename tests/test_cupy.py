"""CuPy on a GPU (issue 16): grad, vjp, jvp and Hessian-vector products of functions a
user writes, called with CuPy arrays, give CuPy arrays (the work stays on the device)
equal to the NumPy derivative and to autograd's (an independent reference).

Skipped, with the reason, where CuPy is not importable or finds no GPU (CI has none;
``pip install -e '.[gpu]'`` on a machine with an NVIDIA GPU, then
``python -m pytest tests/test_cupy.py``)."""
import types

import numpy as np
import pytest

import tangentish as tg

try:   # not ModuleNotFoundError alone: cupy raises ImportError when CUDA's libraries are missing
    import cupy
except ImportError as exc:
    pytest.skip(f"CuPy is not importable ({exc}); pip install -e '.[gpu]' on a machine "
                "with an NVIDIA GPU", allow_module_level=True)


def _gpus():
    try:
        return cupy.cuda.runtime.getDeviceCount()
    except Exception:   # cupy's CUDARuntimeError: no driver, or no device visible
        return 0


if _gpus() == 0:
    pytest.skip("CuPy is installed but finds no GPU (cupy.cuda.runtime.getDeviceCount())",
                allow_module_level=True)

autograd = pytest.importorskip("autograd")
import autograd.numpy as anp   # noqa: E402  (after the skips: the reference library)


# --- functions a user writes --------------------------------------------------------
def logreg(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def mlp(W1, b1, W2, b2, X, Y):
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2 + b2
    m = np.max(logits, axis=1, keepdims=True)
    s = logits - m
    lse = np.log(np.sum(np.exp(s), axis=1, keepdims=True))
    return -np.sum(Y * (s - lse)) / X.shape[0]


def softmax_xent(W, X, Y):
    z = X @ W
    z = z - np.max(z, axis=1, keepdims=True)
    p = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)
    return -np.mean(np.sum(Y * np.log(p), axis=1))


def elementwise(x):
    return np.sum(np.sin(x) * np.exp(-x * x) + np.sqrt(x * x + 1.0) / (2.0 + np.cos(x)))


def reductions(x):
    m = np.mean(x, axis=0, keepdims=True)
    return np.sum((x - m) ** 2) + np.sum(np.max(x, axis=1)) + np.prod(np.tanh(x[0]) + 2.0)


_RNG = np.random.default_rng(16)
_X = _RNG.standard_normal((12, 5))
_Y = np.eye(4)[_RNG.integers(0, 4, 12)]

# name -> (function, NumPy arguments, position differentiated)
CASES = {
    "logreg": (logreg, (_RNG.standard_normal(5) * 0.3, _X, (_RNG.random(12) < 0.5) * 1.0), 0),
    "mlp": (mlp, (_RNG.standard_normal((5, 6)) * 0.4, _RNG.standard_normal(6) * 0.1,
                  _RNG.standard_normal((6, 4)) * 0.4, _RNG.standard_normal(4) * 0.1, _X, _Y), 0),
    "softmax_xent": (softmax_xent, (_RNG.standard_normal((5, 4)) * 0.5, _X, _Y), 0),
    "elementwise": (elementwise, (_RNG.standard_normal(7),), 0),
    "reductions": (reductions, (_RNG.standard_normal((4, 3)),), 0),
}
NAMES = sorted(CASES)


def _gpu(args):
    return tuple(cupy.asarray(a) if isinstance(a, np.ndarray) else a for a in args)


def _on_autograd(f):
    """``f`` with its ``np`` rebound to autograd.numpy: the independent reference."""
    g = dict(f.__globals__, np=anp)
    return types.FunctionType(f.__code__, g, f.__name__, f.__defaults__, f.__closure__)


def _check(got, expected):
    """``got`` is a CuPy array (not copied to the host) equal to the NumPy ``expected``."""
    assert isinstance(got, cupy.ndarray), f"{type(got).__module__}.{type(got).__name__}"
    np.testing.assert_allclose(cupy.asnumpy(got), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_grad(name):
    f, args, wrt = CASES[name]
    expected = tg.grad(f, wrt=wrt)(*args)
    np.testing.assert_allclose(expected, autograd.grad(_on_autograd(f), wrt)(*args),
                               rtol=1e-9, atol=1e-12)
    _check(tg.grad(f, wrt=wrt)(*_gpu(args)), expected)


def test_grad_of_every_mlp_parameter():
    f, args, _ = CASES["mlp"]
    wrt = (0, 1, 2, 3)
    expected = tg.grad(f, wrt=wrt)(*args)
    got = tg.grad(f, wrt=wrt)(*_gpu(args))
    assert len(got) == 4
    for g, e in zip(got, expected):
        _check(g, e)


@pytest.mark.parametrize("name", NAMES)
def test_vjp(name):
    f, args, _ = CASES[name]
    y, pullback = tg.vjp(f, *args)
    expected = pullback(1.0)
    y_gpu, pullback_gpu = tg.vjp(f, *_gpu(args))
    _check(y_gpu, y)
    got = pullback_gpu(cupy.asarray(1.0))
    for k, (g, e) in enumerate(zip(got, expected)):
        if isinstance(args[k], np.ndarray):
            _check(g, e)


@pytest.mark.parametrize("name", NAMES)
def test_jvp(name):
    f, args, wrt = CASES[name]
    t = _RNG.standard_normal(np.shape(args[wrt]))
    tangents = tuple(t if k == wrt else None for k in range(len(args)))
    y, expected = tg.jvp(f, args, tangents)
    grad = autograd.grad(_on_autograd(f), wrt)(*args)
    np.testing.assert_allclose(expected, np.sum(grad * t), rtol=1e-9, atol=1e-12)
    y_gpu, got = tg.jvp(f, _gpu(args), _gpu(tangents))
    _check(y_gpu, y)
    _check(got, expected)


@pytest.mark.parametrize("name", NAMES)
def test_hvp(name):
    f, args, wrt = CASES[name]
    v = _RNG.standard_normal(np.shape(args[wrt]))
    expected = tg.hvp(f, wrt=wrt)(*args, v)
    reference = autograd.hessian_vector_product(_on_autograd(f), wrt)(*args, v)
    np.testing.assert_allclose(expected, reference, rtol=1e-8, atol=1e-11)
    _check(tg.hvp(f, wrt=wrt)(*_gpu(args), cupy.asarray(v)), expected)


def test_the_gradient_stays_on_the_device_that_holds_the_data():
    """No copy to the host and back: the gradient lives on the inputs' device."""
    f, args, wrt = CASES["logreg"]
    gargs = _gpu(args)
    got = tg.grad(f, wrt=wrt)(*gargs)
    assert got.device == gargs[1].device
    assert got.dtype == cupy.float64 and got.shape == args[0].shape
