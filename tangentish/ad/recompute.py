"""Values a reverse loop reads again instead of storing them.

An element read at the top level of a loop body (and a comparison of such reads,
numbers and numpy values bound outside the loop: ``gt = v > 0.5``), ``v = x[i]`` or
``v = iteration_item(xs, k)`` (``for v in xs``), or a length ``n = len(xs)``, is recomputed at the start of
the reverse iteration when it reads again what it read forward:

* the container is bound outside the loop, or recomputed itself (an SSA name: the loop does not
  rebind it; an update of it inside the loop makes it loop-carried, and an
  alias updated there has been rebound with it or refused by analyze/aliasing.py);
* it is a numpy array, list, tuple or dict (an argument of that signature, or a
  value numpy or a display made), so indexing it runs no user code;
* nothing changes its object in place: the function calls no Python code (which
  might write into an argument or a global), and no in-place helper of
  generated code differentiated again (``accumulate_at`` & co) writes into it;
* the index is the loop variable (replayed, or popped) or names bound outside
  the loop, or constants.

Then the reverse loop stores nothing for it: the index is its loop variable and
the container is still bound, as in a hand-written adjoint.
"""
import operator

import gast

from .. import runtime
from ..analyze import kinds
from ..analyze.aliasing import VIEW_PRIMITIVES, calls_python_code
from ..analyze.patterns import Fact
from ..analyze.primitives import Kind
from ..frontend.resolve import module_of
from ..ir.nodes import UnionFind, parameter_names

#: the element reads recomputed (``a[i]`` and what ``for v in xs`` reads)
ELEMENT_READS = (operator.getitem, runtime.iteration_item)
#: runtime helpers that write into their first argument (ad/inplace.py)
WRITING_HELPERS = (runtime.accumulate_at, runtime.accumulate_item, runtime.clear_at,
                   runtime.store_at)


class Unchanged:
    """Which names of a function hold an object indexing reads the same way later:
    a plain container that nothing writes into in place."""

    def __init__(self, fn_node, definitions, facts, resolver):
        self.definitions = definitions
        self.facts = facts
        self.params = set(parameter_names(fn_node))
        self.python_calls = calls_python_code(fn_node, resolver)
        self.kinds = kinds.infer(fn_node, resolver)
        self.written = _written_in_place(definitions)

    def __contains__(self, name):
        return (not self.python_calls and name not in self.written
                and self.plain(name, set()))

    def sequence(self, name):
        """Certainly an array or a list or tuple (``iteration_item`` of it is ``x[k]``)."""
        fact = self.facts.of(_load(name)) if self.facts is not None else None
        if isinstance(fact, Fact) and (fact.array or isinstance(fact.py, tuple)
                                       and fact.py[0] in ("list", "tuple")):
            return True
        return self.kinds.get(name) == "seq"

    def plain(self, name, seen):
        """A numpy array or a list, tuple or dict on every path reaching ``name``."""
        if name in seen:
            return True
        seen.add(name)
        fact = self.facts.of(_load(name)) if self.facts is not None else None
        if isinstance(fact, Fact) and (fact.array or name in self.params
                                       and isinstance(fact.py, tuple)):
            return True                  # an exact ndarray, or a container argument
        defs = self.definitions.get(name)
        if not defs or name in self.params:
            return False                 # a global, a closure value, an argument
        if self.kinds.get(name) in ("seq", "dict"):
            return True                  # a list, tuple or dict the function built
        return all(self.plain(op.inputs[0], seen) if op.kind is Kind.COPY else _made_plain(stmt, op)
                   for stmt, op in defs)


def element_reads(loop, body, defined_inside, definitions, unchanged):
    """The statements of ``body`` (the top level of ``loop``'s body) recomputable as
    the module docstring says, by the name each binds."""
    target = loop.target.id if isinstance(loop, gast.For) else None
    found = {}
    for stmt in body:
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], gast.Name)):
            continue
        name = stmt.targets[0].id
        defs = definitions.get(name, [])
        if len(defs) != 1 or defs[0][0] is not stmt:
            continue
        op = defs[0][1]
        if op.kind is Kind.NONDIFF and _is_len(stmt.value, op):
            container, index = stmt.value.args[0], None
        elif op.kind is Kind.PRIMITIVE and op.rule.primitive in ELEMENT_READS:
            container, index = _operands(stmt.value)
        else:
            if _compares_numbers(stmt.value, found, defined_inside, unchanged.facts) or \
                    _arithmetic_of_numbers(stmt.value, op, target, found, defined_inside,
                                           unchanged):
                found[name] = stmt
            continue
        if (isinstance(container, gast.Name) and container.id in unchanged
                and (container.id not in defined_inside or container.id in found)
                and all(n == target or n not in defined_inside for n in _atoms(index))):
            found[name] = stmt
    return found


#: a Python number, or a numpy scalar of these kinds (analyze/patterns.py)
_NUMBERS = ("float", "int", "bool", "f", "i", "u", "b")


_ARITHMETIC = (gast.Add, gast.Sub, gast.Mult)


def _arithmetic_of_numbers(value, op, target, found, defined_inside, unchanged):
    """``x * i``: one ``+``, ``-`` or ``*`` (no division: it may warn, and warnings would
    repeat) of the loop's index, numbers and numpy arrays (facts of the signature; an
    array nothing writes into) bound outside the loop or read again, and constants: a
    fresh value numpy computes the same way again, so the reverse loop recomputes it
    instead of storing it."""
    facts = unchanged.facts
    if facts is None or not (isinstance(value, gast.BinOp) and isinstance(value.op, _ARITHMETIC)
                             and op.kind is Kind.PRIMITIVE):
        return False
    arrays = 0
    for a in (value.left, value.right):
        if isinstance(a, gast.Constant) and type(a.value) in (int, float):
            continue
        if not isinstance(a, gast.Name):
            return False
        fact = facts.of(a)
        if a.id == target and fact is not None and fact.py == "int":
            continue                           # the loop's index (a range's)
        if a.id in defined_inside and a.id not in found or not isinstance(fact, Fact):
            return False
        if fact.array and a.id in unchanged:
            arrays += 1
        elif fact.py not in _NUMBERS or fact.ndim != 0:
            return False
    return arrays <= 1           # (one array at most: the cost of recomputing is its size)


def _compares_numbers(value, found, defined_inside, facts):
    """``v < 0.5``: one comparison of numbers and numpy values (no user code runs) read
    again (``found``) or bound outside the loop, and constants."""
    if not (isinstance(value, gast.Compare) and len(value.ops) == 1) or facts is None:
        return False
    for a in [value.left] + value.comparators:
        if isinstance(a, gast.UnaryOp) and isinstance(a.op, (gast.USub, gast.UAdd)):
            a = a.operand
            if not isinstance(a, gast.Constant):
                return False
        if isinstance(a, gast.Constant) and type(a.value) in (int, float, bool):
            continue
        if not (isinstance(a, gast.Name) and (a.id in found or a.id not in defined_inside)):
            return False
        fact = facts.of(a)
        if not (isinstance(fact, Fact) and (fact.array or fact.py in _NUMBERS)):
            return False
    return True


def _is_len(value, op):
    """``len(c)`` (the length of a container recomputed or bound outside the loop)."""
    return (op.rule is not None and op.rule.primitive is len and isinstance(value, gast.Call)
            and len(value.args) == 1 and not value.keywords)


def _operands(value):
    if isinstance(value, gast.Subscript):
        return value.value, value.slice
    if isinstance(value, gast.Call) and len(value.args) == 2 and not value.keywords:
        return value.args
    return None, None


def _atoms(index):
    """The names in an index made of names and constants (a tuple of them); None
    stands for anything else (then the read is not recomputed)."""
    items = [] if index is None else index.elts if isinstance(index, gast.Tuple) else [index]
    names = []
    for item in items:
        if isinstance(item, gast.Name):
            names.append(item.id)
        elif not isinstance(item, gast.Constant):
            return [None]
    return names


def _made_plain(stmt, op):
    """Made by numpy (an array or a numpy scalar) or by a display (a list, tuple, dict)."""
    if op.kind is Kind.PACK or op.kind is Kind.CONSTANT:
        return isinstance(stmt.value, (gast.List, gast.Tuple, gast.Dict, gast.Constant))
    if op.kind in (Kind.PRIMITIVE, Kind.NONDIFF) and op.rule is not None:
        module = module_of(op.rule.primitive)
        return module.split(".")[0] == "numpy"
    return False


def _written_in_place(definitions):
    """Names that may share an object an in-place helper writes into."""
    same, written = UnionFind(), []
    for name, defs in definitions.items():
        for stmt, op in defs:
            if op.kind is Kind.COPY:
                same.union(name, op.inputs[0])
            elif op.kind is Kind.PRIMITIVE and isinstance(stmt.value, gast.Call):
                prim = op.rule.primitive
                args = [a.id for a in stmt.value.args if isinstance(a, gast.Name)]
                if prim in WRITING_HELPERS and args:
                    written.append(args[0])
                    same.union(name, args[0])
                elif prim in VIEW_PRIMITIVES or prim in ELEMENT_READS:
                    for a in args:
                        same.union(name, a)
            elif op.kind is Kind.PRIMITIVE and op.rule.primitive is operator.getitem \
                    and isinstance(stmt.value.value, gast.Name):
                same.union(name, stmt.value.value.id)
    return {m for w in written for m in same.members(w)}


def _load(name):
    return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)
