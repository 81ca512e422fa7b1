"""brk13c SHP1 (wip-shp 1616eac, merged): with check_same_shape(z, y) dropped, a batch of
0 rows with 3 labels raises ZeroDivisionError (dsub = 1.0 / z.size) before the
ValueError the primal raises (7346a14 raised the ValueError)."""
import numpy as np

import tangentish as tg


def logistic_loss(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


args = (np.ones(3), np.zeros((0, 3)), np.array([0.0, 1.0, 1.0]))
try:
    logistic_loss(*args)
except ValueError as exc:
    print("primal raises ValueError:", exc)
try:
    print(tg.grad(logistic_loss)(*args))
except Exception as exc:
    print("grad raises", type(exc).__name__, exc)
print(tg.source(tg.grad(logistic_loss), *args))
