# a helper that scales its argument in place (a *= 2): the caller's gradient ignores the mutation
import numpy as np, tangentish as tg
def scale_inplace(a):
    a *= 2.0
def f(x):
    y = x * 1.0
    scale_inplace(y)
    return np.sum(y ** 2)           # 4 sum x^2
x = np.array([0.5, -0.3, 0.8])
got = tg.grad(f)(x); ref = 8 * x    # tangentish: 4x
print("got", got, "ref", ref)
print("OK" if np.allclose(got, ref) else "WRONG")
