# y2 = y; y2 += 1.0 (ndarray += is in place, so y changes): wrong gradient
import numpy as np, tangentish as tg
def f(x):
    y = x * 1.0
    y2 = y
    y2 += 1.0
    return np.sum(y * y)            # sum (x + 1)^2
x = np.array([0.5, -0.3, 0.8])
got = tg.grad(f)(x); ref = 2 * (x + 1)   # tangentish: 2x
print("got", got, "ref", ref)
print("OK" if np.allclose(got, ref) else "WRONG")
