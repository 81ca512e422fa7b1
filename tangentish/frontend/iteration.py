"""Loops over containers, for control lowering: ``for v in xs`` becomes
``for k in range(len(xs)): v = xs[k]`` (likewise ``enumerate``, ``zip``,
``reversed`` and nested targets).  A dict yields its keys, constants without a
derivative: from ``dict_key`` where the code shows a dict (a display,
``d.items()``...), from ``iteration_item`` / ``iteration_key`` where only the
run-time value can tell (docs/SOUNDNESS.md, "Loops over containers")."""
import builtins
import copy
import operator

import gast

from ..ir import naming, templates
from ..ir.nodes import parameter_names
from .locations import copy_loc


class Iteration:
    """Lowers the iteration of ``for`` loops in one function (``sf``) over
    ``range``; names come from the function's Namer."""

    def __init__(self, sf, namer, resolver, symbols):
        self.sf = sf
        self.namer = namer
        self.resolver = resolver
        self.symbols = symbols
        self._bindings = None
        self._sorted_of = {}     # the name bound to iteration_constants(p) -> p

    def lower(self, stmt):
        """(statements before the loop, index name, range call, element extraction)."""
        it = stmt.iter
        if is_call_to(it, "range", self.resolver) and isinstance(stmt.target, gast.Name):
            return [], stmt.target.id, it, []
        pre, length, getter = self.sequence(it, stmt)
        index = self.namer.new(naming.loop_index())
        extract = self._bind(stmt.target, self.element(getter, templates.name(index)), stmt)
        rng = gast.Call(func=templates.name("range"), args=[length], keywords=[])
        return pre, index, rng, extract

    def sequence(self, it, stmt):
        """(pre statements, length expression, getter) for iterating over ``it``.

        The getter maps an index node to an element node, or to a tuple of
        element getters for zip/enumerate.  What a loop over a container yields
        depends on its type: a dict's keys (constants, no derivative) or a
        sequence's elements.  Where the type is known here (a dict display,
        ``d.items()``, a name only ever bound to dicts) the keys come from
        ``iteration_keys`` / ``dict_key``; where it is known only at run time,
        from ``iteration_item`` / ``iteration_key`` (runtime/iteration.py)."""
        combined = self._combined_sequence(it, stmt)
        if combined is not None:
            return combined
        view = _dict_view(it)
        if view is not None:
            # d.items() / d.keys() / d.values(): keys are constants, values are read by key
            return self._dict_loop(it.func.value, view, stmt, None)
        ordered = self._ordered_dict(it)
        if ordered is not None:
            return self._dict_loop(ordered[0], ordered[1], stmt, ordered[2])
        if (is_call_to(it, "list", self.resolver) or is_call_to(it, "tuple", self.resolver)) \
                and len(it.args) == 1 and not it.keywords and self._static_kind(it.args[0]) is None:
            # list(p) / tuple(p) of a container known only at run time yields what p does
            pre, seq, length = self._bound_items(it.args[0], stmt)
            return pre, length, ("runtime", seq)
        constants = self._constants(it)
        if constants is not None:
            # sorted(p) of a container known only at run time: a dict's keys, or values
            # without a derivative (runtime.iteration_constants)
            pre, seq, length = self._bound_items(constants, stmt)
            if isinstance(it.args[0], gast.Name):
                self._sorted_of[seq] = it.args[0].id
            return pre, length, ("index", seq)
        kind = self._static_kind(it)
        pre, seq = self._bind_sequence(it, stmt)
        if kind == "dict":
            return self._dict_loop(templates.name(seq), "keys", stmt, None, pre)
        length = gast.Call(func=templates.name("len"), args=[templates.name(seq)], keywords=[])
        if kind == "seq":
            return pre, length, ("index", seq)
        # known only at run time: a dict yields its keys, a sequence its elements
        return pre, length, ("runtime", seq)

    def _combined_sequence(self, it, stmt):
        """(pre, length, getter) for ``enumerate`` / ``zip`` / ``reversed`` of
        sequences, else None."""
        if is_call_to(it, "enumerate", self.resolver) and 1 <= len(it.args) <= 2 and (
                not it.keywords or [k.arg for k in it.keywords] == ["start"]):
            start = it.args[1] if len(it.args) == 2 else (it.keywords[0].value if it.keywords
                                                          else None)
            pre, length, inner = self.sequence(it.args[0], stmt)
            return pre, length, ("enumerate", inner, start)
        if is_call_to(it, "zip", self.resolver) and it.args and not it.keywords:
            pres, lengths, inners = [], [], []
            for a in it.args:
                p, n, g = self.sequence(a, stmt)
                pres += p
                lengths.append(n)
                inners.append(g)
            length = lengths[0] if len(lengths) == 1 else gast.Call(
                func=templates.name("min"), args=lengths, keywords=[])
            return pres, length, ("zip", inners)
        if is_call_to(it, "reversed", self.resolver) and len(it.args) == 1 and not it.keywords:
            pre, length, inner = self.sequence(it.args[0], stmt)
            return pre, length, ("reversed", inner, length)
        return None

    def _bound_items(self, value, stmt):
        """(pre, name, length) for ``value`` bound to a fresh name before the loop."""
        seq = self.namer.new(naming.items_name())
        pre = [copy_loc(templates.assign(seq, value), stmt)]
        length = gast.Call(func=templates.name("len"), args=[templates.name(seq)],
                           keywords=[])
        return pre, seq, length

    def _dict_loop(self, mapping, view, stmt, ordering, pre=None):
        """A loop over a mapping's keys (``view``: what each step yields: "keys",
        "values" or "items"), in the order ``ordering`` (a ``sorted(...)`` call's
        keywords) or the dict's own."""
        pre = list(pre or [])
        more, d = self._bind_sequence(mapping, stmt)
        pre += more
        keys = self.namer.new(naming.keys_name())
        if ordering is None:
            value = gast.Call(func=self._helper("iteration_keys"), args=[templates.name(d)],
                              keywords=[])
        else:
            value = gast.Call(func=self._helper("sorted_keys"), args=[templates.name(d)],
                              keywords=ordering)
        pre.append(copy_loc(templates.assign(keys, value), stmt))
        length = gast.Call(func=templates.name("len"), args=[templates.name(keys)], keywords=[])
        return pre, length, ("dict", d, view, keys)

    def _ordered_dict(self, it):
        """``sorted(d)``, ``list(d.items())``, ``tuple(d.keys())``... of a dict: (the dict,
        what each step yields, the sorting keywords or None), else None."""
        for name in ("sorted", "list", "tuple"):
            if is_call_to(it, name, self.resolver) and len(it.args) == 1:
                break
        else:
            return None
        keywords = list(it.keywords)
        arg = it.args[0]
        view = _dict_view(arg)
        if view is not None:
            mapping = arg.func.value
        elif self._static_kind(arg) == "dict":
            mapping, view = arg, "keys"
        else:
            return None
        if name != "sorted":
            return (mapping, view, None) if not keywords else None
        if view == "items":
            # sorted(d.items(), key=operator.itemgetter(0)): the keys are unique, so this
            # is the order of sorted(d) (no comparison of values)
            keywords = [k for k in keywords if not (k.arg == "key" and self._first_item(k.value))]
        allowed = {"reverse"} if view != "keys" else {"reverse", "key"}
        if view == "values" or any(k.arg not in allowed for k in keywords):
            return None          # sorting values (or items by a key function): not keys
        return mapping, view, keywords

    def _first_item(self, node):
        """Whether ``node`` is ``operator.itemgetter(0)``."""
        return (isinstance(node, gast.Call) and isinstance(node.func, (gast.Name, gast.Attribute))
                and self.resolver.resolve(node.func) is operator.itemgetter and not node.keywords
                and len(node.args) == 1 and isinstance(node.args[0], gast.Constant)
                and type(node.args[0].value) is int and node.args[0].value == 0)

    def _constants(self, it):
        """``iteration_constants(p, ...)`` for ``sorted(p, ...)`` of a ``p`` whose kind
        is known only at run time, else None."""
        if not (is_call_to(it, "sorted", self.resolver) and len(it.args) == 1):
            return None
        arg = it.args[0]
        if _dict_view(arg) is not None or self._static_kind(arg) is not None or any(
                k.arg not in ("key", "reverse") for k in it.keywords):
            return None
        keywords = [gast.keyword(arg="sort", value=templates.const(True))] + list(it.keywords)
        return gast.Call(func=self._helper("iteration_constants"), args=[arg],
                         keywords=keywords)

    def _static_kind(self, it, seen=()):
        """"dict" or "seq" where the kind of container ``it`` is (to Python) known from
        the code, else None (decided at run time)."""
        if isinstance(it, gast.Dict) or is_call_to(it, "dict", self.resolver):
            return "dict"
        if isinstance(it, (gast.List, gast.Tuple)) or (
                isinstance(it, gast.Constant) and isinstance(it.value, (str, bytes))):
            return "seq"
        if isinstance(it, gast.Call) and any(is_call_to(it, n, self.resolver) for n in (
                "list", "tuple", "sorted", "range")):
            return "seq"
        if isinstance(it, gast.Name) and it.id not in seen:
            values = self.bindings().get(it.id)
            if not values:
                return None
            kinds = {self._static_kind(v, seen + (it.id,)) if v is not None else None
                     for v in values}
            return kinds.pop() if len(kinds) == 1 else None
        return None

    def bindings(self):
        """name -> the values assigned to it (None for any other kind of binding: a
        parameter, a loop target, an unpacking...) in the function's own scope (the
        function as written: computed before lowering changes it)."""
        if self._bindings is None:
            self._bindings = _scope_bindings(self.sf.node)
        return self._bindings

    def _helper(self, name):
        return templates.name(self.symbols.get(name, name))

    def _bind_sequence(self, it, stmt):
        """(pre statements, a name for the iterated object).  Python evaluates the
        iterable once: a name the body rebinds (or updates in place) is read through
        a fresh name bound before the loop (an in-place update of it in the body is
        then an update through an alias, which the aliasing analysis models or
        refuses); a loop that changes its list's length is refused."""
        if isinstance(it, gast.Name):
            self._check_length_kept(it.id, stmt)
            if not _rebinds(stmt, it.id) and it.id not in _written_names(stmt.body):
                return [], it.id
        seq = self.namer.new(naming.items_name())
        return [copy_loc(templates.assign(seq, it), stmt)], seq

    def _check_length_kept(self, name, stmt):
        """A loop that appends to (or removes from) the list it iterates over would see
        a different number of items than its range: refused."""
        for s in stmt.body:
            for n in gast.walk(s):
                if isinstance(n, gast.Call) and isinstance(n.func, gast.Attribute) and \
                        isinstance(n.func.value, gast.Name) and n.func.value.id == name and \
                        n.func.attr in _RESIZERS:
                    raise self.sf.error(
                        f"cannot differentiate a loop over {name!r} that changes its length "
                        f"(.{n.func.attr}() in the loop)",
                        "collect the new items in another list and iterate over a copy "
                        f"(for v in list({name}): ...)", n)

    def element(self, getter, index):
        kind = getter[0]
        if kind == "index":
            return gast.Subscript(value=templates.name(getter[1]), slice=index, ctx=gast.Load())
        if kind == "reversed":
            rev = gast.BinOp(left=gast.BinOp(left=copy.deepcopy(getter[2]), op=gast.Sub(),
                                             right=templates.const(1)),
                             op=gast.Sub(), right=index)
            return self.element(getter[1], rev)
        if kind == "runtime":
            # decided in _bind: iteration_key where the loop indexes the sequence with it
            return gast.Call(func=self._helper("iteration_item"),
                             args=[templates.name(getter[1]), index], keywords=[])
        if kind == "dict":
            _, d, view, keys = getter

            def key():
                return gast.Call(func=self._helper("dict_key"),
                                 args=[templates.name(keys), templates.name(d),
                                       copy.deepcopy(index)], keywords=[])
            if view == "keys":
                return key()
            value = gast.Subscript(value=templates.name(d), slice=key(), ctx=gast.Load())
            return value if view == "values" else ("tuple", [key(), value])
        if kind == "enumerate":
            start = getter[2]
            position = index if start is None else gast.BinOp(left=index, op=gast.Add(),
                                                              right=copy.deepcopy(start))
            return ("tuple", [position, self.element(getter[1], copy.deepcopy(index))])
        if kind == "zip":
            return ("tuple", [self.element(g, copy.deepcopy(index)) for g in getter[1]])
        raise AssertionError(kind)

    def _bind(self, target, value, stmt):
        if isinstance(value, tuple):  # a structured element: unpack it statically
            if not isinstance(target, (gast.Tuple, gast.List)) or len(target.elts) != len(value[1]):
                if isinstance(target, gast.Name):
                    elts = [self._materialize(v) for v in value[1]]
                    return [copy_loc(templates.assign(target.id, gast.Tuple(elts=elts,
                                                                             ctx=gast.Load())), stmt)]
                raise self.sf.error("cannot unpack this loop target", "", stmt)
            out = []
            for t, v in zip(target.elts, value[1]):
                out += self._bind(t, v, stmt)
            return out
        if self._is_helper_call(value, "iteration_item") and _indexes_with(
                stmt, value.args[0].id, target):
            # `for k in d: ... d[k]`: a key (or an integer index), no derivative
            value.func = self._helper("iteration_key")
        if isinstance(value, gast.Subscript) and isinstance(value.value, gast.Name) and \
                value.value.id in self._sorted_of and _indexes_with(
                    stmt, self._sorted_of[value.value.id], target):
            # `for k in sorted(d): ... d[k]`: a key of a mapping, or an integer index of a
            # sequence (no derivative; anything else is refused by sorted_key)
            value = gast.Call(func=self._helper("sorted_key"), args=[
                value.value, templates.name(self._sorted_of[value.value.id]), value.slice],
                keywords=[])
        if isinstance(target, gast.Name):
            return [copy_loc(templates.assign(target.id, value), stmt)]
        if isinstance(target, (gast.Tuple, gast.List)):
            tmp = self.namer.new(naming.item_name())
            out = [copy_loc(templates.assign(tmp, value), stmt)]
            for i, t in enumerate(target.elts):
                out += self._bind(t, gast.Subscript(value=templates.name(tmp),
                                                    slice=templates.const(i), ctx=gast.Load()), stmt)
            return out
        raise self.sf.error("cannot differentiate this loop target", "assign to plain names", stmt)

    def _is_helper_call(self, node, name):
        return isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and \
            node.func.id == self.symbols.get(name, name)

    def _materialize(self, v):
        if isinstance(v, tuple):
            return gast.Tuple(elts=[self._materialize(e) for e in v[1]], ctx=gast.Load())
        return v


def _scope_bindings(node):
    """``Iteration.bindings`` of the function ``node``."""
    found = {}
    for name in parameter_names(node, kwargs=True):
        found.setdefault(name, []).append(None)
    todo = list(node.body)
    while todo:
        n = todo.pop()
        if isinstance(n, (gast.FunctionDef, gast.AsyncFunctionDef, gast.ClassDef)):
            found.setdefault(n.name, []).append(None)
            todo.extend(n.decorator_list)
            continue                   # its body is another scope
        if isinstance(n, gast.Lambda):
            continue
        if isinstance(n, gast.Assign) and len(n.targets) == 1 and isinstance(
                n.targets[0], gast.Name):
            found.setdefault(n.targets[0].id, []).append(n.value)
            todo.append(n.value)
            continue
        if isinstance(n, gast.AnnAssign) and isinstance(n.target, gast.Name) \
                and n.value is not None:
            found.setdefault(n.target.id, []).append(n.value)
            todo.append(n.value)
            continue
        if isinstance(n, gast.AugAssign) and isinstance(n.target, gast.Name):
            todo.append(n.value)       # `d |= e`, `xs += ys`: the same kind (or an error)
            continue
        if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del)):
            found.setdefault(n.id, []).append(None)
        elif isinstance(n, gast.alias):
            found.setdefault((n.asname or n.name).split(".")[0], []).append(None)
        todo.extend(gast.iter_child_nodes(n))
    return found


_RESIZERS = ("append", "extend", "insert", "pop", "remove", "clear", "popitem", "update",
             "setdefault")


def _dict_view(it):
    """"items", "keys" or "values" for ``d.items()`` / ``d.keys()`` / ``d.values()``."""
    if (isinstance(it, gast.Call) and isinstance(it.func, gast.Attribute)
            and it.func.attr in ("items", "keys", "values") and not it.args and not it.keywords):
        return it.func.attr
    return None


def _rebinds(loop, name):
    """Whether the loop (its target or body) assigns the name itself."""
    for n in [loop.target] + list(loop.body):
        for sub in gast.walk(n):
            if isinstance(sub, gast.Name) and sub.id == name and isinstance(
                    sub.ctx, (gast.Store, gast.Del)):
                return True
    return False


def _indexes_with(loop, seq, target):
    """Whether the loop body reads ``seq[target]`` (``seq[k]``, ``seq[a, b]``)."""
    def same(index, t):
        if isinstance(t, gast.Name):
            return isinstance(index, gast.Name) and index.id == t.id
        if isinstance(t, (gast.Tuple, gast.List)):
            return isinstance(index, gast.Tuple) and len(index.elts) == len(t.elts) and all(
                same(i, e) for i, e in zip(index.elts, t.elts))
        return False
    return any(isinstance(n, gast.Subscript) and isinstance(n.value, gast.Name)
               and n.value.id == seq and same(n.slice, target)
               for s in loop.body for n in gast.walk(s))


def is_call_to(node, name, resolver):
    return (isinstance(node, gast.Call) and isinstance(node.func, gast.Name)
            and resolver.resolve(node.func) is getattr(builtins, name))


def _written_names(stmts):
    """Names a statement list rebinds or updates in place (``x = ..``, ``x += ..``, ``x[i] = ..``)."""
    out = set()
    for s in stmts:
        for n in gast.walk(s):
            if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del)):
                out.add(n.id)
            elif isinstance(n, gast.Subscript) and isinstance(n.ctx, gast.Store):
                base = n.value
                while isinstance(base, gast.Subscript):
                    base = base.value
                if isinstance(base, gast.Name):
                    out.add(base.id)
            elif isinstance(n, gast.AugAssign) and isinstance(n.target, gast.Name):
                out.add(n.target.id)
    return out
