"""Every rule whose result can share memory with an argument must be a view primitive
of the aliasing analysis (analyze/aliasing.py VIEW_PRIMITIVES): otherwise an in-place
update through the result (or of the argument, the result read later) is given its
functional meaning while numpy changes both, and the derivative is wrong.  The
generality breaker found nine such functions (np.rollaxis, einsum 'i->i', diag of a
matrix, diff(y, 0), real_if_close, nan_to_num(y, False), matrix_power(m, 1)...)."""
import warnings

import numpy as np

from tangentish.analyze.aliasing import VIEW_PRIMITIVES
from tangentish.rules import RULES

ARRAYS = (np.arange(1.0, 4.0), np.arange(1.0, 7.0).reshape(2, 3),
          np.arange(1.0, 5.0).reshape(2, 2), np.arange(1.0, 4.0) + 0j)
EXTRAS = ((), (0,), (1,), (-1,), (0, 1), (1, 0), (False,), (None,))
SUBSCRIPTS = ("i->i", "ij->ij", "ij->ji", "ii->i", "...->...", "ij")


def _numpy_rules():
    for symbol, rule in sorted(RULES._by_symbol.items()):
        if symbol.startswith("np.") and callable(rule.primitive):
            yield symbol, rule.primitive


def _calls(symbol, fn, a):
    if symbol == "np.einsum":
        return [lambda s=s: fn(s, a) for s in SUBSCRIPTS]
    return [lambda extra=extra: fn(a, *extra) for extra in EXTRAS]


def _shares(result, a):
    parts = result if isinstance(result, (tuple, list)) else (result,)
    return any(isinstance(p, np.ndarray) and np.shares_memory(p, a) for p in parts)


def test_rules_returning_their_argument_or_a_view_are_view_primitives():
    missing = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for symbol, fn in _numpy_rules():
            if fn in VIEW_PRIMITIVES:
                continue
            for a in ARRAYS:
                for call in _calls(symbol, fn, a):
                    try:
                        result = call()
                    except Exception:
                        continue
                    if _shares(result, a):
                        missing.add(symbol)
    assert not missing, f"results sharing memory with an argument, not in VIEW_PRIMITIVES: " \
                        f"{sorted(missing)}"
