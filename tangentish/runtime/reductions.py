"""Reductions and scans: the transposes of sums, means, extrema, products, order
statistics, cumulative sums and averages."""
import numpy as np

from .backend import (PLAIN, array_sum, as_array, axis_arg, broadcast_like, device_of,
                      float_dtype, foreign_namespace)
from .broadcast import fast_shape, typed_like, unbroadcast

__all__ = [
    "unreduce", "mean_count", "extremum_mask", "extremum_tangent", "prod_cotangent_factor",
    "prod_tangent", "prod_factor_tangent", "weighted_sum", "reverse_cumsum", "diff_transpose",
    "ptp_mask", "nanmean_weights", "order_stat_tangent", "order_stat_cotangent", "full_weights",
    "unfull_weights", "gradient_transpose", "mask_where", "where_count", "running_extremum_tangent",
    "running_extremum_cotangent"
]


def normalize_axis(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int) or np.ndim(axis) == 0:
        axis = (int(axis),)
    return tuple(a % ndim if ndim else 0 for a in axis)


def unreduce(x, like, axis=None, keepdims=False):
    """Spread the cotangent ``x`` of a reduction over ``axis`` back to ``like``'s shape."""
    shape = fast_shape(like)
    if type(like) not in PLAIN or type(x) not in PLAIN:
        xp = foreign_namespace(x, like)
        if xp is not None:
            return _unreduce_xp(xp, x, like, shape, axis, keepdims)
    if axis is None and isinstance(like, np.ndarray) and like.size <= 4096:
        # a small array: filling a new one beats np.broadcast_to's Python-level work
        dtype = np.result_type(typed_like(x, like), like.dtype) if like.dtype.kind in "fc" else \
            np.result_type(x, float)
        return np.full(shape, x, dtype=dtype)
    if not keepdims and axis is not None and shape:   # numpy lets axis=-1 reduce a 0-d value
        x = np.expand_dims(x, normalize_axis(axis, len(shape)))
    return np.broadcast_to(typed_like(x, like), shape)


def _unreduce_xp(xp, x, like, shape, axis, keepdims):
    """``unreduce`` for arrays of another library, through its namespace."""
    x = as_array(xp, x, like)
    if not keepdims and axis is not None and shape:
        x = xp.reshape(x, _kept_shape(x.shape, normalize_axis(axis, len(shape))))
    return broadcast_like(xp, x, shape, like)


def _kept_shape(shape, axes):
    """The shape a reduction over ``axes`` with keepdims=True gives, from the shape
    ``shape`` it gives without."""
    sizes = iter(shape)
    return tuple(1 if k in axes else next(sizes) for k in range(len(shape) + len(axes)))


def mean_count(like, axis=None):
    """Number of elements averaged by ``np.mean(like, axis)`` (a constant)."""
    shape = fast_shape(like)
    count = 1
    for a in normalize_axis(axis, len(shape)):
        count *= shape[a]
    return count


def extremum_mask(a, ans, axis=None, keepdims=False):
    """Where ``a`` attains the max/min ``ans``, divided by the number of ties.

    Ties share the derivative equally (the convention of JAX and TensorFlow's
    reduce_max); the mask is a constant, so max's derivative is linear."""
    if type(a) not in PLAIN:
        xp = foreign_namespace(a, ans)
        if xp is not None:
            return _extremum_mask_xp(xp, a, ans, axis, keepdims)
    a = np.asarray(a)                   # a list held in a variable
    if not keepdims and axis is not None and a.ndim:    # (numpy lets axis=0 reduce a 0-d a)
        ans = np.expand_dims(ans, normalize_axis(axis, a.ndim))
    mask = (a == ans).astype(np.result_type(a, float))
    return mask / np.sum(mask, axis=axis, keepdims=True)


def _extremum_mask_xp(xp, a, ans, axis, keepdims):
    """``extremum_mask`` for arrays of another library, through its namespace."""
    ans = as_array(xp, ans, a)
    if not keepdims and axis is not None and a.ndim:
        ans = xp.reshape(ans, _kept_shape(ans.shape, normalize_axis(axis, a.ndim)))
    mask = xp.astype(a == ans, float_dtype(xp, a))
    return mask / xp.sum(mask, axis=axis_arg(axis), keepdims=True)


def extremum_tangent(x, a, ans, axis=None, keepdims=False):
    """Tangent of ``np.max(a, axis)`` (or min) for the input tangent ``x``."""
    if type(x) not in PLAIN or type(a) not in PLAIN:
        xp = foreign_namespace(x, a)
        if xp is not None:
            lead = a if foreign_namespace(a) is not None else x
            mask = extremum_mask(as_array(xp, a, lead), ans, axis, keepdims)
            return array_sum(as_array(xp, x, lead) * mask, axis=axis, keepdims=keepdims)
    return np.sum(np.asarray(x) * extremum_mask(a, ans, axis, keepdims), axis=axis, keepdims=keepdims)


def prod_cotangent_factor(a, axis=None):
    """d prod(a, axis) / d a, exact when ``a`` holds zeros (no division by a):
    for each element, the product of the *other* elements it was reduced with."""
    a = np.asarray(a)
    axes = normalize_axis(axis, a.ndim)
    if not axes or a.ndim == 0:         # (numpy lets axis=-1 reduce a 0-d a)
        return np.ones_like(a)
    last = tuple(range(a.ndim - len(axes), a.ndim))
    moved = np.moveaxis(a, axes, last)
    flat = moved.reshape(moved.shape[:a.ndim - len(axes)] + (-1,))
    others = _others_product(flat).reshape(moved.shape)
    return np.moveaxis(others, last, axes)


def prod_tangent(x, a, axis=None, keepdims=False):
    """Tangent of ``np.prod(a, axis)`` for the input tangent ``x``."""
    return np.sum(x * prod_cotangent_factor(a, axis), axis=axis, keepdims=keepdims)


def prod_factor_tangent(x, a, axis=None):
    """Directional derivative of ``prod_cotangent_factor(a, axis)`` along ``x``.

    Linear in ``x`` and self-adjoint (it applies the symmetric Hessian of the
    product), computed with exclusive cumulative products of dual numbers."""
    a = np.asarray(a)
    x = np.broadcast_to(x, a.shape)
    axes = normalize_axis(axis, a.ndim)
    if not axes or a.ndim == 0:
        return np.zeros_like(a * x)
    last = tuple(range(a.ndim - len(axes), a.ndim))
    flat_a = np.moveaxis(a, axes, last)
    shape = flat_a.shape
    flat_a = flat_a.reshape(shape[:a.ndim - len(axes)] + (-1,))
    flat_x = np.moveaxis(x, axes, last).reshape(flat_a.shape)
    n = flat_a.shape[-1]
    value_l, tangent_l = np.ones_like(flat_a * 1.0), np.zeros_like(flat_a * flat_x * 1.0)
    value_r, tangent_r = value_l.copy(), tangent_l.copy()
    for k in range(1, n):
        value_l[..., k] = value_l[..., k - 1] * flat_a[..., k - 1]
        tangent_l[..., k] = tangent_l[..., k - 1] * flat_a[..., k - 1] + \
            value_l[..., k - 1] * flat_x[..., k - 1]
        j = n - 1 - k
        value_r[..., j] = value_r[..., j + 1] * flat_a[..., j + 1]
        tangent_r[..., j] = tangent_r[..., j + 1] * flat_a[..., j + 1] + \
            value_r[..., j + 1] * flat_x[..., j + 1]
    out = (tangent_l * value_r + value_l * tangent_r).reshape(shape)
    return np.moveaxis(out, last, axes)


def _others_product(a):
    """Along the last axis: the product of all elements but each one."""
    ones = np.ones_like(a[..., :1])
    left = np.cumprod(np.concatenate([ones, a[..., :-1]], axis=-1), axis=-1)
    right = np.cumprod(np.concatenate([ones, a[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return left * right


def weighted_sum(x, w, axis=None, keepdims=False):
    """``np.sum(x * w, axis, keepdims)``; ``w`` has the full (broadcast) shape."""
    if type(x) not in PLAIN or type(w) not in PLAIN:
        xp = foreign_namespace(x, w)
        if xp is not None:
            x, w = as_array(xp, x, w), as_array(xp, w, x)
            return xp.sum(x * w, axis=axis_arg(axis), keepdims=keepdims)
    return np.sum(x * w, axis=axis, keepdims=keepdims)


def reverse_cumsum(x, like, axis=None):
    """The transpose of ``np.cumsum(like, axis)``: cumulative sums from the end."""
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            return _reverse_cumsum_xp(xp, x, like, axis)
    if axis is None:
        return np.reshape(np.cumsum(x[::-1])[::-1], np.shape(like))
    if np.ndim(like) == 0:       # numpy's cumsum of a 0-d value along axis 0 has shape (1,)
        return np.reshape(x, ())
    flipped = np.flip(x, axis)
    return np.flip(np.cumsum(flipped, axis=axis), axis)


def _reverse_cumsum_xp(xp, x, like, axis):
    """``reverse_cumsum`` through the namespace of another array library."""
    if axis is None:
        flipped = xp.flip(xp.reshape(x, (-1,)))
        return xp.reshape(xp.flip(xp.cumulative_sum(flipped)), fast_shape(like))
    if not fast_shape(like):     # numpy's cumsum of a 0-d value along axis 0 has shape (1,)
        return xp.reshape(x, ())
    return xp.flip(xp.cumulative_sum(xp.flip(x, axis=axis), axis=axis), axis=axis)


def diff_transpose(x, like, n=1, axis=-1):
    """The transpose of ``np.diff(like, n, axis)``."""
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            return _diff_transpose_xp(xp, x, n, axis)
    for _ in range(n):
        pad = [(0, 0)] * np.ndim(x)
        pad[axis] = (1, 1)
        x = -np.diff(np.pad(x, pad), axis=axis)
    return x


def _diff_transpose_xp(xp, x, n, axis):
    """``diff_transpose`` through the namespace of another array library: a zero on each
    side along ``axis``, then minus the differences."""
    for _ in range(n):
        edge = list(x.shape)
        edge[axis] = 1
        zero = xp.zeros(tuple(edge), dtype=x.dtype, device=device_of(x))
        x = -xp.diff(xp.concat([zero, x, zero], axis=axis), axis=axis)
    return x


def ptp_mask(a, axis=None):
    """d ptp(a) / d a: the max mask minus the min mask (ties share equally)."""
    xp = foreign_namespace(a) if type(a) not in PLAIN else None
    hi = (np if xp is None else xp).max(a, axis=axis_arg(axis), keepdims=True)
    lo = (np if xp is None else xp).min(a, axis=axis_arg(axis), keepdims=True)
    return extremum_mask(a, hi, axis, True) - extremum_mask(a, lo, axis, True)


def nanmean_weights(a, axis=None):
    """d nanmean(a) / d a: 1 / (number of non-NaN values) where a is not NaN."""
    if type(a) not in PLAIN:
        xp = foreign_namespace(a)
        if xp is not None:
            keep = xp.astype(xp.logical_not(xp.isnan(a)), float_dtype(xp, a))
            return keep / xp.sum(keep, axis=axis_arg(axis), keepdims=True)
    keep = ~np.isnan(a)
    return keep / np.sum(keep, axis=axis, keepdims=True)


def _axes_last(a, axis):
    """``a`` with the reduced axes moved last and flattened into one: (moved shape, 2-D view)."""
    a = np.asarray(a)
    axes = normalize_axis(axis, a.ndim)
    last = tuple(range(a.ndim - len(axes), a.ndim))
    moved = np.moveaxis(a, axes, last)
    return axes, last, moved.shape, moved.reshape(moved.shape[:a.ndim - len(axes)] + (-1,))


def _order_stat_weights(a, q, axis, method):
    """Weights w (shape q.shape + a.shape) with quantile(a, q, axis) == sum(w * a, axis).

    The quantile interpolates between two order statistics; tied values share
    the weight of their sorted positions equally."""
    a = np.asarray(a)
    q = np.asarray(q, dtype=float)
    axes, last, moved_shape, flat = _axes_last(a, axis)
    n = flat.shape[-1]
    pos = np.asarray(np.quantile(np.arange(n, dtype=float), q, method=method))
    lo = np.clip(np.floor(pos).astype(int), 0, n - 1)
    hi = np.clip(lo + 1, 0, n - 1)
    frac = pos - lo
    order = np.argsort(flat, axis=-1, kind="stable")
    ranked = np.take_along_axis(flat, order, axis=-1)
    out = np.zeros(q.shape + flat.shape)
    for qi in np.ndindex(q.shape):
        wpos = np.zeros(flat.shape)
        wpos[..., lo[qi]] += 1.0 - frac[qi]
        wpos[..., hi[qi]] += frac[qi]
        # share among ties: average the sorted-position weights over runs of equal values
        same = ranked[..., :, None] == ranked[..., None, :]
        wpos = np.sum(same * wpos[..., None, :], axis=-1) / np.sum(same, axis=-1)
        w = np.zeros(flat.shape)
        np.put_along_axis(w, order, wpos, axis=-1)
        out[qi] = w
    out = out.reshape(q.shape + moved_shape)
    nq = q.ndim
    return np.moveaxis(out, [nq + i for i in last], [nq + i for i in axes])


def _q_reduce_axes(q_ndim, axis, ndim):
    return tuple(q_ndim + a for a in normalize_axis(axis, ndim))


def order_stat_tangent(x, a, q, axis=None, keepdims=False, method="linear"):
    """Tangent of ``np.quantile(a, q, axis, method=method, keepdims=keepdims)`` for ``x``."""
    w = _order_stat_weights(a, q, axis, method)
    axes = _q_reduce_axes(np.ndim(q), axis, np.ndim(a))
    return np.sum(w * x, axis=axes, keepdims=keepdims)


def order_stat_cotangent(x, a, q, axis=None, keepdims=False, method="linear"):
    """The transpose of ``order_stat_tangent``: spread ``x`` onto the selected elements."""
    w = _order_stat_weights(a, q, axis, method)
    axes = _q_reduce_axes(np.ndim(q), axis, np.ndim(a))
    if not keepdims:
        x = np.expand_dims(x, axes)
    return np.sum(w * x, axis=tuple(range(np.ndim(q))))


def full_weights(w, a, axis=None):
    """The weights of ``np.average(a, axis, weights=w)`` at ``a``'s full shape
    (ones for ``w=None``; 1-D weights lie along ``axis``)."""
    shape = fast_shape(a)
    if type(w) not in PLAIN or type(a) not in PLAIN:
        xp = foreign_namespace(w, a)
        if xp is not None:
            return _full_weights_xp(xp, w, a, shape, axis)
    if w is None:
        return np.ones(shape)
    if np.shape(w) != shape and np.ndim(w) == 1 and axis is not None:
        ax = normalize_axis(axis, len(shape))[0]
        w = np.reshape(w, [-1 if i == ax else 1 for i in range(len(shape))])
    return np.broadcast_to(w, shape)


def _full_weights_xp(xp, w, a, shape, axis):
    """``full_weights`` for arrays of another library: broadcast, never materialised."""
    lead = a if foreign_namespace(a) is not None else w
    if w is None:
        w = xp.ones((), dtype=xp.float64, device=device_of(lead))
    w = as_array(xp, w, lead)
    if tuple(w.shape) != shape and w.ndim == 1 and axis is not None:
        ax = normalize_axis(axis, len(shape))[0]
        w = xp.reshape(w, tuple(-1 if i == ax else 1 for i in range(len(shape))))
    return broadcast_like(xp, w, shape, a)


def unfull_weights(x, w, a, axis=None):
    """The transpose of ``full_weights`` in ``w``."""
    shape = np.shape(a)
    if np.shape(w) != shape and np.ndim(w) == 1 and axis is not None:
        ax = normalize_axis(axis, len(shape))[0]
        return array_sum(x, axis=tuple(i for i in range(len(shape)) if i != ax))
    return unbroadcast(x, w)


def _gradient_axes(f, axis):
    n = np.ndim(f)
    if axis is None:
        return list(range(n))
    axes = [axis] if np.ndim(axis) == 0 else list(axis)
    return [a + n if a < 0 else a for a in axes]


def _gradient_transpose_1(x, ax, edge_order):
    """D^T x along ``ax``, D: np.gradient with unit spacing along that axis."""
    x = np.moveaxis(np.asarray(x), ax, -1)
    out = np.zeros(x.shape, dtype=np.result_type(x, float))
    # interior rows i: (f[i+1] - f[i-1]) / 2
    out[..., :-2] -= x[..., 1:-1] / 2
    out[..., 2:] += x[..., 1:-1] / 2
    first, last = x[..., 0], x[..., -1]
    if edge_order == 1:          # f[1] - f[0], f[-1] - f[-2]
        out[..., 0] -= first
        out[..., 1] += first
        out[..., -2] -= last
        out[..., -1] += last
    elif edge_order == 2:        # (-3 f[0] + 4 f[1] - f[2]) / 2, (3 f[-1] - 4 f[-2] + f[-3]) / 2
        out[..., 0] -= 1.5 * first
        out[..., 1] += 2.0 * first
        out[..., 2] -= 0.5 * first
        out[..., -1] += 1.5 * last
        out[..., -2] -= 2.0 * last
        out[..., -3] += 0.5 * last
    else:
        raise ValueError("np.gradient: edge_order must be 1 or 2")
    return np.moveaxis(out, -1, ax)


def gradient_transpose(x, f, axis=None, edge_order=1):
    """The transpose of ``np.gradient(f, axis=axis, edge_order=edge_order)`` (unit spacing):
    ``x`` is the cotangent of its result, one array or (several axes) a sequence of them,
    entries of a cotangent that none reached may be 0."""
    axes = _gradient_axes(f, axis)
    parts = [x] if len(axes) == 1 else list(x)
    if len(parts) != len(axes):
        raise ValueError("np.gradient: the cotangent does not match the result")
    out = np.zeros(np.shape(f), dtype=np.result_type(float, *[np.asarray(p).dtype for p in parts]))
    for ax, p in zip(axes, parts):
        if p is None or (np.ndim(p) == 0 and np.ndim(f) > 0 and p == 0):
            continue
        out = out + _gradient_transpose_1(np.broadcast_to(p, np.shape(f)), ax, edge_order)
    return out


def mask_where(x, where):
    """``x`` with zeros where the mask ``where`` (of ``np.sum(..., where=)``) is False;
    ``x`` itself for the default ``where=True``."""
    if where is True:
        return x
    if type(x) not in PLAIN or type(where) not in PLAIN:
        xp = foreign_namespace(x, where)
        if xp is not None:
            lead = x if foreign_namespace(x) is not None else where
            x, where = as_array(xp, x, lead), as_array(xp, where, lead)
            dtype = float_dtype(xp, x)
            return xp.where(where, xp.astype(x, dtype), xp.zeros((), dtype=dtype))
    return np.where(where, x, np.zeros((), dtype=np.result_type(x, float)))


def where_count(like, axis=None, keepdims=False, where=True):
    """Number of elements averaged by ``np.mean(like, axis, keepdims=keepdims, where=where)``,
    per output element (a constant)."""
    if where is True:
        return mean_count(like, axis)
    if type(where) not in PLAIN or type(like) not in PLAIN:
        xp = foreign_namespace(where, like)
        if xp is not None:
            where = xp.astype(as_array(xp, where, like), xp.int64)
            return xp.sum(broadcast_like(xp, where, fast_shape(like), like), axis=axis_arg(axis),
                          keepdims=keepdims)
    return np.sum(np.broadcast_to(where, fast_shape(like)), axis=axis, keepdims=keepdims)


def _running_weights(a, ans, axis):
    """W[..., i, j] (a, ans moved so ``axis`` is last): 1 / ties where a[i] attains the
    running extremum ans[j] with i <= j, else 0 (ties share, as np.max)."""
    a = np.moveaxis(np.asarray(a), axis, -1)
    ans = np.moveaxis(np.asarray(ans), axis, -1)
    n = a.shape[-1]
    upto = np.tril(np.ones((n, n), dtype=bool)).T          # [i, j]: i <= j
    w = (a[..., :, None] == ans[..., None, :]) & upto
    w = w.astype(np.result_type(a, float))
    return w / np.sum(w, axis=-2, keepdims=True)


def running_extremum_tangent(x, a, ans, axis=0):
    """Tangent of ``np.maximum.accumulate(a, axis)`` (or minimum) for the tangent ``x``."""
    w = _running_weights(a, ans, axis)
    x = np.moveaxis(np.broadcast_to(x, np.shape(a)), axis, -1)
    return np.moveaxis(np.einsum("...i,...ij->...j", x, w), -1, axis)


def running_extremum_cotangent(x, a, ans, axis=0):
    """The transpose of running_extremum_tangent in ``x``."""
    w = _running_weights(a, ans, axis)
    x = np.moveaxis(np.broadcast_to(x, np.shape(ans)), axis, -1)
    return np.moveaxis(np.einsum("...j,...ij->...i", x, w), -1, axis)
