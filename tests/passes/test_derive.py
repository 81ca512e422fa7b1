"""ad/derive: the cotangent derived (transposed) from a rule's jvp template satisfies
the dot-product identity <J t, g> == <t, J^T g>.  The templates are evaluated
directly: ``derive.tangent`` and ``derive.cotangent`` build the expressions for a
rule bound to placeholder names, which are then evaluated on random arrays."""
import ast

import gast
import numpy as np
import pytest
import scipy.special  # noqa: F401 - the optional rules load once scipy is imported:
import scipy.stats  # noqa: F401 - their elementwise rules are checked here too

from tangentish import driver
from tangentish.ad import derive
from tangentish.rules import RULES, load_optional_rules
from tangentish.ir import templates

load_optional_rules()


def _namespace():
    ns = driver._symbol_objects()
    ns.update({"np": np, "numpy": np})
    return ns


def _eval(node, env):
    tree = ast.fix_missing_locations(ast.Expression(gast.gast_to_ast(node)))
    return eval(compile(tree, "<derive test>", "eval"), env)


def _candidates():
    """(rule, param) whose cotangent is derived from the jvp (no transpose given),
    for elementwise rules (inputs and outputs are arrays of one shape)."""
    out = []
    for rule in RULES:
        if not rule.elementwise or rule.nondiff or rule.varargs is not None:
            continue
        for p in rule.jvp:
            if rule.transpose_template(p) is None and p not in rule.sequences:
                out.append((rule, p))
    return out


CANDIDATES = _candidates()
DOMAINS = [(0.2, 0.8), (1.2, 1.8), (-0.8, -0.2), (2.5, 4.0)]


# (shape of the inputs, whether the inputs not differentiated are integers): arrays
# first; scalar-only functions (math.*) on floats; np.ldexp's exponent is an integer
LAYOUTS = [((4,), False), ((), False), ((4,), True)]


def _check(rule, param, rng):
    """None when the rule's primitive cannot be evaluated on any domain tried, else
    the two sides of the identity."""
    for shape, integer_others in LAYOUTS:
        for lo, hi in DOMAINS:
            result = _check_at(rule, param, rng, shape, integer_others, lo, hi)
            if result is not None:
                return result
    return None


def _check_at(rule, param, rng, shape, integer_others, lo, hi):
    positional = [p for p in rule.params if p not in rule.defaults]
    # a parameter with a default (scipy.stats' loc=, scale=) differentiated here gets an
    # array too, passed by keyword; the others keep their defaults
    required = positional + ([param] if param in rule.defaults else [])
    values = {p: rng.uniform(lo, hi, size=shape) for p in required}
    if shape == ():
        values = {p: float(v) for p, v in values.items()}
    if integer_others:
        values.update({p: np.round(v).astype(int) for p, v in values.items() if p != param})
    keywords = {param: values[param]} if param in rule.defaults else {}
    try:
        with np.errstate(all="raise"):
            ans = rule.primitive(*[values[p] for p in positional], **keywords)
    except Exception:
        return None
    if np.shape(ans) != shape or np.asarray(ans).dtype.kind != "f":
        return None
    if True:
        env = _namespace()
        env.update(values, ans=ans, t=rng.normal(size=shape), g=rng.normal(size=shape))
        bound = {p: templates.name(p) for p in required}
        for p in rule.params:
            if p in rule.defaults and p not in bound:
                bound[p] = templates.const(rule.defaults[p])
        symbols = {}
        try:
            with np.errstate(all="raise"):
                jt = _eval(derive.tangent(rule, bound, templates.name("ans"),
                                          {param: templates.name("t")}, symbols), env)
                jtg = _eval(derive.cotangent(rule, param, bound, templates.name("ans"),
                                             templates.name("g"), symbols), env)
        except FloatingPointError:
            return None
        jt, jtg = np.broadcast_to(jt, shape), np.broadcast_to(jtg, shape)
        if not (np.all(np.isfinite(jt)) and np.all(np.isfinite(jtg))):
            return None
        return float(np.sum(jt * env["g"])), float(np.sum(env["t"] * jtg))


def test_enough_rules():
    assert len(CANDIDATES) >= 30, [r.symbol for r, _ in CANDIDATES]


@pytest.mark.parametrize("rule, param", CANDIDATES,
                         ids=[f"{r.symbol}-{p}" for r, p in CANDIDATES])
def test_dot_product_identity(rule, param):
    rng = np.random.default_rng(7)
    result = _check(rule, param, rng)
    assert result is not None, "no real domain where the primitive evaluates to floats"
    lhs, rhs = result
    assert lhs == pytest.approx(rhs, rel=1e-9, abs=1e-12)


def test_identity_checked_for_at_least_30_rules():
    checked = sum(_check(r, p, np.random.default_rng(7)) is not None for r, p in CANDIDATES)
    assert checked >= 30, checked


def test_identity_catches_a_wrong_transpose():
    """The check can fail: a cotangent with the wrong sign breaks the identity."""
    rule = RULES.get(np.sin)
    rng = np.random.default_rng(1)
    x, t, g = rng.uniform(0.2, 0.8, 4), rng.normal(size=4), rng.normal(size=4)
    env = dict(_namespace(), x=x, ans=np.sin(x), t=t, g=g)
    bound = {"x": templates.name("x")}
    jt = _eval(derive.tangent(rule, bound, templates.name("ans"), {"x": templates.name("t")}, {}),
               env)
    wrong = -_eval(derive.cotangent(rule, "x", bound, templates.name("ans"),
                                    templates.name("g"), {}), env)
    assert np.dot(jt, g) != pytest.approx(np.dot(t, wrong))
