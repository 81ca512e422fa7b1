import numpy as np, tangentish as tg
MUTS = {'cp': np.copyto}
def f(x):
    b = x * 1.0; MUTS['cp'](b, x ** 2)
    return np.sum(b * x)
x = np.array([0.3, -1.2, 0.7])
ref = np.array([(f(x + 1e-6 * e) - f(x - 1e-6 * e)) / 2e-6 for e in np.eye(3)])   # central differences
try:
    g = tg.grad(f)(x)
    print('grad tangentish', g, 'reference', ref)
    print('OK' if np.allclose(g, ref, atol=1e-5) else 'WRONG')
except tg.TransformError as e:
    print('OK (refused)', e)
