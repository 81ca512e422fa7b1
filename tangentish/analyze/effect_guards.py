"""Run-time checks of effects: the calls whose callee is known only when the
generated code runs (``effects_guard``, installed in core.engine), the callees
of ``vjp_call``/``jvp_call`` (``check_dynamic``) and the functions the API runs
more than once for one result (``check_repeatable``).  Each raises the
TransformError that effects.check would have raised at the call."""
from ..core import engine
from ..core.errors import TransformError
from ..frontend.resolve import MISSING
from .summaries import function_value_effects, getattr_path, plain_function, summary

_RERUN_KINDS = ("impure", "unknown", "calls")


def check_guard(fn, attr, varied, where, rerun=False):
    """At run time, before a call of ``fn`` (or of ``fn.attr``) whose derivative is not
    computed: raise a TransformError located at ``where`` if it changes an argument or
    its object, or (when an argument carries a derivative, ``varied``) writes anything
    outside itself or calls what cannot be seen; with ``rerun`` (a callee that reverse
    mode runs again calls it) also if it is impure."""
    name = attr or getattr(fn, "__name__", "function")
    target = getattr_path(fn, attr)
    if target is MISSING:
        return                  # Python raises AttributeError at the call itself
    for e in function_value_effects(target, where):
        if e.kind == "mutates" or (varied and e.kind in ("writes", "unknown", "calls")) or (
                rerun and e.kind in _RERUN_KINDS):
            why = ("and reverse mode runs it a second time" if rerun and e.kind in _RERUN_KINDS
                   else "which the derivative cannot follow")
            raise _refusal(
                f"cannot differentiate the call of {name}(): it {e.describe()}, {why}",
                f"make {name} return the values it changes, and pass random draws in as "
                "arguments", where)


def check_repeatable(fn, api):
    """Before ``api`` (tangentish.vjp, jacobian...) runs ``fn`` more than once for one
    result: raise a TransformError if ``fn`` draws random numbers or does I/O, since the
    runs would disagree (a function whose effects are unknown is let through)."""
    for e in summary(fn):
        if e.kind == "impure":
            raise _refusal(
                f"{api} runs {_name(fn)}() more than once, and it {e.what}: the runs would use "
                "different values", "pass random draws in as arguments, or use "
                "tangentish.grad / value_and_grad / jvp, which run it once", e.where)


def check_dynamic(fn, mode):
    """At run time, before transforming ``fn`` for ``vjp_call``/``jvp_call``: raise a
    TransformError if its effects cannot be followed (it runs again in "vjp")."""
    code = getattr(plain_function(fn), "__code__", None)
    where = f"{code.co_filename}:{code.co_firstlineno}" if code is not None else "?"
    for e in function_value_effects(fn, where):
        if e.kind in ("mutates", "writes") or (mode == "vjp" and e.kind in _RERUN_KINDS):
            why = ("and reverse mode runs it a second time" if e.kind in _RERUN_KINDS
                   else "which the derivative cannot follow")
            raise _refusal(f"cannot differentiate a call of {_name(fn)}(): it {e.what}, {why}",
                           "make it return the values it changes, and pass random draws "
                           "in as arguments", e.where)


def _name(fn):
    return getattr(fn, "__qualname__", getattr(fn, "__name__", "the function"))


def _refusal(message, hint, where):
    """A TransformError located at ``where`` ("file:line")."""
    file, _, line = where.rpartition(":")
    return TransformError(message, hint, file, int(line) if line.isdigit() else None, 0)


engine.install(effects_guard=check_guard)
