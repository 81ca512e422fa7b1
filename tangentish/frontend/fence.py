"""Fence: refuse, up front and with file:line, every construct the transformer
does not handle.  What passes the fence is what normalize's grammar accepts.

The refused constructs and calls are tabled here, in one place (``REFUSED``); the
statement kinds with nested blocks are ``ir.nodes.COMPOUND``."""
import builtins

import gast
import numpy as np

from ..ir.nodes import walk_outer
from . import extremes, records, unpacking

# construct -> what to do instead
REFUSED = {
    gast.Try: ("try/except/finally", "move the try block out of the differentiated function"),
    gast.With: ("a with block (other than `with np.errstate(...)`)",
                "move the with block out of the differentiated function"),
    gast.AsyncFunctionDef: ("an async function", "differentiate a plain def"),
    gast.AsyncFor: ("async for", "differentiate synchronous code"),
    gast.AsyncWith: ("async with", "differentiate synchronous code"),
    gast.Await: ("await", "differentiate synchronous code"),
    gast.Yield: ("yield (a generator)", "return a value (e.g. a list or an array) instead"),
    gast.YieldFrom: ("yield from (a generator)", "return a value instead"),
    gast.Global: ("a global statement", "pass the value in as an argument and return the result"),
    gast.Nonlocal: ("a nonlocal statement", "pass the value in as an argument and return the result"),
    gast.ClassDef: ("a class definition inside the function", "define the class at module level"),
    gast.Delete: ("del", "let the name go out of scope instead of deleting it"),
    gast.Import: ("an import inside the function", "import at module level"),
    gast.ImportFrom: ("an import inside the function", "import at module level"),
    # list and dict comprehensions, and generator expressions that a call runs to
    # its end, are lowered into loops (comprehensions.py); what it cannot lower it refuses
    gast.SetComp: ("a set comprehension: a set has no order, so the derivative of its "
                   "elements has no place to go", "build a list (a list comprehension) or a dict"),
    gast.Starred: ("*args unpacking", "pass the arguments explicitly"),
    gast.Set: ("a set display", "use a tuple or a list"),
    gast.Match: ("a match statement", "use if/elif"),
    gast.Raise: ("raise", "validate inputs before calling the differentiated function"),
}
if hasattr(gast, "TryStar"):
    REFUSED[gast.TryStar] = REFUSED[gast.Try]


_REFUSED_CALLS = {
    "eval": "compute it directly in Python", "exec": "write the code directly",
    "compile": "write the code directly", "globals": "pass values as arguments",
    "locals": "use the names directly", "vars": "use the names directly",
    "setattr": "compute values and return them", "delattr": "compute values and return them",
}


# other autodiff frameworks whose numpy wrappers trace their own way
_FOREIGN = ("autograd", "jax", "jaxlib")
_FOREIGN_HINT = ("use `import numpy as np` (and scipy for scipy functions) in the module; "
                 "tangentish.grad then differentiates the plain numpy calls")


def _foreign_import(node):
    """The module ``node`` (an import) names when it is autograd or jax, else None."""
    if isinstance(node, gast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, gast.ImportFrom):
        names = [node.module or ""]
    else:
        return None
    for name in names:
        if name.split(".")[0] in _FOREIGN:
            return name
    return None


def _foreign_module(target):
    """``"autograd"`` or ``"jax"`` when ``target`` (a resolved callee) is one of their
    traced numpy functions (autograd's carry ``_is_autograd_primitive``; the conformance
    shim's are tangentish's or numpy's own), else None."""
    module = getattr(target, "__module__", None)
    if not isinstance(module, str):
        return None
    root = module.split(".")[0]
    if root == "autograd" and getattr(target, "_is_autograd_primitive", False):
        return root
    if root in ("jax", "jaxlib"):
        return "jax"
    return None


def check(sf, resolver=None):
    """Raise TransformError at the first refused construct in ``sf.node``'s body."""
    root = sf.node
    if not isinstance(root, gast.FunctionDef):
        raise sf.error("cannot differentiate an async function", "differentiate a plain def", root)
    if root.args.kwarg is not None:
        raise sf.error("a function with **kwargs", "list its parameters explicitly", root)
    for stmt in root.body:
        for node in walk_outer(stmt):
            foreign = _foreign_import(node)
            if foreign:
                raise sf.error(f"cannot differentiate code that imports {foreign}: tangentish "
                               "differentiates plain numpy", _FOREIGN_HINT, node)
            refused = REFUSED.get(type(node))
            if refused is not None:
                what, hint = refused
                raise sf.error(f"cannot differentiate {what}", hint, node)
            if isinstance(node, gast.While) and any(
                    isinstance(n, gast.NamedExpr) for n in gast.walk(node.test)):
                walrus = next(n for n in gast.walk(node.test) if isinstance(n, gast.NamedExpr))
                raise sf.error("cannot differentiate an assignment expression (:=) in a while "
                               "condition", "assign before the loop and at the end of its body",
                               walrus)
            if isinstance(node, (gast.FunctionDef, gast.Lambda)) and any(
                    isinstance(n, gast.NamedExpr) for d in node.args.defaults + [
                        d for d in node.args.kw_defaults if d is not None] for n in gast.walk(d)):
                raise sf.error("cannot differentiate an assignment expression (:=) in a "
                               "default value", "assign on a line of its own", node)
            if isinstance(node, gast.NamedExpr) and not isinstance(node.target, gast.Name):
                raise sf.error("cannot differentiate this assignment expression (:=)",
                               "assign on a line of its own", node)
            if isinstance(node, gast.Assign):
                for tgt in node.targets:
                    if isinstance(tgt, (gast.Tuple, gast.List)) and _simple_target(tgt):
                        continue      # names, or nested tuples of names
                    if isinstance(tgt, gast.Subscript) and isinstance(tgt.value, gast.Name):
                        continue
                    if not isinstance(tgt, gast.Name):
                        raise sf.error("cannot differentiate an assignment to "
                                       f"{_describe(tgt)}", "assign to a plain name", tgt)
            if isinstance(node, gast.AugAssign) and not (
                    isinstance(node.target, gast.Name) or (isinstance(node.target, gast.Subscript)
                                                           and isinstance(node.target.value, gast.Name))):
                raise sf.error(f"cannot differentiate an in-place update of {_describe(node.target)}",
                               "assign the object to a name first", node)
            if isinstance(node, (gast.For, gast.AsyncFor)) and not _simple_target(node.target):
                raise sf.error("a loop target other than names and tuples of names",
                               "assign inside the loop body", node)
            if isinstance(node, gast.Compare) and not all(
                    isinstance(c, (gast.Name, gast.Constant)) for c in node.comparators[:-1]):
                raise sf.error("cannot differentiate a chained comparison whose middle operand "
                               "is an expression", "name it first: m = ...; a < m < b", node)
            if isinstance(node, gast.Call) and resolver is not None:
                target = resolver.resolve(node.func)
                foreign = _foreign_module(target)
                if foreign:
                    raise sf.error(f"cannot differentiate a call of {foreign}'s "
                                   f"{getattr(target, '__name__', 'function')}(): tangentish "
                                   "differentiates plain numpy, not another framework's traced "
                                   "functions", _FOREIGN_HINT, node)
                for name, hint in _REFUSED_CALLS.items():
                    if target is getattr(builtins, name):
                        raise sf.error(f"cannot differentiate a call to {name}(): tangentish "
                                       "cannot see the code it runs", hint, node)
            if isinstance(node, gast.Call) and any(k.arg is None for k in node.keywords):
                raise sf.error("**kwargs unpacking in a call", "pass keywords explicitly", node)
    returns = [n for stmt in root.body for n in walk_outer(stmt) if isinstance(n, gast.Return)]
    if not any(r.value is not None and not (isinstance(r.value, gast.Constant)
                                            and r.value.value is None) for r in returns):
        raise sf.error(f"{sf.name}() returns None (it has no return statement with a value): "
                       "there is no output to differentiate", "return the value to differentiate",
                       returns[0] if returns else root)


def _describe(node):
    if isinstance(node, (gast.Tuple, gast.List)):
        inner = next(e for e in node.elts if not _simple_target(e))
        if isinstance(inner, gast.Starred):
            return "a starred target (a, *rest = ...)"
        return _describe(inner) + " inside a tuple of targets"
    return {gast.Subscript: "an element or slice (a[i] = ...)",
            gast.Attribute: "an attribute"}.get(type(node), type(node).__name__)


def _simple_target(node):
    if isinstance(node, gast.Name):
        return True
    return isinstance(node, (gast.Tuple, gast.List)) and all(_simple_target(e) for e in node.elts)


# np.errstate settings that change no value and no control flow ("raise" raises,
# "call" / "print" / "log" run code or write output)
_QUIET_ERRSTATE = ("ignore", "warn")


def _errstate_body(sf, resolver, stmt):
    """The body of ``with np.errstate(divide="ignore", ...):`` (numpy's floating-point
    warnings: no value changes), to run as plain code; None for another with statement."""
    if resolver is None or not isinstance(stmt, gast.With) or not all(
            isinstance(item.context_expr, gast.Call)
            and resolver.resolve(item.context_expr.func) is np.errstate
            for item in stmt.items):
        return None
    for item in stmt.items:
        call = item.context_expr
        if item.optional_vars is not None or call.args:
            raise sf.error("cannot differentiate `with np.errstate(...) as ...` or with "
                           "positional arguments", "write with np.errstate(divide=\"ignore\")",
                           call)
        for k in call.keywords:
            if not (isinstance(k.value, gast.Constant) and k.value.value in _QUIET_ERRSTATE):
                raise sf.error(f"cannot differentiate np.errstate({k.arg}=...) other than "
                               f"{' or '.join(map(repr, _QUIET_ERRSTATE))} (the derivative "
                               "code would not raise or call as the function does)",
                               "move the with block out of the differentiated function", k.value)
    return list(stmt.body)


def _flatten_errstate(sf, resolver, stmts):
    """``stmts`` with each ``with np.errstate(...)`` block replaced by its body (at any
    depth of if / for / while blocks; nested functions are left as written)."""
    out = []
    for stmt in stmts:
        body = _errstate_body(sf, resolver, stmt)
        if body is not None:
            out.extend(_flatten_errstate(sf, resolver, body))
            continue
        for field in ("body", "orelse"):
            if isinstance(stmt, (gast.If, gast.For, gast.While, gast.With)) and \
                    getattr(stmt, field, None):
                setattr(stmt, field, _flatten_errstate(sf, resolver, getattr(stmt, field)))
        out.append(stmt)
    return out


def run(ctx, node):
    """Refuse what the transforms do not handle.  The function is unchanged but for
    exact rewrites first: ``with np.errstate(...)`` blocks become plain code;
    ``functools.partial`` objects only called, and objects only read by attribute, as
    tuples (records.py); ``*`` / ``**`` arguments of known length and keys, expanded
    (unpacking.py); max / min of lists it builds (extremes.py)."""
    node.body = _flatten_errstate(ctx.sf, ctx.resolver, node.body)
    records.rewrite_partials(ctx.sf, ctx.resolver, ctx.sf.node)
    unpacking.expand(ctx.sf, ctx.sf.node)
    records.rewrite(ctx, ctx.sf.node)
    extremes.rewrite(ctx, ctx.sf.node)
    check(ctx.sf, ctx.resolver)
    return node
