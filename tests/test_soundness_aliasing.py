"""Issue 10, W1/W3/W5: in-place updates through aliases and views, list and
tuple ``+``/``*``, and loops whose iterable is rebound or updated.

Every accepted program is checked against central finite differences (and
autograd where autograd supports the construct); every refused one must raise
a TransformError located at the offending line."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg

from tests.corpus.helpers import assert_grad_matches_fd, numerical_grad

X3 = np.array([0.5, -1.0, 2.0])
X2 = np.array([0.3, 0.7])
M22 = np.array([[1.0, 2.0], [3.0, 4.0]])


# -- W1: aliases modelled exactly (b = a: an update rebinds every alias) -------------------------
def alias_setitem(x):
    a = x * 1.0
    b = a
    b[0] = 10.0
    return np.sum(a * x)


def alias_chain(x):
    a = x * 2.0
    b = a
    c = b
    c[1] = x[0] * x[2]
    return np.sum(a * b * x)


def alias_update_in_branch(x):
    a = x * 1.0
    b = a
    if x[0] > 0.0:
        b[0] = x[1] * 3.0
    else:
        b[2] = 0.0
    return np.sum(a * x)


def alias_update_in_loop(x):
    a = x * 1.0
    b = a
    for i in range(3):
        b[i] = b[i] * x[i]
    return np.sum(a * x)


def alias_augassign_array(x):
    a = x * 1.0
    b = a
    b += x * x
    return np.sum(a * x)


def alias_augassign_float(x):
    s = x[0] * 1.0
    t = s
    t += x[1]
    return s * t


def alias_augassign_float_argument(x):
    y = x
    y += 1.0
    y *= x
    return y * x


def alias_list_append(x):
    l = [x * 1.0]
    m = l
    m.append(x * 2.0)
    return np.sum(np.stack(l) * x)


def copy_then_update(x):
    a = x * 1.0
    b = a.copy()
    b[0] = 5.0
    return np.sum(a * x) + np.sum(b * x)


def view_never_read_again(x):
    a = x * 1.0
    b = a[:2]
    b[0] = x[2] * 3.0
    return np.sum(b * x[:2])


def alias_rebound_then_updated(x):
    a = x * 1.0
    b = a
    b = x * 3.0
    b[0] = 1.0
    return np.sum(a * x) + np.sum(b * x)


# -- W5: the iterable is evaluated once -------------------------------------------------------------
def rebind_iterable(x):
    s = 0.0
    for v in x:
        x = x * 2.0
        s = s + v * np.sum(x)
    return s


def rebind_iterable_enumerate(x):
    s = 0.0
    for i, v in enumerate(x):
        x = x * 2.0
        s = s + v * i * np.sum(x)
    return s


def rebind_iterable_zip(x):
    y = x * 3.0
    s = 0.0
    for u, v in zip(x, y):
        y = y + x
        s = s + u * v * np.sum(y)
    return s


def rebind_iterable_reversed(x):
    s = 0.0
    for v in reversed(x):
        x = x * x
        s = s * 0.5 + v * np.sum(x)
    return s


def update_iterable_in_place(x):
    a = x * 1.0
    s = 0.0
    for v in a:
        a[2] = a[2] + v * v       # later iterations see the update
        s = s + v
    return s + np.sum(a * x)


# -- W3: list and tuple operators -------------------------------------------------------------------
def list_concat(x):
    ys = [x[0]] + [x[1] * 3.0]
    return ys[0] * ys[1] + ys[1]


def list_repeat(x):
    ys = [x] * 3
    return np.sum(ys[0] * ys[2])


def list_repeat_left(x):
    ys = 2 * [x * x]
    return np.sum(ys[0] + ys[1] * x)


def list_iadd(x):
    ys = [x[0]]
    ys += [x[1]]
    return ys[0] * ys[1]


def list_imul(x):
    ys = [x[0]]
    ys *= 2
    return ys[0] * ys[1] + len(ys)


def tuple_concat(x):
    a = (x[0],)
    b = (x[1] * 2.0, x[0] * x[1])
    t = a + b
    return t[0] * t[1] + t[2]


def concat_then_stack(x):
    ys = [x, 2 * x] + [3 * x]
    return np.sum(np.stack(ys) ** 2)


def concat_in_loop(x):
    ys = []
    for i in range(3):
        ys = ys + [x * (i + 1.0)]
    return np.sum(np.stack(ys) * x)


def repeat_then_index_loop(x):
    ys = [x[0], x[1] * x[1]] * 2
    s = 0.0
    for y in ys:
        s = s + y * y
    return s


def argument_augassign(x):          # the argument is a private copy (and y the same object)
    y = x
    y += 1.0
    return np.sum(y * x)


ACCEPTED = [
    (alias_setitem, X3), (alias_chain, X3), (alias_update_in_branch, X3),
    (alias_update_in_branch, -X3), (alias_update_in_loop, X3), (alias_augassign_array, X3),
    (alias_augassign_float, X3), (alias_augassign_float_argument, 0.7), (alias_list_append, X3),
    (copy_then_update, X3), (view_never_read_again, X3), (alias_rebound_then_updated, X3),
    (rebind_iterable, X3), (rebind_iterable_enumerate, X3), (rebind_iterable_zip, X3),
    (rebind_iterable_reversed, X3), 
    (list_concat, X2), (list_repeat, X2), (list_repeat_left, X2), (list_iadd, X2),
    (list_imul, X2), (tuple_concat, X2), (concat_then_stack, X2), (concat_in_loop, X2),
    (repeat_then_index_loop, X2), (argument_augassign, X3),
]
AUTOGRAD = {rebind_iterable, rebind_iterable_enumerate, rebind_iterable_zip,
            rebind_iterable_reversed, list_concat, list_repeat, list_repeat_left, list_iadd,
            list_imul, tuple_concat, concat_then_stack, concat_in_loop, repeat_then_index_loop,
            alias_augassign_float, alias_augassign_float_argument}
JVP = {alias_setitem, alias_update_in_loop, rebind_iterable, list_concat, list_repeat,
       concat_then_stack, tuple_concat, alias_augassign_array}


def _id(case):
    return f"{case[0].__name__}-{np.sign(np.sum(case[1])):+.0f}"


@pytest.mark.parametrize("fn,x", ACCEPTED, ids=[_id(c) for c in ACCEPTED])
def test_grad_matches_finite_differences(fn, x):
    assert_grad_matches_fd(fn, (_fresh(x),))


@pytest.mark.parametrize("fn,x", [c for c in ACCEPTED if c[0] in AUTOGRAD],
                         ids=[_id(c) for c in ACCEPTED if c[0] in AUTOGRAD])
def test_grad_matches_autograd(fn, x):
    saved = fn.__globals__["np"]
    fn.__globals__["np"] = anp
    try:
        expected = autograd.grad(fn)(_fresh(x))
    finally:
        fn.__globals__["np"] = saved
    np.testing.assert_allclose(tg.grad(fn)(_fresh(x)), expected, rtol=1e-6, atol=1e-9)


def _fresh(x):
    return x if isinstance(x, float) else np.copy(x)


@pytest.mark.parametrize("fn,x", [c for c in ACCEPTED if c[0] in JVP],
                         ids=[_id(c) for c in ACCEPTED if c[0] in JVP])
def test_jvp_matches_finite_differences(fn, x):
    v = np.linspace(0.3, 1.1, np.size(x)).reshape(np.shape(x))
    value, tangent = tg.jvp(fn, (np.copy(x),), (v,))
    np.testing.assert_allclose(value, fn(np.copy(x)))
    np.testing.assert_allclose(tangent, np.sum(numerical_grad(fn, (np.copy(x),), 0) * v),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("fn", [list_concat, list_repeat, concat_then_stack, alias_setitem])
def test_second_order(fn):
    x = np.copy(X2 if fn is not alias_setitem else X3)
    h = tg.hessian(fn)(x)
    eps = 1e-5
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = eps
        column = (tg.grad(fn)(x + e) - tg.grad(fn)(x - e)) / (2 * eps)
        np.testing.assert_allclose(h[:, i], column, rtol=1e-4, atol=1e-5)


# -- refused: a TransformError at the line, naming the construct -----------------------------------
def slice_view_updated(x):
    a = x * 2.0
    b = a[:]
    b += 1
    return np.sum(a * x)


def row_view_updated(x):
    a = x * 1.0
    for row in a:
        row *= 2
    return np.sum(a * x)


def appended_then_updated(x):
    a = x * 1.0
    l = []
    l.append(a)
    a *= 3.0
    return np.sum(l[0] * x)


def transpose_view_updated(x):
    a = x * 1.0
    t = a.T
    a[0, 1] = 0.0
    return np.sum(t * x)


def reshape_view_updated(x):
    a = x * 1.0
    r = a.reshape(-1)
    r[0] = 0.0
    return np.sum(a * x)


def possible_alias_after_branch(x):
    a = x * 1.0
    b = a
    if x[0] > 0.0:
        b = x * 2.0
    b[0] = 0.0
    return np.sum(a * x)


def appends_to_iterated_list(x):
    xs = [x[0], x[1]]
    s = 0.0
    for v in xs:
        if len(xs) < 4:
            xs.append(v * 2.0)
        s = s + v
    return s


def updates_argument_through_asarray(x):
    a = np.asarray(x)
    a[0] = 0.0
    return np.sum(a * x)


def list_arguments_concatenated(xs, ys):
    zs = xs + ys
    return zs[0] * zs[1]


REFUSED = [
    (slice_view_updated, (np.copy(X3),), "b += 1", "a"),
    (row_view_updated, (np.copy(M22),), "row *= 2", "a"),
    (appended_then_updated, (np.copy(X3),), "a *= 3.0", "l"),
    (transpose_view_updated, (np.copy(M22),), "a[0, 1] = 0.0", "t"),
    (reshape_view_updated, (np.copy(M22),), "r[0] = 0.0", "a"),
    (possible_alias_after_branch, (np.copy(X3),), "b[0] = 0.0", "a"),
    (appends_to_iterated_list, (np.copy(X2),), "xs.append(v * 2.0)", "xs"),
    (updates_argument_through_asarray, (np.copy(X3),), "a[0] = 0.0", "x"),
    (update_iterable_in_place, (np.copy(X3),), "a[2] = a[2] + v * v", "v"),
    (list_arguments_concatenated, ([0.5, 1.5], [2.0]), "zs = xs + ys", "xs + ys"),
]


def _line_of(fn, marker):
    import inspect
    lines, start = inspect.getsourcelines(fn)
    return start + next(i for i, line in enumerate(lines) if marker in line)


@pytest.mark.parametrize("fn,args,marker,named", REFUSED, ids=[c[0].__name__ for c in REFUSED])
def test_refused_at_the_line(fn, args, marker, named):
    with pytest.raises(tg.TransformError) as info:
        tg.grad(fn)(*args)
    err = info.value
    assert err.lineno == _line_of(fn, marker), str(err)
    assert f"{named}" in str(err), str(err)


def float_alias_then_augassign(x, y):
    ys = [1.5] * 3
    t2 = ys[0] * ys[1] + ys[-1] + len(ys)
    a = np.exp(0.3 * np.tanh(y))
    a[1] = 1.5
    t4 = t2
    t4 += x[0]
    return t2 * 0.5 + np.sum(a) + t4


def test_float_alias_updated_by_augassign_in_forward_mode():
    """Found by the fuzzer (seed 1, program 174): `t4 = t2; t4 += x[0]` rebinds the
    float t4 only; the forward rule decided "in place" from t2's zero tangent."""
    x, y = np.array([0.385, 0.774, -1.035]), np.array([0.898, -0.615, -0.755])
    for wrt in (0, 1):
        d = np.zeros(3)
        d[1] = 1.0
        tangents = (d, np.zeros(3)) if wrt == 0 else (np.zeros(3), d)
        eps = 1e-6
        args_p = [a + eps * t for a, t in zip((x, y), tangents)]
        args_m = [a - eps * t for a, t in zip((x, y), tangents)]
        want = (float_alias_then_augassign(*args_p) - float_alias_then_augassign(*args_m)) / (2 * eps)
        got = tg.jvp(float_alias_then_augassign, (x, y), tangents)[1]
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)
    e0 = np.array([1.0, 0.0, 0.0])
    np.testing.assert_allclose(tg.jvp(float_alias_then_augassign, (x, y), (e0, np.zeros(3)))[1], 1.0)
    assert_grad_matches_fd(float_alias_then_augassign, (x, y), wrt=(0, 1))
