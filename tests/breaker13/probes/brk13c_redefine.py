"""brk13c (c13): the fact of a callee's result is read from the callee's code; a callee
redefined between calls (global rebound, __code__ replaced, a closure cell swapped, a
class attribute replaced) must regenerate the caller's derivative.  Each gradient is
compared with central differences."""
import numpy as np

import tangentish as tg


def fd(f, x, h=1e-3):     # (float32 results: a wide step; the functions are quadratic)
    g = np.zeros_like(x)
    for k in range(x.size):
        e = np.zeros_like(x)
        e[k] = h
        g[k] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def helper(v):
    return v * 2.0


def caller(x):
    return np.sum(helper(x) * x) + np.sum(helper(x[0]) * x)


def vec_version(v):
    return v * 2.0


def sum_version(v):
    return np.sum(v * v)


def f32_version(v):
    return (v * 3.0).astype(np.float32)


def keep_version(v):
    return np.sum(v, keepdims=True)


def col_version(v):
    return np.reshape(v, (-1, 1)) * 1.5


def check(tag, f, x):
    try:
        g = tg.grad(f)(x)
    except Exception as exc:
        print(f"{tag}: grad raises {type(exc).__name__}: {exc}"[:200])
        return
    ref = fd(f, x)
    ok = np.shape(g) == np.shape(ref) and np.allclose(g, ref, rtol=1e-4, atol=1e-5)
    print(f"{tag}: {'OK' if ok else 'WRONG'} {np.asarray(g).ravel()[:3]} vs {ref.ravel()[:3]}")


x = np.array([0.3, -0.7, 1.1])
for version in (vec_version, sum_version, f32_version, keep_version, col_version, vec_version):
    helper = version                      # the global rebound
    check(f"global -> {version.__name__}", caller, x)
original = vec_version.__code__
for version in (sum_version, col_version, keep_version):
    helper = vec_version
    check("before __code__ swap", caller, x)
    vec_version.__code__ = version.__code__     # the same object, other code
    check(f"__code__ -> {version.__name__}", caller, x)
    vec_version.__code__ = original


def make():
    inner = vec_version

    def call(x):
        return np.sum(inner(x) * x)

    def swap(fn):
        nonlocal inner
        inner = fn
    return call, swap


call, swap = make()
for version in (sum_version, col_version, f32_version, keep_version):
    check("closure before", call, x)
    swap(version)
    check(f"closure -> {version.__name__}", call, x)
    swap(lambda v: v * 2.0)


class Box:
    fn = staticmethod(vec_version)


def via_class(x):
    return np.sum(Box.fn(x) * x)


for version in (sum_version, col_version, keep_version):
    check("class before", via_class, x)
    Box.fn = staticmethod(version)
    check(f"class attr -> {version.__name__}", via_class, x)
    Box.fn = staticmethod(lambda v: v * 2.0)
