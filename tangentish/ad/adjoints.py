"""The adjoint of one assignment, by what its right-hand side is (``Op.kind``):
a primitive's rule transposed, a callee's own generated vjp, a custom
gradient's function, a container display's elements."""
import gast

from .. import runtime
from ..analyze.primitives import Kind
from ..ir import templates
from ..ir.naming import (ELEMENT_INDEX, call_cotangent_name, custom_cotangents_name,
                         custom_gradient_name)
from ..ir.nodes import located, text
from . import derive
from .base import binds_arguments


class StatementAdjoints:
    """Part of ReverseTransform: the adjoint statements of one assignment."""

    def call_with_grad(self, stmt, target):
        """``y = f(x)`` with a custom gradient -> ``y, y_grad = f.with_grad(x)``."""
        grad_fn = self.namer.new(custom_gradient_name(target))
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
        elif op.kind is Kind.COPY:
            (source,) = op.inputs
            if source in self.active:
                self.accumulate(source, d_target, out, state)
        elif op.kind in (Kind.CALL, Kind.DYNAMIC_CALL):
            self.check_callee(stmt, op)
            self.call_adjoint(stmt, op, d_target, out, state)
        elif op.kind is Kind.PACK:
            self.pack_adjoint(stmt.value, d_target, out, state)
        elif op.kind is Kind.STACK_POP:
            self.pop_adjoint(stmt, targets, op, out, state)
        elif op.kind is Kind.PRIMITIVE:
            self.primitive_adjoint(stmt, targets, op, d_target, out, state)
        else:
            raise self.refuse(stmt, op)

    def primitive_adjoint(self, stmt, targets, op, d_target, out, state):
        """Each differentiable argument's cotangent, from the rule."""
        self.check_container_arithmetic(stmt, op)
        # the output: one name, or the tuple of names a multi-output primitive was
        # unpacked into (w, v = np.linalg.eigh(a): the rule's ``ans`` is the pair)
        ans = templates.name(targets[0]) if len(targets) == 1 else gast.Tuple(
            elts=[templates.name(t) for t in targets], ctx=gast.Load())
        for p in op.rule.differentiable_params:
            self.argument_adjoint(stmt, op, p, ans, d_target, out, state)

    def argument_adjoint(self, stmt, op, p, ans, d_target, out, state):
        """The cotangent of the argument bound to the rule's parameter ``p``."""
        atom = op.bound[p]
        if p in op.rule.sequences and isinstance(atom, (gast.List, gast.Tuple)):
            for i, elt in enumerate(atom.elts):
                if isinstance(elt, gast.Name) and elt.id in self.active:
                    value = derive.cotangent(op.rule, p, op.bound, ans,
                                             d_target, self.symbols, element=i)
                    self.accumulate(elt.id, value, out, state)
            return
        if p in op.rule.whole and isinstance(atom, gast.Name) and atom.id in self.active:
            value = templates.substitute(op.rule.whole[p], dict(self.symbols, **op.bound,
                                                                g=d_target))
            self.accumulate(atom.id, value, out, state)
            return
        if p in op.rule.sequences and isinstance(atom, gast.Name) and atom.id in self.active:
            self.accumulate(atom.id, self.list_cotangent(op, p, atom, ans, d_target), out, state)
            return
        if not (isinstance(atom, gast.Name) and atom.id in self.active):
            if any(isinstance(n, gast.Name) and n.id in self.active for n in gast.walk(atom)):
                raise self.sf.error(f"cannot differentiate {op.what} with an active value "
                                    f"inside the container passed as {p!r}",
                                    "pass arrays directly", located(stmt))
            return
        try:
            value = derive.cotangent(op.rule, p, op.bound, ans, d_target,
                                     self.symbols)
        except derive.DerivationError as exc:
            raise self.sf.error(f"no reverse-mode derivative for {op.what}: {exc}",
                                "register a rule with tangentish.register", located(stmt))
        self.accumulate(atom.id, value, out, state)

    def list_cotangent(self, op, p, atom, ans, d_target):
        """A list held in a variable: one cotangent per element."""
        k = self.namer.new(ELEMENT_INDEX)
        element = derive.cotangent(op.rule, p, op.bound, ans, d_target,
                                   self.symbols, element=k)
        return gast.Call(func=templates.name(self.symbols.get("list_cotangent",
                                                              "list_cotangent")),
                         args=[gast.ListComp(elt=element, generators=[gast.comprehension(
                             target=templates.name(k, store=True),
                             iter=templates.expr("range(len(xs))", xs=atom), ifs=[],
                             is_async=0)])], keywords=[])

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
        cts = self.namer.new(custom_cotangents_name(target))
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
        generated = False          # the callee's own generated vjp (callee_derivative)
        if op.kind is Kind.CALL and op.rule is runtime.vjp_call:
            # vjp_call(fn, wrt, dy, *args): the vjp of fn's generated vjp, at run time
            where = gast.Tuple(elts=[templates.const(p - 2 if isinstance(p, int) else p)
                                     for p, _ in actives], ctx=gast.Load())
            # as a call of the run-time callable derivative_of(fn, wrt, "vjp"), whose own
            # derivative is that of generated code: it can be differentiated again
            inner = gast.Call(func=templates.name(self.symbols.get("derivative_of", "derivative_of")),
                              args=args[:2] + [templates.const("vjp")], keywords=[])
            value = gast.Call(func=templates.name(self.symbols.get("vjp_call", "vjp_call")),
                              args=[inner, where, d_target] + args[2:],
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
            generated = True
        names = [n for _, n in actives]
        if wrt_count == 1 and len(names) == 1 and slots[0][1] is None:
            if generated:
                self.callee_real[id(value)] = names[0]     # (reverse.real_from_callee)
            self.accumulate(names[0], value, out, state)
            return
        # One result per differentiated parameter (a tuple for *args), then each argument.
        owners = [[n for n, (i, j) in zip(names, slots) if i == k and j is None]
                  for k in range(wrt_count)]
        for n in names:
            self.adjoint(n)             # the argument's own adjoint keeps the plain name
        temps = [self.namer.new(call_cotangent_name(
            getattr(op.rule, '__name__', 'call'), k,
            self.adjoint(owner[0]) if len(owner) == 1 else None))
            for k, owner in enumerate(owners)]
        target = templates.name(temps[0], store=True) if wrt_count == 1 else gast.Tuple(
            elts=[templates.name(t, store=True) for t in temps], ctx=gast.Store())
        out.append(gast.Assign(targets=[target], value=value, type_comment=None))
        for k, owner in enumerate(owners):
            if generated and len(owner) == 1 and [s for s in slots if s[0] == k] == [(k, None)]:
                self.callee_real[temps[k]] = owner[0]     # (reverse.real_from_callee)
        for n, (k, j) in zip(names, slots):
            part = templates.name(temps[k])
            if j is not None:
                part = gast.Subscript(value=part, slice=templates.const(j), ctx=gast.Load())
            self.accumulate(n, part, out, state)

    def callee_derivative(self, fn, call, wrt, stmt):
        """(emitted name of ``fn``'s vjp, receiver, its wrt parameter names, and for each
        active argument (index into those names, index inside ``*args`` or None))."""
        target, receiver, positional, vararg = self.callee_signature(fn, call, stmt,
                                                                     text(call.func))
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
        # (code specialized to a signature calls the callee's derivative for the facts of
        # its arguments: the one whose result's fact Facts used, base.call_signature)
        found = self.call_facts and self.call_signature(stmt, self.ops[id(stmt)][1],
                                                        self.call_facts.of)
        signature = found[2] if found and found[:2] == (target, tuple(wrt_names)) else None
        return (self.callee_symbol(target, wrt_names, "vjp", signature), receiver, wrt_names,
                slots)
