"""NumPy products: ``np.dot``, ``np.matmul``, ``np.inner``, ``np.outer``, ``np.tensordot``,
``np.kron``, ``np.cross``, convolutions and ``np.einsum``."""
import numpy as np

from ..table import defrule

# Products.
defrule(np.dot, "np.dot(a, b)",
        multilinear={"a": "dot_grad_lhs(g, b, a)", "b": "dot_grad_rhs(g, a, b)"},
        note="N-D operands: the last axis of a with the second-to-last of b")
defrule(np.matmul, "np.matmul(x1, x2)",
        multilinear={"x1": "matmul_grad_lhs(g, x2, x1)", "x2": "matmul_grad_rhs(g, x1, x2)"})
defrule(np.vdot, "np.vdot(a, b)",
        multilinear={"a": "np.reshape(np.conj(g * b), np.shape(a))",
                     "b": "np.reshape(g * np.conj(a), np.shape(b))"})
defrule(np.inner, "np.inner(a, b)", multilinear={"a": "inner_grad_lhs(g, b, a)", "b": "inner_grad_rhs(g, a, b)"})
defrule(np.outer, "np.outer(a, b)",
        multilinear={"a": "np.reshape(np.dot(g, np.ravel(b)), np.shape(a))",
                     "b": "np.reshape(np.dot(np.ravel(a), g), np.shape(b))"})
defrule(np.tensordot, "np.tensordot(a, b, axes=2)",
        multilinear={"a": "tensordot_grad_lhs(g, b, a, axes)", "b": "tensordot_grad_rhs(g, a, b, axes)"})
defrule(np.kron, "np.kron(a, b)", multilinear={"a": "kron_grad_lhs(g, b, a)", "b": "kron_grad_rhs(g, a, b)"})
defrule(np.cross, "np.cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None)",
        multilinear={"a": "unbroadcast(np.cross(b, g, axisb, axisc, axisa, axis), a)",
                     "b": "unbroadcast(np.cross(g, a, axisc, axisa, axisb, axis), b)"},
        note="3-vectors")
defrule(np.convolve, "np.convolve(a, v, mode='full')",
        multilinear={"a": "np.correlate(conv_full_cotangent(g, a, v, mode), v, 'valid')",
                     "v": "np.correlate(conv_full_cotangent(g, a, v, mode), a, 'valid')"},
        real_only=True, note="real 1-D inputs (complex refused at run time)")
defrule(np.correlate, "np.correlate(a, v, mode='valid')",
        multilinear={"a": "np.correlate(conv_full_cotangent(g, a, v, mode), np.flip(v), 'valid')",
                     "v": "np.flip(np.correlate(conv_full_cotangent(g, a, v, mode), a, 'valid'))"},
        real_only=True, note="real 1-D inputs (complex refused at run time)")
# einsum takes any number of operands: the rule names ten positional slots, and each
# slot's tangent replaces that argument (string and sublist forms alike).  The tangent
# is ``einsum_part_out`` (np.einsum itself, None slots dropped) of the slots with t in
# place; its transposes are the other partials (rules/helpers/products.py), so every
# order differentiates again.
_SLOTS = ["subscripts"] + [f"op{i}" for i in range(1, 10)]


def _einsum_tangent(i):
    slots = ["t" if k == i else s for k, s in enumerate(_SLOTS)]
    return f"einsum_part_out(None, None, {', '.join(slots)}, optimize)"


defrule(np.einsum, "np.einsum(subscripts, " + ", ".join(f"{s}=None" for s in _SLOTS[1:])
        + ", optimize=False)",
        jvp={s: _einsum_tangent(i) for i, s in enumerate(_SLOTS)},
        note="string and sublist forms, up to 9 operands; repeated and summed-out indices, "
             "ellipsis broadcasting; every order")

# Outer methods of the ufuncs: the result has A's axes then B's.
defrule(np.multiply.outer, "np.multiply.outer(A, B)",
        multilinear={"A": "np.tensordot(g, B, np.ndim(B))", "B": "np.tensordot(A, g, np.ndim(A))"},
        note="real or complex (as np.outer)")
defrule(np.add.outer, "np.add.outer(A, B)",
        linear={"A": "np.tensordot(g, np.ones(np.shape(B)), np.ndim(B))",
                "B": "np.tensordot(np.ones(np.shape(A)), g, np.ndim(A))"})
defrule(np.subtract.outer, "np.subtract.outer(A, B)",
        linear={"A": "np.tensordot(g, np.ones(np.shape(B)), np.ndim(B))",
                "B": "np.negative(np.tensordot(np.ones(np.shape(A)), g, np.ndim(A)))"})
