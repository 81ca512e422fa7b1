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
gradient on its own values (the fast path, see ``_Compiled``).

A gradient computed while another tape is recording is itself recorded on that
tape, as one line calling the generated gradient function
(``v3 = grad_tape_program_1_wrt_s0(s0)``): the outer tape's program then calls
into generated code, and the engine differentiates through that call -- that
is how nested tapes give higher-order derivatives.  A Jacobian taken while
another tape records is recorded the same way, one call per row (at that
row's unit weight), stacked and reshaped by recorded lines.  A program that
calls a ``tf.custom_gradient`` cannot be differentiated again through its
generated gradient (``grad_fn`` runs on numpy values there), so while an outer
tape tracks it its gradient is a recorded reverse pass instead (``_backprop``).
"""
import enum
import linecache
import threading
import zlib
from collections import OrderedDict, namedtuple

import numpy as np

from .. import api as _tg_api
from .. import custom as _tg_custom
from . import ops
from .core import RECORDING, Const, Index, Lit, literal_ok, paused, render_literal
from .custom import CustomCall
from .tensor import Tensor, Variable, convert_to_tensor, prim

_NON_PERSISTENT_MESSAGE = ("A non-persistent GradientTape can only be used to compute one set of "
                           "gradients (or jacobians)")


class UnconnectedGradients(enum.Enum):
    """What ``gradient`` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


def _unconnected_mode(value):
    if isinstance(value, UnconnectedGradients):
        return value
    try:
        return UnconnectedGradients(value)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: {value!r}") from None


class VarRef:
    """A variable at one version, as an input of a recorded line."""

    __slots__ = ("var", "version", "_value")

    def __init__(self, var, version, value):
        self.var = var
        self.version = version
        self._value = value


class _Node(namedtuple("_Node", "kind tensor template args symbols leaf var version index")):
    """One thing a tape knows: a watched tensor, a variable version, a read, or an op.

    ``kind``: "watched" | "variable" | "read" | "op"; ``tensor``: the value (for
    "variable": a snapshot Tensor); ``template``, ``args``, ``symbols``: an op's
    line; ``leaf``: the "variable" node a read reads; ``var``, ``version``: a
    variable node's; ``index``: the position in the tape's ``_order``.

    A tuple, made with ``_new_node(_Node, (...))``: tapes make one per recorded
    op, and tuples are the cheapest objects to make and free (``_Node(...)`` runs
    namedtuple's Python-level constructor).  Nodes are never compared."""

    __slots__ = ()

    @property
    def stop(self):
        """An op no gradient flows through (``stop_gradient``)."""
        return self.template is not None and self.template.startswith("stop_gradient(")


_new_node = tuple.__new__


# ---------------------------------------------------------------------------
# Nested structures (lists, tuples, dicts) of sources / results.
def _flatten(structure):
    if isinstance(structure, (Tensor, Variable)):
        return [structure]
    if _is_flat(structure):
        return list(structure)
    if isinstance(structure, dict):
        out = []
        for k in sorted(structure):
            out.extend(_flatten(structure[k]))
        return out
    if isinstance(structure, (list, tuple)):
        out = []
        for s in structure:
            out.extend(_flatten(s))
        return out
    return [structure]


def _is_flat(structure):
    """A plain list or tuple of tensors, the common case (nothing to flatten or rebuild)."""
    if type(structure) is not list and type(structure) is not tuple:
        return False
    for s in structure:
        if not isinstance(s, (Tensor, Variable)):
            return False
    return True


def _pack(structure, flat):
    """``flat`` in the shape of ``structure`` (dicts: filled in sorted-key order,
    returned in the caller's key order, as TF's nest does)."""
    if _is_flat(structure):
        return type(structure)(flat)
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            built = {k: build(s[k]) for k in sorted(s)}
            try:
                return type(s)((k, built[k]) for k in s)
            except TypeError:
                return {k: built[k] for k in s}
        if isinstance(s, tuple) and hasattr(s, "_fields"):
            return type(s)(*[build(x) for x in s])
        if isinstance(s, (list, tuple)):
            return type(s)(build(x) for x in s)
        return next(it)

    return build(structure)


# ---------------------------------------------------------------------------
# Programs and their cache.
class TapeProgram:
    """A compiled tape program: ``fn`` (with source in linecache) and its derivatives."""

    def __init__(self, number, fn, source, filename, params, n_wrt, custom_gradients=(),
                 key=None):
        self.number = number
        self.custom_gradients = custom_gradients   # names of custom-gradient calls in it
        self.fn = fn
        self.source = source
        self.filename = filename
        self.params = params
        self.n_wrt = n_wrt
        self.key = key               # its key in the program cache
        self.cached = True           # False once evicted from the program cache
        self.used = False            # used by the fast path since the cache last looked
        self.compiled_keys = set()   # its entries in _COMPILED (dropped with it)
        self._derivatives = {}
        self._gradient_fn = None

    def derivative(self, wrt):
        """``tangentish.grad(self.fn, wrt=wrt)`` (one object per ``wrt``)."""
        d = self._derivatives.get(wrt)
        if d is None:
            d = self._derivatives[wrt] = _tg_api.grad(self.fn, wrt=wrt)
        return d

    @property
    def gradient(self):
        return self.derivative(tuple(range(self.n_wrt)))

    @property
    def gradient_source(self):
        """The engine-generated adjoint source of this program."""
        return _tg_api.source(self.gradient)

    def run_gradient(self, args):
        """The gradients with respect to the first ``n_wrt`` parameters (a sequence).

        Calls the engine's generated function itself: the ``Transformed`` wrapper
        around it only checks that the differentiated arguments are floats, which
        tape sources always are."""
        fn = self._gradient_fn
        if fn is None:
            fn = self._gradient_fn = self.gradient.generated
        out = fn(*args)
        return (out,) if self.n_wrt == 1 else out

    def __repr__(self):
        return f"<TapeProgram {self.filename}>"


_CACHE_SIZE = 256
_PROGRAMS = OrderedDict()      # (parameters, body text, parameter signature) -> TapeProgram
_PROGRAM_COUNTER = [0]
_LOCK = threading.RLock()
_LAST = [None]


def _signature(value):
    if isinstance(value, np.ndarray):
        return (value.shape, value.dtype.str)
    return (type(value).__name__,)


def _program_for(params, body, symbols, n_wrt, args):
    key = (tuple(params), body, tuple(_signature(a) for a in args))
    with _LOCK:
        program = _PROGRAMS.get(key)
        if program is not None:
            _PROGRAMS.move_to_end(key)
            return program
        _PROGRAM_COUNTER[0] += 1
        number = _PROGRAM_COUNTER[0]
        name = f"tape_program_{number}"
        source = f"def {name}({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body)
        filename = f"<tangentish tape program #{number}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        namespace = {"__name__": __name__, "np": np, "stop_gradient": _tg_custom.stop_gradient}
        namespace.update(symbols)
        exec(compile(source, filename, "exec"), namespace)  # noqa: S102
        custom = tuple(sorted(k for k, v in symbols.items()
                              if isinstance(v, _tg_custom.CustomGradient)))
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
    linecache.cache.pop(program.filename, None)


def last_tape_program():
    """The TapeProgram of the most recent ``gradient``/``jacobian`` (or None)."""
    return _LAST[0]


def last_gradient_source():
    """The engine-generated adjoint source of the most recent tape gradient."""
    program = _LAST[0]
    return None if program is None else program.gradient_source


def clear_program_cache():
    with _LOCK:
        for program in _PROGRAMS.values():
            _forget(program)
        _PROGRAMS.clear()
        _COMPILED.clear()


# ---------------------------------------------------------------------------
# The fast path: a repeated step skips planning and program text entirely.
#
# While a tape records, it appends to ``tape._key`` what ``_plan``/``_emit``
# will read of each node: its kind or template; which node each input is (by
# index) or, for an input that is not a tracked tensor, its literal text or
# the slot of the value the program captures (numbered by identity, as
# ``_emit`` shares one parameter per object) with its shape and dtype; the
# shape and dtype of each leaf.  With which nodes the sources and targets are,
# that determines the program (its parameters, body and their signatures) and
# where each of its arguments comes from.  The first gradient with a key
# builds the plan the slow way and stores a ``_Compiled``: the program and a
# recipe for its arguments.  The next one with that key reads the arguments
# off its own tape and calls the generated gradient.  Tapes with lines calling
# a nested gradient (VarRef inputs) or a tensor watched after lines read it,
# and gradients with output_gradients, jacobians and gradients taken while a
# tape records all take the slow path.
_COMPILED = {}                # structure key -> _Compiled
_COMPILED_SIZE = 1024

_NODE, _SLOT, _ZEROS = 0, 1, 2   # where an argument comes from (see _Compiled.arguments)
# ``tape._key`` is flat: each node is its kind (a marker) or template, then
# watched / variable: shape, dtype; read: the index of its variable node; a line:
# its number of inputs, then per input its node index (an int) or a marker and
# _CAPTURED: slot, shape (or type name), dtype (or None); _INT: the int;
# _LITERAL: the text; _INDEX: the text and its captured slots.
_READ, _VARIABLE, _WATCHED = object(), object(), object()
_CAPTURED, _INT, _LITERAL, _INDEX = object(), object(), object(), object()


class _Compiled:
    """A program found for a tape structure, and where its arguments come from."""

    __slots__ = ("program", "recipe", "source_params")

    def __init__(self, program, recipe, source_params):
        self.program = program
        self.recipe = recipe                  # per parameter: (_NODE / _SLOT / _ZEROS, index)
        self.source_params = source_params

    def arguments(self, order, captured_values):
        """The program's arguments on a tape with this structure."""
        args = []
        for where, i in self.recipe:
            if where == _NODE:          # a source or a value the tape tracks
                args.append(order[i].tensor._value)
            elif where == _SLOT:        # a captured value the lines read
                args.append(captured_values[i])
            else:                       # an intermediate source: a zero perturbation
                args.append(np.zeros_like(order[i].tensor._value))
        return args


def _remember(key, compiled):
    with _LOCK:
        if not compiled.program.cached:
            return
        replaced = _COMPILED.pop(key, None)
        if replaced is not None:
            replaced.program.compiled_keys.discard(key)
        _COMPILED[key] = compiled
        compiled.program.compiled_keys.add(key)
        while len(_COMPILED) > _COMPILED_SIZE:   # the oldest entries go first
            oldest = next(iter(_COMPILED))
            _COMPILED.pop(oldest).program.compiled_keys.discard(oldest)


# ---------------------------------------------------------------------------
class _Plan:
    """A built program plus the values to call it with."""

    def __init__(self, program, args, inputs, source_params, weight_params, wrt_nodes=()):
        self.program = program
        self.args = args                  # one value per parameter
        self.inputs = inputs              # per parameter: Tensor / VarRef / Const (nesting)
        self.source_params = source_params   # per user source: [wrt index, ...] ([] unconnected)
        self.weight_params = weight_params   # parameter index of each target weight
        self.wrt_nodes = wrt_nodes        # the node of each differentiated parameter

    def run(self, weights=None):
        args = self.args
        if weights is not None:
            args = list(args)
            for p, w in zip(self.weight_params, weights):
                args[p] = w
        return self.program.run_gradient(args)


def _index_text(index, capture):
    items = index if isinstance(index, tuple) else (index,)
    parts = []
    for k in items:
        if isinstance(k, slice):
            text = ":".join("" if p is None else repr(p)
                            for p in (k.start, k.stop, k.step))
            parts.append(text[:-1] if k.step is None else text)
        elif k is None:
            parts.append("None")
        elif k is Ellipsis:
            parts.append("...")
        elif isinstance(k, int):
            parts.append(repr(k))
        else:
            parts.append(capture(Const(k)))
    if isinstance(index, tuple):
        return ", ".join(parts) + ("," if len(parts) == 1 else "") if parts else "()"
    return parts[0]


class GradientTape:
    """Records operations for automatic differentiation (TF 2.21 semantics).

    Extras: ``gradient_source(target, sources)`` returns the engine-generated
    adjoint source for that gradient; ``program_source(target, sources)`` the
    tape program it differentiates; ``program(target, sources)`` that
    program's ``TapeProgram``."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = bool(persistent)
        self._watch_accessed = bool(watch_accessed_variables)
        self._recording = False
        self._used = False
        self._clear()

    def _clear(self):
        self._nodes = {}          # id(tensor) -> node ("watched", "read", "op")
        self._order = []          # every node, in execution order
        self._var_leaves = {}     # id(variable) -> ["variable" nodes, by version]
        self._watched_vars = {}   # id(variable) -> variable
        # The fast path's description of what was recorded (see _Compiled).
        self._key = []               # flat: per node its kind / template and inputs
        self._captured = {}          # id(captured object) -> slot
        self._captured_values = []   # slot -> the value the program gets
        self._plan_always = False    # True: the key cannot describe this tape

    # -- the with block ----------------------------------------------------
    def __enter__(self):
        if self._recording:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter "
                             "an already-active tape.")
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
                    raise ValueError("Tape must be recording when stop_recording is called.")
                self.index = RECORDING.index(tape)
                RECORDING.remove(tape)

            def __exit__(self, *exc):
                RECORDING.insert(min(self.index, len(RECORDING)), tape)

        return _Stop()

    def reset(self):
        """Forget everything recorded (keeps recording if inside the block)."""
        self._clear()
        self._used = False

    def watch(self, tensor):
        """Track ``tensor`` (a Tensor, Variable or nested structure of them)."""
        for t in _flatten(tensor):
            if isinstance(t, Variable):
                root = t._root()
                self._watched_vars[id(root)] = root
            elif isinstance(t, Tensor):
                if t._dtype.differentiable and id(t) not in self._nodes:
                    if id(t) in self._captured:
                        # lines recorded before read it as a constant; now the
                        # program reads it as this node: the key is stale
                        self._plan_always = True
                    node = _new_node(_Node, ("watched", t, None, (), None, None, None, None,
                                             len(self._order)))
                    self._nodes[id(t)] = node
                    self._order.append(node)
                    self._key += (_WATCHED, t._value.shape, t._value.dtype)
            else:
                raise ValueError(f"Passed in object {t!r} of type {type(t).__name__!r}, not "
                                 "tf.Tensor or tf.Variable or ExtensionType.")

    def watched_variables(self):
        """The variables this tape watches, in creation order (as TF's sorted ids)."""
        return tuple(sorted(self._watched_vars.values(), key=lambda v: v._uid))

    # -- recording (called by tensor.prim and Variable._read) ---------------
    def _variable_read(self, var, t):
        if id(var) not in self._watched_vars:
            if not (self._watch_accessed and var._trainable):
                return
            self._watched_vars[id(var)] = var
        if not var._dtype._differentiable:
            return
        leaves = self._var_leaves.get(id(var))
        if leaves is not None and leaves[-1].version == var._version:
            leaf = leaves[-1]   # the variable was read before, unchanged
        else:
            leaf = self._variable_leaf(var, var._version, t)
        node = _new_node(_Node, ("read", t, None, (), None, leaf, None, None, len(self._order)))
        self._nodes[id(t)] = node
        self._order.append(node)
        self._key += (_READ, leaf.index)

    def _variable_leaf(self, var, version, value_tensor):
        leaves = self._var_leaves.get(id(var))
        if leaves is None:
            leaves = self._var_leaves[id(var)] = []
        else:
            for leaf in leaves:
                if leaf.version == version:
                    return leaf
        leaf = _new_node(_Node, ("variable", value_tensor, None, (), None, None, var, version,
                                 len(self._order)))
        leaves.append(leaf)
        self._order.append(leaf)
        value = value_tensor._value
        self._key += (_VARIABLE, value.shape, value.dtype)
        return leaf

    def _tracked(self, a):
        if isinstance(a, Tensor):
            return id(a) in self._nodes
        if isinstance(a, VarRef):
            return any(leaf.version == a.version for leaf in self._var_leaves.get(id(a.var), ())) \
                or (id(a.var) in self._watched_vars and a.var._dtype.differentiable)
        return False

    def _record(self, out, template, args, symbols):
        """Record a line (inputs: Tensors, Lits, Indexes, Consts) if it reads a tracked tensor."""
        nodes = self._nodes
        inputs = list(map(nodes.get, map(id, args)))   # (only a tracked Tensor's id is in nodes)
        if inputs.count(None) == len(inputs):
            return   # a constant for this tape
        node = _new_node(_Node, ("op", out, template, tuple(args), symbols, None, None, None,
                                 len(self._order)))
        nodes[id(out)] = node
        self._order.append(node)
        self._key += (template, len(inputs))
        for a, n in zip(args, inputs):
            if n is None:
                self._untracked_input(a)
            else:
                self._key.append(n.index)

    def _record_pair(self, out, template, a, b):
        """``_record`` of a line with two inputs and no symbols (the binary operators)."""
        nodes = self._nodes
        node_a, node_b = nodes.get(id(a)), nodes.get(id(b))
        if node_a is None and node_b is None:
            return
        order = self._order
        node = _new_node(_Node, ("op", out, template, (a, b), None, None, None, None,
                                 len(order)))
        nodes[id(out)] = node
        order.append(node)
        key = self._key
        key += (template, 2)
        if node_a is None:
            self._untracked_input(a)
        else:
            key.append(node_a.index)
        if node_b is None:
            self._untracked_input(b)
        else:
            key.append(node_b.index)

    def _untracked_input(self, a):
        """Append to the key how ``_emit`` writes an input that is not a tracked
        tensor: its literal text, or the slot and signature of what it captures."""
        key = self._key
        if isinstance(a, Tensor):
            value = a._value
            key += (_CAPTURED, self._capture(a, value), value.shape, value.dtype)
        elif isinstance(a, Lit):
            value = a._value
            if type(value) is int:          # (the text of an int is a function of it)
                key += (_INT, value)
            elif literal_ok(value):
                key += (_LITERAL, render_literal(value))
            else:
                self._captured_key(value)
        elif isinstance(a, Const):
            self._captured_key(a._value)
        else:   # an Index
            slots = []

            def capture(const):
                slots.append(self._capture(const._value, const._value))
                slots.append(_signature(const._value))
                return "#"
            key += (_INDEX, _index_text(a._value, capture), tuple(slots))

    def _captured_key(self, value):
        slot = self._capture(value, value)
        if isinstance(value, np.ndarray):
            self._key += (_CAPTURED, slot, value.shape, value.dtype)
        else:
            self._key += (_CAPTURED, slot, type(value).__name__, None)

    def _capture(self, obj, value):
        """The slot of a captured object (one per object, as ``_emit`` captures)."""
        slot = self._captured.get(id(obj))
        if slot is None:
            slot = self._captured[id(obj)] = len(self._captured_values)
            self._captured_values.append(value)
        return slot

    def _record_call(self, out, template, args, symbols):
        """Record a line calling a nested gradient (inputs: Tensors, VarRefs, Consts)."""
        if not any(self._tracked(a) for a in args):
            return
        for a in args:
            if isinstance(a, VarRef) and id(a.var) in self._watched_vars:
                self._variable_leaf(a.var, a.version, Tensor._wrap(a._value))
        # Which node a VarRef reads can change after recording (a later read adds
        # its variable's leaf), so such a tape is planned from scratch each time.
        self._plan_always = True
        node = _new_node(_Node, ("op", out, template, tuple(args), symbols, None, None, None,
                                 len(self._order)))
        self._nodes[id(out)] = node
        self._order.append(node)

    # -- gradients ---------------------------------------------------------
    def _check_usable(self):
        if self._used and not self._persistent:
            raise RuntimeError(_NON_PERSISTENT_MESSAGE)
        if self._recording and not self._persistent:
            self._pop()   # as TF: a non-persistent tape stops recording when used

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(sum of targets)/d(sources), shaped like ``sources`` (None where unconnected)."""
        self._check_usable()
        mode = _unconnected_mode(unconnected_gradients)
        flat = _is_flat(sources)   # a list or tuple of tensors: nothing to check or rebuild
        flat_sources = list(sources) if flat else _flatten(sources)
        if not flat:
            self._check_sources(flat_sources)
        targets = [target] if isinstance(target, Tensor) else _flatten(target)
        weights = None if output_gradients is None else self._weights(targets, output_gradients)
        for i, t in enumerate(targets):
            if isinstance(t, Variable):
                targets[i] = self._variable_target(t)
        self._used = True
        results = self._gradient(targets, flat_sources, weights, mode, nest=True)
        if not self._persistent:
            self._clear()
        return type(sources)(results) if flat else _pack(sources, results)

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
            if not isinstance(s, (Tensor, Variable)):
                raise ValueError(f"Passed in object {s!r} of type {type(s).__name__!r}, not "
                                 "tf.Tensor or tf.Variable or ExtensionType.")

    def _weights(self, targets, output_gradients):
        if output_gradients is None:
            return None
        flat = _flatten(output_gradients) if isinstance(output_gradients, (list, tuple, dict)) \
            else [output_gradients]
        if len(flat) != len(targets):
            raise ValueError(f"output_gradients has {len(flat)} entries for {len(targets)} "
                             "targets")
        out = []
        for t, w in zip(targets, flat):
            if w is None:
                out.append(None)
                continue
            dtype = t.dtype if isinstance(t, (Tensor, Variable)) else None
            with paused():
                out.append(convert_to_tensor(w, dtype_hint=dtype))
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
                program = _LAST[0] = compiled.program
                program.used = True   # for the program cache's eviction (_program_for)
                args = compiled.arguments(self._order, self._captured_values)
                return self._results(program.run_gradient(args), compiled.source_params,
                                     sources, mode)
        plan = self._plan(targets, sources, weights)
        if plan is None:
            return self._results(None, None, sources, mode)
        if key is not None:
            self._remember(key, plan)
        _LAST[0] = plan.program
        if outer and plan.program.custom_gradients:
            # Differentiable again: grad_fn's operations recorded (as TF), on every
            # recording tape -- grad_fn may read values the program's inputs do
            # not show (tensors f computed, captured tensors) that a tape tracks.
            results = self._backprop(plan, weights, sources, outer)
            return self._fill_unconnected(results, sources, mode)
        return self._results(plan.run(), plan.source_params, sources, mode, plan, outer)

    def _structure_key(self, targets, sources):
        """The fast path's key (see _Compiled): what was recorded, which nodes the
        sources are, which nodes the targets are (and whether a lone one is a scalar)."""
        nodes = self._nodes
        source_keys = []
        for s in sources:
            if isinstance(s, Variable):
                leaves = self._var_leaves.get(id(s if type(s) is Variable else s._root()), ())
                source_keys.append(leaves[0].index if len(leaves) == 1 else
                                   tuple(leaf.index for leaf in leaves))
            else:
                node = nodes.get(id(s))
                # (an intermediate source's zero perturbation is shaped like it)
                source_keys.append(None if node is None else
                                   ("t", node.index, s._value.shape, s._value.dtype))
        target_keys = []
        for t in targets:
            node = nodes.get(id(t)) if isinstance(t, Tensor) else None
            target_keys.append(None if node is None else (node.index, t._value.ndim == 0))
        return (tuple(self._key), tuple(source_keys), tuple(target_keys))

    def _remember(self, key, plan):
        """Store where each argument of ``plan`` comes from, under ``key``."""
        recipe = []
        n_wrt = plan.program.n_wrt
        for p, obj in enumerate(plan.inputs):
            if p < n_wrt:
                node = plan.wrt_nodes[p]
                where = _NODE if node.kind in ("watched", "variable") else _ZEROS
                recipe.append((where, node.index))
                continue
            if isinstance(obj, Tensor):
                node = self._nodes.get(id(obj))
                if node is not None:          # a tracked value read off the path
                    recipe.append((_NODE, node.index))
                    continue
                slot = self._captured.get(id(obj))
            elif isinstance(obj, Const):
                slot = self._captured.get(id(obj._value))
            else:
                return   # a VarRef: no fast path
            if slot is None:
                return   # not a value this tape's lines read (cannot happen; be safe)
            recipe.append((_SLOT, slot))
        _remember(key, _Compiled(plan.program, tuple(recipe), plan.source_params))

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
                        value = _as_dtype(value, dtype)
                    results[j] = Tensor._wrap(value)
                    continue
                partials = [Tensor._wrap(_as_dtype(grads[p], dtype)) for p in params]
                if outer:
                    partials = self._record_nested(plan, params, partials, outer)
                if len(partials) == 1:
                    results[j] = partials[0]
                else:
                    with paused(_tapes_tracking(outer, partials)):
                        total = partials[0]
                        for p in partials[1:]:
                            total = prim("{0} + {1}", total, p)
                    results[j] = total
        return self._fill_unconnected(results, sources, mode)

    @staticmethod
    def _fill_unconnected(results, sources, mode):
        if mode is UnconnectedGradients.ZERO:
            for j, source in enumerate(sources):
                if results[j] is None:
                    value = source._current_value() if isinstance(source, Variable) \
                        else source._value
                    results[j] = Tensor._wrap(np.zeros(value.shape, dtype=value.dtype))
        return results

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
        cot = {}

        def add(node, g):
            key = id(node)
            if key in cot:
                with paused(tapes):
                    cot[key] = prim("{0} + {1}", cot[key], g)
            else:
                cot[key] = g

        for i, node in target_nodes:
            w = None if weights is None else weights[i]
            if w is None:
                value = node.tensor._value
                w = Tensor._wrap(np.ones(value.shape, dtype=value.dtype))
            add(node, w)
        for node in reversed(self._order):
            g = cot.get(id(node))
            if g is None or id(node) not in need_diff:
                continue
            if node.kind == "read":
                if id(node.leaf) in need_diff:
                    add(node.leaf, g)
                continue
            if node.kind != "op" or node.stop:
                continue
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
                continue
            last = node.args[-1]
            if isinstance(last, Const) and isinstance(last._value, CustomCall):
                with paused(tapes):
                    grads = last._value.tensor_grads(g)
                for k, n in wanted:
                    if grads[k] is not None:
                        add(n, grads[k])
            else:
                grads = self._line_vjp(node, g, [k for k, _ in wanted], tapes)
                for (k, n), gk in zip(wanted, grads):
                    add(n, gk)
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
        for t, (node, probes) in late.items():
            fn = _UnseenCustomCall(node.template, plan.program.custom_gradients)
            call = fn.__name__ + "(" + ", ".join("{%d}" % i for i in range(len(probes))) + ")"
            for r in results:
                if r is not None:
                    t._record_call(r, call, probes, {fn.__name__: fn})
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
        nodes = self._nodes
        for t in tapes:
            if t is self:
                continue
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
            if first is not None:
                found[t] = (first, hits)
        return found

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
                rendered.append(_index_text(a._value, capture))
            else:
                rendered.append(capture(a))
        weight = capture(g)
        body = (f"v0 = {node.template.format(*rendered)}", f"return np.sum(v0 * {weight})")
        program = _program_for(params, body, dict(node.symbols or {}), len(positions), args)
        grads = program.run_gradient(args)
        call = "({})".format(", ".join("{%d}" % i for i in range(len(inputs))))
        out = []
        for j, k in enumerate(positions):
            fn = program.derivative((j,)).generated
            name = f"grad_{program.fn.__name__}_wrt_s{j}"
            if program.custom_gradients:
                fn = _NotDifferentiableAgain(fn, name, program.custom_gradients)
            value = np.asarray(grads[j])
            target = node.args[k]._value
            if value.dtype != target.dtype:
                value = value.astype(target.dtype)
            partial = Tensor._wrap(np.array(value))
            for tape in tapes:
                tape._record_call(partial, name + call, inputs, {name: fn})
            out.append(partial)
        return out

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
                fn = _NotDifferentiableAgain(fn, name, program.custom_gradients)
            for tape in tapes:
                tape._record_call(partial, name + call, plan.inputs, {name: fn})
        return partials

    def _plan(self, targets, sources, weights):
        """Build (or fetch) the program for d(targets)/d(sources); None when unconnected."""
        nodes = self._nodes
        # Which nodes each source stands for (a variable: every version read).
        source_nodes = []
        for s in sources:
            if isinstance(s, Variable):
                source_nodes.append(list(self._var_leaves.get(id(s._root()), ())))
            else:
                node = nodes.get(id(s))
                source_nodes.append([node] if node is not None else [])
        src_set = {}
        for group in source_nodes:
            for node in group:
                src_set.setdefault(id(node), node)
        if not src_set:
            return None
        # Forward: what depends on a source (through anything / differentiably).
        dep_all, dep_diff = set(), set()
        for node in self._order:
            key = id(node)
            if key in src_set:
                dep_all.add(key)
                dep_diff.add(key)
            elif node.kind == "read":
                if id(node.leaf) in dep_all:
                    dep_all.add(key)
                    dep_diff.add(key)
            elif node.kind == "op":
                inputs = self._input_nodes(node)
                if any(id(i) in dep_all for i in inputs):
                    dep_all.add(key)
                    if not node.stop and any(id(i) in dep_diff for i in inputs):
                        dep_diff.add(key)
        target_nodes = []
        for i, t in enumerate(targets):
            node = nodes.get(id(t)) if isinstance(t, Tensor) else None
            if node is not None and id(node) in dep_diff:
                target_nodes.append((i, node))
        if not target_nodes:
            return None
        # Backward: what the connected targets need.
        need_all = {id(n) for _, n in target_nodes}
        need_diff = set(need_all)
        for node in reversed(self._order):
            key = id(node)
            if key not in need_all:
                continue
            if node.kind == "read":
                if id(node.leaf) in dep_all:
                    need_all.add(id(node.leaf))
                    if key in need_diff:
                        need_diff.add(id(node.leaf))
            elif node.kind == "op":
                for i in self._input_nodes(node):
                    if id(i) in dep_all:
                        need_all.add(id(i))
                        if key in need_diff and not node.stop and id(i) in dep_diff:
                            need_diff.add(id(i))
        wrt_nodes = [n for n in src_set.values() if id(n) in need_diff]
        if not wrt_nodes:
            return None
        plan = self._emit(targets, target_nodes, weights, source_nodes, wrt_nodes, need_all)
        plan.graph = (target_nodes, need_diff)
        return plan

    def _input_nodes(self, node):
        out = []
        for a in node.args:
            if isinstance(a, Tensor):
                n = self._nodes.get(id(a))
                if n is not None and n.index < node.index:   # watched later: a constant here
                    out.append(n)
            elif isinstance(a, VarRef):
                for leaf in self._var_leaves.get(id(a.var), ()):
                    if leaf.version == a.version:
                        out.append(leaf)
        return out

    def _emit(self, targets, target_nodes, weights, source_nodes, wrt_nodes, need_all):
        names = {}
        params, args, inputs = [], [], []
        captured = {}
        symbols = {}
        body = []
        counter = [0]

        def new_value():
            name = f"v{counter[0]}"
            counter[0] += 1
            return name

        wrt_index = {}
        perturb = {}
        for k, node in enumerate(wrt_nodes):
            name = f"s{k}"
            wrt_index[id(node)] = k
            params.append(name)
            if node.kind in ("watched", "variable"):
                names[id(node)] = name
                args.append(node.tensor._value)
                inputs.append(VarRef(node.var, node.version, node.tensor._value)
                              if node.kind == "variable" else node.tensor)
            else:   # an intermediate value: differentiate through a zero perturbation
                perturb[id(node)] = name
                zeros = np.zeros_like(node.tensor._value)
                args.append(zeros)
                inputs.append(Const(zeros))
        n_wrt = len(params)

        def capture(obj):
            """A parameter for a value the program reads but does not compute."""
            if isinstance(obj, Tensor):
                key, value = id(obj), obj._value
            elif isinstance(obj, VarRef):
                key, value = ("var", id(obj.var), obj.version), obj._value
            else:
                key, value = id(obj._value), obj._value
            name = captured.get(key)
            if name is None:
                name = captured[key] = f"c{len(captured)}"
                params.append(name)
                args.append(value)
                inputs.append(obj)
            return name

        def ref(node, obj):
            if node is not None and id(node) in names:
                return names[id(node)]
            return capture(obj)

        def render(a, at):
            if isinstance(a, Tensor):
                # a tensor watched only after this line read it is a constant here (TF)
                n = self._nodes.get(id(a))
                return ref(n if n is not None and n.index < at else None, a)
            if isinstance(a, VarRef):
                leaf = next((lf for lf in self._var_leaves.get(id(a.var), ())
                             if lf.version == a.version), None)
                return ref(leaf, a)
            if isinstance(a, Lit):
                if literal_ok(a._value):
                    return render_literal(a._value)
                return capture(Const(a._value))
            if isinstance(a, Index):
                return _index_text(a._value, capture)
            return capture(a)

        for node in self._order:
            key = id(node)
            if key not in need_all or key in names:
                continue
            if node.kind == "read":
                expr = names.get(id(node.leaf)) or capture(node.tensor)
            elif node.kind == "op":
                expr = node.template.format(*[render(a, node.index) for a in node.args])
                if node.symbols:
                    symbols.update(node.symbols)
            else:
                continue   # a leaf that is not a source: captured where it is read
            if key in perturb:
                if node.kind == "op":
                    name = new_value()
                    body.append(f"{name} = {expr}")
                    expr = name
                name = new_value()
                body.append(f"{name} = {expr} + {perturb[key]}")
            elif node.kind == "read":
                names[key] = expr
                continue
            else:
                name = new_value()
                body.append(f"{name} = {expr}")
            names[key] = name

        # The scalar the engine differentiates: the sum of the (weighted) targets.
        terms, weight_params = [], []
        for i, node in target_nodes:
            name = names[id(node)]
            w = None if weights is None else weights[i]
            if w is None:
                if len(target_nodes) == 1 and targets[i].shape == ():
                    terms.append(name)
                else:
                    terms.append(f"np.sum({name})")
            else:
                wname = capture(w)
                weight_params.append(params.index(wname))
                terms.append(f"np.sum({name} * {wname})")
        body.append("return " + " + ".join(terms))

        program = _program_for(params, tuple(body), symbols, n_wrt, args)
        source_params = []
        for group in source_nodes:
            source_params.append([wrt_index[id(n)] for n in group if id(n) in wrt_index])
        return _Plan(program, args, inputs, source_params, weight_params, wrt_nodes)

    # -- jacobians ---------------------------------------------------------
    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """d target[i...] / d source[j...], shaped target.shape + source.shape.

        Divergence: a Python list/tuple target is stacked (recorded on this
        tape); TF 2.21 raises AttributeError for it."""
        self._check_usable()
        mode = _unconnected_mode(unconnected_gradients)
        flat_sources = _flatten(sources)
        self._check_sources(flat_sources)
        if isinstance(target, (list, tuple)):
            target = self._stacked(target)
        if isinstance(target, Variable):
            target = self._read_recorded(target)
        self._used = True
        results = self._jacobian(target, flat_sources, mode)
        if not self._persistent:
            self._clear()
        return _pack(sources, results)

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
            _LAST[0] = plan.program
            outer = [t for t in RECORDING if t._recording] if RECORDING else []
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
                    rows[j].append(_as_dtype(g, source.dtype))
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
        n = len(plan.inputs)
        call = "({})".format(", ".join("{%d}" % i for i in range(n)))
        (weight_param,) = plan.weight_params
        fns = {}
        for p in ([] if program.custom_gradients else
                  sorted({p for params in plan.source_params for p in params})):
            fn = program.derivative((p,)).generated
            name = f"grad_{program.fn.__name__}_wrt_{program.params[p]}"
            if program.custom_gradients:
                fn = _NotDifferentiableAgain(fn, name, program.custom_gradients)
            fns[p] = (name, fn)
        rows = [[] for _ in sources]
        for w in self._unit_weights(tshape, size, plan.args[weight_param].dtype):
            if program.custom_gradients:   # differentiable again by a recorded reverse pass
                row = self._backprop(plan, [Tensor._wrap(w)], sources, tapes)
                for j, source in enumerate(sources):
                    if plan.source_params[j]:
                        rows[j].append(row[j] if row[j] is not None else Tensor._wrap(
                            np.zeros(tuple(source.shape), dtype=source.dtype._np)))
                continue
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

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """``jacobian`` restricted to matching batch rows: shape
        (batch,) + target.shape[1:] + source.shape[1:]."""
        self._check_usable()
        mode = _unconnected_mode(unconnected_gradients)
        self._check_sources([source])
        if isinstance(target, Variable):
            target = self._read_recorded(target)
        tshape = tuple(target.shape)
        sshape = tuple(source.shape)
        if not tshape or not sshape or tshape[0] != sshape[0]:
            raise ValueError("Need first dimension of target shape "
                             f"({target.shape}) and source shape ({source.shape}) to match.")
        self._used = True
        outer = [t for t in RECORDING if t._recording] if RECORDING else []
        (full,) = self._jacobian(target, [source], mode)
        if not self._persistent:
            self._clear()
        if full is None:
            return None
        b = tshape[0]
        k = int(np.prod(tshape[1:], dtype=np.int64))
        m = int(np.prod(sshape[1:], dtype=np.int64))
        out_shape = (b,) + tshape[1:] + sshape[1:]
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

    # -- looking at the generated code --------------------------------------
    def _plan_for_display(self, target, sources, output_gradients):
        targets = _flatten(target)
        flat_sources = _flatten(sources)
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
        return self.program(target, sources, output_gradients).gradient_source


class _UnseenCustomCall:
    """Stands, on an outer tape, for a gradient through a ``tf.custom_gradient``
    computed by a recorded reverse pass, when that tape missed part of the
    forward pass it depends on (it began or watched after it ran, or was paused
    by ``stop_recording``): the reverse pass read forward-pass tensors that tape
    never saw computed.  Having no source, a gradient through it fails loudly
    (a TransformError naming this) instead of a silent None or a partial
    gradient."""

    __tangentish_opaque__ = True    # not unwrapped into __call__ (callables.py)

    def __init__(self, line, custom_names):
        # (a tape program is cached by its text: a distinct message, a distinct name)
        digest = zlib.crc32(repr((line, tuple(custom_names))).encode())
        self.__name__ = f"grad_through_unrecorded_lines_{digest:08x}"
        self.__qualname__ = (
            f"{self.__name__} (a gradient through tf.custom_gradient "
            f"{', '.join(custom_names)}; this outer tape did not record the line "
            f"{line!r} or the forward values it reads: the tape began recording or "
            "watching after it ran, or was paused by stop_recording, and the reverse "
            "pass (grad_fn) reads tensors computed in the forward pass that this tape "
            "never saw.  Enter the outer tape, and watch its sources, before the forward "
            "computation)")

    def __call__(self, *args):
        raise NotImplementedError(self.__qualname__)


class _NotDifferentiableAgain:
    """A generated gradient that goes through a ``custom_gradient``: its
    ``grad_fn`` ran on Tensors outside any program, so the engine cannot
    differentiate it again.  Having no source, a call to it makes an outer
    gradient fail loudly (a TransformError) instead of treating the custom
    gradient as a constant."""

    __tangentish_opaque__ = True    # not unwrapped into __call__ (callables.py)

    def __init__(self, fn, name, custom_names):
        self._fn = fn
        self.__name__ = name
        self.__qualname__ = (f"{name} (a gradient through tf.custom_gradient "
                             f"{', '.join(custom_names)}: not differentiable again)")

    def __call__(self, *args):
        return self._fn(*args)


def _tapes_tracking(tapes, tensors):
    return [t for t in tapes if any(t._tracked(x) for x in tensors)]


def _as_dtype(value, dtype):
    value = np.asarray(value)
    if value.dtype != dtype._np:
        value = value.astype(dtype._np)
    return value


__all__ = ["GradientTape", "UnconnectedGradients", "TapeProgram", "last_tape_program",
           "last_gradient_source", "clear_program_cache"]
