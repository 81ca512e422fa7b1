"""Normalize's in-place updates: ``a[i] = v`` -> ``a_1 = with_item(a, i, v)``,
``xs.append(v)`` -> ``xs_1 = list_append(xs, v)``, ``x += y`` -> ``x_1 = x + y``
(annotated INPLACE), mutating library calls by their functional meaning, and
names certainly bound to the updated object rebound to its new version.
Lists used only as stacks keep their pushes and pops in place."""
import ast

import gast

from ..ir import annotations as anno, naming, templates
from ..ir.nodes import text
from . import mutators


class Updates:
    """The in-place half of ``normalize.Normalizer`` (a mixin)."""

    def visit_AugAssign(self, stmt):
        if isinstance(stmt.target, gast.Subscript):
            read = gast.Subscript(value=stmt.target.value, slice=stmt.target.slice, ctx=gast.Load())
            self.setitem(stmt.target, ast.copy_location(
                gast.BinOp(left=read, op=stmt.op, right=stmt.value), stmt), stmt,
                augmented=text(stmt.target))
            return
        target = gast.Name(id=stmt.target.id, ctx=gast.Load(), annotation=None, type_comment=None)
        with self.same.kept(stmt.target.id):
            self.assign([stmt.target], ast.copy_location(
                gast.BinOp(left=target, op=stmt.op, right=stmt.value), stmt))
        anno.set(self.out[-1], anno.INPLACE, stmt.target.id)
        self.rebind_aliases(stmt.target.id, augmented=True)

    def stack_push(self, call):
        """``s.append(v)`` of a list used only as a stack: stays in place (STACK_PUSH)."""
        item = self.atom(call.args[0], naming.item_name())
        push = gast.Expr(value=gast.Call(func=gast.Attribute(
            value=self.rename(call.func.value), attr="append", ctx=gast.Load()),
            args=[item], keywords=[]))
        self.emit(push)
        anno.set(push, anno.STACK_PUSH, self.env.get(call.func.value.id))

    def list_append(self, call):
        """``xs.append(v)`` -> ``xs_1 = list_append(xs, v)``: a new version of the list."""
        user = call.func.value.id
        base = self.rename(call.func.value)
        item = self.element(call.args[0], naming.item_name(user))
        new = gast.Call(func=templates.name(self.symbol("list_append")), args=[base, item],
                        keywords=[])
        with self.same.kept(user):
            self.emit(templates.assign(self.define(user), new))
        anno.set(self.out[-1], anno.INPLACE, user)
        self.rebind_aliases(user)

    def setitem(self, target, value_node, stmt, augmented=None):
        """``a[i] = v`` -> ``a_1 = with_item(a, i, v)``: a new version of the same array.

        The aliasing analysis later proves no other name can see the update."""
        if not isinstance(target.value, gast.Name):
            raise self.sf.error("cannot differentiate an update of an element of an expression",
                                "assign the container to a name first", stmt)
        user = target.value.id
        if user not in self.env:
            raise self.sf.error(
                f"cannot differentiate an update of {user!r}, which is not a variable of this "
                "function (a global or an enclosing function's): the change would be seen "
                "outside it", f"copy it first ({user}_copy = {user}.copy()) and update the copy",
                stmt)
        base = self.rename(target.value)
        index = self.index(target.slice, naming.index_name())
        if isinstance(index, gast.Slice) or (isinstance(index, gast.Tuple) and any(
                isinstance(e, gast.Slice) for e in index.elts)):
            index = self.bind_temp(_slice_call(index), naming.index_name())
        value = self.element(value_node, naming.item_name(user))
        call = gast.Call(func=templates.name(self.symbol("with_item")), args=[base, index, value],
                         keywords=[])
        with self.same.kept(user):
            self.emit(templates.assign(self.define(user), call))
        anno.set(self.out[-1], anno.INPLACE, user)
        if augmented is not None:          # `c[k] op= v`: the entry itself may change in place
            anno.set(self.out[-1], anno.AUGMENTED_ITEM, augmented)
        self.rebind_aliases(user)

    def rebind_aliases(self, user, augmented=False):
        """After an in-place update of ``user``, every name certainly bound to
        the same object (``b = a``) is rebound to the new version.  ``x += y``
        updates arrays and lists but rebinds numbers and tuples, so there the
        alias takes the new version only if its object is mutable
        (``alias_update``, decided at run time)."""
        new = templates.name(self.env[user])
        for other in sorted(self.same.of(user) - {user}):
            old = self.rename(templates.name(other))
            value = gast.Call(func=templates.name(self.symbol("alias_update")), args=[old, new],
                              keywords=[]) if augmented else new
            with self.same.kept(other):
                self.emit(templates.assign(self.define(other), value))
            anno.set(self.out[-1], anno.ALIAS_REBIND, user)

    def functional(self, call, result=None):
        """Emit the exact functional meaning of a call that mutates an argument
        (``a.fill(v)`` -> ``a[...] = v``, see mutators.py); False if it has none."""
        form = mutators.functional_form(call, self.resolver, self.symbol,
                                        lambda name: name in self.env, result,
                                        f"{self.sf.filename}:{getattr(call, 'lineno', '?')}")
        if form is None:
            return False
        for stmt in form:
            for n in gast.walk(stmt):
                if getattr(n, "lineno", None) is None and hasattr(call, "lineno"):
                    ast.copy_location(n, call)
            self.lowered_statement(stmt, call)
        return True

    def symbol(self, name):
        """The name generated code uses for runtime helper ``name``."""
        return self.symbols.get(name, name)

    def stack_pop(self, call):
        return gast.Call(func=gast.Attribute(value=self.rename(call.func.value), attr="pop",
                                             ctx=gast.Load()), args=[], keywords=[])


def is_method_call(call, method, nargs):
    return (isinstance(call, gast.Call) and isinstance(call.func, gast.Attribute)
            and call.func.attr == method and isinstance(call.func.value, gast.Name)
            and len(call.args) == nargs and not call.keywords)


def is_stack_pop(value, stacks):
    return is_method_call(value, "pop", 0) and value.func.value.id in stacks


def stack_lists(fn):
    """Lists used only as stacks: ``s = []``, then only ``s.append(v)`` statements and
    ``... = s.pop()`` assignments.  Pushes and pops stay in place (they have their
    own derivative rules), which is how loops' own stacks differentiate again."""
    candidates, uses = set(), {}
    for node in gast.walk(fn):
        if isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(
                node.targets[0], gast.Name) and isinstance(node.value, gast.List) \
                and not node.value.elts:
            candidates.add(node.targets[0].id)
    if not candidates:
        return set()
    allowed = set()
    for node in gast.walk(fn):
        if isinstance(node, gast.Expr) and is_method_call(node.value, "append", 1):
            allowed.add(id(node.value.func.value))
        elif isinstance(node, gast.Assign) and is_method_call(node.value, "pop", 0):
            allowed.add(id(node.value.func.value))
    for node in gast.walk(fn):
        if isinstance(node, gast.Name) and node.id in candidates:
            if isinstance(node.ctx, gast.Store):
                uses[node.id] = uses.get(node.id, 0) + 1
            elif id(node) not in allowed:
                uses[node.id] = 99
    return {name for name in candidates if uses.get(name, 0) == 1}


def _slice_call(index):
    """``1:3`` as a value: ``slice(1, 3, None)`` (a tuple of them for ``a[1:3, 0]``)."""
    def one(e):
        if isinstance(e, gast.Slice):
            parts = [p if p is not None else templates.const(None) for p in (e.lower, e.upper, e.step)]
            return gast.Call(func=templates.name("slice"), args=parts, keywords=[])
        return e
    if isinstance(index, gast.Tuple):
        return gast.Tuple(elts=[one(e) for e in index.elts], ctx=gast.Load())
    return one(index)
