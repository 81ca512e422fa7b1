"""scipy.stats distributions (the ones autograd has), registered only when scipy.stats
is imported: the methods of the module-level distribution objects (``scipy.stats.norm.
logpdf``...), written out as formulas because scipy's own Python code (``**kwds``,
in-place updates of masked arrays) cannot be transformed.  Templates name them as
``scipy.stats.<dist>.<method>`` (the table binds ``scipy`` for generated code).

Parameters a derivative exists for but that the rule does not give are ``undefined=``
(an active value is refused); integer parameters (poisson's k, loc) carry none."""
import scipy
import scipy.special
import scipy.stats

from ..table import RULES, defrule

RULES.symbols.setdefault("scipy", scipy)
st = scipy.stats


def _factor(e):
    assert e.startswith("t * "), e        # every derivative here is t * (a factor)
    return e[len("t * "):]


def _log_form(jvp):
    """A log-density's derivatives: NaN where the value is -inf or NaN (outside the
    support, invalid parameters), where the formulas would give finite numbers."""
    return {p: f"t * np.where(np.isfinite(ans), {_factor(e)}, np.nan)" for p, e in jvp.items()}


def _density_form(jvp):
    """A density's (or probability's) derivatives: 0 where it is 0 (outside the
    support: constant there), NaN where it is NaN (invalid parameters)."""
    return {p: f"t * np.where(ans > 0.0, {_factor(e)}, np.where(np.isnan(ans), np.nan, 0.0))"
            for p, e in jvp.items()}


def _nan_form(jvp):
    """NaN where the value is NaN (invalid parameters, such as scale <= 0)."""
    return {p: f"t * np.where(np.isnan(ans), np.nan, {_factor(e)})" for p, e in jvp.items()}


_N = "scipy.stats.norm"
_Z = "((x - loc) / scale)"

# -- norm -----------------------------------------------------------------------------------
_NLP = f"{_N}.logpdf(x, loc, scale)"
defrule(st.norm.logpdf, f"{_N}.logpdf(x, loc=0, scale=1)", elementwise=True, real_only=True,
        jvp=_log_form({"x": f"t * (-{_Z} / scale)", "loc": f"t * ({_Z} / scale)",
             "scale": f"t * (({_Z} * {_Z} - 1.0) / scale)"}))
defrule(st.norm.pdf, f"{_N}.pdf(x, loc=0, scale=1)", elementwise=True, real_only=True,
        jvp=_density_form({"x": f"t * (ans * -{_Z} / scale)", "loc": f"t * (ans * {_Z} / scale)",
             "scale": f"t * (ans * ({_Z} * {_Z} - 1.0) / scale)"}))
_PDF = f"{_N}.pdf(x, loc, scale)"
defrule(st.norm.cdf, f"{_N}.cdf(x, loc=0, scale=1)", elementwise=True, real_only=True,
        jvp=_nan_form({"x": f"t * {_PDF}", "loc": f"t * -{_PDF}", "scale": f"t * (-{_PDF} * {_Z})"}))
defrule(st.norm.sf, f"{_N}.sf(x, loc=0, scale=1)", elementwise=True, real_only=True,
        jvp=_nan_form({"x": f"t * -{_PDF}", "loc": f"t * {_PDF}", "scale": f"t * ({_PDF} * {_Z})"}))
# d log F = f / F, computed as exp(logpdf - logcdf) (no underflow in the tails)
_RATIO = f"np.exp({_NLP} - ans)"
defrule(st.norm.logcdf, f"{_N}.logcdf(x, loc=0, scale=1)", elementwise=True, real_only=True,
        jvp=_nan_form({"x": f"t * {_RATIO}", "loc": f"t * -{_RATIO}", "scale": f"t * (-{_RATIO} * {_Z})"}))
defrule(st.norm.logsf, f"{_N}.logsf(x, loc=0, scale=1)", elementwise=True, real_only=True,
        jvp=_nan_form({"x": f"t * -{_RATIO}", "loc": f"t * {_RATIO}", "scale": f"t * ({_RATIO} * {_Z})"}))

# -- t --------------------------------------------------------------------------------------
_T = "scipy.stats.t"
_TQ = f"(df + {_Z} * {_Z})"          # nu + z^2
_T_X = f"(-(df + 1.0) * {_Z} / (scale * {_TQ}))"
_T_SCALE = f"(((df + 1.0) * {_Z} * {_Z} / {_TQ} - 1.0) / scale)"
_T_DF = (f"(0.5 * (scipy.special.digamma((df + 1.0) / 2.0) - scipy.special.digamma(df / 2.0)) "
         f"- 0.5 / df - 0.5 * np.log1p({_Z} * {_Z} / df) + (df + 1.0) * {_Z} * {_Z} "
         f"/ (2.0 * df * {_TQ}))")
defrule(st.t.logpdf, f"{_T}.logpdf(x, df, loc=0, scale=1)", elementwise=True, real_only=True,
        jvp=_log_form({"x": f"t * {_T_X}", "df": f"t * {_T_DF}", "loc": f"t * -{_T_X}",
             "scale": f"t * {_T_SCALE}"}))
defrule(st.t.pdf, f"{_T}.pdf(x, df, loc=0, scale=1)", elementwise=True, real_only=True,
        jvp=_density_form({"x": f"t * (ans * {_T_X})", "df": f"t * (ans * {_T_DF})",
             "loc": f"t * (ans * -{_T_X})", "scale": f"t * (ans * {_T_SCALE})"}))
_TPDF = f"{_T}.pdf(x, df, loc, scale)"
defrule(st.t.cdf, f"{_T}.cdf(x, df, loc=0, scale=1)", elementwise=True, real_only=True,
        jvp=_nan_form({"x": f"t * {_TPDF}", "loc": f"t * -{_TPDF}", "scale": f"t * (-{_TPDF} * {_Z})"}),
        undefined=("df",), note="in x, loc and scale (an active df is refused, as autograd)")

# -- gamma, chi2, beta ----------------------------------------------------------------------
_G = "scipy.stats.gamma"
_G_X = f"(((a - 1.0) / {_Z} - 1.0) / scale)"
_G_A = f"(np.log({_Z}) - scipy.special.digamma(a))"
_G_SCALE = f"(({_Z} - a) / scale)"
for _m, _f, _form in (("logpdf", "{}", _log_form), ("pdf", "(ans * {})", _density_form)):
    defrule(getattr(st.gamma, _m), f"{_G}.{_m}(x, a, loc=0, scale=1)",
            elementwise=True, real_only=True,
            jvp=_form({"x": "t * " + _f.format(_G_X), "a": "t * " + _f.format(_G_A),
                       "loc": "t * -" + _f.format(_G_X), "scale": "t * " + _f.format(_G_SCALE)}),
            note="x > loc; outside the support: 0 for the pdf, NaN for the logpdf")
_C = "scipy.stats.chi2"
_C_X = f"(((df / 2.0 - 1.0) / {_Z} - 0.5) / scale)"
_C_DF = f"(0.5 * (np.log({_Z} / 2.0) - scipy.special.digamma(df / 2.0)))"
_C_SCALE = f"(({_Z} - df) / (2.0 * scale))"
for _m, _f, _form in (("logpdf", "{}", _log_form), ("pdf", "(ans * {})", _density_form)):
    defrule(getattr(st.chi2, _m), f"{_C}.{_m}(x, df, loc=0, scale=1)",
            elementwise=True, real_only=True,
            jvp=_form({"x": "t * " + _f.format(_C_X), "df": "t * " + _f.format(_C_DF),
                       "loc": "t * -" + _f.format(_C_X), "scale": "t * " + _f.format(_C_SCALE)}),
            note="x > loc; outside the support: 0 for the pdf, NaN for the logpdf")
_B = "scipy.stats.beta"
_B_DY = f"((a - 1.0) / {_Z} - (b - 1.0) / (1.0 - {_Z}))"
_B_X = f"({_B_DY} / scale)"
_B_A = f"(np.log({_Z}) - scipy.special.digamma(a) + scipy.special.digamma(a + b))"
_B_B = f"(np.log1p(-{_Z}) - scipy.special.digamma(b) + scipy.special.digamma(a + b))"
_B_SCALE = f"(-(1.0 + {_Z} * {_B_DY}) / scale)"
for _m, _f, _form in (("logpdf", "{}", _log_form), ("pdf", "(ans * {})", _density_form)):
    defrule(getattr(st.beta, _m), f"{_B}.{_m}(x, a, b, loc=0, scale=1)",
            elementwise=True, real_only=True,
            jvp=_form({"x": "t * " + _f.format(_B_X), "a": "t * " + _f.format(_B_A),
                       "b": "t * " + _f.format(_B_B), "loc": "t * -" + _f.format(_B_X),
                       "scale": "t * " + _f.format(_B_SCALE)}),
            note="loc < x < loc + scale; outside the support: 0 for the pdf, NaN for the logpdf")

# -- poisson (k and loc are integers: no derivative) ----------------------------------------
_P = "scipy.stats.poisson"
for _m, _f, _form in (("logpmf", "{}", _log_form), ("pmf", "(ans * {})", _density_form)):
    defrule(getattr(st.poisson, _m), f"{_P}.{_m}(k, mu, loc=0)",
            elementwise=True, real_only=True,
            jvp=_form({"mu": "t * " + _f.format("((k - loc) / mu - 1.0)")}),
            note="in mu (k and loc are integers); 0 / NaN outside the support")
