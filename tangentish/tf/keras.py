"""``tf.keras`` as far as TF's autodiff guides use it with a ``GradientTape``:
``layers.Dense`` (its variables, called on a batch), ``optimizers.SGD`` /
``Adam`` (``apply_gradients``, Keras 3's update formulas).  Nothing else of
Keras (no ``Model.fit``, ``compile``, losses, other layers).

The optimizers' updates are plain assignments (not recorded on tapes, as in
TF); the gradients they apply come from the tape, i.e. from the engine.  An
``IndexedSlices`` gradient is applied as Keras 3 on TF applies it: dense, except
that Adam's second moment adds the squares of repeated rows (not the square of
their sum)."""
import numpy as np

from . import dtypes as _dtypes
from . import nn as _nn
from . import random as _random
from .indexed_slices import IndexedSlices
from .module import Module
from .ops import matmul
from .tensor import Variable, convert_to_tensor


class _LayerVariable(Variable):
    """A layer's weight: Keras 3 names it without TF's ``:0``."""

    @property
    def name(self):
        return self._root()._name[:-2]


# ---------------------------------------------------------------------------
# Layers.
def _initial(initializer, shape):
    if initializer == "zeros":
        return np.zeros(shape, np.float32)
    if initializer == "ones":
        return np.ones(shape, np.float32)
    if initializer == "glorot_uniform":
        limit = np.sqrt(6.0 / (shape[0] + shape[-1]))
        return _random.uniform(shape, -limit, limit).numpy()
    if callable(initializer):
        return convert_to_tensor(initializer(shape, dtype=_dtypes.float32)).numpy()
    raise ValueError(f"tangentish.tf.keras: unknown initializer {initializer!r} "
                     f"(supported: 'zeros', 'ones', 'glorot_uniform', a callable)")


_ACTIVATIONS = {None: None, "linear": None, "relu": _nn.relu, "sigmoid": _nn.sigmoid,
                "tanh": _nn.tanh, "softmax": _nn.softmax}


class Dense(Module):
    """``y = activation(x @ kernel + bias)``; the variables are made at the first call."""

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", name=None):
        super().__init__(name or "dense")
        self.units = int(units)
        self.activation = activation if callable(activation) else _ACTIVATIONS[activation]
        self.use_bias = use_bias
        self._initializers = (kernel_initializer, bias_initializer)
        self.kernel = self.bias = None
        self.built = False

    def build(self, input_shape):
        fan_in = int(input_shape[-1])
        self.kernel = _LayerVariable(_initial(self._initializers[0], (fan_in, self.units)),
                                     name="kernel")
        if self.use_bias:
            self.bias = _LayerVariable(_initial(self._initializers[1], (self.units,)),
                                       name="bias")
        self.built = True

    def __call__(self, inputs):
        x = convert_to_tensor(inputs, dtype=_dtypes.float32)
        if not self.built:
            self.build(x.shape)
        y = matmul(x, self.kernel)
        if self.use_bias:
            y = y + self.bias
        return self.activation(y) if self.activation is not None else y

    @property
    def variables(self):
        return [v for v in (self.kernel, self.bias) if v is not None]

    trainable_variables = weights = trainable_weights = variables


class layers:  # noqa: N801 - a namespace, as tf.keras.layers
    Dense = Dense


# ---------------------------------------------------------------------------
# Optimizers.
class Optimizer:
    """``apply_gradients(zip(grads, variables))``: one update of each variable."""

    def __init__(self, learning_rate):
        self.learning_rate = Variable(float(learning_rate), trainable=False)
        self.iterations = Variable(np.int64(0), trainable=False)
        self._slots = {}

    def apply_gradients(self, grads_and_vars):
        for grad, var in grads_and_vars:
            if grad is None:
                continue
            dt = var.dtype.as_numpy_dtype
            g = np.asarray(convert_to_tensor(grad).numpy(), dtype=dt)
            if isinstance(grad, IndexedSlices):   # Keras squares the rows before adding them
                rows = IndexedSlices(np.square(grad.values.numpy()), grad.indices,
                                     grad.dense_shape)
                g_squared = np.asarray(convert_to_tensor(rows).numpy(), dtype=dt)
            else:
                g_squared = np.square(g)
            slots = self._slots.setdefault(id(var._root()), {})
            value = self._update(var, g, slots, g_squared)
            var.assign(value.astype(var.dtype.as_numpy_dtype))
        self.iterations.assign_add(1)
        return self.iterations

    def _lr(self, dtype):
        return np.asarray(self.learning_rate.numpy(), dtype=dtype)


class SGD(Optimizer):
    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        super().__init__(learning_rate)
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)

    def _update(self, var, g, slots, g_squared):
        value, lr = var.numpy(), self._lr(g.dtype)
        if not self.momentum:
            return value - g * lr
        momentum = np.asarray(self.momentum, dtype=g.dtype)
        m = slots.get("m", np.zeros_like(value))
        m = slots["m"] = -g * lr + m * momentum
        return value + (-g * lr + m * momentum if self.nesterov else m)


class Adam(Optimizer):
    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, name="adam", **kwargs):
        super().__init__(learning_rate)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def _update(self, var, g, slots, g_squared):
        dt = g.dtype
        value, lr = var.numpy(), self._lr(dt)
        step = np.asarray(self.iterations.numpy() + 1, dtype=dt)
        b1, b2 = np.asarray(self.beta_1, dt), np.asarray(self.beta_2, dt)
        alpha = lr * np.sqrt(1 - b2 ** step) / (1 - b1 ** step)
        m = slots.get("m", np.zeros_like(value))
        v = slots.get("v", np.zeros_like(value))
        # (1 - beta) in Python floats, then cast, as Keras writes it
        m = slots["m"] = m + (g - m) * np.asarray(1 - self.beta_1, dt)
        v = slots["v"] = v + (g_squared - v) * np.asarray(1 - self.beta_2, dt)
        return value - (m * alpha) / (np.sqrt(v) + np.asarray(self.epsilon, dt))


class optimizers:  # noqa: N801 - a namespace, as tf.keras.optimizers
    SGD = SGD
    Adam = Adam
    Optimizer = Optimizer


__all__ = ["layers", "optimizers", "Dense", "SGD", "Adam", "Optimizer"]
