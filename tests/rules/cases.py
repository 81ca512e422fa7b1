"""The one case format of the rule tests, and the input generators they share.

A ``Case`` names the rule it is about, the function that applies it and the
arguments.  The function is either

  * an expression string over the argument names: it becomes
    ``def f(<names>, w): return np.sum((<expression>) * w)``, compiled with its text
    registered in ``linecache`` (tangentish reads source), with ``np`` and
    ``scipy`` in scope; or
  * a Python function ``f(<args>, w)`` returning ``np.sum(<result> * w)`` (or, for
    the checks that take no weight, see ``weighted``).

``w`` is a fixed random weight shaped like the result, so a transposed or
misplaced cotangent shows.  The autograd twin is the same code object run with
``np`` bound to autograd.numpy (and ``scipy.special`` to autograd's), unless
``ag`` says otherwise.  Which checks run is ``checks`` (see tests/rules/harness.py).
"""
import dataclasses
import inspect
import itertools
import linecache
import math

import numpy as np
import scipy.special  # noqa: F401  (in scope of the expressions)

from tangentish.rules import RULES

# the checks (tests/rules/harness.py runs each case through those it names)
FIRST = ("fd", "autograd", "forward")          # first order: FD, autograd, forward vs reverse
ALL = FIRST + ("second",)                      # and second order: grad of grad for elementwise
#                                                rules on scalars, Hessian-vector products otherwise
# tolerances of the first-order checks written with python functions (the stricter ones)
STRICT = dict(ag_rtol=1e-10, ag_atol=1e-12, fwd_rtol=1e-9, fwd_atol=1e-12)

_COUNTER = itertools.count()


@dataclasses.dataclass
class Case:
    rule: object                 # the primitive under test; ".name" for an array method / attribute
    fn: object                   # an expression string over the argument names, or a function
    args: object                 # name -> value (a tuple for a function: named by its parameters)
    wrt: object = None           # argument indices (an int or a tuple); None: the float arguments
    #                              not in ``const``
    ag: object = True            # autograd: True (the same code), False (autograd lacks it), an
    #                              autograd expression string, or a twin function
    label: str = ""
    const: tuple = ()            # float arguments that are not differentiated
    checks: tuple = ALL
    weighted: bool = True        # the function takes the weight ``w`` as its last argument
    rtol: float = 1e-5           # finite differences
    atol: float = 1e-6
    ag_rtol: float = 1e-8
    ag_atol: float = 1e-10
    fwd_rtol: float = 1e-7
    fwd_atol: float = 1e-9

    def __post_init__(self):
        if not isinstance(self.args, dict):
            params = [p for p in inspect.signature(self.fn).parameters]
            if self.weighted:
                params = params[:-1]
            self.args = dict(zip(params, self.args))
        if self.wrt is None:
            self.wrt = tuple(i for i, (n, v) in enumerate(self.args.items())
                             if n not in self.const and is_float(v))
        elif not isinstance(self.wrt, tuple):
            self.wrt = (self.wrt,)
        self._function = None

    @property
    def names(self):
        return list(self.args)

    @property
    def values(self):
        return tuple(self.args.values())

    @property
    def function(self):
        """The function under test (compiled once, for an expression)."""
        if self._function is None:
            if isinstance(self.fn, str):
                self._function = _compile(self.names + ["w"], f"np.sum(({self.fn}) * w)",
                                          {"np": np, "scipy": scipy, "math": math})
            else:
                self._function = self.fn
        return self._function

    def primitive(self):
        """The rule's primitive (a method or attribute name is looked up among the array
        methods and attributes)."""
        if isinstance(self.rule, str) and self.rule.startswith("."):
            name = self.rule[1:]
            return RULES.methods.get(name, RULES.attributes.get(name))
        return self.rule

    def module(self):
        """The rules module that defines what this case tests."""
        if isinstance(self.rule, str) and self.rule.startswith("."):
            name = self.rule[1:]
            assert name in RULES.methods or name in RULES.attributes, name
            return "tangentish.rules.numpy.methods"
        return RULES.get(self.rule).module

    @property
    def id(self):
        shapes = "x".join(str(np.shape(v)).replace(" ", "") for v in self.args.values() if is_float(v))
        if isinstance(self.rule, str):
            name = self.rule
        else:
            name = getattr(self.rule, "__name__", "rule")
        if not isinstance(self.fn, str):
            name = f"{name}:{self.fn.__name__}"
        return f"{name}{('-' + self.label) if self.label else ''}[{shapes}]"

    def __str__(self):
        return self.id


def _compile(params, body, globs, name="f"):
    """``def name(params): return body`` with its text registered in linecache."""
    filename = f"<rule-case-{next(_COUNTER)}>"
    text = f"def {name}({', '.join(params)}):\n    return {body}\n"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    namespace = dict(globs)
    exec(compile(text, filename, "exec"), namespace)
    return namespace[name]


def compile_twin(params, body, globs):
    return _compile(params, body, globs, name="twin")


def is_float(v):
    return isinstance(v, float) or (isinstance(v, np.ndarray) and v.dtype.kind == "f")


# -- input generators (each test file has its own seeded generator) ---------------------------------
S, V, M, C3 = (), (4,), (2, 3), (2, 3, 4)
SCALAR, VEC, MAT, CUBE = (), (4,), (3, 4), (2, 3, 4)


class Inputs:
    """Random inputs from a seeded generator: ``rand(shape)`` (a python float for shape ())."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def rand(self, shape=V, lo=-1.5, hi=1.5):
        value = self.rng.uniform(lo, hi, size=shape)
        return float(value) if shape == () else value

    def pos(self, shape=V):
        return self.rand(shape, 0.5, 2.0)

    positive = pos

    def unit(self, shape=V):
        return self.rand(shape, -0.9, 0.9)

    def above1(self, shape=V):
        return self.rand(shape, 1.2, 3.0)

    def nonzero(self, shape=V, lo=0.2, hi=1.5):
        sign = self.rng.choice([-1.0, 1.0], size=shape)
        value = sign * self.rng.uniform(lo, hi, size=shape)
        return float(value) if shape == () else value

    def away_from_zero(self, shape, lo=0.2, hi=1.5):
        sign = self.rng.choice([-1.0, 1.0], size=shape)
        return float(sign * self.rand(shape, lo, hi)) if shape == () else sign * self.rand(shape, lo, hi)

    def near_one(self, shape):
        """For products of many elements: |value| in [0.7, 1.4]."""
        return self.away_from_zero(shape, 0.7, 1.4)

    def spd(self, n=3):
        a = self.rng.normal(size=(n, n))
        return a @ a.T + n * np.eye(n)

    def wellcond(self, shape=(3, 3)):
        return self.rng.normal(size=shape) + 3.0 * np.eye(shape[-1])


class CaseList(list):
    """A list of cases with the two shorthands of the expression tables."""

    def case(self, rule, expr, arg_sets, **kw):
        """One case per argument set (a list of dicts name -> value)."""
        for args in arg_sets:
            self.append(Case(rule, expr, args, **kw))

    def unary(self, rule, expr, gen, shapes=(S, V, M), **kw):
        self.case(rule, expr, [{"x": gen(s)} for s in shapes], **kw)

    PAIRS = [(V, V), (M, (3,)), (S, M), ((2, 1), (1, 3))]

    def binary(self, rule, expr, gx, gy, pairs=PAIRS, **kw):
        self.case(rule, expr, [{"x": gx(sx), "y": gy(sy)} for sx, sy in [(S, S)] + list(pairs)], **kw)


def fcase(rule, fn, args, ag=True, label="", **kw):
    """A case written as a python function ``fn(*args, w)``: checked to first order, with the
    strict tolerances."""
    return Case(rule, fn, tuple(args), ag=ag, label=label, checks=FIRST, **{**STRICT, **kw})


# (x shape, y shape) for the binary cases written as functions: same shapes, then broadcasting.
FPAIRS = [(SCALAR, SCALAR), (VEC, VEC), (MAT, MAT), (CUBE, CUBE),
          ((3, 1), (1, 4)), ((4,), (3, 4)), ((3, 4), (4,)), (SCALAR, MAT), (MAT, SCALAR),
          ((2, 1, 4), (3, 1))]
FSHAPES = [SCALAR, VEC, MAT, CUBE]


def set_checks(cases, rules, checks):
    """Give the cases of ``rules`` these checks (first-order-only rules: ``FIRST``; rules
    second order in one argument only: ``FIRST + ("second-forward",)``)."""
    for c in cases:
        if isinstance(c.fn, str) and c.rule in rules:
            c.checks = checks
