"""The rules of tangentish/rules/numpy/indexing.py: take, take_along_axis and sort (whose
gradient follows the permutation a stable argsort gives: tied elements keep their order)."""
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tests.rules.cases import CUBE, FSHAPES, MAT, SCALAR, VEC, C3, M, S, V, Case, CaseList, Inputs, fcase
from tests.rules.harness import rule_tests

I = Inputs(1234)
rand = I.rand


def f_take(x, w):
    return np.sum(np.take(x, [0, 2, 2]) * w) + np.sum(np.take(x, [1, 0], axis=-1) ** 2)


def f_take_twin(x, w):  # autograd's take has no axis support: the same by indexing
    return anp.sum(anp.ravel(x)[[0, 2, 2]] * w) + anp.sum(x[..., [1, 0]] ** 2)


CASES = CaseList()
CASES += [fcase(np.take, f_take, (rand(shape),), ag=f_take_twin) for shape in (VEC, MAT, CUBE)]

# -- the cases written as expressions ------------------------------------------------------------------
J = Inputs(20240611)
rand = J.rand
case = CASES.case

case(np.take, "np.take(x, [0, 2, 2])", [{"x": rand(V)}, {"x": rand(M)}], ag=False)
case(np.take, "np.take(x, [[1, 0], [1, 1]], axis=1)", [{"x": rand(M)}, {"x": rand(C3)}], label="axis", ag=False)
case(np.take_along_axis, "np.take_along_axis(x, np.argsort(x, axis=1), axis=1)", [{"x": rand(M)}], ag=False)
case(np.take_along_axis, "np.take_along_axis(x, np.array([[0, 0], [2, 1]]), axis=1)", [{"x": rand(M)}],
     label="repeats", ag=False)
case(np.sort, "np.sort(x)", [{"x": rand((5,))}])
case(np.sort, "np.sort(x)", [{"x": rand(M)}], label="2d", ag=False)  # autograd: 1-D only
case(np.sort, "np.sort(x, axis=0)", [{"x": rand(C3)}], label="axis0", ag=False)
case(np.sort, "np.sort(x, axis=None)", [{"x": rand(M)}], label="flat", ag=False)

for _k in (0, 3, 6):
    case(np.partition, f"np.partition(x, {_k})", [{"x": rand((7,))}], label=f"kth{_k}")
case(np.partition, "np.partition(x * y, 1, axis=0)", [{"x": rand((4, 3)), "y": rand((4, 3))}], label="axis0",
     ag=False)  # autograd: 1-D only
case(np.partition, "np.partition(x, (0, 2), axis=None)", [{"x": rand((2, 3))}], label="flat", ag=False)
case(np.select, "np.select([x > 0, y > 0.5], [x, y * x], default=1.1)",
     [{"x": rand(M), "y": rand(M)}], label="display")
case(np.select, "np.select([x > 0, y > 0.5], [x, 2.0], default=y)",
     [{"x": rand(M), "y": rand(M)}], label="default")
case(np.select, "np.select([x > 0], [y], default=x[0])", [{"x": rand(M), "y": rand((3,))}],
     label="broadcast")


globals().update(rule_tests(CASES, "tangentish.rules.numpy.indexing"))


def sorted_weighted(x):
    return np.sum(np.sort(x) * np.array([1.0, 2.0, 3.0, 4.0]))


def test_sort_ties_follow_a_stable_argsort():
    # sort: each slot follows the element a stable argsort put there
    np.testing.assert_allclose(tg.grad(sorted_weighted)(np.array([2.0, 1.0, 2.0, 0.0])), [3, 2, 4, 1])


def select_of_list(xs):
    """np.select of a list held in a variable (its cotangent: select_cotangents)."""
    return np.select([xs[0] > 0, xs[1] > 0], xs, default=0.5)


def test_select_of_a_list_variable():
    xs = [rand((3, 4)), rand((3, 4))]
    tg.check_grads(select_of_list, (xs,), order=2)
