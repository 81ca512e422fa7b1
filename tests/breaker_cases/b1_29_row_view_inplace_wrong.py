# row = a[0]; row *= 2 on a 2-D array (row is a view): wrong gradient
import numpy as np, tangentish as tg
def f(x):
    a = np.zeros((2, 3))
    a[0] = x
    row = a[0]
    row *= 2
    return np.sum(a ** 2)           # 4 sum x^2
x = np.array([0.5, -0.3, 0.8])
got = tg.grad(f)(x); ref = 8 * x    # tangentish: 2x
print("got", got, "ref", ref)
print("OK" if np.allclose(got, ref) else "WRONG")
