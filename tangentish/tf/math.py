"""``tf.math``: the math ops of ops.py under TF's namespace."""
from .complex import angle, conj, imag, real
from .ops import (abs, add, add_n, argmax, argmin, ceil, cos, divide, equal, exp,  # noqa: A004
                  floor, floordiv, floormod, greater, greater_equal, is_finite, is_nan,
                  l2_normalize, less,
                  less_equal, log, log_softmax, logical_and, logical_not, logical_or, logical_xor,
                  maximum, minimum, mod, multiply, negative, not_equal, pow, reciprocal, reduce_all,
                  reduce_any, reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod,
                  reduce_sum, round, rsqrt, sigmoid, sign, sin, softmax, sqrt, square,
                  squared_difference, subtract, tan, tanh, truediv)

__all__ = ["angle", "conj", "imag", "real", "abs", "add", "add_n", "argmax", "argmin", "ceil",
           "cos", "divide", "equal", "exp",
           "floor", "floordiv", "floormod", "greater", "greater_equal", "is_finite", "is_nan",
           "l2_normalize", "less", "less_equal", "log", "log_softmax", "logical_and",
           "logical_not",
           "logical_or", "logical_xor", "maximum", "minimum", "mod", "multiply", "negative",
           "not_equal", "pow", "reciprocal", "reduce_all", "reduce_any", "reduce_logsumexp",
           "reduce_max", "reduce_mean", "reduce_min", "reduce_prod", "reduce_sum", "round",
           "rsqrt", "sigmoid", "sign", "sin", "softmax", "sqrt", "square", "squared_difference",
           "subtract", "tan", "tanh", "truediv"]
