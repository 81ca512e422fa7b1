"""Closure conversion: nested defs and lambdas reading differentiated values of the
enclosing function (frontend/closures.py)."""
import numpy as np
import pytest

import tangentish
from tangentish.core.errors import TransformError


def lambda_called(x):
    inner = lambda y: x * y
    return inner(2.0) + inner(x)


def def_in_loop(x):
    def g(y):
        return np.sin(x * y)
    s = 0.0
    for i in range(3):
        s = s + g(float(i))
    return s


def default_value(x):
    k = lambda y, c=x * x: c * y
    return k(2.0) + k(1.0, 3.0)


def two_levels(x):
    def outer(y):
        def inner(z):
            return x * y * z
        return inner(2.0) * y
    return outer(x)


def late_binding(x):
    c = 2.0 * x
    g = lambda y: y * c
    c = 5.0 * x
    return g(x)


def array_closure(x):
    w = np.tanh(x)
    def score(v):
        return np.sum(w * v * x)
    return score(x) + score(np.ones(3))


x = 100.0        # a global the nested functions below must not read


def shadowed(x):
    def g(y):
        h = lambda x: x * y     # binds its own x; g reads the enclosing x
        return h(y) + x
    return g(1.0) * x


def rebound_in_loop(x):
    s = x
    for i in range(3):
        g = lambda y: s * y
        s = g(x)
    return s


def bound_after_def(x):
    g = lambda y: c * y
    c = x * 2.0
    return g(x)


def make(c):
    def from_factory(x):
        g = lambda y: c * x * y
        return g(2.0)
    return from_factory


CASES = [
    (shadowed, (0.7,), lambda x: 1 + 2 * x),
    (rebound_in_loop, (0.7,), lambda x: 4 * x ** 3),
    (bound_after_def, (0.7,), lambda x: 4 * x),
    (make(3.0), (0.7,), lambda x: 6.0),
    (make(5.0), (0.7,), lambda x: 10.0),
    (lambda_called, (1.5,), lambda x: 2.0 + 2 * x),
    (def_in_loop, (0.7,), lambda x: np.cos(x) + 2 * np.cos(2 * x)),
    (default_value, (0.7,), lambda x: 4 * x),
    (two_levels, (0.7,), lambda x: 6 * x ** 2),
    (late_binding, (1.5,), lambda x: 10 * x),
]


@pytest.mark.parametrize("f, args, expected", CASES, ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_closure_values_and_check_grads(f, args, expected):
    assert np.allclose(tangentish.grad(f)(*args), expected(*args))
    tangentish.check_grads(f, args, order=2)


def test_array_closure():
    x = np.array([0.3, -0.2, 0.5])
    w = np.tanh(x)
    # score(x) = sum(w x^2), score(1) = sum(w x)
    expected = (1 - w ** 2) * x ** 2 + 2 * w * x + (1 - w ** 2) * x + w
    assert np.allclose(tangentish.grad(array_closure)(x), expected)
    tangentish.check_grads(array_closure, (x,), order=2)


def test_lifted_source_keeps_names():
    text = tangentish.source(tangentish.grad(lambda_called))
    assert "inner(x, 2.0)" in text and "vjp_inner" in text


def apply(g, v):
    return g(v)


def twice(v, g):
    return g(g(v))


def keep(g):
    return [g]


def passed_to_helpers(x):
    g = lambda y: x * y
    return apply(g, 2.0) + twice(x, g=g)


def test_passed_to_map():
    # map(g, xs) is lowered to a generator of direct calls of g, which closure conversion lifts
    assert tangentish.grad(passed_to_map)(1.5) == pytest.approx(3.0)
    tangentish.check_grads(passed_to_map, (1.5,), order=2)


def test_passed_to_helper():
    # apply(g, 2) = 2x, twice(x, g) = x * (x * x) = x^3
    assert np.allclose(tangentish.grad(passed_to_helpers)(0.7), 2 + 3 * 0.7 ** 2)
    tangentish.check_grads(passed_to_helpers, (0.7,), order=2)
    text = tangentish.source(tangentish.grad(passed_to_helpers))
    assert "apply_g(x, 2.0)" in text


def passed_to_keeper(x):
    g = lambda y: x * y
    return keep(g)[0](2.0)


def passed_to_map(x):
    g = lambda t: t * x
    return np.sum(list(map(g, [1.0, 2.0])))


def inline_lambda_to_helper(x):
    return apply(lambda y: x * y, 2.0)


def returned(x):
    g = lambda y: x * y
    return g(1.0), g


def stored(x):
    g = lambda y: x * y
    gs = [g]
    return gs[0](2.0)


def assigns_nonlocal(x):
    def g(y):
        nonlocal x
        x = x * y
        return x
    return g(2.0)


def rebound_after_kept(x):
    c = 2.0
    g = lambda y: y * c
    fs = [g]
    c = 5.0
    return fs[0](x)


def _line_of(f, text):
    import inspect
    lines, start = inspect.getsourcelines(f)
    return start + next(i for i, l in enumerate(lines) if text in l)


@pytest.mark.parametrize("f, words, at", [
    (passed_to_keeper, ["nested function 'g'", "passed to keep()", "other than by calling it"],
     "keep(g)"),
    (inline_lambda_to_helper, ["nested function", "'x'", "passed to another function"],
     "apply(lambda"),
    (returned, ["nested function", "'x'", "returned"], "lambda"),
    (stored, ["nested function", "'x'", "stored in a container"], "lambda"),
    (assigns_nonlocal, ["nonlocal statement (x)"], "nonlocal x"),
    (rebound_after_kept, ["nested function", "'c'", "rebinds after it", "late binding"], "c = 5.0"),
])
def test_refused(f, words, at):
    with pytest.raises(TransformError) as e:
        tangentish.grad(f)(0.7)
    msg = str(e.value)
    for w in words:
        assert w in msg, msg
    assert f"test_closures.py:{_line_of(f, at)}:" in msg, msg
