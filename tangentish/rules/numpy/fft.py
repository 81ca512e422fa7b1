"""np.fft.  The DFT matrix is symmetric, so (in autograd's convention for complex
cotangents) fft's transpose is fft itself, cropped or padded back to the input's
length; real-input transforms go through rfft_transpose / irfft_transpose."""
import numpy as np

from ..table import defrule

for _name in ("fft", "ifft"):
    defrule(getattr(np.fft, _name), f"np.fft.{_name}(a, n=None, axis=-1, norm=None)",
            linear={"a": f"match_complex(fit_to(np.fft.{_name}(g, None, axis, norm), a), a)"})
for _name in ("fft2", "ifft2"):
    defrule(getattr(np.fft, _name), f"np.fft.{_name}(a, s=None, axes=(-2, -1), norm=None)",
            linear={"a": f"match_complex(fit_to(np.fft.{_name}(g, None, axes, norm), a), a)"})
for _name in ("fftn", "ifftn"):
    defrule(getattr(np.fft, _name), f"np.fft.{_name}(a, s=None, axes=None, norm=None)",
            linear={"a": f"match_complex(fit_to(np.fft.{_name}(g, None, fft_axes(a, s, axes), "
                         "norm), a), a)"})
defrule(np.fft.rfft, "np.fft.rfft(a, n=None, axis=-1, norm=None)",
        linear={"a": "rfft_transpose(g, a, n, axis, norm)"})
defrule(np.fft.irfft, "np.fft.irfft(a, n=None, axis=-1, norm=None)",
        linear={"a": "irfft_transpose(g, a, n, axis, norm)"},
        note="the imaginary parts of the zero (and Nyquist) frequency are ignored, as irfft does")
defrule(np.fft.rfft2, "np.fft.rfft2(a, s=None, axes=(-2, -1), norm=None)",
        linear={"a": "rfftn_transpose(g, a, s, axes, norm)"})
defrule(np.fft.irfft2, "np.fft.irfft2(a, s=None, axes=(-2, -1), norm=None)",
        linear={"a": "irfftn_transpose(g, a, s, axes, norm)"})
defrule(np.fft.rfftn, "np.fft.rfftn(a, s=None, axes=None, norm=None)",
        linear={"a": "rfftn_transpose(g, a, s, axes, norm)"})
defrule(np.fft.irfftn, "np.fft.irfftn(a, s=None, axes=None, norm=None)",
        linear={"a": "irfftn_transpose(g, a, s, axes, norm)"})
defrule(np.fft.fftshift, "np.fft.fftshift(x, axes=None)", linear={"x": "np.fft.ifftshift(g, axes)"})
defrule(np.fft.ifftshift, "np.fft.ifftshift(x, axes=None)", linear={"x": "np.fft.fftshift(g, axes)"})
