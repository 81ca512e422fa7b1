"""A shim named ``autograd`` that maps HIPS autograd's public API onto tangentish.

It computes no derivative itself: every operator below restates autograd's
calling convention (``argnum``, returned tuples, ``(vjp, ans)`` pairs) and
hands the work to ``tangentish``.  ``autograd.numpy`` / ``autograd.scipy`` and
their submodules are the real numpy / scipy modules (``_aliases``), so that
tangentish, which recognizes numpy functions by identity, sees plain numpy.
"""
import builtins as _b
import inspect as _inspect
import linecache as _linecache
import types as _types

import numpy as _np
import tangentish as tg

from . import _aliases  # noqa: F401  (autograd.numpy -> numpy, autograd.scipy -> scipy)
from .builtins import dict, isinstance, list, tuple, type  # noqa: F401,A004
from .extend import primitive  # noqa: F401

SHIM = True


def _ident(name):
    name = getattr(name, "__name__", None) or "fun"
    return name if name.isidentifier() else "fun"


def _define(src, ns):
    """exec ``src`` (one def) with linecache holding its text, so tangentish can read it.
    The file name is derived from the text: no module state is written per call."""
    import hashlib
    filename = f"<autograd-shim-{hashlib.sha1(src.encode()).hexdigest()[:16]}>"
    if filename not in _linecache.cache:
        _linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    exec(compile(src, filename, "exec"), ns)
    return ns[src.split()[1].split("(")[0]]


def _unary(fun, argnum, args, kwargs, body="{call}", extra=None):
    """(w, xs, multi): a generated ``def`` whose positional parameters are the
    arguments ``argnum`` selects, returning ``body`` where ``{call}`` is ``fun``
    called with the other arguments and the keywords bound as constants;
    ``xs`` the selected values."""
    multi = not _b.isinstance(argnum, int)
    nums = _b.tuple(argnum) if multi else (argnum,)
    ns = {"_ag_fun": fun, "np": _np, **(extra or {})}
    call = []
    for i in range(len(args)):
        if i in nums:
            call.append(f"x{i}")
        else:
            ns[f"c{i}"] = args[i]
            call.append(f"c{i}")
    for j, (k, v) in enumerate(kwargs.items()):
        ns[f"k{j}"] = v
        call.append(f"{k}=k{j}")
    expr = body.format(call=f"_ag_fun({', '.join(call)})")
    src = f"def {_ident(fun)}({', '.join(f'x{i}' for i in nums)}):\n    return {expr}\n"
    return _define(src, ns), _b.tuple(args[i] for i in nums), multi


def _function(fun):
    """``fun`` as tangentish takes it: tangentish's operators accept numpy's functions
    and builtins themselves (and this function, read by tangentish when differentiated
    code calls ``grad(f)``, writes nothing)."""
    return fun


def _direct(fun, kwargs):
    """True when ``fun`` can be handed to tangentish as it is (a Python function,
    called without keywords)."""
    return _b.isinstance(fun, (_types.FunctionType, _types.MethodType, tg.CustomGradient,
                               tg.Transformed)) and not kwargs


def _wrt(argnum):
    return argnum if _b.isinstance(argnum, int) else _b.tuple(argnum)


def _seed(y):
    """Ones shaped like ``y``: the cotangent / tangent autograd's ``vspace(y).ones()`` is."""
    return 1.0 if _np.ndim(y) == 0 and not _b.isinstance(y, _np.ndarray) else _np.ones_like(y)


def grad(fun, argnum=0):
    """tangentish.grad itself: the derivative object nests and takes keywords."""
    return tg.grad(_function(fun), wrt=_wrt(argnum))


def value_and_grad(fun, argnum=0):
    return tg.value_and_grad(_function(fun), wrt=_wrt(argnum))


def make_vjp(fun, argnum=0):
    """``(vjp, ans)`` as autograd returns them."""
    def mv(*args, **kwargs):
        w, xs, multi = _unary(fun, argnum, args, kwargs)
        ans, pullback = tg.vjp(w, *xs)
        return (lambda g: pullback(g) if multi else pullback(g)[0]), ans
    return mv


def make_jvp(fun, argnum=0):
    """``jvp(v) -> (ans, tangent)`` as autograd returns it."""
    def mj(*args, **kwargs):
        w, xs, multi = _unary(fun, argnum, args, kwargs)
        return lambda v: tg.jvp(w, xs, _b.tuple(v) if multi else (v,))
    return mj


def elementwise_grad(fun, argnum=0):
    """autograd: the vjp with a ones cotangent, i.e. the gradient of the summed
    output; as tangentish.grad of that sum, so that it nests."""
    f = _function(fun)
    summed = _define(f"def {_ident(fun)}(*args):\n    return np.sum(_ag_fun(*args))\n",
                     {"_ag_fun": f, "np": _np})
    return tg.grad(summed, wrt=_wrt(argnum))


def deriv(fun, argnum=0):
    def d(*args, **kwargs):
        x = args[argnum]
        return make_jvp(fun, argnum)(*args, **kwargs)(_seed(x))[1]
    return d


def jacobian(fun, argnum=0):
    """tangentish.jacobian itself (same layout: out.shape + in.shape)."""
    return tg.jacobian(_function(fun), wrt=argnum)


def hessian(fun, argnum=0):
    return tg.hessian(_function(fun), wrt=argnum)


def make_hvp(fun, argnum=0):
    """``(hvp, grad)``: autograd returns make_vjp(grad(fun)) at x."""
    def mh(*args, **kwargs):
        w, xs, _ = _unary(fun, argnum, args, kwargs)
        hvp = tg.hvp(w, 0)
        return (lambda v: hvp(*xs, v)), tg.grad(w)(*xs)
    return mh


def hessian_tensor_product(fun, argnum=0):
    """autograd: ``grad(lambda *a, v: tensordot(grad(fun)(*a), v, ndim(v)))``."""
    def htp(*args, **kwargs):
        args, v = args[:-1], args[-1]
        g = tg.grad(_function(fun), wrt=_wrt(argnum))
        w, xs, multi = _unary(g, argnum, args, kwargs, "np.tensordot({call}, v, axes=nd)",
                              {"v": v, "nd": _np.ndim(v)})
        return tg.grad(w, wrt=_b.tuple(range(len(xs))) if multi else 0)(*xs)
    return htp


hessian_vector_product = hessian_tensor_product


def tensor_jacobian_product(fun, argnum=0):
    """autograd: ``jacobian(lambda *a, v: tensordot(v, fun(*a), ndim(v)))``."""
    def tjp(*args, **kwargs):
        args, v = args[:-1], args[-1]
        w, xs, _ = _unary(fun, argnum, args, kwargs, "np.tensordot(v, {call}, axes=nd)",
                          {"v": v, "nd": _np.ndim(v)})
        return tg.jacobian(w, 0)(*xs)
    return tjp


vector_jacobian_product = tensor_jacobian_product


def holomorphic_grad(fun, argnum=0):
    """autograd: ``grad(lambda x: np.real(fun(x)))``; here tangentish's vjp with a
    ones cotangent (tangentish's complex convention decides the rest)."""
    def hg(*args, **kwargs):
        vjp, ans = make_vjp(fun, argnum)(*args, **kwargs)
        return vjp(_seed(ans))
    return hg


def grad_named(fun, argname):
    return grad(fun, _inspect.getfullargspec(fun).args.index(argname))


def grad_and_aux(fun, argnum=0):
    """Gradient of the first output, and the second output unchanged."""
    def ga(*args, **kwargs):
        aux = fun(*args, **kwargs)[1]
        w, xs, multi = _unary(fun, argnum, args, kwargs, "{call}[0]")
        return tg.grad(w, wrt=_b.tuple(range(len(xs))) if multi else 0)(*xs), aux
    return ga


def multigrad_dict(fun):
    raise NotImplementedError("shim: multigrad_dict is not mapped")


def checkpoint(fun):
    """Checkpointing trades memory for recomputation; the derivative is the same,
    and tangentish has no tape to checkpoint, so ``fun`` itself."""
    return fun


def make_ggnvp(f, g=None, f_argnum=0):
    raise NotImplementedError("shim: make_ggnvp is not mapped (no tangentish equivalent)")
