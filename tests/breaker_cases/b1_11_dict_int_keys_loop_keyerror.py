# grad of a loop over a dict with integer keys (the body does not index the dict): KeyError
import numpy as np, tangentish as tg
def f(x):
    s = 0.0
    for k in {1: 'a', 2: 'b'}:
        s = s + x * k              # f = 3x, f' = 3
    return s
try:
    got = tg.grad(f)(0.5); ref = 3.0
    print("got", got, "ref", ref); print("OK" if np.isclose(got, ref) else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")   # KeyError: 0   (generated code: k = items[k_1])
