"""Eighth round: copies between names (branches naming both, copies rebound after,
flags read after the loop, negated flags)."""
import numpy as np


def branch_copy(x):
    if x[0] > 0.0:
        s = x * 2.0
        t = s
    else:
        t = x * 3.0
    return np.sum(t * x)


def branch_copy_then_rebind(x):
    if x[0] > 0.0:
        s = x * 2.0
        t = s
        s = s * x
    else:
        s = x * 0.5
        t = x * 3.0
    return np.sum(t * s)


def copy_then_source_rebound(x):
    s = np.sin(x)
    t = s
    s = s * 2.0
    return np.sum(t * s)


def copy_then_target_rebound(x):
    s = np.sin(x)
    t = s
    t = t + s
    return np.sum(t * s)


def copy_in_loop(x):
    s = x[0] * 1.0
    prev = s
    for i in range(1, len(x)):
        prev = s
        s = s * x[i] + prev
    return s * prev


def copy_swap_loop_break(x):
    a = x[0] * 1.0
    b = x[1] * 1.0
    for i in range(len(x)):
        if a > 1.0:
            break
        t = a
        a = b + x[i]
        b = t * 0.5
    return a * b


def flag_read_after(x):
    found = False
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] ** 2
        if x[i] > 0.5:
            found = True
            break
    if found:
        return s * 2.0
    return s


def negated_flag(x):
    neg = x[0] < 0.0
    pos = not neg
    s = np.sum(x * x)
    if pos:
        s = s * x[1]
    if neg:
        s = s + x[2]
    return s


def flag_toggled(x):
    on = False
    s = 0.0
    for i in range(len(x)):
        if on:
            s = s + x[i] ** 2
        else:
            s = s - x[i]
        on = not on
    return s


def flag_in_nested(X):
    s = 0.0
    for i in range(X.shape[0]):
        hit = False
        for j in range(X.shape[1]):
            if X[i, j] > 0.6:
                hit = True
            s = s + X[i, j] * (2.0 if hit else 1.0)
        if hit:
            break
    return s


def flag_set_twice(x):
    stop = False
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.7:
            stop = True
        s = s + x[i]
        if s > 1.0:
            stop = True
        if stop:
            break
    return s


def flag_set_then_cleared(x):
    stop = False
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.32:
            stop = True
        if x[i] > 0.6:
            stop = False
        s = s + x[i] ** 2
        if stop:
            break
    return s


def cond_rebound_in_body(x):
    s = 0.0
    for i in range(len(x)):
        c = x[i] > 0.0
        if c:
            s = s + x[i]
        c = s > 0.5
        if c:
            break
    return s


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


for tag, x in (("x", np.array([0.4, -0.3, 0.8, -0.9, 0.2])), ("pos", np.array([0.1, 0.2, 0.35, 0.45])),
               ("neg", np.array([-0.6, -0.2, -0.7, -0.1])), ("x6", np.array([0.3, -0.7, 0.65, 0.05, -0.2, 0.9]))):
    for fn in (branch_copy, branch_copy_then_rebind, copy_then_source_rebound, copy_then_target_rebound,
               copy_in_loop, copy_swap_loop_break, flag_read_after, negated_flag, flag_toggled, flag_set_twice,
               flag_set_then_cleared, cond_rebound_in_body):
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
for tag, X in (("m", np.array([[0.4, -0.3, 0.8], [-0.9, 0.2, 0.55], [0.1, 0.7, -0.6]])),
               ("low", np.array([[0.1, 0.2], [0.3, 0.4]]))):
    add(f"flag_in_nested[{tag}]", flag_in_nested, X)
