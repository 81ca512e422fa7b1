# appending through a second name for a list (M = L; M.append(...)): IndexError in generated code
import numpy as np, tangentish as tg
def f(x):
    L = [x[0], x[1]]
    M = L
    M.append(x[2] * 2)
    return L[2] * L[0]              # 2 x2 x0
x = np.array([0.5, -0.3, 0.8])
try:
    got = tg.grad(f)(x); ref = np.array([1.6, 0.0, 1.0])
    print("got", got, "ref", ref); print("OK" if np.allclose(got, ref) else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")  # IndexError: list index out of range
