"""check_grads with complex arguments: complex random directions, and the reverse
check through the real part of the bilinear pairing Re sum(u * J v) =
Re sum(J^T u * v) (autograd's convention).  It used to reject complex scalars
(``float(complex)``) and cast complex arrays to real (a vacuous check)."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg

Z = np.array([0.7 + 0.4j, -0.3 + 1.1j, 1.5 - 0.2j])


def holomorphic(z):
    return np.sin(z) * z + np.exp(z / 3.0)


def norm_squared(z):
    return np.sum(np.abs(z) ** 2)


def mixed_parts(z):
    return np.sum(np.real(z) ** 2 * np.imag(z) + np.angle(z))


def conjugated(z):
    return np.conj(z) * np.tanh(z)


def real_and_complex(x, z):
    return np.sum(np.outer(x, z))


def scalar(z):
    return z * z * np.cos(z)


@pytest.mark.parametrize("f, args", [
    (holomorphic, (Z,)), (norm_squared, (Z,)), (mixed_parts, (Z,)), (conjugated, (Z,)),
    (real_and_complex, (np.array([0.5, -1.0]), Z)), (scalar, (0.4 - 0.9j,)),
])
def test_complex_arguments_checked_at_second_order(f, args):
    tg.check_grads(f, args, order=2)


def test_python_complex_scalars_and_lists():
    tg.check_grads(lambda_free, ([0.3 + 0.2j, 1.0 - 0.5j],), order=2)


def lambda_free(zs):
    return zs[0] * np.sin(zs[1])


@pytest.mark.parametrize("z", [0.6 + 0.8j, Z])
def test_gradient_of_a_real_function_matches_autograd(z):
    def loss(z, np=np):
        return np.sum(np.abs(np.sin(z)) ** 2 + np.real(z * z))
    expected = autograd.grad(lambda v: loss(v, anp))(z)
    got = tg.grad(norm_sin_real)(z)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def norm_sin_real(z):
    return np.sum(np.abs(np.sin(z)) ** 2 + np.real(z * z))


def square_abs(z):
    return np.abs(z) ** 2


def uses_square_abs(z):
    return np.sum(square_abs(z))


@pytest.mark.parametrize("mode", ["fwd", "rev"])
def test_a_rule_right_only_for_real_values_is_caught(temporary_rules, mode):
    # 2 Re(z t) instead of 2 Re(conj(z) t): equal for real z and t, so only
    # complex values and directions tell them apart
    tg.check_grads(uses_square_abs, (np.real(Z),), order=1, modes=(mode,))
    tg.register(square_abs, "square_abs(z)", jvp={"z": "2.0 * np.real(z * t)"})
    tg.check_grads(uses_square_abs, (np.real(Z),), order=1, modes=(mode,))
    with pytest.raises(AssertionError, match="disagrees with finite differences"):
        tg.check_grads(uses_square_abs, (Z,), order=1, modes=(mode,))


def test_complex_arrays_are_not_cast_to_real():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # a ComplexWarning would be an error
        tg.check_grads(holomorphic, (Z,), order=1)


def complex_by_constant_then_stored(x):
    z = x + 0j
    z[0] = z[0] * 1j
    return np.imag(z[0])


def complex_by_astype_then_stored(x):
    z = x.astype(complex)
    z[0] = z[0] * 1j
    return np.imag(z[0])


def test_storing_a_complex_tangent_into_a_real_one_is_refused_not_dropped():
    # the breaker's case: the forward tangent of x + 0j is real, and storing the
    # complex tangent of z[0] * 1j into it dropped the imaginary part (jvp 0, not 1)
    x = np.array([0.5, 1.5, -0.7])
    np.testing.assert_allclose(tg.grad(complex_by_constant_then_stored)(x), [1.0, 0.0, 0.0])
    with pytest.raises(tg.TransformError, match="imaginary part"):
        tg.jvp(complex_by_constant_then_stored, (x,), (np.array([1.0, 0.0, 0.0]),))
    _, tangent = tg.jvp(complex_by_astype_then_stored, (x,), (np.array([1.0, 0.0, 0.0]),))
    assert tangent == pytest.approx(1.0)
    tg.check_grads(complex_by_astype_then_stored, (x,), order=2)


def stores_complex_into_real(x):
    a = np.zeros(2)
    a[0] = x * 1j
    return np.sum(a)


def test_storing_a_complex_value_into_a_real_array_is_refused():
    with pytest.raises(tg.TransformError, match="imaginary part"):
        tg.grad(stores_complex_into_real)(0.5)
