"""Around the fixes of tests/test_backends_breaker.py (issue 16, task fx16): the same
constructs in other shapes, and the documented rules for NumPy values beside another
library's arrays.  Each derivative is compared with tangentish's NumPy derivative of
the same function, itself checked against autograd where autograd has the function."""
import autograd
import autograd.numpy as anp
import dask
import dask.array as da
import numpy as np
import pytest

import tangentish as tg
from tangentish.core.errors import TransformError
from tests.corpus.backends import (LIBS, STRICT, never_compute, same, to_dask, to_strict,
                                   uses_custom_gradient)

_RNG = np.random.default_rng(1616)

# --- None in a basic index: its cotangent is squeezed, then written -------------------

def new_axes(X):
    return np.sum(X[np.newaxis] * X[:, None, :]) + np.sum(X[..., None] * X[None, ..., 1:2, None])


def new_axis_row(X):
    return np.sum(X[None, 1] * X[1, None, :4, None])


def _autograd_new_axes(X):
    return anp.sum(X[None] * X[:, None, :]) + anp.sum(X[..., None] * X[None, ..., 1:2, None])


def test_new_axes_numpy_matches_autograd():
    X = _RNG.normal(size=(3, 4))
    np.testing.assert_allclose(tg.grad(new_axes)(X), autograd.grad(_autograd_new_axes)(X),
                               rtol=1e-12)


@pytest.mark.parametrize("f", [new_axes, new_axis_row], ids=["X[np.newaxis]...", "X[None, 1]"])
@pytest.mark.parametrize("convert, array_type", LIBS)
def test_new_axes_on_other_libraries(f, convert, array_type):
    X = _RNG.normal(size=(3, 4))
    with dask.config.set(scheduler=never_compute):
        got = tg.grad(f)(convert(X))
    same(got, tg.grad(f)(X), array_type)


# --- nested functions and lambdas run their code for the library ------------------------

def lambda_closure(x, c):
    g = lambda z: np.tanh(z) * c       # noqa: E731 - the construct under test
    return np.sum(g(x) * x)


def inactive_nested(x, c):
    def scale(n):
        return np.ones(n) * 2.0
    return np.sum(x * scale(x.shape[0]) * c)


def _autograd_lambda(x, c):
    return anp.sum(anp.tanh(x) * c * x)


@pytest.mark.parametrize("f", [lambda_closure, inactive_nested], ids=["lambda", "inactive def"])
@pytest.mark.parametrize("convert, array_type", LIBS)
def test_nested_functions_stay_in_the_library(f, convert, array_type):
    x = _RNG.normal(size=5)
    expected = tg.grad(f)(x, 3.0)
    if f is lambda_closure:
        np.testing.assert_allclose(expected, autograd.grad(_autograd_lambda)(x, 3.0), rtol=1e-12)
    with dask.config.set(scheduler=never_compute):
        got = tg.grad(f)(convert(x), 3.0)
    same(got, expected, array_type)


def nested_in_nested(x):
    def outer(z):
        def inner(w):
            return np.exp(w) * z
        return inner(z)
    return np.sum(outer(x))


@pytest.mark.parametrize("convert", [to_strict, to_dask], ids=["array_api_strict", "dask.array"])
def test_nested_in_nested_refused_at_the_users_line(convert):
    """Its derivative calls a helper that re-enters the engine (vjp_call): refused by
    name, at the line of the call, never run in NumPy."""
    with pytest.raises(TransformError) as e:
        tg.grad(nested_in_nested)(convert(_RNG.normal(size=4)))
    assert f":{nested_in_nested.__code__.co_firstlineno + 5}:" in str(e.value)


def test_custom_gradient_refused_on_strict_by_name():
    with pytest.raises(TransformError) as e:
        tg.grad(uses_custom_gradient)(to_strict(_RNG.normal(size=5)))
    assert "custom_gradient" in str(e.value) and "soft_clip" in str(e.value)
    assert "array_api_strict" in str(e.value)


def test_custom_gradient_on_dask_matches_numpy():
    x = _RNG.normal(size=5)
    got = tg.grad(uses_custom_gradient)(to_dask(x))
    same(got, tg.grad(uses_custom_gradient)(x), da.Array)


# --- float32: rounded to the argument's dtype in its library, lazily --------------------

def mean_sq(x):
    return np.mean(x ** 2) + 0.5 * np.sum(x)


@pytest.mark.parametrize("convert, array_type", LIBS)
def test_float32_stays_float32_and_lazy(convert, array_type):
    x = _RNG.normal(size=6).astype(np.float32)
    expected = tg.grad(mean_sq)(x)
    assert expected.dtype == np.float32
    with dask.config.set(scheduler=never_compute):
        got = tg.grad(mean_sq)(convert(x))
    same(got, expected, array_type)


@pytest.mark.parametrize("convert, array_type", LIBS)
def test_float64_argument_keeps_float64(convert, array_type):
    """The rounding never widens: a float64 argument beside float32 data keeps its
    float64 derivative."""
    x, y = _RNG.normal(size=5), _RNG.normal(size=5).astype(np.float32)
    expected = tg.grad(lambda_closure_free)(x, y)
    assert expected.dtype == np.float64
    same(tg.grad(lambda_closure_free)(convert(x), convert(y)), expected, array_type)


def lambda_closure_free(x, y):
    return np.sum(np.sin(x) * y)


# --- masks, clip, enumerate, zip, tile --------------------------------------------------

def masks_joined(x):
    inside = (x > -0.5) & ~(x > 0.8) | (x < -1.5)
    return np.sum(np.where(inside, x ** 3, 2.0 * x) + np.clip(x, -1.0, 1.0))


def rpow(x):
    return np.sum(3.0 ** x * x)


def rpow_tile(x):
    return np.sum(3.0 ** np.tile(x, 2))


def zip_enumerate(x, y):
    s = 0.0
    for i, (a, b) in enumerate(zip(x, y)):
        s = s + a * b * i
    return s


def _autograd_masks(x):
    inside = (x > -0.5) & ~(x > 0.8) | (x < -1.5)
    return anp.sum(anp.where(inside, x ** 3, 2.0 * x) + anp.clip(x, -1.0, 1.0))


def test_masks_joined_numpy_matches_autograd():
    x = _RNG.normal(size=9)
    np.testing.assert_allclose(tg.grad(masks_joined)(x), autograd.grad(_autograd_masks)(x),
                               rtol=1e-12)


@pytest.mark.parametrize("f, nargs", [(masks_joined, 1), (rpow, 1), (zip_enumerate, 2)],
                         ids=["masks", "3.0 ** x", "enumerate(zip)"])
@pytest.mark.parametrize("convert, array_type", LIBS)
def test_constructs_match_numpy(f, nargs, convert, array_type):
    args = tuple(_RNG.normal(size=9) for _ in range(nargs))
    expected = tg.grad(f)(*args)
    with dask.config.set(scheduler=never_compute):
        got = tg.grad(f)(*(convert(a) for a in args))
    same(got, expected, array_type)


def test_jvp_of_tile_of_a_matrix_on_strict():
    """np.tile(X, 2) of a 2-D X repeats the last axis (reps (2,) prepended with ones);
    (grad refuses np.tile on these libraries: its adjoint helper is not portable)."""
    X, T = _RNG.normal(size=(2, 3)), _RNG.normal(size=(2, 3))
    _, expected = tg.jvp(rpow_tile, (X,), (T,))
    _, got = tg.jvp(rpow_tile, (to_strict(X),), (to_strict(T),))
    same(got, expected, STRICT)


# --- indexing by arrays: refused at the user's line where the derivative writes ----------

def by_mask(x):
    keep = x > 0.0
    return np.sum(x[keep] ** 2)


def by_list(x):
    index = [1, 1, 3]
    return np.sum(x[index] * 2.0)


@pytest.mark.parametrize("f", [by_mask, by_list], ids=["mask", "list"])
@pytest.mark.parametrize("convert", [to_strict, to_dask], ids=["array_api_strict", "dask.array"])
def test_index_arrays_refused_at_the_users_line(f, convert):
    with pytest.raises(TransformError) as e:
        tg.grad(f)(convert(_RNG.normal(size=6)))
    assert f":{f.__code__.co_firstlineno + 2}:" in str(e.value), str(e.value)
    assert "indexing by an array" in str(e.value)


# --- NumPy values beside another library's arrays ---------------------------------------

W_GLOBAL = _RNG.normal(size=4)


def uses_global(x):
    return np.sum(np.tanh(x * W_GLOBAL))


def test_numpy_global_refused_on_strict_by_name():
    with pytest.raises(TransformError) as e:
        tg.grad(uses_global)(to_strict(_RNG.normal(size=4)))
    assert "W_GLOBAL" in str(e.value) and "array_api_strict" in str(e.value)
    assert f":{uses_global.__code__.co_firstlineno + 1}:" in str(e.value)


def test_numpy_global_on_dask_matches_numpy():
    x = _RNG.normal(size=4)
    same(tg.grad(uses_global)(to_dask(x)), tg.grad(uses_global)(x), da.Array)


def weighted(x, w):
    return np.sum(np.sin(x) * w)


def test_numpy_argument_beside_strict_refused_by_name():
    with pytest.raises(TypeError) as e:
        tg.grad(weighted)(to_strict(_RNG.normal(size=3)), _RNG.normal(size=3))
    assert "'w'" in str(e.value) and "NumPy" in str(e.value) and "array_api_strict" in str(e.value)


def test_numpy_argument_beside_dask_matches_numpy():
    x, w = _RNG.normal(size=4), _RNG.normal(size=4)
    same(tg.grad(weighted)(to_dask(x), w), tg.grad(weighted)(x, w), da.Array)


def test_numpy_directions_converted_for_strict_primals():
    """jvp's tangent, a vjp pullback's cotangent and hvp's vector may be NumPy arrays
    for array_api_strict primals (documented: converted with xp.asarray)."""
    x, w, t = _RNG.normal(size=4), _RNG.normal(size=4), _RNG.normal(size=4)
    _, expected = tg.jvp(weighted, (x, w), (t, None))
    _, got = tg.jvp(weighted, (to_strict(x), to_strict(w)), (t, None))
    same(got, expected, STRICT)

    def elementwise(x):
        return np.sin(x) * x
    _, back = tg.vjp(elementwise, x)
    _, strict_back = tg.vjp(elementwise, to_strict(x))
    same(strict_back(t)[0], back(t)[0], STRICT)

    hvp = tg.hvp(weighted)
    same(hvp(to_strict(x), to_strict(w), t), hvp(x, w, t), STRICT)


# --- functions the table gained: reciprocal, exp2, swapaxes, dot (1-d/2-d), copy --------

def recip_exp2(x):
    return np.sum(np.reciprocal(x) + np.exp2(x))


def swap(X, Y):
    return np.sum(np.swapaxes(X, 0, 1) * Y)


def dots(X, v):
    return np.sum(np.dot(X, v) ** 2) + np.dot(v, v)


def copies(x, y):
    a = x.copy()
    b = np.copy(y * 2.0)
    return np.sum(a * x * b)


def _autograd_dots(X, v):
    return anp.sum(anp.dot(X, v) ** 2) + anp.dot(v, v)


def _arguments(f):
    X, v = _RNG.normal(size=(2, 3)) + 3.0, _RNG.normal(size=3) + 3.0
    return {recip_exp2: (v,), swap: (X, X.T.copy()), dots: (X, v), copies: (v, v + 1.0)}[f]


def test_table_additions_numpy_matches_autograd():
    X, v = _arguments(dots)
    for wrt in (0, 1):
        np.testing.assert_allclose(tg.grad(dots, wrt=wrt)(X, v),
                                   autograd.grad(_autograd_dots, wrt)(X, v), rtol=1e-12)


@pytest.mark.parametrize("f", [recip_exp2, swap, dots, copies],
                         ids=["reciprocal, exp2", "swapaxes", "dot", "copy"])
@pytest.mark.parametrize("convert, array_type", LIBS)
def test_table_additions(f, convert, array_type):
    args = _arguments(f)
    wrt = tuple(range(len(args)))
    expected = tg.grad(f, wrt=wrt)(*args)
    with dask.config.set(scheduler=never_compute):
        got = tg.grad(f, wrt=wrt)(*(convert(a) for a in args))
    for g, e in zip(got, expected):
        same(g, e, array_type)
    tangents = tuple(_RNG.normal(size=np.shape(a)) for a in args)
    _, expected_dot = tg.jvp(f, args, tangents)
    _, got_dot = tg.jvp(f, tuple(map(convert, args)), tuple(map(convert, tangents)))
    same(got_dot, expected_dot, array_type)


def dot_of_unknown_rank(x):
    return np.dot(x * 2.0, x)


@pytest.mark.parametrize("convert", [to_strict, to_dask], ids=["array_api_strict", "dask.array"])
def test_dot_of_unknown_ranks_refused_at_the_users_line(convert):
    with pytest.raises(TransformError) as e:
        tg.grad(dot_of_unknown_rank)(convert(_RNG.normal(size=3)))
    assert f":{dot_of_unknown_rank.__code__.co_firstlineno + 1}:" in str(e.value)
    assert "np.dot()" in str(e.value)


def mask_named_then_used_as_numbers(x):
    m = (x > 0.5) | (x < -0.5)
    return np.sum(np.where(m, x ** 2, x) * (x > 0.0))


@pytest.mark.parametrize("convert, array_type", LIBS)
def test_a_named_mask_used_as_numbers(convert, array_type):
    x = _RNG.normal(size=7).astype(np.float32)
    expected = tg.grad(mask_named_then_used_as_numbers)(x)
    with dask.config.set(scheduler=never_compute):
        got = tg.grad(mask_named_then_used_as_numbers)(convert(x))
    same(got, expected, array_type)


# --- from the breaker's harness: roll's shift, index parameters, argmax, 2.0 ** x's hvp ---

def rolled(x, y):
    return np.sum(np.roll(x, 2) * y)


def test_roll_on_dask_matches_numpy():
    """The adjoint rolls back by np.negative(2): an integer shift, not a 0-d array."""
    x, y = _RNG.normal(size=5), _RNG.normal(size=5)
    got = tg.grad(rolled, wrt=(0, 1))(to_dask(x), to_dask(y))
    for g, e in zip(got, tg.grad(rolled, wrt=(0, 1))(x, y)):
        same(g, e, da.Array)


def by_index_parameter(x, idx):
    return np.sum(x[idx] ** 2)


def by_argmax(X):
    i = np.argmax(np.sum(X, axis=1))
    return np.sum(X[i] ** 2)


def test_numpy_index_parameter_beside_dask_refused_at_the_users_line():
    with pytest.raises(TransformError) as e:
        tg.grad(by_index_parameter)(to_dask(_RNG.normal(size=6)), np.array([4, 0, 4]))
    assert f":{by_index_parameter.__code__.co_firstlineno + 1}:" in str(e.value)


def test_argmax_index_on_dask_refused_at_the_users_line():
    with pytest.raises(TransformError) as e:
        tg.grad(by_argmax)(to_dask(_RNG.normal(size=(4, 3))))
    assert f":{by_argmax.__code__.co_firstlineno + 2}:" in str(e.value)


def rpow_sum(x):
    return np.sum(2.0 ** x)


@pytest.mark.parametrize("convert, array_type", LIBS)
def test_hvp_of_a_number_base_power(convert, array_type):
    x, v = _RNG.normal(size=4), _RNG.normal(size=4)
    hvp = tg.hvp(rpow_sum)
    expected = hvp(x, v)
    np.testing.assert_allclose(expected, 2.0 ** x * np.log(2.0) ** 2 * v, rtol=1e-12)
    same(hvp(convert(x), convert(v)), expected, array_type)
