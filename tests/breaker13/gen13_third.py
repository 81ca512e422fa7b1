"""Third round: element reads re-read in the adjoint while the array changes later
(rows, aliases, parameters, while loops, index arrays), complex and 0-d inputs."""
import numpy as np

R = np.random.default_rng(7)


def rn(*shape):
    return R.standard_normal(shape)


def rows_mutated_after(X):
    Y = X * 1.0
    s = 0.0
    for row in Y:
        s = s + np.sum(np.sin(row) * row)
    Y[0] = 0.0
    return s + np.sum(Y * X)


def rows_scaled_after(X):
    Y = X * 1.0
    s = 0.0
    for row in Y:
        if row[0] > 0.0:
            s = s + np.sum(row ** 2)
    Y *= 3.0
    return s + np.sum(Y)


def alias_mutated_after(x):
    y = x * 1.0
    z = y
    s = 0.0
    for i in range(len(y)):
        s = s + y[i] ** 3
    z[0] = 2.0
    return s + np.sum(y * x)


def param_mutated_after(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.0:
            s = s + x[i] ** 2
    x[0] = 4.0
    return s + np.sum(x * x)


def param_aug_after(x):
    s = 0.0
    for i in range(len(x)):
        s = s + np.exp(x[i])
    x *= 2.0
    return s + np.sum(x)


def while_read_mutated(x):
    y = x * 1.0
    i = 0
    s = 0.0
    while i < len(y):
        if y[i] > 0.0:
            s = s + y[i] * y[i]
        i += 1
    y[1] = -3.0
    return s + np.sum(y ** 2)


def index_array_read(x, idx):
    s = 0.0
    for i in range(len(idx)):
        if x[idx[i]] > 0.0:
            s = s + x[idx[i]] ** 2
    return s


def index_array_mut(x, idx):
    y = x * 1.0
    s = 0.0
    for i in range(len(idx)):
        s = s + y[idx[i]] ** 2
        y[idx[i]] = 0.5
    return s + np.sum(y * x)


def helper_elem(v, i):
    return v[i] ** 2


def helper_read_then_mut(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y)):
        s = s + helper_elem(y, i)
    y[0] = 9.0
    return s + np.sum(y * x)


def mut_in_later_iteration(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y)):
        if y[i] > 0.0:
            s = s + y[i] ** 2
        if i + 1 < len(y):
            y[i + 1] = y[i + 1] * -2.0
    return s + np.sum(y)


def mut_then_read_same_iter(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y)):
        y[i] = y[i] * 2.0 - 0.1
        if y[i] > 0.0:
            s = s + y[i] ** 2
    return s


def read_prev_after_write(x):
    y = x * 1.0
    s = 0.0
    for i in range(1, len(y)):
        y[i] = y[i - 1] * y[i]
        if y[i - 1] > 0.0:
            s = s + y[i - 1]
    return s + np.sum(y)


def two_loops_same_array(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y)):
        if y[i] > 0.0:
            s = s + y[i]
    for i in range(len(y)):
        y[i] = y[i] * -1.0
    return s + np.sum(y ** 2)


def two_loops_same_array2(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y)):
        s = s + y[i] ** 2
    for i in range(len(y)):
        y[i] = np.sin(y[i])
    return s * np.sum(y)


def nested_read_then_write(X):
    Y = X * 1.0
    s = 0.0
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            if Y[i, j] > 0:
                s = s + Y[i, j] ** 2
        Y[i] = Y[i] * 0.5
    return s + np.sum(Y ** 2)


def complex_loop(z):
    s = 0.0
    for i in range(len(z)):
        s = s + np.abs(z[i]) ** 2
        if np.real(z[i]) > 1.0:
            break
    return s


def complex_mean_diff(z, w):
    return np.mean(np.abs(z - w) ** 2)


def complex_loss(z, y):
    return np.mean(np.real(z * np.conj(z)) - y * np.real(z))


def zero_d_loop(a, x):
    s = a * 1.0
    for i in range(len(x)):
        s = s * x[i] + a
    return s


def zero_d_break(a, x):
    s = a * 1.0
    for v in x:
        if s > 2.0:
            break
        s = s * v + a
    return s


def float_arg_loop(a, n):
    s = a
    for i in range(n):
        s = s * a + 0.1
        if s > 5.0:
            break
    return s


def python_float_while(a):
    s = a
    while s < 10.0:
        s = s * 2.0 + a
    return s


def closure_mut_array(x):
    acc = np.zeros(1)

    def add(v):
        acc[0] = acc[0] + v * v
    for i in range(len(x)):
        add(x[i])
    return acc[0]


def closure_reads_outer(x):
    y = x * 2.0

    def f(i):
        return y[i] * x[i]
    s = 0.0
    for i in range(len(x)):
        s = s + f(i)
    return s


def closure_reads_outer_mut(x):
    y = x * 2.0

    def f(i):
        return y[i] * x[i]
    s = 0.0
    for i in range(len(x)):
        s = s + f(i)
    y[0] = 0.0
    return s + np.sum(y)


def called_twice_mut(x):
    y = x * 1.0
    a = helper_elem(y, 0)
    y[0] = 3.0 * y[1]
    b = helper_elem(y, 0)
    return a + b


def list_of_rows(X):
    rows = [X[0], X[1]]
    s = 0.0
    for r in rows:
        s = s + np.sum(r * r)
    return s


def list_accum(x):
    out = []
    for i in range(len(x)):
        if x[i] > 0.0:
            out.append(x[i] ** 2)
    return sum(out)


def dict_loop(x):
    d = {"a": x[0], "b": x[1]}
    for k in ("a", "b"):
        d[k] = d[k] * 2.0
    return d["a"] * d["b"]


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


for tag, X in (("m", rn(3, 4)), ("pos", np.abs(rn(3, 2)) + 0.1), ("row", rn(1, 3))):
    for fn in (rows_mutated_after, rows_scaled_after, nested_read_then_write, list_of_rows):
        if fn is list_of_rows and X.shape[0] < 2:
            continue
        add(f"{fn.__name__}[{tag}]", fn, X.copy())
for tag, x in (("x", np.array([0.4, -0.3, 0.8, -0.9, 0.2])), ("pos", np.abs(rn(4)) + 0.1),
               ("neg", -np.abs(rn(4)) - 0.1)):
    for fn in (alias_mutated_after, param_mutated_after, param_aug_after, while_read_mutated,
               helper_read_then_mut, mut_in_later_iteration, mut_then_read_same_iter, read_prev_after_write,
               two_loops_same_array, two_loops_same_array2, closure_mut_array, closure_reads_outer,
               closure_reads_outer_mut, called_twice_mut, list_accum, dict_loop):
        add(f"{fn.__name__}[{tag}]", fn, x.copy(), mutates=True)
    add(f"index_array_read[{tag}]", index_array_read, x.copy(), np.array([2, 0, 2, 1]))
    add(f"index_array_mut[{tag}]", index_array_mut, x.copy(), np.array([2, 0, 2, 1]))
    add(f"zero_d_loop[{tag}]", zero_d_loop, np.array(0.7), x.copy())
    add(f"zero_d_break[{tag}]", zero_d_break, np.array(0.7), x.copy())
    add(f"zero_d_loop_float[{tag}]", zero_d_loop, 0.7, x.copy())
for a in (0.5, 1.2, 3.0):
    add(f"float_arg_loop[{a}]", float_arg_loop, a, 4)
    add(f"python_float_while[{a}]", python_float_while, a)
    add(f"float_arg_loop_np[{a}]", float_arg_loop, np.float64(a), 4)
zc = rn(4) + 1j * rn(4)
add("complex_loop", complex_loop, zc, complex=True)
add("complex_loop[big]", complex_loop, zc + 2.0, complex=True)
add("complex_mean_diff", complex_mean_diff, zc, rn(4) + 0j, complex=True)
add("complex_mean_diff[real_w]", complex_mean_diff, zc, rn(4), complex=True)
add("complex_mean_diff[w1]", complex_mean_diff, zc, rn(1) + 1j, complex=True)
add("complex_loss", complex_loss, zc, rn(4), complex=True)
add("complex_loss[y_scalar]", complex_loss, zc, 1.0, complex=True)
