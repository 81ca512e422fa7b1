"""The vjp of a ``custom_gradient`` function as one Python function, so that a
second derivative can differentiate through the user's grad_fn."""
import gast

from ..core import engine
from ..ir import naming, templates
from ..ir.compile import compile_function
from ..ir.emit import to_source
from ..ir.nodes import parameter_names
from .parse import parse_function


def inline_grad_fn(cg):
    """``f_vjp(dy, *xs)`` of the custom-gradient function ``cg`` (see
    ``CustomGradient.vjp_function``, which caches it)."""
    sf = parse_function(cg.fn)
    node = sf.node
    body = list(node.body)
    ret = body[-1] if body else None

    def refuse(why):
        return sf.error(f"cannot take a second derivative through custom_gradient "
                        f"{cg.__qualname__!r}: {why}",
                        "end the function with `return y, grad` where grad is a def or lambda "
                        "written in it", ret or node)
    if not (isinstance(ret, gast.Return) and isinstance(ret.value, gast.Tuple)
            and len(ret.value.elts) == 2):
        raise refuse("it does not end with `return y, grad_fn`")
    grad = ret.value.elts[1]
    rest = body[:-1]
    if isinstance(grad, gast.Name):
        defs = [s for s in rest if isinstance(s, gast.FunctionDef) and s.name == grad.id]
        lams = [s for s in rest if isinstance(s, gast.Assign) and len(s.targets) == 1
                and isinstance(s.targets[0], gast.Name) and s.targets[0].id == grad.id
                and isinstance(s.value, gast.Lambda)]
        if defs:
            fn_def = defs[-1]
            rest = [s for s in rest if s is not fn_def]
            params, grad_body = fn_def.args, fn_def.body
        elif lams:
            lam = lams[-1]
            rest = [s for s in rest if s is not lam]
            params, grad_body = lam.value.args, [gast.Return(value=lam.value.body)]
        else:
            raise refuse(f"{grad.id!r} is not a def or lambda written in it")
    elif isinstance(grad, gast.Lambda):
        params, grad_body = grad.args, [gast.Return(value=grad.body)]
    else:
        raise refuse("its grad_fn is not a def or lambda written in it")
    outer = parameter_names(node, keyword_only=False, varargs=False)
    upstream = [a.id for a in params.args]
    clash = set(upstream) & (set(outer) | {n.id for s in rest for n in gast.walk(s)
                                           if isinstance(n, gast.Name)})
    mapping = {u: naming.clashing_cotangent(u) for u in clash}
    grad_body = [templates.substitute(s, mapping) for s in grad_body]
    new_params = [templates.name(mapping.get(u, u)) for u in upstream]
    args = gast.arguments(args=new_params + list(node.args.args),
                          posonlyargs=list(node.args.posonlyargs), vararg=None, kwonlyargs=[],
                          kw_defaults=[], kwarg=None, defaults=list(node.args.defaults))
    new = gast.FunctionDef(name=naming.custom_vjp_name(node.name), args=args, body=rest + grad_body,
                           decorator_list=[], returns=None, type_comment=None, type_params=[])
    source = to_source(new)
    filename = f"<tangentish vjp of custom_gradient {cg.fn.__module__}.{cg.__qualname__}>"
    return compile_function(source, new, filename, cg.fn, {})


engine.install(custom_vjp=inline_grad_fn)
