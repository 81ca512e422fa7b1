"""Shape checks and scalar cotangents the argument signature decides
(``analyze/patterns.py``; part of ``known_shapes.rewrite``).

* ``broadcast_shape(a, b, ...)`` of exact arrays of one rank whose dims equal to 1
  are the same ones: numpy broadcasts such arrays exactly when their shapes are
  equal (in a dim that is 1 in every argument with the signature they agree; in any
  other dim none is 1, so broadcasting needs equal sizes), and the result's shape is
  then ``a.shape``.  The statement reading it is preceded by
  ``check_same_shape(a, b, ...)`` (which raises numpy's ValueError where the
  elementwise operation the call stands for would) and the call becomes
  ``broadcast_shape(a)``, which ``known_shapes`` turns into ``a.size`` and
  ``np.full(a.shape, s)``.
* ``t = np.full(a.shape, s)`` (what ``known_shapes`` makes of ``unreduce`` of a
  Python float ``s``) becomes ``t = s`` where ``t`` is bound once and every read of
  it, directly or through ``u = -t``, is an operand of ``+ - * /`` whose other
  operand is a float64 array of exactly ``a``'s shape (``a`` itself, an argument
  ``check_same_shape`` compared with it, elementwise arithmetic of those with
  Python numbers): the operation then gives the same array, element for element
  the same float64 operation (a Python float converts exactly to float64 and, being
  weak, keeps the array's dtype) and of the other operand's shape.  No full array
  is built only to be broadcast against one of its own shape.
* The unit seed ``t = np.full(a.shape, 1.0, a.dtype)`` (or ``unreduce(1.0, a)``) whose
  every read is ``t * o`` with ``o`` such an array (or the ``n`` of ``a = n * n``, not
  rebound since): ``t * o`` is ``o`` inside further arithmetic, ``1.0 * o`` elsewhere
  (annotated ``UNIT_PRODUCT``, which ``ad/fold.py`` reads as ``o`` where it becomes an
  operand of arithmetic): ``1.0 * v`` is ``v`` for every float64.
* ``e - 0.0`` of a float array ``e`` as an operand of arithmetic: ``e`` (``x - 0.0``
  is ``x`` for every float, ``-0.0`` and NaN included; the enclosing operation makes
  the new array either way).
"""
import collections

import gast

from ..ir import annotations as anno
from ..ir import templates

_ARITHMETIC = (gast.Add, gast.Sub, gast.Mult, gast.Div)
# one-argument numpy functions whose float64 result has their argument's shape
_FLOAT64_UNARY = {"tanh", "exp", "log", "sin", "cos", "tan", "sqrt", "negative", "abs"}


def insert_checks(node, facts, helpers, symbols):
    """Before each statement reading ``broadcast_shape(a, b, ...)`` of same-pattern
    arrays, ``check_same_shape(a, b, ...)``; the call becomes ``broadcast_shape(a)``.
    A check repeats only where no earlier one in an enclosing block covers it.
    Whether any call was found."""
    bindings = _bindings(node)
    check = symbols.get("check_same_shape", "check_same_shape")
    found = []

    def block(stmts, done):
        done = set(done)
        out = []
        for stmt in stmts:
            if isinstance(stmt, (gast.If, gast.For, gast.While)):
                for field in ("body", "orelse"):
                    setattr(stmt, field, block(getattr(stmt, field), done))
                out.append(stmt)
                continue
            for call in _same_pattern_calls(stmt, facts, helpers):
                found.append(call)
                names = tuple(a.id for a in call.args)
                once = all(bindings[n] <= 1 for n in names)
                if not (once and names in done):
                    statement = gast.Expr(value=gast.Call(
                        func=templates.name(check), args=[templates.name(n) for n in names],
                        keywords=[]))
                    anno.copy(stmt, statement)
                    out.append(statement)
                    if once:
                        done.add(names)
                call.args = call.args[:1]
            out.append(stmt)
        return out
    node.body = block(node.body, set())
    return bool(found)


def _same_pattern_calls(stmt, facts, helpers):
    """The ``broadcast_shape`` calls in ``stmt`` whose operands are two or more names
    of exact arrays with one known rank (1 or more) and the same dims equal to 1."""
    found = []
    for call in gast.walk(stmt):
        if not (isinstance(call, gast.Call) and isinstance(call.func, gast.Name)
                and helpers.get(call.func.id) == "broadcast_shape" and len(call.args) >= 2
                and not call.keywords and all(isinstance(a, gast.Name) for a in call.args)):
            continue
        operands = [facts.of(a) for a in call.args]
        if all(f is not None and f.array and f.ndim and f.ones is not None
               and (f.ndim, f.ones) == (operands[0].ndim, operands[0].ones) for f in operands):
            found.append(call)
    return found


def _bindings(node):
    """How often each name is bound in the function (parameters count none)."""
    counts = collections.Counter()
    for n in gast.walk(node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
            counts[n.id] += 1
        elif isinstance(n, gast.Assign):
            for t in n.targets:
                if isinstance(t, gast.Name) and not isinstance(t.ctx, gast.Store):
                    counts[t.id] += 1          # (generated targets may lack a Store ctx)
    return counts


def keep_scalars(node, facts, helpers, symbols, python_float):
    """``t = np.full(a.shape, s)`` -> ``t = s`` where every read of ``t`` is broadcast
    against a float64 array of ``a``'s exact shape (see the module doc)."""
    bindings = _bindings(node)
    parents = {id(child): parent for parent in gast.walk(node)
               for child in gast.iter_child_nodes(parent)}
    loads = collections.defaultdict(list)
    defs = {}
    for n in gast.walk(node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load):
            loads[n.id].append(n)
    for stmt in node.body:              # top-level values bound once: their definitions
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], gast.Name) and bindings[stmt.targets[0].id] == 1:
            defs[stmt.targets[0].id] = stmt.value
    shape = _ExactShape(facts, helpers, defs, python_float)
    same = {}           # name -> names the checks run so far proved to have its shape
    flow = _Flow(node, defs, shape)
    for stmt in node.body:
        _add_partners(stmt, symbols, bindings, same)
        for binop in gast.walk(stmt):       # an operand spread inline: ``unreduce(s, e) * e``
            if isinstance(binop, gast.BinOp) and isinstance(binop.op, _ARITHMETIC):
                for side, other in (("left", binop.right), ("right", binop.left)):
                    spread = _spread_value(getattr(binop, side), helpers, facts, python_float)
                    if spread is not None and bindings[spread[0].id] <= 1:
                        shape.like = same.get(spread[0].id, {spread[0].id})
                        if shape.exact(other, 0):
                            setattr(binop, side, spread[1])
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name)
                and bindings[stmt.targets[0].id] == 1):
            continue
        spread = _spread_value(stmt.value, helpers, facts, python_float)
        if spread is None or bindings[spread[0].id] > 1:
            continue
        like, value = spread
        shape.like = same.get(like.id, {like.id})
        if python_float.unit(value):
            _unit_seed(stmt, like, loads, parents, shape, flow)
        elif _all_broadcast(stmt.targets[0].id, loads, parents, bindings, shape, 0):
            stmt.value = value


def _unit_seed(stmt, like, loads, parents, shape, flow):
    """``t = np.full(a.shape, 1.0, a.dtype)`` whose every read is ``t * o`` (or ``o * t``)
    with ``o`` a float64 array of exactly ``a``'s shape: ``t * o`` has ``o``'s values
    (``1.0 * v`` is ``v`` for every float64, ``-0.0``, infinities and NaN included), its
    dtype and shape.  So a read inside further arithmetic (``t * o + p``, ``-(t * o)``:
    a new array either way) becomes ``o``, any other ``1.0 * o`` (a new array, never
    ``o`` itself, which the caller or a later in-place accumulation may hold); ``t`` is
    then a number (its seed propagates) and ``a`` need not be computed for its shape."""
    name = stmt.targets[0].id
    reads = loads.get(name, [])
    if not reads:
        return
    products = []
    for load in reads:
        parent = parents.get(id(load))
        if not (isinstance(parent, gast.BinOp) and isinstance(parent.op, gast.Mult)):
            return
        other = parent.right if parent.left is load else parent.left
        shape.like = flow.like_at(like.id, load)
        if not shape.exact(other, 0):
            return
        products.append((parent, other))
    for parent, other in products:
        outer = parents.get(id(parent))
        if isinstance(outer, gast.BinOp) and isinstance(outer.op, _ARITHMETIC):
            for side in ("left", "right"):
                if getattr(outer, side) is parent:
                    setattr(outer, side, other)
        elif isinstance(outer, gast.UnaryOp) and isinstance(outer.op, (gast.USub, gast.UAdd)):
            outer.operand = other
        else:       # (``1.0 * o`` once the seed propagates; ``o`` where fold inlines it)
            anno.set(parent, anno.UNIT_PRODUCT, "right" if parent.right is other else "left")
    stmt.value = templates.const(1.0)


class _Flow:
    """Names of ``like``'s exact shape at a read: those ``same`` holds, and the name ``n``
    of ``like = n * n`` (``like``'s definition elementwise in ``n`` alone, exact in
    ``n``'s shape) where no top-level statement from that definition to the read's
    rebinds ``n`` (``n`` then still holds the value ``like`` was computed from)."""

    def __init__(self, node, defs, shape):
        self.index = {}                 # id of a node -> its top-level statement's index
        self.stores = []                # per top-level statement: the names it binds
        self.where = {}                 # name bound once at the top level -> its index
        for k, stmt in enumerate(node.body):
            names = set()
            for n in gast.walk(stmt):
                self.index[id(n)] = k
                if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
                    names.add(n.id)
            for n in gast.walk(stmt):       # (generated targets may lack a Store ctx)
                for t in n.targets if isinstance(n, gast.Assign) else \
                        [n.target] if isinstance(n, gast.For) else []:
                    names.update(x.id for x in gast.walk(t) if isinstance(x, gast.Name))
            if isinstance(stmt, gast.Assign):
                for t in stmt.targets:
                    if isinstance(t, gast.Name) and t.id in defs:
                        self.where[t.id] = k
            self.stores.append(names)
        self.defs, self.shape = defs, shape

    def like_at(self, like, load):
        found = set(self.shape.like)
        value, start, end = self.defs.get(like), self.where.get(like), self.index.get(id(load))
        if value is None or start is None or end is None:
            return found
        names = {x.id for x in gast.walk(value) if isinstance(x, gast.Name)}
        if len(names) != 1:
            return found
        (n,) = names
        if any(n in self.stores[k] for k in range(start + 1, end + 1)):
            return found
        saved, self.shape.like = self.shape.like, {n}
        try:
            if self.shape.exact(value, 0):
                found.add(n)
        finally:
            self.shape.like = saved
        return found


def _spread_value(node, helpers, facts, python_float):
    """(``a``, ``s``) of ``unreduce(s, a)`` or ``np.full(a.shape, s[, a.dtype])`` for a
    float64 array ``a`` and a Python float ``s`` (both the float64 array of ``a``'s
    shape filled with ``s``), else None."""
    if isinstance(node, gast.Call) and isinstance(node.func, gast.Name) \
            and helpers.get(node.func.id) == "unreduce" and 2 <= len(node.args) <= 4 \
            and all(isinstance(a, gast.Constant) and (a.value is None or a.value is False)
                    for a in node.args[2:]) \
            and not node.keywords and isinstance(node.args[1], gast.Name):     # (axis=None)
        like, value = node.args[1], node.args[0]
    else:
        found = _full_of_name(templates.assign("_", node), helpers)
        if found is None:
            return None
        like, value = found
    f = facts.of(like)
    if f is None or not f.array or f.py != "f" or not python_float(value):
        return None
    return like, value


def _add_partners(stmt, symbols, bindings, same):
    """After a top-level ``check_same_shape(a, b, ...)`` of names bound once (they keep
    their values to the end): each of them has the others' shape."""
    check = symbols.get("check_same_shape", "check_same_shape")
    call = stmt.value if isinstance(stmt, gast.Expr) else None
    if isinstance(call, gast.Call) and isinstance(call.func, gast.Name) \
            and call.func.id == check and call.args \
            and all(isinstance(a, gast.Name) and bindings[a.id] <= 1 for a in call.args):
        group = {a.id for a in call.args}
        for a in call.args:
            same[a.id] = same.get(a.id, set()) | group


def _full_of_name(stmt, helpers):
    """(``a``, ``s``) of ``t = np.full(a.shape, s)`` or ``np.full(a.shape, s, a.dtype)``."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], gast.Name)):
        return None
    call = stmt.value
    if not (_np_call(call, "full", helpers) and len(call.args) in (2, 3)
            and isinstance(call.args[0], gast.Attribute) and call.args[0].attr == "shape"
            and isinstance(call.args[0].value, gast.Name)):
        return None
    like = call.args[0].value
    if len(call.args) == 3 and not (isinstance(call.args[2], gast.Attribute)
                                    and call.args[2].attr == "dtype"
                                    and isinstance(call.args[2].value, gast.Name)
                                    and call.args[2].value.id == like.id):
        return None
    return like, call.args[1]


def _np_call(node, name, helpers):
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) \
        and node.func.attr == name and isinstance(node.func.value, gast.Name) \
        and helpers.get(node.func.value.id) == "np" and not node.keywords


def _all_broadcast(name, loads, parents, bindings, shape, depth):
    """Every read of ``name`` is an operand of ``+ - * /`` beside a value of the exact
    shape, directly, under ``-``/``+``, or through a name bound once to it so."""
    if depth > 8 or not loads.get(name):
        return False
    for load in loads[name]:
        node, parent = load, parents.get(id(load))
        while isinstance(parent, gast.UnaryOp) and isinstance(parent.op, (gast.USub, gast.UAdd)):
            node, parent = parent, parents.get(id(parent))
        if isinstance(parent, gast.BinOp) and isinstance(parent.op, _ARITHMETIC):
            other = parent.right if parent.left is node else parent.left
            if not shape.exact(other, 0):
                return False
        elif isinstance(parent, gast.Assign) and parent.value is node \
                and len(parent.targets) == 1 and isinstance(parent.targets[0], gast.Name) \
                and bindings[parent.targets[0].id] == 1:
            if not _all_broadcast(parent.targets[0].id, loads, parents, bindings, shape,
                                  depth + 1):
                return False
        else:
            return False
    return True


class _ExactShape:
    """Whether an expression is a float64 array of exactly the shape of the names in
    ``like`` (set before each question)."""

    def __init__(self, facts, helpers, defs, python_float):
        self.facts, self.helpers, self.defs = facts, helpers, defs
        self.python_float = python_float
        self.like = set()

    def exact(self, node, depth):
        if depth > 16:
            return False
        if isinstance(node, gast.Name):
            f = self.facts.of(node)
            if f is None or not f.array or f.py != "f":
                return False
            if node.id in self.like:
                return True
            return node.id in self.defs and self.exact(self.defs[node.id], depth + 1)
        if isinstance(node, gast.UnaryOp) and isinstance(node.op, (gast.USub, gast.UAdd)):
            return self.exact(node.operand, depth + 1)
        if isinstance(node, gast.BinOp) and isinstance(node.op, _ARITHMETIC):
            left, right = (self.exact(n, depth + 1) for n in (node.left, node.right))
            return (left and (right or self.number(node.right))) or (right and self.number(node.left))
        if isinstance(node, gast.BinOp) and isinstance(node.op, gast.Pow):
            # ``o ** c`` of a constant Python number: float64, of ``o``'s shape
            return _constant_arithmetic(node.right) and self.exact(node.left, depth + 1)
        if isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) \
                and node.func.attr in _FLOAT64_UNARY and len(node.args) == 1 \
                and _np_call(node, node.func.attr, self.helpers):
            return self.exact(node.args[0], depth + 1)
        return False

    def number(self, node):
        """A Python number (int, float; not bool): broadcast, it keeps the float64 array's
        shape and dtype."""
        if isinstance(node, gast.Constant):
            return type(node.value) in (int, float)
        return self.python_float(node)


def _constant_arithmetic(node):
    """``node`` is arithmetic of int and float constants only (``2 - 1``)."""
    if isinstance(node, gast.Constant):
        return type(node.value) in (int, float)
    if isinstance(node, gast.UnaryOp):
        return isinstance(node.op, (gast.USub, gast.UAdd)) and _constant_arithmetic(node.operand)
    return isinstance(node, gast.BinOp) and isinstance(node.op, _ARITHMETIC) \
        and _constant_arithmetic(node.left) and _constant_arithmetic(node.right)


def fold_zero_subtraction(node, facts):
    """``e - 0.0`` (or ``- 0``) of a float array ``e``, as an operand of arithmetic: ``e``."""
    if not isinstance(node, gast.BinOp):
        return
    for side in ("left", "right"):
        sub = getattr(node, side)
        if isinstance(sub, gast.BinOp) and isinstance(sub.op, gast.Sub) \
                and isinstance(sub.right, gast.Constant) and type(sub.right.value) in (int, float) \
                and sub.right.value == 0 and isinstance(sub.left, gast.Name):
            f = facts.of(sub.left)
            if f is not None and f.array and f.ndim and isinstance(f.py, str) and f.py[0] == "f":
                setattr(node, side, sub.left)


def drop_implied_checks(node, facts, helpers, python_float):
    """A top-level ``check_same_shape(a, b, ...)`` of names bound once goes where the
    statements right after it evaluate, before anything else can happen, an elementwise
    ``+ - * /`` of a float64 array of exactly ``a``'s shape with one of exactly ``b``'s
    (``_ExactShape``), for every pair the check compares (joined through such
    operations): ``a`` and ``b`` have one rank and the same dims equal to 1 (the check is
    only inserted so), so that operation raises numpy's ValueError exactly when their
    shapes differ, as the check does.  The statements from the check to that operation
    may only bind names to arithmetic of names, constants, sizes and numpy functions
    (no effect, no loop, no return: no result leaves before it raises; a division by
    a size of 0 may raise ZeroDivisionError first, as it does with equal shapes).  The
    operation must be evaluated unconditionally (not under ``and``/``or``, ``a if c
    else b``, a lambda or a comprehension)."""
    check = next((n for n, h in helpers.items() if h == "check_same_shape"), None)
    counts = _bindings(node)
    defs = {s.targets[0].id: s.value for s in node.body      # top-level values bound once
            if isinstance(s, gast.Assign) and len(s.targets) == 1
            and isinstance(s.targets[0], gast.Name) and counts[s.targets[0].id] == 1}
    body, kept = node.body, []
    for k, stmt in enumerate(body):
        call = stmt.value if isinstance(stmt, gast.Expr) else None
        if isinstance(call, gast.Call) and isinstance(call.func, gast.Name) \
                and call.func.id == check and len(call.args) >= 2 and not call.keywords \
                and all(isinstance(a, gast.Name) and counts[a.id] <= 1 for a in call.args) \
                and _implied(body[k + 1:], [a.id for a in call.args],
                             _ExactShape(facts, helpers, defs, python_float)):
            continue
        kept.append(stmt)
    node.body = kept


def _implied(following, names, shape):
    """Whether the statements ``following`` a check of ``names`` raise as it does."""
    group = {n: n for n in names}

    def root(n):
        while group[n] != n:
            n = group[n]
        return n
    for stmt in following:
        if isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant) \
                and isinstance(stmt.value.value, str):
            continue                                    # a comment
        if not (isinstance(stmt, gast.Assign) and all(
                isinstance(t, gast.Name) for t in stmt.targets)
                and _pure(stmt.value, shape.helpers)):
            return False
        for op in _evaluated(stmt.value):
            if not (isinstance(op, gast.BinOp) and isinstance(op.op, _ARITHMETIC)):
                continue
            sides = []
            for side in (op.left, op.right):
                found = set()
                for n in names:
                    shape.like = {n}
                    if shape.exact(side, 0):
                        found.add(n)
                sides.append(found)
            for a in sides[0]:
                for b in sides[1]:
                    group[root(a)] = root(b)
        if len({root(n) for n in names}) == 1:
            return True
    return False


def _evaluated(expr):
    """The nodes of ``expr`` every evaluation of it evaluates."""
    todo = [expr]
    while todo:
        n = todo.pop()
        yield n
        if not isinstance(n, (gast.IfExp, gast.BoolOp, gast.Lambda, gast.ListComp,
                              gast.SetComp, gast.DictComp, gast.GeneratorExp)):
            todo.extend(gast.iter_child_nodes(n))


_PURE_ATTRIBUTES = ("size", "shape", "T", "ndim", "dtype")
# numpy functions with no effect (no ``out``: called without keywords)
_PURE_NUMPY = _FLOAT64_UNARY | {"float64", "sum", "mean", "expand_dims", "where", "sign",
                                "maximum", "minimum", "logaddexp", "square", "cosh", "sinh"}


def _pure(expr, helpers):
    """``expr`` is built of names, number constants, arithmetic, the attributes above,
    ``x.shape[k]`` and numpy functions called without keywords: evaluating it has no
    effect and ends."""
    for n in gast.walk(expr):
        if isinstance(n, gast.Call):
            if not (isinstance(n.func, gast.Attribute) and isinstance(n.func.value, gast.Name)
                    and helpers.get(n.func.value.id) == "np" and not n.keywords
                    and n.func.attr in _PURE_NUMPY):
                return False
        elif isinstance(n, gast.Attribute):
            if n.attr not in _PURE_ATTRIBUTES and not (
                    isinstance(n.value, gast.Name) and helpers.get(n.value.id) == "np"):
                return False
        elif isinstance(n, gast.Subscript):
            if not (isinstance(n.value, gast.Attribute) and n.value.attr == "shape"
                    and isinstance(n.slice, gast.Constant) and type(n.slice.value) is int):
                return False
        elif isinstance(n, gast.Constant):
            if type(n.value) not in (int, float):
                return False
        elif not isinstance(n, (gast.Name, gast.BinOp, gast.UnaryOp, gast.Load,
                                gast.operator, gast.unaryop, gast.Tuple)):
            return False
    return True
