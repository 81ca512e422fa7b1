"""Shared fixtures.  ``tests`` is a package: the corpora and helpers import as
``tests.corpus.<module>`` (pytest puts the repository root on sys.path)."""
import contextlib
import sys

import pytest

from tangentish.driver import clear_cache
from tangentish.rules import RULES, load_optional_rules


def _rule_table_state():
    # RuleTable keeps its rules in two private dicts (by primitive, by symbol) with
    # no public way to remove an entry; the other three are public attributes.
    return (RULES._rules, RULES._by_symbol, RULES.methods, RULES.attributes, RULES.symbols)


def _loaded_rule_modules():
    return {name for name in sys.modules if name.startswith("tangentish.rules.")}


@contextlib.contextmanager
def rules_restored():
    """Run the body with the global rule table as it is now, and put it back after:
    rules ``tg.register`` (or anything else) added or replaced are gone, the table's
    version moves on (it never goes back, so code generated under the temporary rules
    fails its guard) and the derivative cache is emptied."""
    # the scipy.special rules load on a transform once scipy.special is imported:
    # load them now, or a restore would drop them for the rest of the session
    load_optional_rules()
    modules = _loaded_rule_modules()
    saved = [dict(d) for d in _rule_table_state()]
    try:
        yield RULES
    finally:
        for current, before in zip(_rule_table_state(), saved):
            current.clear()
            current.update(before)
        RULES.version += 1
        clear_cache()
    late = _loaded_rule_modules() - modules
    assert not late, f"rule modules loaded inside rules_restored(), their rules dropped: {late}"


@pytest.fixture
def temporary_rules():
    """For a test that registers rules: the rule table is restored after it.  The
    fixture's value is ``rules_restored`` itself, for a narrower ``with`` block."""
    with rules_restored():
        yield rules_restored
