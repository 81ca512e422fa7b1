"""The array methods and attributes of tangentish/rules/numpy/methods.py (``x.sum()``,
``x.T``, ``x.reshape(...)``), lowered onto the numpy functions' rules: each case's rule is
the method's name."""
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tests.rules.cases import CUBE, FSHAPES, MAT, SCALAR, VEC, C3, M, S, V, Case, CaseList, Inputs, fcase
from tests.rules.harness import rule_tests

I = Inputs(1234)
rand, near_one = I.rand, I.near_one


def f_sum_method(x, axis, keepdims, w):
    return np.sum(x.sum(axis=axis, keepdims=keepdims) * w)


def f_mean_method(x, axis, keepdims, w):
    return np.sum(x.mean(axis=axis, keepdims=keepdims) * w)


def f_max_method(x, axis, keepdims, w):
    return np.sum(x.max(axis=axis, keepdims=keepdims) * w)


def f_min_method(x, axis, keepdims, w):
    return np.sum(x.min(axis=axis, keepdims=keepdims) * w)


def f_mean_method_positional(x, w):
    return np.sum(x.mean(0) * w)


def f_min_method_negative(x, w):
    return np.sum(x.min(axis=-1) * w)


def f_sum_of_sum(x, w):
    return np.sum(x.sum(-1).sum(0) * w)


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


def f_reshape_method_varargs(x, w):
    return np.sum(x.reshape(6, 4) * w)


def f_reshape_method_flat(x, w):
    return np.sum(x.reshape(-1) * w)


def f_reshape_method_tuple(x, w):
    return np.sum(x.reshape((2, -1)) * w)


def f_swapaxes_method(x, w):
    return np.sum(x.swapaxes(1, -1) * w)


def f_copy_method(x, w):
    return np.sum(x.copy() * x * w)


def f_dot_method(x, y, w):
    return np.sum(x.dot(y) * w)


def f_dot_method_twin(x, y, w):  # autograd's ArrayBox has no .dot method
    return anp.sum(anp.dot(x, y) * w)


def f_copy_twin(x, w):  # autograd has no derivative for copy (it is the identity)
    return anp.sum(x * x * w)


AXES = {VEC: [None, 0, -1],
        MAT: [None, 0, 1, -1, (0, 1)],
        CUBE: [None, 0, 1, -1, (0, 2), (-1, 0), (0, 1, 2), ()]}
CASES = CaseList()
CASES += [fcase(rule, fn, (rand(shape), axis, keepdims), label=f"axis={axis}-keepdims={keepdims}")
          for rule, fn in ((".sum", f_sum_method), (".mean", f_mean_method), (".max", f_max_method),
                           (".min", f_min_method))
          for shape, axes in AXES.items() for axis in axes for keepdims in (False, True)]
CASES += [fcase(rule, fn, (rand(CUBE),)) for rule, fn in (
    (".mean", f_mean_method_positional), (".min", f_min_method_negative), (".sum", f_sum_of_sum), (".T", f_dot_T),
    (".transpose", f_transpose_method), (".transpose", f_transpose_method_tuple),
    (".reshape", f_reshape_method_varargs), (".reshape", f_reshape_method_flat),
    (".reshape", f_reshape_method_tuple), (".swapaxes", f_swapaxes_method))]
CASES += [fcase(".transpose", f_transpose_method_varargs, (rand(CUBE),), ag=f_transpose_method_varargs_twin)]
CASES += [fcase(rule, fn, (rand(shape),)) for rule, fn in ((".T", f_dot_T), (".transpose", f_transpose_method))
          for shape in (VEC, MAT)]
CASES += [fcase(".copy", f_copy_method, (rand(shape),), ag=f_copy_twin) for shape in (VEC, MAT)]
DOT_PAIRS = [((3, 4), (4, 2)), ((4,), (4, 3)), ((3, 4), (4,)), ((4,), (4,))]
CASES += [fcase(".dot", f_dot_method, (rand(sx), rand(sy)), ag=f_dot_method_twin) for sx, sy in DOT_PAIRS]

globals().update(rule_tests(CASES, "tangentish.rules.numpy.methods"))
