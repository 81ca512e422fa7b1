import numpy as np, tangentish as tg
def f(x):
    b = x + 0.0; d = {'k': b}
    for k in d:
        d[k] *= 2.0          # scales b in place
    return np.sum(b ** 2)
x = np.array([0.3, -1.2, 0.7])
g = tg.grad(f)(x); ref = 8.0 * x
print('tangentish', g, 'reference', ref)
print('OK' if np.allclose(g, ref) else 'WRONG')
