"""The runtime helpers generated code may call on arrays of other libraries
(``PORTABLE_HELPERS``): each is called on NumPy, array_api_strict and Dask versions of
the same arguments and must give NumPy's values, in an array of the input's library,
without converting to NumPy (array_api_strict's ``__array__`` raises here) and, for
Dask, without computing anything (a scheduler that raises is installed while the
helper runs)."""
import numpy as np
import pytest

import tangentish.runtime as rt
from tangentish.core.errors import OutputError
from tangentish.runtime import backend

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")
xps = pytest.importorskip("array_api_strict")
pytest.importorskip("array_api_compat")
STRICT_ARRAY = type(xps.ones(1))

RNG = np.random.default_rng(16)


def arr(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def carr(*shape):
    return arr(*shape) + 1j * arr(*shape)


# helper name -> argument lists (numpy arrays and numbers; dicts hold keyword arguments)
CASES = {
    "unbroadcast": [
        (arr(3, 4), arr(4)), (arr(3, 4), arr(3, 1)), (arr(2, 3, 4), arr(1, 4)),
        (arr(3, 4), 1.0), (arr(3, 4, dtype=np.float32), arr(4, dtype=np.float32)),
        (arr(3), arr(2, 3)), (arr(), arr(2)), (arr(3, 4), arr(3, 4)),
    ],
    "broadcast_to_like": [
        (arr(4), arr(3, 4)), (arr(3, 1), arr(3, 4)), (1.0, arr(3, dtype=np.float32)),
        (arr(), arr(2, 2)), (arr(1, 3), arr(3)),
    ],
    "broadcast_shape": [(arr(3, 1), arr(4)), (arr(), arr(2)), (arr(2, 3), 1.0)],
    "shape_of": [(arr(3, 4),), (arr(),)],
    "unreduce": [
        (arr(), arr(3, 4)), (1.0, arr(3, 4)), (1.0, arr(3, dtype=np.float32)),
        (arr(4), arr(3, 4), 0), (arr(3), arr(3, 4), -1), (arr(3, 1), arr(3, 4), 1, True),
        (arr(4), arr(2, 3, 4), (0, 1)), (arr(2), arr(2, 3, 4), (1, 2)), (arr(), arr()),
        (arr(3, dtype=np.float32), arr(3, 5, dtype=np.float32), 1),
    ],
    "mean_count": [(arr(3, 4),), (arr(3, 4), 1), (arr(2, 3, 4), (0, 2)), (arr(),)],
    "extremum_mask": [
        (np.array([[1., 3., 3.], [2., 0., 2.]]), 3.0),
        (np.array([[1., 3., 3.], [2., 0., 2.]]), np.array([3., 2.]), 1),
        (np.array([[1., 3., 3.], [2., 0., 2.]]), np.array([[2., 3., 3.]]), 0, True),
        (np.array([1., 3., 3.], dtype=np.float32), np.float32(3.0)),
        (np.array([[1., 3., 3.], [2., 0., 2.]]), np.array([2., 3., 3.]), (0,)),
    ],
    "weighted_sum": [
        (arr(3, 4), arr(3, 4)), (arr(3, 4), arr(3, 4), 0), (arr(3, 4), arr(3, 4), 1, True),
        (arr(4), arr(3, 4), (0, 1)),
    ],
    "real_part": [(carr(3),), (arr(3),), (np.complex64(1 + 2j) * np.ones((2, 2), np.complex64),)],
    "real_cotangent": [
        (carr(3), arr(3)), (carr(3), carr(3)), (arr(3), carr(3)), (arr(3), arr(3)),
        (arr(2, dtype=np.float32), carr(2).astype(np.complex64)), (arr(), 1.0),
    ],
    "real_seed": [(arr(3), arr()), (arr(2, 2, dtype=np.float32),)],
    "unit_cotangent": [(arr(),), (arr(dtype=np.float32),), (arr(1, 1),), (np.array(3),)],
    "match_complex": [(carr(3), arr(3)), (carr(3), carr(3)), (arr(3), arr(3)), (arr(3), carr(3))],
    "require_inexact": [(arr(3), "f", arr(3)), (arr(2, dtype=np.float32), "f", 2.0)],
    "matmul_grad_lhs": [   # (x, b, a): the cotangent of a in a @ b
        (arr(3, 5), arr(4, 5), arr(3, 4)), (arr(3), arr(4, 3), arr(4)), (arr(3), arr(4), arr(3, 4)),
        (arr(), arr(4), arr(4)), (arr(2, 3, 5), arr(4, 5), arr(2, 3, 4)),
        (arr(2, 3, 5), arr(2, 4, 5), arr(3, 4)),
        (arr(3, 5, dtype=np.float32), arr(4, 5, dtype=np.float32), arr(3, 4, dtype=np.float32)),
    ],
    "matmul_grad_rhs": [   # (x, a, b): the cotangent of b in a @ b
        (arr(3, 5), arr(3, 4), arr(4, 5)), (arr(3), arr(4), arr(4, 3)), (arr(3), arr(3, 4), arr(4)),
        (arr(), arr(4), arr(4)), (arr(2, 3, 5), arr(2, 3, 4), arr(4, 5)),
    ],
    "zero_derivative": [(arr(3, 4),), (arr(dtype=np.float32),), (np.arange(3),), (carr(2),)],
    "getitem_cotangent": [
        (arr(), arr(4), 2), (arr(4), arr(3, 4), 1), (arr(2, 4), arr(3, 4), slice(1, None)),
        (arr(3), arr(3, 4), (slice(None), -1)), (1.5, arr(5), 0),
        (arr(dtype=np.float32), arr(3, dtype=np.float32), 0), (arr(3), arr(3, 4), (Ellipsis, 0)),
    ],
    "accumulate_at": [
        (arr(4), arr(), arr(4), 2), (0.0, arr(3), arr(2, 3), 1),
        (arr(2, 3), arr(2), arr(2, 3), (0, slice(1, None))),
    ],
    "accumulate_item": [(arr(4), arr(), arr(4), 2), (arr(2, 3), arr(3), arr(2, 3), 1)],
    "clear_at": [(arr(4), 2), (arr(3, 4), 1), (arr(3, 4), (slice(None), 0))],
    "zero_at": [(arr(4), 2), (arr(3, 4), 1), (arr(3, 4), (slice(None), 0))],
    "store_at": [(arr(4), 2, 5.0), (arr(3, 4), 1, arr(4)), (arr(3, 4), (0, slice(1, 3)), arr(2))],
    "with_item": [(arr(4), 2, 5.0), (arr(3, 4), 1, arr(4)), (np.zeros(3, np.float32), 0, arr())],
    "untranspose": [(arr(2, 3, 4),), (arr(2, 3, 4), (1, 2, 0)), (arr(2, 3), (-1, 0)), (arr(),)],
    "mask_where": [
        (arr(3, 4), arr(3, 4) > 0), (arr(3, 4), True),
        (arr(3, 4), np.array([True, False, True, True])),
        (arr(3, dtype=np.float32), np.array([True, False, True])),
    ],
    "safe_div": [
        (np.array([0., 1., 2.]), np.array([0., 2., 0.5])), (np.array([0., 3.]), 2.0),
        (arr(3, dtype=np.float32), arr(3, dtype=np.float32)), (2.0, np.array([0.5, 4.0])),
    ],
    "abs_slope": [
        (np.array([-2., 0., 3.]),), (np.array([1 + 1j, 0j, -3j]),), (arr(dtype=np.float32),),
    ],
    "dot_grad_lhs": [   # (x, b, a): the cotangent of a in np.dot(a, b)
        (arr(3, 5), arr(4, 5), arr(3, 4)), (arr(2, 3, 5), arr(4, 5), arr(2, 3, 4)),
        (arr(2, 6, 5), arr(6, 4, 5), arr(2, 4)), (arr(4), arr(), arr(4)),
    ],
    "dot_grad_rhs": [   # (x, a, b): the cotangent of b in np.dot(a, b)
        (arr(3, 5), arr(3, 4), arr(4, 5)), (arr(2, 3, 5), arr(2, 3, 4), arr(4, 5)),
        (arr(2, 6, 5), arr(2, 4), arr(6, 4, 5)), (arr(4), arr(4), arr()),
    ],
    "unstack": [(arr(3, 4),), (arr(3, 4), 1), (arr(2, 3, 4), -1)],
    "unbroadcast_each": [(arr(3, 4), arr(2, 4)), (arr(4), arr(3, 1))],
    "private_copy": [(arr(3),), (2.0,)],
    "iteration_item": [(arr(3, 4), 1), (arr(3), 2)],
    "iteration_item_cotangent": [(arr(4), arr(3, 4), 1), (arr(), arr(3), 2)],
    "require_none": [(None, "np.vstack()", "dtype", arr(3))],
    "require_real": [(arr(3), arr(3), "np.foo()"), (arr(2), (arr(2), 1.0), "np.foo()")],
    "pow_deriv": [
        (np.array([0., 1., 2.]), 2), (np.array([0., 1., 2.]), 1), (np.array([0., 1., 2.]), 2, 3),
        (np.array([0.5, 1., 2.]), np.array([0., 1., 2.5])), (arr(3, dtype=np.float32) ** 2, 3),
        (np.array([0., 1., 2.]), -1.0),
    ],
    "pow_deriv_dy": [(np.array([0.5, 1., 2.]), 2.0), (np.array([0.5, 1., 2.]), 2, 2)],
    "safe_log": [(np.array([0., 1., 2.]),), (np.arange(3),), (arr(2, dtype=np.float32) ** 2,)],
    "pow_log": [(np.array([0., 1., 2.]), 2.0), (np.array([0.5, 1., 2.]), np.array([1., 2., 3.]))],
    "pow_log_dx": [(np.array([0.5, 1., 2.]), 2.0)],
    "base_log": [(np.array([0., 1., 2.]), 2.0)],
    "sign_tangent": [
        (arr(3), arr(3)), (arr(3), arr(2, 3)), (1.0, arr(2)), (arr(2, 3, dtype=np.float32), arr(3)),
    ],
    "clip_mask": [(np.array([-1., 0.5, 2.]), 0.0, 1.0), (np.array([-1., 0.5, 2.]), None, 1.0),
                  (np.array([-1., 0.5, 2.]), 0.0), (arr(3), np.zeros((2, 3)), None)],
    "softmax_tangent": [(arr(3, 4), np.full((3, 4), 0.25), -1), (arr(4), np.full(4, 0.25))],
    "log_softmax_tangent": [(arr(3, 4), np.log(np.full((3, 4), 0.25)), 1)],
    "log_softmax_cotangent": [(arr(3, 4), np.log(np.full((3, 4), 0.25)), 1)],
    "extremum_tangent": [
        (arr(2, 3), np.array([[1., 3., 3.], [2., 0., 2.]]), 3.0),
        (arr(2, 3), np.array([[1., 3., 3.], [2., 0., 2.]]), np.array([3., 2.]), 1),
        (arr(2, 3), np.array([[1., 3., 3.], [2., 0., 2.]]), np.array([[2., 3., 3.]]), 0, True),
    ],
    "where_count": [
        (arr(3, 4),), (arr(3, 4), 1, False, arr(3, 4) > 0), (arr(3, 4), None, False, arr(4) > 0),
        (arr(3, 4), 0, True, np.array([True, False, True, True])),
    ],
    "concatenate_part": [
        (arr(5, 3), [arr(2, 3), arr(3, 3)], 1), (arr(3, 5), [arr(3, 2), arr(3, 3)], 0, 1),
        (arr(3, 5), [arr(3, 2), arr(3, 3)], 1, -1), (arr(10), [arr(2, 2), arr(6)], 0, None),
    ],
    "concatenate_part_transpose": [
        (arr(3, 3), arr(5, 3), [arr(2, 3), arr(3, 3)], 1),
        (arr(6), arr(10), [arr(2, 2), arr(6)], 1, None),
        (arr(3, 2, dtype=np.float32), arr(3, 5), [arr(3, 2), arr(3, 3)], 0, 1),
    ],
    "unconcatenate": [(arr(5, 3), [arr(2, 3), arr(3, 3)]), (arr(3, 5), [arr(3, 2), arr(3, 3)], 1)],
    "split_transpose": [
        ([arr(2, 3), arr(3, 3)], arr(5, 3)), ([arr(3, 2), arr(3, 3)], arr(3, 5), 1),
        ([arr(2), arr(3)], arr(5), 0, "hsplit"),
    ],
    "split_like": [(arr(5, 3), [arr(2, 3), arr(3, 3)]), (arr(3, 5), [arr(3, 2), arr(3, 3)], 1)],
    "sum_broadcast": [([arr(4), arr(3, 4)], arr(3, 4)), ([arr(3, 1)], arr(3, 4))],
    "reverse_cumsum": [(arr(3, 4), arr(3, 4), 0), (arr(3, 4), arr(3, 4), -1), (arr(12), arr(3, 4)),
                       (arr(1), arr(), 0), (arr(4, dtype=np.float32), arr(4, dtype=np.float32), 0)],
    "diff_transpose": [(arr(3, 3), arr(3, 4)), (arr(1, 4), arr(3, 4), 2, 0), (arr(2), arr(4), 2)],
    "astype": [(arr(3), np.float32), (arr(3), "float32"), (arr(2, 2), np.int64), (arr(3), float)],
    "astype_tangent": [(arr(3), arr(3), np.float32), (arr(3), arr(3), np.int64),
                       (arr(3, dtype=np.float32), arr(3, dtype=np.float32), float)],
    "astype_cotangent": [(arr(3, dtype=np.float32), arr(3), np.float32), (arr(3), arr(3), int),
                         (carr(3), arr(3), np.float64), (arr(3), arr(3, dtype=np.float32), float)],
    "undiag": [(arr(3, 4), arr(3)), (arr(3, 4), arr(2), 1), (arr(4, 3), arr(2), -2),
               (arr(3), arr(3, 3)), (arr(2), arr(3, 4), 2), (arr(2), arr(4, 3), -1),
               (arr(3, 3), arr(0), 3)],
    "undiagonal": [(arr(3), arr(3, 4)), (arr(2), arr(3, 4), 2), (arr(5, 3), arr(3, 5, 4), 0, 0, 2),
                   (arr(2, 2), arr(3, 2, 4), -1, 2, 0)],
    "untrace": [(arr(), arr(3, 4)), (arr(), arr(3, 4), 1), (arr(5), arr(3, 5, 4), -1, 0, 2),
                (arr(), arr(2, 2), 5)],
    "log_of_base": [(None,), (2.0,), (np.array(10.0),)],
    "list_append": [([arr(2)], arr(2)), ([], 1.0)],
    "abs_slope_tangent": [(arr(3), arr(3)), (arr(2, 3), arr(3)), (carr(3), carr(3)),
                          (arr(3), np.array([1 + 1j, 0j, -2j]))],
    "abs_slope_cotangent": [(arr(3), arr(3)), (carr(3), carr(3)),
                            (arr(3), np.array([1j, 0j, 2.0 + 0j]))],
    "abs_slope_third": [(arr(3), arr(3), arr(3)), (None, arr(2, 3), arr(3))],
    "ptp_mask": [(np.array([[1., 3., 3.], [2., 0., 2.]]),),
                 (np.array([[1., 3., 3.], [2., 0., 2.]]), 1)],
    "nanmean_weights": [(np.array([[1., np.nan, 3.], [2., 0., np.nan]]),),
                        (np.array([[1., np.nan, 3.], [2., 0., np.nan]]), 0)],
    "full_weights": [(None, arr(3, 4)), (arr(4), arr(3, 4), 1), (arr(3), arr(3, 4), 0),
                     (arr(3, 4), arr(3, 4))],
    "unfull_weights": [(arr(3, 4), arr(4), arr(3, 4), 1), (arr(3, 4), arr(3, 4), arr(3, 4)),
                       (arr(3, 4), arr(3), arr(3, 4), -2)],
    "inner_grad_lhs": [(arr(3, 5), arr(5, 4), arr(3, 4)), (arr(3), arr(4), arr(3, 4)),
                       (arr(3), arr(), arr(3)), (arr(), arr(3), arr())],
    "inner_grad_rhs": [(arr(3, 5), arr(3, 4), arr(5, 4)), (arr(4), arr(4, 3), arr(3)),
                       (arr(3), arr(), arr(3)), (arr(3), arr(3), arr())],
    "tensordot_grad_lhs": [(arr(2, 5), arr(3, 4, 5), arr(2, 3, 4)),
                           (arr(2, 5), arr(4, 3, 5), arr(2, 3, 4), ([1, 2], [1, 0])),
                           (arr(2, 3, 4, 5), arr(4, 5), arr(2, 3), 0)],
    "tensordot_grad_rhs": [(arr(2, 5), arr(2, 3, 4), arr(3, 4, 5)),
                           (arr(2, 5), arr(2, 3, 4), arr(4, 3, 5), ([1, 2], [1, 0])),
                           (arr(2, 3, 4, 5), arr(2, 3), arr(4, 5), 0)],
    "x_over": [(np.array([0., 1., 2.]), np.array([0., 2., 0.5])), (np.array([0., 3.]), 2.0)],
    "default_ones": [(None,), (arr(3),)],
    "angle_unit": [(), (True,)],
    "require_order_cf": [("C", "np.reshape()", arr(3)), ("F", "np.reshape()", arr(2, 2))],
    "check_not_sequences": [(arr(3), arr(3), "a + b", 1, 0), (arr(3), 2.0, "a * b", 1, 0)],
}


def _raising_scheduler(*args, **kwargs):
    raise AssertionError("a runtime helper computed a Dask array")


def _to_dask(value):
    if isinstance(value, list):
        return [_to_dask(v) for v in value]
    if isinstance(value, np.ndarray):
        return da.from_array(value, chunks=tuple(max(1, n // 2) for n in value.shape))
    return value


def _to_strict(value):
    if isinstance(value, list):
        return [_to_strict(v) for v in value]
    if isinstance(value, np.ndarray):
        return xps.asarray(value)
    return value


def _convert(args, to):
    return tuple(to(a) for a in args)


@pytest.fixture
def no_numpy_conversion(monkeypatch):
    """array_api_strict arrays refuse np.asarray while the helper runs."""
    def refuse(self, *args, **kwargs):
        raise AssertionError("a runtime helper converted an array_api_strict array to numpy")
    monkeypatch.setattr(STRICT_ARRAY, "__array__", refuse, raising=False)


def _as_numpy(result, kind):
    if kind == "dask":
        return result.compute()
    try:
        return np.from_dlpack(result)
    except BufferError:     # numpy < 2.1 cannot take a read-only array (a broadcast) by DLPack
        return np.from_dlpack(result.__array_namespace__().asarray(result, copy=True))


def _check_same(result, expected, kind, array_type):
    if isinstance(expected, (np.ndarray, np.generic)) and not np.isscalar(expected) or \
            isinstance(expected, np.ndarray):
        assert isinstance(result, array_type), (kind, type(result))
        value = _as_numpy(result, kind)
        assert value.shape == expected.shape
        assert value.dtype == expected.dtype, (kind, value.dtype, expected.dtype)
        np.testing.assert_allclose(value, expected, rtol=1e-6)
    elif isinstance(expected, float) and isinstance(result, array_type):
        value = _as_numpy(result, kind)       # a number from a 0-d array: kept an array
        assert value.shape == () and value == pytest.approx(expected, rel=1e-12)
    elif isinstance(expected, np.generic):     # numpy scalar: a 0-d array elsewhere
        if isinstance(result, array_type):
            value = _as_numpy(result, kind)
            assert value.shape == () and value.dtype == expected.dtype
            np.testing.assert_allclose(value, expected, rtol=1e-6)
        else:
            assert result == expected and type(result) is type(expected)
    elif isinstance(expected, (list, tuple)):
        assert type(result) is type(expected) and len(result) == len(expected)
        for r, e in zip(result, expected):
            _check_same(r, e, kind, array_type)
    elif isinstance(expected, rt.Shape):   # numpy: one shared object per shape; others:
        assert isinstance(result, array_type)   # a broadcast zero of their library
        assert tuple(result.shape) == expected.shape
    else:
        assert type(result) is type(expected) and result == expected


def _cases():
    for name, cases in CASES.items():
        for k, args in enumerate(cases):
            yield pytest.param(name, args, id=f"{name}-{k}")


def _copies(args):
    return tuple(a.copy() if isinstance(a, (np.ndarray, list)) else a for a in args)


def _check_unchanged(converted, args, kind):
    """The helpers that write into an array (store_at, clear_at, ...) leave the caller's
    array of another library as it was: they return the updated one."""
    for value, original in zip(converted, args):
        if isinstance(original, list):
            _check_unchanged(value, original, kind)
        elif isinstance(original, np.ndarray):
            np.testing.assert_array_equal(_as_numpy(value, kind), original)


@pytest.mark.parametrize("name, args", list(_cases()))
def test_helper_on_dask(name, args):
    helper = getattr(rt, name)
    expected = helper(*_copies(args))
    converted = _convert(args, _to_dask)
    with dask.config.set(scheduler=_raising_scheduler):
        result = helper(*converted)
    _check_same(result, expected, "dask", da.Array)
    _check_unchanged(converted, args, "dask")


@pytest.mark.parametrize("name, args", list(_cases()))
def test_helper_on_array_api_strict(name, args, no_numpy_conversion):
    helper = getattr(rt, name)
    expected = helper(*_copies(args))
    converted = _convert(args, _to_strict)
    result = helper(*converted)
    _check_same(result, expected, "strict", STRICT_ARRAY)
    _check_unchanged(converted, args, "strict")


# helpers whose answer depends on the library (tested below, not against numpy's)
BY_LIBRARY = {"updates_in_place", "alias_update", "if_in_place", "unless_in_place",
              "check_not_in_place", "check_item_not_in_place",
              "array_namespace"}    # (test_array_namespace_* below)


@pytest.mark.parametrize("to, in_place, kind",
                         [(_to_dask, False, "dask"), (_to_strict, True, "strict")],
                         ids=["dask", "strict"])
def test_in_place_updates_by_library(to, in_place, kind):
    """``x += y`` rebinds a Dask array (no __iadd__) and updates an array_api_strict one
    (as numpy): the aliasing helpers follow what the library does."""
    x, g = to(arr(3)), to(arr(3))
    assert type(x) is not np.ndarray
    old = x
    x += 1.0
    assert (x is old) == in_place        # what the library does
    assert rt.updates_in_place(old) == in_place
    assert rt.alias_update(old, x) is (x if in_place else old)
    kept, zeroed = (rt.if_in_place, rt.unless_in_place) if in_place else \
        (rt.unless_in_place, rt.if_in_place)
    assert kept(g, old) is g
    np.testing.assert_array_equal(_as_numpy(zeroed(g, old), kind), np.zeros(3))
    located = ("x += y", "hint", "f.py", 3, 0)
    if in_place:
        with pytest.raises(Exception, match="x \\+= y"):
            rt.check_not_in_place(old, *located)
        with pytest.raises(Exception, match="x \\+= y"):
            rt.check_item_not_in_place([old], 0, *located)
    else:
        rt.check_not_in_place(old, *located)
        rt.check_item_not_in_place([old], 0, *located)


def test_portable_helpers_are_the_tested_ones():
    assert backend.PORTABLE_HELPERS == frozenset(CASES) | BY_LIBRARY
    assert not BY_LIBRARY & set(CASES)
    assert backend.PORTABLE_HELPERS <= set(rt.__all__)


# -- the namespace --

def test_array_namespace_numpy_fast_path():
    assert backend.array_namespace(arr(2), 1.0, np.float32(2), None, [1.0]) is np
    assert backend.array_namespace() is np
    assert backend.namespace(arr(2)) is np and backend.namespace(3) is np


def test_array_namespace_of_other_libraries():
    dx = da.ones(3)
    assert backend.array_namespace(arr(3), dx, 2.0).__name__ == "array_api_compat.dask.array"
    assert backend.namespace(xps.ones(2)) is xps
    assert backend.array_namespace(arr(2), xps.ones(2)) is xps


def test_two_other_libraries_are_refused():
    with pytest.raises(TypeError, match="dask.array and array_api_strict"):
        backend.array_namespace(da.ones(2), xps.ones(2))


def test_backend_name():
    assert backend.backend_name(arr(2)) == "numpy"
    assert backend.backend_name(np.float32(1)) == "numpy"
    assert backend.backend_name(da.ones(2)) == "dask.array"
    assert backend.backend_name(xps.ones(2)) == "array_api_strict"
    assert backend.backend_name(1.0) is None and backend.backend_name([1.0]) is None
    for other in (np, np.ndarray, da.Array, rt.Shape((2,)), "x", None):
        assert backend.backend_name(other) is None, other
        assert backend.array_namespace(arr(2), other) is np


class _ArrayLike:
    """An array-like array_api_compat does not know (as a pandas Series): numpy's."""
    shape, dtype = (3,), np.dtype(float)

    def __array__(self, dtype=None, copy=None):
        return np.arange(3.0)


def test_unknown_array_likes_stay_with_numpy():
    like = _ArrayLike()
    assert backend.array_namespace(like, da.ones(2)).__name__ == "array_api_compat.dask.array"
    assert backend.array_namespace(like) is np and backend.namespace(like) is np
    assert backend.foreign_namespace(like, arr(3)) is None
    np.testing.assert_array_equal(rt.unbroadcast(np.ones((2, 3)), like), [2.0, 2.0, 2.0])


@pytest.mark.parametrize("to", [_to_dask, _to_strict], ids=["dask", "strict"])
def test_numpy_operands_beside_another_library(to, no_numpy_conversion):
    """A numpy cotangent (a constant's) meets an array of another library: the result is
    of that library, with numpy's values."""
    x, like = arr(4), arr(3, 4)
    kind = "dask" if to is _to_dask else "strict"
    for helper, args in [(rt.getitem_cotangent, (x, to(like), 1)),
                         (rt.accumulate_at, (to(arr(3, 4)), x, to(like), 1)),
                         (rt.with_item, (to(like), 1, x)),
                         (rt.broadcast_to_like, (x, to(like))),
                         (rt.unreduce, (x, to(like), 0))]:
        expected = helper(*(np.asarray(_as_numpy(a, kind)) if not isinstance(a, (np.ndarray, int))
                            else a for a in args))
        result = helper(*args)
        assert backend.backend_name(result) == backend.backend_name(to(like))
        np.testing.assert_allclose(_as_numpy(result, kind), expected)


@pytest.mark.parametrize("to", [_to_dask, _to_strict], ids=["dask", "strict"])
def test_shape_stand_ins_keep_the_library(to, no_numpy_conversion):
    """broadcast_shape / shape_of stand in for an array of the library (a broadcast zero
    of the operands' dtype), so a seed spread over them stays in that library and dtype."""
    kind = "dask" if to is _to_dask else "strict"
    y, z = to(arr(5, dtype=np.float32)), to(arr(3, 1, dtype=np.float32))
    for like in (rt.broadcast_shape(y, z, 2.0), rt.shape_of(rt.unreduce(1.0, y) * z)):
        assert backend.backend_name(like) == backend.backend_name(y)
        seed = rt.unreduce(-1.0 / rt.mean_count(like), like)
        assert backend.backend_name(seed) == backend.backend_name(y)
        value = _as_numpy(seed, kind)
        assert value.shape == (3, 5) and value.dtype == np.float32
        np.testing.assert_allclose(value, np.full((3, 5), -1.0 / 15), rtol=1e-6)
    assert rt.broadcast_shape(arr(3, 1), arr(5)) is rt.broadcast_shape(arr(3, 1), arr(5))


# -- refusals instead of wrong numbers --

def _unknown_sizes():
    x = da.from_array(np.arange(6.0), chunks=3)
    return x[x > 2]          # chunk sizes unknown (nan)


def test_unknown_dask_sizes_are_refused():
    with pytest.raises(ValueError, match="compute_chunk_sizes"):
        rt.unbroadcast(_unknown_sizes(), np.ones(()))
    with pytest.raises(ValueError, match="compute_chunk_sizes"):
        rt.mean_count(_unknown_sizes())
    with pytest.raises(ValueError, match="compute_chunk_sizes"):
        rt.unreduce(1.0, _unknown_sizes())


@pytest.mark.parametrize("to", [_to_dask, _to_strict])
def test_complex_outputs_are_refused(to):
    with pytest.raises(OutputError, match="complex"):
        rt.unit_cotangent(to(carr()))
    with pytest.raises(OutputError, match="complex"):
        rt.real_seed(to(carr(3)))
    with pytest.raises(OutputError, match="shape"):
        rt.unit_cotangent(to(arr(3)))
    with pytest.raises(OutputError, match="boolean"):
        rt.unit_cotangent(to(np.array(True)))
    with pytest.raises(TypeError, match="real inputs only"):
        rt.require_real(to(arr(2)), to(carr(2)), "np.foo()")
    with pytest.raises(NotImplementedError, match="complex"):
        rt.sign_tangent(to(arr(2)), to(carr(2)))


@pytest.mark.parametrize("to", [_to_dask, _to_strict])
def test_require_inexact_refuses_integers(to):
    with pytest.raises(Exception, match="int64"):
        rt.require_inexact(to(np.arange(3)), "np.full_like()", 1.0)


def test_dask_broadcasts_keep_the_chunks():
    like = da.ones((6, 4), chunks=(2, 4))
    assert rt.unreduce(1.0, like).chunks == like.chunks
    assert rt.broadcast_to_like(da.ones(4, chunks=4), like).chunks == like.chunks
    assert rt.broadcast_to_like(da.ones((1, 4), chunks=(1, 3)), like).chunks == like.chunks
    items = da.ones((6, 4), chunks=(3, 2))
    assert rt.unbroadcast_each(da.ones(4, chunks=4), items).chunks == items.chunks
    assert rt.unreduce(da.ones(4, chunks=1), like, 0).chunks == like.chunks


# -- the helpers in generated code: today's numpy code, run on Dask through numpy's dispatch --

def _logreg(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def _softmax_xent(W, X, Y):
    z = X @ W
    z = z - np.max(z, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.sum(Y * logp) / X.shape[0]


def _mlp(W1, b1, W2, X, y):
    h = np.tanh(X @ W1 + b1)
    return np.mean((h @ W2 - y) ** 2)


def _e2e_cases():
    X, y = arr(40, 5), (RNG.random(40) > 0.5).astype(float)
    Y = np.eye(3)[RNG.integers(0, 3, 40)]
    return [(_logreg, (arr(5), X, y), 1), (_softmax_xent, (arr(5, 3), X, Y), 1),
            (_mlp, (arr(5, 4), arr(4), arr(4), X, y), 3)]


@pytest.mark.parametrize("f, args, n", _e2e_cases(), ids=["logreg", "softmax_xent", "mlp"])
def test_gradients_of_dask_data_stay_lazy(f, args, n):
    """Parameters in numpy, data in Dask: the gradient is a lazy Dask array equal to
    numpy's (it failed in unbroadcast / unit_cotangent before the helpers were portable)."""
    import tangentish as tg
    wrt = tuple(range(n))
    expected = tg.grad(f, wrt=wrt)(*args)
    data = tuple(da.from_array(a, chunks=10) for a in args[n:])
    with dask.config.set(scheduler=_raising_scheduler):
        got = tg.grad(f, wrt=wrt)(*args[:n], *data)
    got = got if isinstance(got, tuple) else (got,)
    expected = expected if isinstance(expected, tuple) else (expected,)
    for g, e in zip(got, expected):
        assert isinstance(g, da.Array)
        np.testing.assert_allclose(g.compute(), e, rtol=1e-10)
