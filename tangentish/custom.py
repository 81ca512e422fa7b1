"""User-facing ways to change differentiation: stop_gradient, custom_gradient, register.

All three are recognized at transform time (analyze.primitives) and become
annotated nodes of the IR, not runtime tricks."""
import inspect

from .rules.table import RULES, Rule


def stop_gradient(x):
    """The identity on values; no derivative flows through it, in any mode or order."""
    return x


class CustomGradient:
    """A function with a user-supplied gradient (TensorFlow's contract).

    The decorated function returns ``(y, grad_fn)``; ``grad_fn(dy)`` returns the
    cotangent of each input (a tuple for several).  Calling the decorated
    object returns ``y`` only.  In reverse mode its call is an annotated node
    whose adjoint calls ``grad_fn``.  Forward mode refuses it: a custom
    gradient defines a vector-Jacobian product only (as JAX's custom_vjp)."""

    def __init__(self, fn):
        self.fn = fn
        self.__name__ = getattr(fn, "__name__", "custom_gradient")
        self.__qualname__ = getattr(fn, "__qualname__", self.__name__)
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn
        self.nargs = len(inspect.signature(fn).parameters)
        self._as_function = None

    def __call__(self, *args):
        return self.fn(*args)[0]

    def with_grad(self, *args):
        """``(y, grad_fn)``: what generated code calls."""
        y, grad_fn = self.fn(*args)
        return y, grad_fn

    def as_function(self):
        """A plain function calling this one, so ``grad(custom)`` differentiates the
        call (an annotated node) like any other."""
        if self._as_function is None:
            namespace = {"custom": self}
            params = ", ".join(f"x{i}" for i in range(self.nargs))
            source = f"def {self.__name__}({params}):\n    return custom({params})\n"
            filename = f"<tangentish call of custom_gradient {self.__qualname__}>"
            import linecache
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
            exec(compile(source, filename, "exec"), namespace)
            self._as_function = namespace[self.__name__]
        return self._as_function

    def __repr__(self):
        return f"<custom_gradient {self.__qualname__}>"


def custom_gradient(fn):
    """Decorator: ``fn(*xs) -> (y, grad_fn)`` with ``grad_fn(dy) -> dxs``."""
    return CustomGradient(fn)


def register(fn, signature=None, *, jvp=None, linear=None, multilinear=None, nondiff=False,
             symbols=None, note=""):
    """Add a derivative rule for ``fn``, in the format of the built-in rules.

    ``signature`` names the parameters as templates use them, e.g.
    ``"erf(x)"`` (default: ``fn``'s own name and parameters).  ``jvp``,
    ``linear``, ``multilinear``: see tangentish/rules/table.py.  ``symbols``
    maps any other names the templates use to their objects (``fn`` itself is
    always available under its signature name).  Returns the rule."""
    if signature is None:
        params = ", ".join(p.name if p.default is p.empty else f"{p.name}={p.default!r}"
                           for p in inspect.signature(fn).parameters.values())
        signature = f"{fn.__name__}({params})"
    rule = Rule(fn, signature, jvp=jvp, linear=linear, multilinear=multilinear,
                nondiff=nondiff, note=note)
    extra = dict(symbols or {})
    root = rule.symbol.split(".")[0]
    if "." not in rule.symbol:
        extra.setdefault(root, fn)
    RULES.add(rule)
    RULES.symbols.update(extra)
    return rule
