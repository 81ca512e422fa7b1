"""What the parts of a ``GradientTape`` share: the nodes a tape records
(``Node``, ``VarRef``), ``TapeProgram`` (a compiled tape program and its
derivatives), ``Plan`` (a program and the values to call it with), the fast
path's entries (``Compiled``, ``COMPILED``, the markers of a tape's key) and
the opaque callables recorded where a gradient cannot be differentiated again.
The program cache itself (``_program_for``) is in tape.py.
"""
import enum
import threading
import zlib
from collections import namedtuple

import numpy as np

from .. import api as _tg_api
from . import backends as _backends
from .core import Const

LOCK = threading.RLock()   # the program cache's and the fast path's
LAST = [None]              # the TapeProgram of the most recent gradient / jacobian


class UnconnectedGradients(enum.Enum):
    """What ``gradient`` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


def unconnected_mode(value):
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


class Node(namedtuple("Node", "kind tensor template args symbols leaf var version index")):
    """One thing a tape knows: a watched tensor, a variable version, a read, or an op.

    ``kind``: "watched" | "variable" | "read" | "op"; ``tensor``: the value (for
    "variable": a snapshot Tensor); ``template``, ``args``, ``symbols``: an op's
    line; ``leaf``: the "variable" node a read reads; ``var``, ``version``: a
    variable node's; ``index``: the position in the tape's ``_order``.

    A tuple, made with ``new_node(Node, (...))``: tapes make one per recorded
    op, and tuples are the cheapest objects to make and free (``Node(...)`` runs
    namedtuple's Python-level constructor).  Nodes are never compared."""

    __slots__ = ()

    @property
    def stop(self):
        """An op no gradient flows through (``stop_gradient``)."""
        return self.template is not None and self.template.startswith("stop_gradient(")


new_node = tuple.__new__


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
        self.compiled_keys = set()   # its entries in COMPILED (dropped with it)
        self._derivatives = {}
        self._gradient_fn = None
        self._complex_wrt = None   # (set at the first run: the cache key fixes the dtypes)
        self._foreign_source = None   # the code the latest gradient ran, if for another library

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
        """The engine-generated adjoint source of this program (as its latest
        gradient ran it: for arrays of another library, the code generated for them)."""
        if self._foreign_source is not None:
            return self._foreign_source
        return self._numpy_source()

    def gradient_source_for(self, args):
        """The adjoint source a gradient with these arguments runs."""
        if _backends.SEEN[0] and _backends.common_library(args) is not None:
            return _tg_api.source(self.gradient, *self._foreign_arguments(args))
        return self._numpy_source()

    def _numpy_source(self):
        # (``source(gradient)`` is the code its latest public call ran: after a call
        # with arrays of another library, that code; numpy runs call ``generated``)
        if _backends.SEEN[0]:
            return _tg_api.source(self.gradient.generated)
        return _tg_api.source(self.gradient)

    def run_gradient(self, args):
        """The gradients with respect to the first ``n_wrt`` parameters (a sequence).

        Calls the engine's generated function itself: the ``Transformed`` wrapper
        around it only checks that the differentiated arguments are floats, which
        tape sources always are."""
        if _backends.SEEN[0] and _backends.common_library(args) is not None:
            return self._run_gradient_foreign(args)
        fn = self._gradient_fn
        if fn is None:
            fn = self._gradient_fn = self.gradient.generated
        if self._foreign_source is not None:
            self._foreign_source = None
        out = fn(*args)
        out = (out,) if self.n_wrt == 1 else out
        if self._complex_wrt is None:
            self._complex_wrt = any(np.iscomplexobj(a) for a in args[:self.n_wrt])
        if self._complex_wrt:
            # TF's gradient for a complex source is the conjugate of the engine's
            # (d/dx + i d/dy of the real output, where the engine gives d/dx - i d/dy)
            out = tuple(np.conj(g) for g in out)
        return out

    @staticmethod
    def _foreign_arguments(args):
        """The arguments, each numpy array converted to the other library among them."""
        like = _backends.common_library(args)
        return [_backends.to_library(a, like) if isinstance(a, (np.ndarray, np.generic))
                else a for a in args]

    def _run_gradient_foreign(self, args):
        """``run_gradient`` where an argument is an array of another library (Dask,
        array_api_strict): every numpy argument is converted to that library (the
        parameters move to the data) and the engine's derivative is called through
        its public entry, which generates code for that library (``xp.`` calls)."""
        like = _backends.common_library(args)
        args = self._foreign_arguments(args)
        out = self.gradient(*args)   # (wrt is a tuple: a tuple of gradients)
        self._foreign_source = _tg_api.source(self.gradient)   # (the code this call ran)
        out = tuple(out) if isinstance(out, (tuple, list)) else (out,)
        name = _backends.library(like)
        if any(_backends.is_complex(a) for a in args[:self.n_wrt]):
            raise NotImplementedError(
                f"tangentish.tf: gradients with respect to complex {name} tensors are not "
                "supported")
        for g, a in zip(out, args):
            if _backends.library(g) != name or _backends.shape_of(g) != _backends.shape_of(a):
                raise NotImplementedError(
                    f"tangentish.tf: the engine's gradient of {self.filename} on {name} "
                    f"arguments is not a {name} array of its source's shape ({type(g)}); "
                    "refused rather than used")
        return out

    def __repr__(self):
        return f"<TapeProgram {self.filename}>"


def signature(value):
    if isinstance(value, np.ndarray):
        return (value.shape, value.dtype.str)
    return (type(value).__name__,)


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
# builds the plan the slow way and stores a ``Compiled``: the program and a
# recipe for its arguments.  The next one with that key reads the arguments
# off its own tape and calls the generated gradient.  Tapes with lines calling
# a nested gradient (VarRef inputs) or a tensor watched after lines read it,
# and gradients with output_gradients, jacobians and gradients taken while a
# tape records all take the slow path.
COMPILED = {}                # structure key -> Compiled
COMPILED_SIZE = 1024

NODE, SLOT, ZEROS = 0, 1, 2   # where an argument comes from (see Compiled.arguments)
# ``tape._key`` is flat: each node is its kind (a marker) or template, then
# watched / variable: shape, dtype; read: the index of its variable node; a line:
# its number of inputs, then per input its node index (an int) or a marker and
# CAPTURED: slot, shape (or type name), dtype (or None); INT: the int;
# LITERAL: the text; INDEX: the text and its captured slots.
READ, VARIABLE, WATCHED = object(), object(), object()
CAPTURED, INT, LITERAL, INDEX = object(), object(), object(), object()



class Compiled:
    """A program found for a tape structure, and where its arguments come from."""

    __slots__ = ("program", "recipe", "source_params")

    def __init__(self, program, recipe, source_params):
        self.program = program
        self.recipe = recipe                  # per parameter: (NODE / SLOT / ZEROS, index)
        self.source_params = source_params

    def arguments(self, order, captured_values):
        """The program's arguments on a tape with this structure."""
        args = []
        for where, i in self.recipe:
            if where == NODE:          # a source or a value the tape tracks
                args.append(order[i].tensor._value)
            elif where == SLOT:        # a captured value the lines read
                args.append(captured_values[i])
            else:                       # an intermediate source: a zero perturbation
                args.append(zeros_like(order[i].tensor._value))
        return args


def remember(key, compiled):
    with LOCK:
        if not compiled.program.cached:
            return
        replaced = COMPILED.pop(key, None)
        if replaced is not None:
            replaced.program.compiled_keys.discard(key)
        COMPILED[key] = compiled
        compiled.program.compiled_keys.add(key)
        while len(COMPILED) > COMPILED_SIZE:   # the oldest entries go first
            oldest = next(iter(COMPILED))
            COMPILED.pop(oldest).program.compiled_keys.discard(oldest)


# ---------------------------------------------------------------------------
class Plan:
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


def index_text(index, capture):
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


# ---------------------------------------------------------------------------
class UnseenCustomCall:
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


class NotDifferentiableAgain:
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


def tapes_tracking(tapes, tensors):
    return [t for t in tapes if any(t._tracked(x) for x in tensors)]


def zeros_like(value):
    """Zeros shaped like a tensor's value, in its array library."""
    if type(value) is np.ndarray:
        return np.zeros_like(value)
    return _backends.zeros_like(value)


def as_dtype(value, dtype):
    if type(value) is not np.ndarray and _backends.library(value) is not None:
        return _backends.astype(value, dtype)
    value = np.asarray(value)
    if value.dtype != dtype._np:
        value = value.astype(dtype._np)
    return value


__all__ = ["LOCK", "LAST", "UnconnectedGradients", "unconnected_mode", "VarRef", "Node",
           "new_node", "TapeProgram", "signature", "COMPILED", "COMPILED_SIZE", "NODE", "SLOT",
           "ZEROS", "READ", "VARIABLE", "WATCHED", "CAPTURED", "INT", "LITERAL", "INDEX",
           "Compiled", "remember", "Plan", "index_text", "UnseenCustomCall",
           "NotDifferentiableAgain", "tapes_tracking", "zeros_like", "as_dtype"]
