"""Re-entry at run time: derivatives of functions known only when the generated code
runs (an argument, a method, a partial), transformed on first use and cached."""
import weakref

from ..core import engine
from ..core.errors import TransformError
from ..core.markers import Derivative
from ..core.sources import define
from .containers import zero_derivative

__all__ = [
    "vjp_call", "vjp_call_jvp", "vjp_call_vjp", "jvp_call", "effects_guard", "derivative_of"
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
                given[i] if i in given else zero_derivative(a)
                for i, a in enumerate(args[first:], start=first)))
        tangents = grouped
    return derivative(*tangents, *prefix, *args, **kwargs)


def effects_guard(fn, attr, strict, where, rerun=False):
    """Before a call of ``fn`` (``fn.attr`` when ``attr`` is given) known only at run
    time: raise a TransformError located at ``where`` if its effects cannot be followed
    (analyze/effect_guards.py, ``check_guard``)."""
    engine.effects_guard(fn, attr, strict, where, rerun)


class DerivativeOf(Derivative):
    """``derivative_of(fn, wrt, mode)``: the derivative ("vjp" or "jvp") of a function known
    only at run time, as a callable that generated code calls like any function:
    ``vjp``: ``(dy, *args) -> vjp_call(fn, wrt, dy, *args)``, ``jvp``: ``(*tangents, *args)
    -> jvp_call(fn, wrt, tangents, *args)``.  Differentiated again, it is a derivative
    object whose code for a call shape (``for_call``) is a one-line Python function calling
    ``fn``'s generated derivative (which has source), so a higher derivative through it is
    an ordinary call of generated code, to any order."""

    per_call_shape = True

    def __init__(self, fn, wrt, mode):
        self.fn, self.wrt, self.mode = fn, tuple(wrt), mode
        name = "".join(c if c.isalnum() or c == "_" else "_"
                       for c in str(getattr(fn, "__name__", "fn")))
        self.__name__ = f"{mode}_of_{name}"
        self.__qualname__ = self.__name__

    def __call__(self, *args, **kwargs):
        if self.mode == "vjp":
            return vjp_call(self.fn, self.wrt, args[0], *args[1:], **kwargs)
        n = len(self.wrt)
        return jvp_call(self.fn, self.wrt, args[:n], *args[n:], **kwargs)

    def for_call(self, nargs, kwnames):
        inner = nargs - (1 if self.mode == "vjp" else len(self.wrt))
        derivative, prefix, kwargs, slots = engine.dynamic_derivative(
            self.fn, self.wrt, self.mode, inner, {k: None for k in kwnames})
        if any(j is not None for _, j in slots) or (
                self.mode == "jvp" and len({k for k, _ in slots}) != len(slots)):
            raise TransformError(
                f"cannot differentiate the derivative of {getattr(self.fn, '__qualname__', self.fn)}"
                "() again with respect to arguments passed into its *args",
                "name the parameters, or use forward over reverse (tangentish.hessian, hvp)")
        return _Forwarder(_forwarder(derivative, prefix, kwargs, kwnames, slots, self.mode,
                                     len(self.wrt), inner, self.__name__))


class _Forwarder:
    def __init__(self, fn):
        self.fn = fn


_FORWARDERS = weakref.WeakKeyDictionary()    # generated derivative -> {shape: forwarder}


def _forwarder(derivative, prefix, kwargs, kwnames, slots, mode, nwrt, inner, name):
    """``def name(dy, x0, .., k=k)`` (vjp) / ``def name(t0, .., x0, .., k=k)`` (jvp)
    calling ``derivative`` with what the callable binds (``prefix``, keywords not
    passed in the call) and selecting the results for the arguments differentiated."""
    bound = {k: v for k, v in kwargs.items() if k not in kwnames}
    key = (mode, nwrt, inner, tuple(kwnames), tuple(slots), tuple(map(id, prefix)),
           tuple((k, id(v)) for k, v in sorted(bound.items())))
    per = _FORWARDERS.setdefault(derivative, {})
    hit = per.get(key)
    if hit is not None:
        return hit[0]
    lead = ["dy"] if mode == "vjp" else [f"t{i}" for i in range(nwrt)]
    xs = [f"x{i}" for i in range(inner)]
    namespace = {"derivative": derivative}
    pre = []
    for i, p in enumerate(prefix):
        namespace[f"p{i}"] = p
        pre.append(f"p{i}")
    kws = [f"{k}={k}" for k in kwnames]
    for j, (k, v) in enumerate(sorted(bound.items())):
        namespace[f"k{j}"] = v
        kws.append(f"{k}=k{j}")
    params = lead + xs + list(kwnames)
    if mode == "vjp":
        call = f"derivative({', '.join(lead + pre + xs + kws)})"
        count = len({k for k, _ in slots})
        if all(k == i for i, (k, _) in enumerate(slots)) and count == len(slots):
            body = f"    return {call}\n"
        else:
            parts = [f"r[{k}]" if count > 1 else "r" for k, _ in slots]
            body = f"    r = {call}\n    return " + (
                f"({', '.join(parts)},)" if len(parts) > 1 else parts[0]) + "\n"
    else:
        body = f"    return derivative({', '.join(lead + pre + xs + kws)})\n"
    source = f"def {name}({', '.join(params)}):\n{body}"
    filename = f"<tangentish {name} for {inner} arguments #{len(per) + 1} of {id(derivative):x}>"
    fn = define(source, filename, namespace, name)
    per[key] = (fn, prefix, bound)       # the prefix values are kept alive with the key
    return fn


def derivative_of(fn, wrt, mode):
    """The callable ``DerivativeOf(fn, wrt, mode)`` (what generated code calls)."""
    return DerivativeOf(fn, wrt, mode)
