"""Turn one rule entry into forward (tangent) and reverse (cotangent) code.

Both modes read the same entry.  Reverse mode transposes a ``jvp`` template:
the template is a linear expression in ``t`` -- a bare ``t`` (the identity,
with broadcasting), or an operation with ``t`` inside exactly one of its
operands.  Its transpose applies that operation's own transpose to ``g`` and
recurses into the operand that holds ``t``.  So ``t * np.cos(x)`` becomes
``unbroadcast(g * np.cos(x), x)`` because ``*`` is linear in each operand with
transpose ``unbroadcast(g * b, a)``.
"""
import operator

import gast

from ..ir import templates
from ..ir.operators import AST_OF_OPERATOR, BINARY, UNARY
from ..ir.unparse import unparse
from ..rules.table import RULES, dotted_name


class DerivationError(Exception):
    pass


def _subst(template, mapping, symbols):
    full = dict(symbols)
    full.update(mapping)
    out = templates.substitute(template, full)
    if any(n in template_names(template) for n in ("mask_where", "where_count")) \
            or _has_order(template):
        out = _fold_mask_where(out, symbols)
    return _fold_pow_deriv(out, symbols) if _POW_DERIV in template_names(template) else out




def _has_order(template):
    return any(isinstance(n, gast.keyword) and n.arg == "order" for n in gast.walk(template))


def _fold_mask_where(node, symbols):
    """The defaults of ``where=`` and ``order=`` folded away, so the generated code is
    what it was before the rules modelled them (and the shape analysis reads it):
    ``mask_where(x, True)`` -> ``x``; ``where_count(a, axis[, keepdims, True])`` ->
    ``mean_count(a, axis)``; ``np.reshape(g, s, order='C')`` -> ``np.reshape(g, s)``."""
    def named(sym):
        value = symbols.get(sym, sym)
        return getattr(value, "id", value)
    mask, count, mean_count = named("mask_where"), named("where_count"), named("mean_count")

    class Folder(gast.NodeTransformer):
        def visit_Call(self, call):
            self.generic_visit(call)
            func = call.func
            if isinstance(func, gast.Name) and func.id == mask and not call.keywords \
                    and len(call.args) == 2 and _is_true(call.args[1]):
                return call.args[0]
            if isinstance(func, gast.Name) and func.id == count and not call.keywords \
                    and (len(call.args) < 4 or _is_true(call.args[3])):
                return gast.Call(func=gast.Name(id=mean_count, ctx=gast.Load(), annotation=None,
                                                type_comment=None),
                                 args=call.args[:2], keywords=[])
            call.keywords = [k for k in call.keywords if not (
                k.arg == "order" and isinstance(k.value, gast.Constant) and k.value.value == "C"
                and isinstance(func, gast.Attribute) and func.attr in ("reshape", "ravel"))]
            return call
    return Folder().visit(node)


def _is_true(node):
    return isinstance(node, gast.Constant) and node.value is True


_POW_DERIV = "pow_deriv"


def template_names(template):
    found = _NAMES.get(id(template))
    if found is None or found[0] is not template:
        found = _NAMES[id(template)] = (template, {n.id for n in gast.walk(template)
                                                   if isinstance(n, gast.Name)})
    return found[1]


_NAMES = {}


def _number(node):
    """The value of a number literal or of ``1 + 1`` (None otherwise)."""
    if isinstance(node, gast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, gast.BinOp) and isinstance(node.op, (gast.Add, gast.Sub)):
        a, b = _number(node.left), _number(node.right)
        if a is not None and b is not None:
            return a + b if isinstance(node.op, gast.Add) else a - b
    return None


def _fold_pow_deriv(node, symbols):
    """``pow_deriv(x, 3)`` -> ``3 * x ** (3 - 1)``: a constant exponent whose
    coefficient is not 0 and whose power of x is not negative needs no special
    case (and the shape analysis reads the plain expression)."""
    name = symbols.get(_POW_DERIV, _POW_DERIV)
    name = getattr(name, "id", name)

    class Folder(gast.NodeTransformer):
        def visit_Call(self, call):
            self.generic_visit(call)
            if not (isinstance(call.func, gast.Name) and call.func.id == name
                    and not call.keywords and len(call.args) in (2, 3)):
                return call
            b = _number(call.args[1])
            n = _number(call.args[2]) if len(call.args) == 3 else 1
            if b is None or n is None or not isinstance(n, int) or b - n < 0:
                return call
            coef = 1
            for k in range(n):
                coef *= b - k
            if coef == 0:
                return call
            if n == 1:
                return templates.expr("b * x ** (b - 1)", b=call.args[1], x=call.args[0])
            return templates.expr("c * x ** e", c=templates.const(coef), x=call.args[0],
                                  e=templates.const(b - n))
    return Folder().visit(node)


# -- forward ------------------------------------------------------------------
def tangent(rule, bound, ans, tangents, symbols):
    """The tangent of ``ans = rule(**bound)`` given ``tangents`` {param: tangent node}.

    Returns an expression node, or None when no input has a tangent."""
    if rule.checked:
        tangents = {p: [checked(rule, bound, e, symbols) if e is not None else None for e in t]
                    if isinstance(t, list) else checked(rule, bound, t, symbols)
                    for p, t in tangents.items()}
    terms = []
    for p, t in tangents.items():
        if p in rule.undefined:
            raise DerivationError(f"{rule.symbol}'s rule gives no derivative with respect to {p!r}")
        if p in rule.jvp:
            terms.append(_subst(rule.jvp[p], dict(bound, ans=ans, t=t), symbols))
        elif p in rule.multilinear:
            terms.append(call_primitive(rule, dict(bound, **{p: t}), symbols))
    joint = {p: t for p, t in tangents.items() if p in rule.linear}
    if joint:
        args = dict(bound)
        zero = lambda x: templates.expr("zero_derivative(x)", x=x,  # noqa: E731
                                        **_symbols_only(symbols, "zero_derivative"))
        for p in rule.linear:
            if p in rule.sequences and p in joint and not isinstance(joint[p], list):
                args[p] = joint[p]    # a list held in a variable: its tangent list
            elif p in rule.sequences:   # tangents[p]: a list with None for inactive elements
                given = joint.get(p) or [None] * len(bound[p].elts)
                args[p] = gast.List(elts=[t if t is not None else zero(e)
                                          for t, e in zip(given, bound[p].elts)], ctx=gast.Load())
            elif p in joint:
                args[p] = joint[p]
            else:
                args[p] = _zero_of(bound[p], zero)
        for p in rule.offset:            # added to the result: no part of the tangent
            args[p] = _zero_of(bound[p], zero)
        terms.append(call_primitive(rule, args, symbols))
    if not terms:
        return None
    total = terms[0]
    for term in terms[1:]:
        total = gast.BinOp(left=total, op=gast.Add(), right=term)
    return total


def _zero_of(node, zero):
    if isinstance(node, gast.Constant) and type(node.value) in (int, float):
        return templates.const(type(node.value)(0))        # a literal: its zero
    if isinstance(node, gast.Constant) and node.value is None:
        return node                                         # None: no offset
    return zero(node)


def checked(rule, bound, value, symbols):
    """``value`` (a tangent or cotangent node) passed through the rule's checks of
    parameters it models for some values only (``require_none(dtype, ..., t)``); a check
    of a parameter bound to its default, known now, is left out."""
    for p, check in rule.checked.items():
        if p in rule.defaults and _is_default(bound[p], rule.defaults[p]):
            continue
        value = templates.substitute(check, dict(symbols, **bound, t=value))
    return value


def _symbols_only(symbols, *names):
    return {n: symbols.get(n, n) for n in names}


def call_primitive(rule, args, symbols):
    """An expression applying ``rule``'s primitive to ``args`` {param: node}."""
    op = AST_OF_OPERATOR.get(rule.primitive)
    values = [args[p] for p in rule.params]
    if op is not None:
        if len(values) == 2:
            return gast.BinOp(left=values[0], op=op(), right=values[1])
        return gast.UnaryOp(op=op(), operand=values[0])
    if rule.primitive is operator.getitem:
        return gast.Subscript(value=values[0], slice=values[1], ctx=gast.Load())
    func = templates.expr(rule.symbol, **symbols)
    pos = [v for p, v in zip(rule.params, values) if p not in rule.defaults]
    if rule.varargs is not None:
        pos += list(args[rule.varargs].elts)
    kws = [gast.keyword(arg=p, value=args[p]) for p in rule.params
           if p in rule.defaults and not _is_default(args[p], rule.defaults[p])]
    return gast.Call(func=func, args=pos, keywords=kws)


def _is_default(node, default):
    return isinstance(node, gast.Constant) and node.value == default and type(node.value) is type(default)


# -- reverse ------------------------------------------------------------------
def cotangent(rule, param, bound, ans, g, symbols, element=None):
    """The contribution of ``g`` (cotangent of ``ans``) to ``param``'s cotangent.

    For a sequence parameter, ``element`` is the index of the element."""
    if rule.checked:
        g = checked(rule, bound, g, symbols)
    if element is None:
        extra, proxy = {}, bound[param]
    elif isinstance(element, str):   # a loop variable over a list held in a variable
        extra = {"k": templates.name(element)}
        proxy = gast.Subscript(value=bound[param], slice=templates.name(element), ctx=gast.Load())
    else:
        extra, proxy = {"k": templates.const(element)}, bound[param].elts[element]
    transpose = rule.transpose_template(param)
    if transpose is not None:
        return _subst(transpose, dict(bound, g=g, **extra), symbols)
    template = rule.jvp.get(param)
    if template is None:
        raise DerivationError(f"{rule.symbol}'s rule gives no derivative with respect to {param!r}")
    if element is None:
        # transpose once per (rule, parameter) in terms of the placeholders, then fill in
        generic = _GENERIC.get((rule, param))
        if generic is None:
            names = {p: p for p in rule.params}
            generic = _GENERIC[(rule, param)] = _transpose(
                template, dict(names, ans="ans"), templates.name(param), templates.name("g"), {})
        return _subst(generic, dict(bound, ans=ans, g=g), symbols)
    mapping = dict(bound, ans=ans, **extra)
    return _transpose(template, mapping, proxy, g, symbols)


_GENERIC = {}   # (rule, parameter) -> its transposed template, in placeholder names


def _transpose(expr, mapping, proxy, g, symbols):
    """Transpose the linear-in-``t`` template ``expr`` applied to cotangent ``g``.

    ``proxy`` stands for ``t`` wherever only its shape matters (a tangent has
    its primal's shape)."""
    if isinstance(expr, gast.Name) and expr.id == "t":
        if _is_unbroadcast_to(g, proxy, symbols):
            return g  # already summed down to the proxy's shape
        return templates.expr("unbroadcast(g, x)", g=g, x=proxy, **_symbols_only(symbols, "unbroadcast"))
    rule, operands = _template_op(expr)
    holders = [p for p, node in operands.items() if _mentions_t(node)]
    if len(holders) != 1:
        raise DerivationError(f"template {templates_text(expr)!r} is not linear in t in one operand")
    slot = holders[0]
    transpose = rule.transpose_template(slot)
    if transpose is None:
        raise DerivationError(f"{rule.symbol} is not linear in {slot!r}: cannot transpose")
    inner = operands[slot]
    args = {p: _subst(node, dict(mapping, t=proxy), symbols) for p, node in operands.items()}
    g_inner = _subst(transpose, dict(args, g=g), symbols)
    return _transpose(inner, mapping, proxy, g_inner, symbols)


# helpers whose result is a cotangent with the structure of one of their arguments
# (argument position): no unbroadcast needed (a container's shape is no array shape)
_SHAPED_LIKE = {"unbroadcast": 1, "iteration_item_cotangent": 1, "constants_cotangent": 1}


def _is_unbroadcast_to(node, proxy, symbols):
    if not (isinstance(node, gast.Call) and isinstance(node.func, gast.Name)):
        return False
    for helper, position in _SHAPED_LIKE.items():
        name = symbols.get(helper, helper)
        name = getattr(name, "id", name)
        if node.func.id == name and len(node.args) > position:
            return gast.dump(node.args[position]) == gast.dump(proxy)
    return False


def _template_op(expr):
    """(rule, {param: operand node}) for the outermost operation of a template."""
    if isinstance(expr, gast.BinOp):
        rule = RULES.get(BINARY[type(expr.op)])
        return rule, dict(zip(rule.params, [expr.left, expr.right]))
    if isinstance(expr, gast.UnaryOp):
        rule = RULES.get(UNARY[type(expr.op)])
        return rule, {rule.params[0]: expr.operand}
    if isinstance(expr, gast.Subscript):
        rule = RULES.get(operator.getitem)
        return rule, {"a": expr.value, "index": expr.slice}
    if isinstance(expr, gast.Call):
        try:
            symbol = dotted_name(expr.func)
        except ValueError:
            raise DerivationError("template calls must name their function") from None
        rule = RULES.by_symbol(symbol)
        if rule is None:
            raise DerivationError(f"no rule for {symbol!r} used in a template")
        return rule, rule.bind(list(expr.args), list(expr.keywords))
    raise DerivationError(f"cannot transpose template expression {templates_text(expr)!r}")


def _mentions_t(node):
    return any(isinstance(n, gast.Name) and n.id == "t" for n in gast.walk(node))


def templates_text(node):
    return unparse(gast.gast_to_ast(node))
