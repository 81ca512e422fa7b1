"""The rules of tangentish/rules/numpy/joining.py: stack, concatenate, hstack / vstack /
dstack / column_stack, and the splits."""
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tests.rules.cases import CUBE, FSHAPES, MAT, SCALAR, VEC, C3, M, S, V, Case, CaseList, Inputs, fcase
from tests.rules.harness import rule_tests

I = Inputs(1234)
rand = I.rand
C4 = np.array([0.5, -1.0, 2.0, 0.25])


def f_stack(x, y, w):
    return np.sum(np.stack([x, y]) * w)


def f_stack_axis(x, y, w):
    return np.sum(np.stack([x, x * y, y], axis=-1) * w)


def f_stack_constant(x, w):
    return np.sum(np.stack([C4, x], axis=1) * w)


def f_concatenate(x, y, w):
    return np.sum(np.concatenate([x, y]) * w)


def f_concatenate_axis(x, y, w):
    return np.sum(np.concatenate([x, y, x], axis=-1) * w)


def f_concatenate_flat(x, y, w):
    return np.sum(np.concatenate([x, y], axis=None) * w)


def f_concatenate_flat_twin(x, y, w):
    return anp.sum(anp.concatenate([anp.reshape(x, -1), anp.reshape(y, -1)]) * w)


CASES = CaseList()
CASES += [fcase(np.stack, fn, (rand(shape), rand(shape)))
          for fn in (f_stack, f_stack_axis) for shape in (SCALAR, VEC, MAT)]
CASES += [fcase(np.stack, f_stack_constant, (rand(VEC),))]
CASES += [
    fcase(np.concatenate, f_concatenate, (rand(MAT), rand((2, 4)))),
    fcase(np.concatenate, f_concatenate, (rand(VEC), rand((2,)))),
    fcase(np.concatenate, f_concatenate_axis, (rand(MAT), rand((3, 2)))),
    fcase(np.concatenate, f_concatenate_axis, (rand(CUBE), rand((2, 3, 1)))),
    fcase(np.concatenate, f_concatenate_flat, (rand(MAT), rand((5,))), ag=f_concatenate_flat_twin),
]


# -- second order of compositions (no weight) ---------------------------------------------------------
K3 = np.array([0.5, -1.25, 2.0])


def s_stack(x):
    return np.sum(np.stack([np.sin(x * K3), x * K3], axis=1) ** 2 * np.array([1.0, 2.0]))


def s_concatenate(x):
    return np.sum(np.concatenate([np.sin(x * K3), x * K3 * x]) ** 2)


def m_join(x):
    return np.sum(np.stack([x, x * x], axis=-1) ** 2 * np.arange(2.0)) + np.sum(np.concatenate([x, x[:1]]) ** 3)


X34 = np.array([[0.3, -0.7, 1.2, 0.5], [0.1, 0.9, -0.4, 2.0], [1.5, -1.1, 0.6, 0.25]])
CASES += [Case(rule, fn, (x,), weighted=False, checks=("second_derivative",), label=f"x={x}")
          for rule, fn in [(np.stack, s_stack), (np.concatenate, s_concatenate)] for x in (0.7, -0.35)]
CASES += [Case(np.stack, m_join, (X34,), weighted=False, checks=("hvp_autograd",))]

# -- the cases written as expressions ------------------------------------------------------------------
J = Inputs(20240611)
rand = J.rand
case = CASES.case

for _f, _pairs in [(np.hstack, [(V, (2,)), (M, (2, 1)), (S, V)]),
                   (np.vstack, [(V, V), (M, (1, 3)), ((3,), (2, 3))]),
                   (np.dstack, [(M, M), (V, V), ((2, 3, 1), (2, 3, 2))]),
                   (np.column_stack, [(V, V), (M, (2, 1)), ((2,), (2, 3))])]:
    case(_f, f"np.{_f.__name__}([x, y])", [{"x": rand(a), "y": rand(b)} for a, b in _pairs])
case(np.hstack, "np.hstack((x, 2.0 * x, y))", [{"x": rand(V), "y": rand((2,))}], label="tuple-reuse")
case(np.split, "np.split(x, 2)[1] * np.split(x, 2)[0]", [{"x": rand((6,))}, {"x": rand((4, 3))}])
case(np.split, "np.split(x, [1, 3], axis=1)[2] + np.split(x, [1, 3], axis=1)[0]",
     [{"x": rand((2, 4))}], label="indices")
case(np.array_split, "np.array_split(x, 3)[2] ** 2", [{"x": rand((7,))}, {"x": rand((5, 2))}])
case(np.hsplit, "np.hsplit(x, 2)[1]", [{"x": rand((2, 4))}], label="2d")
case(np.hsplit, "np.hsplit(x, 2)[1]", [{"x": rand((6,))}], ag=False)  # autograd 1.9.1 joins 1-D parts on axis 1
case(np.vsplit, "np.vsplit(x, 2)[0]", [{"x": rand((4, 3))}])
case(np.dsplit, "np.dsplit(x, 2)[1]", [{"x": rand(C3)}])



# -- np.vstack / np.hstack with dtype= and casting= (numpy's own np.row_stack passes them)
def f_vstack_dtype_none(x, y, w):
    return np.sum(np.vstack((x, y), dtype=None, casting="same_kind") * w)


def f_hstack_dtype_name(x, y, w, dtype=None, casting="unsafe"):
    return np.sum(np.hstack([x, y * x], dtype=dtype, casting=casting) * w)


def row_stack_of(x, y):
    return np.vstack((x, y), dtype=None, casting="same_kind")


for _c in (fcase(np.vstack, f_vstack_dtype_none, (rand(M), rand((1, 3))), label="dtype", ag=False),
           fcase(np.hstack, f_hstack_dtype_name, (rand(V), rand(V)), label="dtype", ag=False)):
    _c.checks = _c.checks + ("second",)
    CASES.append(_c)


def vstack_int(x, y):
    return np.sum(np.vstack([x, y], dtype=np.int64, casting="unsafe") * x[0])


def hstack_float32(x, y):
    return np.sum(np.hstack([x, y], dtype=np.float32))


@pytest.mark.parametrize("fn", [vstack_int, hstack_float32])
@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_stack_with_a_dtype_refuses(fn, mode):
    """A dtype other than None is not modelled (an integer cast has no derivative, a float32
    cast rounds): refused in both modes, never a number."""
    with pytest.raises(tg.TransformError, match="dtype"):
        tg.check_grads(fn, (rand(V), rand(V)), order=1, modes=(mode,))


def test_row_stack_through_numpy_source():
    """np.row_stack's source calls vstack(tup, dtype=dtype, casting=casting)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        row_stack = getattr(np, "row_stack", None)
        if row_stack is None:
            pytest.skip("numpy without np.row_stack")
        tg.check_grads(lambda x, y: row_stack((x, y)), (rand(M), rand((1, 3))), order=2)
    tg.check_grads(row_stack_of, (rand(V), rand(V)), order=2)


globals().update(rule_tests(CASES, "tangentish.rules.numpy.joining"))
