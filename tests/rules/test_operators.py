"""The rules of tangentish/rules/operators.py: the Python operators (``x + y``, ``x ** y``,
``x @ y``, ``x[i]``, ...), with constant operands, an input used twice, broadcasting,
and the conventions: ``x % y`` has np.mod's gradient; grad refuses integer or boolean
inputs (for any argument it differentiates)."""
import autograd.numpy as anp
import numpy as np
import operator
import pytest

import tangentish as tg
from tests.rules.cases import CUBE, FPAIRS, FSHAPES, MAT, SCALAR, VEC, Case, CaseList, Inputs, fcase
from tests.rules.harness import rule_tests

I = Inputs(1234)
rand, positive, away_from_zero = I.rand, I.positive, I.away_from_zero


def f_neg_op(x, w):
    return np.sum(-x * w)


def f_pos_op(x, w):
    return np.sum(+x * w)


def f_pos_op_twin(x, w):  # autograd's ArrayBox has no unary +
    return anp.sum(x * w)


def f_add_op(x, y, w):
    return np.sum((x + y) * w)


def f_sub_op(x, y, w):
    return np.sum((x - y) * w)


def f_mul_op(x, y, w):
    return np.sum((x * y) * w)


def f_div_op(x, y, w):
    return np.sum((x / y) * w)


def f_pow_op(x, y, w):
    return np.sum((x ** y) * w)


def f_mod_op(x, y, w):
    return np.sum((x % y) * w)


def f_pow_const_exponent(x, w):
    return np.sum(x ** 3 * w)


def f_pow_const_base(x, w):
    return np.sum(2.0 ** x * w)


def f_rsub_rdiv_const(x, w):
    return np.sum((1.0 - x) * w + 2.0 / x)


def f_mul_self(x, w):
    return np.sum(x * x * w)


def f_div_by_scalar(x, s, w):
    return np.sum(x / s) * w


def f_normalize(x, w):
    return np.sum(x / np.sum(x) * w)


def f_matmul_op(x, y, w):
    return np.sum((x @ y) * w)


def f_matmul_of_transpose(x, y, w):
    return np.sum((x.T @ y).reshape(-1) * w)


def f_index_0(x, w):
    return np.sum(x[0] * w)


def f_index_col(x, w):
    return np.sum(x[:, 1] * w)


def f_slice_inner(x, w):
    return np.sum(x[1:-1] * w)


def f_index_repeats(x, w):
    return np.sum(x[[0, 0, 2]] * w)


def f_index_2d_repeats(x, w):
    return np.sum(x[[0, 2, 0], [1, 1, 3]] * w)


def f_index_element(x, w):
    return np.sum(x[1, -1] * w)


def f_slice_step(x, w):
    return np.sum(x[::-2] * w)


def f_index_ellipsis(x, w):
    return np.sum(x[..., 1:3] * w)


def f_index_newaxis(x, w):
    return np.sum(x[None, 1:] * w)


def f_index_mask(x, w):
    return np.sum(x[x > 0.0] * w)


def f_index_twice(x, w):
    return np.sum((x[0] + x[0] * x[1]) * w)


CASES = CaseList()
UNARY = [(operator.neg, f_neg_op, rand), (operator.pos, f_pos_op, rand),
         (operator.pow, f_pow_const_exponent, rand), (operator.pow, f_pow_const_base, rand),
         (operator.sub, f_rsub_rdiv_const, positive), (operator.mul, f_mul_self, rand)]
BINARY = [(operator.add, f_add_op, rand, rand), (operator.sub, f_sub_op, rand, rand),
          (operator.mul, f_mul_op, rand, rand), (operator.truediv, f_div_op, rand, positive),
          (operator.pow, f_pow_op, positive, rand),
          (operator.mod, f_mod_op, lambda s: rand(s, 0.1, 0.9), lambda s: rand(s, 1.1, 1.9))]
CASES += [fcase(rule, fn, (gen(shape),), ag=f_pos_op_twin if fn is f_pos_op else True)
          for rule, fn, gen in UNARY for shape in FSHAPES]
CASES += [fcase(rule, fn, (gx(sx), gy(sy))) for rule, fn, gx, gy in BINARY for sx, sy in FPAIRS]
CASES += [
    fcase(operator.truediv, f_div_by_scalar, (rand(MAT), 1.7)),
    fcase(operator.truediv, f_div_by_scalar, (rand(CUBE), np.float64(0.8))),
    fcase(operator.truediv, f_normalize, (positive(VEC),)),
    fcase(operator.truediv, f_normalize, (positive(MAT),)),
]
MATMUL_PAIRS = [((3, 4), (4, 2)), ((4,), (4, 3)), ((3, 4), (4,)), ((4,), (4,)),
                ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (4,)),
                ((4,), (2, 4, 3)), ((1, 3, 4), (2, 4, 5))]
CASES += [fcase(operator.matmul, f_matmul_op, (rand(sx), rand(sy))) for sx, sy in MATMUL_PAIRS]
CASES += [fcase(operator.matmul, f_matmul_of_transpose, (rand((4, 3)), rand((4, 2))))]
CASES += [fcase(operator.getitem, fn, (rand(shape),)) for fn, shapes in [
    (f_index_0, [VEC, MAT, CUBE]), (f_index_col, [MAT, CUBE]), (f_slice_inner, [VEC, MAT, CUBE]),
    (f_index_repeats, [VEC, MAT, (3, 2, 4)]), (f_index_2d_repeats, [MAT, (3, 4, 2)]),
    (f_index_element, [MAT, CUBE]), (f_slice_step, [VEC, MAT]), (f_index_ellipsis, [VEC, CUBE]),
    (f_index_newaxis, [VEC, MAT]), (f_index_mask, [VEC, MAT]), (f_index_twice, [VEC, MAT, CUBE]),
] for shape in shapes]


# -- second order of compositions (no weight) ---------------------------------------------------------
K3 = np.array([0.5, -1.25, 2.0])
A23 = np.array([[0.3, -0.7, 1.1], [0.9, 0.2, -0.4]])


def s_mul(x):
    return x * x * x


def s_div(x):
    return 1.0 / (1.0 + x * x)


def s_pow(x):
    return (x + 2.0) ** 2.5 + 1.5 ** x


def s_index(x):
    v = np.sin(x * K3)
    return v[0] * v[2] + v[[1, 1]] @ v[1:]


def s_matmul(x):
    return np.sum((x * A23) @ np.cos(x * K3) * np.array([1.0, 2.0]))


def h_quadratic_form(x):
    return x @ (A23.T @ A23) @ x + np.sum(x * K3)


def m_index(x):
    return np.sum(x[[0, 0, 2], 1:] ** 2 * x[:, :3].T) + np.sum(x[x > 0.0] ** 3)


def v_div_pow(x, y):
    return x / y + x ** y


def v_matmul(x, y):
    return x @ y


def v_index(x):
    return x[[0, 0, 2], 1:]


X34 = np.array([[0.3, -0.7, 1.2, 0.5], [0.1, 0.9, -0.4, 2.0], [1.5, -1.1, 0.6, 0.25]])
CASES += [Case(rule, fn, (x,), weighted=False, checks=("second_derivative",), label=f"x={x}")
          for rule, fn in [(operator.mul, s_mul), (operator.truediv, s_div), (operator.pow, s_pow),
                           (operator.getitem, s_index), (operator.matmul, s_matmul)]
          for x in (0.7, -0.35)]
CASES += [Case(operator.matmul, h_quadratic_form, (np.array([0.3, -0.8, 1.4]),), weighted=False,
               checks=("hvp_autograd",)),
          Case(operator.getitem, m_index, (X34,), weighted=False, checks=("hvp_autograd",))]
CASES += [Case(operator.truediv, v_div_pow, (positive((3, 1)), positive((1, 4))), weighted=False, checks=("vjp",)),
          Case(operator.matmul, v_matmul, (rand((2, 3, 4)), rand((4, 5))), weighted=False, checks=("vjp",)),
          Case(operator.matmul, v_matmul, (rand(VEC), rand((4, 3))), weighted=False, checks=("vjp",)),
          Case(operator.getitem, v_index, (rand(MAT),), weighted=False, checks=("vjp",))]

globals().update(rule_tests(CASES, "tangentish.rules.operators"))


# -- conventions ----------------------------------------------------------------------------------------
def times_three(x):
    return np.sum(x * 3.0)


def two_args(x, y):
    return np.sum(x * y)


@pytest.mark.parametrize("value", [3, np.int64(3), np.arange(3), True, np.array([True, False])],
                         ids=["int", "np.int64", "int-array", "bool", "bool-array"])
def test_integer_inputs_raise_type_error(value):
    with pytest.raises(TypeError, match="integer or boolean"):
        tg.grad(times_three)(value)


def test_integer_input_raises_type_error_for_any_wrt_argument():
    with pytest.raises(TypeError, match="'y'"):
        tg.grad(two_args, wrt=(0, 1))(np.ones(3), np.arange(3))
    # ... but an integer argument that is not differentiated is fine.
    np.testing.assert_array_equal(tg.grad(two_args, wrt=0)(np.ones(3), np.arange(3)), [0.0, 1.0, 2.0])


def mod_operator(x, y):
    return np.sum(x % y)


def test_mod_operator_has_the_np_mod_gradient():
    """operators.py declares operator.mod (x % y) nondiff; np.mod's rule (1 in x,
    -floor(x / y) in y) applies to it: a silent zero gradient today."""
    dx, dy = tg.grad(mod_operator, wrt=(0, 1))(np.array([0.5, 3.1]), np.array([2.0, 2.0]))
    np.testing.assert_allclose(dx, [1.0, 1.0])
    np.testing.assert_allclose(dy, [0.0, -1.0])


