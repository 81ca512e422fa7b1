"""The rule table (``RULES``) and the registration API.  Importing this package
loads every rule module."""
from .table import RULES, Rule, defrule, nondiff  # noqa: F401
from . import operators, numpy_rules, runtime_rules, math_rules  # noqa: F401,E402

# Names generated code may use besides numpy: every runtime helper.
from .. import runtime as _rt  # noqa: E402

SYMBOLS = {name: getattr(_rt, name) for name in dir(_rt)
           if not name.startswith("_") and callable(getattr(_rt, name))
           and getattr(getattr(_rt, name), "__module__", None) == _rt.__name__}
