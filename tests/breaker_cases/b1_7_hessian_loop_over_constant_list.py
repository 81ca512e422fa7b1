# hessian / hvp of a loop over a list of constant weight arrays (layers): internal TypeError
import numpy as np, tangentish as tg
WS = [np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 0.2])]
def f(x):
    s = 0.0
    for w in WS:
        s = s + np.sum(w * x) ** 2
    return s
x = np.array([0.5, -0.3, 0.8])
ref = sum(2 * np.outer(w, w) for w in WS)
try:
    got = tg.hessian(f)(x)
    print("got", got, "ref", ref); print("OK" if np.allclose(got, ref) else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")     # TypeError: unsupported operand type(s) for *: 'NoneType' and 'float'
