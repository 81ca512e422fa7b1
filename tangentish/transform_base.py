"""What the reverse and forward transforms share: their inputs, the refusal
of operations without a rule, and the naming of callees' derivatives."""
import contextlib

import gast

from .irutil import located, text


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

    def callee_symbol(self, fn, wrt, mode):
        """The name generated code calls ``fn``'s ``mode`` derivative by (one per callee)."""
        from .driver import lazy_derivative
        key = (fn, tuple(wrt), mode)
        if key not in self.callee_names:
            base = getattr(fn, "__name__", "call").replace("<lambda>", "lambda")
            name = self.namer.new(f"{mode}_{base}")
            self.injected[name] = lazy_derivative(fn, tuple(wrt), mode)
            self.callee_names[key] = name
        return self.callee_names[key]

    def check_callee(self, stmt, op):
        """A function value computed from the differentiated inputs (a closure over
        them, a custom gradient's grad_fn at second order) hides a derivative."""
        from . import annotations as anno
        varied = anno.get(self.node, anno.VARIED, frozenset())
        from . import derived
        factories = {derived.jacobian: "jacobian", derived.hessian: "hessian",
                     derived.hvp: "hvp"}
        for targets, source in self.ops.values():
            if source.kind == "call" and any(n in targets for n in op.callee) \
                    and factories.get(source.rule) is not None:
                raise self.sf.error(
                    f"cannot differentiate a call of the function tangentish."
                    f"{factories[source.rule]} returns: it runs loops over generated code, "
                    "not code tangentish can differentiate again",
                    "differentiate f itself to a higher order (tangentish.hessian, "
                    "tangentish.jacobian of tangentish.grad(f), nested tangentish.jvp)",
                    located(stmt))
        hit = [n for n in op.callee if n in varied]
        if hit:
            raise self.sf.error(
                f"cannot differentiate a call through the function value {hit[0]!r}: it was "
                "computed from the inputs being differentiated, so the derivative through it "
                "cannot be seen", "call a function defined with def, passing values as arguments",
                located(stmt))

    @contextlib.contextmanager
    def callee_errors_at(self, stmt, what):
        """A callee in another file (a library function) that cannot be differentiated
        is refused at the user's call, naming the call, with the callee's reason."""
        from .errors import TransformError
        try:
            yield
        except TransformError as exc:
            mine = self.sf.filename
            if exc.filename is None or exc.filename == mine or mine.startswith("<tangentish"):
                raise
            where = f" ({exc.filename}:{exc.lineno})" if exc.lineno else ""
            name = text(stmt.value.func) if isinstance(stmt.value, gast.Call) else what
            raise self.sf.error(
                f"cannot differentiate the call to {name}(): tangentish cannot differentiate its "
                f"code: {exc.construct}{where}",
                f"register a rule for {name} with tangentish.register, or wrap the argument in "
                "tangentish.stop_gradient(...) if no derivative should flow",
                located(stmt)) from exc

    def check_dynamic_callee(self, stmt, op, wrt, mode):
        """A method of an object named through modules (``scipy.stats.t.logpdf``) is
        only looked up at run time; look it up now, without running properties, and
        generate its derivative, so that a method tangentish cannot differentiate is
        refused at the user's call rather than when the derivative runs."""
        import inspect
        import types
        from .analyze.resolve import MISSING
        func = stmt.value.func
        if not isinstance(func, gast.Attribute):
            return
        base = self.resolver.resolve(func.value)
        if base is MISSING or isinstance(base, (types.ModuleType, type)):
            return
        try:
            attr = inspect.getattr_static(base, func.attr)
        except AttributeError:
            return
        if not isinstance(attr, types.FunctionType):
            return
        from .runtime import _derivative_of
        with self.callee_errors_at(stmt, op.what):
            try:
                _derivative_of(types.MethodType(attr, base), tuple(wrt), mode)
            except (TypeError, ValueError, OSError):
                return        # left to the run-time call, which reports it

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
