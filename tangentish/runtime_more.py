"""More helpers that generated code calls (see runtime.py for the conventions).

Each helper is a primitive with a rule of its own (rules/numpy_helpers.py), so
generated code can be differentiated again.  Most come in transpose pairs:
``reverse_cumsum`` is the transpose of ``np.cumsum``, ``untile`` of
``np.tile``...  Helpers named ``*_tangent`` / ``*_cotangent`` are the two
directions of one linear map (a derivative of a matrix decomposition, say).

Tangents and cotangents of tuple and list results (``np.linalg.eigh``,
``np.split``) are runtime.TupleCotangent / ListCotangent, which add entrywise.
"""
import numpy as np

try:
    from numpy._core.einsumfunc import _parse_einsum_input
except ImportError:   # numpy < 2
    from numpy.core.einsumfunc import _parse_einsum_input

from .runtime import ListCotangent, TupleCotangent, _normalize_axis, unbroadcast


def unsupported_higher_order_derivative(x):
    """Stands for a derivative these rules do not write out (a decomposition's second
    derivative): reverse mode refuses it at transform time (it has no rule), forward
    mode raises here."""
    raise NotImplementedError("this derivative is implemented to first order only "
                              "(see docs/COVERAGE.md)")


# -- containers -------------------------------------------------------------------------------
def _zero_like(item):
    return np.zeros(np.shape(item), dtype=np.result_type(np.asarray(item).dtype, float))


def _items(g, like):
    """The entries of a container cotangent ``g``; None or a scalar 0 means zeros."""
    if g is None or (not isinstance(g, (tuple, list)) and np.ndim(g) == 0 and g == 0):
        return [_zero_like(item) for item in like]
    return [_zero_like(item) if gi is None else gi for gi, item in zip(g, like)]


def angle_unit(deg=False):
    """The unit of ``np.angle(z, deg)``: 1 (radians) or 180 / pi (degrees)."""
    return 180.0 / np.pi if deg else 1.0


def default_ones(b):
    """``b``, or 1.0 for ``b=None`` (an optional scale factor)."""
    return 1.0 if b is None else b


def match_complex(x, like):
    """``x`` as a cotangent for ``like``: its real part when ``like`` is real."""
    if np.iscomplexobj(like) or not np.iscomplexobj(x):
        return x
    return np.real(x)


# -- reductions and scans -----------------------------------------------------------------------
def weighted_sum(x, w, axis=None, keepdims=False):
    """``np.sum(x * w, axis, keepdims)``; ``w`` has the full (broadcast) shape."""
    return np.sum(x * w, axis=axis, keepdims=keepdims)


def reverse_cumsum(x, like, axis=None):
    """The transpose of ``np.cumsum(like, axis)``: cumulative sums from the end."""
    if axis is None:
        return np.reshape(np.cumsum(x[::-1])[::-1], np.shape(like))
    flipped = np.flip(x, axis)
    return np.flip(np.cumsum(flipped, axis=axis), axis)


def diff_transpose(x, like, n=1, axis=-1):
    """The transpose of ``np.diff(like, n, axis)``."""
    for _ in range(n):
        pad = [(0, 0)] * np.ndim(x)
        pad[axis] = (1, 1)
        x = -np.diff(np.pad(x, pad), axis=axis)
    return x


def ptp_mask(a, axis=None):
    """d ptp(a) / d a: the max mask minus the min mask (ties share equally)."""
    from .runtime import extremum_mask
    hi = np.max(a, axis=axis, keepdims=True)
    lo = np.min(a, axis=axis, keepdims=True)
    return extremum_mask(a, hi, axis, True) - extremum_mask(a, lo, axis, True)


def nanmean_weights(a, axis=None):
    """d nanmean(a) / d a: 1 / (number of non-NaN values) where a is not NaN."""
    keep = ~np.isnan(a)
    return keep / np.sum(keep, axis=axis, keepdims=True)


def _axes_last(a, axis):
    """``a`` with the reduced axes moved last and flattened into one: (moved shape, 2-D view)."""
    a = np.asarray(a)
    axes = _normalize_axis(axis, a.ndim)
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
    return tuple(q_ndim + a for a in _normalize_axis(axis, ndim))


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
    shape = np.shape(a)
    if w is None:
        return np.ones(shape)
    if np.shape(w) != shape and np.ndim(w) == 1 and axis is not None:
        ax = _normalize_axis(axis, len(shape))[0]
        w = np.reshape(w, [-1 if i == ax else 1 for i in range(len(shape))])
    return np.broadcast_to(w, shape)


def unfull_weights(x, w, a, axis=None):
    """The transpose of ``full_weights`` in ``w``."""
    shape = np.shape(a)
    if np.shape(w) != shape and np.ndim(w) == 1 and axis is not None:
        ax = _normalize_axis(axis, len(shape))[0]
        return np.sum(x, axis=tuple(i for i in range(len(shape)) if i != ax))
    return unbroadcast(x, w)


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


def trapezoid_ct_y(x, y, xs=None, dx=1.0, axis=-1):
    """The transpose of ``np.trapezoid(y, xs, dx, axis)`` in ``y``."""
    x = np.expand_dims(x, axis % np.ndim(y))
    return np.broadcast_to(x * _trapezoid_widths(xs, dx, y, axis), np.shape(y))


def trapezoid_ct_x(x, y, xs, axis=-1):
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


def trapezoid_ct_dx(x, y, dx, axis=-1):
    """The transpose of ``np.trapezoid(y, dx=dx, axis=axis)`` in ``dx``."""
    return unbroadcast(x * _trapezoid(y, dx=1.0, axis=axis), dx)


# -- joining and splitting ----------------------------------------------------------------------
def _joined(arrays, kind):
    """(promoted arrays, axis) of np.hstack / vstack / dstack / column_stack."""
    if kind == "hstack":
        parts = [np.atleast_1d(a) for a in arrays]
        return parts, 0 if parts[0].ndim == 1 else 1
    if kind == "vstack":
        return [np.atleast_2d(a) for a in arrays], 0
    if kind == "dstack":
        return [np.atleast_3d(a) for a in arrays], 2
    if kind == "column_stack":
        return [np.reshape(a, (-1, 1)) if np.ndim(a) < 2 else np.asarray(a) for a in arrays], 1
    raise ValueError(kind)


def joined_part(x, arrays, k, kind):
    """The part of ``x`` that came from ``arrays[k]`` in ``np.<kind>(arrays)``."""
    parts, axis = _joined(arrays, kind)
    start = sum(np.shape(p)[axis] for p in parts[:k])
    index = [slice(None)] * np.ndim(x)
    index[axis] = slice(start, start + np.shape(parts[k])[axis])
    return np.reshape(x[tuple(index)], np.shape(arrays[k]))


def joined_part_transpose(x, arrays, k, kind):
    """The transpose of ``joined_part``: ``x`` placed at part ``k``, zeros elsewhere."""
    parts, axis = _joined(arrays, kind)
    pieces = [np.zeros(np.shape(p), dtype=np.result_type(x, float)) for p in parts]
    pieces[k] = np.reshape(x, np.shape(parts[k]))
    return np.concatenate(pieces, axis=axis)


_SPLIT_AXIS = {"split": None, "hsplit": "h", "vsplit": 0, "dsplit": 2}


def split_transpose(x, ary, axis=0, kind="split"):
    """The transpose of ``np.split`` and its variants: join the parts' cotangents.

    ``x`` is the cotangent of the list of parts (missing parts count as zeros)."""
    if kind == "hsplit":
        axis = 0 if np.ndim(ary) == 1 else 1
    elif kind == "vsplit":
        axis = 0
    elif kind == "dsplit":
        axis = 2
    return np.concatenate([np.asarray(p) for p in x], axis=axis)


def split_like(x, parts, axis=0, kind="split"):
    """The transpose of ``split_transpose``: ``x`` cut into pieces shaped like ``parts``."""
    if kind == "hsplit":
        axis = 0 if np.ndim(x) == 1 else 1
    elif kind == "vsplit":
        axis = 0
    elif kind == "dsplit":
        axis = 2
    sizes = [np.shape(p)[axis] for p in parts]
    return ListCotangent(np.split(x, np.cumsum(sizes)[:-1], axis=axis))


# -- shape --------------------------------------------------------------------------------------
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
    """``np.pad(zeros_like(like), pad_width, constant_values=x)`` for a scalar ``x``."""
    return np.pad(np.zeros(np.shape(like), dtype=np.result_type(x, float)), pad_width,
                  constant_values=x)


def pad_border_sum(x, like, pad_width):
    """The transpose of ``np.pad(zeros_like(like), pad_width, constant_values=c)`` in a
    scalar ``c``: the sum of ``x`` over the padding."""
    source = np.pad(np.zeros(np.shape(like), dtype=bool), pad_width, constant_values=True)
    return np.sum(np.where(source, x, 0.0))


def undiag(x, v, k=0):
    """The transpose of ``np.diag(v, k)``."""
    if np.ndim(v) == 1:
        return np.diag(x, k)
    out = np.zeros(np.shape(v), dtype=np.result_type(x, float))
    i = np.arange(np.size(x)) + max(-k, 0)
    out[i, i + k] = x
    return out


def undiagonal(x, like, offset=0, axis1=0, axis2=1):
    """The transpose of ``np.diagonal(like, offset, axis1, axis2)``: ``x`` on that diagonal."""
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
    m = np.shape(np.diagonal(np.empty(np.shape(like), dtype=bool), offset, axis1, axis2))[-1]
    x = np.broadcast_to(np.expand_dims(x, -1), np.shape(x) + (m,))
    return undiagonal(x, like, offset, axis1, axis2)


def untake(x, like, indices, axis=None):
    """The transpose of ``np.take(like, indices, axis)``: scatter-add (repeats accumulate)."""
    if axis is None:
        out = np.zeros(np.size(like), dtype=np.result_type(x, float))
        np.add.at(out, np.ravel(indices), np.ravel(x))
        return np.reshape(out, np.shape(like))
    ax = axis % np.ndim(like)
    out = np.zeros(np.shape(like), dtype=np.result_type(x, float))
    idx = np.asarray(indices)
    moved_out = np.moveaxis(out, ax, 0)
    moved_x = np.moveaxis(np.asarray(x), list(range(ax, ax + idx.ndim)), list(range(idx.ndim)))
    np.add.at(moved_out, idx, moved_x)
    return out


def untake_along_axis(x, like, indices, axis):
    """The transpose of ``np.take_along_axis(like, indices, axis)``."""
    if axis is None:
        out = np.zeros(np.size(like), dtype=np.result_type(x, float))
        np.add.at(out, np.ravel(indices), np.ravel(x))
        return np.reshape(out, np.shape(like))
    nd = np.ndim(like)
    ax = axis % nd
    indices = np.broadcast_to(indices, np.shape(x))
    grids = np.ogrid[tuple(slice(n) for n in np.shape(x))]
    index = tuple(indices if i == ax else grids[i] for i in range(nd))
    out = np.zeros(np.shape(like), dtype=np.result_type(x, float))
    np.add.at(out, index, x)
    return out


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


# -- products -----------------------------------------------------------------------------------
def _mT(x):
    return np.swapaxes(x, -1, -2)


def sandwich(x, left, right):
    """``left @ x @ right`` (stacks of matrices)."""
    return np.matmul(np.matmul(left, x), right)


def inner_ct_a(x, b, like):
    """Cotangent of ``a`` in ``np.inner(a, b)``."""
    if np.ndim(like) == 0 or np.ndim(b) == 0:
        return unbroadcast(np.sum(x * b) if np.ndim(like) == 0 else x * b, like)
    na, nb = np.ndim(like) - 1, np.ndim(b) - 1
    return np.tensordot(x, b, axes=(list(range(na, na + nb)), list(range(nb))))


def inner_ct_b(x, a, like):
    """Cotangent of ``b`` in ``np.inner(a, b)``."""
    if np.ndim(like) == 0 or np.ndim(a) == 0:
        return unbroadcast(np.sum(x * a) if np.ndim(like) == 0 else x * a, like)
    na = np.ndim(a) - 1
    return np.tensordot(x, a, axes=(list(range(na)), list(range(na))))


def _tensordot_axes(axes, nda, ndb):
    if np.ndim(axes) == 0:
        n = int(axes)
        return list(range(nda - n, nda)), list(range(n))
    a_axes, b_axes = axes
    a_axes = [a_axes] if np.ndim(a_axes) == 0 else list(a_axes)
    b_axes = [b_axes] if np.ndim(b_axes) == 0 else list(b_axes)
    return [i % nda for i in a_axes], [i % ndb for i in b_axes]


def tensordot_ct_a(x, b, like, axes=2):
    """Cotangent of ``a`` in ``np.tensordot(a, b, axes)``."""
    nda, ndb = np.ndim(like), np.ndim(b)
    a_axes, b_axes = _tensordot_axes(axes, nda, ndb)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    # x has axes a_free + b_free; contract its b_free part with b's free axes.
    out = np.tensordot(x, b, axes=(list(range(len(a_free), len(a_free) + len(b_free))), b_free))
    # out axes: a_free + (b's contracted axes, in b's order) -> permute into a's order
    current = a_free + [a_axes[b_axes.index(j)] for j in sorted(b_axes)]
    return np.transpose(out, np.argsort(current))


def tensordot_ct_b(x, a, like, axes=2):
    """Cotangent of ``b`` in ``np.tensordot(a, b, axes)``."""
    nda, ndb = np.ndim(a), np.ndim(like)
    a_axes, b_axes = _tensordot_axes(axes, nda, ndb)
    a_free = [i for i in range(nda) if i not in a_axes]
    out = np.tensordot(a, x, axes=(a_free, list(range(len(a_free)))))
    # out axes: (a's contracted axes, in a's order) + b_free
    b_free = [i for i in range(ndb) if i not in b_axes]
    current = [b_axes[a_axes.index(j)] for j in sorted(a_axes)] + b_free
    return np.transpose(out, np.argsort(current))


def _strip(args):
    args = list(args)
    while args and args[-1] is None:
        args.pop()
    return args


def einsum_tangent(x, i, args, optimize=False):
    """``np.einsum(*args)`` with argument ``i`` replaced by ``x``."""
    args = _strip(args)
    args[i] = x
    return np.einsum(*args, optimize=optimize)


def einsum_cotangent(x, i, args, optimize=False):
    """The transpose of ``einsum_tangent`` in ``x``: the cotangent of einsum's argument ``i``
    (string or sublist form; repeated indices, summed-out indices, broadcasting)."""
    args = _strip(args)
    in_subs, out_sub, ops = _parse_einsum_input(args)
    op = i - 1 if isinstance(args[0], str) else i // 2
    subs = in_subs.split(",")
    wrt, like = subs[op], args[i]
    others = [(s, o) for j, (s, o) in enumerate(zip(subs, ops)) if j != op]
    named = set(out_sub).union(*[set(s) for s, _ in others])
    target = "".join(dict.fromkeys(wrt))
    sizes = dict(zip(wrt, np.shape(like)))
    for s, o in others:
        for c, n in zip(s, np.shape(o)):
            if c in sizes and sizes[c] == 1:
                sizes[c] = n
    naked = "".join(c for c in target if c not in named)
    terms, operands = [out_sub] + [s for s, _ in others], [x] + [o for _, o in others]
    if naked:
        terms.append(naked)
        operands.append(np.ones([sizes[c] for c in naked]))
    r = np.einsum(",".join(terms) + "->" + target, *operands, optimize=optimize)
    if len(target) < len(wrt):               # repeated indices: the diagonal
        out = np.zeros([sizes[c] for c in wrt], dtype=r.dtype)
        grids = np.indices(r.shape, sparse=True)
        out[tuple(grids[target.index(c)] for c in wrt)] = r
        r = out
    return unbroadcast(r, like)


def kron_ct_a(x, b, like):
    """Cotangent of ``a`` in ``np.kron(a, b)``."""
    return _kron_ct(x, like, b, first=True)


def kron_ct_b(x, a, like):
    """Cotangent of ``b`` in ``np.kron(a, b)``."""
    return _kron_ct(x, a, like, first=False)


def _kron_ct(x, a, b, first):
    sa, sb = np.shape(a), np.shape(b)
    d = max(len(sa), len(sb))
    sa_p = (1,) * (d - len(sa)) + tuple(sa)
    sb_p = (1,) * (d - len(sb)) + tuple(sb)
    inter = []
    for m, n in zip(sa_p, sb_p):
        inter += [m, n]
    xr = np.reshape(x, inter)                       # axes a0, b0, a1, b1, ...
    a_ax, b_ax = list(range(0, 2 * d, 2)), list(range(1, 2 * d, 2))
    if first:
        bb = np.reshape(b, sb_p)
        out = np.tensordot(xr, bb, axes=(b_ax, list(range(d))))
        return np.reshape(out, sa)
    aa = np.reshape(a, sa_p)
    out = np.tensordot(xr, aa, axes=(a_ax, list(range(d))))
    return np.reshape(out, sb)


def conv_full_cotangent(x, a, v, mode="full"):
    """``x``, the cotangent of ``np.convolve(a, v, mode)``, placed in the full-mode output."""
    n, m = np.size(a), np.size(v)
    full = n + m - 1
    start = {"full": 0, "same": (min(n, m) - 1) // 2, "valid": min(n, m) - 1}[mode]
    out = np.zeros(full, dtype=np.result_type(x, float))
    out[start:start + np.size(x)] = x
    return out


def conv_crop(x, a, v, mode="full"):
    """The transpose of ``conv_full_cotangent``: the ``mode`` window of a full output."""
    n, m = np.size(a), np.size(v)
    start = {"full": 0, "same": (min(n, m) - 1) // 2, "valid": min(n, m) - 1}[mode]
    length = {"full": n + m - 1, "same": max(n, m), "valid": max(n, m) - min(n, m) + 1}[mode]
    return x[start:start + length]


def polyval_ct_p(x, xs, like):
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


# -- linear algebra -----------------------------------------------------------------------------
def _sym_from(t, uplo):
    """The symmetric matrix a LAPACK routine sees when it reads one triangle of ``t``."""
    if uplo == "L":
        tri = np.tril(t)
        return tri + _mT(np.tril(t, -1))
    tri = np.triu(t)
    return tri + _mT(np.triu(t, 1))


def _sym_from_transpose(g, uplo):
    if uplo == "L":
        return np.tril(g) + np.tril(_mT(g), -1)
    return np.triu(g) + np.triu(_mT(g), 1)


def _gaps(w):
    """F[i, j] = 1 / (w[j] - w[i]) off the diagonal, 0 on it."""
    diff = w[..., None, :] - w[..., :, None]
    n = w.shape[-1]
    off = ~np.eye(n, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(off, 1.0 / np.where(off, diff, 1.0), 0.0)


def eigh_tangent(x, a, ans, UPLO="L"):
    """Tangent (dw, dv) of ``np.linalg.eigh(a, UPLO)`` for the input tangent ``x``."""
    w, v = ans
    s = sandwich(_sym_from(x, UPLO), _mT(v), v)
    dw = np.real(np.diagonal(s, 0, -2, -1))
    dv = np.matmul(v, _gaps(w) * s)
    return TupleCotangent((dw, dv))


def eigh_cotangent(x, a, ans, UPLO="L"):
    """The transpose of ``eigh_tangent``; ``x`` = (cotangent of w, cotangent of v)."""
    w, v = ans
    gw, gv = _items(x, ans)
    s = np.eye(w.shape[-1]) * np.expand_dims(gw, -1)
    if np.any(gv):      # eigenvectors unused: skip, so repeated eigenvalues stay finite
        s = s + _gaps(w) * np.matmul(_mT(v), gv)
    return _sym_from_transpose(sandwich(s, v, _mT(v)), UPLO)


def eigvalsh_tangent(x, a, UPLO="L"):
    """Tangent of ``np.linalg.eigvalsh(a, UPLO)``."""
    v = np.linalg.eigh(a, UPLO)[1]
    return np.real(np.diagonal(sandwich(_sym_from(x, UPLO), _mT(v), v), 0, -2, -1))


def eigvalsh_cotangent(x, a, UPLO="L"):
    """The transpose of ``eigvalsh_tangent``."""
    v = np.linalg.eigh(a, UPLO)[1]
    return _sym_from_transpose(sandwich(np.eye(v.shape[-1]) * np.expand_dims(x, -1), v, _mT(v)),
                               UPLO)


def _phi(x):
    """The lower triangle with the diagonal halved."""
    return np.tril(x) - 0.5 * np.eye(x.shape[-1]) * x


def cholesky_tangent(x, a, ans, upper=False):
    """Tangent of ``np.linalg.cholesky(a)`` (lower factor ``ans``; reads a's lower triangle)."""
    if upper:
        return _mT(cholesky_tangent(_mT(x), _mT(a), _mT(ans)))
    linv = np.linalg.inv(ans)
    return np.matmul(ans, _phi(sandwich(_sym_from(x, "L"), linv, _mT(linv))))


def cholesky_cotangent(x, a, ans, upper=False):
    """The transpose of ``cholesky_tangent``."""
    if upper:
        return _mT(cholesky_cotangent(_mT(x), _mT(a), _mT(ans)))
    linv = np.linalg.inv(ans)
    inner = _phi(np.matmul(_mT(ans), x))
    return _sym_from_transpose(sandwich(inner, _mT(linv), linv), "L")


def _svd_parts(a, ans, full_matrices, compute_uv):
    m, n = np.shape(a)[-2:]
    if compute_uv and full_matrices and m != n:
        raise NotImplementedError("the derivative of np.linalg.svd with full_matrices=True is "
                                  "only defined for square matrices: pass full_matrices=False")
    if compute_uv:
        u, s, vh = ans
    else:
        u, s, vh = np.linalg.svd(a, full_matrices=False)
    return u, s, _mT(vh)


def svd_tangent(x, a, ans, full_matrices=True, compute_uv=True):
    """Tangent of ``np.linalg.svd(a, full_matrices, compute_uv)``: (dU, dS, dVh), or dS.

    Needs distinct nonzero singular values (as every closed-form SVD derivative)."""
    u, s, v = _svd_parts(a, ans, full_matrices, compute_uv)
    p = sandwich(x, _mT(u), v)                                # U^T dA V
    ds = np.diagonal(p, 0, -2, -1)
    if not compute_uv:
        return ds
    s2 = s * s
    f = _gaps(s2)                                              # 1 / (s_j^2 - s_i^2)
    smat = np.expand_dims(s, -2)                               # S as a row scale
    du = np.matmul(u, f * (p * smat + _mT(p) * np.expand_dims(s, -1)))
    dv = np.matmul(v, f * (np.expand_dims(s, -1) * p + _mT(p) * smat))
    m, n = np.shape(a)[-2:]
    sinv = 1.0 / s
    if m > len(s) or m > n:
        du = du + np.matmul(x - np.matmul(u, np.matmul(_mT(u), x)), v) * np.expand_dims(sinv, -2)
    if n > m:
        xt = _mT(x)
        dv = dv + np.matmul(xt - np.matmul(v, np.matmul(_mT(v), xt)), u) * np.expand_dims(sinv, -2)
    return TupleCotangent((du, ds, _mT(dv)))


def svd_cotangent(x, a, ans, full_matrices=True, compute_uv=True):
    """The transpose of ``svd_tangent``."""
    u, s, v = _svd_parts(a, ans, full_matrices, compute_uv)
    if not compute_uv:
        return sandwich(np.eye(s.shape[-1]) * np.expand_dims(x, -1), u, _mT(v))
    gu, gs, gvh = _items(x, ans)
    gv = _mT(gvh)
    s2 = s * s
    f = _gaps(s2)
    srow, scol = np.expand_dims(s, -2), np.expand_dims(s, -1)
    hu = f * np.matmul(_mT(u), gu)
    hv = f * np.matmul(_mT(v), gv)
    # P = U^T dA V appears as P S and S P^T in dU, as S P and P^T S in dV
    p_bar = hu * srow + _mT(scol * hu) + scol * hv + _mT(hv * srow)
    p_bar = p_bar + np.eye(s.shape[-1]) * np.expand_dims(gs, -1)
    ga = sandwich(p_bar, u, _mT(v))
    m, n = np.shape(a)[-2:]
    sinv = np.expand_dims(1.0 / s, -2)
    if m > n:
        proj = gu * sinv
        ga = ga + np.matmul(proj - np.matmul(u, np.matmul(_mT(u), proj)), _mT(v))
    if n > m:
        proj = gv * sinv
        ga = ga + _mT(np.matmul(proj - np.matmul(v, np.matmul(_mT(v), proj)), _mT(u)))
    return ga


def qr_tangent(x, a, ans, mode="reduced"):
    """Tangent (dQ, dR) of ``np.linalg.qr(a, mode)`` for tall or square ``a``."""
    q, r = _qr_parts(a, ans, mode)
    rinv = np.linalg.inv(r)
    xr = np.matmul(x, rinv)
    y = np.matmul(_mT(q), xr)
    low = np.tril(y, -1)
    d = low - _mT(low)
    dq = np.matmul(q, d - y) + xr
    dr = np.matmul(y - d, r)
    return TupleCotangent((dq, dr))


def qr_cotangent(x, a, ans, mode="reduced"):
    """The transpose of ``qr_tangent``."""
    q, r = _qr_parts(a, ans, mode)
    gq, gr = _items(x, ans)
    rinv = np.linalg.inv(r)
    qt_gq = np.matmul(_mT(q), gq)
    gr_rt = np.matmul(gr, _mT(r))
    d_bar = qt_gq - gr_rt
    y_bar = gr_rt - qt_gq
    low_bar = d_bar - _mT(d_bar)
    y_bar = y_bar + np.tril(low_bar, -1)
    xr_bar = gq + np.matmul(q, y_bar)
    return np.matmul(xr_bar, _mT(rinv))


def _qr_parts(a, ans, mode):
    m, n = np.shape(a)[-2:]
    if mode not in ("reduced", "complete") or m < n or (mode == "complete" and m != n):
        raise NotImplementedError("the derivative of np.linalg.qr is implemented for "
                                  "mode='reduced' with rows >= columns (and 'complete' for "
                                  "square matrices)")
    return ans


def lstsq_tangent(x, which, a, b, ans):
    """Tangent of ``np.linalg.lstsq(a, b)`` = (solution, residuals, rank, singular values)
    for the tangent ``x`` of ``a`` (which=0) or ``b`` (which=1); full column rank."""
    sol, res, rank, sv = ans
    a = np.asarray(a)
    _check_lstsq(a, rank)
    vec = np.ndim(b) == 1
    sol2 = sol[:, None] if vec else sol
    r = (b[:, None] if vec else b) - a @ sol2
    ata_inv = np.linalg.inv(a.T @ a)
    if which == 0:
        rhs_b = -(x @ sol2)
        dsol = ata_inv @ (x.T @ r + a.T @ rhs_b)
        ds = svd_tangent(x, a, None, False, False)
    else:
        rhs_b = x[:, None] if vec else x
        dsol = ata_inv @ (a.T @ rhs_b)
        ds = np.zeros_like(sv)
    dres = 2.0 * np.sum(r * rhs_b, axis=0) if np.size(res) else np.zeros_like(res)
    return TupleCotangent((dsol[:, 0] if vec else dsol, dres, np.zeros(()), ds))


def lstsq_cotangent(x, which, a, b, ans):
    """The transpose of ``lstsq_tangent``."""
    sol, res, rank, sv = ans
    a = np.asarray(a)
    _check_lstsq(a, rank)
    gsol, gres, _, gs = _items(x, ans)
    vec = np.ndim(b) == 1
    sol2 = sol[:, None] if vec else sol
    gsol2 = gsol[:, None] if vec else gsol
    r = (b[:, None] if vec else b) - a @ sol2
    ata_inv = np.linalg.inv(a.T @ a)
    z = ata_inv @ gsol2                                    # (AtA)^-1 is symmetric
    rhs_bar = a @ z                                        # cotangent of rhs_b
    if np.size(res):
        rhs_bar = rhs_bar + 2.0 * r * gres
    if which == 0:
        ga = r @ z.T - rhs_bar @ sol2.T
        return ga + svd_cotangent(gs, a, None, False, False)
    return rhs_bar[:, 0] if vec else rhs_bar


def _check_lstsq(a, rank):
    if a.ndim != 2 or rank < a.shape[1]:
        raise NotImplementedError("the derivative of np.linalg.lstsq is implemented for a "
                                  "single matrix of full column rank")


def pinv_tangent(x, a, ans):
    """Tangent of ``np.linalg.pinv(a)`` (constant rank; Golub and Pereyra)."""
    p = ans
    xt = _mT(x)
    eye_m = np.eye(np.shape(a)[-2])
    eye_n = np.eye(np.shape(a)[-1])
    return (-sandwich(x, p, p)
            + np.matmul(np.matmul(p, _mT(p)), np.matmul(xt, eye_m - np.matmul(a, p)))
            + np.matmul(np.matmul(eye_n - np.matmul(p, a), xt), np.matmul(_mT(p), p)))


def pinv_cotangent(x, a, ans):
    """The transpose of ``pinv_tangent``."""
    p = ans
    xt = _mT(x)
    eye_m = np.eye(np.shape(a)[-2])
    eye_n = np.eye(np.shape(a)[-1])
    return (-sandwich(x, _mT(p), _mT(p))
            + np.matmul(np.matmul(eye_m - np.matmul(a, p), xt), np.matmul(p, _mT(p)))
            + np.matmul(np.matmul(_mT(p), p), np.matmul(xt, eye_n - np.matmul(p, a))))


def matrix_power_tangent(x, a, n):
    """Tangent of ``np.linalg.matrix_power(a, n)``: sum of a^k x a^(n-1-k)."""
    if n == 0:
        return np.zeros(np.shape(x), dtype=np.result_type(x, float))
    if n < 0:
        b = np.linalg.inv(a)
        return matrix_power_tangent(-sandwich(x, b, b), b, -n)
    powers = [np.broadcast_to(np.eye(np.shape(a)[-1]), np.shape(a))]
    for _ in range(n - 1):
        powers.append(np.matmul(powers[-1], a))
    return sum(sandwich(x, powers[k], powers[n - 1 - k]) for k in range(n))


def matrix_power_cotangent(x, a, n):
    """The transpose of ``matrix_power_tangent``."""
    if n == 0:
        return np.zeros(np.shape(a), dtype=np.result_type(x, float))
    if n < 0:
        b = np.linalg.inv(a)
        inner = matrix_power_cotangent(x, b, -n)
        return -sandwich(inner, _mT(b), _mT(b))
    powers = [np.broadcast_to(np.eye(np.shape(a)[-1]), np.shape(a))]
    for _ in range(n - 1):
        powers.append(np.matmul(powers[-1], a))
    return sum(sandwich(x, _mT(powers[k]), _mT(powers[n - 1 - k])) for k in range(n))


def _norm_setup(x, ord, axis):
    x = np.asarray(x)
    if axis is None:
        if ord is not None and x.ndim == 2:
            return (0, 1)
        if ord is not None and x.ndim != 1:
            raise ValueError("improper number of dimensions to norm")
        return tuple(range(x.ndim))
    return _normalize_axis(axis, x.ndim)


def _norm_slope(x, ord, axis, ans):
    """(d norm / d x, reduced axes) for ``np.linalg.norm(x, ord, axis)``: the gradient as
    weights, so that the tangent is sum(t * weights) over the reduced axes."""
    x = np.asarray(x)
    axes = _norm_setup(x, ord, axis)
    n = np.expand_dims(ans, axes) if np.ndim(ans) < x.ndim else ans
    vector = len(axes) == 1 or (axis is None and ord is None)
    if vector:
        if ord is None or ord == 2 or ord == "fro":
            return x / n, axes
        if ord == 1:
            return np.sign(x), axes
        if ord == np.inf or ord == -np.inf:
            ax = np.abs(x)
            mask = ax == n
            return np.sign(x) * mask / np.sum(mask, axis=axes, keepdims=True), axes
        if ord == 0:
            return np.zeros(x.shape), axes
        p = float(ord)
        return np.sign(x) * (np.abs(x) / n) ** (p - 1.0), axes
    # matrix norms over two axes
    if ord is None or ord == "fro":
        return x / n, axes
    moved = np.moveaxis(x, axes, (-2, -1))
    if ord in ("nuc", 2, -2):
        u, s, vh = np.linalg.svd(moved, full_matrices=False)
        if ord == "nuc":
            w = np.matmul(u, vh)
        else:
            k = 0 if ord == 2 else -1
            w = u[..., :, k:k + 1 if k != -1 else None] * vh[..., k:k + 1 if k != -1 else None, :]
        return np.moveaxis(w, (-2, -1), axes), axes
    if ord in (1, -1, np.inf, -np.inf):
        col = ord in (1, -1)
        sums = np.sum(np.abs(moved), axis=-2 if col else -1, keepdims=True)
        best = np.max(sums, axis=-1 if col else -2, keepdims=True) if ord > 0 else \
            np.min(sums, axis=-1 if col else -2, keepdims=True)
        mask = sums == best
        mask = mask / np.sum(mask, axis=-1 if col else -2, keepdims=True)
        return np.moveaxis(np.sign(moved) * mask, (-2, -1), axes), axes
    raise NotImplementedError(f"the derivative of np.linalg.norm with ord={ord!r}")


def norm_tangent(x, a, ord=None, axis=None, keepdims=False, ans=None):
    """Tangent of ``np.linalg.norm(a, ord, axis, keepdims)``."""
    w, axes = _norm_slope(a, ord, axis, ans)
    return np.sum(x * w, axis=axes, keepdims=keepdims)


def norm_cotangent(x, a, ord=None, axis=None, keepdims=False, ans=None):
    """The transpose of ``norm_tangent``."""
    w, axes = _norm_slope(a, ord, axis, ans)
    if not keepdims:
        x = np.expand_dims(x, axes)
    return x * w


# -- FFT ----------------------------------------------------------------------------------------
def fit_to(x, like):
    """``x`` cropped or zero-padded, axis by axis, to the shape of ``like``."""
    shape = np.shape(like)
    if np.shape(x) == shape:
        return x
    x = np.asarray(x)
    x = x[tuple(slice(0, n) for n in shape)]
    pad = [(0, n - m) for n, m in zip(shape, x.shape)]
    return np.pad(x, pad)


def fft_axes(a, s=None, axes=None):
    """The axes ``np.fft.fftn(a, s, axes)`` transforms."""
    if axes is not None:
        return tuple(axes)
    nd = np.ndim(a)
    return tuple(range(nd)) if s is None else tuple(range(nd - len(s), nd))


def _full_length(a, s, axes):
    axes = fft_axes(a, s, axes)
    return s[-1] if s is not None else np.shape(a)[axes[-1]], axes


def rfftn_transpose(x, a, s=None, axes=None, norm=None):
    """The transpose of ``np.fft.rfftn(a, s, axes, norm)`` (a real-linear map)."""
    n, axes = _full_length(a, s, axes)
    last = axes[-1] % np.ndim(a)
    shape = list(np.shape(x))
    shape[last] = n
    full = fit_to(x, np.empty(shape, dtype=bool))
    return match_complex(fit_to(np.fft.fftn(full, axes=axes, norm=norm), a), a)


def rfft_transpose(x, a, n=None, axis=-1, norm=None):
    """The transpose of ``np.fft.rfft(a, n, axis, norm)``."""
    return rfftn_transpose(x, a, None if n is None else (n,), (axis,), norm)


def irfftn_transpose(x, a, s=None, axes=None, norm=None):
    """The transpose of ``np.fft.irfftn(a, s, axes, norm)`` (a real-linear map)."""
    axes = fft_axes(a, s, axes)
    last = axes[-1] % np.ndim(a)
    n = np.shape(x)[last]                      # the real output length
    half = n // 2 + 1
    c = np.fft.ifftn(x, axes=axes, norm=norm)
    c = np.take(c, np.arange(half), axis=last)
    w = np.full(half, 2.0)
    w[0] = 1.0
    if n % 2 == 0:
        w[-1] = 1.0
    shape = [1] * np.ndim(c)
    shape[last] = half
    return match_complex(fit_to(c * np.reshape(w, shape), a), a)


def irfft_transpose(x, a, n=None, axis=-1, norm=None):
    """The transpose of ``np.fft.irfft(a, n, axis, norm)``."""
    return irfftn_transpose(x, a, None if n is None else (n,), (axis,), norm)


# -- scipy.special --------------------------------------------------------------------------------
def softmax_tangent(x, s, axis=None):
    """Tangent of ``softmax`` with output ``s``: s * (x - sum(s * x)); self-transpose."""
    return s * (x - np.sum(s * x, axis=axis, keepdims=True))


def log_softmax_tangent(x, ans, axis=None):
    """Tangent of ``log_softmax`` with output ``ans``: x - sum(exp(ans) * x)."""
    return x - np.sum(np.exp(ans) * x, axis=axis, keepdims=True)


def log_softmax_cotangent(x, ans, axis=None):
    """The transpose of ``log_softmax_tangent``."""
    return x - np.exp(ans) * np.sum(x, axis=axis, keepdims=True)


# -- mutating numpy calls given their functional meaning (analyze/mutators.py) -------------------
def add_at(a, indices, b):
    """``a`` after ``np.add.at(a, indices, b)``, as a new array (duplicates accumulate)."""
    out = np.array(a, copy=True, dtype=np.result_type(a, b))
    np.add.at(out, indices, b)
    return out


def whole_array(a, where=""):
    """The index of every element of the array ``a`` (``...``), for ``a.sort()`` as
    ``a[...] = np.sort(a)``; refuses (a TransformError located at ``where``) a list,
    whose ``sort()`` has no such meaning."""
    if not isinstance(a, np.ndarray):
        from .core.errors import TransformError
        file, _, line = where.rpartition(":")
        raise TransformError(f"cannot differentiate .sort() of a {type(a).__name__} (numpy "
                             "arrays only)", "use sorted(...) or np.sort(...) and assign the "
                             "result", file or None, int(line) if line.isdigit() else None, 0)
    return Ellipsis


def effects_guard(fn, attr, strict, where, rerun=False):
    """Before a call of ``fn`` (``fn.attr`` when ``attr`` is given) known only at run
    time: raise a TransformError located at ``where`` if its effects cannot be followed
    (analyze/effects.py, ``check_guard``)."""
    from .analyze import effects
    effects.check_guard(fn, attr, strict, where, rerun)


def immutable_guard(value, where, why):
    """Before a call whose callee updates this argument with ``p += ...``: that is no
    change the caller sees if ``value`` is a number (or a tuple, a string); raise a
    TransformError located at ``where`` if it is an array or another mutable object."""
    if isinstance(value, (int, float, complex, np.generic, tuple, str, bytes)):
        return
    from .core.errors import TransformError
    file, _, line = where.rpartition(":")
    raise TransformError(f"cannot differentiate {why}, and here it is a "
                         f"{type(value).__name__}, which changes in place",
                         "return the new value instead of updating the argument",
                         file, int(line) if line.isdigit() else None, 0)
