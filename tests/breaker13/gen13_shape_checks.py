"""brk13c (coordinator's shp): losses whose derivative carries
`check_same_shape(z, y)` (ad/shape_checks.py): logistic, probit-like, hinge, squared,
Poisson, one-hot 2-d labels, label-only derivatives.  Labels of the right shape, of
mismatching length, 0-size and size-1 batches, labels that broadcast legally ((n,1),
(1,), 0-d, Python numbers, (2,n)), int / bool / float32 labels, and signatures where
only the labels are differentiated (X and w integers): every mismatch must raise the
primal's ValueError, never return, and never another error first."""
import numpy as np

R = np.random.default_rng(1317)


def rn(*shape):
    return R.standard_normal(shape)


def logistic_loss(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def logistic_prob(w, X, y):
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def logistic_over_len(w, X, y):
    z = X @ w
    return np.sum(np.logaddexp(0.0, z) - y * z) / len(y)


def logistic_l2(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z) + 0.01 * np.sum(w * w)


def hinge(w, X, y):
    z = X @ w
    return np.mean(np.maximum(0.0, 1.0 - y * z))


def squared(w, X, y):
    return np.mean((X @ w - y) ** 2)


def squared_half_sum(w, X, y):
    r = X @ w - y
    return 0.5 * np.sum(r * r)


def abs_loss(w, X, y):
    return np.mean(np.abs(X @ w - y))


def margin_log1p(w, X, y):
    return np.mean(np.log1p(np.exp(-y * (X @ w))))


def softplus_form(w, X, y):
    z = X @ w
    return np.mean(np.log(1.0 + np.exp(z)) - y * z)


def tanh_sigmoid(w, X, y):
    p = 0.5 * (1.0 + np.tanh(0.5 * (X @ w)))
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p))


def clipped_bce(w, X, y):
    p = np.clip(1.0 / (1.0 + np.exp(-(X @ w))), 1e-7, 1.0 - 1e-7)
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def poisson(w, X, y):
    z = X @ w
    return np.mean(np.exp(z) - y * z)


def label_times(w, X, y):
    return np.mean(y * (X @ w))


def label_tanh(w, X, y):
    return np.mean(y * np.tanh(X @ w))


def exp_diff(w, X, y):
    return np.mean(np.exp(X @ w - y))


def sum_product(w, X, y):
    return np.sum(y * (X @ w))


def two_labels(w, X, y):
    z = X @ w
    return np.mean((z - y) ** 2) + np.mean(np.abs(z - 2.0 * y))


def shape_only_label(w, X, y):
    z = X @ w
    return np.mean(np.tanh(z) + y * 0.0)


def weighted(w, X, y):
    z = X @ w
    c = np.linspace(0.5, 1.5, X.shape[0])
    return np.mean(c * (np.logaddexp(0.0, z) - y * z))


def logistic_branch(w, X, y):
    z = X @ w
    if np.sum(w) > 100.0:
        return np.mean(z)
    return np.mean(np.logaddexp(0.0, z) - y * z)


def logistic_loop(w, X, y):
    loss = 0.0
    for k in range(2):
        z = X @ (w * (k + 1.0))
        loss = loss + np.mean(np.logaddexp(0.0, z) - y * z)
    return loss


def logistic_inplace(w, X, y):
    z = X @ w
    t = np.logaddexp(0.0, z)
    t -= y * z
    return np.mean(t)


def onehot_logistic(W, X, Y):
    Z = X @ W
    return np.mean(np.logaddexp(0.0, Z) - Y * Z)


def onehot_squared(W, X, Y):
    return np.mean((X @ W - Y) ** 2, axis=0).sum()


def logistic_sliced(w, X, y, k):
    z = X @ w
    yk = y[:k]
    return np.mean(np.logaddexp(0.0, z) - yk * z)


def logistic_masked(w, X, y):
    z = X @ w
    keep = y[y > 0.5]
    return np.mean(np.logaddexp(0.0, z) - keep * z)


def logistic_rows(w, X, y, k):
    z = X[:k] @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def squared_reshaped(w, X, y, n):
    r = (X @ w).reshape(n, -1) - y
    return np.mean(r * r)


def pf_basic(x):
    n = x.shape[0]
    out = np.zeros(n)
    for i in range(n):
        out[i] = np.sin(x[i]) * x[i]
    return np.sum(out ** 2)


def pf_rows(X, y):
    n, m = X.shape
    out = np.zeros((n, m))
    for i in range(n):
        out[i] = X[i] * y
    return np.sum(out * y)


def pf_other_size(x, y):
    n = y.shape[0]
    out = np.zeros(n)
    out[:] = 2.0
    return np.sum(out * x * x)


def pf_shape_tuple(X, y):
    s = X.shape
    n = s[0]
    m = s[-1]
    w = np.ones((n, m))
    return np.sum(w * X * y)


def pf_accumulate(X, y):
    m = X.shape[1]
    acc = np.zeros(m)
    for i in range(X.shape[0]):
        acc += X[i] * y
    return np.sum(acc * acc)


def pf_row_item(X, w):
    n = X.shape[0]
    out = np.zeros(n)
    for i in range(n):
        out[i] = np.sum(X[i] * w)
    return np.sum(np.logaddexp(0.0, out) - out * w[0])


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


def labels(n, dtype=np.float64):
    return (np.arange(n) % 2).astype(dtype)


W3 = rn(3) * 0.5
SIGS = (
    ("ok", W3, rn(6, 3), labels(6)),
    ("y_long", W3, rn(6, 3), labels(7)),
    ("y_short", W3, rn(6, 3), labels(5)),
    ("y_1", W3, rn(6, 3), labels(1)),
    ("y_0d", W3, rn(6, 3), np.array(1.0)),
    ("y_py", W3, rn(6, 3), 1.0),
    ("y_0", W3, rn(6, 3), labels(0)),
    ("n0", W3, rn(0, 3), labels(0)),
    ("n0_y3", W3, rn(0, 3), labels(3)),
    ("n1", W3, rn(1, 3), labels(1)),
    ("n1_y3", W3, rn(1, 3), labels(3)),
    ("y_col", W3, rn(6, 3), labels(6).reshape(6, 1)),
    ("y_2xn", W3, rn(6, 3), np.stack([labels(6), 1.0 - labels(6)])),
    ("y_int", W3, rn(6, 3), labels(6, np.int64)),
    ("y_int_long", W3, rn(6, 3), labels(7, np.int64)),
    ("y_bool", W3, rn(6, 3), labels(6, bool)),
    ("y_f32", W3, rn(6, 3), labels(6, np.float32)),
    ("y_f32_short", W3, rn(6, 3), labels(5, np.float32)),
    ("X_f32", W3, rn(6, 3).astype(np.float32), labels(6)),
    ("wX_int_ok", np.array([1, -1, 0]), np.arange(18).reshape(6, 3) % 3 - 1, labels(6)),
    ("wX_int_long", np.array([1, -1, 0]), np.arange(18).reshape(6, 3) % 3 - 1, labels(7)),
    ("wX_int_0", np.array([1, -1, 0]), np.arange(18).reshape(6, 3) % 3 - 1, labels(0)),
    ("w_int_ok", np.array([1, -1, 0]), rn(6, 3) * 0.5, labels(6)),
    ("w_int_long", np.array([1, -1, 0]), rn(6, 3) * 0.5, labels(4)),
    ("w_col", rn(3, 1) * 0.5, rn(6, 3), labels(6)),
    ("w_col_y_col", rn(3, 1) * 0.5, rn(6, 3), labels(6).reshape(6, 1)),
    ("w_col_y_col_bad", rn(3, 1) * 0.5, rn(6, 3), labels(5).reshape(5, 1)),
)
for fn in (logistic_loss, logistic_prob, logistic_over_len, logistic_l2, hinge, squared, squared_half_sum,
           abs_loss, margin_log1p, softplus_form, tanh_sigmoid, clipped_bce, poisson, label_times, label_tanh,
           exp_diff, sum_product, two_labels, shape_only_label, weighted, logistic_branch, logistic_loop,
           logistic_inplace):
    for tag, w, X, y in SIGS:
        y2 = y.copy() if isinstance(y, np.ndarray) else y
        opts = dict(h=1e-3, low=True) if tag == "X_f32" else {}
        if fn in (hinge, abs_loss) or tag.startswith("n0"):
            opts["nan"] = True      # kinks, or a nan loss of an empty batch: compared with autograd
        add(f"{fn.__name__}[{tag}]", fn, w.copy(), X.copy(), y2, **opts)
for tag, W, X, Y in (("ok", rn(3, 2), rn(5, 3), np.eye(2)[[0, 1, 1, 0, 1]]),
                     ("Y_wide", rn(3, 2), rn(5, 3), np.eye(3)[[0, 1, 2, 0, 1]]),
                     ("Y_col", rn(3, 2), rn(5, 3), labels(5).reshape(5, 1)),
                     ("Y_row", rn(3, 2), rn(5, 3), np.array([[0.0, 1.0]])),
                     ("Y_rows_bad", rn(3, 2), rn(5, 3), np.eye(2)[[0, 1, 1, 0]]),
                     ("n0", rn(3, 2), rn(0, 3), np.zeros((0, 2))),
                     ("n0_Y1", rn(3, 2), rn(0, 3), np.zeros((1, 2))),
                     ("k1", rn(3, 1), rn(5, 3), labels(5).reshape(5, 1)),
                     ("k1_Y2", rn(3, 1), rn(5, 3), np.eye(2)[[0, 1, 1, 0, 1]]),
                     ("Y_f32", rn(3, 2), rn(5, 3), np.eye(2, dtype=np.float32)[[0, 1, 1, 0, 1]]),
                     ("Y_int", rn(3, 2), rn(5, 3), np.eye(2, dtype=int)[[0, 1, 1, 0, 1]])):
    opts = dict(nan=True) if tag.startswith("n0") else {}   # a nan loss: compared with autograd
    add(f"onehot_logistic[{tag}]", onehot_logistic, W, X, Y, **opts)
    add(f"onehot_squared[{tag}]", onehot_squared, W.copy(), X.copy(), Y.copy(), **opts)

for tag, k, y in (("k6", 6, labels(8)), ("k1", 1, labels(8)), ("k0", 0, labels(8)), ("k5_bad", 5, labels(8)),
                  ("k9", 9, labels(6))):
    add(f"logistic_sliced[{tag}]", logistic_sliced, W3.copy(), rn(6, 3), y, k)
for tag, y in (("six", np.ones(6)), ("one", np.array([1.0, 0.0, 0.2])), ("none", np.zeros(6)),
               ("two_bad", np.array([1.0, 1.0, 0.0]))):
    add(f"logistic_masked[{tag}]", logistic_masked, W3.copy(), rn(6, 3), y)
for tag, k, y in (("k6", 6, labels(6)), ("k1", 1, labels(6)), ("k0", 0, labels(6)), ("k4_bad", 4, labels(6)),
                  ("k0_y0", 0, labels(0))):
    add(f"logistic_rows[{tag}]", logistic_rows, W3.copy(), rn(6, 3), y, k, **({"nan": True} if tag == "k0_y0" else {}))
for tag, n, y in (("6", 6, rn(6, 1)), ("2", 2, rn(2, 3)), ("2_row", 2, rn(1, 3)), ("3_bad", 3, rn(3, 3)),
                  ("6_y", 6, rn(6))):
    add(f"squared_reshaped[{tag}]", squared_reshaped, W3.copy(), rn(6, 3), y, n)

for tag, x in (("v4", rn(4)), ("v1", rn(1)), ("v0", rn(0)), ("f32", rn(3).astype(np.float32))):
    add(f"pf_basic[{tag}]", pf_basic, x, **(dict(h=1e-3, low=True) if tag == "f32" else {}))
for tag, X, y in (("3x2_y2", rn(3, 2), rn(2)), ("3x1_y3", rn(3, 1), rn(3)), ("3x2_y1", rn(3, 2), rn(1)),
                  ("3x2_bad", rn(3, 2), rn(3)), ("1x1_y1", rn(1, 1), rn(1)), ("0x2_y2", rn(0, 2), rn(2)),
                  ("3x1_y1", rn(3, 1), rn(1))):
    add(f"pf_rows[{tag}]", pf_rows, X, y)
    add(f"pf_shape_tuple[{tag}]", pf_shape_tuple, X.copy(), y.copy())
    add(f"pf_accumulate[{tag}]", pf_accumulate, X.copy(), y.copy())
for tag, x, y in (("3_3", rn(3), rn(3)), ("3_1", rn(3), rn(1)), ("1_3", rn(1), rn(3)), ("3_2_bad", rn(3), rn(2)),
                  ("0_1", rn(0), rn(1)), ("1_0", rn(1), rn(0))):
    add(f"pf_other_size[{tag}]", pf_other_size, x, y)
for tag, X, w in (("4x3", rn(4, 3), rn(3)), ("4x1_w3", rn(4, 1), rn(3)), ("1x3_w3", rn(1, 3), rn(3)),
                  ("4x3_w1", rn(4, 3), rn(1)), ("4x3_bad", rn(4, 3), rn(2))):
    add(f"pf_row_item[{tag}]", pf_row_item, X, w)
