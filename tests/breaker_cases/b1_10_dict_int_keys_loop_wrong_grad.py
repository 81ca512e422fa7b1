# looping over a dict with integer keys and using the key as a number: wrong grad, jvp and hessian
import numpy as np, tangentish as tg
def f(x):
    d = {1: x, 2: x * x}
    s = 0.0
    for k in d:
        s = s + d[k] * k          # f = x + 2 x^2 ; f'(3) = 13, f'' = 4
    return s
got = (tg.grad(f)(3.0), tg.jvp(f, (3.0,), (1.0,))[1], tg.hessian(f)(3.0))
ref = (13.0, 13.0, 4.0)           # tangentish: (22.0, 34.0, 23.0)
print("got", got, "ref", ref)
print("OK" if np.allclose(got, ref) else "WRONG")
