"""Effects: what a call does besides returning its value, and the calls whose
effects the derivative cannot follow.

Generated code sees a call only through its value: ``y = g(a)`` in the primal
and, in reverse mode, ``da = vjp_g(dy, a)`` in the adjoint, which runs ``g``'s
forward code a second time.  So a call is sound only if
  1. it changes no object the caller can still see (its arguments, its
     receiver): the adjoint reads primal values after the whole forward pass;
  2. what it writes elsewhere (attributes, globals, a ``nonlocal``, an object
     of an enclosing scope) carries no derivative, is not the caller's own
     variable (a ``nonlocal`` write would bypass the caller's SSA), and is not
     read by a callee that the adjoint runs again;
  3. when reverse mode needs its derivative (it runs twice), running it again
     changes nothing and gives the same value: no random draws, I/O, or calls
     whose effects cannot be seen.
``summary(fn)`` lists a Python function's effects, through the functions with
source it calls.  ``check`` refuses, at the call, every call of the function
being transformed that breaks 1-3 (mutating library calls without a
functional form included, see mutators.py); ``check_dynamic`` does the same at
run time for callees known only then (``vjp_call``/``jvp_call``), and the
``effects_guard``/``immutable_guard`` statements ``check`` emits check calls of
functions known only at run time that are not differentiated, objects whose
methods a callee calls, and arguments a callee updates with ``p += ...``.
Callees proven free of effects keep the cheap recomputation.

Assumptions: library functions without source and without a rule in the
tables below are pure apart from the arguments ``mutators.py`` lists;
functions with a derivative rule are pure.
"""
import dataclasses
import types
import weakref

import gast
import numpy as np

from ..ir import annotations as anno
from ..core import engine
from ..core.errors import TransformError
from ..ir.nodes import located, statements, text
from ..frontend import mutators
from ..frontend.resolve import MISSING, Resolver
from ..frontend.parse import parse_function
from ..rules import RULES
from .aliasing import VIEW_PRIMITIVES
from ..core.markers import Derivative


@dataclasses.dataclass(frozen=True)
class Effect:
    # "mutates" (param: a parameter name or "*") | "writes" | "impure" | "unknown"
    # | "calls" (calls its parameter ``param``: the effects of whatever is passed there)
    kind: str
    what: str          # e.g. "writes into its parameter 'v'"
    where: str         # file:line
    param: str = None
    augmented: bool = False   # only by `p += ...`: no change when p is a number or tuple
    attr: str = None          # "calls": the method (dotted path) of ``param`` it calls

    def describe(self):
        return f"{self.what} ({self.where})"


_IMPURE_BUILTINS = {print: "prints", input: "reads input", open: "opens a file",
                    next: "advances an iterator (a second run reads the next item)",
                    breakpoint: "enters the debugger"}
_IMPURE_MODULES = ("random", "time", "os", "sys", "io", "logging", "socket", "subprocess",
                   "secrets", "uuid", "warnings")
# Methods that neither change their object nor have other effects.
PURE_METHODS = frozenset({
    "items", "keys", "values", "get", "index", "count", "tolist", "item", "format", "copy",
    "astype", "startswith", "endswith", "join", "split", "strip", "lower", "upper", "replace",
    "view", "nonzero", "searchsorted", "conj", "conjugate", "dot", "real", "imag",
})


# -- summaries --------------------------------------------------------------------------------
_SUMMARIES = weakref.WeakKeyDictionary()


def summary(fn):
    """The effects of calling ``fn`` (a Python function, method or tangentish derivative).

    Postcondition: empty only if ``fn`` (and everything with source it calls)
    changes no argument, writes nothing outside its own locals, and draws no
    random numbers, does no I/O and calls nothing whose effects are unknown."""
    target = _plain(fn)
    if target is None:
        return ()
    cached = _SUMMARIES.get(target)
    if cached is not None:
        return cached
    effects, complete = _summarize(target, set())
    if complete:
        _SUMMARIES[target] = effects
    return effects


def _plain(fn):
    if isinstance(fn, Derivative):
        # a *args wrapper's derivative is generated per call shape: its effects are the
        # wrapper's own (the derivative runs what the function runs)
        fn = _plain(fn.target) if fn.per_call_shape else fn.generated
    if isinstance(fn, types.MethodType):
        fn = fn.__func__
    return fn if isinstance(fn, types.FunctionType) else None


def _summarize(fn, in_progress):
    """(effects, complete): complete is False when a recursive cycle was cut."""
    if fn in in_progress:
        return (), False
    try:
        sf = parse_function(fn)
    except TransformError:
        where = f"{fn.__code__.co_filename}:{fn.__code__.co_firstlineno}"
        return (Effect("unknown", f"{fn.__qualname__} has no readable source", where),), True
    in_progress.add(fn)
    try:
        walker = _Walker(sf, sf.node, in_progress)
        walker.run()
    finally:
        in_progress.discard(fn)
    return tuple(dict.fromkeys(walker.effects)), walker.complete


def summarize_node(sf, node, outer_locals):
    """The effects of calling the nested def ``node`` of the function ``sf``; the
    enclosing function's variables ``outer_locals`` count as outside objects."""
    walker = _Walker(sf, node, set(), outer_locals=outer_locals)
    walker.run()
    return tuple(dict.fromkeys(walker.effects))


class _Walker:
    """Collects the effects of one function body (nested defs and lambdas included)."""

    def __init__(self, sf, node, in_progress, outer_locals=frozenset()):
        self.sf, self.node, self.in_progress = sf, node, in_progress
        self.outer_locals = frozenset(outer_locals)
        self.effects, self.complete = [], True
        self.params = _params(node)
        self.nonlocals = {n for s in _own_scope(node) if isinstance(s, gast.Nonlocal)
                          for n in s.names}
        self.globals = {n for s in gast.walk(node) if isinstance(s, gast.Global) for n in s.names}
        self.binds = _bindings(node)
        self.locals = (set(self.binds) | _all_params(node)) - self.nonlocals - self.globals
        self.resolver = Resolver(sf, self.locals)

    def where(self, node):
        return f"{self.sf.filename}:{getattr(node, 'lineno', '?')}"

    def add(self, kind, what, node, param=None, augmented=False, attr=None):
        self.effects.append(Effect(kind, what, self.where(node), param, augmented, attr))

    def run(self):
        for name in sorted(self.nonlocals):
            stmt = next(s for s in _own_scope(self.node) if isinstance(s, gast.Nonlocal))
            self.add("writes", f"assigns the enclosing function's variable {name!r} (nonlocal)",
                     stmt)
        for n in gast.walk(self.node):
            if isinstance(n, gast.Global):
                for name in n.names:
                    self.add("writes", f"assigns the global {name!r}", n)
            elif isinstance(n, (gast.Assign, gast.AugAssign, gast.AnnAssign)):
                targets = n.targets if isinstance(n, gast.Assign) else [n.target]
                for t in targets:
                    self.store(t, n)
            elif isinstance(n, gast.Call):
                self.call(n)
            elif isinstance(n, gast.Delete):
                for t in n.targets:
                    if not isinstance(t, gast.Name):
                        self.store(t, n)

    def store(self, target, stmt):
        if isinstance(target, (gast.Tuple, gast.List)):
            for e in target.elts:
                self.store(e, stmt)
        elif isinstance(target, gast.Attribute):
            self.add("writes", f"sets the attribute {text(target)}", stmt)
        elif isinstance(target, gast.Subscript):
            base = _base_name(target)
            if base is not None:
                self.mutation(base, f"writes into {text(target)}", stmt)
        elif isinstance(target, gast.Name) and isinstance(stmt, gast.AugAssign):
            self.mutation(target.id, f"updates {target.id!r} in place "
                          f"(`{target.id} {_op(stmt)}= ...` changes an array)", stmt, True)

    def mutation(self, name, what, node, augmented=False):
        if name in self.params:
            self.add("mutates", f"{what}, its parameter {name!r}", node, param=name,
                     augmented=augmented)
        elif name in self.locals:
            if not _fresh(name, self.binds, self.resolver, set()):
                self.add("mutates", f"{what}, which may be one of its arguments", node, param="*",
                         augmented=augmented)
        elif name in self.outer_locals:
            self.add("writes", f"{what}, a variable of the enclosing function", node)
        else:
            self.add("writes", f"{what}, an object outside the function", node)

    def call(self, call):
        obj = resolve_callee(call.func, self.resolver)
        hit = mutators.mutated(call, self.resolver) if obj is MISSING or not _has_source(obj) \
            else None
        if hit is not None:
            base = _base_name(hit[0]) if hit[0] is not None else None
            if base is not None:
                self.mutation(base, f"`{text(call)}` {hit[1]}", call)
            else:
                self.add("mutates", f"`{text(call)}` {hit[1]}", call, param="*")
            return
        if obj is MISSING and _super_method(call.func, self.sf, self.resolver,
                                             self.binds) is not None:
            self.super_call(call)
            return
        if obj is MISSING:
            func = call.func
            for bound in (self.binds.get(func.id, ()) if isinstance(func, gast.Name) else ()):
                if isinstance(bound, gast.Attribute) and bound.attr in mutators.MUTATING_METHODS:
                    base = _base_name(bound.value)          # fl = a.fill; fl(v)
                    if base is not None:
                        self.mutation(base, f"`{text(bound)}` (called as {func.id}()) changes "
                                      "it in place", call)
                    else:
                        self.add("mutates", f"calls `{text(bound)}`", call, param="*")
                    return
            if isinstance(func, gast.Name) and func.id in self.locals and all(
                    isinstance(v, (gast.FunctionDef, gast.Lambda))
                    for v in self.binds.get(func.id, [None])):
                return            # a nested def or lambda: its body is walked as part of this one
            if isinstance(func, gast.Attribute) and _pure_method(func.attr):
                return
            base, path = _attribute_path(func)
            if base in self.params:
                self.add("calls", f"calls `{text(func)}()`", call, param=base, attr=path)
                return
            self.add("unknown", f"calls `{text(func)}()`, which is known only at run time", call)
            return
        impure = impurity(obj)
        if impure:
            self.add("impure", f"{impure} (`{text(call.func)}()`)", call)
            return
        if _has_source(obj) and not _internal(obj):
            inner, complete = _summarize(_plain(obj), self.in_progress)
            self.complete = self.complete and complete
            self.callee(call, obj, inner)

    def super_call(self, call):
        """``super().m(x)``: the parent class's ``m`` called on this method's own object."""
        target = _super_method(call.func, self.sf, self.resolver, self.binds)
        sup = _super_call(call.func.value, self.binds)
        first = self.node.args.posonlyargs + self.node.args.args
        receiver = sup.args[1] if len(sup.args) > 1 else (
            gast.Name(id=first[0].id, ctx=gast.Load(), annotation=None, type_comment=None)
            if first else None)
        if receiver is None or not isinstance(target, types.FunctionType):
            self.add("unknown", f"calls `{text(call.func)}()`, which is known only at run time",
                     call)
            return
        as_method = gast.Call(func=gast.Attribute(value=receiver, attr=call.func.attr,
                                                  ctx=gast.Load()),
                              args=call.args, keywords=call.keywords)
        for n in gast.walk(as_method):
            if getattr(n, "lineno", None) is None and hasattr(call, "lineno"):
                n.lineno = call.lineno
        inner, complete = _summarize(target, self.in_progress)
        self.complete = self.complete and complete
        self.callee(as_method, types.MethodType(target, object()), inner)

    def passed_function(self, arg, call, attr=None):
        """The effects of calling ``arg`` (or its method ``attr``), passed to a callee."""
        base, path = _attribute_path(arg)
        if base in self.params:
            path = ".".join(p for p in (path, attr) if p) or None
            self.add("calls", f"calls `{text(arg)}{'.' + attr if attr else ''}()`", call,
                     param=base, attr=path)
            return
        obj = _getattr_path(resolve_callee(arg, self.resolver), attr)
        if obj is MISSING:
            self.add("unknown", f"passes `{text(arg)}`, known only at run time, to a function "
                     "that calls it", call)
            return
        self.effects.extend(function_value_effects(obj, self.where(call)))

    def callee(self, call, obj, inner):
        """Add a called function's effects, its parameter mutations mapped to the arguments."""
        name = getattr(obj, "__name__", "function")
        for e in inner:
            if e.kind == "calls":
                for arg in arguments_for(call, obj, e.param):
                    self.passed_function(arg, call, e.attr)
                continue
            if e.kind != "mutates":
                self.effects.append(e)
                continue
            passed = arguments_for(call, obj, e.param)
            if not passed:       # a default value: it persists from call to call
                self.add("writes", f"calls {name}(), which {e.what} ({e.where}), a default "
                         "value kept between calls", call)
            for arg in passed:
                for base in _base_names(arg):
                    self.mutation(base, f"calls {name}(), which {e.what} ({e.where})", call,
                                  e.augmented and isinstance(arg, gast.Name))


# -- call sites in the function being transformed ----------------------------------------------
def check(sf, fn_node, resolver, mode, symbols=None):
    """Refuse each call of the normalized ``fn_node`` whose effects the derivative
    cannot follow (rules 1-3 of the module docstring), at the call.

    ``mode``: the transform's mode; "grad"/"vjp" recompute active callees.
    Postcondition: a call of a function known only at run time whose derivative is
    not computed is preceded by ``effects_guard(...)``, which checks it then (the
    ones whose derivative is computed are checked by ``vjp_call``/``jvp_call``)."""
    reverse = mode not in ("jvp", "tangent")
    varied = anno.get(fn_node, anno.VARIED, frozenset())
    active = anno.get(fn_node, anno.ACTIVE, frozenset())
    outer = {n.id for n in gast.walk(fn_node) if isinstance(n, gast.Name)} | _all_params(fn_node)
    reads = {}
    for n in gast.walk(fn_node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load):
            reads[n.id] = reads.get(n.id, 0) + 1
    nested = {}
    for stmt in statements(fn_node.body):
        if isinstance(stmt, gast.Assign) and isinstance(stmt.value, gast.Lambda):
            nested.update((t.id, stmt.value) for t in stmt.targets if isinstance(t, gast.Name))
        if isinstance(stmt, gast.FunctionDef):
            nested[stmt.name] = stmt
            nl = [s for s in _own_scope(stmt) if isinstance(s, gast.Nonlocal)]
            if nl:
                raise sf.error(
                    f"cannot differentiate the nested function {stmt.name!r}: it assigns the "
                    f"enclosing function's variable {nl[0].names[0]!r} (nonlocal), which the "
                    "derivative cannot follow", f"return the new value from {stmt.name} and "
                    "assign it in the enclosing function", nl[0])
    sites = []
    for block, stmt in _statements_in_blocks(fn_node.body):
        if anno.get(stmt, anno.STACK_PUSH) is not None or \
                anno.get(stmt, anno.STACK_POP) is not None:
            continue
        call = getattr(stmt, "value", None)
        if not isinstance(stmt, (gast.Assign, gast.Expr)) or not isinstance(call, gast.Call):
            continue
        targets = {n.id for t in getattr(stmt, "targets", []) for n in gast.walk(t)
                   if isinstance(n, gast.Name)}
        args = _arg_names(call)
        derivative = bool(targets & active) and bool(args & active)
        sites.append((block, _Site(sf, stmt, call, reverse and derivative, derivative,
                                   bool(args & varied), isinstance(stmt, gast.Expr), resolver)))
    # A callee run again by the adjoint reads state as it is after the whole forward
    # pass: then no call may write state outside the function (rule 2).
    shared = any(site.rerun and _user_code(site.call.func, resolver) for _, site in sites)
    guards = []
    for block, site in sites:
        site.shared = shared
        if _check_call(site, resolver, nested, outer, reads) and symbols is not None:
            guards.append((block, site.stmt, _guard(sf, site, symbols)))
        for name, attr in site.deferred:
            if symbols is None:
                raise site.refuse(f"the callee calls `{name}`, known only at run time",
                                  "pass the values it computes in as arguments")
            guards.append((block, site.stmt, _guard(sf, site, symbols, name, attr)))
        for name, why in site.immutable:
            if symbols is None:
                raise site.refuse(why, "return the new value instead of updating the argument")
            guards.append((block, site.stmt, _immutable_guard(sf, site, name, why, symbols)))
    for block, stmt, guard in guards:
        block.insert(next(i for i, s in enumerate(block) if s is stmt), guard)


def _immutable_guard(sf, site, name, why, symbols):
    """``immutable_guard(a, "file:line", why)``: the callee's ``p += ...`` changes nothing
    the caller sees when ``a`` is a number; raise at run time if it is an array or list."""
    line = getattr(located(site.stmt), "lineno", None)
    args = [gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None),
            gast.Constant(value=f"{sf.filename}:{line}", kind=None),
            gast.Constant(value=f"the call `{text(site.call.func)}`: {why}", kind=None)]
    guard = gast.Expr(value=gast.Call(func=gast.Name(
        id=symbols.get("immutable_guard", "immutable_guard"), ctx=gast.Load(), annotation=None,
        type_comment=None), args=args, keywords=[]))
    anno.set(guard, anno.ORIGIN, anno.get(site.stmt, anno.ORIGIN))
    return guard


def _user_code(func, resolver):
    """True if a call of ``func`` runs user code (source, or known only at run time)."""
    obj = resolve_callee(func, resolver)
    if obj is MISSING:
        return not (isinstance(func, gast.Attribute) and _pure_method(func.attr))
    return _has_source(obj) and not _internal(obj)


def _statements_in_blocks(block):
    """(the list holding it, statement) for every statement, nested blocks included."""
    for s in list(block):
        yield block, s
        if isinstance(s, (gast.If, gast.For, gast.While)):
            yield from _statements_in_blocks(s.body)
            yield from _statements_in_blocks(s.orelse)


def _guard(sf, site, symbols, passed=None, passed_attr=None):
    """``effects_guard(f, None, strict, "file:line", rerun)`` or ``effects_guard(obj,
    "method", ...)``: for the call itself, or for a function value (or an object's
    method) ``passed`` to a callee that calls it."""
    func = site.call.func
    if passed is not None:
        fn, attr = gast.Name(id=passed, ctx=gast.Load(), annotation=None,
                             type_comment=None), passed_attr
    else:
        fn, attr = (func.value, func.attr) if isinstance(func, gast.Attribute) else (func, None)
    line = getattr(located(site.stmt), "lineno", None)
    strict = site.varied or site.shared
    args = [fn, gast.Constant(value=attr, kind=None), gast.Constant(value=strict, kind=None),
            gast.Constant(value=f"{sf.filename}:{line}", kind=None),
            gast.Constant(value=passed is not None and site.rerun, kind=None)]
    guard = gast.Expr(value=gast.Call(func=gast.Name(
        id=symbols.get("effects_guard", "effects_guard"), ctx=gast.Load(), annotation=None,
        type_comment=None), args=args, keywords=[]))
    anno.set(guard, anno.ORIGIN, anno.get(site.stmt, anno.ORIGIN))
    return guard


@dataclasses.dataclass
class _Site:
    sf: object
    stmt: object
    call: object
    rerun: bool          # reverse mode calls the callee's derivative: it runs twice
    derivative: bool     # the call's derivative is computed (by its vjp or jvp)
    varied: bool         # an argument carries a derivative
    discarded: bool      # the result is unused: the call is made for its effects
    resolver: object = None
    shared: bool = False  # some callee is run again in the adjoint: outside state must not change
    # (argument, why): an argument the callee updates with p += ..., checked at run time
    immutable: list = dataclasses.field(default_factory=list)
    # (argument, method): an object or function the callee calls, checked at run time
    deferred: list = dataclasses.field(default_factory=list)

    def refuse(self, why, hint):
        origin = anno.get(self.stmt, anno.ORIGIN)
        where = f" in `{origin[2]}`" if origin else ""
        return self.sf.error(f"cannot differentiate the call of `{text(self.call.func)}()`"
                             f"{where}: {why}", hint, located(self.stmt))


def _check_call(site, resolver, nested, outer, reads):
    """Refuse the call at ``site`` if its effects cannot be followed; True if it can only
    be checked at run time (a function known only then, not differentiated)."""
    call = site.call
    func = call.func
    obj = resolve_callee(func, resolver)
    if obj is MISSING and isinstance(func, gast.Name) and func.id in nested:
        effects = summarize_node(site.sf, nested[func.id], outer)
        _check_effects(site, effects, None, func.id)
        return False
    if obj is MISSING:
        if any(k.arg == "out" for k in call.keywords) or (
                isinstance(func, gast.Attribute) and func.attr == "at"):
            raise site.refuse(
                f"`{text(func)}(...)` may write into an argument (`out=`, a ufunc's `.at`) "
                "through a function known only at run time, which the derivative cannot follow",
                "call the numpy function by its name (np.add.at, np.multiply(..., out=a)) or "
                "compute a new array")
        if isinstance(func, gast.Attribute) and func.attr in mutators.MUTATING_METHODS:
            raise site.refuse(
                f"`.{func.attr}()` changes `{text(func.value)}` in place, which the derivative "
                "cannot follow", "build a new value instead (np.sort(a), sorted(xs), xs + [v], "
                "a dict display...) and assign it to a name")
        if isinstance(func, gast.Attribute) and _pure_method(func.attr):
            return False
        return not site.derivative      # checked at run time (effects_guard, or vjp/jvp_call)
    if _has_source(obj) and not _internal(obj):
        _check_effects(site, summary(obj), obj, getattr(obj, "__name__", "the function"),
                       lambda arg: nested.get(arg.id) if isinstance(arg, gast.Name) else None)
        return False
    hit = mutators.mutated(call, resolver)
    if hit is not None and not (_outside_log(site, hit[0], reads) and not site.varied
                                and not site.shared):
        what = text(hit[0]) if hit[0] is not None else "an argument"
        raise site.refuse(f"it changes `{what}` in place ({hit[1]}), which the derivative cannot "
                          "follow", "compute the new array with numpy operations or an element "
                          "assignment a[i] = v on a new array")
    return False


def function_value_effects(obj, where, seen=None):
    """The effects of calling the function value ``obj`` with unknown arguments; a
    bound method's calls of its own object's methods (``self.f()``) are followed; a
    method already being followed adds nothing new (recursion: ``self.r(x, n - 1)``)."""
    impure = impurity(obj)
    if impure:
        return [Effect("impure", f"{impure} (`{getattr(obj, '__name__', obj)}`)", where)]
    changes = mutators.library_mutation(obj)
    if changes:
        return [Effect("mutates", changes, where, param="*")]
    if not _has_source(obj) or _internal(obj):
        return []
    seen = set() if seen is None else seen
    key = (_plain(obj), id(getattr(obj, "__self__", None)))
    if key in seen:
        return []
    seen.add(key)
    out = []
    for e in summary(obj):
        if e.kind == "calls" and isinstance(obj, types.MethodType) \
                and e.param == _first_param(obj) and e.attr:
            target = _getattr_path(obj.__self__, e.attr)
            if target is not MISSING:
                out.extend(function_value_effects(target, e.where, seen))
                continue
        out.append(_as_value_effect(e))
    return out


def _super_call(node, binds):
    """The ``super(...)`` call ``node`` is, or a name bound only to it; else None."""
    if isinstance(node, gast.Name) and len(binds.get(node.id, ())) == 1:
        node = binds[node.id][0]
    if isinstance(node, gast.Call) and isinstance(node.func, gast.Name) \
            and node.func.id == "super":
        return node
    return None


def _super_method(func, sf, resolver, binds):
    """The function ``super().m`` / ``super(C, self).m`` names, found in the class's MRO
    after the class (``__class__`` cell, or C); None if ``func`` is not that, MISSING if
    the class is not known."""
    sup = _super_call(func.value, binds) if isinstance(func, gast.Attribute) else None
    if sup is None or resolver.resolve(sup.func) is not super:
        return None
    args = sup.args
    if args:
        cls = resolver.resolve(args[0])
    else:
        cell = sf.closure.get("__class__")
        try:
            cls = cell.cell_contents if cell is not None else MISSING
        except ValueError:
            cls = MISSING
    if not isinstance(cls, type):
        return MISSING
    for klass in cls.__mro__[1:]:
        if func.attr in vars(klass):
            return vars(klass)[func.attr]
    return MISSING


def _first_param(method):
    code = method.__func__.__code__
    return code.co_varnames[0] if code.co_argcount else None


def _attribute_path(node):
    """(base name, "a.b") for ``base.a.b``; (name, None) for a name; (None, None) else."""
    parts = []
    while isinstance(node, gast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, gast.Name):
        return None, None
    return node.id, ".".join(reversed(parts)) or None


def _getattr_path(obj, path):
    if obj is MISSING or not path:
        return obj
    for part in path.split("."):
        try:
            obj = getattr(obj, part)
        except Exception:
            return MISSING
    return obj


def _as_value_effect(e):
    """An effect of a function passed as an argument, seen from the call passing it: a
    parameter it changes may be any argument; what it calls is unknown."""
    if e.kind == "mutates":
        return dataclasses.replace(e, param="*")
    return dataclasses.replace(e, kind="unknown") if e.kind == "calls" else e


def _check_effects(site, effects, obj, name, locals_=None):
    effects = list(effects)
    for e in list(effects):
        if e.kind != "calls":
            continue
        effects.remove(e)
        for arg in arguments_for(site.call, obj, e.param):
            fn = locals_(arg) if locals_ is not None and e.attr is None else None
            if fn is not None:
                effects.extend(_as_value_effect(x) for x in summarize_node(site.sf, fn, ()))
                continue
            value = _getattr_path(resolve_callee(arg, site.resolver), e.attr)
            if value is not MISSING:
                effects.extend(function_value_effects(value, e.where))
            elif isinstance(arg, gast.Name) and (e.attr is None or "." not in e.attr):
                site.deferred.append((arg.id, e.attr))     # checked at run time
            else:
                effects.append(Effect("unknown", f"calls `{text(arg)}"
                                      f"{'.' + e.attr if e.attr else ''}()`, known only at "
                                      "run time", e.where))
    for e in effects:
        if e.kind == "mutates":
            passed = arguments_for(site.call, obj, e.param)
            if not passed:       # a default value: it persists from call to call
                e = dataclasses.replace(e, kind="writes", what=e.what + ", a default value "
                                        "kept between calls")
            hit = [a for a in passed if _base_names(a)]
            if hit and e.augmented and all(isinstance(a, gast.Name) for a in hit):
                site.immutable.extend((a.id, f"{name}() {e.describe()}") for a in hit)
                continue
            if hit:
                raise site.refuse(
                    f"{name}() {e.describe()}, so the caller's `{text(hit[0])}` changes in a way "
                    "the derivative cannot follow", f"make {name} return the new value and "
                    "assign it in the caller")
        if e.kind == "writes" and (site.varied or site.rerun or site.shared or obj is None):
            why = ("a callee whose derivative reverse mode recomputes would see the change"
                   if site.shared and not (site.varied or site.rerun or obj is None) else
                   "the derivative cannot follow values stored outside the function")
            raise site.refuse(f"{name}() {e.describe()}: {why}",
                              f"make {name} return the value and assign it in the caller")
        elif e.kind == "impure" and site.rerun:
            raise site.refuse(
                f"{name}() {e.describe()}, and reverse mode runs it a second time to compute its "
                "derivative, which would use different values", "pass random draws and such "
                "values in as arguments (draw them in the caller, or outside the differentiated "
                "function), or use tangentish.jvp, which runs each call once")
        elif e.kind == "unknown" and site.rerun:
            raise site.refuse(
                f"{name}() {e.describe()}, and reverse mode runs it a second time to compute its "
                "derivative: tangentish cannot tell whether the two runs agree (a draw of random "
                "numbers or a change of state there would make them differ)",
                "call a function or method named at module level (tangentish then sees its "
                "code), or use tangentish.jvp, whose forward mode runs each call once")


def check_guard(fn, attr, varied, where, rerun=False):
    """At run time, before a call of ``fn`` (or of ``fn.attr``) whose derivative is not
    computed: raise a TransformError located at ``where`` if it changes an argument or
    its object, or (when an argument carries a derivative, ``varied``) writes anything
    outside itself or calls what cannot be seen; with ``rerun`` (a callee that reverse
    mode runs again calls it) also if it is impure."""
    name = attr or getattr(fn, "__name__", "function")
    target = _getattr_path(fn, attr)
    if target is MISSING:
        return                  # Python raises AttributeError at the call itself
    for e in function_value_effects(target, where):
        if e.kind == "mutates" or (varied and e.kind in ("writes", "unknown", "calls")) or (
                rerun and e.kind in ("impure", "unknown", "calls")):
            file, _, line = where.rpartition(":")
            why = ("and reverse mode runs it a second time" if rerun and e.kind in (
                "impure", "unknown", "calls") else "which the derivative cannot follow")
            raise TransformError(
                f"cannot differentiate the call of {name}(): it {e.describe()}, {why}",
                f"make {name} return the values it changes, and pass random draws in as "
                "arguments", file, int(line) if line.isdigit() else None, 0)


def check_repeatable(fn, api):
    """Before ``api`` (tangentish.vjp, jacobian...) runs ``fn`` more than once for one
    result: raise a TransformError if ``fn`` draws random numbers or does I/O, since the
    runs would disagree (a function whose effects are unknown is let through)."""
    for e in summary(fn):
        if e.kind == "impure":
            name = getattr(fn, "__qualname__", getattr(fn, "__name__", "the function"))
            file, _, line = e.where.rpartition(":")
            raise TransformError(
                f"{api} runs {name}() more than once, and it {e.what}: the runs would use "
                "different values", "pass random draws in as arguments, or use "
                "tangentish.grad / value_and_grad / jvp, which run it once",
                file, int(line) if line.isdigit() else None, 0)


def check_dynamic(fn, mode):
    """At run time, before transforming ``fn`` for ``vjp_call``/``jvp_call``: raise a
    TransformError if its effects cannot be followed (it runs again in "vjp")."""
    code = getattr(_plain(fn), "__code__", None)
    where = f"{code.co_filename}:{code.co_firstlineno}" if code is not None else "?"
    for e in function_value_effects(fn, where):
        if e.kind in ("mutates", "writes") or (mode == "vjp" and e.kind in ("impure", "unknown",
                                                                            "calls")):
            name = getattr(fn, "__qualname__", getattr(fn, "__name__", "the function"))
            why = ("and reverse mode runs it a second time" if e.kind in ("impure", "unknown",
                                                                          "calls")
                   else "which the derivative cannot follow")
            file, _, line = e.where.rpartition(":")
            raise TransformError(f"cannot differentiate a call of {name}(): it {e.what}, {why}",
                                 "make it return the values it changes, and pass random draws "
                                 "in as arguments", file, int(line) if line.isdigit() else None, 0)


# -- helpers ------------------------------------------------------------------------------------
def resolve_callee(func, resolver):
    """The object a call names, through attributes of any object the function can see
    (``rs.rand`` of a global RandomState, ``np.add.at``); MISSING for run-time values."""
    obj = mutators.resolve_call(func, resolver)
    if obj is MISSING and isinstance(func, gast.Attribute):
        base = resolve_callee(func.value, resolver)
        if base is not MISSING and not isinstance(base, (types.ModuleType, type)):
            try:
                return getattr(base, func.attr, MISSING)
            except Exception:
                return MISSING
    return obj


def impurity(obj):
    """What ``obj`` does besides computing a value (random draws, I/O), or ''."""
    try:
        if obj in _IMPURE_BUILTINS:
            return _IMPURE_BUILTINS[obj]
    except TypeError:
        pass
    modules = [getattr(obj, "__module__", None) or "",
               type(getattr(obj, "__self__", None)).__module__ or ""]
    for m in modules:
        if m.split(".")[0] in _IMPURE_MODULES:
            return "draws random numbers" if "random" in m else f"has an effect ({m})"
        if m.startswith("numpy.random"):
            return "draws random numbers"
    return ""


def arguments_for(call, obj, param):
    """The argument nodes of ``call`` passed as ``obj``'s parameter ``param`` ("*": all)."""
    receiver = []
    if isinstance(obj, types.MethodType) and isinstance(call.func, gast.Attribute):
        receiver = [call.func.value]
    everything = receiver + list(call.args) + [k.value for k in call.keywords]
    if param == "*" or obj is None:
        return everything
    fn = _plain(obj)
    code = fn.__code__
    names = list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
    positional = receiver + list(call.args)
    out = [a for n, a in zip(names, positional) if n == param]
    out += [k.value for k in call.keywords if k.arg == param]
    if code.co_flags & 0x04 and param == code.co_varnames[len(names)]:
        out += positional[code.co_argcount:]        # *args
    return out


def _has_source(obj):
    return _plain(obj) is not None


def _internal(obj):
    """tangentish's own helpers and derivatives: pure by construction."""
    fn = _plain(obj)
    module = getattr(fn, "__module__", "") or ""
    return module.split(".")[0] == "tangentish" or RULES.get(obj) is not None


def _outside_log(site, changed, reads):
    """True if the call changes an object outside the function that the function does
    not otherwise read (``LOG.append(c)``): no value the derivative uses changes."""
    func = site.call.func
    return (isinstance(func, gast.Attribute) and changed is func.value
            and isinstance(changed, gast.Name) and reads.get(changed.id, 0) <= 1)


def _pure_method(name):
    return name in PURE_METHODS or name in RULES.methods


def _arg_names(call):
    return {n.id for a in list(call.args) + [k.value for k in call.keywords]
            for n in gast.walk(a) if isinstance(n, gast.Name)}


def _base_names(node):
    """The names whose objects ``node`` may reach (``a``, ``a[0]``, ``[a, b]``...)."""
    if isinstance(node, (gast.List, gast.Tuple)):
        return [n for e in node.elts for n in _base_names(e)]
    if isinstance(node, gast.Dict):
        return [n for e in node.values for n in _base_names(e)]
    base = _base_name(node)
    return [base] if base is not None else []


def _base_name(node):
    while isinstance(node, (gast.Subscript, gast.Attribute, gast.Starred)):
        node = node.value
    return node.id if isinstance(node, gast.Name) else None


def _op(stmt):
    return {gast.Add: "+", gast.Sub: "-", gast.Mult: "*", gast.Div: "/"}.get(type(stmt.op), "op")


def _params(node):
    a = node.args
    names = [p.id for p in a.posonlyargs + a.args + a.kwonlyargs]
    names += [p.id for p in (a.vararg, a.kwarg) if p is not None]
    return set(names)


def _all_params(node):
    out = set()
    for n in gast.walk(node):
        if isinstance(n, (gast.FunctionDef, gast.Lambda)):
            out |= _params(n)
    return out


def _own_scope(node):
    """Statements and expressions of ``node``'s own body, not of nested functions."""
    todo = list(node.body) if isinstance(node.body, list) else [node.body]
    while todo:
        n = todo.pop()
        yield n
        if not isinstance(n, (gast.FunctionDef, gast.Lambda)):
            todo.extend(gast.iter_child_nodes(n))


def _bindings(node):
    """name -> list of the values bound to it anywhere in ``node`` (None: an unknown
    value, as a for target, a tuple unpacking or a with/except name binds)."""
    binds, plain = {}, set()
    for n in gast.walk(node):
        if isinstance(n, gast.AugAssign) and isinstance(n.target, gast.Name):
            plain.add(id(n.target))       # same object (an array) or a new number
        elif isinstance(n, (gast.Assign, gast.AnnAssign)):
            for t in (n.targets if isinstance(n, gast.Assign) else [n.target]):
                if isinstance(t, gast.Name) and n.value is not None:
                    binds.setdefault(t.id, []).append(n.value)
                    plain.add(id(t))
        elif isinstance(n, gast.FunctionDef) and n is not node:
            binds.setdefault(n.name, []).append(n)
    for n in gast.walk(node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) and id(n) not in plain:
            binds.setdefault(n.id, []).append(None)
    return binds


_FRESH_CALLS = (np.zeros, np.ones, np.empty, np.full, np.zeros_like, np.ones_like, np.empty_like,
                np.full_like, np.arange, np.linspace, np.eye, np.identity, np.array, np.copy,
                np.concatenate, np.stack, np.vstack, np.hstack, list, dict, set, tuple, float, int,
                sorted, range)


def _fresh(name, binds, resolver, seen):
    """True if every value bound to ``name`` is a new object (so updating it is local)."""
    if name in seen:
        return True
    seen.add(name)
    values = binds.get(name)
    if not values:
        return False
    return all(_fresh_value(v, binds, resolver, seen) for v in values)


def _fresh_value(value, binds, resolver, seen):
    if value is None:
        return False
    if isinstance(value, (gast.Constant, gast.BinOp, gast.UnaryOp, gast.Compare, gast.List,
                          gast.Dict, gast.Set, gast.ListComp, gast.DictComp, gast.SetComp,
                          gast.JoinedStr, gast.Lambda, gast.FunctionDef, gast.Tuple)):
        return True
    if isinstance(value, gast.Name):
        return _fresh(value.id, binds, resolver, seen)
    if isinstance(value, gast.IfExp):
        return all(_fresh_value(v, binds, resolver, seen) for v in (value.body, value.orelse))
    if isinstance(value, gast.Call):
        func = value.func
        if isinstance(func, gast.Attribute) and func.attr == "copy" and not value.args:
            return True
        obj = resolver.resolve(func)
        if any(obj is f for f in _FRESH_CALLS):
            return True
        rule = RULES.get(obj) if obj is not MISSING else None
        return rule is not None and obj not in VIEW_PRIMITIVES and obj is not np.asarray
    return False


__all__ = ["Effect", "summary", "summarize_node", "check", "check_guard", "check_dynamic",
           "check_repeatable",
           "impurity",
           "resolve_callee", "arguments_for"]


def run(ctx, node):
    """Refuse the calls whose effects the derivative cannot follow; guard the rest."""
    check(ctx.sf, node, ctx.resolver, ctx.mode, ctx.symbols)
    return node


engine.install(effects_guard=check_guard)
