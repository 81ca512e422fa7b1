"""Chained comparisons ``a < b < c`` (Python's ``a < b and b < c``, each operand evaluated
once): the branch they select is differentiated, in both modes and at second order."""
import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError
from tests.corpus.helpers import numerical_grad


def window(x):
    if 0.0 < x < 2.0:
        return x * x * x
    return 2.0 * x


def three_way(x, lo, hi):
    y = np.sin(x)
    if lo <= y < hi <= 1.0:
        return y * x
    return y


def as_value(x, m):
    inside = -1.0 < m < 1.0
    return x * x if inside else -x


def in_loop(x):
    s = 0.0
    k = 0
    while 0 <= k < 3:
        s = s + x ** (k + 1)
        k = k + 1
    return s


def middle_expression(x):
    if 0.0 < x * 2.0 < 1.0:
        return x
    return x * x


CASES = [(window, (1.5,)), (window, (2.5,)), (window, (-0.5,)), (three_way, (0.4, 0.1, 0.9)),
         (three_way, (0.4, 0.5, 0.9)), (as_value, (0.7, 0.2)), (as_value, (0.7, 3.0)),
         (in_loop, (0.6,))]


def _fd(f, args):
    return numerical_grad(f, args, 0)


@pytest.mark.parametrize("f, args", CASES, ids=lambda c: getattr(c, "__name__", str(c)))
def test_reverse_and_forward_match_finite_differences(f, args):
    expected = _fd(f, args)
    assert tg.grad(f)(*args) == pytest.approx(expected, rel=1e-6, abs=1e-8)
    tangents = (1.0,) + (None,) * (len(args) - 1)
    assert tg.jvp(f, args, tangents)[1] == pytest.approx(expected, rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("f, args", CASES, ids=lambda c: getattr(c, "__name__", str(c)))
def test_second_order(f, args):
    grad = tg.grad(f)
    expected = numerical_grad(grad, args, 0, eps=1e-5)
    assert tg.grad(grad)(*args) == pytest.approx(expected, rel=1e-4, abs=1e-6)


def test_operands_are_evaluated_as_python_does():
    assert [window(v) for v in (1.5, 2.5, 0.0)] == [1.5 ** 3, 5.0, 0.0]
    assert tg.grad(window)(0.0) == 2.0        # 0.0 < 0.0 is false: the other branch


def test_a_middle_expression_is_refused_at_the_users_line():
    with pytest.raises(TransformError) as info:
        tg.grad(middle_expression)(0.3)
    assert info.value.filename == __file__
    assert "chained comparison whose middle operand is an expression" in str(info.value)


def starred(x):
    a, *rest = [x, x * 2.0, x * 3.0]
    return a * rest[1]


def test_starred_target_is_refused_naming_it():
    with pytest.raises(TransformError, match=r"starred target \(a, \*rest = \.\.\.\)"):
        tg.grad(starred)(1.5)
