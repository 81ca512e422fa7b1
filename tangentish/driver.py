"""The pipeline, one pass per line.  ``transform`` is the only entry point the
public API uses; ``dump`` shows the source after each pass (``python -m
tangentish FILE:F --dump``).

    parse -> fence -> lower -> normalize                      (frontend/)
          -> sequences -> aliasing -> activity -> methods -> effects   (analyze/)
          -> reverse | forward -> optimize                    (ad/)
          -> emit -> compile                                  (ir/)
"""
import builtins
import inspect
import keyword
import math
import threading
import types
import weakref

import gast
import numpy

from .ad import fold, forward, namespace, optimize, reverse
from .analyze import activity, aliasing, effect_guards, effects, methods, sequences
from .core import engine
from .core.errors import register_lines
from .core.markers import CustomGradient, DeferredDerivative, Derivative
from .core.sources import define, generated_source
from .frontend import fence, lower_control, normalize
from .frontend.callables import forwarder, is_marker, unwrap_callable
from .frontend.parse import parse_function
from .frontend.resolve import MISSING, Resolver, local_names, lookup
from .frontend.specialize import specialize_varargs
from .ir import compile as compile_module, emit
from .ir.compile import compile_function
from .ir.context import PassContext
from .ir.naming import Namer, all_names
from .rules import RULES, SYMBOLS, load_optional_rules

_LOCK = threading.RLock()
_CACHE = weakref.WeakKeyDictionary()   # user function -> {options: Generated}
# The generated code depends on a function's code, globals and the callables
# its closure holds, not on the function object: a def or lambda executed
# again (a nested def, a closure from a factory) reuses it.
_BY_CODE = {}


class Generated:
    """A generated function and its source text, with the guard that says whether
    it still computes the derivative of what ``user_fn`` computes now.

    The guard (checked on every call from the public API and on every cache
    hit, cheap: identity comparisons only) is everything generation read that
    may change afterwards: the rule table's version, the user function's code
    object, each name or attribute that resolved to a function, class, module
    or callable (its global, closure cell or module attribute must still hold
    the same object), and recursively the guards of the callees' derivatives
    the code calls and of the derivative it was generated from (higher order).
    Defaults are not part of it: they are copied from the user function on
    every check (generated code takes the user's defaults, by identity)."""

    # (a derivative generated for a signature, reverse.run) the analyze.patterns.Fact of
    # what the user function returns for arguments of that signature; None: unknown
    result_fact = None

    def __init__(self, fn, source, options, injected=None, user_fn=None, deps=(), callees=(),
                 rules_version=None, own=None):
        # a derivative of generated code is stale with the code it was generated from
        self.parent = getattr(user_fn, "_tangentish_generated", None)
        if self.parent is not None:
            callees = [c for c in callees if c is not self.parent] + [self.parent]
        self.fn = fn
        self.source = source
        self.options = options
        self.injected = injected or {}
        self.deps = tuple(deps)
        self.callees = tuple(callees)
        # the deps by kind, for a fast check: globals (and builtins), closure cells, attributes
        self._globals = tuple((k[1], v) for k, v in self.deps if k[0] == "global")
        self._cells = tuple((k[1], v) for k, v in self.deps if k[0] == "cell")
        self._attrs = tuple((k[1], k[2], v) for k, v in self.deps if k[0] == "attr")
        self._statics = tuple((k[1], k[2], v) for k, v in self.deps if k[0] == "static")
        # the rule table's version it was generated under
        self.rules_version = RULES.version if rules_version is None else rules_version
        # every Generated this one's guard includes, itself first, each once (a callee
        # reached along several paths is checked once: no blow-up on a diamond)
        closure = {id(self): self}
        for callee in self.callees:
            for g in callee._closure:
                closure.setdefault(id(g), g)
        self._closure = tuple(closure.values())
        self._user = weakref.ref(user_fn) if user_fn is not None else None
        self.code = user_fn.__code__ if user_fn is not None else None
        # a specialization of a *args/**kwargs function (specialize.specialize_varargs)
        self._origin = getattr(user_fn, "_tangentish_specialized_from", None)
        # the guard compiled to straight-line code (``_guard_functions``): the text of its
        # own part (``_own_part``; the same for code re-bound by ``for_function``), this
        # entry's own check, and ``valid`` (an instance attribute: one call, no bound method)
        self._own = own if own is not None and self._origin is None else \
            _own_part(self, user_fn) if user_fn is not None else (("True",), ())
        self._check, self.valid = _guard_functions(self, user_fn)
        try:
            fn._tangentish_generated = self
        except AttributeError:   # pragma: no cover - not a plain function
            pass

    def for_function(self, user_fn):
        """The same generated code bound to another function object's namespace."""
        fn = compile_module.instantiate(self.fn.__code__, user_fn, self.injected)
        callees = [c for c in self.callees if c is not self.parent]
        other = Generated(fn, self.source, self.options, self.injected, user_fn, self.deps,
                          callees, self.rules_version,      # generated under those rules
                          self._own if self._origin is None else None)
        other.result_fact = self.result_fact
        return other

    def valid(self):
        """Whether this code is still exact for its user function (see the class doc).
        (What runs is the instance's ``valid``, compiled by ``_guard_functions``: the same
        checks, falling back to this one where a name is no longer where it was.)"""
        return self._valid_slow()

    def valid_after(self, lines, values, then=None):
        """A function of ``args``: ``lines`` (Python lines over ``args``, the last one a
        test; the objects they name, other than ``k<number>``, in ``values``) and, where
        the test holds, ``valid()`` written out after them (one call for a caller that
        checks its arguments and this guard).  With ``then`` (lines, run where all
        holds, returning what the function returns), a function of ``(self, args)``
        returning ``values["NO"]`` where something does not hold."""
        user = self._user() if self._user is not None else None
        if self._user is not None and (user is None or user.__code__ is not self.code):
            return _never if then is None else lambda owner, args: values["NO"]   # stale for good
        return _guard_functions(self, user, tuple(lines), values, tuple(then or ()))[1]

    def _valid_slow(self):
        """``valid`` without the compiled code: each part by ``_valid_here``."""
        if RULES.version != self.rules_version:
            return False
        for g in self._closure:
            if not g._valid_here():
                return False
        return True

    def _valid_here(self):
        """This entry's own part of the guard (its callees not included)."""
        if self._user is None:
            return True
        user = self._user()
        if user is None or user.__code__ is not self.code:
            return False
        if self._origin is not None and self._origin[0].__code__ is not self._origin[1]:
            return False
        fn = self.fn
        if fn.__defaults__ is not user.__defaults__:
            fn.__defaults__ = user.__defaults__
        if fn.__kwdefaults__ is not user.__kwdefaults__:
            fn.__kwdefaults__ = user.__kwdefaults__
        namespace = user.__globals__
        for name, expected in self._globals:
            value = namespace.get(name, MISSING)
            if value is not expected and (value is not MISSING
                                          or getattr(builtins, name, MISSING) is not expected):
                return False
        for name, expected in self._cells:
            if lookup(user, ("cell", name)) is not expected:
                return False
        for base, attr, expected in self._attrs:
            if getattr(base, attr, None) is not expected:
                return False
        for obj, attr, expected in self._statics:     # a method of an object, class or instance
            if inspect.getattr_static(obj, attr, None) is not expected:
                return False
        return True


# what a compiled guard raises where a name is no longer bound where it was (a global
# deleted, an attribute gone, a cell emptied): Generated.valid then decides by _valid_here
_MOVED = (KeyError, AttributeError, ValueError)
_GUARD_FACTORIES = {}      # what a guard's text is made of -> the function making it
_FACTORY_LOCK = threading.Lock()
_FIXED = ("rules", "version", "slow", "others", "user_ref", "code", "fn", "ns")


def _guard_functions(g, user_fn, before=(), before_values=None, then=()):
    """``(check, valid)``: ``g``'s own part of the guard (``Generated._valid_here``: the
    same identity comparisons, the same defaults copied), and its whole guard (the rule
    table's version, then its own part, then each callee's part, as ``_valid_slow``), as
    functions of no arguments written out as straight-line code over the objects bound
    at generation.  Where a name is no longer where it was, ``check`` raises one of
    ``_MOVED`` and ``valid`` returns ``_valid_slow()``, which decides as before.  One
    compile per shape of guard: the objects are arguments of the factory, so code bound
    to another function object (``for_function``) reuses it.  With ``before`` (see
    ``Generated.valid_after``), ``valid`` takes ``args`` and runs those lines first;
    with ``then``, ``(self, args)``, and runs those lines last."""
    before_values = before_values or {}
    lines, slots = g._own
    others = tuple(c._check for c in g._closure[1:])
    key = (lines, before, bool(others), tuple(before_values), then)
    make = _GUARD_FACTORIES.get(key)
    if make is None:
        with _FACTORY_LOCK:         # (api's valid_after runs outside _LOCK) one name per text
            make = _GUARD_FACTORIES.get(key)
            if make is None:
                params = list(before_values) + list(_FIXED) + [f"k{i}" for i in range(len(slots))]
                scope = {"builtins_module": builtins, "MISSING": MISSING, "lookup": lookup,
                         "getattr_static": inspect.getattr_static, "MOVED": _MOVED}
                make = _GUARD_FACTORIES[key] = define(
                    _guard_source(params, lines, bool(others), before, then),
                    f"<tangentish guard #{len(_GUARD_FACTORIES) + 1}>", scope, "make")
    closure = user_fn.__closure__ if user_fn is not None else ()
    bound = [closure[value] if kind == "cell" else value for kind, value in slots]
    return make(*before_values.values(), RULES, g.rules_version, g._valid_slow, others,
                g._user, g.code, g.fn, user_fn.__globals__ if user_fn is not None else None,
                *bound)


# ``then``'s first line where the call passes every parameter of the generated function
# (positional, none keyword-only): its defaults are not read, so not copied
ALL_PASSED = "# (every parameter passed: no default read)"


def _guard_source(params, own, callees, before, then=()):
    """The text of ``_guard_functions``' factory: ``make(*params)`` returning ``check``
    (the lines of ``own``, returning its last, an expression) and ``valid`` (with
    ``then``: ``valid(self, args)``, returning ``NO`` where it returned False, and
    running ``then`` where it returned True)."""
    lines, test = own[:-1], own[-1]
    no = "NO" if then else "False"
    first = [f"        {line}".replace("return False", f"return {no}") for line in before[:-1]] + [
        f"        if not ({before[-1]}):", f"            return {no}"] if before else []
    others = ["            for other in others:",
              "                if not other():",
              f"                    return {no}"] if callees else []
    moved = ["            if not slow():", "                return NO"] if then else \
        ["            return slow()"]
    unused = bool(then) and then[0] == ALL_PASSED     # no default copied: none is read
    own_lines = [line.replace("return False", f"return {no}") for line in lines
                 if not (unused and "__defaults__" in line)]
    return "\n".join(
        [f"def make({', '.join(params)}):", "    def check():"]
        + [f"        {line}" for line in lines] + [f"        return {test}",
           f"    def valid({'self, args' if then else 'args' if before else ''}):"] + first + [
           "        if rules.version != version:",
           f"            return {no}",
           "        try:"]
        + [f"            {line}" for line in own_lines] + [
           f"            if not ({test}):",
           f"                return {no}"] + others + [
           "        except MOVED:"] + moved
        + ([f"        {line}" for line in then] or ["        return True"])
        + ["    return check, valid", ""])


def _never(args):
    return False


def _own_part(g, user_fn):
    """``(lines, slots)``: the lines of ``g``'s own check, the last one the expression it
    returns, reading the objects it compares with as ``k0``, ``k1``, ...; ``slots`` says
    what each is: ``("object", obj)``, or ``("cell", i)`` for the user function's
    closure cell ``i`` (the same text then serves every function object of this code)."""
    ns, slots, names = user_fn.__globals__, [], {}

    def bind(kind, value):      # the name of the factory's argument holding it
        at = (kind, id(value) if kind == "object" else value)
        if at not in names:
            names[at] = f"k{len(slots)}"
            slots.append((kind, value))
        return names[at]

    def obj(value):
        return bind("object", value)

    tests = [f"{obj(g._origin[0])}.__code__ is {obj(g._origin[1])}"] if g._origin else []
    for name, expected in g._globals:
        tests.append(_global_test(ns, name, obj(expected)))
    freevars, closure = user_fn.__code__.co_freevars, user_fn.__closure__ or ()
    for name, expected in g._cells:
        at = freevars.index(name) if name in freevars else len(closure)
        tests.append(f"{bind('cell', at)}.cell_contents is {obj(expected)}" if at < len(closure)
                     else f"lookup(user, ('cell', {name!r})) is {obj(expected)}")
    for base, attr, expected in g._attrs:
        read = f"{obj(base)}.{attr}" if _plain_name(attr) else f"getattr({obj(base)}, {attr!r}, None)"
        tests.append(f"{read} is {obj(expected)}")
    for base, attr, expected in g._statics:
        tests.append(f"getattr_static({obj(base)}, {attr!r}, None) is {obj(expected)}")
    # keyword-only defaults matter only to code with keyword-only parameters (the user's
    # code is checked first: this is a fact of it)
    keywords = g.code.co_kwonlyargcount or g.fn.__code__.co_kwonlyargcount
    lines = ("user = user_ref()",
             "if user is None or user.__code__ is not code:",
             "    return False",
             "if fn.__defaults__ is not user.__defaults__:",
             "    fn.__defaults__ = user.__defaults__") + (
             "if fn.__kwdefaults__ is not user.__kwdefaults__:",
             "    fn.__kwdefaults__ = user.__kwdefaults__") * bool(keywords) + (
             " and ".join(f"({t})" for t in tests) or "True",)
    return lines, tuple(slots)


def _plain_name(name):
    """A name that reads as an attribute: ``obj.name``."""
    return name.isidentifier() and not keyword.iskeyword(name)


def _global_test(ns, name, expected):
    """The test that global ``name`` still denotes ``expected`` (the builtin of that name
    where the module binds none, as ``_valid_here``)."""
    if type(ns) is dict and name in ns:
        return f"ns[{name!r}] is {expected}"
    builtin = f"builtins_module.{name}" if _plain_name(name) else \
        f"getattr(builtins_module, {name!r}, MISSING)"
    return f"{name!r} not in ns and {builtin} is {expected} or ns.get({name!r}, MISSING) is {expected}"


def _code_key(fn):
    cells = []
    for cell in fn.__closure__ or ():
        try:
            value = cell.cell_contents
        except ValueError:
            value = None
        static = callable(value) or isinstance(value, (type, types.ModuleType))
        cells.append(id(value) if static else type(value))
    return (fn.__code__, id(fn.__globals__), tuple(cells))


_IN_PROGRESS = set()


class _LazyDerivative(DeferredDerivative):
    """A callee's derivative generated at first call (breaks recursion); its guard
    is checked on every call."""

    def __init__(self, key):
        self.key = key              # _progress_key's
        self.generated = None

    def resolve(self):
        """The generated function (generated again if what it read changed)."""
        g = self.generated
        if g is None or not g.valid():
            fn, wrt, mode = self.key[:3]
            g = self.generated = transform(fn, wrt, mode, signature=(self.key[3:] or (None,))[0])
        return g.fn

    def __call__(self, *args, **kwargs):
        return self.resolve()(*args, **kwargs)


def lazy_derivative(fn, wrt, mode, signature=None):
    """``(callable, Generated or None)``: ``fn``'s generated derivative (mode "vjp" or
    "jvp") for generated code to call, and what guards it (None: guarded at each call).
    ``signature``: as ``transform``'s (the array library of the caller's arguments)."""
    key = _progress_key(fn, wrt, mode, signature)
    if key in _IN_PROGRESS:
        return _LazyDerivative(key), None
    generated = transform(fn, wrt, mode, signature=signature)
    return generated.fn, generated


def _progress_key(fn, wrt, mode, signature):
    """What tells a derivative being generated (a signature only where there is one)."""
    return (fn, wrt, mode) if signature is None else (fn, wrt, mode, signature)


def _call_self_directly(generated_fn, key):
    """A recursive function's derivative calls itself through a _LazyDerivative (it did
    not exist yet when its code was generated), directly or through the derivatives
    of the functions it calls (mutual recursion): now that it exists, those closure
    cells name it directly, so each level of the user's recursion costs one frame."""
    todo, seen = [generated_fn], set()
    while todo:
        fn = todo.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        for cell in fn.__closure__ or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, _LazyDerivative) and value.key == key:
                cell.cell_contents = generated_fn
            elif isinstance(value, types.FunctionType) and generated_source(value) is not None:
                todo.append(value)


def transform(fn, wrt, mode="grad", preserve_result=False, dump=None, signature=None):
    """Generate (or fetch from the cache) the derivative of ``fn``.

    ``wrt``: tuple of parameter names; ``mode``: "grad" (seeded with 1.0 for a
    scalar output), "vjp" (takes the output cotangent as its first parameter)
    "jvp" (takes one tangent per ``wrt`` first, returns (value, tangent)) or
    "tangent" (the same, returning the tangent only).  ``signature``: ((parameter,
    analyze.patterns.Fact), ...) of the arguments the code is specialized to (None:
    code for every argument)."""
    options = (tuple(wrt), mode, bool(preserve_result), signature)
    with _LOCK:
        per_fn = _CACHE.setdefault(fn, {})
        cached = per_fn.get(options)
        if cached is not None and dump is None and cached.valid():
            return cached
        code_key = (_code_key(fn), options) if isinstance(fn, types.FunctionType) else None
        shared = _BY_CODE.get(code_key)
        if shared is not None and dump is None:
            cached = shared.for_function(fn)
            if cached.valid():
                per_fn[options] = cached
                return cached
        key = _progress_key(fn, tuple(wrt), mode, signature)
        _IN_PROGRESS.add(key)
        try:
            generated = _run_pipeline(fn, tuple(wrt), mode, preserve_result, dump, signature)
        finally:
            _IN_PROGRESS.discard(key)
        _call_self_directly(generated.fn, key)
        per_fn[options] = generated
        if code_key is not None:
            _BY_CODE[code_key] = generated
        return generated


# The passes, in order: each is ``run(ctx, node) -> node`` (ir/context.py).
FRONTEND = (("fence", fence.run), ("lower", lower_control.run), ("normalize", normalize.run))
ANALYSES = (("sequences", sequences.run), ("aliasing", aliasing.run), ("activity", activity.run),
            ("methods", methods.run), ("effects", effects.run))
TRANSFORMS = {"grad": reverse.run, "vjp": reverse.run, "jvp": forward.run, "tangent": forward.run}


def pipeline(mode):
    """The pass table for ``mode``: parse, then these, then emit and compile."""
    name = "forward" if TRANSFORMS[mode] is forward.run else "reverse"
    return FRONTEND + ANALYSES + ((name, TRANSFORMS[mode]), ("optimize", optimize.run),
                                    ("fold", fold.run), ("namespace", namespace.run))


def _run_pipeline(fn, wrt, mode, preserve_result, dump, signature=None):
    show = dump or (lambda title, node: None)
    load_optional_rules()
    ctx = _context(fn, wrt, mode, preserve_result)                   # parse
    ctx.signature = None if signature is None else dict(signature)
    show("parse", ctx.sf.node)
    node = ctx.sf.node
    for name, run in pipeline(mode):
        node = run(ctx, node)
        show(name, node)
    origins = {}
    source = emit.to_source(node, origins)                            # emit
    show("emit", source)
    filename = _unique_filename(
        f"<tangentish {mode} of {_qualified(ctx.sf.fn)} wrt {','.join(wrt)}"
        + (" preserving the result" if preserve_result else ""), source)
    register_lines(filename, ctx.sf.filename, {line + 1: at for line, at in origins.items()},
                   "found in the derivative tangentish generated for this line, "
                   "differentiated again")
    compiled = compile_function(source, node, filename, ctx.sf.fn, ctx.injected)   # compile
    generated = Generated(compiled, source, (wrt, mode, preserve_result), ctx.injected,
                          ctx.sf.fn, ctx.sf.deps.items(), ctx.callees)
    generated.result_fact = ctx.result_fact
    return generated


def _context(fn, wrt, mode, preserve_result):
    """Parse ``fn`` and set up what every pass reads."""
    sf = parse_function(fn)
    resolver = Resolver(sf, local_names(sf.node))
    namer = Namer(all_names(sf.node) | _template_symbols())
    symbols, injected = _bind_symbols(sf, namer, resolver)
    return PassContext(sf=sf, wrt=wrt, mode=mode, preserve_result=preserve_result, namer=namer,
                       resolver=resolver, symbols=symbols, injected=injected)


_FILENAMES = {}   # filename -> source registered under it


def _unique_filename(stem, source):
    """A linecache name for ``source``; a different source never reuses one."""
    k = 1
    while True:
        name = stem + (">" if k == 1 else f" #{k}>")
        if _FILENAMES.setdefault(name, source) == source:
            return name
        k += 1


def _qualified(fn):
    return f"{fn.__module__}.{fn.__qualname__}"


def _symbol_objects():
    objects = dict(SYMBOLS)
    objects.update(RULES.symbols)
    objects["np"] = numpy
    objects["math"] = math
    return objects


_SYMBOL_CACHE = [None, frozenset()]


def _template_symbols():
    """Every free name a rule template may emit (recomputed when rules change)."""
    if _SYMBOL_CACHE[0] != RULES.version:
        # A template's free names are runtime helpers, modules, user-registered
        # symbols or builtins; builtins need no reserving (a function that calls
        # one uses its name already).
        names = set(SYMBOLS) | set(RULES.symbols) | {"np", "math", "scipy", "shape_of",
                                                            "broadcast_shape"}
        _SYMBOL_CACHE[:] = [RULES.version, frozenset(names)]
    return _SYMBOL_CACHE[1]


def _bind_symbols(sf, namer, resolver):
    """Choose the name generated code uses for each template symbol.

    A symbol keeps its name unless the user's code uses that name for
    something else.  Returns (template name -> emitted name, emitted name ->
    object for names the user's namespace does not already provide)."""
    objects = _symbol_objects()
    user_names = all_names(sf.node)
    symbols, injected = {}, {}
    for sym in sorted(_template_symbols()):
        obj = objects.get(sym)
        if obj is None:
            continue  # a builtin such as len
        if sym in user_names or sym in sf.closure:
            found = resolver.resolve(gast.Name(id=sym, ctx=gast.Load(), annotation=None,
                                               type_comment=None))
            if found is obj and found is not MISSING:
                symbols[sym] = sym
                continue
            emitted = namer.new(sym)
        else:
            emitted = sym
        symbols[sym] = emitted
        injected[emitted] = obj
    return symbols, injected


def clear_cache():
    with _LOCK:
        _CACHE.clear()
        _BY_CODE.clear()


__all__ = ["transform", "clear_cache", "lazy_derivative"]


def dynamic_derivative(fn, wrt, mode, nargs, kwargs):
    """(generated derivative, arguments to put in front, keywords, slots) of a function
    known only at run time, w.r.t. argument positions / keywords ``wrt`` of a call with
    ``nargs`` positional arguments and the keywords ``kwargs``; transformed once, then
    cached (the cache checks the derivative is still current).  ``slots``: for each
    entry of ``wrt``, (index of its parameter among the derivative's, index inside
    ``*args`` or None)."""
    target, prefix, keywords = unwrap_callable(fn)
    if keywords:
        kwargs = {**keywords, **kwargs}
    if isinstance(target, Derivative):
        # what the derivative object binds (a receiver, a partial's arguments) comes first;
        # a *args target is specialized to this call's shape
        outer = len(prefix) + nargs
        prefix, kwargs = tuple(target.prefix) + tuple(prefix), {**target.keywords, **kwargs}
        target = target.as_called(target.for_call(outer, tuple(kwargs)).fn
                                  if target.per_call_shape else target.generated)
    if isinstance(target, CustomGradient) and not kwargs:
        target = target.as_function()
    elif not isinstance(target, types.FunctionType) or is_marker(target):
        # a marker or a primitive: called through a forwarder, so its meaning applies
        target = forwarder(target, len(prefix) + nargs, kwargs)
    else:
        target = specialize_varargs(target, len(prefix) + nargs, kwargs)
    params = inspect.signature(target, follow_wrapped=False).parameters.values()
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    vararg = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), None)
    offset = len(prefix)
    names, slots = [], []
    for w in wrt:
        inner = None
        if not isinstance(w, int):
            name = w
        elif w + offset < len(positional):
            name = positional[w + offset]
        elif vararg is not None:
            name, inner = vararg, w + offset - len(positional)
        else:
            raise TypeError(f"{target.__qualname__}() takes {len(positional) - offset} positional "
                            f"arguments but argument {w} was to be differentiated")
        if name not in names:
            names.append(name)
        slots.append((names.index(name), inner))
    effect_guards.check_dynamic(types.MethodType(target, prefix[0]) if prefix
                                and isinstance(target, types.FunctionType) else target, mode)
    return transform(target, tuple(names), mode).fn, prefix, kwargs, slots


engine.install(derivative=transform, lazy_derivative=lazy_derivative,
               dynamic_derivative=dynamic_derivative)
