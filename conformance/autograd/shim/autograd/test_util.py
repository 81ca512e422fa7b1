"""autograd.test_util.check_grads -> tangentish.check_grads (``argnum`` and the
keywords are bound by a generated wrapper, as autograd's unary_to_nary does).
``check_equivalent`` and ``combo_check`` are plain comparisons / loops."""
import os
from itertools import product

import numpy as np
import tangentish as tg

from . import _direct, _unary


def _complex(args):
    return any(np.iscomplexobj(a) for a in args)


def check_grads(f, argnum=0, modes=("fwd", "rev"), order=2):
    def check(*args, **kwargs):
        if os.environ.get("AUTOGRAD_SHIM_REAL_ONLY") and _complex(args):
            return None     # diagnostic run (run.py --real-only): complex cases skipped
        if _direct(f, kwargs) and tuple(argnum if not isinstance(argnum, int) else (argnum,)) \
                == tuple(range(len(args))):
            return tg.check_grads(f, args, order=order, modes=tuple(modes))
        w, xs, _ = _unary(f, argnum, args, kwargs)
        return tg.check_grads(w, xs, order=order, modes=tuple(modes))
    return check


def _close(a, b, tol=1e-6):
    return abs(a - b) < tol or abs(a - b) / abs(a + b) < tol


def check_equivalent(x, y):
    """Same structure and shape, and (numerically) equal values."""
    if isinstance(x, (tuple, list)):
        assert isinstance(y, (tuple, list)) and len(x) == len(y), f"structure mismatch:\nx: {x}\ny: {y}"
        for a, b in zip(x, y):
            check_equivalent(a, b)
        return
    if isinstance(x, dict):
        assert isinstance(y, dict) and set(x) == set(y), f"structure mismatch:\nx: {x}\ny: {y}"
        for k in x:
            check_equivalent(x[k], y[k])
        return
    assert np.shape(x) == np.shape(y), f"shape mismatch:\nx: {x}\ny: {y}"
    v = np.random.randn(*np.shape(x))
    assert _close(np.sum(np.real(np.conj(x) * v)), np.sum(np.real(np.conj(y) * v))), \
        f"Value mismatch:\nx: {x}\ny: {y}"


def combo_check(fun, *args, **kwargs):
    """All combinations of the given arguments and keyword values."""
    def _combo(*arg_lists, **kw_lists):
        keys = list(kw_lists)
        for a in product(*arg_lists):
            for kv in product(*(kw_lists[k] for k in keys)):
                check_grads(fun, *args, **kwargs)(*a, **dict(zip(keys, kv)))
    return _combo
