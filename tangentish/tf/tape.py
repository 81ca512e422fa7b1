"""``GradientTape``: records the primitive lines executed in its block; at
``gradient()`` time writes them out as a straight-line Python program and
hands that program to the tangentish engine.

The tape has no derivative rules and no backpropagation of its own.  For
``tape.gradient(loss, [w, b])`` it builds the source text of::

    def tape_program_3(s0, s1, c0):
        v0 = s0 * c0
        v1 = v0 + s1
        ...
        return v7

(``s*``: the sources, ``c*``: other values the lines read, captured as
parameters, ``v*``: the recorded lines on the path from the sources to the
target, in execution order), registers that text with ``linecache`` under
``<tangentish tape program #3>``, compiles it and calls
``tangentish.grad(tape_program_3, wrt=(0, 1))``.  Compiled programs are cached
by their text and the shapes/dtypes of their parameters, so a training loop
reuses one program function, and the engine (which caches per function)
reuses one generated derivative.  A tape also keeps, while it records, a key
describing what it recorded; a later tape with the same key (the next step of
a training loop) skips writing the program out and calls the generated
gradient on its own values (the fast path, see ``Compiled`` in nodes.py).

A gradient computed while another tape is recording is itself recorded on that
tape, as one line calling the generated gradient function
(``v3 = grad_tape_program_1_wrt_s0(s0)``): the outer tape's program then calls
into generated code, and the engine differentiates through that call -- that
is how nested tapes give higher-order derivatives.  A Jacobian taken while
another tape records is recorded the same way, one call per row (at that
row's unit weight), stacked and reshaped by recorded lines.  A program that
calls a ``tf.custom_gradient`` cannot be differentiated again through its
generated gradient (``grad_fn`` runs on numpy values there), so while an outer
tape tracks it its gradient is a recorded reverse pass instead (``_backprop``,
backprop.py).
"""
from collections import OrderedDict

import numpy as np

from .. import api as _tg_api
from ..core.sources import define, forget_text
from .backprop import Backprop
from .complex import refuse_complex_custom_gradient
from .core import RECORDING, kernel_error, paused
from .indexed_slices import GATHERED, gradients_with_slices
from .jacobians import Jacobians
from .nest import flatten, is_flat, pack
from .nodes import (COMPILED as _COMPILED, LAST,  # (the fast path's entries; tests clear them here)
                    LOCK, TapeProgram, UnconnectedGradients, signature, unconnected_mode)
from .ops import ones_like
from .program import Planner
from .recording import Recorder
from .tensor import Tensor, Variable, convert_to_tensor

_NON_PERSISTENT_MESSAGE = ("A non-persistent GradientTape can only be used to compute one set of "
                           "gradients (or jacobians)")


# ---------------------------------------------------------------------------
# The program cache: programs by their text and the signature of their parameters.
_CACHE_SIZE = 256
_PROGRAMS = OrderedDict()      # (parameters, body text, parameter signature) -> TapeProgram
_PROGRAM_COUNTER = [0]


def _program_for(params, body, symbols, n_wrt, args):
    key = (tuple(params), body, tuple(signature(a) for a in args))
    with LOCK:
        program = _PROGRAMS.get(key)
        if program is not None:
            _PROGRAMS.move_to_end(key)
            return program
        _PROGRAM_COUNTER[0] += 1
        number = _PROGRAM_COUNTER[0]
        name = f"tape_program_{number}"
        source = f"def {name}({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body)
        filename = f"<tangentish tape program #{number}>"
        namespace = {"__name__": __name__, "np": np, "stop_gradient": _tg_api.stop_gradient}
        namespace.update(symbols)
        define(source, filename, namespace, name)
        custom = tuple(sorted(k for k, v in symbols.items()
                              if isinstance(v, _tg_api.CustomGradient)))
        program = TapeProgram(number, namespace[name], source, filename, tuple(params), n_wrt,
                              custom, key)
        _PROGRAMS[key] = program
        second_chances = len(_PROGRAMS)
        while len(_PROGRAMS) > _CACHE_SIZE:
            old_key, old = _PROGRAMS.popitem(last=False)
            if old.used and second_chances:
                # Used by the fast path, which does not reorder the cache (that would
                # take the lock on every step): a second chance, as if just used.
                old.used = False
                second_chances -= 1
                _PROGRAMS[old_key] = old
                continue
            _forget(old)
        return program


def _forget(program):
    """Drop an evicted program's source from linecache and its fast-path entries."""
    program.cached = False      # (a thread that just found it in _COMPILED builds anew)
    for key in program.compiled_keys:
        _COMPILED.pop(key, None)
    program.compiled_keys.clear()
    forget_text(program.filename)


def last_tape_program():
    """The TapeProgram of the most recent ``gradient``/``jacobian`` (or None)."""
    return LAST[0]


def last_gradient_source():
    """The engine-generated adjoint source of the most recent tape gradient."""
    program = LAST[0]
    return None if program is None else program.gradient_source


def clear_program_cache():
    with LOCK:
        for program in _PROGRAMS.values():
            _forget(program)
        _PROGRAMS.clear()
        _COMPILED.clear()


# ---------------------------------------------------------------------------
class GradientTape(Recorder, Planner, Backprop, Jacobians):
    """Records operations for automatic differentiation (TF 2.21 semantics).

    Extras: ``gradient_source(target, sources)`` returns the engine-generated
    adjoint source for that gradient; ``program_source(target, sources)`` the
    tape program it differentiates; ``program(target, sources)`` that
    program's ``TapeProgram``.

    Its parts: recording (recording.py), planning and writing the program
    (program.py), results and the recorded reverse pass (backprop.py),
    Jacobians (jacobians.py); the program cache is here."""

    _program_for = staticmethod(_program_for)   # (how the parts compile a program)

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = bool(persistent)
        self._watch_accessed = bool(watch_accessed_variables)
        self._recording = False
        self._stopped = False   # inside stop_recording: watch() is ignored, as in TF
        self._entered = False   # TF's tape exists once the with block is entered
        self._used = False
        self._clear()

    # -- the with block ----------------------------------------------------
    def __enter__(self):
        if self._recording:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter "
                             "an already-active tape.")
        if self._used and not self._persistent:
            self._reset_state()   # as TF: a used non-persistent tape records anew
        self._entered = True
        self._push()
        return self

    def __exit__(self, *exc):
        if self._recording:
            self._pop()

    def _push(self):
        RECORDING.append(self)
        self._recording = True

    def _pop(self):
        if self in RECORDING:
            RECORDING.remove(self)
        self._recording = False

    def stop_recording(self):
        """Context manager: operations inside are not recorded."""
        tape = self

        class _Stop:
            def __enter__(self):
                if not tape._recording:
                    raise RuntimeError("Trying to stop recording a tape which is not "
                                       "recording.")
                self.index = RECORDING.index(tape)
                RECORDING.remove(tape)
                tape._stopped = True

            def __exit__(self, *exc):
                RECORDING.insert(min(self.index, len(RECORDING)), tape)
                tape._stopped = False

        return _Stop()

    def reset(self):
        """Forget everything recorded; only while recording, as in TF."""
        if not self._recording or self._stopped:
            raise ValueError("Tape is not recording.")
        self._reset_state()

    def _reset_state(self):
        self._clear()
        self._used = False

    def _forget_used(self):
        """After a non-persistent tape's gradient: the recording is dropped, the
        watched variables stay listed (TF's ``watched_variables()``)."""
        watched = self._watched_vars
        self._clear()
        self._watched_vars = watched

    # -- gradients ---------------------------------------------------------
    def _has_tape(self):
        """False before the with block and after a non-persistent tape's gradient
        (where TF's ``_tape`` is None)."""
        return self._entered and not (self._used and not self._persistent)

    def _check_usable(self, message=_NON_PERSISTENT_MESSAGE):
        if not self._has_tape():
            raise RuntimeError(message)
        if self._recording and not self._persistent:
            self._pop()   # as TF: a non-persistent tape stops recording when used

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(sum of targets)/d(sources), shaped like ``sources`` (None where unconnected)."""
        self._check_usable()
        mode = unconnected_mode(unconnected_gradients)
        flat = is_flat(sources)   # a list or tuple of tensors: nothing to check or rebuild
        flat_sources = list(sources) if flat else flatten(sources)
        if not flat:
            self._check_sources(flat_sources)
        targets = [target] if isinstance(target, Tensor) else _targets(target)
        weights = None if output_gradients is None else self._weights(targets, output_gradients)
        itself = ()
        if any(t is s for s in flat_sources for t in targets):
            targets, weights, itself = _split_identity(targets, weights, flat_sources)
        for i, t in enumerate(targets):
            if isinstance(t, Variable):
                targets[i] = self._variable_target(t)
        self._used = True
        if not targets:
            results = self._results(None, None, flat_sources, mode)
        elif GATHERED:   # a tf.gather of a Variable was recorded: maybe IndexedSlices
            results = gradients_with_slices(self, targets, flat_sources, weights, mode)
        else:
            results = self._gradient(targets, flat_sources, weights, mode, nest=True)
        if itself:
            results = _add_identity(results, itself, flat_sources)
        if not self._persistent:
            self._forget_used()
        return type(sources)(results) if flat else pack(sources, results)

    def _variable_target(self, var):
        """A Variable as a target: TF differentiates its handle, so a variable this
        tape watches is its own source (gradient: ones, or the output gradient).
        Here: a read of its current value, recorded on this tape only."""
        root = var._root()
        if id(root) not in self._watched_vars or not root._dtype.differentiable:
            return var   # unconnected (None), as in TF
        with paused([self]):
            return root._read()

    def _check_sources(self, flat_sources):
        for s in flat_sources:
            if s is None:
                raise TypeError("Cannot convert the argument `type_value`: None to a "
                                "TensorFlow DType.")
            if not isinstance(s, (Tensor, Variable)):
                _python_attribute_error(s, "dtype", "_id")
                raise ValueError(f"Passed in object {s!r} of type {type(s).__name__!r}, not "
                                 "tf.Tensor or tf.Variable or ExtensionType.")

    def _weights(self, targets, output_gradients):
        if output_gradients is None:
            return None
        if isinstance(output_gradients, (list, tuple, dict)):
            flat = flatten(output_gradients)
            if any(w is None for w in flat):
                raise ValueError("Attempt to convert a value (None) with an unsupported type "
                                 "(<class 'NoneType'>) to a Tensor.")
        else:
            flat = [output_gradients]
        # As TF (which zips them): missing entries weigh 1, extra ones are ignored.
        flat = (flat + [None] * len(targets))[:len(targets)]
        out = []
        for t, w in zip(targets, flat):
            if w is None:
                out.append(None)
                continue
            dtype = t.dtype if isinstance(t, (Tensor, Variable)) else None
            with paused():
                w = convert_to_tensor(w, dtype_hint=dtype)
            _check_weight(w, t)
            out.append(w)
        return out

    def _gradient(self, targets, sources, weights, mode, nest):
        outer = [t for t in RECORDING if t._recording] if nest and RECORDING else []
        key = None
        if weights is None and not outer and not self._plan_always:
            key = self._structure_key(targets, sources)
            compiled = _COMPILED.get(key)
            if compiled is not None and compiled.program.cached:
                # A repeated step: no planning, no program text (an evicted program
                # is made again by the slow path below).
                program = LAST[0] = compiled.program
                program.used = True   # for the program cache's eviction (_program_for)
                args = compiled.arguments(self._order, self._captured_values)
                return self._results(program.run_gradient(args), compiled.source_params,
                                     sources, mode)
        plan = self._plan(targets, sources, weights)
        if plan is None:
            return self._results(None, None, sources, mode)
        if plan.program.custom_gradients:
            refuse_complex_custom_gradient(self, plan)
        if outer:
            self._refuse_complex_nested(sources)
            self._refuse_foreign("a gradient taken while another tape records")
        if key is not None:
            self._remember(key, plan)
        LAST[0] = plan.program
        if outer and plan.program.custom_gradients:
            # Differentiable again: grad_fn's operations recorded (as TF), on every
            # recording tape -- grad_fn may read values the program's inputs do
            # not show (tensors f computed, captured tensors) that a tape tracks.
            results = self._backprop(plan, weights, sources, outer)
            return self._fill_unconnected(results, sources, mode)
        return self._results(plan.run(), plan.source_params, sources, mode, plan, outer)

    # -- looking at the generated code --------------------------------------
    def _plan_for_display(self, target, sources, output_gradients):
        targets = flatten(target)
        flat_sources = flatten(sources)
        self._check_sources(flat_sources)
        plan = self._plan(targets, flat_sources, self._weights(targets, output_gradients))
        if plan is None:
            raise ValueError("the target does not depend (differentiably) on the sources on "
                             "this tape: there is no program to differentiate")
        return plan

    def program(self, target, sources, output_gradients=None):
        """The ``TapeProgram`` that ``gradient(target, sources)`` differentiates
        (``.fn``, ``.source``, ``.gradient``, ``.gradient_source``).

        Does not use up a non-persistent tape."""
        return self._plan_for_display(target, sources, output_gradients).program

    def program_source(self, target, sources, output_gradients=None):
        """The source of the tape program ``gradient(target, sources)`` differentiates."""
        return self.program(target, sources, output_gradients).source

    def gradient_source(self, target, sources, output_gradients=None):
        """The engine-generated adjoint source that ``gradient(target, sources)`` runs.

        Does not use up a non-persistent tape."""
        plan = self._plan_for_display(target, sources, output_gradients)
        return plan.program.gradient_source_for(plan.args)


def _targets(target):
    """The flat targets; TF's errors for None and for what is not a tensor."""
    if target is None:
        raise TypeError("Argument `target` should be a list or nested structure of Tensors, "
                        "Variables or CompositeTensors to be differentiated, but received "
                        "None.")
    targets = flatten(target)
    for t in targets:
        if not isinstance(t, (Tensor, Variable)):
            _python_attribute_error(t, "_id")
    return targets


def _python_attribute_error(obj, *names):
    """Raise the AttributeError Python raises for the first of ``names`` that
    ``obj`` lacks (what TF's tape raises for a number or numpy array)."""
    for name in names:
        getattr(obj, name)


def _check_weight(w, t):
    """TF multiplies the output gradient by the target's gradient: its kernel errors."""
    if not isinstance(t, (Tensor, Variable)):
        return
    if w.dtype != t.dtype:
        raise kernel_error("Mul", f"cannot compute Mul as input #1(zero-based) was expected "
                                  f"to be a {w.dtype._kernel_name} tensor but is a "
                                  f"{t.dtype._kernel_name} tensor")
    try:
        np.broadcast_shapes(tuple(w.shape), tuple(t.shape))
    except ValueError:
        dims = ["[" + ",".join(str(d) for d in shape) + "]" for shape in (w.shape, t.shape)]
        raise kernel_error("Mul", f"Incompatible shapes: {dims[0]} vs. {dims[1]}") from None


def _split_identity(targets, weights, sources):
    """Targets that are themselves sources (``gradient(x, x)``): TF gives them
    their output gradient (ones) without looking at the tape.  Returns the other
    targets and weights, and (source position, weight) for those."""
    itself, keep, keep_w = [], [], []
    for i, t in enumerate(targets):
        w = None if weights is None else weights[i]
        hit = next((k for k, s in enumerate(sources) if s is t), None)
        if hit is None:
            keep.append(t)
            keep_w.append(w)
        else:
            itself.append((hit, w))
    return keep, (None if weights is None else keep_w), itself


def _add_identity(results, itself, sources):
    results = list(results)
    for k, w in itself:
        s = sources[k]
        one = ones_like(s) if w is None else w
        results[k] = one if results[k] is None else results[k] + one
    return results


__all__ = ["GradientTape", "UnconnectedGradients", "TapeProgram", "last_tape_program",
           "last_gradient_source", "clear_program_cache"]
