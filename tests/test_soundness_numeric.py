"""Issue 10, W6 / W9 / W11 (numeric part): complex numbers, powers at 0, sinc at 0,
np.r_ / np.c_, complex and string outputs.

Convention (docs/SOUNDNESS.md, "Complex numbers and dtypes"): autograd's.  The
gradient of a real function of a complex z is dL/dRe z - i dL/dIm z; a real
input always gets a real gradient; a real-valued function has a real tangent.
Every case is checked against central finite differences (real and imaginary
parts separately for complex inputs) and against autograd where autograd is
right (it gives NaN for sinc'' at 0).
"""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import tangentish as tg
from tangentish import TransformError


def fd_grad(f, x, eps=1e-6):
    """Central differences; for complex x: dL/dRe - i dL/dIm (autograd's convention)."""
    x = np.asarray(x)
    cplx = np.iscomplexobj(x)
    out = np.zeros(x.shape, dtype=complex if cplx else float)
    for i in np.ndindex(x.shape):
        for step, weight in ((eps, 1.0), (1j * eps, -1j)) if cplx else ((eps, 1.0),):
            xp, xm = x.astype(complex if cplx else float), x.astype(complex if cplx else float)
            xp[i] += step
            xm[i] -= step
            out[i] += weight * (f(xp) - f(xm)) / (2 * eps)
    return out


def fd_scalar(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def check(f, x, autograd_f=None, atol=1e-5):
    got = tg.grad(f)(x)
    want = fd_grad(f, x)
    assert np.iscomplexobj(got) == np.iscomplexobj(x), f"gradient type {type(got)} for input {x!r}"
    np.testing.assert_allclose(got, want, atol=atol, rtol=1e-5)
    if autograd_f is not None:
        np.testing.assert_allclose(got, autograd.grad(autograd_f)(x), atol=1e-9, rtol=1e-9)
    return got


# -- W6: complex intermediates, real inputs ------------------------------------------------------
def w6a(x):
    return np.sum(np.real(np.exp(1j * x) * (2 + 1j)))


def w6a_ag(x):
    return anp.sum(anp.real(anp.exp(1j * x) * (2 + 1j)))


def w6b(x):
    z = x * (1 + 2j)
    return np.sum(np.real(np.abs(z) * (1 + 1j)))


def w6b_ag(x):
    z = x * (1 + 2j)
    return anp.sum(anp.real(anp.abs(z) * (1 + 1j)))


def imag_of_product(x):
    return np.sum(np.imag(x * (3 - 2j)) * x)


def imag_of_product_ag(x):
    return anp.sum(anp.imag(x * (3 - 2j)) * x)


def conj_mix(x):
    z = x * (1 + 1j) + 2j
    return np.sum(np.real(np.conj(z) * z * (0.5 - 1j)))


def conj_mix_ag(x):
    z = x * (1 + 1j) + 2j
    return anp.sum(anp.real(anp.conj(z) * z * (0.5 - 1j)))


def angle_of(x):
    return np.sum(np.angle(x + 1j * x ** 2))


def angle_of_ag(x):
    return anp.sum(anp.angle(x + 1j * x ** 2))


def abs_squared_complex(x):
    z = np.exp(1j * x) * x
    return np.sum(np.abs(z) ** 2 + np.real(z))


def abs_squared_complex_ag(x):
    z = anp.exp(1j * x) * x
    return anp.sum(anp.abs(z) ** 2 + anp.real(z))


def imag_of_real(x):
    z = x * 2.0
    return np.sum(np.imag(z) * (1 + 1j)).real + np.sum(x)


def fft_power(x):
    return np.sum(np.abs(np.fft.fft(x)) ** 2)


def fft_power_ag(x):
    return anp.sum(anp.abs(anp.fft.fft(x)) ** 2)


X = np.array([0.5, -1.0, 1.5])


@pytest.mark.parametrize("f, twin", [
    (w6a, w6a_ag), (w6b, w6b_ag), (imag_of_product, imag_of_product_ag), (conj_mix, conj_mix_ag),
    (angle_of, angle_of_ag), (abs_squared_complex, abs_squared_complex_ag), (imag_of_real, None),
    (fft_power, fft_power_ag)])
def test_real_input_gets_real_gradient_through_complex_values(f, twin):
    check(f, X, twin)


def test_real_python_float_gets_real_gradient():
    def f(x):
        return np.real(np.exp(1j * x) * (2 + 1j))
    got = tg.grad(f)(0.3)
    assert not np.iscomplexobj(got)
    np.testing.assert_allclose(got, fd_scalar(f, 0.3), atol=1e-7)


# -- complex inputs ------------------------------------------------------------------------------
Z = np.array([1.0 + 2.0j, -0.5 + 0.3j, 0.7 - 1.1j])


def abs2(z):
    return np.sum(np.abs(z) ** 2)


def abs2_ag(z):
    return anp.sum(anp.abs(z) ** 2)


def real_times(z):
    return np.sum(np.real(z * (2 + 3j)))


def real_times_ag(z):
    return anp.sum(anp.real(z * (2 + 3j)))


def imag_times(z):
    return np.sum(np.imag(z * (2 + 3j)))


def imag_times_ag(z):
    return anp.sum(anp.imag(z * (2 + 3j)))


def conj_times(z):
    return np.sum(np.real(np.conj(z) * (2 + 3j)))


def conj_times_ag(z):
    return anp.sum(anp.real(anp.conj(z) * (2 + 3j)))


def angle_sum(z):
    return np.sum(np.angle(z))


def angle_sum_ag(z):
    return anp.sum(anp.angle(z))


def holomorphic_chain(z):
    return np.sum(np.real(np.sin(z) * np.exp(z) / (z + 3.0) + z ** 3 + np.sqrt(z) * np.log(z)))


def holomorphic_chain_ag(z):
    return anp.sum(anp.real(anp.sin(z) * anp.exp(z) / (z + 3.0) + z ** 3 + anp.sqrt(z) * anp.log(z)))


def abs_of_product(z):
    return np.sum(np.abs(z * z - 1.0))


def abs_of_product_ag(z):
    return anp.sum(anp.abs(z * z - 1.0))


@pytest.mark.parametrize("f, twin", [
    (abs2, abs2_ag), (real_times, real_times_ag), (imag_times, imag_times_ag),
    (conj_times, conj_times_ag), (angle_sum, angle_sum_ag), (holomorphic_chain, holomorphic_chain_ag),
    (abs_of_product, abs_of_product_ag)])
def test_complex_input_gradient_convention(f, twin):
    check(f, Z, twin)


def test_complex_python_scalar_input():
    def f(z):
        return abs(z) ** 2 + np.real(z * 1j)
    got = tg.grad(f)(1.0 + 2.0j)
    np.testing.assert_allclose(got, fd_grad(lambda v: f(complex(v)), np.array(1.0 + 2.0j)), atol=1e-6)


# -- forward mode: a real-valued function has a real tangent --------------------------------------
def test_jvp_of_real_valued_abs_squared_is_real():
    def f(z):
        return np.abs(z) ** 2
    z = np.array([1.0 + 2.0j, 3.0 - 1.0j])
    dz = np.array([0.5 - 1.0j, 0.25 + 2.0j])
    y, y_dot = tg.jvp(f, (z,), (dz,))
    assert not np.iscomplexobj(y_dot)
    eps = 1e-6
    np.testing.assert_allclose(y_dot, (f(z + eps * dz) - f(z - eps * dz)) / (2 * eps), atol=1e-6)


@pytest.mark.parametrize("f", [w6a, w6b, conj_mix, angle_of, abs_squared_complex, fft_power])
def test_jvp_real_input_real_tangent(f):
    t = np.array([0.3, -0.2, 1.0])
    y, y_dot = tg.jvp(f, (X,), (t,))
    assert not np.iscomplexobj(y_dot)
    eps = 1e-6
    np.testing.assert_allclose(y_dot, (f(X + eps * t) - f(X - eps * t)) / (2 * eps), atol=1e-5)


# -- second order through complex intermediates ---------------------------------------------------
def test_hessian_through_complex_intermediates():
    def f(x):
        return np.sum(np.real(np.exp(1j * x) * (2 + 1j)) * x)
    H = tg.hessian(f)(X)
    assert not np.iscomplexobj(H)
    want = autograd.hessian(lambda x: anp.sum(anp.real(anp.exp(1j * x) * (2 + 1j)) * x))(X)
    np.testing.assert_allclose(H, want, atol=1e-10)


def test_grad_of_grad_through_complex_intermediates():
    def f(x):
        return np.real(np.exp(1j * x) * (2 + 1j)) * x
    got = tg.grad(tg.grad(f))(0.4)
    want = autograd.grad(autograd.grad(lambda x: anp.real(anp.exp(1j * x) * (2 + 1j)) * x))(0.4)
    np.testing.assert_allclose(got, want, atol=1e-10)


def test_second_order_of_complex_abs():
    def f(x):
        return np.sum(np.abs(x * (1 + 1j) + 0.5j) ** 3)

    def f_ag(x):
        return anp.sum(anp.abs(x * (1 + 1j) + 0.5j) ** 3)
    np.testing.assert_allclose(tg.hessian(f)(X), autograd.hessian(f_ag)(X), rtol=1e-10)
    np.testing.assert_allclose(tg.hvp(f)(X, np.ones(3)), autograd.hessian(f_ag)(X) @ np.ones(3),
                               rtol=1e-10)


def test_second_order_of_abs_of_complex_input():
    def f(z):
        return np.sum(np.abs(z) ** 3 * np.real(z))

    def f_ag(z):
        return anp.sum(anp.abs(z) ** 3 * anp.real(z))
    g = tg.grad(f)
    # a directional second derivative: d/ds grad(f)(z + s v), checked by differences of grad
    v = np.array([0.3 - 0.2j, 1.0 + 0.5j, -0.4j])
    want = (autograd.grad(f_ag)(Z + 1e-6 * v) - autograd.grad(f_ag)(Z - 1e-6 * v)) / 2e-6
    _, got = tg.jvp(g, (Z,), (v,))
    np.testing.assert_allclose(got, want, rtol=1e-6)


def test_third_order_of_complex_abs_is_refused():
    def f(x):
        return np.abs(x * (1 + 1j)) ** 3
    with pytest.raises((NotImplementedError, TransformError)):
        tg.grad(tg.grad(tg.grad(f)))(0.7)


# -- rules that are exact for real inputs only refuse complex ones ----------------------------------
def logabsdet_of(z):
    return np.linalg.slogdet(z)[1]


def test_real_only_rule_refuses_complex_input():
    with pytest.raises(TypeError, match="real inputs only"):
        tg.grad(logabsdet_of)(np.array([[1.0 + 1j, 0.5], [0.2j, 2.0]]))


def test_sign_of_complex_is_refused():
    def f(z):
        return np.sum(np.real(np.sign(z) * z))
    with pytest.raises(NotImplementedError):
        tg.grad(f)(Z)


def test_astype_float_of_complex_projects():
    def f(x):
        z = np.exp(1j * x)
        return np.sum(np.real(z).astype(np.float64) * 2.0 + np.imag(z))
    check(f, X)


# -- complex and string outputs are TypeErrors ----------------------------------------------------
def complex_sum(x):
    return np.sum(x * 1j)


def complex_sum_of_complex_input(z):
    return np.sum(z * z)


def complex_scalar(x):
    return x * (1 + 1j)


def string_out(x):
    return "value"


def complex_via_global(x):
    return np.sum(x * C_GLOBAL)


C_GLOBAL = np.array([1.0 + 1.0j, 2.0, 3.0])


@pytest.mark.parametrize("f, x", [(complex_sum, X), (complex_sum_of_complex_input, Z),
                                  (complex_scalar, 0.5), (string_out, 0.5),
                                  (complex_via_global, X)])
def test_complex_or_string_output_raises_type_error(f, x):
    with pytest.raises(TypeError, match="real scalar output"):
        tg.grad(f)(x)


def test_value_and_grad_complex_output_raises():
    with pytest.raises(TypeError, match="real scalar output"):
        tg.value_and_grad(complex_sum)(X)


# -- W9: powers at 0 -------------------------------------------------------------------------------
def w9a(x):
    return np.sum(x ** np.arange(4))


def w9a_ag(x):
    return anp.sum(x ** anp.arange(4))


def pow_loop(x):
    s = 0.0
    for i in range(4):
        s = s + x ** i
    return s


def pow_float_exponents(x):
    return np.sum(x ** np.array([0.0, 1.0, 2.0, 3.0]))


def np_power_zero(x):
    return np.sum(np.power(x, np.array([0, 1, 2, 0])))


def float_power_zero(x):
    return np.sum(np.float_power(x, np.array([0.0, 1.0, 2.0, 0.0])))


def test_w9_pow_array_exponent_at_zero():
    x = np.array([0.0, 1.0, 2.0, 0.5])
    got = check(w9a, x, w9a_ag)
    np.testing.assert_allclose(got, [0.0, 1.0, 4.0, 0.75])


@pytest.mark.parametrize("f", [pow_float_exponents, np_power_zero, float_power_zero])
def test_pow_exponent_zero_contributes_zero(f):
    x = np.array([0.0, 0.0, 0.0, 1.5])
    got = tg.grad(f)(x)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, fd_grad(f, x), atol=1e-5)


@pytest.mark.parametrize("x", [0.0, 1.5, -2.0])
def test_pow_loop_python_float(x):
    got = tg.grad(pow_loop)(x)
    np.testing.assert_allclose(got, fd_scalar(pow_loop, x), atol=1e-5)


@pytest.mark.parametrize("x", [0.0, 0.7])
def test_pow_loop_second_order(x):
    want = 2.0 + 6.0 * x          # d2/dx2 (1 + x + x^2 + x^3)
    np.testing.assert_allclose(tg.grad(tg.grad(pow_loop))(x), want, atol=1e-9)
    np.testing.assert_allclose(tg.hessian(w9a)(np.array([x] * 4)),
                               np.diag([0.0, 0.0, 2.0, 6.0 * x]), atol=1e-9)


def test_pow_jvp_at_zero():
    x = np.array([0.0, 1.0, 2.0, 0.5])
    _, y_dot = tg.jvp(w9a, (x,), (np.ones(4),))
    np.testing.assert_allclose(y_dot, 0.0 + 1.0 + 4.0 + 0.75)


def test_pow_python_int_exponent_loop_float_zero():
    def f(x):
        s = 0.0
        for i in range(3):
            s = s + x ** i * (i + 1.0)
        return s
    np.testing.assert_allclose(tg.grad(f)(0.0), 2.0)


def test_pow_exponent_derivative_at_zero_base_follows_autograd():
    def f(y):
        return 0.0 ** y + 2.0 ** y
    np.testing.assert_allclose(tg.grad(f)(2.0), autograd.grad(lambda y: 0.0 ** y + 2.0 ** y)(2.0))
    np.testing.assert_allclose(tg.grad(f)(2.0), np.log(2.0) * 4.0)


def test_pow_both_arguments_hessian():
    def f(v):
        return v[0] ** v[1]
    v = np.array([1.3, 2.5])
    want = autograd.hessian(lambda v: v[0] ** v[1])(v)
    np.testing.assert_allclose(tg.hessian(f)(v), want, rtol=1e-9)


# -- sinc at 0 -------------------------------------------------------------------------------------
def sinc(x):
    return np.sinc(x)


@pytest.mark.parametrize("x", [0.0, 1e-9, 0.3, -1.7, 2.5])
def test_sinc_derivatives_every_order(x):
    d1 = tg.grad(sinc)
    d2 = tg.grad(d1)
    d3 = tg.grad(d2)
    if x == 0.0:
        np.testing.assert_allclose(d1(x), 0.0, atol=1e-15)
        np.testing.assert_allclose(d2(x), -np.pi ** 2 / 3, rtol=1e-12)
        np.testing.assert_allclose(d3(x), 0.0, atol=1e-12)
        np.testing.assert_allclose(tg.grad(d3)(x), np.pi ** 4 / 5, rtol=1e-12)
    else:
        np.testing.assert_allclose(d1(x), fd_scalar(np.sinc, x), atol=1e-8)
        np.testing.assert_allclose(d2(x), fd_scalar(d1, x), atol=1e-6)
        np.testing.assert_allclose(d3(x), fd_scalar(d2, x), atol=1e-5)


def test_sinc_hessian_array_and_jvp():
    def f(x):
        return np.sum(np.sinc(x))
    x = np.array([0.0, 0.5, -1.0])
    H = tg.hessian(f)(x)
    np.testing.assert_allclose(np.diag(H)[0], -np.pi ** 2 / 3)
    np.testing.assert_allclose(np.diag(H)[1:], [fd_scalar(tg.grad(sinc), v) for v in x[1:]], atol=1e-6)
    _, y_dot = tg.jvp(f, (x,), (np.ones(3),))
    np.testing.assert_allclose(y_dot, sum(fd_scalar(np.sinc, v) for v in x), atol=1e-8)


def test_xlogy_mixed_second_derivative_at_zero():
    scipy_special = pytest.importorskip("scipy.special")

    def f(v):
        return scipy_special.xlogy(v[0], v[1])
    H = tg.hessian(f)(np.array([0.0, 2.0]))
    np.testing.assert_allclose(H, [[0.0, 0.5], [0.5, 0.0]], atol=1e-12)


# -- np.r_ / np.c_ and other index objects -----------------------------------------------------------
def r_stack(x):
    return np.sum(np.r_[x, 2 * x] ** 2)


def c_stack(x):
    return np.sum(np.c_[x, x] ** 2)


def s_index(x):
    return np.sum(x[np.s_[0:2]] * 3.0)


def r_constant(x):
    return np.sum(np.r_[np.ones(2), 3.0] * x)


@pytest.mark.parametrize("f, expected", [(r_stack, 10.0), (c_stack, 4.0)])
def test_index_objects_with_active_values(f, expected):
    # np.r_ / np.c_ are lowered to index_join (numpy's value, a concatenation's rule)
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(tg.grad(f)(x), expected * x)
    tg.check_grads(f, (x,), order=2)


def test_index_objects_with_constant_values_are_fine():
    np.testing.assert_allclose(tg.grad(r_constant)(np.array([1.0, 2.0, 3.0])), [1.0, 1.0, 3.0])
    np.testing.assert_allclose(tg.grad(s_index)(np.array([1.0, 2.0, 3.0])), [3.0, 3.0, 0.0])


class Table:
    """An object with its own __getitem__ that computes with the index."""

    def __getitem__(self, v):
        return v * 3.0


TABLE = Table()


def custom_getitem_global(x):
    return TABLE[x[0]] + x[1]


def custom_getitem_argument(x, t):
    return t[x[0]] * 2.0


def index_from_inputs(x):
    i = (x[0] * 2).astype(int)
    return x[i] * 2.0


def test_custom_getitem_with_active_index_is_refused():
    with pytest.raises(TransformError, match="in the index"):
        tg.grad(custom_getitem_global)(np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="__getitem__"):
        tg.grad(custom_getitem_argument)(np.array([1.0, 2.0]), TABLE)
    with pytest.raises(TypeError, match="__getitem__"):
        tg.jvp(custom_getitem_argument, (np.array([1.0, 2.0]), TABLE), (np.ones(2), None))


def test_integer_index_computed_from_inputs_has_zero_derivative():
    x = np.array([0.6, 2.0])
    np.testing.assert_allclose(tg.grad(index_from_inputs)(x), [0.0, 2.0])
    np.testing.assert_allclose(tg.jvp(index_from_inputs, (x,), (np.ones(2),))[1], 2.0)


def complex_valued(x):
    return np.exp(1j * x) * x


def test_jacobian_of_complex_output():
    x = np.array([0.3, -0.5])
    J = tg.jacobian(complex_valued, mode="forward")(x)
    np.testing.assert_allclose(J, np.diag((1j * x + 1.0) * np.exp(1j * x)))
    with pytest.raises(TypeError, match="real output"):
        tg.jacobian(complex_valued)(x)


def test_jacobian_and_hessian_of_complex_input_are_refused():
    with pytest.raises(TypeError, match="real input"):
        tg.hessian(abs2)(Z)
    with pytest.raises(TypeError, match="real input"):
        tg.jacobian(complex_valued, mode="forward")(Z)


@pytest.mark.parametrize("v, want", [
    ([0.0, 2.5], [[0.0, 0.0], [0.0, 0.0]]),        # x^y and its derivatives vanish at x = 0, y > 2
    ([2.0, 0.0], [[0.0, 0.5], [0.5, np.log(2.0) ** 2]]),   # autograd gives 2.0 for one mixed entry
    ([1.5, 2.0], [[2.0, 1.5 * (2 * np.log(1.5) + 1)], [1.5 * (2 * np.log(1.5) + 1),
                                                         1.5 ** 2 * np.log(1.5) ** 2]])])
def test_pow_hessian_at_special_points(v, want):
    def f(v):
        return v[0] ** v[1]
    np.testing.assert_allclose(tg.hessian(f)(np.array(v)), want, atol=1e-12)


def _times_1p1j(v):
    return v * (1 + 1j)


def _abs_of(v):
    return np.abs(v)


def complex_through_call(x):
    z = _times_1p1j(x)
    return np.sum(np.real(z * np.conj(z))) + np.sum(_abs_of(x * (2 - 1j)) * (1 + 1j)).real


def complex_in_dict(x):
    d = {"a": x * 1j, "b": x}
    return np.sum(np.imag(d["a"]) * d["b"])


def complex_in_loop(x):
    z = x + 0j
    for _ in range(3):
        z = z * (0.5 + 0.5j) + x
    return np.sum(np.abs(z))


def complex_in_list(x):
    zs = [x[0] * 1j, x[1] * (1 + 1j)]
    return np.real(zs[0] * zs[1]) + np.abs(zs[1])


@pytest.mark.parametrize("f", [complex_through_call, complex_in_dict, complex_in_loop, complex_in_list])
def test_complex_through_calls_containers_and_loops(f):
    check(f, X)
    t = np.array([0.2, 1.0, -0.5])
    _, y_dot = tg.jvp(f, (X,), (t,))
    assert not np.iscomplexobj(y_dot)
    np.testing.assert_allclose(y_dot, fd_grad(f, X) @ t, atol=1e-5)


# -- a real output of a container holding a complex array (the seed checks what is used) ---------
XR = np.array([0.3, -1.2])
ZC = np.array([0.3 + 0.5j, -1.2 + 0.1j])


def _loss_of_pair(params):
    x, z = params
    return np.sum(np.abs(z) ** 2) + np.sum(x ** 2)


def _loss_of_dict(params):
    return np.sum(np.abs(params["z"]) ** 2) + np.sum(params["x"] ** 2)


def _loss_of_first(params):
    return np.sum(params[0] ** 2)        # the complex entry is not used at all


@pytest.mark.parametrize("box", [list, tuple])
def test_real_output_of_a_sequence_holding_a_complex_array(box):
    got = tg.grad(_loss_of_pair)(box([XR, ZC]))
    assert isinstance(got, box)
    np.testing.assert_allclose(got[0], 2 * XR)
    np.testing.assert_allclose(got[1], 2 * np.conj(ZC))       # autograd's convention
    ag = autograd.grad(lambda p: anp.sum(anp.abs(p[1]) ** 2) + anp.sum(p[0] ** 2))(box([XR, ZC]))
    for a, b in zip(got, ag):
        np.testing.assert_allclose(a, b)
    got = tg.grad(_loss_of_first)(box([XR, ZC]))
    np.testing.assert_allclose(got[0], 2 * XR)
    np.testing.assert_allclose(got[1], 0 * ZC)


def test_real_output_of_a_dict_holding_a_complex_array():
    got = tg.grad(_loss_of_dict)({"x": XR, "z": ZC})
    np.testing.assert_allclose(got["x"], 2 * XR)
    np.testing.assert_allclose(got["z"], 2 * np.conj(ZC))
    value, g = tg.value_and_grad(_loss_of_dict)({"x": XR, "z": ZC})
    assert value == pytest.approx(np.sum(np.abs(ZC) ** 2) + np.sum(XR ** 2))


def _complex_loss_of_pair(params):
    x, z = params
    return np.sum(z ** 2) + np.sum(x ** 2)


def _complex_loss_of_dict(params):
    return np.sum(params["z"] * params["x"])


def _complex_loss_of_whole_list(params):
    return np.sum(params)                # converts the whole list: complex


def _complex_loss_in_loop(params):
    s = 0.0
    for p in params:
        s = s + np.sum(p)
    return s


@pytest.mark.parametrize("f, arg", [(_complex_loss_of_pair, [XR, ZC]), (_complex_loss_of_pair, (XR, ZC)),
                                    (_complex_loss_of_dict, {"x": XR, "z": ZC}),
                                    (_complex_loss_of_whole_list, [XR, ZC]),
                                    (_complex_loss_in_loop, [XR, ZC])])
def test_complex_output_of_a_container_is_still_refused(f, arg):
    with pytest.raises(TypeError, match="real scalar output"):
        tg.grad(f)(arg)


def _prod(x):
    return np.prod(x)


def _prod_rows(x):
    return np.prod(x, axis=1)


def _prod_jvp_tangent(x, v):
    return tg.jvp(_prod, (x,), (v,))[1]


def _prod_rows_jvp(x, v):
    return np.sum(tg.jvp(_prod_rows, (x,), (v,))[1] * np.array([1.0, -2.0]))


def test_differentiating_prods_jvp_follows_the_primal_too():
    """prod_tangent(t, a) depends on a as well as t: differentiating a jvp of np.prod
    (forward over forward, reverse over forward) gave 0 (autograd's test_prod found it)."""
    x, v, u = np.array([0.5, 2.0, 3.0]), np.array([1.0, -1.0, 0.5]), np.array([0.3, 0.2, -0.7])
    exact = u @ tg.hessian(_prod)(x) @ v
    assert exact == pytest.approx(-1.0)
    assert tg.jvp(_prod_jvp_tangent, (x, v), (u, np.zeros(3)))[1] == pytest.approx(exact)
    assert tg.grad(_prod_jvp_tangent)(x, v) @ u == pytest.approx(exact)
    X, V, U = np.array([[0.5, 2.0, 3.0], [1.5, -1.0, 0.0]]), np.ones((2, 3)), np.arange(6.0).reshape(2, 3)
    h = 1e-6
    fd = (_prod_rows_jvp(X + h * U, V) - _prod_rows_jvp(X - h * U, V)) / (2 * h)
    assert tg.jvp(_prod_rows_jvp, (X, V), (U, np.zeros((2, 3))))[1] == pytest.approx(fd, rel=1e-6)
    assert np.sum(tg.grad(_prod_rows_jvp)(X, V) * U) == pytest.approx(fd, rel=1e-6)


def _std(x):
    return np.std(x)


def _std_columns(x):
    return np.sum(np.std(x, axis=0))


def test_std_of_a_single_value_has_derivative_zero():
    """np.std of one value is 0 whatever the value: derivative 0, not 0/0 = NaN."""
    assert tg.grad(_std)(3.5) == 0.0
    assert tg.jvp(_std, (3.5,), (1.0,))[1] == 0.0
    assert tg.grad(tg.grad(_std))(3.5) == 0.0 and tg.hessian(_std)(3.5) == 0.0
    np.testing.assert_array_equal(tg.grad(_std_columns)(np.array([[1.0, 2.0, 3.0]])), 0.0)
    x = np.array([[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_allclose(tg.grad(_std_columns)(x), [[-0.5, -0.5], [0.5, 0.5]])
