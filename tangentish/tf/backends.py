"""Tensors of other array libraries (Dask, array_api_strict, CuPy): how an op's
numpy template runs on them, how their values convert, print and are refused.

A Tensor made from a Dask (or other non-numpy) array keeps that array as its
value (tensor.py, ``ForeignTensor``): nothing here computes a Dask array or
converts one to numpy, except the explicit conversions (``to_numpy``: ``.numpy()``,
``float()``, and a numpy Variable assigned such a value).

An op's template is numpy text (``"np.mean({0})"``); on another library it is
evaluated as the array API standard's text (``xp.mean(a0)``), translated through
the one table from numpy's names to the standard's (``rules/array_api.py``, the
table the engine's generated code uses too).  A template naming a numpy function
the table does not list, or calling it in a way the standard does not share,
raises NotImplementedError naming the op's line and the library: never a silent
conversion to numpy, never a different number.  NumPy operands of such an op
(a numpy Variable's value, a constant) are converted to the op's library
(``xp.asarray``): the parameters move to the data, never the data to numpy.
The standard's functions on Dask arrays build graphs; tests/test_tf_backends.py
builds every audited op and the training steps under a Dask scheduler that fails
if anything is computed.  (No scheduler is swapped in at run time: Dask's
configuration is global, and a swap would break another thread's compute.)

Public ops that compute with numpy outside their templates are not audited for
this: ``guard_namespaces`` (called by tf/__init__.py) wraps every public function
not in ``PORTABLE_OPS`` so that it raises NotImplementedError naming itself and
the library when an argument holds such a tensor; the tape's parts that run
numpy on recorded values (jacobians, nested and custom gradients, forward mode)
refuse them through ``refuse_foreign``.

``SEEN[0]`` turns true when the first such tensor is made: until then the ops'
numpy paths pay one flag test for this module.
"""
import ast
import math
import types

import numpy as np

from .. import api as _tg_api
from ..rules import array_api as _array_api
from ..runtime.backend import array_namespace, backend_name
from . import dtypes as _dtypes
from .core import DTYPE_OF

SEEN = [False]   # has a tensor of another array library been made in this process?


def library(value):
    """The array library of a non-numpy array ("dask.array", "array_api_strict",
    "cupy", ...); None for numpy arrays, numpy scalars, Python values."""
    if type(value) is np.ndarray or isinstance(value, (np.generic, int, float, complex,
                                                       str, bytes, tuple, list)):
        return None
    name = backend_name(value)
    return None if name in (None, "numpy") else name


def mark_seen():
    SEEN[0] = True


def dtype_of(value):
    """The TF dtype of a non-numpy array (Dask's dtypes are numpy's; the
    standard's dtype objects are known by name: ``array_api_strict.float64``)."""
    dtype = value.dtype
    if isinstance(dtype, np.dtype):
        found = DTYPE_OF.get(dtype)
        return found if found is not None else _dtypes.as_dtype(dtype)
    return _dtypes.as_dtype(str(dtype).rsplit(".", 1)[-1])


def shape_of(value):
    """A shape with None for dims the library does not know (Dask's nan chunks)."""
    return tuple(None if d is None or (isinstance(d, float) and math.isnan(d)) else int(d)
                 for d in value.shape)


def is_complex(value):
    return dtype_of(value).is_complex


# ---------------------------------------------------------------------------
# Conversions.
def to_numpy(value):
    """A non-numpy array as a numpy array: the explicit conversions only
    (``.numpy()``, ``float()``, printing an eager library's value, a numpy
    Variable assigned such a value).  Dask computes here."""
    if library(value) == "dask.array":
        value = value.compute()
    elif library(value) == "cupy":
        value = value.get()
    return np.asarray(value)


def to_library(value, like):
    """A numpy array (or numpy scalar) as an array of ``like``'s library."""
    xp = array_namespace(like)
    device = getattr(like, "device", None)
    if library(like) in ("array_api_strict", "cupy") and device is not None:
        return xp.asarray(value, device=device)
    return xp.asarray(value)


def host_values(values):
    """``to_numpy`` of each non-numpy array among ``values`` (others as they are),
    all Dask arrays computed together: one pass over the data for a step's gradients."""
    lazy = [i for i, v in enumerate(values) if library(v) == "dask.array"]
    out = list(values)
    if lazy:
        # imported here on purpose: dask is optional; only Dask values reach this line
        import dask
        for i, value in zip(lazy, dask.compute(*[values[i] for i in lazy])):
            out[i] = value
    return [to_numpy(v) if library(v) is not None else v for v in out]


def astype(value, dtype):
    """``value`` (a non-numpy array) with the TF dtype ``dtype`` (a no-op when it has it)."""
    if dtype_of(value) is dtype:
        return value
    xp = array_namespace(value)
    return xp.astype(value, getattr(xp, dtype.name))


def copy(value):
    """A copy of a (mutable) non-numpy array."""
    return array_namespace(value).asarray(value, copy=True)


def zeros_like(value):
    return array_namespace(value).zeros_like(value)


def common_library(values):
    """The one non-numpy array among ``values`` (None if all are numpy); TypeError
    when two libraries are mixed."""
    found = None
    for v in values:
        if library(v) is not None:
            if found is not None and library(found) != library(v):
                raise TypeError(f"tangentish.tf cannot mix {library(found)} and {library(v)} "
                                "tensors in one op: convert one of them first")
            found = found if found is not None else v
    return found


# ---------------------------------------------------------------------------
# Templates on another library: numpy text -> the standard's text.
class _Refused(Exception):
    pass


class _Translate(ast.NodeTransformer):
    """``np.<f>(...)`` -> ``xp.<standard name>(...)`` through rules/array_api.py."""

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id == "np":
            node.args = [self.visit(a) for a in node.args]
            for k in node.keywords:
                k.value = self.visit(k.value)
            return _standard_call(node, func.attr)
        if isinstance(func, ast.Attribute) and func.attr == "astype" and len(node.args) == 1 \
                and not node.keywords:   # x.astype(np.float32) -> xp.astype(x, xp.float32)
            std = ast.Attribute(ast.Name("xp", ast.Load()), "astype", ast.Load())
            return ast.Call(std, [self.visit(func.value), self.visit(node.args[0])], [])
        if isinstance(func, ast.Attribute):
            raise _Refused(f"the method .{func.attr}()")
        return self.generic_visit(node)

    def visit_Attribute(self, node):
        if isinstance(node.value, ast.Name) and node.value.id == "np":
            if node.attr in _array_api.ATTRIBUTES:
                return ast.Attribute(ast.Name("xp", ast.Load()), node.attr, ast.Load())
            raise _Refused(f"np.{node.attr}")
        if isinstance(node.value, ast.Attribute) and _is_np(node.value):
            raise _Refused(f"np.{node.value.attr}.{node.attr}")
        if node.attr not in _array_api.ARRAY_ATTRIBUTES:
            raise _Refused(f"the attribute .{node.attr}")
        return self.generic_visit(node)

    def visit_Name(self, node):
        if node.id == "np":
            raise _Refused("numpy itself")
        return node


def _is_np(node):
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
        and node.value.id == "np"


def _standard_call(node, name):
    """The standard's call for ``np.<name>(...)`` (its positional arguments past
    what the standard takes positionally passed by keyword), or _Refused."""
    std = _array_api.TABLE.get(name)
    if std is None:
        raise _Refused(f"np.{name}")
    if any(isinstance(a, ast.Starred) for a in node.args) or \
            any(k.arg is None for k in node.keywords):
        raise _Refused(f"np.{name} with * or ** arguments")
    if len(node.args) > len(std.params):
        raise _Refused(f"np.{name} with {len(node.args)} positional arguments")
    given = dict(zip(std.params, node.args))
    given.update((k.arg, k.value) for k in node.keywords)
    required = _array_api.REQUIRED.get(name)
    if required is not None and required not in given:
        raise _Refused(f"np.{name} without {required}")
    args, keywords = [], []
    # numpy's parameters in order, then its keyword-only ones (keepdims)
    for param in [p for p in std.params if p in given] + sorted(set(given) - set(std.params)):
        value = given[param]
        bad = _array_api.ARGUMENT_VALUES.get((name, param))
        if bad is not None and ast.unparse(value) == bad:
            raise _Refused(f"np.{name}({param}={bad})")
        position = std.params.index(param) if param in std.params else len(std.params)
        if position < std.positional and len(args) == position:
            args.append(value)
        elif param in std.keywords:
            keywords.append(ast.keyword(std.keywords[param], value))
        else:
            raise _Refused(f"np.{name}'s argument {param}")
    func = ast.Attribute(ast.Name("xp", ast.Load()), std.name, ast.Load())
    return ast.Call(func, args, keywords)


_STANDARD = {}   # (template, nargs) -> the standard's text, or the refusal's reason


def standard_text(template, nargs):
    """The template (numpy text) as the array API standard's text, or raises
    NotImplementedError saying what has no exact equivalent."""
    key = (template, nargs)
    text = _STANDARD.get(key)
    if text is None:
        line = template.format(*[f"a{i}" for i in range(nargs)])
        try:
            tree = _Translate().visit(ast.parse(line, mode="eval"))
            text = ("ok", ast.unparse(ast.fix_missing_locations(tree)))
        except _Refused as why:
            text = ("refused", f"{why} has no exact array API equivalent")
        _STANDARD[key] = text
    return text


_LAMBDAS = {}


def _compiled(template, nargs, symbols, xp):
    key = (template, nargs, tuple(sorted(symbols)) if symbols else (), xp.__name__)
    fn = _LAMBDAS.get(key)
    if fn is None:
        params = [f"a{i}" for i in range(nargs)]
        namespace = {"xp": xp, "stop_gradient": _tg_api.stop_gradient}
        if symbols:
            namespace.update(symbols)
        status, text = standard_text(template, nargs)
        if status == "refused":
            return text
        fn = _LAMBDAS[key] = eval(f"lambda {', '.join(params)}: {text}", namespace)  # noqa: S307
    return fn


def evaluate(template, values, symbols=None):
    """The template's value on these argument values, one of which belongs to
    another array library: evaluated by that library through the standard."""
    like = common_library(values)
    name = library(like)
    xp = array_namespace(like)
    fn = _compiled(template, len(values), symbols, xp)
    if isinstance(fn, str):
        raise NotImplementedError(
            f"tangentish.tf: the op `{template}` "
            f"cannot run on {name} tensors: {fn}.  Convert the tensor to numpy first "
            "(tf.constant(t.numpy())) or express the computation with other ops")
    values = [to_library(v, like) if isinstance(v, (np.ndarray, np.generic)) else v
              for v in values]
    return fn(*values)


# ---------------------------------------------------------------------------
# Printing.
def value_text(value, is_repr, numpy_text):
    """A foreign tensor's value as TF prints it: a Dask array lazily (its repr,
    nothing computed); an eager library's values as numpy prints them."""
    if library(value) == "dask.array":
        return repr(value)
    return numpy_text(to_numpy(value), is_repr)


# ---------------------------------------------------------------------------
# Public ops audited for other array libraries (they compute only through the
# templates above); every other public op refuses them by name.
# (tests/test_tf_backends.py checks each on Dask and array_api_strict against numpy,
# values and gradients, and that it covers exactly this set)
PORTABLE_OPS = frozenset({
    "add", "subtract", "multiply", "divide", "truediv", "negative", "matmul", "maximum",
    "minimum", "square", "sqrt", "exp", "log", "tanh", "sigmoid", "abs", "reduce_sum",
    "reduce_mean", "expand_dims", "squeeze", "reshape", "identity", "constant",
    "convert_to_tensor", "stop_gradient", "relu", "matvec", "sigmoid_cross_entropy_with_logits",
    "shape", "reduce_max", "reduce_min", "reduce_logsumexp", "softmax", "log_softmax", "concat",
    "stack", "where", "cast",
})
# public functions that compute nothing from a tensor's value
NOT_OPS = frozenset({"is_tensor", "executing_eagerly", "function", "last_gradient_source",
                     "last_tape_program", "clear_program_cache"})


def _holds_foreign(value, depth=0):
    if hasattr(value, "_current_value"):   # a Tensor or Variable
        return library(value._current_value())
    if library(value) is not None:
        return library(value)
    if depth < 2 and isinstance(value, (list, tuple)):
        for item in value:
            found = _holds_foreign(item, depth + 1)
            if found:
                return found
    return None


def refuse_foreign(what, values):
    """NotImplementedError naming ``what`` if any of ``values`` (Tensors, Variables,
    arrays, lists of them) holds an array of another library."""
    if SEEN[0]:
        for v in values:
            found = _holds_foreign(v)
            if found:
                raise NotImplementedError(f"tangentish.tf: {what} is not supported with "
                                          f"{found} tensors")


def guarded(fn, public_name):
    """``fn``, refusing tensors of other array libraries (NotImplementedError naming
    the op and the library) once any exists; numpy calls go straight through."""
    def op(*args, **kwargs):
        if SEEN[0]:
            for a in (*args, *kwargs.values()):
                found = _holds_foreign(a)
                if found:
                    raise NotImplementedError(
                        f"tangentish.tf: {public_name} is not supported with {found} tensors "
                        "(it would compute with numpy); convert the tensor first "
                        "(tf.constant(t.numpy())) or use the ops listed in "
                        "tangentish.tf.backends.PORTABLE_OPS")
        return fn(*args, **kwargs)
    op.__name__ = getattr(fn, "__name__", public_name)
    op.__qualname__ = getattr(fn, "__qualname__", public_name)
    op.__doc__ = getattr(fn, "__doc__", None)
    op.__module__ = getattr(fn, "__module__", None)
    op.__wrapped__ = fn
    return op


def guard_namespaces(namespaces):
    """Replace each public function of these namespaces (``(prefix, module or
    object, names)``) that is not in PORTABLE_OPS by its ``guarded`` version (one
    wrapper per function: ``tf.math.abs is tf.abs`` still holds)."""
    wrappers = {}
    for prefix, space, names in namespaces:
        for name in names:
            fn = getattr(space, name)
            if not isinstance(fn, types.FunctionType) or name in PORTABLE_OPS | NOT_OPS:
                continue
            wrapper = wrappers.get(id(fn))
            if wrapper is None:
                wrapper = wrappers[id(fn)] = guarded(fn, f"{prefix}.{name}")
            setattr(space, name, wrapper)


__all__ = ["SEEN", "library", "mark_seen", "dtype_of", "shape_of", "is_complex", "to_numpy",
           "host_values", "to_library", "astype", "copy", "zeros_like", "common_library",
           "standard_text", "evaluate", "value_text", "PORTABLE_OPS", "NOT_OPS", "refuse_foreign",
           "guarded", "guard_namespaces"]
