# loop over a dict whose int keys are not 0..n-1 in order: wrong gradient (no arithmetic on a second entry)
import numpy as np, tangentish as tg
def f(x):
    d = {1: x[0], 0: x[1]}
    s = 0.0
    for k in d:
        s = s + d[k] * k           # f = x0 ; grad = [1, 0]
    return s
got = tg.grad(f)(np.array([0.5, -0.3])); ref = np.array([1.0, 0.0])   # tangentish: [0.7, 0.5]
print("got", got, "ref", ref)
print("OK" if np.allclose(got, ref) else "WRONG")
