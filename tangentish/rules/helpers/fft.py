"""Rules of the helpers in runtime/fft.py, so generated code calling them can be
differentiated again."""
from ...runtime import fft as rt
from ..table import defrule, nondiff

defrule(rt.fit_to, "fit_to(x, like)", linear={"x": "fit_to(g, x)"})
defrule(rt.rfft_transpose, "rfft_transpose(x, a, n=None, axis=-1, norm=None)",
        linear={"x": "np.fft.rfft(g, n, axis, norm)"})
defrule(rt.rfftn_transpose, "rfftn_transpose(x, a, s=None, axes=None, norm=None)",
        linear={"x": "np.fft.rfftn(g, s, axes, norm)"})
defrule(rt.irfft_transpose, "irfft_transpose(x, a, n=None, axis=-1, norm=None)",
        linear={"x": "np.fft.irfft(g, n, axis, norm)"})
defrule(rt.irfftn_transpose, "irfftn_transpose(x, a, s=None, axes=None, norm=None)",
        linear={"x": "np.fft.irfftn(g, s, axes, norm)"})
nondiff(rt.fft_axes, note="constants of the derivative (piecewise constant in the input)")
