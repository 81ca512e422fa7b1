"""The pieces a recorded line is made of, and the recording state, below
every other tf module: the tapes recording now (``RECORDING``, ``paused``),
the non-tensor arguments of a line (``Lit``, ``Index``, ``Const``) and their
text, the names of objects in program text, numpy's floating-point error
state while an op runs, templates compiled to eager functions, ``TensorShape``
and the numpy-only conversion rules (TF's default dtypes).
"""
import keyword
import math
import re
import weakref

import numpy as np

from .. import api as _tg_api
from . import dtypes as _dtypes
from .errors import InvalidArgumentError

# Tapes currently recording (innermost last); tape.py pushes and pops.
RECORDING = []

# numpy dtype -> DType (as_dtype for the others: an error)
DTYPE_OF = {d._np: d for d in (getattr(_dtypes, n) for n in _dtypes.__all__)
            if isinstance(d, _dtypes.DType)}


def kernel_error(op_name, message):
    """An InvalidArgumentError as an eager kernel reports it."""
    return InvalidArgumentError(None, None, f"{message} [Op:{op_name}] name: ")


# ---------------------------------------------------------------------------
# Arguments of a recorded line that are not tensors.  Each keeps its value in
# ``_value``, as a Tensor does, so an op reads all its arguments' values alike.
class Lit:
    """A Python value written into the program text (``2``, ``0.5``, ``(0, 1)``, ``None``)."""

    __slots__ = ("_value",)

    def __init__(self, value):
        self._value = value


class Index:
    """An index ``x[...]``: ints, slices, None, Ellipsis; arrays in it become parameters."""

    __slots__ = ("_value",)

    def __init__(self, value):
        self._value = value


class Const:
    """An opaque value passed to the program as a parameter (an array, a binding)."""

    __slots__ = ("_value",)

    def __init__(self, value):
        self._value = value


def literal_ok(value):
    """Can ``value`` be written as a literal in program text?"""
    if value is None or isinstance(value, (bool, int, str)) and not isinstance(value, np.generic):
        return True
    if isinstance(value, float) and not isinstance(value, np.generic):
        return math.isfinite(value)
    if isinstance(value, (tuple, list)):
        return all(literal_ok(v) for v in value)
    return False


def render_literal(value):
    text = repr(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        return f"({text})"
    return text


# ---------------------------------------------------------------------------
# Names the program text uses for objects (custom gradients, inner gradients).
_SYMBOL_NAMES = {}     # id(obj) -> (name, weak or strong reference to obj)
_SYMBOL_TAKEN = {"np", "stop_gradient"}
_RESERVED = re.compile(r"^(?:[scv]\d+|(?:grad_)?tape_program\w*)$")


def symbol_name(obj, base):
    """A stable, process-unique identifier for ``obj`` in program text.

    A name is never given to another object (programs are cached by their
    text, so a name must keep meaning one object)."""
    entry = _SYMBOL_NAMES.get(id(obj))
    if entry is not None and entry[1]() is obj:
        return entry[0]
    base = re.sub(r"\W", "_", base) or "fn"
    if base[0].isdigit() or _RESERVED.match(base) or keyword.iskeyword(base):
        base = "fn_" + base
    name, k = base, 1
    while name in _SYMBOL_TAKEN:
        k += 1
        name = f"{base}_{k}"
    _SYMBOL_TAKEN.add(name)
    key = id(obj)
    try:
        ref = weakref.ref(obj, lambda _r, key=key: _SYMBOL_NAMES.pop(key, None))
    except TypeError:
        ref = (lambda o: (lambda: o))(obj)
    _SYMBOL_NAMES[key] = (name, ref)
    return name


# ---------------------------------------------------------------------------
# Numpy's floating-point error reporting is off while an op runs (TF never
# warns about overflow or 0/0).  ``np.errstate(all="ignore")`` builds a new
# error state on every entry (~0.7 us, as much as the op itself on small
# arrays), so the "ignore everything" state is built once and swapped in through
# the context variable np.errstate itself sets: ``token = FP_ERRORS.set(IGNORE)
# ... FP_ERRORS.reset(token)``.  Numpy versions without that variable get an
# object with the same two methods that uses np.errstate.
class _Errstate:
    def set(self, _ignore):
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    def reset(self, state):
        state.__exit__(None, None, None)


# (the one import not at the top: numpy's private module, absent in some versions)
try:
    from numpy._core._ufunc_config import _extobj_contextvar as FP_ERRORS, _make_extobj
    IGNORE = _make_extobj(all="ignore")
except (ImportError, AttributeError, TypeError):   # pragma: no cover - other numpy versions
    FP_ERRORS, IGNORE = _Errstate(), None


# ---------------------------------------------------------------------------
# Eager evaluation of a template.
_LAMBDAS = {}


def eager(template, nargs, symbols=None):
    """The template compiled as ``lambda a0, a1, ...: <template>`` (cached)."""
    key = (template, nargs, tuple(sorted(symbols)) if symbols else ())
    fn = _LAMBDAS.get(key)
    if fn is None:
        params = [f"a{i}" for i in range(nargs)]
        body = template.format(*params)
        namespace = {"np": np, "stop_gradient": _tg_api.stop_gradient}
        if symbols:
            namespace.update(symbols)
        fn = _LAMBDAS[key] = eval(f"lambda {', '.join(params)}: {body}", namespace)  # noqa: S307
    return fn


class paused:
    """Context: no tape records (or watches) anything inside."""

    def __init__(self, tapes=None):
        self.tapes = tapes

    def __enter__(self):
        self.saved = RECORDING[:]
        RECORDING[:] = [] if self.tapes is None else list(self.tapes)

    def __exit__(self, *exc):
        RECORDING[:] = self.saved



# ---------------------------------------------------------------------------
class TensorShape(tuple):
    """``str`` is ``(2, 2)`` (as TF prints shapes), ``repr`` is ``TensorShape([2, 2])``."""

    def __new__(cls, dims=()):
        if dims is None:
            dims = ()
        return super().__new__(cls, tuple(None if d is None else int(d) for d in dims))

    def __str__(self):
        return tuple.__repr__(tuple(self))

    def __repr__(self):
        return f"TensorShape({list(self)})"

    def __getitem__(self, key):
        item = tuple.__getitem__(self, key)
        return TensorShape(item) if isinstance(key, slice) else item

    @property
    def rank(self):
        return len(self)

    ndims = rank

    @property
    def dims(self):
        return list(self)

    def as_list(self):
        return list(self)

    def num_elements(self):
        return int(np.prod(self, dtype=np.int64)) if all(d is not None for d in self) else None

    def is_fully_defined(self):
        return all(d is not None for d in self)


# numpy 2.1+ prints a float16 / float32 scalar in scientific notation from these
# magnitudes on (1e+10, not numpy 2.0's 10000000000.0): the spelling TF shows with
# current numpy, kept on every supported numpy by _scalar_str
_SCIENTIFIC_FROM = {np.dtype(np.float16): 1e3, np.dtype(np.float32): 1e6}


def _scalar_str(x):
    """``str(x)`` of a numpy scalar as numpy 2.1+ writes it."""
    if not isinstance(x, np.generic):   # a string tensor's bytes
        return str(x)
    start = _SCIENTIFIC_FROM.get(x.dtype)
    if start is None or not np.isfinite(x):
        return str(x)
    size = abs(float(x))
    if size >= start or 0 < size < 1e-4:
        return np.format_float_scientific(x, unique=True, trim="-")
    return np.format_float_positional(x, unique=True, trim="0")


def numpy_text(value, is_repr):
    """TF's ``numpy_text``: repr of a scalar is the Python item's repr."""
    if value.ndim == 0:
        text = repr(value.item()) if is_repr else _scalar_str(value[()])
    else:
        text = repr(value) if is_repr else str(value)
    if "\n" in text:
        text = "\n" + text
    return text



# ---------------------------------------------------------------------------
# Conversions of Python and numpy values (no tensors involved).
_INT32 = np.iinfo(np.int32)


def is_python_scalar(v):
    return isinstance(v, (bool, int, float, complex)) and not isinstance(v, np.generic)



_INT64_MAX = 2 ** 63 - 1


def default_numpy(value):
    """A Python value (scalar or nested lists) as a numpy array with TF's default dtype."""
    arr = np.array(value)
    kind = arr.dtype.kind
    if kind in "uO" and _out_of_int64(arr):
        raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
    if kind == "f":
        return arr.astype(np.float32)
    if kind in "iu":
        if arr.size == 0 or (arr.min() >= _INT32.min and arr.max() <= _INT32.max):
            return arr.astype(np.int32)
        return arr.astype(np.int64)
    if kind == "b":
        return arr
    if kind == "c":
        return arr.astype(np.complex128)
    raise TypeError(f"Failed to convert elements of {value!r} to Tensor. Consider casting "
                    "elements to a supported type.")


def _out_of_int64(arr):
    """Python integers beyond int64 (numpy makes them uint64 or objects)."""
    if arr.dtype.kind == "u":
        return arr.size > 0 and int(arr.max()) > _INT64_MAX
    items = arr.ravel().tolist()
    return bool(items) and all(type(v) is int for v in items) \
        and any(not -_INT64_MAX - 1 <= v <= _INT64_MAX for v in items)


def cast_python(value, dtype):
    """A Python value converted to ``dtype`` as TF allows (no silent truncation)."""
    arr = np.array(value)
    if arr.dtype.kind in "fc" and (dtype.is_integer or dtype.is_bool):
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    if arr.dtype.kind == "b" and not dtype.is_bool:
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    if arr.dtype.kind in "iu" and dtype.is_bool:
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    if arr.dtype.kind == "O" or arr.dtype.kind in "SU":
        raise TypeError(f"Failed to convert elements of {value!r} to Tensor.")
    return arr.astype(dtype.as_numpy_dtype)



def hint_allows(np_dtype, target):
    """TF converts a numpy operand to the other operand's dtype unless that loses
    the kind (a float array stays float next to an int tensor)."""
    kind = np.dtype(np_dtype).kind
    if target.is_floating:
        return kind in "fiu"
    if target.is_integer:
        return kind in "iu"
    if target.is_complex:
        return kind in "fiuc"
    return kind == "b"


__all__ = ["RECORDING", "DTYPE_OF", "kernel_error", "Lit", "Index", "Const", "literal_ok",
           "render_literal", "symbol_name", "FP_ERRORS", "IGNORE", "eager", "paused",
           "TensorShape", "numpy_text", "is_python_scalar", "default_numpy", "cast_python",
           "hint_allows"]
