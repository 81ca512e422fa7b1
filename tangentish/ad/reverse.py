"""Reverse mode: from a normalized, activity-annotated function, build the
function that runs the primal code and then the adjoint code in reverse.

Shape of the output (``wrt`` = the differentiated parameters)::

    def <name>([d<out>, ]<the user's parameters>):
        <loop stacks>                          # one list per loop with active code
        <primal statements; loops push what their adjoint reads>
        d<out> = unit_cotangent(<out>)         # grad; vjp takes d<out> as a parameter
        # grad of: <user statement>
        <adjoint statements of that statement>
        ...
        return d<wrt> (a tuple for several; (out, d<wrt>) with preserve_result)

Adjoints are tracked statically: each is assigned at its first contribution
and summed afterwards (``dx = dx + ...``, never in place: a contribution may
alias another adjoint), so no adjoint starts as zeros -- except across control
flow, where a branch that contributes nothing assigns ``zeros_like`` and a loop
initializes the adjoints it accumulates into.  Crossing (backwards) the
statement that defines a name ends its adjoint: the earlier value is another
variable.

Control flow is replayed backwards.  ``if c:`` reuses the condition's value
(restored like any other).  A loop with active code records, per iteration,
the values its adjoint reads that the next iteration overwrites (one tuple on
the loop's stack) and counts its iterations; the reverse loop pops the tuples
in reverse order.  Nothing else is stored.
"""
import collections
import inspect
import operator
import types

import gast

from ..ir import annotations as anno
from ..ir import templates
from ..ir.nodes import assigned_names, located, statements, text
from .base import DerivativeTransform, binds_arguments, finish
from ..analyze.shapes import ShapeClasses
from . import derive
import builtins
from .. import runtime
from ..frontend.specialize import specialize_varargs
from ..core.markers import Derivative
from ..analyze.primitives import Kind


class State:
    """Which adjoint names hold a value at this point of the reverse code."""

    def __init__(self, assigned=()):
        self.assigned = set(assigned)

    def copy(self):
        return State(self.assigned)


class ReverseTransform(DerivativeTransform):
    def __init__(self, sf, fn_node, ops, active, namer, symbols, wrt, resolver, shapes=None):
        ops = list(ops)
        super().__init__(sf, fn_node, ops, active, namer, symbols, wrt, resolver)
        self.definitions = collections.defaultdict(list)     # name -> [(stmt, op)]
        for stmt, targets, op in ops:
            for t in targets:
                self.definitions[t].append((stmt, op))
        self.shapes = shapes
        self.scalar_zeroed = set()   # adjoints that may hold a plain 0.0 (shape unknown)
        self.adjoint_names = {}
        self.custom_grad_names = {}
        self.stack_inits = []
        self.stacks = {anno.get(st, key) for st in statements(fn_node.body)
                       for key in (anno.STACK_PUSH, anno.STACK_POP)} - {None}
        self.adjoint_stacks = set()
        self.definitely_defined = _definitely_defined(fn_node)
        # parameters, then names bound once at the top level: bound wherever adjoint code runs
        once = collections.Counter(n for stmt in fn_node.body for n in assigned_names(stmt))
        in_blocks = {n for top in fn_node.body if isinstance(top, (gast.If, gast.For, gast.While))
                     for st in statements([top]) for n in assigned_names(st)}
        self.n_params = len(fn_node.args.posonlyargs + fn_node.args.args + fn_node.args.kwonlyargs)
        self.stable_names = [a.id for a in fn_node.args.posonlyargs + fn_node.args.args
                             + fn_node.args.kwonlyargs] + [
            n for n in once if once[n] == 1 and n not in in_blocks]


    # -- names ------------------------------------------------------------
    def adjoint(self, name):
        if name not in self.adjoint_names:
            self.adjoint_names[name] = self.namer.adjoint(name)
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

    def simplify(self, node):
        """Drop ``unbroadcast(e, x)`` where ``e`` provably has ``x``'s shape."""
        if self.shapes is None:
            return node
        alias = {d: p for p, d in self.adjoint_names.items() if p not in self.scalar_zeroed}
        helper = self.symbols.get("unbroadcast", "unbroadcast")
        zero_at = self.symbols.get("zero_at", "zero_at")
        # helpers that read only the shape of one argument (its position)
        shape_only = {self.symbols.get(h, h): i for h, i in _SHAPE_ARGUMENT.items()}
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
                return call
        return Drop().visit(node)

    def shape_only_values(self):
        """A top-level elementwise result read only for its shape (by unbroadcast,
        unreduce...) is replaced there by the broadcast shape of earlier values, so
        it is not computed at all (np.mean(f(z) - y * z) needs neither product).
        Runs after dead-code elimination (the driver optimizes again after it)."""
        positions = {self.symbols.get(h, h): i for h, i in _SHAPE_ARGUMENT.items()}
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
        bound = {a.id for a in self.node.args.posonlyargs + self.node.args.args
                 + self.node.args.kwonlyargs}
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
            return [name] if name in stable else None
        leaves = []
        for p in entry.rule.params:
            if p in entry.rule.defaults:
                continue
            a = entry.bound[p]
            if _is_number(a):
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
            elif op.kind is Kind.NONDIFF and op.rule is not None and (
                    getattr(op.rule.primitive, "__module__", None) or "").startswith("numpy"):
                continue                     # np.zeros(n), np.arange(n)...: an array
            elif op.kind is Kind.CONSTANT:
                if isinstance(stmt.value, (gast.List, gast.Tuple, gast.Dict)):
                    return True
            elif op.kind is Kind.PRIMITIVE and op.rule.primitive is runtime.setitem:
                base = op.bound.get("a")
                if not isinstance(base, gast.Name) or self.may_be_container(base.id, seen):
                    return True
            elif op.kind is Kind.PRIMITIVE and (getattr(
                    op.rule.primitive, "__module__", None) or "").startswith(("numpy", "scipy")):
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

    def zeros(self, name):
        return templates.expr("zeros_like(x)", x=name, **self.symbols)

    # -- the function -----------------------------------------------------
    def run(self, mode, preserve_result):
        body = self.node.body
        ret = body[-1]
        primal = body[:-1]
        out_atom = ret.value
        state = State()
        seed_params, seed = [], []
        outputs = _output_names(out_atom)
        d_out_param = None
        if mode == "vjp":
            d_out_param = self.namer.new("d" + (outputs[0] if len(outputs) == 1 and
                                                isinstance(out_atom, gast.Name) else "out"))
            seed_params.append(d_out_param)
            if isinstance(out_atom, gast.Name):
                if out_atom.id in self.active:
                    seed.append(templates.assign(self.adjoint(out_atom.id), templates.name(d_out_param)))
                    state.assigned.add(self.adjoint(out_atom.id))
            elif isinstance(out_atom, (gast.Tuple, gast.List)):
                def seed_items(display, cotangent):
                    # return (a, (b, c)): each element's cotangent is dout[i] (dout[i][j]...)
                    for i, elt in enumerate(display.elts):
                        part = gast.Subscript(value=cotangent, slice=templates.const(i),
                                              ctx=gast.Load())
                        if isinstance(elt, gast.Name) and elt.id in self.active:
                            self.accumulate(elt.id, part, seed, state)
                        elif isinstance(elt, (gast.Tuple, gast.List)):
                            seed_items(elt, part)
                        elif any(isinstance(n, gast.Name) and n.id in self.active
                                 for n in gast.walk(elt)):
                            raise self.sf.error("cannot differentiate a nested container display "
                                                "in a return", "build the inner container on a "
                                                "line of its own", located(ret))
                seed_items(out_atom, templates.name(d_out_param))
        else:
            if isinstance(out_atom, gast.Name) and out_atom.id in self.active:
                d_out = self.adjoint(out_atom.id)
                leaves = self.real_leaves(out_atom.id) if (
                    not preserve_result and self.provably_scalar(out_atom.id)) else None
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
            else:
                seed.append(gast.Expr(value=templates.expr("unit_cotangent(y)", y=out_atom,
                                                           **self.symbols)))
        for stmt in statements(primal):
            entry = self.ops.get(id(stmt))
            if entry is not None and entry[1].kind is Kind.CUSTOM and entry[0][0] in self.active:
                if len(entry[0]) == 2:        # already y, y_grad = f.with_grad(x)
                    self.custom_grad_names[entry[0][0]] = entry[0][1]
                else:
                    self.call_with_grad(stmt, entry[0][0])
        forward, backward = self.block(primal, state)
        results = []
        for w in self.wrt:
            d = self.adjoint_names.get(w)
            if d is None or d not in state.assigned:
                d = self.adjoint(w)
                backward.append(templates.assign(d, self.zeros(w)))
            else:
                # a real input gets a real gradient (the cotangent's real part)
                backward.append(templates.assign(d, templates.expr(
                    "real_cotangent(d, x)", d=templates.name(d), x=templates.name(w),
                    **self.symbols)))
            results.append(templates.name(d))
        value = results[0] if len(results) == 1 else gast.Tuple(elts=results, ctx=gast.Load())
        if preserve_result:
            # the adjoint's loops restore earlier values into loop-carried names:
            # keep the result under a name of its own
            kept = self.namer.new("result")
            seed.insert(0, templates.assign(kept, out_atom))
            value = gast.Tuple(elts=[templates.name(kept), value], ctx=gast.Load())
        self.node.body = self.stack_inits + forward + seed + backward + [gast.Return(value=value)]
        # The output cotangent comes first, so the user's defaults stay aligned.
        for p in seed_params:
            target = self.node.args.posonlyargs if self.node.args.posonlyargs else self.node.args.args
            target.insert(0, templates.name(p))
        return self.node

    # -- blocks -------------------------------------------------------------
    def block(self, stmts, state):
        """(forward statements, reverse statements) for a statement list."""
        forward = []
        for stmt in stmts:
            forward.append(stmt)
        backward = []
        current_origin = None
        fwd_out = list(forward)
        for i in range(len(stmts) - 1, -1, -1):
            stmt = stmts[i]
            if isinstance(stmt, gast.If) and not _is_break(stmt):
                fwd, rev = self.if_statement(stmt, state)
                fwd_out[i] = fwd
            elif isinstance(stmt, (gast.For, gast.While)):
                fwd, rev = self.loop(stmt, state)
                fwd_out[i] = fwd
            elif isinstance(stmt, gast.Assign):
                rev = self.assignment(stmt, state)
            elif anno.get(stmt, anno.STACK_PUSH) is not None:
                rev = self.push_adjoint(stmt, state)
            else:
                rev = []
            if not rev:
                continue
            origin = anno.get(stmt, anno.ORIGIN)
            if origin is not None and origin != current_origin and isinstance(stmt, gast.Assign):
                backward.append(templates.comment("grad of: " + origin[2]))
                current_origin = origin
            elif not isinstance(stmt, gast.Assign):
                current_origin = None
            backward.extend(rev)
        flat = []
        for f in fwd_out:
            flat.extend(f if isinstance(f, list) else [f])
        return flat, backward

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
                g = templates.name(self.namer.new("d_" + "_".join(targets)))
                out.append(templates.assign(g.id, gast.Tuple(
                    elts=[templates.name(d) if d in state.assigned else self.zeros(t)
                          for t, d in zip(targets, d_targets)], ctx=gast.Load())))
            self.statement_adjoint(stmt, targets, op, g, out, state)
        for d in d_targets:          # the value before this definition is another variable
            state.assigned.discard(d)
        return out

    def if_statement(self, stmt, state):
        then_state, else_state = state.copy(), state.copy()
        fwd_then, rev_then = self.block(stmt.body, then_state)
        fwd_else, rev_else = self.block(stmt.orelse, else_state)
        outside = _defined_before(self.node, stmt)
        defined = self.definitely_defined.get(id(stmt), set())
        for d_only, other_rev, other_state in ((then_state.assigned - else_state.assigned, rev_else,
                                                else_state),
                                               (else_state.assigned - then_state.assigned, rev_then,
                                                then_state)):
            for d in sorted(d_only):
                primal = self._primal_of(d)
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
        rev = gast.If(test=stmt.test, body=rev_then or [gast.Pass()], orelse=rev_else)
        return fwd, [rev]

    def _primal_of(self, d):
        for primal, adj in self.adjoint_names.items():
            if adj == d:
                return primal
        return None

    def loop(self, stmt, state):
        if not any(n in self.active for s in statements(stmt.body)
                   for n in assigned_names(s)):
            return stmt, []        # no derivative flows through this loop
        body = list(stmt.body)
        tail = []                  # back-edge copies and the final `if flag: break`
        while body and (anno.get(body[-1], anno.BACK_EDGE) or _is_break(body[-1])):
            tail.insert(0, body.pop())
        copies = [s for s in tail if not _is_break(s)]
        carried = [c.targets[0].id for c in copies]
        defined_inside = set(carried) | {n for s in body for n in _store_names_deep(s)}
        if isinstance(stmt, gast.For):
            defined_inside.add(stmt.target.id)
        # Adjoints the reverse body accumulates into that live outside the loop.
        reads = {n for s in body for n in _load_names(s)} | \
            {c.value.id for c in copies if isinstance(c.value, gast.Name)}
        outside = sorted(n for n in reads if n in self.active and n not in defined_inside
                         and n not in self.stacks)
        pre = []
        for name in outside + [c for c in carried if c in self.active]:
            d = self.adjoint(name)
            if d not in state.assigned:
                pre.append(templates.assign(d, self.zeros(name)))
                state.assigned.add(d)
        inner = state.copy()
        rev_tail = []
        for c in reversed(copies):
            rev_tail += self.assignment(c, inner)
        fwd_body, rev_body = self.block(body, inner)
        defined_inside |= {n for s in fwd_body for n in _store_names_deep(s)}
        for c in carried:
            d = self.adjoint_names.get(c)
            if c in self.active and d not in inner.assigned:
                rev_body.append(templates.assign(d, self.zeros(c)))
        rev_code = rev_tail + rev_body
        saved = sorted({n for s in rev_code for n in _load_names(s) if n in defined_inside})
        # names bound on some paths through the body only: None on the others
        always = _bound_on_every_path(body) | set(carried)
        if isinstance(stmt, gast.For):
            always.add(stmt.target.id)
        for n in saved:
            if n not in always:
                placeholder = templates.assign(n, templates.const(None))
                anno.set(placeholder, anno.PLACEHOLDER, True)
                fwd_body.insert(0, placeholder)
        base = stmt.target.id if isinstance(stmt, gast.For) else "loop"
        count = self.namer.new(f"n_{base}")
        stack = self.namer.new(f"{base}_stack")
        # Iterations to replay: a for loop over range() without break runs len(range(...))
        # times, known before it starts; other loops count as they go.
        counted = not (isinstance(stmt, gast.For) and _is_range_call(stmt.iter, self.resolver)
                       and not any(_is_break(t) for t in tail))
        if counted:
            forward = [templates.assign(count, templates.const(0))]
        else:
            forward = [templates.assign(count, templates.expr("len(r)", r=stmt.iter))]
        push = []
        if saved:
            self.stack_inits.append(templates.assign(stack, gast.List(elts=[], ctx=gast.Load())))
            # a value the adjoint reads only for its shape is stored as its shape
            shape_only = _shape_only_names(rev_code, self.symbols) - set(carried)

            def record(n):
                if n in shape_only:
                    return templates.expr("shape_of(x)", x=n, **self.symbols)
                return templates.name(n)
            pushed = record(saved[0]) if len(saved) == 1 else gast.Tuple(
                elts=[record(n) for n in saved], ctx=gast.Load())
            push.append(gast.Expr(value=gast.Call(
                func=gast.Attribute(value=templates.name(stack), attr="append", ctx=gast.Load()),
                args=[pushed], keywords=[])))
        if counted:
            push.append(templates.assign(count, templates.expr("n + 1", n=count)))
        new_loop = type(stmt)(**{f: getattr(stmt, f) for f in stmt._fields})
        new_loop.body = fwd_body + push + tail
        forward.append(new_loop)
        pop = []
        if saved:
            target = templates.name(saved[0], store=True) if len(saved) == 1 else gast.Tuple(
                elts=[templates.name(n, store=True) for n in saved], ctx=gast.Store())
            pop.append(gast.Assign(targets=[target], value=gast.Call(
                func=gast.Attribute(value=templates.name(stack), attr="pop", ctx=gast.Load()),
                args=[], keywords=[]), type_comment=None))
        header = _loop_header(stmt)
        reverse_loop = gast.For(target=templates.name(self.namer.new("_"), store=True),
                                iter=templates.expr("range(n)", n=count),
                                body=[templates.comment("grad of: " + header)] + pop + rev_code,
                                orelse=[], type_comment=None)
        return forward, pre + [reverse_loop]

    # -- one statement -------------------------------------------------------
    def call_with_grad(self, stmt, target):
        """``y = f(x)`` with a custom gradient -> ``y, y_grad = f.with_grad(x)``."""
        grad_fn = self.namer.new(target + "_grad")
        self.custom_grad_names[target] = grad_fn
        stmt.targets = [gast.Tuple(elts=[templates.name(target, store=True),
                                         templates.name(grad_fn, store=True)], ctx=gast.Store())]
        call = stmt.value
        stmt.value = gast.Call(func=gast.Attribute(value=call.func, attr="with_grad", ctx=gast.Load()),
                               args=call.args, keywords=[])
        self.ops[id(stmt)] = ((target,), self.ops[id(stmt)][1])

    def statement_adjoint(self, stmt, targets, op, d_target, out, state):
        if op.kind in (Kind.STOP_GRADIENT, Kind.CONSTANT, Kind.NONDIFF):
            return                   # nothing flows back into constants
        if op.kind is Kind.CUSTOM:
            self.custom_adjoint(targets[0], op, d_target, out, state)
            return
        if op.kind is Kind.COPY:
            (source,) = op.inputs
            if source in self.active:
                self.accumulate(source, d_target, out, state)
            return
        if op.kind in (Kind.CALL, Kind.DYNAMIC_CALL):
            self.check_callee(stmt, op)
            self.call_adjoint(stmt, op, d_target, out, state)
            return
        if op.kind is Kind.PACK:
            self.pack_adjoint(stmt.value, d_target, out, state)
            return
        if op.kind is Kind.STACK_POP:
            self.pop_adjoint(stmt, targets, op, out, state)
            return
        if op.kind is not Kind.PRIMITIVE:
            raise self.refuse(stmt, op)
        self.check_container_arithmetic(stmt, op)
        # the output: one name, or the tuple of names a multi-output primitive was
        # unpacked into (w, v = np.linalg.eigh(a): the rule's ``ans`` is the pair)
        ans = templates.name(targets[0]) if len(targets) == 1 else gast.Tuple(
            elts=[templates.name(t) for t in targets], ctx=gast.Load())
        for p in op.rule.differentiable_params:
            atom = op.bound[p]
            if p in op.rule.sequences and isinstance(atom, (gast.List, gast.Tuple)):
                for i, elt in enumerate(atom.elts):
                    if isinstance(elt, gast.Name) and elt.id in self.active:
                        value = derive.cotangent(op.rule, p, op.bound, ans,
                                                 d_target, self.symbols, element=i)
                        self.accumulate(elt.id, value, out, state)
                continue
            if p in op.rule.whole and isinstance(atom, gast.Name) and atom.id in self.active:
                value = templates.substitute(op.rule.whole[p], dict(self.symbols, **op.bound,
                                                                    g=d_target))
                self.accumulate(atom.id, value, out, state)
                continue
            if p in op.rule.sequences and isinstance(atom, gast.Name) and atom.id in self.active:
                # A list held in a variable: one cotangent per element.
                k = self.namer.new("k")
                element = derive.cotangent(op.rule, p, op.bound, ans, d_target,
                                           self.symbols, element=k)
                value = gast.Call(func=templates.name(self.symbols.get("list_cotangent",
                                                                       "list_cotangent")),
                                  args=[gast.ListComp(elt=element, generators=[gast.comprehension(
                                      target=templates.name(k, store=True),
                                      iter=templates.expr("range(len(xs))", xs=atom), ifs=[],
                                      is_async=0)])], keywords=[])
                self.accumulate(atom.id, value, out, state)
                continue
            if not (isinstance(atom, gast.Name) and atom.id in self.active):
                if any(isinstance(n, gast.Name) and n.id in self.active for n in gast.walk(atom)):
                    raise self.sf.error(f"cannot differentiate {op.what} with an active value "
                                        f"inside the container passed as {p!r}",
                                        "pass arrays directly", located(stmt))
                continue
            try:
                value = derive.cotangent(op.rule, p, op.bound, ans, d_target,
                                         self.symbols)
            except derive.DerivationError as exc:
                raise self.sf.error(f"no reverse-mode derivative for {op.what}: {exc}",
                                    "register a rule with tangentish.register", located(stmt))
            self.accumulate(atom.id, value, out, state)

    def real_leaves(self, name, depth=0, seen=None):
        """Names whose holding no complex numbers makes ``name`` real: ``name`` is
        computed from them by operations that map real inputs to real results (most
        rules; math.* and np.abs / np.real ... are real whatever their input).  A
        value made otherwise (a call, an FFT, a cast, a complex constant) is a leaf
        itself: its own value is checked."""
        seen = set() if seen is None else seen
        seen.add(name)
        defs = [entry for entry in self.ops.values() if name in entry[0]]
        if not defs or depth > 30:
            return [name]                  # a parameter, a global or closure value
        leaves = []
        for targets, op in defs:
            if op.kind is Kind.COPY:
                operands = [templates.name(op.inputs[0])]
            elif op.kind in (Kind.CONSTANT, Kind.NONDIFF, Kind.STOP_GRADIENT) and not _complex_literal(op):
                continue
            elif op.kind is Kind.PRIMITIVE and len(targets) == 1 and not _complex_literal(op):
                symbol = op.rule.symbol
                if symbol.startswith("math.") or symbol in _ALWAYS_REAL:
                    continue
                if symbol.startswith(("np.fft.", "np.emath.")) or symbol in _MAY_MAKE_COMPLEX \
                        or "dtype" in op.rule.params or symbol in _SELECTS:
                    # (a selection from a container is checked itself: a complex value
                    # elsewhere in the container does not make the output complex)
                    operands = None
                else:
                    operands = list(op.bound.values())
            elif op.kind is Kind.PACK:
                return [None]      # a container built here: check the output itself
            else:
                operands = None
            if operands is None:
                if name not in leaves:
                    leaves.append(name)
                continue
            for a in operands:
                for n in gast.walk(a):
                    if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load) and n.id not in seen:
                        for leaf in self.real_leaves(n.id, depth + 1, seen):
                            if leaf not in leaves:
                                leaves.append(leaf)
        return leaves

    def provably_scalar(self, name, depth=0):
        """True when ``name`` is a full reduction (np.sum(x), np.mean(x)...), a math.*
        result, or arithmetic on such values and numbers: a scalar whatever the inputs."""
        if depth > 50:
            return False
        defs = [entry for entry in self.ops.values() if name in entry[0]]
        if len(defs) != 1 or len(defs[0][0]) != 1:
            return False
        op = defs[0][1]
        if op.kind is Kind.COPY:
            return self.provably_scalar(op.inputs[0], depth + 1)
        if op.kind is not Kind.PRIMITIVE:
            return False
        rule = op.rule
        symbol = rule.symbol
        if symbol in _FULL_REDUCTIONS:
            axis, keep = op.bound.get("axis"), op.bound.get("keepdims")
            return (isinstance(axis, gast.Constant) and axis.value is None
                    and (keep is None or (isinstance(keep, gast.Constant) and keep.value is False)))
        if symbol.startswith("math."):
            return True
        if rule.elementwise or symbol in ("operator.neg", "operator.pos"):
            operands = [op.bound[p] for p in rule.differentiable_params]
            return all(_is_number(a) or (isinstance(a, gast.Name)
                                         and self.provably_scalar(a.id, depth + 1))
                       for a in operands)
        return False

    def adjoint_stack(self, stack):
        """The stack of cotangents mirroring ``stack`` (created at function entry)."""
        d = self.adjoint(stack)
        if d not in self.adjoint_stacks:
            self.adjoint_stacks.add(d)
            self.stack_inits.append(templates.assign(d, gast.List(elts=[], ctx=gast.Load())))
        return d

    def pop_adjoint(self, stmt, targets, op, out, state):
        """``v = s.pop()`` backwards: push ``dv`` onto ``s``'s cotangent stack."""
        (stack,) = op.inputs
        if stack not in self.active:
            return
        parts = [templates.name(self.adjoint_names[t]) if self.adjoint_names.get(t) in state.assigned
                 else self.zeros(t) for t in targets]
        value = parts[0] if isinstance(stmt.targets[0], gast.Name) else gast.Tuple(
            elts=parts, ctx=gast.Load())
        out.append(gast.Expr(value=gast.Call(func=gast.Attribute(
            value=templates.name(self.adjoint_stack(stack)), attr="append", ctx=gast.Load()),
            args=[value], keywords=[])))

    def push_adjoint(self, stmt, state):
        """``s.append(v)`` backwards: ``dv`` is the top of ``s``'s cotangent stack."""
        stack = anno.get(stmt, anno.STACK_PUSH)
        if stack not in self.active:
            return []
        item = stmt.value.args[0]
        elements = item.elts if isinstance(item, gast.Tuple) else [item]
        if not any(isinstance(e, gast.Name) and e.id in self.active for e in elements):
            return []
        out = []
        top = self.namer.new(stack + "_top")
        out.append(templates.assign(top, gast.Call(func=gast.Attribute(
            value=templates.name(self.adjoint_stack(stack)), attr="pop", ctx=gast.Load()),
            args=[], keywords=[])))
        for i, e in enumerate(elements):
            if isinstance(e, gast.Name) and e.id in self.active:
                part = templates.name(top) if not isinstance(item, gast.Tuple) else gast.Subscript(
                    value=templates.name(top), slice=templates.const(i), ctx=gast.Load())
                self.accumulate(e.id, part, out, state)
        return out

    def pack_adjoint(self, display, d_target, out, state):
        """``t = (a, b)`` / ``[a, b]`` / ``{"k": a}``: each element's cotangent is ``dt[i]``."""
        if isinstance(display, gast.Dict):
            pairs = list(zip(display.keys, display.values))
        else:
            pairs = [(templates.const(i), e) for i, e in enumerate(display.elts)]
        for key, elt in pairs:
            if isinstance(elt, gast.Name) and elt.id in self.active:
                self.accumulate(elt.id, gast.Subscript(value=d_target, slice=key, ctx=gast.Load()),
                                out, state)
            elif any(isinstance(n, gast.Name) and n.id in self.active for n in gast.walk(elt)):
                raise self.sf.error("cannot differentiate a nested container display",
                                    "build the inner container on a line of its own",
                                    located(display))

    def custom_adjoint(self, target, op, d_target, out, state):
        grad_fn = templates.name(self.custom_grad_names[target])
        # the user's gradient function gets the cotangent of a real output as a real value
        upstream = templates.expr("real_cotangent(d, y)", d=d_target, y=templates.name(target),
                                  **self.symbols)
        call = gast.Call(func=grad_fn, args=[upstream], keywords=[])
        active = [(i, n) for i, n in enumerate(op.inputs) if n in self.active]
        if len(op.inputs) == 1:
            self.accumulate(active[0][1], call, out, state)
            return
        cts = self.namer.new(target + "_cotangents")
        out.append(templates.assign(cts, call))
        for i, n in active:
            self.accumulate(n, gast.Subscript(value=templates.name(cts), slice=templates.const(i),
                                              ctx=gast.Load()), out, state)

    def call_adjoint(self, stmt, op, d_target, out, state):
        """``y = g(a, b)`` -> ``da, db = vjp_g(dy, a, b)``: the callee's own generated derivative."""
        call = stmt.value
        actives = self.active_arguments(stmt, op)
        if not actives:
            return
        args = list(call.args)
        if op.kind is Kind.CALL and op.rule is runtime.vjp_call:
            # vjp_call(fn, wrt, dy, *args): the vjp of fn's generated vjp, at run time
            where = gast.Tuple(elts=[templates.const(p - 2 if isinstance(p, int) else p)
                                     for p, _ in actives], ctx=gast.Load())
            value = gast.Call(func=templates.name(self.symbols.get("vjp_call_vjp", "vjp_call_vjp")),
                              args=args[:2] + [where, d_target] + args[2:],
                              keywords=list(call.keywords))
            slots = [(i, None) for i in range(len(actives))]
            wrt_count = len(actives)
        elif op.kind is Kind.DYNAMIC_CALL or binds_arguments(op):
            wrt = gast.Tuple(elts=[templates.const(p) for p, _ in actives], ctx=gast.Load())
            value = gast.Call(func=templates.name(self.symbols.get("vjp_call", "vjp_call")),
                              args=[call.func, wrt, d_target] + args, keywords=list(call.keywords))
            slots = [(i, None) for i in range(len(actives))]
            wrt_count = len(actives)
        else:
            with self.callee_errors_at(stmt, op.what):
                func, receiver, wrt_names, slots = self.callee_derivative(
                    op.rule, call, [p for p, _ in actives], stmt)
            if receiver is not None:
                args = [receiver] + args
            value = gast.Call(func=templates.name(func), args=[d_target] + args,
                              keywords=list(call.keywords))
            wrt_count = len(wrt_names)
        names = [n for _, n in actives]
        if wrt_count == 1 and len(names) == 1 and slots[0][1] is None:
            self.accumulate(names[0], value, out, state)
            return
        # One result per differentiated parameter (a tuple for *args), then each argument.
        temps = [self.namer.new(f"d{getattr(op.rule, '__name__', 'call')}_{k}")
                 for k in range(wrt_count)]
        target = templates.name(temps[0], store=True) if wrt_count == 1 else gast.Tuple(
            elts=[templates.name(t, store=True) for t in temps], ctx=gast.Store())
        out.append(gast.Assign(targets=[target], value=value, type_comment=None))
        for n, (k, j) in zip(names, slots):
            part = templates.name(temps[k])
            if j is not None:
                part = gast.Subscript(value=part, slice=templates.const(j), ctx=gast.Load())
            self.accumulate(n, part, out, state)

    def callee_derivative(self, fn, call, wrt, stmt):
        """(emitted name of ``fn``'s vjp, receiver, its wrt parameter names, and for each
        active argument (index into those names, index inside ``*args`` or None))."""
        receiver = None
        target = fn
        if isinstance(target, Derivative):
            target = target.generated
        if isinstance(target, types.MethodType):
            receiver = self.receiver_of(call, target)
            target = target.__func__
        if not any(isinstance(a, gast.Starred) for a in call.args):
            with self.callee_errors_at(stmt, text(call.func)):
                target = specialize_varargs(target, len(call.args) + (receiver is not None),
                                            [k.arg for k in call.keywords])
        params = inspect.signature(target, follow_wrapped=False).parameters.values()
        positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY,
                                                             p.POSITIONAL_OR_KEYWORD)]
        vararg = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), None)
        offset = 1 if receiver is not None else 0
        wrt_names, slots = [], []
        for w in wrt:
            inner = None
            if isinstance(w, int):
                pos = w + offset
                if pos < len(positional):
                    name = positional[pos]
                elif vararg is not None:
                    name, inner = vararg, pos - len(positional)
                else:
                    raise self.sf.error(f"too many arguments in the call to {text(call.func)}()",
                                        "", located(stmt))
            else:
                name = w
            if name not in wrt_names:
                wrt_names.append(name)
            slots.append((wrt_names.index(name), inner))
        return self.callee_symbol(target, wrt_names, "vjp"), receiver, wrt_names, slots


# -- helpers -----------------------------------------------------------------
_FULL_REDUCTIONS = {"np.sum", "np.mean", "np.max", "np.min", "np.amax", "np.amin", "np.prod"}
# real for real inputs, or real whatever the input (for the complex-output check of a seed)
_REAL_PRESERVING = {"operator.getitem", "operator.neg", "operator.pos", "np.transpose", "np.reshape", "operator.matmul",
                    "np.dot", "np.matmul", "np.var", "np.std", "np.ravel", "np.cumsum"}
_ALWAYS_REAL = {"np.abs", "abs", "np.real", "np.imag", "np.angle", "np.linalg.norm"}
_MAY_MAKE_COMPLEX = {"astype", "complex", "np.vectorize", "real_cotangent"}
_SELECTS = {"operator.getitem", "iteration_item", "dict_key"}


def _complex_literal(op):
    return any(isinstance(n, gast.Constant) and isinstance(n.value, complex)
               for a in (op.bound or {}).values() for n in gast.walk(a))


_SHAPE_ARGUMENT = {"unbroadcast": 1, "unreduce": 1, "broadcast_to_like": 1, "mean_count": 0,
                   "zero_at": 2}


def _shape_only_names(code, symbols):
    """Names every read of which in ``code`` is a helper argument used only for its shape."""
    positions = {symbols.get(h, h): i for h, i in _SHAPE_ARGUMENT.items()}
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


def _is_range_call(node, resolver):
    return (isinstance(node, gast.Call) and isinstance(node.func, gast.Name)
            and resolver.resolve(node.func) is builtins.range)


def _is_number(node):
    return isinstance(node, gast.Constant) and type(node.value) in (int, float)

def _bound_on_every_path(block):
    bound = set()
    for s in block:
        if isinstance(s, gast.Assign) and not anno.get(s, anno.PLACEHOLDER):
            bound.update(assigned_names(s))
        elif isinstance(s, gast.If):
            bound |= _bound_on_every_path(s.body) & _bound_on_every_path(s.orelse)
    return bound


def _definitely_defined(fn_node):
    """For each if statement: the names bound on every path that reaches it."""
    at_if = {}
    params = {a.id for a in fn_node.args.posonlyargs + fn_node.args.args + fn_node.args.kwonlyargs}

    def walk(block, defined):
        defined = set(defined)
        for s in block:
            if isinstance(s, gast.Assign) and not anno.get(s, anno.PLACEHOLDER):
                defined.update(n.id for t in s.targets for n in gast.walk(t)
                               if isinstance(n, gast.Name))
            elif isinstance(s, gast.If):
                at_if[id(s)] = set(defined)
                defined = walk(s.body, defined) & walk(s.orelse, defined)
            elif isinstance(s, (gast.For, gast.While)):
                walk(s.body, defined)        # the body may not run: adds nothing after
        return defined

    walk(fn_node.body, params)
    return at_if


def _output_names(atom):
    if isinstance(atom, gast.Name):
        return [atom.id]
    if isinstance(atom, gast.Tuple):
        return [e.id for e in atom.elts if isinstance(e, gast.Name)]
    return []


def _store_names_deep(stmt):
    return [n.id for n in gast.walk(stmt) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)]


def _load_names(stmt):
    return [n.id for n in gast.walk(stmt) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)]


def _is_break(stmt):
    return isinstance(stmt, gast.If) and len(stmt.body) == 1 and isinstance(stmt.body[0], gast.Break)


def _defined_before(fn_node, stmt):
    """Names assigned outside ``stmt`` (parameters included)."""
    inside = set(_store_names_deep(stmt))
    names = {a.id for a in fn_node.args.posonlyargs + fn_node.args.args + fn_node.args.kwonlyargs}
    for n in gast.walk(fn_node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) and n.id not in inside:
            names.add(n.id)
    return names


def _loop_header(stmt):
    if isinstance(stmt, gast.For):
        return f"for {text(stmt.target)} in {text(stmt.iter)}"
    return f"while {text(stmt.test)}"


def run(ctx, node):
    """The primal code, then the adjoint statements in reverse order."""
    node.name = ctx.namer.new(f"{ctx.mode}_{ctx.sf.name}")
    shapes = ShapeClasses(ctx.ops, ctx.resolver)
    transform = ReverseTransform(ctx.sf, node, ctx.ops, ctx.active, ctx.namer, ctx.symbols,
                                 ctx.wrt, ctx.resolver, shapes)
    node = transform.run(ctx.mode, ctx.preserve_result)
    finish(ctx, node, transform)
    ctx.shape_only = transform.shape_only_values
    return node
