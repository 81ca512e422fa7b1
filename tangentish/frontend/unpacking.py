"""``*`` and ``**`` at call sites, when their length and keys are known when the
derivative is generated: ``f(a, *xs, **kw)`` becomes ``f(a, xs[0], xs[1], c=kw['c'])``
(run before the fence; indexing and keyword passing are then differentiated as
written).  Expanded only where exact:

* a display written at the call: ``f(*(a, b))``, ``f(**{'c': x})``;
* a name bound once in the function (not a parameter, not in a loop where it
  could be read before its binding) by a tuple display, or by a list or dict
  display that is read only as ``*xs`` / ``**kw``, indexed (``xs[i]``) or passed
  to ``len``: nothing can change its length or keys.  Displays holding ``*`` or
  ``**`` themselves, and dict keys other than string constants, are not expanded.

Anything else keeps its ``*`` / ``**`` and is refused by the fence."""
import keyword

import gast

from ..ir.nodes import parameter_names


def _scope(node):
    """Nodes of ``node``'s body; nested functions entered too (a nested function
    could change a list it reads)."""
    for stmt in node.body:
        yield from gast.walk(stmt)


def _fixed(display):
    if isinstance(display, (gast.Tuple, gast.List)):
        return not any(isinstance(e, gast.Starred) for e in display.elts)
    if isinstance(display, gast.Dict):
        return all(isinstance(k, gast.Constant) and isinstance(k.value, str)
                   and k.value.isidentifier() and not keyword.iskeyword(k.value)
                   for k in display.keys) \
            and len({k.value for k in display.keys}) == len(display.keys)
    return False


class _Plan:
    def __init__(self, node):
        params = set(parameter_names(node))
        binds, parents = {}, {}
        for n in _scope(node):
            for child in gast.iter_child_nodes(n):
                parents[id(child)] = n
            if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load):
                # Store, Del, and Param: a nested function's parameter of the same name
                binds.setdefault(n.id, []).append(n)
            if isinstance(n, (gast.FunctionDef, gast.ClassDef)):
                binds.setdefault(n.name, []).append(n)
        self.displays = {}
        for n in _scope(node):
            if isinstance(n, gast.Assign) and len(n.targets) == 1 \
                    and isinstance(n.targets[0], gast.Name) and _fixed(n.value):
                name = n.targets[0].id
                if name in params or len(binds.get(name, ())) != 1:
                    continue
                if isinstance(n.value, gast.Tuple) or self._read_only(node, name, parents):
                    self.displays[name] = n.value

    @staticmethod
    def _read_only(node, name, parents):
        for n in _scope(node):
            if not (isinstance(n, gast.Name) and n.id == name and isinstance(n.ctx, gast.Load)):
                continue
            parent = parents.get(id(n))
            if isinstance(parent, gast.Starred) or isinstance(parent, gast.keyword) \
                    and parent.arg is None:
                continue
            if isinstance(parent, gast.Subscript) and parent.value is n \
                    and isinstance(parent.ctx, gast.Load):
                continue
            if isinstance(parent, gast.Call) and isinstance(parent.func, gast.Name) \
                    and parent.func.id == "len" and parent.args == [n]:
                continue
            return False
        return True


def _load(name):
    return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)


def _items(value, plan):
    """The display ``value`` denotes, and how to read its entries: (display, reader)."""
    if _fixed(value):
        return value, None
    if isinstance(value, gast.Name) and value.id in plan.displays:
        return plan.displays[value.id], value.id
    return None, None


def _element(display, reader, i, at):
    if reader is None:
        return display.elts[i] if not isinstance(display, gast.Dict) else display.values[i]
    key = gast.Constant(value=i if not isinstance(display, gast.Dict) else display.keys[i].value,
                        kind=None)
    out = gast.Subscript(value=_load(reader), slice=key, ctx=gast.Load())
    return gast.copy_location(out, at)


def expand(sf, node):
    """Expand the ``*`` / ``**`` arguments of calls in ``node`` (in place) where exact."""
    plan = None
    for call in list(_scope(node)):
        if not isinstance(call, gast.Call):
            continue
        if not any(isinstance(a, gast.Starred) for a in call.args) and \
                not any(k.arg is None for k in call.keywords):
            continue
        if plan is None:
            plan = _Plan(node)
        args = []
        for a in call.args:
            display, reader = _items(a.value, plan) if isinstance(a, gast.Starred) else (None, None)
            if isinstance(a, gast.Starred) and isinstance(display, (gast.Tuple, gast.List)):
                args.extend(_element(display, reader, i, a) for i in range(len(display.elts)))
            else:
                args.append(a)
        keywords = []
        for k in call.keywords:
            display, reader = _items(k.value, plan) if k.arg is None else (None, None)
            if k.arg is None and isinstance(display, gast.Dict):
                keywords.extend(gast.keyword(arg=key.value, value=_element(display, reader, i, k))
                                for i, key in enumerate(display.keys))
            else:
                keywords.append(k)
        names = [k.arg for k in keywords if k.arg is not None]
        if len(names) != len(set(names)):
            raise sf.error("a call given the same keyword twice (through ** unpacking)",
                           "pass each keyword once", call)
        call.args, call.keywords = args, keywords
    return node
