import numpy as np, tangentish as tg
def f(x):
    a = x * 1.0; l = [a]; l2 = l.copy(); l2[0] *= 3.0   # shallow copy: l2[0] is a
    return np.sum(a ** 2)
x = np.array([0.3, -1.2, 0.7])
g = tg.grad(f)(x); ref = 18.0 * x
print('tangentish', g, 'reference', ref)
print('OK' if np.allclose(g, ref) else 'WRONG')
