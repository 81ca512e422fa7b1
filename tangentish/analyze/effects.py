"""Effects: what a call does besides returning its value, and the calls whose
effects the derivative cannot follow.

Generated code sees a call only through its value: ``y = g(a)`` in the primal
and, in reverse mode, ``da = vjp_g(dy, a)`` in the adjoint, which runs ``g``'s
forward code a second time.  So a call is sound only if
  1. it changes no object the caller can still see (its arguments, its
     receiver): the adjoint reads primal values after the whole forward pass;
  2. what it writes elsewhere (attributes, globals, a ``nonlocal``, an object
     of an enclosing scope) carries no derivative, is not the caller's own
     variable (a ``nonlocal`` write would bypass the caller's SSA), and is not
     read by a callee that the adjoint runs again;
  3. when reverse mode needs its derivative (it runs twice), running it again
     changes nothing and gives the same value: no random draws, I/O, or calls
     whose effects cannot be seen.
``summaries.summary(fn)`` lists a Python function's effects, through the
functions with source it calls.  ``check`` refuses, at the call, every call of the function
being transformed that breaks 1-3 (mutating library calls without a
functional form included, see frontend/mutators.py); effect_guards.check_dynamic does the same at
run time for callees known only then (``vjp_call``/``jvp_call``), and the
``effects_guard``/``immutable_guard`` statements ``check`` emits check calls of
functions known only at run time that are not differentiated, objects whose
methods a callee calls, and arguments a callee updates with ``p += ...``.
Callees proven free of effects keep the cheap recomputation.
"""
import dataclasses

import gast

from ..frontend import mutators
from ..frontend.resolve import MISSING
from ..ir import annotations as anno, templates
from ..ir.nodes import located, statements, text
from .bindings import all_parameter_names, base_names, own_scope
from .summaries import (Effect, arguments_for, as_value_effect, followed, function_value_effects,
                        getattr_path, pure_method, resolve_callee, summarize_node, summary)


# -- call sites in the function being transformed ----------------------------------------------
def check(sf, fn_node, resolver, mode, symbols):
    """Refuse each call of the normalized ``fn_node`` whose effects the derivative
    cannot follow (rules 1-3 of the module docstring), at the call.

    ``mode``: the transform's mode; "grad"/"vjp" recompute active callees.
    Postcondition: a call of a function known only at run time whose derivative is
    not computed is preceded by ``effects_guard(...)``, which checks it then (the
    ones whose derivative is computed are checked by ``vjp_call``/``jvp_call``)."""
    outer = {n.id for n in gast.walk(fn_node) if isinstance(n, gast.Name)} | \
        all_parameter_names(fn_node)
    reads = {}
    for n in gast.walk(fn_node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load):
            reads[n.id] = reads.get(n.id, 0) + 1
    nested = _nested_functions(sf, fn_node)
    sites = _call_sites(sf, fn_node, resolver, mode)
    # A callee run again by the adjoint reads state as it is after the whole forward
    # pass: then no call may write state outside the function (rule 2).
    shared = any(site.rerun and _user_code(site.call.func, resolver) for _, site in sites)
    guards = []
    for block, site in sites:
        site.shared = shared
        if _check_call(site, resolver, nested, outer, reads):
            guards.append((block, site.stmt, _guard(sf, site, symbols)))
        for name, attr in site.deferred:
            guards.append((block, site.stmt, _guard(sf, site, symbols, name, attr)))
        for name, why in site.immutable:
            guards.append((block, site.stmt, _immutable_guard(sf, site, name, why, symbols)))
    for block, stmt, guard in guards:
        block.insert(next(i for i, s in enumerate(block) if s is stmt), guard)


def _nested_functions(sf, fn_node):
    """name -> the nested def or lambda bound to it; refuses a nested def that assigns
    a variable of ``fn_node`` (nonlocal)."""
    nested = {}
    for stmt in statements(fn_node.body):
        if isinstance(stmt, gast.Assign) and isinstance(stmt.value, gast.Lambda):
            nested.update((t.id, stmt.value) for t in stmt.targets if isinstance(t, gast.Name))
        if isinstance(stmt, gast.FunctionDef):
            nested[stmt.name] = stmt
            nl = [s for s in own_scope(stmt) if isinstance(s, gast.Nonlocal)]
            if nl:
                raise sf.error(
                    f"cannot differentiate the nested function {stmt.name!r}: it assigns the "
                    f"enclosing function's variable {nl[0].names[0]!r} (nonlocal), which the "
                    "derivative cannot follow", f"return the new value from {stmt.name} and "
                    "assign it in the enclosing function", nl[0])
    return nested


def _call_sites(sf, fn_node, resolver, mode):
    """(the block holding it, _Site) for each call statement of ``fn_node`` (a loop's
    stack pushes and pops aside)."""
    reverse = mode not in ("jvp", "tangent")
    varied = anno.get(fn_node, anno.VARIED, frozenset())
    active = anno.get(fn_node, anno.ACTIVE, frozenset())
    sites = []
    for block, stmt in _statements_in_blocks(fn_node.body):
        if anno.get(stmt, anno.STACK_PUSH) is not None or \
                anno.get(stmt, anno.STACK_POP) is not None:
            continue
        call = getattr(stmt, "value", None)
        if not isinstance(stmt, (gast.Assign, gast.Expr)) or not isinstance(call, gast.Call):
            continue
        targets = {n.id for t in getattr(stmt, "targets", []) for n in gast.walk(t)
                   if isinstance(n, gast.Name)}
        args = _arg_names(call)
        derivative = bool(targets & active) and bool(args & active)
        sites.append((block, _Site(sf, stmt, call, reverse and derivative, derivative,
                                   bool(args & varied), isinstance(stmt, gast.Expr), resolver)))
    return sites


def _immutable_guard(sf, site, name, why, symbols):
    """``immutable_guard(a, "file:line", why)``: the callee's ``p += ...`` changes nothing
    the caller sees when ``a`` is a number; raise at run time if it is an array or list."""
    return _guard_statement(site, "immutable_guard", [
        templates.name(name), templates.const(_place(sf, site)),
        templates.const(f"the call `{text(site.call.func)}`: {why}")], symbols)


def _user_code(func, resolver):
    """True if a call of ``func`` runs user code (source, or known only at run time)."""
    obj = resolve_callee(func, resolver)
    if obj is MISSING:
        return not (isinstance(func, gast.Attribute) and pure_method(func.attr))
    return followed(obj)


def _statements_in_blocks(block):
    """(the list holding it, statement) for every statement, nested blocks included."""
    for s in list(block):
        yield block, s
        if isinstance(s, (gast.If, gast.For, gast.While)):
            yield from _statements_in_blocks(s.body)
            yield from _statements_in_blocks(s.orelse)


def _guard(sf, site, symbols, passed=None, passed_attr=None):
    """``effects_guard(f, None, strict, "file:line", rerun)`` or ``effects_guard(obj,
    "method", ...)``: for the call itself, or for a function value (or an object's
    method) ``passed`` to a callee that calls it."""
    func = site.call.func
    if passed is not None:
        fn, attr = templates.name(passed), passed_attr
    else:
        fn, attr = (func.value, func.attr) if isinstance(func, gast.Attribute) else (func, None)
    strict = site.varied or site.shared
    return _guard_statement(site, "effects_guard", [
        fn, templates.const(attr), templates.const(strict), templates.const(_place(sf, site)),
        templates.const(passed is not None and site.rerun)], symbols)


def _guard_statement(site, helper, args, symbols):
    """The statement ``helper(*args)``, placed (for error messages) at the call's."""
    guard = gast.Expr(value=gast.Call(func=templates.name(symbols.get(helper, helper)),
                                      args=args, keywords=[]))
    anno.set(guard, anno.ORIGIN, anno.get(site.stmt, anno.ORIGIN))
    return guard


def _place(sf, site):
    """The "file:line" of the call at ``site``."""
    return f"{sf.filename}:{getattr(located(site.stmt), 'lineno', None)}"


@dataclasses.dataclass
class _Site:
    sf: object
    stmt: object
    call: object
    rerun: bool          # reverse mode calls the callee's derivative: it runs twice
    derivative: bool     # the call's derivative is computed (by its vjp or jvp)
    varied: bool         # an argument carries a derivative
    discarded: bool      # the result is unused: the call is made for its effects
    resolver: object = None
    shared: bool = False  # some callee is run again in the adjoint: outside state must not change
    # (argument, why): an argument the callee updates with p += ..., checked at run time
    immutable: list = dataclasses.field(default_factory=list)
    # (argument, method): an object or function the callee calls, checked at run time
    deferred: list = dataclasses.field(default_factory=list)

    def refuse(self, why, hint):
        origin = anno.get(self.stmt, anno.ORIGIN)
        where = f" in `{origin[2]}`" if origin else ""
        return self.sf.error(f"cannot differentiate the call of `{text(self.call.func)}()`"
                             f"{where}: {why}", hint, located(self.stmt))


def _check_call(site, resolver, nested, outer, reads):
    """Refuse the call at ``site`` if its effects cannot be followed; True if it can only
    be checked at run time (a function known only then, not differentiated)."""
    call = site.call
    func = call.func
    obj = resolve_callee(func, resolver)
    if obj is MISSING and isinstance(func, gast.Name) and func.id in nested:
        effects = summarize_node(site.sf, nested[func.id], outer)
        _check_effects(site, effects, None, func.id)
        return False
    if obj is MISSING:
        if any(k.arg == "out" for k in call.keywords) or (
                isinstance(func, gast.Attribute) and func.attr == "at"):
            raise site.refuse(
                f"`{text(func)}(...)` may write into an argument (`out=`, a ufunc's `.at`) "
                "through a function known only at run time, which the derivative cannot follow",
                "call the numpy function by its name (np.add.at, np.multiply(..., out=a)) or "
                "compute a new array")
        if isinstance(func, gast.Attribute) and func.attr in mutators.MUTATING_METHODS:
            raise site.refuse(
                f"`.{func.attr}()` changes `{text(func.value)}` in place, which the derivative "
                "cannot follow", "build a new value instead (np.sort(a), sorted(xs), xs + [v], "
                "a dict display...) and assign it to a name")
        if isinstance(func, gast.Attribute) and pure_method(func.attr):
            return False
        return not site.derivative      # checked at run time (effects_guard, or vjp/jvp_call)
    if followed(obj):
        _check_effects(site, summary(obj), obj, getattr(obj, "__name__", "the function"),
                       lambda arg: nested.get(arg.id) if isinstance(arg, gast.Name) else None)
        return False
    hit = mutators.mutated(call, resolver)
    if hit is not None and not (_outside_log(site, hit[0], reads) and not site.varied
                                and not site.shared):
        what = text(hit[0]) if hit[0] is not None else "an argument"
        raise site.refuse(f"it changes `{what}` in place ({hit[1]}), which the derivative cannot "
                          "follow", "compute the new array with numpy operations or an element "
                          "assignment a[i] = v on a new array")
    return False


def _check_effects(site, effects, obj, name, locals_=None):
    effects = list(effects)
    for e in list(effects):
        if e.kind != "calls":
            continue
        effects.remove(e)
        for arg in arguments_for(site.call, obj, e.param):
            fn = locals_(arg) if locals_ is not None and e.attr is None else None
            if fn is not None:
                effects.extend(as_value_effect(x) for x in summarize_node(site.sf, fn, ()))
                continue
            value = getattr_path(resolve_callee(arg, site.resolver), e.attr)
            if value is not MISSING:
                effects.extend(function_value_effects(value, e.where))
            elif isinstance(arg, gast.Name) and (e.attr is None or "." not in e.attr):
                site.deferred.append((arg.id, e.attr))     # checked at run time
            else:
                effects.append(Effect("unknown", f"calls `{text(arg)}"
                                      f"{'.' + e.attr if e.attr else ''}()`, known only at "
                                      "run time", e.where))
    for e in effects:
        if e.kind == "mutates":
            passed = arguments_for(site.call, obj, e.param)
            if not passed:       # a default value: it persists from call to call
                e = dataclasses.replace(e, kind="writes", what=e.what + ", a default value "
                                        "kept between calls")
            hit = [a for a in passed if base_names(a)]
            if hit and e.augmented and all(isinstance(a, gast.Name) for a in hit):
                site.immutable.extend((a.id, f"{name}() {e.describe()}") for a in hit)
                continue
            if hit:
                raise site.refuse(
                    f"{name}() {e.describe()}, so the caller's `{text(hit[0])}` changes in a way "
                    "the derivative cannot follow", f"make {name} return the new value and "
                    "assign it in the caller")
        if e.kind == "writes" and (site.varied or site.rerun or site.shared or obj is None):
            why = ("a callee whose derivative reverse mode recomputes would see the change"
                   if site.shared and not (site.varied or site.rerun or obj is None) else
                   "the derivative cannot follow values stored outside the function")
            raise site.refuse(f"{name}() {e.describe()}: {why}",
                              f"make {name} return the value and assign it in the caller")
        elif e.kind == "impure" and site.rerun:
            raise site.refuse(
                f"{name}() {e.describe()}, and reverse mode runs it a second time to compute its "
                "derivative, which would use different values", "pass random draws and such "
                "values in as arguments (draw them in the caller, or outside the differentiated "
                "function), or use tangentish.jvp, which runs each call once")
        elif e.kind == "unknown" and site.rerun:
            raise site.refuse(
                f"{name}() {e.describe()}, and reverse mode runs it a second time to compute its "
                "derivative: tangentish cannot tell whether the two runs agree (a draw of random "
                "numbers or a change of state there would make them differ)",
                "call a function or method named at module level (tangentish then sees its "
                "code), or use tangentish.jvp, whose forward mode runs each call once")


def _outside_log(site, changed, reads):
    """True if the call changes an object outside the function that the function does
    not otherwise read (``LOG.append(c)``): no value the derivative uses changes."""
    func = site.call.func
    return (isinstance(func, gast.Attribute) and changed is func.value
            and isinstance(changed, gast.Name) and reads.get(changed.id, 0) <= 1)


def _arg_names(call):
    return {n.id for a in list(call.args) + [k.value for k in call.keywords]
            for n in gast.walk(a) if isinstance(n, gast.Name)}


def run(ctx, node):
    """Refuse the calls whose effects the derivative cannot follow; guard the rest."""
    check(ctx.sf, node, ctx.resolver, ctx.mode, ctx.symbols)
    return node
