"""A TensorFlow-2.21-style facade on numpy, differentiated by the tangentish engine.

``import tangentish.tf as tf`` runs TF eager-mode code (``tf.Variable``,
``tf.GradientTape``, ``tf.reduce_mean``, ...) with numpy arrays as values::

    import tangentish.tf as tf

    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x ** 2
    print(tape.gradient(y, x))          # tf.Tensor(6.0, shape=(), dtype=float32)

How gradients are computed
--------------------------
Operations run eagerly (side effects in a ``with`` block happen exactly once).
A recording tape writes down each primitive operation as one line of numpy
code; composite ops (sigmoid, softmax, clip_by_norm, ...) are written as
several such lines.  ``tape.gradient(target, sources)`` turns the lines on the
path from the sources to the target into a Python function, registered with
``linecache`` as ``<tangentish tape program #N>``, and differentiates it with
``tangentish.grad`` -- the same source-to-source engine as everywhere else; the
tape has no derivative rules and no backpropagation of its own.  Programs are
cached by their text and the shapes/dtypes of their inputs, so a training
loop compiles once; a step that records what an earlier one recorded (the same
ops on the same shapes and dtypes) does not even write its program out again:
its gradient calls the generated function directly (see ``nodes.py``, ``Compiled``).

Seeing the generated code:

* ``tape.gradient_source(target, sources)`` -- the adjoint source the engine
  generated for that gradient (does not use up a non-persistent tape);
* ``tape.program_source(target, sources)`` -- the recorded program itself
  (``tape.program(target, sources)``: its ``TapeProgram``);
* ``tf.last_gradient_source()`` -- the adjoint source of the most recent
  ``gradient``/``jacobian`` call; ``tf.last_tape_program()`` -- its
  ``TapeProgram`` (``.fn``, ``.source``, ``.filename``, ``.gradient``).

For example, for ``x ** 2`` above, ``tf.last_gradient_source()`` is::

    def grad_tape_program_1(s0):
        v0 = s0 ** 2
        # -- backward --
        dv0 = unit_cotangent(v0)
        # grad of line 2: v0 = s0 ** 2
        ds0 = dv0 * (2 * s0)
        ds0 = real_cotangent(ds0, s0)
        return ds0

A gradient computed while another tape records (nested tapes) is recorded on
that tape as one line calling the generated gradient function, so the outer
gradient differentiates generated code: second derivatives, Hessians.  A
``jacobian`` (or ``batch_jacobian``) computed while another tape records is
recorded the same way, one call per row, stacked and reshaped by recorded
lines: the gradient of a Jacobian is exact.

Provided names
--------------
Values: ``Tensor``, ``Variable``, ``TensorShape``, ``constant``,
``convert_to_tensor``, ``is_tensor``, ``cast``, ``identity``; dtypes
``float16/32/64``, ``int8/16/32/64``, ``uint8``, ``bool``, ``complex64/128``
(also as ``tf.dtypes.*``), ``DType``, ``as_dtype``.
Autodiff: ``GradientTape`` (``watch``, ``gradient``, ``jacobian``,
``batch_jacobian``, ``stop_recording``, ``reset``, ``watched_variables``),
``UnconnectedGradients``, ``stop_gradient``, ``custom_gradient``.
Math: ``add``, ``subtract``, ``multiply``, ``divide``, ``truediv``,
``floordiv``, ``pow``, ``negative``, ``abs``, ``square``, ``sqrt``, ``exp``,
``log``, ``sin``, ``cos``, ``tan``, ``tanh``, ``sigmoid``, ``sign``,
``round``, ``maximum``, ``minimum``, ``matmul``, ``add_n``, ``norm``,
``reduce_sum/mean/max/min/prod/any/all/logsumexp``, ``argmax``, ``argmin``,
comparisons, ``where``; ``tf.math.*`` (the same and ``log``, ``rsqrt``,
``reciprocal``, ``floormod``, ``squared_difference``, ``is_finite``, ...),
``tf.nn.relu/leaky_relu/softmax/log_softmax/sigmoid/tanh/l2_loss/l2_normalize``,
``tf.math.l2_normalize``,
``tf.linalg.matmul/norm/transpose``.
Arrays: ``reshape``, ``transpose``, ``stack``, ``unstack``, ``concat``,
``expand_dims``, ``squeeze``, ``gather``, ``shape``, ``size``, ``rank``,
``zeros``, ``ones``, ``zeros_like``, ``ones_like``, ``fill``, ``range``,
``linspace``, ``one_hot``, indexing and slicing.
Clipping: ``clip_by_value``, ``clip_by_norm``, ``clip_by_global_norm``,
``global_norm``, ``clip_by_average_norm`` (and ``tf.compat.v1.*``).
Also ``tf.errors`` (``InvalidArgumentError``...), ``tf.newaxis``,
``tf.function`` (runs eagerly), ``tf.executing_eagerly``.
Linear algebra (linalg.py): ``tf.linalg.det/slogdet/logdet/inv/solve/cholesky/
eigh/eigvalsh/diag_part/diag/trace/matrix_transpose/adjoint/matvec/einsum/
tensordot/eye/band_part/global_norm/l2_normalize``, ``tf.einsum``, ``tf.tensordot``, ``tf.eye``.
Complex (complex.py): ``tf.complex``, ``tf.math.real/imag/conj/angle``.
Strings: ``tf.string``; ``tf.constant("hi")`` and lists of str/bytes (no gradient).
Sparse gradients (indexed_slices.py): ``tf.IndexedSlices`` (``values``,
``indices``, ``dense_shape``; ``tf.convert_to_tensor`` sums duplicates),
``tf.nn.embedding_lookup``.
Variables: ``tf.Variable(tf.Variable(...))``, ``v[k].assign(x)``.
Forward mode (forward.py): ``tf.autodiff.ForwardAccumulator`` (``jvp``,
``program_source``), ``tf.autodiff.GradientTape``.
Random (random.py): ``tf.random.set_seed/normal/uniform/truncated_normal``.
Models (module.py, keras.py): ``tf.Module`` (``variables``,
``trainable_variables``, ``submodules``), ``tf.keras.layers.Dense``,
``tf.keras.optimizers.SGD/Adam`` (``apply_gradients``, ``iterations``,
``learning_rate``, assignable or a callable; ``weight_decay``, ``clipnorm``,
``clipvalue``, ``global_clipnorm``, Adam's ``amsgrad``); Dense's ``dtype=``
and activations relu, sigmoid, tanh, softmax, elu, selu, softplus, swish, silu,
leaky_relu, relu6, hard_sigmoid, exponential -- Keras stops there: no
``Model``, ``fit``, losses or other layers.
Also ``tf.nn.sigmoid_cross_entropy_with_logits`` (TF's formula, so its gradient
is ``sigmoid(z) - y`` at z = 0 too).

Data in other array libraries (backends.py)
-------------------------------------------
``tf.constant(x)`` of a Dask array (or an array_api_strict or CuPy array) is a
Tensor holding that array: ops on it run in that library (a Dask tensor stays
lazy and chunked; nothing computes it), written from the ops' numpy lines
through the array API table the engine uses (``rules/array_api.py``), and
``tape.gradient`` runs the derivative the engine generates for that library
(``tape.gradient_source`` shows it: ``xp = array_namespace(...)``,
``xp.reshape(...)``).  A step written as TF users write it runs unchanged::

    X, y = tf.constant(X_dask), tf.constant(y_dask)
    w, b = tf.Variable(np.zeros(d)), tf.Variable(np.float64(0.0))
    with tf.GradientTape() as tape:
        z = tf.linalg.matvec(X, w) + b
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z))
    dw, db = tape.gradient(loss, [w, b])     # lazy Dask tensors
    w.assign_sub(0.1 * dw)                   # computes: w holds numpy
    b.assign_sub(0.1 * db)

The rules:

* NumPy operands of such an op (a numpy Variable, a constant) are converted to
  the data's library: the parameters move to the data, never the data to numpy.
  Two different non-numpy libraries in one op are a TypeError.
* A Variable keeps the library of its initial value.  A numpy Variable assigned
  a Dask value (``assign``, ``assign_add``, ``assign_sub``) computes it: the
  step's parameters are small, and a Variable holds their current value (as TF
  copies a value onto the variable's device).  Each such assignment is one pass
  over the data; ``keras.optimizers.SGD/Adam.apply_gradients`` computes all of
  a step's Dask gradients in one ``dask.compute``.  ``tf.Variable(X_dask)``
  holds a Dask array, and its assignments extend its graph lazily.
* Printing a Dask tensor shows it lazily (``numpy=dask.array<..., chunksize=...>``:
  nothing is computed); an eager library's tensor prints its values as TF does.
  ``t.numpy()``, ``float(t)``, ``bool(t)`` and ``np.asarray(t)`` convert
  explicitly (Dask computes there).
* Only the ops audited for this (``backends.PORTABLE_OPS``: arithmetic and the
  operators, matmul, matvec, reduce_sum/mean/max/min/logsumexp, reshape,
  expand_dims, squeeze, concat, stack, where(c, x, y), cast between float
  dtypes, square, sqrt, exp, log, tanh, sigmoid, relu, abs, maximum/minimum,
  softmax, log_softmax, sigmoid_cross_entropy_with_logits, identity,
  stop_gradient, shape) and Dense with SGD/Adam take such tensors; every
  other public op raises NotImplementedError naming
  itself and the library, as does an op line naming a numpy function with no
  exact array API equivalent.  Nothing is converted to numpy silently.
* Not supported with such tensors: nested tapes (Hessians), jacobians,
  ForwardAccumulator, custom gradients, complex sources, ``v[k].assign``.

Divergences from TensorFlow 2.21
--------------------------------
Where TF itself fails on the TF autodiff chapter's examples, this facade does
what the chapter intends:

1. ``f"{W:.4f}"`` on a ``Variable`` formats its value (TF raises
   ``TypeError: unsupported format string passed to
   ResourceVariable.__format__``; a scalar Tensor formats in both).
2. ``tf.clip_by_average_norm`` exists at top level with TF 1 semantics
   (``tf.compat.v1.clip_by_average_norm``); TF 2 removed it
   (``AttributeError``).
3. ``tape.jacobian(target, x)`` with a Python list (or tuple) ``target``
   stacks it (the stack is recorded on the tape) and returns the Jacobian of
   the stacked vector; TF raises ``AttributeError: 'list' object has no
   attribute 'shape'``.

Other differences:

* Values are computed by numpy, so transcendental functions can differ from
  TF's Eigen kernels in the last bit (e.g. ``tf.nn.softmax([1., 2., 3.])`` is
  ``[0.09003057, 0.24472846, 0.66524094]`` here, ``[0.09003057, 0.24472848,
  0.6652409]`` in TF).  ``sigmoid`` is computed as ``0.5 * tanh(x / 2) + 0.5``.
* Eager only: no graphs; ``tf.function`` returns the function unchanged.
* Jacobians are computed one row (one output element) at a time with the
  same generated function.  ``batch_jacobian`` returns the diagonal blocks of
  the full Jacobian (TF sums each output column over the batch, which agrees
  when, as TF requires, batch rows do not interact).
* A ``custom_gradient`` function returns one Tensor, or several (``return
  (o1, o2), grad_fn`` with ``grad_fn(d1, d2)``; they must share one dtype, else
  ``NotImplementedError``): the call is recorded once, on their values raveled
  and concatenated, and each output is a recorded slice of it.  As in TF, trainable
  variables it reads (other than its arguments) are passed to
  ``grad_fn(dy, variables=[...])``, which returns ``(input grads, variable
  grads)``; a ``grad_fn`` without a ``variables`` argument then raises TF's
  ``TypeError``.  A gradient (or Jacobian) through a custom gradient taken
  while an outer tape records is computed by a recorded reverse pass
  (``backprop.py``, ``_backprop``): one engine-generated call per recorded line
  and ``grad_fn`` run with the outer tapes recording, so an outer tape
  differentiates ``grad_fn``'s operations, as TF does.  The function itself
  runs with the tapes recording (as in TF's eager mode), so tensors it
  computes and ``grad_fn`` reads (TF's ``log1pexp`` example's ``e``) are
  connected to the inputs and second derivatives through them are exact.  An
  outer tape that did not record the call (begun or watching after it, or
  paused by ``stop_recording``) but tracks its inputs gets the gradient as a
  value it cannot differentiate: a gradient through it on that tape raises a
  ``TransformError`` (TF returns None or a partial gradient; for ``x ** 3``
  with ``grad_fn`` reading only ``x``, the full one).  As in TF, a Variable
  argument is passed to the function itself, so a ``grad_fn`` reading it reads
  the variable when it runs: an outer tape begun after the call that does not
  track the call's inputs differentiates that read (TF's result; tensors the
  function computed before that tape began are constants to it, as in TF).  A cast
  between real and complex inside the function is computed but refused if a
  gradient has to go through it.
* ``x ** y`` with a tensor exponent has TF's derivative (``d/dy`` is 0 where
  ``x <= 0``; numpy's formula would give nan).  Where ``x < 0`` the mixed
  second derivative ``d2/dx dy`` is 0 here (TF: ``x ** (y - 1)``).
* The gradient with respect to a Variable used only through ``tf.gather`` /
  ``tf.nn.embedding_lookup`` (axis 0) is an ``IndexedSlices``, as in TF, except
  while an outer tape records (then a dense Tensor, with the same sum).  Its
  ``repr`` names ``tangentish.tf.indexed_slices.IndexedSlices`` (TF:
  ``tensorflow.python.framework.indexed_slices.IndexedSlices``).
* Complex gradients follow TF's convention: for a complex source the gradient
  of a real loss is ``dL/dx + i dL/dy`` (the conjugate of tangentish's and
  JAX's); a complex target ``y`` with output gradient ``w`` (default ones) is
  differentiated as TF does, as the real ``Re(sum(y * conj(w)))``.  A gradient
  with respect to a complex source taken while another tape records raises
  ``NotImplementedError``.
* A gradient through a ``tf.custom_gradient`` on a path carrying complex
  values raises ``NotImplementedError`` (its ``grad_fn`` would be read in the
  engine's convention, not TF's).
* ``tf.random`` draws from numpy's generator: shapes, dtypes, ranges and the
  repetition after ``set_seed`` are TF's, the numbers are not (an op-level
  ``seed=`` argument is accepted and does not change the sequence).
* ``tf.linalg.cholesky`` of a matrix that is not positive definite raises
  ``InvalidArgumentError`` (TF 2.21's eager kernel returns NaN and
  uninitialised values).
* A second derivative through ``tf.linalg.cholesky`` or ``eigh`` by nested
  tapes raises ``TransformError`` (the engine has no reverse-over-reverse rule
  for them); TF computes it.  ``ForwardAccumulator.jvp`` and first-order
  gradients through them are exact.
* ``ForwardAccumulator.jvp`` called while a ``GradientTape`` records raises
  ``NotImplementedError`` (TF records the jvp on that tape).
* ``tf.keras`` optimizers update variables with numpy in the variable's dtype,
  with Keras 3's formulas; results agree with TF to float32 rounding.  Of
  Keras's optimizer arguments, ``weight_decay``, ``clipnorm``, ``clipvalue``,
  ``global_clipnorm`` and Adam's ``amsgrad`` are implemented (and a Variable's
  ``constraint``, applied after each update); any other (``use_ema``,
  ``loss_scale_factor``, ``gradient_accumulation_steps``...) raises
  ``TypeError`` unless it has its default value.  Clipping an ``IndexedSlices``
  gradient raises ``NotImplementedError``.
* A gradient through ``tf.linalg.det`` or ``tf.math.squared_difference`` of
  complex values raises ``TransformError`` (TF's gradients, ``g * det *
  inv(A)^H`` and ``2 g (x - y)``, do not follow its own complex convention);
  ``tf.linalg.logdet`` of a complex matrix raises ``NotImplementedError``.
* TF's ``Sqrt``, ``Rsqrt`` and ``Reciprocal`` gradient kernels give 0 where the
  incoming gradient is 0; here the chain rule gives ``0 * inf = nan`` there
  (``tf.where(x > 0, tf.sqrt(x), 0.)`` at ``x = 0``: write
  ``tf.sqrt(tf.where(x > 0, x, 1.))`` instead).  ``d/dx x ** y`` at ``x = 0``
  is 0 here (TF: ``0 * inf = nan``).  ``tf.nn.softmax`` of a row holding
  ``inf`` is NaN everywhere in that row (TF: NaN at the ``inf`` only).

Recorded against TF 2.21 label by label (tests/golden/tf_tape.json), these
tape behaviours differ on purpose:

* A ``custom_gradient`` whose ``grad_fn`` returns a ``None`` gradient for an
  input gives zeros there (TF: ``None`` if nothing else reaches that source);
  a ``grad_fn`` returning a Python number gives a Tensor (TF hands back the
  number itself).
* Float32 results that go through ``exp``, ``log``, ``sin`` or ``cos`` can
  differ from TF's Eigen kernels in the last bit (TF's ``log1pexp`` second
  derivative, a ``batch_jacobian`` of ``tf.sin``).
* ``tape.jacobian(..., parallel_iterations=1)`` computes the Jacobian; TF
  2.21's vectorization fails on ``x ** 3`` there (``ValueError``).
* Tensors print and convert through the installed numpy, as TF's do: with a
  numpy older than 2.2 (Python 3.9) a summarised array's repr has no
  ``shape=`` clause, and before numpy 2.4 ``float()`` of a one-element vector
  converts instead of raising ``TypeError`` (recorded with TF 2.21's numpy).
* An outer tape that tracks the inputs of a custom-gradient call it did not
  record (watching them, begun after the call) raises a ``TransformError`` for a
  gradient through that call; TF differentiates what it recorded of
  ``grad_fn``: the full derivative, a partial one or None, which cannot be told
  apart (TF's ``x ** 3`` gives 12, its ``log1pexp`` None).
"""
import sys as _sys

from . import autodiff, compat, dtypes, errors, keras, linalg, math, nn, random  # noqa: A004
from . import backends as _backends
from .complex import complex  # noqa: A004
from .custom import custom_gradient
from .dtypes import (DType, as_dtype, bool, complex64, complex128, double, float16,  # noqa: A004
                     float32, float64, half, int8, int16, int32, int64, string, uint8)
from .indexed_slices import IndexedSlices
from .linalg import einsum, eye, tensordot
from .module import Module
from .ops import (abs, add, add_n, argmax, argmin, cast, clip_by_average_norm,  # noqa: A004
                  clip_by_global_norm, clip_by_norm, clip_by_value, concat, cos, divide, equal,
                  exp, expand_dims, fill, floordiv, gather, global_norm, greater, greater_equal,
                  identity, less, less_equal, linspace, log, logical_and, logical_not,
                  logical_or, matmul, maximum, minimum, multiply, negative, norm, not_equal,
                  one_hot, ones, ones_like, pow, range, rank, reduce_all, reduce_any,
                  reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod,
                  reduce_sum, reshape, round, saturate_cast, shape, sigmoid, sign, sin, size,
                  sqrt, square, squeeze, stack, stop_gradient, subtract, tan, tanh, transpose,
                  truediv, unstack, where, zeros, zeros_like)
from .tape import (GradientTape, TapeProgram, UnconnectedGradients, clear_program_cache,
                   last_gradient_source, last_tape_program)
from .tensor import Tensor, TensorShape, Variable, constant, convert_to_tensor

__version__ = "2.21.0"
newaxis = None


def is_tensor(x):
    """True for Tensors and Variables (TF's ``tf.is_tensor``)."""
    return isinstance(x, (Tensor, Variable))


def executing_eagerly():
    return True


def function(func=None, **kwargs):
    """``tf.function``: here a no-op decorator (everything runs eagerly)."""
    if func is None:
        return lambda f: f
    return func


__all__ = [
    "Tensor", "TensorShape", "Variable", "constant", "convert_to_tensor", "is_tensor", "cast",
    "saturate_cast", "identity", "DType", "as_dtype", "dtypes", "float16", "half", "float32",
    "float64", "double", "int8", "int16", "int32", "int64", "uint8", "bool", "complex64",
    "complex128", "GradientTape", "UnconnectedGradients", "stop_gradient", "custom_gradient",
    "TapeProgram", "last_gradient_source", "last_tape_program", "clear_program_cache",
    "add", "subtract", "multiply", "divide", "truediv", "floordiv", "pow", "negative", "abs",
    "square", "sqrt", "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "sign", "round",
    "maximum", "minimum", "matmul", "add_n", "norm", "reduce_sum", "reduce_mean", "reduce_max",
    "reduce_min", "reduce_prod", "reduce_any", "reduce_all", "reduce_logsumexp", "argmax",
    "argmin", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_not", "where", "reshape", "transpose", "stack",
    "unstack", "concat", "expand_dims", "squeeze", "gather", "shape", "size", "rank", "zeros",
    "ones", "zeros_like", "ones_like", "fill", "range", "linspace", "one_hot",
    "clip_by_value", "clip_by_norm", "clip_by_global_norm", "global_norm",
    "clip_by_average_norm", "math", "nn", "linalg", "compat", "errors", "newaxis", "function",
    "executing_eagerly", "string", "complex", "einsum", "eye", "tensordot", "random",
    "autodiff", "keras", "Module", "IndexedSlices",
]

# Ops not audited for tensors of other array libraries refuse them by name (backends.py).
_backends.guard_namespaces([
    ("tf", _sys.modules[__name__], __all__), ("tf.math", math, math.__all__),
    ("tf.nn", nn, nn.__all__), ("tf.linalg", linalg, linalg.__all__),
    ("tf.compat.v1", compat.v1, list(vars(compat.v1)))])
