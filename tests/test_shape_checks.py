"""ad/shape_checks.py: same-pattern broadcasts become a check, cotangents stay scalars.

Each rewrite must give the gradient the generic code gives, for every argument
sharing the signature; mismatched shapes must raise as the primal does."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tangentish.runtime import check_same_shape

RNG = np.random.default_rng(13)


def logreg(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def logreg_ag(w, X, y):
    z = anp.dot(X, w)
    return anp.mean(anp.logaddexp(0.0, z) - y * z)


def prob(w, X, y):
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def prob_ag(w, X, y):
    p = 1.0 / (1.0 + anp.exp(-anp.dot(X, w)))
    return -anp.mean(y * anp.log(p) + (1.0 - y) * anp.log(1.0 - p))


def product(x, c):
    return np.sum(x * c)


def _fd(f, args, k=0, eps=1e-6):
    x = np.array(args[k], dtype=float)
    out = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        hi = f(*args[:k], up, *args[k + 1:])
        lo = f(*args[:k], down, *args[k + 1:])
        out[i] = (hi - lo) / (2 * eps)
    return out


@pytest.mark.parametrize("n, d", [(6, 3), (40, 5), (1, 3), (7, 1)])
@pytest.mark.parametrize("f, f_ag", [(logreg, logreg_ag), (prob, prob_ag)])
def test_gradient_matches_autograd_and_finite_differences(f, f_ag, n, d):
    w, X = RNG.standard_normal(d) * 0.3, RNG.standard_normal((n, d))
    y = (RNG.random(n) < 0.5).astype(float)
    df = tg.grad(f)
    g = df(w, X, y)
    np.testing.assert_allclose(g, autograd.grad(f_ag)(w, X, y), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(g, _fd(f, (w, X, y)), rtol=1e-5, atol=1e-7)
    # the generic code (no signature) gives the same numbers
    np.testing.assert_allclose(g, df.generated(w, X, y), rtol=1e-13, atol=1e-15)


def test_logreg_source_keeps_the_cotangent_a_scalar_and_needs_no_check():
    args = (RNG.standard_normal(3), RNG.standard_normal((6, 3)), RNG.standard_normal(6))
    source = tg.source(tg.grad(logreg), *args)
    # ``y * -dsub + dsub * (...z...)`` raises where ``check_same_shape(z, y)`` would
    # (test_mismatched_shapes_raise_like_the_primal)
    assert "check_same_shape" not in source
    assert "dsub = 1.0 / z.size" in source
    assert "np.tanh(0.5 * z)" in source            # z - 0.0 folded
    for helper in ("unreduce", "mean_count", "broadcast_shape", "np.full"):
        assert helper not in source


@pytest.mark.parametrize("f", [logreg, prob])
def test_mismatched_shapes_raise_like_the_primal(f):
    w, X, y = RNG.standard_normal(3), RNG.standard_normal((6, 3)), RNG.standard_normal(5)
    df = tg.grad(f)
    df(w, X, RNG.standard_normal(6))            # the signature's code, generated
    with pytest.raises(ValueError) as primal:
        f(w, X, y)
    with pytest.raises(ValueError) as gradient:
        df(w, X, y)
    assert "could not be broadcast" in str(primal.value)
    assert "could not be broadcast" in str(gradient.value)


def test_check_same_shape_raises_numpys_error_only_when_shapes_differ():
    check_same_shape(np.ones((2, 3)), np.zeros((2, 3)), np.ones((2, 3)))
    check_same_shape(np.ones((0,)), np.ones((0,)))
    with pytest.raises(ValueError, match=r"could not be broadcast together with shapes \(4,\) \(5,\)"):
        check_same_shape(np.ones(4), np.ones(5))
    with pytest.raises(ValueError):
        check_same_shape(np.ones(0), np.ones(4))     # numpy: 0 and 4 do not broadcast


@pytest.mark.parametrize("shapes", [((5,), (5,)), ((4, 3), (4, 3)), ((4, 1), (4, 1))])
def test_scalar_cotangent_of_a_product(shapes):
    x, c = RNG.standard_normal(shapes[0]), RNG.standard_normal(shapes[1])
    df = tg.grad(product, wrt=1)
    g = df(x, c)
    np.testing.assert_array_equal(g, x)
    assert not np.shares_memory(g, x)               # a new array, never the argument
    assert "check_same_shape(x, c)" in tg.source(df, x, c)
    with pytest.raises(ValueError, match="could not be broadcast"):
        df(x, RNG.standard_normal((shapes[1][0] + 1,) + shapes[1][1:]))


def test_other_signatures_keep_the_full_array():
    """y of (1,), a Python float, an int array or float32: the cotangent is not provably
    broadcast against an array of its shape and dtype, so the full array stays."""
    w, X = RNG.standard_normal(3), RNG.standard_normal((6, 3))
    for y in (RNG.standard_normal(1), 0.5, (RNG.random(6) < 0.5).astype(np.int64)):
        df = tg.grad(logreg)
        g = df(w, X, y)
        assert "np.full" in tg.source(df, w, X, y)
        np.testing.assert_allclose(g, df.generated(w, X, y), rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(g, autograd.grad(logreg_ag)(w, X, y), rtol=1e-10)
    w32, X32 = w.astype(np.float32), X.astype(np.float32)
    y32 = RNG.standard_normal(6).astype(np.float32)
    df = tg.grad(logreg)
    g = df(w32, X32, y32)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, autograd.grad(logreg_ag)(w, X, y32.astype(float)), rtol=1e-5)


def mean_prod(a, b):
    return np.mean(np.sin(a) * b - 2.0 * a)


def mean_prod_ag(a, b):
    return anp.mean(anp.sin(a) * b - 2.0 * a)


def sum_ratio(a, b):
    s = np.sum(a / (1.0 + b * b))
    return -3.0 * s / a.size


def sum_ratio_ag(a, b):
    s = anp.sum(a / (1.0 + b * b))
    return -3.0 * s / a.size


@pytest.mark.parametrize("shape", [(5,), (3, 4), (3, 1), (1, 4), (2, 1, 3)])
@pytest.mark.parametrize("f, f_ag", [(mean_prod, mean_prod_ag), (sum_ratio, sum_ratio_ag)])
def test_same_pattern_operands_both_gradients(f, f_ag, shape):
    a, b = RNG.standard_normal(shape), RNG.standard_normal(shape)
    df = tg.grad(f, wrt=(0, 1))
    got = df(a, b)
    want = autograd.grad(f_ag, argnum=(0, 1))(a, b)
    for g, w, k in zip(got, want, (0, 1)):
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(g, _fd(f, (a, b), k), rtol=1e-5, atol=1e-7)
    for g, generic in zip(got, df.generated(a, b)):
        np.testing.assert_allclose(g, generic, rtol=1e-13, atol=1e-15)
    bad = RNG.standard_normal(tuple(n + 1 if n != 1 else 1 for n in shape))
    if bad.shape != shape:
        with pytest.raises(ValueError, match="could not be broadcast"):
            f(a, bad)
        with pytest.raises(ValueError, match="could not be broadcast"):
            df(a, bad)


# ---------------------------------------------------------------- implied checks
# ``check_same_shape(a, b)`` goes where the statements right after it broadcast a value of
# a's exact shape against one of b's before anything else happens (drop_implied_checks)

class _Facts:
    """Float64 vectors (same pattern) for the names given; nothing else known."""

    def __init__(self, *names):
        from tangentish.analyze.patterns import Fact
        self.vector = Fact(1, (False,), True, True, "f")
        self.names = set(names)
        self.params = frozenset()

    def of(self, atom):
        import gast
        if isinstance(atom, gast.Name) and atom.id in self.names:
            return self.vector
        return None


def _dropped(text, *arrays):
    import gast
    from tangentish.ad import known_shapes
    node = gast.parse(text).body[0]
    known_shapes.drop_implied_checks(node, _Facts(*arrays), {})
    return not any(isinstance(s, gast.Expr) and isinstance(s.value, gast.Call)
                   and getattr(s.value.func, "id", None) == "check_same_shape"
                   for s in node.body)


@pytest.mark.parametrize("body, dropped", [
    # the logistic loss's adjoint: y-shaped + z-shaped
    ("check_same_shape(z, y); d = 1.0 / z.size; dz = y * -d + d * np.tanh(z); return dz", True),
    # through names bound once to arithmetic of z and y
    ("check_same_shape(y, z); s = 1.0 - y; t = np.exp(z); d = -1.0 / y.size\n"
     "    dz = s * d / t; return dz", True),
    # a helper call first: it may do anything before the broadcast
    ("check_same_shape(z, y); d = unreduce(1.0, z); dz = y * d + z; return dz", False),
    # the broadcast under ``a if c else b``: not evaluated on every path
    ("check_same_shape(z, y); dz = (y + z) if c else z; return dz", False),
    # a reduction of one side: no broadcast of both shapes
    ("check_same_shape(z, y); dz = y * np.sum(z); return dz", False),
    # a return before any broadcast
    ("check_same_shape(z, y); return z", False),
    # three names, only two compared by the arithmetic
    ("check_same_shape(z, y, u); dz = y * z; return dz + u", False),
    ("check_same_shape(z, y, u); dz = y * z; du = u - z; return dz", True),
    # an in-place accumulation (a statement that is not a plain binding)
    ("check_same_shape(z, y); dz[0] = 1.0; dz = y * z; return dz", False),
    # a value not known to be a Python number: ``e`` could be an array of any shape
    ("check_same_shape(z, y); dz = y * e + z; return dz", False),
    ("check_same_shape(z, y); dz = y + e * z; return dz", False),
])
def test_implied_checks(body, dropped):
    assert _dropped(f"def f(z, y, u, c, e):\n    {body}\n", "z", "y", "u", "dz", "s", "t") == dropped


def test_prob_mismatch_raises_without_a_check():
    w, X, y = RNG.standard_normal(3), RNG.standard_normal((6, 3)), RNG.standard_normal(6)
    df = tg.grad(prob)
    assert "check_same_shape" not in tg.source(df, w, X, y)
    for bad in (RNG.standard_normal(5), RNG.standard_normal(7), np.zeros(0)):
        with pytest.raises(ValueError, match="could not be broadcast"):
            prob(w, X, bad)
        with pytest.raises((ValueError, ZeroDivisionError)):
            df(w, X, bad)     # (a label vector of size 0: 1.0 / y.size raises first)
