"""The one table from numpy's names to the array API standard's (2023.12), for code
generated for arrays of another library (ad/namespace.py rewrites ``np.<f>`` with it).

An entry maps a numpy function's name to ``Std(name, params, positional, keywords)``:
the standard function of the same meaning, numpy's parameter names in order (what a
call's positional arguments bind to), how many of them the standard takes
positionally, and the numpy keywords the standard takes, each under its standard
name.  A call passing anything else (``out=``, ``where=``, ``order=``, ``initial=``, a
``*args``) has no exact standard equivalent and is refused; so is every numpy name not
listed here.  ``ARGUMENT_VALUES`` lists keyword values that change the meaning where
the standard does not follow numpy (``np.std(x)`` is ``ddof=0``, the standard's
``correction=0.0``: the same; ``np.transpose(a)`` with no axes is refused).

Names are chosen for exactness, not coverage: ``np.einsum``, ``np.linalg.*`` and the
ufunc methods (``np.add.reduce``) have no entry.  ``REWRITTEN`` lists the functions the
namespace pass spells with other means: ``np.exp2(x)`` is ``2.0 ** x``,
``np.swapaxes(a, i, j)`` is ``xp.moveaxis(a, (i, j), (j, i))``, and ``np.dot(a, b)`` of
arrays known to be 1-d or 2-d is ``xp.matmul(a, b)`` (``np.dot``'s meaning depends on
the ranks: others are refused); ``np.copy(a)`` (and ``x.copy()`` of an argument) is
``xp.asarray(a, copy=True)``.
"""
import collections

Std = collections.namedtuple("Std", "name params positional keywords")


def _unary(std):
    return Std(std, ("x",), 1, {})


def _binary(std):
    return Std(std, ("x1", "x2"), 2, {})


def _reduction(std):
    return Std(std, ("a", "axis"), 1, {"axis": "axis", "keepdims": "keepdims"})


_UNARY = {
    "abs": "abs", "absolute": "abs", "arccos": "acos", "arccosh": "acosh", "arcsin": "asin",
    "arcsinh": "asinh", "arctan": "atan", "arctanh": "atanh", "ceil": "ceil", "conj": "conj",
    "conjugate": "conj", "cos": "cos", "cosh": "cosh", "exp": "exp", "expm1": "expm1",
    "floor": "floor", "imag": "imag", "isfinite": "isfinite", "isinf": "isinf", "isnan": "isnan",
    "log": "log", "log10": "log10", "log1p": "log1p", "log2": "log2", "logical_not": "logical_not",
    "negative": "negative", "positive": "positive", "real": "real", "sign": "sign",
    "signbit": "signbit", "sin": "sin", "sinh": "sinh", "sqrt": "sqrt", "square": "square",
    "tan": "tan", "tanh": "tanh", "trunc": "trunc", "reciprocal": "reciprocal",
}
_BINARY = {
    "add": "add", "arctan2": "atan2", "copysign": "copysign", "divide": "divide",
    "equal": "equal", "floor_divide": "floor_divide", "greater": "greater",
    "greater_equal": "greater_equal", "hypot": "hypot", "less": "less",
    "less_equal": "less_equal", "logaddexp": "logaddexp", "logical_and": "logical_and",
    "logical_or": "logical_or", "logical_xor": "logical_xor", "maximum": "maximum",
    "minimum": "minimum", "multiply": "multiply", "not_equal": "not_equal", "power": "pow",
    "remainder": "remainder", "subtract": "subtract", "true_divide": "divide",
    "matmul": "matmul",
}

TABLE = {name: _unary(std) for name, std in _UNARY.items()}
TABLE.update({name: _binary(std) for name, std in _BINARY.items()})
TABLE.update({
    "sum": _reduction("sum"), "prod": _reduction("prod"), "mean": _reduction("mean"),
    "max": _reduction("max"), "min": _reduction("min"), "amax": _reduction("max"),
    "amin": _reduction("min"), "any": _reduction("any"), "all": _reduction("all"),
    "argmax": _reduction("argmax"), "argmin": _reduction("argmin"),
    "std": Std("std", ("a", "axis"), 1, {"axis": "axis", "keepdims": "keepdims",
                                         "ddof": "correction"}),
    "var": Std("var", ("a", "axis"), 1, {"axis": "axis", "keepdims": "keepdims",
                                         "ddof": "correction"}),
    "cumsum": Std("cumulative_sum", ("a", "axis"), 1, {"axis": "axis"}),
    "vecdot": Std("vecdot", ("x1", "x2"), 2, {"axis": "axis"}),
    "round": _unary("round"), "around": _unary("round"),
    "where": Std("where", ("condition", "x", "y"), 3, {}),
    "clip": Std("clip", ("a", "a_min", "a_max"), 3, {}),
    "concatenate": Std("concat", ("arrays", "axis"), 1, {"axis": "axis"}),
    "stack": Std("stack", ("arrays", "axis"), 1, {"axis": "axis"}),
    "transpose": Std("permute_dims", ("a", "axes"), 2, {}),
    "permute_dims": Std("permute_dims", ("a", "axes"), 2, {}),
    "reshape": Std("reshape", ("a", "shape"), 2, {}),
    "expand_dims": Std("expand_dims", ("a", "axis"), 1, {"axis": "axis"}),
    "squeeze": Std("squeeze", ("a", "axis"), 2, {}),
    "broadcast_to": Std("broadcast_to", ("array", "shape"), 2, {}),
    "broadcast_arrays": Std("broadcast_arrays", (), 0, {}),
    "flip": Std("flip", ("m", "axis"), 1, {"axis": "axis"}),
    "roll": Std("roll", ("a", "shift", "axis"), 2, {"axis": "axis"}),
    "moveaxis": Std("moveaxis", ("a", "source", "destination"), 3, {}),
    "tile": Std("tile", ("A", "reps"), 2, {}),
    "repeat": Std("repeat", ("a", "repeats", "axis"), 2, {"axis": "axis"}),
    "tril": Std("tril", ("m", "k"), 1, {"k": "k"}),
    "triu": Std("triu", ("m", "k"), 1, {"k": "k"}),
    "tensordot": Std("tensordot", ("a", "b", "axes"), 2, {"axes": "axes"}),
    "take": Std("take", ("a", "indices", "axis"), 2, {"axis": "axis"}),
    "sort": Std("sort", ("a", "axis"), 1, {"axis": "axis"}),
    "zeros_like": Std("zeros_like", ("a", "dtype"), 1, {"dtype": "dtype"}),
    "ones_like": Std("ones_like", ("a", "dtype"), 1, {"dtype": "dtype"}),
    "full_like": Std("full_like", ("a", "fill_value", "dtype"), 2, {"dtype": "dtype"}),
    "zeros": Std("zeros", ("shape", "dtype"), 1, {"dtype": "dtype"}),
    "ones": Std("ones", ("shape", "dtype"), 1, {"dtype": "dtype"}),
    "full": Std("full", ("shape", "fill_value", "dtype"), 2, {"dtype": "dtype"}),
    "eye": Std("eye", ("N", "M", "k", "dtype"), 2, {"k": "k", "dtype": "dtype"}),
    "asarray": Std("asarray", ("a", "dtype"), 1, {"dtype": "dtype"}),
    "astype": Std("astype", ("x", "dtype"), 2, {}),
    "isdtype": Std("isdtype", ("dtype", "kind"), 2, {}),
    "result_type": Std("result_type", (), 0, {}),
    "finfo": Std("finfo", ("dtype",), 1, {}),
    "iinfo": Std("iinfo", ("int_type",), 1, {}),
})

# numpy functions without a standard counterpart of their own, written otherwise
# (ad/namespace.py: positional arguments only)
REWRITTEN = {"exp2": 1, "swapaxes": 3, "dot": 2, "copy": 1}

# keyword values whose meaning the standard does not share (the call is refused)
ARGUMENT_VALUES = {
    ("transpose", "axes"): "None",      # numpy reverses the axes; the standard needs them
    ("squeeze", "axis"): "None",        # numpy drops every 1; the standard needs the axis
    ("cumsum", "axis"): "None",         # numpy flattens first
}
# parameters numpy may leave out that the standard requires (the call is refused)
REQUIRED = {"transpose": "axes", "permute_dims": "axes", "squeeze": "axis", "cumsum": "axis"}

# numpy's constants and dtypes that are the standard's under the same name
ATTRIBUTES = frozenset({
    "e", "inf", "nan", "pi", "bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
    "uint32", "uint64", "float32", "float64", "complex64", "complex128",
})
# numpy's scalar types a call of which converts a value: ``np.float64(1.0)`` is
# ``xp.asarray(1.0, dtype=xp.float64)`` (a 0-d array of that dtype)
SCALAR_TYPES = frozenset(ATTRIBUTES - {"e", "inf", "nan", "pi", "bool"})

# array methods and what they are: ``x.sum(0)`` is ``np.sum(x, 0)``
METHODS = {
    "sum": "sum", "prod": "prod", "mean": "mean", "max": "max", "min": "min", "std": "std",
    "var": "var", "any": "any", "all": "all", "argmax": "argmax", "argmin": "argmin",
    "astype": "astype", "cumsum": "cumsum", "clip": "clip", "conj": "conj",
    "conjugate": "conj", "repeat": "repeat", "squeeze": "squeeze",
}
# methods whose arguments are a shape or axes, given one by one or as one tuple
VARARG_METHODS = {"reshape": "reshape", "transpose": "permute_dims"}
# attributes of the standard's array object (kept as they are)
ARRAY_ATTRIBUTES = frozenset({"T", "mT", "shape", "ndim", "dtype", "device", "size"})
