"""Rules of the helpers in runtime/numeric.py, so generated code calling them can be
differentiated again."""
from ...runtime import numeric as rt
from ..table import defrule, first_order_only, nondiff

nondiff(rt.clip_mask)
nondiff(rt.unit_cotangent, note="constants of the derivative")
defrule(rt.match_complex, "match_complex(x, like)", linear={"x": "match_complex(g, like)"})
defrule(rt.default_ones, "default_ones(b)", linear={"b": "g"})
defrule(rt.softmax_tangent, "softmax_tangent(x, s, axis=None)",
        linear={"x": "softmax_tangent(g, s, axis)"}, jvp=first_order_only("s"))
defrule(rt.log_softmax_tangent, "log_softmax_tangent(x, ans, axis=None)",
        linear={"x": "log_softmax_cotangent(g, ans, axis)"}, jvp=first_order_only("ans"))
defrule(rt.log_softmax_cotangent, "log_softmax_cotangent(x, ans, axis=None)",
        linear={"x": "log_softmax_tangent(g, ans, axis)"}, jvp=first_order_only("ans"))
nondiff(rt.angle_unit, note="constants of the derivative (piecewise constant in the input)")
defrule(rt.real_part, "real_part(x)", linear={"x": "real_part(g)"},
        note="Re is self-adjoint under the pairing Re(g * t)")
defrule(rt.real_cotangent, "real_cotangent(x, like)", linear={"x": "real_cotangent(g, like)"})
defrule(rt.abs_slope, "abs_slope(x)", jvp={"x": "abs_slope_tangent(t, x)"},
        note="0 for real x; complex x: the derivative of conj(z) / |z|")
defrule(rt.abs_slope_tangent, "abs_slope_tangent(v, x)",
        linear={"v": "abs_slope_cotangent(g, x)"}, jvp={"x": "abs_slope_third(t, v, x)"})
defrule(rt.abs_slope_cotangent, "abs_slope_cotangent(g_, x)",
        linear={"g_": "abs_slope_tangent(g, x)"}, jvp={"x": "abs_slope_third(t, g_, x)"})
defrule(rt.abs_slope_third, "abs_slope_third(t_, v, x)", linear={"t_": "abs_slope_third(g, v, x)"},
        jvp={"v": "abs_slope_third(t, t_, x)", "x": "abs_slope_third(t, t_, x)"},
        note="0 for real x; complex x refused at run time (third derivative of |z|)")
defrule(rt.sign_tangent, "sign_tangent(t, x)",
        linear={"t": "sign_tangent(g, x)"}, jvp={"x": "sign_tangent(t, x)"})
defrule(rt.require_real, "require_real(x, like, what)", linear={"x": "require_real(g, like, what)"})
defrule(rt.pow_deriv, "pow_deriv(x, y, n=1)",
        jvp={"x": "t * pow_deriv(x, y, n + 1)", "y": "t * pow_deriv_dy(x, y, n)"},
        note="exact 0 where the coefficient y (y-1) ... vanishes, at every order")
defrule(rt.pow_deriv_dy, "pow_deriv_dy(x, y, n=1)", undefined=("x", "y"),
        note="a mixed derivative of x ** y of third order and beyond is not provided")
defrule(rt.safe_log, "safe_log(x)", jvp={"x": "safe_div(t, x)"}, elementwise=True,
        note="a zero tangent at x = 0 stays 0")
defrule(rt.pow_log, "pow_log(x, y)", elementwise=True,
        jvp={"x": "t * pow_log_dx(x, y)", "y": "t * (pow_log(x, y) * base_log(x, y))"})
defrule(rt.base_log, "base_log(x, y)", jvp={"x": "safe_div(t, x)"}, elementwise=True,
        note="y only decides the branch (piecewise constant)")
defrule(rt.pow_log_dx, "pow_log_dx(x, y)", elementwise=True, undefined=("x", "y"),
        note="third derivatives of x ** y with an active exponent are not provided")
defrule(rt.safe_div, "safe_div(v, x)", elementwise=True, linear={"v": "safe_div(g, x)"},
        jvp={"x": "-safe_div(v * t, x * x)"})
defrule(rt.x_over, "x_over(x, y)", elementwise=True,
        jvp={"x": "t / y", "y": "t * -x_over(x, y * y)"})
defrule(rt.sinc_deriv, "sinc_deriv(x, n=1)", jvp={"x": "t * sinc_deriv(x, n + 1)"},
        elementwise=True, note="every order, exact at 0")
nondiff(rt.real_seed, note="a check of the output's type")
defrule(rt.math_polygamma, "math_polygamma(n, x)", jvp={"x": "t * math_polygamma(n + 1, x)"},
        note="in x (n is an integer order)")
defrule(rt.log_of_base, "log_of_base(base)", jvp={"base": "t / base"})
defrule(rt.require_inexact, "require_inexact(ans, what, x)",
        linear={"x": "require_inexact(ans, what, g)"})
