"""The per-call fast path of a ``tg.grad`` object (api/grad.py ``ready_check``, the
guards compiled by driver.py ``_guard_functions``, results.py ``_float64_like``): a
call with arguments of the latest call's types, shapes and dtypes skips the argument
checks and the key lookup, never a guard.  Each test calls twice with the same shapes
(the second call takes the fast path), changes what the guard watches, and checks the
next call against finite differences or the analytic gradient."""
import itertools
import threading

import numpy as np
import pytest

import tangentish as tg
from tangentish.api import results
from tangentish.runtime.containers import plain_containers
from tests.corpus.helpers import Cells, numerical_grad

X = np.array([0.5, -1.0, 2.0])


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-8)


def test_global_callee_rebound_between_same_shape_calls():
    s = Cells()
    s.run("def act(v):\n    return np.tanh(v)\ndef net(x):\n    return np.sum(act(x) * x)\n")
    dnet = tg.grad(s.ns["net"])
    close(dnet(X), numerical_grad(s.ns["net"], (X,), 0))
    close(dnet(X), numerical_grad(s.ns["net"], (X,), 0))      # the fast path
    s.run("def act(v):\n    return v ** 3\n")
    close(dnet(X), 4 * X ** 3)
    close(dnet(X), 4 * X ** 3)


def test_global_deleted_falls_back_to_the_builtin():
    # the compiled guard reads the global by subscript: a KeyError hands over to the
    # general check, which finds the builtin of that name (another function): regenerated
    s = Cells()
    s.run("def abs(v):\n    return v * v\ndef g(x):\n    return abs(x) * 1.0\n")
    dg = tg.grad(s.ns["g"])
    close(dg(-2.0), -4.0)
    close(dg(-2.0), -4.0)
    del s.ns["abs"]
    close(dg(-2.0), -1.0)
    close(dg(-2.0), -1.0)


def test_attribute_of_a_namespace_object_rebound():
    s = Cells()
    s.run("ops = types.SimpleNamespace(act=np.tanh)\n"
          "def net(x):\n    return np.sum(ops.act(x))\n")
    dnet = tg.grad(s.ns["net"])
    close(dnet(X), 1 - np.tanh(X) ** 2)
    close(dnet(X), 1 - np.tanh(X) ** 2)
    s.ns["ops"].act = np.sin
    close(dnet(X), np.cos(X))


def test_callee_of_a_callee_rebinds_a_global():
    # the guard of the callee's derivative is part of the caller's
    s = Cells()
    s.run("act = np.tanh\ndef inner(v):\n    return act(v) * 2.0\n"
          "def outer(x):\n    return np.sum(inner(x) ** 2)\n")
    douter = tg.grad(s.ns["outer"])
    close(douter(X), numerical_grad(s.ns["outer"], (X,), 0))
    close(douter(X), numerical_grad(s.ns["outer"], (X,), 0))
    s.run("act = np.sin\n")
    close(douter(X), 8 * np.sin(X) * np.cos(X))


def test_code_object_replaced_between_same_shape_calls():
    def f(x):
        return np.sum(x ** 2)

    def h(x):
        return np.sum(x ** 3)
    df = tg.grad(f)
    close(df(X), 2 * X)
    close(df(X), 2 * X)
    f.__code__ = h.__code__
    close(df(X), 3 * X ** 2)


def test_defaults_copied_on_the_fast_path():
    def f(x, c=2.0):
        return np.sum(c * x ** 2)
    df = tg.grad(f)
    close(df(X), 4 * X)
    close(df(X), 4 * X)
    f.__defaults__ = (5.0,)
    close(df(X), 10 * X)


def test_register_between_same_shape_calls(temporary_rules):
    def cube(x):
        return x * x * x

    def use(x):
        return np.sum(cube(x))
    du = tg.grad(use)
    close(du(X), 3 * X ** 2)
    close(du(X), 3 * X ** 2)
    tg.register(cube, "cube(x)", jvp={"x": "t * 7.0"})
    close(du(X), np.full(3, 7.0))


def test_shape_changed_in_place_is_another_signature():
    def f(x):
        return np.sum(np.sin(x) * x)
    df = tg.grad(f)
    a = X.copy()
    close(df(a), np.cos(a) * a + np.sin(a))
    a.shape = (3, 1)          # the same array object, another rank
    got = df(a)
    assert got.shape == (3, 1)
    close(got, np.cos(a) * a + np.sin(a))


@pytest.mark.parametrize("order", [0, 1])
def test_alternating_signatures_on_one_object(order):
    def f(x, w):
        return np.sum(np.tanh(x * w))
    df = tg.grad(f)
    calls = [(X, 2.0), (X.astype(np.float32), 2.0), (X.reshape(3, 1), np.float64(2.0)),
             (np.array(0.5), 2.0), (0.5, 2.0), (X[:2], np.array(2.0))]
    for x, w in (calls if order == 0 else calls[::-1]) * 3:
        got = df(x, w)
        want = w * (1 - np.tanh(np.asarray(x, dtype=np.float64) * w) ** 2)
        single = np.asarray(x).dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=1e-5 if single else 1e-9,
                                   atol=1e-6 if single else 0.0)
        assert type(got) is type(x)
        assert np.shape(got) == np.shape(x)
        if isinstance(x, np.ndarray):
            assert got.dtype == x.dtype and got.flags.writeable


def test_subclass_argument_after_plain_arrays_takes_the_full_path():
    class Tagged(np.ndarray):
        pass

    def f(x):
        return np.sum(x ** 2)
    df = tg.grad(f)
    close(df(X), 2 * X)
    tagged = X.copy().view(Tagged)
    got = df(tagged)
    close(np.asarray(got), 2 * X)
    fresh = tg.grad(f)(tagged)            # what the checked path hands back
    assert type(got) is type(fresh)


def test_read_only_gradient_copied_on_the_fast_path():
    def f(x, y):
        return np.sum(x + y)          # the gradient is a broadcast (read-only) view
    df = tg.grad(f)
    for _ in range(3):
        got = df(X, X)
        assert got.flags.writeable
        got[0] = 7.0                  # writing into it touches nothing else
        close(df(X, X), np.ones(3))


def test_threads_with_different_signatures_on_one_object():
    def f(x):
        return np.sum(np.sin(x) * x)
    df = tg.grad(f)
    inputs = [X, X.reshape(3, 1), X.astype(np.float32), np.array(0.25), 0.75]
    errors = []
    start = threading.Barrier(len(inputs))

    def work(x):
        try:
            start.wait()
            want = np.cos(x) * x + np.sin(x)
            for _ in range(300):
                got = df(x)
                assert type(got) is type(x) and np.shape(got) == np.shape(x)
                np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
    threads = [threading.Thread(target=work, args=(x,)) for x in inputs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


_RESULTS = [2.5, -0.0, float("nan"), np.float64(2.5), np.float64(-1e300)]
_VALUES = [1.0, np.float64(1.0), np.array(1.0), np.array(1.0, dtype=np.float32),
           np.float32(1.0), np.array([1.0]), np.array(1.0 + 0j), 1j, True, [1.0]]


@pytest.mark.filterwarnings("ignore:overflow encountered")     # -1e300 rounded to float32
@pytest.mark.parametrize("result, value", list(itertools.product(_RESULTS, _VALUES)))
def test_float64_results_converted_as_the_general_path(result, value):
    got = results.like(result, value)
    want = results._leaf(result, value) if not isinstance(value, list) else plain_containers(result)
    assert type(got) is type(want)
    assert np.shape(got) == np.shape(want)
    np.testing.assert_array_equal(got, want)
    assert np.signbit(np.real(got)) == np.signbit(np.real(want))
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype and got.flags.writeable


def test_dims_of_one_after_full_dims_is_another_signature():
    # code specialized to x and y of one shape leaves out the unbroadcast a (1,) x needs
    def f(x, y):
        return np.sum(x * y)
    df = tg.grad(f)
    y = np.array([1.0, 2.0, 4.0])
    close(df(X, y), y)
    close(df(X, y), y)
    got = df(np.ones(1), y)
    assert got.shape == (1,)
    close(got, [7.0])


def test_integer_array_after_float_array_is_still_refused():
    def f(x):
        return np.sum(x ** 2)
    df = tg.grad(f)
    close(df(X), 2 * X)
    with pytest.raises(TypeError, match="integer"):
        df(np.array([1, 2, 3]))
    with pytest.raises(TypeError, match="integer"):
        df(3)


def test_complex_after_real_is_another_signature():
    def f(x):
        return np.real(np.sum(x * np.conj(x)))
    df = tg.grad(f)
    close(df(X), 2 * X)
    z = X + 1j * X[::-1]
    got = df(z)
    assert got.dtype == z.dtype
    np.testing.assert_allclose(got, tg.grad(f)(z))
    np.testing.assert_allclose(np.real(got), 2 * np.real(z))


def test_module_attribute_rebound_and_deleted():
    s = Cells()
    s.run("mod = types.ModuleType('activations')\nmod.act = np.tanh\n"
          "def net(x):\n    return np.sum(mod.act(x))\n")
    mod, dnet = s.ns["mod"], tg.grad(s.ns["net"])
    close(dnet(X), 1 - np.tanh(X) ** 2)
    close(dnet(X), 1 - np.tanh(X) ** 2)
    mod.act = np.sin
    close(dnet(X), np.cos(X))
    del mod.act                       # the compiled guard's AttributeError: the general check
    with pytest.raises(AttributeError):
        s.ns["net"](X)
    with pytest.raises(AttributeError) as info:
        dnet(X)
    # raised by the function's own lookup (generated again, or its generated code), not
    # by the guard
    assert not any("tangentish guard" in str(entry.path) for entry in info.traceback)
    mod.act = np.cos
    close(dnet(X), -np.sin(X))


def test_closure_cell_emptied():
    def make():
        def op(v):
            return np.sin(v)

        def inner(x):
            return np.sum(op(x))

        def drop():
            nonlocal op
            del op
        return inner, drop
    inner, drop = make()
    di = tg.grad(inner)
    close(di(X), np.cos(X))
    close(di(X), np.cos(X))
    drop()                            # the compiled guard's ValueError: the general check
    with pytest.raises(NameError):
        inner(X)
    with pytest.raises(NameError):
        di(X)


def test_code_bound_to_another_closure_checks_its_own_cells():
    # the second closure reuses the first one's generated code and guard text
    # (driver.Generated.for_function); its guard must read its own closure cell
    def make(op):
        def inner(x):
            return np.sum(op(x))

        def set_op(o):
            nonlocal op
            op = o
        return inner, set_op
    first, set_first = make(np.sin)
    second, set_second = make(np.sin)
    d1, d2 = tg.grad(first), tg.grad(second)
    close(d1(X), np.cos(X))
    close(d2(X), np.cos(X))
    set_second(np.cos)
    close(d2(X), -np.sin(X))
    close(d1(X), np.cos(X))
    set_first(np.tanh)
    close(d1(X), 1 - np.tanh(X) ** 2)
    close(d2(X), -np.sin(X))


def test_another_number_of_arguments_after_fast_calls_is_refused_as_before():
    # the compiled check answers "not ready" (never a value returned as the gradient)
    def f(x, y):
        return np.sum(x * y)
    df = tg.grad(f)
    for _ in range(2):
        close(df(X, 2.0 * X), 2.0 * X)
    with pytest.raises(TypeError):
        df(X)
    with pytest.raises(TypeError):
        df(X, X, X)
    close(df(X, 3.0 * X), 3.0 * X)


def test_number_differentiated_beside_arrays_takes_the_general_path_after_the_check():
    def f(a, x):
        return a * a * np.sum(x)
    df = tg.grad(f)
    for a in (1.5, 2.0, -3.0):
        for _ in range(2):
            got = df(a, X)
            assert type(got) is float
            assert got == pytest.approx(2.0 * a * np.sum(X))
            assert got == pytest.approx(numerical_grad(f, (a, X), 0))


def test_error_in_generated_code_on_the_fast_path_names_the_user_line():
    def f(a):
        return np.sum(np.linalg.inv(a))
    df = tg.grad(f)
    good = np.array([[2.0, 1.0], [1.0, 3.0]])
    df(good)
    df(good)                          # the fast path from here on
    with pytest.raises(np.linalg.LinAlgError) as info:
        df(np.ones((2, 2)))           # same shape and dtype: singular
    # the user's line is a note (Python 3.11+) or part of the message (3.9, 3.10)
    told = "\n".join(getattr(info.value, "__notes__", [])) + str(info.value)
    assert "return np.sum(np.linalg.inv(a))" in told


def test_source_after_fast_calls_is_the_code_that_ran():
    def f(x):
        return np.sum(x * x)
    df = tg.grad(f)
    df(X)
    df(X)
    before = tg.source(df)
    df(np.float64(2.0))               # another signature: its code
    df(X)                             # the fast path of the first again
    assert tg.source(df) == before


def test_defaults_changed_between_calls_passing_every_argument():
    # a call passing every argument reads no default (its check copies none); a later
    # call leaving one out reads the new ones
    def f(x, c=2.0):
        return np.sum(c * x ** 2)
    df = tg.grad(f)
    close(df(X, 3.0), 6 * X)
    close(df(X, 3.0), 6 * X)
    f.__defaults__ = (5.0,)
    close(df(X, 3.0), 6 * X)
    close(df(X), 10 * X)
    close(df(X), 10 * X)
    f.__defaults__ = (7.0,)
    close(df(X, 3.0), 6 * X)
    close(df(X), 14 * X)
