# in-place add through a .T view (w = y.T; w += x): wrong gradient
import numpy as np, tangentish as tg
def f(x):
    y = x * 2.0
    w = y.T
    w += x                          # y becomes 3x
    return np.sum(y ** 2)           # 9 sum x^2
x = np.array([0.5, -0.3, 0.8])
got = tg.grad(f)(x); ref = 18 * x   # tangentish: 8x
print("got", got, "ref", ref)
print("OK" if np.allclose(got, ref) else "WRONG")
