"""brk13c SHP1 (wip-shp 1616eac, on main since 12ab6ed): with check_same_shape(z, y)
dropped, a size of 0 on one side raises ZeroDivisionError (``1.0 / z.size`` or
``1.0 / y.size``) before the ValueError the primal raises (7346a14 raised the
ValueError): 0 rows with 3 labels, or 6 rows with 0 labels."""
import numpy as np

import tangentish as tg


def logistic_loss(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def label_tanh(w, X, y):
    return np.mean(y * np.tanh(X @ w))


for fn, args in ((logistic_loss, (np.ones(3), np.zeros((0, 3)), np.array([0.0, 1.0, 1.0]))),
                 (label_tanh, (np.ones(3), np.ones((6, 3)), np.zeros(0)))):
    try:
        fn(*args)
    except ValueError as exc:
        print(fn.__name__, "primal raises ValueError:", exc)
    try:
        print(tg.grad(fn, wrt=(0, 1, 2))(*args))
    except Exception as exc:
        print(fn.__name__, "grad raises", type(exc).__name__, exc)
