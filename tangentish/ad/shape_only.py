"""Values the adjoint reads only for their shape (``unbroadcast(e, x)``,
``unreduce``, ``zero_at``...): a helper call dropped where shapes provably
agree, a value replaced by an earlier one of the same shape, a value kept
on a loop's stack as its shape."""
import collections
import operator

import gast
import numpy as np

from .. import runtime
from ..analyze.primitives import Kind
from ..frontend.resolve import module_of
from ..ir import annotations as anno, templates
from ..ir.nodes import assigned_names, loaded_names, parameter_names
from . import known_shapes
from .optimize import constant_index
from .realness import is_number

# helpers that read only the shape of one argument: its position
SHAPE_ARGUMENT = {"unbroadcast": 1, "unreduce": 1, "broadcast_to_like": 1, "mean_count": 0,
                  "zero_at": 2}


def shape_only_names(code, symbols):
    """Names every read of which in ``code`` is a helper argument used only for its shape."""
    positions = {symbols.get(h, h): i for h, i in SHAPE_ARGUMENT.items()}
    shape_reads, all_reads = {}, {}
    for stmt in code:
        for node in gast.walk(stmt):
            if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load):
                all_reads[node.id] = all_reads.get(node.id, 0) + 1
            if isinstance(node, gast.Call) and isinstance(node.func, gast.Name):
                i = positions.get(node.func.id)
                if i is not None and len(node.args) > i and isinstance(node.args[i], gast.Name):
                    name = node.args[i].id
                    shape_reads[name] = shape_reads.get(name, 0) + 1
    return {n for n, k in shape_reads.items() if all_reads.get(n) == k}


class ShapeReads:
    """Part of ReverseTransform: what its shape-only reads need (``self.shapes``,
    ``self.definitions``, ``self.stable_names``...)."""

    def simplify(self, node):
        """Drop ``unbroadcast(e, x)`` where ``e`` provably has ``x``'s shape."""
        if self.shapes is None:
            return node
        alias = {d: p for p, d in self.adjoint_names.items() if p not in self.scalar_zeroed}
        if self.facts is not None:      # code specialized to the arguments' signature
            node = known_shapes.rewrite(node, self.facts, alias, self.symbols)
        helper = self.symbols.get("unbroadcast", "unbroadcast")
        zero_at = self.symbols.get("zero_at", "zero_at")
        # helpers that read only the shape of one argument (its position)
        shape_only = {self.symbols.get(h, h): i for h, i in SHAPE_ARGUMENT.items()}
        shapes = self.shapes

        class Drop(gast.NodeTransformer):
            def visit_Call(inner, call):
                inner.generic_visit(call)
                if not isinstance(call.func, gast.Name):
                    return call
                if call.func.id == zero_at and len(call.args) == 3 and isinstance(
                        call.args[2], gast.Name) and not self.may_be_container(call.args[2].id):
                    # the entry's structure before the overwrite matters for containers only
                    call.args = call.args[:2]
                    return call
                if call.func.id == helper and len(call.args) == 2:
                    a, b = shapes.of(call.args[0], alias), shapes.of(call.args[1], alias)
                    if a is not None and a == b:
                        return call.args[0]
                index = shape_only.get(call.func.id)
                if index is not None and len(call.args) > index and isinstance(
                        call.args[index], gast.Name):
                    # only the shape is read: name the first value of that shape that is
                    # always bound (a parameter, a top-level value), so the value itself
                    # may not need computing, or storing in a loop, at all
                    name = call.args[index].id
                    leaves = self.shape_leaves(name)
                    if leaves and len(leaves) == 1 and leaves[0] != name:
                        call.args[index] = templates.name(leaves[0])
                if call.func.id == helper and self.stored_like_read(call, alias):
                    return call.args[0]
                return call
        return Drop().visit(node)

    def shape_only_values(self):
        """A top-level elementwise result read only for its shape (by unbroadcast,
        unreduce...) is replaced there by the broadcast shape of earlier values, so
        it is not computed at all (np.mean(f(z) - y * z) needs neither product).
        Runs after dead-code elimination (the driver optimizes again after it)."""
        if self.facts is not None and self.spread_reduced_seeds():
            alias = {d: p for p, d in self.adjoint_names.items() if p not in self.scalar_zeroed}
            known_shapes.rewrite(self.node, self.facts, alias, self.symbols)
            return True
        positions = {self.symbols.get(h, h): i for h, i in SHAPE_ARGUMENT.items()}
        shape_reads, all_reads = {}, collections.Counter()
        for stmt in self.node.body:
            for node in gast.walk(stmt):
                if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load):
                    all_reads[node.id] += 1
                if isinstance(node, gast.Call) and isinstance(node.func, gast.Name):
                    i = positions.get(node.func.id)
                    if i is not None and len(node.args) > i and isinstance(node.args[i], gast.Name):
                        shape_reads.setdefault(node.args[i].id, []).append((node, i))
                    if node.func.id == self.symbols.get("broadcast_shape", "broadcast_shape"):
                        for j, a in enumerate(node.args):       # every argument: a shape
                            if isinstance(a, gast.Name):
                                shape_reads.setdefault(a.id, []).append((node, j))
        helper = self.symbols.get("broadcast_shape", "broadcast_shape")
        bound = set(parameter_names(self.node, varargs=False))
        bound |= {n for stmt in self.node.body for n in assigned_names(stmt)}
        changed = False
        for name, places in shape_reads.items():
            if len(places) != all_reads[name] or name in self.stable_names[:self.n_params]:
                continue
            needed = {n for n in all_reads if all_reads[n] > len(shape_reads.get(n, ()))}
            leaves = self.shape_leaves(name, needed=needed)
            if not leaves or name in leaves or any(n not in bound for n in leaves):
                continue
            changed = True
            for call, i in sorted(places, key=lambda place: -place[1]):
                if call.func.id == helper:       # splice into broadcast_shape(...) itself
                    # by name: an earlier splice into the same call moved the positions
                    rest = [a for a in call.args if not (isinstance(a, gast.Name) and a.id == name)]
                    names = [a.id for a in rest if isinstance(a, gast.Name)]
                    call.args = rest + [templates.name(n) for n in leaves if n not in names]
                    continue
                call.args[i] = templates.name(leaves[0]) if len(leaves) == 1 else gast.Call(
                    func=templates.name(helper), args=[templates.name(n) for n in leaves],
                    keywords=[])
        if self.facts is not None:
            alias = {d: p for p, d in self.adjoint_names.items() if p not in self.scalar_zeroed}
            if changed:     # the new shape arguments' facts decide
                known_shapes.rewrite(self.node, self.facts, alias, self.symbols)
            else:           # the shape arguments are final: check them once
                changed = known_shapes.check_broadcasts(self.node, self.facts, alias, self.symbols)
        return changed

    def shape_leaves(self, name, depth=0, needed=frozenset()):
        """Always-bound names whose broadcast shape is ``name``'s shape, preferring
        values computed earlier (parameters first): an elementwise result is replaced
        by its operands, so it need not be computed for its shape alone.  None when
        no such names are known."""
        stable = self.stable_names
        if depth > 8:
            return None
        if name in stable[:self.n_params]:
            return [name]
        if name in self.shapes.classes:
            root = self.shapes.find(name)
            first = next((n for n in stable if n in self.shapes.classes
                          and self.shapes.find(n) == root), None)
            if first is not None and first != name:
                return self.shape_leaves(first, depth + 1, needed)
        if name in needed and name in stable:
            return [name]        # computed anyway: its own shape is the cheapest
        entry = self.defining_op(name)
        if entry is None or entry.kind is not Kind.PRIMITIVE or not entry.rule.elementwise:
            # (a value the reverse loop recomputes is bound there too: ad/recompute.py)
            return [name] if name in stable or name in self.recomputable else None
        leaves = []
        for p in entry.rule.params:
            a = entry.bound.get(p)
            # a parameter with a default may be given an array (it broadcasts too); a
            # default left in place is a constant (None, a string, a number)
            if a is None or is_number(a) or isinstance(a, gast.Constant):
                continue
            if not isinstance(a, gast.Name):
                return None
            sub = self.shape_leaves(a.id, depth + 1, needed)
            if sub is None:
                return None
            leaves += [n for n in sub if n not in leaves]
        return leaves or None

    def may_be_container(self, name, seen=None):
        """Whether ``name`` may hold a list, tuple or dict (conservative: True unless
        every definition reaching it is an array operation)."""
        seen = set() if seen is None else seen
        if name in seen:
            return False
        seen.add(name)
        defs = self.definitions.get(name)
        if not defs:
            return True                      # a parameter, a stack pop...: unknown
        for stmt, op in defs:
            if op.kind is Kind.COPY:
                if self.may_be_container(op.inputs[0], seen):
                    return True
            elif op.kind is Kind.NONDIFF and op.rule is not None and \
                    module_of(op.rule.primitive).startswith("numpy"):
                continue                     # np.zeros(n), np.arange(n)...: an array
            elif op.kind is Kind.CONSTANT:
                if isinstance(stmt.value, (gast.List, gast.Tuple, gast.Dict)):
                    return True
            elif op.kind is Kind.PRIMITIVE and op.rule.primitive is runtime.with_item:
                base = op.bound.get("a")
                if not isinstance(base, gast.Name) or self.may_be_container(base.id, seen):
                    return True
            elif op.kind is Kind.PRIMITIVE and module_of(
                    op.rule.primitive).startswith(("numpy", "scipy")):
                continue                     # an array operation's result
            elif op.kind is Kind.PRIMITIVE and op.rule.elementwise and op.rule.primitive not in (
                    operator.add, operator.mul, operator.iadd, operator.imul):
                continue                     # -, /, **...: not defined on containers
            elif op.kind is Kind.PRIMITIVE and op.rule.primitive in (operator.mul, operator.imul) \
                    and any(isinstance(a, gast.Constant) and type(a.value) is float
                            or isinstance(a, gast.Name) and not self.may_be_container(a.id, seen)
                            for a in op.bound.values()):
                continue                     # x * 1.0: a container cannot be multiplied so
            elif op.kind is Kind.PRIMITIVE and op.rule.primitive in (operator.add, operator.iadd) \
                    and any(isinstance(a, gast.Constant) and type(a.value) in (int, float)
                            or isinstance(a, gast.Name) and not self.may_be_container(a.id, seen)
                            for a in op.bound.values()):
                continue                     # x + 1 / array + y: not a concatenation
            else:
                return True
        return False

    def defining_op(self, name):
        defs = [op for targets, op in self.ops.values() if name in targets]
        return defs[0] if len(defs) == 1 else None

    def stored_like_read(self, call, alias):
        """``unbroadcast(dy_2[i], y_item)``, the cotangent of the value stored by
        ``y_2 = with_item(y_1, i, v)`` (the rule's ``unbroadcast(g[index], value)``), where
        ``y_item = y_1[i]`` is the value or its shape leaf (``shape_leaves``: ``v`` is an
        elementwise result of it and numbers, ``y_item * 2.0`` of ``y[1:] *= 2.0``): the
        helper returns ``dy_2[i]`` itself.

        Proof.  ``dy_2`` is not ``scalar_zeroed`` (``alias``), so it has ``y_2``'s exact
        shape (the invariant ``alias`` states: a cotangent has its primal's shape; a
        broadcast zero too).  ``y_2`` has ``y_1``'s shape: ``with_item`` stores into a copy
        of ``y_1`` a value of ``y_item``'s shape (the leaf's shape is ``v``'s), which keeps
        even a list's length.  ``i`` is the same value at both reads (constants, or a name
        bound once, never in a block) and so is ``y_1`` (bound once too), and an index
        picks the same shape out of arrays of one shape: ``dy_2[i]`` has ``y_1[i]``'s
        shape, ``y_item``'s, and ``unbroadcast`` returns its argument when the shapes
        are equal (both containers: after checking their lengths, equal here)."""
        read, like = call.args
        if not (isinstance(read, gast.Subscript) and isinstance(read.value, gast.Name)
                and read.value.id in alias and isinstance(like, gast.Name)):
            return False
        stored, item = self.single_op(alias[read.value.id]), self.single_op(like.id)
        if stored is None or item is None or stored.kind is not Kind.PRIMITIVE \
                or stored.rule.primitive is not runtime.with_item \
                or item.kind is not Kind.PRIMITIVE or item.rule.primitive is not operator.getitem:
            return False
        base, base_read = stored.bound.get("a"), item.bound.get("a")
        if not (isinstance(base, gast.Name) and isinstance(base_read, gast.Name)
                and base.id == base_read.id and self.bound_once(base.id)
                and self.bound_once(like.id)):
            return False
        keys = [self.index_key(i) for i in (read.slice, stored.bound.get("index"),
                                            item.bound.get("index"))]
        return keys[0] is not None and keys[0] == keys[1] == keys[2]

    def single_op(self, name):
        """The op of the one statement binding ``name``, or None."""
        defs = self.definitions.get(name, ())
        return defs[0][1] if len(defs) == 1 else None

    def bound_once(self, name):
        """``name`` is a parameter never rebound or a name bound once, at the top level."""
        if name not in self.stable_names:
            return False
        return self.stores(name) == (0 if name in self.stable_names[:self.n_params] else 1)

    def stores(self, name):
        """How often the function binds ``name``."""
        places = [t for n in gast.walk(self.node) if isinstance(n, gast.Assign) for t in n.targets]
        stored = {id(x) for t in places for x in gast.walk(t) if isinstance(x, gast.Name)}
        return sum(1 for n in gast.walk(self.node) if isinstance(n, gast.Name) and n.id == name
                   and (isinstance(n.ctx, gast.Store) or id(n) in stored))   # (generated
        # targets may lack a Store ctx)

    def index_key(self, node):
        """A value standing for the index ``node`` (equal keys: equal indices), or None:
        constants (``1:``, ``0``, and the name ``optimize.constant_index`` reads as
        ``1:``) by value, any other name bound once by name."""
        if node is None:
            return ("none",)
        if isinstance(node, gast.Constant) and type(node.value) in (int, type(None)):
            return ("const", node.value)
        if isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub) \
                and isinstance(node.operand, gast.Constant) and type(node.operand.value) is int:
            return ("const", -node.operand.value)
        if isinstance(node, gast.Slice):
            parts = [self.index_key(p) for p in (node.lower, node.upper, node.step)]
            return None if None in parts else ("slice",) + tuple(parts)
        if isinstance(node, gast.Tuple):
            parts = [self.index_key(p) for p in node.elts]
            return None if None in parts else ("tuple",) + tuple(parts)
        if isinstance(node, gast.Name) and self.bound_once(node.id):
            defs = self.definitions.get(node.id, ())
            value = defs[0][0].value if len(defs) == 1 and isinstance(
                defs[0][0], gast.Assign) else None
            index = constant_index(value, self.resolver) if value is not None else None
            return self.index_key(index) if index is not None else ("name", node.id)
        return None

    def spread_reduced_seeds(self):
        """``m = a * b; s = np.sum(m, axis=k); ...; t = unreduce(c, s); r = unreduce(t, m,
        k)`` (the cotangent of ``np.mean(np.sum(a * b, axis=1))``) where ``a`` and ``b``
        are float64 arrays of one rank whose dims equal to 1 are the same ones and ``c``
        a Python number (which may read ``mean_count(s)``): ``m`` becomes the statement
        ``check_same_shape(a, b)``, ``s`` and ``t`` go, and ``r = unreduce(c', a)``
        (``a`` or ``b``, a parameter) where ``c'`` reads ``mean_count(a, 1 - k)`` for
        ``mean_count(s)`` (rank 2).  Whether it rewrote anything.

        Proof.  ``a * b`` of such arrays raises numpy's ValueError exactly when their
        shapes differ (``shape_checks``), which ``check_same_shape`` raises in its
        place; otherwise ``m`` is a float64 array of ``a``'s shape whose values nobody
        reads (its only readers are ``s``'s statement and ``unreduce``, which reads
        its shape), ``s`` one of ``a``'s shape without axis ``k`` (a valid axis: no
        error) read only by ``t``'s statement, for its shape (``unreduce``) and size
        (``mean_count``), which is ``a.shape[1 - k]``.  So ``t`` is float64 ``c``
        spread over ``s``'s shape and ``r`` float64 ``c`` spread over ``a``'s shape
        (a read-only view): ``unreduce(c, a)`` of a float64 ``a`` is that array (a
        fresh one, or the same view).  ``t`` is read only by ``r``'s statement, the
        next one, whose value is that call alone: ``c`` (a ZeroDivisionError for
        0 rows) is evaluated after the same computations as before.  The check reads
        ``shape_root`` of ``a`` and ``b``: arrays of their shapes, computed earlier."""
        body = self.node.body
        for j, stmt in enumerate(body[:-1]):
            found = self.reduced_seed(stmt, body[j + 1])
            if found is None:
                continue
            (m_stmt, s_stmt), (a, b), like, value, reader = found
            check = gast.Expr(value=gast.Call(
                func=templates.name(self.symbols.get("check_same_shape", "check_same_shape")),
                args=[templates.name(self.shape_root(a)), templates.name(self.shape_root(b))],
                keywords=[]))
            anno.copy(m_stmt, check)
            body[body.index(m_stmt)] = check
            body.remove(s_stmt)
            body.remove(stmt)
            reader.args = [value, templates.name(like)]
            return True
        return False

    def reduced_seed(self, stmt, following):
        """The parts of ``spread_reduced_seeds``'s pattern with ``t = unreduce(c, s)``
        the statement ``stmt``, or None."""
        unreduce = self.symbols.get("unreduce", "unreduce")
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name) and _calls(stmt.value, unreduce, 2)
                and isinstance(stmt.value.args[1], gast.Name)):
            return None
        t, s = stmt.targets[0].id, stmt.value.args[1].id
        reader = following.value if isinstance(following, gast.Assign) else None
        if not (_calls(reader, unreduce, 3) and isinstance(reader.args[0], gast.Name)
                and reader.args[0].id == t and isinstance(reader.args[1], gast.Name)
                and self.stores(t) == 1 and self.bound_once(s)):
            return None
        m, axis = reader.args[1].id, reader.args[2]
        reads = collections.Counter(n for top in self.node.body for n in loaded_names(top))
        reduced = self.reduction_of(s, m, axis)
        product = self.same_pattern_product(m)
        if reduced is None or product is None or reads[t] != 1 \
                or reads[s] != loaded_names(stmt).count(s) or reads[m] != 2:
            return None
        (a, b), rank = product
        if not -rank <= reduced < rank:
            return None                 # (np.sum's AxisError: its statement stays)
        like = a if a in self.stable_names[:self.n_params] else \
            b if b in self.stable_names[:self.n_params] else None
        value = _spread_number(stmt.value.args[0], s, like, 1 - reduced % rank,
                               self.symbols.get("mean_count", "mean_count"), rank)
        if like is None or value is None:
            return None
        return (self.top_statement(m), self.top_statement(s)), (a, b), like, value, reader

    def reduction_of(self, s, m, axis):
        """The axis (an int) of ``s = np.sum(m, axis=k)``, ``k`` the constant ``axis``."""
        op = self.single_op(s)
        if op is None or op.kind is not Kind.PRIMITIVE or op.rule.primitive is not np.sum \
                or set(op.bound) - {"a", "axis"} - set(_SUM_DEFAULTS) or not all(
                    isinstance(v, gast.Constant) and v.value is _SUM_DEFAULTS[p]
                    for p, v in op.bound.items() if p in _SUM_DEFAULTS):
            return None
        a, k = op.bound.get("a"), op.bound.get("axis")
        if not (isinstance(a, gast.Name) and a.id == m and isinstance(k, gast.Constant)
                and type(k.value) is int and isinstance(axis, gast.Constant)
                and type(axis.value) is int and axis.value == k.value
                and self.top_statement(s) is not None):
            return None
        return k.value

    def same_pattern_product(self, m):
        """((``a``, ``b``), rank) of ``m = a <+ - * /> b`` bound once at the top level,
        ``a``, ``b`` and ``m`` float64 arrays of one rank with the same dims equal to 1."""
        stmt = self.top_statement(m)
        value = getattr(stmt, "value", None)
        if not (isinstance(value, gast.BinOp)
                and isinstance(value.op, (gast.Add, gast.Sub, gast.Mult, gast.Div))
                and isinstance(value.left, gast.Name) and isinstance(value.right, gast.Name)
                and all(self.bound_once(n) for n in (m, value.left.id, value.right.id))):
            return None
        facts = [self.facts.of(templates.name(n)) for n in (m, value.left.id, value.right.id)]
        if not all(f is not None and f.array and f.py == "f" and f.xp is None and f.ndim
                   and f.ones is not None and (f.ndim, f.ones) == (facts[0].ndim, facts[0].ones)
                   for f in facts):              # (numpy arrays: their shapes are ints)
            return None
        return (value.left.id, value.right.id), facts[0].ndim

    def shape_root(self, name, depth=0):
        """An exact array of ``name``'s shape computed no later than it: ``logits`` for
        ``logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))`` after ``z = logits
        - np.max(logits, axis=1, keepdims=True)`` (``name`` itself where none is found).

        An elementwise operation's result has the broadcast shape of its operands; when
        one operand has the shape ``S`` of a root and every other is a number or
        ``reduces_into`` that root (``S`` with some dims 1), that broadcast is ``S``."""
        op = self.single_op(name)
        if depth > 8 or op is None or op.kind is not Kind.PRIMITIVE or not op.rule.elementwise:
            return name
        roots, others = set(), []
        for value in op.bound.values():
            if isinstance(value, gast.Constant) and type(value.value) in (int, float):
                continue
            if not (isinstance(value, gast.Name) and self.bound_once(value.id)):
                return name
            others.append(value.id)
            root = self.shape_root(value.id, depth + 1)
            f = self.facts.of(templates.name(root))
            if root != value.id or f is not None and f.array and f.ndim:
                roots.add(root)
        for root in sorted(roots):
            if all(self.shape_root(o, depth + 1) == root or self.reduces_into(o, root, depth + 1)
                   for o in others):
                return root
        return name

    def reduces_into(self, name, root, depth):
        """``name`` has ``root``'s shape with some dims 1: ``np.sum(w, axis=k,
        keepdims=True)`` (or max, min, mean) of a ``w`` of ``root``'s shape, or an
        elementwise function of such values and numbers."""
        op = self.single_op(name)
        if depth > 8 or op is None or op.kind is not Kind.PRIMITIVE or not self.bound_once(name):
            return False
        if op.rule.primitive in _KEEPDIMS_REDUCTIONS:
            a, k, keep = (op.bound.get(p) for p in ("a", "axis", "keepdims"))
            f = self.facts.of(a) if isinstance(a, gast.Name) else None
            return f is not None and f.ndim and isinstance(k, gast.Constant) \
                and type(k.value) is int and -f.ndim <= k.value < f.ndim \
                and isinstance(keep, gast.Constant) \
                and keep.value is True and all(
                    isinstance(v, gast.Constant) and v.value is _SUM_DEFAULTS.get(p)
                    for p, v in op.bound.items() if p not in ("a", "axis", "keepdims")) \
                and self.bound_once(a.id) and self.shape_root(a.id, depth + 1) == root
        if not op.rule.elementwise:
            return False
        return all(isinstance(v, gast.Constant) and type(v.value) in (int, float)
                   or isinstance(v, gast.Name) and self.reduces_into(v.id, root, depth + 1)
                   for v in op.bound.values())

    def top_statement(self, name):
        """The top-level statement binding ``name`` (bound once), or None."""
        for stmt in self.node.body:
            if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 \
                    and isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id == name:
                return stmt
        return None


_KEEPDIMS_REDUCTIONS = (np.sum, np.max, np.min, np.mean, np.amax, np.amin)
# np.sum's other parameters, as a plain sum over one axis leaves them
_SUM_DEFAULTS = {"dtype": None, "out": None, "keepdims": False, "initial": None, "where": True}


def _calls(node, helper, nargs):
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Name) \
        and node.func.id == helper and len(node.args) == nargs and not node.keywords


def _spread_number(node, s, like, other_axis, mean_count, rank):
    """``node``, arithmetic of int and float constants and ``mean_count(s)``, with
    ``mean_count(like, other_axis)`` (``s``'s size, rank 2) for the latter; else None."""
    if isinstance(node, gast.Constant):
        return node if type(node.value) in (int, float) else None
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, (gast.USub, gast.UAdd)):
        inner = _spread_number(node.operand, s, like, other_axis, mean_count, rank)
        return None if inner is None else gast.UnaryOp(op=node.op, operand=inner)
    if isinstance(node, gast.BinOp) and isinstance(node.op, (gast.Add, gast.Sub, gast.Mult,
                                                             gast.Div)):
        left, right = (_spread_number(n, s, like, other_axis, mean_count, rank)
                       for n in (node.left, node.right))
        return None if left is None or right is None else \
            gast.BinOp(left=left, op=node.op, right=right)
    if _calls(node, mean_count, 1) and isinstance(node.args[0], gast.Name) \
            and node.args[0].id == s and rank == 2 and like is not None:
        return gast.Call(func=node.func, args=[templates.name(like),
                                               templates.const(other_axis)], keywords=[])
    return None
