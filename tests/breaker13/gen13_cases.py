"""Programs for the issue-13 rewrite breaker (brk13): losses with every label
pattern, loops with break/continue/return, while loops, aliases, in-place
updates, closures, calls.  Each CASES entry: (name, function, args, options)."""
import math

import numpy as np

R = np.random.default_rng(13)


def rn(*shape):
    return R.standard_normal(shape)


# ---------------------------------------------------------------- losses
def logistic_mean(z, y):
    return np.mean(np.logaddexp(0.0, z) - y * z)


def logistic_sigmoid(z, y):
    p = 1.0 / (1.0 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def logistic_sum(w, X, y):
    z = X @ w
    return np.sum(np.logaddexp(0.0, z) - y * z)


def logistic_tanh(w, X, y):
    z = X @ w
    p = 0.5 + 0.5 * np.tanh(0.5 * z)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def softmax_xent(z, y):
    zm = z - np.max(z, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(zm), axis=1, keepdims=True))
    return -np.mean(np.sum(y * (zm - lse), axis=1))


def softmax_xent2(z, y):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    p = e / np.sum(e, axis=-1, keepdims=True)
    return -np.sum(y * np.log(p)) / z.shape[0]


def mse(a, b):
    return np.mean((a - b) ** 2)


def mse_sq(a, b):
    d = a - b
    return np.mean(d * d)


def mean_diff(a, b):
    return np.mean(a - b)


def mean_diff_zero(a, b):
    return np.mean(a - b - 0.0)


def sub_zero(a):
    return np.sum((a - 0.0) * a)


def hinge(z, y):
    return np.mean(np.maximum(0.0, 1.0 - y * z))


def mean_diff_both(a, b):
    d = a - b
    return np.mean(d) + np.sum(d * d) / a.size


def l2_reg(w, X, y, lam):
    r = X @ w - y
    return np.mean(r ** 2) + lam * np.sum(w ** 2)


def weighted_mse(a, b, wts):
    return np.sum(wts * (a - b) ** 2) / np.sum(wts)


def same_temp_twice(a, b):
    t = a * b
    return np.sum(t * t + t)


def temp_read_in_two_lines(a, b):
    t = a - b
    u = t * 2.0
    v = t * u
    return np.sum(v) + np.mean(t)


def neg_read(a, b):
    t = -(a - b)
    return np.sum(t * a)


def double_transpose(A, B):
    C = A.T.T * B
    return np.sum(C.T @ A)


def transpose_of_transpose_var(A):
    At = A.T
    B = At.T
    return np.sum(B * A + At.T)


def scalar_cot_chain(a, b):
    s = np.sum(a * b)
    t = s * a + b
    return np.sum(t * t)


# ---------------------------------------------------------------- loops
def loop_break_first(x):
    s = 0.0
    for i in range(x.shape[0]):
        if i >= 0:
            break
        s = s + x[i] ** 2
    return s + np.sum(x)


def loop_break_never(x):
    s = 0.0
    for i in range(x.shape[0]):
        if x[i] > 100.0:
            break
        s = s + np.sin(x[i]) * x[i]
    return s


def loop_break_last(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i] * x[i]
        if i == x.shape[0] - 1:
            break
    return s


def loop_break_mid_value(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.5:
            break
        s = s * 0.5 + x[i] ** 2
    return s


def loop_break_before_update(x):
    s = 1.0
    for i in range(len(x)):
        s = s * x[i]
        if s < -0.2:
            break
        s = s + x[i]
    return s


def loop_continue(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] < 0.0:
            continue
        s = s + x[i] ** 3
    return s


def loop_continue_break(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] < 0.0:
            continue
        if s > 1.0:
            break
        s = s + x[i] ** 2
    return s


def early_return_loop(x):
    s = 0.0
    for i in range(len(x)):
        s = s + np.cos(x[i])
        if s > 1.5:
            return s * 2.0
    return s


def early_return_first(x):
    for i in range(len(x)):
        return x[i] * 3.0
    return 0.0


def early_return_never(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 1e9:
            return s
        s = s + x[i] * x[i]
    return s


def nested_break(X):
    s = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            if X[i, j] > 0.8:
                break
            s = s + X[i, j] ** 2
    return s


def nested_break_outer(X):
    s = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            s = s + X[i, j] * (i + 1)
        if s > 1.0:
            break
    return s


def nested_break_both(X):
    s = 0.0
    stop = False
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            s = s + np.exp(X[i, j] * 0.3)
            if s > 3.0:
                stop = True
                break
        if stop:
            break
    return s


def while_cond_changes(x):
    s = x[0]
    k = 0
    while s < 5.0 and k < 20:
        s = s * 1.5 + x[1]
        k = k + 1
    return s


def while_index(x):
    i = 0
    s = 0.0
    while i < len(x):
        s = s + x[i] * (i + 1.0)
        i = i + 2
    return s


def while_true_break(x):
    i = 0
    s = 0.0
    while True:
        s = s + x[i] ** 2
        i += 1
        if i >= len(x) or s > 2.0:
            break
    return s


def while_shrinks(x):
    v = x * 1.0
    while np.sum(v * v) > 0.1:
        v = v * 0.5
    return np.sum(v)


def for_v_in_x(x):
    s = 0.0
    for v in x:
        s = s + v * v
    return s


def for_v_in_x_break(x):
    s = 0.0
    for v in x:
        if v > 0.7:
            break
        s = s + np.sin(v)
    return s


def for_row_in_X(X, w):
    s = 0.0
    for row in X:
        s = s + np.tanh(row @ w)
    return s


def for_row_in_X_break(X, w):
    s = 0.0
    for row in X:
        z = row @ w
        if z > 1.0:
            break
        s = s + z * z
    return s


def enumerate_loop(x):
    s = 0.0
    for i, v in enumerate(x):
        s = s + v * (i + 1)
    return s


def enumerate_break(x):
    s = 0.0
    for i, v in enumerate(x):
        if i == 2:
            break
        s = s + v ** 2
    return s


def zip_loop(x, y):
    s = 0.0
    for a, b in zip(x, y):
        s = s + a * b
    return s


def zip_break(x, y):
    s = 0.0
    for a, b in zip(x, y):
        if a * b > 0.5:
            break
        s = s + np.exp(a - b)
    return s


def zip_rows(X, Y):
    s = 0.0
    for a, b in zip(X, Y):
        s = s + np.sum((a - b) ** 2)
    return s


def neg_step(x):
    s = 0.0
    for i in range(len(x) - 1, -1, -1):
        s = s * 0.5 + x[i]
    return s


def neg_step_break(x):
    s = 0.0
    for i in range(len(x) - 1, -1, -2):
        if x[i] < -1.0:
            break
        s = s * x[i] + 1.0
    return s


def step_range_break(x):
    s = 0.0
    for i in range(1, len(x), 2):
        s = s + x[i] * x[i - 1]
        if s > 0.3:
            break
    return s


def nan_compare(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.0:
            s = s + x[i] ** 2
    return s


def nan_compare_break(x):
    s = 0.0
    for i in range(len(x)):
        if not (x[i] < 10.0):
            break
        s = s + x[i] * 2.0
    return s


def compare_reread(x, t):
    s = 0.0
    for i in range(len(x)):
        if x[i] > t:
            s = s + x[i] * t
        else:
            s = s - x[i]
    return s


def compare_reread_mutated(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y)):
        if y[i] > 0.0:
            y[i] = -y[i]
            s = s + y[i] ** 2
        else:
            s = s + y[i]
    return s + np.sum(y)


def compare_element_changes(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y) - 1):
        y[i + 1] = y[i + 1] + y[i]
        if y[i + 1] > 0.5:
            s = s + y[i + 1] ** 2
    return s


def loop_carried(x):
    h = 0.1
    for i in range(len(x)):
        h = np.tanh(h * 0.9 + x[i])
    return h


def loop_carried_two(x):
    h = 0.1
    c = 0.2
    for i in range(len(x)):
        h, c = np.tanh(c + x[i]), h * 0.5 + c
    return h + c


def loop_carried_array(W, xs):
    h = np.zeros(W.shape[0])
    for t in range(xs.shape[0]):
        h = np.tanh(W @ h + xs[t])
    return np.sum(h ** 2)


def loop_carried_break(W, xs):
    h = np.zeros(W.shape[0])
    for t in range(xs.shape[0]):
        h = np.tanh(W @ h + xs[t])
        if np.sum(h) > 1.0:
            break
    return np.sum(h ** 2)


def if_break_moved(x):
    s = 0.0
    for i in range(len(x)):
        c = x[i] > 0.35
        if c:
            break
        s = s + x[i] ** 2
    return s


def if_break_flag(x):
    s = 0.0
    done = False
    for i in range(len(x)):
        if done:
            break
        s = s + x[i]
        done = s > 0.5
    return s


def if_test_copied(x):
    s = 0.0
    flag = x[0] > 0.0
    for i in range(len(x)):
        if flag:
            s = s + x[i] ** 2
        flag = not flag
    return s


def if_test_reassigned(x):
    c = x[0] > 0.0
    y = x * 2.0
    if c:
        y = y * x
        c = False
    if c:
        y = y + 1.0
    return np.sum(y)


def zero_accum(x):
    s = 0.0
    s = s + 0.0 * x[0]
    for i in range(len(x)):
        s = s + x[i]
    return s * x[1]


def const_prop(x):
    a = 2.0
    b = a * 3.0
    c = b - a
    return np.sum(x * c + a)


def fold_for_header(X):
    n = X.shape[0]
    s = 0.0
    for i in range(n):
        s = s + np.sum(X[i] ** 2)
    return s


def fold_for_header_len(x):
    m = len(x) - 1
    s = 0.0
    for i in range(m):
        s = s + x[i] * x[i + 1]
    return s


def temp_moved_past(x, y):
    t = np.sin(x); u = y * 2.0; v = t * u
    return np.sum(v)


def temp_single_use_rebind(x):
    t = x * 2.0
    x = x + 1.0
    return np.sum(t * x)


def temp_moved_past_mutation(x):
    y = x * 1.0
    t = y[0] * 2.0
    y[0] = 5.0
    return t + np.sum(y * y)


def temp_moved_same_line(x):
    y = x * 1.0; t = y[1] * 3.0; y[1] = 0.0
    return t * np.sum(y)


def copy_coalesce(x):
    a = x; b = a; a = b * 2.0
    return np.sum(a * b)


def copy_names_one_line(x, y):
    a, b = x, y; a, b = b, a
    return np.sum(a * 2.0 + b * b)


def swap_loop(x, y):
    a = x
    b = y
    for i in range(3):
        a, b = b, a * 0.5
    return np.sum(a * b)


def top_level_loop_stack(x):
    s = 0.0
    for i in range(len(x)):
        s = s * 0.9 + x[i]
    for i in range(len(x)):
        s = s * x[i]
    return s


def loop_in_loop_stack(X):
    s = 0.0
    for i in range(X.shape[0]):
        for j in range(i):
            s = s + X[i, j] * X[j, i]
    return s


def empty_loop(x):
    s = x[0] * 1.0
    for i in range(0):
        s = s * x[i]
    return s


def loop_zero_iters_break(x):
    s = x[0] * 2.0
    for i in range(1, 1):
        if x[i] > 0:
            break
        s = s * x[i]
    return s


# ---------------------------------------------------------------- aliases / in-place
def alias_setitem(x):
    y = x
    y[0] = y[0] * 2.0
    return np.sum(x * x)


def alias_copy_setitem(x):
    z = x * 1.0
    y = z
    y[1] = np.sin(z[0])
    return np.sum(z * z)


def alias_in_loop(x):
    z = x * 1.0
    y = z
    for i in range(len(y)):
        y[i] = y[i] * (i + 1.0)
    return np.sum(z ** 2)


def inplace_aug(x):
    y = x * 1.0
    y += x ** 2
    y *= 2.0
    return np.sum(y)


def inplace_elem_aug(x):
    y = x * 1.0
    for i in range(1, len(y)):
        y[i] += y[i - 1] * 0.5
    return np.sum(y * y)


def out_loop(x):
    out = np.zeros_like(x)
    for i in range(len(x)):
        out[i] = 2.0 * x[i] * x[i]
    return np.sum(out)


def out_loop_break(x):
    out = np.zeros_like(x)
    for i in range(len(x)):
        if x[i] > 0.95:
            break
        out[i] = np.exp(x[i])
    return np.sum(out * out)


def out_loop_reads_prev(x):
    out = np.zeros_like(x)
    out[0] = x[0]
    for i in range(1, len(x)):
        out[i] = out[i - 1] * 0.5 + x[i]
    return np.sum(out ** 2)


def row_update(X):
    Y = X * 1.0
    for i in range(Y.shape[0]):
        Y[i] = Y[i] / np.sum(Y[i] ** 2)
    return np.sum(Y * X)


def same_temp_read_twice_loop(x):
    s = 0.0
    for i in range(len(x)):
        t = x[i] * 2.0
        s = s + t * t + t
    return s


# ---------------------------------------------------------------- calls, closures
def helper_sq(v):
    return v * v


def helper_mut(v):
    v[0] = v[0] * 3.0
    return np.sum(v)


def helper_mut_ret(v, c):
    v *= c
    return v


def called_twice(x):
    return np.sum(helper_sq(x) + helper_sq(x * 2.0))


def called_twice_same_temp(x):
    t = helper_sq(x)
    u = helper_sq(t)
    return np.sum(u - t)


def call_mutates_arg(x):
    y = x * 1.0
    s = helper_mut(y)
    return s + np.sum(y * x)


def call_mutates_return(x):
    y = x * 1.0
    z = helper_mut_ret(y, 2.0)
    return np.sum(z * y * x)


def make_closure(scale):
    def inner(x):
        return np.sum(np.sin(x) * scale)
    return inner


closure_scale = make_closure(3.0)
closure_arr = make_closure(np.array([1.0, 2.0, 3.0]))


def closure_loop(x):
    def step(h, v):
        return np.tanh(h + v)
    h = 0.0
    for v in x:
        h = step(h, v)
    return h


def loop_calls_helper_break(x):
    s = 0.0
    for i in range(len(x)):
        s = s + helper_sq(x[i])
        if s > 1.0:
            break
    return s


# ---------------------------------------------------------------- scalars, math
def math_scalar(a, b):
    t = math.sin(a) * b
    return t * t + math.exp(-a)


def py_float_seed(a):
    return a * a * 3.0


def scalar_neg(a, b):
    return -(a * b) - (-a)


def zero_d(x):
    return np.sum(np.sin(x) * x) - x


def mixed_scalar_array(s, x):
    return np.sum(s * x) + s * s


def mean_of_scalar_diff(s, x):
    return np.mean(x - s)


def complex_abs(z):
    return np.sum(np.abs(z) ** 2)


def complex_real(z, w):
    return np.real(np.sum(z * w))


def dtype_f32(x, y):
    return np.mean((x - y) ** 2)


def E(n):
    return np.linspace(-0.9, 0.9, n)


_labels01 = (rn(6) > 0).astype(float)


def label_variants(z):
    """Every broadcasting pattern of labels vs logits."""
    n = z.shape[0]
    return [
        ("y_n", z, (rn(n) > 0).astype(float)),
        ("y_n1", z, (rn(n, 1) > 0).astype(float)),
        ("y_1", z, np.array([1.0])),
        ("y_scalar", z, 1.0),
        ("y_npscalar", z, np.float64(0.0)),
        ("y_0d", z, np.array(1.0)),
        ("y_int", z, (rn(n) > 0).astype(np.int64)),
        ("y_bool", z, rn(n) > 0),
        ("y_f32", z, (rn(n) > 0).astype(np.float32)),
        ("z_f32", z.astype(np.float32), (rn(n) > 0).astype(float)),
        ("y_bad", z, np.ones(n + 1)),
        ("z_n1_y_n", z[:, None], (rn(n) > 0).astype(float)),
        ("z_1n_y_n1", z[None, :], (rn(n, 1) > 0).astype(float)),
    ]


def build():
    cases = []
    z = rn(6)
    for fn in (logistic_mean, logistic_sigmoid, hinge, mse, mse_sq, mean_diff, mean_diff_zero,
               mean_diff_both, same_temp_twice, temp_read_in_two_lines, neg_read, scalar_cot_chain):
        for tag, a, b in label_variants(z):
            if fn is logistic_sigmoid:
                b = b if not isinstance(b, np.ndarray) or b.dtype != bool else b.astype(float)
            cases.append((f"{fn.__name__}[{tag}]", fn, (a, b), {}))
    X, w = rn(6, 3), rn(3)
    yl = (rn(6) > 0).astype(float)
    for tag, y in (("y_n", yl), ("y_n1", yl[:, None]), ("y_scalar", 1.0), ("y_int", yl.astype(int)),
                   ("y_bad", np.ones(5))):
        for fn in (logistic_sum, logistic_tanh):
            cases.append((f"{fn.__name__}[{tag}]", fn, (w, X, y), {}))
    cases.append(("l2_reg", l2_reg, (w, X, yl, 0.1), {}))
    cases.append(("l2_reg[lam_arr]", l2_reg, (w, X, yl, np.array(0.1)), {}))
    cases.append(("weighted_mse", weighted_mse, (rn(5), rn(5), np.abs(rn(5))), {}))
    cases.append(("weighted_mse[b_1]", weighted_mse, (rn(5), rn(1), np.abs(rn(5))), {}))
    Z = rn(4, 3)
    Y = np.eye(3)[[0, 2, 1, 1]]
    for fn in (softmax_xent, softmax_xent2):
        cases.append((f"{fn.__name__}", fn, (Z, Y), {}))
        cases.append((f"{fn.__name__}[y_row]", fn, (Z, Y[:1]), {}))
        cases.append((f"{fn.__name__}[y_int]", fn, (Z, Y.astype(int)), {}))
        cases.append((f"{fn.__name__}[z_f32]", fn, (Z.astype(np.float32), Y), {}))
        cases.append((f"{fn.__name__}[y_bad]", fn, (Z, np.ones((4, 2))), {}))
    cases.append(("sub_zero", sub_zero, (rn(4),), {}))
    cases.append(("sub_zero[0d]", sub_zero, (np.array(0.7),), {}))
    cases.append(("sub_zero[float]", sub_zero, (0.7,), {}))
    cases.append(("sub_zero[f32]", sub_zero, (rn(4).astype(np.float32),), {}))
    A, B = rn(3, 4), rn(3, 4)
    cases.append(("double_transpose", double_transpose, (A, B), {}))
    cases.append(("double_transpose[B_row]", double_transpose, (A, rn(1, 4)), {}))
    cases.append(("transpose_of_transpose_var", transpose_of_transpose_var, (A,), {}))
    x5 = np.array([0.3, -0.4, 0.9, 0.2, -0.1])
    xs = {
        "x5": x5,
        "neg": -np.abs(rn(5)) - 0.1,
        "pos": np.abs(rn(5)) + 0.1,
        "one": np.array([0.6]),
        "nan": np.array([0.3, np.nan, 0.2, 0.1]),
        "f32": x5.astype(np.float32),
    }
    loop_fns = (loop_break_first, loop_break_never, loop_break_last, loop_break_mid_value,
                loop_break_before_update, loop_continue, loop_continue_break, early_return_loop,
                early_return_first, early_return_never, for_v_in_x, for_v_in_x_break, enumerate_loop,
                enumerate_break, neg_step, neg_step_break, step_range_break, nan_compare,
                nan_compare_break, loop_carried, loop_carried_two, if_break_moved, if_break_flag,
                if_test_copied, fold_for_header_len, top_level_loop_stack, same_temp_read_twice_loop,
                out_loop, out_loop_break, out_loop_reads_prev, inplace_elem_aug, alias_in_loop,
                compare_reread_mutated, compare_element_changes, closure_loop, loop_calls_helper_break,
                while_index, while_true_break, zero_accum, empty_loop, loop_zero_iters_break)
    for fn in loop_fns:
        for tag in ("x5", "neg", "pos", "f32"):
            cases.append((f"{fn.__name__}[{tag}]", fn, (xs[tag].copy(),), {}))
        if fn not in (zero_accum, fold_for_header_len, loop_zero_iters_break):
            cases.append((f"{fn.__name__}[one]", fn, (xs["one"].copy(),), {}))
    for fn in (nan_compare, nan_compare_break, loop_break_mid_value, for_v_in_x_break, if_break_moved):
        cases.append((f"{fn.__name__}[nan]", fn, (xs["nan"].copy(),), {"nan": True}))
    Xm = rn(3, 4) * 0.6
    for fn in (nested_break, nested_break_outer, nested_break_both, loop_in_loop_stack, fold_for_header,
               row_update):
        cases.append((f"{fn.__name__}", fn, (Xm.copy(),), {}))
        cases.append((f"{fn.__name__}[sq]", fn, (rn(3, 3) * 0.6,), {}))
    cases.append(("nested_break[big]", nested_break, (np.abs(rn(3, 4)) + 1.0,), {}))
    cases.append(("nested_break_both[small]", nested_break_both, (rn(3, 4) * -3.0 - 3,), {}))
    for tag, x in (("a", np.array([1.0, 0.5])), ("b", np.array([4.9, 0.01])), ("c", np.array([6.0, 1.0])),
                   ("f32", np.array([1.0, 0.5], np.float32))):
        cases.append((f"while_cond_changes[{tag}]", while_cond_changes, (x,), {}))
    cases.append(("while_shrinks", while_shrinks, (rn(4),), {}))
    cases.append(("while_shrinks[small]", while_shrinks, (rn(4) * 0.01,), {}))
    Xr, wr = rn(5, 3), rn(3) * 0.5
    for fn in (for_row_in_X, for_row_in_X_break):
        cases.append((fn.__name__, fn, (Xr, wr), {}))
        cases.append((f"{fn.__name__}[w_scalar_col]", fn, (rn(5, 1), rn(1)), {}))
    cases.append(("for_row_in_X_break[early]", for_row_in_X_break, (Xr * 5, np.abs(wr)), {}))
    for fn in (zip_loop, zip_break):
        cases.append((fn.__name__, fn, (rn(5), rn(5)), {}))
        cases.append((f"{fn.__name__}[short]", fn, (rn(5), rn(3)), {}))
        cases.append((f"{fn.__name__}[f32]", fn, (rn(5).astype(np.float32), rn(5)), {}))
    cases.append(("zip_rows", zip_rows, (rn(4, 3), rn(4, 3)), {}))
    cases.append(("zip_rows[bcast]", zip_rows, (rn(4, 3), rn(4, 1)), {}))
    cases.append(("compare_reread", compare_reread, (x5.copy(), 0.1), {}))
    cases.append(("compare_reread[0d]", compare_reread, (x5.copy(), np.array(0.1)), {}))
    cases.append(("compare_reread[nan]", compare_reread, (xs["nan"].copy(), 0.1), {"nan": True}))
    Wr, xsr = rn(3, 3) * 0.5, rn(4, 3)
    cases.append(("loop_carried_array", loop_carried_array, (Wr, xsr), {}))
    cases.append(("loop_carried_break", loop_carried_break, (Wr, xsr), {}))
    cases.append(("loop_carried_break[early]", loop_carried_break, (Wr, np.abs(xsr) + 1), {}))
    cases.append(("if_test_reassigned[pos]", if_test_reassigned, (np.abs(rn(3)),), {}))
    cases.append(("if_test_reassigned[neg]", if_test_reassigned, (-np.abs(rn(3)),), {}))
    cases.append(("const_prop", const_prop, (rn(3),), {}))
    cases.append(("const_prop[float]", const_prop, (0.4,), {}))
    cases.append(("temp_moved_past", temp_moved_past, (rn(3), rn(3)), {}))
    cases.append(("temp_moved_past[y1]", temp_moved_past, (rn(3), rn(1)), {}))
    cases.append(("temp_single_use_rebind", temp_single_use_rebind, (rn(3),), {}))
    cases.append(("temp_moved_past_mutation", temp_moved_past_mutation, (rn(3),), {}))
    cases.append(("temp_moved_same_line", temp_moved_same_line, (rn(3),), {}))
    cases.append(("copy_coalesce", copy_coalesce, (rn(3),), {}))
    cases.append(("copy_names_one_line", copy_names_one_line, (rn(3), rn(3)), {}))
    cases.append(("copy_names_one_line[bcast]", copy_names_one_line, (rn(3), rn(1)), {}))
    cases.append(("swap_loop", swap_loop, (rn(3), rn(3)), {}))
    cases.append(("swap_loop[float]", swap_loop, (0.3, 0.9), {}))
    cases.append(("alias_setitem", alias_setitem, (rn(3),), {"mutates": True}))
    cases.append(("alias_copy_setitem", alias_copy_setitem, (rn(3),), {}))
    cases.append(("inplace_aug", inplace_aug, (rn(3),), {}))
    cases.append(("called_twice", called_twice, (rn(3),), {}))
    cases.append(("called_twice[float]", called_twice, (0.3,), {}))
    cases.append(("called_twice_same_temp", called_twice_same_temp, (rn(3),), {}))
    cases.append(("call_mutates_arg", call_mutates_arg, (rn(3),), {}))
    cases.append(("call_mutates_return", call_mutates_return, (rn(3),), {}))
    cases.append(("closure_scale", closure_scale, (rn(3),), {}))
    cases.append(("closure_arr", closure_arr, (rn(3),), {}))
    cases.append(("closure_arr[col]", closure_arr, (rn(2, 1),), {}))
    cases.append(("math_scalar", math_scalar, (0.3, 0.7), {}))
    cases.append(("py_float_seed", py_float_seed, (0.3,), {}))
    cases.append(("py_float_seed[0d]", py_float_seed, (np.array(0.3),), {}))
    cases.append(("py_float_seed[f32]", py_float_seed, (np.float32(0.3),), {}))
    cases.append(("scalar_neg", scalar_neg, (0.3, 0.7), {}))
    cases.append(("scalar_neg[arr]", scalar_neg, (np.array(0.3), rn(3)), {"vec": True}))
    cases.append(("zero_d", zero_d, (np.array(0.4),), {}))
    cases.append(("zero_d[float]", zero_d, (0.4,), {}))
    cases.append(("mixed_scalar_array", mixed_scalar_array, (0.5, rn(3)), {}))
    cases.append(("mixed_scalar_array[0d]", mixed_scalar_array, (np.array(0.5), rn(3)), {}))
    cases.append(("mean_of_scalar_diff", mean_of_scalar_diff, (0.5, rn(3)), {}))
    cases.append(("mean_of_scalar_diff[1]", mean_of_scalar_diff, (rn(1), rn(3)), {}))
    cases.append(("mean_of_scalar_diff[same]", mean_of_scalar_diff, (rn(3), rn(3)), {}))
    cases.append(("complex_abs", complex_abs, (rn(3) + 1j * rn(3),), {"complex": True}))
    cases.append(("complex_real", complex_real, (rn(3) + 1j * rn(3), rn(3)), {"complex": True}))
    cases.append(("dtype_f32", dtype_f32, (rn(4).astype(np.float32), rn(4).astype(np.float32)), {}))
    cases.append(("dtype_f32[mixed]", dtype_f32, (rn(4).astype(np.float32), rn(4)), {}))
    cases.append(("dtype_f32[f16]", dtype_f32, (rn(4).astype(np.float16), rn(4)), {}))
    return cases


CASES = build()
