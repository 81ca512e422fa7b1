"""TensorFlow-style dtypes (``tf.float32``, ``tf.dtypes.int32``, ...) over numpy dtypes."""
import numpy as np


class DType:
    """A TF dtype: ``repr`` is ``tf.float32``, ``str`` is ``<dtype: 'float32'>``."""

    __slots__ = ("name", "as_numpy_dtype", "_kernel_name", "_np", "_kind", "_is_floating",
                 "_differentiable")

    def __init__(self, name, np_type, kernel_name):
        self.name = name
        self.as_numpy_dtype = np_type
        self._kernel_name = kernel_name   # how TF's kernels spell it in error messages
        # Precomputed once: the ops read these on every call (np.dtype() is ~0.3 us).
        self._np = np.dtype(np_type)
        self._kind = self._np.kind
        self._is_floating = self._kind == "f"
        self._differentiable = self._kind in "fc"

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        return {"complex64": float32, "complex128": float64}.get(self.name, self)

    @property
    def is_floating(self):
        return self._is_floating

    @property
    def is_complex(self):
        return self._kind == "c"

    @property
    def is_integer(self):
        return self._kind in "iu"

    @property
    def is_unsigned(self):
        return self._kind == "u"

    @property
    def is_bool(self):
        return self.name == "bool"

    @property
    def is_numpy_compatible(self):
        return True

    @property
    def size(self):
        return self._np.itemsize

    @property
    def min(self):
        info = np.finfo if self.is_floating else np.iinfo
        return info(self.as_numpy_dtype).min

    @property
    def max(self):
        info = np.finfo if self.is_floating else np.iinfo
        return info(self.as_numpy_dtype).max

    @property
    def differentiable(self):
        """Gradients flow through floating (and complex) values only, as in TF."""
        return self._differentiable

    def __repr__(self):
        return f"tf.{self.name}"

    def __str__(self):
        return f"<dtype: '{self.name}'>"

    def __eq__(self, other):
        if other is None:
            return False
        try:
            return as_dtype(other) is self
        except TypeError:
            return False

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self.name)

    def __reduce__(self):
        return as_dtype, (self.name,)


float16 = half = DType("float16", np.float16, "half")
float32 = DType("float32", np.float32, "float")
float64 = double = DType("float64", np.float64, "double")
complex64 = DType("complex64", np.complex64, "complex64")
complex128 = DType("complex128", np.complex128, "complex128")
int8 = DType("int8", np.int8, "int8")
int16 = DType("int16", np.int16, "int16")
int32 = DType("int32", np.int32, "int32")
int64 = DType("int64", np.int64, "int64")
uint8 = DType("uint8", np.uint8, "uint8")
uint16 = DType("uint16", np.uint16, "uint16")
uint32 = DType("uint32", np.uint32, "uint32")
uint64 = DType("uint64", np.uint64, "uint64")
bool = DType("bool", np.bool_, "bool")  # noqa: A001 - TF's name
string = DType("string", np.object_, "string")   # values: numpy object arrays of bytes

_ALL = (float16, float32, float64, complex64, complex128, int8, int16, int32, int64,
        uint8, uint16, uint32, uint64, bool, string)
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update({"half": float16, "float": float32, "double": float64})
_BY_NUMPY = {d._np: d for d in _ALL}


def as_dtype(type_value):
    """``tf.as_dtype``: a DType from a DType, a name, or a numpy dtype / type."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        if type_value in _BY_NAME:
            return _BY_NAME[type_value]
        raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.")
    try:
        return _BY_NUMPY[np.dtype(type_value)]
    except (TypeError, KeyError):
        raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.") from None


__all__ = ["DType", "as_dtype"] + [d.name for d in _ALL] + ["half", "double"]
