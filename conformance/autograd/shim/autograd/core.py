"""autograd.core: the two public names tests import from it (``make_vjp``,
``make_jvp``).  autograd's tracer internals (``primitive_vjps``, VSpace, nodes)
have no counterpart: tests using them are excluded."""
from . import make_jvp, make_vjp  # noqa: F401
