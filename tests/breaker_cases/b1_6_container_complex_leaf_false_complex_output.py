# real-valued loss of a list/tuple/dict parameter holding a complex array: grad claims the output is complex
import numpy as np, tangentish as tg
X = np.array([0.3, -1.2]); Z = np.array([0.3 + 0.5j, -1.2 + 0.1j])
def f(params):                     # real output: 3.32
    x, z = params
    return np.sum(np.abs(z) ** 2) + np.sum(x ** 2)
ref = [2 * X, 2 * np.conj(Z)]      # autograd convention (separate args give exactly this)
try:
    got = tg.grad(f)([X, Z])
    ok = all(np.allclose(a, b) for a, b in zip(got, ref))
    print("got", got, "ref", ref); print("OK" if ok else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    # TypeError: grad needs a real scalar output, got a complex value  (the output is real)
    print(type(e).__name__, e); print("CRASH")
