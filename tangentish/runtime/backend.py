"""Which array library a call's arguments belong to, and its array-API namespace.

Generated code for NumPy inputs calls numpy directly; for other array libraries
(Dask, CuPy, array_api_strict, ...) it works through the namespace
``array_namespace`` returns, and may call only the helpers in ``PORTABLE_HELPERS``
(each tested on NumPy, array_api_strict and Dask by tests/test_runtime_backends.py).

NumPy arrays, NumPy scalars and Python numbers belong to numpy: the fast path answers
them without importing array_api_compat.  One other library may be mixed with them
(Dask accepts NumPy operands); two different non-numpy libraries are refused.
"""
import numpy as np

__all__ = ["array_namespace"]

_NUMPY_TYPES = (np.ndarray, np.generic, float, int, complex, bool)


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
    if not hasattr(value, "shape") or not hasattr(value, "dtype"):
        return None
    return module.split(".")[0] or None


def namespace(x):
    """The array-API namespace of one value: numpy for numpy arrays, numpy scalars,
    Python numbers and non-arrays; otherwise array_api_compat's namespace of its library."""
    if _is_numpy(x) or backend_name(x) is None:
        return np
    return _compat_namespace(x)


def array_namespace(*values):
    """The array-API namespace for a call's arguments: numpy when every array among
    them is numpy (numbers and non-arrays do not count); otherwise array_api_compat's
    namespace of the one non-numpy array library among them, which numpy arrays and
    numbers may accompany.  TypeError when two different non-numpy libraries are mixed."""
    other = None
    other_name = None
    for value in values:
        if _is_numpy(value):
            continue
        name = backend_name(value)
        if name is None or name == "numpy":
            continue
        if other is None:
            other, other_name = value, name
        elif name != other_name:
            raise TypeError(f"tangentish cannot mix {other_name} and {name} arrays in one call: "
                            f"convert them to one array library first")
    if other is None:
        return np
    return _compat_namespace(other)


def _compat_namespace(value):
    """array_api_compat's namespace for a non-numpy array."""
    # imported late on purpose: array_api_compat is optional (the core install is numpy + gast)
    # and only arguments of another array library need it
    import array_api_compat
    return array_api_compat.array_namespace(value)


def is_numpy_namespace(xp):
    """True for numpy itself and array_api_compat's wrapper of it."""
    return xp is np or getattr(xp, "__name__", "").endswith("numpy")


# The runtime helpers (as generated code names them) made and tested generic: generated
# code for non-numpy arrays may call only these.  tests/test_runtime_backends.py covers
# exactly this set.
PORTABLE_HELPERS = frozenset()
