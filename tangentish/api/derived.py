"""Derived operators, each a few lines over the generated vjp/jvp functions:
jvp, jacobian, hessian, hvp."""
import types
from typing import Any, Callable, Sequence, Tuple, Union

import numpy as np

from .. import driver
from ..analyze.effect_guards import check_repeatable
from ..analyze.patterns import backend_of, backend_signature
from ..core import engine
from ..core.errors import note_user_line, recursion_error
from ..core.markers import Derivative, derived_operator
from ..core.sources import define
from ..frontend.callables import as_function
from ..frontend.specialize import specialize_varargs
from ..runtime.containers import plain_containers
from . import results
from .functions import (call_on_copies, check_differentiable, check_plain_arguments,
                        check_same_shape, function_name, positional_params, refuse_derived,
                        star_slot, underlying)
from .grad import Transformed, grad


def target_and_receiver(f, nargs=None):
    """(function to transform, receiver or None): bound methods, partials without
    keywords and markers are unwrapped by ``callables.as_function``.  A ``*args``
    function (a decorator's wrapper) is specialized to a call with ``nargs`` arguments."""
    refuse_derived(f, None)
    if isinstance(f, JacobianFunction):
        if nargs is None:
            raise TypeError(f"tangentish cannot take this derivative of {f!r} without knowing "
                            "how many arguments it is called with")
        return f.for_call(nargs, ()).fn, None
    if isinstance(f, Transformed):
        if f.keywords or len(f.prefix) > 1:
            raise TypeError(f"tangentish cannot take this derivative of {f!r}: it binds "
                            "arguments (a partial); use a def")
        if f.per_call_shape and nargs is not None:
            return f.for_call(nargs, ()).fn, (f.prefix[0] if f.prefix else None)
        return f.generated, (f.prefix[0] if f.prefix else None)
    try:
        fn, prefix, keywords = as_function(f)
    except TypeError:
        raise TypeError(f"tangentish needs a Python function, got {type(f).__name__}") from None
    if keywords or len(prefix) > 1:
        raise TypeError(f"tangentish cannot take this derivative of {f!r}: it binds arguments "
                        "(a partial); use a def")
    if isinstance(fn, Transformed):
        return target_and_receiver(fn, None if nargs is None else nargs + len(prefix))[0], \
            (prefix[0] if prefix else None)
    if nargs is not None and hasattr(fn, "__code__"):
        fn = specialize_varargs(fn, nargs + len(prefix), ())
    return fn, (prefix[0] if prefix else None)


def _generated(f, wrt_positions, mode, nargs=None, values=()):
    """(generated function, receiver) for ``f``'s derivative w.r.t. positional arguments
    (``nargs``: the number of arguments of the call, for a ``*args`` function; ``values``:
    the call's arguments, whose array library the code is generated for)."""
    fn, receiver = target_and_receiver(f, nargs)
    refuse_derived(fn, None)
    params = positional_params(fn)
    offset = 1 if receiver is not None else 0
    # a negative position counts from the end of the call's arguments (never into a
    # bound receiver or partial argument)
    wrt_positions = tuple(p + nargs if p < 0 and nargs is not None else p for p in wrt_positions)
    for p in wrt_positions:
        if not (0 <= p and p + offset < len(params)):
            raise TypeError(f"cannot differentiate {function_name(fn)}() with respect to its argument {p}: "
                            f"it has {len(params) - offset} positional parameters"
                            + (" (a function tangentish.jacobian returns can be differentiated "
                               "once more by tangentish.jacobian only)"
                               if fn.__module__ == __name__ else ""))
    names = tuple(params[p + offset] for p in wrt_positions)
    signature = backend_signature(params[offset:], values[:nargs], values[nargs:]) \
        if values else None
    return driver.transform(fn, names, mode, signature=signature).fn, receiver, names


def _position(f, wrt, kind):
    """``wrt`` as the position of one argument: an int, or the name of a positional
    parameter of ``f`` (after what a bound method or partial binds)."""
    if isinstance(wrt, bool) or not isinstance(wrt, (int, str)):
        raise TypeError(f"tangentish.{kind}: wrt must be one argument, an int position or a "
                        f"parameter name, got {wrt!r}")
    if isinstance(wrt, int):
        return wrt
    try:
        fn, prefix, _ = as_function(underlying(f) if isinstance(f, Transformed) else f)
    except TypeError:
        raise TypeError(f"tangentish.{kind} needs a Python function, got "
                        f"{type(f).__name__}") from None
    fn = underlying(fn)
    if isinstance(f, Transformed):
        prefix = tuple(f.prefix) + tuple(prefix)
    params = positional_params(fn)[len(prefix):] if hasattr(fn, "__code__") else []
    if wrt in params:
        return params.index(wrt)
    slot = star_slot(fn, wrt, len(prefix)) if hasattr(fn, "__code__") else None
    if slot is not None:
        return slot
    raise ValueError(f"tangentish.{kind}: {function_name(fn)}() has no positional parameter {wrt!r} "
                     f"(positional parameters: {', '.join(params) or 'none'}); wrt names one "
                     "positional argument, or give its position")


@derived_operator
def jvp(f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]) -> Tuple[Any, Any]:
    """``(y, y_dot)``: ``f(*primals)`` and its directional derivative along ``tangents``
    (one per primal, JAX's call shape; ``None`` for a primal not differentiated,
    such as an integer).  Forward mode, generated as source.  A NumPy tangent of an
    array_api_strict (CuPy) primal is converted to that library (the caller's direction,
    of the primal's shape); NumPy primals beside such arrays are refused (TypeError)."""
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("jvp(f, primals, tangents) takes the primals and the tangents as tuples, "
                        f"one entry per argument of f (JAX's call shape): jvp(f, (x,), (t,)); "
                        f"got {type(primals).__name__} and {type(tangents).__name__}")
    primals, tangents = tuple(primals), tuple(tangents)
    if len(primals) != len(tangents):
        raise ValueError(f"jvp got {len(primals)} primals but {len(tangents)} tangents")
    check_plain_arguments(primals + tangents, None, "jvp")
    # a NumPy tangent of a strict (CuPy) primal: that library's array (results.direction_like)
    tangents = tuple(results.direction_like(t, p) for t, p in zip(tangents, primals))
    which = [i for i, t in enumerate(tangents) if t is not None]   # None: not differentiated
    fn, receiver, names = _generated(f, which, "jvp", len(primals), primals + tangents)
    for name, i in zip(names, which):
        check_differentiable(primals[i], name, fn)
        check_same_shape(primals[i], tangents[i], f"the tangent of argument {i} ({name})")
    given = [tangents[i] for i in which]
    try:
        if receiver is not None:
            y, y_dot = fn(*given, receiver, *primals)
        else:
            y, y_dot = fn(*given, *primals)
    except RecursionError as exc:
        raise recursion_error(function_name(f), exc) from None
    except Exception as exc:              # noqa: BLE001 - re-raised, with the user's line
        note_user_line(exc)
        raise
    return plain_containers(y), results.like(y_dot, y)     # the tangent in y's type


@derived_operator
def jacobian(f: Callable[..., Any], wrt: Union[int, str] = 0,
             mode: str = "reverse") -> Callable[..., Any]:
    """A function returning the Jacobian of ``f`` w.r.t. argument ``wrt``, shaped
    ``out.shape + in.shape``; one vjp per output element ("reverse") or one jvp
    per input element ("forward")."""
    if mode not in ("reverse", "forward"):
        raise ValueError("mode must be 'reverse' or 'forward'")
    wrt = _position(f, wrt, "jacobian")
    inner = getattr(f, "_tangentish_jacobian", None)
    if inner is not None:
        return JacobianFunction(_jacobian_of_jacobian(inner, wrt, mode), f, wrt, mode)

    def jacobian_fn(*args):
        if not -len(args) <= wrt < len(args):
            raise TypeError(f"jacobian_{function_name(f)}() got {len(args)} arguments, but argument "
                            f"{wrt} is the one to differentiate")
        check_plain_arguments(args, None, "jacobian")
        _check_numpy_arguments(args)
        _check_array_argument(args[wrt], wrt)
        if np.iscomplexobj(args[wrt]):
            raise TypeError("jacobian (and hessian) need a real input, got a complex one: the "
                            "derivative of a function of a complex variable is not a complex "
                            "matrix unless it is holomorphic; differentiate the real and "
                            "imaginary parts as separate real inputs (as JAX's jacfwd/jacrev)")
        check_repeatable(f, "tangentish.jacobian")   # one run per row or column
        x = np.asarray(args[wrt], dtype=float)
        if mode == "forward":
            fn, receiver, _ = _generated(f, (wrt,), "jvp", len(args))
            pre = (receiver,) if receiver is not None else ()
            cols = []
            for j in range(x.size):
                e = np.zeros(x.size)
                e[j] = 1.0
                _, col = fn(e.reshape(x.shape), *pre, *args)
                cols.append(np.asarray(col))
            if not cols:        # an empty input: the output's shape from one jvp (of nothing)
                _, col = fn(np.zeros(x.shape), *pre, *args)
                return np.zeros(np.shape(col) + x.shape)
            return np.stack(cols, axis=-1).reshape(cols[0].shape + x.shape)
        fn, receiver, _ = _generated(f, (wrt,), "vjp", len(args))
        pre = (receiver,) if receiver is not None else ()
        y = np.asarray(call_on_copies(f, args))
        if np.iscomplexobj(y):
            raise TypeError("jacobian(mode='reverse') needs a real output, got a complex one; "
                            "use mode='forward' (exact for complex outputs of real inputs)")
        rows = []
        for i in range(y.size):
            e = np.zeros(y.size)
            e[i] = 1.0
            rows.append(np.asarray(fn(e.reshape(y.shape), *pre, *args)))
        return np.stack(rows).reshape(y.shape + x.shape) if rows else np.zeros(y.shape + x.shape)
    jacobian_fn.__name__ = f"jacobian_{function_name(f)}"
    return JacobianFunction(_in_dtype(jacobian_fn, wrt), f, wrt, mode)


def _in_dtype(jacobian_fn, wrt):
    """``jacobian_fn`` returning its array in the dtype of argument ``wrt`` when that is
    float32 (float16): computed in float64, rounded at the end (api/results.py)."""
    def in_dtype(*args):
        out = jacobian_fn(*args)
        if -len(args) <= wrt < len(args) and results.low_precision(args[wrt]):
            return np.asarray(out, dtype=args[wrt].dtype)
        return out
    in_dtype.__name__ = jacobian_fn.__name__
    in_dtype.__doc__ = jacobian_fn.__doc__
    return in_dtype


class JacobianFunction(Derivative):
    """What ``tangentish.jacobian`` (and ``hessian``) returns: called, the Jacobian,
    computed eagerly; differentiated (inside a function, or by jacobian / grad /
    hessian), its code for a call with ``nargs`` arguments (``for_call``): a Python
    function with source looping over the generated vjp (one row per output element)
    or tangent (one column per input element) of ``f``, so it is differentiated again
    like any code, to any order."""

    per_call_shape = True
    shaped_code = True        # the static path asks for_call too (ad/base.py)

    def __init__(self, eager, f, wrt, mode):
        self._eager = eager
        self._tangentish_jacobian = (f, wrt, mode)
        self._codes = {}
        self.__name__ = self.__qualname__ = eager.__name__
        self.__doc__ = eager.__doc__

    def __call__(self, *args):
        return self._eager(*args)

    target = property(lambda self: self._tangentish_jacobian[0])

    def for_call(self, nargs, kwnames):
        if kwnames:
            raise TypeError(f"{self.__name__}() takes positional arguments only")
        f, wrt, mode = self._tangentish_jacobian
        if not -nargs <= wrt < nargs:
            raise TypeError(f"{self.__name__}() got {nargs} arguments, but argument {wrt} is "
                            "the one to differentiate")
        fn, receiver, _ = _generated(f, (wrt,), "vjp" if mode == "reverse" else "tangent",
                                     nargs)
        hit = self._codes.get(nargs)
        if hit is not None and hit[0] is fn and hit[1] is receiver:
            return hit[2]
        xs = [f"x{i}" for i in range(nargs)]
        pre = ["receiver"] if receiver is not None else []
        call_args = ", ".join(pre + xs)
        x = xs[wrt]
        if mode == "reverse":
            body = (f"    y = f({call_args})\n"
                    f"    n = np.size(y)\n"
                    f"    basis = np.eye(n)\n"
                    f"    rows = []\n"
                    f"    for i in range(n):\n"
                    f"        rows.append(derivative(np.reshape(basis[i], np.shape(y)), {call_args}))\n"
                    f"    return np.reshape(np.stack(rows), np.shape(y) + np.shape({x}))\n")
        else:
            body = (f"    n = np.size({x})\n"
                    f"    basis = np.eye(n)\n"
                    f"    cols = []\n"
                    f"    for j in range(n):\n"
                    f"        cols.append(derivative(np.reshape(basis[j], np.shape({x})), {call_args}))\n"
                    f"    first = cols[0]\n"
                    f"    return np.reshape(np.stack(cols, axis=-1), np.shape(first) + np.shape({x}))\n")
        name = self.__name__ if self.__name__.isidentifier() else "jacobian_f"
        source = f"def {name}({', '.join(xs)}):\n{body}"
        namespace = {"np": np, "f": f if receiver is None else target_and_receiver(f, nargs)[0],
                     "derivative": fn, "receiver": receiver}
        if receiver is None:
            namespace["f"] = f
        filename = f"<tangentish {name} for {nargs} arguments #{id(self):x}.{len(self._codes)}>"
        code = types.SimpleNamespace(fn=define(source, filename, namespace, name))
        self._codes[nargs] = (fn, receiver, code)
        return code

    def __repr__(self):
        f, wrt, mode = self._tangentish_jacobian
        return f"<tangentish.jacobian of {function_name(f)} wrt {wrt} ({mode})>"


def _check_numpy_arguments(args):
    """jacobian and hessian assemble their result with numpy: arrays of another library
    (which they would have to convert, computing a Dask array) are refused."""
    xp = backend_of(args)
    if xp is not None:
        raise TypeError(f"tangentish.jacobian and tangentish.hessian take NumPy arrays, got "
                        f"{xp} arguments: convert them (np.asarray(x), or a Dask array's "
                        f".compute()), or use tangentish.vjp, jvp or hvp, which keep {xp} "
                        "arrays")


def _check_array_argument(value, wrt):
    """jacobian and hessian lay derivatives out as arrays: the argument differentiated
    is a number or an array of numbers, not a container of arrays."""
    try:
        np.asarray(value, dtype=complex)        # a list of equal-shape arrays is an array
        ok = not isinstance(value, dict)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise TypeError(f"jacobian and hessian differentiate an array or a number, but argument "
                        f"{wrt} is a {type(value).__name__} of values; use tangentish.grad / "
                        "tangentish.vjp for containers, or pass each array as its own argument "
                        "(wrt= picks one)")


def _jacobian_of_jacobian(inner, wrt, mode):
    """The Jacobian of ``jacobian(f, inner_wrt, inner_mode)``: each column (forward) or
    row (reverse) of the inner Jacobian is one call of a generated function with
    source, ``(e, *args) -> J e`` or ``J^T e``, whose own Jacobian w.r.t. argument
    ``wrt`` is taken as for any function (so nesting goes on to any order)."""
    f, inner_wrt, inner_mode = inner
    kind = "tangent" if inner_mode == "forward" else "vjp"
    outers = {}     # number of arguments -> (outer jacobian, receiver arguments)

    def outer_for(nargs):
        if nargs not in outers:
            fn, receiver, _ = _generated(f, (inner_wrt,), kind, nargs)
            pre = (receiver,) if receiver is not None else ()
            outers[nargs] = jacobian(fn, wrt=wrt + 1 + len(pre), mode=mode), pre
        return outers[nargs]

    def jacobian_fn(*args):
        _check_numpy_arguments(args)
        outer, pre = outer_for(len(args))
        x = np.asarray(args[inner_wrt], dtype=float)
        z = np.asarray(args[wrt], dtype=float)
        if inner_mode == "forward":
            y_shape, n, e_shape = None, x.size, x.shape
        else:
            y = np.asarray(call_on_copies(f, args))
            y_shape, n, e_shape = y.shape, y.size, y.shape
        parts = []
        for j in range(n):
            e = np.zeros(n)
            e[j] = 1.0
            parts.append(np.asarray(outer(e.reshape(e_shape), *pre, *args)))
        if inner_mode == "forward":
            out_shape = parts[0].shape[:parts[0].ndim - z.ndim]
            return np.stack(parts, axis=len(out_shape)).reshape(out_shape + x.shape + z.shape)
        return np.stack(parts).reshape(y_shape + x.shape + z.shape)
    jacobian_fn.__name__ = f"jacobian_{getattr(f, '__name__', 'f')}"
    return jacobian_fn


@derived_operator
def hessian(f: Callable[..., Any], wrt: Union[int, str] = 0) -> Callable[..., Any]:
    """A function returning the Hessian of scalar ``f`` w.r.t. argument ``wrt``
    (forward-over-reverse: one jvp of the generated gradient per input element)."""
    wrt = _position(f, wrt, "hessian")
    return jacobian(grad(f, wrt=wrt), wrt=wrt, mode="forward")


@derived_operator
def hvp(f: Callable[..., Any], wrt: Union[int, str] = 0) -> Callable[..., Any]:
    """A function ``(*args, v) -> H v``: one jvp of the generated gradient
    (forward-over-reverse), about the cost of two gradients.  A NumPy ``v`` for an
    array_api_strict (CuPy) argument is converted to that library."""
    wrt = _position(f, wrt, "hvp")
    df = grad(f, wrt=wrt)
    generated = {}          # array library -> (function, receiver arguments), made on first use

    def hvp_fn(*args_and_v):
        if not args_and_v:
            raise TypeError(f"hvp_{function_name(f)}(*args, v) takes the arguments of {function_name(f)} and "
                            "then the vector v to multiply the Hessian by")
        *args, v = args_and_v
        v = results.direction_like(v, args[wrt]) if -len(args) <= wrt < len(args) else v
        if not -len(args) <= wrt < len(args):
            raise TypeError(f"hvp_{function_name(f)}(*args, v) got {len(args)} argument(s) before v, "
                            f"but argument {wrt} is the one to differentiate (the vector v "
                            "comes last)")
        check_plain_arguments(args_and_v, None, "hvp")
        check_same_shape(args[wrt], v, "the vector v")
        key = backend_signature(_hvp_params(df, len(args)), args, (v,))
        if key not in generated or not generated[key][0].valid():
            # (re)generated when what it depends on changed (driver.Generated.valid: the
            # user's code, callees, rules; the gradient it differentiates included)
            target, receiver = target_and_receiver(df, len(args))
            _, _, names = _generated(df, (wrt,), "tangent", len(args))
            generated[key] = (driver.transform(target, names, "tangent", signature=key),
                              (receiver,) if receiver is not None else ())
        entry, pre = generated[key]
        return results.like(entry.fn(v, *pre, *args), args[wrt])   # in x's type
    hvp_fn.__name__ = f"hvp_{function_name(f)}"
    hvp_fn._tangentish_hvp = (df, wrt)     # what it differentiates (api/export.py reads it)
    hvp_fn.code_for = lambda nargs: _hvp_code(df, wrt, nargs, hvp_fn.__name__)
    return hvp_fn


def _hvp_params(df, nargs):
    """The parameter names of the gradient ``df`` an hvp differentiates (after a bound
    receiver), for a call with ``nargs`` arguments; none known: empty."""
    if df.per_call_shape or not isinstance(df.target, types.FunctionType):
        return ()
    return positional_params(df.target)[len(df.prefix):]


def _hvp_code(df, wrt, nargs, name):
    """``def hvp_f(x0, ..., v)``: the code ``hvp_fn`` runs for a call with ``nargs``
    arguments before ``v``, as a function with source (tg.source, tg.export)."""
    target, receiver = target_and_receiver(df, nargs)
    _, _, names = _generated(df, (wrt,), "tangent", nargs)
    tangent = driver.transform(target, names, "tangent").fn
    params = positional_params(target)[1 if receiver is not None else 0:]
    xs = params if len(params) == nargs and "v" not in params and tangent.__name__ not in \
        params and "receiver" not in params else [f"x{i}" for i in range(nargs)]
    args = ", ".join(["v"] + (["receiver"] if receiver is not None else []) + xs)
    source = f"def {name}({', '.join(xs + ['v'])}):\n    return {tangent.__name__}({args})\n"
    filename = f"<tangentish {name} for {nargs} arguments>"
    namespace = {tangent.__name__: tangent, "receiver": receiver}
    return types.SimpleNamespace(fn=define(source, filename, namespace, name))


engine.install(derivative_at_positions=_generated)
