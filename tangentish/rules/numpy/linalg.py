"""np.linalg.  Decompositions return tuples: their tangents and cotangents are
TupleCotangent containers, one entry per factor.  Derivatives need the
generic case (invertible matrices, distinct eigen/singular values, full rank),
as every closed-form derivative of these functions does."""
import numpy as np

from ..table import defrule

_INV_T = "np.swapaxes(np.linalg.inv(a), -1, -2)"
defrule(np.linalg.det, "np.linalg.det(a)",
        jvp={"a": f"weighted_sum(t, np.expand_dims(ans, (-2, -1)) * {_INV_T}, (-2, -1))"},
        note="d det = det * tr(a^-1 da); needs an invertible matrix")
defrule(np.linalg.slogdet, "np.linalg.slogdet(a)",
        jvp={"a": f"getitem_cotangent(weighted_sum(t, {_INV_T}, (-2, -1)), ans, 1)"},
        real_only=True, note="returns (sign, logabsdet); the sign has zero derivative")
defrule(np.linalg.inv, "np.linalg.inv(a)", jvp={"a": "-sandwich(t, ans, ans)"},
        note="d inv = -inv da inv")
defrule(np.linalg.pinv, "np.linalg.pinv(a, rcond=None, hermitian=False)",
        jvp={"a": "pinv_tangent(t, a, ans)"}, real_only=True, note="constant rank (Golub-Pereyra); first order")
defrule(np.linalg.solve, "np.linalg.solve(a, b)",
        jvp={"a": "-np.linalg.solve(a, np.matmul(t, ans))"},
        linear={"b": "unbroadcast(np.linalg.solve(np.swapaxes(a, -1, -2), g), b)"},
        note="b: a vector (n,) or a stack of matrices (..., n, k)")
defrule(np.linalg.matrix_power, "np.linalg.matrix_power(a, n)",
        jvp={"a": "matrix_power_tangent(t, a, n)"}, note="any integer n; first order")
defrule(np.linalg.norm, "np.linalg.norm(x, ord=None, axis=None, keepdims=False)",
        jvp={"x": "norm_tangent(t, x, ord, axis, keepdims, ans)"}, undefined=("ord",),
        real_only=True, note="vector ords (2, 1, inf, -inf, p), matrix ords ('fro', 'nuc', 2, -2, 1, -1, inf, "
             "-inf); ties share; NaN at 0 for the 2-norm; first order")
defrule(np.linalg.eigh, "np.linalg.eigh(a, UPLO='L')", jvp={"a": "eigh_tangent(t, a, ans, UPLO)"},
        real_only=True, note="returns (w, v); exact for the triangle eigh reads; distinct eigenvalues unless only "
             "w is used; first order")
defrule(np.linalg.eigvalsh, "np.linalg.eigvalsh(a, UPLO='L')",
        jvp={"a": "eigvalsh_tangent(t, a, UPLO)"}, real_only=True, note="exact for the triangle it reads; first order")
defrule(np.linalg.cholesky, "np.linalg.cholesky(a, upper=False)",
        jvp={"a": "cholesky_tangent(t, a, ans, upper)"},
        real_only=True, note="exact for the triangle cholesky reads; first order")
defrule(np.linalg.svd, "np.linalg.svd(a, full_matrices=True, compute_uv=True, hermitian=False)",
        jvp={"a": "svd_tangent(t, a, ans, full_matrices, compute_uv)"},
        real_only=True, note="returns (u, s, vh) or s; distinct nonzero singular values; full_matrices=True "
             "only for square matrices; first order")
defrule(np.linalg.qr, "np.linalg.qr(a, mode='reduced')", jvp={"a": "qr_tangent(t, a, ans, mode)"},
        real_only=True, note="returns (q, r); rows >= columns, mode 'reduced' ('complete' if square); first order")
defrule(np.linalg.lstsq, "np.linalg.lstsq(a, b, rcond=None)",
        jvp={"a": "lstsq_tangent(t, 0, a, b, ans)", "b": "lstsq_tangent(t, 1, a, b, ans)"},
        real_only=True, note="returns (x, residuals, rank, s); one matrix of full column rank; first order")
