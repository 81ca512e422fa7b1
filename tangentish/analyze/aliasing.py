"""Aliasing: prove that in-place updates can be given their functional meaning.

Normalize turns ``a[i] = v`` into ``a_1 = with_item(a, i, v)`` (likewise
``xs.append(v)`` and ``x += y``): a new *version* of the same object, computed
as a copy, so every earlier version the adjoint reads later stays intact.
That meaning is exact unless another name can observe the object after the
update.  Normalize already rebinds the names *certainly* bound to the object
(``b = a``: annotations.ALIAS_REBIND).  This pass handles every other way two
names may share memory.

Model: a union-find of names that *may* share memory.  A statement joins its
target with its operands when the result may be, contain, or be contained in
an operand: copies, new versions, views (basic indexing, ``.T``, ``reshape``,
``ravel``, ``np.asarray``...), element reads and writes of containers,
container displays, sequence concatenation, and the result of any call
without a rule (which may return anything it was given).  The *versions* of
the updated object are the names linked to it by SSA copies (phi, loop entry
and back edge), new versions and alias rebinding; every other member of its
group is an *alias*.  *External* names are arguments, names the function
does not bind (globals, closure cells) and results of calls and attribute
reads without a rule (they may be the caller's objects).

Postcondition: for every in-place update, either
* no alias is read at a point the update may precede (same block later, a
  later iteration of an enclosing loop), no external name is in its group,
  and so the functional meaning is exact;
* or, for ``x += y`` whose object may be external: a run-time guard
  (``check_not_in_place``) precedes it and raises a located TransformError
  when the object really is an array or list (a float is rebound, fine);
* or a TransformError was raised at the update, naming the alias.
"""
import operator
import types

import gast
import numpy as np

from .. import runtime
from ..core.markers import stop_gradient
from ..ir import annotations as anno, templates
from ..ir.nodes import (UnionFind, assigned_names, loaded_names, located, parameter_names,
                        statements, text)
from . import kinds
from .primitives import Kind, classify

VIEW_PRIMITIVES = {operator.getitem, np.transpose, np.reshape, np.swapaxes, np.ravel, np.squeeze,
                   np.expand_dims, np.asarray, np.broadcast_to, np.diagonal, np.atleast_1d,
                   np.atleast_2d, np.atleast_3d, np.moveaxis, stop_gradient, np.asanyarray,
                   np.ascontiguousarray, np.asfarray if hasattr(np, "asfarray") else np.asarray,
                   np.real, np.imag, np.flip, np.fliplr, np.flipud, np.rot90, np.split,
                   np.array_split, np.hsplit, np.vsplit, np.dsplit,
                   np.conj, np.conjugate,        # a real array's .conj() is the array itself
                   # may return the argument itself or a view (tests/test_view_sweep.py):
                   np.rollaxis, np.einsum, np.diag, np.diff, np.polyder, np.real_if_close,
                   np.nan_to_num, np.linalg.matrix_power, np.float64, np.complex128}
# calls whose result is a new object (effects' bindings.FRESH_CALLS adds more)
NEW_OBJECT_CALLS = (np.zeros, np.ones, np.empty, np.full, np.zeros_like, np.ones_like,
                    np.empty_like, np.full_like, np.arange, np.linspace, np.eye, np.identity,
                    np.array, np.copy, list, dict, tuple, range)
FRESH_CALLS = NEW_OBJECT_CALLS + (len,)
# runtime helpers whose result holds their operands / is an element of the first
HOLDING_HELPERS = ("list_append", "list_cotangent")
CONCATENATING_HELPERS = ("seq_concat", "seq_repeat", "sequence_of")
ELEMENT_HELPERS = ("iteration_item", "iteration_key", "dict_key")


class _Program:
    """Where each statement sits, which names each reads and defines."""

    def __init__(self, fn_node):
        self.places = {}                 # id(stmt) -> ((block, index), ...) from the outside in
        self.blocks = {}                 # id(block) -> the list
        self.owner = {}                  # id(block) -> the compound statement holding it
        self._index(fn_node.body, ())
        self.stmts = list(statements(fn_node.body))
        self.defs, self.uses = {}, {}
        for s in self.stmts:
            for n in assigned_names(s):
                self.defs.setdefault(n, []).append(s)
            if isinstance(s, gast.For):
                self.defs.setdefault(s.target.id, []).append(s)
            for n in _loads(s):
                self.uses.setdefault(n, []).append(s)
        self.params = set(parameter_names(fn_node))
        self.fn_node = fn_node

    def _index(self, block, prefix):
        self.blocks[id(block)] = block
        for i, s in enumerate(block):
            here = prefix + ((id(block), i),)
            self.places[id(s)] = here
            if isinstance(s, (gast.If, gast.For, gast.While)):
                for inner in (s.body, s.orelse):
                    self.owner[id(inner)] = s
                    self._index(inner, here)

    def may_run_after(self, use, update, name):
        """Could ``use`` (reading ``name``) execute after ``update`` and see the
        same binding of ``name``?"""
        u, m = self.places[id(use)], self.places[id(update)]
        level = 0
        while level < min(len(u), len(m)) and u[level] == m[level]:
            level += 1
        if level < min(len(u), len(m)) and u[level][0] == m[level][0]:
            later = u[level][1] > m[level][1]
        elif level == len(u) and level < len(m):
            later = isinstance(use, gast.While)          # use contains update: a loop header
        else:
            later = False                                 # different branches of one if
        if later:
            return True
        for depth in range(min(level + 1, len(u), len(m))):
            loop = self.owner.get(u[depth][0]) if u[depth][0] == m[depth][0] else None
            if isinstance(loop, (gast.For, gast.While)) and not self._rebound_before(name, use, loop):
                return True                               # a later iteration
        return False

    def strictly_after(self, stmt, update):
        """Does ``stmt`` run after ``update``, never before it (no loop holds both)?"""
        s, m = self.places[id(stmt)], self.places[id(update)]
        level = 0
        while level < min(len(s), len(m)) and s[level] == m[level]:
            level += 1
        if level >= min(len(s), len(m)) or s[level][0] != m[level][0] or s[level][1] < m[level][1]:
            return False
        return not any(isinstance(self.owner.get(s[d][0]), (gast.For, gast.While))
                       for d in range(level + 1))

    def _rebound_before(self, name, use, loop):
        """Is every binding of ``name`` inside ``loop``'s body, before ``use``
        on every path (so a later iteration reads a new binding)?"""
        defs = self.defs.get(name, [])
        if not defs:
            return False
        body_place = self.places[id(loop.body[0])] if loop.body else None
        if body_place is None:
            return False
        depth = len(body_place) - 1
        u = self.places[id(use)]
        for d in defs:
            p = self.places[id(d)]
            if len(p) <= depth or p[:depth] != body_place[:depth] or p[depth][0] != id(loop.body):
                return False                                # bound outside the loop
            if len(p) > len(u) or p[:-1] != u[:len(p) - 1] or p[-1][0] != u[len(p) - 1][0] \
                    or p[-1][1] >= u[len(p) - 1][1]:
                return False                                # not before the use on every path
        return True


def check(sf, fn_node, resolver, symbols=None):
    prog = _Program(fn_node)
    updates = [s for s in prog.stmts if isinstance(s, gast.Assign) and anno.get(s, anno.INPLACE)
               and isinstance(s.targets[0], gast.Name) and _updated_base(s) is not None]
    if not updates:
        return
    mem = _Memory(set(prog.params))
    value_kinds = kinds.infer(fn_node, resolver)
    for s in prog.stmts:
        _link(s, mem, resolver, value_kinds, prog)
    mem.close()
    mem.external |= set(prog.uses) - set(prog.defs) - prog.params   # globals, closure cells
    for stmt in updates:
        _check_update(sf, prog, stmt, mem, symbols or {}, resolver)
    for stmt in updates:
        if anno.get(stmt, anno.AUGMENTED_ITEM) and kinds.kind_of(
                stmt.value.args[0], value_kinds) != "num":
            _guard_item(sf, prog, stmt, symbols or {})


def _guard_item(sf, prog, stmt, symbols):
    """``c[k] op= v`` on what may be a list or dict: insert
    ``check_item_not_in_place(c, k, ...)`` before it (the entry may be an array that
    Python updates in place, under every other name it has)."""
    target = anno.get(stmt, anno.AUGMENTED_ITEM)
    error = sf.error(
        f"cannot differentiate the augmented assignment to `{target}` on an array (or list) "
        "stored in a list or dict: Python updates that object in place, and every other "
        "name for it would change too",
        f"write {target} = {target} * ... (a new object), or copy the entry first",
        located(stmt))
    _insert_guard(prog, stmt, "check_item_not_in_place", stmt.value.args[:2], error, symbols)


def _insert_guard(prog, stmt, helper, args, error, symbols):
    """Insert ``helper(*args, <error's text and place>)`` before ``stmt``: a run-time
    check that raises ``error`` only when the hazard is real."""
    call = gast.Call(func=templates.name(symbols.get(helper, helper)),
                     args=list(args) + [templates.const(v) for v in (
                         error.construct, error.hint, error.filename, error.lineno,
                         error.col_offset)], keywords=[])
    guard = gast.Expr(value=call)
    anno.set(guard, anno.ORIGIN, anno.get(stmt, anno.ORIGIN))
    block_id, _ = prog.places[id(stmt)][-1]
    block = prog.blocks[block_id]
    block.insert(block.index(stmt), guard)


class _Memory:
    """May-share relations: ``same`` (may be or view one object), ``holds``
    (container name, element name: the container sees the element's updates),
    ``versions`` (names of one variable) and ``external`` names."""

    def __init__(self, external):
        self.same, self.versions, self.external = UnionFind(), UnionFind(), external
        self.view_sequences = set()      # lists of views of an array (np.split's result)
        self.holds = []
        self.holds_contents = []         # (name, source): name holds source's elements
        self.with_contents = []          # (name, source, itself): name may be anything source
                                         # holds (or source itself)

    def contents(self, name):
        """Names whose objects ``name``'s object may (transitively) hold."""
        out, todo, seen = set(), [name], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            group = self.same.members(current)
            for c, e in self.holds:
                if c in group and e not in out:
                    out.add(e)
                    todo.append(e)
            for c, src in self.holds_contents:
                if c in group:
                    todo.append(src)       # the elements of src, not src itself
        return out

    def close(self):
        changed = True
        while changed:
            changed = False
            for name, source, itself in self.with_contents:
                for e in self.contents(source) | ({source} if itself else set()):
                    if self.same.find(e) != self.same.find(name):
                        self.same.union(e, name)
                        changed = True

    def observers(self, name):
        """Names through which an update of ``name``'s object may be seen."""
        out = set(self.same.members(name))
        changed = True
        while changed:
            changed = False
            for c, e in self.holds:
                if e in out and c not in out:
                    out |= self.same.members(c)
                    changed = True
            for c, src in self.holds_contents:
                if c not in out and self.contents(src) & out:
                    out |= self.same.members(c)
                    changed = True
        return out


def _check_update(sf, prog, stmt, mem, symbols, resolver):
    base, user = _updated_base(stmt), anno.get(stmt, anno.INPLACE)
    kind = "augassign" if isinstance(stmt.value, gast.BinOp) else "update"
    group, own = mem.observers(base), mem.versions.members(base)
    outside = sorted(group & mem.external)
    if outside and set(outside) <= prog.params and _private_allowed(prog, resolver):
        _guard_private(sf, prog, stmt, outside, user, symbols, mem, resolver)
        outside = []                     # the arguments are private copies from here on
    if outside and kind == "update":
        name = outside[0]
        what = (f"the argument {name!r}" if name in prog.params else
                f"`{name}`, which the function did not create" if not prog.defs.get(name) else
                f"`{name}` (from `{text(prog.defs[name][0].value)}`)")
        raise sf.error(
            f"cannot differentiate an in-place update of {user!r}: it may be the same object as "
            f"{what}, which would change too",
            f"copy it first ({user} = {user}.copy() or list({user})), then update the copy",
            located(stmt))
    if outside:
        _guard(sf, prog, stmt, base, user, f"may be the caller's object (`{outside[0]}`)",
               symbols)
        return
    for alias in sorted(group - own):
        if prog.defs.get(alias) and all(prog.strictly_after(d, stmt) for d in prog.defs[alias]):
            continue                          # bound after the update: sees the new version
        for use in prog.uses.get(alias, []):
            if use is stmt or not prog.may_run_after(use, stmt, alias):
                continue
            made = prog.defs.get(alias)
            where = (f" (made at line {_line(made[0])}: `{_source(made[0])}`)"
                     if made and isinstance(made[0], gast.Assign) else "")
            if kind == "augassign":      # a number is rebound, harmless: decide at run time
                _guard(sf, prog, stmt, base, user, f"may share memory with `{_user_name(alias)}`"
                       f"{where}, read afterwards (line {_line(use)})", symbols)
                return
            raise sf.error(
                f"cannot differentiate this in-place update of {user!r}: the same memory may "
                f"also be reachable through `{_user_name(alias)}`{where}, which is read afterwards "
                f"(line {_line(use)}) and would change too",
                f"copy first ({user} = {user}.copy()) or build a new array instead",
                located(stmt))


def _guard_private(sf, prog, stmt, params, user, symbols, mem, resolver):
    """The update may change the argument(s) ``params``: the derivative treats them as
    private copies (the caller's object never changes), exact when each is an array
    or number that no other argument or global shares memory with.  Insert
    ``check_private_argument(p, (others...), ...)`` before ``stmt`` for each."""
    readable = sorted(prog.params | (mem.external - set(prog.defs)))
    for param in params:
        others = [n for n in readable if n != param and not _holds_no_argument(n, resolver)]
        error = sf.error(
            f"cannot differentiate an in-place update of {user!r}: it changes the argument "
            f"{param!r}, which tangentish can treat as a private copy only when it is an array "
            "that shares no memory with the other arguments and globals the function reads",
            f"copy it first ({user} = {user}.copy()), then update the copy", located(stmt))
        others_node = gast.Tuple(elts=[templates.name(n) for n in others], ctx=gast.Load())
        _insert_guard(prog, stmt, "check_private_argument",
                      [templates.name(param), others_node], error, symbols)


PRIVATE_REFUSED_CALLS = (Kind.CALL, Kind.CUSTOM, Kind.DYNAMIC_CALL, Kind.UNKNOWN)


def calls_python_code(fn_node, resolver):
    """Whether ``fn_node`` calls Python code (a function with source, a custom gradient,
    a callee known only at run time, a call without a rule): such a callee may read or
    change any object a global or its arguments reach.  Without such calls, the only
    changes to an object are the updates this pass gives their functional meaning."""
    return any(isinstance(node, gast.Call) and classify(node, resolver).kind in
               PRIVATE_REFUSED_CALLS and not _safe_global_value(resolver.resolve(node.func))
               for s in statements(fn_node.body) for node in gast.walk(s))


def _private_allowed(prog, resolver):
    """Can the run-time guard see every way the function reaches memory?  Not when it
    calls Python code (a callee may read a global holding the argument) or reads a
    data attribute of a module or class (``cfg.w``): those updates stay refused."""
    if calls_python_code(prog.fn_node, resolver):
        return False
    for s in prog.stmts:
        for node in gast.walk(s):
            if isinstance(node, gast.Attribute) and isinstance(node.value, gast.Name) and \
                    node.value.id not in prog.defs and node.value.id not in prog.params and \
                    not _safe_global_value(resolver.resolve(node)):
                return False
    return True


def _safe_global_value(value):
    """A module, number or numpy's / the standard library's function or class: no array
    the function reads, no Python code that could read one."""
    if isinstance(value, _SAFE_GLOBAL_VALUES):
        return True
    module = getattr(value, "__module__", None) if callable(value) else None
    return isinstance(module, str) and module.split(".")[0] in LIBRARIES


LIBRARIES = ("numpy", "builtins", "math", "scipy")
_SAFE_GLOBAL_VALUES = (types.ModuleType, types.BuiltinFunctionType, np.ufunc, int, float,
                       complex, bool, str)


def _holds_no_argument(name, resolver):
    """Is the global ``name`` a module, class or function (it holds no argument's memory)?"""
    value = resolver.resolve(gast.Name(id=name, ctx=gast.Load(), annotation=None,
                                       type_comment=None))
    return isinstance(value, (type, types.ModuleType, types.FunctionType,
                              types.BuiltinFunctionType, np.ufunc))


def _guard(sf, prog, stmt, base, user, why, symbols):
    """Insert ``check_not_in_place(base, ...)`` before ``stmt``."""
    error = sf.error(
        f"cannot differentiate `{user} {_op_text(stmt.value.op)}= ...`: {user!r} is an array or "
        f"list, which Python updates in place, and it {why}",
        f"copy it first ({user} = {user}.copy()) or write {user} = {user} "
        f"{_op_text(stmt.value.op)} ...", located(stmt))
    _insert_guard(prog, stmt, "check_not_in_place", [templates.name(base)], error, symbols)


def _link(s, mem, resolver, value_kinds, prog):
    """Record what statement ``s`` makes share memory (see the module docstring)."""
    if not isinstance(s, gast.Assign):
        return
    targets = assigned_names(s)
    value = s.value
    for t in targets:
        mem.same.find(t)
        mem.versions.find(t)
    if isinstance(value, gast.Name):
        for t in targets:
            mem.same.union(t, value.id)
            if not anno.get(s, anno.USER_COPY):
                mem.versions.union(t, value.id)
        return
    if anno.get(s, anno.INPLACE) or anno.get(s, anno.ALIAS_REBIND):
        base = _updated_base(s)
        for t in targets:
            mem.same.union(t, base)
            mem.versions.union(t, base)
            if anno.get(s, anno.ALIAS_REBIND) and isinstance(value, gast.Call):
                mem.same.union(t, value.args[1].id)
                mem.versions.union(t, value.args[1].id)
            elif isinstance(value, gast.Call) and len(value.args) >= 2 and \
                    kinds.kind_of(value.args[0], value_kinds) != "num":
                # a[i] = v, xs.append(v), xs += ys: the object may hold v (a list)
                mem.holds.extend((t, n) for n in _names(value.args[-1:]))
        return
    effect, inputs = _effect(value, resolver)
    if effect == "element" and isinstance(value, gast.Subscript) and _advanced_index(
            value.slice, prog, resolver, kinds.kind_of(value.value, value_kinds) == "num"):
        effect, inputs = "fresh", set()  # numpy's advanced indexing always copies
    if isinstance(value, gast.BinOp) and isinstance(value.op, (gast.Add, gast.Mult)) and "num" not in (
            kinds.kind_of(value.left, value_kinds), kinds.kind_of(value.right, value_kinds)):
        effect = "holds"                 # may be a sequence's concatenation or repetition
    if effect == "share" and any(kinds.kind_of(gast.Name(id=t, ctx=gast.Load(), annotation=None,
                                                         type_comment=None), value_kinds) == "seq"
                                 for t in targets):
        mem.view_sequences.update(targets)   # np.split & co: a list of views
    if effect == "element":
        container = value.value if isinstance(value, gast.Subscript) else value.args[0]
        if isinstance(container, gast.Name) and container.id in mem.view_sequences:
            effect = "share"             # an element of a list of views: a view
        elif kinds.kind_of(container, value_kinds) == "num":
            effect = "share"             # a view of an array
        elif kinds.kind_of(container, value_kinds) in ("seq", "dict"):
            effect = "item"              # one of the container's elements (or a slice: a new list)
    for t in targets:
        if effect == "holds":
            mem.holds.extend((t, n) for n in inputs)
        elif effect == "holds contents":
            mem.holds_contents.extend((t, n) for n in inputs)
        elif effect == "share":
            for n in inputs:
                mem.same.union(t, n)
        elif effect in ("element", "external"):
            mem.with_contents.extend((t, n, True) for n in inputs)
        elif effect == "item":
            mem.with_contents.extend((t, n, False) for n in inputs)
    if effect == "external":
        mem.external.update(targets)


def _effect(value, resolver):
    """(effect, names): "fresh" (a new object), "share" (may hold or view
    those operands) or "external" (may also be any object from outside)."""
    if isinstance(value, (gast.Constant, gast.BinOp, gast.UnaryOp, gast.Compare, gast.JoinedStr)):
        return "fresh", set()
    if isinstance(value, (gast.List, gast.Tuple, gast.Dict)):
        return "holds", _names([value])
    if isinstance(value, gast.Subscript):
        return "element", _names([value.value])     # a view of an array or an element
    if isinstance(value, gast.Attribute):
        viewed = value.attr in ("T", "real", "imag", "mT", "flat")
        return ("share" if viewed else "external"), _names([value.value])
    if not isinstance(value, gast.Call):
        return "external", _names([value])
    obj = resolver.resolve(value.func)
    everything = list(value.args) + [k.value for k in value.keywords]
    method_of = [value.func.value] if isinstance(value.func, gast.Attribute) and \
        not resolver.is_static(value.func) else []
    first = (value.args[:1] or [k.value for k in value.keywords[:1]]) if not method_of else method_of
    if any(obj is getattr(runtime, h, None) for h in CONCATENATING_HELPERS):
        return "holds contents", _names(value.args[:2])
    if any(obj is getattr(runtime, h, None) for h in HOLDING_HELPERS):
        return "holds", _names(everything)
    if any(obj is getattr(runtime, h, None) for h in ELEMENT_HELPERS):
        return "element", _names(value.args[:1])
    if any(k.arg == "copy" and not (isinstance(k.value, gast.Constant) and k.value.value)
           for k in value.keywords):
        return "share", _names(first)    # copy=False: may return its argument itself
    if obj in FRESH_CALLS:
        return "fresh", set()
    if obj is max or obj is min:
        return "share", _names(everything)    # the result is one of the arguments itself
    if method_of and value.func.attr in ("copy", "astype", "tolist", "flatten"):
        return "fresh", set()
    op = classify(value, resolver)
    if op.kind in (Kind.PRIMITIVE, Kind.NONDIFF):
        primitive = op.rule.primitive if op.kind is Kind.PRIMITIVE else obj
        if primitive is np.einsum:
            return "share", _names(everything)     # 'i->i' returns a view of its operand
        if primitive in VIEW_PRIMITIVES:
            return "share", _names(first)
        return "fresh", set()
    if isinstance(value.func, gast.Name):
        method_of = [value.func]         # a local function may return what it closes over
    return "external", _names(everything + method_of)


INDEX_ARRAY_CALLS = (np.arange, np.argsort, np.flatnonzero)     # always 1-d integer arrays


def _advanced_index(index, prog, resolver, array_container):
    """Is ``index`` certainly an advanced index, for which numpy returns a copy?
    A list display (a list or dict indexed by one raises), a 1-d integer array
    from ``np.arange``/``np.argsort``/``np.flatnonzero`` (a list indexed by one
    raises), a comparison when the container is known to be an array (a bool
    would pick an element of a list); a name bound only to such values (normalize
    moves ``x[[0, 2]]``'s list into a name); a tuple holding one of them."""
    if isinstance(index, gast.Tuple):
        return any(_advanced_index(part, prog, resolver, array_container) for part in index.elts)
    if isinstance(index, gast.List):
        return True
    if isinstance(index, gast.Compare):
        return array_container
    if isinstance(index, gast.Call):
        return resolver.resolve(index.func) in INDEX_ARRAY_CALLS
    if isinstance(index, gast.Name) and index.id not in prog.params:
        defs = prog.defs.get(index.id, [])
        return bool(defs) and all(isinstance(d, gast.Assign) and len(d.targets) == 1 and
                                  isinstance(d.targets[0], gast.Name) and
                                  _advanced_index(d.value, prog, resolver, array_container)
                                  for d in defs)
    return False


def _names(nodes):
    return {n for node in nodes for n in loaded_names(node)}


def _updated_base(stmt):
    value = stmt.value
    if isinstance(value, gast.Call) and value.args and isinstance(value.args[0], gast.Name):
        return value.args[0].id
    if isinstance(value, gast.BinOp) and isinstance(value.left, gast.Name):
        return value.left.id
    return None


def _op_text(op):
    return {gast.Add: "+", gast.Sub: "-", gast.Mult: "*", gast.Div: "/", gast.FloorDiv: "//",
            gast.Mod: "%", gast.Pow: "**", gast.MatMult: "@"}.get(type(op), "?")


def _loads(stmt):
    if isinstance(stmt, (gast.If, gast.While)):
        node = stmt.test
    elif isinstance(stmt, gast.For):
        node = stmt.iter
    else:
        node = stmt
    return set(loaded_names(node))


def _source(stmt):
    origin = anno.get(stmt, anno.ORIGIN)
    return origin[2] if origin else text(stmt.value)


def _user_name(ssa):
    """The user's name behind an SSA version (``a_2`` -> ``a``) for messages."""
    base, _, suffix = ssa.rpartition("_")
    return base if base and suffix.isdigit() else ssa


def _line(stmt):
    origin = anno.get(stmt, anno.ORIGIN)
    return origin[0] if origin else "?"


def run(ctx, node):
    """Prove, guard or refuse every in-place update."""
    check(ctx.sf, node, ctx.resolver, ctx.symbols)
    return node
