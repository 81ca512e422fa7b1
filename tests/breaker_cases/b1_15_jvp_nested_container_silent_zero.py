# jvp through a list of (key, value) tuples: silent 0 tangent (grad refuses the same code)
import numpy as np, tangentish as tg
def f(x):
    s = 0.0
    for k, v in [(1, x), (2, x * x)]:
        s = s + v * k              # f = x + 2 x^2, f'(3) = 13
    return s
try:
    got = tg.jvp(f, (3.0,), (1.0,))[1]; ref = 13.0    # tangentish: 0.0
    print("got", got, "ref", ref); print("OK" if np.isclose(got, ref) else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")
