"""Finite-difference checks for tangentish gradients and VJPs.

``numerical_grad`` is the reference: central differences in float64, one
input element at a time.  The two ``assert_*`` helpers compare tangentish
against it.
"""
import linecache
import textwrap
import types

import numpy as np

import tangentish as tg


def _as_float(value):
    """``value`` as a float64 array (python floats become 0-d arrays)."""
    return np.array(value, dtype=np.float64)


def _like(grad, original):
    """Give ``grad`` the structure of ``original``: a python float stays a float."""
    return float(grad) if np.ndim(original) == 0 and not isinstance(original, np.ndarray) else grad


def _partial(f, args, i, eps):
    """Central-difference gradient of the scalar ``f(*args)`` with respect to ``args[i]``."""
    x = _as_float(args[i])
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        values = []
        for step in (eps, -eps):
            shifted = x.copy()
            shifted[idx] += step
            new_args = list(args)
            new_args[i] = shifted if x.ndim else float(shifted)
            values.append(float(f(*new_args)))
        grad[idx] = (values[0] - values[1]) / (2 * eps)
    return _like(grad, args[i])


def numerical_grad(f, args, wrt, eps=1e-6):
    """Finite-difference gradient of scalar ``f`` at ``args``, shaped like ``tg.grad(f, wrt)``.

    ``wrt`` is an argument index or a tuple of them (then a tuple is returned)."""
    if isinstance(wrt, (tuple, list)):
        return tuple(_partial(f, args, i, eps) for i in wrt)
    return _partial(f, args, wrt, eps)


def assert_grad_matches_fd(f, args, wrt=0, rtol=1e-5, atol=1e-6):
    """``tg.grad(f, wrt=wrt)(*args)`` agrees with finite differences (values and shapes)."""
    got = tg.grad(f, wrt=wrt)(*args)
    expected = numerical_grad(f, args, wrt)
    if not isinstance(wrt, (tuple, list)):
        got, expected, wrt = (got,), (expected,), (wrt,)
    assert isinstance(got, tuple) and len(got) == len(wrt), f"expected {len(wrt)} gradients, got {got!r}"
    for i, g, e in zip(wrt, got, expected):
        assert np.shape(g) == np.shape(args[i]), f"gradient {i}: shape {np.shape(g)} != {np.shape(args[i])}"
        np.testing.assert_allclose(g, e, rtol=rtol, atol=atol, err_msg=f"gradient wrt argument {i}")
    return got


def assert_vjp_matches_fd(f, args, rtol=1e-5, atol=1e-6, eps=1e-6, seed=0):
    """``<u, J v> == <pullback(u), v>`` for a random cotangent u and a random direction v.

    ``J v`` is a central difference of ``f`` along v (all arguments move together)."""
    rng = np.random.default_rng(seed)
    y, pullback = tg.vjp(f, *args)
    u = rng.normal(size=np.shape(y))
    v = [rng.normal(size=np.shape(a)) for a in args]

    def along(step):
        return _as_float(f(*[_as_float(a) + step * d for a, d in zip(args, v)]))

    jv = (along(eps) - along(-eps)) / (2 * eps)
    cotangents = pullback(u)
    assert len(cotangents) == len(args), f"expected {len(args)} cotangents, got {len(cotangents)}"
    for a, ct in zip(args, cotangents):
        assert np.shape(ct) == np.shape(a), f"cotangent shape {np.shape(ct)} != {np.shape(a)}"
    lhs = float(np.sum(u * jv))
    rhs = float(sum(np.sum(ct * d) for ct, d in zip(cotangents, v)))
    np.testing.assert_allclose(rhs, lhs, rtol=rtol, atol=atol)


class Cells:
    """An IPython-style session: cells exec'd into one namespace (``np``, ``tg`` and
    ``types`` in it), their text in linecache as IPython keeps it."""

    count = 0

    def __init__(self):
        self.ns = {"np": np, "tg": tg, "types": types, "__name__": "__main__"}

    def run(self, src):
        Cells.count += 1
        src = textwrap.dedent(src)
        name = f"<ipython-input-{Cells.count}-test>"
        linecache.cache[name] = (len(src), None, src.splitlines(True), name)
        exec(compile(src, name, "exec"), self.ns)
        return self.ns

