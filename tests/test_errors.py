"""Bad input gets a typed error naming the file, line and construct, with a way out."""
import inspect
import os
import subprocess
import sys

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


# -- issue 14: mistakes a new user makes, each named with the way out ----------------

from tests.corpus import funcs_user_errors as ue  # noqa: E402


def test_no_return_is_located_at_the_def():
    # issue 14 saw an internal NameError; at this branch it is refused up front at the def
    with pytest.raises(tg.TransformError) as info:
        tg.grad(_no_return)(1.0)
    assert "_no_return() returns None (it has no return statement with a value)" in str(info.value)
    assert info.value.lineno == line_of(_no_return, "def _no_return")
    assert "hint: return the value to differentiate" in str(info.value)


def _no_return(x):
    y = x * 2.0  # noqa: F841


def test_a_path_without_return_names_the_function():
    # before: "grad needs a function with a scalar output, but the function returned None"
    assert tg.grad(ue.returns_on_one_path)(1.0) == 2.0
    with pytest.raises(tg.OutputError) as info:
        tg.grad(ue.returns_on_one_path)(-1.0)
    message = str(info.value)
    assert isinstance(info.value, TypeError)
    assert message.startswith(f"{ue.__file__}:{line_of(ue.returns_on_one_path, 'def ')}: ")
    assert "returns_on_one_path() returned None" in message
    assert "hint: make every path through returns_on_one_path end with `return <a scalar>`" \
        in message


def test_a_tuple_output_says_tuple_and_points_to_indexing_jacobian_vjp():
    # before: "grad needs a real scalar output, got a tuple value (1.0, 2.0); differentiate
    # np.real(...) / np.abs(...) of a complex output, or use tangentish.vjp"
    with pytest.raises(tg.OutputError) as info:
        tg.grad(ue.returns_a_pair)(1.0)
    message = str(info.value)
    assert message.startswith(f"{ue.__file__}:{line_of(ue.returns_a_pair, 'def ')}: ")
    assert "returns_a_pair() returns a tuple of 2 values" in message
    assert "tangentish.grad(lambda x: returns_a_pair(x)[0])" in message
    assert "tangentish.jacobian" in message and "tangentish.vjp" in message
    assert "complex" not in message
    # the ways out work
    assert tg.grad(lambda x: ue.returns_a_pair(x)[1])(1.0) == 2.0
    assert np.allclose(tg.jacobian(ue.returns_a_vector)(1.0), [1.0, 2.0])


def test_an_array_output_names_the_function_and_its_shape():
    with pytest.raises(tg.OutputError) as info:
        tg.grad(ue.returns_a_vector)(1.0)
    assert "returns_a_vector() returned an array of shape (2,)" in str(info.value)
    assert "tangentish.jacobian" in str(info.value)


def test_functools_wraps_with_star_args_works():
    x, y = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    assert np.allclose(tg.grad(ue.wrapped_by_star_args)(x, y), 2 * x * y)
    assert np.allclose(tg.grad(ue.wrapped_by_star_args, wrt="y")(x, y), x * x)
    assert np.allclose(tg.grad(ue.wrapped_by_star_args, wrt=1)(x, y), x * x)


def test_functools_wraps_hiding_the_parameters_is_explained():
    # before: "wrt=0 is out of range: wrapped_by_keywords() takes 0 positional arguments"
    # (and wrt="x" an IndexError)
    for wrt in (0, "x"):
        with pytest.raises(tg.WrtError) as info:
            tg.grad(ue.wrapped_by_keywords, wrt=wrt)
        message = str(info.value)
        assert isinstance(info.value, ValueError)
        assert info.value.filename == ue.__file__
        assert info.value.lineno == line_of(ue.wrapped_by_keywords, "@_keywords_only")
        assert "functools.wraps wrapper wrapper(**kwargs) around wrapped_by_keywords()" in message
        assert "wrapped_by_keywords.__wrapped__" in message and "*args" in message
    assert tg.grad(ue.wrapped_by_keywords.__wrapped__)(3.0) == 6.0


def test_grad_of_an_unbound_method_says_wrt0_is_self():
    # before: "cannot differentiate the attribute .w: no derivative rule applies ... hint:
    # register a rule with tangentish.register, ..."
    model = ue.Model()
    with pytest.raises(tg.WrtError) as info:
        tg.grad(ue.Model.loss)(model, 3.0)
    message = str(info.value)
    assert info.value.lineno == line_of(ue.Model.loss, "def loss")
    assert "tangentish.grad(Model.loss) differentiates with respect to wrt=0, which is `self` " \
        "(a Model object)" in message
    assert "tangentish.grad(Model.loss, wrt=1)" in message and "tangentish.grad(obj.loss)" in message
    assert "register" not in message
    # the ways out work
    assert tg.grad(ue.Model.loss, wrt=1)(model, 3.0) == 12.0
    assert tg.grad(model.loss)(3.0) == 12.0


@pytest.mark.parametrize("fn,line,module", [
    (ue.imports_autograd, "import autograd.numpy", "autograd.numpy"),
    (ue.imports_jax, "from jax import numpy", "jax"),
])
def test_importing_another_framework_inside_the_function(fn, line, module):
    # before: "cannot differentiate an import inside the function / hint: import at module level"
    with pytest.raises(tg.TransformError) as info:
        tg.grad(fn)(1.0)
    message = str(info.value)
    assert info.value.lineno == line_of(fn, line)
    assert f"imports {module}: tangentish differentiates plain numpy" in message
    assert "hint: use `import numpy as np`" in message


def test_autograd_numpy_imported_at_module_level():
    # before: "cannot differentiate the call of `np.sum()` ...: sum() calls
    # `node_constructor()`, which is known only at run time (.../autograd/tracer.py:84) ..."
    # (in a fresh interpreter: the conformance shim, which another test imports, leaves an
    # import hook mapping autograd.numpy to numpy)
    pytest.importorskip("autograd")
    code = ("import numpy, tangentish as tg\n"
            "from tests.corpus import funcs_autograd_module as am\n"
            "try:\n"
            "    tg.grad(am.loss)(numpy.ones(2))\n"
            "except tg.TransformError as exc:\n"
            "    print(exc.lineno); print(exc)\n")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=root))
    assert out.returncode == 0, out.stderr
    from tests.corpus import funcs_autograd_module as am
    lineno, _, message = out.stdout.partition("\n")
    assert int(lineno) == line_of(am.loss, "return")
    assert "a call of autograd's sum(): tangentish differentiates plain numpy" in message
    assert "hint: use `import numpy as np`" in message


def _mismatched(x, z):
    y = np.sin(x)
    return np.sum(z * y)


def _notes(exc):
    return "\n".join(getattr(exc, "__notes__", [])) + "\n" + str(exc)


def test_an_error_inside_generated_code_names_the_users_line():
    # a shape mismatch raised in a runtime helper (broadcast_shape) of the generated code
    line = inspect.getsourcelines(_mismatched)[1] + 2
    for call in (lambda: tg.grad(_mismatched)(np.ones(3), np.ones(4)),
                 lambda: tg.jvp(_mismatched, (np.ones(3), np.ones(4)), (np.ones(3), np.ones(4)))):
        with pytest.raises(ValueError) as info:
            call()
        assert f"in the derivative tangentish generated for {__file__}:{line}: " \
               "return np.sum(z * y)" in _notes(info.value)


class _ArrayLike:
    def __init__(self, v):
        self.v = v

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.v, dtype=dtype)

    def total(self):
        return np.sum(np.asarray(self) ** 2)


def test_a_method_of_an_array_like_class_is_not_taken_for_self():
    # the breaker's case: numpy takes the object as an array, so wrt=0 is meant
    np.testing.assert_allclose(tg.grad(_ArrayLike.total)(_ArrayLike([1.0, 2.0])), [2.0, 4.0])
