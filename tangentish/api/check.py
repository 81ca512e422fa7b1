"""check_grads: compare generated derivatives with central finite differences,
to any order, in forward and reverse mode (like autograd's and JAX's)."""
import copy
from typing import Any, Callable, Sequence

import numpy as np

from .. import driver
from .derived import target_and_receiver
from .functions import check_plain_arguments, positional_params


def _entries(value):
    """The entries of a list, tuple or dict (a dict's in key order), else None."""
    if isinstance(value, (tuple, list)):
        return list(value)
    if isinstance(value, dict):
        return [value[k] for k in sorted(value)]
    return None


def _number_type(value):
    return complex if np.iscomplexobj(value) else float


def _flat(value):
    """All the numbers of a (nested) value, as one float (or complex) vector."""
    entries = _entries(value)
    if entries is not None:
        parts = [_flat(v) for v in entries]
        return np.concatenate(parts) if parts else np.zeros(0)
    return np.ravel(np.asarray(value, dtype=_number_type(value)))


def _rebuild(template, entries):
    """``entries`` in ``template``'s container type (a dict keyed as ``template``)."""
    if isinstance(template, dict):
        return dict(zip(sorted(template), entries))
    return type(template)(entries) if type(template) in (list, tuple) else tuple(entries)


def _as_float(value):
    """``value`` with every array and number as floats (complex ones as complex),
    containers kept."""
    entries = _entries(value)
    if entries is not None:
        return _rebuild(value, [_as_float(v) for v in entries])
    if isinstance(value, (float, complex)):
        return value
    return np.asarray(value, dtype=_number_type(value))


def _like(template, rng):
    entries = _entries(template)
    if entries is not None:
        return _rebuild(template, [_like(t, rng) for t in entries])
    value = rng.standard_normal(np.shape(template))
    if np.iscomplexobj(template):
        value = value + 1j * rng.standard_normal(np.shape(template))
    if isinstance(template, (float, complex)):
        return _number_type(template)(value)
    return value


def _moved(value, direction, eps):
    entries = _entries(value)
    if entries is not None:
        return _rebuild(value, [_moved(v, d, eps) for v, d in zip(entries, _entries(direction))])
    return value + eps * direction


def _shift(args, direction, eps):
    return tuple(_moved(a, d, eps) for a, d in zip(args, direction))


def _directional_fd(f, args, direction, eps):
    return (_flat(f(*_shift(args, direction, eps))) - _flat(f(*_shift(args, direction, -eps)))) \
        / (2 * eps)


def check_grads(f: Callable[..., Any], args: Sequence[Any], order: int = 2,
                modes: Sequence[str] = ("rev", "fwd"), eps: float = 1e-6, rtol: float = 1e-4,
                atol: float = 1e-6, seed: int = 0) -> None:
    """Raise AssertionError (with a readable message) unless ``f``'s generated
    derivatives match central finite differences up to ``order``.

    ``modes``: "fwd" checks jvp against finite differences along a random
    direction; "rev" checks vjp through the adjoint identity <u, J v> = <J^T u, v>.
    Complex arguments get complex directions; for them the identity holds for the
    real part of the bilinear pairing (see ``_pairing``).
    Higher orders check the generated derivative functions themselves."""
    check_plain_arguments(args, None, "check_grads")
    rng = np.random.default_rng(seed)
    args = tuple(_as_float(a) for a in args)
    fn, receiver = target_and_receiver(f)
    call = (lambda *a: fn(receiver, *a)) if receiver is not None else fn
    names = tuple(positional_params(fn)[(1 if receiver is not None else 0):][:len(args)])
    direction = tuple(_like(a, rng) for a in args)
    numeric = _directional_fd(call, args, direction, eps)
    pre = (receiver,) if receiver is not None else ()
    for mode in modes:
        if mode == "fwd":
            jvp_fn = driver.transform(fn, names, "jvp").fn
            _, tangent = jvp_fn(*direction, *pre, *args)
            _compare(numeric, _flat(tangent), f, "forward mode (jvp)", order, rtol, atol)
            if order > 1:
                check_grads(_bind(jvp_fn, pre), direction + args, order - 1, modes, eps, rtol,
                            atol, seed + 1)
        elif mode == "rev":
            vjp_fn = driver.transform(fn, names, "vjp").fn
            out = call(*copy.deepcopy(args))     # f may update its arguments in place
            u = _like(out, rng)
            cts = vjp_fn(u, *pre, *args)
            cts = cts if len(names) > 1 else (cts,)
            lhs = _pairing(u, numeric)
            rhs = sum(_pairing(c, d) for c, d in zip(cts, direction))
            _compare(np.array([lhs]), np.array([rhs]), f, "reverse mode (vjp)", order, rtol, atol)
            if order > 1:
                check_grads(_bind(vjp_fn, pre), (u,) + args, order - 1, modes, eps, rtol, atol,
                            seed + 1)
        else:
            raise ValueError(f"unknown mode {mode!r}: use 'fwd' and/or 'rev'")


def _pairing(cotangent, tangent):
    """The real part of the bilinear pairing ``sum(u * v)`` (no conjugate): for
    complex values a pullback maps ``u`` to ``J^T u`` under this pairing, so that
    ``Re sum(u * (J v)) == Re sum((J^T u) * v)``, the convention autograd uses."""
    return float(np.real(np.sum(_flat(cotangent) * _flat(tangent))))


def _bind(generated, pre):
    if not pre:
        return generated
    raise NotImplementedError("higher-order check_grads of bound methods")


def _compare(expected, got, f, what, order, rtol, atol):
    if expected.shape != got.shape or not np.allclose(expected, got, rtol=rtol, atol=atol):
        name = getattr(f, "__qualname__", repr(f))
        raise AssertionError(
            f"check_grads: {what} of {name} (checking {order} more order(s)) disagrees with "
            f"finite differences:\n  finite differences: {expected}\n  generated:          {got}")
