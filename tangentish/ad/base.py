"""What the reverse and forward transforms share: their inputs, the refusal
of operations without a rule, and the naming of callees' derivatives."""
import collections
import contextlib
import inspect
import linecache
import operator
import types

import gast
import numpy as np

from .. import runtime
from ..analyze.patterns import backend, backend_only
from ..analyze.primitives import Kind
from ..core import engine
from ..core.errors import TransformError
from ..core.markers import Derivative, derived_operator_name
from ..core.sources import in_package
from ..frontend.resolve import Resolver, local_names
from ..frontend.specialize import specialize_varargs
from ..ir import annotations as anno, templates
from ..ir.naming import derivative_name
from ..ir.nodes import located, text


class DerivativeTransform:
    """Base of ReverseTransform and ForwardTransform (one normalized function each)."""

    def __init__(self, sf, fn_node, ops, active, namer, symbols, wrt, resolver):
        self.sf = sf
        self.node = fn_node
        ops = list(ops)
        self.ops = {id(stmt): (targets, op) for stmt, targets, op in ops}
        self.definitions = collections.defaultdict(list)     # name -> [(stmt, op)]
        for stmt, targets, op in ops:
            for t in targets:
                self.definitions[t].append((stmt, op))
        self.active = active
        self.namer = namer
        self.symbols = symbols
        self.wrt = wrt
        self.resolver = resolver
        self.injected = {}          # emitted name -> object (callees' derivatives)
        self.callee_names = {}      # (callee, wrt, mode) -> emitted name
        self.callees = []           # their Generated objects (the caller's guard includes them)
        self.backend = None         # the array library other than numpy of the call's arguments
        # analyze.patterns.Facts of code specialized to a signature: callees' derivatives
        # are generated for the facts of their arguments (call_signature)
        self.call_facts = None

    def origin_comment(self, kind, origin):
        """``# grad of line 12: z = X @ w``, quoting the user's own source line (not
        the lowered statement) when it is a whole statement or a block header."""
        line = linecache.getline(self.sf.filename, origin[0]).strip() if origin[0] else ""
        if line and not line.endswith(":") and not _complete(line):
            line = ""                  # the first of several lines: the statement's text
        return templates.origin_comment(kind, origin, line)

    def provably_container(self, name, seen=None):
        """Whether ``name`` holds a list, tuple or dict display's value on every path
        (built here by a display or an append, possibly through copies)."""
        seen = set() if seen is None else seen
        if name in seen:
            return True
        seen.add(name)
        return bool(self.definitions.get(name)) and all(
            self.provably_container(op.inputs[0], seen) if op.kind is Kind.COPY
            else _builds_container(stmt, op) for stmt, op in self.definitions[name])

    def active_arguments(self, stmt, op):
        """[(position or keyword, name)] of the call's arguments that carry a derivative;
        one hidden inside a container display is refused (its derivative would be lost)."""
        call = stmt.value
        positions = [(i, a.id) for i, a in enumerate(call.args)
                     if isinstance(a, gast.Name) and a.id in self.active]
        keywords = [(k.arg, k.value.id) for k in call.keywords
                    if isinstance(k.value, gast.Name) and k.value.id in self.active]
        for a in list(call.args) + [k.value for k in call.keywords]:
            if not isinstance(a, gast.Name) and any(
                    isinstance(n, gast.Name) and n.id in self.active for n in gast.walk(a)):
                raise self.sf.error(f"cannot differentiate {op.what} with an active value inside "
                                    "a container argument", self.container_hint(op),
                                    located(stmt))
        return positions + keywords

    def check_container_arithmetic(self, stmt, op):
        """``a + b`` / ``a * 2`` on a list or tuple built here: concatenation and
        repetition, not arithmetic -- refused (their entries' derivatives would be
        paired with the wrong entries)."""
        if op.kind is not Kind.PRIMITIVE or op.rule.primitive not in (
                operator.add, operator.mul, operator.iadd, operator.imul):
            return
        for atom in op.bound.values():
            if isinstance(atom, (gast.List, gast.Tuple, gast.Dict)) or (
                    isinstance(atom, gast.Name) and self.provably_container(atom.id)):
                raise self.sf.error(
                    "cannot differentiate concatenation or repetition of a list or tuple "
                    "(+ or * on a container)",
                    "build the container with one display ([a, b, c]) or with append",
                    located(stmt))

    def callee_symbol(self, fn, wrt, mode, signature=None):
        """The name generated code calls ``fn``'s ``mode`` derivative by (one per callee and
        ``signature``: the facts of the call's arguments, see ``call_signature``)."""
        key = (fn, tuple(wrt), mode, signature)
        if key not in self.callee_names:
            base = getattr(fn, "__name__", "call").replace("<lambda>", "lambda")
            name = self.namer.new(derivative_name(mode, base))
            # code for another array library calls its callees' code for that library
            if self.backend is not None:
                signature = backend_only(_parameters(fn), self.backend)
            self.injected[name], generated = engine.lazy_derivative(fn, tuple(wrt), mode,
                                                                    signature)
            if generated is not None and all(g is not generated for g in self.callees):
                self.callees.append(generated)
            self.callee_names[key] = name
        return self.callee_names[key]

    def call_signature(self, stmt, op, of):
        """``(fn, wrt names, signature)`` for the active call ``y = fn(a, b)`` of a Python
        function with source in code specialized to a signature (its ``Facts``, which
        call this while they are built, then ``call_facts``), with ``of`` the facts of its
        arguments; None for any other call.

        The caller's code runs only for arguments of its own signature, so each of
        ``a, b`` then has the fact ``of`` gives it (analyze/patterns.py); ``fn``'s
        derivative generated for ``((p, fact of a), (q, fact of b))`` is exact for every
        such call, and so is the fact of ``y`` its ``Facts`` give (``Generated.result_fact``:
        the fact of what ``fn``'s own code returns, which is what the caller's forward
        statement ``y = fn(a, b)`` runs).  That ``fn`` is still this function object and
        runs this code is the caller's guard: the name ``fn`` resolved through is a
        dependency (frontend/resolve.py), and the callee's derivative (with its check of
        ``fn.__code__``) is one of the caller's callees, because ``y`` is active: its
        adjoint calls that derivative (``call_adjoint``).  Not modelled, so None: another
        array library's call (its callees get ``backend_only``), a callee known only at
        run time, a method, a derivative object, a ``*args`` or keyword call (the call is
        not plainly parameter by parameter), tangentish's own functions (``vjp_call``),
        custom gradients and ``stop_gradient`` (not ``Kind.CALL``)."""
        fn, call = op.rule, stmt.value
        targets = self.ops.get(id(stmt), ((),))[0]
        if self.backend is not None or op.kind is not Kind.CALL \
                or type(fn) is not types.FunctionType or in_package(fn.__code__.co_filename) \
                or not isinstance(call, gast.Call) or call.keywords \
                or len(targets) != 1 or targets[0] not in self.active \
                or not all(isinstance(a, (gast.Name, gast.Constant)) for a in call.args):
            return None
        params = list(inspect.signature(fn, follow_wrapped=False).parameters.values())
        if len(params) != len(call.args) or any(
                p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params):
            return None
        facts = tuple(of(a) for a in call.args)
        if all(f is None for f in facts) or backend(dict(enumerate(facts))) is not None:
            return None
        wrt = []
        for i, a in enumerate(call.args):
            if isinstance(a, gast.Name) and a.id in self.active and params[i].name not in wrt:
                wrt.append(params[i].name)
        if not wrt:
            return None
        return fn, tuple(wrt), tuple((p.name, f) for p, f in zip(params, facts))

    def call_result_fact(self, stmt, op, of):
        """``analyze.patterns.Facts``' hook: the fact of an active call's result, from the
        callee's derivative generated for its arguments' facts (``call_signature``), or
        None (also where that derivative cannot be generated: the adjoint then reports it
        at the call, as without facts, or where it is being generated: recursion)."""
        found = self.call_signature(stmt, op, of)
        if found is None:
            return None
        fn, wrt, signature = found
        try:
            _, generated = engine.lazy_derivative(fn, wrt, "vjp", signature)
        except TransformError:
            return None
        if generated is None:
            return None
        if all(g is not generated for g in self.callees):
            # (in the caller's guard even where no adjoint ends up calling it: the fact
            # holds while ``fn`` runs the code it was read from)
            self.callees.append(generated)
        return generated.result_fact

    def callee_signature(self, fn, call, stmt, what):
        """(the function whose derivative ``call`` needs, the expression its receiver is
        or None, its positional parameter names, its ``*args`` name or None); a
        ``*args`` function called without a starred argument is specialized."""
        receiver = None
        if isinstance(fn, Derivative):
            # a derivative whose code depends on the call's shape (tangentish.jacobian's)
            fn = fn.as_called(fn.for_call(len(call.args), [k.arg for k in call.keywords]).fn
                              if getattr(fn, "shaped_code", False) else fn.generated)
        if isinstance(fn, types.MethodType):
            receiver, fn = self.receiver_of(call, fn), fn.__func__
        if not any(isinstance(a, gast.Starred) for a in call.args):
            with self.callee_errors_at(stmt, what):
                fn = specialize_varargs(fn, len(call.args) + (receiver is not None),
                                        [k.arg for k in call.keywords])
        params = inspect.signature(fn, follow_wrapped=False).parameters.values()
        positional = [p.name for p in params
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        vararg = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), None)
        return fn, receiver, positional, vararg

    def container_hint(self, op):
        if op.kind is Kind.CALL and derived_operator_name(op.rule) == "jvp":
            return ("inside differentiated code, tangentish.jvp needs a function known when the "
                    "derivative is generated (a module-level function, a closure variable, a "
                    "method of a module-level object), not a parameter or a local def/lambda")
        return "pass arrays as separate arguments"

    def receiver_of(self, call, method):
        """An expression for the object bound method ``method`` (what ``call.func`` denotes)
        is bound to: ``obj`` of ``obj.method(...)``, the object itself for a callable
        object ``obj(...)``, else ``f.__self__`` (a bound method held in a global)."""
        func = call.func
        if isinstance(func, gast.Attribute) and self.resolver.resolve(func.value) is method.__self__:
            return func.value
        if self.resolver.resolve(func) is method.__self__:
            return func
        return gast.Attribute(value=func, attr="__self__", ctx=gast.Load())

    def check_callee(self, stmt, op):
        """A function value computed from the differentiated inputs (a closure over
        them, a custom gradient's grad_fn at second order) hides a derivative."""
        varied = anno.get(self.node, anno.VARIED, frozenset())
        helpers = (runtime.vjp_call, runtime.jvp_call, runtime.vjp_call_jvp, runtime.vjp_call_vjp)
        if op.kind is Kind.CALL and op.rule in helpers and not (
                op.rule is runtime.vjp_call and len(stmt.value.args) >= 3
                and not any(isinstance(n, gast.Name) and n.id in varied
                            for n in gast.walk(stmt.value.args[0]))):
            call = stmt.value
            callee = text(call.args[0]) if call.args else "a function"
            raise self.sf.error(
                f"cannot differentiate again through {callee}(): a function known only at run "
                "time (a method of an argument or of self, super(), a function passed in) is "
                "differentiated to second order at most, the first derivative in reverse mode",
                "use tangentish.hessian / hvp / grad of grad, or call a function or a method of "
                "an object named at module level (known when the derivative is generated)",
                located(stmt))
        factories = ("hvp",)
        for targets, source in self.ops.values():
            if source.kind is Kind.CALL and any(n in targets for n in op.callee) \
                    and derived_operator_name(source.rule) in factories:
                raise self.sf.error(
                    f"cannot differentiate a call of the function tangentish."
                    f"{derived_operator_name(source.rule)} returns: it runs loops over generated code, "
                    "not code tangentish can differentiate again",
                    "differentiate f itself to a higher order (tangentish.hessian, "
                    "tangentish.jacobian of tangentish.grad(f), nested tangentish.jvp)",
                    located(stmt))
        hit = [n for n in op.callee if n in varied]
        func = stmt.value.func if isinstance(stmt.value, gast.Call) else None
        if hit and isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name) \
                and func.value.id in hit:
            raise self.sf.error(
                f"cannot differentiate {op.what} called on a value that carries a derivative: "
                "no rule covers that method",
                (f"use np.{func.attr}(...) instead, or " if hasattr(np, func.attr) else "")
                + "write the operation with indexing and numpy functions",
                located(stmt))
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
        try:
            yield
        except TransformError as exc:
            mine = self.sf.filename
            if exc.filename is None or exc.filename == mine or mine.startswith("<tangentish"):
                raise
            where = f" ({exc.filename}:{exc.lineno})" if exc.lineno else ""
            name = text(stmt.value.func) if isinstance(stmt.value, gast.Call) else what
            if in_package(exc.filename):
                # tangentish's own code (tangentish.vjp called inside the function...)
                raise self.sf.error(
                    f"cannot differentiate the call to {name}(): it is a tangentish function "
                    "whose code runs derivatives, not code tangentish differentiates again",
                    "call tangentish.grad(...) or tangentish.jvp(...) inside the function "
                    "instead (their derivatives can be differentiated again), or move this "
                    "call out of the differentiated function", located(stmt)) from exc
            raise self.sf.error(
                f"cannot differentiate the call to {name}(): tangentish cannot differentiate its "
                f"code: {exc.construct}{where}",
                f"register a rule for {name} with tangentish.register, or wrap the argument in "
                "tangentish.stop_gradient(...) if no derivative should flow",
                located(stmt)) from exc

    def refuse(self, stmt, op):
        """The TransformError for an active operation no rule covers."""
        what = op.what or "this operation"
        if op.kind is Kind.UNKNOWN and op.rule is not None and callable(op.rule) \
                and not hasattr(op.rule, "params"):
            name = getattr(op.rule, "__qualname__", None) or getattr(op.rule, "__name__", repr(op.rule))
            return self.sf.error(
                f"cannot differentiate a call to {name!r}: it has no derivative rule and no "
                "Python source",
                "register a rule for it with tangentish.register, wrap the argument in "
                "tangentish.stop_gradient(...) if no derivative should flow, or write it in Python",
                located(stmt))
        hint = ("register a rule with tangentish.register, use tangentish.stop_gradient(...) if "
                "no derivative should flow, or rewrite it with supported numpy functions")
        if what.startswith("the attribute .") and what[len("the attribute ."):] in _RESULT_FIELDS:
            hint = ("index or unpack the result of the decomposition instead "
                    "(w, v = np.linalg.eigh(a); res[0])")
        return self.sf.error(f"cannot differentiate {what}: no derivative rule applies", hint,
                             located(stmt))


# fields of numpy.linalg's named-tuple results
_RESULT_FIELDS = {"eigenvalues", "eigenvectors", "U", "S", "Vh", "Q", "R", "sign", "logabsdet"}


def _parameters(fn):
    """``fn``'s parameter names (none known: empty)."""
    try:
        return tuple(inspect.signature(fn, follow_wrapped=False).parameters)
    except (TypeError, ValueError):
        return ()


def _complete(line):
    try:
        compile(line, "<line>", "exec")
    except SyntaxError:
        return False
    return True


def _builds_container(stmt, op):
    """``stmt`` makes a list, tuple or dict: a display, or an append to a list."""
    if op.kind in (Kind.PACK, Kind.CONSTANT):
        return isinstance(getattr(stmt, "value", None), (gast.List, gast.Tuple, gast.Dict))
    return op.kind is Kind.PRIMITIVE and op.rule.primitive is runtime.list_append


def finish(ctx, node, transform):
    """Record what a transform adds for the passes after it: the objects its code
    names, the callees' derivatives, a resolver for its names."""
    ctx.injected.update(transform.injected)
    ctx.callees = list(transform.callees)
    ctx.resolver = Resolver(ctx.sf, local_names(node), extra=ctx.injected)


def binds_arguments(op):
    """A call of a tangentish derivative object that binds arguments (of a bound method
    or a partial) or is specialized per call shape (a ``*args`` wrapper's): its derivative
    is found at run time (driver.dynamic_derivative), where what it binds is known."""
    fn = op.rule
    return op.kind is Kind.CALL and isinstance(fn, Derivative) and bool(
        fn.prefix or fn.keywords or fn.per_call_shape)
