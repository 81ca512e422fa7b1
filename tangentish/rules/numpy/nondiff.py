"""NumPy functions whose results carry no derivative (piecewise constant, boolean,
integer or shape valued): constants for differentiation in both modes."""
import numpy as np

from ..table import RULES, nondiff

nondiff(np.shape, np.ndim, np.size, np.floor, np.ceil, np.round, np.argmax, np.argmin,
        np.zeros_like, np.ones_like, np.zeros, np.ones, np.empty_like, np.isnan, np.isfinite,
        np.greater, np.less, np.equal, np.greater_equal, np.less_equal, np.not_equal,
        note="no derivative (piecewise constant, shape or constant)")
_NONDIFF = [
    "argsort", "argwhere", "nonzero", "flatnonzero", "searchsorted", "unique", "count_nonzero",
    "isinf", "isposinf", "isneginf", "isreal", "iscomplex", "isclose", "allclose", "array_equal",
    "array_equiv", "logical_and", "logical_or", "logical_not", "logical_xor", "any", "all",
    "rint", "trunc", "fix", "around", "floor_divide", "signbit", "empty", "eye", "identity", "tri",
    "indices", "digitize", "result_type", "iscomplexobj", "isrealobj", "isscalar",
    "broadcast_shapes", "argpartition", "lexsort", "nanargmax", "nanargmin", "unravel_index",
    "ravel_multi_index", "diag_indices", "tril_indices", "triu_indices", "isin", "spacing",
    "gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "invert",
    "left_shift", "right_shift", "ndindex", "may_share_memory", "shares_memory", "promote_types", "can_cast",
]
nondiff(*[getattr(np, n) for n in _NONDIFF if hasattr(np, n) and getattr(np, n) not in RULES],
        note="no derivative (piecewise constant, boolean, integer or shape valued)")
# np.unique's values are elements of its input, but it is declared here as an index-like
# function (as the issue asks): np.sort is the differentiable way to order values.
# Casts to integer and boolean scalar types (np.int64(x)): integer valued, so no
# derivative, as ``x.astype(int)`` (runtime astype_tangent / astype_cotangent give 0).
_INT_CASTS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "intp",
              "uintp", "bool_"]
nondiff(*dict.fromkeys(getattr(np, n) for n in _INT_CASTS if hasattr(np, n)
                       and getattr(np, n) not in RULES),
        note="a cast to an integer or boolean type: integer valued, no derivative")
