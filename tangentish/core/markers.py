"""What the engine recognizes by identity, from every layer: the user's markers
(``stop_gradient``, ``CustomGradient``), the base class of derivative objects
(``Derivative``; ``api.grad.Transformed`` is one, the driver's lazily generated
callees are ``DeferredDerivative``), and the derived operators
(``tangentish.jvp``, ``jacobian``, ...) generated code may call.

Objects are recognized by value, never by spelling; this module imports
nothing from the package, so every layer can ask.
"""
import inspect
from typing import Any, Callable, TypeVar

from . import engine
from .sources import define

_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])


def stop_gradient(x: _T) -> _T:
    """The identity on values; no derivative flows through it, in any mode or order."""
    return x


class CustomGradient:
    """A function with a user-supplied gradient (TensorFlow's contract).

    The decorated function returns ``(y, grad_fn)``; ``grad_fn(dy)`` returns the
    cotangent of each input (a tuple for several).  Calling the decorated
    object returns ``y`` only.  In reverse mode its call is an annotated node
    whose adjoint calls ``grad_fn``.  Forward mode refuses it: a custom
    gradient defines a vector-Jacobian product only (as JAX's custom_vjp)."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.__name__ = getattr(fn, "__name__", "custom_gradient")
        self.__qualname__ = getattr(fn, "__qualname__", self.__name__)
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn
        self.nargs = len(inspect.signature(fn, follow_wrapped=False).parameters)
        self._as_function = None
        self._vjp_function = None

    def __call__(self, *args: Any) -> Any:
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
            self._as_function = define(source, filename, namespace, self.__name__)
        return self._as_function

    def vjp_function(self):
        """``f_vjp(dy, *xs)``: the user's grad_fn applied to ``dy``, written as one
        Python function (the nested ``grad`` inlined after the forward code), so a
        second derivative can differentiate through it -- what TensorFlow does
        (built by frontend/custom_vjp.py)."""
        if self._vjp_function is None:
            self._vjp_function = engine.custom_vjp(self)
        return self._vjp_function

    def __repr__(self):
        return f"<custom_gradient {self.__qualname__}>"


class Derivative:
    """Base class of the derivative objects the public API returns
    (``api.grad.Transformed``), so the layers below can recognize one without
    importing the API.  Subclasses provide:

    * ``generated``: the generated Python function (created on first use);
    * ``target``: the Python function differentiated;
    * ``prefix`` / ``keywords``: the arguments a bound method or partial adds;
    * ``per_call_shape``: True for a ``*args`` wrapper, whose derivative is
      generated per call shape by ``for_call(nargs, kwnames)``."""

    generated = None
    target = None
    prefix = ()
    keywords = {}
    per_call_shape = False

    def for_call(self, nargs, kwnames):
        raise NotImplementedError

    def as_called(self, fn):
        """What a call of this object computes, as a function differentiable again, given
        ``fn``, its generated function (``generated`` or ``for_call(...).fn``): ``fn``
        unless the object reshapes the generated result (``grad(f, wrt=(0,))``'s tuple
        of one gradient)."""
        return fn


class DeferredDerivative:
    """A callee's derivative generated at its first call (the driver's way of
    breaking recursion): ``resolve()`` returns the generated function."""

    def resolve(self):
        raise NotImplementedError


DERIVED_OPERATORS = {}    # object -> its public name ("jvp", "jacobian", "hessian", "hvp", "grad", ...)


def derived_operator(fn: _F) -> _F:
    """Decorator the API applies to ``jvp``, ``jacobian``, ``hessian``, ``hvp``, ``grad``,
    ``value_and_grad``: calls
    of them inside differentiated code are recognized (api/derived.py)."""
    DERIVED_OPERATORS[fn] = fn.__name__
    return fn


def derived_operator_name(obj):
    """"jvp", "jacobian", ... if ``obj`` is one of the derived operators, else None."""
    try:
        return DERIVED_OPERATORS.get(obj)
    except TypeError:     # unhashable
        return None
