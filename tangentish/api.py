"""Public API: thin facades over driver.transform."""
import types

import numpy as np

from . import driver
from .parse import generated_source


class Transformed:
    """A derivative of a Python function, generated as source on first use.

    Call it like the original function.  ``source(df)`` (or
    ``inspect.getsource(df)``) shows the generated code."""

    def __init__(self, fn, wrt, mode, preserve_result, kind):
        from .custom import CustomGradient
        if isinstance(fn, CustomGradient):
            fn = fn.as_function()
        if isinstance(fn, Transformed):
            # the derivative of a bound method's derivative takes the same receiver
            target, self_obj = fn, fn._self
        elif isinstance(fn, types.MethodType):
            target, self_obj = fn.__func__, fn.__self__
        elif isinstance(fn, types.FunctionType):
            target, self_obj = fn, None
        else:
            raise TypeError(f"tangentish.{kind} needs a Python function, got {type(fn).__name__}")
        self._target = target
        self._self = self_obj
        self._mode = mode
        self._preserve = preserve_result
        self._kind = kind
        self._generated = None
        self._wrt_spec = wrt
        params = _positional_params(target)
        offset = 1 if self_obj is not None else 0
        self._single = not isinstance(wrt, (tuple, list))
        names = []
        for w in (wrt,) if self._single else tuple(wrt):
            if isinstance(w, bool) or not isinstance(w, (int, str)):
                raise TypeError(f"wrt must be an int, a parameter name or a tuple of them, got {w!r}")
            if isinstance(w, int):
                if not 0 <= w + offset < len(params):
                    raise ValueError(f"wrt={w} is out of range: {_name(target)}() has "
                                     f"{len(params) - offset} positional parameters")
                names.append(params[w + offset])
            else:
                if w not in _all_params(target):
                    raise ValueError(f"{_name(target)}() has no parameter {w!r} "
                                     f"(parameters: {', '.join(_all_params(target))})")
                names.append(w)
        self._wrt = tuple(names)
        self._one_of_tuple = not self._single and len(names) == 1
        self._wrt_positions = tuple((params.index(n) - offset if n in params else None, n)
                                    for n in names)
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(self, attr, getattr(target, attr, None))

    @property
    def generated(self):
        """The generated Python function (created on first access)."""
        g = self._generated
        if g is None:
            fn = self._target.generated if isinstance(self._target, Transformed) else self._target
            g = self._generated = driver.transform(fn, self._wrt, self._mode, self._preserve)
        return g.fn

    @property
    def __wrapped__(self):  # inspect.getsource follows this
        return self.generated

    @property
    def source(self):
        self.generated
        return self._generated.source

    def __call__(self, *args, **kwargs):
        fn = self._generated.fn if self._generated is not None else self.generated
        for pos, name in self._wrt_positions:
            value = args[pos] if pos is not None and pos < len(args) else kwargs.get(name)
            if value is not None:
                _check_differentiable(value, name, self._target)
        try:
            result = fn(self._self, *args, **kwargs) if self._self is not None \
                else fn(*args, **kwargs)
        except RecursionError as exc:
            from .errors import recursion_error
            raise recursion_error(_name(self._target), exc) from None
        if self._one_of_tuple:          # wrt=(0,): a tuple of one gradient, as asked
            return (result[0], (result[1],)) if self._preserve else (result,)
        return result

    def __get__(self, obj, objtype=None):
        """Decorating a method: through an instance, ``wrt`` counts the
        arguments after ``self``, as for ``grad(obj.method)``."""
        if obj is None or self._self is not None:
            return self
        return Transformed(types.MethodType(self._target, obj), self._wrt_spec, self._mode,
                           self._preserve, self._kind)

    def __repr__(self):
        return f"<tangentish.{self._kind} of {_name(self._target)} wrt {', '.join(self._wrt)}>"


def _name(fn):
    return getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))


def _positional_params(fn):
    code = _underlying(fn).__code__
    return list(code.co_varnames[:code.co_argcount])


def _all_params(fn):
    code = _underlying(fn).__code__
    return list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])


def _underlying(fn):
    while isinstance(fn, Transformed):
        fn = fn._target
    return fn


_FLOAT_TYPES = (float, complex, np.floating, np.complexfloating)


def _check_differentiable(value, name, fn):
    if isinstance(value, _FLOAT_TYPES):
        return
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            return
        kind = str(value.dtype)
    elif isinstance(value, (bool, int, np.integer, np.bool_)):
        kind = type(value).__name__
    else:
        return
    raise TypeError(
        f"cannot differentiate {_name(fn)}() with respect to {name!r}: it is an integer or boolean "
        f"value ({kind}); derivatives need floats -- pass e.g. 3.0 instead of 3, or x.astype(float)")


def grad(f=None, *, wrt=0, preserve_result=False):
    """The gradient of a scalar-valued function, as generated Python source.

    ``wrt``: a parameter index, a parameter name, or a tuple of them (then a
    tuple of gradients is returned).  ``preserve_result=True`` returns
    ``(value, gradient)``.  Usable as ``@grad`` or ``@grad(wrt=1)``."""
    if f is None:
        return lambda fn: grad(fn, wrt=wrt, preserve_result=preserve_result)
    return Transformed(f, wrt, "grad", preserve_result, "grad")


def value_and_grad(f, wrt=0):
    """Like ``grad(f, wrt=wrt, preserve_result=True)``: returns ``(value, gradient)``."""
    return Transformed(f, wrt, "grad", True, "value_and_grad")


def vjp(f, *primals):
    """``(y, pullback)``: ``y = f(*primals)`` and ``pullback(dy)`` -> one cotangent per primal."""
    if not primals:
        raise TypeError("vjp needs at least one primal argument")
    target = f.__func__ if isinstance(f, types.MethodType) else f
    bound = isinstance(f, types.MethodType) or (isinstance(f, Transformed) and f._self is not None)
    n = len(_positional_params(target)) - (1 if bound else 0)
    if len(primals) > n:
        raise TypeError(f"{_name(target)}() takes {n} positional arguments, got {len(primals)}")
    back = Transformed(f, tuple(range(len(primals))), "vjp", False, "vjp")
    y = f(*primals)

    for name, value in zip(back._wrt, primals):
        _check_differentiable(value, name, target)

    def pullback(dy):
        fn = back.generated
        cts = fn(dy, back._self, *primals) if back._self is not None else fn(dy, *primals)
        return cts if len(primals) > 1 else (cts,)

    pullback.transformed = back
    return y, pullback


def source(df):
    """The generated Python source of a derivative returned by tangentish."""
    if isinstance(df, Transformed):
        return df.source
    inner = getattr(df, "transformed", None)
    if isinstance(inner, Transformed):
        return inner.source
    text = generated_source(df)
    if text is None:
        raise TypeError(f"{df!r} was not generated by tangentish")
    return text
