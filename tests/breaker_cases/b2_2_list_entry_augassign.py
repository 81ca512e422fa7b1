import numpy as np, tangentish as tg
def f(x):
    l = [x + 0.0, x * 2.0]; b = l[1]; l[1] *= x    # b is the same array as l[1]
    return np.sum(b)
x = np.array([0.3, -1.2, 0.7])
g = tg.grad(f)(x); ref = 4.0 * x            # f = sum(2x^2)
y, yd = tg.jvp(f, (x,), (np.ones(3),))
print('grad', g, 'ref', ref, '| jvp primal', y, 'true', f(x.copy()))
print('OK' if np.allclose(g, ref) and np.isclose(y, f(x.copy())) else 'WRONG')
