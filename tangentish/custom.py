"""User-facing ways to change differentiation: stop_gradient, custom_gradient, register.

All three are recognized at transform time (analyze.primitives) and become
annotated nodes of the IR, not runtime tricks."""
import inspect

from .rules.table import RULES, Rule


def stop_gradient(x):
    """The identity on values; no derivative flows through it, in any mode or order."""
    return x


class CustomGradient:
    """A function with a user-supplied gradient (TensorFlow's contract).

    The decorated function returns ``(y, grad_fn)``; ``grad_fn(dy)`` returns the
    cotangent of each input (a tuple for several).  Calling the decorated
    object returns ``y`` only.  In reverse mode its call is an annotated node
    whose adjoint calls ``grad_fn``.  Forward mode refuses it: a custom
    gradient defines a vector-Jacobian product only (as JAX's custom_vjp)."""

    def __init__(self, fn):
        self.fn = fn
        self.__name__ = getattr(fn, "__name__", "custom_gradient")
        self.__qualname__ = getattr(fn, "__qualname__", self.__name__)
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn
        self.nargs = len(inspect.signature(fn, follow_wrapped=False).parameters)
        self._as_function = None
        self._vjp_function = None

    def __call__(self, *args):
        return self.fn(*args)[0]

    def with_grad(self, *args):
        """``(y, grad_fn)``: what generated code calls."""
        y, grad_fn = self.fn(*args)
        return y, grad_fn

    def as_function(self):
        """A plain function calling this one, so ``grad(custom)`` differentiates the
        call (an annotated node) like any other."""
        if self._as_function is None:
            namespace = {"custom": self}
            params = ", ".join(f"x{i}" for i in range(self.nargs))
            source = f"def {self.__name__}({params}):\n    return custom({params})\n"
            filename = f"<tangentish call of custom_gradient {self.__qualname__}>"
            import linecache
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
            exec(compile(source, filename, "exec"), namespace)
            self._as_function = namespace[self.__name__]
        return self._as_function

    def vjp_function(self):
        """``f_vjp(dy, *xs)``: the user's grad_fn applied to ``dy``, written as one
        Python function (the nested ``grad`` inlined after the forward code), so a
        second derivative can differentiate through it -- what TensorFlow does."""
        if self._vjp_function is None:
            self._vjp_function = _inline_grad_fn(self)
        return self._vjp_function

    def __repr__(self):
        return f"<custom_gradient {self.__qualname__}>"


def custom_gradient(fn):
    """Decorator: ``fn(*xs) -> (y, grad_fn)`` with ``grad_fn(dy) -> dxs``."""
    return CustomGradient(fn)


def register(fn, signature=None, *, jvp=None, linear=None, multilinear=None, nondiff=False,
             symbols=None, note=""):
    """Add a derivative rule for ``fn``, in the format of the built-in rules.

    ``signature`` names the parameters as templates use them, e.g.
    ``"erf(x)"`` (default: ``fn``'s own name and parameters).  ``jvp``,
    ``linear``, ``multilinear``: see tangentish/rules/table.py.  ``symbols``
    maps any other names the templates use to their objects (``fn`` itself is
    always available under its signature name).  Returns the rule."""
    if signature is None:
        params = ", ".join(p.name if p.default is p.empty else f"{p.name}={p.default!r}"
                           for p in inspect.signature(fn, follow_wrapped=False).parameters.values())
        signature = f"{fn.__name__}({params})"
    rule = Rule(fn, signature, jvp=jvp, linear=linear, multilinear=multilinear,
                nondiff=nondiff, note=note)
    extra = dict(symbols or {})
    root = rule.symbol.split(".")[0]
    if "." not in rule.symbol:
        extra.setdefault(root, fn)
    RULES.add(rule)
    RULES.symbols.update(extra)
    return rule


def _inline_grad_fn(cg):
    import gast

    from . import templates
    from .compile import compile_function
    from .emit import to_source
    from .parse import parse_function
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
    outer = [a.id for a in node.args.posonlyargs + node.args.args]
    upstream = [a.id for a in params.args]
    clash = set(upstream) & (set(outer) | {n.id for s in rest for n in gast.walk(s)
                                           if isinstance(n, gast.Name)})
    mapping = {u: u + "_cotangent" for u in clash}
    grad_body = [templates.substitute(s, mapping) for s in grad_body]
    new_params = [templates.name(mapping.get(u, u)) for u in upstream]
    args = gast.arguments(args=new_params + list(node.args.args),
                          posonlyargs=list(node.args.posonlyargs), vararg=None, kwonlyargs=[],
                          kw_defaults=[], kwarg=None, defaults=list(node.args.defaults))
    new = gast.FunctionDef(name=f"{node.name}_vjp", args=args, body=rest + grad_body,
                           decorator_list=[], returns=None, type_comment=None, type_params=[])
    source = to_source(new)
    filename = f"<tangentish vjp of custom_gradient {cg.fn.__module__}.{cg.__qualname__}>"
    return compile_function(source, new, filename, cg.fn, {})
