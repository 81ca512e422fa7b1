"""brk13c (e13): early `return` inside loops: nested loops, return at the first / last /
no iteration, loops running 0 times, values computed before the loop, returns in both
branches, while loops, break + return, for-else, user names bound on some paths only,
fallback derivatives that are read-only broadcasts the loop then accumulates into."""
import math

import numpy as np

R = np.random.default_rng(1314)


def rn(*shape):
    return R.standard_normal(shape)


def er_basic(x):
    for v in x:
        if v > 0.5:
            return v * 2.0
    return np.sum(x)


def er_mean(x):
    for v in x:
        if v > 0.5:
            return v * v
    return np.mean(x)


def er_method_sum(x):
    for v in x:
        if v > 0.5:
            return np.sin(v)
    return x.sum()


def er_param_fallback(x, s):
    for v in x:
        if v > 0.5:
            return v * s
    return s


def er_before_loop(x):
    y = np.sin(x)
    t = np.sum(y * y)
    for v in x:
        if v > 0.5:
            return t
    return t * 2.0


def er_const_fallback(X):
    for row in X:
        if np.sum(row) > 0.5:
            return np.sum(row * row)
    return 0.0


def er_const_both(x):
    for v in x:
        if v > 0.5:
            return 1.0
    return 0.0


def er_nested(X):
    for row in X:
        for v in row:
            if v > 0.5:
                return v * v
    return np.sum(X)


def er_nested_acc(X):
    s = 0.0
    for row in X:
        for v in row:
            s = s + v
            if s > 1.05:
                return s
    return -s


def er_both_branches(x):
    for v in x:
        if v > 0:
            return v * 3.0
        else:
            return v * v
    return 0.0


def er_while(x):
    i = 0
    while i < len(x):
        if x[i] > 0.5:
            return x[i] ** 2
        i += 1
    return np.sum(x ** 2)


def er_break_return(x):
    s = 0.0
    for v in x:
        if v < -1.0:
            break
        if v > 0.5:
            return s * v + v
        s = s + v
    return s


def er_for_else(x):
    for v in x:
        if v > 0.5:
            break
    else:
        return np.sum(x)
    return v * 2.0


def er_loop_var_after(x):
    for v in x:
        if v > 0.5:
            break
    return v * 3.0


def er_user_placeholder(x):
    for v in x:
        if v > 0.0:
            last = v
    return last * 2.0


def er_placeholder_silent(x):
    for v in x:
        if v > 0.0:
            last = v
    pair = (last, 1.0)
    return np.sum(x) * pair[1]


def er_placeholder_is_none(x):
    for v in x:
        if v > 0.0:
            last = v
    try_it = last is None
    return np.sum(x * x) + float(try_it)


def er_acc_return(x):
    s = 0.0
    for v in x:
        s = s + v * v
        if s > 0.5:
            return s
    return s / 2.0


def er_acc_sum_fallback(x):
    s = 0.0
    for v in x:
        s = s + v
        if s > 0.75:
            return s
    return np.sum(x) + s


def er_index(x):
    for i in range(len(x)):
        if x[i] > 0.5:
            return x[i] * x[0]
    return x[-1]


def er_enumerate(x):
    for i, v in enumerate(x):
        if v > 0.5:
            return v * i
    return np.sum(x) * 0.0


def er_in_branch(x):
    if x[0] > 0:
        for v in x:
            if v > 0.5:
                return v
        return np.sum(x)
    else:
        return -np.sum(x)


def er_mutating(x):
    y = x * 1.0
    for i in range(len(y)):
        t = y[i] * 2.0
        y[i] = t
        if t > 1.0:
            return np.sum(y)
    return np.sum(y * y)


def er_two_returns(x):
    for v in x:
        if v > 0.5:
            return v
        if v < -0.5:
            return -v * 3.0
    return np.prod(x)


def er_rnn(W, xs):
    h = np.zeros(W.shape[0])
    for x in xs:
        h = np.tanh(W @ h + x)
        if np.sum(h * h) > 1.0:
            return np.sum(h)
    return np.sum(h) * 0.5


def er_max_fallback(x):
    for v in x:
        if v > 0.5:
            return v * v
    return np.max(x)


def er_int_fallback(x, k):
    for i in range(k):
        if x[i] > 0.5:
            return x[i]
    return 0


def er_python_floats(x):
    for v in x:
        if v > 0.5:
            return float(v) ** 2
    return 1.0


def er_math(x):
    for v in x:
        if v > 0.5:
            return math.exp(v)
    return math.log(2.0 + np.sum(x * x))


def er_deep(x):
    for a in x:
        for b in x:
            for c in x:
                if a * b * c > 0.1:
                    return a * b * c
    return np.sum(x) * 0.5


def er_dot_fallback(x):
    for v in x:
        if v > 0.5:
            return v * 4.0
    return x @ x


def er_broadcast_fallback(x):
    for v in x:
        if v > 0.5:
            return v
    return np.sum(x * np.ones((2, 1)))


def er_scalar_range(x, n):
    for i in range(n):
        if i > 1:
            return x * i
    return x


def er_continue(x):
    for v in x:
        if v < 0:
            continue
        if v > 0.5:
            return v * v
    return np.sum(x)


def er_inner_while(X):
    for row in X:
        j = 0
        while j < len(row):
            if row[j] > 0.5:
                return row[j] * np.sum(row)
            j += 1
    return np.sum(X * X)


def er_return_prebound(x):
    out = np.sum(x)
    for v in x:
        if v > 0.5:
            out = v * 10.0
            return out
    return out * 2.0


def er_row_value(X):
    for row in X:
        if row[0] > 0.5:
            return np.sum(row)
    return np.sum(X[0]) if len(X) else 0.0


def er_last_of_loop(x):
    s = 0.0
    for v in x:
        s = s + np.exp(v)
        if v > 0.5:
            return s
    return s


def er_return_x_elem(x):
    for i in range(len(x)):
        if x[i] > 0.5:
            return x[i]
    return x[0]


def er_two_loops(x):
    for v in x:
        if v > 0.85:
            return v * 3.0
    for v in x:
        if v < -0.85:
            return v * v
    return np.sum(x)


def er_prev(x):
    prev = 0.0
    for v in x:
        if v > 0.5:
            return prev * v
        prev = v
    return prev


def er_nested_break_inner(X):
    s = 0.0
    for row in X:
        for v in row:
            if v < -0.5:
                break
            if v > 1.0:
                return s + v
            s = s + v * v
    return s


def er_outer_and_inner(X):
    for row in X:
        if np.sum(row) > 1.5:
            return np.sum(row ** 2)
        for v in row:
            if v > 0.85:
                return v * 2.0
    return np.sum(X)


def er_while_else(x):
    i = 0
    while i < len(x):
        if x[i] > 0.5:
            break
        i += 1
    else:
        return np.sum(x) * 2.0
    return x[i] * 3.0


def er_after_loop_code(x):
    y = x * 2.0
    for v in x:
        if v > 0.5:
            return v
    z = np.sin(y)
    return np.sum(z * x)


def er_loop_in_if(x):
    if np.sum(x) > 0.05:
        for v in x:
            if v > 0.5:
                return v * 2.0
    return np.sum(x * x)


def er_list_elem(x):
    ys = []
    for v in x:
        ys.append(v * 2.0)
        if v > 0.5:
            return ys[-1] * ys[0]
    return np.sum(x)


def er_nested_fn(x):
    def first_big(v):
        for a in v:
            if a > 0.5:
                return a
        return 0.0
    return first_big(x) * np.sum(x) + first_big(x * 2.0)


def er_return_param(x, y):
    for v in x:
        if v > 0.5:
            return y
    return y * 2.0


def er_acc_both(x):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i]
        if s > 1.05:
            return s * x[i]
    return s * x[0] if len(x) else s


def er_fallback_inplace(x):
    y = x * 1.0
    for i in range(len(x)):
        if x[i] > 0.5:
            return y[i] * 2.0
    y[0] = 3.0
    return np.sum(y * y)


def er_big_acc(x):
    s = 0.0
    for i in range(3):
        s = s + x[i] * x[i]
        if s > 2.0:
            return s
    return np.sum(x) + s


def er_big_mean(x):
    s = 0.0
    for i in range(3):
        s = s + np.sin(x[i])
        if x[i] > 1.5:
            return s * 2.0
    return np.mean(x) * 3.0 + s


def er_second_call(x):
    a = er_basic(x)
    b = er_basic(x * 0.5)
    return a * b


def br_rebind(x):
    y = x * 2.0
    if np.sum(x) > 0.05:
        y = np.sin(y)
    return np.sum(y * x)


def br_rebind_else(x):
    y = x * 2.0
    z = x
    if np.sum(x) > 0.05:
        y = np.sin(y)
    else:
        z = y * 3.0
    return np.sum(y * z)


def br_read_old_after(x):
    y = x * 2.0
    old = y
    if np.sum(x) > 0.05:
        y = y * y
    return np.sum(y * old)


def br_inplace_after(x):
    y = x * 2.0
    if np.sum(x) > 0.05:
        y = np.cos(y)
    y[0] = 1.0
    return np.sum(y * x)


def br_return_in_if(x):
    y = x * 2.0
    if np.sum(x) > 0.05:
        y = np.sin(y)
        if y[0] > 0.5:
            return np.sum(y)
    return np.sum(y * x)


def br_loop_rebind(x):
    y = x * 1.0
    for i in range(2):
        if np.sum(y) > 0.05:
            y = y * 0.5
    return np.sum(y * y)


def er_named_returned(x):
    returned = 0.0
    for v in x:
        returned = returned + v
        if returned > 1.05:
            return returned * 2.0
    return returned


def er_named_out(x):
    out = 0.0
    broke = 1.0
    for v in x:
        out = out + v * broke
        if v > 0.5:
            return out
        broke = broke * 0.5
    return out + broke


def er_tuple_elem(x):
    for v in x:
        if v > 0.5:
            return (v * 2.0, 1.0)[0]
    return np.sum(x)


def er_while_true(x):
    i = 0
    s = 0.0
    while True:
        if i >= len(x):
            return s
        s = s + x[i] * x[i]
        if s > 0.7:
            return s * 2.0
        i += 1


def er_mixed_dtype(x):
    for v in x:
        if v > 0.5:
            return v
    return np.sum(x * 1.0)


def er_range_n(x, n):
    for i in range(n):
        if x[i] > 0.5:
            return x[i] * i
    return x[0] * 0.5


def er_callee_twice(x):
    a = er_two_loops(x)
    b = er_acc_return(x * 0.5)
    return a + b * a


def er_over_list(x, xs):
    for v in xs:
        if v > 0.5:
            return np.sum(x * v)
    return np.sum(x * 2.0)


def er_zip(x, w):
    for a, b in zip(x, w):
        if a * b > 0.2:
            return a * b * 3.0
    return np.sum(x * w)


def er_reversed(x):
    for i, v in enumerate(reversed(x)):
        if v > 0.5:
            return v * (i + 1.0)
    return np.sum(x) * 0.25


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


SIGS = (("first", np.array([0.9, 0.1, 0.2])), ("last", np.array([0.1, 0.2, 0.9])),
        ("never", np.array([0.1, -0.3, 0.2])), ("empty", np.zeros(0)),
        ("one_ret", np.array([0.8])), ("one_no", np.array([0.3])),
        ("f32", np.array([0.1, 0.2, 0.9], np.float32)), ("f32_never", np.array([0.1, -0.2], np.float32)),
        ("neg", np.array([0.2, -0.7, 0.3])), ("allneg", np.array([-0.2, -0.3])), ("big", np.array([0.3, -1.5, 0.9])))
for fn in (er_basic, er_mean, er_method_sum, er_before_loop, er_const_both, er_both_branches, er_while,
           er_break_return, er_for_else, er_loop_var_after, er_user_placeholder, er_placeholder_silent, er_placeholder_is_none, er_acc_return,
           er_acc_sum_fallback, er_index, er_enumerate, er_in_branch, er_mutating, er_two_returns,
           er_max_fallback, er_python_floats, er_math, er_deep, er_dot_fallback, er_broadcast_fallback,
           er_continue, er_return_prebound, er_last_of_loop, er_return_x_elem):
    for tag, x in SIGS:
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
for tag, s in (("py", 0.4), ("f64", np.float64(0.4)), ("0d", np.array(0.4)), ("f32", np.float32(0.4))):
    for xt, x in (("first", np.array([0.9, 0.1])), ("never", np.array([0.1, 0.2])), ("empty", np.zeros(0))):
        add(f"er_param_fallback[{tag},{xt}]", er_param_fallback, x, s)
for tag, X in (("2x3_first", np.array([[0.9, 0.1, 0.2], [0.3, 0.4, 0.1]])),
               ("2x3_second", np.array([[0.1, 0.1, 0.2], [0.3, 0.9, 0.1]])),
               ("2x3_never", np.array([[0.1, -0.1, 0.2], [0.3, -0.4, 0.1]])),
               ("0x3", np.zeros((0, 3))), ("2x0", np.zeros((2, 0))),
               ("f32", np.array([[0.1, 0.1, 0.2], [0.3, 0.9, 0.1]], np.float32))):
    for fn in (er_const_fallback, er_nested, er_nested_acc, er_inner_while, er_row_value):
        add(f"{fn.__name__}[{tag}]", fn, X.copy())
for tag, W, xs in (("stop", rn(3, 3), rn(4, 3) * 2.0), ("run", rn(3, 3) * 0.1, rn(4, 3) * 0.1),
                   ("empty", rn(3, 3), np.zeros((0, 3)))):
    add(f"er_rnn[{tag}]", er_rnn, W, xs)
for tag, x, k in (("k0", np.array([0.9, 0.1]), 0), ("k2_ret", np.array([0.1, 0.9]), 2),
                  ("k2_no", np.array([0.1, 0.2]), 2), ("k3_oob", np.array([0.1, 0.2]), 3)):
    add(f"er_int_fallback[{tag}]", er_int_fallback, x, k)
for tag, x, n in (("py_n0", 0.7, 0), ("py_n5", 0.7, 5), ("0d_n5", np.array(0.7), 5), ("f32_n1", np.float32(0.7), 1),
                  ("v_n3", np.array([0.7, 0.2]), 3)):
    add(f"er_scalar_range[{tag}]", er_scalar_range, x, n)

for fn in (er_two_loops, er_prev, er_after_loop_code, er_loop_in_if, er_list_elem, er_nested_fn, er_acc_both,
           er_fallback_inplace, er_while_else, er_second_call):
    for tag, x in SIGS + (("cross", np.array([0.3, -0.9, 0.95])),):
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
for tag, X in (("2x3_first", np.array([[0.9, 0.1, 0.2], [0.3, 0.4, 0.1]])),
               ("2x3_rowsum", np.array([[0.6, 0.6, 0.5], [0.3, 0.4, 0.1]])),
               ("2x3_break", np.array([[0.3, -0.6, 1.2], [0.3, 1.4, 0.1]])),
               ("2x3_never", np.array([[0.1, -0.1, 0.2], [0.3, -0.4, 0.1]])), ("0x3", np.zeros((0, 3)))):
    add(f"er_nested_break_inner[{tag}]", er_nested_break_inner, X.copy())
    add(f"er_outer_and_inner[{tag}]", er_outer_and_inner, X.copy())
for tag, y in (("py", 0.4), ("f64", np.float64(0.4)), ("0d", np.array(0.4)), ("f32", np.float32(0.4))):
    for xt, x in (("first", np.array([0.9, 0.1])), ("never", np.array([0.1, 0.2])), ("empty", np.zeros(0))):
        add(f"er_return_param[{tag},{xt}]", er_return_param, x, y)
BIG = np.linspace(-0.3, 0.3, 5000)
for tag, x in (("never", BIG.copy()), ("ret", np.concatenate([[1.2, 1.0], BIG[2:]])),
               ("mean_ret", np.concatenate([[0.1, 1.6], BIG[2:]])), ("small", np.array([0.1, 0.2, 0.3]))):
    add(f"er_big_acc[{tag}]", er_big_acc, x.copy())
    add(f"er_big_mean[{tag}]", er_big_mean, x.copy())

for fn in (br_rebind, br_rebind_else, br_read_old_after, br_inplace_after, br_return_in_if, br_loop_rebind):
    for tag, x in SIGS + (("pos", np.array([0.4, 0.3, 0.2])),):
        add(f"{fn.__name__}[{tag}]", fn, x.copy())

for fn in (er_named_returned, er_named_out, er_tuple_elem, er_while_true, er_mixed_dtype, er_callee_twice):
    for tag, x in SIGS + (("cross", np.array([0.3, -0.9, 0.95])),):
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
for tag, x, n in (("n0", np.array([0.9, 0.1]), 0), ("n2_ret", np.array([0.1, 0.9]), 2), ("n2_no", np.array([0.1, 0.2]), 2),
                  ("n1_ret", np.array([0.9, 0.2]), 1), ("f32", np.array([0.1, 0.9], np.float32), 2)):
    add(f"er_range_n[{tag}]", er_range_n, x, n)

for tag, x, xs in (("ret", np.array([0.3, -0.2]), [0.1, 0.7, 0.2]), ("no", np.array([0.3, -0.2]), [0.1, 0.2]),
                   ("empty", np.array([0.3]), []), ("f32", np.array([0.3, -0.2], np.float32), [0.9])):
    add(f"er_over_list[{tag}]", er_over_list, x, xs)
for tag, x, w in (("ret", np.array([0.3, 0.9]), np.array([0.1, 0.5])), ("no", np.array([0.3, 0.1]), np.array([0.1, 0.5])),
                  ("short", np.array([0.3, 0.9, 0.5]), np.array([0.1])), ("empty", np.zeros(0), np.zeros(0))):
    add(f"er_zip[{tag}]", er_zip, x, w)
for fn in (er_reversed,):
    for tag, x in SIGS:
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
