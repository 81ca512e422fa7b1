"""Language and builtin constructs lowered onto modelled operations: ``np.r_[...]`` and
``np.c_[...]`` (numpy's own value, differentiated as a concatenation).  Each is checked
against finite differences in both modes at second order; what is not modelled keeps a
refusal located at the user's line."""
import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError

R = np.random.RandomState(0)
C32 = R.randn(3, 2)
C10 = R.randn(10)


def r_one(x):
    return np.r_[x]


def r_two(x):
    return np.r_[x, x]


def r_with_constant(x):
    return np.r_[x, C32, x]


def r_with_slice(x):
    return np.r_[x, C10, 1:10]


def r_with_scalars(x):
    return np.sum(np.r_[x[0], 2.0, x, np.sin(x[1]), 0:4:2] ** 2)


def r_with_linspace_slice(x):
    return np.r_[x * x, -1:1:5j]


def r_slice_bounds_from_values(x):
    n = x.shape[0]
    return np.r_[0:n, x] * np.r_[x, 1:n + 1]


def c_with_constant(x):
    return np.c_[x, C32, x]


def c_of_vectors(x):
    return np.c_[x, np.sin(x), 0:3] ** 2


def c_of_scalars(x):
    return np.c_[x[0], x[1] * x[2], 3.0] ** 3


def r_in_a_loop(x):
    out = x
    for i in range(2):
        out = np.r_[out[1:], out[0] * out[1]]
    return out


CASES = [(r_one, R.randn(3, 2)), (r_two, R.randn(3, 2)), (r_with_constant, R.randn(3, 2)),
         (r_with_slice, R.randn(10)), (r_with_scalars, R.randn(3)),
         (r_with_linspace_slice, R.randn(4)), (r_slice_bounds_from_values, R.randn(4)),
         (c_with_constant, R.randn(3, 2)), (c_of_vectors, R.randn(3)), (c_of_scalars, R.randn(3)),
         (r_in_a_loop, R.randn(4))]


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_index_concatenation(f, x):
    tg.check_grads(f, (x,), order=2)


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_index_concatenation_value_is_numpys(f, x):
    value, _ = tg.value_and_grad(lambda v: np.sum(f(v)))(x)
    assert value == np.sum(f(x))
    forward = tg.jvp(f, (x,), (np.ones_like(x),))[0]
    assert forward.dtype == f(x).dtype and np.array_equal(forward, f(x))


def r_directive(x):
    return np.sum(np.r_["0,2", x, x])


def r_nested(x):
    return np.sum(np.r_[[x[0], 1.0], x])


def r_of_a_list_variable(x):
    xs = [x[0], x[1]]
    return np.sum(np.r_[xs, x])


@pytest.mark.parametrize("f, words", [(r_directive, "directive '0,2'"),
                                      (r_nested, "nested sequence entry"),
                                      (r_of_a_list_variable, "with a list entry")])
def test_what_index_concatenation_does_not_model_is_refused(f, words):
    for mode in (tg.grad(f), lambda v: tg.jvp(f, (v,), (v,))):
        with pytest.raises(TransformError) as info:
            mode(np.arange(3.0))
        assert info.value.filename == __file__ and words in str(info.value)
