"""Which primitive a normalized operation applies, with its arguments bound.

``classify(value, resolver)`` turns the right-hand side of a normal-form
assignment into an ``Op``: the rule to use and the atom bound to each of the
rule's parameters.  Operators, methods (``x.sum(0)``) and attributes (``x.T``)
are mapped onto the same rules as the numpy functions they mean.
"""
import dataclasses
import enum
import operator
import types

import gast
import numpy as np

from ..core.markers import CustomGradient, DeferredDerivative, Derivative, stop_gradient
from ..frontend.callables import is_dynamic, is_marker
from ..frontend.resolve import MISSING, static_method
from ..ir.nodes import dotted_text, loaded_names
from ..ir.operators import BINARY, UNARY
from ..rules import RULES
from ..runtime.joining import array_of


class Kind(enum.Enum):
    """What a normal-form statement's right-hand side is, for the passes after it."""
    COPY = "copy"                    # b = a
    CONSTANT = "constant"            # a literal, or a display of literals
    PACK = "pack"                    # a list / tuple / dict display of names
    PRIMITIVE = "primitive"          # a function, operator, method or attribute with a rule
    NONDIFF = "nondiff"              # ... whose rule says it has no derivative
    STOP_GRADIENT = "stop_gradient"  # stop_gradient(x)
    CUSTOM = "custom"                # a custom_gradient function
    CALL = "call"                    # a Python function with source: its own derivative
    DYNAMIC_CALL = "dynamic_call"    # a callee known only at run time (vjp_call / jvp_call)
    UNKNOWN = "unknown"              # nothing known: refused if it carries a derivative
    STACK_PUSH = "stack_push"        # a loop's stack: s.append(v)
    STACK_POP = "stack_pop"          # ... and v = s.pop()


@dataclasses.dataclass
class Op:
    kind: Kind
    rule: object = None
    bound: dict = None         # parameter name -> atom node
    what: str = ""             # for error messages: the function or construct
    inputs: tuple = ()         # atom names the result depends on (for "unknown")
    callee: tuple = ()         # names in a run-time callee expression (dynamic calls)


_INDEXABLE = (np.ndarray, list, tuple, dict, str)


def classify(value, resolver):
    """The ``Op`` the normal-form right-hand side ``value`` applies."""
    handler = _CLASSIFIERS.get(type(value).__name__)
    if handler is None:
        return Op(Kind.UNKNOWN, what=type(value).__name__, inputs=loaded_names(value))
    return handler(value, resolver)


def _name(value, resolver):
    return Op(Kind.COPY, inputs=(value.id,))


def _display(value, resolver):
    if not loaded_names(value):
        return Op(Kind.CONSTANT)
    return Op(Kind.PACK, what="a container display", inputs=loaded_names(value))


def _constant(value, resolver):
    return Op(Kind.CONSTANT)


def _binop(value, resolver):
    return _primitive(BINARY.get(type(value.op)), [value.left, value.right], [],
                      type(value.op).__name__)


def _unaryop(value, resolver):
    return _primitive(UNARY.get(type(value.op)), [value.operand], [], type(value.op).__name__)


def _compare(value, resolver):
    return Op(Kind.NONDIFF, what="a comparison")


def _string(value, resolver):
    return Op(Kind.NONDIFF, what="a string")


def _subscript(value, resolver):
    base = resolver.resolve(value.value) if isinstance(value.value, (gast.Name, gast.Attribute)) \
        else MISSING
    if base is not MISSING and loaded_names(value.slice) and not isinstance(base, _INDEXABLE):
        # np.r_[x, y], np.c_[...], np.s_, np.index_exp, any object with its own
        # __getitem__: the values in the index are that object's arguments, not an index
        name = _dotted(value.value)
        hint = (" (use np.concatenate, np.stack or np.column_stack)"
                if name.split(".")[-1] in ("r_", "c_") else "")
        return Op(Kind.UNKNOWN, what=f"{name}[...] with values that carry a derivative in the "
                                  f"index{hint}", inputs=loaded_names(value))
    return _primitive(operator.getitem, [value.value, value.slice], [], "indexing")


def _attribute(value, resolver):
    if resolver.is_static(value):
        return Op(Kind.CONSTANT)
    if value.attr in RULES.attributes:
        prim = RULES.attributes[value.attr]
        if prim is None:
            return Op(Kind.NONDIFF, what=f".{value.attr}")
        return _primitive(prim, [value.value], [], f".{value.attr}")
    return Op(Kind.UNKNOWN, what=f"the attribute .{value.attr}", inputs=loaded_names(value))


def _call(value, resolver):
    func = value.func
    obj = resolver.resolve(func)
    if isinstance(obj, DeferredDerivative):
        obj = obj.resolve()     # a mutually recursive callee's derivative, differentiated again
    if obj is MISSING and isinstance(func, gast.Attribute) and func.attr == "with_grad" \
            and isinstance(resolver.resolve(func.value), CustomGradient):
        # y, y_grad = f.with_grad(x): a custom-gradient call, as generated code writes it
        return Op(Kind.CUSTOM, rule=resolver.resolve(func.value), what=f"{_dotted(func)}()",
                  inputs=tuple(a.id if isinstance(a, gast.Name) else None for a in value.args))
    if obj is MISSING and isinstance(func, gast.Attribute):
        return _method_call(value, resolver)
    if obj is MISSING:
        return Op(Kind.DYNAMIC_CALL, what=f"{_dotted(func)}()", inputs=call_inputs(value),
                  callee=loaded_names(func))
    if obj is stop_gradient:
        return Op(Kind.STOP_GRADIENT, what="stop_gradient()")
    if isinstance(obj, CustomGradient):
        if value.keywords:
            return Op(Kind.UNKNOWN, what=f"{_dotted(func)}() with keyword arguments",
                      inputs=loaded_names(value))
        return Op(Kind.CUSTOM, rule=obj, what=f"{_dotted(func)}()",
                  inputs=tuple(a.id if isinstance(a, gast.Name) else None for a in value.args))
    rule = RULES.get(obj)
    if rule is None:
        return _call_without_rule(value, obj)
    if obj is np.array or obj is np.asarray:
        return _array_call(rule, value, resolver, f"{_dotted(func)}()")
    return _bind(rule, value.args, value.keywords, f"{_dotted(func)}()")


def _array_call(rule, value, resolver, what):
    """``np.array(object, dtype)`` / ``np.asarray``: a display is the stack of its elements
    (the ``array_of`` rule); a cast to a dtype that is not float or complex has no
    derivative (as ``astype``); a dtype not known when the code is generated, and every
    other argument (``copy=``, ``ndmin=``, ``order=``), is not modelled."""
    args, keywords = list(value.args), list(value.keywords)
    inputs = tuple(n for a in args + [k.value for k in keywords] for n in loaded_names(a))
    dtype = args[1] if len(args) > 1 else next(
        (k.value for k in keywords if k.arg == "dtype"), None)
    if len(args) > 2 or any(k.arg not in ("dtype", "object", "a") for k in keywords):
        return Op(Kind.UNKNOWN, what=f"{what} with arguments other than the array and dtype",
                  inputs=inputs)
    if dtype is not None and not (isinstance(dtype, gast.Constant) and dtype.value is None):
        known = dtype.value if isinstance(dtype, gast.Constant) else resolver.resolve(dtype)
        try:
            kind = np.dtype(known).kind if known is not MISSING else None
        except TypeError:
            kind = None
        if kind is None:
            return Op(Kind.UNKNOWN, what=f"{what} with a dtype not known when the code is generated",
                      inputs=inputs)
        if kind not in "biufc":
            return Op(Kind.UNKNOWN, what=f"{what} with dtype {np.dtype(known)}", inputs=inputs)
        if kind not in "fc":
            return Op(Kind.NONDIFF, rule=rule, what=f"{what} with dtype {np.dtype(known)}")
    obj = args[0] if args else next((k.value for k in keywords if k.arg in ("object", "a")), None)
    if isinstance(obj, (gast.List, gast.Tuple)):
        return _bind(RULES.get(array_of), [obj] + args[1:],
                     [gast.keyword(arg="dtype", value=dtype)] if len(args) < 2 and dtype is not None
                     else [], what)
    return _bind(rule, args, keywords, what)


def _method_call(value, resolver):
    """``a.m(...)`` where ``a`` is known only at run time."""
    func = value.func
    bound = static_method(func, resolver)
    if bound is not None and RULES.get(bound) is not None:
        # a method of a module-level object with a rule of its own (scipy.stats.norm.logpdf)
        return _primitive(bound, list(value.args), value.keywords, f"{_dotted(func)}()")
    if bound is not None:
        return Op(Kind.CALL, rule=bound, what=f"{_dotted(func)}()", inputs=call_inputs(value))
    method = RULES.methods.get(func.attr)
    receiver = resolver.resolve(func.value)
    if method is not None and receiver is not MISSING and not isinstance(
            receiver, (np.ndarray, np.generic, float, complex, int)):
        # a method rule is numpy's method; a known object of another type
        # (a global or closure instance) runs its own method: a run-time call
        method = None
    if method is None:
        return Op(Kind.DYNAMIC_CALL, what=f"the method .{func.attr}()",
                  inputs=call_inputs(value), callee=loaded_names(func))
    args = list(value.args)
    if func.attr in ("reshape", "transpose") and len(args) > 1:
        args = [gast.Tuple(elts=args, ctx=gast.Load())]
    return _primitive(method, [func.value] + args, value.keywords, f".{func.attr}()")


def _call_without_rule(value, obj):
    """A call of the known object ``obj``, which has no derivative rule."""
    func = value.func
    if _has_source(obj) and not (isinstance(obj, types.MethodType) and (
            not isinstance(func, gast.Attribute) or is_marker(obj.__func__))):
        return Op(Kind.CALL, rule=obj, what=f"{_dotted(func)}()", inputs=call_inputs(value))
    if is_dynamic(obj):
        # a partial, a bound method held in a variable, an object with __call__:
        # vjp_call / jvp_call unwrap it at run time (callables.unwrap_callable)
        return Op(Kind.DYNAMIC_CALL, what=f"{_dotted(func)}()", inputs=call_inputs(value),
                  callee=loaded_names(func))
    return Op(Kind.UNKNOWN, what=f"{_dotted(func)}()", rule=obj, inputs=loaded_names(value))


# classify: the right-hand side's node type -> what it is
_CLASSIFIERS = {"Name": _name, "Tuple": _display, "List": _display, "Dict": _display,
                "Constant": _constant, "BinOp": _binop, "UnaryOp": _unaryop,
                "Compare": _compare, "Subscript": _subscript, "Attribute": _attribute,
                "Call": _call, "JoinedStr": _string}


def _primitive(prim, args, keywords, what):
    rule = RULES.get(prim) if prim is not None else None
    if rule is None:
        return Op(Kind.UNKNOWN, what=what, inputs=tuple(n for a in args for n in loaded_names(a)))
    return _bind(rule, args, keywords, what)


def _bind(rule, args, keywords, what):
    if rule.nondiff:
        return Op(Kind.NONDIFF, rule=rule, what=what)
    try:
        bound = rule.bind(list(args), list(keywords))
    except TypeError as exc:
        # a method's rule may be a runtime helper taking the receiver first: name the method
        why = "these arguments are not covered by its rule" if what.startswith(".") else exc
        return Op(Kind.UNKNOWN, rule=rule, what=f"{what}: {why}",
                  inputs=tuple(n for a in list(args) + [k.value for k in keywords]
                               for n in loaded_names(a)))
    return Op(Kind.PRIMITIVE, rule=rule, bound=bound, what=what)


def diff_inputs(op):
    """Names whose derivative flows into the result of ``op``."""
    if op.kind is Kind.COPY:
        return op.inputs
    if op.kind is Kind.PRIMITIVE:
        names = []
        for p in op.rule.differentiable_params:
            names.extend(loaded_names(op.bound[p]))
        return tuple(names)
    if op.kind in (Kind.UNKNOWN, Kind.CUSTOM, Kind.CALL, Kind.DYNAMIC_CALL, Kind.PACK, Kind.STACK_PUSH,
                   Kind.STACK_POP):
        # a function value computed from varied values makes its result varied too
        return tuple(n for n in op.inputs if n is not None) + tuple(op.callee)
    return ()


def call_inputs(call):
    return tuple(n for a in list(call.args) + [k.value for k in call.keywords]
                 for n in loaded_names(a))


def _has_source(obj):
    """A Python function (or method, or tangentish derivative) we can transform."""
    if isinstance(obj, Derivative):
        return True
    if isinstance(obj, types.MethodType):
        obj = obj.__func__
    return isinstance(obj, types.FunctionType)


def _dotted(node):
    return dotted_text(node, "<expression>")
