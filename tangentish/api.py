"""Public API: thin facades over driver.transform."""
import inspect
import types

import numpy as np

from . import driver
from .parse import generated_source


class Transformed:
    """A derivative of a Python function, generated as source on first use.

    Call it like the original function.  ``source(df)`` (or
    ``inspect.getsource(df)``) shows the generated code."""

    def __init__(self, fn, wrt, mode, preserve_result, kind):
        from .callables import as_function
        try:
            target, prefix, keywords = as_function(fn)
        except TypeError:
            raise TypeError(f"tangentish.{kind} needs a Python function, got "
                            f"{type(fn).__name__}") from None
        from .derived import _refuse_derived
        _refuse_derived(target, kind)
        if isinstance(target, Transformed):
            # the derivative of a bound method's derivative takes the same receiver
            prefix, keywords = target._prefix + prefix, {**target._keywords, **keywords}
        self._target = target
        self._prefix = prefix          # arguments a bound method / partial adds in front
        self._keywords = keywords      # keywords a partial adds
        self._mode = mode
        self._preserve = preserve_result
        self._kind = kind
        self._generated = None
        self._wrt_spec = wrt
        params = _positional_params(target)
        offset = len(prefix)
        self._single = not isinstance(wrt, (tuple, list))
        # def f(*args, **kwargs) (a decorator's wrapper): specialized per call shape
        self._by_shape = {} if isinstance(target, types.FunctionType) and \
            target.__code__.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS) else None
        names = []
        for w in (wrt,) if self._single else tuple(wrt):
            if isinstance(w, bool) or not isinstance(w, (int, str)):
                raise TypeError(f"wrt must be an int, a parameter name or a tuple of them, got {w!r}")
            if isinstance(w, int) and self._by_shape is not None and w >= 0 \
                    and w + offset >= len(params) and target.__code__.co_flags & inspect.CO_VARARGS:
                names.append(w)      # an element of *args: named per call shape
            elif isinstance(w, int):
                if not 0 <= w + offset < len(params):
                    star = " (and *args: name parameters explicitly to differentiate " \
                        "with respect to them)" if _underlying(target).__code__.co_flags & 4 else ""
                    raise ValueError(f"wrt={w} is out of range: {_name(target)}() has "
                                     f"{len(params) - offset} positional parameters{star}")
                names.append(params[w + offset])
            else:
                if w not in _all_params(target):
                    slot = _star_slot(target, w, offset) if self._by_shape is not None else None
                    if slot is not None:      # a name functools.wraps exposes, bound to *args
                        names.append(slot)
                        continue
                    shown = _all_params(target)
                    star = _underlying(target).__code__.co_flags & inspect.CO_VARARGS
                    raise ValueError(
                        f"{_name(target)}() has no parameter {w!r} (parameters: "
                        f"{', '.join(shown) or 'none'}{', *args' if star else ''})"
                        + ("; to differentiate with respect to an argument it takes through "
                           "*args, pass its position: wrt=0 for the first argument" if star else ""))
                names.append(w)
        self._wrt = tuple(names)
        self._one_of_tuple = not self._single and len(names) == 1
        self._wrt_positions = tuple((n, f"argument {n}") if isinstance(n, int) else
                                    (params.index(n) - offset if n in params else None, n)
                                    for n in names)
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(self, attr, getattr(target, attr, None))

    def _current(self):
        """The generated code, checked against what it depends on (driver.Generated.valid)
        and generated again if that changed."""
        g = self._generated
        if g is None or not g.valid():
            fn = self._target.generated if isinstance(self._target, Transformed) else self._target
            g = self._generated = driver.transform(fn, self._wrt, self._mode, self._preserve)
        return g

    @property
    def generated(self):
        """The generated Python function (created on first access)."""
        return self._current().fn

    @property
    def __wrapped__(self):  # inspect.getsource follows this
        return self.generated

    @property
    def source(self):
        if self._by_shape:      # a *args target: the code for the last call shape used
            return list(self._by_shape.values())[-1].source
        return self._current().source

    def _for_call(self, nargs, kwnames):
        """The generated code for a call with this shape (a ``*args`` target is
        specialized to it: callables.specialize_varargs)."""
        if self._by_shape is None:
            return self._current()
        from .callables import specialize_varargs
        key = (nargs, tuple(sorted(kwnames)))
        g = self._by_shape.get(key)
        if g is None or not g.valid():
            spec = specialize_varargs(self._target, len(self._prefix) + nargs, kwnames)
            params = _positional_params(spec)
            names = tuple(params[w + len(self._prefix)] if isinstance(w, int) else w
                          for w in self._wrt)
            g = self._by_shape[key] = driver.transform(spec, names, self._mode, self._preserve)
        return g

    def __call__(self, *args, **kwargs):
        if self._by_shape is None:
            fn = self._current().fn
        else:
            fn = self._for_call(len(args), tuple({**self._keywords, **kwargs})).fn
        for pos, name in self._wrt_positions:
            value = args[pos] if pos is not None and pos < len(args) else kwargs.get(name)
            if value is not None:
                _check_differentiable(value, name, self._target)
        if self._keywords:
            kwargs = {**self._keywords, **kwargs}
        try:
            result = fn(*self._prefix, *args, **kwargs) if self._prefix else fn(*args, **kwargs)
        except RecursionError as exc:
            from .errors import recursion_error
            raise recursion_error(_name(self._target), exc) from None
        if self._one_of_tuple:          # wrt=(0,): a tuple of one gradient, as asked
            return (result[0], (result[1],)) if self._preserve else (result,)
        return result

    def __get__(self, obj, objtype=None):
        """Decorating a method: through an instance, ``wrt`` counts the
        arguments after ``self``, as for ``grad(obj.method)``."""
        if obj is None or self._prefix or self._keywords or not isinstance(
                self._target, types.FunctionType):
            return self
        return Transformed(types.MethodType(self._target, obj), self._wrt_spec, self._mode,
                           self._preserve, self._kind)

    def __repr__(self):
        return (f"<tangentish.{self._kind} of {_name(self._target)} wrt "
                f"{', '.join(map(str, self._wrt))}>")


def _name(fn):
    return getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn)))


def _positional_params(fn):
    code = _underlying(fn).__code__
    return list(code.co_varnames[:code.co_argcount])


def _star_slot(fn, name, offset):
    """The position among the call's arguments of ``name`` when ``fn`` is a ``*args``
    wrapper (``functools.wraps``) whose signature, as ``inspect.signature`` shows it,
    has ``name`` as a positional parameter taken by ``*args``: the wrapper's own
    positional parameters come first, with the same names.  None otherwise."""
    fn = _underlying(fn)
    if not getattr(fn, "__wrapped__", None):
        return None
    try:
        shown = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    own = _positional_params(fn)
    positional = [p.name for p in shown if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if positional[:len(own)] != own or name not in positional[len(own):]:
        return None
    slot = positional.index(name) - offset
    return slot if slot >= 0 else None


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
    elif isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"cannot differentiate {_name(fn)}() with respect to {name!r}: it is "
                        f"{'None' if value is None else 'a ' + type(value).__name__}; derivatives "
                        "need a float, an array of floats, or a list/tuple/dict of them")
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
    back = Transformed(f, tuple(range(len(primals))), "vjp", False, "vjp")
    target = back._target
    n = len(_positional_params(target)) - len(back._prefix)
    if len(primals) > n and back._by_shape is None:
        raise TypeError(f"{_name(target)}() takes {n} positional arguments, got {len(primals)}")
    from .analyze.effects import check_repeatable
    check_repeatable(f, "tangentish.vjp")       # the pullback runs f's forward code again
    y = f(*primals)

    for name, value in zip(back._wrt, primals):
        _check_differentiable(value, name, target)

    def pullback(dy):
        fn = back._for_call(len(primals), tuple(back._keywords)).fn
        from .runtime import as_cotangent
        cts = fn(as_cotangent(dy), *back._prefix, *primals, **back._keywords)
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
