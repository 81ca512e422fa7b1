"""Normalize: rewrite a fenced function into A-normal form, in SSA.

Grammar of the output (every operand is an *atom*)::

    atom   := Name | Constant | static (a name or dotted chain that resolves
              without running the function, e.g. np.pi) | Tuple(atom*)
              | List(atom*) (only as a call argument: np.stack([a, b]))
    index  := atom | Slice(atom?, atom?, atom?) | Tuple((atom | Slice)*)
    op     := Call(static | Name | Attribute(atom, m), atom*, kw=atom*)
            | BinOp(atom, o, atom) | UnaryOp(o, atom) | Compare(atom, o, atom)
            | Subscript(atom, index) | Attribute(atom, a)
            | List(atom*) | Dict(atom: atom) | JoinedStr (opaque, inactive)
    stmt   := Name = op | Name = atom | Expr(op) | Assert
    body   := stmt* Return(atom)

Each name is assigned once (a reassigned user name ``x`` gets a new version
``x_1``), so the reverse pass can read any value without saving it.  Sugar is
lowered: ``x += y`` becomes ``x_1 = x + y``.  Intermediates are named after
the operation and its first operand (``np.tanh(x)`` -> ``tanh_x``).  Every
statement carries annotations.ORIGIN: the user statement it came from.
"""
import ast

import gast

from . import annotations as anno
from . import templates
from .naming import op_name


class Normalizer:
    def __init__(self, sf, namer, resolver):
        self.sf = sf
        self.namer = namer
        self.resolver = resolver
        self.env = {}          # user name -> current SSA name
        self.bound = set()     # names bound so far (params + assigned)
        self.temps = set()     # names we invented
        self.out = []
        self.origin = None

    # -- statements ---------------------------------------------------------
    def run(self):
        node = self.sf.node
        for a in _params(node.args):
            self.env[a] = a
            self.bound.add(a)
        returned = False
        for stmt in node.body:
            if returned:
                break
            self.origin = (stmt.lineno, stmt.col_offset, _one_line(stmt))
            returned = self.statement(stmt)
        if not returned:
            self.emit(gast.Return(value=templates.const(None)))
        node.body = self.out
        return node

    def emit(self, stmt):
        anno.set(stmt, anno.ORIGIN, self.origin)
        self.out.append(stmt)

    def statement(self, stmt):
        """Emit the normal form of ``stmt``; True when it returns."""
        if isinstance(stmt, gast.Assign):
            value = self.op(stmt.value, hint=stmt.targets[0].id)
            if len(stmt.targets) > 1 and not _is_atom_node(value):
                value = self.bind_temp(value, stmt.targets[0].id)
            for tgt in stmt.targets:
                self.emit(templates.assign(self.define(tgt.id), value))
        elif isinstance(stmt, gast.AugAssign):
            target = gast.Name(id=stmt.target.id, ctx=gast.Load(), annotation=None, type_comment=None)
            value = self.op(gast.BinOp(left=target, op=stmt.op, right=stmt.value), hint=stmt.target.id)
            self.emit(templates.assign(self.define(stmt.target.id), value))
        elif isinstance(stmt, gast.AnnAssign):
            if stmt.value is not None:
                self.emit(templates.assign(self.define(stmt.target.id),
                                           self.op(stmt.value, hint=stmt.target.id)))
        elif isinstance(stmt, gast.Return):
            value = templates.const(None) if stmt.value is None else self.atom(stmt.value, "out")
            self.emit(gast.Return(value=value))
            return True
        elif isinstance(stmt, gast.Expr):
            if isinstance(stmt.value, gast.Constant):
                return False  # docstrings and generated comments
            self.emit(gast.Expr(value=self.op(stmt.value, hint="unused")))
        elif isinstance(stmt, gast.Pass):
            pass
        elif isinstance(stmt, gast.Assert):
            self.emit(gast.Assert(test=self.atom(stmt.test, "check"),
                                  msg=None if stmt.msg is None else self.atom(stmt.msg, "msg")))
        else:
            raise self.sf.error(f"cannot differentiate a {type(stmt).__name__} statement",
                                "rewrite it with assignments and calls", stmt)
        return False

    def define(self, user_name):
        """The SSA name for a new binding of ``user_name``."""
        if user_name in self.bound:
            name = self.namer.new(user_name)
        else:
            name = user_name
            self.namer.reserve(name)
        self.bound.add(name)
        self.env[user_name] = name
        return name

    def bind_temp(self, value, hint):
        name = self.namer.new(hint)
        self.temps.add(name)
        self.bound.add(name)
        self.emit(templates.assign(name, value))
        return templates.name(name)

    # -- expressions --------------------------------------------------------
    def atom(self, node, hint):
        """An atom computing ``node`` (emitting temporaries as needed)."""
        if isinstance(node, gast.Name):
            return self.rename(node)
        if isinstance(node, gast.Constant):
            return node
        if isinstance(node, gast.Attribute) and self.resolver.is_static(node):
            return node
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.atom(e, hint) for e in node.elts], ctx=gast.Load())
        if isinstance(node, gast.UnaryOp) and isinstance(node.operand, gast.Constant) \
                and isinstance(node.op, (gast.USub, gast.UAdd)):
            return node  # -1.0 is a constant
        op = self.op(node, hint)
        if _is_atom_node(op):
            return op
        return self.bind_temp(op, self.temp_name(op, hint))

    def rename(self, node):
        return templates.name(self.env.get(node.id, node.id))

    def op(self, node, hint):
        """``node`` as one operation on atoms (see the grammar), at ``node``'s position."""
        new = self._op(node, hint)
        if new is not node and getattr(node, "lineno", None) is not None:
            ast.copy_location(new, node)
        return new

    def _op(self, node, hint):
        atom = self.atom
        if isinstance(node, (gast.Name, gast.Constant)):
            return atom(node, hint)
        if isinstance(node, gast.Attribute):
            if self.resolver.is_static(node):
                return node
            return gast.Attribute(value=atom(node.value, hint), attr=node.attr, ctx=gast.Load())
        if isinstance(node, gast.BinOp):
            return gast.BinOp(left=atom(node.left, hint), op=node.op, right=atom(node.right, hint))
        if isinstance(node, gast.UnaryOp):
            return gast.UnaryOp(op=node.op, operand=atom(node.operand, hint))
        if isinstance(node, gast.Compare):
            return gast.Compare(left=atom(node.left, hint), ops=node.ops,
                                comparators=[atom(node.comparators[0], hint)])
        if isinstance(node, gast.Call):
            return self.call(node, hint)
        if isinstance(node, gast.Subscript):
            return gast.Subscript(value=atom(node.value, hint), slice=self.index(node.slice, hint),
                                  ctx=gast.Load())
        if isinstance(node, gast.Tuple):
            return atom(node, hint)
        if isinstance(node, gast.List):
            return gast.List(elts=[atom(e, hint) for e in node.elts], ctx=gast.Load())
        if isinstance(node, gast.Dict):
            return gast.Dict(keys=[atom(k, hint) for k in node.keys],
                             values=[atom(v, hint) for v in node.values])
        if isinstance(node, gast.JoinedStr):
            return _RenameLoads(self.env).visit(node)
        raise self.sf.error(f"cannot differentiate the expression {_one_line(node)!r}",
                            "compute it in simpler steps", node)

    def call(self, node, hint):
        func = node.func
        if isinstance(func, gast.Name):
            func = self.rename(func)
        elif isinstance(func, gast.Attribute) and not self.resolver.is_static(func):
            func = gast.Attribute(value=self.atom(func.value, hint), attr=func.attr, ctx=gast.Load())
        elif not isinstance(func, gast.Attribute):
            func = self.atom(func, hint)
        # A list or tuple display passed to a call stays a display of atoms
        # (np.stack([a, b])): sequence parameters of rules see each element.
        args = [gast.List(elts=[self.atom(e, hint) for e in a.elts], ctx=gast.Load())
                if isinstance(a, gast.List) else self.atom(a, hint) for a in node.args]
        keywords = [gast.keyword(arg=k.arg, value=self.atom(k.value, hint)) for k in node.keywords]
        return gast.Call(func=func, args=args, keywords=keywords)

    def index(self, node, hint):
        if isinstance(node, gast.Slice):
            part = lambda n: None if n is None else self.atom(n, hint)  # noqa: E731
            return gast.Slice(lower=part(node.lower), upper=part(node.upper), step=part(node.step))
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.index(e, hint) for e in node.elts], ctx=gast.Load())
        return self.atom(node, "index")

    def temp_name(self, op, hint):
        """``np.tanh(x)`` -> ``tanh_x``; ``a * b`` -> ``mul_a``; temps of temps -> ``mul``."""
        if isinstance(op, gast.Call):
            f = op.func
            base = f.attr if isinstance(f, gast.Attribute) else getattr(f, "id", "call")
            first = op.args[0] if op.args else None
            if isinstance(f, gast.Attribute) and not self.resolver.is_static(f):
                first = f.value
        elif isinstance(op, gast.BinOp):
            base, first = op_name(op.op), op.left
        elif isinstance(op, gast.UnaryOp):
            base, first = op_name(op.op), op.operand
        elif isinstance(op, gast.Subscript):
            base, first = "", op.value
        elif isinstance(op, gast.Attribute):
            base, first = op.attr, op.value
        elif isinstance(op, (gast.List, gast.Tuple)):
            return "index" if hint == "index" else "items"
        elif isinstance(op, gast.Dict):
            return "mapping"
        else:
            return hint
        if isinstance(first, gast.Name):
            user = _user_name(first.id, self.env)
            if isinstance(op, gast.Call) or first.id not in self.temps:
                name = f"{base}_{user}" if base else f"{user}_item"
                if len(name) <= 24:
                    return name
        return base or "item"


def _user_name(ssa, env):
    for user, current in env.items():
        if current == ssa:
            return user
    return ssa


def _is_atom_node(node):
    return isinstance(node, (gast.Name, gast.Constant))


def _params(args):
    names = [a.id for a in args.posonlyargs + args.args + args.kwonlyargs]
    return names


def _one_line(node):
    text = ast.unparse(gast.gast_to_ast(node))
    return " ".join(text.split())


class _RenameLoads(gast.NodeTransformer):
    def __init__(self, env):
        self.env = env

    def visit_Name(self, node):
        if isinstance(node.ctx, gast.Load) and node.id in self.env:
            return templates.name(self.env[node.id])
        return node
