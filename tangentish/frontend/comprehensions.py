"""Lower comprehensions into the loops the transforms already handle.

Runs on the user's (fenced) FunctionDef first thing in the ``lower`` pass.

* ``[e for x in xs if c]`` becomes, before the statement that holds it::

      items = []
      for x_1 in xs:
          if c:
              items.append(e)

  and the expression reads ``items``.  Several ``for`` clauses nest the loops,
  several ``if`` clauses nest the ``if``s (short-circuit, as Python).  The
  comprehension's variables get fresh names (Python 3 scoping: they do not
  leak, and a user variable of the same name is left alone).
* ``{k: v for ...}`` builds a fresh dict with ``entries[key] = v`` (the key
  is evaluated before the value, as Python does).
* A generator expression is lowered only where it is the single positional
  argument of a call that exhausts it: ``sum``, ``list``, ``tuple`` (a list,
  then the call), ``max`` / ``min`` (a list, then a fold with two-argument
  ``max``/``min``, which keeps the first of equal elements as Python does),
  ``any`` / ``all`` (a loop that stops at the first decisive element, as
  Python does).  Anywhere else it is refused.
* Set comprehensions are refused (a set has no order).

Order of evaluation is Python's: the comprehension runs before the statement
that holds it, so every operand Python evaluates before it in that statement
and that may have an effect (a call, an element read) is bound to a name
first.  A comprehension evaluated conditionally (inside ``a if c else b``,
after ``and``/``or``, in a ``while`` test, in an ``assert`` message) or in a
place where hoisting could reorder effects is refused with a located error.
"""
import ast
import builtins
import copy

import gast

from ..ir import naming, templates
from ..ir.nodes import dotted_text, parameter_names
from .locations import copy_loc, loc_all

_COMPS = (gast.ListComp, gast.DictComp, gast.GeneratorExp, gast.SetComp)
_EXHAUSTING = ("sum", "list", "tuple", "max", "min", "any", "all")


def _walk_outer(node):
    """Nodes of ``node`` without entering lambdas and nested defs."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        if isinstance(n, (gast.Lambda, gast.FunctionDef)) and n is not node:
            continue
        todo.extend(gast.iter_child_nodes(n))


def _has_comp(node):
    return node is not None and any(isinstance(n, _COMPS) for n in _walk_outer(node))


def _has_call(node):
    return node is not None and any(isinstance(n, gast.Call) for n in _walk_outer(node))


def _may_act(node):
    """Whether evaluating ``node`` may run code (a call, an element read)."""
    return node is not None and any(isinstance(n, (gast.Call, gast.Subscript))
                                    for n in _walk_outer(node))


def _describe(node):
    return {gast.ListComp: "a list comprehension", gast.DictComp: "a dict comprehension",
            gast.GeneratorExp: "a generator expression",
            gast.SetComp: "a set comprehension"}[type(node)]


def _first_comp(node):
    for n in _walk_outer(node):
        if isinstance(n, _COMPS):
            return n
    return node


def _target_names(target):
    if isinstance(target, gast.Name):
        return [target.id]
    return [n for e in target.elts for n in _target_names(e)]


def _simple_target(node):
    if isinstance(node, gast.Name):
        return True
    return isinstance(node, (gast.Tuple, gast.List)) and all(_simple_target(e) for e in node.elts)


def _rename(node, mapping):
    """A copy of ``node`` with the names in ``mapping`` renamed, following
    Python's scopes: a nested comprehension's or lambda's own variables shadow."""
    if isinstance(node, list):
        return [_rename(n, mapping) for n in node]
    if not isinstance(node, gast.AST) or not mapping:
        return templates.clone(node)
    if isinstance(node, gast.Name):
        return templates.clone(node, {node.id: mapping[node.id]} if node.id in mapping else None)
    if isinstance(node, _COMPS):
        new = templates.clone(node)
        inner = dict(mapping)
        gens = []
        for k, gen in enumerate(node.generators):
            it = _rename(gen.iter, mapping if k == 0 else inner)
            for n in _target_names(gen.target) if _simple_target(gen.target) else ():
                inner.pop(n, None)
            gens.append(gast.comprehension(target=templates.clone(gen.target), iter=it,
                                           ifs=_rename(gen.ifs, inner), is_async=gen.is_async))
        new.generators = gens
        if isinstance(node, gast.DictComp):
            new.key, new.value = _rename(node.key, inner), _rename(node.value, inner)
        else:
            new.elt = _rename(node.elt, inner)
        return new
    if isinstance(node, gast.Lambda):
        inner = {k: v for k, v in mapping.items()
                 if k not in {a.id for a in node.args.args + node.args.kwonlyargs}}
        new = templates.clone(node)
        new.args.defaults = _rename(node.args.defaults, mapping)
        new.body = _rename(node.body, inner)
        return new
    new = type(node)(**{f: _rename(getattr(node, f, None), mapping) for f in node._fields})
    for attr in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
        if hasattr(node, attr):
            setattr(new, attr, getattr(node, attr))
    return new


class ComprehensionLowering:
    def __init__(self, sf, namer, resolver):
        self.sf = sf
        self.namer = namer
        self.resolver = resolver
        self.new_names = set()
        self.from_map = set()  # ids of the generator expressions map() calls became
        self.depth = 0         # loops around the statements being lowered

    def fresh(self, base):
        name = self.namer.new(base)
        self.new_names.add(name)
        return name

    def refuse(self, node, where, hint="assign it to a name on a line of its own, or write a "
                                       "for loop"):
        comp = _first_comp(node)
        return self.sf.error(f"cannot differentiate {_describe(comp)} {where}", hint, comp)

    def run(self):
        node = self.sf.node
        node.body = [_MapCalls(self).visit(s) for s in node.body]
        if not any(_has_comp(s) for s in node.body):
            return node
        # a comprehension's variables are its own (``[sum for sum in xs]`` leaves the
        # built-in ``sum`` visible outside it): they are not the function's locals
        self.resolver.local_names = frozenset(_bound_outside_comprehensions(node))
        node.body = self.block(node.body)
        self.resolver.local_names = frozenset(self.resolver.local_names | self.new_names)
        return node

    # -- statements -----------------------------------------------------------
    def block(self, stmts, loop=False):
        self.depth += loop
        try:
            return self._block(stmts)
        finally:
            self.depth -= loop

    def _block(self, stmts):
        out = []
        for stmt in stmts:
            if isinstance(stmt, gast.FunctionDef) or not _has_comp(stmt):
                out.append(stmt)
                continue
            pre = []
            visit = getattr(self, "stmt_" + type(stmt).__name__, None)
            if visit is None:
                raise self.refuse(stmt, f"in {type(stmt).__name__.lower()} statement")
            visit(stmt, pre)
            out.extend(loc_all(pre, stmt))
            out.append(stmt)
        return out

    def stmt_If(self, stmt, pre):
        stmt.test = self.lift(stmt.test, pre)
        stmt.body, stmt.orelse = self.block(stmt.body), self.block(stmt.orelse)

    def stmt_For(self, stmt, pre):
        if _has_comp(stmt.target):
            raise self.refuse(stmt.target, "in a loop target")
        stmt.iter = self.lift(stmt.iter, pre)
        stmt.body, stmt.orelse = self.block(stmt.body, True), self.block(stmt.orelse)

    def stmt_While(self, stmt, pre):
        if _has_comp(stmt.test):
            raise self.refuse(stmt.test, "in a while condition (it is evaluated again on every "
                                         "iteration)", "compute it in the loop body, into a name "
                                                       "the condition reads")
        stmt.body, stmt.orelse = self.block(stmt.body, True), self.block(stmt.orelse)

    def stmt_Assign(self, stmt, pre):
        for tgt in stmt.targets:
            if _has_comp(tgt):
                raise self.refuse(tgt, "in an assignment target")
        stmt.value = self.lift(stmt.value, pre)

    def stmt_AnnAssign(self, stmt, pre):
        if _has_comp(stmt.target) or _has_comp(stmt.annotation):
            raise self.refuse(stmt, "in an annotation or assignment target")
        stmt.value = self.lift(stmt.value, pre)

    def stmt_AugAssign(self, stmt, pre):
        if _has_comp(stmt.target):
            raise self.refuse(stmt.target, "in an assignment target")
        if not isinstance(stmt.target, gast.Name) and (_may_act(stmt.target.slice)
                                                       or _has_call(stmt.value)):
            # Python reads the target element before it runs the comprehension
            raise self.refuse(stmt.value, "in an in-place update of an element",
                              "assign the comprehension to a name first")
        stmt.value = self.lift(stmt.value, pre)

    def stmt_Expr(self, stmt, pre):
        stmt.value = self.lift(stmt.value, pre)

    def stmt_Return(self, stmt, pre):
        stmt.value = self.lift(stmt.value, pre)

    def stmt_Assert(self, stmt, pre):
        if _has_comp(stmt.msg):
            raise self.refuse(stmt.msg, "in an assert message (it runs only when the assert "
                                        "fails)")
        stmt.test = self.lift(stmt.test, pre)

    # -- expressions ------------------------------------------------------------
    def lift(self, node, pre):
        """``node`` with every comprehension it evaluates computed by statements
        appended to ``pre`` (in Python's order)."""
        if node is None or not _has_comp(node):
            return node
        if isinstance(node, gast.ListComp):
            return templates.name(self.list_comp(node, pre))
        if isinstance(node, gast.DictComp):
            return templates.name(self.dict_comp(node, pre))
        if isinstance(node, gast.SetComp):
            raise self.sf.error("cannot differentiate a set comprehension: a set has no order, so "
                                "the derivative of its elements has no place to go",
                                "build a list (a list comprehension) or a dict instead", node)
        if isinstance(node, gast.GeneratorExp) and id(node) in self.from_map:
            raise self.sf.error(
                "cannot differentiate map() here: only a map() passed alone to "
                f"{', '.join(_EXHAUSTING[:-1])} or {_EXHAUSTING[-1]}() is lowered (those run it "
                "to its end at once)", "use a list comprehension, or write a for loop", node)
        if isinstance(node, gast.GeneratorExp):
            raise self.sf.error(
                "cannot differentiate a generator expression here: only one passed alone to "
                f"{', '.join(_EXHAUSTING[:-1])} or {_EXHAUSTING[-1]}() is lowered (those run it "
                "to its end at once)", "use a list comprehension, or write a for loop", node)
        if isinstance(node, gast.IfExp):
            if _has_comp(node.body) or _has_comp(node.orelse):
                raise self.refuse(node, "inside a conditional expression (a if c else b)",
                                  "write an if statement")
            node.test = self.lift(node.test, pre)
            return node
        if isinstance(node, gast.BoolOp):
            if any(_has_comp(v) for v in node.values[1:]):
                raise self.refuse(node, "after `and`/`or` (it is evaluated only sometimes)",
                                  "write an if statement")
            node.values[0] = self.lift(node.values[0], pre)
            return node
        if isinstance(node, gast.Call):
            lowered = self.exhausted(node, pre)
            if lowered is not None:
                return lowered
        slots = _slots(node)
        last = max(k for k, (get, _) in enumerate(slots) if _has_comp(get()))
        for k, (get, put) in enumerate(slots[:last + 1]):
            value = self.lift(get(), pre)
            if k < last and _may_act(value):
                tmp = self.fresh(naming.item_name())
                pre.append(copy_loc(templates.assign(tmp, value), value))
                value = templates.name(tmp)
            put(value)
        return node

    def exhausted(self, call, pre):
        """A call that runs a generator (or list comprehension) argument to its end."""
        if (not call.args or not isinstance(call.args[0], (gast.GeneratorExp, gast.ListComp))
                or _has_comp(call.func)):
            return None
        arg = call.args[0]
        target = self.resolver.resolve(call.func)
        kind = next((n for n in _EXHAUSTING if target is getattr(builtins, n)), None)
        if len(call.args) > (2 if kind == "sum" else 1):
            kind = None
        if kind is None:
            if isinstance(arg, gast.GeneratorExp):
                raise self.sf.error(
                    "cannot differentiate a generator expression passed to "
                    f"{_text(call.func)}(): only sum, list, tuple, max, min, any and all are "
                    "known to run it to its end at once" + (
                        " (numpy does not accept a generator here: it raises or makes an "
                        "object array)" if _text(call.func).startswith(("np.", "numpy."))
                        else ""),
                    "pass a list comprehension [...] instead", arg)
            return None
        later = call.args[1:] + [k.value for k in call.keywords]
        if isinstance(arg, gast.GeneratorExp) and any(_has_call(v) or _has_comp(v)
                                                      for v in later):
            raise self.refuse(arg, f"passed to {kind}() with further arguments that call "
                                   "functions (Python evaluates them before the elements)",
                              "compute those arguments into names first")
        if kind in ("max", "min") and call.keywords:
            raise self.refuse(arg, f"passed to {kind}() with key= or default=",
                              "write a for loop")
        if kind in ("any", "all") and isinstance(arg, gast.GeneratorExp):
            return templates.name(self.any_all(arg, kind == "any", pre))
        items = self.list_comp(arg, pre)
        if kind in ("max", "min"):
            return templates.name(self.fold(items, kind, arg, pre))
        if kind == "list" and isinstance(arg, gast.GeneratorExp):
            return templates.name(items)           # a fresh list already
        call.args[0] = templates.name(items)
        return call

    # -- the loops --------------------------------------------------------------
    def loops(self, comp, innermost):
        """The nested loops of ``comp``'s clauses around the statements
        ``innermost(mapping)`` returns (names renamed to fresh ones)."""
        self.depth += 1
        try:
            return self._loops(comp, innermost)
        finally:
            self.depth -= 1

    def _loops(self, comp, innermost):
        mapping = {}
        clauses = []
        for k, gen in enumerate(comp.generators):
            if gen.is_async:
                raise self.sf.error("cannot differentiate async comprehensions",
                                    "differentiate synchronous code", gen.iter)
            if not _simple_target(gen.target):
                raise self.sf.error(f"cannot differentiate {_describe(comp)} with a target other "
                                    "than names and tuples of names", "write a for loop", gen.target)
            it = templates.clone(gen.iter) if k == 0 else _rename(gen.iter, mapping)
            for n in _target_names(gen.target):
                mapping[n] = self.fresh(n)
            for n in _walk_outer(comp):
                if isinstance(n, gast.Lambda) and set(mapping) & {
                        x.id for x in _walk_outer(n.body) if isinstance(x, gast.Name)}:
                    raise self.sf.error(
                        f"cannot differentiate a lambda that uses the variable of "
                        f"{_describe(comp)}", "define the function outside, with the value as "
                                              "a parameter", n)
            clauses.append((_rename(gen.target, mapping), it,
                            [_rename(c, mapping) for c in gen.ifs]))
        body = innermost(mapping)
        for target, it, ifs in reversed(clauses):
            for test in reversed(ifs):
                body = [copy_loc(gast.If(test=test, body=body, orelse=[]), test)]
            body = [copy_loc(gast.For(target=target, iter=it, body=body, orelse=[],
                                      type_comment=None), it)]
        return body

    def list_comp(self, comp, pre):
        items = self.fresh(naming.items_name())
        if self.depth:
            # a list made afresh on each pass of a loop: appending to it would update
            # the one the previous pass may have stored somewhere (the aliasing pass
            # cannot tell them apart), so it grows by concatenation
            append = lambda m: [copy_loc(templates.assign(items, templates.expr(  # noqa: E731
                "items + [e]", items=items, e=_rename(comp.elt, m))), comp.elt)]
        else:
            append = lambda m: [copy_loc(gast.Expr(value=templates.expr(   # noqa: E731
                "items.append(e)", items=items, e=_rename(comp.elt, m))), comp.elt)]
        pre.append(copy_loc(templates.assign(items, gast.List(elts=[], ctx=gast.Load())), comp))
        pre.extend(self.block(loc_all(self.loops(comp, append), comp)))
        return items

    def dict_comp(self, comp, pre):
        entries = self.fresh("entries")

        def put(m):
            key, out = _rename(comp.key, m), []
            if not isinstance(key, (gast.Name, gast.Constant)):
                k = self.fresh("key")
                out.append(copy_loc(templates.assign(k, key), comp.key))
                key = templates.name(k)
            tgt = gast.Subscript(value=templates.name(entries), slice=key, ctx=gast.Store())
            out.append(copy_loc(templates.assign(tgt, _rename(comp.value, m)), comp.value))
            return out
        pre.append(copy_loc(templates.assign(entries, gast.Dict(keys=[], values=[])), comp))
        pre.extend(self.block(loc_all(self.loops(comp, put), comp)))
        return entries

    def fold(self, items, kind, comp, pre):
        best = self.fresh("largest" if kind == "max" else "smallest")
        k = self.fresh(naming.loop_index())
        pre.extend(loc_all(templates.stmts(
            f"best = items[0]\nfor k in range(1, len(items)):\n    best = {kind}(best, items[k])",
            best=best, items=items, k=k), comp))
        return best

    def any_all(self, comp, is_any, pre):
        flag = self.fresh("found" if is_any else "every")
        done = self.fresh(naming.break_flag())
        pre.append(copy_loc(templates.assign(flag, templates.const(not is_any)), comp))
        pre.append(copy_loc(templates.assign(done, templates.const(False)), comp))

        def decide(m):
            elt = _rename(comp.elt, m)
            test = elt if is_any else gast.UnaryOp(op=gast.Not(), operand=elt)
            return loc_all([gast.If(test=test, body=templates.stmts(
                "flag = value\ndone = True\nbreak", flag=flag, done=done,
                value=templates.const(is_any)), orelse=[])], comp.elt)
        loops = self.loops(comp, decide)
        _stop_outer(loops[0], done)      # an outer loop stops when an inner one decided
        pre.extend(self.block(loc_all(loops, comp)))
        return flag


def _stop_outer(loop, done):
    """After every loop nested in ``loop``'s body, ``if done: break``."""
    def visit(stmts, in_loop):
        out = []
        for s in stmts:
            out.append(s)
            if isinstance(s, gast.For):
                s.body = visit(s.body, True)
                if in_loop:
                    out.append(copy_loc(gast.If(test=templates.name(done),
                                                body=[copy_loc(gast.Break(), s)], orelse=[]), s))
            elif isinstance(s, gast.If):
                s.body = visit(s.body, in_loop)
        return out
    loop.body = visit(loop.body, True)


def _bound_outside_comprehensions(node):
    """``resolve.local_names`` without the names only a comprehension binds."""
    names = set(parameter_names(node))
    todo = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, gast.comprehension):
            todo.append(n.iter)
            todo.extend(n.ifs)
            continue
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
            names.add(n.id)
        todo.extend(gast.iter_child_nodes(n))
    return names


def _text(node):
    return dotted_text(node, "the function")


def _slots(node):
    """(get, put) for each child expression of ``node``, in the order Python
    evaluates them."""
    def field(obj, name):
        return (lambda: getattr(obj, name)), (lambda v: setattr(obj, name, v))

    def item(lst, k):
        return (lambda: lst[k]), (lambda v: lst.__setitem__(k, v))
    if isinstance(node, gast.Dict):
        out = []
        for k in range(len(node.keys)):
            if node.keys[k] is not None:
                out.append(item(node.keys, k))
            out.append(item(node.values, k))
        return out
    if isinstance(node, gast.Call):
        # a method's receiver is evaluated first; the method itself is looked up in place
        # (``a[0].dot(...)`` keeps the form the method rules recognise)
        func = field(node.func, "value") if isinstance(node.func, gast.Attribute) else \
            field(node, "func")
        return ([func] + [item(node.args, k) for k in range(len(node.args))]
                + [field(kw, "value") for kw in node.keywords])
    out = []
    for f in node._fields:
        v = getattr(node, f, None)
        if isinstance(v, gast.expr):
            out.append(field(node, f))
        elif isinstance(v, list):
            out.extend(item(v, k) for k in range(len(v)) if isinstance(v[k], gast.expr))
    return out


class _MapCalls(gast.NodeTransformer):
    """``map(f, a, b)`` -> the generator expression ``(f(v, w) for v, w in zip(a, b))``
    (``f`` a name, an attribute or a lambda: evaluating it again per element gives the
    same function), which the lowering then treats as any generator expression: run to
    its end by ``list``/``sum``/... and refused elsewhere.  Nested functions are left as
    written."""

    def __init__(self, lowering):
        self.lowering = lowering

    def visit_FunctionDef(self, node):
        return node

    def visit_Lambda(self, node):
        return node

    def dict_view(self, node):
        """``sum(d.values())`` (or list, tuple, max, min, any, all of ``d.keys()`` /
        ``d.items()``) -> ``sum(v for v in d.values())``: the loop over the view, which the
        iteration lowering models for a mapping (and refuses, when it runs, for any other
        object); None for any other call."""
        low = self.lowering
        if not (isinstance(node.func, gast.Name) and len(node.args) == 1
                and _dict_view_of(low, node.args[0])):
            return None
        if not any(low.resolver.resolve(node.func) is getattr(builtins, n) for n in _EXHAUSTING):
            return None
        name = low.fresh(naming.item_name())
        gen = gast.GeneratorExp(elt=templates.name(name), generators=[gast.comprehension(
            target=gast.Name(id=name, ctx=gast.Store(), annotation=None, type_comment=None),
            iter=node.args[0], ifs=[], is_async=0)])
        for sub in gast.walk(gen):
            if getattr(sub, "lineno", None) is None and "lineno" in getattr(sub, "_attributes", ()):
                ast.copy_location(sub, node.args[0])
        node.args[0] = gen
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        low = self.lowering
        view = self.dict_view(node)
        if view is not None:
            return view
        if not isinstance(node.func, (gast.Name, gast.Attribute)) or \
                low.resolver.resolve(node.func) is not builtins.map:
            return node
        if len(node.args) < 2 or node.keywords or any(
                isinstance(a, gast.Starred) for a in node.args):
            raise low.sf.error("cannot differentiate map() without a function and iterables "
                               "passed positionally", "write a list comprehension", node)
        fn, iterables = node.args[0], node.args[1:]
        if not isinstance(fn, (gast.Name, gast.Attribute, gast.Lambda)) or (
                isinstance(fn, gast.Attribute) and not _dotted_names(fn)):
            raise low.sf.error("cannot differentiate map() of a function computed by an "
                               "expression", "name the function first, or write a list "
                               "comprehension", fn)
        names = [low.fresh(naming.item_name()) for _ in iterables]
        if len(iterables) == 1:
            target, source = gast.Name(id=names[0], ctx=gast.Store(), annotation=None,
                                       type_comment=None), iterables[0]
        else:
            zip_name = gast.Name(id="zip", ctx=gast.Load(), annotation=None, type_comment=None)
            if low.resolver.resolve(zip_name) is not builtins.zip:
                raise low.sf.error("cannot differentiate map() of several iterables where "
                                   "`zip` is not the built-in", "write a list comprehension",
                                   node)
            target = gast.Tuple(elts=[gast.Name(id=n, ctx=gast.Store(), annotation=None,
                                                type_comment=None) for n in names],
                                ctx=gast.Store())
            source = gast.Call(func=zip_name, args=list(iterables), keywords=[])
        elt = _inlined(fn, names) or gast.Call(
            func=fn, args=[templates.name(n) for n in names], keywords=[])
        comp = gast.comprehension(target=target, iter=source, ifs=[], is_async=0)
        gen = gast.GeneratorExp(elt=elt, generators=[comp])
        for sub in gast.walk(gen):
            if getattr(sub, "lineno", None) is None and "lineno" in getattr(sub, "_attributes", ()):
                ast.copy_location(sub, node)
        low.from_map.add(id(gen))
        return gen


def _dict_view_of(lowering, node):
    """Whether ``node`` is ``d.values()`` / ``d.keys()`` / ``d.items()``."""
    return (isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute)
            and node.func.attr in ("values", "keys", "items") and not node.args
            and not node.keywords)


def _inlined(fn, names):
    """The body of ``lambda a, b: body`` with its parameters renamed to ``names`` (a lambda
    called on each element computes its body there), or None where that is not plainly
    so (defaults, *args, nested functions or comprehensions, :=)."""
    if not isinstance(fn, gast.Lambda):
        return None
    args = fn.args
    params = [a.id for a in args.args]
    if (len(params) != len(names) or args.vararg or args.kwarg or args.kwonlyargs
            or args.defaults or getattr(args, "posonlyargs", None) or any(
                isinstance(n, (gast.Lambda, gast.NamedExpr, gast.ListComp, gast.DictComp,
                               gast.SetComp, gast.GeneratorExp)) for n in gast.walk(fn.body))):
        return None
    mapping = dict(zip(params, names))
    body = copy.deepcopy(fn.body)
    for n in gast.walk(body):
        if isinstance(n, gast.Name) and n.id in mapping:
            n.id = mapping[n.id]
    return body


def _dotted_names(node):
    """Whether ``node`` is a dotted name ``a.b.c``."""
    while isinstance(node, gast.Attribute):
        node = node.value
    return isinstance(node, gast.Name)


def run(ctx):
    ComprehensionLowering(ctx.sf, ctx.namer, ctx.resolver).run()
