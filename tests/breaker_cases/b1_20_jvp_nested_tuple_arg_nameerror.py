# jvp of a call that passes a nested tuple to a helper: NameError in generated code
import numpy as np, tangentish as tg
def take_nested(t):
    return t[0][0] * t[1]
def f(x):
    return take_nested(((x,), x * x))   # x^3 ; f'(0.7) = 1.47
try:
    got = tg.jvp(f, (0.7,), (1.0,))[1]; ref = 3 * 0.49
    print("got", got, "ref", ref); print("OK" if np.isclose(got, ref) else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")      # NameError: name 'take_nested_1_dot' is not defined
