"""A corpus of ordinary numerical Python, one construct (or a few) per function.

Every function here is differentiated by tests/test_language.py and checked
against central finite differences and, unless it is listed in ``FD_ONLY``,
against autograd (run on a twin of the function whose ``np`` is
``autograd.numpy``).

``CASES``: (function, args, wrt) for scalar-valued functions -> ``tg.grad``.
``VJP_CASES``: (function, args) for array- or tuple-valued functions -> ``tg.vjp``.
Arguments are chosen away from branch boundaries, ties and kinks, so finite
differences are meaningful.
"""
import math

import numpy as np

import tangentish as tg
import tests.corpus.funcs_language_helpers as H
from tests.corpus.funcs_language_helpers import affine, scaled, softplus

# ---------------------------------------------------------------------------
# Module-level constants and arrays (read by functions below)
# ---------------------------------------------------------------------------
SCALE = 2.5
COEFFS = [0.5, -1.0, 2.0]
COEFF_TUPLE = (1.5, -0.5, 0.25)
WEIGHTS = np.array([0.7, -1.2, 0.4])
MATRIX = np.array([[0.5, -0.2, 0.1], [0.3, 0.8, -0.4]])
X_DATA = np.array([0.4, -0.9, 1.3])
KEYS = ("w", "b")
CONFIG = {"alpha": 0.3, "beta": 1.7}


# ---------------------------------------------------------------------------
# if / elif / else on active and inactive values; ternaries; and/or/not
# ---------------------------------------------------------------------------
def if_else_active(x):
    if x > 0.0:
        y = x * x
    else:
        y = -3.0 * x
    return y


def if_else_on_array_reduction(x):
    if np.sum(x) > 0.0:
        return np.sum(x ** 2)
    else:
        return np.sum(np.sin(x))


def if_inactive_flag(x, flag):
    if flag:
        y = np.tanh(x)
    else:
        y = np.exp(x)
    return np.sum(y)


def if_elif_else(x):
    if x < -1.0:
        y = -x
    elif x < 1.0:
        y = x * x * 0.5 + 0.5
    else:
        y = x * 3.0
    return y


def if_without_else(x):
    y = x * 2.0
    if x > 1.0:
        y = y * x
    return y


def if_on_len(x):
    if len(x) > 3:
        return np.sum(x[:3] * x[1:4])
    return np.sum(x * x)


def if_on_ndim(x):
    if x.ndim == 2:
        return np.sum(x.sum(axis=0) ** 2)
    return np.sum(x ** 3)


def if_on_shape(x):
    n, m = x.shape
    if n < m:
        return np.sum(x @ x.T)
    return np.sum(np.sin(x.T @ x))


def if_on_inactive_int(x, n):
    if n % 2 == 0:
        return np.sum(x) * n
    return np.sum(x * x)


def if_all_positive(x):
    if np.all(x > 0.0):
        return np.sum(np.log(x))
    return np.sum(x * x)


def if_multiple_assign(x):
    if np.mean(x) > 0.0:
        a = np.sin(x)
        b = x * 2.0
    else:
        a = np.cos(x)
        b = x * x
    return np.sum(a * b)


def if_updates_one_of_two(x):
    y = x
    z = 1.0
    if x > 0.5:
        y = y * 2.0
        z = x
    return y * z


def nested_if(x, y):
    if x > 0.0:
        if y > 0.0:
            z = x * y
        else:
            z = x - y
    else:
        if y > 0.0:
            z = x * x + y
        else:
            z = -x * y
    return z


def if_on_global_config(x):
    if CONFIG["alpha"] < 0.5:
        return np.sum(x * CONFIG["beta"]) ** 2
    return np.sum(x)


def ternary_active(x):
    y = x * x if x > 0.0 else -x
    return y * 3.0


def ternary_constant_choice(x):
    k = 2.0 if x[0] > 0.0 else 3.0
    return np.sum(k * x ** 2)


def ternary_inline(x, y):
    return np.sum((x if np.sum(x) > np.sum(y) else y) * x)


def ternary_nested(x):
    y = x * x if x > 2.0 else (np.sin(x) if x > 0.0 else x * 0.5)
    return y + x


def and_condition(x, y):
    if x > 0.0 and y > 0.0:
        return x * y
    else:
        return x + y


def or_condition(x):
    if x < -2.0 or x > 2.0:
        return x * x
    return np.sin(x)


def not_condition(x):
    if not x > 1.0:
        return np.exp(x)
    return np.log(x)


def and_or_not_mixed(x, y):
    big = x > 1.0
    if (big or y < 0.0) and not (x > 3.0):
        z = x * y
    else:
        z = x - y
    return z * z


def or_default(x, scale=None):
    s = scale or 2.0
    return x * x * s


def or_active_value(x, y):
    s = x or y
    return s * s


def and_active_value(x, y):
    s = x and y
    return s * x


def and_value_in_expression(x, use):
    k = use and 3.0
    return np.sum(x * x) * (k + 1.0)


# ---------------------------------------------------------------------------
# for loops: range(n) with runtime n, arrays (rows), lists, tuples, zip,
# enumerate, reversed, nested loops
# ---------------------------------------------------------------------------
def for_range_n(x, n):
    acc = 1.0
    for i in range(n):
        acc = acc * x + 0.5
    return acc


def for_range_start_stop_step(x, n):
    total = 0.0
    for i in range(1, n, 2):
        total = total + x ** i / i
    return total


def for_range_len_index(x):
    s = 0.0
    for i in range(len(x)):
        s = s + x[i] * (i + 1.0)
    return s * s


def for_range_neighbours(x):
    s = 0.0
    for i in range(1, len(x)):
        s = s + x[i] * x[i - 1]
    return s


def for_over_rows(w):
    total = 0.0
    for row in w:
        total = total + np.sum(np.tanh(row)) ** 2
    return total


def for_over_elements(x):
    s = 0.0
    for v in x:
        s = s + np.sin(v) * v
    return s


def for_over_global_list(x):
    y = 0.0
    for c in COEFFS:
        y = y * x + c
    return y


def for_over_tuple_literal(x):
    s = 0.0
    for k in (0.5, 1.5, 2.5):
        s = s + np.sum(np.sin(k * x))
    return s


def for_over_list_of_active(x):
    s = 0.0
    for term in [x, x * x, np.sin(x)]:
        s = s + np.sum(term) * 0.5
    return s * s


def for_zip(x, y):
    s = 0.0
    for a, b in zip(x, y):
        s = s + a * b * b
    return s


def for_zip_global(x):
    s = 0.0
    for v, w in zip(x, WEIGHTS):
        s = s + w * v ** 2
    return s


def for_enumerate(x):
    s = 0.0
    for i, v in enumerate(x):
        s = s + (i + 1) * v ** 2
    return s


def for_enumerate_start(x):
    s = 0.0
    for i, v in enumerate(x, 1):
        s = s + v ** i
    return s


def for_reversed(x):
    acc = 0.0
    for v in reversed(x):
        acc = acc * 0.5 + np.tanh(v)
    return acc * acc


def for_reversed_range(x, n):
    acc = x
    for i in reversed(range(n)):
        acc = np.sin(acc) * (i + 1.0)
    return acc


def nested_loops_2d(w):
    s = 0.0
    for i in range(w.shape[0]):
        for j in range(w.shape[1]):
            s = s + w[i, j] * w[i, j] * (i + 2 * j + 1)
    return s


def nested_loops_triangular(x):
    s = 0.0
    for i in range(len(x)):
        for j in range(i):
            s = s + x[i] * x[j]
    return s


def nested_loops_rows_elements(w):
    s = 0.0
    for row in w:
        for v in row:
            s = s + np.exp(v * 0.5)
    return s


def loop_carried_array(x, n):
    y = x
    for _ in range(n):
        y = np.tanh(y) * 1.5 + x * 0.1
    return np.sum(y)


def loop_var_used_after(x, n):
    for i in range(n):
        pass
    return x * i


def loop_with_branch_each_iter(x):
    s = 0.0
    for v in x:
        if v > 0.0:
            s = s + v * v
        else:
            s = s - np.sin(v)
    return s


def loop_accumulate_augassign(x):
    s = 0.0
    p = 1.0
    for v in x:
        s += v
        p *= v
    return s * p


def loop_index_other_array(x, y):
    s = 0.0
    for i, v in enumerate(x):
        s = s + v * y[len(y) - 1 - i]
    return s


def loop_running_maximum(x):
    m = x[0]
    s = 0.0
    for v in x[1:]:
        m = np.maximum(m, v)
        s = s + m * v
    return s


# ---------------------------------------------------------------------------
# while loops; break, continue, for...else; early and several returns
# ---------------------------------------------------------------------------
def while_counter(x, n):
    i = 0
    while i < n:
        x = x * 1.1 + 0.1 * np.sin(x)
        i = i + 1
    return x


def while_active_condition(x):
    y = x
    steps = 0
    while y < 10.0:
        y = y * 2.0 + 0.1
        steps += 1
    return y * steps


def while_true_break(x):
    y = x
    while True:
        y = y * y
        if y > 5.0:
            break
    return y


def while_with_continue(x, n):
    i = 0
    s = 0.0
    while i < n:
        i = i + 1
        if i % 2 == 0:
            continue
        s = s + x ** i
    return s


def while_else(x):
    i = 0
    while i < 3:
        x = x * 0.9 + 0.2
        i = i + 1
    else:
        x = x * x
    return x


def while_nested_for(x, n):
    i = 0
    y = x
    while i < n:
        for v in (0.5, 0.25):
            y = y * v + np.cos(y)
        i += 1
    return y


def for_break(x):
    s = 0.0
    for v in x:
        if v > 1.0:
            break
        s = s + v * v
    return s


def for_continue(x):
    s = 0.0
    for v in x:
        if v < 0.0:
            continue
        s = s + np.sqrt(v)
    return s


def for_else(x):
    s = 0.0
    for v in x:
        if v > 5.0:
            break
        s = s + v
    else:
        s = s * s
    return s


def for_range_break_continue(x, n):
    s = 0.0
    for i in range(n):
        if i == 1:
            continue
        if i == 4:
            break
        s = s + x[i % len(x)] * (i + 1.0)
    return s * s


def early_return_in_loop(x):
    s = 0.0
    for v in x:
        if v > 1.0:
            return s * v
        s = s + v
    return s


def early_return_in_branch(x):
    if x > 0.0:
        return x * x
    y = -x
    return y * 3.0


def several_returns(x):
    if x < 0.0:
        return np.exp(x)
    elif x < 1.0:
        return x + 1.0
    y = x * x
    if y > 4.0:
        return y
    return 2.0 * x


def return_from_nested_loop(w):
    s = 0.0
    for i in range(w.shape[0]):
        for j in range(w.shape[1]):
            s = s + w[i, j] ** 2
            if s > 1.0:
                return s * w[i, j]
    return s


def return_from_while(x):
    y = x
    k = 0
    while k < 10:
        y = np.sin(y) + 1.0
        if y > 1.8:
            return y * k
        k += 1
    return y


# ---------------------------------------------------------------------------
# Calls: module-level functions, another module, keyword arguments, defaults
# ---------------------------------------------------------------------------
def _poly(x):
    return 3.0 * x ** 2 - 2.0 * x + 1.0


def _norm2(v):
    return np.sum(v * v)


def _with_defaults(x, p=2.0, *, q=1.0):
    return x ** p * q


def _sin_cos(x):
    return np.sin(x), np.cos(x)


def call_module_function(x):
    return np.sum(_poly(x))


def call_chain(x):
    return _norm2(_poly(x)) + _norm2(x)


def call_in_loop(x, n):
    s = 0.0
    for i in range(n):
        s = s + _norm2(x * (i + 1.0))
    return s


def call_other_module(x):
    return np.sum(H.softplus(x))


def call_imported_name(x):
    return np.sum(softplus(x) * x)


def call_other_module_nested(x):
    return np.sum(H.through_softplus(x))


def call_other_module_with_branch(x):
    return H.piecewise(x) + H.piecewise(x * 0.5)


def call_keyword_args(x):
    return np.sum(scaled(x, scale=3.0) ** 2)


def call_default_args(x):
    return np.sum(scaled(x) * x)


def call_keyword_active(x, w):
    return np.sum(affine(x, w=w) ** 2)


def call_keyword_reordered(x, w):
    return np.sum(affine(b=0.1, w=w, x=x) ** 2)


def call_module_defaults(x):
    return np.sum(_with_defaults(x)) + np.sum(_with_defaults(x, 3.0, q=0.5))


def call_helper_keyword_default_module(x):
    return np.sum(H.smooth_abs(x) + H.smooth_abs(x, eps=0.5))


def has_default_param(x, p=3.0):
    return np.sum(x ** p)


def keyword_only_param(x, *, k=0.5):
    return np.sum(np.exp(k * x))


def call_tuple_result_other_module(x):
    m, s = H.mean_and_spread(x)
    return m * s


def tuple_unpack_from_call(x):
    s, c = _sin_cos(x)
    return np.sum(s * c + s)


def call_horner(coeffs, x):
    return H.horner(coeffs, x) ** 2


# ---------------------------------------------------------------------------
# Closures (factories), functions passed as arguments, recursion
# ---------------------------------------------------------------------------
def make_scaler(k):
    def scaled_square(x):
        return np.sum(k * x ** 2)
    return scaled_square


def make_weighted(w):
    def weighted_tanh(x):
        return np.sum(w * np.tanh(x))
    return weighted_tanh


def make_power(p):
    def power_p(x):
        return x ** p
    return power_p


def make_compose(f, g):
    def composed(x):
        return np.sum(f(g(x)))
    return composed


def make_repeat(n):
    def repeat_sin(x):
        for _ in range(n):
            x = np.sin(x) + x * 0.5
        return np.sum(x)
    return repeat_sin


scaled_square_3 = make_scaler(3.0)
weighted_tanh_w = make_weighted(WEIGHTS)
cube = make_power(3)
softplus_of_sin = make_compose(H.softplus, np.sin)
repeat_sin_4 = make_repeat(4)


def call_closures(x):
    return np.sum(cube(x)) + scaled_square_3(x) + weighted_tanh_w(x)


def apply_fn(fn, x):
    return np.sum(fn(x))


def apply_twice(fn, x):
    return fn(fn(x))


def map_fns_loop(fns, x):
    s = 0.0
    for fn in fns:
        s = s + np.sum(fn(x))
    return s


def power_rec(x, n):
    if n == 0:
        return 1.0
    return x * power_rec(x, n - 1)


def halve_rec(x):
    if x < 1.0:
        return x * x
    return halve_rec(x / 2.0) + x


def fib_like(x, n):
    if n < 2:
        return x
    return fib_like(x, n - 1) * 0.5 + np.sin(fib_like(x, n - 2))


def _even_rec(x, n):
    if n == 0:
        return x
    return _odd_rec(x * 1.5, n - 1)


def _odd_rec(x, n):
    if n == 0:
        return x * x
    return _even_rec(np.sin(x), n - 1)


def mutual_recursion(x):
    return _even_rec(x, 5)


# ---------------------------------------------------------------------------
# Methods and attributes: x.T, shape/ndim/len, x.sum(axis=...), x.mean(),
# x.reshape(...), x.dot(y); self.w in methods; objects passed as arguments
# ---------------------------------------------------------------------------
def method_transpose(w, v):
    return np.sum((w.T @ v) ** 2)


def method_shape_ndim(w):
    rows, cols = w.shape
    s = 0.0
    for i in range(rows):
        s = s + np.sum(w[i] * (i + 1.0)) / cols
    return s * w.ndim + w.size


def method_sum_axis(w):
    return np.sum(w.sum(axis=0) ** 2) + np.sum(w.sum(axis=1) ** 3)


def method_sum_keepdims(w):
    return np.sum(w / (w.sum(axis=1, keepdims=True) + 5.0))


def method_mean(x):
    d = x - x.mean()
    return d.dot(d) + x.mean() ** 2


def method_mean_axis(w):
    return np.sum(w.mean(axis=0) * w.mean(axis=1).sum())


def method_reshape(x):
    m = x.reshape(2, 3)
    return np.sum(m.sum(axis=0) * m[1])


def method_reshape_tuple(x):
    m = x.reshape((3, 2))
    return np.sum(np.sin(m.T @ m))


def method_dot(x, y):
    return x.dot(y) * x.sum()


def method_chain(w):
    return w.T.reshape(-1).dot(np.cos(w.reshape(-1)))


def method_max_min_prod(x):
    return x.max() * x.min() + x.prod()


def method_copy_clip(x):
    y = x.copy()
    return np.sum(y.clip(-0.5, 0.5) * x)


class Linear:
    def __init__(self, w, b):
        self.w = w
        self.b = b

    def predict(self, x):
        return np.tanh(x @ self.w + self.b)

    def loss(self, x):
        return np.sum(self.predict(x) ** 2)

    def weighted_loss(self, x, scale):
        total = 0.0
        for i in range(len(self.b)):
            total = total + scale * np.sum(x * self.w[:, i]) ** 2
        return total


class Params:
    def __init__(self, scale, shift):
        self.scale = scale
        self.shift = shift


MODEL = Linear(MATRIX.T.copy(), np.array([0.1, -0.2]))
PARAMS = Params(1.5, np.array([0.2, -0.1, 0.3]))


def object_attributes(p, x):
    return np.sum((x * p.scale + p.shift) ** 2)


def object_method_call(model, x):
    return np.sum(model.predict(x))


def object_attr_in_loop(p, x):
    for _ in range(3):
        x = np.tanh(x * p.scale) + p.shift
    return np.sum(x)


# ---------------------------------------------------------------------------
# math module on floats; global constants and module-level arrays
# ---------------------------------------------------------------------------
def math_basic(x):
    return math.sin(x) * math.exp(x) + math.cos(x) / math.sqrt(x)


def math_log_tanh_pow(x):
    return math.log(x) * math.tanh(x) + math.pow(x, 2.5)


def math_pow_both(x, y):
    return math.pow(x, y) + math.atan(x * y)


def math_in_loop(x, n):
    for _ in range(n):
        x = math.sin(x) + math.sqrt(x * x + 1.0)
    return x


def math_constants(x):
    return math.pi * x * x + math.e * math.log1p(x)


def math_with_branch(x):
    if math.cos(x) > 0.0:
        return math.exp(-x * x)
    return math.tanh(x) * x


def uses_global_scalar(x):
    return SCALE * np.sum(x ** 2)


def uses_module_arrays(x):
    return np.sum(WEIGHTS * x) + np.sum(np.tanh(MATRIX @ x))


def uses_global_tuple(x):
    return COEFF_TUPLE[0] * x + COEFF_TUPLE[2] * x * x


def uses_other_module_constant(x):
    return np.sum(x + H.OFFSET) ** 2


# ---------------------------------------------------------------------------
# Containers: tuple/list/dict arguments (grad has the same structure),
# unpacking, returning tuples, list.append, runtime keys
# ---------------------------------------------------------------------------
def tuple_param(params):
    w, b = params
    return np.sum((w * X_DATA + b) ** 2)


def tuple_param_indexing(params):
    return np.sum(np.tanh(params[0] * params[1]))


def list_param_loop(ws):
    s = 0.0
    for w in ws:
        s = s + np.sum(w ** 2) * 0.5
    return s * s


def list_param_runtime_index(ws, k):
    return np.sum(np.sin(ws[k]) * ws[0])


def list_param_len_range(ws):
    s = 0.0
    for i in range(len(ws)):
        s = s + (i + 1.0) * np.sum(np.cos(ws[i]))
    return s


def dict_param(p):
    return np.sum(np.tanh(p["w"] * X_DATA + p["b"]))


def dict_param_runtime_key(p, key):
    return np.sum(p[key] ** 2) + np.sum(p["w"])


def dict_param_loop_keys(p):
    s = 0.0
    for k in KEYS:
        s = s + np.sum(np.exp(p[k]))
    return s


def dict_param_items(p):
    s = 0.0
    for name, v in p.items():
        s = s + np.sum(v * v) * len(name)
    return s


def dict_param_iterate_keys(p):
    s = 0.0
    for k in p:
        s = s + np.sum(p[k] ** 2)
    return s


def nested_params(p):
    s = 0.0
    for w, b in p["layers"]:
        s = s + np.sum(np.tanh(w * 0.5 + b))
    return s * p["scale"]


def tuple_unpack_swap(x, y):
    a, b = y, x
    a, b = b * a, a + b
    return np.sum(a * b)


def enumerate_zip_unpack(a, b):
    s = 0.0
    for i, (u, v) in enumerate(zip(a, b)):
        s = s + (i + 1.0) * u * np.cos(v)
    return s


def append_then_stack(x, n):
    outs = []
    for i in range(n):
        outs.append(x * (i + 1.0))
    return np.sum(np.stack(outs) ** 2)


def append_then_builtin_sum(x):
    terms = []
    for v in x:
        terms.append(v * v)
    return sum(terms)


def append_carried_then_stack_axis(x, n):
    outs = []
    y = x
    for _ in range(n):
        y = np.sin(y)
        outs.append(y)
    return np.sum(np.stack(outs, axis=1) * np.arange(n))


def append_then_concatenate(x):
    parts = []
    parts.append(x)
    parts.append(x * x)
    return np.sum(np.concatenate(parts) ** 2)


def append_then_index(x):
    hist = []
    y = x
    for _ in range(4):
        y = y * 0.5 + np.cos(y)
        hist.append(y)
    return np.sum(hist[1] * hist[-1])


def list_literal_runtime_index(x, k):
    options = [x, x * x, np.sin(x)]
    return np.sum(options[k])


def list_negative_index(x):
    xs = [x, 2.0 * x, 3.0 * x]
    return np.sum(xs[-1] * xs[0])


def tuple_display_index(x):
    pair = (x, x * x)
    return np.sum(pair[0] * pair[1])


def dict_literal_runtime_key(x, key):
    table = {"double": x * 2.0, "square": x * x, "sine": np.sin(x)}
    return np.sum(table[key])


def dict_build_then_read(x):
    d = {}
    d["a"] = np.exp(x)
    d["b"] = d["a"] * x
    return np.sum(d["b"])


def tuple_of_call_results_in_loop(x):
    s = 0.0
    for row in x:
        m, spread = H.mean_and_spread(row)
        s = s + m * spread
    return s


# ---------------------------------------------------------------------------
# In-place updates: a[i] = v, a[i] += v, a[i, j] -= v, a[1:3] *= v,
# x += y, np.zeros preallocation; Google Tangent's ``y = x * 1.0; y[0] += x[1]``
# ---------------------------------------------------------------------------
def setitem_fill_zeros(x):
    y = np.zeros(3)
    y[0] = x[0] * 2.0
    y[1] = x[1] ** 2
    y[2] = np.sin(x[2])
    return np.sum(y * y)


def setitem_runtime_index(x, i):
    y = np.zeros_like(x)
    y[i] = x[i] * x[0]
    return np.sum(np.exp(y))


def setitem_overwrite_active(x):
    y = x * 1.0
    y[1] = 5.0
    return np.sum(y * x)


def tangent_bug(x):
    y = x * 1.0
    y[0] += x[1]
    return np.sum(y * y)


def tangent_bug_copy_method(x):
    y = x.copy()
    y[0] += x[1]
    return np.sum(y * y)


def tangent_bug_np_copy(x):
    y = np.copy(x)
    y[2] += x[0] * x[1]
    return np.sum(np.sin(y))


def tangent_bug_np_array(x):
    y = np.array(x)
    y[1] -= x[0]
    return np.sum(y ** 3)


def tangent_bug_add_zero(x):
    y = x + 0.0
    y[1] *= x[2]
    return np.sum(y ** 2)


def tangent_bug_self_reference(x):
    y = x * 1.0
    y[0] += y[1]
    y[1] += y[0]
    return np.sum(y * y)


def tangent_bug_repeated(x):
    y = x * 1.0
    y[0] += x[1]
    y[0] += x[1]
    y[0] *= y[0]
    return np.sum(y)


def tangent_bug_slice(x):
    y = x * 1.0
    y[1:] += x[:-1]
    return np.sum(y * y)


def tangent_bug_2d(w):
    v = w * 1.0
    v[0, 1] += w[1, 2]
    v[1] -= w[0]
    return np.sum(v * v)


def tangent_bug_read_before(x):
    y = x * 1.0
    before = y[0] * 1.0
    y[0] += x[1]
    return before * y[0]


def tangent_bug_in_loop(x):
    y = x * 1.0
    for i in range(1, len(y)):
        y[i] += y[i - 1] * x[0]
    return np.sum(y * y)


def tangent_bug_divide(x):
    y = x * 1.0
    y[2] /= x[0]
    return np.sum(y)


def setitem_2d_minus(w):
    a = np.zeros((2, 3))
    for i in range(2):
        for j in range(3):
            a[i, j] -= w[i, j] * (i + j + 1.0)
    return np.sum(a * w)


def setitem_slice_times(x):
    a = x * 2.0
    a[1:3] *= x[0]
    return np.sum(a ** 2)


def setitem_slice_assign(x):
    a = np.zeros(5)
    a[:3] = x
    a[3:] = x[:2] * x[1:]
    return np.sum(a * a)


def setitem_step_slice(x):
    a = x * 1.0
    a[::2] *= 3.0
    return np.sum(np.sin(a))


def setitem_negative_index(x):
    a = x * 1.0
    a[-1] *= a[0]
    return np.sum(a ** 2)


def setitem_mask(x):
    a = x * 1.0
    a[a < 0.0] *= 0.1
    return np.sum(a * a)


def setitem_fancy_index(x):
    a = x * 1.0
    a[[0, 2]] += x[1]
    return np.sum(a ** 2)


def setitem_row(w, v):
    a = np.zeros((2, 3))
    a[0] = v
    a[1, :] = w[1] * v
    return np.sum(a @ a.T)


def setitem_column(w):
    a = w * 1.0
    a[:, 0] *= w[0, 1]
    return np.sum(a * a)


def prealloc_fill_loop(x, n):
    out = np.zeros(n)
    for i in range(n):
        out[i] = np.sum(x ** (i + 1))
    return np.sum(out)


def prealloc_prefix_sum(x):
    c = np.zeros_like(x)
    c[0] = x[0]
    for i in range(1, len(x)):
        c[i] = c[i - 1] + x[i] * x[i]
    return np.sum(c * c)


def prealloc_rows(w, x):
    out = np.zeros((w.shape[0], 2))
    for i in range(w.shape[0]):
        out[i, 0] = w[i].dot(x)
        out[i, 1] = np.sum(w[i] * w[i])
    return np.sum(np.tanh(out))


def prealloc_empty(x):
    out = np.empty(3)
    for i in range(3):
        out[i] = x[i] * x[(i + 1) % 3]
    return np.sum(out)


def recurrence_in_place(x):
    y = x.copy()
    for i in range(1, len(y)):
        y[i] = y[i] * y[i - 1] + 0.5
    return np.sum(y)


def setitem_in_branch(x):
    y = np.zeros(2)
    if x[0] > 0.0:
        y[0] = x[0] * x[1]
    else:
        y[1] = x[1] * 3.0
    return np.sum(y * x[:2])


def setitem_then_early_return(x):
    y = x * 2.0
    y[0] = x[1]
    if y[0] > 0.0:
        return np.sum(y * y)
    y[1] = 1.0
    return np.sum(y * x)


def augassign_array_locals(x, y):
    z = x * 2.0
    z += y
    z *= x
    z -= 1.0
    z /= 2.0
    return np.sum(z ** 2)


def augassign_scalars(x, y):
    s = x
    s += y
    s *= x
    s -= y * y
    s /= 1.5
    s **= 2
    return s


def augassign_param_scalar(x):
    x += 1.0
    x *= x
    return x


def augassign_in_loop_array(x, n):
    acc = np.zeros_like(x)
    for i in range(n):
        acc += np.sin(x * (i + 1.0))
    return np.sum(acc ** 2)


def list_setitem(x):
    xs = [x, x * 2.0, x * 3.0]
    xs[1] = xs[0] * xs[2]
    return np.sum(xs[1] + xs[2])


def list_setitem_loop(x, n):
    xs = [x, x * 0.5]
    for i in range(n):
        xs[i % 2] = np.sin(xs[(i + 1) % 2]) + xs[i % 2]
    return np.sum(xs[0] * xs[1])


def dict_augassign(x):
    d = {"a": x * 1.0, "b": x * x}
    d["a"] = d["a"] + d["b"]
    d["b"] = d["b"] * 2.0
    return np.sum(d["a"] * d["b"])


# ---------------------------------------------------------------------------
# stop_gradient inside control flow; custom_gradient called inside a loop
# ---------------------------------------------------------------------------
@tg.custom_gradient
def softsign(x):
    y = x / (1.0 + np.abs(x))

    def grad_fn(dy):
        return dy / (1.0 + np.abs(x)) ** 2
    return y, grad_fn


@tg.custom_gradient
def product2(a, b):
    def grad_fn(dy):
        return dy * b, dy * a
    return a * b, grad_fn


def stop_gradient_in_loop(x):
    s = 0.0
    for v in x:
        s = s + tg.stop_gradient(v) * v
    return s


def stop_gradient_in_branch(x):
    if np.sum(x) > 0.0:
        y = tg.stop_gradient(x * x) * x
    else:
        y = x * x
    return np.sum(y)


def stop_gradient_carried(x, n):
    y = x
    for _ in range(n):
        y = np.sin(tg.stop_gradient(y)) + y * 0.5
    return np.sum(y)


def stop_gradient_while(x):
    y = x
    k = 0
    while k < 3:
        y = y * tg.stop_gradient(y) + 0.1
        k += 1
    return y


def custom_in_loop(x, n):
    s = 0.0
    for i in range(n):
        s = s + np.sum(softsign(x * (i + 1.0)))
    return s


def custom_two_args_in_loop(x, y):
    s = 0.0
    for u, v in zip(x, y):
        s = s + product2(u, np.sin(v))
    return s


def custom_in_branch(x):
    if x[0] > 0.0:
        return np.sum(softsign(x) ** 2)
    return np.sum(x)


def custom_in_while(x):
    y = x
    k = 0
    while k < 3:
        y = softsign(y) * 2.0 + 0.5
        k += 1
    return y


# ---------------------------------------------------------------------------
# Small programs the way users write them (several constructs together)
# ---------------------------------------------------------------------------
def logistic_loss_loop(w, X, y):
    loss = 0.0
    for i in range(X.shape[0]):
        z = X[i].dot(w)
        p = 1.0 / (1.0 + np.exp(-z))
        if y[i] > 0.5:
            loss = loss - np.log(p)
        else:
            loss = loss - np.log(1.0 - p)
    return loss / X.shape[0]


def euler_ode(k, x0, n):
    x = x0
    dt = 0.1
    for _ in range(n):
        x = x + dt * (-k * x + np.sin(x))
    return x


def rnn(h0, W, xs):
    h = h0
    for x in xs:
        h = np.tanh(W @ h + x)
    return np.sum(h ** 2)


def softmax_cross_entropy(logits, label):
    m = np.max(logits)
    e = np.exp(logits - m)
    p = e / np.sum(e)
    return -np.log(p[label])


def trapezoid(a, n):
    h = 1.0 / n
    s = 0.5 * (np.sin(0.0) + np.sin(a))
    for i in range(1, n):
        s = s + np.sin(a * i * h)
    return s * h


def newton_sqrt(a):
    x = a
    for _ in range(6):
        x = 0.5 * (x + a / x)
    return x


def gradient_descent_unrolled(w0, target):
    w = w0
    for _ in range(5):
        g = 2.0 * (w - target)
        w = w - 0.1 * g
    return np.sum(w ** 2)


def pairwise_energy(p):
    e = 0.0
    n = p.shape[0]
    for i in range(n):
        for j in range(i + 1, n):
            d = p[i] - p[j]
            e = e + 1.0 / np.sqrt(np.sum(d * d))
    return e


def bisection_steps(c):
    lo = 0.0
    hi = 2.0
    for _ in range(4):
        mid = 0.5 * (lo + hi)
        if mid * mid < c:
            lo = mid
        else:
            hi = mid
    return (lo + hi) * c


def mlp_layers(params, x):
    h = x
    for w, b in params:
        h = np.tanh(w @ h + b)
    return np.sum(h)


# ---------------------------------------------------------------------------
# Functions whose output is an array or a tuple: checked with tg.vjp
# ---------------------------------------------------------------------------
def returns_pair(x, y):
    return x * y, np.sin(x) + y


def returns_tuple_from_branch(x):
    if x[0] > 0.0:
        return x * 2.0, np.sum(x)
    return x * x, np.sum(np.sin(x))


def returns_tuple_from_loop(x):
    a = x
    b = 0.0
    for v in (1.0, 2.0):
        a = np.tanh(a * v)
        b = b + np.sum(a)
    return a, b


def tangent_bug_vector_output(x):
    y = x * 1.0
    y[0] += x[1]
    return y


def prealloc_vector_output(x):
    out = np.zeros((2, len(x)))
    for i in range(len(x)):
        out[0, i] = x[i] * x[i]
        out[1, i] = np.sin(x[i])
    return out


def loop_vector_output(x, w):
    h = x
    for row in w:
        h = np.tanh(h * row)
    return h


def stack_vector_output(x):
    outs = []
    for k in range(3):
        outs.append(x ** (k + 1))
    return np.stack(outs)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------
X3 = np.array([0.3, -0.7, 1.1])
Y3 = np.array([1.3, 0.4, -0.9])
XP = np.array([0.6, 1.4, 2.2])
X4 = np.array([0.5, 1.2, -0.4, 0.9])
X6 = np.array([0.2, -0.5, 0.9, 1.3, -1.1, 0.6])
W23 = np.array([[0.2, -0.5, 0.8], [1.1, 0.3, -0.6]])
V2 = np.array([0.4, -0.3])

CASES = [
    # if / elif / else, ternaries, and/or/not
    (if_else_active, (1.3,), 0),
    (if_else_active, (-0.8,), 0),
    (if_else_on_array_reduction, (X3,), 0),
    (if_else_on_array_reduction, (-X3,), 0),
    (if_inactive_flag, (X3, True), 0),
    (if_inactive_flag, (X3, False), 0),
    (if_elif_else, (-1.7,), 0),
    (if_elif_else, (0.4,), 0),
    (if_elif_else, (2.3,), 0),
    (if_without_else, (1.5,), 0),
    (if_without_else, (0.5,), 0),
    (if_on_len, (X3,), 0),
    (if_on_len, (X4,), 0),
    (if_on_ndim, (W23,), 0),
    (if_on_ndim, (X3,), 0),
    (if_on_shape, (W23,), 0),
    (if_on_shape, (W23.T.copy(),), 0),
    (if_on_inactive_int, (X3, 4), 0),
    (if_on_inactive_int, (X3, 3), 0),
    (if_all_positive, (XP,), 0),
    (if_all_positive, (X3,), 0),
    (if_multiple_assign, (X3,), 0),
    (if_multiple_assign, (-X3,), 0),
    (if_updates_one_of_two, (1.2,), 0),
    (if_updates_one_of_two, (0.3,), 0),
    (nested_if, (1.2, 0.5), (0, 1)),
    (nested_if, (1.2, -0.5), (0, 1)),
    (nested_if, (-1.2, 0.5), (0, 1)),
    (nested_if, (-1.2, -0.5), (0, 1)),
    (if_on_global_config, (X3,), 0),
    (ternary_active, (0.7,), 0),
    (ternary_active, (-0.6,), 0),
    (ternary_constant_choice, (X3,), 0),
    (ternary_constant_choice, (-X3,), 0),
    (ternary_inline, (X3, Y3), (0, 1)),
    (ternary_inline, (Y3, X3), (0, 1)),
    (ternary_nested, (2.5,), 0),
    (ternary_nested, (1.1,), 0),
    (ternary_nested, (-0.4,), 0),
    (and_condition, (1.2, 0.5), (0, 1)),
    (and_condition, (1.2, -0.5), (0, 1)),
    (or_condition, (2.5,), 0),
    (or_condition, (0.3,), 0),
    (not_condition, (0.3,), 0),
    (not_condition, (1.8,), 0),
    (and_or_not_mixed, (1.5, 0.7), (0, 1)),
    (and_or_not_mixed, (0.5, 0.7), (0, 1)),
    (and_or_not_mixed, (3.5, -0.7), (0, 1)),
    (or_default, (1.3,), 0),
    (or_default, (1.3, 0.5), (0, 1)),
    (or_active_value, (1.3, 0.5), (0, 1)),
    (and_active_value, (1.3, 0.5), (0, 1)),
    (and_value_in_expression, (X3, True), 0),
    # for loops
    (for_range_n, (0.8, 4), 0),
    (for_range_n, (0.8, 0), 0),
    (for_range_start_stop_step, (0.9, 7), 0),
    (for_range_len_index, (X4,), 0),
    (for_range_neighbours, (X4,), 0),
    (for_over_rows, (W23,), 0),
    (for_over_elements, (X4,), 0),
    (for_over_global_list, (1.3,), 0),
    (for_over_tuple_literal, (X3,), 0),
    (for_over_list_of_active, (X3,), 0),
    (for_zip, (X3, Y3), (0, 1)),
    (for_zip_global, (X3,), 0),
    (for_enumerate, (X3,), 0),
    (for_enumerate_start, (X3,), 0),
    (for_reversed, (X4,), 0),
    (for_reversed_range, (0.9, 3), 0),
    (nested_loops_2d, (W23,), 0),
    (nested_loops_triangular, (X4,), 0),
    (nested_loops_rows_elements, (W23,), 0),
    (loop_carried_array, (X3, 3), 0),
    (loop_var_used_after, (1.5, 4), 0),
    (loop_with_branch_each_iter, (X4,), 0),
    (loop_accumulate_augassign, (X3,), 0),
    (loop_index_other_array, (X3, Y3), (0, 1)),
    (loop_running_maximum, (X4,), 0),
    # while, break, continue, for...else, returns
    (while_counter, (0.7, 5), 0),
    (while_active_condition, (1.3,), 0),
    (while_true_break, (1.3,), 0),
    (while_with_continue, (0.8, 6), 0),
    (while_else, (0.7,), 0),
    (while_nested_for, (0.4, 2), 0),
    (for_break, (X4,), 0),
    (for_continue, (X4,), 0),
    (for_else, (X3,), 0),
    (for_else, (np.array([0.3, 6.0, 1.1]),), 0),
    (for_range_break_continue, (X3, 7), 0),
    (early_return_in_loop, (X4,), 0),
    (early_return_in_loop, (np.array([0.3, -0.7, 0.6]),), 0),
    (early_return_in_branch, (1.3,), 0),
    (early_return_in_branch, (-1.3,), 0),
    (several_returns, (-0.5,), 0),
    (several_returns, (0.5,), 0),
    (several_returns, (1.5,), 0),
    (several_returns, (2.5,), 0),
    (return_from_nested_loop, (W23,), 0),
    (return_from_nested_loop, (W23 * 0.3,), 0),
    (return_from_while, (0.3,), 0),
    # calls
    (call_module_function, (X3,), 0),
    (call_chain, (X3,), 0),
    (call_in_loop, (X3, 3), 0),
    (call_other_module, (X3,), 0),
    (call_imported_name, (X3,), 0),
    (call_other_module_nested, (X3,), 0),
    (call_other_module_with_branch, (1.4,), 0),
    (call_keyword_args, (X3,), 0),
    (call_default_args, (X3,), 0),
    (call_keyword_active, (X3, Y3), (0, 1)),
    (call_keyword_reordered, (X3, Y3), (0, 1)),
    (call_module_defaults, (XP,), 0),
    (call_helper_keyword_default_module, (X3,), 0),
    (has_default_param, (X3,), 0),
    (has_default_param, (XP, 2.5), (0, 1)),
    (keyword_only_param, (X3,), 0),
    (call_tuple_result_other_module, (X3,), 0),
    (tuple_unpack_from_call, (X3,), 0),
    (call_horner, ((0.5, -1.0, 2.0), 1.3), (0, 1)),
    # closures, functions as arguments, recursion
    (scaled_square_3, (X3,), 0),
    (weighted_tanh_w, (X3,), 0),
    (cube, (1.3,), 0),
    (softplus_of_sin, (X3,), 0),
    (repeat_sin_4, (X3,), 0),
    (call_closures, (X3,), 0),
    (apply_fn, (H.softplus, X3), 1),
    (apply_fn, (np.tanh, X3), 1),
    (apply_twice, (_poly, 0.3), 1),
    (map_fns_loop, ((np.sin, H.softplus, _norm2), X3), 1),
    (power_rec, (1.3, 4), 0),
    (halve_rec, (5.0,), 0),
    (fib_like, (0.7, 5), 0),
    (mutual_recursion, (0.8,), 0),
    # methods and attributes, objects
    (method_transpose, (W23, V2), (0, 1)),
    (method_shape_ndim, (W23,), 0),
    (method_sum_axis, (W23,), 0),
    (method_sum_keepdims, (W23,), 0),
    (method_mean, (X4,), 0),
    (method_mean_axis, (W23,), 0),
    (method_reshape, (X6,), 0),
    (method_reshape_tuple, (X6,), 0),
    (method_dot, (X3, Y3), (0, 1)),
    (method_chain, (W23,), 0),
    (method_max_min_prod, (X3,), 0),
    (method_copy_clip, (X3,), 0),
    (MODEL.loss, (X3,), 0),
    (MODEL.weighted_loss, (X3, 0.7), (0, 1)),
    (object_attributes, (PARAMS, X3), 1),
    (object_method_call, (MODEL, X3), 1),
    (object_attr_in_loop, (PARAMS, X3), 1),
    # math module, globals
    (math_basic, (1.3,), 0),
    (math_log_tanh_pow, (1.3,), 0),
    (math_pow_both, (1.3, 0.7), (0, 1)),
    (math_in_loop, (0.6, 3), 0),
    (math_constants, (0.8,), 0),
    (math_with_branch, (0.5,), 0),
    (math_with_branch, (2.0,), 0),
    (uses_global_scalar, (X3,), 0),
    (uses_module_arrays, (X3,), 0),
    (uses_global_tuple, (0.9,), 0),
    (uses_other_module_constant, (X3,), 0),
    # containers
    (tuple_param, ((X3, 0.4),), 0),
    (tuple_param_indexing, ((X3, Y3),), 0),
    (list_param_loop, ([X3, Y3, XP],), 0),
    (list_param_runtime_index, ([X3, Y3], 1), 0),
    (list_param_len_range, ([X3, Y3, XP],), 0),
    (dict_param, ({"w": X3, "b": 0.3},), 0),
    (dict_param_runtime_key, ({"w": X3, "b": Y3}, "b"), 0),
    (dict_param_loop_keys, ({"w": X3, "b": 0.3},), 0),
    (dict_param_items, ({"w": X3, "bias": Y3},), 0),
    (dict_param_iterate_keys, ({"w": X3, "b": Y3},), 0),
    (nested_params, ({"layers": [(X3, 0.1), (Y3, -0.2)], "scale": 1.5},), 0),
    (tuple_unpack_swap, (X3, Y3), (0, 1)),
    (enumerate_zip_unpack, (X3, Y3), (0, 1)),
    (append_then_stack, (X3, 3), 0),
    (append_then_builtin_sum, (X3,), 0),
    (append_carried_then_stack_axis, (X3, 3), 0),
    (append_then_concatenate, (X3,), 0),
    (append_then_index, (X3,), 0),
    (list_literal_runtime_index, (X3, 2), 0),
    (list_literal_runtime_index, (X3, 1), 0),
    (list_negative_index, (X3,), 0),
    (tuple_display_index, (X3,), 0),
    (dict_literal_runtime_key, (X3, "square"), 0),
    (dict_literal_runtime_key, (X3, "sine"), 0),
    (dict_build_then_read, (X3,), 0),
    (tuple_of_call_results_in_loop, (W23,), 0),
    # in-place
    (setitem_fill_zeros, (X3,), 0),
    (setitem_runtime_index, (X3, 2), 0),
    (setitem_overwrite_active, (X3,), 0),
    (tangent_bug, (X3,), 0),
    (tangent_bug_copy_method, (X3,), 0),
    (tangent_bug_np_copy, (X3,), 0),
    (tangent_bug_np_array, (X3,), 0),
    (tangent_bug_add_zero, (X3,), 0),
    (tangent_bug_self_reference, (X3,), 0),
    (tangent_bug_repeated, (X3,), 0),
    (tangent_bug_slice, (X3,), 0),
    (tangent_bug_2d, (W23,), 0),
    (tangent_bug_read_before, (X3,), 0),
    (tangent_bug_in_loop, (X4,), 0),
    (tangent_bug_divide, (X3,), 0),
    (setitem_2d_minus, (W23,), 0),
    (setitem_slice_times, (X4,), 0),
    (setitem_slice_assign, (X3,), 0),
    (setitem_step_slice, (X4,), 0),
    (setitem_negative_index, (X3,), 0),
    (setitem_mask, (X4,), 0),
    (setitem_fancy_index, (X3,), 0),
    (setitem_row, (W23, Y3), (0, 1)),
    (setitem_column, (W23,), 0),
    (prealloc_fill_loop, (X3, 4), 0),
    (prealloc_prefix_sum, (X4,), 0),
    (prealloc_rows, (W23, Y3), (0, 1)),
    (prealloc_empty, (X3,), 0),
    (recurrence_in_place, (X4,), 0),
    (setitem_in_branch, (X3,), 0),
    (setitem_in_branch, (-X3,), 0),
    (setitem_then_early_return, (X3,), 0),
    (setitem_then_early_return, (-X3,), 0),
    (augassign_array_locals, (X3, Y3), (0, 1)),
    (augassign_scalars, (1.3, 0.4), (0, 1)),
    (augassign_param_scalar, (0.7,), 0),
    (augassign_in_loop_array, (X3, 3), 0),
    (list_setitem, (X3,), 0),
    (list_setitem_loop, (X3, 3), 0),
    (dict_augassign, (X3,), 0),
    # stop_gradient, custom_gradient
    (stop_gradient_in_loop, (X3,), 0),
    (stop_gradient_in_branch, (X3,), 0),
    (stop_gradient_in_branch, (-X3,), 0),
    (stop_gradient_carried, (X3, 3), 0),
    (stop_gradient_while, (0.7,), 0),
    (custom_in_loop, (X3, 3), 0),
    (custom_two_args_in_loop, (X3, Y3), (0, 1)),
    (custom_in_branch, (X3,), 0),
    (custom_in_branch, (-X3,), 0),
    (custom_in_while, (0.7,), 0),
    # programs
    (logistic_loss_loop, (np.array([0.3, -0.2]), np.array([[1.0, 0.5], [-0.3, 1.2], [0.8, -1.1]]),
                          np.array([1.0, 0.0, 1.0])), (0, 1)),
    (euler_ode, (0.7, 1.2, 5), (0, 1)),
    (rnn, (V2, np.array([[0.5, -0.3], [0.2, 0.9]]), np.array([[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]])),
     (0, 1, 2)),
    (softmax_cross_entropy, (X4, 2), 0),
    (trapezoid, (1.7, 8), 0),
    (newton_sqrt, (2.0,), 0),
    (gradient_descent_unrolled, (X3, Y3), (0, 1)),
    (pairwise_energy, (np.array([[0.0, 0.1], [1.0, 0.3], [0.4, 1.2]]),), 0),
    (bisection_steps, (1.7,), 0),
    (mlp_layers, ([(np.array([[0.5, -0.3, 0.2], [0.1, 0.4, -0.6]]), V2),
                   (np.array([[0.7, -0.2]]), np.array([0.05]))], X3), (0, 1)),
]

VJP_CASES = [
    (returns_pair, (X3, Y3)),
    (returns_tuple_from_branch, (X3,)),
    (returns_tuple_from_branch, (-X3,)),
    (returns_tuple_from_loop, (X3,)),
    (tangent_bug_vector_output, (X3,)),
    (prealloc_vector_output, (X3,)),
    (loop_vector_output, (X3, W23 + 0.0)),
    (stack_vector_output, (X3,)),
]

# Functions autograd cannot run (they assign into arrays, call the math module
# on boxed values, call methods autograd's ArrayBox lacks, or add a box into a
# plain ndarray in place); they are checked against finite differences only.
FD_ONLY = {
    # in-place assignment into arrays (autograd boxes do not support item assignment)
    "setitem_fill_zeros", "setitem_runtime_index", "setitem_overwrite_active",
    "tangent_bug", "tangent_bug_copy_method", "tangent_bug_np_copy", "tangent_bug_np_array",
    "tangent_bug_add_zero", "tangent_bug_self_reference", "tangent_bug_repeated",
    "tangent_bug_slice", "tangent_bug_2d", "tangent_bug_read_before", "tangent_bug_in_loop",
    "tangent_bug_divide", "setitem_2d_minus", "setitem_slice_times", "setitem_slice_assign",
    "setitem_step_slice", "setitem_negative_index", "setitem_mask", "setitem_fancy_index",
    "setitem_row", "setitem_column", "prealloc_fill_loop", "prealloc_prefix_sum",
    "prealloc_rows", "prealloc_empty", "recurrence_in_place", "setitem_in_branch",
    "setitem_then_early_return", "tangent_bug_vector_output", "prealloc_vector_output",
    # ndarray += ArrayBox and ArrayBox.dot/.copy are not supported by autograd
    "method_mean", "method_dot", "method_chain", "method_copy_clip", "logistic_loss_loop",
    "augassign_array_locals", "augassign_in_loop_array",
    # the math module needs real floats
    "math_basic", "math_log_tanh_pow", "math_pow_both", "math_in_loop", "math_constants",
    "math_with_branch",
}
