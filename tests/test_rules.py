"""Every differentiable rule of the rule table, checked against finite differences and autograd.

Each rule gets a small function ``f_<rule>(..., w)`` that applies it and
returns ``np.sum(<result> * w)``: fixed random weights ``w`` (shaped like the
result, so a transposed or misplaced cotangent shows) make it scalar.  The
functions are written once, with numpy as ``np``; the autograd twin is the
same code object run with ``np`` bound to ``autograd.numpy`` (see
``autograd_version``), or an explicit twin where autograd lacks a method.

Conventions pinned down here (each has a dedicated test):
  * max/min reductions share the derivative equally among ties;
  * np.maximum / np.minimum give the whole derivative to the first argument on ties;
  * np.clip at a bound gives the derivative to ``a``; np.prod is exact with zeros;
  * sqrt at 0 has an infinite derivative; abs at 0 has derivative 0;
  * np.where zeroes the cotangent of the unselected branch, so a NaN *value*
    there does not leak into the gradient;
  * grad refuses integer / boolean inputs with TypeError.
"""
import dataclasses
import operator
import types
import warnings

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad as agrad

import tangentish as tg
from tests.corpus.helpers import assert_grad_matches_fd, assert_vjp_matches_fd, numerical_grad
from tangentish.rules import RULES

RNG = np.random.default_rng(1234)
SCALAR, VEC, MAT, CUBE = (), (4,), (3, 4), (2, 3, 4)
SHAPES = [SCALAR, VEC, MAT, CUBE]
# (x shape, y shape) for every binary operator: same shapes, then broadcasting.
PAIRS = [(SCALAR, SCALAR), (VEC, VEC), (MAT, MAT), (CUBE, CUBE),
         ((3, 1), (1, 4)), ((4,), (3, 4)), ((3, 4), (4,)), (SCALAR, MAT), (MAT, SCALAR),
         ((2, 1, 4), (3, 1))]


def rand(shape, lo=-1.5, hi=1.5):
    """Uniform random input; shape () gives a python float."""
    value = RNG.uniform(lo, hi, size=shape)
    return float(value) if shape == () else value


def positive(shape):
    return rand(shape, 0.5, 2.0)


def away_from_zero(shape, lo=0.2, hi=1.5):
    sign = RNG.choice([-1.0, 1.0], size=shape)
    return float(sign * rand(shape, lo, hi)) if shape == () else sign * rand(shape, lo, hi)


def near_one(shape):
    """For products of many elements: |value| in [0.7, 1.4]."""
    return away_from_zero(shape, 0.7, 1.4)


# -- the functions under test --------------------------------------------------------------
# Unary.
def f_sin(x, w):
    return np.sum(np.sin(x) * w)


def f_cos(x, w):
    return np.sum(np.cos(x) * w)


def f_tan(x, w):
    return np.sum(np.tan(x) * w)


def f_exp(x, w):
    return np.sum(np.exp(x) * w)


def f_log(x, w):
    return np.sum(np.log(x) * w)


def f_sqrt(x, w):
    return np.sum(np.sqrt(x) * w)


def f_tanh(x, w):
    return np.sum(np.tanh(x) * w)


def f_abs(x, w):
    return np.sum(np.abs(x) * w)


def f_sign(x, w):
    return np.sum(np.sign(x) * x * w)


def f_square(x, w):
    return np.sum(np.square(x) * w)


def f_negative(x, w):
    return np.sum(np.negative(x) * w)


def f_neg_op(x, w):
    return np.sum(-x * w)


def f_pos_op(x, w):
    return np.sum(+x * w)


def f_pos_op_twin(x, w):  # autograd's ArrayBox has no unary +
    return anp.sum(x * w)


# Binary operators and their numpy spellings.
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


def f_np_add(x, y, w):
    return np.sum(np.add(x, y) * w)


def f_np_subtract(x, y, w):
    return np.sum(np.subtract(x, y) * w)


def f_np_multiply(x, y, w):
    return np.sum(np.multiply(x, y) * w)


def f_np_divide(x, y, w):
    return np.sum(np.divide(x, y) * w)


def f_np_power(x, y, w):
    return np.sum(np.power(x, y) * w)


def f_np_maximum(x, y, w):
    return np.sum(np.maximum(x, y) * w)


def f_np_minimum(x, y, w):
    return np.sum(np.minimum(x, y) * w)


# A few operator variants: constant operands, one input used twice, scalar normalisers.
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


# Products.
def f_matmul_op(x, y, w):
    return np.sum((x @ y) * w)


def f_np_matmul(x, y, w):
    return np.sum(np.matmul(x, y) * w)


def f_np_dot(x, y, w):
    return np.sum(np.dot(x, y) * w)


def f_dot_method(x, y, w):
    return np.sum(x.dot(y) * w)


def f_dot_method_twin(x, y, w):  # autograd's ArrayBox has no .dot method
    return anp.sum(anp.dot(x, y) * w)


# Indexing and slicing (reads).
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


# where.
def f_where(mask, x, y, w):
    return np.sum(np.where(mask, x, y) * w)


def f_where_twin(mask, x, y, w):  # autograd's np.where does not unbroadcast its cotangents
    shape = np.broadcast_shapes(np.shape(mask), np.shape(x), np.shape(y))
    return anp.sum(anp.where(mask, x + anp.zeros(shape), y + anp.zeros(shape)) * w)


def f_where_computed_condition(x, y, w):
    return np.sum(np.where(x > y, x * y, np.sin(y)) * w)


# Reductions, axis and keepdims passed as (non-differentiated) arguments ...
def f_sum(x, axis, keepdims, w):
    return np.sum(np.sum(x, axis=axis, keepdims=keepdims) * w)


def f_mean(x, axis, keepdims, w):
    return np.sum(np.mean(x, axis=axis, keepdims=keepdims) * w)


def f_max(x, axis, keepdims, w):
    return np.sum(np.max(x, axis=axis, keepdims=keepdims) * w)


def f_min(x, axis, keepdims, w):
    return np.sum(np.min(x, axis=axis, keepdims=keepdims) * w)


def f_amax(x, axis, keepdims, w):
    return np.sum(np.amax(x, axis=axis, keepdims=keepdims) * w)


def f_amin(x, axis, keepdims, w):
    return np.sum(np.amin(x, axis=axis, keepdims=keepdims) * w)


def f_sum_method(x, axis, keepdims, w):
    return np.sum(x.sum(axis=axis, keepdims=keepdims) * w)


def f_mean_method(x, axis, keepdims, w):
    return np.sum(x.mean(axis=axis, keepdims=keepdims) * w)


def f_max_method(x, axis, keepdims, w):
    return np.sum(x.max(axis=axis, keepdims=keepdims) * w)


def f_min_method(x, axis, keepdims, w):
    return np.sum(x.min(axis=axis, keepdims=keepdims) * w)


def f_prod(x, axis, keepdims, w):
    return np.sum(np.prod(x, axis=axis, keepdims=keepdims) * w)


REDUCTIONS = [f_sum, f_mean, f_max, f_min, f_amax, f_amin,
              f_sum_method, f_mean_method, f_max_method, f_min_method, f_prod]
AXES = {VEC: [None, 0, -1],
        MAT: [None, 0, 1, -1, (0, 1)],
        CUBE: [None, 0, 1, -1, (0, 2), (-1, 0), (0, 1, 2), ()]}


# ... and written literally, positionally or as keywords.
def f_sum_literal_axes(x, w):
    return np.sum(np.sum(x, axis=(0, 2), keepdims=True) * w)


def f_max_positional_axis(x, w):
    return np.sum(np.max(x, 1) * w)


def f_mean_method_positional(x, w):
    return np.sum(x.mean(0) * w)


def f_min_method_negative(x, w):
    return np.sum(x.min(axis=-1) * w)


def f_amin_negative(x, w):
    return np.sum(np.amin(x, axis=-2, keepdims=True) * w)


def f_sum_of_sum(x, w):
    return np.sum(x.sum(-1).sum(0) * w)


# Shape.
def f_transpose(x, w):
    return np.sum(np.transpose(x) * w)


def f_transpose_axes(x, w):
    return np.sum(np.transpose(x, (1, 2, 0)) * w)


def f_transpose_axes_kw(x, w):
    return np.sum(np.transpose(x, axes=(2, 0, 1)) * w)


def f_transpose_negative_axes(x, w):
    return np.sum(np.transpose(x, (-1, 0, -2)) * w)


def f_transpose_negative_axes_twin(x, w):  # autograd mis-inverts negative axes
    return anp.sum(anp.transpose(x, (2, 0, 1)) * w)


def f_dot_T(x, w):
    return np.sum(x.T * w)


def f_transpose_method(x, w):
    return np.sum(x.transpose() * w)


def f_transpose_method_varargs(x, w):
    return np.sum(x.transpose(1, 2, 0) * w)


def f_transpose_method_varargs_twin(x, w):  # autograd's .transpose() takes no varargs
    return anp.sum(anp.transpose(x, (1, 2, 0)) * w)


def f_transpose_method_tuple(x, w):
    return np.sum(x.transpose((2, 0, 1)) * w)


def f_reshape(x, w):
    return np.sum(np.reshape(x, (4, 6)) * w)


def f_reshape_method_varargs(x, w):
    return np.sum(x.reshape(6, 4) * w)


def f_reshape_method_flat(x, w):
    return np.sum(x.reshape(-1) * w)


def f_reshape_method_tuple(x, w):
    return np.sum(x.reshape((2, -1)) * w)


def f_swapaxes(x, w):
    return np.sum(np.swapaxes(x, 0, 2) * w)


def f_swapaxes_method(x, w):
    return np.sum(x.swapaxes(1, -1) * w)


# clip.
def f_clip(x, w):
    return np.sum(np.clip(x, -0.5, 0.6) * w)


def f_clip_one_sided(x, w):
    return np.sum((np.clip(x, None, 0.6) + np.clip(x, -0.5, None)) * w)


def f_clip_bounds(x, lo, hi, w):
    return np.sum(np.clip(x, lo, hi) * w)


def f_clip_bounds_twin(x, lo, hi, w):  # autograd has no derivative wrt clip's bounds
    return anp.sum(anp.minimum(anp.maximum(x, lo), hi) * w)


# take, copy.
def f_take(x, w):
    return np.sum(np.take(x, [0, 2, 2]) * w) + np.sum(np.take(x, [1, 0], axis=-1) ** 2)


def f_take_twin(x, w):  # autograd's take has no axis support: the same by indexing
    return anp.sum(anp.ravel(x)[[0, 2, 2]] * w) + anp.sum(x[..., [1, 0]] ** 2)


def f_copy(x, w):
    y = np.copy(x)
    return np.sum(y * x * w)


def f_copy_method(x, w):
    return np.sum(x.copy() * x * w)


def f_copy_twin(x, w):  # autograd has no derivative for copy (it is the identity)
    return anp.sum(x * x * w)


# Joining.
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


C4 = np.array([0.5, -1.0, 2.0, 0.25])


def f_matmul_of_transpose(x, y, w):
    return np.sum((x.T @ y).reshape(-1) * w)


# -- the cases --------------------------------------------------------------------------------
@dataclasses.dataclass
class Case:
    """``fn(*args, w)``, differentiated with respect to the arguments in ``wrt``."""
    fn: types.FunctionType
    args: tuple
    wrt: object = 0                # an index or a tuple of indices, passed to tg.grad as is
    twin: types.FunctionType = None  # explicit autograd version, when rebinding np is not enough
    label: str = ""

    def __str__(self):
        shapes = "x".join(str(np.shape(a)) for a in self.args
                          if isinstance(a, (float, np.ndarray)) and np.asarray(a).dtype.kind == "f")
        return f"{self.fn.__name__}{self.label}[{shapes}]"

    @property
    def wrt_tuple(self):
        return self.wrt if isinstance(self.wrt, tuple) else (self.wrt,)

    def full_args(self):
        return (*self.args, weights_for(self.fn, self.args))


class _ShapeProbe:
    """Stands in for ``w`` to record the shape of what it multiplies."""
    __array_ufunc__ = None  # make numpy defer ``array * probe`` to __rmul__
    shape = None

    def __rmul__(self, other):
        self.shape = np.shape(other)
        return 0.0


def weights_for(fn, args):
    """Fixed random weights shaped like the value ``fn`` sums (a float for a scalar)."""
    probe = _ShapeProbe()
    with np.errstate(all="ignore"):
        fn(*args, probe)
    w = np.random.default_rng(7).normal(size=probe.shape)
    return float(w) if probe.shape == () else w


UNARY = [(f_sin, rand), (f_cos, rand), (f_tan, lambda s: rand(s, -1.0, 1.0)), (f_exp, rand),
         (f_log, positive), (f_sqrt, positive), (f_tanh, rand), (f_abs, away_from_zero), (f_sign, away_from_zero),
         (f_square, rand), (f_negative, rand), (f_neg_op, rand), (f_pos_op, rand),
         (f_pow_const_exponent, rand), (f_pow_const_base, rand), (f_rsub_rdiv_const, positive),
         (f_mul_self, rand)]
# Binary: (function, generator for x, generator for y).
BINARY = [(f_add_op, rand, rand), (f_sub_op, rand, rand), (f_mul_op, rand, rand),
          (f_div_op, rand, positive), (f_pow_op, positive, rand),
          (f_mod_op, lambda s: rand(s, 0.1, 0.9), lambda s: rand(s, 1.1, 1.9)),
          (f_np_add, rand, rand), (f_np_subtract, rand, rand), (f_np_multiply, rand, rand),
          (f_np_divide, rand, positive), (f_np_power, positive, rand),
          (f_np_maximum, rand, rand), (f_np_minimum, rand, rand)]

CASES = [Case(fn, (gen(shape),), twin=f_pos_op_twin if fn is f_pos_op else None)
         for fn, gen in UNARY for shape in SHAPES]
CASES += [Case(fn, (gx(sx), gy(sy)), wrt=(0, 1)) for fn, gx, gy in BINARY for sx, sy in PAIRS]
CASES += [
    Case(f_div_by_scalar, (rand(MAT), 1.7), wrt=(0, 1)),
    Case(f_div_by_scalar, (rand(CUBE), np.float64(0.8)), wrt=(0, 1)),
    Case(f_normalize, (positive(VEC),)),
    Case(f_normalize, (positive(MAT),)),
]
MATMUL_PAIRS = [((3, 4), (4, 2)), ((4,), (4, 3)), ((3, 4), (4,)), ((4,), (4,)),
                ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 5)), ((2, 3, 4), (4,)),
                ((4,), (2, 4, 3)), ((1, 3, 4), (2, 4, 5))]
DOT_PAIRS = MATMUL_PAIRS[:4]
CASES += [Case(fn, (rand(sx), rand(sy)), wrt=(0, 1)) for fn in (f_matmul_op, f_np_matmul)
          for sx, sy in MATMUL_PAIRS]
CASES += [Case(f_np_dot, (rand(sx), rand(sy)), wrt=(0, 1)) for sx, sy in DOT_PAIRS + [(SCALAR, MAT)]]
CASES += [Case(f_dot_method, (rand(sx), rand(sy)), wrt=(0, 1), twin=f_dot_method_twin)
          for sx, sy in DOT_PAIRS]
CASES += [Case(f_matmul_of_transpose, (rand((4, 3)), rand((4, 2))), wrt=(0, 1))]
CASES += [Case(fn, (rand(shape),)) for fn, shapes in [
    (f_index_0, [VEC, MAT, CUBE]), (f_index_col, [MAT, CUBE]), (f_slice_inner, [VEC, MAT, CUBE]),
    (f_index_repeats, [VEC, MAT, (3, 2, 4)]), (f_index_2d_repeats, [MAT, (3, 4, 2)]),
    (f_index_element, [MAT, CUBE]), (f_slice_step, [VEC, MAT]), (f_index_ellipsis, [VEC, CUBE]),
    (f_index_newaxis, [VEC, MAT]), (f_index_mask, [VEC, MAT]), (f_index_twice, [VEC, MAT, CUBE]),
] for shape in shapes]
MASK = RNG.uniform(size=MAT) > 0.5
CASES += [Case(f_where, args, wrt=(1, 2), twin=f_where_twin, label=label) for label, args in [
    ("", (MASK, rand(MAT), rand(MAT))),
    ("-scalar-y", (MASK, rand(MAT), 0.5)),
    ("-broadcast-x", (MASK, rand(VEC), rand(MAT))),
    ("-broadcast-mask", (MASK[0], rand(MAT), rand((3, 1)))),
    ("-scalars", (MASK[0, 0], 0.3, -0.8)),
]]
CASES += [Case(f_where_computed_condition, (rand(MAT), rand(MAT)), wrt=(0, 1))]
CASES += [Case(fn, ((near_one if fn is f_prod else rand)(shape), axis, keepdims),
               label=f"-axis={axis}-keepdims={keepdims}")
          for fn in REDUCTIONS for shape, axes in AXES.items() for axis in axes
          for keepdims in (False, True)]
CASES += [Case(fn, (rand(shape),)) for fn in (f_clip, f_clip_one_sided) for shape in SHAPES]
CASES += [Case(f_clip_bounds, args, wrt=(0, 1, 2), twin=f_clip_bounds_twin) for args in [
    (rand(MAT), rand((3, 1), -1.5, -0.2), rand(VEC, 0.2, 1.5)),
    (rand(VEC), rand(MAT, -1.5, -0.2), 0.4),
]]
CASES += [Case(fn, (rand(shape), rand(shape)), wrt=(0, 1))
          for fn in (f_stack, f_stack_axis) for shape in (SCALAR, VEC, MAT)]
CASES += [Case(f_stack_constant, (rand(VEC),))]
CASES += [Case(f_take, (rand(shape),), twin=f_take_twin) for shape in (VEC, MAT, CUBE)]
CASES += [Case(fn, (rand(shape),), twin=f_copy_twin) for fn in (f_copy, f_copy_method)
          for shape in (VEC, MAT)]
CASES += [
    Case(f_concatenate, (rand(MAT), rand((2, 4))), wrt=(0, 1)),
    Case(f_concatenate, (rand(VEC), rand((2,))), wrt=(0, 1)),
    Case(f_concatenate_axis, (rand(MAT), rand((3, 2))), wrt=(0, 1)),
    Case(f_concatenate_axis, (rand(CUBE), rand((2, 3, 1))), wrt=(0, 1)),
    Case(f_concatenate_flat, (rand(MAT), rand((5,))), wrt=(0, 1), twin=f_concatenate_flat_twin),
]
CASES += [Case(fn, (rand(CUBE),)) for fn in (
    f_sum_literal_axes, f_max_positional_axis, f_mean_method_positional, f_min_method_negative,
    f_amin_negative, f_sum_of_sum, f_transpose, f_transpose_axes, f_transpose_axes_kw, f_dot_T,
    f_transpose_method, f_transpose_method_tuple, f_reshape,
    f_reshape_method_varargs, f_reshape_method_flat, f_reshape_method_tuple, f_swapaxes,
    f_swapaxes_method)]
CASES += [Case(f_transpose_method_varargs, (rand(CUBE),), twin=f_transpose_method_varargs_twin),
          Case(f_transpose_negative_axes, (rand(CUBE),), twin=f_transpose_negative_axes_twin)]
CASES += [Case(fn, (rand(shape),)) for fn in (f_transpose, f_dot_T, f_transpose_method)
          for shape in (VEC, MAT)]
CASES += [Case(f_max, (rand(SCALAR), None, False)), Case(f_sum, (rand(SCALAR), None, False))]

# Which function exercises each rule; test_every_rule_is_tested keeps this complete.
RULE_TESTS = {
    operator.add: f_add_op, operator.sub: f_sub_op, operator.mul: f_mul_op,
    operator.truediv: f_div_op, operator.pow: f_pow_op, operator.neg: f_neg_op,
    operator.mod: f_mod_op,
    operator.pos: f_pos_op, operator.matmul: f_matmul_op, operator.getitem: f_index_repeats,
    np.sin: f_sin, np.cos: f_cos, np.tan: f_tan, np.exp: f_exp, np.log: f_log, np.sqrt: f_sqrt,
    np.tanh: f_tanh, np.abs: f_abs, np.sign: f_sign, np.square: f_square, np.negative: f_negative,
    np.add: f_np_add, np.subtract: f_np_subtract, np.multiply: f_np_multiply,
    np.divide: f_np_divide, np.power: f_np_power, np.maximum: f_np_maximum,
    np.minimum: f_np_minimum, np.where: f_where, np.sum: f_sum, np.mean: f_mean, np.max: f_max,
    np.min: f_min, np.amax: f_amax, np.amin: f_amin, np.dot: f_np_dot, np.matmul: f_np_matmul,
    np.transpose: f_transpose_axes, np.reshape: f_reshape, np.swapaxes: f_swapaxes,
    np.prod: f_prod, np.clip: f_clip_bounds, np.stack: f_stack_axis, np.concatenate: f_concatenate_axis,
    np.take: f_take, np.copy: f_copy,
}


def autograd_version(case):
    """The case's function with ``np`` bound to autograd.numpy (same code object)."""
    if case.twin is not None:
        return case.twin
    fn = case.fn
    return types.FunctionType(fn.__code__, dict(fn.__globals__, np=anp), fn.__name__,
                              fn.__defaults__, fn.__closure__)


def test_every_rule_is_tested():
    """Every differentiable numpy / operator rule in the table has a function in RULE_TESTS
    (the runtime helpers' rules are exercised by the second-order tests), or a case in
    tests/test_coverage_rules.py (the rules of issue 6 share the families' modules)."""
    from tests.test_coverage_rules import CASES as ISSUE6_CASES
    core = tuple(f"tangentish.rules.numpy.{m}" for m in (
        "elementwise", "reductions", "shape", "indexing", "joining", "products", "sampling")) + (
        "tangentish.rules.operators",)
    differentiable = {r.primitive for r in RULES if not r.nondiff and r.module in core}
    issue6 = {c.rule[0] if isinstance(c.rule, tuple) else c.rule for c in ISSUE6_CASES}
    assert differentiable - set(RULE_TESTS) - issue6 == set(), "rules without a test in RULE_TESTS"
    tested = {c.fn for c in CASES}
    assert set(RULE_TESTS.values()) <= tested


@pytest.mark.parametrize("case", CASES, ids=str)
def test_grad_matches_finite_differences(case):
    assert_grad_matches_fd(case.fn, case.full_args(), wrt=case.wrt)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_grad_matches_autograd(case):
    args = case.full_args()
    got = tg.grad(case.fn, wrt=case.wrt)(*args)
    got = got if isinstance(case.wrt, tuple) else (got,)
    twin = autograd_version(case)
    for i, g in zip(case.wrt_tuple, got):
        expected = agrad(twin, i)(*args)
        assert np.shape(g) == np.shape(expected)
        np.testing.assert_allclose(g, expected, rtol=1e-10, atol=1e-12, err_msg=f"argument {i}")


# -- VJPs of array-valued functions --------------------------------------------------------------
def v_sin_mul(x, y):
    return np.sin(x) * y


def v_div_pow(x, y):
    return x / y + x ** y


def v_matmul(x, y):
    return x @ y


def v_index(x):
    return x[[0, 0, 2], 1:]


def v_reduce(x):
    return np.max(x, axis=1, keepdims=True) + np.mean(x, axis=(0, 2), keepdims=True)


def v_shape(x):
    return np.swapaxes(np.transpose(x, (2, 0, 1)).reshape(4, 6), 0, 1)


def v_where_maximum(x, y):
    return np.where(x > 0.0, np.maximum(x, y), np.minimum(x * y, y))


VJP_CASES = [
    (v_sin_mul, (rand(MAT), rand(VEC))),
    (v_sin_mul, (0.4, rand(MAT))),
    (v_div_pow, (positive((3, 1)), positive((1, 4)))),
    (v_matmul, (rand((2, 3, 4)), rand((4, 5)))),
    (v_matmul, (rand(VEC), rand((4, 3)))),
    (v_index, (rand(MAT),)),
    (v_reduce, (rand(CUBE),)),
    (v_shape, (rand(CUBE),)),
    (v_where_maximum, (rand(MAT), rand(MAT))),
]


@pytest.mark.parametrize("fn, args", VJP_CASES, ids=[f.__name__ for f, _ in VJP_CASES])
def test_vjp_matches_finite_differences(fn, args):
    assert_vjp_matches_fd(fn, args)


# -- conventions and edge cases ----------------------------------------------------------------
def max_all(x):
    return np.max(x)


def min_rows(x):
    return np.sum(np.min(x, axis=1) * np.array([1.0, 10.0]))


def amax_method_keepdims(x):
    return np.sum(x.max(axis=0, keepdims=True))


def maximum_pair(x, y):
    return np.sum(np.maximum(x, y))


def minimum_pair(x, y):
    return np.sum(np.minimum(x, y))


def relu(x):
    return np.sum(np.maximum(x, 0.0))


def test_max_min_reductions_share_ties_equally():
    """Ties in max/min reductions split the derivative equally (like JAX and autograd)."""
    x = np.array([1.0, 3.0, 3.0, 2.0])
    np.testing.assert_array_equal(tg.grad(max_all)(x), [0.0, 0.5, 0.5, 0.0])
    x2 = np.array([[1.0, 1.0, 1.0], [0.0, 4.0, 0.0]])
    np.testing.assert_array_equal(tg.grad(min_rows)(x2), [[1 / 3, 1 / 3, 1 / 3], [5.0, 0.0, 5.0]])
    x3 = np.array([[2.0, 5.0], [2.0, 1.0], [0.0, 5.0]])
    np.testing.assert_array_equal(tg.grad(amax_method_keepdims)(x3), [[0.5, 0.5], [0.5, 0.0], [0.0, 0.5]])


def test_maximum_minimum_ties_go_to_first_argument():
    """np.maximum / np.minimum: on ties the whole derivative goes to the first argument
    (autograd and JAX split it 0.5 / 0.5 instead)."""
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([1.0, 0.0, 3.0])
    for fn in (maximum_pair, minimum_pair):
        dx, dy = tg.grad(fn, wrt=(0, 1))(x, y)
        np.testing.assert_array_equal(dx + dy, [1.0, 1.0, 1.0])
        np.testing.assert_array_equal(dx[[0, 2]], [1.0, 1.0])
        np.testing.assert_array_equal(dy[[0, 2]], [0.0, 0.0])
    # Consequently relu written as np.maximum(x, 0.0) has derivative 1 at 0.
    np.testing.assert_array_equal(tg.grad(relu)(np.array([-1.0, 0.0, 2.0])), [0.0, 1.0, 1.0])


def clip_sum(x, lo, hi):
    return np.sum(np.clip(x, lo, hi))


def test_clip_at_its_bounds_gives_the_derivative_to_a():
    x = np.array([-0.5, 0.6, 0.1, -2.0, 3.0])
    dx, dlo, dhi = tg.grad(clip_sum, wrt=(0, 1, 2))(x, -0.5, 0.6)
    np.testing.assert_array_equal(dx, [1.0, 1.0, 1.0, 0.0, 0.0])
    assert (dlo, dhi) == (1.0, 1.0)


def prod_all(x):
    return np.prod(x)


def prod_rows(x):
    return np.sum(np.prod(x, axis=1) * np.array([1.0, 10.0]))


def test_prod_with_zeros_is_exact():
    """np.prod's derivative is the product of the other elements, also where some are 0."""
    np.testing.assert_array_equal(tg.grad(prod_all)(np.array([2.0, 0.0, 3.0])), [0.0, 6.0, 0.0])
    np.testing.assert_array_equal(tg.grad(prod_all)(np.array([0.0, 0.0, 3.0])), [0.0, 0.0, 0.0])
    x = np.array([[0.0, 2.0, 5.0], [1.5, -1.0, 2.0]])
    np.testing.assert_array_equal(tg.grad(prod_rows)(x), [[10.0, 0.0, 0.0], [-20.0, 30.0, -15.0]])


def sqrt_sum(x):
    return np.sum(np.sqrt(x))


def abs_sum(x):
    return np.sum(np.abs(x))


def test_sqrt_at_zero_has_infinite_derivative():
    with np.errstate(divide="ignore"):
        g = tg.grad(sqrt_sum)(np.array([0.0, 4.0]))
    assert g[0] == np.inf
    assert g[1] == 0.25


def test_abs_at_zero_has_zero_derivative():
    np.testing.assert_array_equal(tg.grad(abs_sum)(np.array([-2.0, 0.0, 3.0])), [-1.0, 0.0, 1.0])


def where_log(x):
    return np.sum(np.where(x > 0.0, np.log(x), x))


def where_nan_branch(x, y):
    return np.sum(np.where(x > 0.0, x * y, x + np.nan))


def test_where_nan_value_in_unselected_branch_gives_finite_gradient():
    """The unselected branch's value is NaN (log of a negative; ``x + nan``) but its
    derivative wrt x is finite, and np.where sends it an exact zero: no NaN leaks."""
    x = np.array([-2.0, 0.5, 3.0, -0.1])
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        g = tg.grad(where_log)(x)
        dx, dy = tg.grad(where_nan_branch, wrt=(0, 1))(np.array([0.5, 3.0]), np.array([2.0, -1.0]))
    np.testing.assert_allclose(g, [1.0, 2.0, 1 / 3, 1.0])
    np.testing.assert_array_equal(dx, [2.0, -1.0])
    np.testing.assert_array_equal(dy, [0.5, 3.0])


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


# -- second order ----------------------------------------------------------------------------
C3 = np.array([0.5, -1.25, 2.0])
A23 = np.array([[0.3, -0.7, 1.1], [0.9, 0.2, -0.4]])


def s_sin(x):
    return np.sin(x) * x


def s_exp(x):
    return np.exp(np.sin(x))


def s_log(x):
    return np.log(x * x + 1.0)


def s_tanh(x):
    return np.tanh(2.0 * x) * x


def s_sqrt(x):
    return np.sqrt(x * x + 0.5)


def s_mul(x):
    return x * x * x


def s_div(x):
    return 1.0 / (1.0 + x * x)


def s_pow(x):
    return (x + 2.0) ** 2.5 + 1.5 ** x


def s_sum(x):
    return np.sum(np.sin(x * C3))


def s_mean(x):
    return np.mean(np.exp(x * C3) * C3)


def s_max(x):
    return np.max(x * C3 + np.cos(x * C3))


def s_matmul(x):
    return np.sum((x * A23) @ np.cos(x * C3) * np.array([1.0, 2.0]))


def s_index(x):
    v = np.sin(x * C3)
    return v[0] * v[2] + v[[1, 1]] @ v[1:]


def s_where(x):
    return np.sum(np.where(C3 > 0.0, np.sin(x * C3), x * x * C3))


def s_maximum(x):
    return np.sum(np.maximum(np.sin(x * C3), np.cos(x * C3)))


def s_prod(x):
    return np.prod(x * C3 + 1.0)


def s_clip(x):
    return np.sum(np.clip(x * C3, -0.5, 0.6) ** 2)


def s_stack(x):
    return np.sum(np.stack([np.sin(x * C3), x * C3], axis=1) ** 2 * np.array([1.0, 2.0]))


def s_concatenate(x):
    return np.sum(np.concatenate([np.sin(x * C3), x * C3 * x]) ** 2)


SECOND_ORDER = [s_sin, s_exp, s_log, s_tanh, s_sqrt, s_mul, s_div, s_pow, s_sum, s_mean, s_max,
                s_matmul, s_index, s_where, s_maximum, s_prod, s_clip, s_stack, s_concatenate]


@pytest.mark.parametrize("fn", SECOND_ORDER, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [0.7, -0.35])
def test_second_derivative_of_scalar_function(fn, x):
    d2 = tg.grad(tg.grad(fn))(x)
    np.testing.assert_allclose(d2, numerical_grad(tg.grad(fn), (x,), 0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(d2, agrad(agrad(autograd_version(Case(fn, ()))))(x), rtol=1e-9, atol=1e-12)


def test_third_derivative():
    np.testing.assert_allclose(tg.grad(tg.grad(tg.grad(np_sin_only)))(0.3), -np.cos(0.3))


def np_sin_only(x):
    return np.sin(x)


# Vector input: tangentish cannot yet transform a function that *calls* tg.grad(f)
# (``np.sum(tg.grad(f)(x) * v)`` raises TransformError), so Hessian-vector products are
# taken as the VJP of the gradient: vjp(grad(f), x) pulls v back to H v.
def h_sin(x):
    return np.sum(np.sin(x) * x)


def h_log_sum_exp(x):
    return np.log(np.sum(np.exp(x)))


def h_quadratic_form(x):
    return x @ (A23.T @ A23) @ x + np.sum(x * C3)


def h_softplus_norm(x):
    return np.sqrt(np.sum(np.log(1.0 + np.exp(x)) ** 2))


def h_max_div(x):
    return np.max(x / (1.0 + x * x)) + np.mean(np.tanh(x[:2]) * x[1:])


def h_maximum_where(x):
    return np.sum(np.where(x > 0.0, np.maximum(x * x, x), np.minimum(-x, x ** 3)))


# Matrix input: reductions over axes, products, shape changes, indexing, broadcasting.
def m_reduce(x):
    return np.sum(np.max(np.sin(x), axis=1) ** 2) + np.sum(np.mean(x * x, axis=0, keepdims=True) * x)


def m_products(x):
    return np.sum(np.dot(x, x.T) ** 2) + np.sum(np.dot(x, x[0]) * x[:, 1]) + np.sum(np.tanh(x @ x.T @ x) * x)


def m_shape(x):
    return np.sum(np.swapaxes(np.transpose(x.reshape(2, 3, 2), (1, 2, 0)), 0, 1) ** 3 * B322)


def m_index(x):
    return np.sum(x[[0, 0, 2], 1:] ** 2 * x[:, :3].T) + np.sum(x[x > 0.0] ** 3)


def m_broadcast_where(x):
    return (np.sum((x[:, :1] * x[:1, :]) ** 2 / (1.0 + x[0] ** 2))
            + np.sum(np.where(x > 0.2, x ** 3, np.minimum(x, 0.15) * x)))


def m_min_sum(x):
    return np.sum(np.sum(x ** 2, axis=0) ** 2) + np.sum(np.min(x, axis=(0, 1), keepdims=True) * x)


def m_prod(x):
    return np.sum(np.prod(x, axis=0) * np.sin(x[1]))


def m_join(x):
    return np.sum(np.stack([x, x * x], axis=-1) ** 2 * np.arange(2.0)) + np.sum(np.concatenate([x, x[:1]]) ** 3)


B322 = np.arange(12.0).reshape(2, 3, 2)
X34 = np.array([[0.3, -0.7, 1.2, 0.5], [0.1, 0.9, -0.4, 2.0], [1.5, -1.1, 0.6, 0.25]])
HVP = [(fn, np.array([0.3, -0.8, 1.4])) for fn in
       (h_sin, h_log_sum_exp, h_quadratic_form, h_softplus_norm, h_max_div, h_maximum_where)]
HVP += [(fn, X34) for fn in (m_reduce, m_products, m_shape, m_index, m_broadcast_where, m_min_sum,
                             m_prod, m_join)]


@pytest.mark.parametrize("fn, x", HVP, ids=[f.__name__ for f, _ in HVP])
def test_hessian_vector_product(fn, x):
    """H v = vjp(grad(fn), x) pulled back along v; against finite differences of grad and autograd."""
    v = np.random.default_rng(3).normal(size=x.shape)
    assert_vjp_matches_fd(tg.grad(fn), (x,))
    _, pullback = tg.vjp(tg.grad(fn), x)
    (hv,) = pullback(v)
    twin = autograd_version(Case(fn, ()))
    expected = agrad(lambda x: anp.sum(agrad(twin)(x) * v))(x)
    np.testing.assert_allclose(hv, expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_forward_and_reverse_agree(case):
    """The dot-product test: the jvp along v equals <grad, v>, from the same rule entry."""
    args = case.full_args()
    rng = np.random.default_rng(3)
    tangents = [None] * len(args)
    for i in case.wrt_tuple:
        tangents[i] = rng.normal(size=np.shape(args[i]))
        if np.shape(args[i]) == ():
            tangents[i] = float(tangents[i])
    _, y_dot = tg.jvp(case.fn, args, tangents)
    grads = tg.grad(case.fn, wrt=case.wrt_tuple)(*args)
    expected = sum(float(np.sum(g * tangents[i])) for g, i in zip(grads, case.wrt_tuple))
    assert y_dot == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_package_rule_defined_twice_raises():
    """tangentish's own rule modules may not define a primitive, or a name templates call,
    twice (the second would silently replace the first); users re-register freely."""
    import math
    from tangentish.rules.table import DuplicateRuleError, Rule, RuleTable
    table = RuleTable()
    table.define(Rule(np.sin, "np.sin(x)", jvp={"x": "t * np.cos(x)"}), "tangentish.rules.a")
    with pytest.raises(DuplicateRuleError, match="defined twice"):
        table.define(Rule(np.sin, "np.sin(x)", jvp={"x": "t"}), "tangentish.rules.b")
    with pytest.raises(DuplicateRuleError, match="'np.sin'"):
        table.define(Rule(np.cos, "np.sin(x)", jvp={"x": "t"}), "tangentish.rules.b")
    # functions with no derivative are named by their __name__ alone: np.floor, math.floor
    table.define(Rule(np.floor, "floor(*args)", nondiff=True), "tangentish.rules.a")
    table.define(Rule(math.floor, "floor(*args)", nondiff=True), "tangentish.rules.b")
    # registration (tangentish.register uses add) replaces a rule
    later = table.add(Rule(np.sin, "np.sin(x)", jvp={"x": "t"}))
    assert table.get(np.sin) is later


def test_rule_modules_do_not_redefine():
    """Every rule module of the package was loaded through the duplicate check."""
    from tangentish.rules import RULES
    ours = [r for r in RULES if (r.module or "").startswith("tangentish.rules.")]
    assert ours and all(RULES._defined.get(r.primitive) == r.module for r in ours)
