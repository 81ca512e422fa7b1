"""Rules of the helpers in runtime/sampling.py, so generated code calling them can be
differentiated again."""
from ...runtime import sampling as rt
from ..numpy.sampling import TRAPEZOID
from ..table import defrule, first_order_only

defrule(rt.trapezoid_grad_y, "trapezoid_grad_y(x, y, xs=None, dx=1.0, axis=-1)",
        multilinear={"x": f"np.{TRAPEZOID}(g, xs, dx, axis)", "xs": "trapezoid_grad_x(x, g, xs, axis)",
                     "dx": "trapezoid_grad_dx(x, g, dx, axis)"})
defrule(rt.trapezoid_grad_x, "trapezoid_grad_x(x, y, xs, axis=-1)",
        multilinear={"x": f"np.{TRAPEZOID}(y, g, 1.0, axis)", "y": "trapezoid_grad_y(x, y, g, 1.0, axis)"})
defrule(rt.trapezoid_grad_dx, "trapezoid_grad_dx(x, y, dx, axis=-1)",
        multilinear={"x": f"np.{TRAPEZOID}(y, None, g, axis)", "y": "trapezoid_grad_y(x * g, y, None, 1.0, axis)"})
defrule(rt.linspace_cotangent, "linspace_cotangent(x, which, num=50, endpoint=True, axis=0, like=None)",
        linear={"x": "broadcast_to_like(linspace_part(g, which, num, endpoint, axis), x)"})
defrule(rt.linspace_part, "linspace_part(x, which, num=50, endpoint=True, axis=0)",
        linear={"x": "linspace_cotangent(g, which, num, endpoint, axis, x)"})
defrule(rt.polyval_grad_p, "polyval_grad_p(x, xs, like)", linear={"x": "np.polyval(g, xs)"}, jvp=first_order_only("xs"))
defrule(rt.polyder_transpose, "polyder_transpose(x, p, m=1)", linear={"x": "np.polyder(g, m)"})
defrule(rt.interp_fp_tangent, "interp_fp_tangent(x, xs, xp, left=None, right=None)",
        linear={"x": "interp_fp_cotangent(g, xs, xp, left, right)"}, jvp=first_order_only("xs"),
        undefined=("xp",))
defrule(rt.interp_fp_cotangent, "interp_fp_cotangent(x, xs, xp, left=None, right=None)",
        linear={"x": "interp_fp_tangent(g, xs, xp, left, right)"}, jvp=first_order_only("xs"),
        undefined=("xp",))
defrule(rt.interp_slope, "interp_slope(xs, xp, fp)", jvp=first_order_only("fp"), undefined=("xp",),
        note="piecewise constant in xs")
