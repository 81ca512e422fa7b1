"""Functions tangentish must refuse with a TransformError located at the construct.

tests/test_language.py finds each construct's line by scanning the function's
source (inspect) for a marker and compares it with ``err.lineno``."""
import numpy as np
import scipy.special

LAST = None


def try_around_active(x):
    try:
        y = np.log(x)
    except FloatingPointError:
        y = x
    return np.sum(y)


def generator_yield(x):
    for v in x:
        yield v * 2.0


def global_write(x):
    global LAST
    LAST = x * 2.0
    return np.sum(LAST)


def make_nonlocal_writer():
    total = 0.0

    def nonlocal_write(x):
        nonlocal total
        total = x * 2.0
        return np.sum(total * x)
    return nonlocal_write


nonlocal_write = make_nonlocal_writer()


def uses_eval(x):
    y = eval("x * x")
    return np.sum(y + x)


def uses_exec(x):
    y = x * 2.0
    exec("y[0] = 5.0")
    return np.sum(y)


async def async_function(x):
    return np.sum(x * 2.0)


def with_block(x):
    with np.printoptions(precision=3):
        y = np.log(x)
    return np.sum(y)


def class_inside(x):
    class Box:
        scale = 2.0
    return np.sum(x * Box.scale)


def uses_del(x):
    y = x * 2.0
    z = y * y
    del y
    return np.sum(z)


def opaque_call(x):
    y = np.tanh(x)
    return np.sum(scipy.special.dawsn(y))


def opaque_in_loop(x):
    s = 0.0
    for v in x:
        s = s + scipy.special.owens_t(v, 0.5)
    return s


def mutate_list_argument(xs):
    xs.append(xs[0] * 2.0)
    return np.sum(xs[-1])


def mutate_dict_argument(p):
    p["w"] = p["w"] * 2.0
    return np.sum(p["w"])


def aliasing(x):
    y = x * 2
    z = y
    if x[0] > 0.0:
        z = x * 3.0
    y[0] = 0
    return sum(z)


def aliasing_slice_view(x):
    y = x * 2.0
    tail = y[1:]
    y[1] = 0.0
    return np.sum(tail)


def aliasing_transpose_view(w):
    a = w * 2.0
    t = a.T
    a[0, 1] = 0.0
    return np.sum(t * t)


def aliasing_in_list(x):
    y = x * 2.0
    items = [y]
    y[0] = 0.0
    return np.sum(items[0])


def view_mutated(x):
    x2 = x[:, None] * x[None, :]
    v = x2[0]
    v[0] = 1.0
    return np.sum(x2)


def dict_entry_augassign(x):
    """`d["a"] += ...` updates the array stored in d in place (Python's semantics), and
    tangentish does not prove that no other name holds that array: refused at run time."""
    d = {"a": x * 1.0, "b": x * x}
    d["a"] += d["b"]
    return np.sum(d["a"] * d["b"])
