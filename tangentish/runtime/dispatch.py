"""Re-entry at run time: derivatives of functions known only when the generated code
runs (an argument, a method, a partial), transformed on first use and cached."""
from .containers import zeros_like

__all__ = [
    "vjp_call", "vjp_call_jvp", "vjp_call_vjp", "jvp_call", "effects_guard"
]


def _derivative_of(fn, wrt, mode, nargs, kwargs):
    """(generated derivative, arguments to put in front, keywords, slots) of a function
    known only at run time, w.r.t. argument positions / keywords ``wrt`` of a call with
    ``nargs`` positional arguments and the keywords ``kwargs``; transformed once, then
    cached (the cache checks the derivative is still current).  ``slots``: for each
    entry of ``wrt``, (index of its parameter among the derivative's, index inside
    ``*args`` or None)."""
    import inspect
    import types

    from .. import driver
    from ..api import Transformed
    from ..callables import forwarder, is_marker, unwrap_callable
    from ..custom import CustomGradient
    target, prefix, keywords = unwrap_callable(fn)
    if keywords:
        kwargs = {**keywords, **kwargs}
    if isinstance(target, Transformed):
        # what the derivative object binds (a receiver, a partial's arguments) comes first;
        # a *args target is specialized to this call's shape
        outer = len(prefix) + nargs
        prefix, kwargs = tuple(target._prefix) + tuple(prefix), {**target._keywords, **kwargs}
        target = target._for_call(outer, tuple(kwargs)).fn if target._by_shape is not None \
            else target.generated
    if isinstance(target, CustomGradient) and not kwargs:
        target = target.as_function()
    elif not isinstance(target, types.FunctionType) or is_marker(target):
        # a marker or a primitive: called through a forwarder, so its meaning applies
        target = forwarder(target, len(prefix) + nargs, kwargs)
    else:
        from ..callables import specialize_varargs
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
    from ..analyze import effects
    effects.check_dynamic(types.MethodType(target, prefix[0]) if prefix
                          and isinstance(target, types.FunctionType) else target, mode)
    return driver.transform(target, tuple(names), mode).fn, prefix, kwargs, slots


def vjp_call(fn, wrt, dy, *args, **kwargs):
    """Cotangents of the arguments at positions / keywords ``wrt`` of ``fn(*args, **kwargs)``,
    for a function known only at run time (an argument, a method of an object, a
    partial, a marker such as stop_gradient reached through a variable)."""
    derivative, prefix, kwargs, slots = _derivative_of(fn, wrt, "vjp", len(args), kwargs)
    return _select(derivative(dy, *prefix, *args, **kwargs), slots)


def _select(result, slots):
    """The cotangents of the differentiated arguments, from the derivative's results
    (one per parameter; a tuple for ``*args``)."""
    if all(j is None for _, j in slots):
        return result
    results = result if len({k for k, _ in slots}) > 1 else (result,)
    out = tuple(results[k] if j is None else results[k][j] for k, j in slots)
    return out if len(out) > 1 else out[0]


def vjp_call_jvp(fn, wrt, positions, tangents, dy, *args, **kwargs):
    """``(value, tangent)`` of ``vjp_call(fn, wrt, dy, *args)`` along ``tangents`` of the
    arguments at ``positions`` (0: ``dy``, k: ``args[k - 1]``): the jvp of the generated
    vjp (forward over reverse through a function known only at run time)."""
    derivative, prefix, kwargs, slots = _derivative_of(fn, wrt, "vjp", len(args), kwargs)
    shifted = tuple(p + len(prefix) if isinstance(p, int) and p > 0 else p for p in positions)
    value, tangent = jvp_call(derivative, shifted, tangents, dy, *prefix, *args, **kwargs)
    return _select(value, slots), _select(tangent, slots)


def vjp_call_vjp(fn, wrt, positions, g, dy, *args, **kwargs):
    """Cotangents of the arguments at ``positions`` (0: ``dy``, k: ``args[k - 1]``) of
    ``vjp_call(fn, wrt, dy, *args)`` for its cotangent ``g``: the vjp of the generated
    vjp (reverse over reverse through a function known only at run time)."""
    derivative, prefix, kwargs, slots = _derivative_of(fn, wrt, "vjp", len(args), kwargs)
    if any(j is not None for _, j in slots):
        from ..errors import TransformError
        raise TransformError(
            f"cannot differentiate the gradient of {getattr(fn, '__qualname__', fn)}() again in "
            "reverse mode with respect to arguments passed into its *args",
            "use forward over reverse (tangentish.hessian, tangentish.hvp)")
    shifted = tuple(p + len(prefix) if isinstance(p, int) and p > 0 else p for p in positions)
    return vjp_call(derivative, shifted, g, dy, *prefix, *args, **kwargs)


def jvp_call(fn, wrt, tangents, *args, **kwargs):
    """``(value, tangent)`` of ``fn(*args, **kwargs)`` for tangents of the arguments at
    positions / keywords ``wrt``, for a function known only at run time."""
    derivative, prefix, kwargs, slots = _derivative_of(fn, wrt, "jvp", len(args), kwargs)
    if any(j is not None for _, j in slots):
        # arguments passed into *args: one tangent for the whole tuple, zeros elsewhere
        first = min(j_pos - j for (_, j), j_pos in zip(slots, wrt) if j is not None)
        given = {w: t for w, t in zip(wrt, tangents)}
        grouped, seen = [], set()
        for (k, j), t in zip(slots, tangents):
            if k in seen:
                continue
            seen.add(k)
            grouped.append(t if j is None else tuple(
                given[i] if i in given else zeros_like(a)
                for i, a in enumerate(args[first:], start=first)))
        tangents = grouped
    return derivative(*tangents, *prefix, *args, **kwargs)


def effects_guard(fn, attr, strict, where, rerun=False):
    """Before a call of ``fn`` (``fn.attr`` when ``attr`` is given) known only at run
    time: raise a TransformError located at ``where`` if its effects cannot be followed
    (analyze/effects.py, ``check_guard``)."""
    from ..analyze import effects
    effects.check_guard(fn, attr, strict, where, rerun)
