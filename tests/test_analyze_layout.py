"""Issue 11: analyze/effects.py split into effects / summaries / bindings / effect_guards
with no change of behaviour: the pieces other layers reach still line up."""
import gast
import numpy as np

import tangentish
from tangentish.analyze import aliasing, bindings, effect_guards, effects, summaries
from tangentish.core import engine
from tangentish.ir.nodes import parameter_names


def test_effects_guard_installed():
    assert tangentish is not None
    assert engine.effects_guard is effect_guards.check_guard


def test_summary_reachable_from_effects():
    assert effects.summary is summaries.summary


def test_fresh_call_tables_unchanged():
    base = [np.zeros, np.ones, np.empty, np.full, np.zeros_like, np.ones_like, np.empty_like,
            np.full_like, np.arange, np.linspace, np.eye, np.identity, np.array, np.copy,
            list, dict, tuple, range]
    assert {id(f) for f in aliasing.FRESH_CALLS} == {id(f) for f in base + [len]}
    assert {id(f) for f in bindings.FRESH_CALLS} == {id(f) for f in base + [
        np.concatenate, np.stack, np.vstack, np.hstack, set, float, int, sorted]}


def test_parameter_names_kwarg():
    fn = gast.parse("def f(a, /, b, *c, d, **e): pass").body[0]
    assert parameter_names(fn) == ["a", "b", "d", "c"]
    assert parameter_names(fn, kwargs=True) == ["a", "b", "d", "c", "e"]
    assert bindings.all_parameter_names(
        gast.parse("def f(a, **k):\n    g = lambda y: y").body[0]) == {"a", "k", "y"}


def test_transformed_public_attributes():
    def f(x, y):
        return x * y

    df = tangentish.grad(f)
    assert df.target is f and df.prefix == () and df.keywords == {}
    assert not df.per_call_shape
    assert df.for_call(2, ()).fn is df.generated
