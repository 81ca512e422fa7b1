"""Python operators.  ``a + b`` in user code is the primitive ``operator.add``.

Broadcasting is handled once, in the transposes (``unbroadcast``), for every
binary operator; a bare ``t`` tangent transposes to ``unbroadcast(g, x)``."""
import operator

from .table import defrule, nondiff

defrule(operator.add, "operator.add(a, b)", jvp={"a": "t", "b": "t"}, elementwise=True)
defrule(operator.sub, "operator.sub(a, b)", jvp={"a": "t", "b": "-t"}, elementwise=True)
defrule(operator.mul, "operator.mul(a, b)", elementwise=True,
        multilinear={"a": "unbroadcast(g * b, a)", "b": "unbroadcast(a * g, b)"})
defrule(operator.truediv, "operator.truediv(a, b)", elementwise=True,
        multilinear={"a": "unbroadcast(g / b, a)"}, jvp={"b": "t * (-ans / b)"})
defrule(operator.pow, "operator.pow(a, b)", elementwise=True,
        jvp={"a": "t * pow_deriv(a, b)", "b": "t * pow_log(a, b)"},
        note="exponent 0 contributes exactly 0 (also at a = 0, no ZeroDivisionError); d/db "
             "is 0 at a = 0 (autograd's convention) and NaN for a < 0")
defrule(operator.neg, "operator.neg(a)", linear={"a": "-g"})
defrule(operator.pos, "operator.pos(a)", linear={"a": "g"})
defrule(operator.matmul, "operator.matmul(a, b)",
        multilinear={"a": "matmul_grad_lhs(g, b, a)", "b": "matmul_grad_rhs(g, a, b)"})
defrule(operator.mod, "operator.mod(a, b)", elementwise=True,
        jvp={"a": "t", "b": "t * -np.floor_divide(a, b)"},
        note="as np.mod: derivative 1 in a, -floor(a / b) in b, between the jumps")
defrule(operator.getitem, "operator.getitem(a, index)",
        linear={"a": "getitem_cotangent(g, a, index)"}, jvp={"index": "index_tangent(t, a, index)"},
        note="repeated integer indices accumulate; an index computed from the inputs has "
             "derivative 0 when it is an integer or boolean index into an array, list, tuple or "
             "dict, and is refused at run time otherwise (an object's own __getitem__)")

nondiff(operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne,
        operator.not_, operator.floordiv, operator.invert, operator.and_,
        operator.or_, operator.xor, operator.is_, operator.is_not, operator.contains,
        note="piecewise constant or boolean: zero derivative")
