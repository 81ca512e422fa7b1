"""Calls of list / tuple / dict / max / min that are displays in disguise (``list((a, b))``,
``dict(a=x)``, ``max([a, b, c])``, ``min(a, b, c)``) are differentiated as those displays,
in both modes and at second order; what is not a display keeps a located refusal."""
import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError
from tests.corpus.helpers import numerical_grad


def list_of_tuple(x):
    xs = list((x, x * 2.0, 3.0))
    return xs[0] * xs[1] + xs[2]


def tuple_of_list(x):
    t = tuple([np.sin(x), x * x])
    return t[0] * t[1]


def dict_keywords(x):
    d = dict(a=x, b=x * x, c=2.0)
    return d["a"] * d["c"] + d["b"]


def max_of_list(x):
    return max([x, x * x, 0.5])


def max_of_tuple(x):
    return max((np.cos(x), x))


def min_of_arguments(x, y):
    return min(x, y * 2.0, x * y)


def max_of_one(x):
    return max([x * 3.0])


def max_of_array_entries(v):
    return max([v[0], v[1] * v[2]]) + min(v[0], v[1], v[2])


def nested(x):
    d = dict(first=list((x, x * 2.0)), second=tuple([x * 3.0]))
    return max(d["first"][1], d["second"][0], x * x)


SCALAR = [(list_of_tuple, 1.5), (tuple_of_list, 0.7), (dict_keywords, 1.2), (max_of_list, 1.5),
          (max_of_list, 0.8), (max_of_list, 0.1), (max_of_tuple, 0.3), (max_of_tuple, 1.2),
          (max_of_one, 0.4), (nested, 0.5), (nested, 2.5)]


@pytest.mark.parametrize("f, x", SCALAR, ids=lambda c: getattr(c, "__name__", str(c)))
def test_both_modes_and_second_order_match_finite_differences(f, x):
    expected = numerical_grad(f, (x,), 0)
    assert tg.grad(f)(x) == pytest.approx(expected, rel=1e-6, abs=1e-8)
    assert tg.jvp(f, (x,), (1.0,))[1] == pytest.approx(expected, rel=1e-6, abs=1e-8)
    second = numerical_grad(tg.grad(f), (x,), 0, eps=1e-5)
    assert tg.grad(tg.grad(f))(x) == pytest.approx(second, rel=1e-4, abs=1e-6)


@pytest.mark.parametrize("x, y", [(0.5, 0.4), (0.5, 0.1), (-0.5, 2.0)])
def test_min_of_three_arguments(x, y):
    expected = numerical_grad(min_of_arguments, (x, y), (0, 1))
    assert tg.grad(min_of_arguments, wrt=(0, 1))(x, y) == pytest.approx(expected, rel=1e-6)


def test_array_entries():
    v = np.array([1.0, 3.0, 2.0])
    np.testing.assert_allclose(tg.grad(max_of_array_entries)(v),
                               numerical_grad(max_of_array_entries, (v,), 0), rtol=1e-6)


def test_ties_go_to_the_first_as_pythons_max():
    # max([x, x, 0.5]) returns the first x: all of the derivative flows through it once
    def tie(x):
        return max([x, x * 1.0, 0.5])
    assert max([1.0, 1.0 * 1.0, 0.5]) == 1.0
    assert tg.grad(tie)(1.0) == 1.0


def max_of_variable(x):
    # a list of unknown origin (a list the function builds is supported:
    # tests/test_calls_and_objects.py)
    xs = list_of(x)
    return max(xs)


def list_of(x):
    return [x, 2.0 * x]


def max_with_key(x):
    return max([x, -x], key=abs)


@pytest.mark.parametrize("f, words", [(max_of_variable, "1 positional argument"),
                                      (max_with_key, "'key'")])
def test_what_is_not_a_display_is_refused_at_the_users_line(f, words):
    with pytest.raises(TransformError) as info:
        tg.grad(f)(1.5)
    assert info.value.filename == __file__ and words in str(info.value)


def conj_of(x):
    return x.compress([True]) * 2.0


@pytest.mark.parametrize("f, method", [(conj_of, ".compress()")])
def test_a_method_without_rule_on_an_active_value_is_named(f, method):
    with pytest.raises(TransformError) as info:
        tg.grad(f)(np.float64(1.5))
    assert info.value.filename == __file__
    assert f"the method {method} called on a value that carries a derivative" in str(info.value)
