"""The public API: grad, value_and_grad, vjp, source, and how generated code behaves."""
import inspect
import linecache
import threading
import traceback

import numpy as np
import pytest

import tangentish as tg


def f(x):
    return np.sum(np.tanh(x) * x)


def f_expected(x):
    return np.tanh(x) + x * (1 - np.tanh(x) ** 2)


def with_defaults(x, y=2.0, *, z=3.0):
    return np.sum(np.log(x) * y) + z


def two(x, w):
    return np.sum(np.sin(x) * w)


def test_readme_example():
    df = tg.grad(f)
    np.testing.assert_allclose(df(np.ones(3)), f_expected(np.ones(3)))
    assert "def grad_f(x):" in tg.source(df)


def test_decorator_forms():
    @tg.grad
    def a(x):
        return x * x

    @tg.grad(wrt="y")
    def b(x, y):
        return x * y * y

    assert a(3.0) == 6.0
    assert b(2.0, 3.0) == 12.0


def test_wrt_index_name_and_tuple():
    x, w = np.linspace(0.1, 1, 4), np.linspace(2, 3, 4)
    dx = tg.grad(two)(x, w)
    dw = tg.grad(two, wrt="w")(x, w)
    both = tg.grad(two, wrt=(0, "w"))(x, w)
    np.testing.assert_allclose(dx, np.cos(x) * w)
    np.testing.assert_allclose(dw, np.sin(x))
    assert isinstance(both, tuple) and len(both) == 2
    np.testing.assert_allclose(both[0], dx)
    np.testing.assert_allclose(both[1], dw)


def test_same_signature_defaults_and_keywords():
    df = tg.grad(with_defaults)
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(df(x), 2.0 / x)
    np.testing.assert_allclose(df(x, 4.0), 4.0 / x)
    np.testing.assert_allclose(df(x=x, y=5.0, z=0.0), 5.0 / x)
    assert inspect.signature(df.generated) == inspect.signature(with_defaults)


def test_preserve_result_and_value_and_grad():
    x = np.array([0.5, 1.5])
    value, g = tg.grad(f, preserve_result=True)(x)
    assert value == pytest.approx(f(x))
    np.testing.assert_allclose(g, f_expected(x))
    value2, g2 = tg.value_and_grad(f)(x)
    assert value2 == value
    np.testing.assert_allclose(g2, g)


def test_vjp_matches_jacobian_transpose():
    x, w = np.array([0.1, 0.2, 0.3]), np.array([1.0, 2.0, 3.0])
    y, pullback = tg.vjp(lambda x, w: np.sin(x) * w, x, w)
    np.testing.assert_allclose(y, np.sin(x) * w)
    u = np.array([1.0, -1.0, 0.5])
    dx, dw = pullback(u)
    np.testing.assert_allclose(dx, u * np.cos(x) * w)
    np.testing.assert_allclose(dw, u * np.sin(x))
    (only,) = tg.vjp(np.exp if False else (lambda v: v * 2.0), x)[1](u)
    np.testing.assert_allclose(only, 2.0 * u)


def test_getsource_and_linecache_and_traceback():
    df = tg.grad(f)
    generic = tg.source(df)
    assert inspect.getsource(df.generated) == generic == inspect.getsource(df)
    df(np.ones(2))
    text = tg.source(df)          # the code that ran: specialized to a float vector
    assert inspect.getsource(df) == text
    assert inspect.getsource(df.generated) == generic      # what the engine differentiates
    code = df.generated.__code__
    assert linecache.getline(code.co_filename, code.co_firstlineno).startswith("def grad_f")

    def bad(x):
        return np.sum(x[np.array([5])])

    with pytest.raises(IndexError) as info:
        tg.grad(bad)(np.ones(2))
    frames = traceback.extract_tb(info.tb)
    assert any(fr.name == "grad_bad" and "x[" in fr.line for fr in frames)


def test_user_function_is_not_modified():
    before = (f.__code__, f.__defaults__, dict(f.__dict__), inspect.getsource(f))
    tg.grad(f)(np.ones(2))
    assert (f.__code__, f.__defaults__, dict(f.__dict__), inspect.getsource(f)) == before


def test_bound_method_and_decorated_method():
    class Model:
        def __init__(self):
            self.scale = 3.0

        def loss(self, x):
            return np.sum(x ** 2) * 2.0

        @tg.grad
        def dloss(self, x):
            return np.sum(np.sin(x)) * 2.0

    m = Model()
    np.testing.assert_allclose(tg.grad(m.loss)(np.ones(2)), [4.0, 4.0])
    np.testing.assert_allclose(m.dloss(np.zeros(2)), [2.0, 2.0])


def test_lambdas_on_one_line_are_told_apart():
    a, b = (lambda x: x * 2.0), (lambda x: x * 3.0)
    assert tg.grad(a)(1.0) == 2.0
    assert tg.grad(b)(1.0) == 3.0


def test_closures_see_live_values():
    def make(k):
        return lambda x: k * x * x
    assert tg.grad(make(2.0))(1.0) == 4.0
    assert tg.grad(make(5.0))(1.0) == 10.0


def test_unused_input_gets_zero_gradient():
    dx, dy = tg.grad(lambda x, y: np.sum(x ** 2), wrt=(0, 1))(np.ones(2), np.ones(3))
    np.testing.assert_array_equal(dy, np.zeros(3))


def test_float32_stays_float32():
    g = tg.grad(f)(np.ones(3, dtype=np.float32))
    assert g.dtype == np.float32


def test_cache_is_shared_and_thread_safe():
    tg_fn = tg.grad(two)
    results, errors = [], []

    def work():
        try:
            results.append(tg.source(tg.grad(two)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 1 and results[0] == tg.source(tg_fn)
    assert tg.grad(two).generated is tg_fn.generated


def test_higher_order_scalar():
    d1 = tg.grad(lambda x: x ** 3)
    d2 = tg.grad(d1)
    d3 = tg.grad(d2)
    assert (d1(3.0), d2(3.0), d3(3.0)) == (27.0, 18.0, 6.0)


def test_source_of_non_generated_raises():
    with pytest.raises(TypeError):
        tg.source(f)
