"""Normalize's expressions: each becomes one operation on atoms, its operands
bound to temporaries named after their operations (``np.tanh(x)`` ->
``tanh_x``); calls, indexing, displays, ``a if c else b`` and ``and``/``or``
(lowered to ifs), closures, ``custom_gradient`` and nested ``jvp`` calls."""
import ast
import inspect
import types

import gast

from ..core import engine
from ..core.markers import CustomGradient, derived_operator_name, stop_gradient
from ..ir import naming, templates
from ..ir.naming import op_name
from ..ir.nodes import loaded_names, parameter_names
from ..ir.unparse import unparse
from ..rules import RULES
from . import closures, custom_vjp  # noqa: F401 (installs CustomGradient.vjp_function)
from .callables import is_marker
from .displays import Displays, has_variable
from .resolve import MISSING, static_method


class Expressions(Displays):
    """The expression half of ``normalize.Normalizer`` (a mixin: it reads the
    normalizer's ``env``, ``namer``, ``resolver`` and emits through it)."""

    def atom(self, node, hint):
        """An atom computing ``node`` (emitting temporaries as needed)."""
        if isinstance(node, gast.Name):
            return self.rename(node)
        if isinstance(node, gast.Constant):
            return node
        if isinstance(node, gast.Attribute) and self.resolver.is_static(node):
            return node
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.element(e, hint) for e in node.elts], ctx=gast.Load())
        if isinstance(node, gast.UnaryOp) and isinstance(node.operand, gast.Constant) \
                and isinstance(node.op, (gast.USub, gast.UAdd)):
            return node  # -1.0 is a constant
        op = self.op(node, hint)
        if is_atom_node(op):
            return op
        return self.bind_temp(op, naming.read_name(node) or self.temp_name(op, hint))

    def element(self, node, hint):
        """An atom for an element of a tuple, list or dict display.  Displays are one
        level deep: an inner display holding a variable gets a name of its own
        (``((x,), y)`` -> ``items = (x,)``, ``(items, y)``), so each container's
        derivative is built by the pack rule of its own statement (cotangents and
        tangents of nested containers, at any depth)."""
        value = self.atom(node, hint)
        if isinstance(value, gast.Tuple) and has_variable(value):
            return self.bind_temp(value, naming.items_name())
        return value

    def rename(self, node):
        return templates.name(self.env.get(node.id, node.id))

    def op(self, node, hint):
        """``node`` as one operation on atoms (see the grammar), at ``node``'s position."""
        new = self._op(node, hint)
        if new is not node and getattr(node, "lineno", None) is not None:
            ast.copy_location(new, node)
        return new

    def _op(self, node, hint):
        visit = getattr(self, "op_" + type(node).__name__, None)
        if visit is None:
            raise self.sf.error(f"cannot differentiate the expression {one_line(node)!r}",
                                "compute it in simpler steps", node)
        return visit(node, hint)

    def op_Name(self, node, hint):
        return self.atom(node, hint)

    op_Constant = op_Tuple = op_Name

    def op_Attribute(self, node, hint):
        if self.resolver.is_static(node):
            return node
        return gast.Attribute(value=self.atom(node.value, hint), attr=node.attr, ctx=gast.Load())

    def op_BinOp(self, node, hint):
        return gast.BinOp(left=self.atom(node.left, hint), op=node.op,
                          right=self.atom(node.right, hint))

    def op_UnaryOp(self, node, hint):
        return gast.UnaryOp(op=node.op, operand=self.atom(node.operand, hint))

    def op_Compare(self, node, hint):
        if len(node.ops) > 1:
            return self.boolean(unchain(node), hint)
        return gast.Compare(left=self.atom(node.left, hint), ops=node.ops,
                            comparators=[self.atom(node.comparators[0], hint)])

    def op_Call(self, node, hint):
        return self.call(node, hint)

    def op_Subscript(self, node, hint):
        joined = self.index_concatenation(node)
        if joined is not None:
            return self.call(joined, hint)
        return gast.Subscript(value=self.atom(node.value, hint),
                              slice=self.index(node.slice, hint), ctx=gast.Load())

    def op_List(self, node, hint):
        return gast.List(elts=[self.element(e, hint) for e in node.elts], ctx=gast.Load())

    def op_JoinedStr(self, node, hint):
        return _RenameLoads(self.env).visit(node)

    def op_NamedExpr(self, node, hint):
        """``(y := value)``: the assignment ``y = value``, in Python's order of evaluation
        (operands before it read the earlier ``y``), then the new ``y`` as the value."""
        self.assign([node.target], node.value)
        return self.rename(templates.name(node.target.id))

    def op_IfExp(self, node, hint):
        return self.conditional(node.test, node.body, node.orelse, hint)

    def op_Lambda(self, node, hint):
        self.check_closure(node)
        return node

    def op_BoolOp(self, node, hint):
        return self.boolean(node, hint)

    def check_closure(self, fn):
        """A nested def or lambda kept as written (not lifted: see closures.py) is called
        at run time; the outer names it reads must keep one value (closures bind late):
        refused if rebound before it (here) or after it (``define``)."""
        free = set(closures.free_names(fn))
        name = getattr(fn, "name", "lambda")
        for read in sorted(free):
            if read in self.env and self.env[read] != read:
                raise self.sf.error(
                    f"the nested function {name!r} reads {read!r}, which the enclosing function "
                    "rebinds: it would see whichever value is current when it is called",
                    f"call {name} directly (name(...)), or pass {read} as an argument", fn)
        defaults = fn.args.defaults + [d for d in fn.args.kw_defaults if d is not None]
        for d in defaults:
            free.update(loaded_names(d))
        renamed = [_RenameLoads(self.env).visit(d) for d in fn.args.defaults]
        fn.args.defaults = renamed
        fn.args.kw_defaults = [None if d is None else _RenameLoads(self.env).visit(d)
                               for d in fn.args.kw_defaults]
        for read in free:
            if read in self.closure_plan.locals:
                self.watched.setdefault(read, (name, fn))
        self.closures.append((fn, free))

    def nested_function(self, fn, name):
        """A nested def or ``name = lambda`` statement: lifted (closures.py) when exactly
        modelled and reading enclosing values, else kept as written.  True if lifted
        (then nothing binds ``name``: its calls call the lifted function)."""
        plan = self.closure_plan
        if id(fn) not in plan.liftable:
            self.check_closure(fn)
            return False
        free = plan.lifted_names(fn)
        a = fn.args
        defaults = a.defaults + [d for d in a.kw_defaults if d is not None]
        if not free and not any(has_variable(d) for d in defaults):
            self.check_closure(fn)
            return False
        positional = [p.id for p in a.posonlyargs + a.args]
        atoms = {}
        for p, d in zip(positional[len(positional) - len(a.defaults):], a.defaults):
            atoms[p] = self.atom(d, p)
        for p, d in zip(a.kwonlyargs, a.kw_defaults):
            if d is not None:
                atoms[p.id] = self.atom(d, p.id)
        lifted = closures.Lifted(name, fn, free, positional, [p.id for p in a.kwonlyargs],
                                 a.vararg is not None or a.kwarg is not None, atoms)
        lifted.function = closures.lift(self.sf, fn, name, free)
        self.lifted[name] = lifted
        self.injected[name] = lifted.function
        self.closures.append((fn, set()))
        return True

    def helper_call(self, node, passed, hint):
        """``apply(g, v)`` with ``g`` lifted and ``apply`` a function with source:
        a call of ``apply`` specialized to ``g`` (closures.specialize_helper), passed
        the values ``g`` reads, current now."""
        index, keyword, arg = passed[0]
        lifted = self.lifted[arg.id]
        helper = self.resolver.resolve(node.func) if isinstance(
            node.func, (gast.Name, gast.Attribute)) else MISSING
        what = one_line(node.func)
        if len(passed) > 1 or not isinstance(helper, types.FunctionType) \
                or not self.user_function(node.func) \
                or any(isinstance(a, gast.Starred) for a in node.args) \
                or any(k.arg is None for k in node.keywords):
            raise self.sf.error(
                f"the nested function {lifted.name!r} reads values of the enclosing function "
                f"and is passed to {what}, which is not a Python function with source "
                "tangentish can specialize to it (or gets it with other nested functions, or "
                "through * or **)",
                f"call {lifted.name} directly (a loop or a comprehension instead of map)", node)
        special, free = closures.specialize_helper(self.sf, helper, index, keyword, lifted, node)
        name = self.namer.new(special.__name__)
        self.injected[name] = special
        values = [self.rename(templates.name(f)) for f in lifted.free]
        args = []
        for i, a in enumerate(node.args):
            if i == index:
                args.extend(values)
            else:
                a = self.atom(a, hint)
                args.append(self.bind_temp(a, naming.items_name())
                            if isinstance(a, (gast.Tuple, gast.List)) and has_variable(a) else a)
        keywords = []
        for k in node.keywords:
            if k.arg == keyword:
                keywords.extend(gast.keyword(arg=p, value=v) for p, v in zip(free, values))
            else:
                keywords.append(gast.keyword(arg=k.arg, value=self.atom(k.value, hint)))
        return gast.Call(func=templates.name(name), args=args, keywords=keywords)

    def lifted_call(self, node, hint):
        """``g(a)`` of a lifted ``g``: ``g(x, a)``, the enclosing values current now
        first, and the defaults the call does not supply, as evaluated at the def."""
        lifted = self.lifted[node.func.id]
        starred = any(isinstance(a, gast.Starred) for a in node.args) or \
            any(k.arg is None for k in node.keywords)
        if starred and lifted.defaults:
            raise self.sf.error(
                f"a call of the nested function {lifted.name!r} with * or ** arguments: "
                "tangentish cannot tell which of its defaults the call leaves to the def",
                "pass the arguments explicitly", node)
        args = [self.atom(a, hint) for a in node.args]
        keywords = [gast.keyword(arg=k.arg, value=self.atom(k.value, hint))
                    for k in node.keywords]
        args = [self.bind_temp(a, naming.items_name()) if isinstance(a, (gast.Tuple, gast.List))
                and has_variable(a) else a for a in args]
        given = set(lifted.positional[:len(args)]) | {k.arg for k in node.keywords}
        for p in lifted.positional + lifted.keyword_only:
            if p in lifted.defaults and p not in given:
                keywords.append(gast.keyword(arg=p, value=lifted.defaults[p]))
        free = [self.rename(templates.name(f)) for f in lifted.free]
        return gast.Call(func=templates.name(lifted.name), args=free + args, keywords=keywords)

    def conditional(self, test, body, orelse, hint):
        """``body if test else orelse``: an if statement assigning a new name (so
        SSA and phi copies apply as for the user's own ifs)."""
        named = hint not in ("unused", naming.result_name())
        name = self.namer.new(hint if named else naming.choice_name())
        stmt = gast.If(test=test, body=[templates.assign(name, body)],
                       orelse=[templates.assign(name, orelse)])
        self.lowered_statement(stmt, test)
        return self.rename(templates.name(name))

    def boolean(self, node, hint):
        """``a and b`` / ``a or b`` with Python's short-circuit and value semantics:
        ``t = a; if t: t = b`` (``if not t`` for or), through the same SSA."""
        name = self.namer.new(naming.condition_name())
        self.lowered_statement(templates.assign(name, node.values[0]), node)
        for value in node.values[1:]:
            test = templates.name(name)
            if isinstance(node.op, gast.Or):
                test = gast.UnaryOp(op=gast.Not(), operand=test)
            self.lowered_statement(gast.If(test=test, body=[templates.assign(name, value)],
                                           orelse=[]), node)
        return self.rename(templates.name(name))

    def lowered_statement(self, stmt, at):
        """Normalize a statement this pass wrote itself, located at ``at``."""
        for n in gast.walk(stmt):
            if hasattr(n, "lineno") and getattr(n, "lineno", None) is None and \
                    getattr(at, "lineno", None) is not None:
                ast.copy_location(n, at)
        origin = self.origin
        self.statement(stmt)
        self.origin = origin

    def _custom_with_grad(self, call):
        func = call.func
        if isinstance(func, gast.Attribute) and func.attr == "with_grad":
            obj = self.resolver.resolve(func.value)
            if isinstance(obj, CustomGradient):
                return obj
        return None

    def call(self, node, hint):
        func = node.func
        if isinstance(func, gast.Name) and func.id in self.lifted:
            return self.lifted_call(node, hint)
        operator = closures.operator_call(self, node)   # grad(g)(a) of a lifted g
        if operator is not None:
            return self.call(operator, hint)
        passed = [(i, None, a) for i, a in enumerate(node.args)] + \
            [(None, k.arg, k.value) for k in node.keywords]
        passed = [p for p in passed if isinstance(p[2], gast.Name) and p[2].id in self.lifted]
        if passed:
            return self.helper_call(node, passed, hint)
        if isinstance(func, gast.Name) and self.env.get(func.id) in self.custom_grads:
            # y_grad(dy) where y, y_grad = f.with_grad(x)  ->  f_vjp(dy, x)
            cg, recorded = self.custom_grads[self.env[func.id]]
            name = self.custom_vjp_names.get(cg)
            if name is None:
                name = self.namer.new(naming.custom_vjp_name(cg.__name__))
                self.custom_vjp_names[cg] = name
                self.injected[name] = cg.vjp_function()
            args = [self.atom(a, hint) for a in node.args]
            return gast.Call(func=templates.name(name), args=args + recorded, keywords=[])
        nested = self.nested_jvp(node)
        if nested is not None:
            return self.call(nested, hint)
        display = self.builtin_display(node)
        if display is not None:
            return self.op(display, hint)
        if isinstance(func, gast.Name) and func.id == "super" and not node.args \
                and not node.keywords and "__class__" in self.sf.closure:
            # super() finds its class and instance through the frame (the __class__ cell,
            # the first parameter); the generated function's first parameter is a
            # cotangent or tangent: name both
            params = parameter_names(self.sf.node)
            if params:
                return gast.Call(func=func, args=[templates.name("__class__"),
                                                  self.rename(templates.name(params[0]))],
                                 keywords=[])
        lowered = self.dict_method(node, hint) or self.sequence_call(node, hint)
        if lowered is not None:
            return lowered
        if isinstance(func, gast.Name):
            func = self.rename(func)
        elif isinstance(func, gast.Attribute) and not self.resolver.is_static(func):
            func = gast.Attribute(value=self.atom(func.value, hint), attr=func.attr, ctx=gast.Load())
        elif not isinstance(func, gast.Attribute):
            func = self.atom(func, hint)
        # A list or tuple display passed to a call stays a display of atoms
        # (np.stack([a, b])): sequence parameters of rules see each element.
        args = [gast.List(elts=[self.element(e, hint) for e in a.elts], ctx=gast.Load())
                if isinstance(a, gast.List) else self.atom(a, hint) for a in node.args]
        keywords = [gast.keyword(arg=k.arg, value=self.atom(k.value, hint)) for k in node.keywords]
        self.reduced_displays(func, args, keywords, hint)
        if self.user_function(func):
            # a function with source gets a tuple or list argument as one value, whose
            # cotangent / tangent has its structure: give the display a name
            args = [self.bind_temp(a, naming.items_name()) if isinstance(a, (gast.Tuple, gast.List))
                    and has_variable(a) else a for a in args]
            for k in keywords:
                if isinstance(k.value, (gast.Tuple, gast.List)) and has_variable(k.value):
                    k.value = self.bind_temp(k.value, naming.items_name())
        return gast.Call(func=func, args=args, keywords=keywords)

    def user_function(self, func):
        """Whether ``func`` denotes (now) a Python function with source and no rule:
        differentiated through its own generated derivative."""
        try:
            obj = self.resolver.resolve(func)
            if obj is MISSING and isinstance(func, gast.Attribute):
                # model.apply(...) of a module-level object: the method, as analyze sees it
                obj = static_method(func, self.resolver) or MISSING
        except Exception:
            return False
        if obj is MISSING or obj is stop_gradient or isinstance(obj, CustomGradient):
            return False
        if isinstance(obj, types.MethodType):
            if RULES.get(obj) is not None:
                return False        # a method with a rule of its own (scipy.stats.norm.logpdf)
            obj = obj.__func__
        if not isinstance(obj, types.FunctionType) or (
                getattr(obj, "__module__", None) or "").split(".")[0] == "tangentish":
            return False            # tangentish's own functions (jvp, runtime helpers)
        try:
            if RULES.get(obj) is not None:
                return False
        except TypeError:
            return False
        return not is_marker(obj)

    def nested_jvp(self, node):
        """``tangentish.jvp(f, (a, b), (ta, tb))`` of a function ``f`` known now -> a call of
        ``f``'s generated jvp, ``jvp_f(ta, tb, a, b)``: ordinary code with source, so
        differentiating the caller differentiates it again (forward over forward...)."""
        if derived_operator_name(self.resolver.resolve(node.func)) != "jvp" or node.keywords \
                or len(node.args) != 3:
            return None
        f, primals, tangents = node.args
        if not (isinstance(primals, (gast.Tuple, gast.List))
                and isinstance(tangents, (gast.Tuple, gast.List))
                and len(primals.elts) == len(tangents.elts)):
            return None
        if isinstance(f, gast.Name) and f.id in self.env:
            return None                       # a local value: known at run time only
        fn = self.resolver.resolve(f) if isinstance(f, (gast.Name, gast.Attribute)) else MISSING
        receiver = []
        if fn is MISSING and isinstance(f, gast.Attribute) and not (
                isinstance(f.value, gast.Name) and f.value.id in self.env):
            # obj.method of an object named through globals: the method is looked up
            # now (without running properties); the object is passed at run time
            base = self.resolver.resolve(f.value)
            method = inspect.getattr_static(base, f.attr, None) if base is not MISSING else None
            if isinstance(method, types.FunctionType) and not isinstance(base, type):
                fn, receiver = types.MethodType(method, base), [f.value]
        if not isinstance(fn, (types.FunctionType, types.MethodType)):
            return None
        which = [i for i, t in enumerate(tangents.elts)
                 if not (isinstance(t, gast.Constant) and t.value is None)]
        generated, _, _ = engine.derivative_at_positions(fn, which, "jvp")
        if isinstance(fn, types.MethodType) and not receiver:
            return None
        name = self.namer.new(naming.nested_jvp_name(getattr(fn, "__name__", "f")))
        self.injected[name] = generated
        return gast.Call(func=templates.name(name), args=[tangents.elts[i] for i in which]
                         + receiver + list(primals.elts), keywords=[])

    def index(self, node, hint):
        if isinstance(node, gast.Slice):
            part = lambda n: None if n is None else self.atom(n, hint)  # noqa: E731
            return gast.Slice(lower=part(node.lower), upper=part(node.upper), step=part(node.step))
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.index(e, hint) for e in node.elts], ctx=gast.Load())
        return self.atom(node, naming.index_name())

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
        elif isinstance(op, gast.Compare):
            base, first = type(op.ops[0]).__name__.lower(), op.left
        elif isinstance(op, (gast.List, gast.Tuple)):
            return naming.index_name() if hint == naming.index_name() else naming.items_name()
        elif isinstance(op, gast.Dict):
            return "mapping"
        else:
            return hint
        if isinstance(first, gast.Name):
            user = _user_name(first.id, self.env)
            if isinstance(op, gast.Call) or first.id not in self.temps:
                name = naming.operation_name(base, user)
                if len(name) <= 24:
                    return name
        return base or "item"


def _user_name(ssa, env):
    for user, current in env.items():
        if current == ssa:
            return user
    return ssa



def is_atom_node(node):
    return isinstance(node, (gast.Name, gast.Constant))


def one_line(node):
    """The statement as one line of text; compound statements by their header."""
    converted = gast.gast_to_ast(node)
    for n in ast.walk(converted):       # statements this pass wrote have no position
        if isinstance(n, ast.stmt) and not hasattr(n, "lineno"):
            n.lineno = 0
    text = unparse(converted)
    first = text.splitlines()[0] if text else text
    if isinstance(node, (gast.If, gast.For, gast.While)):
        first = first.rstrip(":")
    return " ".join(first.split())


class _RenameLoads(gast.NodeTransformer):
    def __init__(self, env):
        self.env = env

    def visit_Name(self, node):
        if isinstance(node.ctx, gast.Load) and node.id in self.env:
            return templates.name(self.env[node.id])
        return node


def unchain(compare):
    """``a < b < c`` as ``a < b and b < c`` (fence admits only names and constants in
    the middle, so reading them twice is what Python does: each is evaluated once)."""
    operands = [compare.left] + list(compare.comparators)
    parts = [gast.Compare(left=operands[i], ops=[op], comparators=[operands[i + 1]])
             for i, op in enumerate(compare.ops)]
    return ast.copy_location(gast.BoolOp(op=gast.And(), values=parts), compare)
