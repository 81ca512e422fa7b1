"""Eleventh round: loop-carried arrays updated in place (h *= c, h += x, h[:] = ...,
h[0] = ...) while the loop pushes them at the iteration start."""
import numpy as np


def carried_imul(x):
    h = x * 1.0
    s = 0.0
    for i in range(3):
        s = s + np.sum(np.sin(h))
        h *= 1.5
    return s


def carried_iadd(x):
    h = x * 1.0
    s = 0.0
    for i in range(3):
        s = s + np.sum(h ** 3)
        h += x
    return s


def carried_slice_assign(x):
    h = x * 1.0
    s = 0.0
    for i in range(3):
        s = s + np.sum(np.cos(h) * h)
        h[:] = h * 0.5 + 0.1
    return s


def carried_elem_assign(x):
    h = x * 1.0
    s = 0.0
    for i in range(len(x)):
        s = s + np.sum(h * h)
        h[i] = h[i] * 3.0
    return s


def carried_imul_break(x):
    h = x * 1.0
    s = 0.0
    for i in range(5):
        s = s + np.sum(np.exp(h))
        if s > 8.0:
            break
        h *= 1.3
    return s


def carried_while_iadd(x):
    h = x * 1.0
    s = 0.0
    while s < 3.0:
        s = s + np.sum(h ** 2) + 0.5
        h += 0.1
    return s


def carried_rebind_and_inplace(x):
    h = x * 1.0
    s = 0.0
    for i in range(3):
        g = h
        h = h * 2.0
        g *= 0.5
        s = s + np.sum(g * h)
    return s


def carried_out_param(x):
    h = x * 1.0
    s = 0.0
    for i in range(3):
        np.multiply(h, 1.5, out=h)
        s = s + np.sum(np.sin(h))
    return s


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


for tag, x in (("x", np.array([0.4, -0.3, 0.8])), ("pos", np.array([0.1, 0.2, 0.35, 0.45])),
               ("one", np.array([0.6]))):
    for fn in (carried_imul, carried_iadd, carried_slice_assign, carried_elem_assign, carried_imul_break,
               carried_while_iadd, carried_rebind_and_inplace, carried_out_param):
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
