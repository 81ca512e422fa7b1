"""Small functions to differentiate.  Try:

    python -m tangentish examples/basics.py:f --wrt x
    python examples/basics.py
"""
import numpy as np

import tangentish as tg


def f(x):
    return np.sum(np.tanh(x) * x)


def logistic_loss(w, X, y):
    """Mean logistic loss of a linear model (labels in {0, 1})."""
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def softplus_norm(x, scale=2.0):
    h = np.log(1.0 + np.exp(x / scale))
    return np.sqrt(np.sum(h ** 2))


if __name__ == "__main__":
    df = tg.grad(f)
    print("grad f at ones(3):", df(np.ones(3)))
    print(tg.source(df))
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 2, size=5).astype(float)
    dloss = tg.grad(logistic_loss, wrt="w")
    print("grad of the logistic loss:", dloss(np.zeros(3), X, y))
    print(tg.source(dloss))
