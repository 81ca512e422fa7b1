"""Helpers that generated code calls, by topic.  Each is a primitive with a rule of
its own (rules/helpers/<topic>.py for runtime/<topic>.py), so generated code can
itself be differentiated.

Every helper returns its first argument untouched when there is nothing to do
(shapes already match), so the common case costs one shape comparison.

Generated code refers to a helper by its bare name: ``__all__`` lists every such
name (the union of the topic modules' ``__all__``); rules/__init__.py builds
``SYMBOLS`` from it.  Public names a topic module does not list in its ``__all__``
(``fast_shape``, ``normalize_axis``...) are shared between topic modules only.
"""
from . import (backend, broadcast, containers, dispatch, fft, guards, indexing, iteration, joining,
               linalg, numeric, products, reductions, sampling, shape)
from .backend import *  # noqa: F401,F403
from .broadcast import *  # noqa: F401,F403
from .containers import *  # noqa: F401,F403
from .dispatch import *  # noqa: F401,F403
from .fft import *  # noqa: F401,F403
from .guards import *  # noqa: F401,F403
from .indexing import *  # noqa: F401,F403
from .iteration import *  # noqa: F401,F403
from .joining import *  # noqa: F401,F403
from .linalg import *  # noqa: F401,F403
from .numeric import *  # noqa: F401,F403
from .products import *  # noqa: F401,F403
from .reductions import *  # noqa: F401,F403
from .sampling import *  # noqa: F401,F403
from .shape import *  # noqa: F401,F403

TOPICS = (backend, broadcast, containers, dispatch, fft, guards, indexing, iteration, joining,
          linalg, numeric, products, reductions, sampling, shape)

__all__ = sorted(name for topic in TOPICS for name in topic.__all__)
