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
import types

import gast

from ..ir import annotations as anno, naming, templates
from ..ir.nodes import parameter_names
from . import closures
from .aliases import CertainAliases, assigned_user_names, copied_into_updated, rebound_user_names
from .expressions import Expressions, is_atom_node, one_line
from .resolve import Resolver, local_names
from .updates import Updates, is_method_call, is_stack_pop, stack_lists


class Normalizer(Expressions, Updates):
    """Statements and control flow here; expressions (``expressions.Expressions``)
    and in-place updates (``updates.Updates``) in their own modules."""

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
        self.closure_plan = None   # closures.Plan: which nested functions may be lifted
        self.lifted = {}       # user name -> closures.Lifted
        self.watched = {}      # outer name -> (function, node) of a kept closure reading it
        self.loop_depth = 0    # loops around the statement being normalized
        self.out = []
        self.origin = None

    # -- statements ---------------------------------------------------------
    def run(self):
        node = self.sf.node
        for a in parameter_names(node):
            self.env[a] = a
            self.bound.add(a)
        self.stacks = stack_lists(node)
        self.closure_plan = closures.Plan(self.sf, node)
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
            self.origin = (stmt.lineno, stmt.col_offset, one_line(stmt))

    def origin_node(self):
        """Where the statement being normalized is, for an error."""
        line, col = self.origin[:2] if self.origin else (None, None)
        return types.SimpleNamespace(lineno=line, col_offset=col)

    def emit(self, stmt):
        anno.set(stmt, anno.ORIGIN, self.origin)
        self.out.append(stmt)
    def statement(self, stmt):
        visit = getattr(self, "visit_" + type(stmt).__name__, None)
        if visit is None:
            raise self.sf.error(f"cannot differentiate a {type(stmt).__name__} statement",
                                "rewrite it with assignments and calls", stmt)
        visit(stmt)

    def visit_Assign(self, stmt):
        if isinstance(stmt.targets[0], gast.Subscript):
            if len(stmt.targets) != 1:
                raise self.sf.error("chained assignment to an element", "assign separately", stmt)
            self.setitem(stmt.targets[0], stmt.value, stmt)
        else:
            self.assign(stmt.targets, stmt.value)

    def visit_AnnAssign(self, stmt):
        if stmt.value is not None:
            self.assign([stmt.target], stmt.value)

    def visit_Return(self, stmt):
        value = templates.const(None) if stmt.value is None else \
            self.atom(stmt.value, naming.result_name())
        self.emit(gast.Return(value=value))

    def visit_Expr(self, stmt):
        if isinstance(stmt.value, gast.Constant):
            return  # docstrings and generated comments
        call = stmt.value
        if is_method_call(call, "append", 1) and call.func.value.id in self.stacks:
            self.stack_push(call)
        elif is_method_call(call, "append", 1) and call.func.value.id in self.env:
            self.list_append(call)
        elif not (isinstance(call, gast.Call) and self.functional(call)):
            self.emit(gast.Expr(value=self.op(stmt.value, hint="unused")))

    def visit_Pass(self, stmt):
        pass

    def visit_Assert(self, stmt):
        self.emit(gast.Assert(test=self.atom(stmt.test, "check"),
                              msg=None if stmt.msg is None else self.atom(stmt.msg, "msg")))

    def visit_Break(self, stmt):
        self.emit(gast.Break())

    def visit_FunctionDef(self, stmt):
        if self.nested_function(stmt, stmt.name):
            return
        stmt.name = self.define(stmt.name)
        self.emit(stmt)

    def assign(self, targets, value_node):
        if len(targets) == 1 and isinstance(targets[0], (gast.Tuple, gast.List)):
            self.unpack(targets[0], value_node)
            return
        first = targets[0].id
        if len(targets) == 1 and isinstance(value_node, gast.Lambda) \
                and self.nested_function(value_node, first):
            return
        if len(targets) == 1 and isinstance(value_node, gast.Call) and self.functional(
                value_node, first):
            return
        if is_stack_pop(value_node, self.stacks) and len(targets) == 1:
            self.emit(templates.assign(self.define(first), self.stack_pop(value_node)))
            anno.set(self.out[-1], anno.STACK_POP, self.env.get(value_node.func.value.id))
            return
        value = self.op(value_node, hint=first)
        if len(targets) > 1 and not is_atom_node(value):
            value = self.bind_temp(value, first)
        for tgt in targets:
            self.emit(templates.assign(self.define(tgt.id), value))
            if isinstance(value, gast.Name):
                anno.set(self.out[-1], anno.USER_COPY, True)   # two names, one object
                if isinstance(value_node, gast.Name) and value_node.id in self.env \
                        and value_node.id != tgt.id:
                    self.same.join(tgt.id, value_node.id)


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
        if is_stack_pop(value_node, self.stacks):
            new_targets = [templates.name(self.define(n.id), store=True) for n in names]
            self.emit(gast.Assign(targets=[gast.Tuple(elts=new_targets, ctx=gast.Store())],
                                  value=self.stack_pop(value_node), type_comment=None))
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
        seq = value if is_atom_node(value) else self.bind_temp(value, naming.items_name())
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
            seq = self.op(v, hint=naming.items_name())
            if not is_atom_node(seq) or isinstance(seq, gast.Name) and seq.id in assigned:
                seq = self.bind_temp(seq, naming.items_name())
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
                           split(e, self.bind_temp(item, naming.items_name())))
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


    def define(self, user_name):
        """The SSA name for a new binding of ``user_name``."""
        if user_name in self.watched:
            fn_name, fn = self.watched[user_name]
            raise self.sf.error(
                f"the nested function {fn_name!r} (line {fn.lineno}) reads {user_name!r}, which "
                "the enclosing function rebinds after it: Python's late binding would give it "
                "whichever value is current when it is called",
                f"call {fn_name} only directly (name(...)) so tangentish passes the current "
                f"value, or pass {user_name} as an argument", self.origin_node())
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
    def visit_If(self, stmt):
        test = self.atom(stmt.test, naming.condition_name())
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
        for user in rebound_user_names(body_stmts):
            self.same.forget(user)
        updated = assigned_user_names(body_stmts) | set(extra)
        assigned = sorted((updated | {m for u in updated for m in self.same.of(u)}
                           | copied_into_updated(body_stmts)) - self.stacks)
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

    def visit_For(self, stmt):
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

    def visit_While(self, stmt):
        carried = self.loop_entry(stmt.body)
        cond_name = self.namer.new(naming.condition_name())
        self.bound.add(cond_name)
        self.emit(templates.assign(cond_name, self.op(stmt.test, naming.condition_name())))
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
        recomputed = self.op(stmt.test, naming.condition_name())
        self.emit(templates.assign(cond_name, recomputed))
        body, self.out = self.out, saved
        body.extend(tail)
        self.loop_exit(body, carried)
        self.emit(gast.While(test=templates.name(cond_name), body=body, orelse=[]))


def _changed(before, *afters):
    """User names whose binding differs after any branch, in a stable order."""
    names = []
    for after in afters:
        for user, ssa in after.items():
            if before.get(user) != ssa and user not in names:
                names.append(user)
    return names


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
