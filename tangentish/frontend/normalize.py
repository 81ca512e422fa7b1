"""Normalize: rewrite a fenced, control-lowered function into A-normal form, in SSA.

Grammar of the output (every operand is an *atom*)::

    atom   := Name | Constant | static (a name or dotted chain that resolves
              without running the function, e.g. np.pi) | Tuple(atom*)
              | List(atom*) (only as a call argument: np.stack([a, b]))
    index  := atom | Slice(atom?, atom?, atom?) | Tuple((atom | Slice)*)
    op     := Call(static | Name | Attribute(atom, m), atom*, kw=atom*)
            | BinOp(atom, o, atom) | UnaryOp(o, atom) | Compare(atom, o, atom)
            | Subscript(atom, index) | Attribute(atom, a)
            | List(atom*) | Dict(atom: atom) | JoinedStr (opaque, inactive)
    stmt   := Name = op | Name = atom | (Name, ...) = Call   (a call's tuple result)
            | Expr(op) | Assert
            | If(atom, stmt*, stmt*)            branches end with phi copies
            | For(Name, range(atom*), stmt*)    body ends with back-edge copies
            | While(Name, stmt*)                body ends by recomputing the condition
            | If(Name, [Break])                 only last in a loop body
    body   := stmt* Return(atom)

SSA: in straight-line code each name is assigned once; a reassigned user name
``x`` gets a new version ``x_1``.  Where control flow joins, a *phi copy*
(``y_2 = y_1`` at the end of one branch, ``y_2 = y`` at the end of the other)
gives the joined value one name.  A name assigned in a loop body has a
*carried* name: copied in before the loop, copied back at the end of the body
(annotations.BACK_EDGE), read after the loop.  Sugar is lowered: ``x += y``
becomes ``x_1 = x + y``; ``a if c else b`` and ``and``/``or`` become ifs.
Intermediates are named after the operation and its first operand
(``np.tanh(x)`` -> ``tanh_x``).  Every statement carries annotations.ORIGIN.
"""
import ast
import contextlib

import gast

from ..ir import annotations as anno
from ..ir import templates
from . import mutators
from ..ir.nodes import parameter_names, text
from ..ir.naming import op_name
from ..core.markers import CustomGradient
import types
from ..core.markers import CustomGradient, stop_gradient
from ..rules import RULES
from .resolve import MISSING, Resolver, local_names, static_method
from .callables import is_marker
import inspect
from ..core import engine
from ..core.markers import derived_operator_name
from . import custom_vjp  # noqa: F401 (installs CustomGradient.vjp_function)


class Normalizer:
    def __init__(self, sf, namer, resolver, symbols=None, injected=None):
        self.sf = sf
        self.namer = namer
        self.resolver = resolver
        self.symbols = symbols or {}
        self.injected = injected if injected is not None else {}
        self.custom_grads = {}        # grad_fn name -> (custom_gradient, argument atoms)
        self.custom_vjp_names = {}
        self.env = {}          # user name -> current SSA name
        self.same = CertainAliases()   # user names certainly bound to one object (b = a)
        self.bound = set()     # names bound so far (params + assigned)
        self.temps = set()     # names we invented
        self.closures = []     # (nested def or lambda, outer names it reads)
        self.loop_depth = 0    # loops around the statement being normalized
        self.out = []
        self.origin = None

    # -- statements ---------------------------------------------------------
    def run(self):
        node = self.sf.node
        for a in _params(node.args):
            self.env[a] = a
            self.bound.add(a)
        self.stacks = _stacks(node)
        node.body = self.block(node.body)
        return node

    def block(self, stmts):
        saved, self.out = self.out, []
        for stmt in stmts:
            self.set_origin(stmt)
            self.statement(stmt)
        out, self.out = self.out, saved
        return out

    def set_origin(self, stmt):
        if getattr(stmt, "lineno", None) is not None:
            self.origin = (stmt.lineno, stmt.col_offset, _one_line(stmt))

    def emit(self, stmt):
        anno.set(stmt, anno.ORIGIN, self.origin)
        self.out.append(stmt)

    def statement(self, stmt):
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript):
            if len(stmt.targets) != 1:
                raise self.sf.error("chained assignment to an element", "assign separately", stmt)
            self.setitem(stmt.targets[0], stmt.value, stmt)
        elif isinstance(stmt, gast.Assign):
            self.assign(stmt.targets, stmt.value)
        elif isinstance(stmt, gast.AugAssign) and isinstance(stmt.target, gast.Subscript):
            read = gast.Subscript(value=stmt.target.value, slice=stmt.target.slice, ctx=gast.Load())
            self.setitem(stmt.target, ast.copy_location(
                gast.BinOp(left=read, op=stmt.op, right=stmt.value), stmt), stmt,
                augmented=text(stmt.target))
        elif isinstance(stmt, gast.AugAssign):
            target = gast.Name(id=stmt.target.id, ctx=gast.Load(), annotation=None, type_comment=None)
            with self.same.kept(stmt.target.id):
                self.assign([stmt.target], ast.copy_location(
                    gast.BinOp(left=target, op=stmt.op, right=stmt.value), stmt))
            anno.set(self.out[-1], anno.INPLACE, stmt.target.id)
            self.rebind_aliases(stmt.target.id, augmented=True)
        elif isinstance(stmt, gast.AnnAssign):
            if stmt.value is not None:
                self.assign([stmt.target], stmt.value)
        elif isinstance(stmt, gast.Return):
            value = templates.const(None) if stmt.value is None else self.atom(stmt.value, "out")
            self.emit(gast.Return(value=value))
        elif isinstance(stmt, gast.Expr):
            if isinstance(stmt.value, gast.Constant):
                return  # docstrings and generated comments
            call = stmt.value
            if _is_method_call(call, "append", 1) and call.func.value.id in self.stacks:
                # a list used only as a stack: pushes stay in place (STACK_PUSH)
                item = self.atom(call.args[0], "item")
                push = gast.Expr(value=gast.Call(func=gast.Attribute(
                    value=self.rename(call.func.value), attr="append", ctx=gast.Load()),
                    args=[item], keywords=[]))
                self.emit(push)
                anno.set(push, anno.STACK_PUSH, self.env.get(call.func.value.id))
                return
            if (isinstance(call, gast.Call) and isinstance(call.func, gast.Attribute)
                    and call.func.attr == "append" and isinstance(call.func.value, gast.Name)
                    and call.func.value.id in self.env and len(call.args) == 1
                    and not call.keywords):
                # xs.append(v) -> xs_1 = list_append(xs, v): a new version of the list
                user = call.func.value.id
                base = self.rename(call.func.value)
                item = self.element(call.args[0], user + "_item")
                new = gast.Call(func=templates.name(self.symbol("list_append")), args=[base, item],
                                keywords=[])
                with self.same.kept(user):
                    self.emit(templates.assign(self.define(user), new))
                anno.set(self.out[-1], anno.INPLACE, user)
                self.rebind_aliases(user)
                return
            if isinstance(call, gast.Call) and self.functional(call):
                return
            self.emit(gast.Expr(value=self.op(stmt.value, hint="unused")))
        elif isinstance(stmt, gast.Pass):
            pass
        elif isinstance(stmt, gast.Assert):
            self.emit(gast.Assert(test=self.atom(stmt.test, "check"),
                                  msg=None if stmt.msg is None else self.atom(stmt.msg, "msg")))
        elif isinstance(stmt, gast.If):
            self.if_statement(stmt)
        elif isinstance(stmt, gast.For):
            self.for_statement(stmt)
        elif isinstance(stmt, gast.While):
            self.while_statement(stmt)
        elif isinstance(stmt, gast.Break):
            self.emit(gast.Break())
        elif isinstance(stmt, gast.FunctionDef):
            self.check_closure(stmt)
            stmt.name = self.define(stmt.name)
            self.emit(stmt)
        else:
            raise self.sf.error(f"cannot differentiate a {type(stmt).__name__} statement",
                                "rewrite it with assignments and calls", stmt)

    def assign(self, targets, value_node):
        if len(targets) == 1 and isinstance(targets[0], (gast.Tuple, gast.List)):
            self.unpack(targets[0], value_node)
            return
        first = targets[0].id
        if len(targets) == 1 and isinstance(value_node, gast.Call) and self.functional(
                value_node, first):
            return
        if _is_stack_pop(value_node, self.stacks) and len(targets) == 1:
            self.emit(templates.assign(self.define(first), self._pop(value_node)))
            anno.set(self.out[-1], anno.STACK_POP, self.env.get(value_node.func.value.id))
            return
        value = self.op(value_node, hint=first)
        if len(targets) > 1 and not _is_atom_node(value):
            value = self.bind_temp(value, first)
        for tgt in targets:
            self.emit(templates.assign(self.define(tgt.id), value))
            if isinstance(value, gast.Name):
                anno.set(self.out[-1], anno.USER_COPY, True)   # two names, one object
                if isinstance(value_node, gast.Name) and value_node.id in self.env \
                        and value_node.id != tgt.id:
                    self.same.join(tgt.id, value_node.id)

    def setitem(self, target, value_node, stmt, augmented=None):
        """``a[i] = v`` -> ``a_1 = setitem(a, i, v)``: a new version of the same array.

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
        index = self.index(target.slice, "index")
        if isinstance(index, gast.Slice) or (isinstance(index, gast.Tuple) and any(
                isinstance(e, gast.Slice) for e in index.elts)):
            index = self.bind_temp(_slice_call(index), "index")
        value = self.element(value_node, user + "_item")
        call = gast.Call(func=templates.name(self.symbol("setitem")), args=[base, index, value],
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
        (``a.fill(v)`` -> ``a[...] = v``, see analyze/mutators.py); False if it has none."""
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

    def unpack(self, target, value_node):
        names = target.elts
        if not all(isinstance(n, gast.Name) for n in names):
            self.nested_unpack(target, value_node)
            return
        if isinstance(value_node, (gast.Tuple, gast.List)) and len(value_node.elts) == len(names):
            # a, b = b, a: evaluate every element first, then bind.
            atoms = [self.atom(v, n.id) for v, n in zip(value_node.elts, names)]
            atoms = [self.bind_temp(a, n.id) if isinstance(a, gast.Name) and a.id in
                     {self.env.get(m.id) for m in names} else a for a, n in zip(atoms, names)]
            for n, a in zip(names, atoms):
                self.emit(templates.assign(self.define(n.id), a))
            return
        if _is_stack_pop(value_node, self.stacks):
            new_targets = [templates.name(self.define(n.id), store=True) for n in names]
            self.emit(gast.Assign(targets=[gast.Tuple(elts=new_targets, ctx=gast.Store())],
                                  value=self._pop(value_node), type_comment=None))
            anno.set(self.out[-1], anno.STACK_POP, self.env.get(value_node.func.value.id))
            return
        value = self.op(value_node, hint="_".join(n.id for n in names))
        if isinstance(value, gast.Call):
            new_targets = [templates.name(self.define(n.id), store=True) for n in names]
            cg = self._custom_with_grad(value)
            if cg is not None and len(names) == 2:
                # later calls of the grad_fn become calls of the inlined vjp function
                self.custom_grads[new_targets[1].id] = (cg, list(value.args))
            self.emit(gast.Assign(targets=[gast.Tuple(elts=new_targets, ctx=gast.Store())],
                                  value=value, type_comment=None))
            return
        seq = value if _is_atom_node(value) else self.bind_temp(value, "items")
        for i, n in enumerate(names):
            item = gast.Subscript(value=seq, slice=templates.const(i), ctx=gast.Load())
            self.emit(templates.assign(self.define(n.id), item))

    def nested_unpack(self, target, value_node):
        """``a, (b, c) = v``: every value is computed first (as Python does), then
        each level is unpacked by indexing (``b = items[1][0]`` in two steps)."""
        def leaves(t):
            if isinstance(t, gast.Name):
                return [t.id]
            if isinstance(t, (gast.Tuple, gast.List)):
                return [n for e in t.elts for n in leaves(e)]
            raise self.sf.error("cannot differentiate an unpacking into "
                                f"{type(t).__name__}", "unpack into plain names", t)
        assigned = {self.env.get(n) for n in leaves(target)} - {None}

        def fresh(a, hint):
            # a value read after one of the names it is bound to was reassigned: copy
            if any(isinstance(n, gast.Name) and n.id in assigned for n in gast.walk(a)):
                return self.bind_temp(a, hint)
            return a

        def compute(t, v):
            """Atoms for value ``v`` split like target ``t`` (computed now, bound later)."""
            if isinstance(t, gast.Name):
                return fresh(self.atom(v, t.id), t.id)
            if isinstance(v, (gast.Tuple, gast.List)) and len(v.elts) == len(t.elts):
                return [compute(e, x) for e, x in zip(t.elts, v.elts)]
            seq = self.op(v, hint="items")
            if not _is_atom_node(seq) or isinstance(seq, gast.Name) and seq.id in assigned:
                seq = self.bind_temp(seq, "items")
            return split(t, seq)

        def split(t, seq):
            if isinstance(t, gast.Name):
                return seq
            if isinstance(seq, gast.Tuple) and len(seq.elts) == len(t.elts):
                return [split(e, x) for e, x in zip(t.elts, seq.elts)]
            out = []
            for i, e in enumerate(t.elts):
                item = gast.Subscript(value=seq, slice=templates.const(i), ctx=gast.Load())
                out.append(item if isinstance(e, gast.Name) else
                           split(e, self.bind_temp(item, "items")))
            return out

        def bind(t, a):
            if isinstance(t, gast.Name):
                self.emit(templates.assign(self.define(t.id), a))
            else:
                if not isinstance(a, list) or len(a) != len(t.elts):
                    raise self.sf.error("cannot differentiate this unpacking",
                                        "unpack in two steps", t)
                for e, x in zip(t.elts, a):
                    bind(e, x)

        bind(target, compute(target, value_node))

    def _pop(self, call):
        return gast.Call(func=gast.Attribute(value=self.rename(call.func.value), attr="pop",
                                             ctx=gast.Load()), args=[], keywords=[])

    def define(self, user_name):
        """The SSA name for a new binding of ``user_name``."""
        if user_name in self.bound:
            name = self.namer.new(user_name)
        else:
            name = user_name
            self.namer.reserve(name)
        self.bound.add(name)
        self.env[user_name] = name
        self.same.forget(user_name)
        return name

    def bind_temp(self, value, hint):
        name = self.namer.new(hint)
        self.temps.add(name)
        self.bound.add(name)
        self.emit(templates.assign(name, value))
        return templates.name(name)

    # -- control flow ------------------------------------------------------
    def if_statement(self, stmt):
        test = self.atom(stmt.test, "cond")
        header = self.origin
        before, same_before = dict(self.env), self.same.copy()
        body = self.block(stmt.body)
        after_body, same_body = self.env, self.same
        self.env, self.same = dict(before), same_before.copy()
        orelse = self.block(stmt.orelse)
        after_else = self.env
        self.env = dict(before)
        self.same = same_body.meet(self.same)
        self.origin = header          # phi copies belong to the if statement
        for user in _changed(before, after_body, after_else):
            joined = self.namer.new(user)
            self.bound.add(joined)
            for branch, after in ((body, after_body), (orelse, after_else)):
                # a name bound on one path only is None on the other (Python would
                # leave it unbound): every name exists, every path can be replayed
                branch.append(self._copy(joined, after[user]) if user in after
                              else self._placeholder(joined))
            self.env[user] = joined
        self.emit(gast.If(test=test, body=body or [gast.Pass()], orelse=orelse))

    def _placeholder(self, target):
        stmt = templates.assign(target, templates.const(None))
        anno.set(stmt, anno.ORIGIN, self.origin)
        anno.set(stmt, anno.PLACEHOLDER, True)
        return stmt

    def _copy(self, target, source):
        stmt = templates.assign(target, templates.name(source))
        anno.set(stmt, anno.ORIGIN, self.origin)
        return stmt

    def loop_entry(self, body_stmts, extra=()):
        """Give each name the loop body assigns a carried name; emit entry copies."""
        # an alias relation holds at the loop head only if the body keeps it;
        # names that share an object updated in the body are carried too
        for user in _rebound_user_names(body_stmts):
            self.same.forget(user)
        updated = _assigned_user_names(body_stmts) | set(extra)
        assigned = sorted((updated | {m for u in updated for m in self.same.of(u)}
                           | _copied_into_updated(body_stmts)) - self.stacks)
        carried = {}
        for user in assigned:
            name = self.namer.new(user)
            self.bound.add(name)
            carried[user] = name
            self.emit(self._copy(name, self.env[user]) if user in self.env
                      else self._placeholder(name))
            self.env[user] = name
        return carried

    def loop_exit(self, body, carried):
        """Append back-edge copies to ``body`` (before a final ``if flag: break``)."""
        tail = []
        if body and isinstance(body[-1], gast.If) and body[-1].body and \
                isinstance(body[-1].body[0], gast.Break):
            tail = [body.pop()]
        for user, name in carried.items():
            current = self.env.get(user)
            if current is not None and current != name:
                copy = self._copy(name, current)
                anno.set(copy, anno.BACK_EDGE, True)
                body.append(copy)
            self.env[user] = name
        body.extend(tail)
        # the flag test reads the carried (just copied-back) name
        for stmt in tail:
            stmt.test = templates.name(self.env.get(stmt.test.id, stmt.test.id))

    def for_statement(self, stmt):
        call = stmt.iter
        args = [self.atom(a, "n") for a in call.args]
        iter_call = gast.Call(func=call.func, args=args, keywords=[])
        target_user = stmt.target.id
        # Inside another loop, the target is carried like a name the body assigns
        # (None before the first iteration): the enclosing loop copies it back at
        # the end of its body, and a loop that ran no iteration leaves it unbound.
        carried = self.loop_entry(stmt.body, (target_user,) if self.loop_depth else ())
        target = self.define(target_user)
        header = self.origin
        self.loop_depth += 1
        body = self.block(stmt.body)
        self.loop_depth -= 1
        self.origin = header
        self.loop_exit(body, carried)
        if target_user not in carried:
            self.env[target_user] = target
        loop = gast.For(target=templates.name(target, store=True), iter=iter_call, body=body,
                        orelse=[], type_comment=None)
        self.emit(loop)

    def while_statement(self, stmt):
        carried = self.loop_entry(stmt.body)
        cond_name = self.namer.new("cond")
        self.bound.add(cond_name)
        self.emit(templates.assign(cond_name, self.op(stmt.test, "cond")))
        header = self.origin
        saved, self.out = self.out, []
        self.loop_depth += 1
        for s in stmt.body:
            self.set_origin(s)
            self.statement(s)
        self.loop_depth -= 1
        tail = []
        if self.out and isinstance(self.out[-1], gast.If) and self.out[-1].body and \
                isinstance(self.out[-1].body[0], gast.Break):
            tail = [self.out.pop()]
        self.origin = header
        recomputed = self.op(stmt.test, "cond")
        self.emit(templates.assign(cond_name, recomputed))
        body, self.out = self.out, saved
        body.extend(tail)
        self.loop_exit(body, carried)
        self.emit(gast.While(test=templates.name(cond_name), body=body, orelse=[]))

    # -- expressions --------------------------------------------------------
    def atom(self, node, hint):
        """An atom computing ``node`` (emitting temporaries as needed)."""
        if isinstance(node, gast.Name):
            return self.rename(node)
        if isinstance(node, gast.Constant):
            return node
        if isinstance(node, gast.Attribute) and self.resolver.is_static(node):
            return node
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.element(e, hint) for e in node.elts], ctx=gast.Load())
        if isinstance(node, gast.UnaryOp) and isinstance(node.operand, gast.Constant) \
                and isinstance(node.op, (gast.USub, gast.UAdd)):
            return node  # -1.0 is a constant
        op = self.op(node, hint)
        if _is_atom_node(op):
            return op
        return self.bind_temp(op, self.temp_name(op, hint))

    def element(self, node, hint):
        """An atom for an element of a tuple, list or dict display.  Displays are one
        level deep: an inner display holding a variable gets a name of its own
        (``((x,), y)`` -> ``items = (x,)``, ``(items, y)``), so each container's
        derivative is built by the pack rule of its own statement (cotangents and
        tangents of nested containers, at any depth)."""
        value = self.atom(node, hint)
        if isinstance(value, gast.Tuple) and _has_variable(value):
            return self.bind_temp(value, "items")
        return value

    def rename(self, node):
        return templates.name(self.env.get(node.id, node.id))

    def op(self, node, hint):
        """``node`` as one operation on atoms (see the grammar), at ``node``'s position."""
        new = self._op(node, hint)
        if new is not node and getattr(node, "lineno", None) is not None:
            ast.copy_location(new, node)
        return new

    def _op(self, node, hint):
        atom = self.atom
        if isinstance(node, (gast.Name, gast.Constant)):
            return atom(node, hint)
        if isinstance(node, gast.Attribute):
            if self.resolver.is_static(node):
                return node
            return gast.Attribute(value=atom(node.value, hint), attr=node.attr, ctx=gast.Load())
        if isinstance(node, gast.BinOp):
            return gast.BinOp(left=atom(node.left, hint), op=node.op, right=atom(node.right, hint))
        if isinstance(node, gast.UnaryOp):
            return gast.UnaryOp(op=node.op, operand=atom(node.operand, hint))
        if isinstance(node, gast.Compare):
            return gast.Compare(left=atom(node.left, hint), ops=node.ops,
                                comparators=[atom(node.comparators[0], hint)])
        if isinstance(node, gast.Call):
            return self.call(node, hint)
        if isinstance(node, gast.Subscript):
            return gast.Subscript(value=atom(node.value, hint), slice=self.index(node.slice, hint),
                                  ctx=gast.Load())
        if isinstance(node, gast.Tuple):
            return atom(node, hint)
        if isinstance(node, gast.List):
            return gast.List(elts=[self.element(e, hint) for e in node.elts], ctx=gast.Load())
        if isinstance(node, gast.Dict):
            if any(k is None for k in node.keys):
                raise self.sf.error("cannot differentiate a dict display with ** unpacking",
                                    "build the dict with explicit keys", node)
            return gast.Dict(keys=[atom(k, hint) for k in node.keys],
                             values=[self.element(v, hint) for v in node.values])
        if isinstance(node, gast.JoinedStr):
            return _RenameLoads(self.env).visit(node)
        if isinstance(node, gast.IfExp):
            return self.conditional(node.test, node.body, node.orelse, hint)
        if isinstance(node, gast.Lambda):
            self.check_closure(node)
            return node
        if isinstance(node, gast.BoolOp):
            return self.boolean(node, hint)
        raise self.sf.error(f"cannot differentiate the expression {_one_line(node)!r}",
                            "compute it in simpler steps", node)

    def check_closure(self, fn):
        """A nested def or lambda is kept as written and called at run time; the
        outer names it reads must keep one value (closures bind late)."""
        free = _free_names(fn)
        for name in sorted(free):
            if name in self.env and self.env[name] != name:
                raise self.sf.error(
                    f"the nested function reads {name!r}, which the enclosing function "
                    "rebinds: it would see whichever value is current when it is called",
                    f"pass {name} as an argument to the nested function", fn)
        self.closures.append((fn, free))

    def conditional(self, test, body, orelse, hint):
        """``body if test else orelse``: an if statement assigning a new name (so
        SSA and phi copies apply as for the user's own ifs)."""
        name = self.namer.new(hint if hint not in ("unused", "out") else "choice")
        stmt = gast.If(test=test, body=[templates.assign(name, body)],
                       orelse=[templates.assign(name, orelse)])
        self.lowered_statement(stmt, test)
        return self.rename(templates.name(name))

    def boolean(self, node, hint):
        """``a and b`` / ``a or b`` with Python's short-circuit and value semantics:
        ``t = a; if t: t = b`` (``if not t`` for or), through the same SSA."""
        name = self.namer.new("cond")
        self.lowered_statement(templates.assign(name, node.values[0]), node)
        for value in node.values[1:]:
            test = templates.name(name)
            if isinstance(node.op, gast.Or):
                test = gast.UnaryOp(op=gast.Not(), operand=test)
            self.lowered_statement(gast.If(test=test, body=[templates.assign(name, value)],
                                           orelse=[]), node)
        return self.rename(templates.name(name))

    def lowered_statement(self, stmt, at):
        """Normalize a statement this pass wrote itself, located at ``at``."""
        for n in gast.walk(stmt):
            if hasattr(n, "lineno") and getattr(n, "lineno", None) is None and \
                    getattr(at, "lineno", None) is not None:
                ast.copy_location(n, at)
        origin = self.origin
        self.statement(stmt)
        self.origin = origin

    def _custom_with_grad(self, call):
        func = call.func
        if isinstance(func, gast.Attribute) and func.attr == "with_grad":
            obj = self.resolver.resolve(func.value)
            if isinstance(obj, CustomGradient):
                return obj
        return None

    def call(self, node, hint):
        func = node.func
        if isinstance(func, gast.Name) and self.env.get(func.id) in self.custom_grads:
            # y_grad(dy) where y, y_grad = f.with_grad(x)  ->  f_vjp(dy, x)
            cg, recorded = self.custom_grads[self.env[func.id]]
            name = self.custom_vjp_names.get(cg)
            if name is None:
                name = self.custom_vjp_names[cg] = self.namer.new(f"{cg.__name__}_vjp")
                self.injected[name] = cg.vjp_function()
            args = [self.atom(a, hint) for a in node.args]
            return gast.Call(func=templates.name(name), args=args + recorded, keywords=[])
        nested = self.nested_jvp(node)
        if nested is not None:
            return self.call(nested, hint)
        if isinstance(func, gast.Name) and func.id == "super" and not node.args \
                and not node.keywords and "__class__" in self.sf.closure:
            # super() finds its class and instance through the frame (the __class__ cell,
            # the first parameter); the generated function's first parameter is a
            # cotangent or tangent: name both
            params = _params(self.sf.node.args)
            if params:
                return gast.Call(func=func, args=[templates.name("__class__"),
                                                  self.rename(templates.name(params[0]))],
                                 keywords=[])
        if isinstance(func, gast.Name):
            func = self.rename(func)
        elif isinstance(func, gast.Attribute) and not self.resolver.is_static(func):
            func = gast.Attribute(value=self.atom(func.value, hint), attr=func.attr, ctx=gast.Load())
        elif not isinstance(func, gast.Attribute):
            func = self.atom(func, hint)
        # A list or tuple display passed to a call stays a display of atoms
        # (np.stack([a, b])): sequence parameters of rules see each element.
        args = [gast.List(elts=[self.element(e, hint) for e in a.elts], ctx=gast.Load())
                if isinstance(a, gast.List) else self.atom(a, hint) for a in node.args]
        keywords = [gast.keyword(arg=k.arg, value=self.atom(k.value, hint)) for k in node.keywords]
        if self.user_function(func):
            # a function with source gets a tuple or list argument as one value, whose
            # cotangent / tangent has its structure: give the display a name
            args = [self.bind_temp(a, "items") if isinstance(a, (gast.Tuple, gast.List))
                    and _has_variable(a) else a for a in args]
            for k in keywords:
                if isinstance(k.value, (gast.Tuple, gast.List)) and _has_variable(k.value):
                    k.value = self.bind_temp(k.value, "items")
        return gast.Call(func=func, args=args, keywords=keywords)

    def user_function(self, func):
        """Whether ``func`` denotes (now) a Python function with source and no rule:
        differentiated through its own generated derivative."""
        try:
            obj = self.resolver.resolve(func)
            if obj is MISSING and isinstance(func, gast.Attribute):
                # model.apply(...) of a module-level object: the method, as analyze sees it
                obj = static_method(func, self.resolver) or MISSING
        except Exception:
            return False
        if obj is MISSING or obj is stop_gradient or isinstance(obj, CustomGradient):
            return False
        if isinstance(obj, types.MethodType):
            obj = obj.__func__
        if not isinstance(obj, types.FunctionType) or (
                getattr(obj, "__module__", None) or "").split(".")[0] == "tangentish":
            return False            # tangentish's own functions (jvp, runtime helpers)
        try:
            if RULES.get(obj) is not None:
                return False
        except TypeError:
            return False
        return not is_marker(obj)

    def nested_jvp(self, node):
        """``tangentish.jvp(f, (a, b), (ta, tb))`` of a function ``f`` known now -> a call of
        ``f``'s generated jvp, ``jvp_f(ta, tb, a, b)``: ordinary code with source, so
        differentiating the caller differentiates it again (forward over forward...)."""
        if derived_operator_name(self.resolver.resolve(node.func)) != "jvp" or node.keywords \
                or len(node.args) != 3:
            return None
        f, primals, tangents = node.args
        if not (isinstance(primals, (gast.Tuple, gast.List))
                and isinstance(tangents, (gast.Tuple, gast.List))
                and len(primals.elts) == len(tangents.elts)):
            return None
        if isinstance(f, gast.Name) and f.id in self.env:
            return None                       # a local value: known at run time only
        fn = self.resolver.resolve(f) if isinstance(f, (gast.Name, gast.Attribute)) else MISSING
        receiver = []
        if fn is MISSING and isinstance(f, gast.Attribute) and not (
                isinstance(f.value, gast.Name) and f.value.id in self.env):
            # obj.method of an object named through globals: the method is looked up
            # now (without running properties); the object is passed at run time
            base = self.resolver.resolve(f.value)
            method = inspect.getattr_static(base, f.attr, None) if base is not MISSING else None
            if isinstance(method, types.FunctionType) and not isinstance(base, type):
                fn, receiver = types.MethodType(method, base), [f.value]
        if not isinstance(fn, (types.FunctionType, types.MethodType)):
            return None
        which = [i for i, t in enumerate(tangents.elts)
                 if not (isinstance(t, gast.Constant) and t.value is None)]
        generated, _, _ = engine.derivative_at_positions(fn, which, "jvp")
        if isinstance(fn, types.MethodType) and not receiver:
            return None
        name = self.namer.new("jvp_" + getattr(fn, "__name__", "f").replace("<lambda>", "lambda"))
        self.injected[name] = generated
        return gast.Call(func=templates.name(name), args=[tangents.elts[i] for i in which]
                         + receiver + list(primals.elts), keywords=[])

    def index(self, node, hint):
        if isinstance(node, gast.Slice):
            part = lambda n: None if n is None else self.atom(n, hint)  # noqa: E731
            return gast.Slice(lower=part(node.lower), upper=part(node.upper), step=part(node.step))
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.index(e, hint) for e in node.elts], ctx=gast.Load())
        return self.atom(node, "index")

    def temp_name(self, op, hint):
        """``np.tanh(x)`` -> ``tanh_x``; ``a * b`` -> ``mul_a``; temps of temps -> ``mul``."""
        if isinstance(op, gast.Call):
            f = op.func
            base = f.attr if isinstance(f, gast.Attribute) else getattr(f, "id", "call")
            first = op.args[0] if op.args else None
            if isinstance(f, gast.Attribute) and not self.resolver.is_static(f):
                first = f.value
        elif isinstance(op, gast.BinOp):
            base, first = op_name(op.op), op.left
        elif isinstance(op, gast.UnaryOp):
            base, first = op_name(op.op), op.operand
        elif isinstance(op, gast.Subscript):
            base, first = "", op.value
        elif isinstance(op, gast.Attribute):
            base, first = op.attr, op.value
        elif isinstance(op, gast.Compare):
            base, first = type(op.ops[0]).__name__.lower(), op.left
        elif isinstance(op, (gast.List, gast.Tuple)):
            return "index" if hint == "index" else "items"
        elif isinstance(op, gast.Dict):
            return "mapping"
        else:
            return hint
        if isinstance(first, gast.Name):
            user = _user_name(first.id, self.env)
            if isinstance(op, gast.Call) or first.id not in self.temps:
                name = f"{base}_{user}" if base else f"{user}_item"
                if len(name) <= 24:
                    return name
        return base or "item"


def _is_method_call(call, method, nargs):
    return (isinstance(call, gast.Call) and isinstance(call.func, gast.Attribute)
            and call.func.attr == method and isinstance(call.func.value, gast.Name)
            and len(call.args) == nargs and not call.keywords)


def _is_stack_pop(value, stacks):
    return _is_method_call(value, "pop", 0) and value.func.value.id in stacks


def _stacks(fn):
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
        if isinstance(node, gast.Expr) and _is_method_call(node.value, "append", 1):
            allowed.add(id(node.value.func.value))
        elif isinstance(node, gast.Assign) and _is_method_call(node.value, "pop", 0):
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


def _free_names(fn):
    """Names a nested function or lambda reads from enclosing scopes."""
    params = {a.id for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs}
    if fn.args.vararg is not None:
        params.add(fn.args.vararg.id)
    if fn.args.kwarg is not None:
        params.add(fn.args.kwarg.id)
    body = fn.body if isinstance(fn.body, list) else [fn.body]
    stored = {n.id for s in body for n in gast.walk(s)
              if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Param))}
    loads = {n.id for s in body for n in gast.walk(s)
             if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}
    return loads - params - stored


def _changed(before, *afters):
    """User names whose binding differs after any branch, in a stable order."""
    names = []
    for after in afters:
        for user, ssa in after.items():
            if before.get(user) != ssa and user not in names:
                names.append(user)
    return names


def _copied_into_updated(stmts):
    """Names ``a`` copied (``b = a``) into a name the block updates in place:
    the update rebinds ``a`` too, so ``a`` is carried by the loop."""
    inplace = set()
    for s in stmts:
        for n in gast.walk(s):
            if isinstance(n, gast.AugAssign) and isinstance(n.target, gast.Name):
                inplace.add(n.target.id)
            elif isinstance(n, (gast.Assign, gast.AugAssign)):
                for t in (n.targets if isinstance(n, gast.Assign) else [n.target]):
                    if isinstance(t, gast.Subscript) and isinstance(t.value, gast.Name):
                        inplace.add(t.value.id)
            elif isinstance(n, gast.Call) and isinstance(n.func, gast.Attribute) \
                    and n.func.attr == "append" and isinstance(n.func.value, gast.Name):
                inplace.add(n.func.value.id)
    return {n.value.id for s in stmts for n in gast.walk(s)
            if isinstance(n, gast.Assign) and isinstance(n.value, gast.Name)
            and any(isinstance(t, gast.Name) and t.id in inplace for t in n.targets)}


def _rebound_user_names(stmts):
    """Names a block binds to another object (not ``x += y`` or ``a[i] = v``)."""
    names = set()
    for s in stmts:
        augmented = {id(n.target) for n in gast.walk(s) if isinstance(n, gast.AugAssign)}
        for n in gast.walk(s):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) and id(n) not in augmented:
                names.add(n.id)
            elif isinstance(n, (gast.FunctionDef, gast.ClassDef)):
                names.add(n.name)
    return names


class CertainAliases:
    """Classes of user names certainly bound to one object (``b = a``), the
    relation normalize models exactly: an in-place update of one rebinds all.
    Any other binding of a name removes it from its class; where control flow
    joins only relations that hold on both paths survive."""

    def __init__(self, classes=None):
        self.classes = dict(classes or {})      # name -> frozenset (size >= 2)

    def of(self, name):
        return self.classes.get(name, frozenset((name,)))

    def join(self, target, source):
        self.forget(target)
        members = self.of(source) | {target}
        for m in members:
            self.classes[m] = members

    def forget(self, name):
        rest = self.of(name) - {name}
        self.classes.pop(name, None)
        for m in rest:
            if len(rest) > 1:
                self.classes[m] = rest
            else:
                self.classes.pop(m, None)

    @contextlib.contextmanager
    def kept(self, name):
        """Binding a new version of ``name`` in an in-place update keeps its class."""
        members = self.of(name)
        yield
        for m in members:
            if len(members) > 1:
                self.classes[m] = members

    def copy(self):
        return CertainAliases(self.classes)

    def meet(self, other):
        out = {}
        for name in set(self.classes) & set(other.classes):
            both = self.of(name) & other.of(name)
            if len(both) > 1:
                out[name] = both
        return CertainAliases(out)


def _assigned_user_names(stmts):
    """Names a block rebinds or updates in place (``a[i] = v``, ``xs.append(v)``)."""
    names = set()
    for s in stmts:
        for n in gast.walk(s):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
                names.add(n.id)
            elif isinstance(n, gast.AugAssign) and isinstance(n.target, gast.Name):
                names.add(n.target.id)
            elif isinstance(n, (gast.Assign, gast.AugAssign)):
                for t in (n.targets if isinstance(n, gast.Assign) else [n.target]):
                    if isinstance(t, gast.Subscript) and isinstance(t.value, gast.Name):
                        names.add(t.value.id)
            elif isinstance(n, gast.Call):
                names.update(_maybe_mutated_names(n))
    return names


def _maybe_mutated_names(call):
    """Names a call may update in place and normalize may turn into a new version
    (``xs.append(v)``, ``a.fill(v)``, ``np.copyto(a, x)``, ``out=a``): an over-approximation."""
    func = call.func
    if isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name) \
            and func.attr in mutators.MUTATING_METHODS:
        yield func.value.id
    if isinstance(func, gast.Attribute) and func.attr in ("copyto", "at") and call.args \
            and isinstance(call.args[0], gast.Name):
        yield call.args[0].id
    for k in call.keywords:
        if k.arg == "out" and isinstance(k.value, gast.Name):
            yield k.value.id
    name = func.attr if isinstance(func, gast.Attribute) else getattr(func, "id", None)
    ufunc = getattr(mutators.np, name or "", None)
    if isinstance(ufunc, mutators.np.ufunc) and len(call.args) > ufunc.nin \
            and isinstance(call.args[ufunc.nin], gast.Name):
        yield call.args[ufunc.nin].id      # a ufunc's positional out


def _user_name(ssa, env):
    for user, current in env.items():
        if current == ssa:
            return user
    return ssa


def _has_variable(atom):
    """Whether an atom reads a variable (a name other than a static one)."""
    return any(isinstance(n, gast.Name) for n in gast.walk(atom))


def _is_atom_node(node):
    return isinstance(node, (gast.Name, gast.Constant))


def _params(args):
    names = [a.id for a in args.posonlyargs + args.args + args.kwonlyargs]
    return names + ([args.vararg.id] if args.vararg is not None else [])


def _one_line(node):
    """The statement as one line of text; compound statements by their header."""
    converted = gast.gast_to_ast(node)
    for n in ast.walk(converted):       # statements this pass wrote have no position
        if isinstance(n, ast.stmt) and not hasattr(n, "lineno"):
            n.lineno = 0
    text = ast.unparse(converted)
    first = text.splitlines()[0] if text else text
    if isinstance(node, (gast.If, gast.For, gast.While)):
        first = first.rstrip(":")
    return " ".join(first.split())


class _RenameLoads(gast.NodeTransformer):
    def __init__(self, env):
        self.env = env

    def visit_Name(self, node):
        if isinstance(node.ctx, gast.Load) and node.id in self.env:
            return templates.name(self.env[node.id])
        return node


def run(ctx, node):
    """A-normal form in SSA; records the closures and outputs, checks ``wrt`` and
    gives the context a resolver for the normalized names."""
    normalizer = Normalizer(ctx.sf, ctx.namer, ctx.resolver, ctx.symbols, ctx.injected)
    node = normalizer.run()
    params = parameter_names(node)
    for w in ctx.wrt:
        if w not in params:
            raise ValueError(f"{ctx.sf.fn.__qualname__}() has no parameter {w!r} to differentiate "
                             f"with respect to (parameters: {', '.join(params)})")
    ctx.closures = normalizer.closures
    ctx.outputs = [n.id for n in gast.walk(node.body[-1].value) if isinstance(n, gast.Name)]
    ctx.resolver = Resolver(ctx.sf, local_names(node), extra=ctx.injected)
    return node
