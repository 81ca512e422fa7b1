"""namespace: for arrays of another library, numpy references become the array API
standard's through one table (rules/array_api.py), or are refused at the user's line;
numpy calls keep their code.  The translated code is run on numpy's own namespace
(numpy 2 implements the standard) and must give the original function's values."""
import gast
import numpy as np
import pytest

from tangentish import driver
from tangentish.analyze.patterns import Fact
from tangentish.core.errors import TransformError
from tangentish.ir import emit
from tangentish.rules import load_optional_rules

from .conftest import compile_node

DASK = Fact(None, None, None, False, None, "dask.array")


def _translated(fn, mode="jvp", library=DASK):
    """(ctx, node) of ``fn``'s derivative w.r.t. its first parameter, generated for
    ``library``'s arrays (None: numpy's)."""
    load_optional_rules()
    ctx = driver._context(fn, (fn.__code__.co_varnames[0],), mode, False)
    ctx.signature = None if library is None else {"x": library}
    node = ctx.sf.node
    for _, run in driver.pipeline(mode):
        node = run(ctx, node)
    return ctx, node


def standard_names(x):
    a = np.arccos(x * 0.5) + np.power(x, 2) + np.transpose(x[:, np.newaxis], (1, 0))[0]
    b = np.concatenate([x, x]).reshape(2, 3).sum(axis=0) + np.sum(x, 0, keepdims=True)
    return np.sum(a * b) + np.float64(2.0) * np.mean(x) + np.pi


def test_the_translation_computes_what_numpy_computes():
    ctx, node = _translated(standard_names)
    source = emit.to_source(node)
    for standard in ("xp.acos(", "xp.pow(", "xp.permute_dims(", "xp.concat(", "xp.reshape(",
                     "xp.asarray(2.0, dtype=xp.float64)", "xp.pi", "axis=0"):
        assert standard in source, standard
    assert node.body[0].targets[0].id == "xp"
    fn = compile_node(node, standard_names, ctx.injected)
    x = np.array([0.1, -0.4, 0.7])
    t = np.array([1.0, 2.0, -1.0])
    value, tangent = fn(t, x)
    assert np.isclose(value, standard_names(x))
    h = 1e-6
    assert np.isclose(tangent, (standard_names(x + h * t) - standard_names(x - h * t)) / (2 * h),
                      rtol=1e-6)


def test_no_numpy_reference_remains():
    ctx, node = _translated(standard_names)
    for n in gast.walk(node):
        if isinstance(n, gast.Attribute) and isinstance(n.value, gast.Name):
            assert n.value.id != "np", emit.to_source(node)


def test_numpy_code_is_left_as_it_is():
    _, translated = _translated(standard_names, library=None)
    assert "xp" not in {n.id for n in gast.walk(translated) if isinstance(n, gast.Name)}
    assert "np.arccos(" in emit.to_source(translated)


def dot(x):
    return np.dot(x, x)


def decimals(x):
    return np.sum(x * np.round(x, 2))


def no_axes(x):
    return np.sum(np.transpose(x))


def ravel(x):
    return np.sum(x.ravel())


def ufunc_method(x):
    return np.add.reduce(x)


@pytest.mark.parametrize("fn, construct", [
    (dot, "np.dot()"), (decimals, "np.round() with 2 positional arguments"), (no_axes, "np.transpose() without axes="),
    (ravel, "the method .ravel()"), (ufunc_method, "np.add.reduce"),
])
def test_what_the_standard_lacks_is_refused_at_the_users_line(fn, construct):
    with pytest.raises(TransformError) as info:
        _translated(fn)
    message = str(info.value)
    assert construct in message and "not supported on dask.array arguments yet" in message
    assert f":{fn.__code__.co_firstlineno + 1}:" in message


def joined_masks(x):
    m = (x > 0.5) | (x < -0.5)
    return np.sum(np.where(m, x ** 2, x) * (x > 0.0))


def test_joined_masks_stay_boolean_and_a_mask_used_as_numbers_is_cast():
    ctx, node = _translated(joined_masks, mode="grad")
    source = emit.to_source(node)
    assert "m = (x > 0.5) | (x < -0.5)" in source, source
    assert "dmul * xp.astype(gt_x_1, x.dtype)" in source, source
    fn = compile_node(node, joined_masks, ctx.injected)
    x = np.array([0.1, -0.7, 0.9, 0.3])
    expected = np.where((x > 0.5) | (x < -0.5), 2 * x, 1.0) * (x > 0.0)
    np.testing.assert_allclose(fn(x), expected)


RANK1 = Fact(1, (False,), True, False, "f", "dask.array")


def rewritten(x):
    y = x.copy()
    return np.sum(np.exp2(y)) + np.dot(x, x) + len(x)


def test_functions_without_a_standard_name_are_rewritten():
    load_optional_rules()
    ctx = driver._context(rewritten, ("x",), "jvp", False)
    ctx.signature = {"x": RANK1}
    node = ctx.sf.node
    for _, run in driver.pipeline("jvp"):
        node = run(ctx, node)
    source = emit.to_source(node)
    for spelled in ("xp.asarray(x, copy=True)", "2.0 ** ", "xp.matmul(x, x)", "x.shape[0]"):
        assert spelled in source, (spelled, source)
    fn = compile_node(node, rewritten, ctx.injected)
    x, t = np.array([0.1, -0.4, 0.7]), np.array([1.0, 2.0, -1.0])
    value, tangent = fn(t, x)
    assert np.isclose(value, rewritten(x))
    assert np.isclose(tangent, np.sum(np.exp2(x) * np.log(2.0) * t) + 2 * x @ t)


def test_a_numpy_argument_beside_strict_arrays_is_refused_by_name():
    load_optional_rules()
    ctx = driver._context(joined_masks, ("x",), "grad", False)
    ctx.signature = {"x": Fact(1, (False,), True, True, "f", None),
                     "*": Fact(None, None, None, False, None, "array_api_strict")}
    node = ctx.sf.node
    with pytest.raises(TypeError) as info:
        for _, run in driver.pipeline("grad"):
            node = run(ctx, node)
    assert "'x'" in str(info.value) and "array_api_strict" in str(info.value)
