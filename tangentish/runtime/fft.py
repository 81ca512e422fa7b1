"""numpy.fft: the transposes of the real FFTs (``rfft``, ``irfft`` and their n-d forms)."""
import numpy as np

from .numeric import match_complex

__all__ = [
    "fit_to", "fft_axes", "rfftn_transpose", "rfft_transpose", "irfftn_transpose",
    "irfft_transpose"
]


def fit_to(x, like):
    """``x`` cropped or zero-padded, axis by axis, to the shape of ``like``."""
    shape = np.shape(like)
    if np.shape(x) == shape:
        return x
    x = np.asarray(x)
    x = x[tuple(slice(0, n) for n in shape)]
    pad = [(0, n - m) for n, m in zip(shape, x.shape)]
    return np.pad(x, pad)


def fft_axes(a, s=None, axes=None):
    """The axes ``np.fft.fftn(a, s, axes)`` transforms."""
    if axes is not None:
        return tuple(axes)
    nd = np.ndim(a)
    return tuple(range(nd)) if s is None else tuple(range(nd - len(s), nd))


def _full_length(a, s, axes):
    axes = fft_axes(a, s, axes)
    return s[-1] if s is not None else np.shape(a)[axes[-1]], axes


def rfftn_transpose(x, a, s=None, axes=None, norm=None):
    """The transpose of ``np.fft.rfftn(a, s, axes, norm)`` (a real-linear map)."""
    n, axes = _full_length(a, s, axes)
    last = axes[-1] % np.ndim(a)
    shape = list(np.shape(x))
    shape[last] = n
    full = fit_to(x, np.empty(shape, dtype=bool))
    return match_complex(fit_to(np.fft.fftn(full, axes=axes, norm=norm), a), a)


def rfft_transpose(x, a, n=None, axis=-1, norm=None):
    """The transpose of ``np.fft.rfft(a, n, axis, norm)``."""
    return rfftn_transpose(x, a, None if n is None else (n,), (axis,), norm)


def irfftn_transpose(x, a, s=None, axes=None, norm=None):
    """The transpose of ``np.fft.irfftn(a, s, axes, norm)`` (a real-linear map)."""
    axes = fft_axes(a, s, axes)
    last = axes[-1] % np.ndim(a)
    n = np.shape(x)[last]                      # the real output length
    half = n // 2 + 1
    c = np.fft.ifftn(x, axes=axes, norm=norm)
    c = np.take(c, np.arange(half), axis=last)
    w = np.full(half, 2.0)
    w[0] = 1.0
    if n % 2 == 0:
        w[-1] = 1.0
    shape = [1] * np.ndim(c)
    shape[last] = half
    return match_complex(fit_to(c * np.reshape(w, shape), a), a)


def irfft_transpose(x, a, n=None, axis=-1, norm=None):
    """The transpose of ``np.fft.irfft(a, n, axis, norm)``."""
    return irfftn_transpose(x, a, None if n is None else (n,), (axis,), norm)
