"""Closure conversion: a nested ``def`` or ``lambda`` that reads values of the
enclosing function becomes a *lifted* function taking those values as explicit
leading parameters (keeping the user's names), compiled on its own in the
enclosing function's globals, and every call passes the values current at the
call (Python's late binding, exact through SSA).  So the derivative flows
through both the explicit arguments and the values read from the enclosing
scope, and the lifted function, known when the derivative is generated, is
differentiated like a module-level function (any order, both modes).

Lifted only when exactly modelled: the name is bound once, by the ``def`` or by
``name = lambda ...``, no decorator, and every use in the enclosing function is
a direct call ``name(...)``.  Otherwise (returned, stored, passed on, called
from another nested function) the function is kept as written, and refused by
activity analysis when it reads a value carrying a derivative, or here when it
reads a name the enclosing function binds more than once (the value it would
see depends on when it is called).  ``nonlocal`` in a nested function is
refused.  Defaults are evaluated where the ``def`` is (as Python does) and
passed explicitly by each call that does not supply them."""
import ast
import builtins
import symtable
import types
from dataclasses import dataclass, field

import gast

from ..core.errors import register_lines
from ..core.markers import derived_operator_name
from ..ir.compile import compile_function
from ..ir.emit import to_source
from ..ir.naming import all_names
from ..ir.nodes import loaded_names, parameter_names, text, walk_outer
from .parse import parse_function
from .resolve import Resolver, is_static_object, local_names


@dataclass
class Lifted:
    """A lifted nested function: its compiled form, the enclosing names it takes
    first, its user-level parameters and the atoms of its defaults."""
    name: str
    node: object                       # the nested def / lambda as the user wrote it
    free: list                         # enclosing names passed first, in order
    positional: list                   # its own positional parameters
    keyword_only: list
    has_star: bool
    defaults: dict = field(default_factory=dict)   # parameter -> atom evaluated at the def
    function: object = None


def free_names(fn):
    """Names a nested function or lambda (or a function nested in it) reads from
    enclosing scopes, in order: Python's own scoping (``symtable``), so a name bound
    by a function nested in it does not hide the name elsewhere."""
    source = text(fn) if isinstance(fn, gast.FunctionDef) else f"({text(fn)})"
    out = []

    def collect(table):
        for symbol in table.get_symbols():
            if symbol.is_global() and symbol.is_referenced() and symbol.get_name() not in out:
                out.append(symbol.get_name())
        for child in table.get_children():
            collect(child)

    for child in symtable.symtable(source, "<nested function>", "exec").get_children():
        collect(child)
    return out


def _own_scope(node):
    """The nodes of ``node``'s body outside nested functions and lambdas (their
    defaults and decorators included: they run in this scope)."""
    for stmt in node.body:
        yield from walk_outer(stmt)


def _inside_loop(node):
    """Nodes of ``node``'s own scope that are inside a loop body."""
    inside = set()

    def walk(n, in_loop):
        if in_loop:
            inside.add(id(n))
        if isinstance(n, (gast.FunctionDef, gast.Lambda)):
            for d in n.args.defaults + [d for d in n.args.kw_defaults if d is not None]:
                walk(d, in_loop)
            return
        loop = isinstance(n, (gast.For, gast.While))
        for child in gast.iter_child_nodes(n):
            walk(child, in_loop or (loop and child is not getattr(n, "iter", None)))

    for stmt in node.body:
        walk(stmt, False)
    return inside


class Plan:
    """What closure conversion may do in one function (read before normalizing)."""

    def __init__(self, sf, node):
        self.sf = sf
        bindings, loads, calls = {}, {}, set()
        in_loop = _inside_loop(node)
        self.rebound = set()
        for n in _own_scope(node):
            if isinstance(n, gast.FunctionDef):
                bindings.setdefault(n.name, []).append(n)
            elif isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
                bindings.setdefault(n.id, []).append(n)
            elif isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load):
                loads.setdefault(n.id, []).append(n)
            if isinstance(n, gast.Call) and isinstance(n.func, gast.Name):
                calls.add(id(n.func))
        params = set(parameter_names(node))
        for n in _own_scope(node):
            if isinstance(n, gast.Call) and isinstance(n.func, gast.Name) \
                    and n.func.id not in params and n.func.id not in bindings \
                    and not hasattr(builtins, n.func.id):
                # passed to a function named in the module (not a builtin such as map):
                # a helper specialized to it (expressions.helper_call)
                calls.update(id(a) for a in n.args if isinstance(a, gast.Name))
                calls.update(id(k.value) for k in n.keywords if isinstance(k.value, gast.Name))
            if isinstance(n, gast.Call) and isinstance(n.func, gast.Call) and n.func.args \
                    and isinstance(n.func.args[0], gast.Name):
                # op(g, ...)(a): tangentish's operator applied to it (operator_call), or
                # a helper specialized to it
                calls.add(id(n.func.args[0]))
        for name, binds in bindings.items():
            if len(binds) + (name in params) > 1 or any(id(b) in in_loop for b in binds):
                self.rebound.add(name)
        self.locals = set(bindings) | params
        # nested functions, and the Name each lambda is assigned to
        lambdas = {}
        for n in _own_scope(node):
            if isinstance(n, gast.Assign) and len(n.targets) == 1 \
                    and isinstance(n.targets[0], gast.Name) and isinstance(n.value, gast.Lambda):
                lambdas[id(n.value)] = n.targets[0].id
        self.liftable = {}          # id(def or lambda node) -> its name
        nested_loads = set()
        for n in gast.walk(node):
            if n is not node and isinstance(n, (gast.FunctionDef, gast.Lambda)):
                for sub in gast.walk(n):
                    if isinstance(sub, gast.Nonlocal):
                        raise sf.error(
                            f"a nonlocal statement ({', '.join(sub.names)}) in a nested function: "
                            "the derivative cannot follow a value the nested function rebinds "
                            "in the enclosing function",
                            "return the new value from the nested function and assign it", sub)
                body = n.body if isinstance(n.body, list) else [n.body]
                for s in body:
                    nested_loads.update(loaded_names(s))
        for n in _own_scope(node):
            if isinstance(n, gast.FunctionDef):
                name, ok = n.name, not n.decorator_list
            elif isinstance(n, gast.Lambda) and id(n) in lambdas:
                name, ok = lambdas[id(n)], True
            else:
                continue
            uses = loads.get(name, [])
            if ok and len(bindings.get(name, ())) == 1 and name not in params \
                    and name not in nested_loads and all(id(u) in calls for u in uses):
                self.liftable[id(n)] = name

    def lifted_names(self, fn):
        """The enclosing names ``fn`` (a liftable nested function) takes first: the
        enclosing function's locals and its closure cells holding plain values."""
        out = []
        for name in free_names(fn):
            if name in self.locals:
                out.append(name)
            elif name in self.sf.closure:
                try:
                    value = self.sf.closure[name].cell_contents
                except ValueError:
                    value = None
                if not is_static_object(value):
                    out.append(name)
        return out


def lift(sf, fn, name, free):
    """``fn`` (a nested def or lambda) as a def ``name`` taking ``free`` first and no
    defaults (its callers pass them), compiled in the enclosing function's namespace,
    its lines reported at the user's."""
    args = fn.args
    params = [gast.Name(id=f, ctx=gast.Param(), annotation=None, type_comment=None)
              for f in free]
    if args.posonlyargs:
        posonly, positional = params + list(args.posonlyargs), list(args.args)
    else:
        posonly, positional = [], params + list(args.args)
    new_args = gast.arguments(posonlyargs=posonly, args=positional, vararg=args.vararg,
                              kwonlyargs=list(args.kwonlyargs),
                              kw_defaults=[None] * len(args.kwonlyargs), kwarg=args.kwarg,
                              defaults=[])
    if isinstance(fn, gast.Lambda):
        body = [gast.Return(value=fn.body)]
        gast.copy_location(body[0], fn)
    else:
        body = fn.body
    new = gast.FunctionDef(name=name, args=new_args, body=body, decorator_list=[],
                           returns=None, type_comment=None, type_params=[])
    gast.copy_location(new, fn)
    gast.fix_missing_locations(new)
    origins = {}
    source = to_source(new, origins, own_lines=True)
    filename = f"<tangentish nested function {name} of {sf.fn.__qualname__}, lifted>"
    register_lines(filename, sf.filename, {line + 1: at for line, at in origins.items()})
    out = compile_function(source, new, filename, sf.fn, {})
    out.__defaults__, out.__kwdefaults__ = None, None
    out.__qualname__ = f"{sf.fn.__qualname__}.<locals>.{name}"
    out.tangentish_user_code = True      # the user's code (ad/namespace.py rewrites its calls)
    return out


class _CallsOf(gast.NodeTransformer):
    """``p(args)`` -> ``g(free..., args)`` in a helper; any other use of ``p`` is noted."""

    def __init__(self, param, target, free):
        self.param, self.target, self.free = param, target, free
        self.other = None

    def visit_Call(self, call):
        func = call.func
        if not (isinstance(func, gast.Name) and func.id == self.param):
            self.generic_visit(call)
            return call
        call.args = [self.visit(a) for a in call.args]
        call.keywords = [self.visit(k) for k in call.keywords]
        free = [gast.Name(id=f, ctx=gast.Load(), annotation=None, type_comment=None)
                for f in self.free]
        target = gast.Name(id=self.target, ctx=gast.Load(), annotation=None, type_comment=None)
        return gast.Call(func=target, args=free + call.args, keywords=call.keywords)

    def visit_Name(self, name):
        if name.id == self.param and self.other is None:
            self.other = name
        return name


def specialize_helper(sf, helper, index, keyword, lifted, at):
    """``helper`` (a function with source) with its parameter receiving the lifted
    function ``lifted`` (positional ``index`` or ``keyword``) replaced by the values
    the lifted function reads, and its calls ``p(...)`` by calls of the lifted function
    passing them: ``(specialized function, parameter names replacing p)``.  The
    helper runs while the enclosing function waits, so the values at the call are
    the values at each call of the closure.  Refused where that is not exact."""
    name = getattr(helper, "__name__", "helper")
    hsf = parse_function(helper)
    node = hsf.node
    a = node.args
    positional = a.posonlyargs + a.args
    if keyword is not None:
        matches = [p for p in positional if p.id == keyword]
        param = matches[0] if matches else None
    else:
        param = positional[index] if index < len(positional) else None
    if param is None or lifted.defaults or a.defaults and \
            positional.index(param) >= len(positional) - len(a.defaults):
        raise sf.error(
            f"the nested function {lifted.name!r} reads values of the enclosing function and "
            f"is passed to {name}() where tangentish cannot pass it those values (into *args "
            "or **kwargs, a parameter with a default, or a nested function with defaults)",
            f"call {lifted.name} directly, or pass the values it reads to {name}", at)
    taken = all_names(node)
    target = lifted.name
    k = 1
    while target in taken:
        target, k = f"{lifted.name}_{k}", k + 1
    free = []
    for f in lifted.free:
        new, k = f, 1
        while new in taken or new in free or new == target:
            new, k = f"{f}_{k}", k + 1
        free.append(new)
    rewrite = _CallsOf(param.id, target, free)
    node.body = [rewrite.visit(s) for s in node.body]
    if rewrite.other is not None:
        raise sf.error(
            f"the nested function {lifted.name!r} reads values of the enclosing function and "
            f"is passed to {name}(), which uses its parameter {param.id!r} other than by "
            f"calling it ({hsf.filename}:{getattr(rewrite.other, 'lineno', '?')}): it could "
            "keep it and call it later, when those values have changed",
            f"have {name} only call {param.id}, or call {lifted.name} directly", at)
    params = [gast.Name(id=f, ctx=gast.Param(), annotation=None, type_comment=None)
              for f in free]
    if param in a.posonlyargs:
        i = a.posonlyargs.index(param)
        a.posonlyargs = a.posonlyargs[:i] + params + a.posonlyargs[i + 1:]
    else:
        i = a.args.index(param)
        a.args = a.args[:i] + params + a.args[i + 1:]
    node.name = f"{node.name}_{lifted.name}" if node.name.isidentifier() else lifted.name
    node.decorator_list = []
    gast.fix_missing_locations(node)
    origins = {}
    source = to_source(node, origins, own_lines=True)
    filename = f"<tangentish {name} specialized to the nested function {lifted.name} of " \
               f"{sf.fn.__qualname__}>"
    register_lines(filename, hsf.filename, {line + 1: at_ for line, at_ in origins.items()})
    out = compile_function(source, node, filename, helper, {target: lifted.function})
    out.__defaults__, out.__kwdefaults__ = helper.__defaults__, helper.__kwdefaults__
    out._tangentish_specialized_from = (helper, helper.__code__)
    return out, free


# -- A closure handed to tangentish's own operators: grad(inner)(a) ------------------

# The operators returning a function of the same arguments, and whether ``wrt`` may
# be passed positionally (second argument).
OPERATORS = {"grad": False, "value_and_grad": True, "jacobian": True, "hessian": True,
             "hvp": True}


def shift_wrt(wrt, n, params=None):
    """``wrt`` of a closure's operator, as the same positions of its lifted function
    (which takes ``n`` enclosing values first); names stay names.  ``params`` (the
    closure's own positional parameters, where known): a negative index counts from
    their end; an index outside them or a name not among them raises ValueError, as the
    operator applied to the closure itself does; the lifted function's extra leading
    parameters (the enclosing values) are never reachable through ``wrt``."""
    if isinstance(wrt, tuple):
        return tuple(shift_wrt(w, n, params) for w in wrt)
    if isinstance(wrt, bool) or not isinstance(wrt, (int, str)):
        raise TypeError(f"wrt={wrt!r}: expected a parameter index, name or tuple of them")
    if isinstance(wrt, int):
        given = wrt
        if wrt < 0 and params is not None:
            wrt += len(params)           # counted from the end of the closure's own
        if wrt < 0 or params is not None and wrt >= len(params):
            raise ValueError(f"wrt={given} is out of range for a function of "
                             f"{'its' if params is None else len(params)} positional "
                             "parameters")
        return wrt + n
    if params is not None and wrt not in params:
        raise ValueError(f"wrt={wrt!r} is not a parameter of the function "
                         f"(its parameters: {', '.join(params) or 'none'})")
    return wrt


def _operator_name(obj):
    name = derived_operator_name(obj)
    return name if name in OPERATORS else None


def _wrt_argument(call, name):
    """(the ``wrt`` node of ``call`` of operator ``name`` or None, call without it)."""
    args, keywords, wrt = list(call.args), [], None
    for k in call.keywords:
        if k.arg == "wrt":
            wrt = k.value
        else:
            keywords.append(k)
    if wrt is None and OPERATORS[name] and len(args) > 1:
        wrt = args.pop(1)
    return wrt, args, keywords


def _identity(fn):
    """True if ``fn`` is a Python function whose body only returns its one parameter."""
    if not isinstance(fn, types.FunctionType):
        return False
    try:
        node = parse_function(fn).node
    except Exception:      # no source: not known to be the identity
        return False
    body = [s for s in node.body if not (isinstance(s, gast.Expr)
                                         and isinstance(s.value, gast.Constant))]
    params = node.args.posonlyargs + node.args.args
    return len(params) == 1 and not node.args.vararg and not node.args.kwarg \
        and not node.args.kwonlyargs and len(body) == 1 and isinstance(body[0], gast.Return) \
        and isinstance(body[0].value, gast.Name) and body[0].value.id == params[0].id


def specialize_wrapper(helper, n, params=None):
    """``helper`` (``def grad(fun, argnum=0): return tangentish.grad(fun, wrt=...)``,
    its first parameter passed through an identity function at most) as a function
    of the same parameters whose operator call has ``wrt`` shifted by ``n``; None
    if ``helper`` is not exactly such a wrapper."""
    if not isinstance(helper, types.FunctionType):
        return None
    try:
        hsf = parse_function(helper)
    except Exception:      # no source
        return None
    node = hsf.node
    a = node.args
    positional = a.posonlyargs + a.args
    body = [s for s in node.body if not (isinstance(s, gast.Expr)
                                         and isinstance(s.value, gast.Constant))]
    if not positional or node.decorator_list or len(body) != 1 \
            or not isinstance(body[0], gast.Return) or not isinstance(body[0].value, gast.Call):
        return None
    param = positional[0].id
    call = body[0].value
    resolver = Resolver(hsf, local_names(node))
    name = _operator_name(resolver.resolve(call.func)) if isinstance(
        call.func, (gast.Name, gast.Attribute)) else None
    if name is None or not call.args or any(isinstance(x, gast.Starred) for x in call.args) \
            or any(k.arg is None for k in call.keywords):
        return None
    first = call.args[0]
    if isinstance(first, gast.Call) and len(first.args) == 1 and not first.keywords \
            and isinstance(first.func, (gast.Name, gast.Attribute)) \
            and _identity(resolver.resolve(first.func)):
        first = first.args[0]
    if not (isinstance(first, gast.Name) and first.id == param):
        return None
    wrt, args, keywords = _wrt_argument(call, name)
    rest = args[1:] + keywords
    if any(isinstance(x, gast.Name) and x.id == param for r in rest for x in gast.walk(r)) \
            or wrt is not None and any(isinstance(x, gast.Name) and x.id == param
                                       for x in gast.walk(wrt)):
        return None
    shift = "_tangentish_shift_wrt"
    if shift in all_names(node):
        return None
    value = wrt if wrt is not None else gast.Constant(value=0, kind=None)
    new_wrt = gast.Call(func=gast.Name(id=shift, ctx=gast.Load(), annotation=None,
                                       type_comment=None),
                        args=[value, gast.Constant(value=n, kind=None),
                              gast.parse(repr(None if params is None else tuple(params)))
                              .body[0].value], keywords=[])
    call.args = args
    call.keywords = keywords + [gast.keyword(arg="wrt", value=new_wrt)]
    node.name = f"{node.name}_of_closure" if node.name.isidentifier() else "wrapper_of_closure"
    node.decorator_list = []
    gast.fix_missing_locations(node)
    origins = {}
    source = to_source(node, origins, own_lines=True)
    filename = f"<tangentish {helper.__qualname__} applied to a closure>"
    register_lines(filename, hsf.filename, {line + 1: at_ for line, at_ in origins.items()})
    out = compile_function(source, node, filename, helper, {shift: shift_wrt})
    out.__defaults__, out.__kwdefaults__ = helper.__defaults__, helper.__kwdefaults__
    out._tangentish_specialized_from = (helper, helper.__code__)
    return out


def one_line(node):
    lines = text(node).strip().splitlines()
    return lines[0] if lines else ""


def _name(id_):
    return gast.Name(id=id_, ctx=gast.Load(), annotation=None, type_comment=None)


def operator_call(norm, node):
    """``op(g, ...)(a)`` with ``g`` lifted (free values ``x``) and ``op`` one of
    tangentish's operators (or a module function only returning one applied to its
    first parameter, such as autograd's ``grad(fun, argnum)``): the operator applied
    to the lifted function with ``wrt`` shifted past the free values, called with the
    values current now first, ``op(g_lifted, wrt=1)(x, a)``, so the outer derivative
    flows through them.  None where ``node`` is not such a call."""
    inner = node.func
    if not (isinstance(inner, gast.Call) and inner.args
            and isinstance(inner.func, (gast.Name, gast.Attribute))):
        return None
    first = inner.args[0]
    if isinstance(first, gast.Name) and first.id in norm.lifted:
        lifted = norm.lifted[first.id]
    elif isinstance(first, gast.Lambda) and not first.args.defaults \
            and not any(first.args.kw_defaults) and norm.closure_plan.lifted_names(first):
        # op(lambda y: ..., ...)(a): the lambda lifted here (called at once, so the
        # values it reads are the values current now)
        a = first.args
        lifted = Lifted("lambda", first, norm.closure_plan.lifted_names(first),
                        [p.id for p in a.posonlyargs + a.args], [p.id for p in a.kwonlyargs],
                        a.vararg is not None or a.kwarg is not None, {})
    else:
        return None
    op = norm.resolver.resolve(inner.func)
    name = _operator_name(op)
    n = len(lifted.free)
    if name is None:
        special = specialize_wrapper(op, n, lifted.positional) if norm.user_function(inner.func) else None
        if special is None:
            return None
    starred = any(isinstance(a, gast.Starred) for a in node.args + inner.args) or \
        any(k.arg is None for k in node.keywords + inner.keywords)
    if lifted.defaults or lifted.has_star or lifted.keyword_only or starred:
        raise norm.sf.error(
            f"the nested function {lifted.name!r} reads values of the enclosing function and "
            f"is passed to {one_line(inner.func)}() with defaults, *args, keyword-only "
            "parameters or * / ** arguments: tangentish cannot tell where its enclosing "
            "values go",
            f"give {lifted.name} plain positional parameters and pass arguments explicitly",
            node)
    fn_name = norm.namer.new(lifted.name)
    if lifted.function is None:
        lifted.function = lift(norm.sf, first, fn_name, lifted.free)
        norm.closures.append((first, set()))
    norm.injected[fn_name] = lifted.function
    if name is None:
        op_name = norm.namer.new(special.__name__)
        norm.injected[op_name] = special
        new_inner = gast.Call(func=_name(op_name), args=[_name(fn_name)] + inner.args[1:],
                              keywords=inner.keywords)
    else:
        wrt, args, keywords = _wrt_argument(inner, name)
        try:
            value = ast.literal_eval(text(wrt)) if wrt is not None else 0
        except (ValueError, TypeError, SyntaxError):
            raise norm.sf.error(
                f"the nested function {lifted.name!r} reads values of the enclosing function "
                f"and is passed to {one_line(inner.func)}() with wrt={one_line(wrt)}: "
                "tangentish shifts wrt past those values only when it is a literal",
                "write wrt as a literal index, name or tuple of them", node) from None
        try:
            shifted = shift_wrt(value, n, lifted.positional)
        except (ValueError, TypeError) as e:
            raise norm.sf.error(
                f"the nested function {lifted.name!r} reads values of the enclosing function "
                f"and is passed to {one_line(inner.func)}() with wrt={one_line(wrt)}: {e}",
                f"name or index one of {lifted.name}'s own parameters "
                f"({', '.join(lifted.positional) or 'none'})", node) from None
        wrt_node = gast.parse(repr(shifted)).body[0].value
        new_inner = gast.Call(func=inner.func, args=[_name(fn_name)] + args[1:],
                              keywords=keywords + [gast.keyword(arg="wrt", value=wrt_node)])
    gast.copy_location(new_inner, inner)
    out = gast.Call(func=new_inner, args=[_name(f) for f in lifted.free] + node.args,
                    keywords=node.keywords)
    gast.copy_location(out, node)
    gast.fix_missing_locations(out)
    return out
