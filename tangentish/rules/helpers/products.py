"""Rules of the helpers in runtime/products.py, so generated code calling them can be
differentiated again."""
from ...runtime import products as rt
from ..table import defrule, first_order_only

defrule(rt.matmul_grad_lhs, "matmul_grad_lhs(x, b, like)",
        multilinear={"x": "unbroadcast(np.matmul(g, b), x)", "b": "matmul_grad_rhs(x, g, b)"})
defrule(rt.matmul_grad_rhs, "matmul_grad_rhs(x, a, like)",
        multilinear={"x": "unbroadcast(np.matmul(a, g), x)", "a": "matmul_grad_lhs(x, g, a)"})
defrule(rt.dot_grad_lhs, "dot_grad_lhs(x, b, like)",
        multilinear={"x": "unbroadcast(np.dot(g, b), x)", "b": "dot_grad_rhs(x, g, b)"})
defrule(rt.dot_grad_rhs, "dot_grad_rhs(x, a, like)",
        multilinear={"x": "unbroadcast(np.dot(a, g), x)", "a": "dot_grad_lhs(x, g, a)"})
defrule(rt.inner_grad_lhs, "inner_grad_lhs(x, b, like)", multilinear={"x": "np.inner(g, b)", "b": "inner_grad_rhs(x, g, b)"})
defrule(rt.inner_grad_rhs, "inner_grad_rhs(x, a, like)", multilinear={"x": "np.inner(a, g)", "a": "inner_grad_lhs(x, g, a)"})
defrule(rt.tensordot_grad_lhs, "tensordot_grad_lhs(x, b, like, axes=2)",
        multilinear={"x": "np.tensordot(g, b, axes)", "b": "tensordot_grad_rhs(x, g, b, axes)"})
defrule(rt.tensordot_grad_rhs, "tensordot_grad_rhs(x, a, like, axes=2)",
        multilinear={"x": "np.tensordot(a, g, axes)", "a": "tensordot_grad_lhs(x, g, a, axes)"})
defrule(rt.kron_grad_lhs, "kron_grad_lhs(x, b, like)", multilinear={"x": "np.kron(g, b)", "b": "kron_grad_rhs(x, g, b)"})
defrule(rt.kron_grad_rhs, "kron_grad_rhs(x, a, like)", multilinear={"x": "np.kron(a, g)", "a": "kron_grad_lhs(x, g, a)"})
defrule(rt.einsum_tangent, "einsum_tangent(x, i, args, optimize=False)",
        linear={"x": "einsum_cotangent(g, i, args, optimize)"}, jvp=first_order_only("args"))
defrule(rt.einsum_cotangent, "einsum_cotangent(x, i, args, optimize=False)",
        linear={"x": "einsum_tangent(g, i, args, optimize)"}, jvp=first_order_only("args"))
defrule(rt.conv_full_cotangent, "conv_full_cotangent(x, a, v, mode='full')",
        linear={"x": "conv_crop(g, a, v, mode)"})
defrule(rt.conv_crop, "conv_crop(x, a, v, mode='full')", linear={"x": "conv_full_cotangent(g, a, v, mode)"})

# einsum's partials (runtime/products.py): position m of T(o, G) = <G, einsum(o)> is
# ``out`` or a slot a0..a9.  The transpose of part_m with respect to position p is part_p
# with g put in position m and None in position p (its shape from p's value).
_POSITIONS = ["out"] + [f"a{k}" for k in range(10)]


def _einsum_call(m, values):
    helper = "einsum_part_out" if m == "out" else f"einsum_part_{m[1:]}"
    return f"{helper}({', '.join(values)}, optimize)"


for _m in _POSITIONS:
    _fn = getattr(rt, "einsum_part_out" if _m == "out" else f"einsum_part_{_m[1:]}")
    _ml = {}
    for _p in _POSITIONS:
        if _p == _m:
            continue
        _vals = {q: q for q in _POSITIONS}
        _vals[_m], _vals[_p] = "g", "None"
        _ml[_p] = _einsum_call(_p, ["None" if _p == "out" else _p] + [_vals[q] for q in _POSITIONS])
    defrule(_fn, _fn.__name__ + "(like, " + ", ".join(_POSITIONS) + ", optimize)", multilinear=_ml,
            note="a partial of einsum (every order)")
