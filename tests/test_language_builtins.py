"""Language and builtin constructs lowered onto modelled operations: ``np.r_[...]`` and
``np.c_[...]`` (numpy's own value, differentiated as a concatenation).  Each is checked
against finite differences in both modes at second order; what is not modelled keeps a
refusal located at the user's line."""
import operator

import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError

R = np.random.RandomState(0)
C32 = R.randn(3, 2)
C10 = R.randn(10)


def r_one(x):
    return np.r_[x]


def r_two(x):
    return np.r_[x, x]


def r_with_constant(x):
    return np.r_[x, C32, x]


def r_with_slice(x):
    return np.r_[x, C10, 1:10]


def r_with_scalars(x):
    return np.sum(np.r_[x[0], 2.0, x, np.sin(x[1]), 0:4:2] ** 2)


def r_with_linspace_slice(x):
    return np.r_[x * x, -1:1:5j]


def r_slice_bounds_from_values(x):
    n = x.shape[0]
    return np.r_[0:n, x] * np.r_[x, 1:n + 1]


def c_with_constant(x):
    return np.c_[x, C32, x]


def c_of_vectors(x):
    return np.c_[x, np.sin(x), 0:3] ** 2


def c_of_scalars(x):
    return np.c_[x[0], x[1] * x[2], 3.0] ** 3


def r_in_a_loop(x):
    out = x
    for i in range(2):
        out = np.r_[out[1:], out[0] * out[1]]
    return out


CASES = [(r_one, R.randn(3, 2)), (r_two, R.randn(3, 2)), (r_with_constant, R.randn(3, 2)),
         (r_with_slice, R.randn(10)), (r_with_scalars, R.randn(3)),
         (r_with_linspace_slice, R.randn(4)), (r_slice_bounds_from_values, R.randn(4)),
         (c_with_constant, R.randn(3, 2)), (c_of_vectors, R.randn(3)), (c_of_scalars, R.randn(3)),
         (r_in_a_loop, R.randn(4))]


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_index_concatenation(f, x):
    tg.check_grads(f, (x,), order=2)


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_index_concatenation_value_is_numpys(f, x):
    value, _ = tg.value_and_grad(lambda v: np.sum(f(v)))(x)
    assert value == np.sum(f(x))
    forward = tg.jvp(f, (x,), (np.ones_like(x),))[0]
    assert forward.dtype == f(x).dtype and np.array_equal(forward, f(x))


def r_directive(x):
    return np.sum(np.r_["0,2", x, x])


def r_nested(x):
    return np.sum(np.r_[[x[0], 1.0], x])


def r_of_a_list_variable(x):
    xs = [x[0], x[1]]
    return np.sum(np.r_[xs, x])


@pytest.mark.parametrize("f, words", [(r_directive, "directive '0,2'"),
                                      (r_nested, "nested sequence entry"),
                                      (r_of_a_list_variable, "with a list entry")])
def test_what_index_concatenation_does_not_model_is_refused(f, words):
    for mode in (tg.grad(f), lambda v: tg.jvp(f, (v,), (v,))):
        with pytest.raises(TransformError) as info:
            mode(np.arange(3.0))
        assert info.value.filename == __file__ and words in str(info.value)


# Dicts: dict(...) of displays, displays with a key written twice, loops over sorted(d).

def dict_of_pairs(x):
    d = dict([("a", x), ("b", x * x)], b=x, c=3.0)
    return d["a"] * d["b"] + d["c"]


def dict_of_dict(x):
    d = dict({"a": x, "b": np.sin(x)}, a=2.0 * x)
    return d["a"] * d["b"]


def display_with_a_key_twice(x):
    d = {"a": x, "b": x * x, "b": x, 1: x, True: 2.0 * x}  # noqa: F601
    return d["a"] * d["b"] * d[1]


def loop_over_sorted_dict(d):
    a = 0.0
    b = 0.0
    for i, k in enumerate(sorted(d)):
        a = a + np.sum(np.sin(d[k])) * (i + 1.0)
        b = b + np.sum(np.cos(d[k]))
    return a + b


def loop_over_sorted_items(d):
    a = 0.0
    for i, (k, v) in enumerate(sorted(d.items(), key=operator.itemgetter(0))):
        a = a + np.sum(np.sin(v)) * (i + 1.0)
    for v in d.values():
        a = a + np.sum(np.sin(v))
    for k in sorted(d.keys(), reverse=True):
        a = a * 0.5 + np.sum(np.cos(d[k]))
    return a


DICT = {"item_2": R.randn(4, 3), "item_1": R.randn(5, 6), "item_X": R.randn(2, 4)}
DICT_CASES = [(dict_of_pairs, 0.7), (dict_of_dict, 0.7), (display_with_a_key_twice, 0.7),
              (loop_over_sorted_dict, DICT), (loop_over_sorted_items, DICT)]


@pytest.mark.parametrize("f, x", DICT_CASES, ids=[f.__name__ for f, _ in DICT_CASES])
def test_dicts(f, x):
    tg.check_grads(f, (x,), order=2)


def test_a_key_written_twice_keeps_pythons_entries():
    assert tg.grad(display_with_a_key_twice)(0.7) == pytest.approx(3 * 2.0 * 0.7 ** 2)
    assert tg.grad(dict_of_pairs)(0.7) == pytest.approx(2 * 0.7)


def keys_from_values(x, k1, k2):
    d = {k1: x, k2: x * x}
    return d["a"] * 2.0


def test_equal_keys_known_only_at_run_time_are_refused():
    assert tg.grad(keys_from_values)(0.7, "a", "b") == 2.0
    with pytest.raises(TransformError) as info:
        tg.grad(keys_from_values)(0.7, "a", "a")
    assert info.value.filename == __file__ and "keys 'a' are equal" in str(info.value)


def sorted_floats_indexing(xs):
    s = 0.0
    for v in sorted(xs):
        s = s + xs[v]
    return s


def test_sorted_elements_indexing_their_sequence_must_be_integers():
    assert tg.grad(sorted_floats_indexing)([1, 0]) == [1.0, 1.0]
    with pytest.raises(TypeError, match="list of float values, not a dict"):
        tg.grad(sorted_floats_indexing)([1.0, 0.0])


# d.get(key[, default]) of a value known only at run time: dict.get, with its rule.

def get_with_default(d, x):
    return d.get("item_1", x) ** 2


def get_of_a_local_dict(x):
    d = {"a": np.sin(x), "b": x}
    return np.sum(d.get("a") * d.get("c", x * x) + d.get("b", 1.0))


@pytest.mark.parametrize("d", [{"item_1": 3.0}, {"item_2": 4.0}, {}])
def test_get(d):
    tg.check_grads(get_with_default, (d, 2.0), order=2)
    gd, gx = tg.grad(get_with_default, wrt=(0, 1))(d, 2.0)
    assert set(gd) == set(d)
    assert gx == (0.0 if "item_1" in d else 4.0)
    if "item_1" in d:
        assert gd["item_1"] == 6.0


def test_get_of_a_local_dict():
    tg.check_grads(get_of_a_local_dict, (np.arange(3.0),), order=2)


class _Getter:
    def get(self, key, default):
        return default


def get_of_an_object(m, x):
    return m.get("a", x) * 2.0


def test_get_of_another_object_is_refused():
    with pytest.raises(TransformError) as info:
        tg.grad(get_of_an_object, wrt=1)(_Getter(), 1.0)
    assert info.value.filename == __file__ and ".get() of a _Getter object" in str(info.value)


# x.item() and float(x) of one element.

def item_and_float(x):
    return x.item() * np.sin(x[0, 0]) + float(x[0, 0]) ** 2


def float_of_a_reduction(x):
    return float(np.sum(x ** 2)) * 3.0 + np.sum(x).item()


def test_item_and_float():
    tg.check_grads(item_and_float, (np.array([[0.3]]),), order=2)
    assert tg.grad(item_and_float)(np.array([[0.3]])).shape == (1, 1)
    tg.check_grads(float_of_a_reduction, (np.arange(3.0),), order=2)


def item_with_an_index(x):
    return x.item(0) * 2.0


def test_item_with_an_index_is_refused():
    with pytest.raises(TransformError) as info:
        tg.grad(item_with_an_index)(np.arange(3.0))
    assert info.value.filename == __file__ and ".item()" in str(info.value)


# with np.errstate(...): numpy's warning settings change no value: the body is plain code.

def with_errstate(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where(x > 0, np.log(np.abs(x)), 0.0)
        if x[0] > -5:
            with np.errstate(over="warn"):
                y = y * x
    return np.sum(y)


def test_with_errstate():
    tg.check_grads(with_errstate, (np.array([0.5, 1.5, 2.0]),), order=2)


def with_errstate_raise(x):
    with np.errstate(divide="raise"):
        y = x * 2.0
    return y


def with_open(x):
    with open(__file__) as fh:  # noqa: F841
        y = x * 2.0
    return y


@pytest.mark.parametrize("f, words", [(with_errstate_raise, "np.errstate(divide=...)"),
                                      (with_open, "a with block")])
def test_other_with_blocks_are_refused(f, words):
    with pytest.raises(TransformError) as info:
        tg.grad(f)(1.0)
    assert info.value.filename == __file__ and words in str(info.value)


# The walrus (y := value): an assignment in Python's order of evaluation.

def walrus_reads_before_and_after(x):
    y = x + (x := 2.0 * x) * x
    return y * x


def walrus_in_an_if(x):
    if (s := np.sin(x)) > 0:
        x = s * x
    return x * s


def walrus_in_a_branch_not_taken(x):
    z = x if x > 10 else (w := x * x) + 1.0  # noqa: F841
    return z


def walrus_in_a_comprehension(x):
    ys = [(y := x * i) + y for i in range(3)]
    return sum(ys) * y


def walrus_in_a_comprehension_filter(x):
    xs = [x, 2.0 * x, -x]
    ys = [y * v for v in xs if (y := np.sin(v)) > 0]
    return sum(ys) + y


def walrus_in_a_loop(x):
    t = 1.0
    s = 0.0
    for i in range(3):
        s = s + (t := t * x) * s + t
    return s * t


WALRUS = [walrus_reads_before_and_after, walrus_in_an_if, walrus_in_a_branch_not_taken,
          walrus_in_a_comprehension, walrus_in_a_comprehension_filter, walrus_in_a_loop]


@pytest.mark.parametrize("f", WALRUS, ids=[f.__name__ for f in WALRUS])
def test_walrus(f):
    tg.check_grads(f, (0.7,), order=2)


def test_walrus_values():
    # y = x + 4x^2, returned times the new x (2x): 2x^2 + 8x^3
    assert tg.grad(walrus_reads_before_and_after)(0.7) == pytest.approx(4 * 0.7 + 24 * 0.49)
    # ys = [0, 2x, 4x], y = 2x: 12x^2
    assert tg.grad(walrus_in_a_comprehension)(0.7) == pytest.approx(24 * 0.7)


def walrus_in_a_while_condition(x):
    n = 0
    while (x := x * 0.5) > 0.1:
        n = n + 1
    return x * n


def walrus_in_a_default(x):
    def h(a, b=(c := 2.0)):  # noqa: F841
        return a * b
    return h(x)


@pytest.mark.parametrize("f, words", [(walrus_in_a_while_condition, "in a while condition"),
                                      (walrus_in_a_default, "in a default value")])
def test_walrus_where_not_modelled_is_refused(f, words):
    with pytest.raises(TransformError) as info:
        tg.grad(f)(0.7)
    assert info.value.filename == __file__ and words in str(info.value)


# map(f, xs, ...): a generator expression, lowered where one is run to its end at once.

def _square(v):
    return v * v


def map_lambda(x):
    return sum(map(lambda v: v * np.sin(v), [x, 2.0 * x]))


def map_named(x):
    ys = list(map(_square, [x, x * 3.0]))
    return ys[0] * ys[1]


def map_two_iterables(x):
    return np.sum(np.array(list(map(np.multiply, [x, x], [1.0, x]))))


def map_lambda_reading_outer(x):
    a = np.cos(x)
    return max(map(lambda v, w: v * a + w, [x, 2.0], [1.0, x]))


MAPS = [map_lambda, map_named, map_two_iterables, map_lambda_reading_outer]


@pytest.mark.parametrize("f", MAPS, ids=[f.__name__ for f in MAPS])
def test_map(f):
    tg.check_grads(f, (0.7,), order=2)


def map_in_a_loop(x):
    out = 0.0
    for y in map(_square, [x, x]):
        out = out + y
    return out


def map_held(x):
    ys = map(_square, [x])
    return sum(ys)


@pytest.mark.parametrize("f", [map_in_a_loop, map_held])
def test_map_not_run_at_once_is_refused(f):
    with pytest.raises(TransformError) as info:
        tg.grad(f)(0.7)
    assert info.value.filename == __file__ and "map() here" in str(info.value)


# tuple(xs) / list(xs) of a list, tuple or array held in a variable.

def tuple_of_a_list(x):
    xs = [x, 2.0 * x]
    t = tuple(xs)
    return t[0] * t[1]


def list_of_a_tuple(x):
    xs = (x, np.sin(x))
    t = list(xs)
    return t[0] * t[1]


def tuple_of_an_argument(xs):
    t = tuple(xs)
    return t[0] * t[1] + t[-1]


def tuple_of_an_array(x):
    t = tuple(x)
    return t[0] * t[1] + t[2]


@pytest.mark.parametrize("f, x", [(tuple_of_a_list, 0.7), (list_of_a_tuple, 0.7),
                                  (tuple_of_an_argument, [0.7, 0.3, 1.1]),
                                  (tuple_of_an_argument, (0.7, 0.3)),
                                  (tuple_of_an_array, np.array([0.3, 0.5, 0.9]))])
def test_tuple_and_list_of_a_variable(f, x):
    tg.check_grads(f, (x,), order=2)


def tuple_of_a_dict(d):
    t = tuple(d)
    return d[t[0]] * 2.0


def test_tuple_of_a_dict_with_a_derivative_is_refused():
    with pytest.raises(TypeError, match=r"tuple\(...\) of a dict that carries a derivative"):
        tg.grad(tuple_of_a_dict)({"a": 1.0})


# sum / list / max ... of d.values(), d.keys(), d.items(): the loop over the view.

def sum_of_values(d):
    return sum(d.values())


def max_of_values_and_sum_of_keys(d):
    return max(d.values()) * 2.0 + sum(d.keys())


def list_of_items(d):
    items = list(d.items())
    return items[0][1] * items[1][1]


def values_of_a_local_dict(x):
    d = {"a": x, "b": np.sin(x)}
    return np.sum(np.array(list(d.values()))) * min(d.values())


@pytest.mark.parametrize("f, x", [(sum_of_values, {"a": 0.5, "b": 0.7}),
                                  (max_of_values_and_sum_of_keys, {1: 0.5, 2: 0.7}),
                                  (list_of_items, {"a": 0.5, "b": 0.7}),
                                  (values_of_a_local_dict, 0.7)])
def test_dict_views_run_at_once(f, x):
    tg.check_grads(f, (x,), order=2)


def test_a_view_of_another_object_raises():
    with pytest.raises(TypeError, match="of a list object: only dicts"):
        tg.grad(sum_of_values)([0.5, 0.7])
