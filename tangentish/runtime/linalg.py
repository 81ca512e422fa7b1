"""numpy.linalg: the tangents and cotangents of decompositions, solves, pseudo-inverses,
matrix powers and norms (first order; see docs/COVERAGE.md)."""
import numpy as np

from .containers import TupleCotangent
from .reductions import normalize_axis

__all__ = [
    "sandwich", "eigh_tangent", "eigh_cotangent", "eigvalsh_tangent", "eigvalsh_cotangent",
    "cholesky_tangent", "cholesky_cotangent", "svd_tangent", "svd_cotangent", "qr_tangent",
    "qr_cotangent", "lstsq_tangent", "lstsq_cotangent", "pinv_tangent", "pinv_cotangent",
    "matrix_power_tangent", "matrix_power_cotangent", "norm_tangent", "norm_cotangent"
]


def _zero_like(item):
    return np.zeros(np.shape(item), dtype=np.result_type(np.asarray(item).dtype, float))


def _items(g, like):
    """The entries of a container cotangent ``g``; None or a scalar 0 means zeros."""
    if g is None or (not isinstance(g, (tuple, list)) and np.ndim(g) == 0 and g == 0):
        return [_zero_like(item) for item in like]
    return [_zero_like(item) if gi is None else gi for gi, item in zip(g, like)]


def _mT(x):
    return np.swapaxes(x, -1, -2)


def sandwich(x, left, right):
    """``left @ x @ right`` (stacks of matrices)."""
    return np.matmul(np.matmul(left, x), right)


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
    return normalize_axis(axis, x.ndim)


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
