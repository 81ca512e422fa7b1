"""The rules of tangentish/rules/numpy/special.py (scipy.special); softmax and log_softmax
are first order only; xlogy is finite at x = y = 0."""
import numpy as np
import pytest
import scipy.special

import tangentish as tg
from tests.rules.cases import ALL, FIRST, C3, M, S, V, Case, CaseList, Inputs, set_checks
from tests.rules.harness import rule_tests

J = Inputs(20240611)
rand, pos, unit, nonzero = J.rand, J.pos, J.unit, J.nonzero
CASES = CaseList()
case, unary, binary, PAIRS = CASES.case, CASES.unary, CASES.binary, CaseList.PAIRS

_SP_UNARY = [
    ("gammaln", pos, True), ("gamma", pos, True), ("rgamma", pos, True), ("digamma", pos, True),
    ("psi", pos, True), ("erf", rand, True), ("erfc", rand, True), ("erfcx", rand, False),
    ("erfinv", unit, True), ("erfcinv", lambda s: rand(s, 0.2, 1.8), True), ("expit", rand, True),
    ("logit", lambda s: rand(s, 0.1, 0.9), True), ("log_expit", rand, False), ("ndtr", rand, False),
    ("log_ndtr", rand, False), ("ndtri", lambda s: rand(s, 0.1, 0.9), False), ("entr", pos, False),
    ("expm1", rand, False), ("log1p", pos, False), ("exp2", rand, False), ("exp10", rand, False),
    ("cbrt", nonzero, False), ("i0", rand, True), ("i1", rand, True), ("i0e", nonzero, False),
    ("i1e", nonzero, False), ("j0", pos, True), ("j1", pos, True), ("y0", pos, True), ("y1", pos, True),
]
for _name, _gen, _ag in _SP_UNARY:
    unary(getattr(scipy.special, _name), f"scipy.special.{_name}(x)", _gen, shapes=(S, M), ag=_ag)
for _name, _order, _ag in [("polygamma", "1", True), ("jv", "1.5", False), ("yv", "1.5", False),
                           ("iv", "1.5", True), ("ive", "1.5", True), ("kv", "1.5", False),
                           ("gammainc", "2.5", True), ("gammaincc", "2.5", True)]:
    unary(getattr(scipy.special, _name), f"scipy.special.{_name}({_order}, x)", pos, shapes=(S, M), ag=_ag)
binary(scipy.special.beta, "scipy.special.beta(x, y)", pos, pos, pairs=PAIRS[:2], ag=False)
binary(scipy.special.betaln, "scipy.special.betaln(x, y)", pos, pos, pairs=PAIRS[:2], ag=False)
binary(scipy.special.xlogy, "scipy.special.xlogy(x, y)", rand, pos, pairs=PAIRS[:3], ag=False)
binary(scipy.special.xlog1py, "scipy.special.xlog1py(x, y)", rand, pos, pairs=PAIRS[:3], ag=False)
case(scipy.special.logsumexp, "scipy.special.logsumexp(x)", [{"x": rand(V)}, {"x": rand(M)}])
case(scipy.special.logsumexp, "scipy.special.logsumexp(x, axis=1, keepdims=True)", [{"x": rand(C3)}],
     label="axis")
case(scipy.special.logsumexp, "scipy.special.logsumexp(x, axis=0, b=y)", [{"x": rand(M), "y": pos(M)},
                                                                          {"x": rand(M), "y": pos((3,))}],
     label="b", ag=False)  # autograd 1.9.1 fails with b=
case(scipy.special.softmax, "scipy.special.softmax(x, axis=-1)", [{"x": rand(V)}, {"x": rand(M)}], ag=False)
case(scipy.special.log_softmax, "scipy.special.log_softmax(x, axis=0)", [{"x": rand(V)}, {"x": rand(M)}],
     ag=False)

set_checks(CASES, {scipy.special.softmax, scipy.special.log_softmax}, FIRST)

globals().update(rule_tests(CASES, "tangentish.rules.numpy.special"))


def xlogy_sum(x, y):
    return np.sum(scipy.special.xlogy(x, y))


def test_xlogy_at_zero_is_finite():
    with np.errstate(divide="ignore"):     # d/dx = log(y) = -inf at y = 0, as it should
        dx, dy = tg.grad(xlogy_sum, wrt=(0, 1))(np.array([0.0, 1.0]), np.array([0.0, 2.0]))
    assert dy[0] == 0.0 and np.isfinite(dy).all()


def jv_in_order(v):
    return scipy.special.jv(v, 1.3) + scipy.special.iv(v, 1.3)


def gammainc_in_a(a):
    return scipy.special.gammainc(a, 1.3)


@pytest.mark.parametrize("fn", [jv_in_order, gammainc_in_a])
def test_active_order_refuses(fn):
    """jv / iv / gammainc in their order (FD: -0.35 for jv(1.5, 1.3), -0.36 for
    gammainc(1.5, 1.3)) were silently 0: now refused in both modes."""
    with pytest.raises(tg.TransformError, match="no derivative"):
        tg.grad(fn)(1.5)
    with pytest.raises(tg.TransformError, match="no derivative"):
        tg.jvp(fn, (1.5,), (1.0,))
