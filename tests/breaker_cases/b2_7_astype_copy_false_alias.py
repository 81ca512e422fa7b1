import numpy as np, tangentish as tg
def f(x):
    a = x * 1.0
    b = a.astype(np.float64, copy=False)   # same dtype: b IS a
    b *= 2.0
    return np.sum(a * x)
x = np.array([0.3, -1.2, 0.7])
g = tg.grad(f)(x); ref = 4.0 * x
y, yd = tg.jvp(f, (x,), (np.ones(3),))
print('tangentish', g, 'reference', ref, '| jvp primal', y, 'true', f(x.copy()))
print('OK' if np.allclose(g, ref) else 'WRONG')
