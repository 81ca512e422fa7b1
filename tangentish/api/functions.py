"""What the API reads off the functions it is given: names, parameters, whether
an argument can be differentiated."""
import inspect
import os
import sys

import numpy as np

from ..core.errors import WrtError
from ..core.markers import Derivative

_DERIVED_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "derived.py")


def function_name(fn):
    return getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))


def positional_params(fn):
    code = underlying(fn).__code__
    return list(code.co_varnames[:code.co_argcount])


def star_slot(fn, name, offset):
    """The position among the call's arguments of ``name`` when ``fn`` is a ``*args``
    wrapper (``functools.wraps``) whose signature, as ``inspect.signature`` shows it,
    has ``name`` as a positional parameter taken by ``*args``: the wrapper's own
    positional parameters come first, with the same names.  None otherwise."""
    fn = underlying(fn)
    if not getattr(fn, "__wrapped__", None) or not fn.__code__.co_flags & inspect.CO_VARARGS:
        return None
    try:
        shown = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    own = positional_params(fn)
    positional = [p.name for p in shown if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if positional[:len(own)] != own or name not in positional[len(own):]:
        return None
    slot = positional.index(name) - offset
    return slot if slot >= 0 else None


def all_params(fn):
    code = underlying(fn).__code__
    return list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])


def underlying(fn):
    while isinstance(fn, Derivative):
        fn = fn.target
    return fn


_FLOAT_TYPES = (float, complex, np.floating, np.complexfloating)


_NUMERIC = (np.ndarray, float, int, np.generic)


def check_same_shape(primal, tangent, what, of="the argument"):
    """A tangent (an hvp's vector, a pullback's cotangent) has its primal's shape: numpy
    would broadcast a wrong one inside generated code, or fail there."""
    if isinstance(primal, _NUMERIC) and isinstance(tangent, _NUMERIC) and \
            np.shape(primal) != np.shape(tangent):
        raise ValueError(f"{what} has shape {np.shape(tangent)}, but {of} has shape "
                         f"{np.shape(primal)}: they must match")


def check_cotangent_shapes(y, dy, what):
    """``check_same_shape`` for an output's cotangent, leaf by leaf in lists, tuples
    and dicts of the same structure."""
    if isinstance(y, (list, tuple)) and isinstance(dy, (list, tuple)):
        if len(y) != len(dy):
            raise ValueError(f"{what} has {len(dy)} items, but the output has {len(y)}")
        for k, (a, b) in enumerate(zip(y, dy)):
            check_cotangent_shapes(a, b, f"{what}[{k}]")
    elif isinstance(y, dict) and isinstance(dy, dict):
        for k in y.keys() & dy.keys():
            check_cotangent_shapes(y[k], dy[k], f"{what}[{k!r}]")
    else:
        check_same_shape(y, dy, what, "the output")


def check_plain_arguments(args, kwargs, kind):
    """Refuse ``np.matrix`` and masked-array arguments (in containers too): their
    operators mean something else than an ndarray's (``*`` a matrix product, masked
    entries not counted), which the generated code does not model."""
    for label, value in [(str(i), a) for i, a in enumerate(args)] + \
            [(repr(k), v) for k, v in (kwargs or {}).items()]:
        what = _unmodelled_subclass(value)
        if what is not None:
            raise TypeError(
                f"tangentish.{kind}: argument {label} is {what} (the generated derivative "
                "computes with plain ndarrays)")


def _unmodelled_subclass(value):
    """The words for an ``np.matrix`` or masked array in ``value``, else None."""
    if isinstance(value, (list, tuple)):
        return next(filter(None, map(_unmodelled_subclass, value)), None)
    if isinstance(value, dict):
        return next(filter(None, map(_unmodelled_subclass, value.values())), None)
    if not isinstance(value, np.ndarray) or type(value) is np.ndarray:
        return None
    if isinstance(value, np.matrix):
        return ("a numpy.matrix (its * is a matrix product, its ** a matrix power): pass "
                "np.asarray(x) and write @ for matrix products")
    ma = sys.modules.get("numpy.ma")       # (no masked array exists before it is imported)
    if ma is not None and isinstance(value, ma.MaskedArray):
        return ("a masked array (numpy.ma: its masked entries do not count): fill or drop "
                "them first (x.filled(v), x.compressed()) and pass that plain ndarray")
    return None


def check_differentiable(value, name, fn):
    if isinstance(value, _FLOAT_TYPES):
        return
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            return
        kind = str(value.dtype)
    elif isinstance(value, (bool, int, np.integer, np.bool_)):
        kind = type(value).__name__
    elif isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"cannot differentiate {function_name(fn)}() with respect to {name!r}: it is "
                        f"{'None' if value is None else 'a ' + type(value).__name__}; derivatives "
                        "need a float, an array of floats, or a list/tuple/dict of them")
    else:
        return
    raise TypeError(
        f"cannot differentiate {function_name(fn)}() with respect to {name!r}: it is an integer or boolean "
        f"value ({kind}); derivatives need floats -- pass e.g. 3.0 instead of 3, or x.astype(float)")


def refuse_derived(fn, kind):
    """A function tangentish.jacobian / hessian / hvp returns runs loops over generated code
    (its source is tangentish's own): differentiating it again is refused here, at the
    call, rather than with an error located inside tangentish."""
    if kind is not None and getattr(fn, "_tangentish_jacobian", None) is not None:
        raise TypeError(f"tangentish.{kind} cannot differentiate {fn.__name__}, a function "
                        "tangentish.jacobian or tangentish.hessian returns, by itself (its code "
                        "depends on the number of arguments); take tangentish.jacobian of it, or "
                        "differentiate a function that calls it")
    code = getattr(fn, "__code__", None)
    if code is not None and code.co_filename == _DERIVED_FILE:
        what = "tangentish.hvp" if fn.__name__.startswith("hvp_") else \
            "tangentish.jacobian or tangentish.hessian"
        raise TypeError(f"{'tangentish.' + kind if kind else 'tangentish'} cannot "
                        f"differentiate {fn.__name__}, a function "
                        f"{what} returns (it loops over generated code); differentiate the "
                        "original function to a higher order instead: tangentish.jacobian of "
                        "what tangentish.jacobian / hessian returns, tangentish.hessian of f, "
                        "or nested tangentish.jvp")


def call_on_copies(f, args):
    """``f(*args)`` with each array argument copied first: generated code treats an
    argument the function updates in place as a private copy, so the user's ``f``,
    run for its value beside generated code, must not change the caller's arrays."""
    return f(*(np.copy(a) if isinstance(a, np.ndarray) else a for a in args))


def check_not_self(value, fn, kind):
    """``grad(Class.method)`` with ``wrt=0`` would differentiate with respect to ``self``:
    refused, naming the method and the ``wrt`` meant, when ``value`` (the first argument)
    is an object whose class defines ``fn`` (a tuple, list, dict, number or object with
    ``__array__`` is a value derivatives can be taken with respect to, and is left alone)."""
    if value is None or isinstance(value, (float, complex, int, np.ndarray, np.generic,
                                           list, tuple, dict)) \
            or hasattr(type(value), "__array__"):     # numpy can take it as an array
        return
    name = getattr(fn, "__name__", None)
    if not name or not any(vars(c).get(name) is fn for c in type(value).__mro__):
        return
    params = positional_params(fn)
    cls = type(value).__name__
    code = fn.__code__
    after = f"{params[1]!r}" if len(params) > 1 else "the next argument"
    raise WrtError(
        f"tangentish.{kind}({function_name(fn)}) differentiates with respect to wrt=0, which is "
        f"`{params[0]}` (a {cls} object), not a number or array",
        f"to differentiate with respect to {after}, use tangentish.{kind}({function_name(fn)}, "
        f"wrt=1) (wrt counts self), or tangentish.{kind}(obj.{name}) on an instance (a bound "
        f"method: wrt=0 is then the first argument after self)",
        code.co_filename, code.co_firstlineno, None)


def wrapper_error(fn, message):
    """The error for a ``wrt`` that ``fn``'s own signature does not take, when ``fn`` is a
    ``functools.wraps`` wrapper (the signature users see is the wrapped function's):
    a WrtError located at the wrapped function, saying what the wrapper takes and the way
    out; None when ``fn`` is not such a wrapper."""
    fn = underlying(fn)
    inner = getattr(fn, "__wrapped__", None)
    code = getattr(inner, "__code__", None) or getattr(fn, "__code__", None)
    if inner is None or code is None:
        return None
    own = inspect.signature(fn, follow_wrapped=False)
    return WrtError(
        f"{message}: {function_name(fn)} is a functools.wraps wrapper "
        f"{fn.__code__.co_name}{own} around {function_name(inner)}(), and tangentish "
        "differentiates the wrapper's own code, whose parameters are not the wrapped function's",
        f"differentiate the undecorated function ({function_name(inner).rpartition('.')[2]}"
        ".__wrapped__), or give the wrapper *args (def wrapper(*args, **kwargs)), which "
        "tangentish matches to the wrapped function's parameters",
        code.co_filename, code.co_firstlineno, None)
