"""Helpers in a module of their own, called from tests/corpus/funcs_language.py.

They exercise calls that cross a module boundary: ``import tests.corpus.funcs_language_helpers as H``
then ``H.softplus(x)``, and ``from tests.corpus.funcs_language_helpers import ...``."""
import numpy as np

OFFSET = 0.25


def softplus(x):
    return np.log(1.0 + np.exp(x))


def scaled(x, scale=2.0, shift=0.0):
    return x * scale + shift


def affine(x, w, b=0.5):
    return x * w + b


def mean_and_spread(x):
    m = np.mean(x)
    d = x - m
    return m, np.sum(d * d)


def smooth_abs(x, eps=0.1):
    return np.sqrt(x * x + eps)


def through_softplus(x):
    # a helper calling another helper of the same module
    return softplus(x) * 2.0 + OFFSET


def piecewise(x):
    if x > 1.0:
        return x * x
    return 2.0 * x - 1.0


def horner(coeffs, x):
    acc = 0.0
    for c in coeffs:
        acc = acc * x + c
    return acc
