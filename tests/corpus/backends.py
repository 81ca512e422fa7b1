"""What the tests of other array libraries share: the two libraries (array_api_strict
and Dask in small chunks), a scheduler that fails a test computing a Dask array while
a derivative is built, and the comparison of a derivative with the NumPy one (the
library's array, equal, of the same dtype)."""
import array_api_strict
import dask.array as da
import numpy as np
import pytest

import tangentish as tg

STRICT = array_api_strict._array_object.Array


def never_compute(*args, **kwargs):
    raise AssertionError("a Dask array was computed while the derivative was built")


def to_strict(a):
    return array_api_strict.asarray(a)


def to_dask(a):
    return da.from_array(a, chunks=2)


LIBS = [pytest.param(to_strict, STRICT, id="array_api_strict"),
        pytest.param(to_dask, da.Array, id="dask.array")]


def value_of(got):
    return got.compute(scheduler="sync") if isinstance(got, da.Array) else np.asarray(got)


def same(got, expected, array_type):
    """``got`` is the library's array, equal to ``expected`` and of its dtype."""
    assert isinstance(got, array_type), type(got)
    value = value_of(got)
    assert value.dtype == np.asarray(expected).dtype, (value.dtype, np.asarray(expected).dtype)
    loose = np.asarray(expected).dtype == np.float32 or value.dtype == np.float32
    np.testing.assert_allclose(value, expected, rtol=1e-5 if loose else 1e-9,
                               atol=1e-6 if loose else 1e-12)


# a custom gradient both backend test files differentiate through
@tg.custom_gradient
def soft_clip(x):
    y = np.tanh(x)

    def vjp(g):
        return g * (1.0 - y ** 2)
    return y, vjp


def uses_custom_gradient(x):
    return np.sum(soft_clip(x) * x)
