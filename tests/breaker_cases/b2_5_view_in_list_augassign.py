import numpy as np, tangentish as tg
def f(x):
    a = x * 1.0; b = a[:]; l = [b]; l[0] *= 2.0     # b is a view of a
    return np.sum(a * x)
x = np.array([0.3, -1.2, 0.7])
g = tg.grad(f)(x); ref = 4.0 * x
y, yd = tg.jvp(f, (x,), (np.ones(3),))
print('tangentish', g, 'reference', ref, '| jvp', yd, 'ref', np.sum(ref), '| primal', y, 'true', f(x.copy()))
print('OK' if np.allclose(g, ref) else 'WRONG')
