"""``tf.autodiff.ForwardAccumulator``: forward mode by the engine's ``tangentish.jvp``.

Inside the ``with`` block a persistent tape records the operations, as a
``GradientTape`` does.  ``acc.jvp(target)`` writes the recorded lines from the
primals to ``target`` as a program *returning the target itself* and calls
``tangentish.jvp`` on it: the tangent comes from the engine's generated forward
code (``acc.program_source(target)`` shows the program), never from a rule of the facade."""
import numpy as np

from .. import api as _tg_api
from .core import RECORDING
from .nest import flatten, pack
from .nodes import Plan, UnconnectedGradients, unconnected_mode
from .program import ProgramWriter
from .tape import GradientTape
from .tensor import Tensor, convert_to_tensor


class _ValueWriter(ProgramWriter):
    """A program that returns its (single) target instead of a scalar objective."""

    def write_objective(self, targets, target_nodes, weights):
        (_, node), = target_nodes
        self.body.append("return " + self.names[id(node)])
        return []


class _ForwardTape(GradientTape):
    """The accumulator's recording: a persistent tape writing value programs."""

    def _emit(self, targets, target_nodes, weights, source_nodes, wrt_nodes, need_all):
        writer = _ValueWriter(self)
        wrt_index, perturb = writer.write_sources(wrt_nodes)
        n_wrt = len(writer.params)
        writer.write_lines(need_all, perturb)
        writer.write_objective(targets, target_nodes, weights)
        program = self._program_for(writer.params, tuple(writer.body), writer.symbols, n_wrt,
                                    writer.args)
        source_params = [[wrt_index[id(n)] for n in group if id(n) in wrt_index]
                         for group in source_nodes]
        return Plan(program, writer.args, writer.inputs, source_params, [], wrt_nodes)


class ForwardAccumulator:
    """``with tf.autodiff.ForwardAccumulator(primals, tangents) as acc: ...``;
    then ``acc.jvp(target)``: the directional derivative of ``target`` along
    ``tangents`` (None where ``target`` does not depend on the primals)."""

    def __init__(self, primals, tangents):
        self._primals = flatten(primals)
        self._tangents = [convert_to_tensor(t, dtype=p.dtype)
                          for p, t in zip(self._primals, flatten(tangents))]
        self._tape = _ForwardTape(persistent=True)

    def __enter__(self):
        self._tape.__enter__()
        self._tape.watch(self._primals)     # (a tape watches only once entered)
        return self

    def __exit__(self, *exc):
        self._tape.__exit__(*exc)

    def jvp(self, primals, unconnected_gradients=UnconnectedGradients.NONE):
        mode = unconnected_mode(unconnected_gradients)
        if any(tape is not self._tape for tape in RECORDING):
            raise NotImplementedError(
                "tangentish.tf: ForwardAccumulator.jvp() while a GradientTape records is not "
                "supported (the tape could not differentiate the jvp); call it outside")
        self._tape._refuse_foreign("ForwardAccumulator")
        flat = flatten(primals)
        return pack(primals, [self._one(t, mode) for t in flat])

    def program_source(self, target):
        """The recorded program ``jvp(target)`` hands to ``tangentish.jvp``."""
        plan = self._plan(target)
        return None if plan is None else plan.program.source

    def _plan(self, target):
        if not isinstance(target, Tensor):
            return None
        return self._tape._plan([target], self._primals, None)

    def _one(self, target, mode):
        plan = self._plan(target)
        if plan is None:
            if mode is UnconnectedGradients.ZERO:
                return Tensor._wrap(np.zeros_like(convert_to_tensor(target)._value))
            return None
        tangents = [None] * len(plan.args)
        for primal_tangent, params in zip(self._tangents, plan.source_params):
            for k in params:
                tangents[k] = primal_tangent._value
        _, y_dot = _tg_api.jvp(plan.program.fn, plan.args, tangents)
        value = np.asarray(y_dot, dtype=target.dtype.as_numpy_dtype)
        return Tensor._wrap(value)


__all__ = ["ForwardAccumulator"]
