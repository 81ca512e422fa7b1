"""fold: single-use temporaries are inlined only where the order of evaluation (of
effects and of errors) stays the same; copies collapse; the user's names stay."""
import math
import textwrap
import types

import gast
import numpy as np
import pytest

import tangentish as tg
from tangentish.frontend.resolve import module_of
from tangentish.ad import fold
from tangentish.ir.nodes import text


def user(x, y, h):
    """Stands for the user's function: its local names are kept."""


def _fold(source):
    node = gast.parse(textwrap.dedent(source)).body[0]
    ctx = types.SimpleNamespace(sf=types.SimpleNamespace(fn=user), resolver=None, facts=None)
    body = fold.run(ctx, node).body
    return [text(s).strip() for s in body]


def test_a_chain_of_temporaries_becomes_the_users_expression():
    assert _fold("""
        def f(x, W, b):
            matmul = x @ W
            add = matmul + b
            h = np.tanh(add)
            return h
    """) == ["h = np.tanh(x @ W + b)", "return h"]


def test_a_temporary_read_after_another_computation_is_not_moved_past_it():
    # c = b + a: moving a = f(x) to its read would run g(y) first
    assert _fold("""
        def f(x, y):
            a = f(x)
            b = g(y)
            c = b + a
            return c
    """) == ["a = f(x)", "return g(y) + a"]


def test_a_temporary_is_not_moved_past_a_statement_nor_into_a_while_header():
    assert _fold("""
        def f(x, y):
            a = f(x)
            stack.append(y)
            b = a + 1
            n = len(x)
            for i in range(n):
                b = b + 1
            return b
    """)[:3] == ["a = f(x)", "stack.append(y)", "b = a + 1"]
    # a for header's iterable is evaluated once, where the temporary was: it folds there
    assert "for i in range(len(x)):" in "\n".join(_fold("""
        def f(x):
            n = len(x)
            for i in range(n):
                x = x + 1
            return x
    """))
    # a while condition is evaluated again after each iteration: it does not
    assert "while n > x:" in "\n".join(_fold("""
        def f(x):
            n = len(x)
            while n > x:
                x = x + 1
            return x
    """))


@pytest.mark.parametrize("use", ["p and a", "a if p else 0.0", "(lambda: a)()",
                                 "[a for _ in range(2)]", "{'k': g(y), 'a': a}"])
def test_a_temporary_is_not_moved_where_it_would_run_conditionally_or_again(use):
    assert _fold(f"""
        def f(x, p, y):
            a = f(x)
            b = {use}
            return b
    """)[0] == "a = f(x)"


def test_copy_chains_collapse_and_vjp_results_take_their_adjoints_names():
    assert _fold("""
        def f(x, y):
            s_1 = 2.0
            s_3 = s_1
            s_4 = s_3
            d_0, d_1 = vjp_g(s_4, x)
            dx = d_0
            dx = dx + d_1
            return dx
    """) == ["d_0, d_1 = vjp_g(2.0, x)".replace("d_0", "dx"), "dx = dx + d_1", "return dx"]


def test_the_users_names_and_long_lines_stay():
    folded = _fold("""
        def f(x, y):
            h = np.sin(x)
            z = h * 2.0
            long_name_number_one = np.exp(x) * np.sin(y) * np.cos(x) * np.tanh(y)
            r = long_name_number_one + np.exp(y) * np.sin(x) * np.cos(y) * np.tanh(x)
            return r
    """)
    assert folded[0] == "h = np.sin(x)"
    assert folded[2].startswith("long_name_number_one = ")


def mlp(W1, b1, W2, X):
    h = np.tanh(X @ W1 + b1)
    return np.sum(np.tanh(h @ W2) ** 2) / X.shape[0]


def rnn(Wh, xs, h):
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] + h @ Wh)
    return np.sum(h * h)


@pytest.mark.parametrize("fn,args", [
    (mlp, (np.full((3, 2), 0.3), np.array([0.1, -0.2]), np.full((2, 2), 0.5), np.ones((4, 3)))),
    (rnn, (np.eye(2) * 0.5, np.ones((3, 2)) * 0.2, np.array([0.1, 0.3]))),
])
def test_folded_gradients_match_finite_differences_to_second_order(fn, args):
    tg.check_grads(fn, args, order=2)
    assert "np.tanh(" in tg.source(tg.grad(fn))


def test_copies_move_past_other_copies_but_not_past_a_rebinding_of_what_they_read():
    assert _fold("""
        def f(x, y):
            a_2 = True
            b_2 = False
            a_3 = a_2
            b_3 = b_2
            return (a_3, b_3)
    """) == ["return (True, False)"]
    assert _fold("""
        def f(x, u):
            t = u
            u_1 = 2.0
            u = u_1
            w = t * u
            return w
    """)[0] == "t = u"


def test_numpy_ufuncs_fold_like_other_numpy_calls_on_every_numpy():
    """numpy < 2.1 gives ufuncs no ``__module__``: the passes ask ``module_of``, so the
    same code folds the same way on every numpy (tests/test_cross_version.py)."""
    assert module_of(np.sin) == module_of(np.add) == "numpy"
    assert module_of(np.sum) == "numpy" and module_of(math.sin) == "math"
    assert module_of(3.0) == "" and module_of(None) == ""
