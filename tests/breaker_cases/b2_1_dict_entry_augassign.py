import numpy as np, tangentish as tg
def f(x):
    b = x + 0.0; d = {'k': b}; d['k'] *= 3.0   # updates b in place too
    return np.sum(b ** 2) + np.sum(d['k'])
x = np.array([0.3, -1.2, 0.7])
g = tg.grad(f)(x)
ref = 18.0 * x + 3.0   # f = sum(9x^2) + sum(3x)
print('tangentish', g, 'reference', ref)
print('OK' if np.allclose(g, ref) else 'WRONG')
