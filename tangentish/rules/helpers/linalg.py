"""Rules of the helpers in runtime/linalg.py, so generated code calling them can be
differentiated again."""
from ...runtime import linalg as rt
from ..table import defrule, first_order_only

_MT = "np.swapaxes({}, -1, -2)"
defrule(rt.sandwich, "sandwich(x, left, right)", multilinear={
    "x": f"unbroadcast(sandwich(g, {_MT.format('left')}, {_MT.format('right')}), x)",
    "left": f"unbroadcast(np.matmul(g, {_MT.format('np.matmul(x, right)')}), left)",
    "right": f"unbroadcast(np.matmul({_MT.format('np.matmul(left, x)')}, g), right)"})
# Derivatives of matrix decompositions: linear in the tangent, first order only.
for _name, _sig, _nonlinear in [
    ("eigh", "(x, a, ans, UPLO='L')", ("ans",)),
    ("eigvalsh", "(x, a, UPLO='L')", ("a",)),
    ("cholesky", "(x, a, ans, upper=False)", ("ans",)),
    ("svd", "(x, a, ans, full_matrices=True, compute_uv=True)", ("a", "ans")),
    ("qr", "(x, a, ans, mode='reduced')", ("ans",)),
    ("lstsq", "(x, which, a, b, ans)", ("a", "b", "ans")),
    ("pinv", "(x, a, ans)", ("a", "ans")),
    ("matrix_power", "(x, a, n)", ("a",)),
    ("norm", "(x, a, ord=None, axis=None, keepdims=False, ans=None)", ("a", "ans")),
]:
    _args = ", ".join(p.split("=")[0].strip() for p in _sig.strip("()").split(",")[1:])
    defrule(getattr(rt, f"{_name}_tangent"), f"{_name}_tangent{_sig}",
            linear={"x": f"{_name}_cotangent(g, {_args})"}, jvp=first_order_only(*_nonlinear))
    defrule(getattr(rt, f"{_name}_cotangent"), f"{_name}_cotangent{_sig}",
            linear={"x": f"{_name}_tangent(g, {_args})"}, jvp=first_order_only(*_nonlinear))
