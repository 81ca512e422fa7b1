"""How each library runs a workload of ``workloads.py``.

A workload is written once, in numpy.  A peer runs the *same* code object with
its module globals rebound (``np`` -> ``autograd.numpy`` / ``jax.numpy`` / a thin
torch namespace; ``tf`` -> ``tangentish.tf`` / ``tensorflow``), so no workload
is rewritten per library.  ``math`` is left alone: the ``math.sin`` variant of
(a) shows what each library makes of it.

``make_case(lib, workload)`` returns a ``Case``: zero-argument callables for the
forward pass, the derivative (gradient, HVP or training step) and the
hand-written numpy baseline, plus the derivative as numpy arrays for the check
against the hand-written reference.  It raises ``NotApplicable`` when the
library does not take part in that workload.
"""
import time
import types
from dataclasses import dataclass, field
from typing import Callable, Dict

import numpy as np

import workloads as W


class NotApplicable(Exception):
    pass


@dataclass
class Case:
    forward: Callable
    deriv: Callable
    hand: Callable
    result: Callable            # () -> tuple of numpy arrays (derivative, for the check)
    reference: Callable         # () -> tuple of numpy arrays (hand-written)
    rtol: float = 1e-5
    info: Dict[str, object] = field(default_factory=dict)


def rebind(fn, **names):
    """``fn``'s code with some module globals replaced (the workload written once)."""
    g = dict(fn.__globals__)
    g.update(names)
    return types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)


def as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def np_tuple(x, convert=np.asarray):
    return tuple(np.asarray(convert(v), dtype=np.float64) for v in as_tuple(x))


def _reference(wl, args):
    if wl.kind == "hvp":
        return lambda: np_tuple(wl.reference(*args))
    return lambda: np_tuple(wl.hand(*args))


def _hand(wl, args):
    if wl.kind == "hvp":            # the target of (e) is relative to one hand-written gradient
        gargs = args[:-1]
        return lambda: wl.hand(*gargs)
    return lambda: wl.hand(*args)


def _wrt(wl):
    return wl.wrt if len(wl.wrt) > 1 else wl.wrt[0]


# ------------------------------------------------------------------------------ tangentish
def tangentish_case(wl):
    import tangentish as tg
    if wl.kind == "tfstep":
        return _tfstep_case(wl, __import__("tangentish.tf", fromlist=["tf"]), "tangentish.tf")
    args = wl.inputs()
    if wl.kind == "hvp":
        h = tg.hvp(wl.fn)
        deriv = lambda: h(*args)                       # noqa: E731
        fwd_args = args[:-1]
    else:
        g = tg.grad(wl.fn, wrt=_wrt(wl))
        deriv = lambda: g(*args)                       # noqa: E731
        fwd_args = args
    fn = wl.fn
    return Case(forward=lambda: fn(*fwd_args), deriv=deriv, hand=_hand(wl, args),
                result=lambda: np_tuple(deriv()), reference=_reference(wl, args))


# ------------------------------------------------------------------------------ autograd
def autograd_case(wl):
    import autograd
    import autograd.numpy as anp
    if wl.kind == "tfstep":
        raise NotApplicable("tape workload: TensorFlow and tangentish.tf only")
    args = wl.inputs()
    f = rebind(wl.fn, np=anp)
    if wl.kind == "hvp":
        hvp = autograd.hessian_vector_product(f, 0)     # reverse-over-reverse
        gargs, v = args[:-1], args[-1]
        deriv = lambda: hvp(*gargs, v)                 # noqa: E731
        fwd_args = gargs
    else:
        g = autograd.grad(f, _wrt(wl))
        deriv = lambda: g(*args)                       # noqa: E731
        fwd_args = args
    return Case(forward=lambda: f(*fwd_args), deriv=deriv, hand=_hand(wl, args),
                result=lambda: np_tuple(deriv()), reference=_reference(wl, args))


# ------------------------------------------------------------------------------ jax
def jax_case(wl):
    import jax
    import jax.numpy as jnp
    if wl.kind == "tfstep":
        raise NotApplicable("tape workload: TensorFlow and tangentish.tf only")
    args = wl.inputs()
    jargs = tuple(jax.device_put(jnp.asarray(a, dtype=jnp.float64)) for a in args)
    f = rebind(wl.fn, np=jnp)
    if wl.kind == "hvp":
        def hvp(w, X, y, v):   # forward-over-reverse
            return jax.jvp(lambda w_: jax.grad(f)(w_, X, y), (w,), (v,))[1]
        d = jax.jit(hvp)
        fj = jax.jit(f)
        fwd_args = jargs[:-1]
    else:
        d = jax.jit(jax.grad(f, argnums=_wrt(wl)))
        fj = jax.jit(f)
        fwd_args = jargs
    info = {}
    t0 = time.perf_counter()
    jax.block_until_ready(d(*jargs))
    info["compile_s"] = time.perf_counter() - t0     # trace + compile + one run
    t0 = time.perf_counter()
    jax.block_until_ready(fj(*fwd_args))
    info["forward_compile_s"] = time.perf_counter() - t0
    block = jax.block_until_ready
    return Case(forward=lambda: block(fj(*fwd_args)), deriv=lambda: block(d(*jargs)),
                hand=_hand(wl, args), result=lambda: np_tuple(d(*jargs)),
                reference=_reference(wl, args), info=info)


# ------------------------------------------------------------------------------ torch
def _torch_numpy():
    """The numpy names the workloads use, on torch tensors (one thin call each)."""
    import torch

    def _t(a, like):
        return a if isinstance(a, torch.Tensor) else torch.as_tensor(a, dtype=like.dtype)

    def tsum(a, axis=None, keepdims=False):
        return torch.sum(a) if axis is None else torch.sum(a, dim=axis, keepdim=keepdims)

    def tmax(a, axis=None, keepdims=False):
        return torch.amax(a) if axis is None else torch.amax(a, dim=axis, keepdim=keepdims)

    def tmean(a, axis=None, keepdims=False):
        return torch.mean(a) if axis is None else torch.mean(a, dim=axis, keepdim=keepdims)

    def logaddexp(a, b):
        return torch.logaddexp(_t(a, b), _t(b, a))

    return types.SimpleNamespace(sin=torch.sin, cos=torch.cos, tanh=torch.tanh, exp=torch.exp,
                                 log=torch.log, sum=tsum, max=tmax, mean=tmean,
                                 logaddexp=logaddexp)


def torch_case(wl):
    import torch
    if wl.kind == "tfstep":
        raise NotApplicable("tape workload: TensorFlow and tangentish.tf only")
    args = wl.inputs()
    f = rebind(wl.fn, np=_torch_numpy())
    if wl.kind == "hvp":
        w, X, y, v = (torch.as_tensor(np.asarray(a, dtype=np.float64)) for a in args)
        w.requires_grad_(True)

        def deriv():   # double backward (reverse-over-reverse)
            g, = torch.autograd.grad(f(w, X, y), (w,), create_graph=True)
            return torch.autograd.grad(g @ v, (w,))
        fwd_args = (w, X, y)
    else:
        targs = tuple(torch.as_tensor(np.asarray(a, dtype=np.float64)) for a in args)
        params = tuple(targs[i] for i in wl.wrt)
        for p in params:
            p.requires_grad_(True)

        def deriv():
            return torch.autograd.grad(f(*targs), params)
        fwd_args = targs

    def forward():
        with torch.no_grad():
            return f(*fwd_args)
    return Case(forward=forward, deriv=deriv, hand=_hand(wl, args),
                result=lambda: np_tuple(deriv(), lambda t: t.detach().numpy()),
                reference=_reference(wl, args))


# ------------------------------------------------------------------------------ tensorflow
def tensorflow_case(wl):
    if wl.kind != "tfstep":
        raise NotApplicable("TensorFlow runs the tape workload (f) only")
    import tensorflow
    return _tfstep_case(wl, tensorflow, "tensorflow")


def _tfstep_case(wl, tfmod, label):
    X, y, lr = wl.inputs()
    step = rebind(wl.fn, tf=tfmod)
    loss = rebind(wl.forward, tf=tfmod)
    Wv, bv = tfmod.Variable(0.0), tfmod.Variable(0.0)

    def one_step_from_zero():
        Wv.assign(0.0)
        bv.assign(0.0)
        step(Wv, bv, X, y, lr)
        return (np.float64(Wv.numpy()), np.float64(bv.numpy()))

    def reference():
        W1, b1, _ = wl.hand(0.0, 0.0, X, y, lr)
        return (np.float64(W1), np.float64(b1))
    return Case(forward=lambda: loss(Wv, bv, X, y), deriv=lambda: step(Wv, bv, X, y, lr),
                hand=lambda: wl.hand(0.0, 0.0, X, y, lr), result=one_step_from_zero,
                reference=reference, rtol=1e-5, info={"facade": label})


CASES = {
    "tangentish": tangentish_case,
    "autograd": autograd_case,
    "jax": jax_case,
    "torch": torch_case,
    "tensorflow": tensorflow_case,
}

# import name and distribution name of each library (for "is it installed" and versions)
LIBRARIES = {
    "tangentish": ("tangentish", "tangentish"),
    "autograd": ("autograd", "autograd"),
    "jax": ("jax", "jax"),
    "torch": ("torch", "torch"),
    "tensorflow": ("tensorflow", "tensorflow-cpu"),
}


def configure_threads(lib):
    """One thread for the library's own pools (the BLAS variables are set by run.py
    in the subprocess environment, before numpy is imported)."""
    if lib == "torch":
        import torch
        torch.set_num_threads(1)
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:
            pass
    elif lib == "tensorflow":
        import tensorflow
        tensorflow.config.threading.set_intra_op_parallelism_threads(1)
        tensorflow.config.threading.set_inter_op_parallelism_threads(1)
    elif lib == "jax":
        import jax
        jax.config.update("jax_enable_x64", True)
        jax.config.update("jax_platforms", "cpu")
