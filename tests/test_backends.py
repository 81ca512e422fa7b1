"""One derivative on any array library: grad, vjp, jvp and hvp of functions a user
writes, called with array_api_strict and Dask arrays, against the NumPy derivative.

The generated code for such a call goes through the array API standard
(ad/namespace.py); it is checked to keep the arguments' array type (a Dask result
still lazy: built under a scheduler that raises when anything is computed) and to
refuse what the standard cannot express exactly, at the user's line."""
import contextlib

import array_api_strict
import dask
import dask.array as da
import numpy as np
import pytest

import tangentish as tg
from tangentish.core.errors import TransformError


# --- the corpus: functions a user writes ---------------------------------------------

def logreg(w, X, y):
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def softmax_ce(W, X, Y):
    z = X @ W
    z = z - np.max(z, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.sum(Y * (z - lse)) / X.shape[0]


def mlp(params, X, y):
    h = np.tanh(X @ params["W1"] + params["b1"])
    out = h @ params["w2"]
    return np.mean((out - y) ** 2)


def chain(x):
    return np.sum(np.sin(x) * np.exp(x) / (1.0 + x ** 2))


def reductions(x):
    m = np.mean(x, axis=0, keepdims=True)
    return np.sum((x - m) ** 2) + np.sum(np.max(x, axis=1))


def broadcasting(A, b):
    return np.sum((A + b) ** 2 * b)


def where(x):
    return np.sum(np.where(x > 0.0, x ** 2, -x))


def maximum_abs(x):
    return np.sum(np.maximum(x, 0.25) + np.abs(x) * x)


def matmul(A, x):
    return np.sum((A @ x) ** 2)


def slicing(x):
    return np.sum(x[1:] * x[:-1]) + np.sum(x[::2] ** 3)


def loop(x):
    s = 0.0
    for i in range(3):
        s = s + np.sum(np.tanh(x * (i + 1)))
    return s


def rows(X):
    s = 0.0
    for i in range(X.shape[0]):
        s = s + np.sum(np.sin(X[i]) * X[i])
    return s


def branch(x, scale):
    if scale > 1.0:
        y = np.sin(x) * scale
    else:
        y = x ** 2
    return np.sum(y)


def helper(z):
    return np.tanh(z) * z


def calls_helper(x):
    return np.sum(helper(x) ** 2)


def methods(x):
    return (x * x).sum() + np.sqrt(x * x + 1.0).mean()


def variance(x):
    return np.sum(np.var(x, axis=0)) + np.std(x)


def logs(x):
    return np.sum(np.log1p(x * x) * np.sqrt(x * x + 1.0))


def joining(x):
    return np.sum(np.concatenate([x, 2.0 * x]) ** 2) + np.sum(np.stack([x, x ** 2]))


_RNG = np.random.default_rng(0)
_X = _RNG.normal(size=(6, 3))
_Y01 = (_RNG.random(6) > 0.5) * 1.0

# name -> (function, numpy arguments, position differentiated)
CASES = {
    "logreg": (logreg, (_RNG.normal(size=3), _X, _Y01), 0),
    "softmax_ce": (softmax_ce, (_RNG.normal(size=(3, 4)), _X, np.eye(4)[[0, 1, 2, 3, 0, 1]]), 0),
    "chain": (chain, (_RNG.normal(size=5),), 0),
    "reductions": (reductions, (_RNG.normal(size=(4, 3)),), 0),
    "broadcasting": (broadcasting, (_RNG.normal(size=(4, 3)), _RNG.normal(size=3)), 1),
    "where": (where, (_RNG.normal(size=7),), 0),
    "maximum_abs": (maximum_abs, (_RNG.normal(size=7),), 0),
    "matmul": (matmul, (_RNG.normal(size=(4, 3)), _RNG.normal(size=3)), 1),
    "slicing": (slicing, (_RNG.normal(size=7),), 0),
    "loop": (loop, (_RNG.normal(size=5),), 0),
    "rows": (rows, (_RNG.normal(size=(4, 3)),), 0),
    "branch": (branch, (_RNG.normal(size=5), 2.0), 0),
    "calls_helper": (calls_helper, (_RNG.normal(size=5),), 0),
    "methods": (methods, (_RNG.normal(size=(3, 2)),), 0),
    "variance": (variance, (_RNG.normal(size=(4, 3)),), 0),
    "logs": (logs, (_RNG.normal(size=5),), 0),
    "joining": (joining, (_RNG.normal(size=4),), 0),
}
MLP_PARAMS = {"W1": _RNG.normal(size=(3, 4)), "b1": _RNG.normal(size=4),
              "w2": _RNG.normal(size=4)}


def _strict(a):
    return array_api_strict.asarray(a) if isinstance(a, np.ndarray) else a


def _dask(a):
    return da.from_array(a, chunks=2) if isinstance(a, np.ndarray) else a


def _convert(value, to):
    if isinstance(value, dict):
        return {k: _convert(v, to) for k, v in value.items()}
    return to(value)


def _never_compute(*args, **kwargs):
    raise AssertionError("a Dask array was computed while the derivative was built")


class Library:
    def __init__(self, name, convert, array_type, building):
        self.name, self.convert, self.array_type = name, convert, array_type
        self.building = building

    def check(self, got, expected):
        """``got`` is this library's array (a Dask one still lazy) equal to ``expected``."""
        if isinstance(expected, dict):
            assert set(got) == set(expected)
            for k in expected:
                self.check(got[k], expected[k])
            return
        assert isinstance(got, self.array_type), type(got)
        value = got.compute() if isinstance(got, da.Array) else np.asarray(got)
        np.testing.assert_allclose(value, expected, rtol=1e-9, atol=1e-12)


LIBRARIES = [
    Library("array_api_strict", _strict, array_api_strict._array_object.Array,
            contextlib.nullcontext),
    Library("dask.array", _dask, da.Array,
            lambda: dask.config.set(scheduler=_never_compute)),
]
_IDS = [lib.name for lib in LIBRARIES]


def _case(name, lib):
    f, args, wrt = CASES[name]
    return f, args, wrt, tuple(_convert(a, lib.convert) for a in args)


@pytest.mark.parametrize("lib", LIBRARIES, ids=_IDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_grad(name, lib):
    f, args, wrt, converted = _case(name, lib)
    expected = tg.grad(f, wrt=wrt)(*args)
    with lib.building():
        got = tg.grad(f, wrt=wrt)(*converted)
    lib.check(got, expected)


@pytest.mark.parametrize("lib", LIBRARIES, ids=_IDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_vjp(name, lib):
    f, args, wrt, converted = _case(name, lib)
    _, pullback = tg.vjp(f, *args)
    expected = pullback(1.0)
    with lib.building():
        _, pullback = tg.vjp(f, *converted)
        got = pullback(1.0)
    for k, (e, g) in enumerate(zip(expected, got)):
        if isinstance(args[k], np.ndarray):
            lib.check(g, e)


@pytest.mark.parametrize("lib", LIBRARIES, ids=_IDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_jvp(name, lib):
    f, args, wrt, converted = _case(name, lib)
    t = _RNG.normal(size=np.shape(args[wrt]))
    tangents = tuple(t if k == wrt else None for k in range(len(args)))
    y, expected = tg.jvp(f, args, tangents)
    with lib.building():
        y_got, got = tg.jvp(f, converted, tuple(lib.convert(a) if a is not None else None
                                                 for a in tangents))
    lib.check(y_got, y)
    lib.check(got, expected)


@pytest.mark.parametrize("lib", LIBRARIES, ids=_IDS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_hvp(name, lib):
    f, args, wrt, converted = _case(name, lib)
    v = _RNG.normal(size=np.shape(args[wrt]))
    expected = tg.hvp(f, wrt=wrt)(*args, v)
    if name == "rows" and lib.name == "dask.array":
        # the gradient an hvp differentiates is the numpy one, whose element loop
        # accumulates in place: refused on Dask (no in-place writes), not converted
        with pytest.raises(TransformError, match="accumulate_at.*dask.array"):
            tg.hvp(f, wrt=wrt)(*converted, lib.convert(v))
        return
    with lib.building():
        got = tg.hvp(f, wrt=wrt)(*converted, lib.convert(v))
    lib.check(got, expected)


@pytest.mark.parametrize("lib", LIBRARIES, ids=_IDS)
def test_dict_params(lib):
    X, y = _X, _RNG.normal(size=6)
    expected = tg.grad(mlp)(MLP_PARAMS, X, y)
    with lib.building():
        got = tg.grad(mlp)(_convert(MLP_PARAMS, lib.convert), lib.convert(X), lib.convert(y))
    lib.check(got, expected)


def test_numpy_parameter_with_dask_data():
    """logreg's ``w`` a NumPy array, ``X`` and ``y`` Dask: the gradient is a Dask array
    (the computation was Dask's), lazy, equal to NumPy's."""
    w, X, y = CASES["logreg"][1]
    expected = tg.grad(logreg)(w, X, y)
    with dask.config.set(scheduler=_never_compute):
        got = tg.grad(logreg)(w, _dask(X), _dask(y))
    LIBRARIES[1].check(got, expected)


def test_the_threaded_scheduler_computes_it():
    w, X, y = CASES["logreg"][1]
    got = tg.grad(logreg)(w, _dask(X), _dask(y))
    np.testing.assert_allclose(got.compute(scheduler="threads"), tg.grad(logreg)(w, X, y))


def test_source_for_dask_reads_like_array_api_code():
    w, X, y = CASES["logreg"][1]
    df = tg.grad(logreg)
    numpy_source = tg.source(df, w, X, y)
    source = tg.source(df, w, _dask(X), _dask(y))
    assert "xp = array_namespace(w, X, y)" in source
    assert "xp.exp(" in source
    code = "\n".join(line for line in source.splitlines() if not line.strip().startswith("#"))
    assert "np." not in code
    assert "xp." not in numpy_source and "array_namespace" not in numpy_source
    assert "np.exp(" in numpy_source
    assert tg.source(df, w, X, y) == numpy_source       # numpy code unchanged by the dask call


def test_standard_names_and_keywords():
    """numpy's names and positional arguments become the standard's."""
    def f(x):
        return np.sum(np.arccos(x * 0.5), 0) + np.power(x, 2).sum(axis=0) + np.float64(2.0)

    x = array_api_strict.asarray(np.full(3, 0.25))
    source = tg.source(tg.grad(f), x)
    assert "xp.acos(" in source and "xp.pow(" in source
    assert "xp.sum(" in source and "axis=0" in source
    assert "xp.asarray(2.0, dtype=xp.float64)" in source


def einsum_loss(x):
    y = x * 2.0
    return np.einsum("i,i->", y, y)


def slogdet_loss(A):
    sign, logdet = np.linalg.slogdet(A)
    return logdet


def dot_loss(x):
    return x.dot(x)


@pytest.mark.parametrize("f, arg, construct, line", [
    (einsum_loss, np.ones(3), "np.einsum()", einsum_loss.__code__.co_firstlineno + 2),
    (slogdet_loss, np.eye(2) * 2.0, "np.linalg.slogdet",
     slogdet_loss.__code__.co_firstlineno + 1),
    (dot_loss, np.ones(3), "the method .dot()", dot_loss.__code__.co_firstlineno + 1),
])
@pytest.mark.parametrize("lib", LIBRARIES, ids=_IDS)
def test_refused_at_the_users_line(f, arg, construct, line, lib):
    with pytest.raises(TransformError) as info:
        tg.grad(f)(lib.convert(arg))
    message = str(info.value)
    assert construct in message and f"not supported on {lib.name} arguments" in message
    assert f":{line}:" in message
    tg.grad(f)(arg)                       # numpy: differentiated as before


def test_jacobian_refuses_other_libraries():
    with pytest.raises(TypeError, match="dask.array"):
        tg.jacobian(chain)(_dask(np.ones(3)))
    with pytest.raises(TypeError, match="array_api_strict"):
        tg.hessian(chain)(_strict(np.ones(3)))


def test_two_libraries_in_one_call_are_refused():
    with pytest.raises(TypeError, match="mix"):
        tg.grad(broadcasting)(_dask(np.ones((2, 3))), _strict(np.ones(3)))


def test_value_and_grad_on_dask():
    w, X, y = CASES["logreg"][1]
    with dask.config.set(scheduler=_never_compute):
        value, gradient = tg.value_and_grad(logreg)(w, _dask(X), _dask(y))
    assert isinstance(value, da.Array)
    assert np.isclose(value.compute(), logreg(w, X, y))
    LIBRARIES[1].check(gradient, tg.grad(logreg)(w, X, y))


def test_unknown_dask_sizes_are_refused_not_guessed():
    """A boolean-mask selection leaves Dask sizes unknown (nan): refused, naming the cure."""
    w, X, y = CASES["logreg"][1]
    Xd, yd = _dask(X), _dask(y)
    keep = Xd[:, 0] > -100.0
    with pytest.raises(ValueError, match="compute_chunk_sizes"):
        tg.grad(logreg)(w, Xd[keep], yd[keep])


def test_dask_element_loops_update_functionally():
    """Dask has no in-place writes to rely on: its element loop accumulates with the
    functional helper; array_api_strict (in-place writes) keeps the in-place one."""
    X = CASES["rows"][1][0]
    dask_source = tg.source(tg.grad(rows), _dask(X))
    assert "getitem_cotangent(" in dask_source and "accumulate_at(" not in dask_source
    assert "accumulate_at(" in tg.source(tg.grad(rows), _strict(X))
    assert "X[i, ...]" in dask_source          # numpy's X[i], as the standard spells it
