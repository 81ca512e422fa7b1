"""The pipeline, one pass per line.  ``transform`` is the only entry point the
public API uses; ``dump`` shows the source after each pass (``python -m
tangentish FILE:F --dump``).

    parse -> fence -> lower control flow -> normalize -> analyze -> reverse
          -> optimize -> emit -> compile
"""
import math
import threading
import types
import weakref

import gast
import numpy

from . import emit, fence, optimize, sequences
from .analyze import activity, aliasing
from .analyze.resolve import Resolver
from .analyze.shapes import ShapeClasses
from . import compile as compile_module
from .compile import compile_function
from .naming import Namer, all_names
from .lower_control import ControlLowering
from .normalize import Normalizer
from .parse import parse_function
from .forward import ForwardTransform
from .reverse import ReverseTransform
from .rules import RULES, SYMBOLS, load_optional_rules

_LOCK = threading.RLock()
_CACHE = weakref.WeakKeyDictionary()   # user function -> {options: Generated}
# The generated code depends on a function's code, globals and the callables
# its closure holds, not on the function object: a def or lambda executed
# again (a nested def, a closure from a factory) reuses it.
_BY_CODE = {}


class Generated:
    """A generated function and its source text."""

    def __init__(self, fn, source, options, injected=None):
        self.fn = fn
        self.source = source
        self.options = options
        self.injected = injected or {}

    def for_function(self, user_fn):
        """The same generated code bound to another function object's namespace."""
        fn = compile_module.instantiate(self.fn.__code__, user_fn, self.injected)
        return Generated(fn, self.source, self.options, self.injected)


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


class _LazyDerivative:
    """A callee's derivative generated at first call (breaks recursion)."""

    def __init__(self, fn, wrt, mode):
        self.key = (fn, wrt, mode)
        self.fn = None

    def __call__(self, *args, **kwargs):
        if self.fn is None:
            fn, wrt, mode = self.key
            self.fn = transform(fn, wrt, mode).fn
        return self.fn(*args, **kwargs)


def lazy_derivative(fn, wrt, mode):
    """``fn``'s generated derivative (mode "vjp" or "jvp") for generated code to call."""
    if (fn, wrt, mode) in _IN_PROGRESS:
        return _LazyDerivative(fn, wrt, mode)
    return transform(fn, wrt, mode).fn



def transform(fn, wrt, mode="grad", preserve_result=False, dump=None):
    """Generate (or fetch from the cache) the derivative of ``fn``.

    ``wrt``: tuple of parameter names; ``mode``: "grad" (seeded with 1.0 for a
    scalar output), "vjp" (takes the output cotangent as its first parameter)
    "jvp" (takes one tangent per ``wrt`` first, returns (value, tangent)) or
    "tangent" (the same, returning the tangent only)."""
    options = (tuple(wrt), mode, bool(preserve_result))
    with _LOCK:
        per_fn = _CACHE.setdefault(fn, {})
        if options in per_fn and dump is None:
            return per_fn[options]
        code_key = (_code_key(fn), options) if isinstance(fn, types.FunctionType) else None
        if code_key in _BY_CODE and dump is None:
            per_fn[options] = _BY_CODE[code_key].for_function(fn)
            return per_fn[options]
        key = (fn, tuple(wrt), mode)
        _IN_PROGRESS.add(key)
        try:
            generated = _run_pipeline(fn, tuple(wrt), mode, preserve_result, dump)
        finally:
            _IN_PROGRESS.discard(key)
        per_fn[options] = generated
        if code_key is not None:
            _BY_CODE[code_key] = generated
        return generated


def _run_pipeline(fn, wrt, mode, preserve_result, dump):
    show = dump or (lambda title, node: None)
    load_optional_rules()
    sf = parse_function(fn)                                   # parse
    show("parse", sf.node)
    resolver = Resolver(sf, _local_names(sf.node))
    fence.check(sf, resolver)                                 # fence
    namer = Namer(all_names(sf.node) | _template_symbols())
    symbols, injected = _bind_symbols(sf, namer, resolver)
    ControlLowering(sf, namer, resolver, symbols).run()       # lower control flow
    show("lower", sf.node)
    normalizer = Normalizer(sf, namer, resolver, symbols, injected)
    node = normalizer.run()                                   # normalize
    show("normalize", node)
    params = [a.id for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
    if node.args.vararg is not None:
        params.append(node.args.vararg.id)
    for w in wrt:
        if w not in params:
            raise ValueError(f"{sf.fn.__qualname__}() has no parameter {w!r} to differentiate "
                             f"with respect to (parameters: {', '.join(params)})")
    ret = node.body[-1]
    outputs = [n.id for n in gast.walk(ret.value) if isinstance(n, gast.Name)]
    resolver = Resolver(sf, _local_names(node), extra=injected)
    sequences.rewrite(sf, node, resolver, symbols, wrt)              # list + and *
    aliasing.check(sf, node, resolver, symbols)                     # analyze
    active, ops = activity.analyze(node, resolver, wrt, outputs)
    activity.check_closures(sf, node, normalizer.closures)
    node.name = namer.new(f"{mode}_{sf.name}")
    shapes = ShapeClasses(ops, resolver)
    if mode in ("jvp", "tangent"):
        transform_ = ForwardTransform(sf, node, ops, active, namer, symbols, wrt, resolver)
        node = transform_.run(tangent_only=(mode == "tangent"))   # forward
    else:
        transform_ = ReverseTransform(sf, node, ops, active, namer, symbols, wrt, resolver,
                                      shapes)
        node = transform_.run(mode, preserve_result)          # reverse
    injected.update(transform_.injected)
    show("forward" if mode in ("jvp", "tangent") else "reverse", node)
    resolver = Resolver(sf, _local_names(node), extra=injected)
    node = optimize.optimize(node, resolver)                   # optimize
    for _ in range(3):
        if mode in ("jvp", "tangent") or not transform_.shape_only_values():
            break
        node = optimize.optimize(node, resolver)               # (values now dead)
    source = emit.to_source(node)                              # emit
    show("emit", source)
    filename = _unique_filename(
        f"<tangentish {mode} of {_qualified(sf.fn)} wrt {','.join(wrt)}"
        + (" preserving the result" if preserve_result else ""), source)
    compiled = compile_function(source, node, filename, sf.fn, injected)   # compile
    return Generated(compiled, source, (wrt, mode, preserve_result), injected)


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


def _local_names(node):
    names = {a.id for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
    if node.args.vararg is not None:
        names.add(node.args.vararg.id)
    for n in gast.walk(node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
            names.add(n.id)
        elif isinstance(n, gast.Assign):
            names.update(t.id for t in n.targets if isinstance(t, gast.Name))
    return names


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
            from .analyze.resolve import MISSING
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
