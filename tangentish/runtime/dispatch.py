"""Re-entry at run time: derivatives of functions known only when the generated code
runs (an argument, a method, a partial), transformed on first use and cached."""
from ..core import engine
from ..core.errors import TransformError
from .containers import zeros_like

__all__ = [
    "vjp_call", "vjp_call_jvp", "vjp_call_vjp", "jvp_call", "effects_guard"
]


def vjp_call(fn, wrt, dy, *args, **kwargs):
    """Cotangents of the arguments at positions / keywords ``wrt`` of ``fn(*args, **kwargs)``,
    for a function known only at run time (an argument, a method of an object, a
    partial, a marker such as stop_gradient reached through a variable)."""
    derivative, prefix, kwargs, slots = engine.dynamic_derivative(fn, wrt, "vjp", len(args), kwargs)
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
    derivative, prefix, kwargs, slots = engine.dynamic_derivative(fn, wrt, "vjp", len(args), kwargs)
    shifted = tuple(p + len(prefix) if isinstance(p, int) and p > 0 else p for p in positions)
    value, tangent = jvp_call(derivative, shifted, tangents, dy, *prefix, *args, **kwargs)
    return _select(value, slots), _select(tangent, slots)


def vjp_call_vjp(fn, wrt, positions, g, dy, *args, **kwargs):
    """Cotangents of the arguments at ``positions`` (0: ``dy``, k: ``args[k - 1]``) of
    ``vjp_call(fn, wrt, dy, *args)`` for its cotangent ``g``: the vjp of the generated
    vjp (reverse over reverse through a function known only at run time)."""
    derivative, prefix, kwargs, slots = engine.dynamic_derivative(fn, wrt, "vjp", len(args), kwargs)
    if any(j is not None for _, j in slots):
        raise TransformError(
            f"cannot differentiate the gradient of {getattr(fn, '__qualname__', fn)}() again in "
            "reverse mode with respect to arguments passed into its *args",
            "use forward over reverse (tangentish.hessian, tangentish.hvp)")
    shifted = tuple(p + len(prefix) if isinstance(p, int) and p > 0 else p for p in positions)
    return vjp_call(derivative, shifted, g, dy, *prefix, *args, **kwargs)


def jvp_call(fn, wrt, tangents, *args, **kwargs):
    """``(value, tangent)`` of ``fn(*args, **kwargs)`` for tangents of the arguments at
    positions / keywords ``wrt``, for a function known only at run time."""
    derivative, prefix, kwargs, slots = engine.dynamic_derivative(fn, wrt, "jvp", len(args), kwargs)
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
    (analyze/effect_guards.py, ``check_guard``)."""
    engine.effects_guard(fn, attr, strict, where, rerun)
