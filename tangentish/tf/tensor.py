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
import operator
import weakref

import numpy as np

from . import backends as _backends
from . import dtypes as _dtypes
from .core import (DTYPE_OF, FP_ERRORS, IGNORE, RECORDING, Const, Index, Lit, TensorShape,
                   cast_python, default_numpy, eager, hint_allows, kernel_error, numpy_text, paused)

_new_object = object.__new__
_get_value = operator.attrgetter("_value")   # (Tensor, Lit, Index and Const all have one)


# ---------------------------------------------------------------------------
def prim(template, *args, symbols=None, dtype=None, record=True):
    """Evaluate one numpy line on the arguments' values and record it on the tapes.

    ``args``: Tensor, Lit, Index or Const.  ``dtype``: the TF dtype of the
    result when numpy's differs (integer reductions); only non-differentiable
    results are ever cast.  ``record=False``: the result carries no gradient."""
    return run(eager(template, len(args), symbols), template, args, symbols, dtype, record)


def run(fn, template, args, symbols=None, dtype=None, record=True):
    """``prim`` once the template's function is known (the common ops keep theirs)."""
    if _SEEN[0]:
        values = list(map(_get_value, args))
        if _backends.common_library(values) is not None:
            return _run_foreign(template, values, args, symbols, dtype, record)
    token = FP_ERRORS.set(IGNORE)
    try:
        value = fn(*map(_get_value, args))
    finally:
        FP_ERRORS.reset(token)
    if type(value) is not np.ndarray:   # ufuncs return numpy scalars for 0-d inputs
        value = np.asarray(value)
    if dtype is not None and value.dtype != dtype._np:
        value = value.astype(dtype._np)
    out = _new_object(EagerTensor)   # Tensor._wrap, inlined: every op makes one
    value.setflags(write=False)
    out._value = value
    out._dtype = out_dtype = DTYPE_OF.get(value.dtype) or _dtypes.as_dtype(value.dtype)
    if record and RECORDING and out_dtype._differentiable:
        for tape in tuple(RECORDING):
            tape._record(out, template, args, symbols)
    return out



# ---------------------------------------------------------------------------
_SEEN = _backends.SEEN


def _run_foreign(template, values, args, symbols, dtype, record):
    """``run`` of an op on a tensor of another array library (backends.py)."""
    value = _backends.evaluate(template, values, symbols)
    if dtype is not None:
        value = _backends.astype(value, dtype)
    out = ForeignTensor._of(value)
    if record and RECORDING and out._dtype._differentiable:
        for tape in tuple(RECORDING):
            tape._record(out, template, args, symbols)
    return out


# ---------------------------------------------------------------------------
class Operand:
    """Operators shared by Tensor and Variable (a Variable is read first).  The
    binary operators (``+``, ``<``, ``&``, ...) are installed by binary.py."""

    __slots__ = ()
    __array_priority__ = 100
    __hash__ = None   # (what defining __eq__ here would set; Tensor and Variable define theirs)

    def __invert__(self):
        x = read(self)
        if not x._dtype.is_bool:
            return prim("~{0}", x, record=False)
        return prim("np.logical_not({0})", x, record=False)

    def __neg__(self):
        x = read(self)
        if x._dtype.is_bool:
            raise kernel_error("Neg", "Value for attr 'T' of bool is not in the list of allowed "
                                       "values")
        return prim("-{0}", x)

    def __pos__(self):
        return read(self)

    def __abs__(self):
        x = read(self)
        return prim("np.abs({0})", x)

    def __getitem__(self, key):
        x = read(self)
        return prim("{0}[{1}]", x, Index(_check_index(key)))

    def __iter__(self):
        value = self._current_value()
        if value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(value.shape[0]))

    def __len__(self):
        value = self._current_value()
        if value.ndim == 0:
            raise TypeError("Scalar tensor has no `len()`")
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


class Tensor(Operand):
    """An immutable value: a numpy array and a TF dtype, printed as TF prints it."""

    __slots__ = ("_value", "_dtype", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError("use tf.constant or tf.convert_to_tensor to create a Tensor")

    @staticmethod
    def _wrap(value):
        """A Tensor holding the numpy array ``value`` (which becomes read-only), or
        the array of another library (a ``ForeignTensor``)."""
        if type(value) is not np.ndarray and _backends.library(value) is not None:
            return ForeignTensor._of(value)
        t = _new_object(EagerTensor)
        value.setflags(write=False)      # values are immutable (tapes keep them)
        t._value = value
        t._dtype = DTYPE_OF.get(value.dtype) or _dtypes.as_dtype(value.dtype)
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
        return (f"tf.Tensor({numpy_text(self._value, False)}, shape={self.shape}, "
                f"dtype={self._dtype.name})")

    def __repr__(self):
        return (f"<tf.Tensor: shape={self.shape}, dtype={self._dtype.name}, "
                f"numpy={numpy_text(self._value, True)}>")

    def __format__(self, spec):
        value = self._value
        return format(value[()] if value.ndim == 0 else value, spec)

    def __reduce__(self):
        return constant, (self._value,)

    def __getattr__(self, name):
        # Only for attributes a Tensor lacks: a slice read from a Variable has
        # ``assign`` (TF's ``v[1].assign(x)``), which assigns into that slice.
        slice_of = _SLICE_OF.get(id(self))
        if name == "assign" and slice_of is not None and slice_of[0]() is self:
            return lambda value, use_locking=None, name=None, read_value=True: \
                _assign_slice(slice_of[1], slice_of[2], value, read_value)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")


class EagerTensor(Tensor):
    """The class of every value (as in TF, where ``type(t).__name__`` is ``EagerTensor``)."""

    __slots__ = ()


class ForeignTensor(EagerTensor):
    """A Tensor whose value is an array of another library (Dask, array_api_strict,
    CuPy; backends.py).  Its ops run in that library (a Dask value stays lazy); the
    ops' numpy fast paths, which test ``type(x) is EagerTensor``, pass it by.

    Printing shows a Dask value lazily (its chunks; nothing is computed) and an
    eager library's values as TF shows them.  ``numpy()``, ``float()``, ``bool()``
    and ``np.asarray(t)`` convert explicitly (Dask computes)."""

    __slots__ = ()

    @staticmethod
    def _of(value):
        _backends.mark_seen()
        t = _new_object(ForeignTensor)
        t._value = value
        t._dtype = _backends.dtype_of(value)
        return t

    @property
    def shape(self):
        return TensorShape(_backends.shape_of(self._value))

    def _host_value(self):
        return _backends.to_numpy(self._value)

    def _current_value(self):
        return self._value

    def __str__(self):
        text = _backends.value_text(self._value, False, numpy_text)
        return f"tf.Tensor({text}, shape={self.shape}, dtype={self._dtype.name})"

    def __repr__(self):
        text = _backends.value_text(self._value, True, numpy_text)
        return f"<tf.Tensor: shape={self.shape}, dtype={self._dtype.name}, numpy={text}>"

    def __format__(self, spec):
        value = self._host_value()
        return format(value[()] if value.ndim == 0 else value, spec)

    def __reduce__(self):
        return constant, (self._value,)   # (a Dask array pickles as its graph)

    def numpy(self):
        value = self._host_value()
        return value[()] if value.ndim == 0 else value.copy()

    def __array__(self, dtype=None, copy=None):
        value = self._host_value()
        return value if dtype is None else value.astype(dtype)

    def __bool__(self):
        return bool(self._host_value())

    def __float__(self):
        return float(self._host_value())

    def __int__(self):
        return int(self._host_value())

    def __index__(self):
        value = self._host_value()
        if value.dtype.kind not in "iu":
            raise TypeError(f"Only integers can be used as an index, got {self.dtype!r}")
        return int(value)

    def __iter__(self):
        if len(self._value.shape) == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(self._value.shape[0]))

    def __len__(self):
        if len(self._value.shape) == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return self._value.shape[0]

    @property
    def ndim(self):
        return len(self._value.shape)


# ---------------------------------------------------------------------------
class Variable(Operand):
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
        if type(value) is not np.ndarray and _backends.library(value) is not None:
            self.__class__ = ForeignVariable   # (convert_to_tensor copied it)
            self._value = value
            self._dtype = _backends.dtype_of(value)
        else:
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
        if type(self) is Variable:
            root = self
        else:
            root = self._root()
            if type(root) is ForeignVariable:
                return root._read_foreign()
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

    def __getitem__(self, key):
        """A read of ``self[key]`` that can be assigned to: ``v[1].assign(x)``."""
        t = Operand.__getitem__(self, key)
        token = id(t)
        _SLICE_OF[token] = (weakref.ref(t, lambda _: _SLICE_OF.pop(token, None)),
                            self._root(), key)
        return t

    def _display_name(self):
        return self.name

    def __repr__(self):
        root = self._root()
        text = numpy_text(root._value, True) if type(root._value) is np.ndarray else \
            _backends.value_text(root._value, True, numpy_text)
        return (f"<tf.Variable '{self._display_name()}' shape={self.shape} "
                f"dtype={root._dtype.name}, numpy={text}>")

    __str__ = __repr__

    def __format__(self, spec):
        # Divergence: TF 2.21 raises TypeError for any non-empty format spec on a
        # Variable; here a Variable formats like its value (as a Tensor does).
        if not spec:
            return str(self)   # as TF (object.__format__)
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
        token = FP_ERRORS.set(IGNORE)
        try:
            value = ufunc(root._value, delta)
        finally:
            FP_ERRORS.reset(token)
        _store(root, value, fresh=True)
        return _UnreadVariable(root) if read_value else None


# TF's tf.Variable(...) objects are ResourceVariables: type(v).__name__ shows that.
Variable.__name__ = "ResourceVariable"


def _assigned_value(root, value):
    """``value`` as an array of the variable's dtype: TF's
    ``convert_to_tensor(value, dtype=variable.dtype)`` and its errors.  A value
    of another array library becomes one of the variable's (``_own_library``)."""
    if isinstance(value, Tensor) and value._dtype is root._dtype:   # the common case
        value = value._value
    else:
        with paused():
            value = convert_to_tensor(value, dtype=root._dtype)._value
    if type(value) is np.ndarray and type(root) is Variable:
        return value
    return _own_library(root, value)


def _own_library(root, value):
    """An assigned value in the array library of the variable: a Variable keeps the
    library of its initial value.  A numpy Variable assigned a Dask value computes
    it here (the step's parameters are small and a Variable holds their current
    value, as TF copies a value onto the variable's device); a Dask Variable
    assigned a numpy value holds it as a one-chunk Dask array."""
    foreign_root = _backends.library(root._value)
    foreign_value = _backends.library(value)
    if foreign_root == foreign_value:
        return value
    if foreign_root is None:
        return _backends.to_numpy(value)
    if foreign_value is None:
        return _backends.to_library(value, root._value)
    raise TypeError(f"Cannot assign a {foreign_value} value to a {foreign_root} Variable "
                    f"'{root._name}': convert it first")


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


_SLICE_OF = {}   # id(slice tensor) -> (weak reference to it, variable, key)


def _assign_slice(root, key, value, read_value):
    """``root[key] = value`` as a new value of the variable (TF's strided-slice assign)."""
    if type(root) is ForeignVariable:
        raise NotImplementedError(f"tangentish.tf: v[...].assign() is not supported on "
                                  f"{_backends.library(root._value)} Variables")
    part = _assigned_value(root, value)
    new = np.array(root._value, copy=True)
    try:
        new[key] = part
    except ValueError:
        raise kernel_error("ResourceStridedSliceAssign",
                           f"Cannot broadcast input shape {list(np.shape(part))} into final "
                           f"shape {list(np.shape(new[key]))}") from None
    _store(root, new, fresh=True)
    return _UnreadVariable(root) if read_value else None


class ForeignVariable(Variable):
    """A Variable whose value is an array of another library (backends.py): made by
    ``tf.Variable(value)`` of such an array; its assignments stay in that library
    (a Dask Variable's value stays lazy: each assignment extends its graph)."""

    def _read_foreign(self):
        t = ForeignTensor._of(self._value)
        if RECORDING:
            for tape in tuple(RECORDING):
                tape._variable_read(self, t)
        return t

    _read = _read_foreign

    @property
    def shape(self):
        return TensorShape(_backends.shape_of(self._value))

    def numpy(self):
        return self._read_foreign().numpy()

    def __array__(self, dtype=None, copy=None):
        return self._read_foreign().__array__(dtype)

    def __bool__(self):
        return bool(self._read_foreign())

    def __float__(self):
        return float(self._read_foreign())

    def __int__(self):
        return int(self._read_foreign())

    # (assignments return the variable itself: an _UnreadVariable reads numpy values)
    def assign(self, value, use_locking=None, name=None, read_value=True):
        _store_foreign(self, _assigned_value(self, value))
        return self if read_value else None

    def _assign_with(self, ufunc, delta, read_value):
        delta = _assigned_value(self, delta)
        template = "{0} + {1}" if ufunc is np.add else "{0} - {1}"
        _store_foreign(self, _backends.evaluate(template, [self._value, delta]))
        return self if read_value else None


def _store_foreign(root, value):
    if _backends.shape_of(value) != _backends.shape_of(root._value):
        raise ValueError(
            f"Cannot assign value to variable ' {root._name}': Shape mismatch."
            f"The variable shape {TensorShape(_backends.shape_of(root._value))}, and the "
            f"assigned value shape {TensorShape(_backends.shape_of(value))} are incompatible.")
    root._value = _backends.astype(value, root._dtype)
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
def _contains_tensor(value):
    if isinstance(value, (Tensor, Variable)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_contains_tensor(v) for v in value)
    return False


def _is_text(value):
    """A str / bytes, or a (nested) list or tuple of them: a string tensor."""
    while isinstance(value, (list, tuple)) and value:
        value = value[0]
    return isinstance(value, (str, bytes))


def _text_array(value, dtype):
    """TF's string tensor: an object array of UTF-8 bytes."""
    if dtype is not None and dtype is not _dtypes.string:
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    arr = np.array(value, dtype=object)
    flat = arr.reshape(-1)
    for i, item in enumerate(flat):
        if not isinstance(item, (str, bytes)):
            raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
        flat[i] = item.encode("utf-8") if isinstance(item, str) else item
    return arr


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
    if _is_text(value):
        return Tensor._wrap(_text_array(value, dtype))
    to_tensor = getattr(type(value), "__tf_tensor__", None)   # (IndexedSlices: TF's protocol)
    if to_tensor is not None:
        return to_tensor(value, dtype)
    if isinstance(value, (list, tuple)) and _contains_tensor(value):
        return stack([convert_to_tensor(v, dtype=dtype, dtype_hint=dtype_hint)
                      for v in value])
    target = dtype if dtype is not None else (
        None if dtype_hint is None else _dtypes.as_dtype(dtype_hint))
    if isinstance(value, (np.ndarray, np.generic)):
        if value.dtype.kind in "OSUV":
            raise TypeError(f"Failed to convert elements of {value!r} to Tensor.")
        if target is not None and value.dtype != target._np and (
                dtype is not None or hint_allows(value.dtype, target)):
            return Tensor._wrap(np.array(value, dtype=target._np))   # one converting copy
        return Tensor._wrap(np.array(value, copy=True))
    if _backends.library(value) is not None:
        return _foreign_constant(value, dtype, target)
    if target is not None:
        try:
            return Tensor._wrap(cast_python(value, target))
        except TypeError:
            if dtype is not None:
                raise
    return Tensor._wrap(default_numpy(value))



def _foreign_constant(value, dtype, target):
    """A Tensor holding an array of another library (a copy where that library's
    arrays are mutable; a Dask array is immutable and stays lazy)."""
    own = _backends.dtype_of(value)
    if target is not None and own is not target and (
            dtype is not None or hint_allows(own._np, target)):
        return ForeignTensor._of(_backends.astype(value, target))
    if _backends.library(value) != "dask.array":
        value = _backends.copy(value)
    return ForeignTensor._of(value)


def constant(value, dtype=None, shape=None, name="Const"):
    """``tf.constant``: a Tensor holding a copy of ``value`` (never tracked by a tape).

    As in TF 2 eager mode, a Tensor of the requested dtype (and no ``shape``) is
    returned itself: it stays connected to the tapes that track it."""
    if isinstance(value, Tensor) and shape is None and (
            dtype is None or _dtypes.as_dtype(dtype) is value._dtype):
        return value
    if isinstance(value, (Tensor, Variable)):
        value = value._current_value() if isinstance(value, Variable) else value._value
        if _backends.library(value) is not None:
            dtype = None if dtype is None else _dtypes.as_dtype(dtype)
            return _foreign_shaped(_foreign_constant(value, dtype, dtype), shape)
        arr = np.array(value, copy=True)
        if dtype is not None:
            arr = arr.astype(_dtypes.as_dtype(dtype).as_numpy_dtype)
        t = Tensor._wrap(arr)
    else:
        with paused():
            t = convert_to_tensor(value, dtype=dtype)
        if _contains_tensor(value):
            t = Tensor._wrap(t._value)   # a constant: the stack is not recorded
    if isinstance(t, ForeignTensor):
        return _foreign_shaped(t, shape)
    if shape is not None:
        shape = tuple(shape)
        value = t._value
        if value.size == 1 and int(np.prod(shape)) != 1:
            value = np.full(shape, value.reshape(()), dtype=value.dtype)
        else:
            value = value.reshape(shape)
        t = Tensor._wrap(value)
    return t


def _foreign_shaped(t, shape):
    if shape is not None:
        raise NotImplementedError(f"tangentish.tf: tf.constant(..., shape=) is not supported on "
                                  f"{_backends.library(t._value)} tensors; reshape with "
                                  "tf.reshape")
    return t


def read(x):
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
# Lists of tensors (``convert_to_tensor`` stacks a list holding tensors).
def check_same_dtype(tensors, op):
    dtypes = [t.dtype for t in tensors]
    for i, d in enumerate(dtypes):
        if d is not dtypes[0]:   # (TF's eager kernels; a graph raises TypeError)
            raise kernel_error(op, f"cannot compute {op} as input #{i}(zero-based) was "
                                   f"expected to be a {dtypes[0]._kernel_name} tensor but is "
                                   f"a {d._kernel_name} tensor")


def sequence_operands(values, op):
    values = list(values)
    if not values:
        raise ValueError(f"{op} needs at least one tensor")
    first = next((v for v in values if isinstance(v, (Tensor, Variable))), None)
    hint = first.dtype if first is not None else None
    tensors = [read(v) if isinstance(v, (Tensor, Variable)) else convert_to_tensor(
        v, dtype_hint=hint) for v in values]
    check_same_dtype(tensors, op)
    return tensors


def stack(values, axis=0, name="stack"):
    tensors = sequence_operands(values, "Pack")
    shapes = {t._value.shape for t in tensors}
    if len(shapes) > 1:
        raise kernel_error("Pack", "Shapes of all inputs must match: values[0].shape = "
                                    f"{list(tensors[0]._value.shape)} != values[1].shape = "
                                    f"{list(tensors[1]._value.shape)}")
    items = ", ".join("{%d}" % i for i in range(len(tensors)))
    axis = int(axis)
    if axis == 0:
        return prim(f"np.stack([{items}])", *tensors)
    return prim(f"np.stack([{items}], axis={{{len(tensors)}}})", *tensors, Lit(axis))


__all__ = ["Tensor", "ForeignTensor", "ForeignVariable", "TensorShape", "Variable", "constant",
           "convert_to_tensor", "prim", "Lit", "Index", "Const", "RECORDING", "paused"]
