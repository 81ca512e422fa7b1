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
        """A Tensor holding the numpy array ``value`` (which becomes read-only)."""
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
        return (f"<tf.Variable '{self._display_name()}' shape={self.shape} "
                f"dtype={root._dtype.name}, numpy={numpy_text(root._value, True)}>")

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
    ``convert_to_tensor(value, dtype=variable.dtype)`` and its errors."""
    if isinstance(value, Tensor) and value._dtype is root._dtype:   # the common case
        return value._value
    with paused():
        return convert_to_tensor(value, dtype=root._dtype)._value


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
    if target is not None:
        try:
            return Tensor._wrap(cast_python(value, target))
        except TypeError:
            if dtype is not None:
                raise
    return Tensor._wrap(default_numpy(value))



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


__all__ = ["Tensor", "TensorShape", "Variable", "constant", "convert_to_tensor", "prim",
           "Lit", "Index", "Const", "RECORDING", "paused"]
