"""Python's operators in the IR: the function each AST operator applies (the
rule table has rules for those functions), the name generated code derives
from it (``a * b`` -> ``mul``), and the ones constant folding evaluates."""
import operator

import gast

BINARY = {gast.Add: operator.add, gast.Sub: operator.sub, gast.Mult: operator.mul,
          gast.Div: operator.truediv, gast.Pow: operator.pow, gast.MatMult: operator.matmul,
          gast.FloorDiv: operator.floordiv, gast.Mod: operator.mod,
          gast.BitAnd: operator.and_, gast.BitOr: operator.or_, gast.BitXor: operator.xor}
UNARY = {gast.USub: operator.neg, gast.UAdd: operator.pos, gast.Not: operator.not_,
         gast.Invert: operator.invert}
AST_OF_OPERATOR = {f: k for k, f in list(BINARY.items()) + list(UNARY.items())}

FOLDED = (gast.Add, gast.Sub, gast.Mult)    # constant folding evaluates these on numbers

_NAMES = {
    gast.Add: "add", gast.Sub: "sub", gast.Mult: "mul", gast.Div: "div",
    gast.FloorDiv: "floordiv", gast.Mod: "mod", gast.Pow: "pow",
    gast.MatMult: "matmul", gast.USub: "neg", gast.UAdd: "pos", gast.Not: "not",
    gast.Invert: "invert",
}


def op_name(op):
    """The name a result of the AST operator ``op`` is given: ``add``, ``neg``..."""
    return _NAMES.get(type(op), type(op).__name__.lower())
