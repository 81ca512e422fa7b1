"""NumPy's functions, one module per family (elementwise.py, reductions.py,
shape.py, indexing.py, joining.py, products.py, sampling.py, linalg.py, fft.py,
nondiff.py; special.py holds scipy.special, loaded only when scipy is imported).
methods.py maps array methods and attributes onto these functions.  The rules of
the helpers their templates call are in rules/helpers/.

Reached under their aliases: np.absolute (is np.abs), np.true_divide (is
np.divide), np.remainder (is np.mod), np.conjugate (is np.conj).

Conventions (each pinned down by a test in tests/rules/test_<family>.py):
  * kinks take the one-sided value numpy's own sign/comparison gives:
    fabs at 0 -> 0, fmax/fmin ties -> the first argument, copysign's slope at 0
    follows the sign bit;
  * infinite slopes stay infinite (cbrt at 0, arcsin at +-1), as sqrt's;
  * ties of order statistics (median, quantile, ptp, nanmax) share the
    derivative equally; sort gives each sorted slot the derivative of the
    element a stable argsort put there;
  * piecewise-constant functions have zero derivative (nondiff).
"""
from . import (  # noqa: F401; noqa: F401  (nondiff after the others: it skips ruled ones)
    elementwise, fft, indexing, joining, linalg, methods, nondiff, products, reductions, sampling,
    shape)
