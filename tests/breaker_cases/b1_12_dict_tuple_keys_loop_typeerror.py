# grad of a loop over a dict with tuple keys, the key's entry used as a number: internal TypeError
import numpy as np, tangentish as tg
def f(x):
    d = {(0, 1): x[0], (1, 2): x[1]}
    s = 0.0
    for k in d:
        s = s + d[k] * k[1]        # f = x0 + 2 x1
    return s
try:
    got = tg.grad(f)(np.array([0.5, -0.3])); ref = np.array([1.0, 2.0])
    print("got", got, "ref", ref); print("OK" if np.allclose(got, ref) else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")   # TypeError: unsupported operand type(s) for +: 'float' and 'NoneType'
