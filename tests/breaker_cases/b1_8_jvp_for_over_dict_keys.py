# forward mode (jvp, and so hessian) of a loop over a dict's keys: internal TypeError
import numpy as np, tangentish as tg
def f(x):
    d = {'a': x[0], 'b': x[1]}
    s = 0.0
    for k in d:
        s = s + d[k] ** 3
    return s
x = np.array([0.5, -0.3, 0.8])
ref = 3 * 0.5 ** 2 + 3 * 0.3 ** 2            # directional derivative along ones
try:
    got = tg.jvp(f, (x,), (np.ones(3),))[1]
    print("got", got, "ref", ref); print("OK" if np.isclose(got, ref) else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")   # TypeError: can't multiply sequence by non-int of type 'numpy.float64'
