"""Random broadcasting expressions: every operand an argument of its own shape.

Regression for the shape-only optimization (issue 10, W4): a value read only
for its shape is replaced by the broadcast shape of earlier values; an
operand dropped there gives a gradient of the wrong size or sum.  Each
expression is differentiated with respect to every argument and compared
with central finite differences.
"""
import linecache
import random

import numpy as np
import pytest

import tangentish as tg
from tests.corpus.helpers import numerical_grad

SHAPES = [(), (2,), (1, 2), (2, 1), (2, 2), (3, 1, 2), (1,)]
BINARY = ["+", "-", "*", "/"]
UNARY = ["np.tanh({})", "np.exp({} * 0.3)", "({}) ** 2", "-({})", "np.sin({})"]
SUMS = ["np.sum({})", "np.mean({})", "np.sum(np.sum({}, axis=-1))", "np.sum({}, keepdims=True).sum()"]


def _expression(rng, names, depth):
    if depth == 0 or rng.random() < 0.25:
        return rng.choice(names)
    if rng.random() < 0.3:
        return rng.choice(UNARY).format(_expression(rng, names, depth - 1))
    left = _expression(rng, names, depth - 1)
    right = _expression(rng, names, depth - 1)
    op = rng.choice(BINARY)
    if op == "/":
        right = f"(2.0 + ({right}) ** 2)"
    return f"({left} {op} {right})"


def _program(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 4)
    names = [f"a{i}" for i in range(n)]
    while True:                       # operand shapes numpy can broadcast together
        shapes = [rng.choice(SHAPES) for _ in names]
        try:
            np.broadcast_shapes(*shapes)
            break
        except ValueError:
            continue
    params = list(names)
    lines = []
    if rng.random() < 0.3:                  # a constant of its own shape
        shape = rng.choice([s for s in SHAPES if s])
        lines.append(f"k = np.ones({shape}) * 0.5")
        names.append("k")
    for i in range(rng.randint(0, 3)):      # intermediate values, read again later
        lines.append(f"t{i} = {_expression(rng, names, rng.randint(1, 3))}")
        names.append(f"t{i}")
    lines.append("return " + rng.choice(SUMS).format(_expression(rng, names, rng.randint(2, 4))))
    body = "".join(f"    {line}\n" for line in lines)
    return f"def f({', '.join(params)}):\n{body}", shapes


def _compile(source, seed):
    filename = f"<broadcast fuzz {seed}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"np": np}
    exec(compile(source, filename, "exec"), namespace)
    return namespace["f"]


@pytest.mark.parametrize("seed", range(400))
def test_broadcast_expression(seed):
    source, shapes = _program(seed)
    f = _compile(source, seed)
    rng = np.random.RandomState(seed)
    args = [rng.uniform(-1, 1, s) if s else float(rng.uniform(-1, 1)) for s in shapes]
    wrt = tuple(range(len(args)))
    got = tg.grad(f, wrt=wrt)(*args)
    want = numerical_grad(f, args, wrt)
    for g, w, a in zip(got, want, args):
        assert np.shape(g) == np.shape(a), source
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6, err_msg=source)


def _sum_of_both_sides(x, c, u):
    return np.sum(c * x + (x + u))


def _ones_times_w(w, x):
    return np.sum(np.ones((2, 2)) * w + w * x)


def test_issue_examples():
    """Issue 10 W4: both gave [5, 7]-style sums with an operand dropped."""
    x, c, u = np.array([1.0, 2.0]), np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 1.0]])
    np.testing.assert_allclose(tg.grad(_sum_of_both_sides)(x, c, u), [6.0, 8.0])
    np.testing.assert_allclose(tg.grad(_ones_times_w)(x, np.array([3.0, 4.0])), [8.0, 10.0])
