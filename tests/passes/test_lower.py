"""lower: only the structured subset remains (no continue, no break except a final
``if flag: break``, one final return, ``for`` only over ``range(...)``), with the
function's meaning kept."""
import gast
import pytest

from tests.passes.conftest import assert_keeps_values, run_passes


def early_return(x, n):
    for i in range(n):
        if x > 10.0:
            return x
        x = x * 2.0
    return -x


def break_continue(x, n):
    total = 0.0
    for i in range(n):
        if i % 2 == 0:
            continue
        if total > 20.0:
            break
        total = total + x * i
    return total


def over_sequences(x, n):
    xs = [x, x * 2.0, x * 3.0][:n]
    s = 0.0
    for k, v in enumerate(xs):
        s = s + k * v
    for a, b in zip(xs, reversed(xs)):
        s = s + a * b
    for v in xs:
        s = s - v
    return s


def for_else(x, n):
    for i in range(n):
        if x * i > 5.0:
            break
    else:
        x = x + 100.0
    return x


def while_loop(x, n):
    k = 0
    while k < n:
        k = k + 1
        if x > 50.0:
            break
        x = x * 3.0
    return x + k


def nested_returns(x, n):
    if x > 0:
        if n > 2:
            return x * n
        return x
    return -x


def dict_keys(x, n):
    d = {"a": x, "b": x * 2.0}
    s = 0.0
    for key in d:
        s = s + d[key] * n
    return s


FUNCTIONS = [early_return, break_continue, over_sequences, for_else, while_loop,
             nested_returns, dict_keys]
INPUTS = [(x, n) for x in (-1.5, 0.5, 3.0, 20.0) for n in (0, 1, 3, 5)]


def _loops(node):
    return [n for n in gast.walk(node) if isinstance(n, (gast.For, gast.While))]


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_structured_subset(fn):
    ctx, node = run_passes(fn, "lower")
    returns = [n for n in gast.walk(node) if isinstance(n, gast.Return)]
    assert len(returns) == 1 and node.body[-1] is returns[0], "one final return"
    assert not any(isinstance(n, gast.Continue) for n in gast.walk(node)), "continue left"
    # a break only as the last statement of a loop body: ``if <flag>: break``
    allowed = set()
    for loop in _loops(node):
        last = loop.body[-1]
        if (isinstance(last, gast.If) and isinstance(last.test, gast.Name)
                and len(last.body) == 1 and isinstance(last.body[0], gast.Break)
                and not last.orelse):
            allowed.add(id(last.body[0]))
        assert not loop.orelse, "for/while ... else left"
    breaks = [n for n in gast.walk(node) if isinstance(n, gast.Break)]
    assert all(id(b) in allowed for b in breaks), "a break other than a final `if flag: break`"
    for loop in _loops(node):
        if isinstance(loop, gast.For):
            it = loop.iter
            assert (isinstance(it, gast.Call) and isinstance(it.func, gast.Name)
                    and it.func.id == "range"), "for over something else than range()"
            assert isinstance(loop.target, gast.Name)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_semantics_kept(fn):
    assert_keeps_values(fn, "lower", INPUTS)


def test_new_names_do_not_clash():
    ctx, node = run_passes(break_continue, "lower")
    params = {a.id for a in node.args.args}
    stores = {n.id for n in gast.walk(node) if isinstance(n, gast.Name)
              and isinstance(n.ctx, gast.Store)}
    assert params == {"x", "n"} and not ({"x", "n"} & (stores - {"x", "n", "total", "i"}))
