"""Python built-ins on numbers, arrays and lists of arrays."""
import builtins

from .table import defrule

defrule(builtins.sum, "sum([iterable], start=0)",
        linear={"iterable": "unbroadcast(g, iterable[k])", "start": "unbroadcast(g, start)"},
        whole={"iterable": "unbroadcast_each(g, iterable)"},
        note="a sum over a list of arrays or numbers")
defrule(builtins.abs, "abs(x)", jvp={"x": "real_part(t * abs_slope(x))"}, elementwise=True,
        note="derivative 0 at 0, as np.abs; complex values as np.abs")
defrule(builtins.float, "float(x)", linear={"x": "g"})
defrule(builtins.pow, "pow(base, exp)", elementwise=True,
        jvp={"base": "t * pow_deriv(base, exp)", "exp": "t * pow_log(base, exp)"},
        note="as operator.pow")
defrule(builtins.max, "max(a, b)", jvp={"a": "t * (a >= b)", "b": "t * (a < b)"},
        note="two arguments; ties send the derivative to the first")
defrule(builtins.min, "min(a, b)", jvp={"a": "t * (a <= b)", "b": "t * (a > b)"},
        note="two arguments; ties send the derivative to the first")
