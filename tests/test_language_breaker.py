"""Findings of the language breaker (np.r_ slice bounds, ``**kwargs`` order and
keyword names, ``grad(f, wrt=(k,))`` inside differentiated code, ``.item()`` taken
again): each program gives Python's value and the finite-difference derivative at
second order, or is refused with a TransformError located at the user's line."""
import functools

import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError

X = 1.3


def fd(f, x=X, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def check(f, value, grad):
    v, g = tg.value_and_grad(f)(X)
    assert v == pytest.approx(f(X)) and v == pytest.approx(value)
    assert g == pytest.approx(grad) and g == pytest.approx(fd(f), rel=1e-5)
    tg.check_grads(f, (X,), order=2)


# W1: np.r_ / np.c_ slices whose bounds carry a derivative were differentiated as
# constants (derivative 0); they are refused in both modes


def w1_arange(x):
    return np.sum(np.r_[x:x + 3])


def w1_linspace(x):
    return np.sum(np.r_[1:x:3j] ** 2)


def w1_step(x):
    return np.sum(np.c_[0.0:2.0:x])


def w1_constant_bounds(x):
    return np.sum(np.r_[0:3] * x) + np.sum(np.r_[x, 0.0:1.0:3j])


@pytest.mark.parametrize("f", [w1_arange, w1_linspace, w1_step])
@pytest.mark.parametrize("op", [tg.grad, lambda f: (lambda x: tg.jvp(f, (x,), (1.0,)))])
def test_r_slice_with_active_bounds_is_refused(f, op):
    with pytest.raises(TransformError) as info:
        op(f)(X)
    assert "test_language_breaker.py" in str(info.value)
    assert "np." in str(info.value)        # the user's np.r_[...] / np.c_[...] line is shown


def test_r_slice_with_constant_bounds_still_differentiates():
    check(w1_constant_bounds, 3 * X + X + 1.5, 4.0)


# W7: a **kwargs dict keeps the call's order (it was rebuilt in sorted key order)


def gfirst(**kw):
    return list(kw.values())[0]


def w7_dict(x):
    d = {"b": x, "a": 2.0}
    return gfirst(**d) * 3


def w7_keywords_both_orders(x):
    return gfirst(b=x, a=2.0) * 3 + gfirst(a=2.0, b=x)


def w7_partial(x):
    f = functools.partial(gfirst, z=x)
    return f(y=2.0) * 3


def w7_partial_constant(x):
    f = functools.partial(gfirst, y=2.0)
    return f(z=x) * 3


def w7_partial_inline(x):
    return functools.partial(gfirst, z=x)(y=2.0) * 3


@pytest.mark.parametrize("f, value, grad", [
    (w7_dict, 3 * X, 3.0),
    (w7_keywords_both_orders, 3 * X + 2.0, 3.0),
    (w7_partial, 3 * X, 3.0),
    (w7_partial_constant, 6.0, 0.0),
])
def test_kwargs_keep_call_order(f, value, grad):
    v, g = tg.value_and_grad(f)(X)
    assert v == pytest.approx(f(X)) == pytest.approx(value)
    assert g == pytest.approx(grad) and g == pytest.approx(fd(f), abs=1e-6)
    if grad:
        tg.check_grads(f, (X,), order=2)


def test_kwargs_order_of_an_inline_partial():
    # Python's number, or a refusal at the user's line: never the sorted order's 0
    try:
        v, g = tg.value_and_grad(w7_partial_inline)(X)
    except TransformError as exc:
        assert "test_language_breaker.py" in str(exc)
    else:
        assert (v, g) == (pytest.approx(3 * X), pytest.approx(3.0))


def scaled_first(x, **kw):
    return x * list(kw.values())[0]


def test_kwargs_order_at_the_api():
    # one derivative object called with the same keywords in both orders: one
    # specialization per order (the cache key keeps the order)
    df = tg.grad(scaled_first)
    assert df(X, b=2.0, a=5.0) == pytest.approx(2.0)
    assert df(X, a=5.0, b=2.0) == pytest.approx(5.0)
    assert df(X, b=2.0, a=5.0) == pytest.approx(2.0)


# C1: a ** key that is a Python keyword crashed with a SyntaxError compiling
# def gk(*, a, class); it is refused at the user's line


def gk(**kw):
    return kw["a"] * kw.get("class", 2.0)


def c1(x):
    return gk(**{"a": x, "class": x})


def c1_not_keyword(x):
    return gk(**{"a": x, "klass": x})


def test_keyword_named_kwargs_key_is_refused():
    with pytest.raises(TransformError) as info:
        tg.grad(c1)(X)
    assert "test_language_breaker.py" in str(info.value)
    assert "kwargs" in str(info.value)


def test_identifier_kwargs_key_still_differentiates():
    check(c1_not_keyword, 2 * X, 2.0)


# C2: tangentish.grad(f, wrt=(k,)) (a tuple of one gradient) inside differentiated code


def inner3(x, y, z):
    return x * y * z ** 2


def c2_first(x):
    return tg.grad(inner3, wrt=(0,))(x, 2.0, x)[0]          # y z^2 = 2 x^2


def c2_last(x):
    return tg.grad(inner3, wrt=(2,))(x, 2.0, x)[0]          # 2 x y z = 4 x^2


def c2_value_and_grad(x):
    return tg.value_and_grad(inner3, wrt=(0,))(x, 2.0, x)[1][0]


def c2_unpacked(x):
    v, (g,) = tg.value_and_grad(inner3, wrt=(2,))(x, 2.0, x)
    return v * g                                             # 2 x^3 * 4 x^2


@pytest.mark.parametrize("f, value, grad", [
    (c2_first, 2 * X ** 2, 4 * X),
    (c2_last, 4 * X ** 2, 8 * X),
    (c2_value_and_grad, 2 * X ** 2, 4 * X),
    (c2_unpacked, 8 * X ** 5, 40 * X ** 4),
])
def test_grad_of_one_element_wrt_tuple_inside(f, value, grad):
    check(f, value, grad)


# C3: .item() of a 0-d array differentiated twice in reverse mode


def c3(x):
    return np.array(x * 2).item() * x


def c3_one_element(x):
    return np.array([x * 2]).item() * x ** 2


@pytest.mark.parametrize("f, value, grad", [
    (c3, 2 * X ** 2, 4 * X),
    (c3_one_element, 2 * X ** 3, 6 * X ** 2),
])
def test_item_reverse_over_reverse(f, value, grad):
    check(f, value, grad)
    tg.check_grads(f, (X,), order=2, modes=("rev",))
    assert tg.grad(tg.grad(f))(X) == pytest.approx(4.0 if f is c3 else 12 * X)
