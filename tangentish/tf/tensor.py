"""Values: ``Tensor`` (an immutable numpy array with a TF dtype), ``Variable``
(mutable, watched by tapes when read) and the conversions between them and
Python / numpy values, with TF's dtype rules.

Every primitive computation goes through ``prim(template, *args)``: the
template is one line of numpy (``"{0} * {1}"``, ``"np.sum({0}, axis={1})"``);
it is evaluated eagerly (as a lambda compiled from the same text) and, when a
``GradientTape`` is recording and an input is being tracked, recorded on the
tape as that same line.  The recorded lines are what a tape turns into a
program for the engine (tape.py), so eager values and the differentiated
program can never disagree.
"""
import itertools
import keyword
import math
import operator
import re
import weakref

import numpy as np

from .. import api as _tg_custom
from . import dtypes as _dtypes
from .errors import _kernel_error

# Tapes currently recording (innermost last); tape.py pushes and pops.
RECORDING = []

_new_object = object.__new__
_get_value = operator.attrgetter("_value")   # (Tensor, Lit, Index and Const all have one)
_DTYPES = _dtypes._BY_NUMPY      # numpy dtype -> DType (as_dtype for the others: an error)


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
# the context variable np.errstate itself sets: ``token = _FP_ERRORS.set(_IGNORE)
# ... _FP_ERRORS.reset(token)``.  Numpy versions without that variable get an
# object with the same two methods that uses np.errstate.
class _Errstate:
    def set(self, _ignore):
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    def reset(self, state):
        state.__exit__(None, None, None)


try:
    from numpy._core._ufunc_config import _extobj_contextvar as _FP_ERRORS
    from numpy._core._ufunc_config import _make_extobj
    _IGNORE = _make_extobj(all="ignore")
except (ImportError, AttributeError, TypeError):   # pragma: no cover - other numpy versions
    _FP_ERRORS, _IGNORE = _Errstate(), None


# ---------------------------------------------------------------------------
# Eager evaluation of a template.
_LAMBDAS = {}


def _eager(template, nargs, symbols=None):
    """The template compiled as ``lambda a0, a1, ...: <template>`` (cached)."""
    key = (template, nargs, tuple(sorted(symbols)) if symbols else ())
    fn = _LAMBDAS.get(key)
    if fn is None:
        params = [f"a{i}" for i in range(nargs)]
        body = template.format(*params)
        namespace = {"np": np, "stop_gradient": _tg_custom.stop_gradient}
        if symbols:
            namespace.update(symbols)
        fn = _LAMBDAS[key] = eval(f"lambda {', '.join(params)}: {body}", namespace)  # noqa: S307
    return fn


def prim(template, *args, symbols=None, dtype=None, record=True):
    """Evaluate one numpy line on the arguments' values and record it on the tapes.

    ``args``: Tensor, Lit, Index or Const.  ``dtype``: the TF dtype of the
    result when numpy's differs (integer reductions); only non-differentiable
    results are ever cast.  ``record=False``: the result carries no gradient."""
    return _run(_eager(template, len(args), symbols), template, args, symbols, dtype, record)


def _run(fn, template, args, symbols=None, dtype=None, record=True):
    """``prim`` once the template's function is known (the common ops keep theirs)."""
    token = _FP_ERRORS.set(_IGNORE)
    try:
        value = fn(*map(_get_value, args))
    finally:
        _FP_ERRORS.reset(token)
    if type(value) is not np.ndarray:   # ufuncs return numpy scalars for 0-d inputs
        value = np.asarray(value)
    if dtype is not None and value.dtype != dtype._np:
        value = value.astype(dtype._np)
    out = _new_object(EagerTensor)   # Tensor._wrap, inlined: every op makes one
    value.setflags(write=False)
    out._value = value
    out._dtype = out_dtype = _DTYPES.get(value.dtype) or _dtypes.as_dtype(value.dtype)
    if record and RECORDING and out_dtype._differentiable:
        for tape in tuple(RECORDING):
            tape._record(out, template, args, symbols)
    return out


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


def _numpy_text(value, is_repr):
    """TF's ``_numpy_text``: repr of a scalar is the Python item's repr."""
    if value.ndim == 0:
        text = repr(value.item()) if is_repr else str(value[()])
    else:
        text = repr(value) if is_repr else str(value)
    if "\n" in text:
        text = "\n" + text
    return text


# ---------------------------------------------------------------------------
class _Ops:
    """Operators shared by Tensor and Variable (a Variable is read first)."""

    __slots__ = ()
    __array_priority__ = 100

    def __add__(self, other):
        return binary("add", self, other)

    def __radd__(self, other):
        return binary("add", other, self)

    def __sub__(self, other):
        return binary("sub", self, other)

    def __rsub__(self, other):
        return binary("sub", other, self)

    def __mul__(self, other):
        return binary("mul", self, other)

    def __rmul__(self, other):
        return binary("mul", other, self)

    def __truediv__(self, other):
        return binary("truediv", self, other)

    def __rtruediv__(self, other):
        return binary("truediv", other, self)

    def __floordiv__(self, other):
        return binary("floordiv", self, other)

    def __rfloordiv__(self, other):
        return binary("floordiv", other, self)

    def __mod__(self, other):
        return binary("mod", self, other)

    def __rmod__(self, other):
        return binary("mod", other, self)

    def __pow__(self, other):
        return binary("pow", self, other)

    def __rpow__(self, other):
        return binary("pow", other, self)

    def __matmul__(self, other):
        return binary("matmul", self, other)

    def __rmatmul__(self, other):
        return binary("matmul", other, self)

    def __lt__(self, other):
        return binary("less", self, other)

    def __le__(self, other):
        return binary("less_equal", self, other)

    def __gt__(self, other):
        return binary("greater", self, other)

    def __ge__(self, other):
        return binary("greater_equal", self, other)

    def __eq__(self, other):
        if other is None:
            return False
        return binary("equal", self, other)

    def __ne__(self, other):
        if other is None:
            return True
        return binary("not_equal", self, other)

    def __and__(self, other):
        return binary("logical_and", self, other)

    def __rand__(self, other):
        return binary("logical_and", other, self)

    def __or__(self, other):
        return binary("logical_or", self, other)

    def __ror__(self, other):
        return binary("logical_or", other, self)

    def __xor__(self, other):
        return binary("logical_xor", self, other)

    def __invert__(self):
        x = _read(self)
        if not x._dtype.is_bool:
            return prim("~{0}", x, record=False)
        return prim("np.logical_not({0})", x, record=False)

    def __neg__(self):
        x = _read(self)
        if x._dtype.is_bool:
            raise _kernel_error("Neg", "Value for attr 'T' of bool is not in the list of allowed "
                                       "values")
        return prim("-{0}", x)

    def __pos__(self):
        return _read(self)

    def __abs__(self):
        x = _read(self)
        return prim("np.abs({0})", x)

    def __getitem__(self, key):
        x = _read(self)
        return prim("{0}[{1}]", x, Index(_check_index(key)))

    def __iter__(self):
        value = self._current_value()
        if value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(value.shape[0]))

    def __len__(self):
        value = self._current_value()
        if value.ndim == 0:
            raise TypeError("len is not well defined for a rank-0 tensor")
        return value.shape[0]

    def __bool__(self):
        return bool(self._current_value())

    def __float__(self):
        return float(self._current_value())

    def __int__(self):
        return int(self._current_value())

    def __index__(self):
        value = self._current_value()
        if value.dtype.kind not in "iu":
            raise TypeError(f"Only integers can be used as an index, got {self.dtype!r}")
        return int(value)

    def __array__(self, dtype=None, copy=None):
        value = self._current_value()
        if dtype is not None and value.dtype != dtype:
            return value.astype(dtype)
        return value.copy() if copy else value

    def numpy(self):
        """The value: a numpy scalar for rank 0, else a (copied) numpy array."""
        value = self._current_value()
        return value[()] if value.ndim == 0 else value.copy()

    @property
    def ndim(self):
        return self._current_value().ndim

    def get_shape(self):
        return self.shape

    @property
    def device(self):
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    def ref(self):
        return _Reference(self)

    def experimental_ref(self):
        return _Reference(self)


class _Reference:
    """``x.ref()``: a hashable handle (Tensors and Variables themselves are unhashable)."""

    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def deref(self):
        return self._obj

    def __hash__(self):
        return id(self._obj)

    def __eq__(self, other):
        return isinstance(other, _Reference) and other._obj is self._obj

    def __repr__(self):
        return f"<Reference wrapping {self._obj!r}>"


class Tensor(_Ops):
    """An immutable value: a numpy array and a TF dtype, printed as TF prints it."""

    __slots__ = ("_value", "_dtype", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError("use tf.constant or tf.convert_to_tensor to create a Tensor")

    @staticmethod
    def _wrap(value):
        """A Tensor holding the numpy array ``value`` (which becomes read-only)."""
        t = _new_object(EagerTensor)
        value.setflags(write=False)      # values are immutable (tapes keep them)
        t._value = value
        t._dtype = _DTYPES.get(value.dtype) or _dtypes.as_dtype(value.dtype)
        return t

    def _current_value(self):
        return self._value

    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self):
        return TensorShape(self._value.shape)

    @property
    def name(self):
        raise AttributeError("Tensor.name is undefined when eager execution is enabled.")

    def __hash__(self):
        raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")

    def __str__(self):
        return (f"tf.Tensor({_numpy_text(self._value, False)}, shape={self.shape}, "
                f"dtype={self._dtype.name})")

    def __repr__(self):
        return (f"<tf.Tensor: shape={self.shape}, dtype={self._dtype.name}, "
                f"numpy={_numpy_text(self._value, True)}>")

    def __format__(self, spec):
        value = self._value
        return format(value[()] if value.ndim == 0 else value, spec)

    def __reduce__(self):
        return constant, (self._value,)


class EagerTensor(Tensor):
    """The class of every value (as in TF, where ``type(t).__name__`` is ``EagerTensor``)."""

    __slots__ = ()


# ---------------------------------------------------------------------------
class Variable(_Ops):
    """A mutable value that tapes watch when a computation reads it.

    ``assign``/``assign_add``/``assign_sub`` replace the value (never in place),
    so what a tape recorded before an assignment keeps the old value."""

    _uids = itertools.count(1)

    def __init__(self, initial_value=None, trainable=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None,
                 import_scope=None, constraint=None, synchronization=None, aggregation=None,
                 shape=None, experimental_enable_variable_lifting=True):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if callable(initial_value):
            initial_value = initial_value()
        with paused():
            value = convert_to_tensor(initial_value, dtype=dtype)._value
        self._value = np.array(value, copy=True)
        self._value.flags.writeable = False
        self._dtype = _dtypes.as_dtype(self._value.dtype)
        self._version = 0
        self._uid = next(Variable._uids)
        self._trainable = True if trainable is None else bool(trainable)
        self._name = f"{name if name is not None else 'Variable'}:0"
        self._constraint = constraint

    # The variable whose state this object reads and writes (the hot paths test
    # ``type(self) is Variable`` instead of calling this: then it is self).
    def _root(self):
        return self

    def _current_value(self):
        return self._root()._value

    def _read(self):
        """A Tensor with the current value; recording tapes see the read."""
        root = self if type(self) is Variable else self._root()
        t = _new_object(EagerTensor)   # the value is read-only already, its dtype known
        t._value = root._value
        t._dtype = root._dtype
        if RECORDING:
            for tape in tuple(RECORDING):
                tape._variable_read(root, t)
        return t

    def value(self):
        return self._read()

    def read_value(self):
        return self._read()

    @property
    def dtype(self):
        return (self if type(self) is Variable else self._root())._dtype

    @property
    def shape(self):
        return TensorShape(self._root()._value.shape)

    @property
    def name(self):
        return self._root()._name

    @property
    def trainable(self):
        return self._root()._trainable

    @property
    def constraint(self):
        return self._root()._constraint

    def __hash__(self):
        raise TypeError("Variable is unhashable. Instead, use variable.ref() as the key.")

    def _display_name(self):
        return self.name

    def __repr__(self):
        root = self._root()
        return (f"<tf.Variable '{self._display_name()}' shape={self.shape} "
                f"dtype={root._dtype.name}, numpy={_numpy_text(root._value, True)}>")

    __str__ = __repr__

    def __format__(self, spec):
        # Divergence: TF 2.21 raises TypeError for any non-empty format spec on a
        # Variable; here a Variable formats like its value (as a Tensor does).
        value = self._root()._value
        return format(value[()] if value.ndim == 0 else value, spec)

    # -- mutation ---------------------------------------------------------
    def assign(self, value, use_locking=None, name=None, read_value=True):
        root = self if type(self) is Variable else self._root()
        _store(root, _assigned_value(root, value))
        return _UnreadVariable(root) if read_value else None

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        return self._assign_with(np.add, delta, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        return self._assign_with(np.subtract, delta, read_value)

    def _assign_with(self, ufunc, delta, read_value):
        """``assign(ufunc(value, delta))``, the update computed (and kept) here."""
        root = self if type(self) is Variable else self._root()
        if type(delta) is EagerTensor and delta._dtype is root._dtype:   # the common case
            delta = delta._value
        else:
            delta = _assigned_value(root, delta)
        token = _FP_ERRORS.set(_IGNORE)
        try:
            value = ufunc(root._value, delta)
        finally:
            _FP_ERRORS.reset(token)
        _store(root, value, fresh=True)
        return _UnreadVariable(root) if read_value else None


def _assigned_value(root, value):
    """``value`` as an array of the variable's dtype (TF's AssignVariableOp check)."""
    if isinstance(value, Tensor):   # the common case (an update computed by ops)
        t = value
    else:
        with paused():
            t = convert_to_tensor(value, dtype_hint=root._dtype)
    if t._dtype is not root._dtype:
        raise _kernel_error("AssignVariableOp",
                            f"cannot compute AssignVariableOp as input #1(zero-based) was "
                            f"expected to be a {root._dtype._kernel_name} tensor but is a "
                            f"{t._dtype._kernel_name} tensor")
    return t._value


def _store(root, value, fresh=False):
    """Replace a variable's value (a new read-only array; a new version for the tapes).

    ``fresh``: ``value`` was just computed for this and nobody else holds it, so
    it is kept instead of copied when its dtype is already the variable's."""
    if type(value) is not np.ndarray:
        value = np.asarray(value)
    if value.shape != root._value.shape:
        raise ValueError(
            f"Cannot assign value to variable ' {root._name}': Shape mismatch."
            f"The variable shape {TensorShape(root._value.shape)}, and the assigned value "
            f"shape {TensorShape(value.shape)} are incompatible.")
    if not (fresh and value.dtype == root._value.dtype):
        value = np.array(value, dtype=root._value.dtype, copy=True)
    value.setflags(write=False)
    root._value = value
    root._version += 1


class _UnreadVariable(Variable):
    """What ``assign*`` return in TF 2: a view of the variable, shown as 'UnreadVariable'."""

    def __init__(self, parent):  # noqa: super().__init__ not called: a view shares state
        self._parent = parent

    def _root(self):
        return self._parent

    def _display_name(self):
        return "UnreadVariable"


# ---------------------------------------------------------------------------
# Conversions.
_INT32 = np.iinfo(np.int32)


def _is_python_scalar(v):
    return isinstance(v, (bool, int, float, complex)) and not isinstance(v, np.generic)


def _contains_tensor(value):
    if isinstance(value, (Tensor, Variable)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_contains_tensor(v) for v in value)
    return False


def _default_numpy(value):
    """A Python value (scalar or nested lists) as a numpy array with TF's default dtype."""
    arr = np.array(value)
    kind = arr.dtype.kind
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


def _cast_python(value, dtype):
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


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """``tf.convert_to_tensor``: Tensors pass through, Variables are read,
    lists holding tensors are stacked (recorded), other values are constants."""
    dtype = None if dtype is None else _dtypes.as_dtype(dtype)
    if isinstance(value, Variable):
        value = value._read()
    if isinstance(value, Tensor):
        if dtype is not None and value._dtype is not dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with "
                             f"dtype {value._dtype.name}: {value!r}")
        return value
    if isinstance(value, (list, tuple)) and _contains_tensor(value):
        from . import ops
        return ops.stack([convert_to_tensor(v, dtype=dtype, dtype_hint=dtype_hint)
                          for v in value])
    target = dtype if dtype is not None else (
        None if dtype_hint is None else _dtypes.as_dtype(dtype_hint))
    if isinstance(value, (np.ndarray, np.generic)):
        if value.dtype.kind in "OSUV":
            raise TypeError(f"Failed to convert elements of {value!r} to Tensor.")
        if target is not None and value.dtype != target._np and (
                dtype is not None or _hint_allows(value.dtype, target)):
            return Tensor._wrap(np.array(value, dtype=target._np))   # one converting copy
        return Tensor._wrap(np.array(value, copy=True))
    if target is not None:
        try:
            return Tensor._wrap(_cast_python(value, target))
        except TypeError:
            if dtype is not None:
                raise
    return Tensor._wrap(_default_numpy(value))


def _hint_allows(np_dtype, target):
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


def constant(value, dtype=None, shape=None, name="Const"):
    """``tf.constant``: a Tensor holding a copy of ``value`` (never tracked by a tape).

    As in TF 2 eager mode, a Tensor of the requested dtype (and no ``shape``) is
    returned itself: it stays connected to the tapes that track it."""
    if isinstance(value, Tensor) and shape is None and (
            dtype is None or _dtypes.as_dtype(dtype) is value._dtype):
        return value
    if isinstance(value, (Tensor, Variable)):
        value = value._current_value() if isinstance(value, Variable) else value._value
        arr = np.array(value, copy=True)
        if dtype is not None:
            arr = arr.astype(_dtypes.as_dtype(dtype).as_numpy_dtype)
        t = Tensor._wrap(arr)
    else:
        with paused():
            t = convert_to_tensor(value, dtype=dtype)
        if _contains_tensor(value):
            t = Tensor._wrap(t._value)   # a constant: the stack is not recorded
    if shape is not None:
        shape = tuple(shape)
        value = t._value
        if value.size == 1 and int(np.prod(shape)) != 1:
            value = np.full(shape, value.reshape(()), dtype=value.dtype)
        else:
            value = value.reshape(shape)
        t = Tensor._wrap(value)
    return t


def _read(x):
    """A Tensor operand: Tensors as they are, Variables read (tapes see the read)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, Variable):
        return x._read()
    return convert_to_tensor(x)


def _check_index(key):
    """TF's ``__getitem__`` accepts ints, slices, ``...``, ``None`` and scalar int tensors."""
    items = key if isinstance(key, tuple) else (key,)
    out = []
    for k in items:
        if isinstance(k, (Tensor, Variable)):
            v = k._current_value()
            if v.ndim == 0 and v.dtype.kind in "iu":
                out.append(int(v))
                continue
        elif isinstance(k, slice):
            out.append(slice(*(None if p is None else _operator_index(p)
                               for p in (k.start, k.stop, k.step))))
            continue
        elif k is None or k is Ellipsis or (isinstance(k, (int, np.integer))
                                            and not isinstance(k, bool)):
            out.append(k if not isinstance(k, np.integer) else int(k))
            continue
        raise TypeError(
            "Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
            f"tf.int32/tf.int64 tensors are valid indices, got {k!r}")
    return tuple(out) if isinstance(key, tuple) else out[0]


def _operator_index(p):
    if isinstance(p, (Tensor, Variable)):
        return int(p._current_value())
    return int(p)


# ---------------------------------------------------------------------------
# Binary operations with TF's dtype rules.
#           template              TF kernel      recorded
BINARY = {
    "add": ("{0} + {1}", "AddV2", True),
    "sub": ("{0} - {1}", "Sub", True),
    "mul": ("{0} * {1}", "Mul", True),
    "truediv": ("{0} / {1}", "RealDiv", True),
    "floordiv": ("{0} // {1}", "FloorDiv", False),
    "mod": ("{0} - np.floor({0} / {1}) * {1}", "FloorMod", True),
    "pow": ("{0} ** {1}", "Pow", True),
    "matmul": ("{0} @ {1}", "MatMul", True),
    "maximum": ("np.maximum({0}, {1})", "Maximum", True),
    "minimum": ("np.minimum({0}, {1})", "Minimum", True),
    "less": ("{0} < {1}", "Less", False),
    "less_equal": ("{0} <= {1}", "LessEqual", False),
    "greater": ("{0} > {1}", "Greater", False),
    "greater_equal": ("{0} >= {1}", "GreaterEqual", False),
    "equal": ("{0} == {1}", "Equal", False),
    "not_equal": ("{0} != {1}", "NotEqual", False),
    "logical_and": ("np.logical_and({0}, {1})", "LogicalAnd", False),
    "logical_or": ("np.logical_or({0}, {1})", "LogicalOr", False),
    "logical_xor": ("np.logical_xor({0}, {1})", "LogicalXor", False),
}


def _operand(x, hint):
    """An operand of a binary op: a Tensor or (a Python number) a literal."""
    if isinstance(x, (Tensor, Variable)):
        return _read(x)
    if _is_python_scalar(x) and hint is not None:
        if isinstance(x, bool):
            return Lit(x) if hint.is_bool else Tensor._wrap(np.array(x))
        if isinstance(x, int):
            if hint.is_floating or hint.is_complex:
                return Lit(float(x)) if abs(x) > 2 ** 53 else Lit(x)
            if hint.is_integer:
                return Lit(x)
            return Tensor._wrap(_default_numpy(x))
        if isinstance(x, float):
            if (hint.is_floating or hint.is_complex) and math.isfinite(x):
                return Lit(x)
            if hint.is_floating:
                return Tensor._wrap(np.array(x, dtype=hint.as_numpy_dtype))
            return Tensor._wrap(_default_numpy(x))
    return convert_to_tensor(x, dtype_hint=hint)


def _hint(x):
    """The dtype a Python number next to ``x`` takes (None: ``x`` is not a tensor)."""
    if isinstance(x, Tensor):
        return x._dtype
    if isinstance(x, Variable):
        return x._root()._dtype
    return None


def _operands(x, y):
    """Both operands of a binary op as Tensors (or one Lit), with TF's typing of
    Python numbers: a number takes the dtype of the tensor next to it."""
    a = _operand(x, _hint(y))
    b = _operand(y, a._dtype if isinstance(a, Tensor) else _hint(x))
    if isinstance(a, Lit):   # python number on the left: typed by the right operand
        a = _operand(x, b._dtype)
    return a, b


# The operator function that evaluates exactly the template ``"{0} <op> {1}"``
# (a C function instead of the compiled lambda around the same operator).
_OPERATORS = {"{0} + {1}": operator.add, "{0} - {1}": operator.sub,
              "{0} * {1}": operator.mul, "{0} / {1}": operator.truediv,
              "{0} ** {1}": operator.pow, "{0} @ {1}": operator.matmul}


class _BinaryOp:
    """A row of ``BINARY`` with its eager function."""

    __slots__ = ("kind", "template", "kernel", "differentiable", "fn")

    def __init__(self, kind, template, kernel, differentiable):
        self.kind = kind
        self.template = template
        self.kernel = kernel
        self.differentiable = differentiable
        self.fn = _OPERATORS.get(template) or _eager(template, 2, None)


_BINARY_OPS = {kind: _BinaryOp(kind, *row) for kind, row in BINARY.items()}
_FAST_KINDS = frozenset(k for k, op in _BINARY_OPS.items() if op.differentiable and k != "matmul")
_MAX_EXACT_INT = 2 ** 53   # larger ints are written as floats next to a float tensor


def binary(kind, x, y):
    """``x <op> y`` with TF's dtype rules (the operators, ``tf.add`` & co.)."""
    op = _BINARY_OPS[kind]
    if kind in _FAST_KINDS:
        # The common case, decided and converted in line (every arithmetic
        # operator on tensors comes here): a float tensor and a tensor of its
        # dtype, a numpy array or a Python number, with shapes equal or one of
        # them scalar.  Variables are read in the order _binary_general reads
        # them (x first; y once x is known to be a float tensor), so falling
        # back to it with the read tensors records the same reads.
        if type(x) is Variable:
            x = x._read()
        if type(x) is EagerTensor:
            if x._dtype._is_floating:
                if type(y) is Variable:
                    y = y._read()
                b = _float_partner(y, x)
                if b is not None:
                    return _run_binary(op, x, b)
        elif (type(y) is EagerTensor or type(y) is Variable) and y._dtype._is_floating:
            a = _float_partner(x, y)    # (x is no tensor: converting it records nothing)
            if a is not None:
                return _run_binary(op, a, y if type(y) is EagerTensor else y._read())
    return _binary_general(op, x, y)


def _float_partner(v, t):
    """``v`` as the operand next to the float tensor (or exact Variable) ``t`` in
    the common case: ``v`` itself (a tensor or a Python number), a converted copy
    of an array; else None."""
    tv = type(v)
    if tv is float:   # (a Python number stays itself: _run_binary makes the Lit)
        return v if math.isfinite(v) else None
    if tv is int:     # (not bool) written as itself next to a float tensor
        return v if -_MAX_EXACT_INT <= v <= _MAX_EXACT_INT else None
    if tv is EagerTensor:
        if v._dtype is not t._dtype:
            return None
        shape = v._value.shape
    elif tv is np.ndarray:
        if v.dtype.kind not in "fiu":   # what convert_to_tensor casts to a float hint
            return None
        shape = v.shape
    else:
        return None
    own = t._value.shape
    if shape != own and shape and own:
        return None   # broadcasting: _binary_general checks it
    if tv is np.ndarray:   # converted to the tensor's dtype, copied (as convert_to_tensor)
        value = np.array(v, dtype=t._dtype._np)
        value.setflags(write=False)
        v = _new_object(EagerTensor)
        v._value = value
        v._dtype = t._dtype
    return v


# ``x ** y`` with a tensor exponent is recorded so that its derivative is TF's
# (``_PowGrad``): d/dy is ``z * log(x)`` where x > 0 and 0 elsewhere (numpy's
# ``z * log(x)`` is nan there, though d/dy of 0 ** y is 0 for y > 0).  The value
# is ``x ** y`` exactly; every order of derivative is exact on each side.
_POW_TENSOR_EXPONENT = ("np.where({0} > 0, np.where({0} > 0, {0}, 1) ** {1}, "
                        "{0} ** stop_gradient({1}))")
_POW_NONPOSITIVE_BASE = "{0} ** stop_gradient({1})"


def _pow_template(a, b):
    """The template recorded for ``a ** b`` (``a``, ``b``: Tensors or Lits/numbers)."""
    if not isinstance(b, Tensor):
        return "{0} ** {1}"
    if isinstance(a, Tensor):
        return _POW_TENSOR_EXPONENT if not a._dtype.is_complex else "{0} ** {1}"
    value = a._value if isinstance(a, Lit) else a
    if isinstance(value, complex) or value > 0:
        return "{0} ** {1}"
    return _POW_NONPOSITIVE_BASE


def _run_binary(op, a, b):
    """``_run`` for the common case of ``binary``: two float tensors, or one and a
    Python number (a Lit in what the tapes record)."""
    number_a, number_b = type(a) is not EagerTensor, type(b) is not EagerTensor
    token = _FP_ERRORS.set(_IGNORE)
    try:
        value = op.fn(a if number_a else a._value, b if number_b else b._value)
    finally:
        _FP_ERRORS.reset(token)
    if type(value) is not np.ndarray:   # ufuncs return numpy scalars for 0-d inputs
        value = np.asarray(value)
    value.setflags(write=False)
    out = _new_object(EagerTensor)
    out._value = value
    out._dtype = _DTYPES.get(value.dtype) or _dtypes.as_dtype(value.dtype)
    if RECORDING:
        if number_a:
            a = Lit(a)
        elif number_b:
            b = Lit(b)
        template = op.template if op.kind != "pow" else _pow_template(a, b)
        for tape in tuple(RECORDING):
            tape._record_pair(out, template, a, b)
    return out


def _binary_general(op, x, y):
    a, b = _operands(x, y)
    da = a._dtype if isinstance(a, Tensor) else b._dtype
    db = b._dtype if isinstance(b, Tensor) else a._dtype
    if da is not db:
        raise _kernel_error(op.kernel, f"cannot compute {op.kernel} as input #1(zero-based) was "
                                       f"expected to be a {da._kernel_name} tensor but is a "
                                       f"{db._kernel_name} tensor")
    _check_shapes(op, a, b)
    if da._is_floating and op.differentiable:
        # Float arithmetic, the recorded case: none of the dtype rules below applies.
        return _run(op.fn, op.template if op.kind != "pow" else _pow_template(a, b), (a, b))
    return _binary_other_dtypes(op, a, b, da)


def _check_shapes(op, a, b):
    shape_a = a._value.shape if isinstance(a, Tensor) else ()
    shape_b = b._value.shape if isinstance(b, Tensor) else ()
    if op.kind == "matmul":
        _check_matmul(shape_a, shape_b)
    elif shape_a != shape_b and shape_a and shape_b:   # equal or scalar: broadcastable
        try:
            np.broadcast_shapes(shape_a, shape_b)
        except ValueError:
            raise _kernel_error(op.kernel, f"Incompatible shapes: {_dims(shape_a)} vs. "
                                           f"{_dims(shape_b)}") from None


def _binary_other_dtypes(op, a, b, da):
    """A binary op on integer, bool or complex operands, or a comparison / logical op."""
    kind, kernel, template = op.kind, op.kernel, op.template
    if kind in ("logical_and", "logical_or", "logical_xor") and not da.is_bool:
        raise _kernel_error(kernel, f"cannot compute {kernel} as input #0(zero-based) was "
                                    f"expected to be a bool tensor but is a {da._kernel_name} "
                                    "tensor")
    if kind == "truediv" and (da.is_integer or da.is_bool):
        # TF's truediv casts integers to a float type first (int8/16 -> float32, else float64)
        target = np.float32 if np.dtype(da.as_numpy_dtype).itemsize <= 2 else np.float64
        a = Tensor._wrap(np.asarray(a._value, dtype=target)) if isinstance(a, Tensor) \
            else Lit(float(a._value))
        b = Tensor._wrap(np.asarray(b._value, dtype=target)) if isinstance(b, Tensor) \
            else Lit(float(b._value))
        return prim(template, a, b, record=False)
    result_dtype = da if op.differentiable or kind in ("floordiv",) else _dtypes.bool
    if kind in ("mod",) and not da.is_floating:
        return prim("np.mod({0}, {1})", a, b, dtype=da, record=False)
    if kind == "pow" and da.is_integer:
        return prim(template, a, b, dtype=da, record=False)
    if not op.differentiable:
        return prim(template, a, b, dtype=result_dtype, record=False)
    if not da.differentiable:
        return prim(template, a, b, dtype=da, record=False)
    return _run(op.fn, template, (a, b))


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _check_matmul(sa, sb):
    if len(sa) < 2 or len(sb) < 2:
        bad = sa if len(sa) < 2 else sb
        raise _kernel_error("MatMul", f"In[0] and In[1] ndims must be >= 2: {len(bad)}")
    if sa[-1] != sb[-2]:
        raise _kernel_error("MatMul", f"Matrix size-incompatible: In[0]: {_dims(sa)}, "
                                      f"In[1]: {_dims(sb)}")


__all__ = ["Tensor", "TensorShape", "Variable", "constant", "convert_to_tensor", "prim",
           "Lit", "Index", "Const", "RECORDING", "paused", "binary"]
