"""Reproducers found by breaking the array-backend support (issue 16, task brk16).

Each test asserts the correct behaviour and fails while its bug is there: a
derivative on array_api_strict / Dask arguments that equals the NumPy derivative
of the same function, in the arguments' library (Dask still lazy, built under a
scheduler that raises) and dtype, or a refusal that is a TransformError naming the
user's line.  The harness that found them is tests/breaker16/backends_harness.py
(the programs are in tests/breaker16/backends_corpus.py)."""
import dask
import dask.array as da
import numpy as np
import pytest

import tangentish as tg
from tangentish.core.errors import TransformError
from tests.corpus.backends import (LIBS, STRICT, never_compute, same, to_dask, to_strict,
                                   uses_custom_gradient)

_RNG = np.random.default_rng(16)

def _at_line(f, offset, error):
    assert f":{f.__code__.co_firstlineno + offset}:" in str(error), str(error)


def _grad_matches_or_refused(f, args, convert, array_type, line, wrt=0):
    """The gradient equals NumPy's, in the library's type, or the call is refused with a
    TransformError at the user's line (``line``: the offset of that line in ``f``)."""
    expected = tg.grad(f, wrt=wrt)(*args)
    try:
        with dask.config.set(scheduler=never_compute):
            got = tg.grad(f, wrt=wrt)(*(convert(a) for a in args))
    except TransformError as e:
        _at_line(f, line, e)
        return
    if isinstance(wrt, tuple):
        for g, e in zip(got, expected):
            same(g, e, array_type)
    else:
        same(got, expected, array_type)


# --- SILENT: a NumPy result, or a float64 one, where the library's was due ---------------

def closure_over_float(x, c):
    def inner(z):
        return np.sin(z) * c
    return np.sum(inner(x) ** 2)


def test_closure_gradient_stays_strict():
    """SILENT: the nested function's primal runs the user's numpy code as written,
    np.sin turns the strict array into a numpy one, and the gradient comes back as a
    numpy.ndarray (value_and_grad and vjp of the same function crash: numpy mixed into
    strict arithmetic).  Dask gives a Dask array (np.sin dispatches to Dask)."""
    x = _RNG.normal(size=(4, 3))
    expected = tg.grad(closure_over_float)(x, 3.0)
    same(tg.grad(closure_over_float)(to_strict(x), 3.0), expected, STRICT)
    _, got = tg.value_and_grad(closure_over_float)(to_strict(x), 3.0)
    same(got, expected, STRICT)


def std32(x):
    return np.std(x)


def loop32(x):
    s = 0.0
    for i in range(3):
        s = s + x[i] ** 2
    return s


@pytest.mark.parametrize("f", [std32, loop32], ids=["np.std", "loop from s = 0.0"])
@pytest.mark.parametrize("convert, array_type", LIBS)
def test_float32_gradient_stays_float32(f, convert, array_type):
    """SILENT: NumPy's gradient of a float32 argument is float32; on strict and Dask it
    comes back float64 (twice the memory; another dtype than the argument)."""
    x = _RNG.normal(size=5).astype(np.float32)
    expected = tg.grad(f)(x)
    assert expected.dtype == np.float32
    with dask.config.set(scheduler=never_compute):
        got = tg.grad(f)(convert(x))
    same(got, expected, array_type)


def mixed32_64(x, y):
    return np.sum(x * y)


@pytest.mark.parametrize("convert, array_type", LIBS)
def test_cotangent_of_float32_argument_beside_float64(convert, array_type):
    """SILENT: d/dx of sum(x * y), x float32 and y float64: NumPy's is float32 (the
    argument's dtype), strict's and Dask's float64."""
    x, y = _RNG.normal(size=5).astype(np.float32), _RNG.normal(size=5)
    expected = tg.grad(mixed32_64)(x, y)
    with dask.config.set(scheduler=never_compute):
        got = tg.grad(mixed32_64)(convert(x), convert(y))
    same(got, expected, array_type)


# --- CRASH: an internal error from generated code instead of a result or a refusal -------

def mask_or(x):
    m = (x > 0.5) | (x < -0.5)
    return np.sum(np.where(m, x ** 2, x))


def fmax_fmin(x):
    return np.sum(np.fmax(x, 0.0) + np.fmin(x, 0.5))


@pytest.mark.parametrize("f", [mask_or, fmax_fmin], ids=["mask | mask", "fmax/fmin"])
@pytest.mark.parametrize("convert, array_type", LIBS)
def test_combined_masks(f, convert, array_type):
    """CRASH on both libraries: comparisons joined by `|` are rewritten to
    ``xp.astype(x > 0.5, x.dtype) | xp.astype(x < -0.5, x.dtype)`` (as if used as
    numbers) and `|` of floats raises TypeError in the generated code; fmax/fmin's
    derivative does the same."""
    _grad_matches_or_refused(f, (_RNG.normal(size=7),), convert, array_type, 1)


def rpow(x):
    return np.sum(2.0 ** x)


def clip_loss(x):
    return np.sum(np.clip(x, -0.5, 0.5) * x)


def clip_method(x):
    return np.sum(x.clip(-1, 1) ** 2)


def bool_mask_self(x):
    return np.sum(x[x > 0] ** 2)


def enumerate_loop(x):
    s = 0.0
    for i, v in enumerate(x):
        s = s + v * i
    return s


@pytest.mark.parametrize("f, line", [
    (rpow, 1),             # pow_log(2.0, x): a numpy float64 times a strict array
    (clip_loss, 1),        # clip_mask(...) is boolean; strict refuses bool * float
    (clip_method, 1),
    (bool_mask_self, 1),   # x[x > 0] is emitted as x[mask, ...]: strict takes a mask alone
    (enumerate_loop, 2),   # len(x): strict arrays have no __len__ (the user's loop runs)
], ids=["2.0 ** x", "np.clip", "x.clip", "x[x > 0]", "enumerate(x)"])
def test_strict_crashes(f, line):
    """CRASH on array_api_strict (Dask gives NumPy's numbers, or refuses x[x > 0]
    for its unknown sizes)."""
    _grad_matches_or_refused(f, (_RNG.normal(size=7),), to_strict, STRICT, line)


def zip_loop(x, y):
    s = 0.0
    for a, b in zip(x, y):
        s = s + a * b
    return s


def test_strict_zip_loop():
    """CRASH: ``for a, b in zip(x, y)`` over strict arrays calls len() on them."""
    args = (_RNG.normal(size=5), _RNG.normal(size=5))
    _grad_matches_or_refused(zip_loop, args, to_strict, STRICT, 2, wrt=(0, 1))


def index_with(x, idx):
    return np.sum(x[idx] ** 2)


def test_strict_integer_array_index():
    """CRASH: x[idx] with a strict integer index array is emitted as x[idx, ...], which
    strict rejects (integer index arrays combine only with integers)."""
    x, idx = _RNG.normal(size=6), np.array([4, 0, 4, 2])
    expected = tg.grad(index_with)(x, idx)
    try:
        got = tg.grad(index_with)(to_strict(x), to_strict(idx))
    except TransformError as e:
        _at_line(index_with, 1, e)
        return
    same(got, expected, STRICT)


def where_mask(x, mask):
    return np.sum(np.where(mask, x, 0.0) ** 2)


def test_numpy_mask_beside_strict_data():
    """CRASH: a numpy mask beside strict data (numpy arrays "may accompany" another
    library: runtime/backend.py) ends in strict's TypeError inside the generated code;
    expected: NumPy's numbers, or a TypeError/TransformError naming the mix."""
    x, mask = _RNG.normal(size=5), np.array([True, False, True, False, True])
    expected = tg.grad(where_mask)(x, mask)
    try:
        got = tg.grad(where_mask)(to_strict(x), mask)
    except (TypeError, TransformError) as e:
        assert "numpy" in str(e).lower() and "array_api_strict" in str(e), str(e)
        return
    same(got, expected, STRICT)


def sin_x(x):
    return np.sum(np.sin(x) * x)


def test_numpy_tangent_for_a_strict_primal():
    """CRASH: tg.jvp with a strict primal and a numpy tangent (hvp's vector and vjp's
    cotangent alike) fails inside the generated code with strict's "Expected Array or
    Python scalar"; expected: the tangent converted, or a TypeError naming both
    libraries.  (Dask accepts the numpy tangent and gives NumPy's numbers.)"""
    x, t = _RNG.normal(size=5), _RNG.normal(size=5)
    _, expected = tg.jvp(sin_x, (x,), (t,))
    try:
        _, got = tg.jvp(sin_x, (to_strict(x),), (t,))
    except TypeError as e:
        assert "array_api_strict" in str(e) and "numpy" in str(e).lower(), str(e)
        return
    same(got, expected, STRICT)


# --- unclear refusals: a run-time error without the user's line ---------------------------

def outer_by_newaxis(x):
    return np.sum(x[None, :] * x[:, None])


def int_list_index(x):
    return np.sum(x[[0, 2, 2]] ** 2)


@pytest.mark.parametrize("f, convert, array_type", [
    (outer_by_newaxis, to_strict, STRICT),
    (outer_by_newaxis, to_dask, da.Array),
    (int_list_index, to_dask, da.Array),
], ids=["x[None, :]-strict", "x[None, :]-dask", "x[[0, 2, 2]]-dask"])
def test_index_adjoints_refused_at_the_users_line(f, convert, array_type):
    """x[None, :] (basic indexing) and an integer-list read end in NotImplementedError
    "tangentish writes into Array arrays only at integers, slices and ..." from a
    runtime helper: no file, no line, about a write the user never wrote."""
    _grad_matches_or_refused(f, (_RNG.normal(size=5),), convert, array_type, 1)


def tile_loss(x):
    return np.sum(np.tile(x, 2) ** 2)


def test_strict_jvp_of_tile():
    """CRASH: forward mode emits ``xp.tile(t, 2)``; the standard's tile takes a tuple of
    repetitions, so strict raises "repetitions must be a tuple" (grad refuses np.tile at
    the user's line; jvp and vjp do not)."""
    x, t = _RNG.normal(size=3), _RNG.normal(size=3)
    _, expected = tg.jvp(tile_loss, (x,), (t,))
    try:
        _, got = tg.jvp(tile_loss, (to_strict(x),), (to_strict(t),))
    except TransformError as e:
        _at_line(tile_loss, 1, e)
        return
    same(got, expected, STRICT)


def test_custom_gradient_on_strict():
    """CRASH (the closure's root): the custom-gradient function runs the user's numpy code
    as written, np.tanh turns the strict array into numpy, and the generated code then
    multiplies numpy by strict ("Expected Array or Python scalar").  Dask: correct."""
    x = _RNG.normal(size=5)
    expected = tg.grad(uses_custom_gradient)(x)
    try:
        got = tg.grad(uses_custom_gradient)(to_strict(x))
    except TransformError as e:
        _at_line(uses_custom_gradient, 1, e)
        return
    same(got, expected, STRICT)
