"""Functions of sample points: polynomials (``np.polyval``, ``np.polyder``),
``np.interp``, ``np.trapezoid`` and ``np.linspace``."""
import numpy as np

from .broadcast import unbroadcast

__all__ = [
    "polyval_grad_p", "polyder_transpose", "interp_fp_tangent", "interp_fp_cotangent",
    "interp_slope", "trapezoid_grad_y", "trapezoid_grad_x", "trapezoid_grad_dx", "linspace_cotangent",
    "linspace_part"
]


def polyval_grad_p(x, xs, like):
    """Cotangent of the coefficients ``p`` in ``np.polyval(p, xs)``."""
    n = np.shape(like)[0]
    powers = np.asarray(xs)[..., None] ** np.arange(n - 1, -1, -1)
    return np.sum(np.asarray(x)[..., None] * powers, axis=tuple(range(np.ndim(xs))))


def polyder_transpose(x, p, m=1):
    """The transpose of ``np.polyder(p, m)`` (a linear map of the coefficients)."""
    n = np.size(p)
    out = np.zeros(n, dtype=np.result_type(x, float))
    k = np.arange(n - 1, -1, -1)                  # power of each coefficient
    factor = np.ones(n)
    for j in range(m):
        factor = factor * np.maximum(k - j, 0)
    out[:n - m] = np.asarray(x) * factor[:n - m]
    return out


def _interp_weights(xs, xp, left, right):
    """(lower index, upper index, lower weight, upper weight) of ``np.interp(xs, xp, fp)``."""
    xs = np.asarray(xs, dtype=float)
    xp = np.asarray(xp, dtype=float)
    n = xp.size
    if n == 1:
        z = np.zeros(xs.shape, dtype=int)
        return z, z, np.ones(xs.shape), np.zeros(xs.shape)
    i = np.clip(np.searchsorted(xp, xs, side="right") - 1, 0, n - 2)
    t = (xs - xp[i]) / (xp[i + 1] - xp[i])
    below, above = xs < xp[0], xs > xp[-1]
    t = np.where(below, 0.0, np.where(above, 1.0, t))
    wlo, whi = 1.0 - t, t
    if left is not None:
        wlo = np.where(below, 0.0, wlo)
    if right is not None:
        whi = np.where(above, 0.0, whi)
    return i, i + 1, wlo, whi


def interp_fp_tangent(x, xs, xp, left=None, right=None):
    """Tangent of ``np.interp(xs, xp, fp, left, right)`` for the tangent ``x`` of ``fp``."""
    lo, hi, wlo, whi = _interp_weights(xs, xp, left, right)
    x = np.asarray(x)
    return wlo * x[lo] + whi * x[hi]


def interp_fp_cotangent(x, xs, xp, left=None, right=None):
    """The transpose of ``interp_fp_tangent``."""
    lo, hi, wlo, whi = _interp_weights(xs, xp, left, right)
    out = np.zeros(np.size(xp), dtype=np.result_type(x, float))
    np.add.at(out, np.ravel(lo), np.ravel(wlo * x))
    np.add.at(out, np.ravel(hi), np.ravel(whi * x))
    return out


def interp_slope(xs, xp, fp):
    """d np.interp(xs, xp, fp) / d xs: the slope of the segment (0 outside ``xp``;
    at a knot, the segment to its right)."""
    xs = np.asarray(xs, dtype=float)
    xp = np.asarray(xp, dtype=float)
    fp = np.asarray(fp)
    if xp.size < 2:
        return np.zeros(xs.shape)
    i = np.clip(np.searchsorted(xp, xs, side="right") - 1, 0, xp.size - 2)
    slope = (fp[i + 1] - fp[i]) / (xp[i + 1] - xp[i])
    return np.where((xs < xp[0]) | (xs > xp[-1]), 0.0, slope)


_trapezoid = getattr(np, "trapezoid", None) or getattr(np, "trapz")   # np.trapz before numpy 2


def _trapezoid_widths(x, dx, like, axis):
    """Per-sample weights of the trapezoid rule along ``axis`` (broadcastable to ``like``)."""
    ndim = np.ndim(like)
    ax = axis % ndim
    if x is None:
        d = np.asarray(dx, dtype=float)
        n = np.shape(like)[ax]
        w = np.full(n, 1.0)
        w[0] = w[-1] = 0.5
        shape = [1] * ndim
        shape[ax] = n
        return np.reshape(w, shape) * d
    x = np.asarray(x)
    if x.ndim == 1:
        shape = [1] * ndim
        shape[ax] = -1
        x = np.reshape(x, shape)
    d = np.diff(x, axis=ax)
    pad = [(0, 0)] * d.ndim
    lo, hi = list(pad), list(pad)
    lo[ax], hi[ax] = (1, 0), (0, 1)
    return (np.pad(d, lo) + np.pad(d, hi)) / 2.0


def trapezoid_grad_y(x, y, xs=None, dx=1.0, axis=-1):
    """The transpose of ``np.trapezoid(y, xs, dx, axis)`` in ``y``."""
    x = np.expand_dims(x, axis % np.ndim(y))
    return np.broadcast_to(x * _trapezoid_widths(xs, dx, y, axis), np.shape(y))


def trapezoid_grad_x(x, y, xs, axis=-1):
    """The transpose of ``np.trapezoid(y, xs, axis=axis)`` in ``xs``."""
    ax = axis % np.ndim(y)
    y = np.asarray(y)
    x = np.expand_dims(x, ax)
    n = y.shape[ax]
    pair = np.take(y, np.arange(1, n), axis=ax) + np.take(y, np.arange(n - 1), axis=ax)
    half = x * pair / 2.0                         # d/d(xs[i+1] - xs[i])
    pad = [(0, 0)] * y.ndim
    lo, hi = list(pad), list(pad)
    lo[ax], hi[ax] = (1, 0), (0, 1)
    ct = np.pad(half, lo) - np.pad(half, hi)
    if np.ndim(xs) == 1 and y.ndim > 1:
        return np.sum(ct, axis=tuple(i for i in range(y.ndim) if i != ax))
    return unbroadcast(ct, xs)


def trapezoid_grad_dx(x, y, dx, axis=-1):
    """The transpose of ``np.trapezoid(y, dx=dx, axis=axis)`` in ``dx``."""
    return unbroadcast(x * _trapezoid(y, dx=1.0, axis=axis), dx)


def linspace_cotangent(x, which, num=50, endpoint=True, axis=0, like=None):
    """The transpose of ``np.linspace(start, stop, num, endpoint, axis=axis)`` in
    ``start`` (which=0) or ``stop`` (which=1)."""
    s = np.linspace(0.0, 1.0, num, endpoint=endpoint)
    w = s if which == 1 else 1.0 - s
    nd = np.ndim(x)
    ax = axis % nd if nd else 0
    shape = [1] * nd
    shape[ax] = num
    return unbroadcast(np.sum(x * np.reshape(w, shape), axis=ax), like)


def linspace_part(x, which, num=50, endpoint=True, axis=0):
    """The transpose of ``linspace_cotangent``: ``x`` spread as start (0) or stop (1)."""
    zero = np.zeros_like(x)
    pair = (x, zero) if which == 0 else (zero, x)
    return np.linspace(*pair, num=num, endpoint=endpoint, axis=axis)
