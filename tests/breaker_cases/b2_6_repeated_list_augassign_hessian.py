import numpy as np, tangentish as tg
def f(x):
    a = x * 1.0
    l = [a] * 2          # both entries are a
    l[1] += x            # a becomes 2x
    return np.sum(l[0] * a)
x = np.array([0.3, -1.2, 0.7])
H = tg.hessian(f)(x); ref = 8.0 * np.eye(3)   # f = sum(4x^2)
print('tangentish', np.diag(H), 'reference', np.diag(ref))
print('OK' if np.allclose(H, ref) else 'WRONG')
