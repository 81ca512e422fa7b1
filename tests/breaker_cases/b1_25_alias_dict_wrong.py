# writing through a second name for a dict (e = d; e['a'] = ...): wrong gradient
import numpy as np, tangentish as tg
def f(x):
    d = {'a': x * 1.0}
    e = d
    e['a'] = e['a'] * 3
    return np.sum(d['a'] ** 2)      # 9 sum x^2
x = np.array([0.5, -0.3, 0.8])
got = tg.grad(f)(x); ref = 18 * x   # tangentish: 2x
print("got", got, "ref", ref)
print("OK" if np.allclose(got, ref) else "WRONG")
