"""Arrays a function allocates with its arguments' sizes (``np.zeros(x.shape[0])``):
the signature tells their rank and which dims are 1 (analyze/patterns.py
``_argument_dims``), so the derivative of a loop filling them needs no helper for their
shapes (known_shapes: ``unbroadcast(dout[i], v)`` of a scalar element, the unit seed of
``np.sum(out ** 2)``).  Checked against autograd and central differences, for
signatures where the rewrites hold and where they must not fire."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tests.corpus.funcs_generated import prealloc_fill as fill
from tests.corpus.helpers import numerical_grad

RNG = np.random.default_rng(31)


def fill_ag(x):
    return anp.sum((anp.sin(x) * x) ** 2)


def fill_rows(X):
    n = X.shape[0]
    out = np.zeros((n, X.shape[1]))
    for i in range(n):
        out[i] = np.tanh(X[i]) * 2.0
    return np.sum(out * out)


def fill_rows_ag(X):
    return anp.sum((anp.tanh(X) * 2.0) ** 2)


def fill_of_other(x, y):
    out = np.ones(y.shape[0])        # sized by y, filled from x: x[i] for i < len(y)
    for i in range(y.shape[0]):
        out[i] = x[i] * y[i]
    return np.sum(out ** 2)


def fill_of_other_ag(x, y):
    return anp.sum((x[:y.shape[0]] * y) ** 2)


CASES = [
    (fill, fill_ag, (RNG.standard_normal(5),)),
    (fill, fill_ag, (RNG.standard_normal(1),)),                  # a dim of 1
    (fill, fill_ag, (np.zeros(0),)),                             # no element
    (fill, fill_ag, (RNG.standard_normal(4).astype(np.float32),)),
    (fill_rows, fill_rows_ag, (RNG.standard_normal((3, 4)),)),
    (fill_rows, fill_rows_ag, (RNG.standard_normal((1, 4)),)),
    (fill_rows, fill_rows_ag, (RNG.standard_normal((3, 1)),)),
    (fill_of_other, fill_of_other_ag, (RNG.standard_normal(5), RNG.standard_normal(3))),
    (fill_of_other, fill_of_other_ag, (RNG.standard_normal(5), RNG.standard_normal(1))),
]


@pytest.mark.parametrize("fn, reference, args", CASES,
                         ids=lambda v: getattr(v, "__name__", None) or str(
                             [(np.shape(a), getattr(a, "dtype", None)) for a in v]))
def test_gradients_match_autograd_and_differences(fn, reference, args):
    df = tg.grad(fn)
    g = df(*args)
    expected = autograd.grad(reference)(*[np.asarray(a, dtype=float) for a in args])
    tol = 1e-5 if args[0].dtype == np.float32 else 1e-12
    np.testing.assert_allclose(g, expected, rtol=tol, atol=tol)
    if args[0].size:
        np.testing.assert_allclose(g, numerical_grad(fn, [np.asarray(a, float) for a in args], 0),
                                   rtol=1e-5, atol=1e-6)
    assert g.dtype == args[0].dtype and g.shape == args[0].shape
    # the generic code (no signature) gives the same numbers
    generic = df.generated(*args)
    np.testing.assert_array_equal(np.asarray(generic).astype(g.dtype), g)   # (as the API casts)


def test_the_filled_vectors_derivative_has_no_shape_helpers():
    x = RNG.standard_normal(5)
    text = tg.source(tg.grad(fill), x)
    for helper in ("unbroadcast", "shape_of", "private_copy", "unreduce"):
        assert helper not in text, helper
    assert "dout_1 = 2 * out" in text
    assert "= dout_1[i]" in text


def test_a_fill_bigger_than_its_source_raises_like_the_primal():
    df = tg.grad(fill_of_other)
    df(RNG.standard_normal(5), RNG.standard_normal(3))
    x, y = RNG.standard_normal(2), RNG.standard_normal(3)
    with pytest.raises(IndexError):
        fill_of_other(x, y)
    with pytest.raises(IndexError):
        df(x, y)


def test_sizes_of_a_rebound_argument_are_not_known():
    def rebound(x):
        x = np.concatenate([x, x])
        out = np.zeros(x.shape[0])
        for i in range(x.shape[0]):
            out[i] = x[i] * 3.0
        return np.sum(out ** 2)
    x = RNG.standard_normal(1)           # x of (1,): the filled array is (2,), not (1,)
    g = tg.grad(rebound)(x)
    np.testing.assert_allclose(g, numerical_grad(rebound, [x], 0), rtol=1e-6)
