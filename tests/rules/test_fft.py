"""The rules of tangentish/rules/numpy/fft.py (outputs complex: the functions sum a real
combination of both parts)."""
import numpy as np
import pytest
import scipy.special

import tangentish as tg
from tests.rules.cases import ALL, FIRST, C3, M, S, V, Case, CaseList, Inputs, set_checks
from tests.rules.harness import rule_tests

J = Inputs(20240611)
rand = J.rand
CASES = CaseList()
case = CASES.case

_RI = "np.real({0}) + 0.7 * np.imag({0})"
for _f, _call, _shapes in [(np.fft.fft, "np.fft.fft(x)", [(8,), M]),
                           (np.fft.fft, "np.fft.fft(x, 6, 0)", [(4, 3)]),
                           (np.fft.ifft, "np.fft.ifft(x, norm='ortho')", [(5,), M]),
                           (np.fft.fft2, "np.fft.fft2(x)", [(4, 3), C3]),
                           (np.fft.ifft2, "np.fft.ifft2(x, (3, 5))", [(4, 3)]),
                           (np.fft.fftn, "np.fft.fftn(x)", [M, C3]),
                           (np.fft.ifftn, "np.fft.ifftn(x, axes=(0, 2))", [C3]),
                           (np.fft.rfft, "np.fft.rfft(x)", [(8,), (2, 6)]),
                           (np.fft.rfft, "np.fft.rfft(x, 7, 0, 'forward')", [(5, 2)]),
                           (np.fft.rfft2, "np.fft.rfft2(x)", [(4, 6)]),
                           (np.fft.rfftn, "np.fft.rfftn(x, axes=(0, 2))", [C3])]:
    case(_f, _RI.format(_call), [{"x": rand(s)} for s in _shapes], label=_call.split("(", 1)[1][:-1],
         ag="7" not in _call)  # autograd: no odd-length real FFTs
for _f, _call, _shapes in [(np.fft.irfft, "np.fft.irfft(np.fft.fft(x) * (1.0 + 0.5j))", [(5,), (2, 6)]),
                           (np.fft.irfft, "np.fft.irfft(np.fft.fft(x) * (1.0 + 0.5j), 7, norm='ortho')", [(4,)]),
                           (np.fft.irfft2, "np.fft.irfft2(np.fft.fft2(x) * (1.0 - 0.3j))", [(4, 4)]),
                           (np.fft.irfftn, "np.fft.irfftn(np.fft.fftn(x) * (0.5 + 1.0j), (3, 6), (0, 1))", [(3, 4)])]:
    case(_f, _call, [{"x": rand(s)} for s in _shapes], label=_call[13:30], ag=", 7" not in _call)
case(np.fft.fftshift, "np.fft.fftshift(x)", [{"x": rand((5,))}, {"x": rand(M)}])
case(np.fft.ifftshift, "np.fft.ifftshift(x, axes=1)", [{"x": rand((3, 4))}])

globals().update(rule_tests(CASES, "tangentish.rules.numpy.fft"))
