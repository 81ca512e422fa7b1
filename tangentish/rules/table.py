"""The rule table: one entry per primitive, each derivative written once.

A primitive's entry says how its output changes when its inputs change, in one
of three forms, all written as Python snippets that read like the math
(placeholders: the primitive's parameter names, ``ans`` for its output, ``t``
for an input's tangent, ``g`` for the output's cotangent):

* ``jvp={"x": "t * np.cos(x)"}`` -- the tangent contribution of each input,
  an expression *linear in t*.  Forward mode uses it as written; reverse mode
  *derives* the adjoint by transposing that expression (each linear building
  block knows its transpose), so the math is never written twice.
* ``linear={"a": "unreduce(g, a, axis, keepdims)"}`` -- the primitive is
  linear (jointly) in these inputs; give the transpose map.  Forward mode is
  the primitive itself applied to tangents (zeros for inactive inputs).
* ``multilinear={...}`` -- linear in each input separately (``*``, ``@``);
  forward mode is the product rule, a sum of one primitive call per input.

A parameter written ``[arrays]`` in the signature is a sequence of arrays
(``np.stack([a, b])``); its templates see the element index as ``k`` and
apply to each element.

``nondiff=True`` marks functions whose result carries no derivative
(comparisons, ``np.shape``, ``argmax``, ``floor``...).  Parameters not named
in any of these carry no derivative (``axis``...); ``undefined=("a",)`` names
parameters that do have one the rule does not give, so an active value there
is refused instead of silently treated as a constant.  ``checked={"dtype": expr}``
passes every tangent and cotangent (``t`` in ``expr``) through a check that refuses at
run time the values the derivative does not model (``np.vstack(..., dtype=int)``).
``offset=("initial",)`` names parameters added to the result of a ``linear`` rule
(``np.sum``'s ``initial=``): its tangent passes them as zero.
"""
import ast
import sys
from collections.abc import Mapping

import gast

from ..ir import templates


class Templates(Mapping):
    """Parameter name -> template expression, parsed from its text on first use (and
    passed through ``then``); membership, iteration and length read the text only."""

    def __init__(self, text=None, then=None):
        self.text = dict(text or {})
        self._then = then
        self._parsed = None

    def _nodes(self):
        if self._parsed is None:
            parsed = {p: templates.parse_expr(t) for p, t in self.text.items()}
            self._parsed = {p: self._then(e) for p, e in parsed.items()} if self._then \
                else parsed
        return self._parsed

    def __getitem__(self, param):
        return self._nodes()[param]

    def __contains__(self, param):
        return param in self.text

    def __iter__(self):
        return iter(self.text)

    def __len__(self):
        return len(self.text)


class Rule:
    def __init__(self, primitive, signature, jvp=None, linear=None, multilinear=None,
                 nondiff=False, elementwise=False, undefined=(), whole=None, note="",
                 real_only=False, checked=None, positional=None, offset=()):
        self.primitive = primitive
        (self.symbol, self.params, self.defaults, self.varargs,
         self.sequences) = _parse_signature(signature)
        self.signature_text = signature
        self.module = None
        if self.varargs is not None:       # *xs: a sequence of arguments, element by element
            self.sequences = self.sequences | {self.varargs}
        # Templates are parsed on first use (import time: ~1,200 templates).
        self.jvp = Templates(jvp)
        self.linear = Templates(linear)
        self.multilinear = Templates(multilinear)
        # real_only: the derivative is exact for real inputs only; complex values are
        # refused at run time (every tangent / cotangent passes require_real first)
        self.real_only = real_only
        if real_only:
            self._guard_real()
        self.jvp_text = dict(jvp or {})
        self.transpose_text = dict(linear or {}, **(multilinear or {}))
        # For a sequence parameter bound to a list held in a variable: the transpose
        # for the whole list at once (a helper with a rule, so it differentiates again).
        self.whole = Templates(whole)
        self.nondiff = nondiff
        self.elementwise = elementwise
        # Parameters with a derivative the rule does not provide: an active
        # value there is refused (never silently treated as constant).
        self.undefined = tuple(undefined)
        # Parameters added to the result (np.sum's initial=): a linear rule's tangent
        # calls the primitive with them at zero (they also need undefined=, refusing an
        # active value).
        self.offset = tuple(offset)
        # checked={"dtype": "require_none(dtype, 'np.vstack()', 'dtype', t)"}: a parameter
        # the derivative models for some values only; every tangent and cotangent of the
        # rule passes through this check (t: the value), which refuses the others at run time.
        self.checked = Templates(checked)
        # positional=1: the parameters after the first are keyword-only in the function
        # (np.gradient(f, *varargs, axis=...)): more positional arguments do not fit the rule
        self.positional = positional
        self.note = note
        for p in list(self.jvp) + list(self.linear) + list(self.multilinear):
            if p not in self.params and p != self.varargs:
                raise ValueError(f"rule {signature}: {p!r} is not a parameter")
        overlap = set(self.jvp) & (set(self.linear) | set(self.multilinear))
        if overlap:
            raise ValueError(f"rule {signature}: {overlap} given twice")

    def _guard_real(self):
        names = [p for p in self.params if p in self.jvp or p in self.linear
                 or p in self.multilinear]
        check_text = f"require_real(t, ({', '.join(names)},), {self.symbol + '()'!r})"

        def tangent(e):
            return templates.substitute(e, {"t": templates.parse_expr(check_text)})

        def cotangent(e):
            g_check = templates.substitute(templates.parse_expr(check_text),
                                           {"t": templates.name("g")})
            return templates.substitute(e, {"g": g_check})
        self.jvp = Templates(self.jvp.text, tangent)
        self.linear = Templates(self.linear.text, cotangent)
        self.multilinear = Templates(self.multilinear.text, cotangent)

    @property
    def differentiable_params(self):
        names = self.params + ([self.varargs] if self.varargs else [])
        return [p for p in names if p in self.jvp or p in self.linear or p in self.multilinear
                or p in self.undefined]

    def transpose_template(self, param):
        return self.linear.get(param) or self.multilinear.get(param)

    def bind(self, args, keywords):
        """Map call arguments (nodes) to parameter names; defaults become constants.

        Raises TypeError (with a readable message) when the call does not fit."""
        bound = {}
        params = self.params
        if self.varargs is not None:
            fixed = params
            if len(args) < len(fixed):
                raise TypeError(f"{self.symbol}() needs at least {len(fixed)} positional arguments")
            for p, a in zip(fixed, args):
                bound[p] = a
            bound[self.varargs] = gast.Tuple(elts=list(args[len(fixed):]), ctx=gast.Load())
        else:
            limit = len(params) if self.positional is None else self.positional
            if len(args) > limit:
                raise TypeError(f"{self.symbol}() is called with {len(args)} positional arguments "
                                f"here; its rule covers {self.signature_text} with at most {limit}")
            for p, a in zip(params, args):
                bound[p] = a
        for kw in keywords:
            if kw.arg not in params or kw.arg in bound:
                raise TypeError(f"argument {kw.arg!r} of {self.symbol}() is not supported by its rule "
                                f"(rule signature: {self.signature_text})")
            bound[kw.arg] = kw.value
        for p in params:
            if p not in bound:
                if p not in self.defaults:
                    raise TypeError(f"{self.symbol}() is called with {len(args)} positional "
                                    f"argument(s) here; its rule covers {self.signature_text}")
                bound[p] = templates.const(self.defaults[p]) if not isinstance(
                    self.defaults[p], tuple) else templates.parse_expr(repr(self.defaults[p]))
        return bound

    def __repr__(self):
        return f"<Rule {self.signature_text}>"


def _parse_signature(text):
    # the standard library's ast (no gast conversion): this runs for every rule at import
    call = ast.parse(text, mode="eval").body
    if not isinstance(call, ast.Call):
        raise ValueError(f"bad rule signature {text!r}")
    symbol = _ast_dotted_name(call.func)
    params, defaults, varargs, sequences = [], {}, None, set()
    for a in call.args:
        if isinstance(a, ast.Starred):
            varargs = a.value.id
        elif isinstance(a, ast.List):       # "np.stack([arrays])": a sequence of arrays
            params.append(a.elts[0].id)
            sequences.add(a.elts[0].id)
        else:
            params.append(a.id)
    for kw in call.keywords:
        params.append(kw.arg)
        defaults[kw.arg] = ast.literal_eval(kw.value)
    return symbol, params, defaults, varargs, frozenset(sequences)


def _ast_dotted_name(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return _ast_dotted_name(node.value) + "." + node.attr
    raise ValueError("a rule symbol must be a dotted name")


def dotted_name(node):
    """``np.linalg.det`` for the expression naming it (ValueError for anything else)."""
    if isinstance(node, gast.Name):
        return node.id
    if isinstance(node, gast.Attribute):
        return dotted_name(node.value) + "." + node.attr
    raise ValueError("a rule symbol must be a dotted name")


class RuleTable:
    """Rules keyed by the primitive's function object; methods keyed by name."""

    def __init__(self):
        self._rules = {}
        self._by_symbol = {}
        self.methods = {}      # method name -> (primitive, adapter or None)
        self.attributes = {}   # attribute name -> primitive (``x.T``) or None (inactive)
        self.symbols = {}      # names user-registered templates use -> objects
        self.version = 0       # bumped on every change (the driver caches per version)
        self._defined = {}     # primitive -> module, for tangentish's own rules (define)
        self._defined_symbols = {}   # symbol -> (rule, module), likewise

    def add(self, rule):
        key = _key(rule.primitive)
        self._rules[key] = rule
        self._by_symbol[rule.symbol] = rule
        self.version += 1
        return rule

    def define(self, rule, module):
        """Add one of tangentish's own rules, written in its rule module ``module``
        (``defrule`` / ``nondiff`` at import time).  A primitive, or a symbol templates
        call, defined twice by these modules is a mistake: the second silently replaced
        the first, so it raises instead.  (``add``, which ``tangentish.register`` uses,
        replaces a rule: re-registering is how a user changes a derivative.)"""
        key = _key(rule.primitive)
        try:
            earlier = self._defined.get(key)
        except TypeError:
            earlier = None
        if earlier is not None:
            raise DuplicateRuleError(f"{rule.signature_text}: a rule for this function is defined "
                                     f"twice, in {earlier} and in {module}")
        other = self._defined_symbols.get(rule.symbol)
        # nondiff rules are named by the function's __name__ only (np.floor and math.floor
        # are both "floor"): no template calls them, so they may share it
        if other is not None and not (other[0].nondiff and rule.nondiff):
            raise DuplicateRuleError(f"{rule.signature_text}: the name {rule.symbol!r} is defined "
                                     f"twice, in {other[1]} ({other[0].signature_text}) and in "
                                     f"{module}")
        try:
            self._defined[key] = module
        except TypeError:
            pass
        self._defined_symbols[rule.symbol] = (rule, module)
        return self.add(rule)

    def get(self, primitive):
        try:
            return self._rules.get(_key(primitive))
        except TypeError:
            return None

    def by_symbol(self, symbol):
        return self._by_symbol.get(symbol)

    def __contains__(self, primitive):
        return self.get(primitive) is not None

    def __iter__(self):
        return iter(self._rules.values())

    def __len__(self):
        return len(self._rules)


class DuplicateRuleError(ValueError):
    """A primitive or a symbol defined twice by tangentish's own rule modules."""


def _key(obj):
    # ufuncs and builtins hash fine; bound methods of modules (np.random...) too.
    return obj


RULES = RuleTable()


def defrule(primitive, signature, **kwargs):
    """Add a rule to the global table (see module docstring for the format)."""
    rule = Rule(primitive, signature, **kwargs)
    rule.module = sys._getframe(1).f_globals.get("__name__")   # where the rule is written
    return _define(rule, rule.module)


def nondiff(*primitives, note=""):
    """Declare functions whose results carry no derivative."""
    module = sys._getframe(1).f_globals.get("__name__")
    for p in primitives:
        name = getattr(p, "__name__", None) or type(p).__name__
        _define(Rule(p, f"{name}(*args)", nondiff=True, note=note), module)


def _define(rule, module):
    """tangentish's own rule modules define (a duplicate raises); anyone else adds."""
    if (module or "").startswith("tangentish.rules."):
        return RULES.define(rule, module)
    return RULES.add(rule)


def first_order_only(*params):
    """The derivative of each of ``params``: refused when it is needed (see above)."""
    return {p: "unsupported_higher_order_derivative(t)" for p in params}
