# hessian (forward-over-reverse) of a polynomial built in a loop: x ** n with n the loop index
import tangentish as tg
def f(x):
    s = 0.0
    for n in range(4):
        s = s + x ** n          # 1 + x + x^2 + x^3, f''(0.5) = 2 + 6*0.5 = 5
    return s
try:
    got = tg.hessian(f)(0.5); ref = 5.0
    print("got", got, "ref", ref); print("OK" if abs(got - ref) < 1e-9 else "WRONG")
except tg.TransformError as e:
    print("refused:", e); print("OK")
except Exception as e:
    print(repr(e)); print("CRASH")     # TypeError: unsupported operand type(s) for *: 'NoneType' and 'float'
