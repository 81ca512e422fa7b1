"""``tf.linalg`` (and ``tf.einsum``, ``tf.eye``, ``tf.tensordot``): each op one or
a few recorded numpy lines, so the engine's linalg rules differentiate them."""
import numpy as np

from . import dtypes as _dtypes
from .complex import TfConventionOnly
from .core import Const, Lit, kernel_error
from .ops import (expand_dims, global_norm, l2_normalize, matmul, norm, squeeze,
                  stop_gradient, transpose)
from .tensor import Tensor, prim, read as _t, sequence_operands


def _checked(op_name, x, fn):
    """Run ``fn`` (numpy) on ``x``'s value first: numpy's LinAlgError becomes TF's error."""
    try:
        fn(x._value)
    except np.linalg.LinAlgError:
        raise kernel_error(op_name, "Input is not invertible.") from None


def _square(op_name, x):
    shape = x._value.shape
    if len(shape) < 2 or shape[-1] != shape[-2]:
        raise kernel_error(op_name, "Input matrix must be square.")
    return x


def _at_least_2d(op_name, x):
    if x._value.ndim < 2:
        raise kernel_error(op_name, f"input must be at least 2-dim, received shape: "
                                    f"{list(x._value.shape)}")
    return x


def det(input, name=None):  # noqa: A002
    x = _square("MatrixDeterminant", _t(input))
    if x._dtype.is_complex:   # TF's gradient, ``g det inv(A)^H``, is not the conjugate
        return _complex_det.call(x)   # convention's: refused
    return prim("np.linalg.det({0})", x)


_complex_det = TfConventionOnly(np.linalg.det, "complex_det", "tf.linalg.det of a complex "
                                "matrix: TF's gradient g * det * inv(A)^H")


def slogdet(input, name=None):  # noqa: A002
    x = _square("LogMatrixDeterminant", _t(input))
    return prim("np.linalg.slogdet({0})[0]", x), prim("np.linalg.slogdet({0})[1]" + _as(x), x)


def logdet(matrix, name=None):
    """TF's: ``2 * sum(log(diag(cholesky(A))))`` (the lower triangle; NaN if not PD),
    computed as the log-determinant of the symmetric matrix cholesky reads."""
    x = _square("Cholesky", _t(matrix))
    if x._dtype.is_complex:
        raise NotImplementedError("tangentish.tf.linalg.logdet: complex matrices are not "
                                  "implemented here (use tf.linalg.slogdet)")
    try:
        np.linalg.cholesky(_lower_value(x._value))
    except np.linalg.LinAlgError:
        return prim("np.sum({0}, axis=(-2, -1)) * np.nan", x)
    return prim("np.linalg.slogdet({0})[1]", _symmetric(x))


def inv(input, adjoint=False, name=None):  # noqa: A002
    x = _square("MatrixInverse", _t(input))
    _checked("MatrixInverse", x, np.linalg.inv)
    out = prim("np.linalg.inv({0})", x)
    return adjoint_(out) if adjoint else out


def solve(matrix, rhs, adjoint=False, name=None):
    a, b = _t(matrix), _t(rhs)
    if b._value.ndim < 2 or a._value.shape[-1] != b._value.shape[-2]:
        raise kernel_error("MatrixSolve", "Input matrix and rhs are incompatible.")
    if adjoint:
        a = adjoint_(a)
    _checked("MatrixSolve", a, np.linalg.inv)
    return prim("np.linalg.solve({0}, {1})", a, b)


def cholesky(input, name=None):  # noqa: A002
    """TF's: reads the lower triangle; its gradient is the symmetric one
    (the engine's, of the symmetric part of ``input``)."""
    x = _t(input)
    try:
        np.linalg.cholesky(_lower_value(x._value))
    except np.linalg.LinAlgError:
        raise kernel_error("Cholesky", "Cholesky decomposition was not successful. The "
                                       "input might not be valid.") from None
    if x._dtype.is_complex:
        return prim("np.linalg.cholesky({0})", x)
    return prim("np.linalg.cholesky({0})", _symmetric(x))


def _lower_value(a):
    """The symmetric matrix TF's Cholesky kernel reads: ``a``'s lower triangle."""
    return np.tril(a) + np.swapaxes(np.tril(a, -1), -1, -2)


def _symmetric(x):
    """``(x + x^T) / 2`` with the value of x's lower triangle mirrored: for a symmetric
    ``x`` it is ``x`` itself; the gradient through it is symmetrized, as TF's."""
    sym = prim("({0} + np.swapaxes({0}, -1, -2)) / 2", x)
    if np.array_equal(x._value, np.swapaxes(x._value, -1, -2)):
        return sym
    lower = stop_gradient(prim("np.tril({0}) + np.swapaxes(np.tril({0}, -1), -1, -2)", x))
    return lower + (sym - stop_gradient(sym))


def eigh(tensor, name=None):
    x = _t(tensor)
    return prim("np.linalg.eigh({0})[0]" + _as(x), x), prim("np.linalg.eigh({0})[1]", x)


def eigvalsh(tensor, name=None):
    x = _t(tensor)
    return prim("np.linalg.eigvalsh({0})" + _as(x), x)


def _as(x):
    """TF's real results of a complex matrix (eigenvalues, log|det|) have its dtype."""
    return f".astype(np.{x.dtype.name})" if x._dtype.is_complex else ""


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):  # noqa: A002
    x = _at_least_2d("MatrixDiagPartV3", _t(input))
    return prim("np.diagonal({0}, {1}, -2, -1)", x, Lit(int(k)))


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
         align="RIGHT_LEFT"):
    v = _t(diagonal)
    n = v.shape[-1]
    return prim("{0} * {1}", expand_dims(v, -1), Const(np.eye(n, dtype=v._value.dtype)))


def trace(x, name=None):
    x = _at_least_2d("MatrixDiagPartV3", _t(x))
    return prim("np.trace({0}, 0, -2, -1)", x, dtype=x._dtype)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    x = _t(a)
    out = prim("np.swapaxes({0}, -1, -2)", x)
    return prim("np.conj({0})", out) if conjugate and x._dtype.is_complex else out


def adjoint_(matrix, name=None):
    return matrix_transpose(matrix, conjugate=True)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None):
    return squeeze(matmul(a, expand_dims(_t(b), -1), transpose_a=transpose_a,
                          adjoint_a=adjoint_a), -1)


def band_part(input, num_lower, num_upper, name=None):  # noqa: A002
    """The entries within ``num_lower`` below and ``num_upper`` above the diagonal
    (negative: all); the others 0."""
    x = _at_least_2d("MatrixBandPart", _t(input))
    rows, cols = x._value.shape[-2:]
    offset = np.arange(cols)[None, :] - np.arange(rows)[:, None]   # j - i
    keep = (int(num_lower) < 0) | (-offset <= int(num_lower))
    keep &= (int(num_upper) < 0) | (offset <= int(num_upper))
    return prim("np.where({1}, {0}, 0)", x, Const(keep))


def einsum(equation, *inputs, **kwargs):
    tensors = sequence_operands(list(inputs), "Einsum")
    expected = equation.split("->")[0].count(",") + 1
    if expected != len(tensors):
        raise ValueError(f'Got {len(tensors)} inputs for equation "{equation}", expecting '
                         f'{expected}')
    try:
        np.einsum(equation, *[t._value for t in tensors])
    except ValueError as e:
        raise kernel_error("Einsum", f"Invalid einsum: {e}") from None
    slots = ", ".join("{%d}" % (i + 1) for i in range(len(tensors)))
    return prim(f"np.einsum({{0}}, {slots})", Lit(equation), *tensors)


def tensordot(a, b, axes, name=None):
    a, b = _t(a), _t(b)
    axes = axes if isinstance(axes, int) else tuple(tuple(x) for x in axes)
    return prim("np.tensordot({0}, {1}, {2})", a, b, Lit(axes))


def eye(num_rows, num_columns=None, batch_shape=None, dtype=_dtypes.float32, name=None):
    value = np.eye(num_rows, num_columns, dtype=_dtypes.as_dtype(dtype).as_numpy_dtype)
    if batch_shape is not None:
        value = np.broadcast_to(value, tuple(batch_shape) + value.shape).copy()
    return Tensor._wrap(value)


adjoint = adjoint_
__all__ = ["matmul", "norm", "transpose", "det", "slogdet", "logdet", "inv", "solve",
           "cholesky", "eigh", "eigvalsh", "diag_part", "diag", "trace", "matrix_transpose",
           "adjoint", "matvec", "einsum", "tensordot", "eye", "band_part", "global_norm",
           "l2_normalize"]
