# jvp through a helper returning a dict holding a tuple: wrong tangent (grad refuses this code)
import numpy as np, tangentish as tg
def ret_dict(x):
    return {'a': (x, x * x), 'b': x}
def f(x):
    r = ret_dict(x)
    return r['a'][1] + r['b']          # x^2 + x ; f'(0.7) = 2.4
got = tg.jvp(f, (0.7,), (1.0,))[1]; ref = 2.4    # tangentish: 1.0
print("got", got, "ref", ref)
print("OK" if np.isclose(got, ref) else "WRONG")
