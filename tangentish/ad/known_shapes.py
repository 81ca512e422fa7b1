"""Run-time helpers the argument signature makes unnecessary (``analyze/patterns.py``).

Each rewrite gives the value the helper returns for every argument with the
signature the code is specialized to, of the same type and dtype:

* ``unbroadcast(g, x)`` -> ``g`` where ``g``'s rank and dims equal to 1 are
  ``x``'s: ``g`` is the cotangent of a broadcast of ``x`` with other values, so
  its shape is then ``x``'s (the helper returns ``g`` itself); where they differ,
  the sums the helper does (``np.sum(g, axis=0)``: the same ``np.add.reduce``);
* ``matmul_grad_lhs(g, b, a)`` / ``matmul_grad_rhs(g, a, b)`` -> the matrix product the
  helper's fast path computes for exact arrays of rank 1 or 2 (``g @ b.T``,
  ``a.T @ g``, ``np.outer(a, g)``...);
* ``zero_derivative(x)`` -> ``np.zeros_like(x)`` for a float array argument;
* ``mean_count(x, k)`` -> ``x.shape[k]`` (``x.size`` for all axes) for an array argument;
* ``real_seed(...)`` -> ``1.0`` when its values are provably real, and
  ``real_cotangent(dx, x)`` -> ``dx`` in a ``grad`` whose every value is
  provably real, and ``real_part(g)`` -> ``g`` there (the helpers then return
  their argument);
* ``check_not_sequences(a, b, ...)`` -> nothing where ``a`` and ``b`` are numbers
  or arrays;
* ``unreduce(s, x)`` of a Python number ``s`` -> ``np.full(x.shape, s, x.dtype)`` for a
  float or complex array argument, ``np.full(a.shape, s)`` for ``broadcast_shape(a, ...)``
  whose other operands are all 1s (``mean_count`` of it ``a.size``);
  ``unreduce(g, x, axis[, True])`` beside ``x`` in an elementwise operation -> ``g``
  (``np.expand_dims(g, axis)``), which broadcasting spreads the same way;
* ``unit_cotangent(y)`` of a float64 scalar -> ``np.float64(1.0)``;
  ``iteration_item(x, k)`` of an array -> ``x[k]``;
* ``d = unit_cotangent(s)`` of an accumulator ``s`` that is a Python float or a float64
  -> nothing, where ``d`` (through copies) only multiplies float64 numpy scalars
  ``e``: each ``d * e`` -> ``e`` (``fold_unit_seed``).
"""
import collections
import copy

import gast

from ..analyze.patterns import FLOAT_OR_FLOAT64, INT, broadcast
from ..ir import templates
from . import shape_checks

# (rank of a, rank of b) -> the fast path of runtime.products for g = cotangent of a @ b
_CT_A = {(2, 2): "g @ b.T", (2, 1): "np.outer(g, b)", (1, 2): "b @ g"}
_CT_B = {(2, 2): "a.T @ g", (2, 1): "g @ a", (1, 2): "np.outer(a, g)"}


def shape_pattern(facts, node, alias, helpers):
    """(rank, dims equal to 1) of an adjoint expression, or None if not known.
    ``alias``: cotangent name -> its primal (a cotangent has its primal's shape)."""
    if isinstance(node, gast.Name):
        f = facts.of(gast.Name(id=alias.get(node.id, node.id), ctx=gast.Load(),
                               annotation=None, type_comment=None))
    elif isinstance(node, gast.Constant):
        f = facts.of(node)
    elif isinstance(node, gast.UnaryOp):
        return shape_pattern(facts, node.operand, alias, helpers)
    elif isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name):
        # ``g[i]``, ``g[i, j]`` of Python ints: the dims after the ones indexed
        inner = shape_pattern(facts, node.value, alias, helpers)
        items = node.slice.elts if isinstance(node.slice, gast.Tuple) else [node.slice]
        if inner is None or len(items) > inner[0] or any(facts.of(i) != INT for i in items):
            return None
        return inner[0] - len(items), inner[1][len(items):]
    elif isinstance(node, gast.BinOp):
        parts = [shape_pattern(facts, n, alias, helpers) for n in (node.left, node.right)]
        return _broadcast(parts)
    elif isinstance(node, gast.Call) and isinstance(node.func, gast.Name) \
            and helpers.get(node.func.id) in ("unbroadcast", "unreduce") and len(node.args) >= 2:
        return shape_pattern(facts, node.args[1], alias, helpers)   # shaped like its 2nd
    elif isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and node.args \
            and helpers.get(node.func.id) in _SHAPED_LIKE_FIRST:
        return shape_pattern(facts, node.args[0], alias, helpers)
    elif _is_np_call(node, "expand_dims", helpers) and len(node.args) == 2 \
            and isinstance(node.args[1], gast.Constant) and type(node.args[1].value) is int:
        inner, axis = shape_pattern(facts, node.args[0], alias, helpers), node.args[1].value
        if inner is None or not 0 <= axis <= inner[0]:
            return None
        return inner[0] + 1, inner[1][:axis] + (True,) + inner[1][axis:]
    elif isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) \
            and node.func.attr == "where" and isinstance(node.func.value, gast.Name) \
            and helpers.get(node.func.value.id) == "np" and len(node.args) == 3:
        return _broadcast([shape_pattern(facts, n, alias, helpers) for n in node.args])
    else:
        return None
    return None if f is None or f.ndim is None else (f.ndim, f.ones)


def _is_np_call(node, name, helpers):
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) \
        and node.func.attr == name and isinstance(node.func.value, gast.Name) \
        and helpers.get(node.func.value.id) == "np" and not node.keywords


# helpers whose result has the shape of their first argument
_SHAPED_LIKE_FIRST = ("extremum_mask", "real_part", "abs_slope")


def _broadcast(parts):
    if any(p is None for p in parts):
        return None
    ndim = max(p[0] for p in parts)
    return ndim, tuple(all(p[1][i - ndim + p[0]] for p in parts if i - ndim + p[0] >= 0)
                       for i in range(ndim))


def rewrite_call(facts, call, alias, helpers, symbols, numbers=None, float64s=None):
    """The plain expression replacing the helper call ``call``, or None (``numbers``:
    names bound once, to a Python number; ``float64s``: to ``np.float64(c)``)."""
    helper = helpers.get(call.func.id) if isinstance(call.func, gast.Name) else None
    args = call.args
    if helper is None or call.keywords:
        return None
    if helper == "unbroadcast" and len(args) == 2:
        return _unbroadcast(shape_pattern(facts, args[0], alias, helpers),
                            shape_pattern(facts, args[1], alias, helpers), args[0], symbols)
    if helper in ("matmul_grad_lhs", "matmul_grad_rhs") and len(args) == 3:
        other, like = facts.of(args[1]), facts.of(args[2])
        if other and like and other.array and like.array:
            ranks = (like.ndim, other.ndim) if helper == "matmul_grad_lhs" else (other.ndim, like.ndim)
            form = (_CT_A if helper == "matmul_grad_lhs" else _CT_B).get(ranks)
            if form is not None:
                return templates.expr(form, **dict(symbols, g=args[0], a=args[1], b=args[1]))
    if helper == "mean_count" and 1 <= len(args) <= 2:
        return _count(facts, args, helpers)
    if helper == "unreduce" and 2 <= len(args) <= 4 and all(
            isinstance(a, gast.Constant) and a.value in (None, False) and type(a.value) is not int
            for a in args[2:]):             # axis=None, keepdims=False
        return _fill(facts, args[:2], helpers, symbols, numbers or {}, float64s or {}) or \
            _typed_seed(facts, call, helpers, symbols, numbers or {})
    if helper == "unit_cotangent" and len(args) == 1:
        f = facts.of(args[0])
        if f is not None and f.ndim == 0 and f.py == "f":    # a float64 scalar or 0-d array
            return templates.expr("np.float64(1.0)", **symbols)     # the helper's dtype.type(1)
    if helper == "iteration_item" and len(args) == 2:
        f = facts.of(args[0])
        if f is not None and f.array and f.ndim and facts.of(args[1]) == INT:
            return templates.expr("x[k]", x=args[0], k=args[1])    # the helper's ``items[k]``
    if helper == "real_part" and len(args) == 1 and facts.all_real():
        return args[0]                  # real values: the helper returns its argument
    if helper == "zero_derivative" and len(args) == 1:
        f = facts.of(args[0])
        if f is not None and f.array and f.py == "f":     # float64: the helper's dtype is x's
            return templates.expr("np.zeros_like(x)", **dict(symbols, x=args[0]))
    if helper == "real_seed" and args and all(
            (facts.of(a) or _UNKNOWN).real for a in args):
        return _seed(facts, args, symbols)
    return None


def _seed(facts, args, symbols):
    """``real_seed``'s value for its arguments' dtype facts ("f": float64, "f4"...,
    "float" a Python number), or None (dtypes not known: the helper decides)."""
    # (the join of a Python float and a float64: not known, as before it was told apart)
    kinds = {None if f.py == FLOAT_OR_FLOAT64 else f.py for f in map(facts.of, args)}
    if None in kinds and not any(
            getattr(facts.of(gast.Name(id=p, ctx=gast.Load(), annotation=None, type_comment=None)),
                    "py", None) in ("f2", "f4") for p in facts.params):
        kinds.discard(None)     # (values of no float32 argument: as float64's, a Python 1.0)
    kinds -= {"slice", "shape"}  # (not numbers: the helper ignores them)
    if not kinds <= {"f", "f2", "f4", "i", "u", "b", "float", "int", "bool"}:
        return None                       # containers, unknown dtypes, longdouble
    if not kinds & {"f2", "f4"} or kinds & {"i", "u", "float", "int", "bool"}:
        return templates.const(1.0)
    if "f" in kinds:
        return templates.expr("np.float64(1.0)", **symbols)
    # the helper's np.float32(1.0) (or float16): a Python 1.0 has the same values and
    # dtypes wherever it meets these arrays, so it stays 1.0 (and folds further), typed
    # where it meets a shape only (``_fill``, ``_typed_seed``)
    if kinds >= {"f2", "f4"}:
        return templates.expr("np.float32(1.0)", **symbols)     # (it promotes the float16s)
    facts.seed_kind = kinds.pop() if len(kinds) == 1 else None
    return templates.const(1.0) if facts.seed_kind else None


def _unbroadcast(g, like, value, symbols):
    """What ``unbroadcast`` does to a value of pattern ``g`` for one of pattern ``like``:
    nothing, or the sums over the leading dims and the dims ``like`` has as 1."""
    if g is None or like is None:
        return None
    if g == like:
        return value
    (rank, ones), (like_rank, like_ones) = g, like
    extra = rank - like_rank
    if extra < 0 or any(o and not lo for o, lo in zip(ones[extra:], like_ones)):
        return None               # not a broadcast of ``like``: the helper decides
    if like_rank == 0:
        return templates.expr("np.sum(g)", **dict(symbols, g=value))
    if extra:
        axis = "0" if extra == 1 else repr(tuple(range(extra)))
        value = templates.expr(f"np.sum(g, axis={axis})", **dict(symbols, g=value))
    axes = tuple(i for i, lo in enumerate(like_ones) if lo and not ones[extra + i])
    if axes:
        axis = str(axes[0]) if len(axes) == 1 else repr(axes)
        value = templates.expr(f"np.sum(g, axis={axis}, keepdims=True)", **dict(symbols, g=value))
    return value


def _shaped_operand(facts, node, helpers):
    """For ``broadcast_shape(a, b, ...)`` of known patterns, an operand that is an exact
    array with the broadcast's pattern when every other operand's dims are all 1 (so
    they broadcast with it whatever its size): the broadcast's shape is then that
    operand's.  Two operands of sizes the pattern does not tell (``(n,)`` and ``(m,)``)
    keep the helper: it is what raises when they differ (the values standing for the
    elementwise result are not computed)."""
    if not (isinstance(node, gast.Call) and isinstance(node.func, gast.Name)
            and helpers.get(node.func.id) == "broadcast_shape" and node.args
            and not node.keywords):
        return None
    operands = [facts.of(a) for a in node.args]
    result = broadcast(operands)
    if result is None or result.ndim is None:
        return None
    for k, (atom, f) in enumerate(zip(node.args, operands)):
        if isinstance(atom, gast.Name) and f.array and (f.ndim, f.ones) == (result.ndim, result.ones) \
                and all(other.ones is not None and all(other.ones)
                        for j, other in enumerate(operands) if j != k):
            return atom
    return None


def _python_number(facts, node, numbers):
    """Whether ``node`` is provably a Python float or int (a constant, a Python-number
    argument, ``x.size``, arithmetic of those), never a numpy scalar or array."""
    if isinstance(node, gast.Constant):
        return type(node.value) in (float, int)
    if isinstance(node, gast.Name):
        if node.id in numbers:
            return True
        f = facts.of(node)
        return f is not None and f.py in ("float", "int") and node.id in facts.params
    if isinstance(node, gast.UnaryOp):
        return isinstance(node.op, (gast.USub, gast.UAdd)) and _python_number(facts, node.operand, numbers)
    if isinstance(node, gast.BinOp):
        return isinstance(node.op, (gast.Add, gast.Sub, gast.Mult, gast.Div)) \
            and _python_number(facts, node.left, numbers) \
            and _python_number(facts, node.right, numbers)
    if isinstance(node, gast.Attribute) and node.attr == "size":
        f = facts.of(node.value)
        return f is not None and f.array
    return _shape_entry(facts, node)


def _fill(facts, args, helpers, symbols, numbers, float64s):
    """``unreduce(s, like)`` of a Python number ``s``: ``np.full`` of ``like``'s shape, in
    the helper's dtype (``like``'s own for a float or complex array argument, ``s``'s
    for a ``broadcast_shape``); the values and dtype the helper gives at every size
    (a fresh array where it may give a read-only broadcast view)."""
    value, like = args
    if isinstance(value, gast.Name) and value.id in float64s:
        value = float64s[value.id]
    f = facts.of(like)
    if f is not None and f.array and f.py == "f" and _float64_constant(value, helpers):
        # ``np.float64(c)`` (a seed) spread over a float64 array: the helper's
        # ``np.full(shape, np.float64(c), float64)`` or a broadcast view of the same values
        return templates.expr("np.full(x.shape, s, x.dtype)",
                              **dict(symbols, x=like, s=value.args[0]))
    if not _python_number(facts, value, numbers):
        return None
    value = _constants_in(value, numbers)
    operand = _shaped_operand(facts, like, helpers)
    if operand is not None and getattr(facts, "seed_kind", None):
        # (a float32 seed's np.full: the generic code's, with its np.float32(1.0))
        return templates.expr("np.full(a.shape, s, a.dtype)", **dict(symbols, a=operand, s=value))
    if operand is not None:         # (np.full's dtype is then np.asarray(s)'s, as the helper's)
        return templates.expr("np.full(a.shape, s)", **dict(symbols, a=operand, s=value))
    if isinstance(like, gast.Name) and like.id in facts.params and f is not None \
            and f.array and isinstance(f.py, str) and f.py[0] in "fc":
        return templates.expr("np.full(x.shape, s, x.dtype)", **dict(symbols, x=like, s=value))
    return None


def _typed_seed(facts, call, helpers, symbols, numbers):
    """``unreduce(s, broadcast_shape(a, b))`` of a number ``s`` not folded, where the
    generic seed is ``np.float32(1.0)``: ``s`` in that type (a Python number would
    spread to float64)."""
    kind = getattr(facts, "seed_kind", None)
    value, like = call.args[:2]
    if kind is None or _number(_constants_in(value, numbers)) is None or not (
            isinstance(like, gast.Call) and isinstance(like.func, gast.Name)
            and helpers.get(like.func.id) == "broadcast_shape"):
        return None
    typed = templates.expr("np.float32(s)" if kind == "f4" else "np.float16(s)",
                           **dict(symbols, s=_constants_in(value, numbers)))
    return gast.Call(func=call.func, args=[typed] + call.args[1:], keywords=[])


def _float64_constant(node, helpers):
    """``np.float64(c)`` of an int or float constant ``c``."""
    return _is_np_call(node, "float64", helpers) and len(node.args) == 1 \
        and _number(node.args[0]) is not None


def _number(node):
    """The value of an int or float constant, or of its negation (else None)."""
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub):
        value = _number(node.operand)
        return None if value is None else -value
    if isinstance(node, gast.Constant) and type(node.value) in (int, float):
        return node.value
    return None


def _spread_by_operand(facts, call, other, alias, helpers, symbols):
    """``unreduce(g, like, axis, keepdims)`` as an operand of an elementwise operation
    whose other operand ``other`` has ``like``'s pattern: ``g`` itself (``keepdims``) or
    ``np.expand_dims(g, axis)``, which broadcasting spreads to the same values.  Only for
    a cotangent ``g`` of rank 1 or more (an array: its dtype is kept by the helper's
    ``np.broadcast_to``, and by broadcasting); a scalar's dtype may differ."""
    if not (isinstance(call, gast.Call) and isinstance(call.func, gast.Name)
            and helpers.get(call.func.id) == "unreduce" and len(call.args) in (3, 4)
            and not call.keywords):
        return None
    g, like, axis = call.args[:3]
    keep = call.args[3] if len(call.args) == 4 else templates.const(False)
    like_pattern = shape_pattern(facts, like, alias, helpers)
    if like_pattern is None or not _same_shape(other, like, helpers) \
            or not (isinstance(axis, gast.Constant) and type(axis.value) is int
                    and isinstance(keep, gast.Constant) and type(keep.value) is bool):
        return None
    rank, ones = like_pattern
    if not -rank <= axis.value < rank:
        return None
    axis = axis.value % rank
    reduced = (rank, ones[:axis] + (True,) + ones[axis + 1:]) if keep.value else \
        (rank - 1, ones[:axis] + ones[axis + 1:])
    if reduced[0] < 1 or shape_pattern(facts, g, alias, helpers) != reduced:
        return None
    if keep.value:
        return g
    return templates.expr(f"np.expand_dims(g, {axis})", **dict(symbols, g=g))


def _spread_named(node, facts, alias, helpers, symbols):
    """``t = unreduce(g, like, axis, keepdims)`` -> ``t = g`` (or ``np.expand_dims``) where
    ``t`` is bound once and every read of it is an operand of an elementwise operation
    beside ``like`` (``_spread_by_operand`` for an operand bound on its own line)."""
    stores, loads, beside = collections.Counter(), collections.Counter(), {}
    for n in gast.walk(node):
        if isinstance(n, gast.Name):
            (loads if isinstance(n.ctx, gast.Load) else stores)[n.id] += 1
        if isinstance(n, gast.BinOp) and not isinstance(n.op, gast.MatMult):
            for mine, other in ((n.left, n.right), (n.right, n.left)):
                if isinstance(mine, gast.Name):
                    beside.setdefault(mine.id, []).append(other)
    for stmt in gast.walk(node):
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name)):
            continue
        t = stmt.targets[0].id
        others = beside.get(t, [])
        if stores[t] != 1 or not others or len(others) != loads[t]:
            continue
        plains = [_spread_by_operand(facts, stmt.value, o, alias, helpers, symbols)
                  for o in others]
        if all(p is not None for p in plains):
            stmt.value = plains[0]


def _same_shape(other, like, helpers):
    """``other`` provably has ``like``'s shape, not only its pattern (so broadcasting with
    it raises where the helper's ``np.broadcast_to`` would): ``like`` itself or a helper
    shaped like its first argument, ``like``."""
    if not isinstance(like, gast.Name):
        return False
    if isinstance(other, gast.Call) and isinstance(other.func, gast.Name) and other.args \
            and helpers.get(other.func.id) in _SHAPED_LIKE_FIRST:
        other = other.args[0]
    return isinstance(other, gast.Name) and other.id == like.id


def _constants_in(node, numbers):
    """``node`` with the names bound once to a number replaced by it (``np.full(x.shape,
    1.0 / x.size)``, not a name the folding pass cannot move past ``x.shape``)."""
    class Substitute(gast.NodeTransformer):
        def visit_Name(self, name):
            value = numbers.get(name.id)
            return name if value is None else templates.const(value)
    return Substitute().visit(copy.deepcopy(node))


def _count(facts, args, helpers):
    operand = _shaped_operand(facts, args[0], helpers)
    if operand is not None and len(args) == 1:
        return templates.expr("a.size", a=operand)
    # an argument only: any other value would be computed (or kept) for its shape alone
    f = facts.of(args[0])
    if not (isinstance(args[0], gast.Name) and args[0].id in facts.params
            and f and f.array and f.ndim):
        return None
    if len(args) == 1 or isinstance(args[1], gast.Constant) and args[1].value is None:
        return templates.expr("x.size", x=args[0])
    axis = args[1]
    if isinstance(axis, gast.Constant) and type(axis.value) is int \
            and -f.ndim <= axis.value < f.ndim:
        return templates.expr(f"x.shape[{axis.value % f.ndim}]", x=args[0])
    return None


class _Unknown:
    real = ndim = None


_UNKNOWN = _Unknown()


# the template symbols the rewrites read (the emitted name of each may differ)
_HELPERS = ("unbroadcast", "unreduce", "matmul_grad_lhs", "matmul_grad_rhs", "mean_count", "real_seed",
            "zero_derivative", "real_part", "broadcast_shape", "iteration_item",
            "unit_cotangent", "np", "check_same_shape")


def rewrite(node, facts, alias, symbols):
    """``node`` with every helper call the facts decide replaced (bottom-up)."""
    helpers = {symbols.get(h, h): h for h in _HELPERS + _SHAPED_LIKE_FIRST}

    class Rewrite(gast.NodeTransformer):
        def __init__(self, numbers):
            self.numbers = numbers
            self.float64s = _float64_names(node, helpers)

        def visit_Call(self, call):
            self.generic_visit(call)
            plain = rewrite_call(facts, call, alias, helpers, symbols, self.numbers,
                                 self.float64s)
            return call if plain is None else plain

        def visit_BinOp(self, node):
            self.generic_visit(node)
            shape_checks.fold_zero_subtraction(node, facts)
            if not isinstance(node.op, gast.MatMult):
                for side, other in (("left", node.right), ("right", node.left)):
                    plain = _spread_by_operand(facts, getattr(node, side), other, alias,
                                               helpers, symbols)
                    if plain is not None:
                        setattr(node, side, plain)
            return node
    function = isinstance(node, gast.FunctionDef)
    numbers = _number_names(node)
    node = Rewrite(numbers).visit(node)
    _spread_named(node, facts, alias, helpers, symbols)
    more = _number_names(node)           # seeds the rewrites made numbers (real_seed -> 1.0)
    if more != numbers or _float64_names(node, helpers):
        node = Rewrite(more).visit(node)
    if function:
        fold_unit_seed(node, facts, helpers)
        _propagate_seeds(node, more, alias)
        shape_checks.keep_scalars(node, facts, helpers, symbols, _Floats(facts, more))
        _propagate_seeds(node, _number_names(node), alias)     # (the seeds kept scalars)
    return node


def fold_unit_seed(node, facts, helpers):
    """``d = unit_cotangent(y)`` of a rank-0 ``y`` that is a Python float or a float64
    (``y`` an accumulator starting as ``0.0``: ``FLOAT_OR_FLOAT64``), whose value reaches
    only products ``d * e`` with ``e`` a float64 numpy scalar (through copies ``d_2 = d``,
    bound only so): each product becomes ``e``, and ``d`` and its copies go.

    Exact for every argument with the signature: the helper returns ``1.0`` for a
    Python float and ``np.float64(1.0)`` for a float64 scalar or 0-d array, and raises
    for neither, so dropping the call loses no error.  ``1.0 * e`` and
    ``np.float64(1.0) * e`` are both ``e``'s value as a float64 numpy scalar (``1 * v``
    is ``v`` for every float64, ``-0.0``, infinities and NaN included; a float64
    operand keeps the product float64 whatever the seed's type, and multiplying by 1
    neither overflows nor warns), and ``e`` is evaluated where the product evaluated
    it.  ``e`` is a new scalar of numpy's (``_float64_scalar``), never a 0-d array
    another name holds, so the name bound to it holds an immutable value as the
    product did.  float32, complex or integer values, and values of other libraries,
    are not float64: their products keep the seed."""
    found = _unit_seed(node, facts, helpers)
    if found is None:
        return
    stmt, name = found
    bindings = _binding_values(node)
    parents = {id(c): p for p in gast.walk(node) for c in gast.iter_child_nodes(p)}
    copies = _seed_copies(node, name, stmt.value, bindings)
    if copies is None:
        return
    targets = {id(t) for n in gast.walk(node) if isinstance(n, gast.Assign)
               for place in n.targets for t in gast.walk(place)}
    products = []
    for load in gast.walk(node):        # (any other name: a read, whatever its ctx)
        if not (isinstance(load, gast.Name) and load.id in copies
                and id(load) not in targets and not isinstance(load.ctx, gast.Store)):
            continue
        parent = parents.get(id(load))
        if isinstance(parent, gast.Assign) and parent.value is load:
            continue                        # a copy into one of ``copies``
        if not (isinstance(parent, gast.BinOp) and isinstance(parent.op, gast.Mult)):
            return
        other = parent.right if parent.left is load else parent.left
        if not _float64_scalar(facts, other, helpers, bindings, 0):
            return
        products.append((parent, other))
    for product, other in products:
        _replace_child(parents[id(product)], product, other)
    _drop_assignments(node, copies)


def _unit_seed(node, facts, helpers):
    """(statement, name) of the top-level ``d = unit_cotangent(y)`` of a rank-0 real
    numpy value or Python float ``y``: a float64, a Python float, or either."""
    for stmt in node.body:
        value = getattr(stmt, "value", None)
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], gast.Name) and isinstance(value, gast.Call) \
                and isinstance(value.func, gast.Name) \
                and helpers.get(value.func.id) == "unit_cotangent" \
                and len(value.args) == 1 and not value.keywords:
            f = facts.of(value.args[0])
            if f is not None and f.ndim == 0 and f.real and f.xp is None \
                    and f.py in ("f", "float", FLOAT_OR_FLOAT64):
                return stmt, stmt.targets[0].id
    return None


def _seed_copies(node, name, seed, bindings):
    """``name`` and the names bound to copies of it (and of each other), or None where
    one of them is bound to anything else (``name``: to anything but ``seed`` once)."""
    if sum(v is seed for v in bindings.get(name, ())) != 1:
        return None
    names = {name}
    while True:
        more = {t for t, values in bindings.items() if t not in names and any(
            isinstance(v, gast.Name) and v.id in names for v in values)}
        if not more:
            break
        names |= more
    params = {a.id for a in gast.walk(node.args) if isinstance(a, gast.Name)}
    if names & params or any(not (isinstance(v, gast.Name) and v.id in names)
                             for t in names for v in bindings[t] if v is not seed):
        return None
    return names


def _float64_scalar(facts, node, helpers, bindings, depth):
    """``node`` is a new float64 numpy scalar (never a 0-d array, which a name may
    hold and write into): ``a[i]`` of an exact 1-d float64 array and a Python int,
    ``+ - * /`` of float64 values (scalars or 0-d arrays, which numpy's operations
    turn into scalars) and Python numbers with one float64 at least (NEP 50: the
    Python number is weak), ``-v``, a float64 ufunc of one float64 value, or a name
    bound only to such values."""
    if depth > 8:
        return False
    if isinstance(node, gast.Name):     # (never an argument: it may be a subclass's)
        values = bindings.get(node.id)
        return bool(values) and all(v is not None and _float64_scalar(
            facts, v, helpers, bindings, depth + 1) for v in values)
    if isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name):
        f = facts.of(node.value)
        return f is not None and f.array and f.ndim == 1 and f.py == "f" and f.xp is None \
            and (facts.of(node.slice) == INT or isinstance(node.slice, gast.Constant)
                 and type(node.slice.value) is int)
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, (gast.USub, gast.UAdd)):
        return _float64_value(facts, node.operand, helpers, bindings, depth + 1)
    if isinstance(node, gast.BinOp) and isinstance(node.op, (gast.Add, gast.Sub, gast.Mult,
                                                             gast.Div)):
        sides = (node.left, node.right)
        floats = [_float64_value(facts, n, helpers, bindings, depth + 1) for n in sides]
        return any(floats) and all(
            ok or _python_real(facts, n) for ok, n in zip(floats, sides))
    if isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) \
            and node.func.attr in _FLOAT64_UFUNCS and len(node.args) == 1 \
            and _is_np_call(node, node.func.attr, helpers):
        return _float64_value(facts, node.args[0], helpers, bindings, depth + 1)
    return False


# numpy ufuncs of one argument whose result is float64 for a float64 argument
_FLOAT64_UFUNCS = {"sin", "cos", "tan", "exp", "log", "tanh", "sqrt", "abs", "negative",
                   "sinh", "cosh"}


def _float64_value(facts, node, helpers, bindings, depth):
    """``node`` is a float64 of rank 0 (a numpy scalar or a 0-d array)."""
    f = facts.of(node) if isinstance(node, gast.Name) else None
    if f is not None and f.ndim == 0 and f.py == "f" and f.xp is None:
        return True
    return _float64_scalar(facts, node, helpers, bindings, depth)


def _python_real(facts, node):
    """A Python float or int (not a bool): a constant, or a name the facts say is one."""
    if isinstance(node, gast.Constant):
        return type(node.value) in (int, float)
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, (gast.USub, gast.UAdd)):
        return _python_real(facts, node.operand)
    f = facts.of(node) if isinstance(node, gast.Name) else None
    return f is not None and f.py in ("float", "int")


def _binding_values(node):
    """Name -> the values it is bound to in ``node``: the value of ``name = value``,
    None for any other binding (a loop target, an unpacking, a parameter...)."""
    values = collections.defaultdict(list)
    for n in gast.walk(node):
        if isinstance(n, gast.Assign) and len(n.targets) == 1 \
                and isinstance(n.targets[0], gast.Name):
            values[n.targets[0].id].append(n.value)
            continue
        places = n.targets if isinstance(n, gast.Assign) else [n.target] if isinstance(
            n, (gast.For, gast.AugAssign, gast.AnnAssign, gast.NamedExpr, gast.comprehension)) \
            else []
        for place in places:
            for t in gast.walk(place):
                if isinstance(t, gast.Name):
                    values[t.id].append(None)
    for a in gast.walk(node.args):
        if isinstance(a, gast.Name):
            values[a.id].append(None)
    return values


def _replace_child(parent, old, new):
    """In ``parent``, the field (or list item) holding ``old`` holds ``new``."""
    for field, value in gast.iter_fields(parent):
        if value is old:
            setattr(parent, field, new)
        elif isinstance(value, list):
            value[:] = [new if v is old else v for v in value]


def _drop_assignments(node, names):
    """Every assignment to one of ``names`` removed (an emptied block holds ``pass``)."""
    for n in gast.walk(node):
        for field in ("body", "orelse"):
            block = getattr(n, field, None)
            if not isinstance(block, list) or not block:
                continue
            kept = [s for s in block if not (
                isinstance(s, gast.Assign) and len(s.targets) == 1
                and isinstance(s.targets[0], gast.Name) and s.targets[0].id in names)]
            if len(kept) != len(block):
                setattr(n, field, kept or ([gast.Pass()] if field == "body" else []))


def _propagate_seeds(node, numbers, alias):
    """Reads of a cotangent bound once, at the top level, to a number (``dadd_1 = 1.0``)
    read that number instead (the binding is then dead)."""
    top = {s.targets[0].id for s in node.body if isinstance(s, gast.Assign)
           and len(s.targets) == 1 and isinstance(s.targets[0], gast.Name)}
    seeds = {n: v for n, v in numbers.items() if n in alias and n in top}

    class Substitute(gast.NodeTransformer):
        def visit_Name(self, name):
            if name.id in seeds and isinstance(name.ctx, gast.Load):
                value = seeds[name.id]
                return templates.expr(repr(value)) if value < 0 else templates.const(value)
            return name
    if seeds:
        Substitute().visit(node)


def check_broadcasts(node, facts, alias, symbols):
    """Once no value is left to replace by its operands' shape (``shape_only.py``):
    ``broadcast_shape`` of same-pattern arrays as a ``check_same_shape`` statement and
    the rewrites it allows (``shape_checks.py``).  Whether any check was inserted."""
    helpers = {symbols.get(h, h): h for h in _HELPERS + _SHAPED_LIKE_FIRST}
    if not shape_checks.insert_checks(node, facts, helpers, symbols):
        return False
    rewrite(node, facts, alias, symbols)
    return True


def drop_implied_checks(node, facts, symbols):
    """After the folds (``ad/fold.py``): the ``check_same_shape`` statements that the
    arithmetic right after them implies (``shape_checks.drop_implied_checks``).  Names
    bound once, at the top level, to a Python float (``dsub = 1.0 / z.size``) count as
    numbers there."""
    helpers = {symbols.get(h, h): h for h in _HELPERS + _SHAPED_LIKE_FIRST}
    numbers = dict(_number_names(node))
    once = _bound_once(node)
    for stmt in node.body:
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id in once \
                and _python_float(facts, stmt.value, numbers):
            numbers.setdefault(stmt.targets[0].id, _A_FLOAT)
    shape_checks.drop_implied_checks(node, facts, helpers, _Floats(facts, numbers))


# the value standing for a name bound to a Python float not known when generating
# (``_python_float`` reads only its type)
_A_FLOAT = float("nan")


class _Floats:
    """``_python_float`` of the facts and number names; ``unit``: the number 1."""

    def __init__(self, facts, numbers):
        self.facts, self.numbers = facts, numbers

    def __call__(self, node):
        return _python_float(self.facts, node, self.numbers)

    def unit(self, node):
        if isinstance(node, gast.Name):
            return self.numbers.get(node.id) == 1
        return _number(node) == 1


def _python_float(facts, node, numbers):
    """Whether ``node`` is provably a Python float: a float constant, a true division of
    Python numbers, or arithmetic of Python numbers one of which is a float."""
    if isinstance(node, gast.Constant):
        return type(node.value) is float
    if isinstance(node, gast.Name):
        f = facts.of(node)
        return (node.id in numbers and type(numbers[node.id]) is float) or (
            f is not None and f.py == "float" and node.id in facts.params)
    if isinstance(node, gast.UnaryOp):
        return isinstance(node.op, (gast.USub, gast.UAdd)) and _python_float(facts, node.operand, numbers)
    if isinstance(node, gast.BinOp) and isinstance(node.op, (gast.Add, gast.Sub, gast.Mult, gast.Div)):
        if not all(_python_number(facts, n, numbers) for n in (node.left, node.right)):
            return False
        return isinstance(node.op, gast.Div) or any(
            _python_float(facts, n, numbers) for n in (node.left, node.right))
    return False


def _number_names(node):
    """Name -> value: names the function binds exactly once, to an int or float constant
    (a seed ``dmean_x = 1.0`` the optimizer has not propagated yet)."""
    values = _bound_once(node)
    found = {n: _number(v) for n, v in values.items() if _number(v) is not None}
    copies = {n: (v.id, 1) for n, v in values.items() if isinstance(v, gast.Name)}
    copies.update({n: (v.operand.id, -1) for n, v in values.items()
                   if isinstance(v, gast.UnaryOp) and isinstance(v.op, gast.USub)
                   and isinstance(v.operand, gast.Name)})
    while True:         # through copies (``dmin_x = dadd_1``) and negations (``-dneg_1``)
        more = {n: sign * found[v] for n, (v, sign) in copies.items()
                if v in found and n not in found}
        if not more:
            return found
        found.update(more)


def _float64_names(node, helpers):
    """Name -> ``np.float64(c)`` call: names bound exactly once to one (a seed)."""
    return {n: v for n, v in _bound_once(node).items() if _float64_constant(v, helpers)}


def _bound_once(node):
    """Name -> value node, for the names ``node`` binds exactly once, by an assignment
    (never a parameter)."""
    numbers, targets = {}, {}
    for n in gast.walk(node):
        places = n.targets if isinstance(n, gast.Assign) else [n.target] if isinstance(
            n, (gast.For, gast.AugAssign, gast.AnnAssign, gast.NamedExpr, gast.comprehension)) \
            else [n] if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) else []
        for place in places:
            for t in gast.walk(place):
                if isinstance(t, gast.Name):
                    targets[id(t)] = t.id      # (generated targets may lack a Store ctx)
        if isinstance(n, gast.Assign) and len(n.targets) == 1 \
                and isinstance(n.targets[0], gast.Name):
            numbers[n.targets[0].id] = n.value
    params = {a.id for a in gast.walk(node.args) if isinstance(a, gast.Name)} \
        if isinstance(node, gast.FunctionDef) else set()
    bindings = collections.Counter(targets.values())
    return {n: v for n, v in numbers.items() if bindings[n] == 1 and n not in params}


def drop_real_cotangents(node, facts, symbols):
    """``dx = real_cotangent(dx, x)`` -> nothing, when every value is real (grad only)."""
    if not facts.all_real():
        return node
    helper = symbols.get("real_cotangent", "real_cotangent")

    def identity(stmt):
        value = getattr(stmt, "value", None)
        return (isinstance(stmt, gast.Assign) and isinstance(value, gast.Call)
                and isinstance(value.func, gast.Name) and value.func.id == helper
                and len(value.args) == 2 and isinstance(value.args[1], gast.Name)
                and _real_argument(facts.of(value.args[1]))
                and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
                and isinstance(value.args[0], gast.Name)
                and value.args[0].id == stmt.targets[0].id)
    node.body = [s for s in node.body if not identity(s)]
    return node


def _real_argument(f):
    """A number or array, or a list, tuple or dict argument whose every item is real
    (the helper's container cotangent then holds the same entries: the gradient
    handed back, ``api/results.like``, is the same plain container either way)."""
    return f is not None and (f.ndim is not None or isinstance(f.py, tuple) and f.real is True)


def drop_sequence_checks(body, facts, symbols, active=frozenset()):
    """``check_not_sequences(a, b, ...)`` statements dropped where ``a`` and ``b`` are
    provably numbers or arrays (never a list or tuple), or where one is an exact
    ndarray of rank 1 or more and the other carries no derivative (``active``: the
    names that do): ``+ - * /`` of an ndarray and a list or tuple is numpy's
    elementwise arithmetic on ``np.asarray`` of it, either side (the ndarray's reflected
    operator answers what the sequence's does not), so the adjoint of the array
    operand is exact and the other needs none; ``body``: a statement list."""
    helper = symbols.get("check_not_sequences", "check_not_sequences")

    def number_or_array(atom):
        f = facts.of(atom)
        return f is not None and f.ndim is not None

    def arithmetic(a, b):
        if number_or_array(a) and number_or_array(b):
            return True
        fa, fb = facts.of(a), facts.of(b)
        return any(f is not None and f.array and f.ndim and not (
            isinstance(other, gast.Name) and other.id in active)
            for f, other in ((fa, b), (fb, a)))

    def needed(stmt):
        call = stmt.value if isinstance(stmt, gast.Expr) else None
        return not (isinstance(call, gast.Call) and isinstance(call.func, gast.Name)
                    and call.func.id == helper and len(call.args) >= 2
                    and arithmetic(*call.args[:2]))
    kept = [s for s in body if needed(s)]
    for stmt in kept:
        for field in ("body", "orelse"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and block:
                setattr(stmt, field, drop_sequence_checks(block, facts, symbols, active)
                        or [gast.Pass()])
    return kept


def _shape_entry(facts, node):
    """``x.shape[k]`` of an array ``x`` of rank above ``k`` (what ``_count`` makes of
    ``mean_count(x, k)``): an entry of the shape tuple, a Python int."""
    if not (isinstance(node, gast.Subscript) and isinstance(node.value, gast.Attribute)
            and node.value.attr == "shape" and isinstance(node.slice, gast.Constant)
            and type(node.slice.value) is int):
        return False
    f = facts.of(node.value.value)
    return f is not None and f.array and f.ndim is not None and 0 <= node.slice.value < f.ndim
