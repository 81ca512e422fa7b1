"""Seventh round: loop bounds that change between iterations of an outer loop, ranges
with variable steps, inner loops whose length is loop-carried, lengths of lists that
grow."""
import numpy as np


def inner_bound_shrinks(x):
    n = len(x)
    s = 0.0
    for k in range(3):
        for i in range(n):
            s = s + x[i] * x[k]
        n = n - 1
    return s


def inner_bound_grows_break(x):
    n = 1
    s = 0.0
    for k in range(len(x)):
        for i in range(n):
            if x[i] > 0.75:
                break
            s = s + np.sin(x[i]) * x[k]
        n = n + 1
    return s


def inner_len_of_list(x):
    xs = [x[0]]
    s = 0.0
    for k in range(1, len(x)):
        for i in range(len(xs)):
            s = s + xs[i] * x[k]
        xs.append(x[k] * 0.5)
    return s


def variable_step(x, step):
    s = 0.0
    for i in range(0, len(x), step):
        s = s + x[i] ** 2
        if s > 1.0:
            break
    return s


def variable_neg_step(x, step):
    s = 0.0
    for i in range(len(x) - 1, -1, -step):
        if x[i] < -0.5:
            break
        s = s * 0.5 + x[i]
    return s


def start_from_carried(x):
    s = 0.0
    start = 0
    for k in range(2):
        for i in range(start, len(x)):
            if x[i] > 0.6:
                break
            s = s + x[i] * (k + 1)
        start = start + 2
    return s


def while_inner_for(x):
    m = len(x)
    s = 0.0
    while m > 1:
        for i in range(m):
            s = s + x[i] * m
        m = m // 2
    return s


def inner_break_outer_continue(X):
    s = 0.0
    for i in range(X.shape[0]):
        if X[i, 0] < -0.5:
            continue
        for j in range(X.shape[1]):
            if X[i, j] > 0.5:
                break
            s = s + X[i, j] ** 2
    return s


def triangle(X):
    s = 0.0
    for i in range(X.shape[0]):
        for j in range(i, X.shape[1]):
            s = s + X[i, j] * X[j, i]
            if s > 1.5:
                break
    return s


def loop_over_shape_var(X):
    n, m = X.shape
    s = 0.0
    for i in range(n):
        for j in range(m):
            s = s + X[i, j] * (i - j)
    return s


def break_in_else(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] < 0.0:
            s = s - x[i]
        else:
            if x[i] > 0.5:
                break
            s = s + x[i] ** 2
    return s


def for_else(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.7:
            break
        s = s + x[i]
    else:
        s = s * 2.0
    return s


def while_else(x):
    i = 0
    s = 0.0
    while i < len(x):
        if x[i] > 0.7:
            break
        s = s + x[i] ** 2
        i += 1
    else:
        s = s * 3.0
    return s


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


for tag, x in (("x", np.array([0.4, -0.3, 0.8, -0.9, 0.2])), ("pos", np.array([0.1, 0.2, 0.3, 0.4])),
               ("neg", np.array([-0.6, -0.2, -0.7, -0.1])), ("x6", np.array([0.3, -0.7, 0.65, 0.05, -0.2, 0.9]))):
    for fn in (inner_bound_shrinks, inner_bound_grows_break, inner_len_of_list, start_from_carried,
               while_inner_for, break_in_else, for_else, while_else):
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
    for st in (1, 2, 3):
        add(f"variable_step[{tag},{st}]", variable_step, x.copy(), st)
        add(f"variable_neg_step[{tag},{st}]", variable_neg_step, x.copy(), st)
for tag, X in (("m", np.array([[0.4, -0.3, 0.8], [-0.9, 0.2, 0.5], [0.1, 0.7, -0.6]])),
               ("r", np.array([[0.4, -0.3, 0.8, 0.3], [0.2, 0.2, 0.45, -0.1]]))):
    for fn in (inner_break_outer_continue, triangle, loop_over_shape_var):
        add(f"{fn.__name__}[{tag}]", fn, X.copy())
