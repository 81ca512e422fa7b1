"""brk13c (s13): loop-carried scalar accumulators whose reverse seed is
`unit_cotangent(s)`: float32 / float16 / int / complex / 0-d / row accumulators, loops
running 0 times, the accumulator a parameter, Python floats divided by zero, second
order (hvp), mixed float32/float64 data."""
import math

import numpy as np

R = np.random.default_rng(1313)


def rn(*shape):
    return R.standard_normal(shape)


def acc_elem(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i] * x[i]
    return s


def acc_values(x):
    s = 0.0
    for v in x:
        s = s + np.sin(v)
    return s


def acc_rows(X, w):
    s = 0.0
    for row in X:
        s = s + np.tanh(row @ w)
    return s


def acc_break(x):
    total = 0.0
    for v in x:
        if v < -1.0:
            break
        total = total + v * v
    return total


def acc_iadd(x):
    s = 0.0
    for v in x:
        s += v ** 3
    return s


def acc_int_start(x):
    s = 0
    for v in x:
        s = s + v * v
    return s


def acc_f32_start(x):
    s = np.float32(0.0)
    for v in x:
        s = s + np.cos(v)
    return s


def acc_0d_start(x):
    s = np.zeros(())
    for v in x:
        s = s + v * 2.0
    return s


def acc_complex_real(x):
    s = 0j
    for v in x:
        s = s + v * (1.0 + 2.0j) * v
    return s.real + 3.0 * s.imag


def acc_complex_out(x):
    s = 0.0
    for v in x:
        s = s + v * (1.0 + 2.0j)
    return s


def acc_row_out(X):
    s = 0.0
    for row in X:
        s = s + row * row
    return s


def acc_keepdims(X):
    s = 0.0
    for row in X:
        s = s + np.sum(row * row, keepdims=True)
    return s


def acc_param(x, s):
    for v in x:
        s = s + v * s
    return s


def acc_param_decay(x, s):
    for v in x:
        s = s * 0.5 + v
    return s


def acc_scaled_return(x):
    s = 0.0
    for v in x:
        s = s + np.exp(v)
    return s * 3.0


def acc_div_len(x):
    s = 0.0
    for v in x:
        s = s + v
    return s / len(x)


def acc_recip(x):
    s = 0.0
    for v in x:
        if v > 0.0:
            s = s + v
    return 1.0 / s


def acc_div_by_param(x, c):
    s = 0.0
    for v in x:
        s = s + v / c
    return s


def acc_times_param(x, c):
    s = 0.0
    for v in x:
        s = s + v * c
    return s


def acc_product(x):
    p = 1.0
    for v in x:
        p = p * v
    return p


def acc_two(x):
    a = 0.0
    b = 0.0
    for v in x:
        a = a + v
        b = b + v * v
    return a * b - b


def acc_nested(X):
    s = 0.0
    for row in X:
        for v in row:
            s = s + v * v
    return s


def acc_while(x):
    s = 0.0
    i = 0
    while i < len(x):
        s = s + np.exp(x[i])
        i += 1
    return s


def acc_sqrt(x):
    s = 0.0
    for v in x:
        s = s + v * v
    return np.sqrt(s + 1.0)


def acc_math(x):
    s = 0.0
    for v in x:
        s = s + math.sin(v)
    return s


def acc_cond(x):
    s = 0.0
    for v in x:
        if v > 0:
            s = s + v
        else:
            s = s - 2.0 * v
    return s


def acc_reset(x):
    s = 0.0
    for v in x:
        s = s + v
        if s > 1.0:
            s = 0.0
    return s


def acc_self_square(x):
    s = 0.0
    for v in x:
        s = s + v
    return s * s


def acc_enumerate(x):
    s = 0.0
    for i, v in enumerate(x):
        s = s + i * v * v
    return s


def acc_zip(x, y):
    s = 0.0
    for a, b in zip(x, y):
        s = s + a * b * b
    return s


def acc_mixed(x, w):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] * x[i] * w
    return s


def acc_pow_scalar(x, n):
    s = 0.0
    for i in range(n):
        s = s + x ** i
    return s


def acc_first_elem(x):
    s = x[0]
    for v in x[1:]:
        s = s + v * s
    return s


def acc_0d_data(x):
    s = 0.0
    for i in range(3):
        s = s + x * i
    return s


def acc_int_only(x, k):
    s = 0
    for i in range(k):
        s = s + i
    return s * x


def acc_abs(x):
    s = 0.0
    for v in x:
        s = s + v
    return abs(s)


def acc_float_call(x):
    s = 0.0
    for v in x:
        s = s + float(v) ** 2
    return s


def acc_sum_row(X):
    s = 0.0
    for row in X:
        s = s + np.sum(row ** 2)
    return s


def acc_mean_after(X):
    s = 0.0
    for i in range(X.shape[0]):
        s = s + np.dot(X[i], X[i])
    return s / X.shape[0]


def acc_list_collect(x):
    s = 0.0
    parts = []
    for v in x:
        s = s + v
        parts.append(s)
    return s + sum(parts)


def acc_two_loops(x):
    s = 0.0
    for v in x:
        s = s + v
    t = 0.0
    for v in x:
        t = t + v * s
    return t


def acc_ones_like(x):
    s = 0.0
    for v in x:
        s = s + v
    return s * np.ones(1)


def acc_neg_zero_div(x, c):
    s = 0.0
    for v in x:
        s = s + v
    return s / c


def acc_float16(x):
    s = 0.0
    for v in x:
        s = s + v * v
    return s


def acc_sliced(x, y, k):
    s = 0.0
    for v in x[:k]:
        s = s + v * y
    return np.sum(s)


def acc_masked(x):
    s = 0.0
    for v in x[x > 0.0]:
        s = s + v * v
    return s


def acc_callee(x):
    return acc_elem(x) * 2.0 + acc_values(x * 0.5) * acc_elem(x[:1])


def acc_callee_seed(x):
    t = acc_break(x)
    return t


def acc_early_return(x):
    s = 0.0
    for v in x:
        s = s + v * v
        if s > 0.75:
            return s
    return s


def acc_early_return_f32(x):
    s = np.float32(0.0)
    for v in x:
        s = s + v * v
        if s > 0.75:
            return s * 2.0
    return s


class F64(np.float64):
    """A user's subclass of np.float64 (units, tagging)."""


class PyFloat(float):
    """A user's subclass of float."""


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


def vec(n, dtype=np.float64, scale=1.0):
    return (rn(n) * scale).astype(dtype)


SIGS = (("v5", lambda: vec(5)), ("v1", lambda: vec(1)), ("v0", lambda: vec(0)),
        ("f32", lambda: vec(4, np.float32)), ("f16", lambda: vec(3, np.float16)))
for fn in (acc_elem, acc_values, acc_break, acc_iadd, acc_int_start, acc_f32_start, acc_0d_start,
           acc_complex_out, acc_scaled_return, acc_div_len, acc_recip, acc_product, acc_two,
           acc_while, acc_sqrt, acc_math, acc_cond, acc_reset, acc_self_square, acc_enumerate,
           acc_first_elem, acc_abs, acc_float_call, acc_list_collect, acc_two_loops, acc_ones_like,
           acc_float16):
    for tag, mk in SIGS:
        add(f"{fn.__name__}[{tag}]", fn, mk())
for tag, x in (("pos", np.array([0.5, 1.5, 0.25])), ("allneg", np.array([-0.5, -0.8])),
               ("break_first", np.array([-2.0, 0.3]))):
    for fn in (acc_recip, acc_break, acc_reset, acc_cond):
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
add("acc_complex_real[v4]", acc_complex_real, vec(4))
add("acc_complex_real[v0]", acc_complex_real, vec(0))
add("acc_complex_real[f32]", acc_complex_real, vec(3, np.float32))
for tag, X in (("3x2", rn(3, 2)), ("3x1", rn(3, 1)), ("1x1", rn(1, 1)), ("0x2", rn(0, 2)),
               ("f32_2x2", rn(2, 2).astype(np.float32))):
    for fn in (acc_row_out, acc_keepdims, acc_nested, acc_sum_row, acc_mean_after):
        add(f"{fn.__name__}[{tag}]", fn, X.copy())
for tag, X, w in (("3x2", rn(3, 2), rn(2)), ("0x2", rn(0, 2), rn(2)),
                  ("f32", rn(3, 2).astype(np.float32), rn(2)),
                  ("w32", rn(3, 2), rn(2).astype(np.float32))):
    add(f"acc_rows[{tag}]", acc_rows, X, w)
for tag, s in (("py", 0.5), ("f64", np.float64(0.5)), ("0d", np.array(0.5)), ("f32", np.float32(0.5)),
               ("row", np.array([0.5, 0.25]))):
    add(f"acc_param[{tag}]", acc_param, vec(3, scale=0.3), s)
    add(f"acc_param[{tag},v0]", acc_param, vec(0), s)
    add(f"acc_param_decay[{tag}]", acc_param_decay, vec(3), s)
    add(f"acc_param_decay[{tag},v0]", acc_param_decay, vec(0), s)
for tag, c in (("py", 0.7), ("zero", 0.0), ("f64zero", np.float64(0.0)), ("int0", 0), ("int2", 2),
               ("f32", np.float32(0.7))):
    add(f"acc_div_by_param[{tag}]", acc_div_by_param, vec(3), c, nan=True)
    add(f"acc_div_by_param[{tag},v0]", acc_div_by_param, vec(0), c, nan=True)
    add(f"acc_times_param[{tag}]", acc_times_param, vec(3), c)
    add(f"acc_neg_zero_div[{tag}]", acc_neg_zero_div, vec(3), c, nan=True)
    add(f"acc_neg_zero_div[{tag},v0]", acc_neg_zero_div, vec(0), c, nan=True)
for tag, x, y in (("64", vec(4), vec(4)), ("32_64", vec(4, np.float32), vec(4)),
                  ("64_32", vec(4), vec(4, np.float32)), ("short", vec(2), vec(4)), ("0", vec(0), vec(0))):
    add(f"acc_zip[{tag}]", acc_zip, x, y)
    add(f"acc_mixed[{tag}]", acc_mixed, x, y[:1].copy() if y.size else vec(1))
    add(f"acc_mixed[{tag},pyw]", acc_mixed, x, 1.5)
for tag, x, n in (("py3", 0.7, 3), ("py0", 0.7, 0), ("f32_3", np.float32(0.7), 3), ("0d3", np.array(0.7), 3),
                  ("f64_0", np.float64(0.7), 0)):
    add(f"acc_pow_scalar[{tag}]", acc_pow_scalar, x, n)
for tag, x in (("py", 0.7), ("0d", np.array(0.7)), ("f32", np.float32(0.7)), ("v2", vec(2))):
    add(f"acc_0d_data[{tag}]", acc_0d_data, x)
    add(f"acc_int_only[{tag},k3]", acc_int_only, x, 3)
    add(f"acc_int_only[{tag},k0]", acc_int_only, x, 0)

for tag, x, y, k in (("k3", vec(4), 0.5, 3), ("k0", vec(4), 0.5, 0), ("row", vec(4), vec(2), 2),
                     ("row_k0", vec(4), vec(2), 0), ("0d", vec(3), np.array(0.5), 2)):
    add(f"acc_sliced[{tag}]", acc_sliced, x, y, k)
for tag, x in (("some", np.array([0.5, -0.2, 0.4])), ("none", np.array([-0.5, -0.2])), ("f32", np.array([0.5, 0.2], np.float32))):
    add(f"acc_masked[{tag}]", acc_masked, x)

for fn in (acc_callee, acc_callee_seed, acc_early_return, acc_early_return_f32):
    for tag, mk in SIGS:
        add(f"{fn.__name__}[{tag}]", fn, mk())
    add(f"{fn.__name__}[ret_first]", fn, np.array([0.9, 0.1]))

for tag, c in (("F64", F64(0.7)), ("PyFloat", PyFloat(0.7))):
    add(f"acc_times_param[{tag}]", acc_times_param, vec(3), c)
    add(f"acc_param[{tag}]", acc_param, vec(3, scale=0.3), c)
    add(f"acc_pow_scalar[{tag}]", acc_pow_scalar, c, 3)
    add(f"acc_0d_data[{tag}]", acc_0d_data, c)
