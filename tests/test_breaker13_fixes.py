"""Beyond tests/test_generated_code_breaker2.py: the fixes of its findings (fx13) on
neighbouring cases -- 2-d products, containers' cotangents, every entry point
refusing np.matrix, seeds beside float32 values, empty inputs."""
import numpy as np
import pytest

import tangentish as tg


def matmul_sum(a, b):
    return np.sum(a @ b)


@pytest.mark.parametrize("shapes", [((2, 3), (4,)), ((3,), (4, 2)), ((2, 3), (4, 2)), ((1,), (3,))])
@pytest.mark.parametrize("wrt", [0, 1, (0, 1)])
def test_matmul_of_mismatched_core_sizes_raises_like_numpy(shapes, wrt):
    a, b = np.ones(shapes[0]), np.ones(shapes[1])
    with pytest.raises(ValueError):
        matmul_sum(a, b)
    with pytest.raises(ValueError, match="mismatch in its core dimension"):
        tg.grad(matmul_sum, wrt=wrt)(a, b)


def test_matmul_gradient_of_matching_sizes_is_unchanged():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 3)), rng.standard_normal(3)
    da, db = tg.grad(matmul_sum, wrt=(0, 1))(a, b)
    np.testing.assert_allclose(da, np.outer(np.ones(2), b))
    np.testing.assert_allclose(db, a.sum(axis=0))


def pair(x):
    return np.sin(x), np.sum(x ** 2)


def test_pullback_checks_each_leaf_of_a_tuple_output():
    x = np.array([0.1, 0.2, 0.7])
    y, pullback = tg.vjp(pair, x)
    expected = np.cos(x) * 1.0 + 2 * x * 2.0
    np.testing.assert_allclose(pullback((np.ones(3), 2.0))[0], expected)
    with pytest.raises(ValueError, match=r"\[0\] has shape \(2,\)"):
        pullback((np.ones(2), 2.0))
    with pytest.raises(ValueError, match=r"\[1\] has shape \(3,\)"):
        pullback((np.ones(3), np.ones(3)))
    with pytest.raises(ValueError, match="has 1 items"):
        pullback((np.ones(3),))


def prod_sum(a, b):
    return np.sum(a * b)


def _entry_points(a, b):
    return {
        "grad": lambda: tg.grad(prod_sum)(a, b),
        "value_and_grad": lambda: tg.value_and_grad(prod_sum)(a, b),
        "vjp": lambda: tg.vjp(prod_sum, a, b),
        "jvp": lambda: tg.jvp(prod_sum, (a, b), (np.ones((2, 2)), None)),
        "hessian": lambda: tg.hessian(prod_sum)(a, b),
        "hvp": lambda: tg.hvp(prod_sum)(a, b, np.ones((2, 2))),
        "jacobian": lambda: tg.jacobian(prod_sum)(a, b),
        "check_grads": lambda: tg.check_grads(prod_sum, (a, b)),
    }


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
@pytest.mark.parametrize("kind", ["matrix", "masked", "matrix_in_list"])
@pytest.mark.parametrize("entry", list(_entry_points(None, None)))
def test_every_entry_point_refuses_matrix_and_masked_arguments(kind, entry):
    plain = np.array([[1.0, 2.0], [3.0, 4.0]])
    if kind == "matrix":
        a, b, words = plain, np.asmatrix(plain), "numpy.matrix"
    elif kind == "masked":
        a, b, words = np.ma.array(plain, mask=[[0, 1], [0, 0]]), plain, "masked array"
    else:
        a, b, words = plain, [np.asmatrix(plain)], "numpy.matrix"
    with pytest.raises(TypeError, match=words) as info:
        _entry_points(a, b)[entry]()
    assert "np.asarray" in str(info.value) or "filled" in str(info.value)


def sum_diff(a, b):
    return np.sum(a - b) * np.mean(a)


@pytest.mark.parametrize("da, db", [(np.float32, np.float64), (np.float64, np.float32),
                                    (np.float32, np.float32), (np.float16, np.float16)])
def test_grad_equals_value_and_grad_beside_narrow_floats(da, db):
    a = np.array([0.1, 0.7, -0.35]).astype(da)
    b = np.array([0.3, -1.1, 0.45]).astype(db)
    for wrt in (0, 1, (0, 1)):
        df = tg.grad(sum_diff, wrt=wrt)
        got, want = df(a, b), tg.value_and_grad(sum_diff, wrt=wrt)(a, b)[1]
        for g, w in zip(*((got, want) if isinstance(got, tuple) else ((got,), (want,)))):
            assert g.dtype == w.dtype
            np.testing.assert_array_equal(g, w)
        generic = df.generated(a, b)
        specialized = df._for_args((a, b), {}).fn(a, b)
        for g, s in zip(*((generic, specialized) if isinstance(generic, tuple)
                          else ((generic,), (specialized,)))):
            assert np.asarray(g).dtype == np.asarray(s).dtype
            np.testing.assert_array_equal(g, s)


def square_sum(x):
    return np.sum(x ** 2)


def sines(x):
    return np.sin(x) * 2.0


def test_forward_jacobian_and_hessian_of_empty_inputs():
    assert tg.hessian(square_sum)(np.zeros((0, 2))).shape == (0, 2, 0, 2)
    assert tg.jacobian(sines, mode="forward")(np.zeros(0)).shape == (0, 0)
    assert tg.jacobian(sines)(np.zeros(0)).shape == (0, 0)


def double_transpose(a, b):
    return np.sum(a * b.T.T)


def test_double_transpose_of_an_array_still_cancels():
    a, b = np.array([0.1, -0.2, 0.3]), np.array([2.0, 3.0, 4.0])
    df = tg.grad(double_transpose)
    np.testing.assert_array_equal(df(a, b), b)
    assert ".T" not in tg.source(df, a, b).split("# grad of line")[-1].split("\n", 1)[1]
    with pytest.raises(AttributeError):
        df(a, [2.0, 3.0, 4.0])
