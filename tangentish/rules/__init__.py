"""The rule table (``RULES``) and the registration API.  Importing this package
loads every rule module: operators.py, numpy/ (one module per family),
builtins.py (math and the built-ins) and helpers/ (the runtime helpers' rules,
one module per runtime module)."""
import sys

from .. import runtime as _rt
from .table import RULES, Rule, defrule, nondiff  # noqa: F401

# each module adds its rules, in this order (a bare name shared by two nondiff rules
# resolves to the later one)
from . import operators, numpy, builtins, helpers  # noqa: F401  # isort: skip


def load_optional_rules():
    """Register the scipy.special (scipy.stats) rules once that module is imported (by the user's code,
    before a transform): importing scipy eagerly would slow every import."""
    if "scipy.special" in sys.modules and "tangentish.rules.numpy.special" not in sys.modules:
        # imported late on purpose: scipy is optional, and slow to import
        from .numpy import special  # noqa: F401
    if "scipy.stats" in sys.modules and "tangentish.rules.numpy.scipy_stats" not in sys.modules:
        # imported late on purpose: scipy.stats is optional, and slow to import
        from .numpy import scipy_stats  # noqa: F401

# Names generated code may use besides numpy: every runtime helper.
SYMBOLS = {name: getattr(_rt, name) for name in _rt.__all__}
