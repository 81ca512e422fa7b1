"""Second round: programs aimed at each rewrite's precondition (mutation after a
re-read comparison, constants reassigned, loop indices rebound, lengths that change,
one-line multiple assignments, e - 0.0 of integers, 0-size arrays)."""
import numpy as np

R = np.random.default_rng(31)


def rn(*shape):
    return R.standard_normal(shape)


# recompute: the compared element changes after the comparison
def mutate_after_compare_loop(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y)):
        if y[i] > 0.0:
            s = s + y[i] * 2.0
        else:
            s = s - y[i] * 3.0
    y[0] = -5.0
    y[1] = 7.0
    return s + np.sum(y * y)


def mutate_after_compare_aug(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y)):
        if y[i] > 0.0:
            s = s + y[i] ** 2
    y *= -1.0
    return s + np.sum(y)


def mutate_after_compare_slice(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y)):
        if y[i] > 0.0:
            s = s + np.sin(y[i])
    y[:] = -y
    return s + np.sum(y * x)


def mutate_after_read_for_v(x):
    y = x * 1.0
    s = 0.0
    for v in y:
        if v > 0.0:
            s = s + v * v
    y[0] = 3.0
    return s + np.sum(y)


def mutate_next_iter(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(y) - 1):
        if y[i] > 0.0:
            s = s + y[i] ** 2
        y[i] = -y[i] * 2.0
    return s + np.sum(y * y)


def compare_with_carried(x):
    t = -0.5
    s = 0.0
    for i in range(len(x)):
        if x[i] > t:
            s = s + x[i] * x[i]
        t = t + 0.3
    return s


def compare_two_elements(x):
    s = 0.0
    for i in range(len(x) - 1):
        if x[i] > x[i + 1]:
            s = s + x[i] * x[i + 1]
        else:
            s = s + x[i + 1] ** 2
    return s


def compare_elem_of_carried(x):
    h = x * 1.0
    s = 0.0
    for i in range(len(x)):
        if h[i] > 0.0:
            s = s + h[i] ** 2
        h = h * -1.0
    return s


def compare_row_elem(X):
    s = 0.0
    for i in range(X.shape[0]):
        if X[i, 0] > X[i, 1]:
            s = s + X[i, 0] * X[i, 1]
    X2 = X * 1.0
    return s + np.sum(X2)


def compare_param_mutated_after(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.0:
            s = s + x[i] ** 2
    x = x * -1.0
    return s + np.sum(x)


# constants
def const_reassigned_in_loop(x):
    c = 1.0
    s = 0.0
    for i in range(len(x)):
        s = s + c * x[i]
        c = c * 2.0
    return s * c


def const_in_branch(x):
    c = 1.0
    if x[0] > 0.0:
        c = 3.0
    return c * np.sum(x * x)


def const_after_loop_break(x):
    c = 2.0
    for i in range(len(x)):
        if x[i] > 0.5:
            c = 5.0
            break
    return np.sum(x * c)


def const_while(x):
    c = 1.0
    s = 0.0
    while c < 10.0:
        s = s + c * np.sum(x ** 2)
        c = c * 3.0
    return s


def const_aug(x):
    c = 2.0
    c += 1.0
    c *= x[0]
    return c * x[1]


def const_zero_then_set(x):
    a = 0.0
    b = a
    a = x[0] * 2.0
    return a * b + a


# loop index rebound / used after
def index_rebound(x):
    s = 0.0
    for i in range(len(x) - 1):
        i = i + 1
        s = s + x[i] * i
    return s


def index_after_break(x):
    for i in range(len(x)):
        if x[i] > 0.4:
            break
    return x[i] * 3.0 + np.sum(x)


def index_after_loop(x):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i]
    return s * x[i]


def index_shadow_nested(X):
    s = 0.0
    for i in range(X.shape[0]):
        for i in range(X.shape[1]):
            s = s + X[0, i] ** 2
    return s


def loop_var_element_after(x):
    for v in x:
        if v > 0.2:
            break
    return v * v


# lengths that change
def len_param_rebound(X):
    s = 0.0
    for i in range(len(X)):
        s = s + np.sum(X[i] ** 2)
    X = X[:1]
    return s + np.sum(X)


def len_param_rebound_before(x):
    n = len(x)
    x = x[1:]
    s = 0.0
    for i in range(n - 1):
        s = s + x[i] ** 2
    return s


def len_list_appended(x):
    xs = [x[0], x[1]]
    s = 0.0
    for i in range(len(xs)):
        s = s + xs[i] * 2.0
        xs.append(xs[i] * 0.5)
    return s + xs[-1]


def len_param_list(xs):
    s = 0.0
    for i in range(len(xs)):
        s = s + xs[i] ** 2
    return s


def len_break_two_loops(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] < -0.5:
            break
        s = s + x[i] ** 2
    for j in range(len(x)):
        if x[j] > 0.5:
            break
        s = s * 0.9 + x[j]
    return s


def top_loop_conditional_body(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.0:
            s = np.tanh(s + x[i])
    return s


def top_loop_nested_push(X):
    s = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            s = np.sin(s + X[i, j])
        if s > 0.9:
            break
    return s


def top_loop_continue_only(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] < 0:
            continue
        s = np.cos(s) + x[i]
    return s


def loop_rebinds_twice(x):
    h = 0.3
    for i in range(len(x)):
        h = h * x[i]
        h = np.sin(h) + x[i]
    return h


def loop_carried_cond(x):
    h = 0.3
    for i in range(len(x)):
        if x[i] > 0:
            h = h * x[i] + 1.0
        else:
            h = np.exp(h * 0.1)
    return h


def while_count_down(x):
    k = 3
    s = x[0]
    while k:
        s = s * x[1] + 0.5
        k -= 1
    return s


def while_elem_cond(x):
    i = 0
    s = 0.0
    while x[i] < 0.5 and i < len(x) - 1:
        s = s + x[i] ** 2
        i += 1
    return s


def while_break_continue(x):
    i = -1
    s = 0.0
    while i < len(x) - 1:
        i += 1
        if x[i] < 0:
            continue
        if s > 1.0:
            break
        s = s + x[i] * 2.0
    return s


def nested_while_for(X):
    s = 0.0
    k = 0
    while k < X.shape[0]:
        for j in range(X.shape[1]):
            if X[k, j] > 0.5:
                break
            s = s + X[k, j] ** 2
        k += 1
    return s


def nested_break_inner_first(X):
    s = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            if j == 0:
                break
            s = s + X[i, j]
        s = s + X[i, 0] ** 2
    return s


def return_in_nested(X):
    s = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            s = s + X[i, j] ** 2
            if s > 2.0:
                return s * 2.0
    return s


def return_in_while(x):
    i = 0
    s = 0.0
    while i < len(x):
        s = s + np.exp(x[i])
        if s > 2.5:
            return s - x[i]
        i += 1
    return s


def enumerate_start(x):
    s = 0.0
    for i, v in enumerate(x, 1):
        s = s + v * i
        if i == 3:
            break
    return s


def zip_enumerate(x, y):
    s = 0.0
    for i, (a, b) in enumerate(zip(x, y)):
        if i > 2:
            break
        s = s + a * b * i
    return s


def reversed_iter(x):
    s = 0.0
    for v in reversed(x):
        s = s * 0.5 + v
    return s


def negative_range_break_first(x):
    s = 0.0
    for i in range(len(x) - 1, -1, -1):
        s = s + x[i] ** 2
        if i == len(x) - 1:
            break
    return s


def range_step3(x):
    s = 0.0
    for i in range(len(x) - 1, 0, -3):
        if x[i] < -2.0:
            break
        s = s + x[i] * x[i - 1]
    return s


# one line, several statements / names
def one_line_fib(x):
    a, b = x[0], x[1]
    for i in range(4):
        a, b = b, a + b
    return a * b


def one_line_semicolons(x):
    t = x * 2.0; x = t + 1.0; t = x * t
    return np.sum(t)


def one_line_chain(x):
    a = b = np.sin(x)
    a = a * 2.0
    return np.sum(a * b)


def one_line_aug(x):
    s = x * 1.0; s += x; t = s * s
    return np.sum(t)


def one_line_swap_temps(x, y):
    u, v = x * y, x - y; u, v = v, u * 2.0
    return np.sum(u * v)


def one_line_move_past(x):
    t = np.exp(x); x = x * 0.0; y = t + x
    return np.sum(y)


def one_line_alias_mutate(x):
    y = x * 1.0; z = y; y[0] = 2.0; w = z * 3.0
    return np.sum(w * x)


def one_line_temp_read_after(x):
    t = x[0] * 2.0; x = x * t
    return np.sum(x) + t


# e - 0.0, negations of int / bool
def int_minus_zero(x, k):
    return np.sum((k - 0.0) * x)


def bool_neg_label(z, y):
    return np.mean(np.logaddexp(0.0, -z) + (1 - y) * z)


def uint_label(z, y):
    return np.mean(np.logaddexp(0.0, z) - y * z)


def neg_of_int(x, k):
    return np.sum(-k * x)


def zero_minus(x):
    return np.sum((0.0 - x) * x)


def minus_zero_f32(x):
    return np.sum((x - 0.0) ** 2)


# 0-size / degenerate
def mean_empty_ok(a, b):
    return np.sum(a - b) + np.sum(a * 0.0)


def mean_sum_n1(a, b):
    return np.mean(a - b) * np.mean(a)


def outer_bcast_mean(a, b):
    return np.mean((a - b) ** 2)


def keepdims_diff(X):
    m = np.mean(X, axis=0)
    return np.mean((X - m) ** 2)


def scalar_times_same(a, b):
    s = np.mean(a)
    return np.sum(s * b - a)


def seed_f32_output(x):
    return np.sum(x * x)


def seed_int_times(x):
    return len(x) * np.mean(x)


def seed_python_float(a, b):
    return a * b - a / b


def seed_neg(x):
    return -np.sum(x ** 2)


def seed_neg_mean(a, b):
    return -np.mean(a - b)


def t_of_aT(A):
    B = A.T
    C = B.T
    return np.sum(C @ B)


def t_of_aT_mut(A):
    A2 = A * 1.0
    B = A2.T
    A2[0, 0] = 3.0
    return np.sum(B.T * A)


def helper_t(m):
    return m.T


def t_through_call(A):
    return np.sum(helper_t(A.T) * A)


def call_twice_loop(x):
    s = 0.0
    for i in range(len(x)):
        s = s + helper_sq2(x[i], s)
    return s


def helper_sq2(a, b):
    return a * a + b * 0.5


def closure_loop_break(x):
    k = 0.5

    def step(h):
        return h * k + 1.0
    h = x[0]
    for i in range(len(x)):
        if x[i] > 0.8:
            break
        h = step(h) * x[i]
    return h


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


x6 = np.array([0.3, -0.4, 0.9, 0.2, -0.1, 0.6])
for tag, x in (("x6", x6), ("pos", np.abs(rn(5)) + 0.05), ("neg", -np.abs(rn(5)) - 0.05), ("one", np.array([0.7]))):
    for fn in (mutate_after_compare_loop, mutate_after_compare_aug, mutate_after_compare_slice,
               mutate_after_read_for_v, mutate_next_iter, compare_with_carried, compare_two_elements,
               compare_elem_of_carried, compare_param_mutated_after, const_reassigned_in_loop,
               const_in_branch, const_after_loop_break, const_while, index_after_break, index_after_loop,
               loop_var_element_after, len_param_rebound_before, len_break_two_loops,
               top_loop_conditional_body, top_loop_continue_only, loop_rebinds_twice, loop_carried_cond,
               while_break_continue, return_in_while, enumerate_start, reversed_iter,
               negative_range_break_first, range_step3, one_line_semicolons, one_line_chain,
               one_line_aug, one_line_move_past, one_line_alias_mutate, one_line_temp_read_after,
               zero_minus, seed_f32_output, seed_int_times, seed_neg, call_twice_loop,
               closure_loop_break, index_rebound):
        if tag == "one" and fn in (mutate_after_compare_loop, len_param_rebound_before, index_rebound,
                                   one_line_alias_mutate):
            continue
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
    if tag != "one":
        for fn in (const_aug, const_zero_then_set, one_line_fib, while_count_down, while_elem_cond):
            add(f"{fn.__name__}[{tag}]", fn, x.copy())
        add(f"zip_enumerate[{tag}]", zip_enumerate, x.copy(), x[::-1].copy())
        add(f"one_line_swap_temps[{tag}]", one_line_swap_temps, x.copy(), x[::-1].copy() + 0.1)
x32 = x6.astype(np.float32)
for fn in (mutate_after_compare_loop, compare_with_carried, index_after_break, seed_f32_output, minus_zero_f32,
           const_reassigned_in_loop, one_line_fib):
    add(f"{fn.__name__}[f32]", fn, x32.copy())
add("minus_zero_f32", minus_zero_f32, x6.copy())
add("minus_zero_f32[0d]", minus_zero_f32, np.array(0.3))
Xa = rn(3, 4) * 0.7
for fn in (compare_row_elem, len_param_rebound, index_shadow_nested, top_loop_nested_push, nested_while_for,
           nested_break_inner_first, return_in_nested, keepdims_diff, t_of_aT, t_of_aT_mut, t_through_call):
    add(fn.__name__, fn, Xa.copy())
    add(f"{fn.__name__}[col]", fn, rn(3, 1))
add("len_param_list", len_param_list, [0.3, 0.5, -0.2])
add("len_list_appended", len_list_appended, x6.copy())
kk = np.array([1, 0, 2, 3])
add("int_minus_zero", int_minus_zero, rn(4), kk)
add("int_minus_zero[bool]", int_minus_zero, rn(4), kk > 0)
add("neg_of_int", neg_of_int, rn(4), kk)
add("neg_of_int[uint]", neg_of_int, rn(4), kk.astype(np.uint8))
z5 = rn(5)
for tag, y in (("bool", rn(5) > 0), ("int", (rn(5) > 0).astype(int)), ("uint8", (rn(5) > 0).astype(np.uint8)),
               ("f", (rn(5) > 0) * 1.0), ("n1", ((rn(5, 1) > 0) * 1.0)), ("int_scalar", 1)):
    add(f"bool_neg_label[{tag}]", bool_neg_label, z5, y)
    add(f"uint_label[{tag}]", uint_label, z5, y)
for tag, a, b in (("empty", np.zeros(0), np.zeros(0)), ("n1", rn(1), rn(1)), ("1_vs_n", rn(1), rn(4)),
                  ("n_vs_1", rn(4), rn(1)), ("outer", rn(3, 1), rn(1, 4)), ("2d", rn(2, 3), rn(2, 3)),
                  ("2d_row", rn(2, 3), rn(3)), ("0d", np.array(0.3), np.array(0.2)), ("0d_n", np.array(0.3), rn(3)),
                  ("float_n", 0.3, rn(3)), ("bad2d", rn(2, 3), rn(3, 2)), ("f32_f64", rn(3).astype(np.float32), rn(3)),
                  ("f16", rn(3).astype(np.float16), rn(3).astype(np.float16))):
    for fn in (mean_empty_ok, mean_sum_n1, outer_bcast_mean, scalar_times_same, seed_neg_mean):
        if tag == "empty" and fn in (mean_sum_n1, outer_bcast_mean, seed_neg_mean, scalar_times_same):
            continue
        add(f"{fn.__name__}[{tag}]", fn, a, b)
add("seed_python_float", seed_python_float, 0.3, 1.7)
add("seed_python_float[npf32]", seed_python_float, np.float32(0.3), 1.7)
add("seed_python_float[0d]", seed_python_float, np.array(0.3), np.array(1.7))
