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
  or arrays.
"""
import gast

from ..ir import templates

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
    elif isinstance(node, gast.BinOp):
        parts = [shape_pattern(facts, n, alias, helpers) for n in (node.left, node.right)]
        return _broadcast(parts)
    elif isinstance(node, gast.Call) and isinstance(node.func, gast.Name) \
            and helpers.get(node.func.id) in ("unbroadcast", "unreduce") and len(node.args) >= 2:
        return shape_pattern(facts, node.args[1], alias, helpers)   # shaped like its 2nd
    elif isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and node.args \
            and helpers.get(node.func.id) in _SHAPED_LIKE_FIRST:
        return shape_pattern(facts, node.args[0], alias, helpers)
    elif isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) \
            and node.func.attr == "where" and isinstance(node.func.value, gast.Name) \
            and helpers.get(node.func.value.id) == "np" and len(node.args) == 3:
        return _broadcast([shape_pattern(facts, n, alias, helpers) for n in node.args])
    else:
        return None
    return None if f is None or f.ndim is None else (f.ndim, f.ones)


# helpers whose result has the shape of their first argument
_SHAPED_LIKE_FIRST = ("extremum_mask", "real_part", "abs_slope")


def _broadcast(parts):
    if any(p is None for p in parts):
        return None
    ndim = max(p[0] for p in parts)
    return ndim, tuple(all(p[1][i - ndim + p[0]] for p in parts if i - ndim + p[0] >= 0)
                       for i in range(ndim))


def rewrite_call(facts, call, alias, helpers, symbols):
    """The plain expression replacing the helper call ``call``, or None."""
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
        return _count(facts, args)
    if helper == "real_part" and len(args) == 1 and facts.all_real():
        return args[0]                  # real values: the helper returns its argument
    if helper == "zero_derivative" and len(args) == 1:
        f = facts.of(args[0])
        if f is not None and f.array and f.py == "f":     # the helper's dtype is x's then
            return templates.expr("np.zeros_like(x)", **dict(symbols, x=args[0]))
    if helper == "real_seed" and args and all(
            (facts.of(a) or _UNKNOWN).real for a in args):
        return templates.const(1.0)
    return None


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


def _count(facts, args):
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
            "zero_derivative", "real_part", "np")


def rewrite(node, facts, alias, symbols):
    """``node`` with every helper call the facts decide replaced (bottom-up)."""
    helpers = {symbols.get(h, h): h for h in _HELPERS + _SHAPED_LIKE_FIRST}

    class Rewrite(gast.NodeTransformer):
        def visit_Call(self, call):
            self.generic_visit(call)
            plain = rewrite_call(facts, call, alias, helpers, symbols)
            return call if plain is None else plain
    return Rewrite().visit(node)


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
                and (facts.of(value.args[1]) or _UNKNOWN).ndim is not None   # no container
                and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
                and isinstance(value.args[0], gast.Name)
                and value.args[0].id == stmt.targets[0].id)
    node.body = [s for s in node.body if not identity(s)]
    return node


def drop_sequence_checks(body, facts, symbols):
    """``check_not_sequences(a, b, ...)`` statements dropped where ``a`` and ``b`` are
    provably numbers or arrays (never a list or tuple); ``body``: a statement list."""
    helper = symbols.get("check_not_sequences", "check_not_sequences")

    def number_or_array(atom):
        f = facts.of(atom)
        return f is not None and f.ndim is not None

    def needed(stmt):
        call = stmt.value if isinstance(stmt, gast.Expr) else None
        return not (isinstance(call, gast.Call) and isinstance(call.func, gast.Name)
                    and call.func.id == helper and len(call.args) >= 2
                    and all(number_or_array(a) for a in call.args[:2]))
    kept = [s for s in body if needed(s)]
    for stmt in kept:
        for field in ("body", "orelse"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and block:
                setattr(stmt, field, drop_sequence_checks(block, facts, symbols) or [gast.Pass()])
    return kept
