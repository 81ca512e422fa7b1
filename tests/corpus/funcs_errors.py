"""Functions tangentish must refuse, each with the construct on a known line."""
import numpy as np
import scipy.special


def uses_try(x):
    try:
        return x * 2.0
    except ValueError:
        return x


def uses_with(x):
    with open(__file__):
        return x * 2.0


def uses_yield(x):
    yield x * 2.0


def uses_global(x):
    global STATE
    STATE = x
    return x


def uses_class(x):
    class Local:
        pass
    return x


def uses_del(x):
    y = x * 2.0
    del y
    return x


def uses_opaque(x):
    return scipy.special.ellipkinc(x, 0.5) * 2.0


def uses_unsupported_keyword(x):
    return np.prod(x, dtype=np.float32)


def inner_helper(x):
    return x * 2.0


def calls_helper(x):
    return inner_helper(x) + 1.0


def vector_output(x):
    return x * 2.0


def uses_comprehension(x):
    return sum({v * 2.0 for v in x})


def uses_setitem(x):
    y = x * 1.0
    y[0] = 3.0
    return np.sum(y)


def uses_opaque_but_inactive(x):
    n = scipy.special.comb(5, 2)
    return x * n
