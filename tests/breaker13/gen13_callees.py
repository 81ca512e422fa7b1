"""brk13c (c13): results of calls into Python functions with source used in further
arithmetic: callees returning floats, arrays, tuples, lists, complex, float32, ints;
one callee called with several signatures in one function; results whose type depends
on a branch; identity callees whose result is then updated in place; closures,
recursion, methods, lambdas, defaults, keywords, callees passed as arguments."""
import math

import numpy as np

import tangentish as tg

R = np.random.default_rng(1316)
SCALE = 1.5


def rn(*shape):
    return R.standard_normal(shape)


def dense(h, W, b):
    return np.tanh(h @ W + b)


def sq(v):
    return v * v


def pyfloat(v):
    return math.sin(v) * 2.0


def pair(v):
    return np.sin(v), np.cos(v)


def parts(v):
    return [v[0], v[1] * 2.0]


def rot(v):
    return v * (1.0 + 2.0j)


def half32(v):
    return v.astype(np.float32) * 0.5


def to32(v):
    return np.float32(v) * 2.0


def ident(v):
    return v


def branchy(v):
    if np.sum(v) > 0:
        return v * 2.0
    return 0.0


def maybe32(v):
    if v.size > 2:
        return v.astype(np.float32)
    return v


def count(v):
    return len(v)


def power(v, n):
    if n == 0:
        return 1.0
    return v * power(v, n - 1)


def total_keep(v):
    return np.sum(v, keepdims=True)


def outer(a, b):
    return a[:, None] * b


def phase(v):
    return np.exp(1j * v)


def first_float(v):
    return float(v[0])


def affine(v, a=2.0):
    return a * v + 1.0


def scaled(v):
    return v * SCALE


def twice(v):
    return sq(v) + sq(2.0 * v)


def stopped(v):
    return tg.stop_gradient(v * 0.0 + 2.0) * v


def mean_or_zero(v):
    if len(v) == 0:
        return 0.0
    return np.mean(v)


def int_scale(v):
    return v * 3


def starred(*vs):
    return vs[0] * vs[-1]


def kw_only(v, *, p=2.0):
    return v ** p


square_lambda = lambda v: v * v   # noqa: E731


class Layer:
    def __init__(self, W):
        self.W = W

    def apply(self, v):
        return np.tanh(v @ self.W)

    @staticmethod
    def act(v):
        return np.maximum(v, 0.0) + 0.1 * v


LAYER = Layer(np.linspace(-1.0, 1.0, 6).reshape(3, 2))


# ---- callers ----

def c_calls(x, W1, b1, W2, b2):
    h = dense(x, W1, b1)
    return np.sum(dense(h, W2, b2) ** 2)


def c_sq_mixed(x):
    return np.sum(sq(x)) + sq(x[0]) * 3.0 + sq(2.0)


def c_sq_scalar(x):
    return sq(x) * 2.0 + sq(x + 1.0)


def c_pyfloat(x):
    return pyfloat(x[0]) * x[1] + pyfloat(0.5)


def c_pyfloat_div(x):
    return x[1] / pyfloat(x[0])


def c_pair(x):
    a, b = pair(x)
    return np.sum(a * b) + np.sum(pair(x * 2.0)[0])


def c_parts(x):
    p = parts(x)
    return p[0] * p[1] + np.sum(x)


def c_rot(x):
    return np.sum(np.real(rot(x) * (2.0 - 1.0j)))


def c_half32(x):
    return np.sum(half32(x) * x)


def c_to32(x):
    return to32(x[0]) * x[1] + to32(x[1])


def c_ident_update(x):
    h = ident(x * 1.0)
    h[0] = 5.0
    return np.sum(h * x)


def c_ident_alias(x):
    h = ident(x)
    return np.sum(h * h) + np.sum(ident(2.0) * x)


def c_branchy(x):
    return np.sum(branchy(x) * x) + np.sum(branchy(-x))


def c_maybe32(x):
    return np.sum(maybe32(x) * x)


def c_count(x):
    return np.sum(x) / count(x)


def c_power(x):
    return np.sum(power(x, 3)) + np.sum(power(x, 0) * x)


def c_total_keep(x):
    return np.sum(total_keep(x) * x)


def c_outer(x, y):
    return np.sum(outer(x, y) ** 2)


def c_phase(x):
    return np.sum(np.real(phase(x) * (2.0 + 1.0j)))


def c_first_float(x):
    return first_float(x) * x[-1] + first_float(x * 2.0)


def c_affine(x):
    return np.sum(affine(x) * affine(x, 0.5) + affine(x, a=np.float32(3.0)))


def c_scaled(x):
    return np.sum(scaled(x) * x)


def c_twice(x):
    return np.sum(twice(x) / (1.0 + twice(x[0])))


def c_stopped(x):
    return np.sum(stopped(x) + stopped(x[0]))


def c_mean_or_zero(x):
    return mean_or_zero(x) * 2.0 + mean_or_zero(x * x)


def c_int_scale(x):
    return np.sum(int_scale(x) * x) + int_scale(2) * x[0]


def c_starred(x):
    return np.sum(starred(x, 2.0, x) + starred(x[0], x))


def c_kw_only(x):
    return np.sum(kw_only(x) + kw_only(x, p=3.0))


def c_lambda(x):
    return np.sum(square_lambda(x) * square_lambda(x[0]))


def c_method(x):
    return np.sum(LAYER.apply(x) ** 2) + np.sum(Layer.act(x))


def c_method_arg(layer, x):
    return np.sum(layer.apply(x) * x[:2])


def c_closure(x, scale):
    def f(z):
        return np.sin(z) * scale
    return np.sum(f(x) + f(2.0 * x))


def c_closure_sigs(x, scale):
    def f(z):
        return z * scale + 1.0
    return np.sum(f(x)) * f(x[0]) + f(2.0)


def c_closure_counter(x):
    total = [0.0]

    def add(v):
        total[0] = total[0] + v
        return v * 2.0
    return np.sum(add(x)) + total[0] * 0.0


def c_nested_closure(x):
    def outer_f(z):
        def inner_f(w):
            return w * z
        return inner_f(z) + inner_f(1.0)
    return np.sum(outer_f(x) ** 2)


def c_fn_param(fn, x):
    return np.sum(fn(x) * x)


def c_recurse(x, n):
    return np.sum(power(x, n) * 2.0)


def c_loop_calls(x):
    s = 0.0
    for i in range(3):
        s = s + np.sum(sq(x) * i) + pyfloat(float(i))
    return s


def c_call_in_loop_carry(x):
    h = x
    for _ in range(3):
        h = dense(h, np.eye(len(x)), 0.1)
    return np.sum(h)


def mix(a, b):
    return a * b


def mix_sum(a, b):
    return np.sum((a - b) ** 2)


def c_slice_dims(x, y, k):
    h = x[:k]
    return np.sum(mix(h, y) ** 2)


def c_slice_dims_sum(x, y, k):
    h = x[:k]
    return mix_sum(h, y) + mix_sum(y, h)


def c_reshape_dims(x, y, n):
    h = x.reshape(n, -1)
    return np.sum(mix(h, y) * h)


def c_mask_dims(x, y):
    h = x[x > 0.0]
    return np.sum(mix(h, y)) + mix_sum(h, y)


def c_keepdims_dims(X, y):
    h = np.mean(X, axis=1, keepdims=True)
    return np.sum(mix(h, y) ** 2)


def c_row_dims(X, y, i):
    h = X[i]
    return np.sum(mix(h, y) ** 2) + mix_sum(X[i:i + 1], y)


def c_matmul_dims(X, W, y):
    h = X @ W
    return mix_sum(h, y) + np.sum(mix(np.tanh(h), y))


def c_expand(x, y):
    return np.sum(mix(x[:, None], y) ** 2) + mix_sum(x[:, None], y)


def c_newaxis_row(x, y):
    return np.sum(mix(x[None, :], y) ** 2) + mix_sum(x[None], y)


def c_transpose(X, y):
    return np.sum(mix(X.T, y) ** 2) + mix_sum(X.T, y)


def c_atleast(x, y):
    return np.sum(mix(np.atleast_2d(x), y) ** 2)


def c_reshape_lit(x, y):
    return np.sum(mix(x.reshape(1, -1), y) ** 2) + mix_sum(x.reshape(-1, 1), y)


def c_sum_axis(X, y):
    return np.sum(mix(np.sum(X, axis=0), y) ** 2) + mix_sum(np.mean(X, axis=1), y)


def c_squeeze(X, y):
    return np.sum(mix(np.squeeze(X), y) ** 2) + mix_sum(np.squeeze(X), y)


def c_ravel(X, y):
    return np.sum(mix(X.ravel(), y) ** 2)


def c_max_keep(X, y):
    return np.sum(mix(X.max(axis=1, keepdims=True), y) ** 2)


def c_dot_scalar(x, y):
    return np.sum(mix(x @ x, y) ** 2) + mix_sum(x @ x, y)


def c_index_list(x, y):
    return np.sum(mix(x[[0]], y) ** 2) + mix_sum(x[np.arange(2)], y)


def c_diag(X, y):
    return np.sum(mix(np.diag(X), y) ** 2)


def c_stack(x, y):
    return np.sum(mix(np.stack([x, x]), y) ** 2) + mix_sum(np.concatenate([x, x[:1]]), y)


def c_where(x, y):
    return np.sum(mix(np.where(x > 0.0, x, 0.0), y) ** 2)


def c_broadcast_to(x, y):
    return np.sum(mix(np.broadcast_to(x, (2, x.shape[0])), y) ** 2)


def c_matvec(A, x, y):
    return np.sum(mix(A @ x, y) ** 2) + mix_sum(x @ A.T, y)


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


VECS = (("v3", rn(3)), ("v2", rn(2)), ("v1", rn(1)), ("v0", rn(0)), ("f32", rn(3).astype(np.float32)),
        ("f16", rn(3).astype(np.float16)), ("pos", np.abs(rn(3)) + 0.1), ("neg", -np.abs(rn(3)) - 0.1))
for fn in (c_sq_mixed, c_pyfloat, c_pyfloat_div, c_pair, c_parts, c_rot, c_half32, c_to32, c_ident_update,
           c_ident_alias, c_branchy, c_maybe32, c_count, c_power, c_total_keep, c_phase, c_first_float,
           c_affine, c_scaled, c_twice, c_stopped, c_mean_or_zero, c_int_scale, c_starred, c_kw_only,
           c_lambda, c_closure_counter, c_nested_closure, c_loop_calls, c_call_in_loop_carry):
    for tag, x in VECS:
        opts = dict(h=1e-3, low=True) if fn in (c_half32, c_to32, c_maybe32) else {}
        add(f"{fn.__name__}[{tag}]", fn, x.copy(), **opts)
for tag, x in (("py", 0.7), ("f64", np.float64(0.7)), ("0d", np.array(0.7)), ("f32", np.float32(0.7)),
               ("v2", rn(2))):
    add(f"c_sq_scalar[{tag}]", c_sq_scalar, x)
for tag, s in (("py", 1.5), ("f32", np.float32(1.5)), ("v3", rn(3)), ("0d", np.array(1.5))):
    add(f"c_closure[{tag}]", c_closure, rn(3), s)
    add(f"c_closure_sigs[{tag}]", c_closure_sigs, rn(3), s)
for tag, args in (("ok", (rn(5, 3), rn(3, 4) * 0.5, rn(4) * 0.1, rn(4, 2) * 0.5, rn(2) * 0.1)),
                  ("b_py", (rn(5, 3), rn(3, 4) * 0.5, 0.1, rn(4, 2) * 0.5, 0.2)),
                  ("row", (rn(3), rn(3, 4) * 0.5, rn(4) * 0.1, rn(4, 2) * 0.5, rn(2) * 0.1)),
                  ("f32", tuple(a.astype(np.float32) for a in (rn(5, 3), rn(3, 4), rn(4), rn(4, 2), rn(2)))),
                  ("bad", (rn(5, 3), rn(3, 4), rn(3), rn(4, 2), rn(2)))):
    add(f"c_calls[{tag}]", c_calls, *args, **(dict(h=1e-3, low=True) if tag == "f32" else {}))
for tag, x, y in (("3_2", rn(3), rn(2)), ("1_1", rn(1), rn(1)), ("0_2", rn(0), rn(2)), ("x_2d", rn(3), rn(2, 2))):
    add(f"c_outer[{tag}]", c_outer, x, y)
for tag, x in (("v3", rn(3)), ("m23", rn(2, 3)), ("f32", rn(3).astype(np.float32))):
    add(f"c_method[{tag}]", c_method, x, **(dict(h=1e-3, low=True) if tag == "f32" else {}))
    add(f"c_method_arg[{tag}]", c_method_arg, Layer(rn(3, 2)), x)
for tag, fn in (("np_sin", np.sin), ("sq", sq), ("lambda", lambda v: v * 3.0), ("branchy", branchy),
                ("layer_act", Layer.act), ("half32", half32)):
    add(f"c_fn_param[{tag}]", c_fn_param, fn, rn(3), **(dict(h=1e-3, low=True) if tag == "half32" else {}))
for tag, x, n in (("n0", rn(3), 0), ("n1", rn(3), 1), ("n4", rn(3), 4), ("py_n2", 0.7, 2), ("f32_n3", rn(2).astype(np.float32), 3)):
    add(f"c_recurse[{tag}]", c_recurse, x, n)

for tag, x, y, k in (("k3", rn(4), rn(3), 3), ("k1", rn(4), rn(3), 1), ("k0", rn(4), rn(3), 0),
                     ("k2_bad", rn(4), rn(3), 2), ("y1_k3", rn(4), rn(1), 3), ("k9", rn(3), rn(3), 9)):
    add(f"c_slice_dims[{tag}]", c_slice_dims, x, y, k)
    add(f"c_slice_dims_sum[{tag}]", c_slice_dims_sum, x, y, k)
for tag, x, y, n in (("2x3", rn(6), rn(3), 2), ("6x1", rn(6), rn(3), 6), ("1x6_bad", rn(6), rn(3), 1),
                     ("3x2_col", rn(6), rn(3, 1), 3), ("6x1_row", rn(6), rn(1, 3), 6)):
    add(f"c_reshape_dims[{tag}]", c_reshape_dims, x, y, n)
for tag, x, y in (("one_pos", np.array([0.5, -0.2, -0.4]), rn(3)), ("all_pos", np.array([0.5, 0.2, 0.4]), rn(3)),
                  ("none_pos", np.array([-0.5, -0.2]), rn(3)), ("two_pos_bad", np.array([0.5, 0.2, -0.4]), rn(3)),
                  ("one_pos_y1", np.array([0.5, -0.2]), rn(1))):
    add(f"c_mask_dims[{tag}]", c_mask_dims, x, y)
for tag, X, y in (("4x3_y3", rn(4, 3), rn(3)), ("4x3_y4col", rn(4, 3), rn(4, 1)), ("4x3_y4_bad", rn(4, 3), rn(4)),
                  ("1x3_y1", rn(1, 3), rn(1))):
    add(f"c_keepdims_dims[{tag}]", c_keepdims_dims, X, y)
for tag, X, y, i in (("3x4_y4", rn(3, 4), rn(4), 1), ("3x1_y4", rn(3, 1), rn(4), 0), ("3x4_y1", rn(3, 4), rn(1), 2),
                     ("3x4_bad", rn(3, 4), rn(3), 0)):
    add(f"c_row_dims[{tag}]", c_row_dims, X, y, i)
for tag, X, W, y in (("5x3_3x2_y2", rn(5, 3), rn(3, 2), rn(2)), ("5x3_3x1_y2", rn(5, 3), rn(3, 1), rn(2)),
                     ("5x3_3x2_y5col", rn(5, 3), rn(3, 2), rn(5, 1)), ("1x3_3x2_y2", rn(1, 3), rn(3, 2), rn(2)),
                     ("bad", rn(5, 3), rn(3, 2), rn(3))):
    add(f"c_matmul_dims[{tag}]", c_matmul_dims, X, W, y)

V = {n: rn(n) for n in (0, 1, 2, 3)}
for fn in (c_expand, c_newaxis_row, c_atleast, c_reshape_lit, c_dot_scalar, c_index_list, c_stack, c_where,
           c_broadcast_to):
    for tag, x, y in (("3_3", rn(3), rn(3)), ("3_1", rn(3), rn(1)), ("1_3", rn(1), rn(3)), ("2_3", rn(2), rn(3)),
                      ("3_2x1", rn(3), rn(2, 1)), ("1_1x3", rn(1), rn(1, 3)), ("3_0d", rn(3), np.array(0.5)),
                      ("3_py", rn(3), 0.5), ("2_4x1", rn(2), rn(4, 1))):
        add(f"{fn.__name__}[{tag}]", fn, x, y)
for fn in (c_transpose, c_sum_axis, c_squeeze, c_ravel, c_max_keep, c_diag):
    for tag, X, y in (("2x3_y2", rn(2, 3), rn(2)), ("2x3_y3", rn(2, 3), rn(3)), ("1x3_y3", rn(1, 3), rn(3)),
                      ("3x1_y3", rn(3, 1), rn(3)), ("3x1_y1", rn(3, 1), rn(1)), ("1x1_y2", rn(1, 1), rn(2)),
                      ("2x2_y2x1", rn(2, 2), rn(2, 1)), ("3x2_y6", rn(3, 2), rn(6))):
        add(f"{fn.__name__}[{tag}]", fn, X, y)
for tag, A, x, y in (("2x3", rn(2, 3), rn(3), rn(2)), ("1x3", rn(1, 3), rn(3), rn(2)), ("2x1", rn(2, 1), rn(1), rn(2)),
                     ("2x3_y1", rn(2, 3), rn(3), rn(1)), ("bad", rn(2, 3), rn(3), rn(3))):
    add(f"c_matvec[{tag}]", c_matvec, A, x, y)
