"""Shape and layout: the transposes of transposes, dtype casts, repeats, tiles, pads,
diagonals and traces."""
import numpy as np

from .backend import (PLAIN, as_array, broadcast_like, device_of, float_dtype, foreign_namespace,
                      is_inexact_dtype, known_shape, xp_dtype)
from .containers import zero_derivative

__all__ = [
    "inverse_axes", "untranspose", "astype", "astype_tangent", "astype_cotangent", "unrepeat", "untile", "unpad",
    "pad_fill", "pad_border_sum", "undiag", "undiagonal", "untrace", "unrollaxis", "append_part",
    "append_part_transpose", "item_of", "unitem"
]


def inverse_axes(axes, ndim):
    if axes is None:
        return None
    return tuple(np.argsort([a % ndim for a in axes]))


def untranspose(x, axes=None):
    """The transpose of ``np.transpose(., axes)``."""
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            inverse = inverse_axes(axes, x.ndim)
            return xp.permute_dims(x, tuple(range(x.ndim))[::-1] if inverse is None else inverse)
    return np.transpose(x, inverse_axes(axes, np.ndim(x)))


def astype(x, dtype):
    """``x.astype(dtype)``; a cast to an integer or boolean type has no derivative."""
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            return xp.astype(x, xp_dtype(xp, dtype))
    return np.asarray(x).astype(dtype)


def astype_tangent(t, like, dtype):
    """The tangent of ``like.astype(dtype)`` for the tangent ``t`` of ``like``: cast as
    the value is, zero (of ``like``'s shape, as floats) through integer casts."""
    if type(t) not in PLAIN or type(like) not in PLAIN:
        xp = foreign_namespace(t, like)
        if xp is not None:
            return _astype_tangent_xp(xp, t, like, xp_dtype(xp, dtype))
    if np.dtype(dtype).kind not in "fc":
        return np.zeros(np.shape(like))
    return np.asarray(t).astype(dtype)


def astype_cotangent(g, like, dtype):
    """The transpose of ``astype``: back to ``like``'s type, zero through integer casts."""
    if type(g) not in PLAIN or type(like) not in PLAIN:
        xp = foreign_namespace(g, like)
        if xp is not None:
            return _astype_cotangent_xp(xp, g, like, xp_dtype(xp, dtype))
    if np.dtype(dtype).kind not in "fc":
        return zero_derivative(like)
    g = np.asarray(g)
    if np.dtype(dtype).kind == "f" and g.dtype.kind == "c":
        g = g.real      # a cast to a real type drops the imaginary part: project back
    return g.astype(np.result_type(like, float))


def _astype_tangent_xp(xp, t, like, dtype):
    """``astype_tangent`` through the namespace of another array library."""
    if not is_inexact_dtype(xp, dtype):     # zeros of like's shape: one zero, broadcast
        lead = like if foreign_namespace(like) is not None else t
        zero = xp.zeros((), dtype=xp.float64, device=device_of(lead))
        return broadcast_like(xp, zero, known_shape(like), like)
    return xp.astype(as_array(xp, t, like), dtype)


def _astype_cotangent_xp(xp, g, like, dtype):
    """``astype_cotangent`` through the namespace of another array library."""
    if not is_inexact_dtype(xp, dtype):
        return zero_derivative(like)
    g = as_array(xp, g, like)
    if xp.isdtype(dtype, "real floating") and xp.isdtype(g.dtype, "complex floating"):
        g = xp.real(g)  # a cast to a real type drops the imaginary part: project back
    return xp.astype(g, float_dtype(xp, like))


def unrepeat(x, like, repeats, axis=None):
    """The transpose of ``np.repeat(like, repeats, axis)``: sum each run of copies."""
    if axis is None:
        n = np.size(like)
        owner = np.repeat(np.arange(n), repeats)
        out = np.zeros(n, dtype=np.result_type(x, float))
        np.add.at(out, owner, x)
        return np.reshape(out, np.shape(like))
    ax = axis % np.ndim(like)
    n = np.shape(like)[ax]
    owner = np.repeat(np.arange(n), repeats)
    moved = np.moveaxis(x, ax, 0)
    out = np.zeros((n,) + moved.shape[1:], dtype=np.result_type(x, float))
    np.add.at(out, owner, moved)
    return np.moveaxis(out, 0, ax)


def untile(x, like, reps):
    """The transpose of ``np.tile(like, reps)``: sum the tiles."""
    reps = (reps,) if np.ndim(reps) == 0 else tuple(reps)
    shape = np.shape(like)
    d = max(len(shape), len(reps))
    shape_p = (1,) * (d - len(shape)) + tuple(shape)
    reps_p = (1,) * (d - len(reps)) + reps
    inter = []
    for r, s in zip(reps_p, shape_p):
        inter += [r, s]
    summed = np.sum(np.reshape(x, inter), axis=tuple(range(0, 2 * d, 2)))
    return np.reshape(summed, shape)


_INDEX_PAD_MODES = ("constant", "edge", "reflect", "symmetric", "wrap")


def unpad(x, like, pad_width, mode="constant"):
    """The transpose of ``np.pad(like, pad_width, mode)`` in the array: each output
    element's cotangent goes back to the input element it was copied from."""
    if mode not in _INDEX_PAD_MODES:
        raise NotImplementedError(f"the derivative of np.pad is implemented for modes "
                                  f"{', '.join(_INDEX_PAD_MODES)}, not {mode!r}")
    shape = np.shape(like)
    n = int(np.prod(shape))
    source = np.arange(n).reshape(shape)
    extra = {"constant_values": -1} if mode == "constant" else {}
    source = np.pad(source, pad_width, mode, **extra)
    keep = source >= 0
    x = np.asarray(x)
    out = np.zeros(n, dtype=np.result_type(x, float))
    np.add.at(out, source[keep], x[keep])
    return out.reshape(shape)


def pad_fill(x, like, pad_width):
    """``np.pad(zero_derivative(like), pad_width, constant_values=x)`` for a scalar ``x``."""
    return np.pad(np.zeros(np.shape(like), dtype=np.result_type(x, float)), pad_width,
                  constant_values=x)


def pad_border_sum(x, like, pad_width):
    """The transpose of ``np.pad(zero_derivative(like), pad_width, constant_values=c)`` in a
    scalar ``c``: the sum of ``x`` over the padding."""
    source = np.pad(np.zeros(np.shape(like), dtype=bool), pad_width, constant_values=True)
    return np.sum(np.where(source, x, 0.0))


def undiag(x, v, k=0):
    """The transpose of ``np.diag(v, k)``."""
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            return _undiag_xp(xp, x, known_shape(v), k)
    if np.ndim(v) == 1:
        return np.diag(x, k)
    out = np.zeros(np.shape(v), dtype=np.result_type(x, float))
    i = np.arange(np.size(x)) + max(-k, 0)
    out[i, i + k] = x
    return out


def undiagonal(x, like, offset=0, axis1=0, axis2=1):
    """The transpose of ``np.diagonal(like, offset, axis1, axis2)``: ``x`` on that diagonal."""
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            return _undiagonal_xp(xp, x, known_shape(like), offset, axis1, axis2)
    nd = np.ndim(like)
    a1, a2 = axis1 % nd, axis2 % nd
    out = np.zeros(np.shape(like), dtype=np.result_type(x, float))
    moved = np.moveaxis(out, (a1, a2), (-2, -1))   # a view: writing it fills out
    m = np.shape(x)[-1]
    i = np.arange(m) + max(-offset, 0)
    moved[..., i, i + offset] = x
    return out


def untrace(x, like, offset=0, axis1=0, axis2=1):
    """The transpose of ``np.trace(like, offset, axis1, axis2)``."""
    if type(x) not in PLAIN or type(like) not in PLAIN:
        xp = foreign_namespace(x, like)
        if xp is not None:
            shape = known_shape(like)
            nd = len(shape)
            m = _diagonal_length(shape[axis1 % nd], shape[axis2 % nd], offset)
            x = as_array(xp, x, like)
            x = xp.broadcast_to(xp.expand_dims(x, axis=-1), tuple(x.shape) + (m,))
            return _undiagonal_xp(xp, x, shape, offset, axis1, axis2)
    m = np.shape(np.diagonal(np.empty(np.shape(like), dtype=bool), offset, axis1, axis2))[-1]
    x = np.broadcast_to(np.expand_dims(x, -1), np.shape(x) + (m,))
    return undiagonal(x, like, offset, axis1, axis2)


def _diagonal_length(n, m, offset):
    """The length of the diagonal ``offset`` of an n x m matrix."""
    return max(0, min(n, m - offset) if offset >= 0 else min(n + offset, m))


def _on_diagonal_xp(xp, x, n, m, offset):
    """Zeros of shape ``x.shape[:-1] + (n, m)`` with ``x[..., d]`` on the diagonal
    ``offset`` (its d-th element), built by ``where`` (no writes at array indices)."""
    dtype = float_dtype(xp, x)
    x = xp.astype(x, dtype)
    device = device_of(x)
    rows = xp.arange(n, device=device)[:, None]
    cols = xp.arange(m, device=device)[None, :]
    along = n if offset >= 0 else m    # the diagonal's d-th element is in row (column) d
    pad = xp.zeros(tuple(x.shape[:-1]) + (along - x.shape[-1],), dtype=dtype, device=device)
    x = xp.concat([x, pad], axis=-1)
    x = x[..., :, None] if offset >= 0 else x[..., None, :]
    return xp.where(cols - rows == offset, x, xp.zeros((), dtype=dtype, device=device))


def _undiag_xp(xp, x, shape, k):
    """``undiag`` of an array of another library: the diagonal ``k`` of ``x`` (``v`` was
    a vector), or ``x`` on it (``v`` was a matrix)."""
    if len(shape) == 2:
        return _on_diagonal_xp(xp, x, shape[0], shape[1], k)
    n, m = x.shape
    rows = xp.arange(n, device=device_of(x))[:, None]
    cols = xp.arange(m, device=device_of(x))[None, :]
    on = xp.where(cols - rows == k, x, xp.zeros((), dtype=x.dtype, device=device_of(x)))
    size = _diagonal_length(n, m, k)
    return xp.sum(on, axis=1)[:size] if k >= 0 else xp.sum(on, axis=0)[:size]


def _undiagonal_xp(xp, x, shape, offset, axis1, axis2):
    """``undiagonal`` of an array of another library: ``x`` on the diagonal of the axes
    moved last, then moved back."""
    nd = len(shape)
    a1, a2 = axis1 % nd, axis2 % nd
    out = _on_diagonal_xp(xp, x, shape[a1], shape[a2], offset)
    return xp.moveaxis(out, (-2, -1), (a1, a2))


def unrollaxis(x, axis, start=0):
    """The transpose of ``np.rollaxis(a, axis, start)`` (``x`` shaped like its result):
    the inverse permutation of the axes (numpy's own rule for where the axis lands)."""
    n = np.ndim(x)
    axis = axis + n if axis < 0 else axis
    if not 0 <= axis < n:
        raise np.exceptions.AxisError(axis, n)
    start = start + n if start < 0 else start
    if axis < start:
        start -= 1
    axes = [k for k in range(n) if k != axis]
    axes.insert(start, axis)
    return np.transpose(x, np.argsort(axes))


def append_part(x, arr, values, axis=None, which=0):
    """The transpose of ``np.append(arr, values, axis)`` for ``arr`` (which=0) or ``values``
    (which=1): its part of the cotangent ``x``, shaped like it."""
    x = np.asarray(x)
    if axis is None:
        flat, n = np.ravel(x), np.size(arr)
        part = flat[:n] if which == 0 else flat[n:]
        return np.reshape(part, np.shape(arr if which == 0 else values))
    n = np.shape(arr)[axis]
    first, second = np.split(x, [n], axis=axis)
    return first if which == 0 else second


def append_part_transpose(x, arr, values, axis=None, which=0):
    """The transpose of ``append_part``: ``x`` in its place, zeros in the other part."""
    if which == 0:
        return np.append(x, np.zeros(np.shape(values), dtype=np.result_type(x, float)), axis)
    return np.append(np.zeros(np.shape(arr), dtype=np.result_type(x, float)), x, axis)


def item_of(a):
    """``a.item()`` (no arguments) of an array or numpy scalar of one element; a Python
    number is itself (a cotangent of ``unitem`` arrives as one in a derivative taken
    again)."""
    if isinstance(a, (int, float, complex)):
        return a
    return a.item()


def unitem(x, like):
    """The transpose of ``item_of``: ``x`` shaped like ``like`` (one element)."""
    if isinstance(like, (np.ndarray, np.generic)):
        return np.reshape(np.asarray(x, dtype=np.result_type(x, like, float)), np.shape(like))
    return x
