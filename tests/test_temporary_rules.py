"""The ``temporary_rules`` fixture (tests/conftest.py): a test that registers rules
leaves the global rule table as it found it, and no derivative generated under the
temporary rules outlives them."""
import numpy as np

import tangentish as tg
from tangentish.rules import RULES

X = np.array([0.3, -0.7, 1.1])


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def triple_unregistered(x):
    return x * 3.0


def sum_sin(x):
    return np.sum(np.sin(x))


def sum_triple(x):
    return np.sum(triple_unregistered(x))


def _wrong_rules_inside_a_block(rules_restored):
    """In the block np.sin's rule is replaced by a wrong one and a new primitive gets a
    rule of its own, both used by grad; after it, the built-in rule and the source are
    back, for code generated in the block too."""
    with rules_restored():
        tg.register(np.sin, "np.sin(x)", jvp={"x": "t * 5.0"})
        tg.register(triple_unregistered, "triple_unregistered(x)", jvp={"x": "t * 7.0"})
        inside = tg.grad(sum_sin)
        close(inside(X), 5.0 * np.ones(3))
        close(tg.grad(sum_triple)(X), 7.0 * np.ones(3))
    close(inside(X), np.cos(X))
    close(tg.grad(sum_sin)(X), np.cos(X))
    close(tg.grad(sum_triple)(X), 3.0 * np.ones(3))
    assert triple_unregistered not in RULES


def test_context_manager_form_restores_the_table_each_time(temporary_rules):
    sin_rule, count, version = RULES.get(np.sin), len(RULES), RULES.version
    before = tg.grad(sum_sin)
    close(before(X), np.cos(X))
    _wrong_rules_inside_a_block(temporary_rules)
    _wrong_rules_inside_a_block(temporary_rules)     # the first block left nothing behind
    assert RULES.get(np.sin) is sin_rule and len(RULES) == count
    assert RULES.version > version                   # never back: old guards cannot match
    close(before(X), np.cos(X))


def test_fixture_registers_a_wrong_rule(temporary_rules):
    tg.register(np.sin, "np.sin(x)", jvp={"x": "t * 5.0"})
    close(tg.grad(sum_sin)(X), 5.0 * np.ones(3))


def test_following_test_sees_the_built_in_rule_again():
    """Runs after test_fixture_registers_a_wrong_rule (file order): its rule is gone."""
    assert RULES.get(np.sin).jvp_text != {"x": "t * 5.0"}
    close(tg.grad(sum_sin)(X), np.cos(X))
