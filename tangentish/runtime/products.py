"""Products: the cotangents of ``@``, ``np.dot``, ``np.inner``, ``np.tensordot``,
``np.einsum``, ``np.kron`` and convolutions."""
import numpy as np

from .backend import PLAIN, array_sum, as_array, foreign_namespace
from .broadcast import unbroadcast

try:
    from numpy._core.einsumfunc import _parse_einsum_input
except ImportError:   # numpy < 2
    from numpy.core.einsumfunc import _parse_einsum_input

__all__ = [
    "matmul_grad_lhs", "matmul_grad_rhs", "dot_grad_lhs", "dot_grad_rhs", "inner_grad_lhs", "inner_grad_rhs",
    "tensordot_grad_lhs", "tensordot_grad_rhs", "einsum_tangent", "einsum_cotangent", "kron_grad_lhs",
    "kron_grad_rhs", "conv_full_cotangent", "conv_crop", "einsum_part_out"
] + [f"einsum_part_{_m}" for _m in range(10)]


def matmul_grad_lhs(x, b, like):
    """Cotangent of ``a`` in ``a @ b`` given the output cotangent ``x``."""
    if type(x) not in PLAIN or type(b) not in PLAIN or type(like) not in PLAIN:
        xp = foreign_namespace(x, b, like)
        if xp is not None:
            return _matmul_grad_lhs_xp(xp, x, b, like)
    _check_contracted(np.shape(like), np.shape(b))
    if type(b) is np.ndarray and type(like) is np.ndarray and like.ndim <= 2 and b.ndim <= 2:
        if like.ndim == 2 and b.ndim == 2:
            return x @ b.T                       # (n, k) @ (k, m)
        if like.ndim == 2 and b.ndim == 1:
            return np.outer(x, b)                # (n, k) @ (k,)
        if like.ndim == 1 and b.ndim == 2:
            return b @ x                         # (k,) @ (k, m)
    a_nd, b_nd = np.ndim(like), np.ndim(b)
    if a_nd == 0 or b_nd == 0:
        return unbroadcast(x * b, like)
    x = _as_matrix_product(x, a_nd, b_nd)
    b2 = b[:, np.newaxis] if b_nd == 1 else b
    ct = np.matmul(x, np.swapaxes(b2, -1, -2))
    if a_nd == 1:
        ct = ct[..., 0, :]
    return unbroadcast(ct, like)


def _check_contracted(a_shape, b_shape):
    """numpy's error for ``a @ b`` whose contracted sizes differ: specialized code may
    not compute the product itself (its value unused), and the cotangent formulas
    broadcast a size 1 against n."""
    if a_shape and b_shape:
        k = b_shape[0] if len(b_shape) == 1 else b_shape[-2]
        if a_shape[-1] != k:
            raise ValueError("matmul: Input operand 1 has a mismatch in its core dimension 0, "
                             "with gufunc signature (n?,k),(k,m?)->(n?,m?) "
                             f"(size {k} is different from {a_shape[-1]})")


def _as_matrix_product(x, a_nd, b_nd):
    """The cotangent ``x`` of ``a @ b`` with the axes a 1-d operand drops put back
    (``b``'s as the last axis, ``a``'s as the one before)."""
    if b_nd == 1:
        x = np.expand_dims(x, -1)
    if a_nd == 1:
        x = np.expand_dims(x, -2)
    return x


def matmul_grad_rhs(x, a, like):
    """Cotangent of ``b`` in ``a @ b`` given the output cotangent ``x``."""
    if type(x) not in PLAIN or type(a) not in PLAIN or type(like) not in PLAIN:
        xp = foreign_namespace(x, a, like)
        if xp is not None:
            return _matmul_grad_rhs_xp(xp, x, a, like)
    _check_contracted(np.shape(a), np.shape(like))
    if type(a) is np.ndarray and type(like) is np.ndarray and a.ndim <= 2 and like.ndim <= 2:
        if a.ndim == 2 and like.ndim == 2:
            return a.T @ x
        if a.ndim == 2 and like.ndim == 1:
            return x @ a                         # a.T @ x for a vector x
        if a.ndim == 1 and like.ndim == 2:
            return np.outer(a, x)
    a_nd, b_nd = np.ndim(a), np.ndim(like)
    if a_nd == 0 or b_nd == 0:
        return unbroadcast(a * x, like)
    x = _as_matrix_product(x, a_nd, b_nd)
    a2 = a[np.newaxis, :] if a_nd == 1 else a
    ct = np.matmul(np.swapaxes(a2, -1, -2), x)
    if b_nd == 1:
        ct = ct[..., :, 0]
    return unbroadcast(ct, like)


def _matmul_grad_lhs_xp(xp, x, b, like):
    """``matmul_grad_lhs`` for arrays of another library, through its namespace."""
    x, b = as_array(xp, x, like), as_array(xp, b, like)
    a_nd, b_nd = len(like.shape), b.ndim
    if a_nd == 0 or b_nd == 0:
        return unbroadcast(x * b, like)
    x = _as_matrix_product_xp(xp, x, a_nd, b_nd)
    b2 = xp.expand_dims(b, axis=-1) if b_nd == 1 else b
    ct = xp.matmul(x, xp.matrix_transpose(b2))
    if a_nd == 1:
        ct = ct[..., 0, :]
    return unbroadcast(ct, like)


def _matmul_grad_rhs_xp(xp, x, a, like):
    """``matmul_grad_rhs`` for arrays of another library, through its namespace."""
    x, a = as_array(xp, x, like), as_array(xp, a, like)
    a_nd, b_nd = a.ndim, len(like.shape)
    if a_nd == 0 or b_nd == 0:
        return unbroadcast(a * x, like)
    x = _as_matrix_product_xp(xp, x, a_nd, b_nd)
    a2 = xp.expand_dims(a, axis=0) if a_nd == 1 else a
    ct = xp.matmul(xp.matrix_transpose(a2), x)
    if b_nd == 1:
        ct = ct[..., :, 0]
    return unbroadcast(ct, like)


def _as_matrix_product_xp(xp, x, a_nd, b_nd):
    """``_as_matrix_product`` through the namespace ``xp``."""
    if b_nd == 1:
        x = xp.expand_dims(x, axis=-1)
    if a_nd == 1:
        x = xp.expand_dims(x, axis=-2)
    return x


def _dot_nd(a, b):
    """Whether ``np.dot(a, b)`` is an N-D contraction (not a matrix product): the last
    axis of ``a`` with the second-to-last of ``b`` (its only axis when 1-D)."""
    na, nb = np.ndim(a), np.ndim(b)
    return na > 0 and nb > 0 and (na > 2 or nb > 2)


def _dot_free_b(nb):
    """``b``'s contracted axis in ``np.dot(a, b)`` and its other axes, in order."""
    cb = max(nb - 2, 0)
    return cb, [k for k in range(nb) if k != cb]


def dot_grad_lhs(x, b, like):
    """Cotangent of ``a`` in ``np.dot(a, b)`` given the output cotangent ``x``."""
    if _dot_nd(like, b):
        na, nb = np.ndim(like), np.ndim(b)
        _, b_free = _dot_free_b(nb)
        # x has axes a[:-1] + b_free: contract b_free with b's free axes
        return _tensordot(x, b, (list(range(na - 1, na - 1 + len(b_free))), b_free))
    return matmul_grad_lhs(x, b, like)


def dot_grad_rhs(x, a, like):
    """Cotangent of ``b`` in ``np.dot(a, b)`` given the output cotangent ``x``."""
    if _dot_nd(a, like):
        na, nb = np.ndim(a), np.ndim(like)
        cb, _ = _dot_free_b(nb)
        # contract a's free axes with x's first na - 1: axes a[-1] + b_free, then put
        # the contracted axis back in its place
        r = _tensordot(a, x, (list(range(na - 1)), list(range(na - 1))))
        xp = foreign_namespace(r) if type(r) not in PLAIN else None
        return np.moveaxis(r, 0, cb) if xp is None else xp.moveaxis(r, 0, cb)
    return matmul_grad_rhs(x, a, like)


def _tensordot(a, b, axes):
    """``np.tensordot(a, b, axes)`` (``axes`` a pair of lists); through the namespace of
    another array library for its arrays."""
    if type(a) in PLAIN and type(b) in PLAIN:
        return np.tensordot(a, b, axes=axes)
    xp = foreign_namespace(a, b)
    if xp is None:
        return np.tensordot(a, b, axes=axes)
    lead = a if foreign_namespace(a) is not None else b
    return xp.tensordot(as_array(xp, a, lead), as_array(xp, b, lead),
                        axes=tuple(tuple(int(i) for i in ax) for ax in axes))


def _permute(x, perm):
    """``np.transpose(x, perm)`` on any array library."""
    xp = foreign_namespace(x) if type(x) not in PLAIN else None
    if xp is None:
        return np.transpose(x, perm)
    return xp.permute_dims(x, tuple(int(i) for i in perm))


def inner_grad_lhs(x, b, like):
    """Cotangent of ``a`` in ``np.inner(a, b)``."""
    if np.ndim(like) == 0 or np.ndim(b) == 0:
        return unbroadcast(array_sum(x * b) if np.ndim(like) == 0 else x * b, like)
    na, nb = np.ndim(like) - 1, np.ndim(b) - 1
    return _tensordot(x, b, (list(range(na, na + nb)), list(range(nb))))


def inner_grad_rhs(x, a, like):
    """Cotangent of ``b`` in ``np.inner(a, b)``."""
    if np.ndim(like) == 0 or np.ndim(a) == 0:
        return unbroadcast(array_sum(x * a) if np.ndim(like) == 0 else x * a, like)
    na = np.ndim(a) - 1
    return _tensordot(x, a, (list(range(na)), list(range(na))))


def _tensordot_axes(axes, nda, ndb):
    if np.ndim(axes) == 0:
        n = int(axes)
        return list(range(nda - n, nda)), list(range(n))
    a_axes, b_axes = axes
    a_axes = [a_axes] if np.ndim(a_axes) == 0 else list(a_axes)
    b_axes = [b_axes] if np.ndim(b_axes) == 0 else list(b_axes)
    return [i % nda for i in a_axes], [i % ndb for i in b_axes]


def tensordot_grad_lhs(x, b, like, axes=2):
    """Cotangent of ``a`` in ``np.tensordot(a, b, axes)``."""
    nda, ndb = np.ndim(like), np.ndim(b)
    a_axes, b_axes = _tensordot_axes(axes, nda, ndb)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    # x has axes a_free + b_free; contract its b_free part with b's free axes.
    out = _tensordot(x, b, (list(range(len(a_free), len(a_free) + len(b_free))), b_free))
    # out axes: a_free + (b's contracted axes, in b's order) -> permute into a's order
    current = a_free + [a_axes[b_axes.index(j)] for j in sorted(b_axes)]
    return _permute(out, np.argsort(current))


def tensordot_grad_rhs(x, a, like, axes=2):
    """Cotangent of ``b`` in ``np.tensordot(a, b, axes)``."""
    nda, ndb = np.ndim(a), np.ndim(like)
    a_axes, b_axes = _tensordot_axes(axes, nda, ndb)
    a_free = [i for i in range(nda) if i not in a_axes]
    out = _tensordot(a, x, (a_free, list(range(len(a_free)))))
    # out axes: (a's contracted axes, in a's order) + b_free
    b_free = [i for i in range(ndb) if i not in b_axes]
    current = [b_axes[a_axes.index(j)] for j in sorted(a_axes)] + b_free
    return _permute(out, np.argsort(current))


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


# The einsum of operands o_0..o_{n-1} (the ten argument slots of np.einsum, string or
# sublist form) read as the multilinear form T(o, G) = <G, np.einsum(*o)>: every
# derivative of einsum, of any order, is a partial of T with respect to one of its
# positions (the output G, or a slot) with the others given.  ``einsum_part_<m>`` is
# the partial with respect to position m (``out``: np.einsum itself); the slot it is
# taken in is passed as None (never used) and ``like`` gives its shape.  Each is
# multilinear in the other positions, and its transposes are again partials (see
# rules/helpers/products.py), so the derivatives differentiate again without end.
def _einsum_part(m):
    def part(like, out, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, optimize):
        slots = [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9]
        if m is None:
            return np.einsum(*_strip(slots), optimize=optimize)
        slots[m] = like
        return einsum_cotangent(out, m, slots, optimize)
    name = "einsum_part_out" if m is None else f"einsum_part_{m}"
    part.__name__ = part.__qualname__ = name
    part.__doc__ = ("np.einsum of the slots a0..a9" if m is None else
                    f"the cotangent of einsum's slot {m} (shaped like ``like``) given the "
                    "output cotangent ``out`` and the other slots")
    return part


einsum_part_out = _einsum_part(None)
einsum_part_0, einsum_part_1, einsum_part_2, einsum_part_3, einsum_part_4 = (
    _einsum_part(m) for m in range(5))
einsum_part_5, einsum_part_6, einsum_part_7, einsum_part_8, einsum_part_9 = (
    _einsum_part(m) for m in range(5, 10))


def kron_grad_lhs(x, b, like):
    """Cotangent of ``a`` in ``np.kron(a, b)``."""
    return _kron_ct(x, like, b, first=True)


def kron_grad_rhs(x, a, like):
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
