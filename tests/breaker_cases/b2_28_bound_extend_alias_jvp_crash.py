import numpy as np, tangentish as tg
def f(x):
    l = [x[0]]; ex = l.extend; ex([x[1], x[2]])
    return l[0] * l[2]
x = np.array([0.3, -1.2, 0.7])
try:
    y, yd = tg.jvp(f, (x,), (np.ones(3),))
    print('jvp', yd, 'reference', x[0] + x[2]); print('OK' if np.isclose(yd, x[0] + x[2]) else 'WRONG')
except tg.TransformError as e:
    print('OK (refused)', e)
except Exception as e:
    print('internal error:', type(e).__name__, e); print('CRASH')
