"""brk13c (i13): in-place slice updates (`y[1:] *= 2`, `y[a:b] += v`, `y[::2] = ...`,
negative / empty / overlapping slices, 2-d slices, views and aliases, named slices,
lists, int and float32 buffers) and softmax / cross-entropy reductions (`labels * logp`
summed over an axis and averaged: dims of 1, float32, 0 rows, labels that broadcast,
labels that must raise)."""
import numpy as np

R = np.random.default_rng(1315)


def rn(*shape):
    return R.standard_normal(shape)


def sl_tail_mul(x):
    y = x * 1.0
    y[1:] *= 2.0
    return np.sum(y * y)


def sl_inplace_update(x):
    y = x * 1.0
    y[0] += x[1]
    y[1:] *= 2.0
    return np.sum(y * y)


def sl_range_add(x, v):
    y = x * 1.0
    y[1:3] += v
    return np.sum(y ** 2)


def sl_step_assign(x):
    y = x * 1.0
    y[::2] = np.sin(x[::2])
    return np.sum(y * x)


def sl_neg_start(x):
    y = x * 1.0
    y[-2:] *= 3.0
    return np.sum(y * y * x)


def sl_neg_stop(x):
    y = x * 1.0
    y[:-1] += x[1:]
    return np.sum(y ** 3)


def sl_overlap_add(x):
    y = x * 1.0
    y[1:] += y[:-1]
    return np.sum(y * y)


def sl_overlap_assign(x):
    y = x * 1.0
    y[1:] = y[:-1]
    return np.sum(y * x)


def sl_reverse_step(x):
    y = x * 1.0
    y[::-1] *= np.linspace(1.0, 2.0, len(x))
    return np.sum(y * y)


def sl_reverse_assign(x):
    y = x * 1.0
    y[::-2] = x[::-2] ** 2
    return np.sum(y * x)


def sl_empty(x):
    y = x * 1.0
    y[3:1] *= 2.0
    return np.sum(y * y)


def sl_beyond(x):
    y = x * 1.0
    y[5:] *= 2.0
    y[:5] += 1.0
    return np.sum(y * y)


def sl_2d_block(X):
    Y = X * 1.0
    Y[1:, :2] *= 2.0
    return np.sum(Y * Y)


def sl_2d_col(X):
    Y = X * 1.0
    Y[:, 1:] += X[:, :1]
    return np.sum(Y * Y * X)


def sl_2d_row_assign(X, v):
    Y = X * 1.0
    Y[0, 1:] = v
    return np.sum(Y * X)


def sl_2d_neg(X):
    Y = X * 1.0
    Y[-1:, ::-1] -= X[:1]
    return np.sum(Y ** 2)


def sl_view_alias(x):
    y = x * 1.0
    z = y[1:]
    z *= 2.0
    return np.sum(y * y)


def sl_view_alias_read(x):
    y = x * 1.0
    z = y[1:]
    y[1:] *= 2.0
    return np.sum(z * x[1:])


def sl_named(x):
    s = slice(1, None)
    y = x * 1.0
    y[s] *= 2.0
    return np.sum(y * y)


def sl_named_reused(x):
    s = slice(1, 3)
    y = x * 1.0
    y[s] *= 2.0
    y[s] += x[s]
    return np.sum(y * y)


def sl_named_step(x):
    s = slice(None, None, -1)
    y = x * 1.0
    y[s] += x
    return np.sum(y * x)


def sl_slice_params(x, a, b):
    y = x * 1.0
    y[a:b] += 1.5 * x[a:b]
    return np.sum(y * y)


def sl_list_assign(x):
    ys = [x[0], x[1], x[2]]
    ys[1:] = [x[0] * 2.0, x[1] * 3.0]
    return ys[0] * ys[1] + ys[2]


def sl_list_imul(x):
    ys = [x[0], x[1]]
    ys[1:] *= 2
    return ys[0] * ys[1] + ys[2] * 5.0


def sl_list_iadd(x):
    ys = [x[0], x[1]]
    ys[1:] += [x[0] * 4.0]
    return ys[0] * ys[1] + ys[2]


def sl_ellipsis(x):
    y = x * 1.0
    y[...] *= 2.0
    return np.sum(y * x)


def sl_full(x):
    y = x * 1.0
    y[:] = np.sin(x)
    return np.sum(y * x)


def sl_int_buffer_add(x):
    y = np.zeros(len(x), dtype=int)
    y[1:] += x[1:]
    return np.sum(y * x)


def sl_int_buffer_assign(x):
    y = np.zeros(len(x), dtype=int)
    y[1:] = x[1:] * 10.0
    return np.sum(y * x)


def sl_f32_buffer(x):
    y = np.zeros(len(x), dtype=np.float32)
    y[1:] = x[1:] * 3.0
    y[:2] += x[:2]
    return np.sum(y * y)


def sl_mismatch(x, v):
    y = x * 1.0
    y[1:] *= v
    return np.sum(y * y)


def sl_div(x):
    y = x * 1.0
    y[1:] /= x[:-1]
    return np.sum(y)


def sl_pow(x):
    y = x * 1.0
    y[1:] **= 2
    return np.sum(y * x)


def sl_loop_tail(X):
    Y = X * 1.0
    for i in range(1, len(Y)):
        Y[i:] += Y[i - 1] * 0.5
    return np.sum(Y * Y)


def sl_loop_window(x):
    y = x * 1.0
    for i in range(len(x) - 1):
        y[i:i + 2] *= 0.9
    return np.sum(y * x)


def sl_copy_then_slice(x):
    y = x.copy()
    y[1:] *= x[:-1]
    return np.sum(y * y)


def sl_param_copy(x):
    y = np.array(x)
    y[:2] = 0.0
    return np.sum(y * x)


def sl_swap(x):
    y = x * 1.0
    y[:2] = y[1::-1]
    return np.sum(y * np.arange(len(x)))


def log_softmax(logits):
    z = logits - np.max(logits, axis=1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))


def xent(logits, labels):
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=1))


def xent_over_n(logits, labels):
    logp = log_softmax(logits)
    return -np.sum(labels * logp) / logits.shape[0]


def xent_methods(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -(labels * logp).sum(axis=1).mean()


def xent_neg_axis(logits, labels):
    z = logits - np.max(logits, axis=-1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=-1))


def xent_keepdims(logits, labels):
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(logp * labels, axis=1, keepdims=True))


def xent_axis0(logits, labels):
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=0))


def xent_weighted(logits, labels, w):
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(w * np.sum(labels * logp, axis=1))


def xent_logp_arg(logp, labels):
    return -np.mean(np.sum(labels * logp, axis=1))


def xent_probs(logits, labels):
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    return -np.mean(np.sum(labels * np.log(p), axis=1))


def xent_smoothed(logits, labels):
    logp = log_softmax(logits)
    soft = labels * 0.9 + 0.1 / logits.shape[1]
    return -np.mean(np.sum(soft * logp, axis=1))


def xent_plus_l2(logits, labels, W):
    z = logits @ W
    z = z - np.max(z, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=1)) + 0.01 * np.sum(W * W)


def xent_inplace_logits(logits, labels):
    z = logits * 1.0
    z -= np.max(z, axis=1, keepdims=True)
    z -= np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * z, axis=1))


def xent_sliced(logits, labels, k):
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    lk = labels[:k]
    return -np.mean(np.sum(lk * logp, axis=1))


def xent_rows(logits, labels, k):
    lg = logits[:k]
    z = lg - np.max(lg, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=1))


def sl_runtime_bounds(x, k):
    y = x * 1.0
    y[k:] *= 2.0
    y[:k] += x[-k:] if k else 0.0
    return np.sum(y * y)


def sl_2d_tuple_const(X):
    Y = X * 1.0
    Y[1:, 0] *= 2.0
    Y[::2, 1:] += 1.0
    return np.sum(Y * Y)


def sl_neg_const(x):
    y = x * 1.0
    y[-1:] *= 2.0
    y[:-1] *= 3.0
    return np.sum(y * x)


def sl_read_after(x):
    y = x * 1.0
    y[1:] *= 2.0
    return np.sum(y[1:] * x[1:]) + y[0]


def sl_twice(x):
    y = x * 1.0
    y[1:] *= 2.0
    y[1:] *= x[1:]
    return np.sum(y * y)


def sl_list_from_array(x):
    ys = list(x)
    ys[1:3] = [ys[1] * 2.0, ys[2] * 3.0]
    return ys[0] * ys[1] + ys[2]


def sl_param_inplace(x):
    x[1:] *= 2.0
    return np.sum(x * x)


def sl_scaled_by(x, c):
    y = x * 1.0
    y[1:] *= c
    return np.sum(y * y)


def sl_int_scale(x):
    y = x * 1.0
    y[1:] *= 2
    y[:1] += 1
    return np.sum(y * x)


def sl_complex(x):
    y = x * (1.0 + 0.0j)
    y[1:] *= 1.0j + 0.5
    return np.sum(np.abs(y) ** 2)


def xent_int_labels(logits, idx):
    labels = np.eye(logits.shape[1])[idx]
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=1))


def xent_3d(logits, labels):
    z = logits - np.max(logits, axis=-1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=-1))


def xent_3d_mid(logits, labels):
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=1))


def xent_times_n(logits, labels):
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(labels * logp, axis=1)) * logits.shape[0]


def sl_branch_use(x):
    y = x * 1.0
    y[1:] *= 2.0
    if np.sum(x) > 0.05:
        return np.sum(y * y)
    return np.sum(x * 3.0)


def sl_in_loop(X):
    Y = X * 1.0
    for i in range(len(Y)):
        Y[i, 1:] *= 0.5
        Y[i, :1] += Y[i, -1:]
    return np.sum(Y * X)


def sl_item_dead(x):
    y = x * 1.0
    y[1:] *= 2.0
    z = y[:1] * 3.0
    return np.sum(z) + np.sum(x)


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


VECS = (("v5", rn(5)), ("v3", rn(3)), ("v2", rn(2)), ("v1", rn(1)), ("v0", rn(0)),
        ("f32", rn(4).astype(np.float32)), ("f16", rn(3).astype(np.float16)))
for fn in (sl_tail_mul, sl_inplace_update, sl_step_assign, sl_neg_start, sl_neg_stop, sl_overlap_add,
           sl_overlap_assign, sl_reverse_step, sl_reverse_assign, sl_empty, sl_beyond, sl_view_alias,
           sl_view_alias_read, sl_named, sl_named_reused, sl_named_step, sl_list_assign, sl_list_imul,
           sl_list_iadd, sl_ellipsis, sl_full, sl_int_buffer_add, sl_int_buffer_assign, sl_f32_buffer,
           sl_div, sl_pow, sl_loop_window, sl_copy_then_slice, sl_param_copy, sl_swap):
    for tag, x in VECS:
        opts = dict(h=1e-2, low=True) if fn is sl_f32_buffer else {}   # rounds to float32 inside
        add(f"{fn.__name__}[{tag}]", fn, x.copy(), **opts)
for tag, x, v in (("py", rn(5), 0.5), ("v2", rn(5), rn(2)), ("v1", rn(5), rn(1)), ("v3_bad", rn(5), rn(3)),
                  ("short_x", rn(2), rn(1)), ("short_bad", rn(2), rn(2)), ("f32", rn(5).astype(np.float32), rn(2)),
                  ("x64_v32", rn(5), rn(2).astype(np.float32)), ("2x1_bad", rn(5), rn(2, 1)),
                  ("0d", rn(5), np.array(0.5))):
    add(f"sl_range_add[{tag}]", sl_range_add, x, v)
for tag, x, v in (("py", rn(4), 1.5), ("v3", rn(4), rn(3)), ("v1", rn(4), rn(1)), ("2x1_bad", rn(4), rn(2, 1)),
                  ("1x3", rn(4), rn(1, 3)), ("v2_bad", rn(4), rn(2)), ("0d", rn(4), np.array(2.0)),
                  ("f32_v64", rn(4).astype(np.float32), rn(3))):
    add(f"sl_mismatch[{tag}]", sl_mismatch, x, v)
MATS = (("3x4", rn(3, 4)), ("1x3", rn(1, 3)), ("3x1", rn(3, 1)), ("0x3", rn(0, 3)), ("2x2", rn(2, 2)),
        ("f32", rn(3, 3).astype(np.float32)))
for fn in (sl_2d_block, sl_2d_col, sl_2d_neg, sl_loop_tail):
    for tag, X in MATS:
        add(f"{fn.__name__}[{tag}]", fn, X.copy())
for tag, X, v in (("3x4_py", rn(3, 4), 0.5), ("3x4_v3", rn(3, 4), rn(3)), ("3x4_bad", rn(3, 4), rn(4)),
                  ("1x1_v0", rn(1, 1), rn(0)), ("3x4_f32", rn(3, 4), rn(3).astype(np.float32))):
    add(f"sl_2d_row_assign[{tag}]", sl_2d_row_assign, X, v)
for tag, a, b in (("1_3", 1, 3), ("neg", -3, -1), ("none", None, 2), ("empty", 3, 1), ("big", 2, 99),
                  ("np_int", np.int64(1), np.int64(4))):
    add(f"sl_slice_params[{tag}]", sl_slice_params, rn(5), a, b)


def onehot(n, c, dtype=np.float64):
    return np.eye(c, dtype=dtype)[np.arange(n) % c]


XENT_SIGS = (
    ("4x3", rn(4, 3), onehot(4, 3)),
    ("labels_col", rn(4, 3), rn(4, 1) ** 2),
    ("labels_row", rn(4, 3), rn(1, 3) ** 2),
    ("labels_1d", rn(4, 3), rn(3) ** 2),
    ("labels_3d", rn(4, 3), rn(2, 4, 3) ** 2),
    ("labels_bad", rn(4, 3), onehot(4, 4)),
    ("labels_bad_rows", rn(4, 3), onehot(5, 3)),
    ("logits_col", rn(4, 1), onehot(4, 1)),
    ("logits_col_labels_wide", rn(4, 1), rn(4, 3) ** 2),
    ("1x3", rn(1, 3), onehot(1, 3)),
    ("1x1", rn(1, 1), np.ones((1, 1))),
    ("0rows", rn(0, 3), onehot(0, 3)),
    ("0cols", rn(4, 0), np.zeros((4, 0))),
    ("labels_f32", rn(4, 3), onehot(4, 3, np.float32)),
    ("logits_f32", rn(4, 3).astype(np.float32), onehot(4, 3)),
    ("both_f32", rn(4, 3).astype(np.float32), onehot(4, 3, np.float32)),
    ("labels_int", rn(4, 3), onehot(4, 3, np.int64)),
    ("labels_bool", rn(4, 3), onehot(4, 3, bool)),
    ("labels_f16", rn(4, 3), onehot(4, 3, np.float16)),
)
for fn in (xent, xent_over_n, xent_methods, xent_neg_axis, xent_keepdims, xent_axis0, xent_probs,
           xent_smoothed, xent_inplace_logits):
    for tag, lg, lb in XENT_SIGS:
        add(f"{fn.__name__}[{tag}]", fn, lg.copy(), lb.copy(), **({"nan": True} if tag == "0rows" else {}))
for tag, lg, lb in XENT_SIGS:
    lp = lg - np.log(np.sum(np.exp(lg), axis=1, keepdims=True)) if lg.shape[1] else lg.copy()
    add(f"xent_logp_arg[{tag}]", xent_logp_arg, lp, lb.copy())
for tag, w in (("w4", rn(4)), ("w1", rn(1)), ("py", 0.5), ("w_bad", rn(3)), ("w_col", rn(4, 1)),
               ("w32", rn(4).astype(np.float32))):
    add(f"xent_weighted[{tag}]", xent_weighted, rn(4, 3), onehot(4, 3), w)
for tag, X, Y, W in (("ok", rn(5, 2), onehot(5, 3), rn(2, 3)), ("labels_bad", rn(5, 2), onehot(5, 2), rn(2, 3)),
                     ("0rows", rn(0, 2), onehot(0, 3), rn(2, 3)), ("f32", rn(5, 2), onehot(5, 3, np.float32),
                                                                    rn(2, 3).astype(np.float32))):
    add(f"xent_plus_l2[{tag}]", xent_plus_l2, X, Y, W)

for tag, k, lb in (("k4", 4, onehot(6, 3)), ("k1", 1, onehot(6, 3)), ("k0", 0, onehot(6, 3)), ("k3_bad", 3, onehot(6, 3))):
    add(f"xent_sliced[{tag}]", xent_sliced, rn(4, 3), lb, k, **({"nan": True} if tag == "k0" else {}))
for tag, k, lb in (("k4", 4, onehot(4, 3)), ("k1", 1, onehot(4, 3)), ("k0_bad", 0, onehot(4, 3)), ("k0_l0", 0, onehot(0, 3)),
                   ("k1_l1", 1, onehot(1, 3))):
    add(f"xent_rows[{tag}]", xent_rows, rn(5, 3), lb, k, **({"nan": True} if tag == "k0_l0" else {}))
for tag, k in (("k1", 1), ("k0", 0), ("k3", 3), ("k9", 9), ("neg", -2)):
    add(f"sl_runtime_bounds[{tag}]", sl_runtime_bounds, rn(5), k)

for fn in (sl_neg_const, sl_read_after, sl_twice, sl_list_from_array, sl_param_inplace, sl_int_scale, sl_complex):
    for tag, x in VECS + (("0d", np.array(0.5)),):
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
for tag, X in MATS:
    add(f"sl_2d_tuple_const[{tag}]", sl_2d_tuple_const, X.copy())
for tag, x, c in (("py", rn(4), 1.5), ("0d", rn(4), np.array(1.5)), ("f32c", rn(4), np.float32(1.5)),
                  ("f32x", rn(4).astype(np.float32), 1.5), ("v3", rn(4), rn(3)), ("v1", rn(4), rn(1)),
                  ("int", rn(4), 3)):
    add(f"sl_scaled_by[{tag}]", sl_scaled_by, x, c)
for tag, lg, idx in (("4x3", rn(4, 3), np.array([0, 2, 1, 1])), ("1x3", rn(1, 3), np.array([2])),
                     ("4x1", rn(4, 1), np.array([0, 0, 0, 0])), ("bad_len", rn(4, 3), np.array([0, 1])),
                     ("0x3", rn(0, 3), np.zeros(0, int))):
    add(f"xent_int_labels[{tag}]", xent_int_labels, lg, idx, **({"nan": True} if tag == "0x3" else {}))
for tag, lg, lb in (("2x4x3", rn(2, 4, 3), np.eye(3)[np.arange(8) % 3].reshape(2, 4, 3)),
                    ("bad", rn(2, 4, 3), np.eye(3)[np.arange(6) % 3].reshape(2, 3, 3)),
                    ("bcast", rn(2, 4, 3), np.eye(3)[np.arange(4) % 3].reshape(1, 4, 3))):
    add(f"xent_3d[{tag}]", xent_3d, lg, lb)
    add(f"xent_3d_mid[{tag}]", xent_3d_mid, lg.copy(), lb.copy())
for tag, lg, lb in XENT_SIGS[:12]:
    add(f"xent_times_n[{tag}]", xent_times_n, lg.copy(), lb.copy(), **({"nan": True} if tag == "0rows" else {}))

for fn in (sl_branch_use, sl_item_dead):
    for tag, x in VECS + (("neg", -np.abs(rn(4))),):
        add(f"{fn.__name__}[{tag}]", fn, x.copy())
for tag, X in MATS:
    add(f"sl_in_loop[{tag}]", sl_in_loop, X.copy())
