# grad wrt a params dict keyed by layer number, key used as a weight: wrong values and a spurious key 0
import numpy as np, tangentish as tg
def f(p):
    s = 0.0
    for k in p:
        s = s + np.sum(p[k] ** 2) * k
    return s
p = {1: np.array([1.0, 2.0]), 2: np.array([3.0])}
got = tg.grad(f)(p)          # tangentish: {1: [11, 13], 2: [12], 0: 5.0}
ref = {1: np.array([2.0, 4.0]), 2: np.array([12.0])}
print("got", got, "ref", ref)
ok = set(got) == set(ref) and all(np.allclose(got[k], ref[k]) for k in ref)
print("OK" if ok else "WRONG")
