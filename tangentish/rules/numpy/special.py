"""scipy.special, registered only when scipy imports.  Templates name the
functions as ``scipy.special.<name>`` (the table binds ``scipy`` for generated
code); user code may import them under any name."""
try:
    import scipy
    import scipy.special
except ImportError:  # scipy is optional
    scipy = None

from ..table import RULES, defrule, nondiff

_ONE_ARG = [
    ("gammaln", "t * scipy.special.digamma(x)", ""),
    ("gamma", "t * (ans * scipy.special.digamma(x))", ""),
    ("rgamma", "t * (-ans * scipy.special.digamma(x))", ""),
    ("digamma", "t * scipy.special.polygamma(1, x)", "scipy.special.psi is the same function"),
    ("erf", "t * (2.0 / np.sqrt(np.pi) * np.exp(-(x * x)))", ""),
    ("erfc", "t * (-2.0 / np.sqrt(np.pi) * np.exp(-(x * x)))", ""),
    ("erfcx", "t * (2.0 * x * ans - 2.0 / np.sqrt(np.pi))", ""),
    ("erfinv", "t * (np.sqrt(np.pi) / 2.0 * np.exp(ans * ans))", ""),
    ("erfcinv", "t * (-np.sqrt(np.pi) / 2.0 * np.exp(ans * ans))", ""),
    ("expit", "t * (ans * (1.0 - ans))", ""),
    ("logit", "t / (x * (1.0 - x))", ""),
    ("log_expit", "t * scipy.special.expit(-x)", ""),
    ("ndtr", "t * (np.exp(-0.5 * x * x) / np.sqrt(2.0 * np.pi))", ""),
    ("log_ndtr", "t * (np.exp(-0.5 * x * x - ans) / np.sqrt(2.0 * np.pi))", ""),
    ("ndtri", "t * (np.sqrt(2.0 * np.pi) * np.exp(0.5 * ans * ans))", ""),
    ("entr", "t * -(1.0 + np.log(x))", ""),
    ("expm1", "t * (ans + 1.0)", ""),
    ("log1p", "t / (1.0 + x)", ""),
    ("exp2", "t * (ans * np.log(2.0))", ""),
    ("exp10", "t * (ans * np.log(10.0))", ""),
    ("cbrt", "t / (3.0 * ans * ans)", ""),
    ("i0", "t * scipy.special.i1(x)", ""),
    ("i1", "t * ((scipy.special.i0(x) + scipy.special.iv(2, x)) / 2.0)", ""),
    ("i0e", "t * (scipy.special.i1e(x) - np.sign(x) * ans)", ""),
    ("i1e", "t * ((scipy.special.i0e(x) + scipy.special.ive(2, x)) / 2.0 - np.sign(x) * ans)", ""),
    ("j0", "t * -scipy.special.j1(x)", ""),
    ("j1", "t * ((scipy.special.j0(x) - scipy.special.jv(2, x)) / 2.0)", ""),
    ("y0", "t * -scipy.special.y1(x)", ""),
    ("y1", "t * ((scipy.special.y0(x) - scipy.special.yv(2, x)) / 2.0)", ""),
]
# Functions of an order v (a constant) and x.
_ORDER_X = [
    ("polygamma", "n", "t * scipy.special.polygamma(n + 1, x)"),
    ("jv", "v", "t * ((scipy.special.jv(v - 1, x) - scipy.special.jv(v + 1, x)) / 2.0)"),
    ("yv", "v", "t * ((scipy.special.yv(v - 1, x) - scipy.special.yv(v + 1, x)) / 2.0)"),
    ("iv", "v", "t * ((scipy.special.iv(v - 1, x) + scipy.special.iv(v + 1, x)) / 2.0)"),
    ("ive", "v", "t * ((scipy.special.ive(v - 1, x) + scipy.special.ive(v + 1, x)) / 2.0 "
                 "- np.sign(x) * ans)"),
    ("kv", "v", "t * (-(scipy.special.kv(v - 1, x) + scipy.special.kv(v + 1, x)) / 2.0)"),
    ("gammainc", "a", "t * (np.exp(-x) * x ** (a - 1.0) / scipy.special.gamma(a))"),
    ("gammaincc", "a", "t * (-np.exp(-x) * x ** (a - 1.0) / scipy.special.gamma(a))"),
]
_SAFE_X_OVER = "x_over(x, {})"

if scipy is not None:
    sp = scipy.special
    RULES.symbols.setdefault("scipy", scipy)
    for _name, _d, _note in _ONE_ARG:
        if hasattr(sp, _name):
            defrule(getattr(sp, _name), f"scipy.special.{_name}(x)", jvp={"x": _d},
                    elementwise=True, note=_note, real_only=True)
    for _name, _order, _d in _ORDER_X:
        if hasattr(sp, _name):
            defrule(getattr(sp, _name), f"scipy.special.{_name}({_order}, x)", jvp={"x": _d},
                    elementwise=True, undefined=() if _order == "n" else (_order,),
                    note=f"in x only (an active {_order} is refused)" if _order != "n"
                    else "in x only (n is an integer order)",
                    real_only=True)
    defrule(sp.beta, "scipy.special.beta(a, b)", elementwise=True, real_only=True,
            jvp={"a": "t * (ans * (scipy.special.digamma(a) - scipy.special.digamma(a + b)))",
                 "b": "t * (ans * (scipy.special.digamma(b) - scipy.special.digamma(a + b)))"})
    defrule(sp.betaln, "scipy.special.betaln(a, b)", elementwise=True, real_only=True,
            jvp={"a": "t * (scipy.special.digamma(a) - scipy.special.digamma(a + b))",
                 "b": "t * (scipy.special.digamma(b) - scipy.special.digamma(a + b))"})
    defrule(sp.xlogy, "scipy.special.xlogy(x, y)", elementwise=True, real_only=True,
            jvp={"x": "t * np.log(y)", "y": "t * " + _SAFE_X_OVER.format("y")},
            note="d/dy is 0 where x == 0 (no NaN at y == 0)")
    defrule(sp.xlog1py, "scipy.special.xlog1py(x, y)", elementwise=True, real_only=True,
            jvp={"x": "t * np.log1p(y)", "y": "t * " + _SAFE_X_OVER.format("1.0 + y")},
            note="d/dy is 0 where x == 0")
    _LSE_W = "np.exp(a - unreduce(ans, a, axis, keepdims))"
    defrule(sp.logsumexp, "scipy.special.logsumexp(a, axis=None, b=None, keepdims=False, "
                          "return_sign=False)",
            jvp={"a": f"weighted_sum(t, default_ones(b) * {_LSE_W}, axis, keepdims)",
                 "b": f"weighted_sum(t, {_LSE_W}, axis, keepdims)"},
            real_only=True, note="in a and b; return_sign=True (a tuple) is not supported")
    defrule(sp.softmax, "scipy.special.softmax(x, axis=None)",
            jvp={"x": "softmax_tangent(t, ans, axis)"}, note="first order", real_only=True)
    defrule(sp.log_softmax, "scipy.special.log_softmax(x, axis=None)",
            jvp={"x": "log_softmax_tangent(t, ans, axis)"}, note="first order",
            real_only=True)
    nondiff(*[getattr(sp, n) for n in ("gammasgn", "round") if hasattr(sp, n)],
            note="piecewise constant")
