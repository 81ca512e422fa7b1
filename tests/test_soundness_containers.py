"""Nested containers (tuples, lists, dicts inside each other, at any depth) through
calls, returns, unpacking, indexing and loops: exact in reverse mode, forward mode
and second order, or refused with a located TransformError.

The breaker's findings 15-21: a value inside a nested display lost its derivative
(a silent zero in forward mode, a dropped contribution in reverse mode) because a
display inside a display stayed one atom whose inner elements neither transform
saw.  Normalize now gives every inner display a name of its own (displays are one
level deep), so each level is built by its own pack statement and differentiated
by the pack rule; a display passed to a function with source is a named value too.

Each case is checked against central finite differences (grad, jvp, hvp, the
Hessian, grad of grad) and, where it runs the same code, against autograd.
"""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError
from tests.corpus.helpers import numerical_grad

X = np.array([0.5, -0.3, 0.8])
V = np.array([0.3, 0.7, -1.1])


# -- helpers (module level: tangentish reads their source) -------------------------

def nested_pair(x):
    return ((x,), x * x)


def mid(x):
    return ((x * 2,),)


def rnn_cell(x, h):
    h2 = np.tanh(x * h + x)
    return (h2, (h2 * 2, x)), h2


def dict_of_tuples(x):
    return {'a': (x, x * x), 'b': x}


def take_nested(t):
    return t[0][0] * t[1]


def depth3(x):
    return (((x * x,), x),)


def list_of_dicts(x):
    return [{'w': x, 'z': (x, x * x * x)}]


def dict_of_list_of_tuples(x):
    return {'l': [(x, x * x), (x * 3, 1.0)]}


def reads_dict(p):
    return p['w'][0] * p['w'][1] + p['b']


def unpacks_argument(t):
    a, (b, c) = t[0], t[1]
    return a * b + c


def pair_and_tuple(a, b):
    return (a * b, (a, b))


def two_levels(x):
    return (x, x * 2), (x * 3, (x * 4,))


def same_inner_twice(x):
    return ((x, x), (x, x))


# -- the programs: (name, function of a scalar, runs under autograd too) ------------

def f17(x):
    r = nested_pair(x)
    return r[0][0] * 10 + r[1]


def f18(x):
    out, d = rnn_cell(x, .5)
    a, bc = out
    return np.sum(bc[0] + d + bc[1] * a)


def f19(x):
    return mid(x)[0][0] ** 2


def f16_tuple(x):
    t = ((x,),)
    return t[0][0] ** 2


def f16_dict(x):
    d = {'a': (x, x * x)}
    return d['a'][1] * 2


def f15_loop(x):
    s = 0.0
    for k, v in [(1, x), (2, x * x)]:
        s = s + v * k
    return s


def f21(x):
    r = dict_of_tuples(x)
    return r['a'][1] + r['b']


def f20_argument(x):
    return take_nested(((x,), x * x))


def depth3_literal(x):
    t = (((x,),),)
    return t[0][0][0] ** 3


def depth3_helper(x):
    r = depth3(x)
    return r[0][0][0] * r[0][1]


def depth4_lists(x):
    t = [[[[x * 2]]]]
    return t[0][0][0][0] ** 3


def dict_of_lists(x):
    d = {'a': [x, x * 2], 'b': [x * x]}
    return d['a'][1] * d['b'][0] + d['a'][0]


def tuple_of_dicts(x):
    t = ({'u': x}, {'v': x * 3})
    return t[0]['u'] * t[1]['v']


def helper_list_of_dicts(x):
    r = list_of_dicts(x)
    return r[0]['z'][1] * r[0]['w']


def helper_dict_of_list_of_tuples(x):
    r = dict_of_list_of_tuples(x)
    return r['l'][0][1] * r['l'][1][0] + r['l'][1][1]


def dict_three_levels(x):
    d = {'a': {'b': {'c': x * 2}}}
    return d['a']['b']['c'] ** 2


def unpack_in_loop(x):
    s = 0.0
    for a, (b, c) in [(x, (x * 2, 1.0)), (x * x, (x, 2.0))]:
        s = s + a * b * c
    return s


def loop_over_pairs(x):
    pairs = [(x, x * x), (x * 3, x)]
    s = 0.0
    for p in pairs:
        s = s + p[0] * p[1]
    return s


def loop_index_nested_lists(x):
    L = [[x, x * 2], [x * 3, x * 4]]
    s = 0.0
    for i in range(2):
        for j in range(2):
            s = s + L[i][j] * (i + 1) * (j + 2)
    return s


def loop_dict_items(x):
    d = {'a': (x, 1.0), 'b': (x * x, 2.0)}
    s = 0.0
    for k, v in d.items():
        s = s + v[0] * v[1]
    return s


def loop_dict_values(x):
    d = {'a': [x], 'b': [x * 3]}
    s = 0.0
    for v in d.values():
        s = s + v[0] ** 2
    return s


def loop_zip_nested(x):
    s = 0.0
    for (a, c), b in zip([(x, 1.0), (x * 2, 2.0)], [x * x, x]):
        s = s + a * b * c
    return s


def loop_enumerate_nested(x):
    s = 0.0
    for i, (a, b) in enumerate([(x, x), (x * x, 2.0)]):
        s = s + a * b * i
    return s


def append_nested_in_loop(x):
    L = []
    for i in range(3):
        L.append((x * i, (x + i,)))
    s = 0.0
    for a, b in L:
        s = s + a * b[0]
    return s


def nested_unpack_assignment(x):
    t = ((x, 1.0), (2.0, x * x))
    (a, b), (c, e) = t
    return a * e + c * b


def nested_unpack_of_helper(x):
    (a, b), (c, (d,)) = two_levels(x)
    return a * b * c * d


def nested_unpack_swap(x):
    a, b = x, x * x
    a, (b, c) = b, (a, a * 3)
    return a * b + c


def argument_dict_of_lists(x):
    return reads_dict({'w': [x, x * 2], 'b': x * x * x})


def argument_unpacked_in_callee(x):
    return unpacks_argument((x, (x * x, 2.0)))


def chained_helpers(x):
    r = pair_and_tuple(x, x * 2)
    r2 = pair_and_tuple(r[1][0], r[0])
    return r2[0] + r2[1][1]


def same_inner_read_twice(x):
    r = same_inner_twice(x)
    return r[0][0] * r[1][1] + r[0][1] + r[1][0]


def carried_nested_tuple(x):
    state = (x, (x * 0.0, 1.0))
    for i in range(4):
        h, (c, k) = state[0], state[1]
        state = (h * 0.5 + c, (c + h * k, k * 0.9))
    return state[0] + state[1][0]


def branch_nested(x):
    if x > 0:
        t = ((x, 2.0),)
    else:
        t = ((3.0, x),)
    return t[0][0] * t[0][1] * x


def setitem_nested(x):
    L = [[x, 1.0], [2.0, x]]
    L[0] = [x * 3, x]
    return L[0][0] * L[1][1] + L[0][1]


def overwrite_with_other_structure(x):
    L = [(x, 1.0), (x * 2, 2.0)]
    L[1] = (L[0][0] * 3, (x,))
    return L[1][0] * L[1][1][0] + L[0][1]


def overwrite_number_with_tuple(x):
    d = {'a': (x,)}
    d['a'] = (d['a'][0] * 2, (x * x,))
    return d['a'][0] * d['a'][1][0]


def new_dict_key_holding_a_dict(x):
    d = {'a': {'b': x}}
    d['c'] = {'e': (x * 2,)}
    return d['a']['b'] * d['c']['e'][0]


def nested_in_while(x):
    t = [(x, 1.0)]
    n = 0
    while n < 2:
        t = [(t[0][0] * t[0][1] + x, t[0][1] + 1.0)]
        n = n + 1
    return t[0][0]


def recursive_nested(x, n=2):
    if n == 0:
        return (x, (x,))
    r = recursive_nested(x * 1.1, n - 1)
    return (r[0] * x, (r[1][0] + x,))


def through_recursion(x):
    r = recursive_nested(x)
    return r[0] + r[1][0]


CASES = [
    (f17, True), (f18, False), (f19, True), (f16_tuple, True), (f16_dict, True),
    (f15_loop, True), (f21, True), (f20_argument, True),
    (depth3_literal, True), (depth3_helper, True), (depth4_lists, True),
    (dict_of_lists, True), (tuple_of_dicts, True), (helper_list_of_dicts, True),
    (helper_dict_of_list_of_tuples, True), (dict_three_levels, True),
    (unpack_in_loop, True), (loop_over_pairs, True), (loop_index_nested_lists, True),
    (loop_dict_items, True), (loop_dict_values, True), (loop_zip_nested, True),
    (loop_enumerate_nested, True), (append_nested_in_loop, True),
    (nested_unpack_assignment, True), (nested_unpack_of_helper, True),
    (nested_unpack_swap, True), (argument_dict_of_lists, True),
    (argument_unpacked_in_callee, True), (chained_helpers, True),
    (same_inner_read_twice, True), (carried_nested_tuple, True), (branch_nested, True),
    (setitem_nested, True), (overwrite_with_other_structure, True),
    (overwrite_number_with_tuple, True), (new_dict_key_holding_a_dict, True),
    (nested_in_while, True), (through_recursion, True),
]
IDS = [f.__name__ for f, _ in CASES]


def fd1(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def fd2(f, x, eps=1e-3):
    return (fd1(f, x + eps) - fd1(f, x - eps)) / (2 * eps)


@pytest.mark.parametrize("x", [0.7, -1.3])
@pytest.mark.parametrize("f,with_autograd", CASES, ids=IDS)
def test_scalar_first_and_second_order(f, with_autograd, x):
    d1, d2 = fd1(f, x), fd2(f, x)
    np.testing.assert_allclose(tg.grad(f)(x), d1, rtol=1e-5, atol=1e-7)
    value, tangent = tg.jvp(f, (x,), (1.5,))
    np.testing.assert_allclose(value, f(x))
    np.testing.assert_allclose(tangent, 1.5 * d1, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(tg.hvp(f)(x, 2.0), 2.0 * d2, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(tg.hessian(f)(x), d2, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(tg.grad(tg.grad(f))(x), d2, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(tg.jacobian(f, mode="forward")(x), d1, rtol=1e-5, atol=1e-7)
    if with_autograd:
        np.testing.assert_allclose(tg.grad(f)(x), autograd.grad(f)(x), rtol=1e-10)
        np.testing.assert_allclose(tg.hvp(f)(x, 1.0), autograd.grad(autograd.grad(f))(x),
                                   rtol=1e-10)


# -- arrays ---------------------------------------------------------------------

def array_rnn(x):
    out, d = rnn_cell(x, .5)
    a, bc = out
    return np.sum(bc[0] * a + d ** 2 + bc[1])


def array_nested_loop(x):
    s = 0.0
    for k, (v, w) in [(1, (x, np.sin(x))), (2, (x * x, np.cos(x)))]:
        s = s + v * w * k
    return np.sum(s)


def array_stack_nested(x):
    t = ((x, x * 2), (x * 3,))
    return np.sum(np.stack([t[0][0], t[0][1], t[1][0]]) ** 2)


def array_dict_of_tuples(x):
    r = dict_of_tuples(x)
    return np.sum(np.tanh(r['a'][1]) * r['b'])


ARRAY_CASES = [array_rnn, array_nested_loop, array_stack_nested, array_dict_of_tuples]


@pytest.mark.parametrize("f", ARRAY_CASES, ids=[f.__name__ for f in ARRAY_CASES])
def test_array_first_and_second_order(f):
    ref = numerical_grad(f, (X,), 0)
    np.testing.assert_allclose(tg.grad(f)(X), ref, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(tg.jvp(f, (X,), (V,))[1], ref @ V, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(tg.jacobian(f, mode="forward")(X), ref, rtol=1e-5, atol=1e-7)
    eps = 1e-4
    hv = (numerical_grad(f, (X + eps * V,), 0) - numerical_grad(f, (X - eps * V,), 0)) / (2 * eps)
    np.testing.assert_allclose(tg.hvp(f)(X, V), hv, rtol=1e-3, atol=1e-5)
    H = tg.hessian(f)(X)
    np.testing.assert_allclose(H @ V, hv, rtol=1e-3, atol=1e-5)


def test_array_rnn_against_autograd():
    def cell(x, h):
        h2 = anp.tanh(x * h + x)
        return (h2, (h2 * 2, x)), h2

    def ref(x):
        out, d = cell(x, .5)
        a, bc = out
        return anp.sum(bc[0] * a + d ** 2 + bc[1])
    np.testing.assert_allclose(tg.grad(array_rnn)(X), autograd.grad(ref)(X), rtol=1e-10)


def test_vjp_of_a_nested_output():
    """The cotangent of a nested output reaches every leaf."""
    y, pullback = tg.vjp(nested_pair, X)
    (ct,) = pullback(((V,), 2 * V))
    np.testing.assert_allclose(ct, V + 2 * V * 2 * X)
    value, tangent = tg.jvp(nested_pair, (X,), (V,))
    np.testing.assert_allclose(tangent[0][0], V)
    np.testing.assert_allclose(tangent[1], 2 * X * V)


def test_grad_wrt_a_nested_container_argument():
    def f(p):
        return np.sum(p['a'][0] * p['b'][1][0]) + np.sum(p['a'][1] ** 2)
    p = {'a': (X, 2 * X), 'b': [1.0, [X * 3]]}
    g = tg.grad(f)(p)
    np.testing.assert_allclose(g['a'][0], 3 * X)
    np.testing.assert_allclose(g['a'][1], 4 * X)
    np.testing.assert_allclose(g['b'][1][0], X)


# -- refused, at the user's line ---------------------------------------------------

def tuple_concatenation(x):
    t = (x, x * 2) + ((x * 3,),)
    return t[2][0] * t[0]


@pytest.mark.parametrize("op", ["grad", "jvp"])
def test_tuple_concatenation_is_refused_at_its_line(op):
    with pytest.raises(TransformError) as info:
        if op == "grad":
            tg.grad(tuple_concatenation)(0.7)
        else:
            tg.jvp(tuple_concatenation, (0.7,), (1.0,))
    err = info.value
    assert err.filename == __file__
    assert "t = (x, x * 2) + ((x * 3,),)" in str(err)


def list_concatenation(x):
    a = [x]
    b = [x * x, 2.0]
    c = a + b
    return c[0] * c[1] + c[2]


def list_repetition(x):
    a = [x]
    c = a * 2
    return c[0] * c[1]


def pair(x):
    return [x, x * x]


def concatenates_a_result(x):
    r = pair(x)
    c = r + r
    return c[0] * c[3]


def repeats_a_result(x):
    r = pair(x)
    c = r * 2
    return c[0] * c[3]


@pytest.mark.parametrize("f, want", [(list_concatenation, 3 * 0.7 ** 2), (list_repetition, 1.4)])
def test_container_arithmetic_is_concatenation_and_repetition(f, want):
    """``+`` / ``*`` on lists concatenate and repeat (sequences.py): their derivatives
    were once paired with the wrong entries (0.7 for d(x*x)/dx at 0.7)."""
    assert tg.grad(f)(0.7) == pytest.approx(want)
    assert tg.jvp(f, (0.7,), (1.0,))[1] == pytest.approx(want)
    assert tg.grad(f)(0.7) == pytest.approx(numerical_grad(f, (0.7,), 0), rel=1e-6)


@pytest.mark.parametrize("f", [concatenates_a_result, repeats_a_result])
def test_container_arithmetic_on_a_call_result_raises_at_run_time(f):
    with pytest.raises(TypeError, match="list or tuple"):
        tg.grad(f)(0.7)


def test_a_plain_list_cotangent_given_to_vjp_adds_entrywise():
    def two(x):
        a = [x, x * 3]
        b = (a, x)
        return b
    y, pullback = tg.vjp(two, 0.7)
    (ct,) = pullback(([1.0, 2.0], 4.0))
    assert ct == pytest.approx(1.0 + 6.0 + 4.0)


def test_array_updates_in_a_loop_store_no_array_versions():
    """zero_at needs the container before an update only for lists and dicts (here the
    in-place clear_at of an element loop, ad/inplace.py)."""
    def fill(x):
        a = np.zeros(3)
        for i in range(3):
            a[i] = x[i] * x[0]
        return np.sum(a * a)
    src = tg.source(tg.grad(fill))
    assert "clear_at(da_1, i)" in src
    np.testing.assert_allclose(tg.grad(fill)(X), numerical_grad(fill, (X,), 0), rtol=1e-6)


class Scaled:
    def __init__(self):
        self.w = 2.0

    def apply(self, t):
        return t[0][0] * self.w + t[1]


MODEL = Scaled()


def method_with_nested_argument(x):
    return MODEL.apply(((x,), x * x)) ** 2


def test_method_of_a_module_level_object_with_a_nested_argument():
    x = 0.7
    d1, d2 = fd1(method_with_nested_argument, x), fd2(method_with_nested_argument, x)
    np.testing.assert_allclose(tg.grad(method_with_nested_argument)(x), d1, rtol=1e-5)
    np.testing.assert_allclose(tg.jvp(method_with_nested_argument, (x,), (1.0,))[1], d1, rtol=1e-5)
    np.testing.assert_allclose(tg.hvp(method_with_nested_argument)(x, 1.0), d2, rtol=1e-4)
