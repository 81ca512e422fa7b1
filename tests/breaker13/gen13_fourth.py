"""Fourth round: losses written with methods (.mean(), .sum(), .T), keepdims outputs,
dot products of labels, np.where / clip / log1p forms, a callee with a loop called
twice, every label pattern again."""
import numpy as np

R = np.random.default_rng(44)


def rn(*shape):
    return R.standard_normal(shape)


def m_mse(a, b):
    return ((a - b) ** 2).mean()


def m_sum_diff(a, b):
    return (a - b).sum() / a.shape[0]


def m_mean_diff_T(a, b):
    return (a.T - b.T).mean()


def keep_sum(a, b):
    return np.sum((a - b) ** 2, keepdims=True)


def keep_mean(a, b):
    return np.mean(a - b, keepdims=True)


def dot_labels(z, y):
    return np.log(np.sum(np.exp(z))) - np.dot(y, z) / z.shape[0]


def matmul_labels(z, y):
    return np.sum(np.logaddexp(0.0, z)) - y @ z


def log1p_loss(z, y):
    return np.mean(np.log1p(np.exp(-y * z)))


def where_loss(z, y):
    return np.mean(np.where(y > 0.5, np.logaddexp(0.0, -z), np.logaddexp(0.0, z)))


def clip_loss(z, y):
    p = np.clip(1.0 / (1.0 + np.exp(-z)), 1e-7, 1 - 1e-7)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def average_loss(a, b):
    return np.average((a - b) ** 2)


def sq_norm_mean(a, b):
    d = a - b
    return np.mean(d ** 2) + 0.5 * np.mean(d)


def neg_labels(z, y):
    return np.mean(np.logaddexp(0.0, -y * z))


def diff_then_reshape(a, b):
    d = a - b
    return np.sum(d.reshape(-1) ** 2) / d.size


def diff_then_index(a, b):
    d = a - b
    return np.mean(d) + d[0] * 0.5


def diff_returned_part(a, b):
    d = a - b
    e = d * 0.0
    return np.mean(d + e)


def diff_ravel_mean(a, b):
    return np.mean(np.ravel(a - b) * 2.0)


def mean_of_mean(a, b):
    return np.mean(np.mean(a - b, axis=0))


def mean_axis_minus(a, b):
    return np.sum(np.mean(a, axis=-1) - b)


def div_by_size(a, b):
    return np.sum(a - b) / (a.size * 1.0)


def sum_div_len(a, b):
    return np.sum((a - b) * (a - b)) / len(a)


def diff_pow_mean(a, b):
    return np.mean(np.abs(a - b) ** 1.5)


def nll_int_class(Z, k):
    e = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    return -np.mean(np.log(p[np.arange(Z.shape[0]), k]))


def label_variants(n):
    z = rn(n)
    return z, [
        ("y_n", (rn(n) > 0) * 1.0), ("y_n1", (rn(n, 1) > 0) * 1.0), ("y_1", np.array([1.0])),
        ("y_float", 1.0), ("y_0d", np.array(0.0)), ("y_int", (rn(n) > 0).astype(int)),
        ("y_bool", rn(n) > 0), ("y_f32", ((rn(n) > 0) * 1.0).astype(np.float32)),
        ("y_bad", np.ones(n + 2)), ("y_pm1", np.sign(rn(n))), ("y_int_scalar", 1),
    ]


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


z, ys = label_variants(5)
for fn in (m_mse, m_sum_diff, m_mean_diff_T, keep_sum, keep_mean, log1p_loss, where_loss, clip_loss,
           average_loss, sq_norm_mean, neg_labels, diff_then_reshape, diff_then_index, diff_returned_part,
           diff_ravel_mean, mean_of_mean, div_by_size, sum_div_len, diff_pow_mean, dot_labels, matmul_labels):
    for tag, y in ys:
        if fn in (dot_labels, matmul_labels) and tag in ("y_n1", "y_float", "y_0d", "y_int_scalar"):
            continue
        add(f"{fn.__name__}[{tag}]", fn, z, y)
    add(f"{fn.__name__}[z_n1]", fn, z[:, None], (rn(5) > 0) * 1.0)
    add(f"{fn.__name__}[z_f32]", fn, z.astype(np.float32), (rn(5) > 0) * 1.0)
    add(f"{fn.__name__}[z_0d]", fn, np.array(0.4), np.array(1.0))
    add(f"{fn.__name__}[2d]", fn, rn(3, 2), rn(3, 2))
for tag, b in (("b_n", rn(3)), ("b_1", rn(1)), ("b_bad", rn(4))):
    add(f"mean_axis_minus[{tag}]", mean_axis_minus, rn(3, 4), b)
add("nll_int_class", nll_int_class, rn(4, 3), np.array([0, 2, 1, 1]))
add("nll_int_class[f32]", nll_int_class, rn(4, 3).astype(np.float32), np.array([0, 2, 1, 1]))
