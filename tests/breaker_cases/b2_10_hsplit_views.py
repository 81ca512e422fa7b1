import numpy as np, tangentish as tg
def f(x):
    a = np.outer(x, x); b = np.hsplit(a, 3)[1]; b *= 2.0   # column 1 of a doubled
    return np.sum(a)
x = np.array([0.3, -1.2, 0.7])
g = tg.grad(f)(x)
ref = np.array([(f(x + 1e-6 * e) - f(x - 1e-6 * e)) / 2e-6 for e in np.eye(3)])   # central differences
y, yd = tg.jvp(f, (x,), (np.ones(3),))
print('grad tangentish', g, 'reference', ref, '| jvp primal', y, 'true', f(x.copy()))
print('OK' if np.allclose(g, ref, atol=1e-5) else 'WRONG')
