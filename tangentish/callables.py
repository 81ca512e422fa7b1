"""What calling an object computes, as a Python function tangentish can transform.

The engine gives meaning to objects, never to spellings: ``stop_gradient``,
``custom_gradient`` functions and functions with a registered rule are
recognized by identity wherever they come from (a name, an alias, an
attribute, an argument).  Callables that are not plain functions
(``functools.partial``, bound methods, objects with a ``__call__`` method,
``staticmethod`` objects) are unwrapped into the plain function they run plus
the arguments they add; a marker or a primitive with a rule is called through
a one-line *forwarder* (``def f(x): return primitive(x)``) so that its own
meaning applies when the forwarder is transformed.  ``functools.wraps``'s
``__wrapped__`` is never followed: a wrapper is differentiated as itself.
"""
import functools
import inspect
import linecache
import types


def is_marker(obj):
    """``stop_gradient``, a ``custom_gradient`` function, or a primitive with a rule."""
    from .custom import CustomGradient, stop_gradient
    from .rules import RULES
    if obj is stop_gradient or isinstance(obj, CustomGradient):
        return True
    return RULES.get(obj) is not None


def _python_call(obj):
    if getattr(type(obj), "__tangentish_opaque__", False):   # refused as a call without source
        return None
    call = getattr(type(obj), "__call__", None)
    return call if isinstance(call, types.FunctionType) else None


def unwrap_callable(fn):
    """``(target, prefix, keywords)``: ``fn(*a, **k)`` computes
    ``target(*prefix, *a, **{**keywords, **k})``, where ``target`` is a plain
    Python function, a tangentish derivative, a marker (see ``is_marker``)
    or an object tangentish cannot see into (refused where it matters)."""
    from .api import Transformed
    from .custom import CustomGradient
    prefix, keywords = (), {}
    for _ in range(64):
        if isinstance(fn, Transformed) or is_marker(fn):
            break
        if isinstance(fn, types.MethodType):
            if isinstance(fn.__self__, CustomGradient):
                raise TypeError(f"cannot differentiate a call of {fn!r}: call the custom_gradient "
                                "function itself")
            prefix, fn = (fn.__self__,) + prefix, fn.__func__
        elif isinstance(fn, functools.partial):
            prefix, keywords = tuple(fn.args) + prefix, {**fn.keywords, **keywords}
            fn = fn.func
        elif isinstance(fn, staticmethod):
            fn = fn.__func__
        elif isinstance(fn, types.FunctionType):
            break
        elif _python_call(fn) is not None:
            prefix, fn = (fn,) + prefix, _python_call(fn)
        else:
            break
    return fn, prefix, keywords


def is_dynamic(obj):
    """A callable whose call generated code hands to ``vjp_call``/``jvp_call``
    (they unwrap it at run time): partials, objects with a Python ``__call__``,
    staticmethod objects, bound methods of objects."""
    from .custom import CustomGradient
    if is_marker(obj):
        return False
    if isinstance(obj, types.MethodType):
        return not isinstance(obj.__self__, CustomGradient)
    return isinstance(obj, (functools.partial, staticmethod)) or (
        not isinstance(obj, (type, types.FunctionType, types.BuiltinFunctionType))
        and _python_call(obj) is not None)


_FORWARDERS = {}


def _signature(fn):
    """The parameters a forwarder of ``fn`` takes: its rule's (those the rule
    differentiates, passed by keyword when they have a default), else its own."""
    from .rules import RULES
    P = inspect.Parameter
    rule = RULES.get(fn)
    if rule is not None and not isinstance(fn, types.FunctionType):
        params = []
        for p in rule.params:
            if p in rule.defaults:
                params.append(P(p, P.KEYWORD_ONLY, default=rule.defaults[p]))
            else:
                params.append(P(p, P.POSITIONAL_ONLY))
        if rule.varargs is not None:
            first_kw = next((i for i, q in enumerate(params) if q.kind == P.KEYWORD_ONLY),
                            len(params))
            params.insert(first_kw, P(rule.varargs, P.VAR_POSITIONAL))
        return inspect.Signature(params)
    try:
        return inspect.signature(fn, follow_wrapped=False)
    except (TypeError, ValueError):
        raise TypeError(f"tangentish cannot read the parameters of {fn!r}") from None


def forwarder(fn, nargs=None, kwargs=()):
    """A Python function calling ``fn`` (a marker or primitive), transformable like
    any other, so that ``fn``'s own meaning applies.  With ``nargs`` it takes
    ``x0..x{nargs-1}`` and the keywords ``kwargs``; without, ``fn``'s own
    signature (defaults included)."""
    key = (fn, nargs, tuple(sorted(kwargs)))
    try:
        hit = _FORWARDERS.get(key)
    except TypeError:   # unhashable
        key, hit = None, None
    if hit is not None:
        return hit
    name = "call_" + "".join(c if c.isalnum() else "_" for c in getattr(fn, "__name__", "fn"))
    defaults, kwdefaults = None, None
    if nargs is None:
        sig = _signature(fn)
        params, args = [], []
        positional_defaults, kwdefaults = [], {}
        star_done = False
        for p in sig.parameters.values():
            if p.kind == p.VAR_KEYWORD:
                raise TypeError(f"tangentish cannot differentiate {fn!r} through **{p.name}")
            if p.kind == p.VAR_POSITIONAL:
                params.append("*" + p.name)
                args.append("*" + p.name)
                star_done = True
            elif p.kind == p.KEYWORD_ONLY:
                if not star_done:
                    params.append("*")
                    star_done = True
                params.append(p.name)
                args.append(f"{p.name}={p.name}")
                if p.default is not p.empty:
                    kwdefaults[p.name] = p.default
            else:
                params.append(p.name)
                args.append(p.name if p.kind == p.POSITIONAL_ONLY else f"{p.name}={p.name}"
                            if star_done else p.name)
                if p.default is not p.empty:
                    positional_defaults.append(p.default)
        defaults = tuple(positional_defaults) or None
        kwdefaults = kwdefaults or None
        label = "its own parameters"
    else:
        params = [f"x{i}" for i in range(nargs)] + sorted(kwargs)
        args = [f"x{i}" for i in range(nargs)] + [f"{k}={k}" for k in sorted(kwargs)]
        label = f"{nargs} arguments"
    source = f"def {name}({', '.join(params)}):\n    return primitive({', '.join(args)})\n"
    filename = f"<tangentish call of {getattr(fn, '__qualname__', getattr(fn, '__name__', 'fn'))} " \
               f"with {label}>"
    if linecache.cache.get(filename, (None, None, None))[2] not in (None, source.splitlines(True)):
        filename = filename[:-1] + f" #{id(fn)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"primitive": fn}
    exec(compile(source, filename, "exec"), namespace)
    out = namespace[name]
    out.__defaults__ = defaults
    out.__kwdefaults__ = kwdefaults
    if key is not None:
        _FORWARDERS[key] = out
    return out


def as_function(fn):
    """``(function, prefix, keywords)`` for the public API: ``fn(*a, **k)`` is
    ``function(*prefix, *a, **{**keywords, **k})`` with ``function`` a plain
    Python function (or a tangentish derivative) to transform."""
    from .api import Transformed
    from .custom import CustomGradient
    target, prefix, keywords = unwrap_callable(fn)
    if isinstance(target, CustomGradient):
        return target.as_function(), prefix, keywords
    if isinstance(target, Transformed) or (isinstance(target, types.FunctionType)
                                           and not is_marker(target)):
        return target, prefix, keywords
    if is_marker(target):
        return forwarder(target), prefix, keywords
    raise TypeError(f"tangentish can differentiate Python functions; got {type(fn).__name__} "
                    f"{fn!r}")


_SPECIALIZED = {}     # (function, its code, positional count, keyword names) -> function


def specialize_varargs(fn, nargs, kwnames):
    """``fn`` (a ``def f(a, *args, **kwargs)``, the usual decorator wrapper) as the plain
    function it is for a call with ``nargs`` positional arguments and the keywords
    ``kwnames``: ``*args`` becomes ``args_0, ...``, ``**kwargs`` keyword-only parameters,
    and their uses ``g(*args, **kwargs)`` / ``args[0]`` / ``kwargs["k"]`` the
    corresponding names, tuple and dict displays.  It runs in ``fn``'s namespace (its
    globals and closure cells), so it computes what ``fn`` computes for that call.
    Returns ``fn`` itself when it has no ``*args``/``**kwargs`` or when they are used
    in another way (assigned): then the usual refusals apply."""
    import ast
    import keyword

    import gast

    from .compile import compile_function
    from .emit import to_source
    from .parse import parse_function
    code = fn.__code__
    if not code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return fn
    kwnames = tuple(sorted(kwnames))
    key = (fn, code, nargs, kwnames)
    hit = _SPECIALIZED.get(key)
    if hit is not None:
        return hit
    sf = parse_function(fn)
    node = sf.node
    a = node.args
    named = [p.id for p in a.posonlyargs + a.args]
    extra = nargs - len(named)
    star = a.vararg.id if a.vararg is not None else None
    kw = a.kwarg.id if a.kwarg is not None else None
    declared = set(named) | {p.id for p in a.kwonlyargs}
    if (extra > 0 and star is None) or (kwnames and kw is None and
                                        not set(kwnames) <= declared):
        return fn
    star_names = [f"{star}_{i}" for i in range(max(extra, 0))] if star else []
    kw_names = [k for k in kwnames if k not in declared] if kw else []
    taken = {n.id for n in gast.walk(node) if isinstance(n, gast.Name)}
    if set(star_names) & taken or set(kw_names) & taken:
        return fn
    for stmt in node.body:
        for n in gast.walk(stmt):
            if isinstance(n, gast.Name) and n.id in (star, kw) \
                    and not isinstance(n.ctx, gast.Load):
                return fn          # args / kwargs rebound: not a plain forwarder

    def load(name):
        return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)

    class Rewrite(gast.NodeTransformer):
        def visit_Call(self, call):
            self.generic_visit(call)
            args = []
            for arg in call.args:
                if isinstance(arg, gast.Starred) and isinstance(arg.value, gast.Tuple) \
                        and getattr(arg.value, "_from_star", False):
                    args.extend(arg.value.elts)
                else:
                    args.append(arg)
            keywords = []
            for k in call.keywords:
                if k.arg is None and isinstance(k.value, gast.Dict) \
                        and getattr(k.value, "_from_kw", False):
                    keywords.extend(gast.keyword(arg=key.value, value=value)
                                    for key, value in zip(k.value.keys, k.value.values))
                else:
                    keywords.append(k)
            call.args, call.keywords = args, keywords
            return call

        def visit_Subscript(self, sub):
            # args[0] -> args_0, kwargs["k"] -> k (a constant index into the display)
            index = sub.slice
            if isinstance(sub.value, gast.Name) and isinstance(sub.ctx, gast.Load) \
                    and isinstance(index, gast.Constant):
                if sub.value.id == star and type(index.value) is int \
                        and -len(star_names) <= index.value < len(star_names):
                    return ast.copy_location(load(star_names[index.value]), sub)
                if sub.value.id == kw and index.value in kw_names:
                    return ast.copy_location(load(index.value), sub)
            self.generic_visit(sub)
            return sub

        def visit_Name(self, name):
            if isinstance(name.ctx, gast.Load) and name.id == star:
                t = gast.Tuple(elts=[load(s) for s in star_names], ctx=gast.Load())
                t._from_star = True
                return ast.copy_location(t, name)
            if isinstance(name.ctx, gast.Load) and name.id == kw:
                d = gast.Dict(keys=[gast.Constant(value=k, kind=None) for k in kw_names],
                              values=[load(k) for k in kw_names])
                d._from_kw = True
                return ast.copy_location(d, name)
            return name

    new = Rewrite().visit(node)
    new.args = gast.arguments(
        posonlyargs=list(a.posonlyargs),
        args=list(a.args) + [gast.Name(id=s, ctx=gast.Param(), annotation=None,
                                       type_comment=None) for s in star_names],
        vararg=None,
        kwonlyargs=list(a.kwonlyargs) + [gast.Name(id=k, ctx=gast.Param(), annotation=None,
                                                   type_comment=None) for k in kw_names],
        kw_defaults=list(a.kw_defaults) + [None] * len(kw_names), kwarg=None,
        defaults=list(a.defaults))
    if not new.name.isidentifier() or keyword.iskeyword(new.name):
        new.name = "lambda_"          # a lambda's specialization is a def
    gast.fix_missing_locations(new)
    origins = {}
    source = to_source(new, origins, own_lines=True)
    filename = (f"<tangentish {code.co_name} specialized to {nargs} positional arguments"
                + (f" and keywords {', '.join(kwnames)}" if kwnames else "") + ">")
    from .errors import register_lines
    register_lines(filename, sf.filename, {line + 1: at for line, at in origins.items()})
    out = compile_function(source, new, filename, fn, {})
    out.__defaults__, out.__kwdefaults__ = fn.__defaults__, fn.__kwdefaults__
    out._tangentish_specialized_from = (fn, code)    # its derivative is stale with fn's code
    _SPECIALIZED[key] = out
    return out
