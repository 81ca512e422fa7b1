"""The rule table as a whole: every differentiable rule has a case in the test file of
its module, the table refuses a rule defined twice, aliases reach the same rules, and
docs/COVERAGE.md is generated from the table."""
import importlib
import pathlib

import numpy as np
import pytest
import scipy.special

import tangentish as tg
from tangentish.rules import RULES, load_optional_rules

# rules module -> the test file holding its cases
FILES = {"tangentish.rules.operators": "test_operators", "tangentish.rules.builtins": "test_builtins"}
FILES.update({f"tangentish.rules.numpy.{m}": f"test_{m}" for m in (
    "elementwise", "reductions", "shape", "indexing", "joining", "products", "sampling", "linalg", "fft",
    "special", "scipy_stats", "methods")})


def all_cases():
    return [c for name in sorted(set(FILES.values()))
            for c in importlib.import_module(f"tests.rules.{name}").CASES]


def test_every_differentiable_rule_has_a_case():
    """Every differentiable rule of the operators, the built-ins and the numpy / scipy
    families has a case of its own (a method's case does not count for the function);
    the runtime helpers' rules (rules/helpers/) are exercised through these cases and
    tests/rules/test_helpers.py."""
    load_optional_rules()
    modules = set(FILES) - {"tangentish.rules.numpy.methods"}
    differentiable = {r.primitive for r in RULES if not r.nondiff and r.module in modules}
    covered = {RULES.get(c.primitive()).primitive for c in all_cases()
               if not (isinstance(c.rule, str) and c.rule.startswith("."))}
    missing = sorted(getattr(p, "__name__", repr(p)) for p in differentiable - covered)
    assert not missing, f"rules without a case: {missing}"


def test_every_rules_module_has_its_test_file():
    load_optional_rules()
    here = pathlib.Path(__file__).parent
    modules = {r.module for r in RULES if r.module and not r.module.startswith("tangentish.rules.helpers.")}
    assert modules <= set(FILES), modules - set(FILES)
    for name in FILES.values():
        assert (here / f"{name}.py").exists(), name
    assert (here / "test_nondiff.py").exists() and (here / "test_helpers.py").exists()


def test_coverage_doc_is_up_to_date():
    import runpy
    root = pathlib.Path(__file__).resolve().parents[2]
    gen = runpy.run_path(str(root / "scripts" / "gen_coverage.py"))
    import sys
    versions = f"Python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}"
    assert (root / "docs" / "COVERAGE.md").read_text() == gen["render"](), \
        f"docs/COVERAGE.md differs from the rule table on {versions}: run python " \
        "scripts/gen_coverage.py, and list a function that only newer versions have in its NEWER"
    assert gen["newer_mismatches"]() == [], versions


def test_aliases_reach_the_same_rules():
    assert np.absolute is np.abs and np.true_divide is np.divide
    assert np.remainder is np.mod and np.conjugate is np.conj and scipy.special.psi is scipy.special.digamma
    for f in (np.absolute, np.true_divide, np.remainder, np.conjugate, scipy.special.psi):
        assert f in RULES and not RULES.get(f).nondiff


def test_package_rule_defined_twice_raises():
    """tangentish's own rule modules may not define a primitive, or a name templates call,
    twice (the second would silently replace the first); users re-register freely."""
    import math
    from tangentish.rules.table import DuplicateRuleError, Rule, RuleTable
    table = RuleTable()
    table.define(Rule(np.sin, "np.sin(x)", jvp={"x": "t * np.cos(x)"}), "tangentish.rules.a")
    with pytest.raises(DuplicateRuleError, match="defined twice"):
        table.define(Rule(np.sin, "np.sin(x)", jvp={"x": "t"}), "tangentish.rules.b")
    with pytest.raises(DuplicateRuleError, match="'np.sin'"):
        table.define(Rule(np.cos, "np.sin(x)", jvp={"x": "t"}), "tangentish.rules.b")
    # functions with no derivative are named by their __name__ alone: np.floor, math.floor
    table.define(Rule(np.floor, "floor(*args)", nondiff=True), "tangentish.rules.a")
    table.define(Rule(math.floor, "floor(*args)", nondiff=True), "tangentish.rules.b")
    # registration (tangentish.register uses add) replaces a rule
    later = table.add(Rule(np.sin, "np.sin(x)", jvp={"x": "t"}))
    assert table.get(np.sin) is later


def test_rule_modules_do_not_redefine():
    """Every rule module of the package was loaded through the duplicate check."""
    from tangentish.rules import RULES
    ours = [r for r in RULES if (r.module or "").startswith("tangentish.rules.")]
    assert ours and all(RULES._defined.get(r.primitive) == r.module for r in ours)


# -- registration and the API around the rules -----------------------------------------------------------------
def fabs_sum(x):
    return np.sum(np.fabs(x))


def sum_of_varargs(x, y):
    return np.sum(varargs_sum(x, y) * 2.0)


def varargs_sum(*xs):
    return xs[0] + xs[1]


def test_grad_wrt_a_one_element_tuple_returns_a_tuple():
    """grad(f, wrt=(0,)) returns a bare array; a tuple wrt should give a tuple (as
    autograd/JAX argnums, and as tests/corpus/helpers.assert_grad_matches_fd expects)."""
    got = tg.grad(fabs_sum, wrt=(0,))(np.array([1.0, -2.0]))
    assert isinstance(got, tuple) and len(got) == 1


def test_registered_varargs_rule_has_a_reverse_mode_adjoint(temporary_rules):
    """A rule whose *varargs parameter has a transpose (the natural signature for
    np.einsum) gets no adjoint in reverse mode: the gradient is silently zero."""
    tg.register(varargs_sum, "varargs_sum(*xs)", linear={"xs": "g"})
    dx, dy = tg.grad(sum_of_varargs, wrt=(0, 1))(np.ones(2), np.ones(2))
    np.testing.assert_allclose(dx, [2.0, 2.0])
    np.testing.assert_allclose(dy, [2.0, 2.0])


