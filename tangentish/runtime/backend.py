"""Which array library a call's arguments belong to, and its array-API namespace.

Generated code for NumPy inputs calls numpy directly; for other array libraries
(Dask, CuPy, array_api_strict, ...) it works through the namespace
``array_namespace`` returns, and may call only the helpers in ``PORTABLE_HELPERS``
(each tested on NumPy, array_api_strict and Dask by tests/test_runtime_backends.py).

NumPy arrays, NumPy scalars and Python numbers belong to numpy: the fast path answers
them without importing array_api_compat.  One other library may be mixed with them
(Dask accepts NumPy operands); two different non-numpy libraries are refused.

How a portable helper works: its numpy code is unchanged, behind one cheap test
(``type(x) not in PLAIN``); only when that fails does it ask ``foreign_namespace``,
and an array of another library takes a second path written with the array API
standard alone (``xp.sum``, ``xp.broadcast_to``, ``xp.where``, ``xp.zeros_like``...).
That path never computes (no ``.compute()``, no ``np.asarray``), broadcasts Dask
arrays with the chunks of the array they stand for (``broadcast_like``), and refuses
shapes with unknown sizes (``known_shape``).  Helpers that write into an array
(``store_at``, ``clear_at``, ``accumulate_at``, ``with_item``, ``zero_at``) write into
a copy of another library's array and return it, as they return the numpy array they
write into: callers use the return value (generated code does).  Such writes take
integers, slices and ``...`` only (no scatter-add in the array API): other indices
raise NotImplementedError rather than give a different number.
"""
import numpy as np

__all__ = ["array_namespace"]

_NUMPY_TYPES = (np.ndarray, np.generic, float, int, complex, bool)


# Types the numpy path takes as they are, tested with one set lookup by the helpers
# (``type(x) not in PLAIN``) before they look for another array library.
PLAIN = frozenset({np.ndarray, float, int, complex, bool, np.float64, np.float32, np.complex128,
                   np.complex64, np.int64, np.bool_})


# The libraries whose arrays take NumPy arrays and scalars as operands (Dask dispatches
# them); code generated for any other (array_api_strict, CuPy) refuses NumPy arguments
# and globals by name (ad/namespace.py), and the API converts NumPy directions
# (tangents, cotangents, hvp vectors) given for its primals (api/results.py).
MIXES_NUMPY = frozenset({"dask.array"})


def _is_numpy(value):
    """True for values the numpy namespace handles as they are (numbers included)."""
    return type(value) is np.ndarray or isinstance(value, _NUMPY_TYPES)


def backend_name(value):
    """The array library ``value`` belongs to: "numpy", "dask.array", "cupy",
    "array_api_strict", "torch", ...; None when it is not an array (a number, a list,
    None).  NumPy scalars count as "numpy"."""
    if isinstance(value, (np.ndarray, np.generic)):
        return "numpy"
    module = type(value).__module__ or ""
    if module.startswith("dask.array"):
        return "dask.array"
    if not isinstance(getattr(value, "shape", None), tuple) or not hasattr(value, "dtype") \
            or isinstance(value, type):
        return None           # not an array: a number, a list, a module, a class, a Shape
    return module.split(".")[0] or None


def namespace(x):
    """The array-API namespace of one value: numpy for numpy arrays, numpy scalars,
    Python numbers and non-arrays; otherwise array_api_compat's namespace of its library."""
    if _is_numpy(x) or backend_name(x) in (None, "numpy") or not _is_array_api(x):
        return np
    return _compat_namespace(x)


def array_namespace(*values):
    """The array-API namespace for a call's arguments: numpy when every array among
    them is numpy (numbers and non-arrays do not count); otherwise array_api_compat's
    namespace of the one non-numpy array library among them, which numpy arrays and
    numbers may accompany.  TypeError when two different non-numpy libraries are mixed.
    Array-likes that array_api_compat does not know (a pandas Series) count as numpy's:
    numpy's functions take them, as before."""
    other = None
    other_name = None
    for value in values:
        if _is_numpy(value):
            continue
        name = backend_name(value)
        if name is None or name == "numpy" or not _is_array_api(value):
            continue
        if other is None:
            other, other_name = value, name
        elif name != other_name:
            raise TypeError(f"tangentish cannot mix {other_name} and {name} arrays in one call: "
                            f"convert them to one array library first")
    if other is None:
        return np
    return _compat_namespace(other)


def _compat():
    """The array_api_compat module, with a hint where it is not installed."""
    try:
        # imported late on purpose: array_api_compat is optional (the core install is
        # numpy + gast) and only arguments of another array library need it
        import array_api_compat
    except ImportError:
        raise ImportError("tangentish needs array-api-compat for arrays of libraries other "
                          "than numpy: pip install array-api-compat") from None
    return array_api_compat


def _is_array_api(value):
    """Whether array_api_compat has a namespace for ``value`` (Dask, CuPy, torch, JAX,
    array_api_strict, ... arrays)."""
    return _compat().is_array_api_obj(value)


def _compat_namespace(value):
    """array_api_compat's namespace for a non-numpy array."""
    return _compat().array_namespace(value)


def foreign_namespace(*values):
    """None when no value is a non-numpy array (the helpers' numpy path); otherwise
    the namespace of the non-numpy library among them (``array_namespace``)."""
    for value in values:
        if type(value) is np.ndarray or isinstance(value, _NUMPY_TYPES):
            continue
        if backend_name(value) not in (None, "numpy"):
            xp = array_namespace(*values)
            return None if xp is np else xp
    return None


def known_shape(value):
    """``value``'s shape, refusing one with unknown sizes (a Dask array whose chunk
    sizes are unknown after boolean indexing): the helpers need every size."""
    shape = getattr(value, "shape", None)
    if not isinstance(shape, tuple):       # (torch.Size is a tuple)
        return np.shape(value)
    for n in shape:
        if n is None or n != n:
            raise ValueError(
                f"tangentish needs the shape of every array; this {backend_name(value)} array "
                f"has unknown sizes {shape} (for Dask: call x.compute_chunk_sizes() first)")
    return shape


def device_of(x):
    """The device a non-numpy array lives on (array_api_compat.device)."""
    return _compat().device(x)


def is_floating(xp, value):
    """Whether ``value`` (an array or a Python number) has a real or complex float dtype."""
    if isinstance(value, (float, complex)):
        return True
    if isinstance(value, (int, bool)):
        return False
    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype.kind in "fc"
    return xp.isdtype(value.dtype, ("real floating", "complex floating"))


def is_complex(xp, value):
    """Whether ``value`` (an array or a Python number) is complex."""
    if isinstance(value, (int, float, bool)):
        return False
    if isinstance(value, complex):
        return True
    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype.kind == "c"
    return xp.isdtype(value.dtype, "complex floating")


def dtype_kind(value):
    """numpy's dtype kind letter ("b", "i", "u", "f", "c", ...) of ``value``, whatever its
    array library."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype.kind
    xp = foreign_namespace(value)
    if xp is None:
        return np.asarray(value).dtype.kind
    for kind, name in (("b", "bool"), ("i", "signed integer"), ("u", "unsigned integer"),
                       ("f", "real floating"), ("c", "complex floating")):
        if xp.isdtype(value.dtype, name):
            return kind
    return "O"


def xp_dtype(xp, dtype):
    """A dtype as ``xp`` names it: numpy's (``np.float32``, ``"float32"``, ``float``) by its
    name; one of ``xp``'s as it is."""
    try:
        name = np.dtype(dtype).name
    except TypeError:
        return dtype          # already the library's own dtype object
    return getattr(xp, name)


def is_inexact_dtype(xp, dtype):
    """Whether ``dtype`` (of ``xp``) is a real or complex float type."""
    return xp.isdtype(dtype, ("real floating", "complex floating"))


def float_dtype(xp, *values):
    """``np.result_type(*values, float)`` in the array API: float64, or complex128 when a
    value is complex (numpy promotes float32 with the type ``float`` to float64 too)."""
    dtypes = [xp_dtype(xp, v.dtype) if isinstance(v, (np.ndarray, np.generic)) else v.dtype
              for v in values if hasattr(v, "dtype") and is_floating(xp, v)]
    dtype = xp.result_type(*dtypes, xp.float64)
    if any(isinstance(v, complex) for v in values) and not xp.isdtype(dtype, "complex floating"):
        dtype = xp.complex64 if dtype == xp.float32 else xp.complex128
    return dtype


def as_array(xp, value, like):
    """``value`` (a Python number, a numpy array or an array of ``xp``) as an array of
    ``xp`` on ``like``'s device; a Python float takes ``like``'s float dtype (a seed of
    1.0 must not turn float32 gradients into float64)."""
    if backend_name(value) not in (None, "numpy"):
        return value
    if backend_name(like) in (None, "numpy"):
        return xp.asarray(value)
    if type(value) in (float, int) and is_floating(xp, like) \
            and not is_complex(xp, like):
        return xp.asarray(value, dtype=like.dtype, device=device_of(like))
    return xp.asarray(value, device=device_of(like))


def axis_arg(axis):
    """An ``axis`` argument as the array API takes it (a tuple, not a list)."""
    return tuple(axis) if isinstance(axis, list) else axis


def broadcast_like(xp, x, shape, like=None):
    """``xp.broadcast_to(x, shape)``; a Dask result takes ``like``'s chunks when ``like``
    is a Dask array of that shape (Dask would make each new axis one chunk, and keep
    ``x``'s chunks on the others)."""
    shape = tuple(shape)
    if backend_name(like) == "dask.array" and like.shape == shape:
        # imported late on purpose: only Dask arguments reach here (dask is optional)
        import dask.array as da
        x = da.asarray(x)
        extra = len(shape) - x.ndim
        kept = {i: like.chunks[i + extra] for i in range(x.ndim) if x.shape[i] == shape[i + extra]}
        if any(x.chunks[i] != c for i, c in kept.items()):
            x = x.rechunk(kept)
        return da.broadcast_to(x, shape, chunks=like.chunks)
    return xp.broadcast_to(x, shape)


def array_sum(x, axis=None, keepdims=False):
    """``np.sum(x, axis, keepdims)`` on any array library (numpy's own for numpy)."""
    xp = foreign_namespace(x) if type(x) not in PLAIN else None
    if xp is None:
        return np.sum(x, axis=axis, keepdims=keepdims)
    return xp.sum(x, axis=axis_arg(axis), keepdims=keepdims)


def lifted(xp, value, lead):
    """``value`` as an operand of ``lead`` (an array of ``xp``): numpy arrays and numpy
    scalars become arrays of ``xp``; Python numbers stay (the array API takes them)."""
    if isinstance(value, (np.ndarray, np.generic)):
        return as_array(xp, value, lead)
    return value


def copy_array(xp, x):
    """A new array holding ``x``'s values, to write into (a Dask array's ``x[i] = v``
    rebinds the object's graph: the copy keeps the caller's ``x`` as it was)."""
    return xp.asarray(x, copy=True)


# The runtime helpers (as generated code names them) made and tested generic: generated
# code for non-numpy arrays may call only these.  tests/test_runtime_backends.py covers
# exactly this set.
PORTABLE_HELPERS = frozenset({
    "unbroadcast", "broadcast_to_like", "broadcast_shape", "shape_of", "unreduce", "mean_count",
    "extremum_mask", "weighted_sum", "real_part", "real_cotangent", "real_seed", "unit_cotangent",
    "match_complex", "require_inexact", "matmul_grad_lhs", "matmul_grad_rhs", "zero_derivative",
    "getitem_cotangent", "accumulate_at", "accumulate_item", "clear_at", "zero_at", "store_at",
    "with_item", "check_not_sequences", "untranspose", "mask_where", "safe_div", "abs_slope",
    "dot_grad_lhs", "dot_grad_rhs", "unstack", "unbroadcast_each", "private_copy", "iteration_item",
    "iteration_item_cotangent", "require_none", "require_real", "pow_deriv", "pow_deriv_dy",
    "safe_log", "pow_log", "pow_log_dx", "base_log", "sign_tangent", "clip_mask", "softmax_tangent",
    "log_softmax_tangent", "log_softmax_cotangent", "extremum_tangent", "where_count",
    "concatenate_part", "concatenate_part_transpose", "unconcatenate", "split_transpose",
    "split_like", "sum_broadcast", "reverse_cumsum", "diff_transpose", "astype", "astype_tangent",
    "astype_cotangent", "undiag", "undiagonal", "untrace", "log_of_base", "list_append",
    "updates_in_place", "alias_update", "if_in_place", "unless_in_place", "check_not_in_place",
    "check_item_not_in_place", "abs_slope_tangent", "abs_slope_cotangent", "abs_slope_third",
    "ptp_mask", "nanmean_weights", "full_weights", "unfull_weights", "inner_grad_lhs",
    "inner_grad_rhs", "tensordot_grad_lhs", "tensordot_grad_rhs", "x_over", "default_ones",
    "angle_unit", "require_order_cf", "array_namespace",
})
