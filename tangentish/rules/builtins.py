"""Python's own functions: the math module on Python floats (same derivatives as
the numpy ones) and the built-ins on numbers, arrays and lists of arrays."""
import builtins
import math

from .table import defrule, nondiff

# -- math ---------------------------------------------------------------------------------------
# elementwise=True: a float in, a float out (shape analysis drops unbroadcast)
defrule(math.sin, "math.sin(x)", jvp={"x": "t * math.cos(x)"}, elementwise=True)
defrule(math.cos, "math.cos(x)", jvp={"x": "t * -math.sin(x)"}, elementwise=True)
defrule(math.tan, "math.tan(x)", jvp={"x": "t * (1.0 + ans * ans)"}, elementwise=True)
defrule(math.exp, "math.exp(x)", jvp={"x": "t * ans"}, elementwise=True)
defrule(math.log, "math.log(x, base=None)",
        jvp={"x": "t / (x * log_of_base(base))",
             "base": "t * (-ans / (base * log_of_base(base)))"},
        note="in x and the base (math.log(x, base) = log(x) / log(base))")
defrule(math.sqrt, "math.sqrt(x)", jvp={"x": "t / (2.0 * ans)"}, elementwise=True)
defrule(math.tanh, "math.tanh(x)", jvp={"x": "t * (1.0 - ans * ans)"}, elementwise=True)
defrule(math.sinh, "math.sinh(x)", jvp={"x": "t * math.cosh(x)"}, elementwise=True)
defrule(math.cosh, "math.cosh(x)", jvp={"x": "t * math.sinh(x)"}, elementwise=True)
defrule(math.atan, "math.atan(x)", jvp={"x": "t / (1.0 + x * x)"}, elementwise=True)
defrule(math.asin, "math.asin(x)", jvp={"x": "t / math.sqrt(1.0 - x * x)"}, elementwise=True)
defrule(math.acos, "math.acos(x)", jvp={"x": "t * (-1.0 / math.sqrt(1.0 - x * x))"},
        elementwise=True)
defrule(math.log1p, "math.log1p(x)", jvp={"x": "t / (1.0 + x)"}, elementwise=True)
defrule(math.expm1, "math.expm1(x)", jvp={"x": "t * (ans + 1.0)"}, elementwise=True)
defrule(math.pow, "math.pow(x, y)",
        jvp={"x": "t * float(pow_deriv(x, y))", "y": "t * float(pow_log(x, y))"},
        note="as operator.pow (exponent 0 contributes exactly 0)")
defrule(math.fabs, "math.fabs(x)", jvp={"x": "t * math.copysign(1.0, x)"},
        note="derivative 1 at +0.0 and -1 at -0.0 (the sign bit)")
defrule(math.erf, "math.erf(x)", jvp={"x": "t * (2.0 / math.sqrt(math.pi) * math.exp(-x * x))"})
defrule(math.erfc, "math.erfc(x)", jvp={"x": "t * (-2.0 / math.sqrt(math.pi) * math.exp(-x * x))"})
defrule(math.asinh, "math.asinh(x)", jvp={"x": "t / math.sqrt(x * x + 1.0)"}, elementwise=True)
defrule(math.acosh, "math.acosh(x)", jvp={"x": "t / math.sqrt(x * x - 1.0)"}, elementwise=True)
defrule(math.atanh, "math.atanh(x)", jvp={"x": "t / (1.0 - x * x)"}, elementwise=True)
defrule(math.log10, "math.log10(x)", jvp={"x": "t / (x * math.log(10.0))"}, elementwise=True)
defrule(math.log2, "math.log2(x)", jvp={"x": "t / (x * math.log(2.0))"}, elementwise=True)
defrule(math.degrees, "math.degrees(x)", linear={"x": "g * (180.0 / math.pi)"})
defrule(math.radians, "math.radians(x)", linear={"x": "g * (math.pi / 180.0)"})
defrule(math.atan2, "math.atan2(y, x)",
        jvp={"y": "t * (x / (x * x + y * y))", "x": "t * (-y / (x * x + y * y))"},
        note="NaN at (0, 0), as np.arctan2")
defrule(math.hypot, "math.hypot(x, y)", jvp={"x": "t * (x / ans)", "y": "t * (y / ans)"},
        note="two coordinates (more are refused); NaN at (0, 0), as np.hypot")
defrule(math.fmod, "math.fmod(x, y)", jvp={"x": "t", "y": "t * ((ans - x) / y)"},
        note="(ans - x) / y is minus the integer quotient fmod used; jumps where x / y crosses "
             "an integer")
defrule(math.remainder, "math.remainder(x, y)", jvp={"x": "t", "y": "t * ((ans - x) / y)"},
        note="as math.fmod, with the quotient rounded to nearest")
defrule(math.ldexp, "math.ldexp(x, i)", jvp={"x": "t * math.ldexp(1.0, i)"},
        note="i is an integer exponent")
defrule(math.fsum, "math.fsum([iterable])", linear={"iterable": "unbroadcast(g, iterable[k])"},
        whole={"iterable": "unbroadcast_each(g, iterable)"}, note="a sum over a list of numbers")
defrule(math.copysign, "math.copysign(x, y)",
        jvp={"x": "t * (math.copysign(1.0, x) * math.copysign(1.0, y))"},
        note="|x| with the sign of y: slope +-1 in x (the sign bits), piecewise constant in y")
defrule(math.exp2, "math.exp2(x)", jvp={"x": "t * (ans * math.log(2.0))"}, elementwise=True) \
    if hasattr(math, "exp2") else None
defrule(math.cbrt, "math.cbrt(x)", jvp={"x": "t / (3.0 * ans * ans)"}, elementwise=True,
        note="infinite slope at 0, as np.cbrt") if hasattr(math, "cbrt") else None
defrule(math.gamma, "math.gamma(x)", jvp={"x": "t * (ans * math_polygamma(0, x))"},
        elementwise=True, note="needs scipy (digamma)")
defrule(math.lgamma, "math.lgamma(x)", jvp={"x": "t * math_polygamma(0, x)"}, elementwise=True,
        note="log|gamma(x)|; needs scipy (digamma)")
nondiff(math.floor, math.ceil, math.trunc, math.isnan, math.isfinite, math.isinf,
        note="piecewise constant")
nondiff(math.factorial, math.comb, math.perm, math.gcd, math.isqrt, math.isclose,
        note="integer-valued or boolean")

# -- built-ins ----------------------------------------------------------------------------------
defrule(builtins.sum, "sum([iterable], start=0)",
        linear={"iterable": "unbroadcast(g, iterable[k])", "start": "unbroadcast(g, start)"},
        whole={"iterable": "unbroadcast_each(g, iterable)"},
        note="a sum over a list of arrays or numbers")
defrule(builtins.abs, "abs(x)", jvp={"x": "real_part(t * abs_slope(x))"}, elementwise=True,
        note="derivative 0 at 0, as np.abs; complex values as np.abs")
defrule(builtins.float, "float(x)", linear={"x": "g"}, real_only=True,
        note="Python refuses float() of a complex value")
defrule(builtins.complex, "complex(real)", linear={"real": "real_cotangent(g, real)"},
        note="one argument (complex(re, im) is not supported)")
defrule(builtins.pow, "pow(base, exp)", elementwise=True,
        jvp={"base": "t * pow_deriv(base, exp)", "exp": "t * pow_log(base, exp)"},
        note="as operator.pow")
defrule(builtins.max, "max(a, b)", jvp={"a": "t * (a >= b)", "b": "t * (a < b)"},
        note="two arguments; ties send the derivative to the first")
defrule(builtins.min, "min(a, b)", jvp={"a": "t * (a <= b)", "b": "t * (a > b)"},
        note="two arguments; ties send the derivative to the first")
nondiff(len, int, bool, isinstance, range, round, any, all, note="Python built-ins with no derivative")
