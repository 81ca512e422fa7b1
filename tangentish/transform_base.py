"""What the reverse and forward transforms share: their inputs, the refusal
of operations without a rule, and the naming of callees' derivatives."""
from .irutil import located


class DerivativeTransform:
    """Base of ReverseTransform and ForwardTransform (one normalized function each)."""

    def __init__(self, sf, fn_node, ops, active, namer, symbols, wrt, resolver):
        self.sf = sf
        self.node = fn_node
        self.ops = {id(stmt): (targets, op) for stmt, targets, op in ops}
        self.active = active
        self.namer = namer
        self.symbols = symbols
        self.wrt = wrt
        self.resolver = resolver
        self.injected = {}          # emitted name -> object (callees' derivatives)
        self.callee_names = {}      # (callee, wrt, mode) -> emitted name
        self.callees = []           # their Generated objects (the caller's guard includes them)

    def callee_symbol(self, fn, wrt, mode):
        """The name generated code calls ``fn``'s ``mode`` derivative by (one per callee)."""
        from .driver import lazy_derivative
        key = (fn, tuple(wrt), mode)
        if key not in self.callee_names:
            base = getattr(fn, "__name__", "call").replace("<lambda>", "lambda")
            name = self.namer.new(f"{mode}_{base}")
            self.injected[name], generated = lazy_derivative(fn, tuple(wrt), mode)
            if generated is not None:
                self.callees.append(generated)
            self.callee_names[key] = name
        return self.callee_names[key]

    def check_callee(self, stmt, op):
        """A function value computed from the differentiated inputs (a closure over
        them, a custom gradient's grad_fn at second order) hides a derivative."""
        from . import annotations as anno
        varied = anno.get(self.node, anno.VARIED, frozenset())
        hit = [n for n in op.callee if n in varied]
        if hit:
            raise self.sf.error(
                f"cannot differentiate a call through the function value {hit[0]!r}: it was "
                "computed from the inputs being differentiated, so the derivative through it "
                "cannot be seen", "call a function defined with def, passing values as arguments",
                located(stmt))

    def refuse(self, stmt, op):
        """The TransformError for an active operation no rule covers."""
        what = op.what or "this operation"
        if op.kind == "unknown" and op.rule is not None and callable(op.rule) \
                and not hasattr(op.rule, "params"):
            name = getattr(op.rule, "__qualname__", None) or getattr(op.rule, "__name__", repr(op.rule))
            return self.sf.error(
                f"cannot differentiate a call to {name!r}: it has no derivative rule and no "
                "Python source",
                "register a rule for it with tangentish.register, wrap the argument in "
                "tangentish.stop_gradient(...) if no derivative should flow, or write it in Python",
                located(stmt))
        return self.sf.error(
            f"cannot differentiate {what}: no derivative rule applies",
            "register a rule with tangentish.register, use tangentish.stop_gradient(...) if no "
            "derivative should flow, or rewrite it with supported numpy functions",
            located(stmt))
