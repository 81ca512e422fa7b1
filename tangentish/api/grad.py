"""Public API: thin facades over driver.transform."""
import collections
import inspect
import threading
import types
from typing import Any, Callable, Optional, Tuple, Union, overload

import numpy as np

from .. import driver
from ..analyze.effect_guards import check_repeatable
from ..analyze.patterns import backend, backend_signature, signature
from ..core.errors import OutputError, TransformError, note_user_line, recursion_error
from ..core.markers import Derivative, derived_operator
from ..core.sources import define, generated_source, markdown_source
from ..frontend.callables import as_function
from ..frontend.specialize import specialize_varargs
from ..runtime import as_cotangent
from ..runtime.backend import namespace
from . import results
from .functions import (all_params, call_on_copies, check_cotangent_shapes, check_differentiable,
                        check_not_self, check_plain_arguments, function_name, positional_params,
                        refuse_derived, star_slot, underlying, wrapper_error)


# specialized code kept per derivative object; calls with further signatures run the
# generic code (a function called with ever new ranks does not grow the caches)
MAX_SIGNATURES = 8
_MAX_CALL_KEYS = 64
# values whose type alone decides their signature and the argument checks
_SCALARS = {t: t for t in (float, int, bool, complex, np.float64, np.float32, np.float16,
                          np.complex128, np.complex64, np.int64, np.int32, np.bool_)}


_NDARRAY = np.ndarray


def call_key(args):
    """What decides a call's signature and argument checks, when cheap to tell: per
    argument the shape and dtype of an exact ndarray or the type of a number (None for
    anything else: containers, objects, subclasses take the full path)."""
    key = []        # (a plain loop: no comprehension frame, no exception on the way out)
    for a in args:
        if type(a) is _NDARRAY:
            key.append((a.shape, a.dtype))
        else:
            t = _SCALARS.get(type(a))
            if t is None:
                return None
            key.append(t)
    return tuple(key)


_READY_LINES = {}       # which positions hold arrays, which numbers -> ready_check's lines


class Held:
    """What a ``ready_call`` returns other than a gradient to return as it is: ``value``,
    the generated function's result to convert, or ``NOT_READY``."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


NOT_READY = Held(None)
READY = Held(None)          # (a call whose result is not one array's gradient: go on)
# where the guard holds: the call, its result returned as it is where it is what
# results.like returns for an array of the argument's dtype (a float's:
# check_differentiable), whatever its shape, unless read-only (a broadcast view: a copy
# where it has the argument's shape)
def _ready_call_lines(n, fn):
    """``ready_call``'s lines after the guard, calling ``fn`` with ``n`` arguments."""
    code = fn.__code__
    every = code.co_argcount == n and not code.co_kwonlyargcount \
        and not code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS)
    return (driver.ALL_PASSED,) * every + (
            "self._last = generated",
            f"result = fn({', '.join(f'a{k}' for k in range(n))})",
            "if type(result) is ndarray and (result.dtype is dtype or result.dtype == dtype) \\",
            "        and result.flags.writeable:",
            "    return result",
            "return Held(result)")


def ready_call(key, generated, dtype):
    """``ready_check`` and, where it holds, the call: a function of ``(owner, args)``
    setting ``owner._last`` and returning the gradient of the one array differentiated
    (of ``dtype``) where it needs no conversion, else a ``Held``: ``NOT_READY`` where the
    check does not hold, the result to convert otherwise (one call for both).  Where
    that array's gradient is not asked for, ``READY`` after setting ``owner._last``."""
    values = {"generated": generated, "Held": Held, "NO": NOT_READY, "READY": READY}
    if dtype is None:
        return ready_check(key, generated, values, ("self._last = generated", "return READY"))
    return ready_check(key, generated, {**values, "dtype": dtype}, _ready_call_lines(len(key), generated.fn))


def ready_check(key, generated, extra=None, then=None):
    """A function of an argument tuple telling whether its ``call_key`` is ``key`` and
    ``generated`` (the code remembered for it) still valid, without building a key: the
    same comparisons (an exact ndarray's shape and dtype, a number's exact type), written
    out for ``key``'s arguments, then the guard (driver.Generated.valid_after; ``extra``
    and ``then``: its ``values`` and ``then``)."""
    values = dict(extra or {})
    for k, part in enumerate(key):
        if isinstance(part, tuple):
            values[f"s{k}"], values[f"d{k}"] = part
        else:
            values[f"t{k}"] = part
    values["ndarray"] = _NDARRAY
    shape = tuple(values)           # (the names, in this order: ``extra``'s first)
    lines = _READY_LINES.get(shape)
    if lines is None:
        tests = [f"type(a{k}) is ndarray and a{k}.shape == s{k} "
                 f"and (a{k}.dtype is d{k} or a{k}.dtype == d{k})" if isinstance(part, tuple)
                 else f"type(a{k}) is t{k}" for k, part in enumerate(key)]
        lines = _READY_LINES[shape] = (
            "try:",
            f"    [{', '.join(f'a{k}' for k in range(len(key)))}] = args",
            "except ValueError:      # another number of arguments",
            "    return False",
            " and ".join(f"({t})" for t in tests) or "True")
    return generated.valid_after(lines, values, then)


def wrt_text(w, n):
    """``w`` as the user wrote it (a negative index was counted from the end of ``n``)."""
    return f"{w - n}" if w < 0 else f"{w}"


class Transformed(Derivative):
    """A derivative of a Python function, generated as source on first use.

    Call it like the original function.  A ``grad`` is generated for the signature
    of each call's arguments (ranks, dims equal to 1, real or complex: see
    analyze/patterns.py), so run-time helpers its shapes make unnecessary are left
    out.  ``source(df)`` (or ``inspect.getsource(df)``) shows the code that ran at
    the latest call (the generic code before any), ``source(df, *args)`` the code
    for those arguments; ``df.generated`` is the generic code."""

    def __init__(self, fn, wrt, mode, preserve_result, kind):
        try:
            target, prefix, keywords = as_function(fn)
        except TypeError:
            raise TypeError(f"tangentish.{kind} needs a Python function, got "
                            f"{type(fn).__name__}") from None
        refuse_derived(target, kind)
        if isinstance(target, Transformed):
            # the derivative of a bound method's derivative takes the same receiver
            prefix, keywords = target.prefix + prefix, {**target.keywords, **keywords}
        self._target = target
        self._prefix = prefix          # arguments a bound method / partial adds in front
        self._keywords = keywords      # keywords a partial adds
        self._mode = mode
        self._preserve = preserve_result
        self._kind = kind
        self._generated = None
        self._specialized = collections.OrderedDict()   # signature -> Generated
        self._lock = threading.Lock()
        self._last = None               # the Generated the latest call ran
        # the parameters a grad of a plain function is specialized over (None: never)
        self._specializable = tuple(positional_params(target)) if (
            mode == "grad" and isinstance(target, types.FunctionType)) else None
        # call_key(args) -> (its ready_check, the Generated such calls run, its function,
        # the shape and dtype of the one array differentiated or None)
        self._by_key = {}
        self._fast = None               # the latest call's entry of _by_key
        self._wrt_spec = wrt
        params = positional_params(target)
        offset = len(prefix)
        self._single = not isinstance(wrt, (tuple, list))
        # def f(*args, **kwargs) (a decorator's wrapper): specialized per call shape
        self._by_shape = {} if isinstance(target, types.FunctionType) and \
            target.__code__.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS) else None
        names = self._wrt_names(wrt, params, offset)
        self._wrt = tuple(names)
        self._one_of_tuple = not self._single and len(names) == 1
        # calls memoized by call_key: a grad of a plain function (no receiver, no partial)
        self._plain = not prefix and not keywords and self._by_shape is None \
            and self._specializable is not None
        self._wrt_positions = tuple((n, f"argument {n}") if isinstance(n, int) else
                                    (params.index(n) - offset if n in params else None, n)
                                    for n in names)
        # the position of the one argument differentiated, for __call__'s shortest path
        self._one_array = self._wrt_positions[0][0] if self._plain and self._single \
            and not preserve_result and isinstance(self._wrt_positions[0][0], int) else None
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(self, attr, getattr(target, attr, None))

    def _wrt_names(self, wrt, params, offset):
        """``wrt`` as the names of the parameters it means (an int for an element of
        ``*args``, named per call shape); ``params``: the positional parameters,
        ``offset``: how many of them a bound method or partial binds."""
        target = self._target
        names = []
        for w in (wrt,) if self._single else tuple(wrt):
            if isinstance(w, bool) or not isinstance(w, (int, str)):
                raise TypeError(f"wrt must be an int, a parameter name or a tuple of them, got {w!r}")
            if isinstance(w, int) and self._by_shape is not None and w >= 0 \
                    and w + offset >= len(params) and target.__code__.co_flags & inspect.CO_VARARGS:
                names.append(w)      # an element of *args: named per call shape
            elif isinstance(w, int):
                if w < 0:             # counted from the end of the arguments a call passes
                    w += len(params) - offset
                if not (0 <= w and w + offset < len(params)):
                    star = " (and *args: name parameters explicitly to differentiate " \
                        "with respect to them)" if underlying(target).__code__.co_flags & 4 else ""
                    message = (f"wrt={wrt_text(w, len(params) - offset)} is out of range: "
                               f"{function_name(target)}() takes {len(params) - offset} "
                               f"positional arguments{star}")
                    raise wrapper_error(target, message) or ValueError(message)
                names.append(params[w + offset])
            else:
                if w in params[:offset]:
                    raise ValueError(
                        f"wrt={w!r} names a parameter of {function_name(target)}() that is "
                        "already bound (a method's self, or an argument functools.partial "
                        "binds): differentiate with respect to the arguments a call passes")
                if w not in all_params(target):
                    slot = star_slot(target, w, offset) if self._by_shape is not None else None
                    if slot is not None:      # a name functools.wraps exposes, bound to *args
                        names.append(slot)
                        continue
                    shown = all_params(target)
                    star = underlying(target).__code__.co_flags & inspect.CO_VARARGS
                    message = (
                        f"{function_name(target)}() has no parameter {w!r} (parameters: "
                        f"{', '.join(shown) or 'none'}{', *args' if star else ''})"
                        + ("; to differentiate with respect to an argument it takes through "
                           "*args, pass its position: wrt=0 for the first argument" if star else ""))
                    raise wrapper_error(target, message) or ValueError(message)
                names.append(w)
        return names

    def _current(self):
        """The generated code, checked against what it depends on (driver.Generated.valid)
        and generated again if that changed."""
        g = self._generated
        if g is None or not g.valid():
            fn = self._target.generated if isinstance(self._target, Transformed) else self._target
            g = self._generated = driver.transform(fn, self._wrt, self._mode, self._preserve)
        return g

    def _signature(self, args, kwargs):
        """((parameter, Fact), ...) of a call's arguments, or None: generic code (a
        mode other than grad, a derivative of a derivative, nothing known)."""
        params = self._specializable
        if params is None:
            return self._backend_key(tuple(args) + tuple(kwargs.values()))
        values = self._prefix + tuple(args) if self._prefix else args
        if len(values) > len(params):
            return None
        key = tuple(zip(params, map(signature, values)))
        if kwargs or self._keywords:
            named = dict(key)
            for k, v in {**self._keywords, **kwargs}.items():
                if k in named or k not in all_params(self._target):
                    return None          # the call itself raises the TypeError
                named[k] = signature(v)
            key = tuple(sorted(named.items(), key=lambda item: item[0]))
        return key if any(f is not None for _, f in key) else None

    def _backend_key(self, values):
        """For code generated for any signature (a mode other than grad, a method): the
        signature of a call with arrays of a library other than numpy among ``values``
        (None: numpy's, the generic code)."""
        target = self._target
        params = positional_params(target) if isinstance(target, types.FunctionType) else ()
        named = self._prefix + tuple(values)
        return backend_signature(params, named[:len(params)], named[len(params):])

    def for_values(self, args):
        """The generated code for a call with these positional arguments where they hold
        arrays of a library other than numpy (analyze/patterns.py's backend): the code
        for them (a pullback's, the gradient an hvp differentiates); else ``for_call``'s."""
        key = self._signature(args, {}) if self._by_shape is None else None
        if key is None or backend(dict(key)) is None:
            return self.for_call(len(args), tuple(self.keywords))
        return self._specialized_for(key)

    def _for_args(self, args, kwargs):
        """The generated code for a call with these arguments (their signature's)."""
        key = self._signature(args, kwargs)
        g = self._current() if key is None else self._specialized_for(key)
        self._last = g
        return g

    def _specialized_for(self, key):
        """The generated code for signature ``key`` (kept per derivative object; past
        MAX_SIGNATURES the generic code, except for another array library's: its own)."""
        g = self._specialized.get(key)
        if g is None and len(self._specialized) >= MAX_SIGNATURES \
                and backend(dict(key)) is None:
            return self._current()
        if g is None or not g.valid():
            # driver.transform is thread-safe and caches; the lock only keeps the
            # bound (it is not held while generating: no lock order to get wrong)
            g = driver.transform(self._target, self._wrt, self._mode, self._preserve,
                                 signature=key)
            with self._lock:
                if key in self._specialized or len(self._specialized) < MAX_SIGNATURES:
                    self._specialized[key] = g
        return g

    def source_for(self, args, kwargs):
        """The source of the code a call with these arguments runs."""
        if self._by_shape is not None:
            return self._for_call(len(args), tuple({**self._keywords, **kwargs})).source
        return self._for_args(args, kwargs).source

    # what the engine reads (core.markers.Derivative)
    target = property(lambda self: self._target)
    prefix = property(lambda self: self._prefix)
    keywords = property(lambda self: self._keywords)
    per_call_shape = property(lambda self: self._by_shape is not None)
    wrt = property(lambda self: self._wrt)       # the parameter names differentiated

    def for_call(self, nargs, kwnames):
        return self._for_call(nargs, kwnames)

    def as_called(self, fn):
        """``fn`` (the generated function) as a call of this object computes it, for the
        code differentiating such a call: with ``wrt=(k,)`` the gradient comes back as a
        tuple of one gradient (``__call__`` wraps it), so the function differentiated is
        a forwarder wrapping it the same way."""
        if not self._one_of_tuple:
            return fn
        cache = self.__dict__.setdefault("_as_called", {})
        hit = cache.get(fn)
        if hit is not None:
            return hit
        name = f"{getattr(fn, '__name__', 'grad')}_tuple"
        wrapped = "(result[0], (result[1],))" if self._preserve else "(result,)"
        source = (f"def {name}(*args, **kwargs):\n"
                  f"    result = generated(*args, **kwargs)\n"
                  f"    return {wrapped}\n")
        filename = f"<tangentish {getattr(fn, '__qualname__', name)} wrt a tuple of one #{id(fn)}>"
        out = cache[fn] = define(source, filename, {"generated": fn}, name)
        return out

    @property
    def generated(self):
        """The generated Python function (created on first access)."""
        return self._current().fn

    @property
    def __wrapped__(self):  # inspect.getsource follows this: the code the latest call ran
        last = self._last
        return last.fn if last is not None and last.valid() else self.generated

    @property
    def source(self):
        if self._by_shape:      # a *args target: the code for the last call shape used
            return list(self._by_shape.values())[-1].source
        last = self._last
        return (last if last is not None and last.valid() else self._current()).source

    def _for_call(self, nargs, kwnames):
        """The generated code for a call with this shape (a ``*args`` target is
        specialized to it: specialize.specialize_varargs)."""
        if self._by_shape is None:
            return self._current()
        key = (nargs, tuple(kwnames))     # call order: a **kwargs dict keeps it
        g = self._by_shape.get(key)
        if g is None or not g.valid():
            spec = specialize_varargs(self._target, len(self._prefix) + nargs, kwnames)
            params = positional_params(spec)
            names = tuple(params[w + len(self._prefix)] if isinstance(w, int) else w
                          for w in self._wrt)
            g = self._by_shape[key] = driver.transform(spec, names, self._mode, self._preserve)
        return g

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        fast = self._fast       # arguments of the latest call's types, shapes and dtypes,
        # and its code still valid? (grad(f) of an array: then the call, ready_call)
        if fast is not None and not kwargs:
            try:
                result = fast[0](self, args)
            except Exception as exc:          # noqa: BLE001 - re-raised, with the user's line
                self._reraise(exc)
                raise
            if type(result) is not Held:
                return result
            if result is NOT_READY:
                fast = self._remembered(args, kwargs)
            elif result is not READY:
                return self._cast_gradients(result.value, args, {})
        else:
            fast = self._remembered(args, kwargs)
        _, _, fn, shape, dtype = fast
        if shape is not None:      # grad(f) of an array: the common case
            try:
                result = fn(*args)
            except Exception as exc:          # noqa: BLE001 - re-raised, with the user's line
                self._reraise(exc)
                raise
            if type(result) is _NDARRAY and (result.dtype is dtype or result.dtype == dtype) \
                    and result.flags.writeable:     # as in _READY_CALL
                return result
            return self._cast_gradients(result, args, {})
        if self._keywords:
            kwargs = {**self._keywords, **kwargs}
        try:
            result = fn(*self._prefix, *args, **kwargs) if self._prefix else fn(*args, **kwargs)
        except RecursionError as exc:
            raise recursion_error(function_name(self._target), exc) from None
        except OutputError as exc:      # not a real scalar: name the function and its def
            raise exc.locate(underlying(self._target)) from None
        except Exception as exc:          # noqa: BLE001 - re-raised, with the user's line
            note_user_line(exc)
            raise
        if self._mode == "grad":
            result = self._cast_gradients(result, args, kwargs)
        if self._one_of_tuple:          # wrt=(0,): a tuple of one gradient, as asked
            return (result[0], (result[1],)) if self._preserve else (result,)
        return result

    def _remembered(self, args, kwargs):
        """The entry of ``_by_key`` for this call (its ``call_key``) where its code is still
        valid (arguments of these types, shapes and dtypes passed the checks of
        ``_checked`` before: their outcome, and the signature, depend on nothing else),
        else ``_checked``'s."""
        key = call_key(args) if self._plain and not kwargs else None
        entry = self._by_key.get(key) if key is not None else None
        if entry is not None and entry[1].valid():
            self._fast = entry
            self._last = entry[1]
            return entry
        return self._checked(args, kwargs, key)

    def _reraise(self, exc):
        if isinstance(exc, RecursionError):
            raise recursion_error(function_name(self._target), exc) from None
        if isinstance(exc, OutputError):      # not a real scalar: name the function and its def
            raise exc.locate(underlying(self._target)) from None
        note_user_line(exc)

    def _checked(self, args, kwargs, key):
        """The entry for this call (as ``_by_key``'s: ready_check, Generated, function,
        the shape and dtype of the one array differentiated), after the checks of its
        arguments; remembered under ``key`` (``call_key``) when there is one."""
        check_plain_arguments(args, kwargs, self._kind)
        if args and not self._prefix and any(pos == 0 for pos, _ in self._wrt_positions):
            check_not_self(args[0], self._target, self._kind)     # grad(Class.method), wrt=0
        if self._by_shape is None:
            g = self._for_args(args, kwargs)
        else:
            g = self._for_call(len(args), tuple({**self._keywords, **kwargs}))
        for pos, name in self._wrt_positions:
            value = args[pos] if pos is not None and pos < len(args) else kwargs.get(name)
            if value is not None:
                check_differentiable(value, name, self._target)
        if key is None:
            return (None, g, g.fn, None, None)
        if len(self._by_key) >= _MAX_CALL_KEYS:     # bounded: shapes vary (batch sizes)
            self._by_key.clear()
        array = key[self._one_array] if self._one_array is not None \
            and self._one_array < len(key) else None
        shape, dtype = array if isinstance(array, tuple) else (None, None)
        self._by_key[key] = self._fast = (ready_call(key, g, dtype), g, g.fn, shape, dtype)
        return self._fast

    def _cast_gradients(self, result, args, kwargs):
        """Each gradient in the type of its argument (api/results.py: a Python float
        for a float, a float32 array for a float32 array, plain lists, tuples and dicts
        for containers; a float32 gradient is computed in the precision numpy chose
        and rounded at the end, as autograd and JAX give it)."""
        values = [args[pos] if pos is not None and pos < len(args) else kwargs.get(name)
                  for pos, name in self._wrt_positions]
        if self._preserve:
            return (result[0], self._cast_gradients_only(result[1], values))
        return self._cast_gradients_only(result, values)

    def _cast_gradients_only(self, grads, values):
        if len(values) == 1:            # wrt=(0,) too: wrapped in a tuple afterwards
            return results.like(grads, values[0])
        return results.like_each(grads, values)

    def __get__(self, obj, objtype=None):
        """Decorating a method: through an instance, ``wrt`` counts the
        arguments after ``self``, as for ``grad(obj.method)``."""
        if obj is None or self._prefix or self._keywords or not isinstance(
                self._target, types.FunctionType):
            return self
        return Transformed(types.MethodType(self._target, obj), self._wrt_spec, self._mode,
                           self._preserve, self._kind)

    def __repr__(self):
        return (f"<tangentish.{self._kind} of {function_name(self._target)} wrt "
                f"{', '.join(map(str, self._wrt))}>")

    def _repr_markdown_(self):
        """Jupyter's display: the generated source as a highlighted ``python`` block
        (``repr`` is unchanged).  None (the plain repr) when it cannot be generated."""
        return _markdown(self, lambda: self.source)


@overload
def grad(f: None = None, *, wrt: Union[int, str, Tuple[Union[int, str], ...]] = 0,
         preserve_result: bool = False) -> Callable[[Callable[..., Any]], Transformed]: ...
@overload
def grad(f: Callable[..., Any], *, wrt: Union[int, str, Tuple[Union[int, str], ...]] = 0,
         preserve_result: bool = False) -> Transformed: ...
@derived_operator
def grad(f: Optional[Callable[..., Any]] = None, *, wrt: Union[int, str, Tuple[Union[int, str], ...]] = 0,
         preserve_result: bool = False) -> Any:
    """The gradient of a scalar-valued function, as generated Python source.

    ``wrt``: a parameter index, a parameter name, or a tuple of them (then a
    tuple of gradients is returned).  ``preserve_result=True`` returns
    ``(value, gradient)``.  Usable as ``@grad`` or ``@grad(wrt=1)``."""
    if f is None:
        return lambda fn: grad(fn, wrt=wrt, preserve_result=preserve_result)
    return Transformed(f, wrt, "grad", preserve_result, "grad")


@derived_operator
def value_and_grad(f: Callable[..., Any], wrt: Union[int, str, Tuple[Union[int, str], ...]] = 0) -> Transformed:
    """Like ``grad(f, wrt=wrt, preserve_result=True)``: returns ``(value, gradient)``."""
    return Transformed(f, wrt, "grad", True, "value_and_grad")


def vjp(f: Callable[..., Any], *primals: Any) -> Tuple[Any, "Pullback"]:
    """``(y, pullback)``: ``y = f(*primals)`` and ``pullback(dy)`` -> one cotangent per primal.
    A NumPy ``dy`` for an array_api_strict (CuPy) output is converted to that library."""
    if not primals:
        raise TypeError("vjp needs at least one primal argument")
    back = Transformed(f, tuple(range(len(primals))), "vjp", False, "vjp")
    target = back.target
    n = len(positional_params(target)) - len(back.prefix)
    if len(primals) > n and not back.per_call_shape:
        raise TypeError(f"{function_name(target)}() takes {n} positional arguments, got {len(primals)}")
    check_plain_arguments(primals, None, "vjp")
    check_repeatable(f, "tangentish.vjp")       # the pullback runs f's forward code again
    key = back._backend_key(primals) if not back.keywords and not back.per_call_shape else None
    if key is None:
        y = call_on_copies(f, primals)
    else:       # f's own numpy calls may not take these arrays: its code for their library
        y = _primal_value(back, primals, key)

    for name, value in zip(back.wrt, primals):
        check_differentiable(value, name, target)

    return y, Pullback(back, primals, y)



def _primal_value(back, primals, key):
    """``f(*primals)`` computed by the code generated for the arrays' library (signature
    ``key``): its jvp along zero tangents of those arrays, so that the functions it
    calls run their code for that library too."""
    offset = len(back.prefix)
    params = positional_params(back.target)
    which = [k for k, p in enumerate(primals) if results.foreign(p)]
    fn = driver.transform(back.target, tuple(params[offset + k] for k in which), "jvp",
                          signature=key).fn
    zeros = [namespace(primals[k]).zeros_like(primals[k]) for k in which]
    return fn(*zeros, *back.prefix, *primals)[0]


class Pullback(Derivative):
    """``pullback(dy)`` -> one cotangent per primal, as ``tangentish.vjp`` returns it.
    Called inside differentiated code, it is differentiated (w.r.t. ``dy``; the primals
    are fixed values) through ``generated``: a one-line function with source calling
    the generated vjp, so to any order."""

    per_call_shape = True

    def __init__(self, back, primals, y):
        self.transformed = back
        self._primals = primals
        self._y = y
        self._forwarder = None
        self.__name__ = self.__qualname__ = f"pullback_{function_name(back.target)}"

    def __call__(self, dy):
        back = self.transformed
        check_cotangent_shapes(self._y, dy, f"the cotangent given to {self.__name__}")
        fn = back.for_values(self._primals).fn
        try:
            cts = fn(self._in_library(as_cotangent(dy)), *back.prefix, *self._primals,
                     **back.keywords)
        except Exception as exc:          # noqa: BLE001 - re-raised, with the user's line
            note_user_line(exc)
            raise
        # each cotangent in its primal's type (api/results.py)
        return results.like_each(cts if len(self._primals) > 1 else (cts,), self._primals)

    def _in_library(self, dy):
        """A Python number ``dy`` for an output of another array library: that library's
        0-d array of the output's dtype (the number's own type where the output is not
        floating), as the library's code for the output would combine it."""
        y = self._y
        dy = results.direction_like(dy, y)
        if type(dy) in (float, int) and results.foreign(y):
            xp = namespace(y)
            if xp.isdtype(y.dtype, "real floating"):
                return xp.asarray(dy, dtype=y.dtype, device=getattr(y, "device", None))
        return dy

    @property
    def generated(self):
        """``def pullback_f(dy)``: the generated vjp at the fixed primals (a container
        output is refused: its cotangent would need converting, see as_cotangent)."""
        back = self.transformed
        fn = back.for_values(self._primals).fn
        if self._forwarder is None or self._forwarder[0] is not fn:
            if isinstance(self._y, (list, tuple, dict)) or back.keywords:
                raise TransformError(
                    f"cannot differentiate a call of the pullback tangentish.vjp returned for "
                    f"{function_name(back.target)}(): its output is a "
                    f"{type(self._y).__name__}" if not back.keywords else
                    f"cannot differentiate a call of the pullback tangentish.vjp returned for "
                    f"{function_name(back.target)}(): it binds keywords (a partial)",
                    "differentiate a function calling tangentish.grad, or call the vjp "
                    "outside the differentiated function")
            namespace = {"derivative": fn}
            names = []
            for i, v in enumerate(tuple(back.prefix) + tuple(self._primals)):
                namespace[f"x{i}"] = v
                names.append(f"x{i}")
            call = f"derivative({', '.join(['dy'] + names)})"
            body = call if len(self._primals) > 1 else f"({call},)"
            source = f"def {self.__name__}(dy):\n    return {body}\n"
            filename = f"<tangentish {self.__name__} at fixed primals #{id(self):x}>"
            self._forwarder = (fn, define(source, filename, namespace, self.__name__))
        return self._forwarder[1]

    target = property(lambda self: self.transformed.target)

    def for_call(self, nargs, kwnames):
        if nargs != 1 or kwnames:
            raise TypeError(f"{self.__name__}() takes one argument, the output's cotangent")
        return types.SimpleNamespace(fn=self.generated)

    def __repr__(self):
        return f"<tangentish pullback of {function_name(self.transformed.target)}>"

    def _repr_markdown_(self):
        """Jupyter's display: the generated vjp's source (see Transformed)."""
        return _markdown(self, lambda: self.transformed.source)


def _markdown(obj, text):
    try:
        return markdown_source(text(), f"`{repr(obj)}`")
    except Exception:       # noqa: BLE001 - a display never raises: Jupyter shows the repr
        return None


def source(df: Callable[..., Any], *args: Any, **kwargs: Any) -> str:
    """The generated Python source of a derivative returned by tangentish: the code
    that ran at its latest call (the generic code before any call), or with
    arguments, the code a call with those arguments runs (generated if needed,
    not run): a ``grad`` is specialized to its arguments' ranks and dtypes."""
    inner = df if isinstance(df, Transformed) else getattr(df, "transformed", None)
    if isinstance(inner, Transformed):
        return inner.source_for(args, kwargs) if args or kwargs else inner.source
    if args or kwargs:
        raise TypeError(f"{df!r} has one generated source: call tangentish.source({df!r})")
    text = generated_source(df)
    if text is None:
        raise TypeError(f"{df!r} was not generated by tangentish")
    return text
