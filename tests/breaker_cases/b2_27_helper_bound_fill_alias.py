import numpy as np, tangentish as tg
def h(a):
    fl = a.fill; fl(2.0)         # mutates the caller's b; not seen by the effect summary
    return a
def f(x):
    b = x * 1.0; h(b)
    return np.sum(b * x)         # = 2 * sum(x)
x = np.array([0.3, -1.2, 0.7])
g = tg.grad(f)(x)
print('grad tangentish', g, 'reference', 2.0 * np.ones(3))
print('OK' if np.allclose(g, 2.0) else 'WRONG')
