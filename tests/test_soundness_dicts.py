"""Loops over dicts (issue 10, breaker findings 8, 10-14): a dict yields its keys,
which are hashable constants and carry no derivative; its values do.

`lower_control.py` lowers ``for k in d`` (and ``d.items()``, ``d.keys()``,
``d.values()``, ``enumerate``/``zip``/``reversed``/``sorted``/``list`` of them)
into a loop over positions.  Where the code shows the container is a dict (a
display, ``dict(...)``, a view method, a name only ever bound to those) the keys
come from ``iteration_keys`` / ``dict_key`` and get no derivative code at all;
where only the run-time value can tell (an argument, a helper's result), from
``iteration_item`` (a key's tangent and cotangent are exactly zero) or
``iteration_key`` (a loop that indexes the container with what it yields).
Before: the key's "cotangent" was sent into the dict at the loop position (wrong
gradients, a spurious key 0), forward mode took the tangent dict's keys as
tangents, and a dict not indexed in the body was read by position (KeyError).

Every case is checked against central finite differences and, where autograd
runs the same code, against autograd: grad, jvp along a direction and the
Hessian.
"""
import types

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError

# autograd warns when a Hessian is zero (a function linear in x)
pytestmark = pytest.mark.filterwarnings("ignore:Output seems independent of input")


def fd_grad(f, x, eps=1e-6):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        a, b = x.copy(), x.copy()
        a[i] += eps
        b[i] -= eps
        g[i] = (f(a if x.ndim else float(a)) - f(b if x.ndim else float(b))) / (2 * eps)
    return g


def fd_hessian(f, x, eps=1e-4):
    x = np.array(x, dtype=float)
    n = x.size
    h = np.zeros((n, n))
    for i in range(n):
        e = np.zeros(n)
        e[i] = eps
        e = e.reshape(x.shape)
        up = fd_grad(f, x + e if x.ndim else float(x + e), 1e-5)
        down = fd_grad(f, x - e if x.ndim else float(x - e), 1e-5)
        h[:, i] = ((up - down) / (2 * eps)).ravel()
    return h


def with_autograd(fn):
    """The same function running on autograd.numpy."""
    return types.FunctionType(fn.__code__, dict(fn.__globals__, np=anp), fn.__name__,
                              fn.__defaults__, fn.__closure__)


def check_all(f, x, autograd_ok=True):
    x = np.array(x, dtype=float) if np.ndim(x) else float(x)
    want = fd_grad(f, x)
    got = tg.grad(f)(x)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg="grad")
    if autograd_ok:
        np.testing.assert_allclose(got, autograd.grad(with_autograd(f))(x), rtol=1e-9,
                                   atol=1e-12, err_msg="grad vs autograd")
    v = np.linspace(0.3, 1.1, np.size(x)).reshape(np.shape(x)) if np.ndim(x) else 0.7
    _, tangent = tg.jvp(f, (x,), (v,))
    np.testing.assert_allclose(tangent, np.sum(want * v), rtol=1e-5, atol=1e-6, err_msg="jvp")
    hess = np.reshape(tg.hessian(f)(x), (np.size(x), np.size(x)))
    np.testing.assert_allclose(hess, fd_hessian(f, x), rtol=1e-3, atol=1e-4, err_msg="hessian")
    if autograd_ok:
        np.testing.assert_allclose(hess, np.reshape(autograd.hessian(with_autograd(f))(x),
                                                    hess.shape), rtol=1e-7, atol=1e-9)


X3 = np.array([0.5, -0.3, 0.8])


# -- the breaker's reproductions ------------------------------------------------------------------
def int_keys_times_key(x):                    # finding 10: f = x + 2 x^2
    d = {1: x, 2: x * x}
    s = 0.0
    for k in d:
        s = s + d[k] * k
    return s


def keys_not_in_position_order(x):            # finding 13: f = x0
    d = {1: x[0], 0: x[1]}
    s = 0.0
    for k in d:
        s = s + d[k] * k
    return s


def dict_not_indexed_in_body(x):              # finding 11 (was KeyError 0)
    s = 0.0
    for k in {1: 'a', 2: 'b'}:
        s = s + x * k
    return s


def tuple_keys(x):                            # finding 12
    d = {(0, 1): x[0], (1, 2): x[1]}
    s = 0.0
    for k in d:
        s = s + d[k] * k[1]
    return s


def string_keys_cubed(x):                     # finding 8 (jvp: TypeError)
    d = {'a': x[0], 'b': x[1]}
    s = 0.0
    for k in d:
        s = s + d[k] ** 3
    return s


def test_finding_10_values():
    assert np.isclose(tg.grad(int_keys_times_key)(3.0), 13.0)
    assert np.isclose(tg.jvp(int_keys_times_key, (3.0,), (1.0,))[1], 13.0)
    assert np.isclose(tg.hessian(int_keys_times_key)(3.0), 4.0)


def test_finding_13_values():
    np.testing.assert_allclose(tg.grad(keys_not_in_position_order)(np.array([0.5, -0.3])),
                               [1.0, 0.0])


def test_finding_14_param_dict_keyed_by_layer():
    def f(p):
        s = 0.0
        for k in p:
            s = s + np.sum(p[k] ** 2) * k
        return s
    p = {1: np.array([1.0, 2.0]), 2: np.array([3.0])}
    got = tg.grad(f)(p)
    assert set(got) == {1, 2}                  # no spurious key 0
    np.testing.assert_allclose(got[1], [2.0, 4.0])
    np.testing.assert_allclose(got[2], [12.0])
    want = autograd.grad(with_autograd(f))(p)
    for k in p:
        np.testing.assert_allclose(got[k], want[k])
    _, t = tg.jvp(f, (p,), ({1: np.array([1.0, 0.5]), 2: np.array([2.0])},))
    assert np.isclose(t, 2 * 1 * 1.0 + 4 * 0.5 + 12 * 2.0)


# -- variations: key types, views, wrappers, control flow -------------------------------------------
def float_keys(x):
    d = {0.5: x[0], 1.5: x[1]}
    s = 0.0
    for k in d:
        s = s + d[k] * k
    return s


def items_with_int_keys(x):
    d = {2: x[0], 0: x[1], 1: x[2]}
    s = 0.0
    for k, v in d.items():
        s = s + v * k + np.sin(v)
    return s


def values_only(x):
    d = {2: x[0], 0: x[1], 1: x[2]}
    s = 0.0
    for v in d.values():
        s = s + v * v
    return s


def keys_method(x):
    d = {2: x[0], 0: x[1], 1: x[2]}
    s = 0.0
    for k in d.keys():
        s = s + d[k] * (k + 1)
    return s


def enumerate_dict(x):
    d = {2: x[0], 0: x[1], 1: x[2]}
    s = 0.0
    for i, k in enumerate(d):
        s = s + d[k] * k * (i + 1)
    return s


def enumerate_items(x):
    d = {2: x[0], 0: x[1], 1: x[2]}
    s = 0.0
    for i, (k, v) in enumerate(d.items(), 1):
        s = s + v * k * i
    return s


def zip_dict_and_list(x):
    d = {2: x[0], 0: x[1], 1: x[2]}
    s = 0.0
    for k, w in zip(d, [1.0, 2.0, 3.0]):
        s = s + d[k] * k * w
    return s


def sorted_dict(x):
    d = {2: x[0], 0: x[1], 1: x[2]}
    s = 0.0
    for k in sorted(d):
        s = s * 0.5 + d[k] * k
    return s


def sorted_items_reversed(x):
    d = {2: x[0], 0: x[1], 1: x[2]}
    s = 0.0
    for k, v in sorted(d.items(), reverse=True):
        s = s * 0.5 + v * k
    return s


def list_of_items(x):
    d = {1: x[0], 2: x[1]}
    s = 0.0
    for k, v in list(d.items()):
        s = s + v * k
    return s


def reversed_dict(x):
    d = {1: x[0], 2: x[1]}
    s = 0.0
    for k in reversed(d):
        s = s * 2.0 + d[k] * k
    return s


def built_in_a_loop(x):
    d = {}
    for i in range(3):
        d[i * 2 + 1] = x[i] ** 2
    s = 0.0
    for k in d:
        s = s + d[k] * k
    return s


def updated_while_iterating(x):
    d = {1: x[0], 2: x[1]}
    for k in d:
        d[k] = d[k] * k
    return d[1] + d[2] * d[1]


def nested_dict_loops(x):
    d = {1: x[0], 2: x[1]}
    e = {1: x[2], 2: x[0]}
    s = 0.0
    for k in d:
        for j in e:
            s = s + d[k] * e[j] * (k - j)
    return s


def break_continue_on_keys(x):
    d = {3: x[0], 1: x[1], 2: x[2], 5: x[0]}
    s = 0.0
    for k in d:
        if k == 1:
            continue
        if k > 4:
            break
        s = s + d[k] * k
    return s


def early_return_in_dict_loop(x):
    d = {3: x[0], 1: x[1], 2: x[2]}
    for k in d:
        if d[k] > 0.6:
            return d[k] * k
    return 0.0


def tuple_keys_unpacked(x):
    d = {(1, 2): x[0], (3, 4): x[1]}
    s = 0.0
    for a, b in d:
        s = s + d[a, b] * a * b
    return s


def key_indexes_another_array(x):
    d = {0: 'a', 2: 'b'}
    s = 0.0
    for k in d:
        s = s + x[k] * k
    return s


def key_in_exponent(x):
    d = {1: x[0], 2: x[1]}
    s = 0.0
    n = 0
    for k in d:
        n = n + k
        s = s + d[k] ** n
    return s


def make_dict(x):
    return {3: x[0], 1: x[1] * x[2]}


def helper_dict(x):                           # the kind is known only at run time
    d = make_dict(x)
    s = 0.0
    for k in d:
        s = s + d[k] * k
    return s


def helper_dict_not_indexed(x):
    d = make_dict(x)
    s = 0.0
    for k in d:
        s = s + x[0] * k
    return s


def make_tuple_keyed(x):
    return {(1, 2): x[0], (3, 4): x[1] * x[2]}


def helper_tuple_keys_not_indexed(x):
    d = make_tuple_keyed(x)
    s = 0.0
    for k in d:
        s = s + x[0] * k[1] + x[1] * k[0]
    return s


def helper_dict_zip(x):
    d = make_dict(x)
    s = 0.0
    for k, w in zip(d, x):
        s = s + w * k * d[k]
    return s


def list_rebound_in_loop(x):
    xs = [x[0], x[1]]
    s = 0.0
    for v in xs:
        xs = [v * 3.0, v * 3.0]     # Python iterates the original list
        s = s + v
    return s


def make_str_keyed(x):
    return {'ab': x[0], 'c': x[1] * x[2]}


def helper_str_keys_as_strings(x):           # keys with zero tangents, used as strings
    d = make_str_keyed(x)
    s = 0.0
    for k in d:
        for ch in k:
            s = s + x[0] * len(ch) + x[1]
        s = s + (d[k] if k == 'ab' else x[2] * len(k))
    return s


def make_float_keyed(x):
    return {1.5: x[0], -2.0: x[1] * x[2]}


def helper_float_keys_reversed(x):
    d = make_float_keyed(x)
    m = 1.0
    for i, k in enumerate(reversed(d)):
        m = m * (x[i] + k) + d[k] * k
    return m


CONFIG = {2: 0.5, 0: -1.5}


def global_dict_weights(x):
    s = 0.0
    for k, w in CONFIG.items():
        s = s + np.sin(x[k]) * w * k
    for k in CONFIG:
        s = s + x[k] * k
    return s


def dict_loop_inside_while(x):
    d = {2: x[0], 0: x[1]}
    s = 0.0
    i = 0
    while i < 2:
        for k in d:
            s = s + d[k] * k * (i + 1)
        i = i + 1
    return s


CASES = [int_keys_times_key, keys_not_in_position_order, dict_not_indexed_in_body, tuple_keys,
         string_keys_cubed, float_keys, items_with_int_keys, values_only, keys_method,
         enumerate_dict, enumerate_items, zip_dict_and_list, sorted_dict, sorted_items_reversed,
         list_of_items, reversed_dict, built_in_a_loop, updated_while_iterating,
         nested_dict_loops, break_continue_on_keys, early_return_in_dict_loop,
         tuple_keys_unpacked, key_indexes_another_array, key_in_exponent, helper_dict,
         helper_dict_not_indexed, helper_tuple_keys_not_indexed, helper_dict_zip,
         list_rebound_in_loop, helper_str_keys_as_strings, helper_float_keys_reversed,
         global_dict_weights, dict_loop_inside_while]
SCALAR = {int_keys_times_key: 3.0, dict_not_indexed_in_body: 0.5}
NO_AUTOGRAD = {early_return_in_dict_loop,    # the branch on a boxed value works; kept simple
               helper_float_keys_reversed}   # autograd cannot reverse a boxed dict


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_grad_jvp_hessian(f):
    check_all(f, SCALAR.get(f, X3 if f is not keys_not_in_position_order else X3[:2]),
              autograd_ok=f not in NO_AUTOGRAD)


# -- a dict argument ---------------------------------------------------------------------------------
def _dict_fd(f, p, extra=()):
    keys = list(p)

    def flat(vec):
        q, i = {}, 0
        for k in keys:
            n = np.size(p[k])
            q[k] = vec[i:i + n].reshape(np.shape(p[k])) if np.ndim(p[k]) else float(vec[i])
            i += n
        return f(q, *extra)
    vec = np.concatenate([np.ravel(p[k]) for k in keys]).astype(float)
    g = fd_grad(flat, vec)
    out, i = {}, 0
    for k in keys:
        n = np.size(p[k])
        out[k] = g[i:i + n].reshape(np.shape(p[k]))
        i += n
    return out


def p_items(p):
    s = 0.0
    for k, v in p.items():
        s = s + np.sum(v ** 2) * k
    return s


def p_keys_not_indexed(p):
    s = 0.0
    for k in p:
        s = s + k * 2.0
    return s + np.sum(p[1] * p[2])


def p_string_names(p):
    s = 0.0
    for name in p:
        if name.startswith('w'):
            s = s + np.sum(p[name] ** 2)
        else:
            s = s + np.sum(p[name]) * 3.0
    return s


def p_enumerate(p):
    s = 0.0
    for i, k in enumerate(p):
        s = s + np.sum(p[k]) * (i + 1) * k
    return s


def p_sorted(p):
    s = 0.0
    for k in sorted(p):
        s = s * 0.5 + np.sum(p[k]) * k
    return s


def p_reversed(p):
    s = 0.0
    for k in reversed(p):
        s = s * 2.0 + np.sum(np.sin(p[k])) * k
    return s


def p_tuple_keys(p):
    s = 0.0
    for a, b in p:
        s = s + np.sum(p[a, b]) * a - b * np.sum(p[a, b] ** 2)
    return s


def p_tuple_keys_indexed(p):
    s = 0.0
    for k in p:
        s = s + np.sum(p[k]) * k[0] * k[1]
    return s


INT_P = {2: np.array([1.0, 2.0]), 1: np.array([3.0])}
DICT_CASES = [(p_items, INT_P), (p_keys_not_indexed, INT_P),
              (p_string_names, {'w': np.array([0.5, -1.0]), 'b': np.array([0.3])}),
              (p_enumerate, INT_P), (p_sorted, INT_P), (p_reversed, INT_P),
              (p_tuple_keys, {(1, 2): np.array([0.5]), (3, 4): np.array([-0.7, 0.2])}),
              (p_tuple_keys_indexed, {(1, 2): np.array([0.5]), (3, 4): np.array([-0.7, 0.2])})]


@pytest.mark.parametrize("f,p", DICT_CASES, ids=[f.__name__ for f, _ in DICT_CASES])
def test_dict_argument(f, p):
    want = _dict_fd(f, p)
    got = tg.grad(f)(p)
    assert set(got) == set(p)
    for k in p:
        np.testing.assert_allclose(got[k], want[k], rtol=1e-5, atol=1e-6)
    if f is not p_reversed:                   # autograd cannot reverse a boxed dict
        ag = autograd.grad(with_autograd(f))(p)
        for k in p:
            np.testing.assert_allclose(got[k], ag[k], rtol=1e-9, atol=1e-12)
    t = {k: np.linspace(0.2, 0.9, np.size(v)).reshape(np.shape(v)) for k, v in p.items()}
    _, tangent = tg.jvp(f, (p,), (t,))
    assert np.isclose(tangent, sum(np.sum(want[k] * t[k]) for k in p), rtol=1e-5, atol=1e-6)


def test_second_order_through_a_dict_argument():
    # d/dx of the gradient: the dict is built from x and handed to a function that loops over it
    def inner(p):
        s = 0.0
        for k in p:
            s = s + p[k] ** 3 * k
        return s

    def f(x):
        return inner({2: x[0], 1: x[1] * x[2]})
    check_all(f, X3)


def test_a_list_argument_still_yields_its_elements():
    def f(xs):
        s = 0.0
        for v in xs:
            s = s + np.sum(v ** 2)
        return s
    xs = [np.array([1.0, 2.0]), np.array([3.0])]
    got = tg.grad(f)(xs)
    np.testing.assert_allclose(got[0], [2.0, 4.0])
    np.testing.assert_allclose(got[1], [6.0])
    assert np.isclose(tg.jvp(f, (xs,), ([np.ones(2), np.ones(1)],))[1], 2 + 4 + 6)


def test_a_list_of_tuples_argument():
    def f(pairs, x):
        s = 0.0
        for k, v in pairs:
            s = s + v * k * x
        return s
    pairs = [(1, 0.5), (2, -0.25)]
    assert np.isclose(tg.grad(f, wrt=1)(pairs, 2.0), 0.5 - 0.5)
    g = tg.grad(f)(pairs, 2.0)
    assert np.isclose(g[0][1], 2.0) and np.isclose(g[1][1], 4.0)


def test_a_list_of_tuple_displays_is_exact_or_refused():
    def f(x):
        s = 0.0
        for k, v in [(1, x), (2, x * x)]:
            s = s + v * k
        return s
    try:
        got = tg.grad(f)(3.0)
    except TransformError:
        return
    assert np.isclose(got, 13.0)


def test_a_dict_argument_not_differentiated_and_an_array_that_is():
    def f(x, p):
        s = 0.0
        for k in p:
            s = s + p[k] * x[k] * k
        return s
    p = {2: 2.0, 0: 3.0}
    x = np.array([0.5, -0.3, 0.8])
    assert np.isclose(tg.jvp(f, (x, p), (np.ones(3), None))[1], 4.0)
    gx, gp = tg.grad(f, wrt=(0, 1))(x, p)
    np.testing.assert_allclose(gx, [0.0, 0.0, 4.0])
    assert set(gp) == {0, 2} and np.isclose(gp[2], 1.6) and np.isclose(gp[0], 0.0)


def make_scalar_dict(x):
    return {3: x, 1: x * x}


def test_grad_of_grad_through_a_helper_dict():
    def f(x):
        d = make_scalar_dict(x)
        s = 0.0
        for k in d:
            s = s + d[k] ** 3 * k
        return s
    # f = 3 x^3 + x^6: f'' = 18 x + 30 x^4
    assert np.isclose(tg.grad(tg.grad(f))(0.7), 18 * 0.7 + 30 * 0.7 ** 4)


def test_keys_get_no_derivative_code():
    src = tg.source(tg.grad(int_keys_times_key))
    assert "dict_key(" in src and "dk =" not in src and "iteration_item" not in src


# -- refused, never wrong ----------------------------------------------------------------------------
def test_a_loop_that_grows_its_list_is_refused():
    def f(x):
        xs = [x, 2.0 * x]
        s = 0.0
        for v in xs:
            if len(xs) < 4:
                xs.append(v)
            s = s + v
        return s
    with pytest.raises(TransformError, match="changes its length"):
        tg.grad(f)(1.0)


def test_a_dict_growing_during_the_loop_raises_like_python():
    def f(x):
        d = {1: x, 2: x}
        s = 0.0
        for k in d:
            d[k + 10] = x
            s = s + d[k]
        return s
    with pytest.raises(RuntimeError, match="changed size"):
        f(1.0)
    with pytest.raises(RuntimeError, match="changed size"):
        tg.grad(f)(1.0)


def test_a_set_argument_is_refused_at_run_time():
    def f(x, ks):
        s = 0.0
        for k in ks:
            s = s + x * k
        return s
    with pytest.raises(TypeError, match="tangentish: a loop over a set"):
        tg.grad(f)(1.0, {1, 2})


def test_sorted_values_with_a_derivative_are_refused():
    def f(xs):
        s = 0.0
        for v in sorted(xs):
            s = s * 2.0 + v
        return s
    with pytest.raises((TypeError, TransformError)):
        tg.grad(f)([0.5, 0.25])


def test_sorted_or_list_of_values_without_a_derivative_is_fine():
    def f(x, ws):
        s = 0.0
        for w in sorted(ws):
            s = s * 2.0 + w * x
        return s
    assert np.isclose(tg.grad(f)(1.5, [0.5, -1.5, 2.0]), (-1.5 * 2 + 0.5) * 2 + 2.0)

    def g(xs):
        s = 0.0
        for w in list(xs):
            s = s * 2.0 + w * w
        return s
    np.testing.assert_allclose(tg.grad(g)([0.5, -0.3]), [2.0, -0.6])
    assert np.isclose(tg.jvp(g, ([0.5, -0.3],), ([1.0, 1.0],))[1], 1.4)


def test_a_list_indexed_by_its_float_elements_is_refused():
    def f(xs, x):
        s = 0.0
        for v in xs:
            s = s + xs[v] * x
        return s
    # Python itself fails (a float index); tangentish says so before
    with pytest.raises((TypeError, IndexError)):
        tg.grad(f, wrt=1)([0.5, 1.5], 1.0)
    assert np.isclose(tg.grad(f, wrt=1)([1, 0], 1.0), 1.0)   # integer elements index fine


def test_items_of_a_non_mapping_is_refused():
    class Pairs:
        def __init__(self, x):
            self.x = x

        def items(self):
            return [(0, self.x), (1, 2 * self.x)]

    def f(x):
        s = 0.0
        for k, v in Pairs(x).items():
            s = s + v * k
        return s
    with pytest.raises((TypeError, TransformError)):
        tg.grad(f)(1.0)
