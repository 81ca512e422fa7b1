"""Forward mode: from a normalized, activity-annotated function, build the
function that computes each active value's tangent right after the value.

Shape of the output (``wrt`` = the parameters that get tangents)::

    def <name>(<wrt>_dot..., <the user's parameters>):
        <primal statement>
        <its tangent: ``y_dot = ...`` from the same rule entry reverse mode uses>
        ...
        return <out>, <out>_dot

Control flow is kept as is (no stacks: tangents flow forwards with values).
A call into another function becomes one call of that function's own
generated jvp, returning value and tangent together.  Custom gradients define
only a vector-Jacobian product, so forward mode refuses them.
"""
import gast

from .. import runtime
from ..analyze.patterns import backend
from ..analyze.primitives import Kind
from ..core.errors import UnsupportedDerivativeError
from ..ir import annotations as anno, templates
from ..ir.naming import derivative_name, tangent_name
from ..ir.nodes import located
from . import derive
from .base import DerivativeTransform, binds_arguments, finish


class ForwardTransform(DerivativeTransform):
    def __init__(self, sf, fn_node, ops, active, namer, symbols, wrt, resolver):
        super().__init__(sf, fn_node, ops, active, namer, symbols, wrt, resolver)
        self.tangent_names = {}

    def tangent(self, name):
        if name not in self.tangent_names:
            self.tangent_names[name] = self.namer.new(tangent_name(name))
        return self.tangent_names[name]

    def run(self, tangent_only=False):
        """``tangent_only``: return the output's tangent alone (so code computing
        only the value becomes dead: a Hessian-vector product needs no gradient)."""
        body = self.node.body
        ret = body[-1]
        params = [self.tangent(w) for w in self.wrt]
        new_body = self.block(body[:-1])
        out = ret.value
        value = self.output_tangent(out) if tangent_only else gast.Tuple(
            elts=[out, self.output_tangent(out)], ctx=gast.Load())
        self.node.body = new_body + [gast.Return(value=value)]
        target = self.node.args.posonlyargs if self.node.args.posonlyargs else self.node.args.args
        for p in reversed(params):
            target.insert(0, templates.name(p))
        return self.node

    def output_tangent(self, atom):
        if isinstance(atom, gast.Tuple):
            return gast.Tuple(elts=[self.output_tangent(e) for e in atom.elts], ctx=gast.Load())
        if isinstance(atom, gast.Name) and atom.id in self.active:
            return templates.name(self.tangent(atom.id))
        if any(isinstance(n, gast.Name) and n.id in self.active for n in gast.walk(atom)):
            raise self.sf.error("cannot differentiate an output holding an active value "
                                "inside an expression", "assign the output to a name first",
                                located(self.node.body[-1]))
        return templates.expr("zero_derivative(x)", x=atom, **self.symbols)

    # -- blocks -------------------------------------------------------------
    def block(self, stmts):
        """Each statement followed by its tangent code; ``# tangent of line <n>: ...``
        heads the code of each user line that has tangent code."""
        out = []
        current_origin = None
        for stmt in stmts:
            method = getattr(self, "tangent_" + type(stmt).__name__, None)
            code = [stmt] if method is None else method(stmt)
            origin = anno.get(stmt, anno.ORIGIN)
            copy = isinstance(stmt, gast.Assign) and isinstance(stmt.value, gast.Name)
            if len(code) > 1 and origin is not None and origin[:2] != current_origin \
                    and not copy:                  # (phi copies are no line of the user's)
                out.append(self.origin_comment("tangent of", origin))
                current_origin = origin[:2]
            elif not isinstance(stmt, (gast.Assign, gast.Expr)):
                current_origin = None
            out.extend(code)
        return out

    # Each returns the statement's code followed by its tangent code.
    def tangent_If(self, stmt):
        stmt.body = self.block(stmt.body) or [gast.Pass()]
        stmt.orelse = self.block(stmt.orelse)
        return [stmt]

    def tangent_For(self, stmt):
        stmt.body = self.block(stmt.body)
        return [stmt]

    tangent_While = tangent_For

    def tangent_Assign(self, stmt):
        return self.assignment(stmt)

    def tangent_Expr(self, stmt):
        """s.append(v): push v's tangent onto s's tangent stack alongside."""
        stack = anno.get(stmt, anno.STACK_PUSH)
        if stack not in self.active:
            return [stmt]
        item = stmt.value.args[0]
        elements = item.elts if isinstance(item, gast.Tuple) else [item]
        tangents = [templates.name(self.tangent(e.id)) if isinstance(e, gast.Name)
                    and e.id in self.active else templates.const(None) for e in elements]
        value = tangents[0] if not isinstance(item, gast.Tuple) else gast.Tuple(
            elts=tangents, ctx=gast.Load())
        return [stmt, gast.Expr(value=gast.Call(func=gast.Attribute(
            value=templates.name(self.tangent(stack)), attr="append", ctx=gast.Load()),
            args=[value], keywords=[]))]

    # -- one assignment -----------------------------------------------------
    def assignment(self, stmt):
        entry = self.ops.get(id(stmt))
        if entry is None:
            return [stmt]
        targets, op = entry
        if not any(t in self.active for t in targets):
            return [stmt]
        if op.kind in (Kind.CONSTANT, Kind.NONDIFF, Kind.STOP_GRADIENT):
            value = templates.expr("zero_derivative(x)", x=targets[0], **self.symbols) \
                if op.kind is Kind.CONSTANT and not _is_none(stmt.value) else templates.const(None)
            return [stmt, self._tangent_assign(targets[0], value, stmt)]
        if op.kind is Kind.COPY:
            (source,) = op.inputs
            value = templates.name(self.tangent(source)) if source in self.active else \
                templates.expr("zero_derivative(x)", x=source, **self.symbols)
            return [stmt, self._tangent_assign(targets[0], value, stmt)]
        if op.kind in (Kind.CALL, Kind.DYNAMIC_CALL):
            self.check_callee(stmt, op)
            return self.call(stmt, targets, op)
        if op.kind is Kind.STACK_POP:
            return self.pop_tangent(stmt, targets, op)
        if op.kind is Kind.PACK:
            return [stmt, self._tangent_assign(targets[0], self.pack_tangent(stmt), stmt)]
        if op.kind is Kind.CUSTOM:
            raise self.sf.error(
                f"forward mode cannot differentiate {op.what}: a custom_gradient defines only "
                "a vector-Jacobian product", "use reverse mode (grad / vjp) for this function",
                located(stmt), kind=UnsupportedDerivativeError)
        if op.kind is not Kind.PRIMITIVE:
            raise self.refuse(stmt, op)
        return self.primitive_tangent(stmt, targets, op)

    def pop_tangent(self, stmt, targets, op):
        """``v = s.pop()``: ``v_dot = s_dot.pop()``."""
        (stack,) = op.inputs
        if stack not in self.active:
            return [stmt]
        lhs = templates.name(self.tangent(targets[0]), store=True) if isinstance(
            stmt.targets[0], gast.Name) else gast.Tuple(
            elts=[templates.name(self.tangent(t), store=True) for t in targets], ctx=gast.Store())
        pop = gast.Call(func=gast.Attribute(value=templates.name(self.tangent(stack)),
                                            attr="pop", ctx=gast.Load()), args=[], keywords=[])
        new = gast.Assign(targets=[lhs], value=pop, type_comment=None)
        return [stmt, new]

    def pack_tangent(self, stmt):
        """The tangent of a container display: the display of its elements' tangents."""
        def tangent_of(e):
            if isinstance(e, gast.Name) and e.id in self.active:
                return templates.name(self.tangent(e.id))
            if isinstance(e, (gast.Tuple, gast.List)):     # a nested display: its tangent
                return type(e)(elts=[tangent_of(x) for x in e.elts], ctx=gast.Load())
            if isinstance(e, gast.Dict) and None not in e.keys:
                return gast.Dict(keys=e.keys, values=[tangent_of(v) for v in e.values])
            if any(isinstance(n, gast.Name) and n.id in self.active for n in gast.walk(e)):
                # normalize names inner displays; never a zero for an active value
                raise self.sf.error("cannot differentiate a nested container display",
                                    "build the inner container on a line of its own",
                                    located(stmt))
            return templates.expr("zero_derivative(x)", x=e, **self.symbols)
        display = stmt.value
        if isinstance(display, gast.Dict):
            return gast.Dict(keys=display.keys, values=[tangent_of(v) for v in display.values])
        return type(display)(elts=[tangent_of(e) for e in display.elts], ctx=gast.Load())

    def primitive_tangent(self, stmt, targets, op):
        """``y_dot = <the rule's jvp>`` (one tuple target for a multi-output primitive)."""
        self.check_container_arithmetic(stmt, op)
        tangents = self.argument_tangents(stmt, op)
        if not tangents:
            return [stmt]
        self.check_first_order(stmt, op, tangents)
        # the output: one name, or the tuple of names a multi-output primitive was
        # unpacked into (w, v = np.linalg.eigh(a): the rule's ``ans`` is the pair)
        ans = templates.name(targets[0]) if len(targets) == 1 else gast.Tuple(
            elts=[templates.name(t) for t in targets], ctx=gast.Load())
        try:
            value = derive.tangent(op.rule, op.bound, ans, tangents, self.symbols)
        except derive.DerivationError as exc:
            raise self.sf.error(f"no forward-mode derivative for {op.what}: {exc}",
                                "register a rule with tangentish.register", located(stmt))
        if op.rule.elementwise and _may_be_smaller(op, tangents):
            # t + c: an inactive array operand may broadcast the result beyond t's shape
            value = templates.expr("broadcast_to_like(t, y)", t=value, y=targets[0], **self.symbols)
        if len(targets) > 1:
            new = gast.Assign(targets=[gast.Tuple(
                elts=[templates.name(self.tangent(t), store=True) for t in targets],
                ctx=gast.Store())], value=value, type_comment=None)
            anno.copy(stmt, new)
            return [stmt, new]
        return [stmt, self._tangent_assign(targets[0], value, stmt)]

    def argument_tangents(self, stmt, op):
        """{rule parameter: its argument's tangent (a list for a sequence display)}."""
        tangents = {}
        for p in op.rule.differentiable_params:
            atom = op.bound[p]
            if p in op.rule.sequences and isinstance(atom, (gast.List, gast.Tuple)):
                elts = [templates.name(self.tangent(e.id)) if isinstance(e, gast.Name)
                        and e.id in self.active else None for e in atom.elts]
                if any(e is not None for e in elts):
                    tangents[p] = elts
                continue
            if isinstance(atom, gast.Name) and atom.id in self.active:
                tangents[p] = templates.name(self.tangent(atom.id))
            elif any(isinstance(n, gast.Name) and n.id in self.active for n in gast.walk(atom)):
                raise self.sf.error(f"cannot differentiate {op.what} with an active value inside "
                                    f"the container passed as {p!r}", "pass arrays directly",
                                    located(stmt))
        return tangents

    def check_first_order(self, stmt, op, tangents):
        """A rule whose jvp is implemented to first order only is refused here."""
        for p in tangents:
            if p in op.rule.jvp and any(isinstance(n, gast.Name) and n.id ==
                                        "unsupported_higher_order_derivative"
                                        for n in gast.walk(op.rule.jvp[p])):
                raise self.sf.error(
                    f"cannot differentiate {op.what} with respect to {p!r}: the derivative it "
                    "computes (of a matrix decomposition or a norm) is implemented to first "
                    "order only", "differentiate this function once (see docs/COVERAGE.md)",
                    located(stmt))

    def _tangent_assign(self, target, value, stmt):
        new = templates.assign(self.tangent(target), value)
        anno.copy(stmt, new)
        return new

    def call(self, stmt, targets, op):
        """``y = g(a)`` -> ``y, y_dot = jvp_g(a_dot, a)``."""
        call = stmt.value
        actives = self.active_arguments(stmt, op)
        if not actives:
            return [stmt]
        tangents = [templates.name(self.tangent(n)) for _, n in actives]
        if op.kind is Kind.CALL and op.rule is runtime.vjp_call:
            # vjp_call(fn, wrt, dy, *args): the jvp of fn's generated vjp, at run time
            # derivative_of(derivative_of(fn, wrt, "vjp"), positions, "jvp")(*tangents, dy,
            # *args): a call of a run-time callable, so it can be differentiated again
            of = templates.name(self.symbols.get("derivative_of", "derivative_of"))
            vjp_of = gast.Call(func=of, args=call.args[:2] + [templates.const("vjp")],
                               keywords=[])
            positions = gast.Tuple(elts=[templates.const(p - 2 if isinstance(p, int) else p)
                                         for p, _ in actives], ctx=gast.Load())
            value = gast.Call(
                func=gast.Call(func=templates.name(self.symbols.get("derivative_of",
                                                                    "derivative_of")),
                               args=[vjp_of, positions, templates.const("jvp")], keywords=[]),
                args=tangents + call.args[2:], keywords=list(call.keywords))
        elif op.kind is Kind.CALL and not binds_arguments(op):
            value = self.callee_jvp(stmt, op, actives)
        else:
            # derivative_of(fn, wrt, "jvp")(*tangents, *args): jvp_call(fn, wrt, tangents,
            # *args) as a call of a run-time callable, so it can be differentiated again
            wrt = gast.Tuple(elts=[templates.const(p) for p, _ in actives], ctx=gast.Load())
            value = gast.Call(
                func=gast.Call(func=templates.name(self.symbols.get("derivative_of",
                                                                    "derivative_of")),
                               args=[call.func, wrt, templates.const("jvp")], keywords=[]),
                args=tangents + list(call.args), keywords=list(call.keywords))
        if len(targets) == 1:
            lhs = [templates.name(targets[0], store=True),
                   templates.name(self.tangent(targets[0]), store=True)]
        else:
            lhs = [gast.Tuple(elts=[templates.name(t, store=True) for t in targets], ctx=gast.Store()),
                   gast.Tuple(elts=[templates.name(self.tangent(t), store=True) for t in targets],
                              ctx=gast.Store())]
        new = gast.Assign(targets=[gast.Tuple(elts=lhs, ctx=gast.Store())], value=value,
                          type_comment=None)
        anno.copy(stmt, new)
        return [new]

    def callee_jvp(self, stmt, op, actives):
        """A call of the callee's own generated jvp: tangents first, then the arguments."""
        call = stmt.value
        fn, receiver, positional, vararg = self.callee_signature(op.rule, call, stmt, op.what)
        offset = 1 if receiver is not None else 0
        names, tangents = [], []
        for w, n in actives:
            if isinstance(w, int) and w + offset >= len(positional):
                if vararg is None:
                    raise self.sf.error(f"too many arguments in the call to {op.what}", "",
                                        located(stmt))
                if vararg not in names:
                    # the tangent of *args: one entry per argument passed there
                    first = len(positional) - offset
                    names.append(vararg)
                    tangents.append(gast.Tuple(elts=[
                        templates.name(self.tangent(a.id)) if isinstance(a, gast.Name)
                        and a.id in self.active else templates.expr(
                            "zero_derivative(x)", x=a, **self.symbols)
                        for a in call.args[first:]], ctx=gast.Load()))
                continue
            names.append(positional[w + offset] if isinstance(w, int) else w)
            tangents.append(templates.name(self.tangent(n)))
        names = tuple(names)
        args = tangents + ([receiver] if receiver is not None else []) + list(call.args)
        with self.callee_errors_at(stmt, op.what):
            symbol = self.callee_symbol(fn, names, "jvp")
        return gast.Call(func=templates.name(symbol), args=args, keywords=list(call.keywords))


def _is_none(node):
    return isinstance(node, gast.Constant) and node.value is None


def _may_be_smaller(op, tangents):
    """Whether the tangent can have fewer elements than the result: only when its
    terms are bare (``t``, ``-t``) and some other operand is an inactive non-constant."""
    rule = op.rule
    bare = all(p in rule.jvp and _is_bare(rule.jvp[p]) for p in tangents)
    others = [op.bound[p] for p in rule.params
              if (p in rule.jvp or p in rule.multilinear or p in rule.linear) and p not in tangents]
    return bare and any(not isinstance(o, gast.Constant) for o in others)


def _is_bare(template):
    if isinstance(template, gast.UnaryOp):
        template = template.operand
    return isinstance(template, gast.Name) and template.id == "t"


def run(ctx, node):
    """Each active statement followed by its tangent statement."""
    node.name = ctx.namer.new(derivative_name(ctx.mode, ctx.sf.name))
    transform = ForwardTransform(ctx.sf, node, ctx.ops, ctx.active, ctx.namer, ctx.symbols,
                                 ctx.wrt, ctx.resolver)
    transform.backend = backend(ctx.signature)
    node = transform.run(tangent_only=(ctx.mode == "tangent"))
    finish(ctx, node, transform)
    return node
