# hessian with an inner loop over an empty slice: UnboundLocalError (grad alone is fine)
import numpy as np, tangentish as tg
def f(x):
    s = 0.0
    for xi in x:
        for yj in x[:0]:          # never runs
            s = s + xi * yj
        s = s + xi ** 2
    return s
x = np.array([0.5, -0.3, 0.8])
ref = 2 * np.eye(3)
try:
    got = tg.hessian(f)(x)
    print("got", got, "ref", ref); print("OK" if np.allclose(got, ref) else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")   # UnboundLocalError: ... 'k_3'
