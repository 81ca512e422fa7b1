"""Calls and objects inside differentiated functions: closures handed to
tangentish's own operators, * / ** unpacking at calls, functools.partial,
callable objects and methods, namedtuples / dataclasses / plain objects built
inside, max / min / sum of lists.  Each construct: check_grads (both modes,
second order, against finite differences) and hand values; each refusal: a
TransformError naming the user's line."""
import sys
import os

import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError

SHIM = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    "conformance", "autograd", "shim")


def _autograd_grad():
    """The autograd shim's grad, whatever autograd another test imported."""
    def ours(k):
        return k == "autograd" or k.startswith("autograd.")
    saved = {k: sys.modules.pop(k) for k in list(sys.modules) if ours(k)}
    sys.path.insert(0, SHIM)
    try:
        import autograd
        assert getattr(autograd, "SHIM", False)
        return autograd.grad
    finally:
        sys.path.remove(SHIM)
        for k in [k for k in sys.modules if ours(k)]:
            del sys.modules[k]
        sys.modules.update(saved)


# -- 1. closures passed to tangentish's operators ----------------------------------

def closure_grad(x):
    inner = lambda y: x * y
    return x * tg.grad(inner)(2.0)


def closure_grad_def(x):
    def inner(y, z):
        return x * x * y * z
    a, b = tg.grad(inner, wrt=(0, 1))(x, 3.0)
    return a * b + tg.value_and_grad(inner, 1)(2.0, x)[1]


def closure_jacobian(x):
    inner = lambda y: np.sin(x * y)
    return np.sum(tg.jacobian(inner)(np.array([1.0, 2.0]) * x))


def closure_hessian(x):
    inner = lambda y: np.sum(x * y ** 3)
    return np.sum(tg.hessian(inner)(np.array([1.0, 2.0]) * x))


def closure_inline(x):
    return tg.grad(lambda y: np.exp(y) * np.tanh(x[0]))(x[1])


def test_closure_passed_to_grad():
    tg.check_grads(closure_grad, (1.3,), order=2)
    assert tg.grad(closure_grad)(1.3) == pytest.approx(2 * 1.3)      # x * x


def test_closure_wrt_tuple_and_value_and_grad():
    tg.check_grads(closure_grad_def, (1.3,), order=2)
    # 3 x^5 + 2 x^2
    assert closure_grad_def(1.3) == pytest.approx(3 * 1.3 ** 5 + 2 * 1.3 ** 2)
    assert tg.grad(closure_grad_def)(1.3) == pytest.approx(15 * 1.3 ** 4 + 4 * 1.3)


def test_closure_jacobian_hessian():
    tg.check_grads(closure_jacobian, (1.3,), order=2)
    x = 1.3
    assert closure_jacobian(x) == pytest.approx(x * (np.cos(x * x) + np.cos(2 * x * x)))
    tg.check_grads(closure_hessian, (1.3,), order=2)
    assert closure_hessian(1.3) == pytest.approx(18 * 1.3 ** 2)
    assert tg.grad(closure_hessian)(1.3) == pytest.approx(36 * 1.3)


def test_inline_lambda_passed_to_grad():
    x = np.array([0.3, 0.7])
    tg.check_grads(closure_inline, (x,), order=2)
    assert tg.grad(closure_inline)(x) == pytest.approx(
        [np.exp(0.7) * (1 - np.tanh(0.3) ** 2), np.exp(0.7) * np.tanh(0.3)])


def test_closure_through_module_wrapper():
    grad = _autograd_grad()

    def fun(x):
        inner_fun = lambda y: y * x
        return x * grad(inner_fun)(2.0)

    def fun2(x):
        return grad(lambda y: np.exp(y) * np.tanh(x[0] * y))(x[1])

    tg.check_grads(fun, (1.3,), order=2)
    assert tg.grad(fun)(1.3) == pytest.approx(2.6)
    tg.check_grads(fun2, (np.array([0.3, 0.7]),), order=2)


def closure_defaults(x):
    inner = lambda y, k=2.0: x * y * k
    return tg.grad(inner)(2.0)


def closure_wrt_variable(x, w):
    inner = lambda y: x * y
    return tg.grad(inner, wrt=w)(2.0)


def closure_stored(x):
    inner = lambda y: x * y
    g = tg.grad(inner)
    return g(2.0)


def test_closure_operator_refusals():
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*defaults"):
        tg.grad(closure_defaults)(1.0)
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*literal"):
        tg.grad(closure_wrt_variable)(1.0, 0)
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*nested function"):
        tg.grad(closure_stored)(1.0)


# -- 2. * and ** at call sites -------------------------------------------------------

def star(a, b, c=1.0):
    return a * b * c


def varstar(*args, **kw):
    return args[0] * args[1] * kw['c']


def star_tuple(x):
    xs = (x, x * x)
    return star(*xs)


def star_dict(x):
    kw = {'c': x}
    return star(x, 2.0, **kw)


def star_list_and_dict(x):
    xs = [x, np.sin(x)]
    kw = {'c': x * 3.0}
    return star(*xs, **kw) + varstar(*xs, **kw) + len(xs)


def star_displays(x):
    return star(*(x, x), **{'c': np.cos(x)})


def test_star_unpacking():
    x = 1.3
    for f, value, grad in [
            (star_tuple, x ** 3, 3 * x * x),
            (star_dict, 2 * x * x, 4 * x),
            (star_list_and_dict, 6 * x * x * np.sin(x) + 2,
             2 * (6 * x * np.sin(x) + 3 * x * x * np.cos(x))),
            (star_displays, x * x * np.cos(x), 2 * x * np.cos(x) - x * x * np.sin(x))]:
        tg.check_grads(f, (x,), order=2)
        assert f(x) == pytest.approx(value)
        assert tg.grad(f)(x) == pytest.approx(grad)


def star_argument(x, xs):
    return star(*xs)


def star_appended(x):
    xs = [x, x]
    xs.append(x)
    return star(*xs)


def star_kwargs_argument(x, kw):
    return star(x, x, **kw)


def star_duplicate(x):
    kw = {'c': x}
    return star(x, x, c=2.0, **kw)


def test_star_unpacking_refusals():
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*\*args unpacking"):
        tg.grad(star_argument)(1.0, (1.0, 2.0))
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*\*args unpacking"):
        tg.grad(star_appended)(1.0)
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*\*\*kwargs"):
        tg.grad(star_kwargs_argument)(1.0, {'c': 2.0})
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*same keyword"):
        tg.grad(star_duplicate)(1.0)


# -- 5. namedtuples, dataclasses and plain objects read by attribute ------------------

import collections      # noqa: E402
import dataclasses      # noqa: E402
import typing           # noqa: E402

Pair = collections.namedtuple('Pair', ['a', 'b'])


class TypedPair(typing.NamedTuple):
    a: float
    b: float = 2.0


@dataclasses.dataclass
class Triple:
    a: float
    b: float
    c: float = 3.0


class Plain:
    def __init__(self, a, b, k=2.0):
        self.a = a
        self.b = b
        self.k = k
        self.z = 1.0


class WithProperty:
    def __init__(self, a, b):
        self.a = a
        self.b = b

    @property
    def s(self):
        return self.a + self.b


class WithGetattr:
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def __getattr__(self, name):
        return 1.0


class Computed:
    def __init__(self, a, b):
        self.a = a * 2.0
        self.b = b


def record_namedtuple(x):
    p = Pair(x, x * x)
    return p.a * p.b


def record_typed_namedtuple(x):
    p = TypedPair(x)
    return p.a * p.b


def record_dataclass(x):
    p = Triple(b=x * x, a=np.sin(x))
    return p.a * p.b * p.c


def record_plain(x):
    p = Plain(x, x * x)
    return p.a * p.b * p.k + p.z


def test_records_read_by_attribute():
    x = 1.3
    for f, value, grad in [
            (record_namedtuple, x ** 3, 3 * x * x),
            (record_typed_namedtuple, 2 * x, 2.0),
            (record_dataclass, 3 * np.sin(x) * x * x,
             3 * (np.cos(x) * x * x + 2 * x * np.sin(x))),
            (record_plain, 2 * x ** 3 + 1, 6 * x * x)]:
        tg.check_grads(f, (x,), order=2)
        assert f(x) == pytest.approx(value)
        assert tg.grad(f)(x) == pytest.approx(grad)


def record_property(x):
    p = WithProperty(x, x * x)
    return p.s * x


def record_getattr(x):
    p = WithGetattr(x, x * x)
    return p.a * p.b


def record_computed(x):
    p = Computed(x, x * x)
    return p.a * p.b


def record_escapes(x):
    p = Pair(x, x * x)
    q = p
    return q.a * p.b


def test_record_refusals():
    for f, attr in [(record_property, "s"), (record_getattr, "b"), (record_computed, "b"),
                    (record_escapes, "b")]:
        with pytest.raises(TransformError,
                           match=rf"test_calls_and_objects.py:\d+.*attribute \.{attr}"):
            tg.grad(f)(1.3)


# -- 6. max / min / sum of a list held in a variable ----------------------------------

def extremes_list(x):
    ys = [x, x * x, 2.0 * x]
    return max(ys) + min(ys) + sum(ys)


def extremes_tuple(x):
    ys = (np.sin(x), np.cos(x))
    return max(ys) * min(ys)


def extremes_appended(x):
    ys = []
    for k in range(3):
        ys.append(x * k - k * k)
    return max(ys)


def extremes_generator(x):
    return max(x * k for k in [1.0, 2.0, 3.0]) + min(x * k for k in [1.0, 2.0])


def extremes_ties(x):
    ys = [x, x, 0.5 * x]
    zs = [2.0 * x, x * 2.0]
    return max(ys) * 3.0 + max(zs)


def test_max_min_sum_of_lists():
    x = 1.3
    for f, value, grad in [
            (extremes_list, 2 * x + x + (x + x * x + 2 * x), 2 + 1 + 1 + 2 * x + 2),
            (extremes_tuple, np.sin(x) * np.cos(x), np.cos(2 * x)),
            (extremes_appended, x - 1, 1.0),
            (extremes_generator, 3 * x + x, 4.0),
            (extremes_ties, 5 * x, 5.0)]:
        tg.check_grads(f, (x,), order=2)
        assert f(x) == pytest.approx(value)
        assert tg.grad(f)(x) == pytest.approx(grad)


def extremes_argument(x, ys):
    return max(ys) * x


def extremes_array(x):
    return max(np.array([x, 2 * x]))


def extremes_key(x):
    ys = [x, -2.0 * x]
    return max(ys, key=abs)


def test_max_min_refusals():
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*max\(\)"):
        tg.grad(extremes_argument, wrt=(0, 1))(1.0, [1.0, 2.0])
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*max\(\)"):
        tg.grad(extremes_array)(1.0)
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*max\(\)"):
        tg.grad(extremes_key)(1.0)


# -- 3. functools.partial objects made inside -----------------------------------------

import functools        # noqa: E402


def mul3(a, b, c=1.0):
    return a * b * c


def partial_constant(x):
    f = functools.partial(mul3, 3.0)
    return f(x) * x


def partial_active(x):
    f = functools.partial(mul3, x)
    return f(x)


def partial_keyword(x):
    f = functools.partial(mul3, c=x)
    return f(x, 2.0) + f(x, 1.0, c=4.0)


def partial_early_binding(x):
    y = x * x
    f = functools.partial(mul3, y)
    y = 5.0
    return f(x) + y


def test_partial():
    x = 1.3
    for f, value, grad in [
            (partial_constant, 3 * x * x, 6 * x),
            (partial_active, x * x, 2 * x),
            (partial_keyword, 2 * x * x + 4 * x, 4 * x + 4),
            (partial_early_binding, x ** 3 + 5, 3 * x * x)]:
        tg.check_grads(f, (x,), order=2)
        assert f(x) == pytest.approx(value)
        assert tg.grad(f)(x) == pytest.approx(grad)


def partial_escapes(x):
    f = functools.partial(mul3, x)
    g = f
    return g(x)


def partial_kwargs_call(x, kw):
    f = functools.partial(mul3, c=x)
    return f(x, 2.0, **kw)


def test_partial_refusals():
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*function value"):
        tg.grad(partial_escapes)(1.3)
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*partial.*\*\*"):
        tg.grad(partial_kwargs_call)(1.3, {})


# -- 4. callable objects, methods, static methods of objects made inside -------------

class Scale:
    def __init__(self, s, p=2.0):
        self.s = s
        self.p = p

    def __call__(self, x):
        return self.s * x ** self.p

    def m(self, x):
        return self.s * x

    def twice(self, x):
        return self.m(x) + self(x) * 0.0 + self.m(2.0 * x)

    @staticmethod
    def cube(x):
        return x * x * x


class Sub(Scale):
    def m(self, x):
        return super().m(x) * x


class Writes(Scale):
    def m(self, x):
        self.s = x
        return self.s * x


def object_call(x):
    o = Scale(x)
    return o(x)


def object_methods(x):
    o = Scale(np.sin(x), p=3.0)
    return o.m(x) + o.twice(x) + o.cube(x) + o.s


def object_constant_call(x):
    return Scale(2.0)(x) + Scale.cube(x)


def test_objects_with_methods():
    x = 1.3
    s, c = np.sin(x), np.cos(x)
    for f, value, grad in [
            (object_call, x ** 3, 3 * x * x),
            (object_methods, s * x + 3 * s * x + x ** 3 + s,
             c * x + s + 3 * (c * x + s) + 3 * x * x + c),
            (object_constant_call, 2 * x * x + x ** 3, 4 * x + 3 * x * x)]:
        tg.check_grads(f, (x,), order=2)
        assert f(x) == pytest.approx(value)
        assert tg.grad(f)(x) == pytest.approx(grad)


def object_super(x):
    o = Sub(x)
    return o.m(x)


def object_writes(x):
    o = Writes(x)
    return o.m(x)


def object_called_at_once(x):
    return Scale(x)(x)


def test_object_refusals():
    for f in (object_super, object_writes):
        with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*\.m\(\)"):
            tg.grad(f)(1.3)
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*function value"):
        tg.grad(object_called_at_once)(1.3)


@dataclasses.dataclass
class OwnInit:
    a: float
    b: float

    def __init__(self, a, b):      # dataclass keeps it: fields are not what it assigns
        self.a = b
        self.b = a


def record_dataclass_own_init(x):
    p = OwnInit(x, 2.0 * x)
    return p.a * p.a


def extremes_annotated(x):
    ys: dict = {x: 1.0, 2.0: 3.0}
    return max(ys) * x


def test_refusals_where_a_model_would_be_wrong():
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*attribute \.a"):
        tg.grad(record_dataclass_own_init)(1.3)
    with pytest.raises(TransformError, match=r"test_calls_and_objects.py:\d+.*max\(\)"):
        tg.grad(extremes_annotated)(1.3)
