"""Effect summaries: what calling a Python function does besides returning its value.

``summary(fn)`` lists a function's effects (the arguments it changes, what it
writes outside itself, random draws and I/O, calls known only at run time),
through the functions with source it calls, as ``Effect``s; effects.py checks
them at the call sites of the function being transformed, effect_guards.py at
run time.

Assumptions: library functions without source and without a rule in the
tables below are pure apart from the arguments ``frontend/mutators.py`` lists;
functions with a derivative rule are pure.
"""
import dataclasses
import types
import weakref

import gast

from .. import runtime
from ..core.errors import TransformError
from ..core.markers import Derivative
from ..frontend import closures, mutators
from ..frontend.parse import parse_function
from ..frontend.resolve import MISSING, Resolver, module_of
from ..ir.nodes import parameter_names, text
from ..rules import RULES
from .bindings import all_parameter_names, base_name, base_names, bindings, is_fresh, own_scope


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


_SUMMARIES = weakref.WeakKeyDictionary()


def summary(fn):
    """The effects of calling ``fn`` (a Python function, method or tangentish derivative).

    Postcondition: empty only if ``fn`` (and everything with source it calls)
    changes no argument, writes nothing outside its own locals, and draws no
    random numbers, does no I/O and calls nothing whose effects are unknown."""
    target = plain_function(fn)
    if target is None:
        return ()
    cached = _SUMMARIES.get(target)
    if cached is not None:
        return cached
    effects, complete = _summarize(target, set())
    if complete:
        _SUMMARIES[target] = effects
    return effects


def plain_function(fn):
    """The Python function ``fn`` runs (a method's function, a derivative's generated
    code); None if it is not one."""
    if isinstance(fn, Derivative):
        # a *args wrapper's derivative is generated per call shape: its effects are the
        # wrapper's own (the derivative runs what the function runs)
        fn = plain_function(fn.target) if fn.per_call_shape else fn.generated
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
        self.params = set(parameter_names(node, kwargs=True))
        self.nonlocals = {n for s in own_scope(node) if isinstance(s, gast.Nonlocal)
                          for n in s.names}
        self.globals = {n for s in gast.walk(node) if isinstance(s, gast.Global) for n in s.names}
        self.binds = bindings(node)
        self.locals = (set(self.binds) | all_parameter_names(node)) - self.nonlocals - self.globals
        self.resolver = Resolver(sf, self.locals)

    def where(self, node):
        return f"{self.sf.filename}:{getattr(node, 'lineno', '?')}"

    def add(self, kind, what, node, param=None, augmented=False, attr=None):
        self.effects.append(Effect(kind, what, self.where(node), param, augmented, attr))

    def run(self):
        for name in sorted(self.nonlocals):
            stmt = next(s for s in own_scope(self.node) if isinstance(s, gast.Nonlocal))
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
            base = base_name(target)
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
            if not is_fresh(name, self.binds, self.resolver, set()):
                self.add("mutates", f"{what}, which may be one of its arguments", node, param="*",
                         augmented=augmented)
        elif name in self.outer_locals:
            self.add("writes", f"{what}, a variable of the enclosing function", node)
        else:
            self.add("writes", f"{what}, an object outside the function", node)

    def call(self, call):
        func = call.func
        for _ in range(16):     # derivative_of(f, wrt, mode)(...) has f's effects
            inner = self.derivative_of_target(func)
            if inner is None:
                break
            func = inner
        if func is not call.func:
            call = gast.copy_location(gast.Call(func=func, args=call.args,
                                                keywords=call.keywords), call)
        obj = resolve_callee(call.func, self.resolver)
        hit = mutators.mutated(call, self.resolver) if obj is MISSING or not _has_source(obj) \
            else None
        if hit is not None:
            base = base_name(hit[0]) if hit[0] is not None else None
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
                    base = base_name(bound.value)          # fl = a.fill; fl(v)
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
            if isinstance(func, gast.Attribute) and pure_method(func.attr):
                return
            if self.operator_result(func, call):
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
        if followed(obj):
            inner, complete = _summarize(plain_function(obj), self.in_progress)
            self.complete = self.complete and complete
            self.callee(call, obj, inner)

    def operator_result(self, func, call):
        """``grad(g)(a)`` (tangentish's operators, or a module wrapper only returning one,
        closures.operator_call): the derivative runs what ``g`` runs, so its effects are
        those of calling ``g``.  True if handled."""
        if not (isinstance(func, gast.Call) and func.args
                and isinstance(func.func, (gast.Name, gast.Attribute))):
            return False
        op = resolve_callee(func.func, self.resolver)
        if op is MISSING or closures.OPERATORS.get(
                closures.derived_operator_name(op)) is None and \
                closures.specialize_wrapper(op, 0) is None:
            return False
        first = func.args[0]
        if isinstance(first, gast.Lambda):
            return True           # its body is walked as part of this function
        if isinstance(first, gast.Name) and first.id in self.locals and all(
                isinstance(v, (gast.FunctionDef, gast.Lambda))
                for v in self.binds.get(first.id, [None])):
            return True
        self.passed_function(first, call)
        return True

    def derivative_of_target(self, func):
        """``f`` when ``func`` is ``derivative_of(f, wrt, mode)`` (generated code's run-time
        derivative of ``f``, runtime/dispatch.py) or a name bound only to one, else None."""
        if isinstance(func, gast.Name) and func.id in self.locals:
            bound = self.binds.get(func.id, ())
            if len(bound) != 1:
                return None
            func = bound[0]
        if isinstance(func, gast.Call) and func.args and \
                resolve_callee(func.func, self.resolver) is runtime.derivative_of:
            return func.args[0]
        return None

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
        obj = getattr_path(resolve_callee(arg, self.resolver), attr)
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
                for base in base_names(arg):
                    self.mutation(base, f"calls {name}(), which {e.what} ({e.where})", call,
                                  e.augmented and isinstance(arg, gast.Name))



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
    if not followed(obj):
        return []
    seen = set() if seen is None else seen
    key = (plain_function(obj), id(getattr(obj, "__self__", None)))
    if key in seen:
        return []
    seen.add(key)
    out = []
    for e in summary(obj):
        if e.kind == "calls" and isinstance(obj, types.MethodType) \
                and e.param == _first_param(obj) and e.attr:
            target = getattr_path(obj.__self__, e.attr)
            if target is not MISSING:
                out.extend(function_value_effects(target, e.where, seen))
                continue
        out.append(as_value_effect(e))
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


def getattr_path(obj, path):
    if obj is MISSING or not path:
        return obj
    for part in path.split("."):
        try:
            obj = getattr(obj, part)
        except Exception:
            return MISSING
    return obj


def as_value_effect(e):
    """An effect of a function passed as an argument, seen from the call passing it: a
    parameter it changes may be any argument; what it calls is unknown."""
    if e.kind == "mutates":
        return dataclasses.replace(e, param="*")
    return dataclasses.replace(e, kind="unknown") if e.kind == "calls" else e


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
    modules = [module_of(obj),
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
    fn = plain_function(obj)
    code = fn.__code__
    names = list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
    positional = receiver + list(call.args)
    out = [a for n, a in zip(names, positional) if n == param]
    out += [k.value for k in call.keywords if k.arg == param]
    if code.co_flags & 0x04 and param == code.co_varnames[len(names)]:
        out += positional[code.co_argcount:]        # *args
    return out


def followed(obj):
    """True if ``summary`` follows ``obj``: a Python function with source that is not
    tangentish's own."""
    return _has_source(obj) and not _internal(obj)


def _has_source(obj):
    return plain_function(obj) is not None


def _internal(obj):
    """tangentish's own helpers and derivatives: pure by construction."""
    fn = plain_function(obj)
    module = getattr(fn, "__module__", "") or ""
    return module.split(".")[0] == "tangentish" or RULES.get(obj) is not None


def pure_method(name):
    return name in PURE_METHODS or name in RULES.methods


def _op(stmt):
    return {gast.Add: "+", gast.Sub: "-", gast.Mult: "*", gast.Div: "/"}.get(type(stmt.op), "op")
