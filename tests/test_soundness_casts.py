"""Wrong numbers found by the generality breaker (issue 12), now refused or exact:
floats stored into integer or boolean arrays (numpy truncates them), max/min of arrays
(the result is one of the arguments itself), and reverse over reverse through a cast
to an integer type."""
import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError


def store_into_int_array(a):
    v = np.array([1, 2])
    v[0] = a * 3.0          # numpy stores int(3a)
    return np.sum(v) * a


def update_int_zeros(a):
    z = np.zeros(3, dtype=int)
    z[1] += a
    return np.sum(z) * a


def store_into_bool_array(x):
    m = np.array([True, False, True])
    m[1] = x[1]
    return np.sum(x * m)


def store_into_cast(x):
    k = x.astype(int)
    k[0] = x[1] * 2.0
    return np.sum(k * x)


@pytest.mark.parametrize("f, arg", [(store_into_int_array, 2.3), (update_int_zeros, 2.3),
                                    (store_into_bool_array, np.array([0.7, -1.3, 2.1])),
                                    (store_into_cast, np.array([0.7, 1.3, 2.1]))])
def test_storing_floats_into_an_integer_or_boolean_array_is_refused(f, arg):
    for run in (lambda: tg.grad(f)(arg),
                lambda: tg.jvp(f, (arg,), (np.ones_like(arg),))):
        with pytest.raises(TransformError) as info:
            run()
        assert info.value.filename == __file__
        assert "numpy truncates it" in str(info.value)


def store_int_into_int_array(a):
    v = np.array([1, 2])
    v[0] = 5
    return np.sum(v) * a


def test_storing_integers_into_an_integer_array_still_works():
    assert tg.grad(store_int_into_int_array)(2.3) == 7.0


def max_then_update(a, b):
    y1 = a * 2.0
    m = max(y1, b)          # m is y1 itself
    m += 1.0                # so this updates y1
    return np.sum(y1 * y1)


def max_of_list_then_write(a, b):
    y1 = a * 2.0
    m = max([y1, b])
    m[0] = 0.0
    return np.sum(y1)


def max_read_only(a, b):
    y1 = a * 2.0
    m = max(y1, b)
    return np.sum(m * y1)


@pytest.mark.parametrize("f", [max_then_update, max_of_list_then_write])
def test_updating_the_result_of_max_in_place_is_refused(f):
    A, B = np.array([1.3]), np.array([0.4])
    with pytest.raises(TransformError, match="same object|caller.s object|share memory|same memory"):
        tg.value_and_grad(f)(A, B)


def test_max_of_arrays_read_only_is_exact():
    A, B = np.array([1.3]), np.array([0.4])
    np.testing.assert_allclose(tg.grad(max_read_only)(A, B), 8.0 * A)


def times_int_cast(a):
    return a * np.array([a]).astype(int)[0]


def test_reverse_over_reverse_through_an_integer_cast_is_zero():
    """astype_cotangent is 0 for an integer cast; its own transpose is 0 too (it passed
    the cotangent through)."""
    assert tg.grad(times_int_cast)(2.5) == 2.0
    assert tg.grad(tg.grad(times_int_cast))(2.5) == 0.0
    assert tg.hessian(times_int_cast)(2.5) == 0.0
