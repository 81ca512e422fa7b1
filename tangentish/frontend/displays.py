"""Normalize's container-building expressions (a mixin of ``expressions.Expressions``):
dict displays (one entry per key, as Python builds them), reductions of list displays,
``np.r_`` / ``np.c_`` index objects, ``tuple(xs)`` / ``list(xs)`` of a variable, dict
methods (``d.get``), and builtin displays (``list((a, b))``, ``dict(a=x)``...)."""
import ast

import gast
import numpy as np

from ..ir import naming, templates
from ..ir.nodes import loaded_names
from ..rules import RULES
from .resolve import MISSING

_REDUCTIONS = "tangentish.rules.numpy.reductions"   # reductions of array_like a


def has_variable(atom):
    """Whether an atom reads a variable (a name other than a static one)."""
    return any(isinstance(n, gast.Name) for n in gast.walk(atom))


class Displays:
    """Methods of ``Expressions`` (they read the normalizer's ``sf``, ``resolver`` and
    emit through it) for the expressions that build containers."""

    def op_Dict(self, node, hint):
        if any(k is None for k in node.keys):
            raise self.sf.error("cannot differentiate a dict display with ** unpacking",
                                "build the dict with explicit keys", node)
        keys, values = [], []
        for k, v in zip(node.keys, node.values):     # Python's order: k1, v1, k2, v2...
            keys.append(self.atom(k, hint))
            values.append(self.element(v, hint))
        if all(isinstance(k, gast.Constant) for k in keys):
            # a key written twice: one entry, at the first one's place, holding the last
            # value (as Python builds the display; the pack rule reads one value per key)
            entries = {}                           # key value -> [key node, value atom]
            for k, v in zip(keys, values):
                if k.value in entries:
                    entries[k.value][1] = v
                else:
                    entries[k.value] = [k, v]
            keys = [k for k, _ in entries.values()]
            values = [v for _, v in entries.values()]
        elif len(keys) > 1:
            # keys known only at run time: equal keys would make one entry of two values
            where = self.sf.error("", "", node)
            self.emit(gast.Expr(value=gast.Call(
                func=templates.name(self.symbol("check_distinct_keys")),
                args=[gast.List(elts=list(keys), ctx=gast.Load())] + [
                    gast.Constant(value=v, kind=None) for v in (
                        self.sf.filename, where.lineno, where.col_offset)], keywords=[])))
        return gast.Dict(keys=keys, values=values)

    def reduced_displays(self, func, args, keywords, hint):
        """A reduction of a list or tuple display (``np.mean([x, y])``) reduces the array
        numpy makes of it: the display becomes ``array_of([x, y])`` (np.array of a display,
        the stack of its elements, with its own rule) on a line of its own."""
        if not isinstance(func, (gast.Name, gast.Attribute)):
            return
        try:
            rule = RULES.get(self.resolver.resolve(func))
        except TypeError:
            return
        if rule is None or rule.module != _REDUCTIONS or not rule.params or rule.params[0] != "a":
            return

        def wrapped(value):
            if isinstance(value, (gast.List, gast.Tuple)) and has_variable(value):
                call = gast.Call(func=templates.name(self.symbol("array_of")),
                                 args=[gast.List(elts=list(value.elts), ctx=gast.Load())], keywords=[])
                return self.bind_temp(call, naming.items_name())
            return value
        if args:
            args[0] = wrapped(args[0])
        for k in keywords:
            if k.arg == "a":
                k.value = wrapped(k.value)

    def index_concatenation(self, node):
        """``np.r_[a, b, 0:3]`` / ``np.c_[...]`` with variables in the index ->
        ``index_join([a, b, index_slice(0, 3, None)], "r_", file, line, col)``, which
        computes numpy's own value and has the rule of a concatenation; None for any
        other subscript.  Directives (``'r'``, ``'0,2'``) and list or tuple entries are
        refused here (and such values, known only at run time, by ``index_join``)."""
        if not isinstance(node.value, (gast.Name, gast.Attribute)) or \
                not loaded_names(node.slice):
            return None
        try:
            obj = self.resolver.resolve(node.value)
        except Exception:
            return None
        kind = "r_" if obj is np.r_ else "c_" if obj is np.c_ else None
        if kind is None:
            return None
        items = node.slice.elts if isinstance(node.slice, gast.Tuple) else [node.slice]
        entries = []
        for item in items:
            if isinstance(item, gast.Constant) and isinstance(item.value, str):
                raise self.sf.error(
                    f"cannot differentiate np.{kind}[...] with the directive {item.value!r}",
                    "use np.concatenate, np.stack or np.column_stack", item)
            if isinstance(item, (gast.List, gast.Tuple, gast.Starred, gast.Dict,
                                 gast.ListComp, gast.GeneratorExp, gast.JoinedStr)):
                raise self.sf.error(
                    f"cannot differentiate np.{kind}[...] with a nested sequence entry",
                    "pass arrays (np.asarray(...) first), or use np.concatenate", item)
            if isinstance(item, gast.Slice):
                none = gast.Constant(value=None, kind=None)
                item = ast.copy_location(gast.Call(
                    func=templates.name(self.symbol("index_slice")),
                    args=[item.lower or none, item.upper or none, item.step or none,
                          gast.Constant(value=kind, kind=None)],
                    keywords=[]), node)
            entries.append(item)
        constant = lambda v: gast.Constant(value=v, kind=None)  # noqa: E731
        return ast.copy_location(gast.Call(
            func=templates.name(self.symbol("index_join")),
            args=[gast.List(elts=entries, ctx=gast.Load()), constant(kind),
                  constant(self.sf.filename), constant(node.lineno), constant(node.col_offset)],
            keywords=[]), node)

    def sequence_call(self, node, hint):
        """``tuple(xs)`` / ``list(xs)`` of a name -> ``sequence_of(xs, "tuple")`` (its
        rule: the entries' derivatives, for lists, tuples and arrays); None otherwise."""
        if not (isinstance(node.func, gast.Name) and len(node.args) == 1 and not node.keywords
                and isinstance(node.args[0], gast.Name)):
            return None
        obj = self.resolver.resolve(node.func)
        if obj is not tuple and obj is not list:
            return None
        return gast.Call(func=templates.name(self.symbol("sequence_of")), args=[
            self.atom(node.args[0], hint), gast.Constant(value=obj.__name__, kind=None)],
            keywords=[])

    def dict_method(self, node, hint):
        """``d.get(key[, default])`` of a value known only at run time ->
        ``dict_get(d, key, default, file, line, col)`` (a dict's own method, with its rule;
        any other object raises there, at the user's call); None for any other call."""
        func = node.func
        if not (isinstance(func, gast.Attribute) and func.attr == "get"
                and 1 <= len(node.args) <= 2 and not node.keywords
                and not any(isinstance(a, gast.Starred) for a in node.args)):
            return None
        try:
            receiver = self.resolver.resolve(func.value)
        except Exception:
            return None
        if receiver is not MISSING and not isinstance(receiver, dict):
            return None          # a known object of another type: its own method
        where = self.sf.error("", "", node)
        args = [self.atom(func.value, hint)] + [self.atom(a, hint) for a in node.args]
        if len(node.args) == 1:
            args.append(gast.Constant(value=None, kind=None))
        return gast.Call(func=templates.name(self.symbol("dict_get")), args=args + [
            gast.Constant(value=v, kind=None) for v in (
                self.sf.filename, where.lineno, where.col_offset)], keywords=[])

    def builtin_display(self, node):
        """A call of ``list``/``tuple``/``dict``/``max``/``min`` that is a display in
        disguise, as that expression: ``list((a, b))`` -> ``[a, b]``, ``dict(a=x)`` ->
        ``{"a": x}``, ``max([a, b, c])`` / ``max(a, b, c)`` -> ``max(max(a, b), c)`` (the
        first of equal values wins, as Python's max); None for any other call."""
        if not isinstance(node.func, (gast.Name, gast.Attribute)) or any(
                isinstance(a, gast.Starred) for a in node.args):
            return None
        obj, args, keywords = self.resolver.resolve(node.func), node.args, node.keywords
        single = args[0] if len(args) == 1 and not keywords else None
        if obj in (list, tuple) and isinstance(single, (gast.List, gast.Tuple)) and not any(
                isinstance(e, gast.Starred) for e in single.elts):
            display = gast.List if obj is list else gast.Tuple
            return ast.copy_location(display(elts=list(single.elts), ctx=gast.Load()), node)
        if obj is dict and len(args) <= 1 and all(k.arg for k in keywords) and (
                keywords or args):
            # dict(a=x), dict({"a": x}, b=y), dict([("a", x), ("b", y)], c=z): a display
            # (later entries win, as in dict(); entries are evaluated in the same order)
            keys, values = [], []
            if args:
                pairs = _display_pairs(args[0])
                if pairs is None:
                    return None
                keys, values = [k for k, _ in pairs], [v for _, v in pairs]
            keys += [gast.Constant(value=k.arg, kind=None) for k in keywords]
            values += [k.value for k in keywords]
            return ast.copy_location(gast.Dict(keys=keys, values=values), node)
        if obj in (max, min) and not keywords:
            items = single.elts if isinstance(single, (gast.List, gast.Tuple)) else \
                args if len(args) > 2 else None
            if items and not any(isinstance(e, gast.Starred) for e in items):
                folded = items[0]
                for item in items[1:]:
                    folded = ast.copy_location(
                        gast.Call(func=node.func, args=[folded, item], keywords=[]), node)
                return folded
        return None


def _display_pairs(node):
    """The (key, value) nodes of ``{k: v, ...}`` or of a list / tuple display of 2-tuple (or
    2-list) displays ``[(k, v), ...]``; None for anything else (``**`` or ``*`` entries)."""
    if isinstance(node, gast.Dict):
        return None if any(k is None for k in node.keys) else list(zip(node.keys, node.values))
    if not isinstance(node, (gast.List, gast.Tuple)):
        return None
    pairs = []
    for e in node.elts:
        if not isinstance(e, (gast.List, gast.Tuple)) or len(e.elts) != 2 or any(
                isinstance(x, gast.Starred) for x in e.elts):
            return None
        pairs.append((e.elts[0], e.elts[1]))
    return pairs
