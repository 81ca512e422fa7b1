"""The rules of tangentish/rules/builtins.py: the math module on Python floats and the
built-ins on numbers, arrays and lists of arrays (autograd differentiates neither the
math module nor max / min of two values: those cases have no autograd check)."""
import builtins
import math

import numpy as np

import tangentish as tg
from tests.rules.cases import FIRST, M, S, V, CaseList, Inputs
from tests.rules.harness import rule_tests

J = Inputs(31)
rand, pos, unit, nonzero = J.rand, J.pos, J.unit, J.nonzero
CASES = CaseList()
case = CASES.case

for _f, _gen in [(math.sin, rand), (math.cos, rand), (math.tan, unit), (math.exp, rand), (math.log, pos),
                 (math.sqrt, pos), (math.tanh, rand), (math.sinh, rand), (math.cosh, rand), (math.atan, rand),
                 (math.asin, unit), (math.acos, unit), (math.log1p, pos), (math.expm1, rand),
                 (math.fabs, nonzero), (math.erf, rand)]:
    CASES.unary(_f, f"math.{_f.__name__}(x)", _gen, shapes=(S, S), ag=False)
for _f, _gen in [(math.erfc, rand), (math.asinh, rand), (math.acosh, J.above1), (math.atanh, unit),
                 (math.log10, pos), (math.log2, pos), (math.degrees, rand), (math.radians, rand)]:
    CASES.unary(_f, f"math.{_f.__name__}(x)", _gen, shapes=(S, S), ag=False)
case(math.atan2, "math.atan2(x, y)", [{"x": nonzero(S), "y": nonzero(S)} for _ in range(2)], ag=False)
case(math.hypot, "math.hypot(x, y)", [{"x": nonzero(S), "y": nonzero(S)} for _ in range(2)], ag=False)
# away from the jumps: x / y is 2.3 / 0.7 = 3.29 or -2.3 / 0.7
case(math.fmod, "math.fmod(x, y)", [{"x": 2.3, "y": 0.7}, {"x": -2.3, "y": 0.7}], ag=False)
case(math.remainder, "math.remainder(x, y)", [{"x": 2.3, "y": 0.7}, {"x": 2.6, "y": 0.7}],
     ag=False)
case(math.ldexp, "math.ldexp(x, 3)", [{"x": rand(S)}], ag=False)
case(math.fsum, "math.fsum([x, y * x, y])", [{"x": rand(S), "y": rand(S)}], ag=False)
case(math.pow, "math.pow(x, y)", [{"x": pos(S), "y": rand(S)}, {"x": pos(S), "y": rand(S)}], ag=False)
case(math.log, "math.log(x, y)", [{"x": pos(S), "y": J.above1(S)}, {"x": pos(S), "y": 0.6}],
     ag=False, label="base")
case(math.copysign, "math.copysign(x, y)", [{"x": nonzero(S), "y": nonzero(S)} for _ in range(3)],
     ag=False)
case(math.copysign, "math.copysign(x, -0.0)", [{"x": nonzero(S)}], ag=False, label="negzero")
for _f, _gen in [(getattr(math, "exp2", None), rand), (getattr(math, "cbrt", None), nonzero),
                 (math.gamma, pos), (math.gamma, lambda s: J.rand(s, -0.9, -0.2)), (math.lgamma, pos),
                 (math.lgamma, lambda s: J.rand(s, -0.9, -0.2))]:
    if _f is None:      # math.exp2 and math.cbrt are Python 3.11+
        continue
    CASES.unary(_f, f"math.{_f.__name__}(x)", _gen, shapes=(S, S), ag=False)
case(builtins.abs, "abs(x)", [{"x": nonzero(S)}, {"x": nonzero(V)}, {"x": nonzero(M)}])
case(builtins.pow, "pow(x, y)", [{"x": pos(S), "y": rand(S)}, {"x": pos(V), "y": rand(V)}])
case(builtins.complex, "(complex(x) * (1 + 2j)).real + abs(complex(x)) ** 2", [{"x": rand(S)}], ag=False)
case(builtins.float, "float(x) * y", [{"x": rand(S), "y": rand(V)}], ag=False)
case(builtins.sum, "sum([x, y * x, y])", [{"x": rand(S), "y": rand(S)}, {"x": rand(V), "y": rand((2, 4))}])
case(builtins.sum, "sum([x, y], x)", [{"x": rand(V), "y": rand(V)}], label="start")
case(builtins.max, "max(x, y)", [{"x": 0.3, "y": -0.4}, {"x": -0.6, "y": 0.2}], ag=False)
case(builtins.min, "min(x, y)", [{"x": 0.3, "y": -0.4}, {"x": -0.6, "y": 0.2}], ag=False)

globals().update(rule_tests(CASES, "tangentish.rules.builtins"))


def max_pair(a, b):
    return max(a, b)


def min_pair(a, b):
    return min(a, b)


def test_max_min_of_two_give_ties_to_the_first():
    assert tg.grad(max_pair, wrt=(0, 1))(1.5, 1.5) == (1.0, 0.0)
    assert tg.grad(min_pair, wrt=(0, 1))(1.5, 1.5) == (1.0, 0.0)


def abs_of(x):
    return abs(x)


def test_abs_at_zero_has_zero_derivative():
    assert tg.grad(abs_of)(0.0) == 0.0
    np.testing.assert_array_equal(tg.grad(lambda x: np.sum(abs(x)))(np.array([-2.0, 0.0, 3.0])), [-1.0, 0.0, 1.0])


def copysign_of(x, y):
    return math.copysign(x, y)


def test_copysign_has_slope_one_in_x():
    """math.copysign(x, y) was a nondiff rule: its gradient in x was 0 (finite differences:
    -1 at (0.3, -0.4)); it is |x| with the sign of y."""
    assert tg.grad(copysign_of)(0.3, -0.4) == -1.0
    assert tg.grad(copysign_of)(-0.3, 0.4) == -1.0
    assert tg.grad(copysign_of)(0.3, 0.4) == 1.0
    assert tg.grad(copysign_of, wrt=1)(0.3, -0.4) == 0.0


def log_base(x, b):
    return math.log(x, b)


def test_log_with_a_base_against_autograd():
    import autograd
    import autograd.numpy as anp
    x, b = 1.7, 2.5
    dx, db = tg.grad(log_base, wrt=(0, 1))(x, b)
    ag = autograd.grad(lambda x, b: anp.log(x) / anp.log(b), (0, 1))(x, b)
    np.testing.assert_allclose((dx, db), ag, rtol=1e-12)
