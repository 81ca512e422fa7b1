"""Kinds of values: which names certainly hold a Python sequence (list or
tuple), a dict, or a number/array, in the normalized IR.

Postcondition of ``infer``: a dict name -> "seq" | "dict" | "num" for the
names whose kind holds on every path (all their bindings agree); a name
absent is of unknown kind (an argument, an element of a container, a call's
result).  "num" covers numbers and numpy arrays: ``+`` and ``*`` on them are
arithmetic.  Sequence ``+``/``*`` are concatenation and repetition."""
import gast
import numpy as np

from .. import runtime
from ..frontend.resolve import MISSING
from ..ir.nodes import assigned_names, statements
from .primitives import Kind, classify

SEQ_CALLS = {list, tuple, sorted, runtime.list_append, np.split, np.array_split, np.hsplit,
             np.vsplit, np.dsplit}
SEQ_HELPERS = ("seq_concat", "seq_repeat", "sequence_of")


def infer(fn_node, resolver):
    defs = {}
    for s in statements(fn_node.body):
        if isinstance(s, gast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], gast.Name):
            defs.setdefault(s.targets[0].id, []).append(s.value)
        elif isinstance(s, gast.Assign):
            for n in assigned_names(s):
                defs.setdefault(n, []).append(None)
        elif isinstance(s, gast.For):
            defs.setdefault(s.target.id, []).append(None)
    # optimistic fixpoint: a name not yet computed (a loop-carried one) is
    # _PENDING and agrees with anything; kinds only move up to None (unknown)
    kinds = {name: _PENDING for name in defs}
    changed = True
    while changed:
        changed = False
        for name in sorted(defs):
            found = {_kind(v, kinds, resolver) if v is not None else None for v in defs[name]}
            found.discard(_PENDING)
            kind = found.pop() if len(found) == 1 else (None if found else _PENDING)
            old = kinds[name]
            if old is None or (old != _PENDING and kind != old):
                kind = None                      # only upwards: terminates
            if kinds[name] != kind:
                kinds[name] = kind
                changed = True
    return {n: k for n, k in kinds.items() if k not in (None, _PENDING)}


_PENDING = "pending"


def kind_of(node, kinds):
    """The kind of an atom."""
    if isinstance(node, gast.Name):
        return kinds.get(node.id)
    if isinstance(node, gast.Constant):
        return "num" if isinstance(node.value, (int, float, complex)) else None
    if isinstance(node, (gast.List, gast.Tuple)):
        return "seq"
    if isinstance(node, gast.UnaryOp) and isinstance(node.operand, gast.Constant):
        return "num"
    return None


def _kind(value, kinds, resolver):
    if isinstance(value, (gast.Name, gast.Constant, gast.List, gast.Tuple)):
        return kind_of(value, kinds)
    if isinstance(value, gast.Dict):
        return "dict"
    if isinstance(value, (gast.UnaryOp, gast.Compare)):
        return "num"
    if isinstance(value, gast.BinOp) and not isinstance(value.op, (gast.Add, gast.Mult)):
        return "num"                     # -, /, @, ** ... are not sequence operators
    if isinstance(value, gast.BinOp):
        left, right = kind_of(value.left, kinds), kind_of(value.right, kinds)
        if "seq" in (left, right) and isinstance(value.op, (gast.Add, gast.Mult)):
            return "seq"
        # unknown + unknown: arithmetic, or refused at run time where it matters
        # (sequences.py guards it when it may carry a derivative)
        return "num"
    if isinstance(value, gast.Subscript):
        return "num" if kind_of(value.value, kinds) == "num" else None
    if isinstance(value, gast.Call):
        obj = resolver.resolve(value.func)
        if obj in SEQ_CALLS or any(obj is getattr(runtime, h, None) for h in SEQ_HELPERS):
            return "seq"
        if obj is runtime.with_item:
            return kind_of(value.args[0], kinds)
        if obj is dict:
            return "dict"
        if obj is MISSING and isinstance(value.func, gast.Attribute):
            # a method of a value (x.copy(), x.sum()): numpy's only if x is an array
            return "num" if kind_of(value.func.value, kinds) == "num" else None
        op = classify(value, resolver)
        if op.kind in (Kind.PRIMITIVE, Kind.NONDIFF) and obj not in (max, min, sum, reversed):
            return "num"                 # the rules' primitives return numbers or arrays
    return None
