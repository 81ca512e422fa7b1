# hessian of a triangular double loop (inner loop empty on the first pass): UnboundLocalError
import numpy as np, tangentish as tg
def f(x):
    out = 0.0
    for i in range(3):
        for j in range(i):            # empty when i == 0
            out = out + x[i] * x[j]
    return out
x = np.array([0.5, -0.3, 0.8])
ref = np.array([[0., 1., 1.], [1., 0., 1.], [1., 1., 0.]])
try:
    got = tg.hessian(f)(x)
    print("got", got, "ref", ref); print("OK" if np.allclose(got, ref) else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")     # UnboundLocalError: local variable 'j_2'
