import numpy as np, tangentish as tg
def h(v, it):
    return v * next(it)          # consumes the iterator: impure
def f(x):
    it = iter([1.0, 2.0, 3.0])
    return np.sum(h(x, it))      # = 1.0 * sum(x)
x = np.array([0.3, -1.2, 0.7])
v, g = tg.value_and_grad(f)(x)
print('value', v, 'grad tangentish', g, 'reference', np.ones(3))
print('OK' if np.allclose(g, 1.0) else 'WRONG')
