"""Reverse mode: from a normalized, activity-annotated function, build the
function that runs the primal statements and then the adjoint statements in
reverse order.

Shape of the output (``wrt`` = the differentiated parameters)::

    def <name>([d<out>, ]<the user's parameters>):
        <primal statements, unchanged>
        d<out> = unit_cotangent(<out>)        # grad; vjp takes d<out> as a parameter
        # grad of: <user statement>
        <adjoint statements of that statement>
        ...
        return d<wrt> (a tuple for several; (out, d<wrt>) with preserve_result)

Each adjoint is assigned at its first contribution and summed afterwards
(``dx = dx + ...``, never in place: a contribution may alias another adjoint),
so no adjoint starts as an array of zeros.  Inputs the output does not depend
on get ``zeros_like(x)``.
"""
import gast

from . import annotations as anno
from . import templates
from .rules import derive


class ReverseTransform:
    def __init__(self, sf, fn_node, ops, active, namer, symbols, wrt):
        self.sf = sf
        self.node = fn_node
        self.ops = {id(stmt): (target, op) for stmt, target, op in ops}
        self.active = active
        self.namer = namer
        self.symbols = symbols
        self.wrt = wrt
        self.adjoint_names = {}
        self.assigned = set()
        self.custom_grad_names = {}

    def adjoint(self, name):
        if name not in self.adjoint_names:
            self.adjoint_names[name] = self.namer.adjoint(name)
        return self.adjoint_names[name]

    def accumulate(self, name, value, out):
        d = self.adjoint(name)
        if d in self.assigned:
            value = gast.BinOp(left=templates.name(d), op=gast.Add(), right=value)
        self.assigned.add(d)
        out.append(templates.assign(d, value))

    def run(self, mode, preserve_result):
        body = self.node.body
        ret = body[-1]
        primal = body[:-1]
        out_atom = ret.value
        new_body = list(primal)
        adjoint_body = []
        seed_params = []
        out_name = out_atom.id if isinstance(out_atom, gast.Name) else None
        if out_name is not None and out_name in self.active:
            d_out = self.adjoint(out_name)
            if mode == "vjp":
                seed_params.append(d_out)
            else:
                adjoint_body.append(templates.assign(
                    d_out, templates.expr("unit_cotangent(y)", y=out_atom, **self.symbols)))
            self.assigned.add(d_out)
        elif mode == "vjp":
            seed_params.append(self.namer.new("d" + (out_name or "out")))
        elif mode == "grad":
            adjoint_body.append(gast.Expr(value=templates.expr("unit_cotangent(y)", y=out_atom,
                                                               **self.symbols)))
        for stmt in primal:
            entry = self.ops.get(id(stmt))
            if entry is not None and entry[1].kind == "custom" and entry[0] in self.active:
                self.call_with_grad(stmt, entry[0])
        current_origin = None
        for stmt in reversed(primal):
            entry = self.ops.get(id(stmt))
            if entry is None:
                continue
            target, op = entry
            if target not in self.active:
                continue
            d_target = self.adjoint_names.get(target)
            if d_target is None or d_target not in self.assigned:
                continue  # nothing flowed back to it (cannot happen for active names)
            origin = anno.get(stmt, anno.ORIGIN)
            block = []
            if op.kind == "stop_gradient":
                block.append(templates.comment(f"stop_gradient: no derivative flows into "
                                               f"{_source(stmt.value.args[0])}"))
            self.statement_adjoint(stmt, target, op, templates.name(d_target), block)
            if block and origin != current_origin and origin is not None:
                adjoint_body.append(templates.comment("grad of: " + origin[2]))
                current_origin = origin
            adjoint_body.extend(block)
        results = []
        for w in self.wrt:
            d = self.adjoint_names.get(w)
            if d is None or d not in self.assigned:
                d = self.adjoint(w)
                adjoint_body.append(templates.assign(d, templates.expr("zeros_like(x)", x=w,
                                                                       **self.symbols)))
            results.append(templates.name(d))
        value = results[0] if len(results) == 1 else gast.Tuple(elts=results, ctx=gast.Load())
        if preserve_result:
            value = gast.Tuple(elts=[out_atom, value], ctx=gast.Load())
        new_body.extend(adjoint_body)
        new_body.append(gast.Return(value=value))
        self.node.body = new_body
        # The output cotangent comes first, so the user's defaults stay aligned.
        for p in seed_params:
            target = self.node.args.posonlyargs if self.node.args.posonlyargs else self.node.args.args
            target.insert(0, templates.name(p, store=False))
        return self.node

    def call_with_grad(self, stmt, target):
        """``y = f(x)`` with a custom gradient -> ``y, y_grad = f.with_grad(x)``."""
        grad_fn = self.namer.new(target + "_grad")
        self.custom_grad_names[target] = grad_fn
        stmt.targets = [gast.Tuple(elts=[templates.name(target, store=True),
                                         templates.name(grad_fn, store=True)], ctx=gast.Store())]
        call = stmt.value
        stmt.value = gast.Call(func=gast.Attribute(value=call.func, attr="with_grad", ctx=gast.Load()),
                               args=call.args, keywords=[])

    def statement_adjoint(self, stmt, target, op, d_target, out):
        if op.kind == "stop_gradient":
            return
        if op.kind == "custom":
            grad_fn = templates.name(self.custom_grad_names[target])
            call = gast.Call(func=grad_fn, args=[d_target], keywords=[])
            active = [(i, n) for i, n in enumerate(op.inputs) if n in self.active]
            if len(op.inputs) == 1:
                self.accumulate(active[0][1], call, out)
                return
            cts = self.namer.new(target + "_cotangents")
            out.append(templates.assign(cts, call))
            for i, n in active:
                self.accumulate(n, gast.Subscript(value=templates.name(cts), slice=templates.const(i),
                                                  ctx=gast.Load()), out)
            return
        if op.kind == "copy":
            (source,) = op.inputs
            if source in self.active:
                self.accumulate(source, d_target, out)
            return
        if op.kind != "primitive":
            raise self.refuse(stmt, op)
        for p in op.rule.differentiable_params:
            atom = op.bound[p]
            if p in op.rule.sequences and isinstance(atom, (gast.List, gast.Tuple)):
                for i, elt in enumerate(atom.elts):
                    if isinstance(elt, gast.Name) and elt.id in self.active:
                        value = derive.cotangent(op.rule, p, op.bound, templates.name(target),
                                                 d_target, self.symbols, element=i)
                        self.accumulate(elt.id, value, out)
                continue
            if not (isinstance(atom, gast.Name) and atom.id in self.active):
                if any(isinstance(n, gast.Name) and n.id in self.active for n in gast.walk(atom)):
                    raise self.sf.error(f"cannot differentiate {op.what} with an active value "
                                        f"inside the container passed as {p!r}",
                                        "pass arrays directly", _located(stmt))
                continue
            try:
                value = derive.cotangent(op.rule, p, op.bound, templates.name(target), d_target,
                                         self.symbols)
            except derive.DerivationError as exc:
                raise self.sf.error(f"no reverse-mode derivative for {op.what}: {exc}",
                                    "register a rule with tangentish.register", _located(stmt))
            self.accumulate(atom.id, value, out)

    def refuse(self, stmt, op):
        what = op.what or "this operation"
        if op.kind == "unknown" and op.rule is not None and callable(op.rule) and not hasattr(op.rule, "params"):
            name = getattr(op.rule, "__qualname__", None) or getattr(op.rule, "__name__", repr(op.rule))
            return self.sf.error(
                f"cannot differentiate a call to {name!r}: it has no rule and tangentish does "
                "not transform calls into other functions yet",
                "register a rule for it with tangentish.register, wrap the argument in "
                "tangentish.stop_gradient(...) if no derivative should flow, or inline its code",
                _located(stmt))
        return self.sf.error(
            f"cannot differentiate {what}: no derivative rule applies",
            "register a rule with tangentish.register, use tangentish.stop_gradient(...) if no "
            "derivative should flow, or rewrite it with supported numpy functions",
            _located(stmt))


def _source(node):
    import ast
    return ast.unparse(gast.gast_to_ast(node))


def _located(stmt):
    """A node carrying the user's line and column for error messages."""
    value = getattr(stmt, "value", None)
    if getattr(value, "lineno", None) is not None:
        return value
    origin = anno.get(stmt, anno.ORIGIN)
    if origin is None:
        return stmt
    fake = gast.Pass()
    fake.lineno, fake.col_offset = origin[0], origin[1]
    return fake
