"""The rule table (``RULES``) and the registration API.  Importing this package
loads every rule module."""
from .table import RULES, Rule, defrule, nondiff  # noqa: F401
from . import operators, numpy_rules, runtime_rules, math_rules, builtin_rules  # noqa: F401,E402
from . import numpy_more, numpy_linalg, numpy_fft, numpy_helpers  # noqa
from . import numeric_rules  # noqa: F401,E402


def load_optional_rules():
    """Register the scipy.special rules once scipy is imported (by the user's code,
    before a transform): importing scipy eagerly would slow every import."""
    import sys
    if "scipy.special" in sys.modules and "tangentish.rules.numpy_scipy_special" not in sys.modules:
        from . import numpy_scipy_special  # noqa: F401

# Names generated code may use besides numpy: every runtime helper.
from .. import runtime as _rt, runtime_more as _rt_more, runtime_numeric as _rt_num  # noqa: E402

SYMBOLS = {name: getattr(_m, name) for _m in (_rt, _rt_more, _rt_num) for name in dir(_m)
           if not name.startswith("_") and callable(getattr(_m, name))
           and getattr(getattr(_m, name), "__module__", None) == _m.__name__}
