# hessian of a loop whose body multiplies by the loop index (no power involved)
import numpy as np, tangentish as tg
def f(x):
    s = 0.0
    for n in range(3):
        s = s + np.sin(x * n) * n       # f'' = -sum n^3 sin(n x)
    return s
ref = -sum(n ** 3 * np.sin(0.5 * n) for n in range(3))
try:
    got = tg.hessian(f)(0.5)
    print("got", got, "ref", ref); print("OK" if abs(got - ref) < 1e-9 else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")     # TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'
