"""Results at the public API boundary have the type of the value they belong to (the
README's "Result types" table, one test per row), the conversion never changes a value
(checked against the unconverted result of the generated code and against central
finite differences), notebook display (_repr_markdown_) and tracebacks through
generated code showing its lines."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tangentish as tg
from tangentish.runtime.containers import DictCotangent, ListCotangent, TupleCotangent

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COTANGENTS = (ListCotangent, TupleCotangent, DictCotangent)


def sq_sum(x):
    return np.sum(x ** 2)


def sq_mul(x):
    return x * x


def const(x):
    return 3.0


def cube(x):
    return x ** 3


def list_f(xs):
    return xs[0] * xs[1] + xs[2] ** 2


def dict_f(d):
    return d["a"] * np.sin(d["b"])


def tuple_f(t):
    return t[0] * t[1] ** 2


def nested_f(c):
    return c["a"][0] * c["b"][1][0] + np.sum(c["b"][0] ** 2)


def mixed_f(c):
    return c[0] * np.sum(c[1]) + c[2]["w"] ** 2


def named_f(d):
    return d["x"] * 2.0 if d["name"] == "k" else d["x"]


def fd(f, x, eps=1e-6):
    """Central finite differences of scalar ``f`` at the float or array ``x`` (float64)."""
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = eps
        g[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return g


def leaves(value):
    if isinstance(value, dict):
        return [v for k in sorted(value) for v in leaves(value[k])]
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in leaves(item)]
    return [value]


def no_cotangent_classes(value):
    assert not isinstance(value, COTANGENTS), type(value)
    if isinstance(value, dict):
        for v in value.values():
            no_cotangent_classes(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            no_cotangent_classes(v)


def same_values(converted, raw):
    """The conversion kept every value exactly."""
    a, b = leaves(converted), leaves(raw)
    assert len(a) == len(b)
    for u, v in zip(a, b):
        if u is None or v is None:
            assert u is None and v is None
        else:
            np.testing.assert_array_equal(np.asarray(u), np.asarray(v))


# --- row: Python float in -> Python float out -------------------------------------------

@pytest.mark.parametrize("f", [sq_sum, sq_mul, const, cube])
def test_python_float_gives_python_float(f):
    df = tg.grad(f)
    g = df(2.0)
    assert type(g) is float
    same_values(g, df.generated(2.0))
    np.testing.assert_allclose(g, fd(f, 2.0), rtol=1e-6, atol=1e-8)


def test_constant_function_gives_python_zero_not_an_array():
    g = tg.grad(const)(2.0)
    assert type(g) is float and g == 0.0


def test_value_and_grad_python_float():
    v, g = tg.value_and_grad(cube)(2.0)
    assert g == 12.0 and type(g) is float
    assert v == 8.0


def test_complex_python_number_gives_complex():
    g = tg.grad(lambda z: np.real(z * np.conj(z)))(1.0 + 2.0j)
    assert type(g) is complex
    raw = tg.grad(lambda z: np.real(z * np.conj(z))).generated(1.0 + 2.0j)
    same_values(g, raw)


# --- row: numpy scalar in -> numpy scalar of that dtype --------------------------------

@pytest.mark.parametrize("f", [sq_sum, sq_mul, const, cube])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_numpy_scalar_keeps_type_and_dtype(f, dtype):
    x = dtype(1.5)
    g = tg.grad(f)(x)
    assert type(g) is dtype, (type(g), dtype)
    raw = tg.grad(f).generated(x)
    np.testing.assert_allclose(float(g), float(raw), rtol=np.finfo(dtype).eps)
    if dtype is np.float64:
        same_values(g, raw)
    np.testing.assert_allclose(float(g), fd(f, 1.5), rtol=max(1e-6, 4 * np.finfo(dtype).eps))


def test_float32_scalar_sum_and_product_agree():
    """The issue's case: np.sum(x ** 2) and x * x gave different types for np.float32."""
    a, b = tg.grad(sq_sum)(np.float32(2)), tg.grad(sq_mul)(np.float32(2))
    assert type(a) is type(b) is np.float32 and a == b == 4.0


# --- row: 0-d array in -> 0-d array ----------------------------------------------------

@pytest.mark.parametrize("f", [sq_sum, sq_mul, const, cube])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_zero_d_array_gives_zero_d_array(f, dtype):
    x = np.array(1.5, dtype=dtype)
    g = tg.grad(f)(x)
    assert isinstance(g, np.ndarray) and g.shape == () and g.dtype == dtype
    raw = tg.grad(f).generated(x)
    if dtype is np.float64:
        same_values(g, raw)
    np.testing.assert_allclose(g, fd(f, 1.5), rtol=1e-5)


# --- row: arrays keep dtype and shape ------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_array_keeps_dtype(dtype):
    x = np.linspace(0.5, 1.5, 4).astype(dtype)
    for f in (sq_sum, lambda x: np.sum(np.sin(x) * x), lambda x: 3.0):
        g = tg.grad(f)(x)
        assert isinstance(g, np.ndarray) and g.dtype == dtype and g.shape == x.shape
        np.testing.assert_allclose(g, fd(f, x.astype(float)),
                                   rtol=max(1e-6, 4 * np.finfo(dtype).eps), atol=1e-6)


def test_complex_array_keeps_dtype():
    x = np.array([1.0 + 1.0j, 2.0 - 1.0j])
    f = lambda x: np.sum(np.abs(x) ** 2)   # noqa: E731
    g = tg.grad(f)(x)
    assert g.dtype == np.complex128
    same_values(g, tg.grad(f).generated(x))


# --- row: containers -> plain containers, recursively ---------------------------------

CONTAINER_CASES = [
    (list_f, [1.0, 2.0, 3.0]),
    (dict_f, {"a": 1.5, "b": 0.5}),
    (tuple_f, (1.5, 2.0)),
    (nested_f, {"a": [2.0], "b": (np.array([1.0, 2.0]), [3.0])}),
    (mixed_f, (np.float32(2.0), np.ones(2, np.float32), {"w": np.array(1.5)})),
]


def _with_leaf(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        out = dict(value)
        out[head] = _with_leaf(value[head], rest, new)
        return out
    items = list(value)
    items[head] = _with_leaf(value[head], rest, new)
    return type(value)(items)


def _paths(value, path=()):
    if isinstance(value, dict):
        return [p for k in sorted(value) for p in _paths(value[k], path + (k,))]
    if isinstance(value, (list, tuple)):
        return [p for i, v in enumerate(value) for p in _paths(v, path + (i,))]
    return [path]


def _get(value, path):
    for p in path:
        value = value[p]
    return value


def _same_structure(g, x):
    """``g`` has exactly ``x``'s container types and each leaf ``x``'s leaf type."""
    if isinstance(x, (list, tuple, dict)):
        assert type(g) is type(x), (type(g), type(x))
        if isinstance(x, dict):
            assert set(g) == set(x)
            for k in x:
                _same_structure(g[k], x[k])
        else:
            assert len(g) == len(x)
            for a, b in zip(g, x):
                _same_structure(a, b)
    elif isinstance(x, float):
        assert type(g) is float
    elif isinstance(x, np.ndarray):
        assert isinstance(g, np.ndarray) and g.dtype == x.dtype and g.shape == x.shape
    else:
        assert type(g) is type(x)


@pytest.mark.parametrize("f, x", CONTAINER_CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_containers_come_back_plain_with_typed_leaves(f, x):
    df = tg.grad(f)
    g = df(x)
    no_cotangent_classes(g)
    _same_structure(g, x)
    raw = df.generated(x)
    low = any(np.asarray(v).dtype == np.float32 for v in leaves(x))
    if not low:
        same_values(g, raw)
    for path in _paths(x):                     # each leaf against finite differences
        leaf = _get(x, path)
        expect = fd(lambda v: f(_with_leaf(x, path, v)), np.asarray(leaf, dtype=float))
        np.testing.assert_allclose(np.asarray(_get(g, path), dtype=float), expect,
                                   rtol=1e-5, atol=1e-6)


def test_int_entry_of_a_list_gives_a_python_float():
    g = tg.grad(list_f)([1.0, 2, 3.0])
    assert type(g) is list and [type(v) for v in g] == [float, float, float]
    assert g == [2.0, 1.0, 6.0]


def test_entry_without_derivative_is_none():
    g = tg.grad(named_f)({"x": 1.5, "name": "k"})
    assert type(g) is dict and g["x"] == 2.0 and type(g["x"]) is float
    assert g["name"] is None


def test_several_wrt_each_in_its_argument_type():
    df = tg.grad(lambda x, ys, z: x * ys[0] + np.sum(z), wrt=(0, 1, 2))
    gx, gys, gz = df(2.0, [3.0], np.ones(2, np.float32))
    assert type(gx) is float and gx == 3.0
    assert type(gys) is list and gys == [2.0] and type(gys[0]) is float
    assert gz.dtype == np.float32
    (only,) = tg.grad(lambda xs: xs[0] * xs[1], wrt=(0,))([2.0, 3.0])
    assert type(only) is list and only == [3.0, 2.0]
    v, (g,) = tg.grad(lambda d: d["a"] ** 2, wrt=(0,), preserve_result=True)({"a": 3.0})
    assert v == 9.0 and g == {"a": 6.0} and type(g) is dict and type(g["a"]) is float


# --- vjp, jvp, hvp, jacobian, hessian ---------------------------------------------------

def test_vjp_pullback_cotangents_in_primal_types():
    _, pb = tg.vjp(lambda xs, d: xs[0] * xs[1] * d["k"], [1.0, 2.0], {"k": np.float32(3.0)})
    cts = pb(1.0)
    assert type(cts) is tuple
    assert type(cts[0]) is list and cts[0] == [6.0, 3.0] and type(cts[0][0]) is float
    assert type(cts[1]) is dict and type(cts[1]["k"]) is np.float32 and cts[1]["k"] == 2.0
    _, pb = tg.vjp(cube, 2.0)
    (ct,) = pb(1.0)
    assert type(ct) is float and ct == 12.0
    _, pb = tg.vjp(lambda x: np.sin(x), np.linspace(0, 1, 3).astype(np.float32))
    (ct,) = pb(np.ones(3, np.float32))
    assert ct.dtype == np.float32
    np.testing.assert_allclose(ct, np.cos(np.linspace(0, 1, 3)), rtol=1e-6)


def test_jvp_tangent_in_output_type():
    y, t = tg.jvp(cube, (2.0,), (1.0,))
    assert type(y) is float and type(t) is float and t == 12.0
    y, t = tg.jvp(lambda xs: [xs[0] * 2.0, xs[1] ** 2], ([1.0, 3.0],), ([1.0, 1.0],))
    assert type(t) is list and t == [2.0, 6.0] and type(y) is list
    no_cotangent_classes(t)
    y, t = tg.jvp(lambda x: (x, {"s": x * x}), (np.float32(2.0),), (np.float32(1.0),))
    assert type(t) is tuple and type(t[1]) is dict and type(t[1]["s"]) is np.float32
    assert t[1]["s"] == 4.0


def test_hvp_in_argument_type():
    r = tg.hvp(cube)(2.0, 1.0)
    assert type(r) is float and r == 12.0
    r = tg.hvp(cube)(np.array(2.0), np.array(1.0))
    assert isinstance(r, np.ndarray) and r.shape == () and r == 12.0
    f = lambda x: np.sum(x ** 3)   # noqa: E731
    r = tg.hvp(f)(np.ones(2, np.float32), np.ones(2, np.float32))
    assert r.dtype == np.float32 and list(r) == [6.0, 6.0]


def test_jacobian_and_hessian_are_arrays_in_float32_dtype():
    f = lambda x: np.sum(x ** 3)   # noqa: E731
    h64 = tg.hessian(f)(np.array([1.0, 2.0]))
    h32 = tg.hessian(f)(np.array([1.0, 2.0], np.float32))
    assert h64.dtype == np.float64 and h32.dtype == np.float32
    np.testing.assert_array_equal(h32, h64.astype(np.float32))
    np.testing.assert_allclose(h64, np.diag([6.0, 12.0]))
    j = tg.jacobian(cube)(2.0)
    assert isinstance(j, np.ndarray) and j.shape == () and j == 12.0
    j32 = tg.jacobian(np.sin, mode="forward")(np.ones(2, np.float32))
    assert j32.dtype == np.float32


# --- derivatives of derivatives still work, and check_grads -----------------------------

def test_grad_of_grad_and_containers_inside():
    assert tg.grad(tg.grad(cube))(2.0) == 12.0
    assert type(tg.grad(tg.grad(cube))(2.0)) is float
    inner = tg.grad(list_f)

    def outer(xs):
        g = inner(xs)
        return g[0] * g[2]        # (xs[1]) * (2 * xs[2])

    g = tg.grad(outer)([1.0, 2.0, 3.0])
    assert type(g) is list and g == [0.0, 6.0, 4.0]


def test_check_grads_still_passes_on_containers():
    tg.check_grads(nested_f, ({"a": [2.0], "b": (np.array([1.0, 2.0]), [3.0])},), order=2)
    tg.check_grads(list_f, ([1.0, 2.0, 3.0],), order=2)


# --- notebook display --------------------------------------------------------------------

def test_repr_markdown_is_a_python_block_of_the_source():
    df = tg.grad(sq_sum)
    text = df._repr_markdown_()
    assert "```python\n" + tg.source(df) + "```\n" in text
    assert repr(df) == "<tangentish.grad of sq_sum wrt x>"        # repr unchanged
    _, pb = tg.vjp(cube, 2.0)
    assert "```python\n" + tg.source(pb) + "```\n" in pb._repr_markdown_()
    assert repr(pb) == "<tangentish pullback of cube>"


def test_markdown_fence_outlasts_backticks_in_the_source():
    from tangentish.core.sources import markdown_source
    text = markdown_source("x = '```'\n")
    assert text.startswith("````python\n") and text.endswith("````\n")


# --- tracebacks -------------------------------------------------------------------------

SCRIPT = textwrap.dedent("""\
    import traceback
    import numpy as np
    import tangentish as tg

    def f(x):
        y = x * 2.0
        return np.sum(np.log(y)[[5]])

    try:
        tg.grad(f)(np.ones(3))
    except IndexError:
        print(traceback.format_exc())
    tg.grad(f)(np.ones(3))          # uncaught: printed by sys.excepthook
    """)


def test_tracebacks_show_generated_lines_caught_and_uncaught(tmp_path):
    script = tmp_path / "tb.py"
    script.write_text(SCRIPT)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=ROOT))
    assert out.returncode == 1
    for text in (out.stdout, out.stderr):      # format_exc, then the uncaught error
        lines = text.splitlines()
        at = [i for i, line in enumerate(lines) if '"<tangentish grad of __main__.f wrt x>"' in line]
        assert at, text
        assert "log_y[index]" in lines[at[0] + 1], text
