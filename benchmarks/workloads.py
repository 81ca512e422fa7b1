"""The benchmark workloads, each written once as plain numpy code.

Every workload has
  * the function (plain numpy; the peers run the *same* code object with the
    module global ``np`` -- and ``tf`` for the tape workload -- rebound to their
    own namespace, see ``adapters.py``),
  * a hand-written numpy gradient (the baseline: what a person writes by hand),
  * an input builder ``inputs(size)`` returning numpy inputs (seeded).

``WORKLOADS`` lists them with the parameters they are differentiated with
respect to.  Nothing here imports tangentish or a peer library.
"""
import math
from dataclasses import dataclass, field
from typing import Callable, Optional, Tuple

import numpy as np

tf = None   # rebound to tangentish.tf / tensorflow by the adapters (workload f)


# ---------------------------------------------------------------- (a) scalar loop
def loop_np(x):
    for i in range(100):
        x = np.sin(x) * 1.01 + 0.1 * x
    return x


def loop_np_hand(x):
    # The derivative is accumulated in the same loop (the chain rule for a
    # scalar recurrence: what one writes by hand).
    g = 1.0
    for i in range(100):
        g = g * (np.cos(x) * 1.01 + 0.1)
        x = np.sin(x) * 1.01 + 0.1 * x
    return g


def loop_math(x):
    for i in range(100):
        x = math.sin(x) * 1.01 + 0.1 * x
    return x


def loop_math_hand(x):
    g = 1.0
    for i in range(100):
        g = g * (math.cos(x) * 1.01 + 0.1)
        x = math.sin(x) * 1.01 + 0.1 * x
    return g


def loop_inputs(size=None):
    return (0.5,)


# ---------------------------------------------------------------- (b) logistic regression
def logreg(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def logreg_hand(w, X, y):
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return X.T @ (p - y) / X.shape[0]


def logreg_inputs(size=None):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((500, 100))
    w = rng.standard_normal(100) * 0.1
    y = (rng.random(500) < 0.5).astype(np.float64)
    return w, X, y


# ---------------------------------------------------------------- (e) Hessian-vector product of (b)
def logreg_hvp_hand(w, X, y, v):
    """H v for (b): X^T diag(p (1 - p)) X v / n (the correctness reference for (e))."""
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return X.T @ (p * (1.0 - p) * (X @ v)) / X.shape[0]


def hvp_inputs(size=None):
    w, X, y = logreg_inputs()
    v = np.random.default_rng(1).standard_normal(100)
    return w, X, y, v


# ---------------------------------------------------------------- (c) MLP 784-256-10
def mlp(W1, b1, W2, b2, X, Y):
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2 + b2
    m = np.max(logits, axis=1, keepdims=True)
    s = logits - m
    lse = np.log(np.sum(np.exp(s), axis=1, keepdims=True))
    return -np.sum(Y * (s - lse)) / X.shape[0]


def mlp_hand(W1, b1, W2, b2, X, Y):
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2 + b2
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)
    d = (p - Y) / X.shape[0]              # rows of Y are one-hot (sum to 1)
    dW2 = h.T @ d
    db2 = np.sum(d, axis=0)
    da = (d @ W2.T) * (1.0 - h * h)
    dW1 = X.T @ da
    db1 = np.sum(da, axis=0)
    return dW1, db1, dW2, db2


def mlp_inputs(size=None):
    rng = np.random.default_rng(0)
    W1 = rng.standard_normal((784, 256)) * (1.0 / 28.0)
    b1 = rng.standard_normal(256) * 0.1
    W2 = rng.standard_normal((256, 10)) * (1.0 / 16.0)
    b2 = rng.standard_normal(10) * 0.1
    X = rng.standard_normal((64, 784))
    Y = np.eye(10)[rng.integers(0, 10, 64)]
    return W1, b1, W2, b2, X, Y


# ---------------------------------------------------------------- (d) vanilla RNN
RNN_INPUT, RNN_HIDDEN, RNN_STEPS = 16, 32, 50


def rnn(Wx, Wh, b, xs, h0):
    h = h0
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ Wx + h @ Wh + b)
    return np.sum(h * h)


def rnn_hand(Wx, Wh, b, xs, h0):
    # Backpropagation through time, keeping the hidden states (tanh' = 1 - h^2).
    hs = [h0]
    h = h0
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ Wx + h @ Wh + b)
        hs.append(h)
    dh = 2.0 * h
    dWx = np.zeros_like(Wx)
    dWh = np.zeros_like(Wh)
    db = np.zeros_like(b)
    for t in range(xs.shape[0] - 1, -1, -1):
        da = dh * (1.0 - hs[t + 1] * hs[t + 1])
        dWx += np.outer(xs[t], da)
        dWh += np.outer(hs[t], da)
        db += da
        dh = Wh @ da
    return dWx, dWh, db


def rnn_inputs(steps=RNN_STEPS):
    rng = np.random.default_rng(0)
    Wx = rng.standard_normal((RNN_INPUT, RNN_HIDDEN)) * 0.3
    Wh = rng.standard_normal((RNN_HIDDEN, RNN_HIDDEN)) * (0.9 / math.sqrt(RNN_HIDDEN))
    b = rng.standard_normal(RNN_HIDDEN) * 0.1
    xs = rng.standard_normal((steps, RNN_INPUT))
    h0 = np.zeros(RNN_HIDDEN)
    return Wx, Wh, b, xs, h0


def rnn_bptt_bytes(steps, hidden=RNN_HIDDEN, itemsize=8):
    """What a hand-written BPTT must keep for the backward pass: the hidden
    states (steps + 1 of them, h0 included) and the pre-activations (steps)."""
    return ((steps + 1) + steps) * hidden * itemsize


# ---------------------------------------------------------------- (f) the TF chapter's training step
def linreg_step(W, b, X, y, learning_rate):
    # examples/chapter/09_linear_regression.py, one iteration of its loop
    with tf.GradientTape() as tape:
        y_pred = W * X + b
        loss = tf.reduce_mean((y_pred - y) ** 2)
    gradients = tape.gradient(loss, [W, b])
    W.assign_sub(learning_rate * gradients[0])
    b.assign_sub(learning_rate * gradients[1])
    return loss


def linreg_loss(W, b, X, y):
    """The forward pass of the step (no tape, no update)."""
    return tf.reduce_mean((W * X + b - y) ** 2)


def linreg_step_hand(W, b, X, y, learning_rate):
    """The same step in numpy; returns the new (W, b) and the loss."""
    err = W * X + b - y
    loss = np.mean(err * err)
    gW = 2.0 * np.mean(err * X)
    gb = 2.0 * np.mean(err)
    return W - learning_rate * gW, b - learning_rate * gb, loss


def linreg_loss_hand(W, b, X, y):
    err = W * X + b - y
    return np.mean(err * err)


def linreg_inputs(size=None):
    # the chapter's data: X float32, y float64 (3 X + 2 + noise)
    rs = np.random.RandomState(42)
    X = rs.rand(100).astype(np.float32)
    y = 3 * X + 2 + rs.randn(100) * 0.1
    return X, y, 0.1


# ---------------------------------------------------------------- (g) first-call latency
def twenty_lines(x, W, b):
    """A 20-line function (straight-line code, an if and a loop) for the first-call target."""
    h = W @ x + b
    a = np.tanh(h)
    s = np.sum(a * a)
    if s > 1.0:
        a = a / np.sqrt(s)
    z = np.exp(-a) * np.sin(a)
    total = 0.0
    for i in range(3):
        total = total + np.sum(z * a) * (i + 1)
        z = z * 0.5 + np.cos(z) * 0.1
    m = np.max(z)
    q = np.log(1.0 + np.exp(z - m)) + m
    r = np.mean(q) + 0.5 * np.sum(x * x)
    u = r * total
    v = u / (1.0 + np.abs(u))
    w2 = v + np.dot(a, a)
    n = 0.001 * np.sum(x)
    return w2 + 0.01 * np.sum(W * W) + n


def twenty_lines_inputs(size=None):
    rng = np.random.default_rng(0)
    return rng.standard_normal(8), rng.standard_normal((16, 8)) * 0.3, rng.standard_normal(16) * 0.1


def trivial(x):
    return x * 2.0


# ---------------------------------------------------------------- the table
@dataclass(frozen=True)
class Workload:
    key: str                       # short id, e.g. "a_np"
    title: str
    kind: str                      # "grad", "hvp" or "tfstep"
    fn: Callable                   # the function (written once)
    hand: Callable                 # the hand-written baseline that is timed
    inputs: Callable               # () -> tuple of numpy inputs
    wrt: Tuple[int, ...] = (0,)
    reference: Optional[Callable] = None   # correctness reference when not ``hand`` (hvp)
    forward: Optional[Callable] = None     # forward pass when not ``fn`` (tfstep)
    hand_forward: Optional[Callable] = None
    target: Optional[float] = None         # grad/hand-written target for tangentish
    notes: str = field(default="")


WORKLOADS = [
    Workload("a_np", "(a) scalar loop, np.sin, 100 steps", "grad", loop_np, loop_np_hand,
             loop_inputs, target=1.5),
    Workload("a_math", "(a) scalar loop, math.sin, 100 steps", "grad", loop_math, loop_math_hand,
             loop_inputs, target=1.5),
    Workload("b", "(b) logistic regression loss, X 500x100", "grad", logreg, logreg_hand,
             logreg_inputs, target=1.15),
    Workload("c", "(c) MLP 784-256-10, batch 64", "grad", mlp, mlp_hand, mlp_inputs,
             wrt=(0, 1, 2, 3), target=1.10),
    Workload("d", "(d) vanilla RNN, hidden 32, 50 steps", "grad", rnn, rnn_hand, rnn_inputs,
             wrt=(0, 1, 2), target=1.15),
    Workload("e", "(e) Hessian-vector product of (b)", "hvp", logreg, logreg_hand, hvp_inputs,
             reference=logreg_hvp_hand, target=2.5,
             notes="'hand' is one hand-written gradient of (b); reference: hand-written H v"),
    Workload("f", "(f) TF chapter linear-regression step", "tfstep", linreg_step,
             linreg_step_hand, linreg_inputs, forward=linreg_loss,
             hand_forward=linreg_loss_hand,
             notes="per training step (tape, gradient, two assign_sub)"),
]

BY_KEY = {w.key: w for w in WORKLOADS}

# (g): functions whose first-call latency is measured in a fresh process
FIRST_CALL = {
    "a_np": (loop_np, loop_inputs, (0,)),
    "c": (mlp, mlp_inputs, (0, 1, 2, 3)),
    "d": (rnn, rnn_inputs, (0, 1, 2)),
    "twenty_lines": (twenty_lines, twenty_lines_inputs, (0, 1, 2)),
}
