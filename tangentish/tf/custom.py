"""``tf.custom_gradient``: a user-supplied gradient, recorded on the tape as a
call to a ``tangentish.custom_gradient`` object.

The function runs once, eagerly, with the tapes recording its operations (as
TF's eager mode does), so the tensors it computes -- which ``grad_fn`` may read
-- are connected to the inputs on every tape and a gradient of ``grad_fn``'s
result (second order) is exact.  Its output is a new tensor, recorded as the
line ``y = name(x, ..., b)``, where ``b`` is a parameter carrying that call's
result and ``grad_fn``: when the engine's generated adjoint calls the custom
gradient it gets them back, so the user's forward code is never run a second
time."""
import functools
import inspect

import numpy as np

from .. import api as _tg_api
from . import backends as _backends
from .core import RECORDING, Const, paused, symbol_name
from .ops import reshape
from .tensor import Tensor, Variable, convert_to_tensor, read


class CustomCall:
    """One call of a custom-gradient function: its output and gradient function.

    ``variables``: the trainable variables ``f`` read that were not among its
    arguments (TF's ``grad_fn(dy, variables=...)`` protocol); ``inputs`` holds
    the argument Tensors and then the reads of those variables.  ``shapes``:
    for a function with several outputs, their shapes; ``y`` is then their
    values raveled and concatenated, and ``grad_fn`` gets one ``dy`` each."""

    __slots__ = ("y", "grad_fn", "inputs", "variables", "shapes")

    def __init__(self, y, grad_fn, inputs, variables=(), shapes=None):
        self.y = y
        self.grad_fn = grad_fn
        self.inputs = inputs
        self.variables = list(variables)
        self.shapes = shapes

    def backward(self, dy):
        """The cotangents of the inputs (and None for the call itself), as numpy."""
        with paused():
            # (dy in the output's dtype, as in TF: the engine may carry float64)
            grads = self.tensor_grads(Tensor._wrap(np.array(dy, dtype=self.y.dtype)))
        out = []
        for g, x in zip(grads, self.inputs):
            out.append(np.zeros_like(x._value) if g is None
                       else np.asarray(g._value, dtype=x._value.dtype))
        return tuple(out) + (None,)

    def tensor_grads(self, upstream):
        """``grad_fn(upstream)``: one Tensor (or None) per input, the variables'
        last.  Runs with whatever tapes are recording (an outer tape's gradient
        of a gradient records ``grad_fn``'s operations, as TF does)."""
        n_args = len(self.inputs) - len(self.variables)
        dys = [upstream] if self.shapes is None else _unpack(upstream, self.shapes)
        if self.variables:
            result = self.grad_fn(*dys, variables=self.variables)
            if not (isinstance(result, (list, tuple)) and len(result) == 2):
                raise ValueError("a custom_gradient grad_fn called with variables= must "
                                 "return (input gradients, variable gradients)")
            grads, var_grads = result
            var_grads = list(var_grads) if isinstance(var_grads, (list, tuple)) \
                else [var_grads]
            if len(var_grads) != len(self.variables):
                raise ValueError("Must return gradient for each variable from "
                                 "@custom_gradient grad_fn.")
        else:
            grads, var_grads = self.grad_fn(*dys), []
        if not isinstance(grads, (list, tuple)):
            grads = [grads]
        if len(grads) != n_args:
            raise ValueError(f"custom_gradient function expected to return {n_args} "
                             f"gradients, but returned {len(grads)} instead.")
        out = []
        for g, x in zip(list(grads) + var_grads, self.inputs):
            if g is None:
                out.append(None)
            elif isinstance(g, (Tensor, Variable)):
                out.append(read(g))
            else:
                out.append(convert_to_tensor(g, dtype_hint=x.dtype))
        return out

    def __repr__(self):
        return "<custom_gradient call>"


class _VariableWatcher:
    """Stands in the recording list while a custom-gradient function runs: sees
    which trainable variables it reads (TF's ``VariableWatcher``), records nothing."""

    _recording = False   # (never an outer tape of a gradient taken inside)
    _custom_forward = True   # (ops.cast: inside a custom-gradient function)

    def __init__(self):
        self.variables = {}

    def _variable_read(self, var, t):
        if var._trainable:
            self.variables.setdefault(id(var), var)

    def _record(self, *args):
        pass

    _record_pair = _record_call = _record

    def _tracked(self, a):
        return False


def _unpack(packed, shapes):
    """The outputs packed (raveled, concatenated) in ``packed``, as Tensors of
    ``shapes``; slicing and reshaping are recorded on the tapes that record."""
    out, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape, dtype=np.int64))
        out.append(reshape(packed[start:start + size], shape))
        start += size
    return out


def _packed(ys):
    """Several outputs of ``f``: their values in one flat array (one dtype)."""
    ys = [read(y) if isinstance(y, (Tensor, Variable)) else convert_to_tensor(y) for y in ys]
    if len({y.dtype for y in ys}) > 1:
        raise NotImplementedError("tangentish.tf.custom_gradient: the outputs of a function "
                                  "with several outputs must have one dtype, got "
                                  f"{', '.join(y.dtype.name for y in ys)}")
    value = np.concatenate([y._value.ravel() for y in ys]) if ys else np.zeros(0, np.float32)
    return Tensor._wrap(value), [tuple(y._value.shape) for y in ys]


def _accepts_variables(grad_fn):
    try:
        spec = inspect.getfullargspec(grad_fn)
    except TypeError:
        return True
    return "variables" in spec.args or "variables" in spec.kwonlyargs or spec.varkw is not None


class CustomGradientFunction:
    """What ``@tf.custom_gradient`` returns: calling it returns ``y`` only."""

    def __init__(self, f):
        self._f = f
        functools.update_wrapper(self, f)

        def call(*args):
            record = args[-1]
            return record.y, record.backward

        call.__name__ = call.__qualname__ = getattr(f, "__name__", "custom_gradient")
        self._engine = _tg_api.custom_gradient(call)

    def __call__(self, *args, **kwargs):
        # Variables are read here, where the recording tapes see the reads.
        inputs = [read(a) if isinstance(a, (Tensor, Variable)) else convert_to_tensor(a)
                  for a in args]
        _backends.refuse_foreign("tf.custom_gradient", inputs)
        recording = tuple(RECORDING)
        watcher = _VariableWatcher()
        # f runs with the tapes recording, as in TF's eager mode: the values it
        # computes (which grad_fn may read) stay connected to the inputs on every
        # tape, so a gradient of grad_fn's result is exact.  The output is a new
        # tensor recorded as the custom call, so first-order gradients of it go
        # through grad_fn only; the lines of f are reached only through values
        # grad_fn (or the caller) reads.
        # As TF, f gets a Variable argument itself (grad_fn reading it then reads
        # the variable when it runs: a tape begun since sees that read).
        f_args = [a if isinstance(a, Variable) else x for a, x in zip(args, inputs)]
        with paused(list(recording) + [watcher]):
            result = self._f(*f_args, **kwargs)
        with paused():
            if not (isinstance(result, (tuple, list)) and len(result) == 2):
                raise TypeError("a custom_gradient function must return (y, grad_fn)")
            y, grad_fn = result
            shapes = None
            if isinstance(y, (list, tuple)):   # several outputs: packed in one
                structure = type(y)
                y, shapes = _packed(y)
            y = read(y) if isinstance(y, (Tensor, Variable)) else convert_to_tensor(y)
        # The variables f read that are not its arguments get gradients from
        # grad_fn(dy, variables=...), as in TF (which raises the same TypeError).
        passed = {id(a._root()) for a in args if isinstance(a, Variable)}
        variables = [v for k, v in watcher.variables.items() if k not in passed]
        if variables and not _accepts_variables(grad_fn):
            raise TypeError("@tf.custom_gradient grad_fn must accept keyword argument "
                            f"'variables', since function uses variables: {variables}")
        inputs = inputs + [v._read() for v in variables]   # (the tapes see these reads)
        out = Tensor._wrap(y._value)
        if recording and out.dtype.differentiable:
            name = symbol_name(self._engine, self._engine.__name__)
            template = name + "(" + ", ".join("{%d}" % i for i in range(len(inputs) + 1)) + ")"
            call = CustomCall(out._value, grad_fn, inputs, variables, shapes)
            args = list(inputs) + [Const(call)]
            for tape in recording:
                tape._record(out, template, args, {name: self._engine})
        if shapes is None:
            return out
        return structure(_unpack(out, shapes))

    def __repr__(self):
        return f"<tf.custom_gradient {getattr(self._f, '__qualname__', self._f)!r}>"


def custom_gradient(f=None):
    """Decorator: ``f(*x) -> (y, grad_fn)`` with ``grad_fn(dy) -> dx`` (one per input)."""
    if f is None:
        return custom_gradient
    return CustomGradientFunction(f)
