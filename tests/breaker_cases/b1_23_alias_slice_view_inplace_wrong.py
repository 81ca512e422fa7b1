# in-place multiply of a basic-slice view (z = y[:2]; z *= 3): wrong gradient
import numpy as np, tangentish as tg
def f(x):
    y = x * 1.0
    z = y[:2]
    z *= 3.0                        # scales y[0], y[1]
    return np.sum(y * x)            # 3 x0^2 + 3 x1^2 + x2^2
x = np.array([0.5, -0.3, 0.8])
got = tg.grad(f)(x); ref = np.array([3.0, -1.8, 1.6])   # tangentish: [1, -0.6, 1.6]
print("got", got, "ref", ref)
print("OK" if np.allclose(got, ref) else "WRONG")
