"""Early returns and breaks in loops: the generated code keeps one flag where the
flags always agree (lower_control.py), and a break flag set in one branch
becomes ``if c: break`` (optimize.py).  Each form is checked where the exit
happens at the first, a middle, the last and no iteration, on an empty array,
in nested loops, with ``continue``, against hand values and finite differences
up to the second order (the generated loop with its plain ``break`` is itself
differentiated again)."""
import numpy as np
import pytest

import tangentish as tg


def search(x):
    for v in x:
        if v > 0.5:
            return v * v * 2.0
    return np.sum(x ** 3)


def accumulate_until(x):
    total = 0.0
    for v in x:
        if v < -1.0:
            break
        total = total + v * v * v
    return total


def search_index(x):
    for i in range(x.shape[0]):
        if x[i] > 0.5:
            return np.sin(x[i]) * x[0]
    return np.sum(np.cos(x))


def with_continue(x):
    total = 0.0
    for v in x:
        if v < 0.0:
            continue
        if v > 2.0:
            return total * v
        total = total + v * v
    return total


def nested(X):
    total = 0.0
    for row in X:
        for v in row:
            if v > 1.0:
                return total + v ** 3
            total = total + np.sin(v)
    return total


def while_search(x):
    i = 0
    s = 0.0
    while i < x.shape[0]:
        if x[i] > 0.5:
            return s + x[i] ** 2
        s = s + x[i] * x[i] * x[i]
        i += 1
    return s


FIRST, MIDDLE, LAST, NONE = (np.array([0.9, 0.2, -2.0, 0.3]), np.array([0.1, 0.2, 0.9, -2.5]),
                             np.array([0.1, 0.2, 0.3, 0.8]), np.array([0.1, 0.2, 0.3, -0.4]))
ARRAYS = {"first": FIRST, "middle": MIDDLE, "last": LAST, "none": NONE}
FUNCTIONS = [search, accumulate_until, search_index, with_continue, while_search]


def search_by_hand(x):
    g = np.zeros_like(x)
    hits = np.flatnonzero(x > 0.5)
    if hits.size:
        g[hits[0]] = 4.0 * x[hits[0]]
    else:
        g = 3.0 * x ** 2
    return g


def accumulate_by_hand(x):
    g = np.zeros_like(x)
    for k, v in enumerate(x):
        if v < -1.0:
            break
        g[k] = 3.0 * v * v
    return g


@pytest.mark.parametrize("where", list(ARRAYS))
def test_search_against_hand_values(where):
    x = ARRAYS[where]
    np.testing.assert_allclose(tg.grad(search)(x), search_by_hand(x), rtol=1e-12)


@pytest.mark.parametrize("where", list(ARRAYS) + ["break_at_first"])
def test_break_against_hand_values(where):
    x = np.array([-2.0, 0.5, 0.3]) if where == "break_at_first" else ARRAYS[where]
    np.testing.assert_allclose(tg.grad(accumulate_until)(x), accumulate_by_hand(x), rtol=1e-12)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=[f.__name__ for f in FUNCTIONS])
@pytest.mark.parametrize("where", list(ARRAYS))
def test_second_order(fn, where):
    tg.check_grads(fn, (ARRAYS[where],), order=2)


@pytest.mark.parametrize("fn", [search, accumulate_until, with_continue])
def test_empty_array(fn):
    x = np.zeros(0)
    assert tg.grad(fn)(x).shape == (0,)


@pytest.mark.parametrize("X", [np.array([[0.1, 0.2], [1.5, 0.3]]), np.array([[0.1, 0.2], [0.4, 0.3]]),
                               np.array([[1.2, 0.2], [0.4, 0.3]])], ids=["middle", "none", "first"])
def test_nested_loops(X):
    tg.check_grads(nested, (X,), order=2)


def test_return_in_loop_uses_one_flag():
    text = tg.source(tg.grad(search), FIRST)
    assert "broke" not in text and "returned_" not in text
    flags = [line.strip() for line in text.splitlines() if line.strip().startswith("returned = ")]
    assert flags == ["returned = False", "returned = True"]


def test_break_becomes_plain():
    text = tg.source(tg.grad(accumulate_until), FIRST)
    assert "broke" not in text
    assert "if lt_v:\n            break" in text
    assert "total = total + " in text               # the loop-carried name, no phi copies
