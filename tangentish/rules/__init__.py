"""The rule table (``RULES``) and the registration API.  Importing this package
loads every rule module: operators.py, numpy/ (one module per family),
builtins.py (math and the built-ins) and helpers/ (the runtime helpers' rules,
one module per runtime module)."""
from .table import RULES, Rule, defrule, nondiff  # noqa: F401
from . import operators, numpy, builtins, helpers  # noqa: F401,E402


def load_optional_rules():
    """Register the scipy.special rules once scipy is imported (by the user's code,
    before a transform): importing scipy eagerly would slow every import."""
    import sys
    if "scipy.special" in sys.modules and "tangentish.rules.numpy.special" not in sys.modules:
        from .numpy import special  # noqa: F401

# Names generated code may use besides numpy: every runtime helper.
from .. import runtime as _rt  # noqa: E402

SYMBOLS = {name: getattr(_rt, name) for name in _rt.__all__}
