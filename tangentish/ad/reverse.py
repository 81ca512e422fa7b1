"""Reverse mode: from a normalized, activity-annotated function, build the
function that runs the primal code and then the adjoint code in reverse.

Shape of the output (``wrt`` = the differentiated parameters)::

    def <name>([d<out>, ]<the user's parameters>):
        <loop stacks>                          # one list per loop with active code
        <primal statements; loops push what their adjoint reads>
        # -- backward --
        d<out> = unit_cotangent(<out>)         # grad; vjp takes d<out> as a parameter
        # grad of line <n>: <user statement>
        <adjoint statements of that statement>
        ...
        return d<wrt> (a tuple for several; (out, d<wrt>) with preserve_result)

Adjoints are tracked statically: each is assigned at its first contribution
and summed afterwards (``dx = dx + ...``, never in place: a contribution may
alias another adjoint), so no adjoint starts as zeros -- except across control
flow, where a branch that contributes nothing assigns ``zero_derivative`` and a loop
initializes the adjoints it accumulates into.  Crossing (backwards) the
statement that defines a name ends its adjoint: the earlier value is another
variable.

Control flow is replayed backwards.  ``if c:`` reuses the condition's value
(restored like any other).  A loop with active code records, per iteration,
the values its adjoint reads that the next iteration overwrites (one tuple on
the loop's stack) and counts its iterations; the reverse loop pops the tuples
in reverse order.  Nothing else is stored.

The transform is one class in parts: this module (the function, blocks,
assignments, ifs), ``adjoints.py`` (one statement's adjoint), ``loops.py``
(loops and stacks), ``shape_only.py`` (values read only for their shape);
``realness.py`` decides the seed of a real scalar output, ``flow.py`` holds
the facts about statement lists they read.
"""
import collections

import gast

from ..analyze.patterns import Facts, backend, result_fact
from ..analyze.primitives import Kind
from ..analyze.shapes import ShapeClasses
from ..ir import annotations as anno, templates
from ..ir.naming import KEPT_RESULT, adjoint_name, cotangent_tuple_name, derivative_name
from ..ir.nodes import assigned_names, located, parameter_names, statements, text
from . import known_shapes
from .adjoints import StatementAdjoints
from .base import DerivativeTransform, finish
from .flow import defined_before, definitely_defined, is_break
from .inplace import drop_needless_copies
from .loops import LoopReversal
from .realness import provably_scalar, real_leaves
from .shape_only import ShapeReads


class State:
    """Which adjoint names hold a value at this point of the reverse code."""

    def __init__(self, assigned=()):
        self.assigned = set(assigned)

    def copy(self):
        return State(self.assigned)


class ReverseTransform(StatementAdjoints, LoopReversal, ShapeReads, DerivativeTransform):
    def __init__(self, sf, fn_node, ops, active, namer, symbols, wrt, resolver, shapes=None):
        super().__init__(sf, fn_node, ops, active, namer, symbols, wrt, resolver)
        self.shapes = shapes
        self.facts = None            # analyze.patterns.Facts of a specialized signature
        self.scalar_zeroed = set()   # adjoints that may hold a plain 0.0 (shape unknown)
        self.adjoint_names = {}
        self.custom_grad_names = {}
        # a callee's generated vjp's result -> the parameter passed as that argument (its
        # vjp returns ``real_cotangent(d, p)`` already: adjoints.py)
        self.callee_real = {}
        self.stack_inits = []
        self.stacks = {anno.get(st, key) for st in statements(fn_node.body)
                       for key in (anno.STACK_PUSH, anno.STACK_POP)} - {None}
        self.adjoint_stacks = set()
        self.definitely_defined = definitely_defined(fn_node)
        # parameters, then names bound once at the top level: bound wherever adjoint code runs
        once = collections.Counter(n for stmt in fn_node.body for n in assigned_names(stmt))
        in_blocks = {n for top in fn_node.body if isinstance(top, (gast.If, gast.For, gast.While))
                     for st in statements([top]) for n in assigned_names(st)}
        params = parameter_names(fn_node, varargs=False)
        self.n_params = len(params)
        self.stable_names = params + [n for n in once if once[n] == 1 and n not in in_blocks]

    # -- names ------------------------------------------------------------
    def adjoint(self, name):
        if name not in self.adjoint_names:
            self.adjoint_names[name] = self.namer.new(adjoint_name(name))
        return self.adjoint_names[name]

    def accumulate(self, name, value, out, state):
        d = self.adjoint(name)
        value = self.simplify(value)
        if d in state.assigned:
            # (cotangents of lists, tuples and dicts are runtime.ListCotangent & co,
            # whose + adds elementwise)
            value = gast.BinOp(left=templates.name(d), op=gast.Add(), right=value)
        state.assigned.add(d)
        out.append(templates.assign(d, value))

    def zeros(self, name):
        return templates.expr("zero_derivative(x)", x=name, **self.symbols)

    # -- the function -----------------------------------------------------
    def run(self, mode, preserve_result):
        body = self.node.body
        ret = body[-1]
        primal = body[:-1]
        out_atom = ret.value
        state = State()
        seed_params, seed = [], []
        if mode == "vjp":
            outputs = _output_names(out_atom)
            d_out_param = self.namer.new(adjoint_name(outputs[0] if len(outputs) == 1 and
                                                      isinstance(out_atom, gast.Name) else "out"))
            seed_params.append(d_out_param)
            self.seed_vjp(ret, d_out_param, seed, state)
        else:
            self.seed_grad(out_atom, preserve_result, seed, state)
        self.custom_gradient_calls(primal)
        forward, backward = self.block(primal, state)
        value = self.gradients(backward, state)
        if preserve_result:
            # the adjoint's loops restore earlier values into loop-carried names:
            # keep the result under a name of its own
            kept = self.namer.new(KEPT_RESULT)
            seed.insert(0, templates.assign(kept, out_atom))
            value = gast.Tuple(elts=[templates.name(kept), value], ctx=gast.Load())
        marker = [templates.comment(templates.BACKWARD)] if forward and backward else []
        self.node.body = (self.stack_inits + forward + marker + seed + backward
                          + [gast.Return(value=value)])
        # The output cotangent comes first, so the user's defaults stay aligned.
        for p in seed_params:
            target = self.node.args.posonlyargs if self.node.args.posonlyargs else self.node.args.args
            target.insert(0, templates.name(p))
        return self.node

    def seed_vjp(self, ret, d_out_param, seed, state):
        """The output's cotangent is the parameter ``d_out_param`` (its items for a display)."""
        out_atom = ret.value
        if isinstance(out_atom, gast.Name):
            if out_atom.id in self.active:
                seed.append(templates.assign(self.adjoint(out_atom.id), templates.name(d_out_param)))
                state.assigned.add(self.adjoint(out_atom.id))
        elif isinstance(out_atom, (gast.Tuple, gast.List)):
            self.seed_items(ret, out_atom, templates.name(d_out_param), seed, state)

    def seed_items(self, ret, display, cotangent, seed, state):
        """return (a, (b, c)): each element's cotangent is dout[i] (dout[i][j]...)."""
        for i, elt in enumerate(display.elts):
            part = gast.Subscript(value=cotangent, slice=templates.const(i), ctx=gast.Load())
            if isinstance(elt, gast.Name) and elt.id in self.active:
                self.accumulate(elt.id, part, seed, state)
            elif isinstance(elt, (gast.Tuple, gast.List)):
                self.seed_items(ret, elt, part, seed, state)
            elif any(isinstance(n, gast.Name) and n.id in self.active
                     for n in gast.walk(elt)):
                raise self.sf.error("cannot differentiate a nested container display "
                                    "in a return", "build the inner container on a "
                                    "line of its own", located(ret))

    def seed_grad(self, out_atom, preserve_result, seed, state):
        """grad: the output's cotangent is 1 (``unit_cotangent`` checks it is a real scalar)."""
        if not (isinstance(out_atom, gast.Name) and out_atom.id in self.active):
            seed.append(gast.Expr(value=templates.expr("unit_cotangent(y)", y=out_atom,
                                                       **self.symbols)))
            return
        d_out = self.adjoint(out_atom.id)
        leaves = real_leaves(self.ops, out_atom.id) if (
            not preserve_result and provably_scalar(self.ops, out_atom.id)) else None
        if leaves is not None and any(
                n is None or n not in self.stable_names
                and any(n in e[0] for e in self.ops.values()) for n in leaves):
            leaves = None     # a leaf bound in a loop or a branch: check the output
        if leaves is not None:
            # no shape check needed, and the output value itself need not be computed;
            # a complex output is refused by checking the values it is computed from
            seed.append(templates.assign(d_out, templates.const(1.0) if not leaves else
                                         templates.expr(
                                             "real_seed(" + ", ".join(leaves) + ")",
                                             **self.symbols)))
        else:
            seed.append(templates.assign(d_out, templates.expr(
                "unit_cotangent(y)", y=out_atom, **self.symbols)))
        state.assigned.add(d_out)

    def custom_gradient_calls(self, primal):
        """Active calls of custom-gradient functions also return their gradient function."""
        for stmt in statements(primal):
            entry = self.ops.get(id(stmt))
            if entry is not None and entry[1].kind is Kind.CUSTOM and entry[0][0] in self.active:
                if len(entry[0]) == 2:        # already y, y_grad = f.with_grad(x)
                    self.custom_grad_names[entry[0][0]] = entry[0][1]
                else:
                    self.call_with_grad(stmt, entry[0][0])

    def gradients(self, backward, state):
        """The returned value: each ``wrt`` parameter's gradient (zeros if none flows)."""
        results = []
        for w in self.wrt:
            d = self.adjoint_names.get(w)
            if d is None or d not in state.assigned:
                d = self.adjoint(w)
                backward.append(templates.assign(d, self.zeros(w)))
            elif not self.real_from_callee(d, w, backward):
                # a real input gets a real gradient (the cotangent's real part)
                backward.append(templates.assign(d, templates.expr(
                    "real_cotangent(d, x)", d=templates.name(d), x=templates.name(w),
                    **self.symbols)))
            results.append(templates.name(d))
        return results[0] if len(results) == 1 else gast.Tuple(elts=results, ctx=gast.Load())

    def real_from_callee(self, d, w, backward):
        """``d`` is bound once, at the top level, to the result a callee's generated vjp
        gives for the parameter ``w`` passed to it as is: that vjp ends with
        ``real_cotangent(d, w)`` itself (``gradients`` of the callee, generic code,
        never specialized), and the helper is idempotent, so taking it again is the
        identity."""
        bindings = [s for s in backward for n in gast.walk(s)
                    if isinstance(n, gast.Name) and n.id == d and isinstance(n.ctx, gast.Store)]
        nested = [n for s in backward if isinstance(s, (gast.If, gast.For, gast.While))
                  for n in gast.walk(s) if isinstance(n, gast.Name) and n.id == d
                  and isinstance(n.ctx, gast.Store)]
        if len(bindings) != 1 or nested or not isinstance(bindings[0], gast.Assign):
            return False
        value = bindings[0].value
        key = value.id if isinstance(value, gast.Name) else id(value)
        return self.callee_real.get(key) == w

    def block(self, stmts, state):
        """(forward statements, reverse statements) for a statement list."""
        backward = []
        current_origin = None
        fwd_out = list(stmts)
        for i in range(len(stmts) - 1, -1, -1):
            stmt = stmts[i]
            method = getattr(self, "reverse_" + type(stmt).__name__, None)
            if method is None:
                continue
            fwd_out[i], rev = method(stmt, state)
            if not rev:
                continue
            origin = anno.get(stmt, anno.ORIGIN)
            if origin is not None and origin != current_origin and isinstance(stmt, gast.Assign):
                backward.append(self.origin_comment("grad of", origin))
                current_origin = origin
            elif not isinstance(stmt, gast.Assign):
                current_origin = None
            if origin is not None:       # the adjoint's lines map to the user's line
                for r in rev:
                    if anno.get(r, anno.ORIGIN) is None:
                        anno.set(r, anno.ORIGIN, origin)
            backward.extend(rev)
        drop_needless_copies(backward, self.symbols)
        flat = []
        for f in fwd_out:
            flat.extend(f if isinstance(f, list) else [f])
        return flat, backward

    # Each returns (its forward code: a statement or a list, its reverse statements).
    def reverse_If(self, stmt, state):
        if is_break(stmt):
            return stmt, []
        return self.if_statement(stmt, state)

    def reverse_For(self, stmt, state):
        return self.loop(stmt, state)

    def reverse_While(self, stmt, state):
        return self.loop(stmt, state)

    def reverse_Assign(self, stmt, state):
        return stmt, self.assignment(stmt, state)

    def reverse_Expr(self, stmt, state):
        if anno.get(stmt, anno.STACK_PUSH) is None:
            return stmt, []
        return stmt, self.push_adjoint(stmt, state)

    def assignment(self, stmt, state):
        entry = self.ops.get(id(stmt))
        if entry is None:
            return []
        targets, op = entry
        d_targets = [self.adjoint_names.get(t) for t in targets]
        live = [d for d in d_targets if d is not None and d in state.assigned]
        out = []
        if live and any(t in self.active for t in targets):
            if op.kind is Kind.STOP_GRADIENT:
                out.append(templates.comment("stop_gradient: no derivative flows into "
                                             + text(stmt.value.args[0])))
            if len(targets) == 1 or op.kind is Kind.CUSTOM:
                g = templates.name(d_targets[0])
            else:
                # one name for the tuple of cotangents, so that code differentiating this
                # code again sees a container display, not an active value inside an operand
                g = templates.name(self.namer.new(cotangent_tuple_name(targets)))
                out.append(templates.assign(g.id, gast.Tuple(
                    elts=[templates.name(d) if d in state.assigned else self.zeros(t)
                          for t, d in zip(targets, d_targets)], ctx=gast.Load())))
            self.statement_adjoint(stmt, targets, op, g, out, state)
        elif op.kind is Kind.STACK_POP:
            # no cotangent reached the popped values: push zeros all the same, so the
            # cotangent stack stays in step with the pops the pushes' adjoints make
            self.pop_adjoint(stmt, targets, op, out, state)
        for d in d_targets:          # the value before this definition is another variable
            state.assigned.discard(d)
        return out

    def if_statement(self, stmt, state):
        then_state, else_state = state.copy(), state.copy()
        fwd_then, rev_then = self.block(stmt.body, then_state)
        fwd_else, rev_else = self.block(stmt.orelse, else_state)
        outside = defined_before(self.node, stmt)
        defined = self.definitely_defined.get(id(stmt), set())
        for d_only, other_rev, other_state in ((then_state.assigned - else_state.assigned, rev_else,
                                                else_state),
                                               (else_state.assigned - then_state.assigned, rev_then,
                                                then_state)):
            for d in sorted(d_only):
                primal = self.primal_of(d)
                if primal in outside:
                    # zeros shaped like the value; a plain 0.0 when the value may not
                    # exist on this path (defined in one branch of an earlier if)
                    zero = self.zeros(primal) if primal in defined else templates.const(0.0)
                    if primal not in defined:
                        self.scalar_zeroed.add(primal)
                    other_rev.append(templates.assign(d, zero))
                    other_state.assigned.add(d)
        state.assigned = then_state.assigned & else_state.assigned
        fwd = gast.If(test=stmt.test, body=fwd_then or [gast.Pass()], orelse=fwd_else)
        anno.copy(stmt, fwd)
        if not rev_then and not rev_else:
            return fwd, []
        # (a copy of the test: the reverse loop may rename what it reads, ad/loops.py)
        rev = gast.If(test=templates.clone(stmt.test), body=rev_then or [gast.Pass()],
                      orelse=rev_else)
        anno.set(rev, anno.REPLAYS, (fwd, fwd.test, rev.test))    # (optimize.py reads it)
        return fwd, [rev]

    def primal_of(self, d):
        for primal, adj in self.adjoint_names.items():
            if adj == d:
                return primal
        return None


def _output_names(atom):
    if isinstance(atom, gast.Name):
        return [atom.id]
    if isinstance(atom, gast.Tuple):
        return [e.id for e in atom.elts if isinstance(e, gast.Name)]
    return []


def run(ctx, node):
    """The primal code, then the adjoint statements in reverse order."""
    node.name = ctx.namer.new(derivative_name(ctx.mode, ctx.sf.name))
    shapes = ShapeClasses(ctx.ops, ctx.resolver, node)
    transform = ReverseTransform(ctx.sf, node, ctx.ops, ctx.active, ctx.namer, ctx.symbols,
                                 ctx.wrt, ctx.resolver, shapes)
    transform.backend = backend(ctx.signature)
    if ctx.signature is not None and ctx.mode == "grad":
        transform.facts = Facts(ctx.ops, node, ctx.signature, ctx.resolver,
                                transform.call_result_fact)
        transform.call_facts = transform.facts
    elif ctx.signature is not None and ctx.mode == "vjp" and transform.backend is None:
        # a callee's derivative for its arguments' facts (base.call_signature): the fact
        # of what the function returns, for its caller's Facts (Generated.result_fact)
        ctx.result_fact = result_fact(Facts(ctx.ops, node, ctx.signature, ctx.resolver), node)
    node = transform.run(ctx.mode, ctx.preserve_result)
    if transform.facts is not None:
        alias = {d: p for p, d in transform.adjoint_names.items()
                 if p not in transform.scalar_zeroed}
        node = known_shapes.rewrite(node, transform.facts, alias, ctx.symbols)
        node = known_shapes.drop_real_cotangents(node, transform.facts, ctx.symbols)
        node.body = known_shapes.drop_sequence_checks(node.body, transform.facts, ctx.symbols,
                                                       ctx.active)
    finish(ctx, node, transform)
    ctx.shape_only = transform.shape_only_values
    ctx.facts = transform.facts
    return node
