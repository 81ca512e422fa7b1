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
    kwnames = tuple(sorted(kwnames))
    key = (fn, code, nargs, kwnames)
    hit = _SPECIALIZED.get(key)
    if hit is not None:
        return hit
    sf = parse_function(fn)
    node = sf.node
    a = node.args
    named = [p.id for p in a.posonlyargs + a.args]
    extra = nargs - len(named)
    star = a.vararg.id if a.vararg is not None else None
    kw = a.kwarg.id if a.kwarg is not None else None
    declared = set(named) | {p.id for p in a.kwonlyargs}
    if (extra > 0 and star is None) or (kwnames and kw is None and
                                        not set(kwnames) <= declared):
        return fn
    star_names = [f"{star}_{i}" for i in range(max(extra, 0))] if star else []
    kw_names = [k for k in kwnames if k not in declared] if kw else []
    taken = {n.id for n in gast.walk(node) if isinstance(n, gast.Name)}
    if set(star_names) & taken or set(kw_names) & taken:
        return fn
    for stmt in node.body:
        for n in gast.walk(stmt):
            if isinstance(n, gast.Name) and n.id in (star, kw) \
                    and not isinstance(n.ctx, gast.Load):
                return fn          # args / kwargs rebound: not a plain forwarder

    def load(name):
        return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)

    class Rewrite(gast.NodeTransformer):
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
                if sub.value.id == star and type(index.value) is int \
                        and -len(star_names) <= index.value < len(star_names):
                    return ast.copy_location(load(star_names[index.value]), sub)
                if sub.value.id == kw and index.value in kw_names:
                    return ast.copy_location(load(index.value), sub)
            self.generic_visit(sub)
            return sub

        def visit_Name(self, name):
            if isinstance(name.ctx, gast.Load) and name.id == star:
                t = gast.Tuple(elts=[load(s) for s in star_names], ctx=gast.Load())
                t._from_star = True
                return ast.copy_location(t, name)
            if isinstance(name.ctx, gast.Load) and name.id == kw:
                d = gast.Dict(keys=[gast.Constant(value=k, kind=None) for k in kw_names],
                              values=[load(k) for k in kw_names])
                d._from_kw = True
                return ast.copy_location(d, name)
            return name

    new = Rewrite().visit(node)
    new.args = gast.arguments(
        posonlyargs=list(a.posonlyargs),
        args=list(a.args) + [gast.Name(id=s, ctx=gast.Param(), annotation=None,
                                       type_comment=None) for s in star_names],
        vararg=None,
        kwonlyargs=list(a.kwonlyargs) + [gast.Name(id=k, ctx=gast.Param(), annotation=None,
                                                   type_comment=None) for k in kw_names],
        kw_defaults=list(a.kw_defaults) + [None] * len(kw_names), kwarg=None,
        defaults=list(a.defaults))
    if not new.name.isidentifier() or keyword.iskeyword(new.name):
        new.name = "lambda_"          # a lambda's specialization is a def
    gast.fix_missing_locations(new)
    origins = {}
    source = to_source(new, origins, own_lines=True)
    filename = (f"<tangentish {code.co_name} specialized to {nargs} positional arguments"
                + (f" and keywords {', '.join(kwnames)}" if kwnames else "") + ">")
    register_lines(filename, sf.filename, {line + 1: at for line, at in origins.items()})
    out = compile_function(source, new, filename, fn, {})
    out.__defaults__, out.__kwdefaults__ = fn.__defaults__, fn.__kwdefaults__
    out._tangentish_specialized_from = (fn, code)    # its derivative is stale with fn's code
    _SPECIALIZED[key] = out
    return out
