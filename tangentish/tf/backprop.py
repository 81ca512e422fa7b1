"""A ``GradientTape``'s results: the gradient of each source from the
program's gradients (``_results``), recorded on the outer tapes when they
track the program's inputs (``_record_nested``), and, for a program that
calls a ``tf.custom_gradient`` while outer tapes record, a reverse pass made
of recorded steps (``_backprop``) so that the outer tapes can differentiate
it again."""
import numpy as np

from . import ops
from .core import Const, Index, Lit, literal_ok, paused, render_literal
from .custom import CustomCall
from .nodes import (NotDifferentiableAgain, UnconnectedGradients, UnseenCustomCall, VarRef,
                    as_dtype, index_text, tapes_tracking, zeros_like)
from .tensor import Tensor, Variable, prim


class _Cotangents(dict):
    """``_backprop``'s cotangents: node id -> Tensor; ``add`` sums them (recorded
    on ``tapes``)."""

    def __init__(self, tapes):
        super().__init__()
        self.tapes = tapes

    def add(self, node, g):
        key = id(node)
        if key in self:
            with paused(self.tapes):
                self[key] = prim("{0} + {1}", self[key], g)
        else:
            self[key] = g


class Backprop:
    """The results part of ``GradientTape``."""

    def _results(self, grads, source_params, sources, mode, plan=None, outer=()):
        """The gradient of each source (None or zeros where unconnected), from the
        gradients ``grads`` of the program's differentiated parameters (None: the
        sources are unconnected)."""
        results = [None] * len(sources)
        if grads is not None:
            for j, source in enumerate(sources):
                params = source_params[j]
                if not params:
                    continue
                dtype = source.dtype
                if len(params) == 1 and not outer:   # the common case, in short
                    value = grads[params[0]]
                    if type(value) is not np.ndarray or value.dtype != dtype._np:
                        value = as_dtype(value, dtype)
                    results[j] = Tensor._wrap(value)
                    continue
                partials = [Tensor._wrap(as_dtype(grads[p], dtype)) for p in params]
                if outer:
                    partials = self._record_nested(plan, params, partials, outer)
                if len(partials) == 1:
                    results[j] = partials[0]
                else:
                    with paused(tapes_tracking(outer, partials)):
                        total = partials[0]
                        for p in partials[1:]:
                            total = prim("{0} + {1}", total, p)
                    results[j] = total
        return self._fill_unconnected(results, sources, mode)

    @staticmethod
    def _refuse_complex_nested(sources):
        """A gradient with respect to a complex source taken while another tape
        records would be recorded without TF's conjugation (``TapeProgram.
        run_gradient``): refused rather than wrong."""
        if any(s.dtype.is_complex for s in sources):
            raise NotImplementedError("tangentish.tf: a gradient with respect to a complex "
                                      "source taken while another tape records is not "
                                      "supported")

    @staticmethod
    def _fill_unconnected(results, sources, mode):
        if mode is UnconnectedGradients.ZERO:
            for j, source in enumerate(sources):
                if results[j] is None:
                    value = source._current_value() if isinstance(source, Variable) \
                        else source._value
                    results[j] = Tensor._wrap(zeros_like(value))
        return results

    def _record_nested(self, plan, params, partials, outer):
        """Record each partial gradient on the outer tapes that track the program's inputs,
        as one line calling the generated gradient function."""
        tapes = [t for t in outer if any(t._tracked(a) for a in plan.inputs)]
        if not tapes:
            return partials
        program = plan.program
        n = len(plan.inputs)
        call = "({})".format(", ".join("{%d}" % i for i in range(n)))
        for p, partial in zip(params, partials):
            fn = program.derivative((p,)).generated
            name = f"grad_{program.fn.__name__}_wrt_{program.params[p]}"
            if program.custom_gradients:
                fn = NotDifferentiableAgain(fn, name, program.custom_gradients)
            for tape in tapes:
                tape._record_call(partial, name + call, plan.inputs, {name: fn})
        return partials

    # -- a gradient through tf.custom_gradient, differentiable again --------
    def _backprop(self, plan, weights, sources, tapes):
        """The gradients of ``plan``'s targets, computed while the outer ``tapes``
        record, for a program that calls a ``tf.custom_gradient``.

        The generated gradient of the whole program cannot be differentiated
        again (it calls ``grad_fn`` on numpy values), so the reverse pass is
        made of recorded steps instead, in reverse order of the tape: for an
        ordinary line, one call of the engine-generated gradient of that line
        alone (a one-line program); for a custom-gradient call, ``grad_fn``
        itself, run with the outer tapes recording (what TF records).  The
        outer tapes then differentiate those steps.  Returns one Tensor (or
        None, unconnected) per source."""
        target_nodes, need_diff = plan.graph
        # Outer tapes that did not record lines they now track the inputs of:
        # they get results they cannot differentiate (below).
        late = self._late_tapes(tapes, need_diff)
        if late:
            tapes = [t for t in tapes if t not in late]
        cot = _Cotangents(tapes)
        for i, node in target_nodes:
            w = None if weights is None else weights[i]
            if w is None:
                value = node.tensor._value
                w = Tensor._wrap(np.ones(value.shape, dtype=value.dtype))
            cot.add(node, w)
        for node in reversed(self._order):
            g = cot.get(id(node))
            if g is None or id(node) not in need_diff:
                continue
            if node.kind == "read":
                if id(node.leaf) in need_diff:
                    cot.add(node.leaf, g)
            elif node.kind == "op" and not node.stop:
                self._backprop_line(node, g, need_diff, cot, tapes)
        results = self._source_cotangents(plan, sources, cot, tapes)
        for t, (node, probes) in late.items():
            fn = UnseenCustomCall(node.template, plan.program.custom_gradients)
            call = fn.__name__ + "(" + ", ".join("{%d}" % i for i in range(len(probes))) + ")"
            for r in results:
                if r is not None:
                    t._record_call(r, call, probes, {fn.__name__: fn})
        return results

    def _backprop_line(self, node, g, need_diff, cot, tapes):
        """One step of ``_backprop``: the cotangents of a recorded line's inputs."""
        wanted = []   # (position, node) of the inputs the gradient flows to
        for k, a in enumerate(node.args):
            n = None
            if isinstance(a, Tensor):
                n = self._nodes.get(id(a))
                if n is not None and n.index >= node.index:
                    n = None
            elif isinstance(a, VarRef):
                n = next((lf for lf in self._var_leaves.get(id(a.var), ())
                          if lf.version == a.version), None)
            if n is not None and id(n) in need_diff:
                wanted.append((k, n))
        if not wanted:
            return
        last = node.args[-1]
        if isinstance(last, Const) and isinstance(last._value, CustomCall):
            with paused(tapes):
                grads = last._value.tensor_grads(g)
            for k, n in wanted:
                if grads[k] is not None:
                    cot.add(n, grads[k])
        else:
            grads = self._line_vjp(node, g, [k for k, _ in wanted], tapes)
            for (k, n), gk in zip(wanted, grads):
                cot.add(n, gk)

    @staticmethod
    def _source_cotangents(plan, sources, cot, tapes):
        """``_backprop``'s result: per source the sum of its nodes' cotangents, in its dtype."""
        results = [None] * len(sources)
        for j, source in enumerate(sources):
            parts = [cot[id(plan.wrt_nodes[p])] for p in plan.source_params[j]
                     if id(plan.wrt_nodes[p]) in cot]
            if not parts:
                continue
            with paused(tapes):
                total = parts[0]
                for part in parts[1:]:
                    total = prim("{0} + {1}", total, part)
                if total._value.dtype != source.dtype._np:
                    total = ops.cast(total, source.dtype)
            results[j] = total
        return results

    def _late_tapes(self, tapes, need_diff):
        """The outer tapes among ``tapes`` that missed part of the forward pass
        they now depend on (they began, or watched, after it ran, or were paused
        by ``stop_recording``): per tape, the first such line and the values it
        tracks.  The recorded reverse pass reads the forward pass's tensors --
        each line's step its inputs, ``grad_fn`` tensors its function computed
        -- and a tensor that depends on what the tape tracks but that the tape
        never saw computed would silently be a constant there (TF returns None
        or a partial gradient).  A line reading such a tensor, or a
        custom-gradient call the tape did not record but whose inputs depend
        on what it tracks, makes the tape late."""
        found = {}
        for t in tapes:
            if t is self:
                continue
            first, hits = self._first_late_line(t, need_diff)
            if first is not None:
                found[t] = (first, hits)
        return found

    def _first_late_line(self, t, need_diff):
        """For ``_late_tapes``: the first line outer tape ``t`` missed (or None) and
        the values ``t`` tracks that this tape's lines read."""
        nodes = self._nodes
        dep = set()      # this tape's nodes whose value depends on what t tracks
        hits = []
        first = None
        for n in self._order:
            if n.kind == "variable":
                probe = VarRef(n.var, n.version, n.tensor._value)
                if t._tracked(probe):
                    dep.add(id(n))
                    hits.append(probe)
                continue
            if n.kind in ("watched", "read"):
                if (n.kind == "read" and id(n.leaf) in dep) or t._tracked(n.tensor):
                    dep.add(id(n))
                    if n.kind == "watched" or t._tracked(n.tensor):
                        hits.append(n.tensor)
                continue
            unseen = False        # reads a dependent tensor t does not track
            depends = False
            for a in n.args:
                if not isinstance(a, Tensor):
                    continue
                m = nodes.get(id(a))
                if m is not None and m.index < n.index:
                    if id(m) in dep:
                        depends = True
                        if not t._tracked(a):
                            unseen = True
                elif t._tracked(a):
                    depends = True         # a value this tape captures, t tracks
                    hits.append(a)
            if not depends:
                depends = any(id(m) in dep for m in self._input_nodes(n))
            if not depends:
                continue
            dep.add(id(n))
            if first is not None or id(n) not in need_diff or n.stop:
                continue
            last = n.args[-1] if n.args else None
            if isinstance(last, Const) and isinstance(last._value, CustomCall):
                if id(n.tensor) not in t._nodes:
                    first = n
            elif unseen:
                first = n
        return first, hits

    def _line_vjp(self, node, g, positions, tapes):
        """The cotangents of a recorded line's inputs at ``positions`` for the
        output cotangent ``g``: the engine's gradient of the one-line program
        ``np.sum((line) * g)``, each recorded on ``tapes`` as a call."""
        params, args, inputs = [], [], []
        wrt = {}
        for j, k in enumerate(positions):
            a = node.args[k]
            wrt[k] = f"s{j}"
            params.append(f"s{j}")
            args.append(a._value)
            inputs.append(a)

        def capture(obj):
            name = f"c{len(params) - len(positions)}"
            params.append(name)
            args.append(obj._value)
            inputs.append(obj)
            return name

        rendered = []
        for k, a in enumerate(node.args):
            if k in wrt:
                rendered.append(wrt[k])
            elif isinstance(a, Lit):
                rendered.append(render_literal(a._value) if literal_ok(a._value)
                                else capture(Const(a._value)))
            elif isinstance(a, Index):
                rendered.append(index_text(a._value, capture))
            else:
                rendered.append(capture(a))
        weight = capture(g)
        body = (f"v0 = {node.template.format(*rendered)}", f"return np.sum(v0 * {weight})")
        program = self._program_for(params, body, dict(node.symbols or {}), len(positions), args)
        grads = program.run_gradient(args)
        call = "({})".format(", ".join("{%d}" % i for i in range(len(inputs))))
        out = []
        for j, k in enumerate(positions):
            fn = program.derivative((j,)).generated
            name = f"grad_{program.fn.__name__}_wrt_s{j}"
            if program.custom_gradients:
                fn = NotDifferentiableAgain(fn, name, program.custom_gradients)
            value = np.asarray(grads[j])
            target = node.args[k]._value
            if value.dtype != target.dtype:
                value = value.astype(target.dtype)
            partial = Tensor._wrap(np.array(value))
            for tape in tapes:
                tape._record_call(partial, name + call, inputs, {name: fn})
            out.append(partial)
        return out


__all__ = ["Backprop"]
