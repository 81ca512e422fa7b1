"""The runtime helpers the rules' templates call (tangentish/runtime/, their rules in
tangentish/rules/helpers/): each linear helper and its transpose pass the dot-product
test <g, T x> == <T^T g, x>.  (The helpers' own rules are exercised through the rule
cases of the other files, to first and second order.)"""
import numpy as np
import pytest

from tangentish import runtime as rm
from tests.rules.cases import M, V, Inputs

J = Inputs(20240611)
rand, spd = J.rand, J.spd
_XP = np.array([-1.0, -0.3, 0.2, 0.9, 1.6])


def _inner(a, b):
    if isinstance(a, (tuple, list)):
        return sum(_inner(x, y) for x, y in zip(a, b))
    return float(np.sum(np.real(np.asarray(a) * np.asarray(b))))


def _random_like(y, rng):
    if isinstance(y, (tuple, list)):
        return type(y)(_random_like(v, rng) for v in y)
    return rng.normal(size=np.shape(y))


_A33, _A43 = rand((3, 3)), rand((4, 3))
_SPD = spd()
_B342 = rand((3, 4, 2))
x0_43 = np.zeros((4, 3))
_EINS = ("ij,jk->ik", rand(M), rand((3, 4)), None)
HELPER_PAIRS = [
    # (label, forward map of x, transpose map of g, x shape)
    ("reverse_cumsum", lambda x: np.cumsum(x, 1), lambda g: rm.reverse_cumsum(g, _A43, 1), (4, 3)),
    ("diff_transpose", lambda x: np.diff(x, 2, 0), lambda g: rm.diff_transpose(g, _A43, 2, 0), (4, 3)),
    ("order_stat", lambda x: rm.order_stat_tangent(x, _A43, [0.2, 0.5], 0),
     lambda g: rm.order_stat_cotangent(g, _A43, [0.2, 0.5], 0), (4, 3)),
    ("full_weights", lambda x: rm.full_weights(x, _A43, 1), lambda g: rm.unfull_weights(g, x0, _A43, 1), (3,)),
    ("trapezoid_y", lambda x: np.trapezoid(x, dx=0.5), lambda g: rm.trapezoid_grad_y(g, _A43, None, 0.5, -1), (4, 3)),
    ("trapezoid_x", lambda x: np.trapezoid(_A43, x), lambda g: rm.trapezoid_grad_x(g, _A43, np.arange(3.0), -1), (3,)),
    ("joined_r_", lambda x: rm.joined_part_transpose(x, [rand(V), 2.0, rand((2,))], 1, "r_"),
     lambda g: rm.joined_part(g, [rand(V), 2.0, rand((2,))], 1, "r_"), ()),
    ("joined_c_", lambda x: rm.joined_part_transpose(x, [rand((2, 3)), rand((2,))], 1, "c_"),
     lambda g: rm.joined_part(g, [rand((2, 3)), rand((2,))], 1, "c_"), (2,)),
    ("joined", lambda x: rm.joined_part_transpose(x, [rand(V), rand((2,))], 1, "hstack"),
     lambda g: rm.joined_part(g, [rand(V), rand((2,))], 1, "hstack"), (2,)),
    ("split", lambda x: rm.split_like(x, [np.zeros((1, 3)), np.zeros((3, 3))], 0),
     lambda g: rm.split_transpose(g, _A43, 0), (4, 3)),
    ("unrepeat", lambda x: np.repeat(x, [2, 0, 1], 1), lambda g: rm.unrepeat(g, _A43, [2, 0, 1], 1), (4, 3)),
    ("untile", lambda x: np.tile(x, (2, 1, 2)), lambda g: rm.untile(g, _A43, (2, 1, 2)), (4, 3)),
    ("unpad", lambda x: np.pad(x, 1, "reflect"), lambda g: rm.unpad(g, _A43, 1, "reflect"), (4, 3)),
    ("pad_fill", lambda x: rm.pad_fill(x, _A43, 2), lambda g: rm.pad_border_sum(g, _A43, 2), ()),
    ("undiag", lambda x: np.diag(x, 1), lambda g: rm.undiag(g, _A43, 1), (4, 3)),
    ("undiagonal", lambda x: np.diagonal(x, -1), lambda g: rm.undiagonal(g, _A43, -1), (4, 3)),
    ("untrace", lambda x: np.trace(x), lambda g: rm.untrace(g, _A43), (4, 3)),
    ("untake", lambda x: np.take(x, [2, 2, 0], 0), lambda g: rm.untake(g, _A43, [2, 2, 0], 0), (4, 3)),
    ("untake_along_axis", lambda x: np.take_along_axis(x, np.array([[0, 0, 2]]), 1),
     lambda g: rm.untake_along_axis(g, _A43, np.array([[0, 0, 2]]), 1), (4, 3)),
    ("linspace", lambda x: rm.linspace_part(x, 1, 5, True, 0), lambda g: rm.linspace_cotangent(g, 1, 5, True, 0, x0), (3,)),
    ("sandwich", lambda x: rm.sandwich(x, _A43, _A33), lambda g: rm.sandwich(g, _A43.T, _A33.T), (3, 3)),
    ("inner", lambda x: np.inner(x, _A43), lambda g: rm.inner_grad_lhs(g, _A43, _A33), (3, 3)),
    ("tensordot", lambda x: np.tensordot(_A43, x, 1), lambda g: rm.tensordot_grad_rhs(g, _A43, _A33, 1), (3, 3)),
    ("kron", lambda x: np.kron(_A33, x), lambda g: rm.kron_grad_rhs(g, _A33, _A43), (4, 3)),
    ("einsum", lambda x: rm.einsum_tangent(x, 2, _EINS), lambda g: rm.einsum_cotangent(g, 2, _EINS), (3, 4)),
    ("dot_nd_a", lambda x: np.dot(x, _B342), lambda g: rm.dot_grad_lhs(g, _B342, np.zeros((2, 3, 4))), (2, 3, 4)),
    ("dot_nd_b", lambda x: np.dot(_A43, x), lambda g: rm.dot_grad_rhs(g, _A43, np.zeros((5, 3, 2))), (5, 3, 2)),
    ("unrollaxis", lambda x: np.rollaxis(x, 2, 1), lambda g: rm.unrollaxis(g, 2, 1), (2, 3, 4)),
    ("append_part", lambda x: rm.append_part(x, _A43, _A33, 0, 1), lambda g: rm.append_part_transpose(g, _A43, _A33, 0, 1),
     (7, 3)),
    ("append_part_flat", lambda x: rm.append_part(x, _A43, 2.0, None, 0),
     lambda g: rm.append_part_transpose(g, _A43, 2.0, None, 0), (13,)),
    ("select", lambda x: np.select([_A43 > 0, _A43 < -0.5], list(x), 0.0),
     lambda g: rm.select_cotangents(g, [_A43 > 0, _A43 < -0.5], [_A43, _A43]), (2, 4, 3)),
    ("gradient", lambda x: np.gradient(x, axis=(0, 1)), lambda g: rm.gradient_transpose(g, x0_43, (0, 1)), (4, 3)),
    ("gradient2", lambda x: np.gradient(x, axis=0, edge_order=2),
     lambda g: rm.gradient_transpose(g, np.zeros((5, 2)), 0, 2), (5, 2)),
    ("gradient_n2", lambda x: np.gradient(x), lambda g: rm.gradient_transpose(g, np.zeros(2)), (2,)),
    ("einsum_part", lambda x: rm.einsum_part_out(None, None, "ij,jk->ik", _EINS[1], x, *[None] * 7, False),
     lambda g: rm.einsum_part_2(np.zeros((3, 4)), g, "ij,jk->ik", _EINS[1], None, *[None] * 7, False), (3, 4)),
    ("einsum_part_g", lambda x: rm.einsum_part_1(np.zeros((2, 3)), x, "ij,jk->ik", None, _EINS[2], *[None] * 7,
                                                 False),
     lambda g: rm.einsum_part_out(None, None, "ij,jk->ik", g, _EINS[2], *[None] * 7, False), (2, 4)),
    ("conv", lambda x: rm.conv_crop(x, rand((5,)), rand((3,)), "same"),
     lambda g: rm.conv_full_cotangent(g, rand((5,)), rand((3,)), "same"), (7,)),
    ("polyval", lambda x: np.polyval(x, _A43), lambda g: rm.polyval_grad_p(g, _A43, rand((3,))), (3,)),
    ("polyder", lambda x: np.polyder(x, 2), lambda g: rm.polyder_transpose(g, rand((5,)), 2), (5,)),
    ("interp", lambda x: rm.interp_fp_tangent(x, x1, _XP), lambda g: rm.interp_fp_cotangent(g, x1, _XP), (5,)),
    ("fit_to", lambda x: rm.fit_to(x, np.zeros((2, 5))), lambda g: rm.fit_to(g, _A43), (4, 3)),
    ("rfft", lambda x: np.fft.rfft(x, 6, 0), lambda g: rm.rfft_transpose(g, _A43, 6, 0), (4, 3)),
    ("rfftn", lambda x: np.fft.rfftn(x), lambda g: rm.rfftn_transpose(g, _A43), (4, 3)),
    ("irfft", lambda x: np.fft.irfft(x, 5), lambda g: np.real(rm.irfft_transpose(g, np.zeros(4, complex), 5)), (4,)),
    ("softmax", lambda x: rm.softmax_tangent(x, np.full((4, 3), 1 / 3), 1),
     lambda g: rm.softmax_tangent(g, np.full((4, 3), 1 / 3), 1), (4, 3)),
    ("log_softmax", lambda x: rm.log_softmax_tangent(x, np.log(np.full((4, 3), 0.25)), 0),
     lambda g: rm.log_softmax_cotangent(g, np.log(np.full((4, 3), 0.25)), 0), (4, 3)),
    ("eigh", lambda x: rm.eigh_tangent(x, _A33, np.linalg.eigh(_A33)),
     lambda g: rm.eigh_cotangent(g, _A33, np.linalg.eigh(_A33)), (3, 3)),
    ("eigvalsh", lambda x: rm.eigvalsh_tangent(x, _A33), lambda g: rm.eigvalsh_cotangent(g, _A33), (3, 3)),
    ("cholesky", lambda x: rm.cholesky_tangent(x, _SPD, np.linalg.cholesky(_SPD)),
     lambda g: rm.cholesky_cotangent(g, _SPD, np.linalg.cholesky(_SPD)), (3, 3)),
    ("svd", lambda x: rm.svd_tangent(x, _A43, np.linalg.svd(_A43, False), False),
     lambda g: rm.svd_cotangent(g, _A43, np.linalg.svd(_A43, False), False), (4, 3)),
    ("svd-wide", lambda x: rm.svd_tangent(x, _A43.T, np.linalg.svd(_A43.T, False), False),
     lambda g: rm.svd_cotangent(g, _A43.T, np.linalg.svd(_A43.T, False), False), (3, 4)),
    ("qr", lambda x: rm.qr_tangent(x, _A43, np.linalg.qr(_A43)),
     lambda g: rm.qr_cotangent(g, _A43, np.linalg.qr(_A43)), (4, 3)),
    ("lstsq", lambda x: rm.lstsq_tangent(x, 0, _A43, x1[:4], np.linalg.lstsq(_A43, x1[:4])),
     lambda g: rm.lstsq_cotangent(g, 0, _A43, x1[:4], np.linalg.lstsq(_A43, x1[:4])), (4, 3)),
    ("pinv", lambda x: rm.pinv_tangent(x, _A43, np.linalg.pinv(_A43)),
     lambda g: rm.pinv_cotangent(g, _A43, np.linalg.pinv(_A43)), (4, 3)),
    ("matrix_power", lambda x: rm.matrix_power_tangent(x, _A33, -3),
     lambda g: rm.matrix_power_cotangent(g, _A33, -3), (3, 3)),
    ("norm", lambda x: rm.norm_tangent(x, _A43, "nuc", None, False, np.linalg.norm(_A43, "nuc")),
     lambda g: rm.norm_cotangent(g, _A43, "nuc", None, False, np.linalg.norm(_A43, "nuc")), (4, 3)),
]
x0 = rand((3,))
x1 = rand((6,)) * 1.4


@pytest.mark.parametrize("label, forward, transpose, shape", HELPER_PAIRS, ids=[h[0] for h in HELPER_PAIRS])
def test_helper_transposes(label, forward, transpose, shape):
    rng = np.random.default_rng(3)
    x = rng.normal(size=shape)
    y = forward(x)
    g = _random_like(y, rng)
    np.testing.assert_allclose(_inner(transpose(g), x), _inner(g, y), rtol=1e-9, atol=1e-11)
