"""NumPy elementwise functions (ufuncs and friends), one and two inputs, and the
complex parts.  Broadcasting is handled by the transposes (``unbroadcast``)."""
import numpy as np

from ..table import defrule

# Elementwise, one input: the tangent is t times the local derivative.
defrule(np.sin, "np.sin(x)", jvp={"x": "t * np.cos(x)"}, elementwise=True)
defrule(np.cos, "np.cos(x)", jvp={"x": "t * -np.sin(x)"}, elementwise=True)
defrule(np.tan, "np.tan(x)", jvp={"x": "t * (1.0 + ans * ans)"}, elementwise=True)
defrule(np.exp, "np.exp(x)", jvp={"x": "t * ans"}, elementwise=True)
defrule(np.log, "np.log(x)", jvp={"x": "t / x"}, elementwise=True)
defrule(np.sqrt, "np.sqrt(x)", jvp={"x": "t / (2.0 * ans)"}, elementwise=True,
        note="at 0 the derivative is inf (as autograd and JAX)")
defrule(np.tanh, "np.tanh(x)", jvp={"x": "t * (1.0 - ans * ans)"}, elementwise=True)
defrule(np.abs, "np.abs(x)", jvp={"x": "real_part(t * abs_slope(x))"}, elementwise=True,
        note="derivative 0 at 0 (sign(0) = 0), as JAX; complex z: d|z| = Re(conj(z) dz) / |z|, "
             "cotangent Re(g) conj(z) / |z| (autograd's convention); second order: real only")
defrule(np.square, "np.square(x)", jvp={"x": "t * (2.0 * x)"}, elementwise=True)
defrule(np.negative, "np.negative(x)", linear={"x": "-g"})
# Elementwise, two inputs.
defrule(np.add, "np.add(x1, x2)", jvp={"x1": "t", "x2": "t"}, elementwise=True)
defrule(np.subtract, "np.subtract(x1, x2)", jvp={"x1": "t", "x2": "-t"}, elementwise=True)
defrule(np.multiply, "np.multiply(x1, x2)", elementwise=True,
        multilinear={"x1": "unbroadcast(g * x2, x1)", "x2": "unbroadcast(x1 * g, x2)"})
defrule(np.divide, "np.divide(x1, x2)", elementwise=True,
        multilinear={"x1": "unbroadcast(g / x2, x1)"}, jvp={"x2": "t * (-ans / x2)"})
defrule(np.power, "np.power(x1, x2)", elementwise=True,
        jvp={"x1": "t * pow_deriv(x1, x2)", "x2": "t * pow_log(x1, x2)"},
        note="exponent 0 contributes exactly 0 (also at x1 = 0); d/dx2 is 0 at x1 = 0 "
             "(autograd's convention), NaN for x1 < 0")
defrule(np.maximum, "np.maximum(x1, x2)", elementwise=True,
        jvp={"x1": "t * (x1 >= x2)", "x2": "t * (x1 < x2)"},
        note="ties send the whole derivative to the first argument")
defrule(np.minimum, "np.minimum(x1, x2)", elementwise=True,
        jvp={"x1": "t * (x1 <= x2)", "x2": "t * (x1 > x2)"},
        note="ties send the whole derivative to the first argument")
defrule(np.where, "np.where(condition, x, y)",
        linear={"x": "unbroadcast(np.where(condition, g, 0.0), x)",
                "y": "unbroadcast(np.where(condition, 0.0, g), y)"},
        note="the unselected branch gets an exact zero, so a NaN there does not leak")
defrule(np.clip, "np.clip(a, a_min, a_max)",
        jvp={"a": "t * clip_mask(a, a_min, a_max)", "a_min": "t * (a < a_min)",
             "a_max": "t * (a > a_max)"},
        note="at the bounds the derivative goes to a")
defrule(np.sign, "np.sign(x)", jvp={"x": "sign_tangent(t, x)"}, elementwise=True,
        note="zero derivative for real x; complex x (z / |z|) refused at run time")
for _f, _name, _d in [
    (np.fabs, "fabs", "t * np.sign(x)"),
    (np.reciprocal, "reciprocal", "t * -(ans * ans)"),
    (np.exp2, "exp2", "t * (ans * np.log(2.0))"),
    (np.expm1, "expm1", "t * (ans + 1.0)"),
    (np.log2, "log2", "t / (x * np.log(2.0))"),
    (np.log10, "log10", "t / (x * np.log(10.0))"),
    (np.log1p, "log1p", "t / (1.0 + x)"),
    (np.arcsin, "arcsin", "t / np.sqrt(1.0 - x * x)"),
    (np.arccos, "arccos", "t / -np.sqrt(1.0 - x * x)"),
    (np.arctan, "arctan", "t / (1.0 + x * x)"),
    (np.sinh, "sinh", "t * np.cosh(x)"),
    (np.cosh, "cosh", "t * np.sinh(x)"),
    (np.arcsinh, "arcsinh", "t / np.sqrt(x * x + 1.0)"),
    (np.arccosh, "arccosh", "t / np.sqrt(x * x - 1.0)"),
    (np.arctanh, "arctanh", "t / (1.0 - x * x)"),
    (np.cbrt, "cbrt", "t / (3.0 * ans * ans)"),
]:
    defrule(_f, f"np.{_name}(x)", jvp={"x": _d}, elementwise=True, note={
        "fabs": "derivative 0 at 0, as np.abs",
        "cbrt": "at 0 the derivative is inf, as sqrt's",
        "arcsin": "inf at +-1", "arccos": "-inf at +-1", "arccosh": "inf at 1",
        "arctanh": "inf at +-1", "reciprocal": "float inputs only (integer reciprocal truncates)",
    }.get(_name, ""))
for _f, _name in [(np.deg2rad, "deg2rad"), (np.radians, "radians"), (np.rad2deg, "rad2deg"),
                  (np.degrees, "degrees")]:
    defrule(_f, f"np.{_name}(x)", linear={"x": f"np.{_name}(g)"}, elementwise=True,
            note="a constant scaling: its own transpose")
defrule(np.positive, "np.positive(x)", linear={"x": "g"}, elementwise=True)
defrule(np.sinc, "np.sinc(x)", elementwise=True,
        jvp={"x": "t * sinc_deriv(x)"},
        note="every order exact, also at x = 0 (sinc'(0) = 0, sinc''(0) = -pi^2 / 3): a helper "
             "with its own rule (series near 0)")
defrule(np.nan_to_num, "np.nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None)",
        jvp={"x": "t * np.isfinite(x)", "nan": "t * np.isnan(x)", "posinf": "t * np.isposinf(x)",
             "neginf": "t * np.isneginf(x)"},
        note="1 where x is finite, 0 where it was replaced; the fill values get the rest")
# Complex parts.  Cotangents follow autograd's convention (dL/dRe z - i dL/dIm z).
defrule(np.real, "np.real(val)", linear={"val": "match_complex(real_part(g), val)"})
defrule(np.imag, "np.imag(val)", linear={"val": "match_complex(-1j * real_part(g), val)"},
        note="0 for real inputs")
defrule(np.conj, "np.conj(x)", linear={"x": "np.conj(g)"}, elementwise=True)
defrule(np.angle, "np.angle(z, deg=False)", jvp={"z": "np.imag(t / z) * angle_unit(deg)"},
        note="d angle = Im(dz / z): 0 for real inputs (away from 0); NaN at 0")
defrule(np.float_power, "np.float_power(x1, x2)", elementwise=True,
        jvp={"x1": "t * pow_deriv(x1, x2)", "x2": "t * pow_log(x1, x2)"},
        note="as np.power: exponent 0 contributes exactly 0; d/dx2 at x1 = 0 is 0; NaN for x1 < 0")
defrule(np.fmax, "np.fmax(x1, x2)", elementwise=True,
        jvp={"x1": "t * ((x1 >= x2) | np.isnan(x2))", "x2": "t * ((x1 < x2) | np.isnan(x1))"},
        note="NaN-ignoring maximum: ties and NaN in x2 send the derivative to x1")
defrule(np.fmin, "np.fmin(x1, x2)", elementwise=True,
        jvp={"x1": "t * ((x1 <= x2) | np.isnan(x2))", "x2": "t * ((x1 > x2) | np.isnan(x1))"},
        note="NaN-ignoring minimum: ties and NaN in x2 send the derivative to x1")
defrule(np.logaddexp, "np.logaddexp(x1, x2)", elementwise=True,
        jvp={"x1": "t * (0.5 + 0.5 * np.tanh(0.5 * (x1 - x2)))",
             "x2": "t * (0.5 + 0.5 * np.tanh(0.5 * (x2 - x1)))"},
        note="the slopes are sigmoids, written with tanh: stable, and they do not need the "
             "result (a loss value nobody reads is not computed)")
defrule(np.logaddexp2, "np.logaddexp2(x1, x2)", elementwise=True,
        jvp={"x1": "t * np.exp2(x1 - ans)", "x2": "t * np.exp2(x2 - ans)"})
defrule(np.mod, "np.mod(x1, x2)", elementwise=True,
        jvp={"x1": "t", "x2": "t * -np.floor_divide(x1, x2)"},
        note="np.remainder is the same function; jumps where x1 / x2 crosses an integer")
defrule(np.fmod, "np.fmod(x1, x2)", elementwise=True,
        jvp={"x1": "t", "x2": "t * -np.trunc(x1 / x2)"})
defrule(np.arctan2, "np.arctan2(x1, x2)", elementwise=True,
        jvp={"x1": "t * (x2 / (x1 * x1 + x2 * x2))", "x2": "t * (-x1 / (x1 * x1 + x2 * x2))"},
        note="NaN at (0, 0)")
defrule(np.hypot, "np.hypot(x1, x2)", elementwise=True,
        jvp={"x1": "t * (x1 / ans)", "x2": "t * (x2 / ans)"}, note="NaN at (0, 0)")
defrule(np.copysign, "np.copysign(x1, x2)", elementwise=True,
        jvp={"x1": "t * (np.copysign(1.0, x1) * np.copysign(1.0, x2))"},
        note="piecewise constant in x2 (zero derivative)")
defrule(np.heaviside, "np.heaviside(x1, x2)", elementwise=True, jvp={"x2": "t * (x1 == 0.0)"},
        note="zero derivative in x1; x2 (the value at 0) passes through where x1 == 0")
defrule(np.ldexp, "np.ldexp(x1, x2)", elementwise=True, jvp={"x1": "t * np.exp2(x2)"},
        note="x2 is an integer exponent")
defrule(np.nextafter, "np.nextafter(x1, x2)", jvp={"x1": "t"}, elementwise=True,
        note="x1 moved by one unit in the last place: slope 1 in x1, piecewise constant in x2")
