"""brk13c: this round's constructs together, as small programs users write: training
steps with early stopping, batched cross-entropy through helper functions, RNNs with
in-place slice updates, Horner and moving averages into preallocated buffers, Newton
iterations that return on convergence."""
import numpy as np

R = np.random.default_rng(1318)


def rn(*shape):
    return R.standard_normal(shape)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def log_softmax(z):
    z = z - np.max(z, axis=1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))


def xent_of(logits, labels):
    return -np.mean(np.sum(labels * log_softmax(logits), axis=1))


def train_steps(w, X, y, lr):
    loss = 0.0
    for step in range(4):
        p = sigmoid(X @ w)
        loss = -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))
        if loss < 0.3:
            return loss
        w = w - lr * (X.T @ (p - y)) / X.shape[0]
    return loss


def batched_xent(W, X, Y, bs):
    total = 0.0
    count = 0
    for i in range(0, X.shape[0], bs):
        total = total + xent_of(X[i:i + bs] @ W, Y[i:i + bs])
        count += 1
    return total / count


def rnn_slices(Wh, xs):
    h = np.zeros(Wh.shape[0])
    loss = 0.0
    for x in xs:
        h = np.tanh(Wh @ h + x)
        h[:1] *= 0.5
        loss = loss + np.sum(h * h)
        if loss > 3.0:
            return loss
    return loss


def horner(x, coeffs):
    s = 0.0
    for c in coeffs:
        s = s * x + c
    return np.sum(s)


def moving_average(x):
    out = np.zeros(x.shape[0])
    out[1:] = 0.5 * (x[1:] + x[:-1])
    out[0] = x[0]
    return np.sum(out * out)


def newton_sqrt(a):
    x = a * 0.5 + 0.5
    for _ in range(20):
        nx = 0.5 * (x + a / x)
        if abs(nx - x) < 1e-12:
            return nx
        x = nx
    return x


def kmeans_cost(X, C):
    d = np.sum((X[:, None, :] - C[None, :, :]) ** 2, axis=2)
    cost = 0.0
    for i in range(d.shape[0]):
        cost = cost + np.min(d[i])
    return cost / d.shape[0]


def cumulative_product(x):
    p = 1.0
    for v in x:
        p = p * v
        if abs(p) < 0.05:
            return p * 10.0
    return p


def clipped_update(w, g):
    u = w * 1.0
    u[1:] -= 0.1 * g[1:]
    n = np.sqrt(np.sum(u * u))
    if n > 1.0:
        u /= n
    return np.sum(u * w)


def attention_xent(Q, K, labels):
    scores = Q @ K.T / np.sqrt(Q.shape[1])
    return xent_of(scores, labels)


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


def labels01(n):
    return (np.arange(n) % 2).astype(float)


for tag, w, X, y in (("ok", rn(3) * 0.1, rn(6, 3), labels01(6)), ("stop", rn(3) * 3.0, rn(6, 3), labels01(6)),
                     ("bad", rn(3), rn(6, 3), labels01(5)), ("n1", rn(3) * 0.1, rn(1, 3), labels01(1)),
                     ("f32", (rn(3) * 0.1).astype(np.float32), rn(6, 3).astype(np.float32), labels01(6))):
    add(f"train_steps[{tag}]", train_steps, w, X, y, 0.5, **(dict(h=1e-3, low=True) if tag == "f32" else {}))
for tag, W, X, Y, bs in (("bs2", rn(2, 3), rn(6, 2), np.eye(3)[np.arange(6) % 3], 2),
                         ("bs4", rn(2, 3), rn(6, 2), np.eye(3)[np.arange(6) % 3], 4),
                         ("bs1", rn(2, 3), rn(3, 2), np.eye(3)[np.arange(3) % 3], 1),
                         ("bad", rn(2, 3), rn(6, 2), np.eye(3)[np.arange(5) % 3], 2),
                         ("Y_row", rn(2, 3), rn(4, 2), np.ones((1, 3)) / 3, 2)):
    add(f"batched_xent[{tag}]", batched_xent, W, X, Y, bs)
for tag, Wh, xs in (("run", rn(3, 3) * 0.3, rn(5, 3) * 0.3), ("stop", rn(3, 3), rn(5, 3) * 2.0),
                    ("empty", rn(3, 3), rn(0, 3)), ("h1", rn(1, 1), rn(4, 1))):
    add(f"rnn_slices[{tag}]", rnn_slices, Wh, xs)
for tag, x, cs in (("py", 0.7, [1.0, -2.0, 0.5]), ("vec", rn(3), [1.0, -2.0, 0.5]), ("empty", rn(2), []),
                   ("arr_c", rn(2), np.array([1.0, 0.5])), ("f32", rn(2).astype(np.float32), [1.0, 2.0])):
    add(f"horner[{tag}]", horner, x, cs, **(dict(h=1e-3, low=True) if tag == "f32" else {}))
for tag, x in (("v5", rn(5)), ("v1", rn(1)), ("v2", rn(2)), ("f32", rn(3).astype(np.float32))):
    add(f"moving_average[{tag}]", moving_average, x, **(dict(h=1e-3, low=True) if tag == "f32" else {}))
for tag, a in (("py", 2.0), ("f64", np.float64(3.0)), ("0d", np.array(5.0)), ("vec", np.array([2.0, 9.0]))):
    add(f"newton_sqrt[{tag}]", newton_sqrt, a)
for tag, X, C in (("4x2_3", rn(4, 2), rn(3, 2)), ("1x2_1", rn(1, 2), rn(1, 2)), ("bad", rn(4, 2), rn(3, 3))):
    add(f"kmeans_cost[{tag}]", kmeans_cost, X, C)
for tag, x in (("ret", np.array([0.5, 0.2, 0.3])), ("no", np.array([0.9, 0.8])), ("empty", np.zeros(0)),
               ("f32", np.array([0.9, 0.3, 0.1], np.float32))):
    add(f"cumulative_product[{tag}]", cumulative_product, x, **(dict(h=1e-3, low=True) if tag == "f32" else {}))
for tag, w, g in (("small", rn(3) * 0.1, rn(3)), ("big", rn(3) * 2.0, rn(3)), ("w1", rn(1), rn(1)),
                  ("g_bad", rn(3), rn(2))):
    add(f"clipped_update[{tag}]", clipped_update, w, g)
for tag, Q, K, L in (("ok", rn(4, 2), rn(3, 2), np.eye(3)[[0, 1, 2, 0]]), ("bad", rn(4, 2), rn(3, 2), np.eye(4)),
                     ("k1", rn(4, 2), rn(1, 2), np.ones((4, 1)))):
    add(f"attention_xent[{tag}]", attention_xent, Q, K, L)
