"""Shape and realness facts of a function specialized to its arguments' signature.

``signature(value)`` is what a call tells about an argument without its size:
for an exact ``np.ndarray`` (or numpy scalar) its rank, which of its dims are 1
and whether it holds no complex numbers; for a Python float, int or bool a
real scalar; anything else (containers, subclasses, objects) nothing.  Rank and
the dims equal to 1 decide numpy broadcasting's result the same way for every
size (when it does not raise), so code specialized to a signature is exact
for all the arguments that share it.

``Facts(ops, fn_node, signature, resolver)`` propagates them over the normal
form (one ``Fact`` or None per name): elementwise operations broadcast,
reductions with constant ``axis``/``keepdims``, ``@`` of 1-d and 2-d
operands, ``x.shape[i]`` and ``range`` loop indices are Python ints, ``x[i]``
drops a dim.  A name bound several times (branches, loops) has the join of
its definitions (differing -> unknown).  Globals, closure values, calls and
everything else are unknown (None), which is always safe: the run-time
helper that would decide stays.  A call of a Python function with source
gets the fact its ``calls`` hook gives (``DerivativeTransform.call_result_fact``:
the fact of the name the callee returns, from the callee's own ``Facts`` for
the facts of this call's arguments), None without one.
"""
import builtins
import collections

import gast
import numpy as np

from ..runtime.backend import backend_name
from .primitives import Kind

# ndim: int or None (unknown); ones: per dim whether it is 1 (None: unknown);
# real: True when provably not complex (None: unknown); array: an exact np.ndarray;
# py: "float", "int" or "bool" for a Python number of exactly that type, the dtype's
# kind ("f", "c", "i", "u", "b") for an argument that is an array or numpy scalar
# (float64 and complex128; other precisions add their itemsize: "f4", "c8"),
# ``FLOAT_OR_FLOAT64`` for a rank-0 value that is a Python float or a float64,
# ("dict" | "list" | "tuple", ((key or position, Fact), ...)) for a container argument;
# xp: the array library of an array argument that is not numpy's ("dask.array",
# "cupy", "array_api_strict": runtime/backend.py's backend_name), None for numpy and
# everything else
Fact = collections.namedtuple("Fact", "ndim ones real array py xp", defaults=(None,))

SHAPE = Fact(None, None, True, False, "shape")        # an ``x.shape`` tuple (ints)
SLICE = Fact(None, None, True, False, "slice")        # a slice object of constant ints
INT = Fact(0, (), True, False, "int")
_REAL = Fact(None, None, True, False, None)          # not complex, nothing else known
_PYTHON = {t: Fact(0, (), True, False, t.__name__) for t in (float, int, bool)}

_REDUCTIONS = {"np.sum", "np.mean", "np.max", "np.min", "np.amax", "np.amin", "np.prod",
               "np.std", "np.var"}
_FILLED = {"zeros", "ones", "empty", "np.zeros", "np.ones", "np.empty"}
_MATMULS = {"operator.matmul", "np.matmul"}
_SAME_SHAPE = {"operator.neg", "operator.pos"}
# operations that may turn real values complex (``ad/realness.py`` keeps the same list)
_MAY_MAKE_COMPLEX = {"astype", "complex", "np.vectorize", "real_cotangent"}


def signature(value, depth=0):
    """The hashable fact of one argument's value (None: nothing known)."""
    t = type(value)
    if t is np.ndarray:
        key = (value.shape, value.dtype)
        found = _ARRAYS.get(key)
        if found is None:
            if len(_ARRAYS) > 4096:       # bounded: shapes are many, patterns few
                _ARRAYS.clear()
            found = _ARRAYS[key] = _numeric(value, True)
        return found
    if isinstance(value, np.generic):
        return _numeric(value, False)
    if t in (dict, list, tuple) and len(value) <= _MAX_ITEMS and depth < _MAX_DEPTH:
        return _container(value, t, depth)
    if t in _PYTHON:
        return _PYTHON[t]
    xp = backend_name(value)
    return None if xp in (None, "numpy") else _foreign(value, xp)


def _foreign(value, xp):
    """The fact of an array of another library (Dask, CuPy, array_api_strict...): its
    library, and its rank, dims equal to 1 and dtype kind where its shape is known (a
    Dask array's may hold nan: then only the library)."""
    shape = value.shape
    dtype = _numpy_dtype(value.dtype)
    if dtype is None or dtype.kind not in "fciub" or any(
            not isinstance(n, int) for n in shape):
        return Fact(None, None, None, False, None, xp)
    kind = dtype.kind
    if kind in "fc" and dtype not in _DEFAULT_PRECISION:
        kind += str(dtype.itemsize)
    return Fact(len(shape), tuple(n == 1 for n in shape), kind[0] != "c", False, kind, xp)


def _numpy_dtype(dtype):
    """The numpy dtype of the same name (array_api_strict's dtypes are their own
    objects: ``array_api_strict.float64``), or None."""
    try:
        return np.dtype(dtype)
    except TypeError:
        try:
            return np.dtype(str(dtype).rsplit(".", 1)[-1])
        except TypeError:
            return None


def backend(facts):
    """The one array library other than numpy a signature's facts name (``Fact.xp``,
    at any depth of a container), or None (numpy, or no signature)."""
    found = set()
    todo = list((facts or {}).values())
    while todo:
        fact = todo.pop()
        if fact is None:
            continue
        if fact.xp is not None:
            found.add(fact.xp)
        if isinstance(fact.py, tuple):
            todo.extend(f for _, f in fact.py[1])
    return min(found) if found else None


def backend_of(values):
    """``backend`` of these values' signatures: the array library other than numpy among
    them (in containers too), or None."""
    return backend({k: signature(v) for k, v in enumerate(values)})


def backend_signature(params, values, others=()):
    """The signature of a call that ``values`` (with ``others``: arguments without a
    parameter name, tangents) make a call for an array library other than numpy:
    each named parameter's fact, and the library; None for numpy's calls."""
    xp = backend_of(tuple(values) + tuple(others))
    if xp is None:
        return None
    return tuple(zip(params, map(signature, values))) + backend_only(("*",), xp)


def backend_only(params, xp):
    """A signature telling only that a call's arrays may be of library ``xp`` (for the
    derivatives that code generated for such a call calls)."""
    return tuple((p, Fact(None, None, None, False, None, xp)) for p in params)


_MAX_ITEMS, _MAX_DEPTH = 16, 3      # containers described item by item (else unknown)


def _container(value, t, depth):
    """A dict with str keys, a list or a tuple: each item's fact, by key or position."""
    if t is dict:
        if not all(type(k) is str for k in value):
            return None
        items = tuple((k, signature(value[k], depth + 1)) for k in sorted(value))
    else:
        items = tuple((k, signature(v, depth + 1)) for k, v in enumerate(value))
    real = True if all(f is not None and f.real for _, f in items) else None
    return Fact(None, None, real, False, (t.__name__, items))


def _numeric(value, array):
    kind = value.dtype.kind
    if kind not in "fciub":
        return None
    if kind in "fc" and value.dtype not in _DEFAULT_PRECISION:     # float32, complex64...
        kind += str(value.dtype.itemsize)
    return Fact(value.ndim, tuple(n == 1 for n in value.shape), kind[0] != "c", array, kind)


_DEFAULT_PRECISION = (np.dtype(float), np.dtype(complex))


_ARRAYS = {}     # (shape, dtype) -> Fact of an exact ndarray


# py of a rank-0 value that is a Python float or a float64 numpy value (a scalar or a
# 0-d array): the join of an accumulator that starts as ``0.0`` and becomes a float64
# in a loop.  Consumers that test py for "float", "f" or a dtype's kind (len <= 2)
# see none of them in it, as they saw None before; ``_float64`` reads it as an
# operand that keeps a float64 result float64 (both its kinds do).
FLOAT_OR_FLOAT64 = "float|f"
_FLOAT_KINDS = frozenset(("float", "f", FLOAT_OR_FLOAT64))


def join(a, b):
    if a == b:
        return a
    if a is None or b is None:
        return None
    same = a.ndim == b.ndim and a.ones == b.ones
    return Fact(a.ndim if same else None, a.ones if same else None,
                a.real if a.real == b.real else None, a.array and b.array and same,
                a.py if a.py == b.py else _join_py(a, b), a.xp if a.xp == b.xp else None)


def _join_py(a, b):
    """py of the join of two rank-0 values of numpy (not another library) whose pys
    differ: ``FLOAT_OR_FLOAT64`` where each is a Python float or a float64 (or that
    join already), else unknown."""
    if a.ndim == b.ndim == 0 and a.xp is None and b.xp is None \
            and {a.py, b.py} <= _FLOAT_KINDS:
        return FLOAT_OR_FLOAT64
    return None


def broadcast(facts):
    """The fact of an elementwise result of values with these facts."""
    if any(f is None for f in facts):
        return None
    real = True if all(f.real for f in facts) else None
    if any(f.ndim is None for f in facts):
        return Fact(None, None, real, False, None)
    ndim = max(f.ndim for f in facts)
    ones = tuple(all(f.ones[i - ndim + f.ndim] for f in facts if i - ndim + f.ndim >= 0)
                 for i in range(ndim))
    return Fact(ndim, ones, real, ndim > 0 and any(f.array for f in facts), None)


class Facts:
    """Per name, its ``Fact`` (or None), from the parameters' ``signature``."""

    def __init__(self, ops, fn_node, params, resolver, calls=None):
        self.resolver = resolver
        # (stmt, op, of) -> the Fact of a Kind.CALL statement's result, or None
        self.calls = calls
        targets = {t for _, ts, _ in ops for t in ts}
        params = {p: f for p, f in params.items() if f is not None and p not in targets}
        self.facts = dict(params)
        self.params = frozenset(params)     # arguments with a known signature, not rebound
        self.bound = targets | set(params)
        for loop in gast.walk(fn_node):
            if isinstance(loop, gast.For) and isinstance(loop.target, gast.Name) \
                    and isinstance(loop.iter, gast.Call) \
                    and resolver.resolve(loop.iter.func) is builtins.range:
                # (a name also bound by an assignment holds other values too: unknown)
                self.facts[loop.target.id] = None if loop.target.id in targets else INT
                self.bound.add(loop.target.id)
        defs = collections.defaultdict(list)
        for stmt, targets, op in ops:
            for t in targets:
                defs[t].append((stmt, targets, op))
        self.dims = _argument_dims(ops, defs, self.facts)
        pending = [t for t in defs if t not in params and t not in self.facts]
        for _ in range(50):          # from not-yet-known up, joins only go up
            changed = False
            for t in pending:
                value = _UNSET
                for stmt, targets, op in defs[t]:
                    f = self.statement(stmt, targets, op)
                    value = f if value is _UNSET else value if f is _UNSET else join(value, f)
                if value != self.facts.get(t, _UNSET):
                    self.facts[t] = value
                    changed = True
            if not changed:
                break
        else:
            self.facts = dict(params)
        self.facts = {t: (None if f is _UNSET else f) for t, f in self.facts.items()}

    def of(self, atom):
        if isinstance(atom, gast.Name):
            if atom.id not in self.bound:
                return None             # a global or closure value: not guarded
            return self.facts.get(atom.id, _UNSET)
        if isinstance(atom, gast.Constant):
            if isinstance(atom.value, complex):
                return Fact(0, (), None, False, "complex")
            return _PYTHON.get(type(atom.value))
        if isinstance(atom, gast.UnaryOp) and isinstance(atom.op, (gast.USub, gast.UAdd)) \
                and isinstance(atom.operand, gast.Constant) \
                and type(atom.operand.value) in (int, float):
            return _PYTHON[type(atom.operand.value)]    # ``-1.0``: a number of the same type
        return None

    def all_real(self):
        """Every name the function binds is provably real (no complex value anywhere)."""
        return all(self.facts.get(n) is not None and self.facts[n].real for n in self.bound)

    def statement(self, stmt, targets, op):
        """The fact of the one target of ``stmt`` (_UNSET while an operand's is)."""
        if len(targets) != 1:
            return None
        value = stmt.value
        if any(isinstance(n, gast.Name) and n.id in self.bound
               and self.facts.get(n.id, _UNSET) is _UNSET for n in gast.walk(value)):
            return _UNSET
        if op.kind is Kind.COPY and isinstance(value, gast.Name):
            return self.of(value)
        if isinstance(value, gast.Constant):
            return self.of(value) or _REAL
        if op.kind is Kind.CONSTANT:        # a display of constants ([], (1, 2)...)
            return _REAL if all(self.of(n) for n in gast.walk(value)
                                if isinstance(n, gast.Constant)) else None
        if isinstance(value, gast.Attribute) and value.attr == "shape" \
                and isinstance(value.value, gast.Name):
            f = self.of(value.value)
            return SHAPE if f is not None and f.ndim is not None else None
        if isinstance(value, gast.Attribute) and value.attr == "T" \
                and not has_transpose(self.of(value.value)):
            return None     # (``b.T`` of a Python number or list raises: keep it computed)
        if isinstance(value, gast.Compare) and len(value.comparators) == 1:
            f = broadcast([self.of(value.left), self.of(value.comparators[0])])
            return f and Fact(f.ndim, f.ones, True, f.array, None)
        if isinstance(value, gast.Call) and self.resolver.resolve(value.func) is builtins.slice \
                and not value.keywords and all(
                    isinstance(a, gast.Constant) and type(a.value) in (int, type(None))
                    for a in value.args):
            return SLICE            # ``slice(1, None, None)``: an index, no number
        if op.kind is Kind.CALL:
            return None if self.calls is None else self.calls(stmt, op, self.of)
        if op.kind not in (Kind.PRIMITIVE, Kind.NONDIFF) or op.rule is None \
                or not hasattr(op.rule, "symbol"):
            return None
        if op.rule.symbol in _FILLED:
            filled = self.filled(value)
            if filled is not None:
                return filled
        if op.rule.symbol == "len":
            return INT
        if op.rule.symbol.startswith("math."):      # a float or an int (math.floor)
            return Fact(0, (), True, False, None)
        return self.primitive(op)

    def filled(self, call):
        """``np.zeros(n)`` / ``np.ones((n, m))`` (no other argument) of sizes read off the
        arguments' shapes (``_argument_dims``): a float64 ndarray whose dims equal to 1
        are those sizes' (None where a size is not known so)."""
        if not isinstance(call, gast.Call) or len(call.args) != 1 or call.keywords:
            return None
        shape = call.args[0]
        sizes = shape.elts if isinstance(shape, gast.Tuple) else [shape]
        if not sizes or not all(isinstance(n, gast.Name) and n.id in self.dims for n in sizes):
            return None
        return Fact(len(sizes), tuple(self.dims[n.id] for n in sizes), True, True, "f")

    def primitive(self, op):
        rule, bound = op.rule, op.bound or {}
        symbol = rule.symbol
        if symbol in _MAY_MAKE_COMPLEX or symbol.startswith(("np.fft.", "np.emath.")) \
                or "complex" in symbol or _given(bound, "dtype") or _given(bound, "out") \
                or _complex_templates(rule):
            return None
        if symbol in ("operator.pow", "pow") and self.may_be_python_root(rule, bound):
            return None
        fact = self.shaped(symbol, rule, bound)
        if fact is not None:
            return fact
        # a shape not modelled: real when every operand is (most rules keep values real)
        operands = [self.of(n) or _REAL for a in bound.values() for n in gast.walk(a)
                    if isinstance(n, gast.Constant)] + [
            self.of(n) for a in bound.values() for n in gast.walk(a) if isinstance(n, gast.Name)]
        if all(f is not None and f.real for f in operands):
            return Fact(None, None, True, False, None)
        return None

    def may_be_python_root(self, rule, bound):
        """``x ** y`` may be complex for real operands: Python's ``**`` of a negative
        Python number to an exponent that is not an integer is ((-4.0) ** 0.5 is 2j;
        numpy's gives nan).  Safe when the base is an array or numpy scalar, or the
        exponent an integer."""
        base, exponent = (self.of(bound.get(p)) for p in rule.params[:2])
        numpy_base = base is not None and (base.array or base.py in ("f", "i", "u", "b"))
        integer = exponent is not None and exponent.py in ("int", "bool", "i", "u", "b")
        return not (numpy_base or integer)

    def shaped(self, symbol, rule, bound):
        """The fact of a rule's result whose shape is modelled, or None."""
        if rule.elementwise or symbol in _SAME_SHAPE or symbol == "np.where":
            # (a complex constant is an operand too: it makes the result complex)
            atoms = [bound[p] for p in rule.params if p in bound and not (
                isinstance(bound[p], gast.Constant)
                and type(bound[p].value) not in (int, float, complex))]
            facts = [self.of(a) for a in atoms]
            return _float64(broadcast(facts), symbol in _FLOAT64_KEEPING, facts)
        if symbol in _REDUCTIONS:
            return _float64(self.reduction(bound), True, [self.of(bound.get("a"))])
        if symbol in _MATMULS:
            facts = [self.of(bound[p]) for p in rule.params[:2]]
            return _float64(matmul(*facts), True, facts)
        if symbol == "with_item":
            # a copy of an exact ndarray with items stored: its shape and dtype (a complex
            # value stored into a real array is refused by the helper); of a float64
            # value of unknown rank, a float64 ndarray (``np.array(a, copy=True)``)
            f = self.of(bound.get("a"))
            if f is not None and not f.array and f.py == "f":
                return Fact(None, None, f.real, False, "f")
            return f if f is not None and f.array else None
        if symbol in _FILLED and not _given(bound, "like"):
            # ``np.zeros(n)`` (no dtype: the caller returned early for one): a float64
            # ndarray whose dims equal to 1 depend on ``n``
            return Fact(None, None, True, False, "f")
        if symbol in ("operator.getitem", "iteration_item"):
            return self.getitem(*(bound.get(p) for p in rule.params[:2]))
        if symbol == "np.trace" and all(isinstance(bound.get(p), (gast.Constant, type(None)))
                                        for p in ("offset", "axis1", "axis2")):
            f = self.of(bound.get("a"))
            if f is not None and f.array and f.ndim == 2:
                # (the trace of a float64 matrix is a np.float64; of bools an int)
                return Fact(0, (), f.real, False, "f" if f.py == "f" else None)
        if symbol == "np.diag":
            f = self.of(bound.get("v"))
            if f is not None and f.array and f.ndim in (1, 2):
                # a diagonal (of a matrix) or a matrix (of a vector) of the same dtype; its
                # dims equal to 1 depend on ``k`` and the sizes: only the dtype is known
                return Fact(None, None, f.real, False, _dtype_of(f))
        if symbol == "np.transpose" and not _given(bound, "axes"):
            f = self.of(bound.get("a"))
            if f is not None and f.ndim is not None:
                return Fact(f.ndim, f.ones[::-1], f.real, f.array and f.ndim > 0, _dtype_of(f))
        return None

    def reduction(self, bound):
        f = self.of(bound.get("a"))
        axis, keep = bound.get("axis"), bound.get("keepdims")
        where = bound.get("where")
        if f is None or not all(
                isinstance(c, gast.Constant) for c in (axis, keep) if c is not None):
            return None
        if where is not None and not (isinstance(where, gast.Constant) and where.value is True):
            return None
        axis = None if axis is None else axis.value
        keep = False if keep is None else keep.value
        if f.ndim is None:      # an array or list of unknown shape: only a full reduction
            return Fact(0, (), f.real, False, None) if axis is None and keep is False else None
        if axis is None:
            return Fact(f.ndim if keep else 0, (True,) * f.ndim if keep else (), f.real,
                        keep and f.array, None)
        if type(axis) is not int or not -f.ndim <= axis < f.ndim or type(keep) is not bool:
            return None
        axis %= f.ndim
        ones = list(f.ones)
        if keep:
            ones[axis] = True
        else:
            del ones[axis]
        return Fact(len(ones), tuple(ones), f.real, f.array and len(ones) > 0, None)

    def getitem(self, a, index):
        """``a[i]``, ``a[i, j]``, ``a[:, j]`` of an exact array (``i``, ``j`` Python ints);
        any other index (a slice may keep a dim of 1 or not, a bool adds one) unknown."""
        f = self.of(a)
        if f is SHAPE and isinstance(index, gast.Constant) and type(index.value) is int:
            return INT
        if f is not None and isinstance(f.py, tuple) and isinstance(index, gast.Constant):
            kind, items = f.py        # an argument's item, by a constant key or position
            if (kind == "dict") == (type(index.value) is str) and type(index.value) in (str, int):
                return dict(items).get(index.value)
            return None
        items = index.elts if isinstance(index, gast.Tuple) else [index]
        if f is None or not f.array or f.ndim is None or len(items) > f.ndim:
            return None
        ones, sliced = [], False
        for k, item in enumerate(items):
            if isinstance(item, gast.Slice) and item.lower is item.upper is item.step is None:
                ones.append(f.ones[k])           # ``:`` keeps the dim as it is
            elif isinstance(item, gast.Slice):
                sliced = True                    # ``1:3``: a dim of 1 or not, per size
            elif self.of(item) != INT:
                return None
        if sliced:
            # basic indexing by slices and ints: a view of the same dtype, its dims
            # equal to 1 not known
            return Fact(None, None, f.real, False, _dtype_of(f))
        ones = tuple(ones) + f.ones[len(items):]
        return Fact(len(ones), ones, f.real, len(ones) > 0, _dtype_of(f))


def _argument_dims(ops, defs, params):
    """Name -> whether it is 1, for the names bound once to a size of an argument of
    known rank (``n = x.shape[k]``, through ``s = x.shape`` and copies): the signature
    tells whether that size is 1 (``Fact.ones``)."""
    shapes, dims = {}, {}
    for stmt, targets, op in ops:
        if len(targets) != 1 or len(defs[targets[0]]) != 1 or not isinstance(stmt, gast.Assign):
            continue
        t, value = targets[0], stmt.value
        if isinstance(value, gast.Attribute) and value.attr == "shape" \
                and isinstance(value.value, gast.Name):
            f = params.get(value.value.id)
            if f is not None and f.array and f.ones is not None:
                shapes[t] = f.ones
        elif isinstance(value, gast.Subscript) and isinstance(value.value, gast.Name) \
                and value.value.id in shapes and isinstance(value.slice, gast.Constant) \
                and type(value.slice.value) is int \
                and -len(shapes[value.value.id]) <= value.slice.value < len(shapes[value.value.id]):
            dims[t] = shapes[value.value.id][value.slice.value]
        elif isinstance(value, gast.Name) and value.id in dims:
            dims[t] = dims[value.id]
        elif isinstance(value, gast.Name) and value.id in shapes:
            shapes[t] = shapes[value.id]
    return dims


# elementwise operations whose result is float64 when an operand is float64 and the
# others are float64 too or Python numbers (weak: NEP 50)
_FLOAT64_KEEPING = {"operator.add", "operator.sub", "operator.mul", "operator.truediv",
                    "operator.neg", "operator.pos", "np.sin", "np.cos", "np.tan", "np.exp",
                    "np.log", "np.tanh", "np.sqrt", "np.logaddexp", "np.add", "np.subtract",
                    "np.multiply", "np.divide", "np.negative", "operator.pow", "np.power",
                    "np.square", "np.abs", "np.cosh", "np.sinh"}


def _float64(fact, keeps, operands):
    """``fact`` marked float64 (py "f") when the operation keeps that dtype and its
    operands are float64 values or Python numbers, with one float64 at least."""
    if fact is None or not keeps or any(f is None for f in operands):
        return fact
    pys = [f.py for f in operands]
    if "f" in pys and all(p in ("f", "float", "int", "bool", FLOAT_OR_FLOAT64) for p in pys):
        return fact._replace(py="f")
    return fact


def has_transpose(f):
    """The value of fact ``f`` is an array or numpy scalar (``.T`` does not raise;
    numpy kinds are "f", "f4"..., Python numbers "float", "int", "bool")."""
    return f is not None and (f.array or isinstance(f.py, str) and len(f.py) <= 2)


def _dtype_of(f):
    """The dtype fact an item or a transpose of an exact array keeps (its own)."""
    return f.py if f.array and f.py in ("f", "c", "i", "u", "b") else None


def matmul(a, b):
    """``a @ b`` for exact arrays of rank 1 or 2."""
    if a is None or b is None or not (a.array and b.array) or a.ndim not in (1, 2) \
            or b.ndim not in (1, 2):
        return None
    ones = (a.ones[:1] if a.ndim == 2 else ()) + (b.ones[1:] if b.ndim == 2 else ())
    real = True if a.real and b.real else None
    return Fact(len(ones), ones, real, len(ones) > 0, None)


def _complex_templates(rule):
    """A rule whose derivative uses complex numbers (np.imag, np.angle): its cotangents
    may be complex for real values."""
    texts = list(getattr(rule, "jvp_text", {}).values()) + list(
        getattr(rule, "transpose_text", {}).values())
    return any("1j" in t or "imag" in t for t in texts if isinstance(t, str))


def result_fact(facts, fn_node):
    """The fact of what normalized ``fn_node`` returns (its one final ``return``): of the
    returned name or constant; None for a tuple or anything else."""
    last = fn_node.body[-1] if fn_node.body else None
    if not isinstance(last, gast.Return) or not isinstance(last.value, (gast.Name, gast.Constant)):
        return None
    fact = facts.of(last.value)
    return None if fact is _UNSET else fact


def _given(bound, param):
    value = bound.get(param)
    return value is not None and not (isinstance(value, gast.Constant) and value.value is None)


_UNSET = object()
