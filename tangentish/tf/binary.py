"""Binary operations with TF's dtype rules: ``binary(kind, x, y)`` for the
operators and ``tf.add`` & co., with the common case (a float tensor and a
tensor of its dtype or a Python number) decided in line.  Installs the binary
operators (``+``, ``-``, ``<``, ``&``, ...) on ``tensor.Operand``, the base of
Tensor and Variable (tensor.py is below this module and cannot import it).
"""
import math
import operator
import types

import numpy as np

from . import dtypes as _dtypes
from .core import (DTYPE_OF, FP_ERRORS, IGNORE, RECORDING, Lit, default_numpy, eager,
                   is_python_scalar, kernel_error)
from .tensor import EagerTensor, Operand, Tensor, Variable, convert_to_tensor, prim, read, run

_new_object = object.__new__


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


def operand(x, hint):
    """An operand of a binary op: a Tensor or (a Python number) a literal."""
    if isinstance(x, (Tensor, Variable)):
        return read(x)
    if is_python_scalar(x) and hint is not None:
        if isinstance(x, bool):
            return Lit(x) if hint.is_bool else Tensor._wrap(np.array(x))
        if isinstance(x, int):
            if hint.is_floating or hint.is_complex:
                return Lit(float(x)) if abs(x) > 2 ** 53 else Lit(x)
            if hint.is_integer:
                return Lit(x)
            return Tensor._wrap(default_numpy(x))
        if isinstance(x, float):
            if (hint.is_floating or hint.is_complex) and math.isfinite(x):
                return Lit(x)
            if hint.is_floating:
                return Tensor._wrap(np.array(x, dtype=hint.as_numpy_dtype))
            return Tensor._wrap(default_numpy(x))
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
    a = operand(x, _hint(y))
    b = operand(y, a._dtype if isinstance(a, Tensor) else _hint(x))
    if isinstance(a, Lit):   # python number on the left: typed by the right operand
        a = operand(x, b._dtype)
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
        self.fn = _OPERATORS.get(template) or eager(template, 2, None)


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
    """``run`` for the common case of ``binary``: two float tensors, or one and a
    Python number (a Lit in what the tapes record)."""
    number_a, number_b = type(a) is not EagerTensor, type(b) is not EagerTensor
    token = FP_ERRORS.set(IGNORE)
    try:
        value = op.fn(a if number_a else a._value, b if number_b else b._value)
    finally:
        FP_ERRORS.reset(token)
    if type(value) is not np.ndarray:   # ufuncs return numpy scalars for 0-d inputs
        value = np.asarray(value)
    value.setflags(write=False)
    out = _new_object(EagerTensor)
    out._value = value
    out._dtype = DTYPE_OF.get(value.dtype) or _dtypes.as_dtype(value.dtype)
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
    if op.kind in _CONVERTING:
        x, y = _python_operand_errors(op, x, y)
    a, b = _operands(x, y)
    da = a._dtype if isinstance(a, Tensor) else b._dtype
    db = b._dtype if isinstance(b, Tensor) else a._dtype
    if da is not db:
        raise kernel_error(op.kernel, f"cannot compute {op.kernel} as input #1(zero-based) was "
                                       f"expected to be a {da._kernel_name} tensor but is a "
                                       f"{db._kernel_name} tensor")
    _check_shapes(op, a, b)
    if da._is_floating and op.differentiable:
        # Float arithmetic, the recorded case: none of the dtype rules below applies.
        return run(op.fn, op.template if op.kind != "pow" else _pow_template(a, b), (a, b))
    return _binary_other_dtypes(op, a, b, da)


_CONVERTING = frozenset(("add", "sub", "mul", "truediv", "floordiv", "mod", "pow"))


def _python_operand_errors(op, x, y):
    """TF's errors before its kernels run, and its conversion of a Python number
    next to a bool tensor for ``*``: returns the operands.  A Python number TF
    cannot convert to the tensor's dtype raises TypeError (right of ``+``: the
    kernel's dtype error), and ``/`` wants one dtype; bool tensors only multiply."""
    kind = op.kind
    tx, ty = _hint(x), _hint(y)
    if _unconvertible(x, ty):
        raise TypeError(f"Cannot convert {x!r} to EagerTensor of dtype {ty.name}")
    if _unconvertible(y, tx):
        if tx.is_bool and kind == "mul":
            return x, bool(y)
        if tx.is_bool and kind == "add":
            raise _bool_kernel_error(op)
        if kind == "truediv":
            ty = _dtypes.float32 if type(y) is float else _dtypes.int32
        elif kind != "add":
            raise TypeError(f"Cannot convert {y!r} to EagerTensor of dtype {tx.name}")
    if tx is not None and tx.is_bool and ty is not None and ty.is_bool and kind != "mul":
        if kind == "truediv":
            raise TypeError(_BOOL_TRUEDIV)
        raise _bool_kernel_error(op)
    if kind == "truediv" and tx is not None and ty is not None and tx is not ty:
        raise TypeError(f"`x` and `y` must have the same dtype, got tf.{tx.name} != "
                        f"tf.{ty.name}.")
    return x, y


def _unconvertible(v, dtype):
    """A Python number TF does not convert to ``dtype``: a float to an integer
    dtype, any number to bool."""
    if dtype is None or type(v) not in (int, float):
        return False
    return dtype.is_bool or (dtype.is_integer and type(v) is float)


def _bool_kernel_error(op):
    return kernel_error(op.kernel, "Value for attr 'T' of bool is not in the list of allowed "
                                   "values")


_BOOL_TRUEDIV = ("Invalid dtype tf.bool in __truediv__. Expected one of {tf.uint8, tf.int8, "
                 "tf.uint16, tf.int16, tf.uint32, tf.int32, tf.uint64, tf.int64, tf.bfloat16, "
                 "tf.float16, tf.float32, tf.float64, tf.complex64, tf.complex128}.")


def _check_shapes(op, a, b):
    shape_a = a._value.shape if isinstance(a, Tensor) else ()
    shape_b = b._value.shape if isinstance(b, Tensor) else ()
    if op.kind == "matmul":
        _check_matmul(shape_a, shape_b)
    elif shape_a != shape_b and shape_a and shape_b:   # equal or scalar: broadcastable
        try:
            np.broadcast_shapes(shape_a, shape_b)
        except ValueError:
            raise kernel_error(op.kernel, f"Incompatible shapes: {_dims(shape_a)} vs. "
                                           f"{_dims(shape_b)}") from None


def _binary_other_dtypes(op, a, b, da):
    """A binary op on integer, bool or complex operands, or a comparison / logical op."""
    kind, kernel, template = op.kind, op.kernel, op.template
    if kind in ("logical_and", "logical_or", "logical_xor") and not da.is_bool:
        raise kernel_error(kernel, f"cannot compute {kernel} as input #0(zero-based) was "
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
    if kind in ("maximum", "minimum") and da.is_complex:
        raise kernel_error(kernel, f"Value for attr 'T' of {da.name} is not in the list of "
                                   "allowed values")
    if kind in ("floordiv", "mod") and da.is_integer and np.any(np.asarray(b._value) == 0):
        raise kernel_error(kernel, "Integer division by zero")
    result_dtype = da if op.differentiable or kind in ("floordiv",) else _dtypes.bool
    if kind in ("mod",) and not da.is_floating:
        return prim("np.mod({0}, {1})", a, b, dtype=da, record=False)
    if kind == "pow" and da.is_integer:
        if np.any(np.asarray(b._value) < 0):   # (numpy's ValueError otherwise)
            raise kernel_error(kernel, "Integers to negative integer powers are not allowed")
        return prim(template, a, b, dtype=da, record=False)
    if not op.differentiable:
        return prim(template, a, b, dtype=result_dtype, record=False)
    if not da.differentiable:
        return prim(template, a, b, dtype=da, record=False)
    return run(op.fn, template, (a, b))


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _check_matmul(sa, sb):
    if len(sa) < 2 or len(sb) < 2:
        bad = sa if len(sa) < 2 else sb
        raise kernel_error("MatMul", f"In[0] and In[1] ndims must be >= 2: {len(bad)}")
    if sa[-1] != sb[-2]:
        raise kernel_error("MatMul", f"Matrix size-incompatible: In[0]: {_dims(sa)}, "
                                      f"In[1]: {_dims(sb)}")



# ---------------------------------------------------------------------------
# The operators of Tensor and Variable.
class _BinaryOperators:
    """Their methods are installed on ``Operand`` (below)."""

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


for _name, _method in list(vars(_BinaryOperators).items()):
    if isinstance(_method, types.FunctionType):
        setattr(Operand, _name, _method)
del _name, _method


__all__ = ["BINARY", "binary", "operand"]
