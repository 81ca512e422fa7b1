"""A ``def f(*args, **kwargs)`` wrapper (what ``functools.wraps`` decorators write)
as the plain function it is for one call shape, so it can be differentiated
as itself."""
import ast
import inspect
import keyword

import gast

from ..core.errors import register_lines
from ..ir.compile import compile_function
from ..ir.emit import to_source
from ..ir.naming import vararg_parameter
from ..ir.nodes import parameter_names
from .parse import parse_function

_SPECIALIZED = {}     # (function, its code, positional count, keyword names) -> function


def specialize_varargs(fn, nargs, kwnames):
    """``fn`` (a ``def f(a, *args, **kwargs)``, the usual decorator wrapper) as the plain
    function it is for a call with ``nargs`` positional arguments and the keywords
    ``kwnames``: ``*args`` becomes ``args_0, ...``, ``**kwargs`` keyword-only parameters,
    and their uses ``g(*args, **kwargs)`` / ``args[0]`` / ``kwargs["k"]`` the
    corresponding names, tuple and dict displays.  It runs in ``fn``'s namespace (its
    globals and closure cells), so it computes what ``fn`` computes for that call.
    Returns ``fn`` itself when it has no ``*args``/``**kwargs`` or when they are used
    in another way (assigned): then the usual refusals apply."""
    code = fn.__code__
    if not code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return fn
    kwnames = tuple(kwnames)     # call order: a ``**kwargs`` dict keeps it (the key has it)
    key = (fn, code, nargs, kwnames)
    hit = _SPECIALIZED.get(key)
    if hit is not None:
        return hit
    sf = parse_function(fn)
    shape = _call_shape(sf.node, nargs, kwnames)
    if shape is None:
        return fn
    new = _Rewrite(*shape).visit(sf.node)
    new.args = _specialized_arguments(new.args, *shape[2:])
    if not new.name.isidentifier() or keyword.iskeyword(new.name):
        new.name = "lambda_"          # a lambda's specialization is a def
    out = _compile(new, sf, fn, nargs, kwnames)
    _SPECIALIZED[key] = out
    return out


def _call_shape(node, nargs, kwnames):
    """(``*args``'s name, ``**kwargs``'s name, the parameters ``*args`` becomes, the
    keyword-only parameters ``**kwargs`` becomes) for a call with ``nargs``
    positional arguments and the keywords ``kwnames``; None where ``node`` cannot
    be specialized to it."""
    a = node.args
    named = parameter_names(node, keyword_only=False, varargs=False)
    extra = nargs - len(named)
    star = a.vararg.id if a.vararg is not None else None
    kw = a.kwarg.id if a.kwarg is not None else None
    declared = set(parameter_names(node, varargs=False))
    if (extra > 0 and star is None) or (kwnames and kw is None and
                                        not set(kwnames) <= declared):
        return None
    star_names = [vararg_parameter(star, i) for i in range(max(extra, 0))] if star else []
    kw_names = [k for k in kwnames if k not in declared] if kw else []
    if any(not k.isidentifier() or keyword.iskeyword(k) for k in kw_names):
        return None        # ``**{"class": x}``: no parameter can have that name
    taken = {n.id for n in gast.walk(node) if isinstance(n, gast.Name)}
    if set(star_names) & taken or set(kw_names) & taken:
        return None
    for stmt in node.body:
        for n in gast.walk(stmt):
            if isinstance(n, gast.Name) and n.id in (star, kw) \
                    and not isinstance(n.ctx, gast.Load):
                return None        # args / kwargs rebound: not a plain forwarder
    return star, kw, star_names, kw_names


def _load(name):
    return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)


class _Rewrite(gast.NodeTransformer):
    """Uses of ``*args`` / ``**kwargs`` as the specialized parameters."""

    def __init__(self, star, kw, star_names, kw_names):
        self.star, self.kw = star, kw
        self.star_names, self.kw_names = star_names, kw_names

    def visit_Call(self, call):
        self.generic_visit(call)
        args = []
        for arg in call.args:
            if isinstance(arg, gast.Starred) and isinstance(arg.value, gast.Tuple) \
                    and getattr(arg.value, "_from_star", False):
                args.extend(arg.value.elts)
            else:
                args.append(arg)
        keywords = []
        for k in call.keywords:
            if k.arg is None and isinstance(k.value, gast.Dict) \
                    and getattr(k.value, "_from_kw", False):
                keywords.extend(gast.keyword(arg=key.value, value=value)
                                for key, value in zip(k.value.keys, k.value.values))
            else:
                keywords.append(k)
        call.args, call.keywords = args, keywords
        return call

    def visit_Subscript(self, sub):
        # args[0] -> args_0, kwargs["k"] -> k (a constant index into the display)
        index = sub.slice
        if isinstance(sub.value, gast.Name) and isinstance(sub.ctx, gast.Load) \
                and isinstance(index, gast.Constant):
            if sub.value.id == self.star and type(index.value) is int \
                    and -len(self.star_names) <= index.value < len(self.star_names):
                return ast.copy_location(_load(self.star_names[index.value]), sub)
            if sub.value.id == self.kw and index.value in self.kw_names:
                return ast.copy_location(_load(index.value), sub)
        self.generic_visit(sub)
        return sub

    def visit_Name(self, name):
        if isinstance(name.ctx, gast.Load) and name.id == self.star:
            t = gast.Tuple(elts=[_load(s) for s in self.star_names], ctx=gast.Load())
            t._from_star = True
            return ast.copy_location(t, name)
        if isinstance(name.ctx, gast.Load) and name.id == self.kw:
            d = gast.Dict(keys=[gast.Constant(value=k, kind=None) for k in self.kw_names],
                          values=[_load(k) for k in self.kw_names])
            d._from_kw = True
            return ast.copy_location(d, name)
        return name


def _specialized_arguments(a, star_names, kw_names):
    """The parameters: ``a``'s, ``*args`` as ``star_names``, ``**kwargs`` as the
    keyword-only ``kw_names``."""
    return gast.arguments(
        posonlyargs=list(a.posonlyargs),
        args=list(a.args) + [gast.Name(id=s, ctx=gast.Param(), annotation=None,
                                       type_comment=None) for s in star_names],
        vararg=None,
        kwonlyargs=list(a.kwonlyargs) + [gast.Name(id=k, ctx=gast.Param(), annotation=None,
                                                   type_comment=None) for k in kw_names],
        kw_defaults=list(a.kw_defaults) + [None] * len(kw_names), kwarg=None,
        defaults=list(a.defaults))


def _compile(new, sf, fn, nargs, kwnames):
    """The specialized function ``new``, compiled in ``fn``'s namespace, its lines
    reported at ``fn``'s."""
    code = fn.__code__
    gast.fix_missing_locations(new)
    origins = {}
    source = to_source(new, origins, own_lines=True)
    filename = (f"<tangentish {code.co_name} specialized to {nargs} positional arguments"
                + (f" and keywords {', '.join(kwnames)}" if kwnames else "") + ">")
    register_lines(filename, sf.filename, {line + 1: at for line, at in origins.items()})
    out = compile_function(source, new, filename, fn, {})
    out.__defaults__, out.__kwdefaults__ = fn.__defaults__, fn.__kwdefaults__
    out._tangentish_specialized_from = (fn, code)    # its derivative is stale with fn's code
    return out
