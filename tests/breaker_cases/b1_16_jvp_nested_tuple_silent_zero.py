# forward mode: a value inside a nested tuple/dict-of-tuple loses its tangent (grad refuses these)
import numpy as np, tangentish as tg
def f(x):
    t = ((x,),)
    return t[0][0] ** 2            # f'(3) = 6
def g(x):
    d = {'a': (x, x * x)}
    return d['a'][1] * 2           # g'(3) = 12
got = (tg.jvp(f, (3.0,), (1.0,))[1], tg.jvp(g, (3.0,), (1.0,))[1])   # tangentish: (0.0, 0.0)
ref = (6.0, 12.0)
print("got", got, "ref", ref)
print("OK" if np.allclose(got, ref) else "WRONG")
