"""autograd.core: the unary ``make_vjp(fun, x)`` / ``make_jvp(fun, x)`` tests import
(argument plumbing onto the shim's n-ary operators).  autograd's tracer internals
(``primitive_vjps``, VSpace, nodes) have no counterpart."""
from . import make_jvp as _make_jvp
from . import make_vjp as _make_vjp


def make_vjp(fun, x):
    """``(vjp, ans)`` of unary ``fun`` at ``x``."""
    return _make_vjp(fun, 0)(x)


def make_jvp(fun, x):
    return _make_jvp(fun, 0)(x)


# autograd's table of vjp makers by primitive; test_logic imports it at module
# level.  Empty: the one test that uses it is excluded (run.py's EXCLUDED).
primitive_vjps = {}
