"""fence: every refused construct raises TransformError at its file/line/col; what
it allows passes through unchanged."""
import numpy as np
import pytest

from tangentish.core.errors import TransformError
from tests.passes.conftest import run_passes, source_of


def f_try(x):
    try:
        y = x
    except ValueError:
        y = x
    return y


def f_with(x):
    with open("f") as h:
        y = x
    return y


def f_global(x):
    global SOMETHING
    return x


def f_del(x):
    y = x
    del y
    return x


def f_import(x):
    import math
    return x


def f_setcomp(x):
    return {v for v in x}


def f_walrus(x):
    while (y := x) > 0:    # a walrus elsewhere is modelled (tests/test_language_builtins.py)
        x = x - 1.0
    return y


def f_starred(x):
    return np.add(*x)


def f_set(x):
    return {x}


def f_raise(x):
    raise ValueError(x)


def f_yield(x):
    yield x


def f_attr_store(x):
    x.y = 1
    return x


def f_chained(x):
    return 0 < x * 2 < 1


def f_eval(x):
    return eval("x")


def f_kwargs_call(x, options=None):
    # ** of a value whose keys are unknown when the derivative is generated (a display
    # written at the call, such as **{}, is expanded: frontend/unpacking.py)
    return np.sum(x, **options)


def f_class(x):
    class C:
        pass
    return x


def f_no_return(x):
    y = x


def f_kwparams(x, **kw):
    return x


CASES = [
    (f_try, 1, 4, "try"), (f_with, 1, 4, "with"), (f_global, 1, 4, "global"),
    (f_del, 2, 4, "del"), (f_import, 1, 4, "import"), (f_setcomp, 1, 11, "set comprehension"),
    (f_walrus, 1, 11, ":="), (f_starred, 1, 18, "*args"),
    (f_set, 1, 11, "set"), (f_raise, 1, 4, "raise"), (f_yield, 1, 4, "yield"),
    (f_attr_store, 1, 4, "attribute"), (f_chained, 1, 11, "chained"), (f_eval, 1, 11, "eval"),
    (f_kwargs_call, 3, 11, "**kwargs"), (f_class, 1, 4, "class"),
    (f_no_return, 0, 0, "returns None"), (f_kwparams, 0, 0, "**kwargs"),
]


@pytest.mark.parametrize("fn, line, col, words", CASES, ids=[c[0].__name__ for c in CASES])
def test_refused_with_location(fn, line, col, words):
    with pytest.raises(TransformError) as info:
        run_passes(fn, "fence")
    err = info.value
    assert words in str(err)
    assert err.filename == __file__
    assert err.lineno == fn.__code__.co_firstlineno + line
    assert err.col_offset == col


def allowed(x, y):
    a, b = x, y
    z = np.sin(a) * b
    lst = [z, 1.0]
    lst[0] = z + 1.0
    z += 2.0
    for i in range(3):
        if i > 1:
            continue
        z = z * 1.5
    while z > 100.0:
        z = z / 2.0
    f = lambda v: v * 2.0      # noqa: E731
    return f(z) if z > 0 else -z


def test_allowed_constructs_pass_unchanged():
    ctx, before = run_passes(allowed, "parse")
    text = source_of(before)
    ctx2, after = run_passes(allowed, "fence")
    assert source_of(after) == text
    # and fence.run returns the very node it was given
    from tangentish.frontend import fence
    assert fence.run(ctx, before) is before
