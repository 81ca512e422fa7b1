"""What the public API hands back: derivatives in the type of the value they belong to.

Generated code computes with numpy scalars, 0-d arrays and the accumulating cotangent
containers (``runtime.containers.ListCotangent`` & co, whose ``+`` adds entrywise);
those stay inside.  At the API boundary (``grad``, ``value_and_grad``, a ``vjp``
pullback, ``jvp``, ``hvp``, ``jacobian``, ``hessian``) ``like(result, value)`` gives
the result the type of ``value`` (the argument differentiated, or ``jvp``'s output):

========================  =======================================================
value                     result
========================  =======================================================
Python float (int)        Python float (complex: complex)
numpy scalar (np.float32)  numpy scalar of that dtype
0-d array                 0-d array of that dtype
array                     array of that dtype
list / tuple / dict       plain list / tuple / dict, each entry by the same rule
========================  =======================================================

Arrays of another library (Dask, CuPy, array_api_strict: ``runtime.backend``) are
handed back in the array type the computation produced, never converted nor computed:
a Dask gradient stays lazy (call ``.compute()``), and the derivative of a NumPy
argument whose computation involved Dask arrays is a Dask array too.  A Python float
argument gets a Python float, a NumPy argument a NumPy array, only when its derivative
came out a NumPy value.  The float32 rounding below applies to them alike, through
their own library (``xp.astype``: lazy for Dask): a float32 argument's derivative
is float32 on every library, as NumPy's.

A conversion never changes a value, with one exception kept from before: a float32
(float16) value gets its derivative rounded to that precision, as autograd and JAX
give it.  Anything else (a complex derivative of a real value, a shape that differs,
an entry without a derivative, ``None``) is handed back as computed; cotangent
containers become plain containers all the same."""
import numpy as np

from ..runtime.backend import MIXES_NUMPY, backend_name, namespace
from ..runtime.containers import DictCotangent, ListCotangent, TupleCotangent, plain_containers

__all__ = ["like", "low_precision", "direction_like"]


def low_precision(value):
    """A float array or numpy float scalar below float64 (float32, float16)."""
    return isinstance(value, (np.ndarray, np.floating)) and value.dtype.kind == "f" \
        and value.dtype.itemsize < 8


def foreign(value):
    """An array of a library other than numpy (Dask, CuPy, array_api_strict...)."""
    return type(value) is not np.ndarray and backend_name(value) not in (None, "numpy")


def _target_dtype(value):
    """The dtype a derivative of ``value`` is given, or None (not a number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return np.dtype(float)
    if isinstance(value, complex):
        return np.dtype(complex)
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "fc":
        return value.dtype
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype.kind in "iub":
        return np.dtype(float)
    return None


def _numeric(result):
    return isinstance(result, (int, float, complex, np.ndarray, np.generic)) and \
        not isinstance(result, bool) and np.asarray(result).dtype.kind in "iufc"


def _exact_dtype(result, dtype):
    """``result``'s values in ``dtype`` when that keeps them (a float32 target takes a
    float64 result rounded: the documented exception), else None."""
    have = np.asarray(result).dtype
    if np.can_cast(have, dtype, "safe"):
        return dtype
    if dtype.kind == "f" and have.kind in "f" and dtype.itemsize < 8:
        return dtype                        # float32/float16 argument: rounded to it
    if dtype.kind == "c" and have.kind in "fc" and dtype.itemsize < 16:
        return dtype                        # complex64 likewise
    return None


def _foreign_leaf(result, value):
    """Another library's derivative as computed (still lazy), rounded to a float32
    (float16, complex64) argument's dtype of the same library, as numpy's is."""
    if not (foreign(result) and backend_name(result) == backend_name(value)) \
            or getattr(result, "shape", None) != getattr(value, "shape", None):
        return result
    xp = namespace(result)
    for kind in ("real floating", "complex floating"):
        if xp.isdtype(value.dtype, kind) and xp.isdtype(result.dtype, kind) \
                and xp.finfo(value.dtype).bits < xp.finfo(result.dtype).bits:
            return xp.astype(result, value.dtype)
    return result


def _leaf(result, value):
    if foreign(result) or foreign(value):
        return _foreign_leaf(result, value)
    if not _numeric(result):
        return result
    dtype = _target_dtype(value)
    if dtype is None or np.shape(result) != np.shape(value):
        return result
    dtype = _exact_dtype(result, dtype)
    if dtype is None:
        return result
    if isinstance(value, np.ndarray):
        out = np.asarray(result, dtype=dtype)
        if out.ndim != np.ndim(result):
            return result
        return out if out.flags.writeable else out.copy()
    if isinstance(value, np.generic):
        return np.asarray(result, dtype=dtype)[()]
    return np.asarray(result, dtype=dtype).item()      # a Python number


_FLOAT64 = np.dtype(np.float64)


def _float64_like(result, value):
    """``_leaf(result, value)`` for a float64 ``result`` (a Python float or np.float64)
    where ``value`` is a float64 too (a Python float, np.float64 or 0-d array; None for
    any other), without its conversions through arrays: the same value, in the same type."""
    if type(value) is float:
        return float(result)                # _leaf: np.asarray(result, float).item()
    if type(value) is np.float64:
        return np.float64(result)           # _leaf: np.asarray(result, float64)[()]
    if type(value) is np.ndarray and value.shape == () and value.dtype == _FLOAT64:
        return np.asarray(result, dtype=_FLOAT64)      # _leaf: a new 0-d array
    return None


def like(result, value):
    """``result`` (a derivative belonging to ``value``) in ``value``'s type: see the
    module docstring.  Values are never changed (float32 rounding aside)."""
    if type(result) is np.ndarray and type(value) is np.ndarray and result.dtype == value.dtype \
            and value.dtype.kind in "fc" and result.shape == value.shape:
        # the common case, as ``_leaf`` returns it (fast: no conversion); a broadcast
        # view (np.sum(x + y)'s gradient) is read-only: the caller gets a writable copy
        return result if result.flags.writeable else result.copy()
    if type(result) is float or type(result) is np.float64:
        scalar = _float64_like(result, value)
        if scalar is not None:
            return scalar
    if isinstance(value, list) and type(result) in (list, ListCotangent) \
            and len(result) == len(value):
        return [like(r, v) for r, v in zip(result, value)]
    if isinstance(value, tuple) and type(result) in (tuple, TupleCotangent) \
            and len(result) == len(value):
        return tuple(like(r, v) for r, v in zip(result, value))
    if isinstance(value, dict) and type(result) in (dict, DictCotangent):
        return {k: like(r, value[k]) if k in value else plain_containers(r) for k, r in result.items()}
    if isinstance(result, (list, tuple, dict)):
        return plain_containers(result)
    return _leaf(result, value)


def like_each(results, values):
    """``like`` for each of several derivatives (a tuple, one per value)."""
    return tuple(like(r, v) for r, v in zip(results, values))


def direction_like(direction, primal):
    """A NumPy ``direction`` (a jvp tangent, a vjp cotangent, an hvp vector: the caller's
    direction, shaped like ``primal``) for a ``primal`` of a library that mixes no NumPy
    arrays (array_api_strict, CuPy: ``MIXES_NUMPY``): that library's array of the same
    values and dtype, on the primal's device.  Anything else as it is (Dask takes NumPy
    operands; NumPy primals keep NumPy directions)."""
    if not isinstance(direction, (np.ndarray, np.generic)) or not foreign(primal) \
            or backend_name(primal) in MIXES_NUMPY:
        return direction
    xp = namespace(primal)
    return xp.asarray(direction, device=getattr(primal, "device", None))
