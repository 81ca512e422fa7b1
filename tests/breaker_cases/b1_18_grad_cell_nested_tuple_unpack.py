# RNN-cell style helper returning ((h, (2h, x)), h), unpacked in steps: wrong gradient
import numpy as np, tangentish as tg
def cell(x, h):
    h2 = np.tanh(x + h)
    return (h2, (h2 * 2, x)), h2
def f(x):
    out, d = cell(x, 0.5)
    a, bc = out
    return bc[0] + d                  # 3 * tanh(x + 0.5)
got = tg.grad(f)(0.3)                 # tangentish: 0.559 (only the d term)
ref = 3 * (1 - np.tanh(0.8) ** 2)     # 1.677
print("got", got, "ref", ref)
print("OK" if np.isclose(got, ref) else "WRONG")
