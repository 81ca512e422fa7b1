"""NumPy functions of sample points: polynomials, ``np.interp``, ``np.trapezoid``,
``np.linspace``."""
import numpy as np

from ..table import defrule

TRAPEZOID = "trapezoid" if hasattr(np, "trapezoid") else "trapz"   # np.trapz before numpy 2
defrule(getattr(np, TRAPEZOID), f"np.{TRAPEZOID}(y, x=None, dx=1.0, axis=-1)",
        multilinear={"y": "trapezoid_grad_y(g, y, x, dx, axis)", "x": "trapezoid_grad_x(g, y, x, axis)",
                     "dx": "trapezoid_grad_dx(g, y, dx, axis)"},
        note="bilinear in the samples y and the abscissae x (or the spacing dx)")
defrule(np.linspace, "np.linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0)",
        linear={"start": "linspace_cotangent(g, 0, num, endpoint, axis, start)",
                "stop": "linspace_cotangent(g, 1, num, endpoint, axis, stop)"},
        checked={"dtype": "require_inexact(np.empty(0, dtype), 'np.linspace()', t)"},
        note="in start and stop (an integer dtype= is refused); retstep=True (a tuple) is not supported")
defrule(np.polyval, "np.polyval(p, x)", multilinear={"p": "polyval_grad_p(g, x, p)"},
        jvp={"x": "t * np.polyval(np.polyder(p), x)"}, note="p: a 1-D array of coefficients")
defrule(np.polyder, "np.polyder(p, m=1)", linear={"p": "polyder_transpose(g, p, m)"})
defrule(np.interp, "np.interp(x, xp, fp, left=None, right=None)",
        jvp={"fp": "interp_fp_tangent(t, x, xp, left, right)", "x": "t * interp_slope(x, xp, fp)",
             "left": "t * (x < xp[0])", "right": "t * (x > xp[-1])"}, undefined=("xp",),
        note="in fp, x, left and right (an active xp refuses); at a knot the slope is the right "
             "segment's; period= is not supported")
