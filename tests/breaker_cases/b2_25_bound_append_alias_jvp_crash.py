import numpy as np, tangentish as tg
def f(x):
    l = [x[0]]; ap = l.append; ap(x[1] * 3.0)
    return l[0] * l[1]
x = np.array([0.3, -1.2, 0.7])
g = tg.grad(f)(x); ref = np.array([3 * x[1], 3 * x[0], 0.0])
print('grad', g, 'reference', ref, '(d/dx1 silently 0)')
try:
    print('jvp', tg.jvp(f, (x,), (np.ones(3),)))
    jv = 'ok'
except Exception as e:
    print('jvp raised', type(e).__name__, e); jv = 'CRASH' if not isinstance(e, (tg.TransformError,)) else 'ok'
print('WRONG' if not np.allclose(g, ref) else ('CRASH' if jv == 'CRASH' else 'OK'))
