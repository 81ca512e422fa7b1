"""Bad input gets a typed error naming the file, line and construct, with a way out."""
import inspect

import numpy as np
import pytest

from tests.corpus import funcs_errors as fe
import tangentish as tg


def line_of(fn, text):
    lines, start = inspect.getsourcelines(fn)
    for i, line in enumerate(lines):
        if text in line:
            return start + i
    raise AssertionError(text)


@pytest.mark.parametrize("fn,marker,construct", [
    (fe.uses_try, "try:", "try/except"),
    (fe.uses_with, "with open", "with block"),
    (fe.uses_yield, "yield x", "yield"),
    (fe.uses_global, "global STATE", "global"),
    (fe.uses_class, "class Local", "class definition"),
    (fe.uses_del, "del y", "del"),
    (fe.uses_comprehension, "sum({", "set comprehension"),
    (fe.uses_opaque, "scipy.special.ellipkinc", "ellipkinc"),
    (fe.uses_unsupported_keyword, "dtype=np.float32", "dtype"),
])
def test_refused_constructs_are_located(fn, marker, construct):
    with pytest.raises(tg.TransformError) as info:
        tg.grad(fn)(1.5)
    err = info.value
    assert err.filename == fe.__file__
    assert err.lineno == line_of(fn, marker)
    assert construct in str(err)
    assert "hint:" in str(err)
    assert "^" in str(err)          # caret under the construct
    assert err.col_offset is not None


def test_opaque_error_says_what_to_do():
    with pytest.raises(tg.TransformError) as info:
        tg.grad(fe.uses_opaque)(1.5)
    message = str(info.value)
    assert "register" in message and "stop_gradient" in message


def test_opaque_call_on_inactive_values_is_fine():
    assert tg.grad(fe.uses_opaque_but_inactive)(1.0) == pytest.approx(10.0)


def test_non_scalar_output_says_use_vjp():
    with pytest.raises(TypeError, match="vjp"):
        tg.grad(fe.vector_output)(np.ones(3))


def test_wrt_missing_argument():
    with pytest.raises(ValueError, match="no parameter 'z'"):
        tg.grad(fe.vector_output, wrt="z")
    with pytest.raises(ValueError, match="out of range"):
        tg.grad(fe.vector_output, wrt=3)
    with pytest.raises(TypeError):
        tg.grad(fe.vector_output, wrt=1.5)


@pytest.mark.parametrize("value", [3, True, np.int64(3), np.arange(3), np.array([True, False])])
def test_integer_inputs_are_refused(value):
    """Like JAX (and autograd), differentiating w.r.t. integers is an error."""
    with pytest.raises(TypeError, match="integer or boolean"):
        tg.grad(lambda x: np.sum(x * 2.0))(value)


def test_no_source_available():
    namespace = {}
    exec("def made(x):\n    return x * 2.0\n", namespace)
    with pytest.raises(tg.TransformError) as info:
        tg.grad(namespace["made"])(1.0)
    assert "cannot read the source" in str(info.value)
    assert "notebook" in str(info.value)


def test_not_a_function():
    with pytest.raises(TypeError):
        tg.grad(3.0)
    with pytest.raises(TypeError):
        tg.grad(object())
    # a primitive with a rule is differentiated by its rule (a forwarder calls it)
    assert np.isclose(tg.grad(np.sin)(0.3), np.cos(0.3))


@tg.custom_gradient
def _doubled(x):
    return 2.0 * x, lambda g: 2.0 * g


def _uses_doubled(x):
    return _doubled(x) * x


def test_forward_mode_through_a_custom_vjp_is_not_implemented():
    # a TransformError (located) that is also a NotImplementedError, as autograd raises
    # for a primitive without a JVP
    with pytest.raises(NotImplementedError) as info:
        tg.jvp(_uses_doubled, (1.5,), (1.0,))
    assert isinstance(info.value, tg.TransformError)
    assert "vector-Jacobian product" in str(info.value)
    assert tg.grad(_uses_doubled)(1.5) == pytest.approx(6.0)
