# grad through a helper that returns a nested tuple: the nested part's contribution is dropped
import numpy as np, tangentish as tg
def helper(x):
    return ((x,), x * x)
def g(x):
    r = helper(x)
    return r[0][0] * 10 + r[1]       # 10x + x^2 ; g'(3) = 16
got = tg.grad(g)(3.0); ref = 16.0    # tangentish: 6.0
print("got", got, "ref", ref)
print("OK" if np.isclose(got, ref) else "WRONG")
