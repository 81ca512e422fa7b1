"""Rules of the helpers in runtime/products.py, so generated code calling them can be
differentiated again."""
from ...runtime import products as rt
from ..table import defrule, first_order_only

defrule(rt.matmul_ct_a, "matmul_ct_a(x, b, like)",
        multilinear={"x": "unbroadcast(np.matmul(g, b), x)", "b": "matmul_ct_b(x, g, b)"})
defrule(rt.matmul_ct_b, "matmul_ct_b(x, a, like)",
        multilinear={"x": "unbroadcast(np.matmul(a, g), x)", "a": "matmul_ct_a(x, g, a)"})
defrule(rt.dot_ct_a, "dot_ct_a(x, b, like)",
        multilinear={"x": "unbroadcast(np.dot(g, b), x)", "b": "dot_ct_b(x, g, b)"})
defrule(rt.dot_ct_b, "dot_ct_b(x, a, like)",
        multilinear={"x": "unbroadcast(np.dot(a, g), x)", "a": "dot_ct_a(x, g, a)"})
defrule(rt.inner_ct_a, "inner_ct_a(x, b, like)", multilinear={"x": "np.inner(g, b)", "b": "inner_ct_b(x, g, b)"})
defrule(rt.inner_ct_b, "inner_ct_b(x, a, like)", multilinear={"x": "np.inner(a, g)", "a": "inner_ct_a(x, g, a)"})
defrule(rt.tensordot_ct_a, "tensordot_ct_a(x, b, like, axes=2)",
        multilinear={"x": "np.tensordot(g, b, axes)", "b": "tensordot_ct_b(x, g, b, axes)"})
defrule(rt.tensordot_ct_b, "tensordot_ct_b(x, a, like, axes=2)",
        multilinear={"x": "np.tensordot(a, g, axes)", "a": "tensordot_ct_a(x, g, a, axes)"})
defrule(rt.kron_ct_a, "kron_ct_a(x, b, like)", multilinear={"x": "np.kron(g, b)", "b": "kron_ct_b(x, g, b)"})
defrule(rt.kron_ct_b, "kron_ct_b(x, a, like)", multilinear={"x": "np.kron(a, g)", "a": "kron_ct_a(x, g, a)"})
defrule(rt.einsum_tangent, "einsum_tangent(x, i, args, optimize=False)",
        linear={"x": "einsum_cotangent(g, i, args, optimize)"}, jvp=first_order_only("args"))
defrule(rt.einsum_cotangent, "einsum_cotangent(x, i, args, optimize=False)",
        linear={"x": "einsum_tangent(g, i, args, optimize)"}, jvp=first_order_only("args"))
defrule(rt.conv_full_cotangent, "conv_full_cotangent(x, a, v, mode='full')",
        linear={"x": "conv_crop(g, a, v, mode)"})
defrule(rt.conv_crop, "conv_crop(x, a, v, mode='full')", linear={"x": "conv_full_cotangent(g, a, v, mode)"})
