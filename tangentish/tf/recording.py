"""A ``GradientTape``'s recording: what it tracks (watched tensors, the
variables it watches and their versions), the nodes it records for each op
``prim`` and ``Variable._read`` report to it, and, for the fast path, the key
describing what it recorded (see nodes.py) and where a plan's arguments come
from on a tape with that key."""
import numpy as np

from . import backends as _backends
from .core import Const, Lit, literal_ok, render_literal
from .nest import flatten
from .nodes import (CAPTURED, INDEX, INT, LITERAL, NODE, READ, SLOT, VARIABLE, WATCHED, ZEROS,
                    Compiled, Node, VarRef, index_text, new_node, remember, signature)
from .tensor import Tensor, Variable


class Recorder:
    """The recording part of ``GradientTape`` (its state is made by ``_clear``)."""

    def _clear(self):
        self._nodes = {}          # id(tensor) -> node ("watched", "read", "op")
        self._order = []          # every node, in execution order
        self._var_leaves = {}     # id(variable) -> ["variable" nodes, by version]
        self._watched_vars = {}   # id(variable) -> variable
        # The fast path's description of what was recorded (see Compiled).
        self._key = []               # flat: per node its kind / template and inputs
        self._captured = {}          # id(captured object) -> slot
        self._captured_values = []   # slot -> the value the program gets
        self._plan_always = False    # True: the key cannot describe this tape

    def watch(self, tensor):
        """Track ``tensor`` (a Tensor, Variable or nested structure of them).
        As TF: what is not a tensor raises first, then a tape with no with block
        behind it (``_has_tape``); inside ``stop_recording`` the watch is ignored."""
        items = flatten(tensor)
        for t in items:
            if not isinstance(t, (Tensor, Variable)):
                raise ValueError(f"Passed in object {t} of type {type(t).__name__!r}, not "
                                 "tf.Tensor or tf.Variable or ExtensionType.")
        if not self._has_tape():
            raise AttributeError("'NoneType' object has no attribute '_tape'")   # (TF's)
        if self._stopped:
            return
        for t in items:
            if isinstance(t, Variable):
                root = t._root()
                self._watched_vars[id(root)] = root
            elif t._dtype.differentiable and id(t) not in self._nodes:
                if id(t) in self._captured:
                    # lines recorded before read it as a constant; now the
                    # program reads it as this node: the key is stale
                    self._plan_always = True
                node = new_node(Node, ("watched", t, None, (), None, None, None, None,
                                         len(self._order)))
                self._nodes[id(t)] = node
                self._order.append(node)
                self._key += (WATCHED, t._value.shape, t._value.dtype)

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
        node = new_node(Node, ("read", t, None, (), None, leaf, None, None, len(self._order)))
        self._nodes[id(t)] = node
        self._order.append(node)
        self._key += (READ, leaf.index)

    def _variable_leaf(self, var, version, value_tensor):
        leaves = self._var_leaves.get(id(var))
        if leaves is None:
            leaves = self._var_leaves[id(var)] = []
        else:
            for leaf in leaves:
                if leaf.version == version:
                    return leaf
        leaf = new_node(Node, ("variable", value_tensor, None, (), None, None, var, version,
                                 len(self._order)))
        leaves.append(leaf)
        self._order.append(leaf)
        value = value_tensor._value
        self._key += (VARIABLE, value.shape, value.dtype)
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
        node = new_node(Node, ("op", out, template, tuple(args), symbols, None, None, None,
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
        node = new_node(Node, ("op", out, template, (a, b), None, None, None, None,
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
            key += (CAPTURED, self._capture(a, value), value.shape, value.dtype)
        elif isinstance(a, Lit):
            value = a._value
            if type(value) is int:          # (the text of an int is a function of it)
                key += (INT, value)
            elif literal_ok(value):
                key += (LITERAL, render_literal(value))
            else:
                self._captured_key(value)
        elif isinstance(a, Const):
            self._captured_key(a._value)
        else:   # an Index
            slots = []

            def capture(const):
                slots.append(self._capture(const._value, const._value))
                slots.append(signature(const._value))
                return "#"
            key += (INDEX, index_text(a._value, capture), tuple(slots))

    def _captured_key(self, value):
        slot = self._capture(value, value)
        if isinstance(value, np.ndarray):
            self._key += (CAPTURED, slot, value.shape, value.dtype)
        else:
            self._key += (CAPTURED, slot, type(value).__name__, None)

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
        node = new_node(Node, ("op", out, template, tuple(args), symbols, None, None, None,
                                 len(self._order)))
        self._nodes[id(out)] = node
        self._order.append(node)

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

    # -- the fast path (see nodes.py) -------------------------------------
    def _structure_key(self, targets, sources):
        """The fast path's key (see Compiled): what was recorded, which nodes the
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
        if _backends.SEEN[0]:   # a program run on another array library is its own
            return (tuple(self._key), tuple(source_keys), tuple(target_keys),
                    self._libraries())
        return (tuple(self._key), tuple(source_keys), tuple(target_keys))

    def _refuse_foreign(self, what):
        """``what`` (a jacobian, a nested or custom gradient...) refuses a tape that
        holds values of another array library."""
        if _backends.SEEN[0]:
            _backends.refuse_foreign(what, self._captured_values)
            _backends.refuse_foreign(what, [n.tensor for n in self._order])

    def _libraries(self):
        """The array library of each value the tape holds (None: numpy)."""
        return tuple(_backends.library(v) for v in self._captured_values) + tuple(
            _backends.library(n.tensor._value) for n in self._order
            if n.kind in ("watched", "variable"))

    def _remember(self, key, plan):
        """Store where each argument of ``plan`` comes from, under ``key``."""
        recipe = []
        n_wrt = plan.program.n_wrt
        for p, obj in enumerate(plan.inputs):
            if p < n_wrt:
                node = plan.wrt_nodes[p]
                where = NODE if node.kind in ("watched", "variable") else ZEROS
                recipe.append((where, node.index))
                continue
            if isinstance(obj, Tensor):
                node = self._nodes.get(id(obj))
                if node is not None:          # a tracked value read off the path
                    recipe.append((NODE, node.index))
                    continue
                slot = self._captured.get(id(obj))
            elif isinstance(obj, Const):
                slot = self._captured.get(id(obj._value))
            else:
                return   # a VarRef: no fast path
            if slot is None:
                return   # not a value this tape's lines read (cannot happen; be safe)
            recipe.append((SLOT, slot))
        remember(key, Compiled(plan.program, tuple(recipe), plan.source_params))


__all__ = ["Recorder"]
