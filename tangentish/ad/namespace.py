"""Namespace: the generated code of a call with arrays of another library (Dask,
CuPy, array_api_strict...) computes through the array API standard.

Runs after fold, only when the call's signature names such a library
(``analyze.patterns.backend``); NumPy calls keep their code as it is.  It binds
``xp = array_namespace(<the parameters>)`` (runtime/backend.py) first in the function
and rewrites, in the user's lines and in the rules' output alike:

* ``np.<f>(...)`` (or ``f(...)`` after ``from numpy import f``) -> ``xp.<g>(...)``
  through the one table ``rules/array_api.TABLE`` (``np.arccos`` -> ``xp.acos``,
  ``np.concatenate`` -> ``xp.concat``), the arguments bound as numpy binds them and
  passed as the standard takes them (``np.sum(x, 0)`` -> ``xp.sum(x, axis=0)``);
* ``np.float64(c)`` -> ``xp.asarray(c, dtype=xp.float64)`` (the 0-d array it means),
  ``np.float64`` -> ``xp.float64``, ``np.pi`` -> ``xp.pi``, ``np.newaxis`` -> ``None``;
* array methods ``x.sum(axis=0)`` -> ``xp.sum(x, axis=0)``, ``x.reshape(n, m)`` ->
  ``xp.reshape(x, (n, m))``, ``x.copy()`` -> ``xp.asarray(x, copy=True)``;
* numpy functions without a standard name (``rules/array_api.REWRITTEN``): ``np.exp2(x)``
  -> ``2.0 ** x``, ``np.swapaxes`` -> ``xp.moveaxis``, ``np.dot`` of arguments known to be
  1-d or 2-d -> ``xp.matmul``;
* a comparison used as numbers -> ``xp.astype(mask, x.dtype)`` (masks joined by ``|``,
  ``&``, ``^`` stay booleans); ``len(x)`` of an argument -> ``x.shape[0]``;
* a call of the user's function or of a nested function lifted out of it ->
  ``jvp_helper(x)[0]``: its value computed by its own code generated for the library.

NumPy arrays given beside a library that mixes no NumPy values (array_api_strict, CuPy:
``runtime/backend.MIXES_NUMPY``) are refused by name (a TypeError for an argument, a
TransformError for a global), and so are ``@custom_gradient`` functions there; an index
array, mask or integer list at which the derivative would write is refused at the
user's line (no scatter in the array API).

Everything else numpy (a function or keyword the standard lacks, ``np.linalg.*``,
``np.add.reduce``, an ndarray-only method, a runtime helper outside
``PORTABLE_HELPERS``) is refused with a TransformError at the user's line naming the
construct and the library: never code that would compute something else.

Postcondition: no reference to numpy remains in the function."""
import collections
import inspect
import types

import gast
import numpy as np

from ..analyze.patterns import backend, backend_only
from ..core import engine
from ..core.errors import TransformError
from ..core.markers import CustomGradient
from ..frontend.resolve import MISSING
from ..ir import annotations as anno
from ..ir.naming import derivative_name
from ..rules.array_api import (ARGUMENT_VALUES, ARRAY_ATTRIBUTES, ATTRIBUTES, METHODS, REQUIRED,
                               REWRITTEN, SCALAR_TYPES, TABLE, VARARG_METHODS)
from ..runtime import backend as runtime_backend
from .inplace import NO_INPLACE, WRITING_HELPERS

_HINT = ("call it with NumPy arrays (np.asarray(x), or a Dask array's .compute()), or write "
         "the line with functions of the array API standard")
# ndarray methods with no array-API counterpart (methods lists, dicts and tuples also
# have, like copy and index, are left alone: their receiver may be one)
_NDARRAY_ONLY = frozenset(
    m for m in dir(np.ndarray) if not m.startswith("_")
    and not any(hasattr(t, m) for t in (list, dict, tuple, str))
) - set(METHODS) - set(VARARG_METHODS) - ARRAY_ATTRIBUTES


def run(ctx, node):
    """``xp = array_namespace(...)`` first, then every numpy reference through it."""
    xp = backend(ctx.signature)
    if xp is None:
        return node
    _refuse_numpy_arguments(ctx.signature, xp)
    rewriter = _Rewriter(ctx, xp, ctx.namer.new("xp"), _bound_names(node))
    rewriter.ranks = _array_ranks(node, ctx)
    rewriter.arrays = frozenset(rewriter.ranks)
    rewriter.masks, lists = _masks_and_lists(node)
    rewriter.index_arrays = frozenset(rewriter.masks) | lists \
        | _numpy_array_parameters(ctx.signature)
    node.body = [rewriter.visit(stmt) for stmt in node.body]
    finder = ctx.symbols.get("array_namespace")
    if finder is None:                 # (every runtime helper is a template symbol)
        finder = ctx.namer.new("array_namespace")
        ctx.injected[finder] = runtime_backend.array_namespace
    node.body.insert(0, gast.Assign(
        targets=[_name(rewriter.xp_name, gast.Store())],
        value=gast.Call(func=_name(finder), args=_arrays(node, ctx.signature), keywords=[]),
        type_comment=None))
    return node


def _refuse_numpy_arguments(signature, library):
    """A TypeError naming a NumPy array argument given beside arrays of a library that
    takes no NumPy operands (array_api_strict, CuPy; Dask does), or a NumPy scalar
    beside array_api_strict's (which takes Python numbers only)."""
    if library in runtime_backend.MIXES_NUMPY:
        return
    for param, fact in (signature or {}).items():
        scalar = isinstance(getattr(fact, "py", None), str) and len(fact.py) == 1 \
            and library == "array_api_strict"        # (CuPy takes NumPy scalars)
        if fact is not None and fact.xp is None and (fact.array or scalar):
            raise TypeError(
                f"argument '{param}' is a NumPy array (or NumPy scalar) beside {library} "
                f"arrays, and {library} mixes no NumPy values: convert it first "
                f"({library}.asarray({param})), or pass NumPy arrays only")


def _name(name, ctx=None):
    return gast.Name(id=name, ctx=ctx or gast.Load(), annotation=None, type_comment=None)


def _arrays(node, signature):
    """The arguments of ``array_namespace``: each parameter, and the items of a
    container parameter whose signature holds an array of the library."""
    out = []
    for arg in node.args.args + node.args.kwonlyargs:
        fact = (signature or {}).get(arg.id)
        container = fact.py[0] if fact is not None and isinstance(fact.py, tuple) else None
        if container == "dict":
            out.append(gast.Starred(value=gast.Call(
                func=gast.Attribute(value=_name(arg.id), attr="values", ctx=gast.Load()),
                args=[], keywords=[]), ctx=gast.Load()))
        elif container in ("list", "tuple"):
            out.append(gast.Starred(value=_name(arg.id), ctx=gast.Load()))
        else:
            out.append(_name(arg.id))
    return out


def _array_ranks(node, ctx):
    """Names certainly holding an array, with its rank: parameters whose signature is
    an array of the library of known rank, and their tangents."""
    ranks = {p: f.ndim for p, f in (ctx.signature or {}).items()
             if f is not None and f.xp is not None and not isinstance(f.py, tuple)
             and f.ndim is not None}
    if ctx.mode in ("jvp", "tangent"):     # the tangents come first, one per wrt
        tangents = [a.id for a in node.args.args[:len(ctx.wrt)]]
        ranks.update({t: ranks[w] for t, w in zip(tangents, ctx.wrt) if w in ranks})
    return ranks


def _masks_and_lists(node):
    """({name: the array whose dtype it takes as numbers} for the names bound only to a
    comparison or masks joined by ``|``/``&``/``^``; the names bound only to a list
    display or an index function's result: index arrays)."""
    bound = collections.defaultdict(list)
    for stmt in gast.walk(node):
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], gast.Name):
            value = stmt.value
            bound[stmt.targets[0].id].append(
                "list" if isinstance(value, gast.List) or _index_call(value)
                else _compared_array(value))
    masks = {name: arrays[0] for name, arrays in bound.items()
             if all(a is not None and a != "list" for a in arrays)}
    lists = frozenset(name for name, kinds in bound.items() if all(k == "list" for k in kinds))
    return masks, lists


def _index_call(value):
    """``np.argmax(...)`` and the like (``x.argmin()``): an index array, 0-d or not."""
    return isinstance(value, gast.Call) and isinstance(value.func, gast.Attribute) \
        and value.func.attr in ("argmax", "argmin", "argsort", "nonzero", "flatnonzero")


def _numpy_array_parameters(signature):
    """Parameters given NumPy arrays (beside the library's: an index, a mask)."""
    return frozenset(p for p, f in (signature or {}).items()
                     if f is not None and f.xp is None and f.array)


# the runtime helpers that write at an index, and the position of that index
_INDEX_ARGUMENT = {"getitem_cotangent": 2, "accumulate_at": 3, "clear_at": 1, "zero_at": 1,
                   "store_at": 1, "with_item": 1}


def _bound_names(node):
    """Names the function binds (never numpy's, whatever a global of that name holds)."""
    names = {a.id for a in node.args.args + node.args.kwonlyargs}
    names.update(n.id for n in gast.walk(node)
                 if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del)))
    return names


def _parameters(fn):
    return tuple(inspect.signature(fn, follow_wrapped=False).parameters)


def _int_constant(node):
    return isinstance(node, gast.Constant) and type(node.value) is int


def _take_one(args, keywords):
    """``np.take(a, k, axis=n)`` of one index (the standard takes an index array):
    ``a[:, :, k, ...]``, ``k`` at position ``n``."""
    axis = next((k.value for k in keywords if k.arg == "axis"), None)
    if not _int_constant(axis) or axis.value < 0:
        raise _Refused("np.take() of one index along an axis not a constant >= 0")
    whole = gast.Slice(lower=None, upper=None, step=None)
    rest = gast.Constant(value=Ellipsis, kind=None)      # the standard indexes every axis
    index = [whole] * axis.value + [args[1], rest]
    return gast.Subscript(value=args[0], slice=gast.Tuple(elts=index, ctx=gast.Load()),
                          ctx=gast.Load())


def _repetitions(reps):
    """``np.tile``'s repetitions as the standard's tuple: ``2`` -> ``(2,)`` (both
    prepend ones up to the array's rank)."""
    if _int_constant(reps):
        return gast.Tuple(elts=[reps], ctx=gast.Load())
    if isinstance(reps, (gast.Tuple, gast.List)):
        return gast.Tuple(elts=reps.elts, ctx=gast.Load())
    raise _Refused("np.tile() with repetitions not written as a number or a tuple")


def _copy_of(asarray, value):
    """``xp.asarray(value, copy=True)``: ``np.copy(value)`` in the array API."""
    return gast.Call(func=asarray, args=[value], keywords=[
        gast.keyword(arg="copy", value=gast.Constant(value=True, kind=None))])


def _has_ellipsis(index):
    parts = index.elts if isinstance(index, gast.Tuple) else [index]
    return any(isinstance(p, gast.Constant) and p.value is Ellipsis for p in parts)


_BOOLEAN_OPS = (gast.BitOr, gast.BitAnd, gast.BitXor)


def _compared_array(node, helper_name=lambda func: None):
    """The name whose dtype a boolean expression used as numbers takes: the array
    compared in ``x >= c``, in either side of ``(x > a) | (x < b)``, or the first
    argument of ``clip_mask(x, ...)``; else None."""
    if isinstance(node, gast.Compare) and len(node.ops) == 1:
        for side in (node.left, node.comparators[0]):
            if isinstance(side, gast.Name):
                return side.id
    if isinstance(node, gast.BinOp) and isinstance(node.op, _BOOLEAN_OPS):
        return _compared_array(node.left, helper_name) or \
            _compared_array(node.right, helper_name)
    if isinstance(node, gast.Call) and isinstance(node.func, gast.Name) \
            and helper_name(node.func) == "clip_mask" and node.args \
            and isinstance(node.args[0], gast.Name):
        return node.args[0].id
    return None


# modules whose functions are never the user's
_LIBRARIES = frozenset({"numpy", "tangentish", "dask", "array_api_strict", "array_api_compat",
                        "cupy", "scipy", "math", "builtins"})


class _Refused(Exception):
    pass


class _Rewriter(gast.NodeTransformer):
    def __init__(self, ctx, library, xp_name, bound):
        self.ctx = ctx
        self.library = library
        self.xp_name = xp_name
        self.bound = bound
        self.stmt = None
        self.arrays = frozenset()     # names certainly holding arrays (or numbers)
        self.index_arrays = frozenset()   # names holding masks or index lists
        self.masks = {}                   # mask name -> the array whose dtype it takes
        self.ranks = {}                   # the rank of each name in ``arrays``

    # -- where a refusal is reported ------------------------------------------------

    def visit(self, node):
        if isinstance(node, gast.stmt):
            outer, self.stmt = self.stmt, node
            try:
                return super().visit(node)
            except _Refused as exc:
                raise self._error(str(exc)) from None
            finally:
                self.stmt = outer
        return super().visit(node)

    def _error(self, construct):
        origin = anno.get(self.stmt, anno.ORIGIN)
        at = None                      # a line of no user statement: the function's
        if origin is not None:
            at = gast.Pass()
            at.lineno, at.col_offset = origin[0], origin[1]
        return self.ctx.sf.error(f"{construct} is not supported on {self.library} arguments yet",
                                 _HINT, at)

    # -- what a name denotes ----------------------------------------------------------

    def _object(self, node):
        """The object a Name denotes outside the function (None: a local or unknown)."""
        if not isinstance(node, gast.Name) or node.id in self.bound:
            return None
        if node.id in self.ctx.injected:
            return self.ctx.injected[node.id]
        found = self.ctx.resolver.resolve(node)
        return None if found is MISSING else found

    def _is_numpy(self, node):
        return self._object(node) is np

    def _numpy_name(self, node):
        """numpy's name for the function ``node`` denotes (``np.exp``, or ``exp`` after
        ``from numpy import exp``), or None."""
        if isinstance(node, gast.Attribute) and self._is_numpy(node.value):
            return node.attr
        obj = self._object(node)
        name = getattr(obj, "__name__", None)
        if obj is not None and name and getattr(np, name, None) is obj and obj is not np:
            return name
        return None

    def _xp(self, attr):
        return gast.Attribute(value=_name(self.xp_name), attr=attr, ctx=gast.Load())

    # -- rewrites ---------------------------------------------------------------------

    def visit_Attribute(self, node):
        if not self._is_numpy(node.value):
            if isinstance(node.value, gast.Attribute) and self._is_numpy(node.value.value):
                raise _Refused(f"np.{node.value.attr}.{node.attr}")
            self.generic_visit(node)
            return node
        if node.attr == "newaxis":
            return gast.Constant(value=None, kind=None)
        if node.attr in ATTRIBUTES:
            return self._xp(node.attr)
        raise _Refused(f"np.{node.attr}")

    def visit_Name(self, node):
        obj = self._object(node)
        if obj is np:
            raise _Refused("numpy itself as a value")
        self._check_numpy_value(node, obj)
        if self._numpy_name(node) is not None:
            raise _Refused(f"np.{self._numpy_name(node)} as a value")
        self._check_helper(node, obj)
        return node

    def _check_numpy_value(self, node, obj):
        """A NumPy array (array_api_strict: or NumPy scalar) read from outside the
        function, by a library that mixes no NumPy values: refused, by name."""
        if self.library in runtime_backend.MIXES_NUMPY or node.id in self.ctx.injected:
            return
        kinds = (np.ndarray, np.generic) if self.library == "array_api_strict" else np.ndarray
        if isinstance(obj, kinds):
            raise _Refused(f"the NumPy array '{node.id}' read from outside the function "
                           f"({self.library} mixes no NumPy arrays: pass it as an argument, "
                           f"or convert it with {self.library}.asarray)")

    def _check_helper(self, node, obj):
        module = getattr(obj, "__module__", None) or ""
        if not module.startswith("tangentish.runtime") or not callable(obj):
            return
        name = getattr(obj, "__name__", node.id)
        if name not in runtime_backend.PORTABLE_HELPERS or (
                name in WRITING_HELPERS and self.library in NO_INPLACE):
            raise _Refused(f"the helper {name}() (in the derivative of this line)")

    def visit_Call(self, node):
        if any(isinstance(a, gast.Starred) for a in node.args) \
                or any(k.arg is None for k in node.keywords):
            name = self._numpy_name(node.func)
            if name is not None:
                raise _Refused(f"np.{name}() with *args or **kwargs")
        name = self._numpy_name(node.func)
        if name is not None:
            return self._numpy_call(name, node)
        self._check_custom_gradient(node.func)
        target = self._user_function(node.func)
        if target is not None:
            return self._primal_call(target, node)
        func = node.func
        if isinstance(func, gast.Attribute) and not self._is_numpy(func.value) \
                and not (isinstance(func.value, gast.Attribute)
                         and self._is_numpy(func.value.value)):
            return self._method_call(func, node)
        self.generic_visit(node)
        if self._object(func) is len and len(node.args) == 1 and not node.keywords \
                and isinstance(node.args[0], gast.Name) and node.args[0].id in self.arrays:
            # a loop over an array (enumerate, zip): the standard's arrays have no len()
            shape = gast.Attribute(value=node.args[0], attr="shape", ctx=gast.Load())
            return gast.Subscript(value=shape, slice=gast.Constant(value=0, kind=None),
                                  ctx=gast.Load())
        self._zero_in_library(node)
        self._check_written_index(node)
        return node

    def _check_custom_gradient(self, func):
        """A ``@custom_gradient`` function runs its forward and gradient code as the user
        wrote it, in NumPy: refused for a library that mixes no NumPy values (Dask
        dispatches the NumPy calls to itself)."""
        receiver = func.value if isinstance(func, gast.Attribute) else func
        found = self._object(receiver)
        if isinstance(found, CustomGradient) and self.library not in runtime_backend.MIXES_NUMPY:
            raise _Refused(f"the @custom_gradient function {receiver.id}() (its code runs "
                           f"as written, in NumPy)")

    def _check_written_index(self, node):
        """A helper writing at an index that is an array (``x[mask]``, ``x[idx]``, an
        integer list ``x[[0, 2]]``): the array API has no scatter(-add); refused here,
        at the user's line, rather than by the helper when it runs."""
        position = _INDEX_ARGUMENT.get(self._helper_name(node.func)) \
            if isinstance(node.func, gast.Name) else None
        if position is None or len(node.args) <= position:
            return
        index = node.args[position]
        parts = index.elts if isinstance(index, gast.Tuple) else [index]
        for part in parts:
            if isinstance(part, gast.List) or isinstance(part, gast.Name) and (
                    part.id in self.index_arrays or part.id in self.arrays):
                raise _Refused("indexing by an array, a mask or a list (its derivative "
                               "writes at those indices)")

    def _zero_in_library(self, node):
        """``zero_derivative(s)`` -> ``zero_derivative(s, xp)``: the zero of a number ``s``
        is then the library's 0-d array (a numpy scalar would convert the library's arrays
        it is added to)."""
        if isinstance(node.func, gast.Name) and self._helper_name(node.func) == "zero_derivative" \
                and len(node.args) == 1 and not node.keywords:
            node.args.append(_name(self.xp_name))

    def _helper_name(self, node):
        obj = self._object(node)
        module = getattr(obj, "__module__", None) or ""
        return getattr(obj, "__name__", None) if module.startswith("tangentish.runtime") else None

    def _user_function(self, func):
        """The user's Python function a call without a derivative calls by name (its
        numpy code would run on the arrays; a nested function lifted out of the user's
        function too), or None."""
        if not isinstance(func, gast.Name):
            return None
        obj = self._object(func)
        if func.id in self.ctx.injected:
            return obj if getattr(obj, "tangentish_user_code", False) else None
        if not isinstance(obj, types.FunctionType) \
                or obj.__code__.co_filename.startswith("<tangentish") \
                and not getattr(obj, "tangentish_user_code", False) \
                or (obj.__module__ or "").split(".")[0] in _LIBRARIES:
            return None
        return obj

    def _primal_call(self, target, node):
        """``helper(x)`` -> ``jvp_helper(x)[0]``: its value computed by its own code
        generated for the library (a jvp along no argument); where that code cannot be
        generated, the call stays (NumPy's dispatch protocols then decide: Dask and
        CuPy compute it, array_api_strict refuses)."""
        self._visit_args(node)
        try:
            fn, generated = engine.lazy_derivative(
                target, (), "jvp", backend_only(_parameters(target), self.library))
        except TransformError as exc:
            if self.library in runtime_backend.MIXES_NUMPY:
                return node
            # its numpy code would give NumPy values to code for the library
            raise _Refused(f"the call of {target.__name__}() (its code for {self.library} "
                           f"cannot be generated: {exc.construct})")
        name = self.ctx.namer.new(derivative_name("jvp", target.__name__))
        self.ctx.injected[name] = fn
        if generated is not None:
            self.ctx.callees.append(generated)      # the caller's guard includes it
        call = gast.Call(func=_name(name), args=node.args, keywords=node.keywords)
        return gast.Subscript(value=call, slice=gast.Constant(value=0, kind=None),
                              ctx=gast.Load())

    def _visit_args(self, node):
        node.args = [self.visit(a) for a in node.args]
        for k in node.keywords:
            k.value = self.visit(k.value)

    def _numpy_call(self, name, node):
        self._visit_args(node)
        if name in SCALAR_TYPES:
            if len(node.args) != 1 or node.keywords:
                raise _Refused(f"np.{name}() with other than one argument")
            return gast.Call(func=self._xp("asarray"), args=node.args,
                             keywords=[gast.keyword(arg="dtype", value=self._xp(name))])
        if name in ("shape", "ndim") and len(node.args) == 1 and not node.keywords:
            return gast.Attribute(value=node.args[0], attr=name, ctx=gast.Load())
        if name in REWRITTEN:
            return self._rewritten(name, node.args, node.keywords)
        std = TABLE.get(name)
        if std is None:
            raise _Refused(f"np.{name}()")
        args, keywords = self._standard_arguments(name, std, node)
        if name == "take" and _int_constant(args[1]):
            return _take_one(args, keywords)
        if name == "tile":
            args[1] = _repetitions(args[1])
        if std.params == ("x",) and isinstance(args[0], gast.Constant):
            if name in ("negative", "positive") and _int_constant(args[0]):
                # an integer (a shift, an axis: ``np.roll(g, np.negative(2))``) stays one
                sign = -1 if name == "negative" else 1
                return gast.Constant(value=sign * args[0].value, kind=None)
            # numpy takes a number (``np.isnan(0.5)``); the standard an array
            args[0] = gast.Call(func=self._xp("asarray"), args=[args[0]], keywords=[])
        if name == "where" and not isinstance(args[0], gast.Name):
            # numpy takes a Python bool (``mean_count(x) == 1``); the standard an array
            args[0] = gast.Call(func=self._xp("asarray"), args=[args[0]], keywords=[])
        return gast.Call(func=self._xp(std.name), args=args, keywords=keywords)

    def _rewritten(self, name, args, keywords):
        """``np.exp2``, ``np.swapaxes``, ``np.dot`` (rules/array_api.REWRITTEN)."""
        if keywords or len(args) != REWRITTEN[name]:
            raise _Refused(f"np.{name}() with other than {REWRITTEN[name]} positional arguments")
        if name == "exp2":
            return gast.BinOp(left=gast.Constant(value=2.0, kind=None), op=gast.Pow(),
                              right=args[0])
        if name == "copy":
            return _copy_of(self._xp("asarray"), args[0])
        if name == "swapaxes":
            pair = [args[1], args[2]]
            return gast.Call(func=self._xp("moveaxis"), args=[
                args[0], gast.Tuple(elts=pair, ctx=gast.Load()),
                gast.Tuple(elts=pair[::-1], ctx=gast.Load())], keywords=[])
        if not all(isinstance(a, gast.Name) and self.ranks.get(a.id) in (1, 2) for a in args):
            raise _Refused("np.dot() of arrays not known to be 1-d or 2-d (write a @ b)")
        return gast.Call(func=self._xp("matmul"), args=args, keywords=[])

    def visit_Subscript(self, node):
        """``x[i]`` of an array -> ``x[i, ...]``: numpy's meaning, which the standard
        spells out (it indexes every axis)."""
        self.generic_visit(node)
        if isinstance(node.value, gast.Name) and node.value.id in self.arrays \
                and isinstance(node.ctx, gast.Load) and not _has_ellipsis(node.slice):
            index = list(node.slice.elts) if isinstance(node.slice, gast.Tuple) else [node.slice]
            if len(index) == 1 and isinstance(index[0], gast.Name) and (
                    index[0].id in self.index_arrays or index[0].id in self.arrays):
                return node        # one mask or index array: the standard takes it alone
            node.slice = gast.Tuple(elts=index + [gast.Constant(value=Ellipsis, kind=None)],
                                    ctx=gast.Load())
        return node

    def visit_BinOp(self, node):
        """``t * (x >= c)``: the standard does no arithmetic on booleans; numpy's
        meaning is the mask as numbers of the compared array's dtype.  Masks joined by
        ``|``, ``&``, ``^`` stay booleans (the join is cast where used as numbers)."""
        self.generic_visit(node)
        if isinstance(node.op, _BOOLEAN_OPS):
            return node
        for side in ("left", "right"):
            mask = getattr(node, side)
            array = self.masks.get(mask.id) if isinstance(mask, gast.Name) else \
                _compared_array(mask, self._helper_name)
            if array is not None:
                dtype = gast.Attribute(value=_name(array), attr="dtype", ctx=gast.Load())
                setattr(node, side, gast.Call(func=self._xp("astype"), args=[mask, dtype],
                                              keywords=[]))
        return node

    def _standard_arguments(self, name, std, node):
        """(args, keywords) of the standard's call for numpy's ``np.<name>(...)``."""
        bound = {}
        if std.params and len(node.args) > len(std.params):
            raise _Refused(f"np.{name}() with {len(node.args)} positional arguments")
        for param, value in zip(std.params, node.args):
            bound[param] = value
        for k in node.keywords:
            if k.arg in bound or (k.arg not in std.keywords and k.arg not in std.params):
                raise _Refused(f"np.{name}(..., {k.arg}=...)")
            bound[k.arg] = k.value
        if not std.params:                    # a variadic function: as it is
            return node.args, node.keywords
        if REQUIRED.get(name) is not None and REQUIRED[name] not in bound:
            raise _Refused(f"np.{name}() without {REQUIRED[name]}=")
        args, keywords = [], []
        for k, param in enumerate(p for p in std.params if p in bound):
            value = bound.pop(param)
            if isinstance(value, gast.Constant) and ARGUMENT_VALUES.get((name, param)) == \
                    repr(value.value):
                raise _Refused(f"np.{name}(..., {param}={value.value!r})")
            if std.params.index(param) < std.positional and k == len(args):
                args.append(value)
            elif param in std.keywords:
                keywords.append(gast.keyword(arg=std.keywords[param], value=value))
            else:
                raise _Refused(f"np.{name}() with {param} given by keyword")
        for param, value in bound.items():
            keywords.append(gast.keyword(arg=std.keywords[param], value=value))
        if name == "clip":
            args[1:] = [self._bound_like(args[0], a) for a in args[1:]]
        return args, keywords

    def _bound_like(self, x, bound):
        """An integer constant bound of ``np.clip(x, -1, 1)`` as a 0-d array of ``x``'s
        dtype: numpy gives the result ``x``'s dtype either way, and array API libraries
        may refuse an int bound beside a float ``x`` (array_api_strict < 2.4)."""
        number = bound.operand if isinstance(bound, gast.UnaryOp) \
            and isinstance(bound.op, (gast.USub, gast.UAdd)) else bound
        if isinstance(x, gast.Name) and isinstance(number, gast.Constant) \
                and type(number.value) is int:
            dtype = gast.Attribute(value=_name(x.id), attr="dtype", ctx=gast.Load())
            return gast.Call(func=self._xp("asarray"), args=[bound],
                             keywords=[gast.keyword(arg="dtype", value=dtype)])
        return bound

    def _method_call(self, func, node):
        """``x.sum(0)`` -> ``np.sum(x, 0)``'s translation; ``x.reshape(n, m)``."""
        method = func.attr
        if method in METHODS:
            self._visit_args(node)
            call = gast.Call(func=func, args=[self.visit(func.value)] + node.args,
                             keywords=node.keywords)
            return self._numpy_call(METHODS[method], call)
        if method in VARARG_METHODS:
            self._visit_args(node)
            receiver = self.visit(func.value)
            if node.keywords or not node.args:
                raise _Refused(f"the method .{method}() without its {method} arguments")
            shape = node.args[0] if len(node.args) == 1 else gast.Tuple(
                elts=node.args, ctx=gast.Load())
            if len(node.args) == 1 and not isinstance(shape, (gast.Tuple, gast.List)) and not (
                    isinstance(shape, gast.Attribute) and shape.attr == "shape"):
                raise _Refused(f"the method .{method}() of one argument that may be a number")
            return gast.Call(func=self._xp(VARARG_METHODS[method]), args=[receiver, shape],
                             keywords=[])
        if method == "copy" and not node.args and not node.keywords \
                and isinstance(func.value, gast.Name) and func.value.id in self.arrays:
            # (the standard's arrays have no .copy(); a list's copy stays as it is)
            return _copy_of(self._xp("asarray"), func.value)
        if method in _NDARRAY_ONLY:
            raise _Refused(f"the method .{method}()")
        self.generic_visit(node)
        return node
