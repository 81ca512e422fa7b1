"""A ``GradientTape``'s Jacobians: ``jacobian`` and ``batch_jacobian``, one
gradient of the planned program per row (at that row's unit weight), or, while
outer tapes record and track the program's inputs, rows recorded on them."""
import numpy as np

from . import ops
from .core import RECORDING, Const, Lit, paused
from .nest import flatten, pack
from .nodes import LAST, NotDifferentiableAgain, UnconnectedGradients, as_dtype, unconnected_mode
from .tensor import Tensor, Variable, convert_to_tensor, prim


class Jacobians:
    """The Jacobian part of ``GradientTape``."""

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """d target[i...] / d source[j...], shaped target.shape + source.shape.

        Divergence: a Python list/tuple target is stacked (recorded on this
        tape); TF 2.21 raises AttributeError for it."""
        self._check_usable()
        self._refuse_foreign("GradientTape.jacobian")
        mode = self._jacobian_mode("jacobian", unconnected_gradients, experimental_use_pfor)
        flat_sources = flatten(sources)
        self._check_sources(flat_sources)
        if isinstance(target, (list, tuple)):
            target = self._stacked(target)
        _require_shape(target)
        if isinstance(target, Variable):
            target = self._read_recorded(target)
        self._used = True
        results = self._jacobian(target, flat_sources, mode)
        if not self._persistent:
            self._forget_used()
        return pack(sources, results)

    def _jacobian_mode(self, name, unconnected_gradients, use_pfor):
        """The unconnected mode, with TF's errors for the jacobian's options."""
        if not use_pfor and not self._persistent:
            spaces = ("", " ") if name == "jacobian" else (" ", "")   # (TF's text, verbatim)
            raise RuntimeError(f"GradientTape must be created with persistent=True to compute "
                               f"the {name} with eager execution enabled and{spaces[0]} with"
                               f"{spaces[1]} experimental_use_pfor set to False.")
        try:
            return unconnected_mode(unconnected_gradients)
        except ValueError:
            if not use_pfor:
                raise
            raise ValueError(_PFOR_FAILED) from None

    def _read_recorded(self, var):
        """A Variable target of ``jacobian``: read with this tape recording (TF
        reads it inside ``_ensure_recording``), and the other active tapes."""
        tapes = [t for t in RECORDING if t is not self] + [self]
        with paused(tapes):
            return var._read()

    def _stacked(self, values):
        saved = RECORDING[:]
        RECORDING[:] = [self]
        try:
            return ops.stack(list(values))
        finally:
            RECORDING[:] = saved

    def _jacobian(self, target, sources, mode):
        target = convert_to_tensor(target) if not isinstance(target, Tensor) else target
        tshape = target._value.shape
        size = int(np.prod(tshape, dtype=np.int64))
        ones = Tensor._wrap(np.ones(tshape, dtype=target._value.dtype))
        plan = self._plan([target], sources, [ones])
        results = [None] * len(sources)
        if plan is not None:
            LAST[0] = plan.program
            outer = [t for t in RECORDING if t._recording] if RECORDING else []
            if outer:
                self._refuse_complex_nested(sources)
            tapes = outer if plan.program.custom_gradients else \
                [t for t in outer if any(t._tracked(a) for a in plan.inputs)]
            if tapes:
                results = self._recorded_jacobian(plan, tshape, size, sources, tapes)
            else:
                results = self._eager_jacobian(plan, tshape, size, sources)
        if mode is UnconnectedGradients.ZERO:
            for j, source in enumerate(sources):
                if results[j] is None:
                    sshape = tuple(source.shape)
                    results[j] = Tensor._wrap(np.zeros(tshape + sshape,
                                                       dtype=source.dtype.as_numpy_dtype))
        return results

    @staticmethod
    def _unit_weights(tshape, size, dtype):
        for i in range(size):
            w = np.zeros(size, dtype=dtype)
            w[i] = 1
            yield w.reshape(tshape)

    def _eager_jacobian(self, plan, tshape, size, sources):
        results = [None] * len(sources)
        rows = [[] for _ in sources]
        for w in self._unit_weights(tshape, size, plan.args[plan.weight_params[0]].dtype):
            grads = [np.asarray(g) for g in plan.run([w])]
            for j, source in enumerate(sources):
                params = plan.source_params[j]
                if params:
                    g = grads[params[0]]
                    for p in params[1:]:
                        g = g + grads[p]
                    rows[j].append(as_dtype(g, source.dtype))
        for j, source in enumerate(sources):
            if plan.source_params[j]:
                sshape = tuple(source.shape)
                stacked = np.stack(rows[j]) if rows[j] else np.zeros(
                    (0,) + sshape, dtype=source.dtype.as_numpy_dtype)
                results[j] = Tensor._wrap(stacked.reshape(tshape + sshape))
        return results

    def _recorded_jacobian(self, plan, tshape, size, sources, tapes):
        """The Jacobian computed while outer ``tapes`` record and track the program's
        inputs: each row is recorded on them as calls of the generated gradient
        function (at that row's unit weight), and the rows are stacked and
        reshaped by recorded lines, so an outer gradient differentiates it."""
        program = plan.program
        (weight_param,) = plan.weight_params
        fns = self._row_gradient_functions(plan)
        rows = [[] for _ in sources]
        for w in self._unit_weights(tshape, size, plan.args[weight_param].dtype):
            if program.custom_gradients:   # differentiable again by a recorded reverse pass
                row = self._backprop(plan, [Tensor._wrap(w)], sources, tapes)
                for j, source in enumerate(sources):
                    if plan.source_params[j]:
                        rows[j].append(row[j] if row[j] is not None else Tensor._wrap(
                            np.zeros(tuple(source.shape), dtype=source.dtype._np)))
                continue
            self._recorded_row(plan, w, fns, sources, tapes, rows)
        results = [None] * len(sources)
        for j, source in enumerate(sources):
            if not plan.source_params[j]:
                continue
            sshape = tuple(source.shape)
            if not rows[j]:
                results[j] = Tensor._wrap(np.zeros(tshape + sshape,
                                                   dtype=source.dtype.as_numpy_dtype))
                continue
            with paused(tapes):
                items = ", ".join("{%d}" % k for k in range(len(rows[j])))
                stacked = prim(f"np.stack([{items}])", *rows[j])
                results[j] = prim("np.reshape({0}, {1})", stacked, Lit(tshape + sshape))
        return results

    @staticmethod
    def _row_gradient_functions(plan):
        """For ``_recorded_jacobian``: per differentiated parameter, the name and
        function of its generated gradient (none for a program with custom
        gradients, whose rows are recorded reverse passes)."""
        program = plan.program
        fns = {}
        for p in ([] if program.custom_gradients else
                  sorted({p for params in plan.source_params for p in params})):
            fn = program.derivative((p,)).generated
            name = f"grad_{program.fn.__name__}_wrt_{program.params[p]}"
            if program.custom_gradients:
                fn = NotDifferentiableAgain(fn, name, program.custom_gradients)
            fns[p] = (name, fn)
        return fns

    @staticmethod
    def _recorded_row(plan, w, fns, sources, tapes, rows):
        """One row of ``_recorded_jacobian`` (unit weight ``w``), appended to ``rows``."""
        call = "({})".format(", ".join("{%d}" % i for i in range(len(plan.inputs))))
        (weight_param,) = plan.weight_params
        grads = plan.run([w])
        inputs = list(plan.inputs)
        inputs[weight_param] = Const(w)
        partial_of = {}
        for p, (name, fn) in fns.items():
            partial = Tensor._wrap(np.asarray(grads[p]))
            for tape in tapes:
                tape._record_call(partial, name + call, inputs, {name: fn})
            partial_of[p] = partial
        for j, source in enumerate(sources):
            params = plan.source_params[j]
            if not params:
                continue
            with paused(tapes):
                row = partial_of[params[0]]
                for p in params[1:]:
                    row = prim("{0} + {1}", row, partial_of[p])
                if row._value.dtype != source.dtype._np:
                    row = ops.cast(row, source.dtype)
            rows[j].append(row)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """``jacobian`` restricted to matching batch rows: shape
        (batch,) + target.shape[1:] + source.shape[1:]."""
        self._check_usable(_NON_PERSISTENT_BATCH)
        self._refuse_foreign("GradientTape.batch_jacobian")
        mode = self._jacobian_mode("batch_jacobian", unconnected_gradients,
                                   experimental_use_pfor)
        _require_shape(source)
        self._check_sources([source])
        if isinstance(target, Variable):
            target = self._read_recorded(target)
        tshape = tuple(target.shape)
        sshape = tuple(source.shape)
        for shape in (tshape, sshape):
            if len(shape) < 2:
                raise ValueError(f"Shape {shape} must have rank at least 2")
        if tshape[0] != sshape[0]:
            raise ValueError("Need first dimension of target shape "
                             f"({target.shape}) and source shape ({source.shape}) to match.")
        self._used = True
        outer = [t for t in RECORDING if t._recording] if RECORDING else []
        (full,) = self._jacobian(target, [source], mode)
        if not self._persistent:
            self._forget_used()
        b = tshape[0]
        k = int(np.prod(tshape[1:], dtype=np.int64))
        m = int(np.prod(sshape[1:], dtype=np.int64))
        out_shape = (b,) + tshape[1:] + sshape[1:]
        if full is None:   # TF's batch_jacobian gives zeros here, even for NONE
            return ops.zeros(out_shape, source.dtype)
        if not any(t._tracked(full) for t in outer):
            j = full._value.reshape(b, k, b, m)
            diag = j[np.arange(b), :, np.arange(b), :]
            return Tensor._wrap(diag.reshape(out_shape))
        # recorded on the outer tapes: the diagonal blocks as a masked sum
        mask = np.eye(b, dtype=full._value.dtype).reshape(b, 1, b, 1)
        with paused(outer):
            blocks = prim("np.reshape({0}, {1})", full, Lit((b, k, b, m)))
            diag = prim("np.sum({0} * {1}, axis=2)", blocks, Const(mask))
            return prim("np.reshape({0}, {1})", diag, Lit(out_shape))


_PFOR_FAILED = ("Encountered an exception while vectorizing the jacobian computation. "
                "Vectorization can be disabled by setting experimental_use_pfor to False.")
_NON_PERSISTENT_BATCH = ("A non-persistent GradientTape can only be used to"  # (TF's typo)
                         "compute one set of gradients (or jacobians)")


def _require_shape(value):
    """TF reads ``.shape`` of a jacobian's target and a batch_jacobian's source."""
    if not isinstance(value, (Tensor, Variable)):
        getattr(value, "shape")   # Python's AttributeError, as TF's


__all__ = ["Jacobians"]
