# in-place write through a second name for the same array (z = y; z[0] = ...): wrong gradient
import numpy as np, tangentish as tg
def f(x):
    y = x * 1.0
    z = y
    z[0] = 5.0                      # also changes y
    return np.sum(y * x)            # 5 x0 + x1^2 + x2^2
x = np.array([0.5, -0.3, 0.8])
got = tg.grad(f)(x); ref = np.array([5.0, -0.6, 1.6])   # tangentish: [1, -0.6, 1.6]
print("got", got, "ref", ref)
print("OK" if np.allclose(got, ref) else "WRONG")
