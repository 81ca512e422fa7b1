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

from . import backends as _backends
from . import dtypes as _dtypes
from . import nn as _nn
from . import random as _random
from .indexed_slices import IndexedSlices
from .ops import cast, matmul
from .tensor import (ForeignVariable, Tensor, Variable, constant, convert_to_tensor, prim,
                     read)


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


def _activation(template):
    return lambda x: prim(template, read(x))


_SELU = (1.0507009873554805, 1.6732632423543772)   # Keras's scale, alpha
_ACTIVATIONS = {
    None: None, "linear": None, "relu": _nn.relu, "sigmoid": _nn.sigmoid, "tanh": _nn.tanh,
    "softmax": _nn.softmax, "leaky_relu": _nn.leaky_relu,
    "elu": _activation("np.where({0} > 0, {0}, np.expm1(np.minimum({0}, 0)))"),
    "selu": _activation(f"{_SELU[0]} * np.where({{0}} > 0, {{0}}, "
                        f"{_SELU[1]} * np.expm1(np.minimum({{0}}, 0)))"),
    "softplus": _activation("np.logaddexp({0}, 0)"),
    "swish": lambda x: x * _nn.sigmoid(x), "silu": lambda x: x * _nn.sigmoid(x),
    "relu6": _activation("np.clip({0}, 0, 6)"),
    "hard_sigmoid": _activation("np.clip({0} + 3, 0, 6) / 6"),
    "exponential": _activation("np.exp({0})"),
}


def _activation_named(name):
    if name not in _ACTIVATIONS:
        raise NotImplementedError(f"tangentish.tf.keras: activation {name!r} is not "
                                  f"implemented here (implemented: "
                                  f"{', '.join(k for k in _ACTIVATIONS if k)}, a callable)")
    return _ACTIVATIONS[name]


class Dense:
    """``y = activation(x @ kernel + bias)``; the variables are made at the first call.

    As in TF 2.21 (Keras 3), a layer is not a ``tf.Module``: a Module holding
    one does not collect its variables."""

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", name=None,
                 dtype=None):
        self._name = name or "dense"
        self.units = int(units)
        self.activation = activation if callable(activation) else _activation_named(activation)
        self.dtype = _dtypes.as_dtype(dtype or _dtypes.float32)
        self.use_bias = use_bias
        self._initializers = (kernel_initializer, bias_initializer)
        self.kernel = self.bias = None
        self.built = False

    def build(self, input_shape):
        fan_in = int(input_shape[-1])
        dt = self.dtype.as_numpy_dtype
        self.kernel = _LayerVariable(np.asarray(_initial(self._initializers[0],
                                                         (fan_in, self.units)), dt),
                                     name="kernel")
        if self.use_bias:
            self.bias = _LayerVariable(np.asarray(_initial(self._initializers[1],
                                                           (self.units,)), dt),
                                       name="bias")
        self.built = True

    def __call__(self, inputs):
        x = convert_to_tensor(inputs)
        if x.dtype is not self.dtype:   # Keras casts its input to the layer's dtype
            x = cast(x, self.dtype)
        where = f"Input 0 with name 'None' of layer '{self.name}' is incompatible with the layer"
        if x.ndim < 2:
            raise ValueError(f"{where}: expected min_ndim=2, found ndim={x.ndim}. Full shape "
                             f"received: {tuple(x.shape)}")
        if self.built and x.shape[-1] != self.kernel.shape[0]:
            raise ValueError(f"{where}: expected axis -1 of input shape to have value "
                             f"{self.kernel.shape[0]}, but received input with shape "
                             f"{tuple(x.shape)}")
        if not self.built:
            self.build(x.shape)
        y = matmul(x, self.kernel)
        if self.use_bias:
            y = y + self.bias
        return self.activation(y) if self.activation is not None else y

    @property
    def name(self):
        return self._name

    @property
    def variables(self):
        return [v for v in (self.kernel, self.bias) if v is not None]

    trainable_variables = weights = trainable_weights = variables


class layers:  # noqa: N801 - a namespace, as tf.keras.layers
    Dense = Dense


# ---------------------------------------------------------------------------
# Optimizers.
_CLIPS = ("clipnorm", "clipvalue", "global_clipnorm")
# Keras's other optimizer arguments: accepted at their default value only.
_KERAS_DEFAULTS = {"use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
                   "loss_scale_factor": None, "gradient_accumulation_steps": None}


class Optimizer:
    """``apply_gradients(zip(grads, variables))``: one update of each variable.

    As Keras 3: the gradients are clipped (``clipnorm`` per gradient,
    ``global_clipnorm`` over all, ``clipvalue`` elementwise), then
    ``weight_decay`` shrinks each variable (``v - v * wd * lr``), then the
    update, then each variable's ``constraint``.  Keras's other keyword
    arguments are refused (TypeError), never ignored."""

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, **unsupported):
        unsupported = {k: v for k, v in unsupported.items()
                       if k not in _KERAS_DEFAULTS or v != _KERAS_DEFAULTS[k]}
        if unsupported:
            raise TypeError(f"tangentish.tf.keras.optimizers.{type(self).__name__}: keyword "
                            f"argument(s) {', '.join(sorted(unsupported))} are not implemented "
                            f"here (implemented: learning_rate, weight_decay, "
                            f"{', '.join(_CLIPS)}); remove them or run with TensorFlow")
        clips = dict(zip(_CLIPS, (clipnorm, clipvalue, global_clipnorm)))
        if sum(c is not None for c in clips.values()) > 1:
            raise ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be "
                             f"set. Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                             f"global_clipnorm={global_clipnorm}")
        if isinstance(learning_rate, (Tensor, Variable)):
            raise ValueError("Argument `learning_rate` should be float, or an instance of "
                             "LearningRateSchedule, or a callable (that takes in the current "
                             "iteration value and returns the corresponding learning rate "
                             f"value). Received instead: learning_rate={learning_rate}")
        self._learning_rate = learning_rate if callable(learning_rate) else \
            Variable(float(learning_rate), trainable=False)
        self._known = None   # the variables of the first step (Keras builds on them)
        self.iterations = Variable(np.int64(0), trainable=False)
        self.weight_decay = weight_decay
        self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
        self._slots = {}

    def apply_gradients(self, grads_and_vars):
        pairs = list(grads_and_vars)
        if pairs and all(grad is None for grad, _ in pairs):
            raise ValueError("No gradients provided for any variable.")
        pairs = [(grad, var) for grad, var in pairs if grad is not None]
        self._check_known([var for _, var in pairs])
        if _backends.SEEN[0]:
            pairs = _host_gradients(pairs)
        grads = [self._dense(grad, var) for grad, var in pairs]
        clipped = self._clip([g for g, _ in grads])
        if clipped is not None:
            if any(isinstance(grad, IndexedSlices) for grad, _ in pairs):
                raise NotImplementedError("tangentish.tf.keras: gradient clipping of "
                                          "IndexedSlices gradients is not implemented here")
            grads = [(g, np.square(g)) for g in clipped]
        for (_, var) in pairs:
            self._decay(var)
        for (g, g_squared), (_, var) in zip(grads, pairs):
            slots = self._slots.setdefault(id(var._root()), {})
            value = self._update(var, g, slots, g_squared)
            var.assign(value.astype(var.dtype.as_numpy_dtype))
        for _, var in pairs:
            if var.constraint is not None:
                var.assign(var.constraint(var))
        self.iterations.assign_add(1)
        return self.iterations

    def apply(self, grads, trainable_variables):
        return self.apply_gradients(zip(grads, trainable_variables))

    def _check_known(self, variables):
        if self._known is None:
            self._known = {id(v._root()) for v in variables}
        for v in variables:
            if id(v._root()) not in self._known:
                raise ValueError(f"Unknown variable: {v}. This optimizer can only be called "
                                 "for the variables it was originally built with. When "
                                 "working with a new set of variables, you should recreate "
                                 "a new optimizer instance.")

    @staticmethod
    def _dense(grad, var):
        """The gradient as an array of the variable's dtype, and its square as Keras
        sums it (an IndexedSlices gradient: the squares of repeated rows are added)."""
        dt = var.dtype.as_numpy_dtype
        g = np.asarray(convert_to_tensor(grad).numpy(), dtype=dt)
        if not isinstance(grad, IndexedSlices):
            return g, np.square(g)
        rows = IndexedSlices(np.square(grad.values.numpy()), grad.indices, grad.dense_shape)
        return g, np.asarray(convert_to_tensor(rows).numpy(), dtype=dt)

    def _clip(self, grads):
        """Keras 3's ``_clip_gradients`` on numpy values (None: no clipping)."""
        if self.clipnorm and self.clipnorm > 0:
            return [_clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return _clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            return [np.clip(g, -self.clipvalue, self.clipvalue).astype(g.dtype) for g in grads]
        return None

    def _decay(self, var):
        if self.weight_decay is None:
            return
        value = var.numpy()
        wd, lr = np.asarray(self.weight_decay, value.dtype), self._lr(value.dtype)
        var.assign((value - value * wd * lr).astype(value.dtype))

    @property
    def learning_rate(self):
        """The learning-rate Variable (Keras: a callable one is called at each step)."""
        lr = self._learning_rate
        return convert_to_tensor(lr(), dtype=_dtypes.float32) if callable(lr) else lr

    @learning_rate.setter
    def learning_rate(self, value):
        if callable(value) or callable(self._learning_rate):
            raise NotImplementedError("tangentish.tf.keras: setting a callable learning rate, "
                                      "or replacing one, is not implemented here")
        self._learning_rate.assign(float(value))

    def _lr(self, dtype):
        return np.asarray(self.learning_rate.numpy(), dtype=dtype)


def _host_gradients(pairs):
    """The optimizers update numpy Variables with numpy arithmetic: gradients of
    another array library (a Dask gradient of a numpy Variable) are brought to numpy
    here, all of one step's Dask gradients in one ``dask.compute`` (one pass over
    the data, where ``var.assign_sub`` of each would make one pass per variable)."""
    for _, var in pairs:
        if isinstance(var, ForeignVariable):
            raise NotImplementedError(
                f"tangentish.tf.keras: optimizers update numpy Variables; '{var.name}' holds "
                f"a {_backends.library(var._current_value())} array (assign its updates "
                "with var.assign_sub)")
    foreign = [i for i, (g, _) in enumerate(pairs)
               if isinstance(g, Tensor) and _backends.library(g._value) is not None]
    values = _backends.host_values([pairs[i][0]._value for i in foreign])
    pairs = list(pairs)
    for i, value in zip(foreign, values):
        pairs[i] = (constant(value), pairs[i][1])
    return pairs


def _clip_by_norm(g, clip):
    l2sum = np.sum(np.square(g), keepdims=True)
    l2norm = np.where(l2sum > 0, np.sqrt(np.where(l2sum > 0, l2sum, 1)), l2sum)
    clip = np.asarray(clip, g.dtype)
    return (g * clip) / np.maximum(l2norm, clip)


def _clip_by_global_norm(grads, clip):
    dt = grads[0].dtype if grads else np.float32
    use_norm = np.sqrt(np.sum([np.sum(np.square(g)) for g in grads], dtype=dt))
    clip = np.asarray(clip, dt)
    scale = clip * np.minimum(np.asarray(1.0, dt) / use_norm, np.asarray(1.0, dt) / clip)
    scale = scale + (use_norm - use_norm)
    return [(g * scale).astype(g.dtype) for g in grads]


class SGD(Optimizer):
    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        super().__init__(learning_rate, **kwargs)
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
        super().__init__(learning_rate, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.amsgrad = bool(amsgrad)

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
        if self.amsgrad:
            v = slots["v_hat"] = np.maximum(slots.get("v_hat", np.zeros_like(value)), v)
        return value - (m * alpha) / (np.sqrt(v) + np.asarray(self.epsilon, dt))


class optimizers:  # noqa: N801 - a namespace, as tf.keras.optimizers
    SGD = SGD
    Adam = Adam
    Optimizer = Optimizer


__all__ = ["layers", "optimizers", "Dense", "SGD", "Adam", "Optimizer"]
