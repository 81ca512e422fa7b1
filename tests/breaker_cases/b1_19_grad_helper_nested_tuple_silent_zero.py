# grad through a helper returning a 1-element nested tuple: silent zero
import numpy as np, tangentish as tg
def mid(x):
    return ((x * 2,),)
def f(x):
    return mid(x)[0][0] ** 2          # 4 x^2 ; f'(0.7) = 5.6
got = tg.grad(f)(0.7); ref = 5.6       # tangentish: 0.0
print("got", got, "ref", ref)
print("OK" if np.isclose(got, ref) else "WRONG")
