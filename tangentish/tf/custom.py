"""``tf.custom_gradient``: a user-supplied gradient, recorded on the tape as a
call to a ``tangentish.custom_gradient`` object.

The function runs once, eagerly, with no tape recording inside it (TF's
contract).  The recorded line is ``y = name(x, ..., b)``, where ``b`` is a
parameter carrying that call's result and ``grad_fn``: when the engine's
generated adjoint calls the custom gradient it gets them back, so the user's
forward code is never run a second time."""
import functools

import numpy as np

from .. import custom as _tg_custom
from .tensor import RECORDING, Const, Tensor, Variable, _read, convert_to_tensor, paused, \
    symbol_name


class _Call:
    """One call of a custom-gradient function: its output and gradient function."""

    __slots__ = ("y", "grad_fn", "inputs")

    def __init__(self, y, grad_fn, inputs):
        self.y = y
        self.grad_fn = grad_fn
        self.inputs = inputs

    def backward(self, dy):
        """The cotangents of the inputs (and None for the call itself), as numpy."""
        with paused():
            grads = self.grad_fn(Tensor._wrap(np.asarray(dy)))
        if not isinstance(grads, (list, tuple)):
            grads = [grads]
        if len(grads) != len(self.inputs):
            raise ValueError(f"custom_gradient: the gradient function returned {len(grads)} "
                             f"gradients for {len(self.inputs)} inputs")
        out = []
        for g, x in zip(grads, self.inputs):
            if g is None:
                out.append(np.zeros_like(x._value))
            else:
                with paused():
                    value = _read(g)._value if isinstance(g, (Tensor, Variable)) \
                        else convert_to_tensor(g, dtype_hint=x.dtype)._value
                out.append(np.asarray(value, dtype=x._value.dtype))
        return tuple(out) + (None,)

    def __repr__(self):
        return "<custom_gradient call>"


class CustomGradientFunction:
    """What ``@tf.custom_gradient`` returns: calling it returns ``y`` only."""

    def __init__(self, f):
        self._f = f
        functools.update_wrapper(self, f)

        def call(*args):
            record = args[-1]
            return record.y, record.backward

        call.__name__ = call.__qualname__ = getattr(f, "__name__", "custom_gradient")
        self._engine = _tg_custom.custom_gradient(call)

    def __call__(self, *args, **kwargs):
        # Variables are read here, where the recording tapes see the reads.
        inputs = [_read(a) if isinstance(a, (Tensor, Variable)) else convert_to_tensor(a)
                  for a in args]
        recording = tuple(RECORDING)
        with paused():
            result = self._f(*inputs, **kwargs)
            if not (isinstance(result, (tuple, list)) and len(result) == 2):
                raise TypeError("a custom_gradient function must return (y, grad_fn)")
            y, grad_fn = result
            if isinstance(y, (list, tuple)):
                raise NotImplementedError("tangentish.tf.custom_gradient supports one output")
            y = _read(y) if isinstance(y, (Tensor, Variable)) else convert_to_tensor(y)
        out = Tensor._wrap(y._value)
        if recording and out.dtype.differentiable:
            name = symbol_name(self._engine, self._engine.__name__)
            template = name + "(" + ", ".join("{%d}" % i for i in range(len(inputs) + 1)) + ")"
            args = list(inputs) + [Const(_Call(out._value, grad_fn, inputs))]
            for tape in recording:
                tape._record(out, template, args, {name: self._engine})
        return out

    def __repr__(self):
        return f"<tf.custom_gradient {getattr(self._f, '__qualname__', self._f)!r}>"


def custom_gradient(f=None):
    """Decorator: ``f(*x) -> (y, grad_fn)`` with ``grad_fn(dy) -> dx`` (one per input)."""
    if f is None:
        return custom_gradient
    return CustomGradientFunction(f)
