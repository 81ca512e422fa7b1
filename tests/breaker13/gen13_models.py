"""Tenth round: small models the way users write them (RNN with early stop, MLP with
softmax and several label forms, clipping, running means, Newton-like loops)."""
import numpy as np

R = np.random.default_rng(101)


def rn(*shape):
    return R.standard_normal(shape)


def dense(h, W, b):
    return np.tanh(h @ W + b)


def mlp(W1, b1, W2, X, y):
    h = dense(X, W1, b1)
    z = h @ W2
    zm = z - np.max(z, axis=1, keepdims=True)
    p = np.exp(zm) / np.sum(np.exp(zm), axis=1, keepdims=True)
    return -np.mean(np.sum(y * np.log(p), axis=1))


def mlp_twice(W1, b1, X):
    h = dense(X, W1, b1)
    h2 = dense(h, W1.T, 0.0)
    return np.mean(h2 ** 2)


def rnn_early_stop(Wh, Wx, xs):
    h = np.zeros(Wh.shape[0])
    loss = 0.0
    for t, x_t in enumerate(xs):
        h = np.tanh(Wh @ h + Wx @ x_t)
        loss = loss + np.sum(h ** 2) / (t + 1)
        if loss > 2.0:
            break
    return loss


def rnn_while(Wh, xs):
    h = np.zeros(Wh.shape[0])
    t = 0
    while t < xs.shape[0] and np.sum(h * h) < 1.5:
        h = np.tanh(Wh @ h + xs[t])
        t += 1
    return np.sum(h)


def clip_norm(w, X, y):
    g = X.T @ (X @ w - y)
    norm = np.sqrt(np.sum(g * g))
    if norm > 1.0:
        g = g / norm
    return np.sum((w - 0.1 * g) ** 2)


def running_mean(x):
    m = 0.0
    for i in range(len(x)):
        m = m + (x[i] - m) / (i + 1)
    return m * m


def newton_sqrt(a):
    r = a * 1.0
    for k in range(20):
        r_new = 0.5 * (r + a / r)
        if abs(r_new - r) < 1e-12:
            break
        r = r_new
    return r


def ema_break(x):
    e = x[0]
    for v in x[1:]:
        e = 0.9 * e + 0.1 * v
        if e < -0.2:
            break
    return e


def hinge_loop(w, X, y):
    loss = 0.0
    for i in range(X.shape[0]):
        margin = y[i] * (X[i] @ w)
        if margin < 1.0:
            loss = loss + 1.0 - margin
    return loss / X.shape[0]


def attention(Q, K):
    s = Q @ K.T / np.sqrt(Q.shape[1])
    a = np.exp(s - np.max(s, axis=-1, keepdims=True))
    a = a / np.sum(a, axis=-1, keepdims=True)
    return np.sum((a @ K) ** 2)


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


W1, b1, W2, X = rn(3, 4) * 0.5, rn(4) * 0.1, rn(4, 3) * 0.5, rn(5, 3)
Y = np.eye(3)[[0, 2, 1, 1, 0]]
add("mlp", mlp, W1, b1, W2, X, Y)
add("mlp[y_row]", mlp, W1, b1, W2, X, Y[:1])
add("mlp[b_1]", mlp, W1, rn(1) * 0.1, W2, X, Y)
add("mlp[y_int]", mlp, W1, b1, W2, X, Y.astype(int))
add("mlp[y_bad]", mlp, W1, b1, W2, X, Y[:, :2])
add("mlp_twice", mlp_twice, rn(3, 3) * 0.5, rn(3) * 0.1, rn(4, 3))
Wh, Wx, xs = rn(3, 3) * 0.4, rn(3, 2) * 0.5, rn(6, 2)
add("rnn_early_stop", rnn_early_stop, Wh, Wx, xs)
add("rnn_early_stop[long]", rnn_early_stop, Wh * 0.1, Wx * 0.1, xs)
add("rnn_while", rnn_while, Wh, rn(6, 3))
add("rnn_while[stop]", rnn_while, Wh * 2, rn(6, 3) * 3)
w, Xc, yc = rn(3), rn(4, 3), rn(4)
add("clip_norm", clip_norm, w, Xc, yc)
add("clip_norm[small]", clip_norm, w * 0.01, Xc * 0.01, yc * 0.01)
add("running_mean", running_mean, rn(5))
add("newton_sqrt", newton_sqrt, 2.0)
add("newton_sqrt[arr0d]", newton_sqrt, np.array(3.0))
for tag, x in (("a", np.array([0.5, 0.1, -0.9, -0.8, 0.2])), ("b", np.array([0.5, 0.1, 0.3]))):
    add(f"ema_break[{tag}]", ema_break, x)
ys = np.sign(rn(6))
add("hinge_loop", hinge_loop, rn(3), rn(6, 3), ys)
add("hinge_loop[int_y]", hinge_loop, rn(3), rn(6, 3), ys.astype(int))
add("attention", attention, rn(3, 4) * 0.5, rn(5, 4) * 0.5)
