"""Fifth round: re-read elements whose index is a loop-carried integer, an index
computed from data, indexes into rows of a rebound matrix, comparisons in while
loops; functions whose primal raises on a dead or shape-only value."""
import numpy as np

R = np.random.default_rng(55)


def rn(*shape):
    return R.standard_normal(shape)


def carried_index(x):
    k = 0
    s = 0.0
    for i in range(len(x)):
        if x[k] > 0.0:
            s = s + x[k] ** 2
        else:
            s = s + x[k] * 0.5
        k = (k + 2) % len(x)
    return s


def carried_index_break(x):
    k = len(x) - 1
    s = 0.0
    for i in range(len(x)):
        if x[k] > 0.6:
            break
        s = s + np.sin(x[k]) * x[i]
        k = k - 1
    return s


def data_index(x):
    s = 0.0
    for i in range(len(x)):
        j = int(np.argmax(x[:i + 1]))
        if x[j] > 0.0:
            s = s + x[j] * x[i]
    return s


def index_in_while(x):
    k = 0
    s = 0.0
    while k < len(x):
        if x[k] < 0.0:
            k = k + 1
            continue
        s = s + x[k] ** 2
        k = k + 2
    return s


def two_index(X):
    s = 0.0
    for i in range(X.shape[0]):
        j = (i + 1) % X.shape[1]
        if X[i, j] > X[i, 0]:
            s = s + X[i, j] * X[i, 0]
    return s


def rebound_matrix_rows(X):
    s = 0.0
    for t in range(3):
        for i in range(X.shape[0]):
            if X[i, 0] > 0.0:
                s = s + X[i, 0] * X[i, 1]
        X = X * -0.5 + 0.1
    return s


def compare_then_rebind_elem_source(x):
    s = 0.0
    y = x * 1.0
    for i in range(len(x)):
        if y[i] > 0.0:
            s = s + y[i] ** 2
        y = y * -1.0
    return s


def compare_nan_else(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.0:
            s = s + x[i]
        elif x[i] <= 0.0:
            s = s - x[i] ** 2
        else:
            s = s + 100.0
    return s


def compare_chain(x):
    s = 0.0
    for i in range(len(x)):
        if -0.5 < x[i] < 0.5:
            s = s + x[i] ** 2
    return s


def compare_bool_ops(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.0 and x[i] * 2.0 < 1.5 or x[i] < -0.8:
            s = s + x[i] ** 3
    return s


def compare_in_expr(x):
    s = 0.0
    for i in range(len(x)):
        s = s + (x[i] > 0.0) * x[i] ** 2
    return s


def where_elem(x):
    s = 0.0
    for i in range(len(x)):
        s = s + np.where(x[i] > 0.0, x[i], 0.1 * x[i])
    return s


def max_elem(x):
    s = 0.0
    for i in range(len(x)):
        s = s + max(x[i], 0.0) * x[i]
    return s


def compare_ternary(x):
    s = 0.0
    for i in range(len(x)):
        s = s + (x[i] ** 2 if x[i] > 0.1 else -x[i])
    return s


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


for tag, x in (("x", np.array([0.4, -0.3, 0.8, -0.9, 0.2])), ("pos", np.abs(rn(4)) + 0.1),
               ("neg", -np.abs(rn(4)) - 0.1), ("x6", np.array([0.3, -0.7, 0.65, 0.05, -0.2, 0.9]))):
    for fn in (carried_index, carried_index_break, data_index, index_in_while,
               compare_then_rebind_elem_source, compare_nan_else, compare_chain, compare_bool_ops,
               compare_in_expr, where_elem, max_elem, compare_ternary):
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
nanx = np.array([0.3, np.nan, -0.2, 0.1])
for fn in (compare_nan_else, compare_chain, compare_bool_ops, compare_ternary, carried_index):
    add(f"{fn.__name__}[nan]", fn, nanx.copy(), nan=True)
for tag, X in (("m", rn(3, 4)), ("sq", rn(3, 3))):
    add(f"two_index[{tag}]", two_index, X)
    add(f"rebound_matrix_rows[{tag}]", rebound_matrix_rows, X)
