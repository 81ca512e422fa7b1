"""The rules of tangentish/rules/numpy/sampling.py: trapezoid, linspace, polyval, polyder
and interp (polyval and interp are second order in one argument only)."""
import numpy as np
import pytest
import scipy.special

import tangentish as tg
from tests.rules.cases import ALL, FIRST, C3, M, S, V, Case, CaseList, Inputs, set_checks
from tests.rules.harness import rule_tests

J = Inputs(20240611)
rand = J.rand
CASES = CaseList()
case = CASES.case

case(np.trapezoid, "np.trapezoid(y)", [{"y": rand(V)}, {"y": rand(M)}], ag=False)
case(np.trapezoid, "np.trapezoid(y, dx=d, axis=0)", [{"y": rand(M), "d": 0.3}], ag=False, label="dx")
case(np.trapezoid, "np.trapezoid(y, x, axis=-1)", [{"y": rand(M), "x": np.sort(rand((3,)))},
                                                    {"y": rand(M), "x": np.sort(rand(M), axis=1)}],
     ag=False, label="x")
case(np.linspace, "np.linspace(x, y, 5)", [{"x": 0.3, "y": 1.7}, {"x": rand(V), "y": rand(V)}])
case(np.linspace, "np.linspace(x, y, 4, endpoint=False, axis=1)", [{"x": rand(M), "y": rand(M)}],
     label="axis", ag=False)
case(np.polyval, "np.polyval(p, x)", [{"p": rand((4,)), "x": rand(V)}, {"p": rand((3,)), "x": 0.7}], ag=False)
case(np.polyder, "np.polyder(p, 2)", [{"p": rand((5,))}], ag=False)
_XP = np.array([-1.0, -0.3, 0.2, 0.9, 1.6])
case(np.interp, "np.interp(x, xp, fp)", [{"x": rand((6,)) * 1.4, "xp": _XP, "fp": rand((5,))},
                                         {"x": rand(M) * 1.4, "xp": _XP, "fp": rand((5,))}],
     ag=False, const=("xp",))
case(np.interp, "np.interp(x, xp, fp, left=lo, right=hi)",
     [{"x": np.array([-2.0, 0.0, 2.5, 0.7]), "xp": _XP, "fp": rand((5,)), "lo": 0.3, "hi": -0.4}],
     ag=False, const=("xp",), label="bounds")
set_checks(CASES, {np.polyval, np.interp}, FIRST + ("second-forward",))

globals().update(rule_tests(CASES, "tangentish.rules.numpy.sampling"))
