"""Loops and stacks backwards.  A loop with active code records, per
iteration, the values its adjoint reads that the next iteration overwrites
(one tuple on the loop's stack) and counts its iterations; the reverse loop
pops the tuples in reverse order (``for i in range(...)`` without break, its bounds
untouched by the loop, replays as ``for i in reversed(range(...))``: the index is
not stored).  A list used as a stack (``s.append(v)`` /
``v = s.pop()``) gets a cotangent stack that mirrors it."""
import builtins
import copy
import functools

import gast

from ..analyze import kinds
from ..ir import annotations as anno, templates
from ..ir.naming import UNUSED_LOOP_VARIABLE, loop_counter_name, loop_stack_name, stack_top_name
from ..ir.nodes import assigned_names, loaded_names, statements
from .inplace import (NO_INPLACE, accumulate_in_place, accumulated, clear_in_place,
                      fresh_on_entry, in_a_loop, write_in_place)
from .flow import bound_on_every_path, is_break, is_range_call, loop_header, store_names_deep
from .recompute import Unchanged, element_reads
from .shape_only import shape_only_names


class LoopReversal:
    """Part of ReverseTransform: loops, and pushes and pops of stacks."""

    #: names the reverse iterations being built recompute (ad/recompute.py): bound there
    recomputable = frozenset()

    @functools.cached_property
    def user_names(self):
        """The names the user's function binds (kept as they are)."""
        return set(getattr(getattr(self.sf.fn, "__code__", None), "co_varnames", ()))

    @functools.cached_property
    def unchanged(self):
        return Unchanged(self.node, self.definitions, self.facts, self.resolver)

    def loop(self, stmt, state):
        if not any(n in self.active for s in statements(stmt.body)
                   for n in assigned_names(s)):
            return stmt, []        # no derivative flows through this loop
        body = list(stmt.body)
        tail = []                  # back-edge copies and the final `if flag: break`
        while body and (anno.get(body[-1], anno.BACK_EDGE) or is_break(body[-1])):
            tail.insert(0, body.pop())
        copies = [s for s in tail if not is_break(s)]
        carried = [c.targets[0].id for c in copies]
        defined_inside = set(carried) | {n for s in body for n in store_names_deep(s)}
        if isinstance(stmt, gast.For):
            defined_inside.add(stmt.target.id)
        pre = self.loop_adjoint_inits(body, copies, carried, defined_inside, state)
        reads = element_reads(stmt, body, defined_inside, self.definitions, self.unchanged)
        outer, self.recomputable = self.recomputable, self.recomputable | set(reads)
        fwd_body, rev_code = self.reverse_loop_body(body, copies, carried, state)
        self.recomputable = outer
        if self.backend not in NO_INPLACE:
            pre += self.in_place_adjoint(stmt, rev_code, pre)
        defined_inside |= {n for s in fwd_body for n in store_names_deep(s)}
        rereads = self.rereads(body, reads, rev_code)
        saved = sorted(n for n in exposed_reads(rereads + rev_code)
                       if n in defined_inside and n not in reads)
        replayed = self.replayable_range(stmt, defined_inside)
        if replayed:                # the reverse loop recomputes the index: not stored
            saved = [n for n in saved if n != stmt.target.id]
        self.insert_placeholders(stmt, body, carried, saved, fwd_body)
        base = stmt.target.id if isinstance(stmt, gast.For) else "loop"
        stack = self.namer.new(loop_stack_name(base))
        # a loop outside loops pushes one tuple per iteration onto a stack of its own:
        # the stack's length counts its iterations
        count = self.iteration_count(stmt, tail, saved, stack)
        arrays = {n for n, k in kinds.infer(self.node, self.resolver).items() if k == "num"}
        written = write_in_place(fwd_body, tail, saved, arrays, self.symbols) \
            if self.backend not in NO_INPLACE else []
        forward = self.recording_loop(stmt, fwd_body, tail, saved, rev_code, carried, count,
                                      stack)
        forward[-1:-1] = [self.private_copy(n) for n in written
                          if not fresh_on_entry(self.node, stmt, n, self.resolver)]
        replay = self.replay_loop(stmt, saved, rereads + rev_code, count, stack)
        if replayed:
            replay.target = templates.name(stmt.target.id, store=True)
            replay.iter = self.replayed_indices(stmt, tail, replay.iter.args[0])
        return forward, pre + [replay]

    def iteration_count(self, stmt, tail, saved, stack):
        """How the reverse loop knows the number of iterations: a name (a counter, or
        ``len(range(...))`` known before the loop starts), or ``len(<stack>)`` for a
        loop outside loops that pushes onto its stack in every iteration, in code
        specialized to a signature (never differentiated again: generic code reading
        the stack's length would be refused by analyze/aliasing.py there)."""
        if (saved and self.facts is not None and _counted(stmt, tail, self.resolver)
                and not in_a_loop(self.node, stmt)):
            return templates.expr("len(s)", s=stack)
        return templates.name(self.namer.new(loop_counter_name(
            stmt.target.id if isinstance(stmt, gast.For) else "loop")))

    def replayed_indices(self, stmt, tail, count):
        """``reversed(range(...))``; after a break, the first ``count`` of them only."""
        if not any(is_break(t) for t in tail):
            return templates.expr("reversed(r)", r=stmt.iter)
        if len(stmt.iter.args) == 1 and not stmt.iter.keywords:
            return templates.expr("reversed(range(n))", n=count)     # 0, 1, ..., count - 1
        return templates.expr("reversed(r[:n])", r=stmt.iter, n=count)

    def rereads(self, body, reads, rev_code):
        """The element reads (``reads``, by name) one reverse iteration ``rev_code`` reads
        the results of, recomputed at its start instead of stored (ad/recompute.py)."""
        needed = {n for s in rev_code for n in loaded_names(s)}
        for s in reversed(body):       # and the reads those reads read (X_i of X_i[0])
            if _bound_name(s) in needed and reads.get(_bound_name(s)) is s:
                needed |= set(loaded_names(s))
        out, first, renamed = [], {}, {}
        for s in body:
            name = _bound_name(s)
            if not (name in reads and reads[name] is s and name in needed):
                continue
            value = copy.deepcopy(s.value)
            for n in gast.walk(value):
                if isinstance(n, gast.Name) and n.id in renamed:
                    n.id = renamed[n.id]
            if isinstance(value, gast.Call) and len(value.args) == 2 \
                    and self.unchanged.sequence(value.args[0].id):     # iteration_item(x, k)
                value = gast.Subscript(value=value.args[0], slice=value.args[1], ctx=gast.Load())
            key = gast.dump(value)
            if key in first:           # x[i] read twice: one name for the one value
                renamed[name] = first[key]
                for n in (n for st in rev_code for n in gast.walk(st)):
                    if isinstance(n, gast.Name) and n.id == name:
                        n.id = first[key]
                continue
            first[key] = name
            if name not in self.user_names:   # its own name: the forward read may fold
                fresh = self.namer.new(name)
                _rename_loads(rev_code, name, fresh)
                renamed[name], first[key], name = fresh, fresh, fresh
            again = templates.assign(name, value)
            if anno.get(s, anno.ORIGIN) is not None:
                anno.set(again, anno.ORIGIN, anno.get(s, anno.ORIGIN))
            out.append(again)
        return out

    def replayable_range(self, stmt, defined_inside):
        """Whether ``stmt`` is ``for i in range(...)`` whose bounds the loop leaves
        alone, so ``for i in reversed(range(...))`` replays it (after a break, the
        first iterations only, as many as it counted)."""
        return (isinstance(stmt, gast.For) and isinstance(stmt.target, gast.Name)
                and is_range_call(stmt.iter, self.resolver)
                and not any(n in defined_inside for n in loaded_names(stmt.iter))
                and self.resolver.resolve(templates.name("reversed")) is builtins.reversed)

    def in_place_adjoint(self, stmt, rev_code, pre):
        """Accumulate into and clear the cotangent arrays of one reverse iteration in
        place (ad/inplace.py); the copies of those not allocated for the loop."""
        zeroed = [p.targets[0].id for p in pre]
        owned = zeroed if in_a_loop(self.node, stmt) else accumulated(rev_code, self.symbols)
        shared = [d for d in accumulate_in_place(rev_code, owned, self.symbols)
                  if d not in zeroed]
        return [self.private_copy(d) for d in shared + clear_in_place(rev_code, self.symbols)
                if d not in zeroed]

    def private_copy(self, name):
        return templates.assign(name, templates.expr("private_copy(x)", x=name, **self.symbols))

    def loop_adjoint_inits(self, body, copies, carried, defined_inside, state):
        """Zeros for the adjoints the reverse body accumulates into that live outside
        the loop (and the loop-carried ones), unless they already hold a value."""
        reads = {n for s in body for n in loaded_names(s)} | \
            {c.value.id for c in copies if isinstance(c.value, gast.Name)}
        outside = sorted(n for n in reads if n in self.active and n not in defined_inside
                         and n not in self.stacks)
        pre = []
        for name in outside + [c for c in carried if c in self.active]:
            d = self.adjoint(name)
            if d not in state.assigned:
                pre.append(templates.assign(d, self.zeros(name)))
                state.assigned.add(d)
        return pre

    def reverse_loop_body(self, body, copies, carried, state):
        """(the forward body, the adjoint of one iteration: back-edge copies first)."""
        inner = state.copy()
        rev_tail = []
        for c in reversed(copies):
            rev_tail += self.assignment(c, inner)
        fwd_body, rev_body = self.block(body, inner)
        for c in carried:
            d = self.adjoint_names.get(c)
            if c in self.active and d not in inner.assigned:
                rev_body.append(templates.assign(d, self.zeros(c)))
        return fwd_body, rev_tail + rev_body

    def insert_placeholders(self, stmt, body, carried, saved, fwd_body):
        """Names bound on some paths through the body only: None on the others."""
        always = bound_on_every_path(body) | set(carried)
        if isinstance(stmt, gast.For):
            always.add(stmt.target.id)
        for n in saved:
            if n not in always:
                placeholder = templates.assign(n, templates.const(None))
                anno.set(placeholder, anno.PLACEHOLDER, True)
                fwd_body.insert(0, placeholder)

    def recording_loop(self, stmt, fwd_body, tail, saved, rev_code, carried, count, stack):
        """The forward loop, pushing what the adjoint reads and counting iterations."""
        # Iterations to replay: a for loop over range() without break runs len(range(...))
        # times, known before it starts; other loops count as they go (or their stack does).
        counted = isinstance(count, gast.Name) and _counted(stmt, tail, self.resolver)
        if not isinstance(count, gast.Name):
            forward = []
        elif counted:
            forward = [templates.assign(count.id, templates.const(0))]
        else:
            forward = [templates.assign(count.id, templates.expr("len(r)", r=stmt.iter))]
        push = []
        if saved:
            self.stack_inits.append(templates.assign(stack, gast.List(elts=[], ctx=gast.Load())))
            # a value the adjoint reads only for its shape is stored as its shape
            shape_only = shape_only_names(rev_code, self.symbols) - set(carried)

            def record(n):
                if n in shape_only:
                    return templates.expr("shape_of(x)", x=n, **self.symbols)
                return templates.name(n)
            pushed = record(saved[0]) if len(saved) == 1 else gast.Tuple(
                elts=[record(n) for n in saved], ctx=gast.Load())
            push.append(gast.Expr(value=gast.Call(
                func=gast.Attribute(value=templates.name(stack), attr="append", ctx=gast.Load()),
                args=[pushed], keywords=[])))
        # every iteration that starts reaches its end (break and continue are flags
        # until the tail's ``if flag: break``): it is counted at its start
        first = [templates.assign(count.id, templates.expr("n + 1", n=count))] if counted else []
        new_loop = type(stmt)(**{f: getattr(stmt, f) for f in stmt._fields})
        if anno.get(stmt, anno.ORIGIN) is not None:
            anno.set(new_loop, anno.ORIGIN, anno.get(stmt, anno.ORIGIN))
        stored = {n for s in fwd_body for n in store_names_deep(s)}
        if saved and not stored & set(saved):
            # what it pushes holds the same values at the start of the iteration: pushed
            # there, a loop-carried name's new value may take its name at once
            # (``x = np.sin(x)``, not ``x_2 = np.sin(x) ... x = x_2``)
            first, push = first + push, []
        new_loop.body = first + fwd_body + push + tail
        forward.append(new_loop)
        return forward

    def replay_loop(self, stmt, saved, rev_code, count, stack):
        """``for _ in range(n): <pop>; <the adjoint of one iteration>``."""
        pop = []
        if saved:
            target = templates.name(saved[0], store=True) if len(saved) == 1 else gast.Tuple(
                elts=[templates.name(n, store=True) for n in saved], ctx=gast.Store())
            pop.append(gast.Assign(targets=[target], value=gast.Call(
                func=gast.Attribute(value=templates.name(stack), attr="pop", ctx=gast.Load()),
                args=[], keywords=[]), type_comment=None))
        origin = anno.get(stmt, anno.ORIGIN)
        heading = (self.origin_comment("grad of", origin) if origin is not None
                   else templates.comment("grad of: " + loop_header(stmt)))
        return gast.For(target=templates.name(self.namer.new(UNUSED_LOOP_VARIABLE), store=True),
                        iter=templates.expr("range(n)", n=count),
                        body=[heading] + pop + rev_code,
                        orelse=[], type_comment=None)

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
        top = self.namer.new(stack_top_name(stack))
        out.append(templates.assign(top, gast.Call(func=gast.Attribute(
            value=templates.name(self.adjoint_stack(stack)), attr="pop", ctx=gast.Load()),
            args=[], keywords=[])))
        for i, e in enumerate(elements):
            if isinstance(e, gast.Name) and e.id in self.active:
                part = templates.name(top) if not isinstance(item, gast.Tuple) else gast.Subscript(
                    value=templates.name(top), slice=templates.const(i), ctx=gast.Load())
                self.accumulate(e.id, part, out, state)
        return out


def _counted(stmt, tail, resolver):
    """Whether the loop's iterations must be counted as they run (not a for loop over
    range() without break)."""
    return not (isinstance(stmt, gast.For) and is_range_call(stmt.iter, resolver)
                and not any(is_break(t) for t in tail))


def _rename_loads(code, old, new):
    for n in (n for st in code for n in gast.walk(st)):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load) and n.id == old:
            n.id = new


def exposed_reads(code, bound=frozenset()):
    """Names the statements ``code`` may read before binding them (an inner reverse
    loop binds its variable, pops and recomputed reads before reading them)."""
    bound, out = set(bound), set()
    for s in code:
        if isinstance(s, (gast.For, gast.While)):
            head = s.iter if isinstance(s, gast.For) else s.test
            out |= {n for n in loaded_names(head) if n not in bound}
            inner = bound | set(store_names_deep(s.target)) if isinstance(s, gast.For) else bound
            out |= exposed_reads(s.body, inner) | exposed_reads(s.orelse, bound)
        elif isinstance(s, gast.If):
            out |= {n for n in loaded_names(s.test) if n not in bound}
            out |= exposed_reads(s.body, bound) | exposed_reads(s.orelse, bound)
        else:
            out |= {n for n in loaded_names(s) if n not in bound}
            bound |= set(store_names_deep(s))
    return out


def _bound_name(stmt):
    """The one name an assignment binds (None for anything else)."""
    if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 \
            and isinstance(stmt.targets[0], gast.Name):
        return stmt.targets[0].id
    return None
