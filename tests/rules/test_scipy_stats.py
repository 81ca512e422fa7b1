"""The rules of tangentish/rules/numpy/scipy_stats.py (scipy.stats distributions, in every
argument autograd differentiates and in loc / scale; autograd lacks loc / scale for gamma,
chi2 and beta: those cases have no autograd check)."""
import numpy as np
import pytest
import scipy.stats

import tangentish as tg
from tangentish.rules import load_optional_rules
from tests.rules.cases import CaseList, Inputs
from tests.rules.harness import rule_tests

load_optional_rules()   # scipy.stats is imported: its rules load
J = Inputs(77)
rand, pos = J.rand, J.pos
CASES = CaseList()
case = CASES.case
V3 = (3,)

for _m in ("logpdf", "pdf", "cdf", "sf", "logcdf", "logsf"):
    _f = getattr(scipy.stats.norm, _m)
    case(_f, f"scipy.stats.norm.{_m}(x, m, s)",
         [{"x": rand(V3), "m": rand(()), "s": pos(())}, {"x": 0.4, "m": rand(V3), "s": pos(V3)}])
    case(_f, f"scipy.stats.norm.{_m}(x, scale=s)", [{"x": rand(V3), "s": pos(())}], label="kw", ag=False)
# the tails: logcdf / logsf stay finite where cdf / sf underflow
case(scipy.stats.norm.logcdf, "scipy.stats.norm.logcdf(x, m, 1.0)", [{"x": -30.0, "m": 0.5}],
     label="tail", ag=False, rtol=1e-4)
case(scipy.stats.norm.logsf, "scipy.stats.norm.logsf(x, m, 1.0)", [{"x": 30.0, "m": 0.5}],
     label="tail", ag=False, rtol=1e-4)
for _m in ("logpdf", "pdf"):
    case(getattr(scipy.stats.t, _m), f"scipy.stats.t.{_m}(x, d, m, s)",
         [{"x": rand(V3), "d": J.rand((), 1.5, 6.0), "m": rand(()), "s": pos(())},
          {"x": 0.7, "d": J.rand(V3, 1.5, 6.0), "m": rand(V3), "s": pos(V3)}])
# autograd 1.9.1 has no VJP of t.cdf in x
case(scipy.stats.t.cdf, "scipy.stats.t.cdf(x, 3.5, m, s)", [{"x": rand(V3), "m": rand(()), "s": pos(())}],
     ag=False)
_IN = lambda s: J.rand(s, 0.6, 3.0)  # noqa: E731  (x above loc)
for _m in ("logpdf", "pdf"):
    for _d in ("gamma", "chi2"):
        _f = getattr(getattr(scipy.stats, _d), _m)
        # autograd's chi2 gives 0 in x for a non-integer df (finite differences do not)
        case(_f, f"scipy.stats.{_d}.{_m}(x, a)", [{"x": _IN(V3), "a": J.rand((), 1.5, 4.0)},
                                                  {"x": _IN(()), "a": J.rand(V3, 1.5, 4.0)}],
             ag=_d == "gamma")
        if _d == "chi2":
            case(_f, f"scipy.stats.chi2.{_m}(x, a)", [{"x": _IN(V3), "a": 3.0}], const=("a",),
                 label="integer-df")
        case(_f, f"scipy.stats.{_d}.{_m}(x, a, m, s)",
             [{"x": _IN(V3), "a": J.rand((), 1.5, 4.0), "m": J.rand((), 0.0, 0.4), "s": pos(())}],
             label="loc-scale", ag=False)
    _f = getattr(scipy.stats.beta, _m)
    _U = lambda s: J.rand(s, 0.2, 0.8)  # noqa: E731
    case(_f, f"scipy.stats.beta.{_m}(x, a, b)", [{"x": _U(V3), "a": pos(()), "b": pos(())},
                                                 {"x": _U(()), "a": pos(V3), "b": pos(V3)}])
    case(_f, f"scipy.stats.beta.{_m}(x, a, b, m, s)",
         [{"x": _U(V3), "a": pos(()), "b": pos(()), "m": J.rand((), 0.0, 0.1), "s": J.rand((), 1.0, 1.2)}],
         label="loc-scale", ag=False)
    _f = getattr(scipy.stats.poisson, _m.replace("df", "mf"))
    case(_f, f"scipy.stats.poisson.{_m.replace('df', 'mf')}(np.array([0.0, 2.0, 5.0]), mu)",
         [{"mu": pos(())}, {"mu": pos(V3)}])

globals().update(rule_tests(CASES, "tangentish.rules.numpy.scipy_stats"))


def t_cdf_in_df(d):
    return scipy.stats.t.cdf(0.4, d)


def frozen(x):
    return scipy.stats.norm(0.0, 1.0).logpdf(x)


def test_t_cdf_in_df_refuses():
    """autograd does not differentiate t.cdf in df; neither does this rule: refused, never 0."""
    with pytest.raises(tg.TransformError, match="'df'"):
        tg.grad(t_cdf_in_df)(2.5)
    with pytest.raises(tg.TransformError, match="'df'"):
        tg.jvp(t_cdf_in_df, (2.5,), (1.0,))

