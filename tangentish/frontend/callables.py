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
import types

from ..core.markers import CustomGradient, Derivative, stop_gradient
from ..core.sources import define, shown_text
from ..ir.naming import forwarder_name, forwarder_parameter
from ..rules import RULES


def is_marker(obj):
    """``stop_gradient``, a ``custom_gradient`` function, or a primitive with a rule."""
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
    prefix, keywords = (), {}
    for _ in range(64):
        if isinstance(fn, Derivative) or is_marker(fn):
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
    P = inspect.Parameter
    rule = RULES.get(fn)
    if rule is not None and not isinstance(fn, types.FunctionType):
        params = []
        positional = _positional_prefix(fn, rule.params)
        for p in rule.params:
            if p == "out":               # out= writes in place: never forwarded (None),
                positional = set()       # and the parameters after it by keyword only
                continue
            if p in rule.defaults:
                kind = P.POSITIONAL_OR_KEYWORD if p in positional else P.KEYWORD_ONLY
                params.append(P(p, kind, default=rule.defaults[p]))
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


def _positional_prefix(fn, names):
    """The leading ``names`` that are also ``fn``'s own leading positional parameters, in
    order (then passing them by position means the same to the rule and to ``fn``); a
    function whose signature cannot be read: none."""
    try:
        own = [p.name for p in inspect.signature(fn).parameters.values()
               if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return set()
    prefix = set()
    for mine, theirs in zip(names, own):
        if mine != theirs:
            break
        prefix.add(mine)
    return prefix


def forwarder(fn, nargs=None, kwargs=()):
    """A Python function calling ``fn`` (a marker or primitive), transformable like
    any other, so that ``fn``'s own meaning applies.  With ``nargs`` it takes
    ``x0..x{nargs-1}`` and the keywords ``kwargs``; without, ``fn``'s own
    signature (defaults included)."""
    key = (fn, nargs, tuple(kwargs))     # call order: a **kwargs dict keeps it
    try:
        hit = _FORWARDERS.get(key)
    except TypeError:   # unhashable
        key, hit = None, None
    if hit is not None:
        return hit
    name = forwarder_name(getattr(fn, "__name__", "fn"))
    defaults, kwdefaults = None, None
    if nargs is None:
        params, args, defaults, kwdefaults = _own_parameters(fn)
        label = "its own parameters"
    else:
        positional = [forwarder_parameter(i) for i in range(nargs)]
        params = positional + list(kwargs)
        args = positional + [f"{k}={k}" for k in kwargs]
        label = f"{nargs} arguments"
    source = f"def {name}({', '.join(params)}):\n    return primitive({', '.join(args)})\n"
    filename = f"<tangentish call of {getattr(fn, '__qualname__', getattr(fn, '__name__', 'fn'))} " \
               f"with {label}>"
    if shown_text(filename) not in (None, source.splitlines(True)):
        filename = filename[:-1] + f" #{id(fn)}>"
    out = define(source, filename, {"primitive": fn}, name)
    out.__defaults__ = defaults
    out.__kwdefaults__ = kwdefaults
    if key is not None:
        _FORWARDERS[key] = out
    return out


def _own_parameters(fn):
    """(parameter texts, argument texts, positional defaults, keyword defaults) of
    a forwarder with ``fn``'s own signature."""
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
    return params, args, tuple(positional_defaults) or None, kwdefaults or None


def as_function(fn):
    """``(function, prefix, keywords)`` for the public API: ``fn(*a, **k)`` is
    ``function(*prefix, *a, **{**keywords, **k})`` with ``function`` a plain
    Python function (or a tangentish derivative) to transform."""
    target, prefix, keywords = unwrap_callable(fn)
    if isinstance(target, CustomGradient):
        return target.as_function(), prefix, keywords
    if isinstance(target, Derivative) or (isinstance(target, types.FunctionType)
                                           and not is_marker(target)):
        return target, prefix, keywords
    if is_marker(target):
        return forwarder(target), prefix, keywords
    raise TypeError(f"tangentish can differentiate Python functions; got {type(fn).__name__} "
                    f"{fn!r}")
