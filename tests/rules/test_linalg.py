"""The rules of tangentish/rules/numpy/linalg.py: det, slogdet, inv, pinv, solve,
matrix_power, norm and the decompositions (eigh, eigvalsh, cholesky, svd, qr, lstsq:
first order only, and they refuse second order loudly)."""
import numpy as np
import pytest
import scipy.special

import tangentish as tg
from tests.rules.cases import ALL, FIRST, C3, M, S, V, Case, CaseList, Inputs, set_checks
from tests.rules.harness import rule_tests

J = Inputs(20240611)
rand, wellcond, spd = J.rand, J.wellcond, J.spd
CASES = CaseList()
case = CASES.case

case(np.linalg.det, "np.linalg.det(x)", [{"x": wellcond()}, {"x": wellcond((2, 3, 3))}])
case(np.linalg.slogdet, "np.linalg.slogdet(x)[1]", [{"x": wellcond()}, {"x": -wellcond((2, 3, 3))}])
case(np.linalg.inv, "np.linalg.inv(x)", [{"x": wellcond()}, {"x": wellcond((2, 3, 3))}])
case(np.linalg.pinv, "np.linalg.pinv(x)", [{"x": rand((4, 3))}, {"x": rand((3, 4))}, {"x": wellcond()}])
case(np.linalg.solve, "np.linalg.solve(x, y)", [{"x": wellcond(), "y": rand((3,))},
                                                {"x": wellcond(), "y": rand((3, 2))},
                                                {"x": wellcond((2, 3, 3)), "y": rand((2, 3, 2))}])
case(np.linalg.matrix_power, "np.linalg.matrix_power(x, 3)", [{"x": rand((3, 3))}], ag=False)
case(np.linalg.matrix_power, "np.linalg.matrix_power(x, -2)", [{"x": wellcond()}], ag=False, label="neg")
for _ord, _axis, _shape, _ag in [(None, None, V, True), (None, None, M, True), (None, 1, M, True),
                                 (1, None, V, False), (np.inf, None, V, False), (3, None, V, True),
                                 ("fro", None, (3, 3), True), ("nuc", None, (3, 4), True),
                                 (2, None, (3, 4), False), (-2, None, (4, 3), False),
                                 (1, None, (3, 4), False), (np.inf, None, (3, 4), False),
                                 (2, (0, 2), C3, False)]:
    case(np.linalg.norm, f"np.linalg.norm(x, {_ord!r}, {_axis!r})".replace("inf", "np.inf"),
         [{"x": rand(_shape)}], ag=_ag, label=f"{_ord}-{_axis}")
case(np.linalg.norm, "np.linalg.norm(x, axis=-1, keepdims=True)", [{"x": rand(C3)}], label="keepdims",
     ag=False)  # autograd 1.9.1 fails on keepdims
case(np.linalg.eigh, "np.linalg.eigh(x)[0]", [{"x": rand((3, 3))}, {"x": rand((2, 3, 3))}])
case(np.linalg.eigh, "np.linalg.eigh(x, 'U')[1] ** 2", [{"x": rand((3, 3))}], label="vectors")
case(np.linalg.eigvalsh, "np.linalg.eigvalsh(x)", [{"x": rand((3, 3))}, {"x": rand((2, 3, 3))}], ag=False)
case(np.linalg.cholesky, "np.linalg.cholesky(x)", [{"x": spd()}, {"x": np.stack([spd(), spd()])}],
     ag="anp.linalg.cholesky(np.tril(x) + np.swapaxes(np.tril(x, -1), -1, -2))")
case(np.linalg.cholesky, "np.linalg.cholesky(x, upper=True)", [{"x": spd()}], ag=False, label="upper")
case(np.linalg.svd, "np.linalg.svd(x, compute_uv=False)", [{"x": rand((3, 3))}, {"x": rand((4, 3))},
                                                            {"x": rand((2, 3, 4))}])
case(np.linalg.svd, "np.linalg.svd(x, full_matrices=False)[0] ** 2", [{"x": rand((4, 3))}, {"x": rand((3, 4))}],
     label="u")
case(np.linalg.svd, "np.linalg.svd(x, full_matrices=False)[2] ** 2", [{"x": rand((4, 3))}, {"x": rand((3, 4))}],
     label="vh")
case(np.linalg.svd, "np.linalg.svd(x)[0] ** 2 + np.linalg.svd(x)[2] ** 2", [{"x": rand((3, 3))}],
     label="square", ag=False)  # autograd: no full_matrices=True
case(np.linalg.qr, "np.linalg.qr(x)[0]", [{"x": rand((4, 3))}, {"x": rand((3, 3))}], ag=False, label="q")
case(np.linalg.qr, "np.linalg.qr(x)[1]", [{"x": rand((4, 3))}, {"x": rand((2, 3, 3))}], ag=False, label="r")
case(np.linalg.lstsq, "np.linalg.lstsq(x, y)[0]", [{"x": rand((5, 3)), "y": rand((5,))},
                                                   {"x": rand((5, 3)), "y": rand((5, 2))}], ag=False)
case(np.linalg.lstsq, "np.linalg.lstsq(x, y)[1] + np.sum(np.linalg.lstsq(x, y)[3])",
     [{"x": rand((5, 3)), "y": rand((5, 2))}], ag=False, label="residuals-sv")
set_checks(CASES, {np.linalg.eigh, np.linalg.eigvalsh, np.linalg.cholesky, np.linalg.svd, np.linalg.qr,
                   np.linalg.lstsq, np.linalg.pinv, np.linalg.matrix_power, np.linalg.norm}, FIRST)

globals().update(rule_tests(CASES, "tangentish.rules.numpy.linalg"))


def eigvalsh_sum(a):
    return np.sum(np.linalg.eigvalsh(a) ** 2)


def test_decompositions_refuse_second_order_loudly():
    a = rand((3, 3))
    first = tg.grad(eigvalsh_sum)
    assert np.shape(first(a)) == (3, 3)
    with pytest.raises((tg.TransformError, NotImplementedError)):
        tg.vjp(first, a)[1](np.ones((3, 3)))




def norm_in_ord(p):
    return np.linalg.norm(np.array([0.3, 1.6, 2.9]), ord=p)


def test_active_norm_ord_refuses():
    """np.linalg.norm(x, ord=p) in p (FD -0.142 at p = 3) was silently 0: now refused."""
    with pytest.raises(tg.TransformError, match="'ord'"):
        tg.grad(norm_in_ord)(3.0)
    with pytest.raises(tg.TransformError, match="'ord'"):
        tg.jvp(norm_in_ord, (3.0,), (1.0,))
