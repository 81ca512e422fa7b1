"""The rules of tangentish/rules/numpy/products.py: dot, matmul, vdot, inner, outer,
tensordot, kron, cross, convolve / correlate and einsum (every order: its derivatives
are partials of einsum, rules/helpers/products.py)."""
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tests.rules.cases import CUBE, MAT, SCALAR, VEC, C3, M, S, V, Case, CaseList, Inputs, fcase
from tests.rules.harness import rule_tests

I = Inputs(1234)
rand = I.rand


def f_np_matmul(x, y, w):
    return np.sum(np.matmul(x, y) * w)


def f_np_dot(x, y, w):
    return np.sum(np.dot(x, y) * w)


MATMUL_PAIRS = [((3, 4), (4, 2)), ((4,), (4, 3)), ((3, 4), (4,)), ((4,), (4,)),
                ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (4,)),
                ((4,), (2, 4, 3)), ((1, 3, 4), (2, 4, 5))]
DOT_PAIRS = MATMUL_PAIRS[:4] + [((2, 3, 4), (4, 5)), ((2, 3, 4), (4,)), ((4,), (2, 4, 3)),
                                 ((2, 3), (4, 3, 2)), ((2, 3, 4), (5, 4, 2)), ((3, 2, 4), (2, 4, 1))]
CASES = CaseList()
CASES += [fcase(np.matmul, f_np_matmul, (rand(sx), rand(sy))) for sx, sy in MATMUL_PAIRS]
CASES += [fcase(np.dot, f_np_dot, (rand(sx), rand(sy))) for sx, sy in DOT_PAIRS + [(SCALAR, MAT)]]


# -- second order of compositions (no weight) ---------------------------------------------------------
def m_products(x):
    return np.sum(np.dot(x, x.T) ** 2) + np.sum(np.dot(x, x[0]) * x[:, 1]) + np.sum(np.tanh(x @ x.T @ x) * x)


X34 = np.array([[0.3, -0.7, 1.2, 0.5], [0.1, 0.9, -0.4, 2.0], [1.5, -1.1, 0.6, 0.25]])
CASES += [Case(np.dot, m_products, (X34,), weighted=False, checks=("hvp_autograd",))]

# -- the cases written as expressions ------------------------------------------------------------------
J = Inputs(20240611)
rand = J.rand
case = CASES.case

case(np.vdot, "np.vdot(x, y)", [{"x": rand(V), "y": rand(V)}, {"x": rand(M), "y": rand((3, 2))}], ag=False)
case(np.inner, "np.inner(x, y)", [{"x": rand(V), "y": rand(V)}, {"x": rand(M), "y": rand((4, 3))},
                                   {"x": rand(C3), "y": rand((4,))}, {"x": 0.5, "y": rand(V)}])
case(np.outer, "np.outer(x, y)", [{"x": rand(V), "y": rand((3,))}])
case(np.outer, "np.outer(x, y)", [{"x": rand(M), "y": rand((2,))}], label="2d", ag=False)  # autograd: flat cotangent
case(np.tensordot, "np.tensordot(x, y, 1)", [{"x": rand(M), "y": rand((3, 4))}])
case(np.tensordot, "np.tensordot(x, y)", [{"x": rand(C3), "y": rand((3, 4, 2))}], label="2")
case(np.tensordot, "np.tensordot(x, y, ([0, 2], [1, 0]))", [{"x": rand(C3), "y": rand((4, 2, 5))}], label="pairs")
case(np.kron, "np.kron(x, y)", [{"x": rand(M), "y": rand((2, 2))}, {"x": rand(V), "y": rand((3,))},
                                 {"x": rand((3,)), "y": rand(M)}])
case(np.cross, "np.cross(x, y)", [{"x": rand((3,)), "y": rand((3,))}, {"x": rand((4, 3)), "y": rand((4, 3))}])
case(np.cross, "np.cross(x, y)", [{"x": rand((3,)), "y": rand((2, 3))}], label="broadcast",
     ag=False)  # autograd does not unbroadcast
for _mode in ("full", "same", "valid"):
    case(np.convolve, f"np.convolve(x, y, {_mode!r})", [{"x": rand((5,)), "y": rand((3,))},
                                                         {"x": rand((3,)), "y": rand((5,))}],
         label=_mode, ag=False)
    case(np.correlate, f"np.correlate(x, y, {_mode!r})", [{"x": rand((5,)), "y": rand((3,))},
                                                           {"x": rand((3,)), "y": rand((4,))}],
         label=_mode, ag=False)
case(np.einsum, "np.einsum('ij,jk->ik', x, y)", [{"x": rand(M), "y": rand((3, 2))}])
case(np.einsum, "np.einsum('ii->i', x)", [{"x": rand((3, 3))}], label="diag", ag=False)
case(np.einsum, "np.einsum('ij->', x)", [{"x": rand(M)}], label="sum")
case(np.einsum, "np.einsum('...ij,...jk', x, y)", [{"x": rand(C3), "y": rand((4, 2))}], label="ellipsis")
case(np.einsum, "np.einsum('i,j,k->ijk', x, y, z)", [{"x": rand((2,)), "y": rand((3,)), "z": rand((2,))}],
     label="three")
case(np.einsum, "np.einsum(x, [0, 1], y, [1, 2], [0, 2])", [{"x": rand(M), "y": rand((3, 2))}],
     label="sublist", ag=False)
case(np.einsum, "np.einsum('ij,ij->i', x, y, optimize=True)", [{"x": rand(M), "y": rand(M)}],
     label="optimize", ag=False)

case(np.multiply.outer, "np.multiply.outer(x, y) ** 2", [{"x": rand((3,)), "y": rand((2, 2))},
                                                       {"x": rand((2, 3)), "y": 0.7}],
     ag=False)
case(np.add.outer, "np.add.outer(x, y) ** 2", [{"x": rand((3,)), "y": rand((2, 2))},
                                             {"x": 0.4, "y": rand((3,))}], ag=False)
case(np.subtract.outer, "np.subtract.outer(x, y) ** 3", [{"x": rand((3,)), "y": rand((2,))}],
     ag="(x[:, None] - y[None, :]) ** 3")

globals().update(rule_tests(CASES, "tangentish.rules.numpy.products"))
