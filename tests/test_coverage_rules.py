"""The rules of issue 6 (in tangentish/rules/numpy/: the families, linalg.py, fft.py,
special.py, and their helpers in rules/helpers/), each checked

  * in reverse mode against central finite differences, on random inputs in 2-3
    shapes (broadcasting, axis and keepdims variants where they apply);
  * against autograd 1.9.1 where autograd differentiates the function;
  * in forward mode: ``tg.jvp`` agrees with the reverse-mode gradient;
  * to second order (grad of grad) for elementwise rules, on scalar inputs;
  * helpers: each linear helper and its transpose pass the dot-product test
    <g, T x> == <T^T g, x>.

Each case is an expression over named arguments; the function under test,

    def f_<case>(<args>, w):
        return np.sum(<expression> * w)

is written into a module file (tangentish reads source) and imported once per
session.  ``w`` is a fixed random weight shaped like the expression, so a
misplaced cotangent shows.  Autograd runs the same code object with ``np`` bound
to autograd.numpy.
"""
import dataclasses
import importlib.util
import types
import warnings

import autograd.numpy as anp
import autograd.scipy.special as asp
import numpy as np
import pytest
import scipy.special
from autograd import grad as agrad

import tangentish as tg
from tests.corpus.helpers import numerical_grad
from tangentish import runtime as rm
from tangentish.rules import RULES
from tangentish.rules.numpy import nondiff as numpy_nondiff

RNG = np.random.default_rng(20240611)
S, V, M, C3 = (), (4,), (2, 3), (2, 3, 4)


def rand(shape=V, lo=-1.5, hi=1.5):
    value = RNG.uniform(lo, hi, size=shape)
    return float(value) if shape == () else value


def pos(shape=V):
    return rand(shape, 0.5, 2.0)


def unit(shape=V):
    return rand(shape, -0.9, 0.9)


def above1(shape=V):
    return rand(shape, 1.2, 3.0)


def nonzero(shape=V):
    sign = RNG.choice([-1.0, 1.0], size=shape)
    value = sign * RNG.uniform(0.2, 1.5, size=shape)
    return float(value) if shape == () else value


def spd(n=3):
    a = RNG.normal(size=(n, n))
    return a @ a.T + n * np.eye(n)


def wellcond(shape=(3, 3)):
    return RNG.normal(size=shape) + 3.0 * np.eye(shape[-1])


# -- the cases ---------------------------------------------------------------------------------------
@dataclasses.dataclass
class Case:
    rule: object                 # the primitive (or primitives) this case covers
    expr: str                    # an expression over the argument names
    args: dict                   # name -> value; float arrays and floats are differentiated
    ag: object = True            # compare with autograd: True, False (autograd lacks it) or an
    #                              autograd expression to use instead
    label: str = ""
    const: tuple = ()            # float arguments that are not differentiated
    rtol: float = 1e-5
    atol: float = 1e-6

    @property
    def names(self):
        return list(self.args)

    @property
    def wrt(self):
        return tuple(i for i, (n, v) in enumerate(self.args.items())
                     if n not in self.const and _is_float(v))

    @property
    def id(self):
        shapes = "x".join(str(np.shape(v)).replace(" ", "") for n, v in self.args.items()
                          if _is_float(v))
        rule = self.rule[0] if isinstance(self.rule, tuple) else self.rule
        name = getattr(rule, "__name__", "rule")
        return f"{name}{('-' + self.label) if self.label else ''}[{shapes}]"


def _is_float(v):
    return isinstance(v, float) or (isinstance(v, np.ndarray) and v.dtype.kind == "f")


CASES = []


def case(rule, expr, shapes_or_args, ag=True, label="", **kw):
    """Add one case per argument set; ``shapes_or_args`` is a list of dicts name -> value."""
    for args in shapes_or_args:
        CASES.append(Case(rule, expr, args, ag=ag, label=label, **kw))


def unary(rule, expr, gen, shapes=(S, V, M), **kw):
    case(rule, expr, [{"x": gen(s)} for s in shapes], **kw)


PAIRS = [(V, V), (M, (3,)), (S, M), ((2, 1), (1, 3))]


def binary(rule, expr, gx, gy, pairs=PAIRS, **kw):
    case(rule, expr, [{"x": gx(sx), "y": gy(sy)} for sx, sy in [(S, S)] + list(pairs)], **kw)


# Elementwise, one input.
ELEMENTWISE_UNARY = [
    (np.fabs, "np.fabs(x)", nonzero, True),
    (np.reciprocal, "np.reciprocal(x)", nonzero, True),
    (np.exp2, "np.exp2(x)", rand, True),
    (np.expm1, "np.expm1(x)", rand, True),
    (np.log2, "np.log2(x)", pos, True),
    (np.log10, "np.log10(x)", pos, True),
    (np.log1p, "np.log1p(x)", pos, True),
    (np.arcsin, "np.arcsin(x)", unit, True),
    (np.arccos, "np.arccos(x)", unit, True),
    (np.arctan, "np.arctan(x)", rand, True),
    (np.sinh, "np.sinh(x)", rand, True),
    (np.cosh, "np.cosh(x)", rand, True),
    (np.arcsinh, "np.arcsinh(x)", rand, True),
    (np.arccosh, "np.arccosh(x)", above1, True),
    (np.arctanh, "np.arctanh(x)", unit, True),
    (np.deg2rad, "np.deg2rad(x)", rand, True),
    (np.radians, "np.radians(x)", rand, True),
    (np.rad2deg, "np.rad2deg(x)", rand, True),
    (np.degrees, "np.degrees(x)", rand, True),
    (np.cbrt, "np.cbrt(x)", nonzero, False),
    (np.sinc, "np.sinc(x)", rand, False),
    (np.positive, "np.positive(x)", rand, False),
    (np.real, "np.real(x)", rand, True),
    (np.imag, "np.imag(x) + x", rand, True),
    (np.conj, "np.conj(x)", rand, True),
    (np.angle, "np.angle(x) + x", nonzero, True),
    (np.absolute, "np.absolute(x)", nonzero, True),
]
for _rule, _expr, _gen, _ag in ELEMENTWISE_UNARY:
    unary(_rule, _expr, _gen, ag=_ag)
unary(np.angle, "np.angle(x, deg=True) + x", nonzero, shapes=(V,), label="deg", ag=False)  # autograd: no deg=
unary(np.nan_to_num, "np.nan_to_num(x)", lambda s: np.where(np.arange(np.prod(s)).reshape(s) % 3 == 0,
                                                              np.array([np.nan, np.inf, -np.inf] * 4)[:np.prod(s)].reshape(s),
                                                              rand(s)), shapes=(V, M))
case(np.nan_to_num, "np.nan_to_num(x, nan=y, posinf=2.0 * y, neginf=-y)",
     [{"x": np.array([1.0, np.nan, np.inf, -np.inf, 0.5, np.nan]), "y": 0.7}], ag=False, label="fill")

# Elementwise, two inputs (same shapes, then broadcasting).
binary(np.float_power, "np.float_power(x, y)", pos, rand, ag=False)
binary(np.fmax, "np.fmax(x, y)", rand, rand)
binary(np.fmin, "np.fmin(x, y)", rand, rand)
binary(np.logaddexp, "np.logaddexp(x, y)", rand, rand)
binary(np.logaddexp2, "np.logaddexp2(x, y)", rand, rand)
binary(np.mod, "np.mod(x, y)", nonzero, lambda s: rand(s, 2.0, 3.0))
binary(np.remainder, "np.remainder(x, y)", nonzero, lambda s: rand(s, 2.0, 3.0), pairs=PAIRS[:2])
binary(np.fmod, "np.fmod(x, y)", nonzero, lambda s: rand(s, 2.0, 3.0), ag=False)
binary(np.arctan2, "np.arctan2(x, y)", nonzero, nonzero)
binary(np.hypot, "np.hypot(x, y)", nonzero, nonzero)
binary(np.copysign, "np.copysign(x, y)", nonzero, nonzero, ag=False)
binary(np.true_divide, "np.true_divide(x, y)", rand, pos, pairs=PAIRS[:2])
case(np.heaviside, "np.heaviside(x, y)", [{"x": np.array([0.0, 1.5, -0.5, 0.0]), "y": rand(V)},
                                           {"x": np.array([[0.0, 1.0, -1.0]] * 2), "y": 0.3}],
     ag=False, const=("x",))
case(np.ldexp, "np.ldexp(x, n)", [{"x": rand(V), "n": np.array([0, 1, -2, 3])},
                                   {"x": rand(M), "n": np.array([2, -1, 0])}], ag=False)

# Reductions and scans, with axis / keepdims variants.
for _axis, _kd, _shape in [(None, False, V), (None, False, M), (1, True, M), (0, False, C3),
                           ((0, 2), True, C3), (-1, False, C3)]:
    _a = f"axis={_axis!r}, keepdims={_kd}"
    for _ddof in (0, 1):
        case(np.var, f"np.var(x, {_a}, ddof={_ddof})", [{"x": rand(_shape)}], label=f"{_axis}-{_kd}-{_ddof}")
        case(np.std, f"np.std(x, {_a}, ddof={_ddof})", [{"x": rand(_shape)}], label=f"{_axis}-{_kd}-{_ddof}")
    case(np.nansum, f"np.nansum(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.nanmean, f"np.nanmean(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.nanmax, f"np.nanmax(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.nanmin, f"np.nanmin(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.ptp, f"np.ptp(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.median, f"np.median(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
    case(np.average, f"np.average(x, {_a})", [{"x": rand(_shape)}], ag=False, label=f"{_axis}-{_kd}")
_NAN = np.array([[0.3, np.nan, -1.2], [np.nan, 0.8, 0.1]])
case(np.nansum, "np.nansum(x, axis=1)", [{"x": _NAN.copy()}], ag=False, label="nan")
case(np.nanmean, "np.nanmean(x, axis=0)", [{"x": np.array([[0.3, np.nan, -1.2], [0.5, 0.8, 0.1]])}],
     ag=False, label="nan")
case(np.nanmax, "np.nanmax(x, axis=1)", [{"x": _NAN.copy()}], ag=False, label="nan")
for _axis, _shape in [(None, V), (None, M), (0, M), (1, M), (-1, C3)]:
    case(np.cumsum, f"np.cumsum(x, {_axis!r})", [{"x": rand(_shape)}], label=str(_axis))
    case(np.cumprod, f"np.cumprod(x, {_axis!r})", [{"x": nonzero(_shape)}], ag=False, label=str(_axis))
for _n, _axis, _shape in [(1, -1, V), (2, -1, (5,)), (1, 0, M), (2, 1, C3)]:
    case(np.diff, f"np.diff(x, {_n}, {_axis})", [{"x": rand(_shape)}], label=f"{_n}-{_axis}")
case(np.median, "np.median(x)", [{"x": rand((5,))}, {"x": rand((6,))}], ag=False, label="odd-even")
for _q, _kw in [(0.3, ""), ([0.1, 0.5, 0.95], ", axis=1"), (0.5, ", axis=0, method='lower'"),
                (0.7, ", axis=(0, 2), keepdims=True, method='midpoint'"), (0.2, ", method='nearest'")]:
    case(np.quantile, f"np.quantile(x, {_q!r}{_kw})", [{"x": rand(C3)}], ag=False, label=f"{_q}{_kw}")
    case(np.percentile, f"np.percentile(x, np.multiply({_q!r}, 100.0){_kw})", [{"x": rand(C3)}],
         ag=False, label=f"{_q}{_kw}")
case(np.average, "np.average(x, axis=1, weights=y)", [{"x": rand(M), "y": pos((3,))},
                                                      {"x": rand(C3), "y": pos((3,))}], ag=False, label="w")
case(np.average, "np.average(x, weights=y)", [{"x": rand(M), "y": pos(M)}], ag=False, label="w-full")
case(np.trapezoid, "np.trapezoid(y)", [{"y": rand(V)}, {"y": rand(M)}], ag=False)
case(np.trapezoid, "np.trapezoid(y, dx=d, axis=0)", [{"y": rand(M), "d": 0.3}], ag=False, label="dx")
case(np.trapezoid, "np.trapezoid(y, x, axis=-1)", [{"y": rand(M), "x": np.sort(rand((3,)))},
                                                    {"y": rand(M), "x": np.sort(rand(M), axis=1)}],
     ag=False, label="x")

# Shape.
case(np.ravel, "np.ravel(x)", [{"x": rand(M)}, {"x": rand(C3)}])
case(np.squeeze, "np.squeeze(x)", [{"x": rand((1, 3, 1))}, {"x": rand((2, 1))}])
case(np.squeeze, "np.squeeze(x, axis=0)", [{"x": rand((1, 3, 1))}], label="axis")
case(np.expand_dims, "np.expand_dims(x, 1)", [{"x": rand(V)}, {"x": rand(M)}])
case(np.expand_dims, "np.expand_dims(x, (0, 2))", [{"x": rand(M)}], label="tuple", ag=False)
case(np.moveaxis, "np.moveaxis(x, 0, -1)", [{"x": rand(C3)}])
case(np.moveaxis, "np.moveaxis(x, [0, 1], [2, 0])", [{"x": rand(C3)}], label="lists")
case(np.broadcast_to, "np.broadcast_to(x, (2, 3, 4))", [{"x": rand((3, 1))}, {"x": rand((4,))}, {"x": 0.5}],
     ag=False)  # autograd 1.9.1: "Can't handle extra leading dims"
for _f in (np.atleast_1d, np.atleast_2d, np.atleast_3d):
    case(_f, f"np.{_f.__name__}(x)", [{"x": 0.5}, {"x": rand(V)}, {"x": rand(M)}], ag=False)
for _f, _pairs in [(np.hstack, [(V, (2,)), (M, (2, 1)), (S, V)]),
                   (np.vstack, [(V, V), (M, (1, 3)), ((3,), (2, 3))]),
                   (np.dstack, [(M, M), (V, V), ((2, 3, 1), (2, 3, 2))]),
                   (np.column_stack, [(V, V), (M, (2, 1)), ((2,), (2, 3))])]:
    case(_f, f"np.{_f.__name__}([x, y])", [{"x": rand(a), "y": rand(b)} for a, b in _pairs])
case(np.hstack, "np.hstack((x, 2.0 * x, y))", [{"x": rand(V), "y": rand((2,))}], label="tuple-reuse")
case(np.split, "np.split(x, 2)[1] * np.split(x, 2)[0]", [{"x": rand((6,))}, {"x": rand((4, 3))}])
case(np.split, "np.split(x, [1, 3], axis=1)[2] + np.split(x, [1, 3], axis=1)[0]",
     [{"x": rand((2, 4))}], label="indices")
case(np.array_split, "np.array_split(x, 3)[2] ** 2", [{"x": rand((7,))}, {"x": rand((5, 2))}])
case(np.hsplit, "np.hsplit(x, 2)[1]", [{"x": rand((2, 4))}], label="2d")
case(np.hsplit, "np.hsplit(x, 2)[1]", [{"x": rand((6,))}], ag=False)  # autograd 1.9.1 joins 1-D parts on axis 1
case(np.vsplit, "np.vsplit(x, 2)[0]", [{"x": rand((4, 3))}])
case(np.dsplit, "np.dsplit(x, 2)[1]", [{"x": rand(C3)}])
case(np.repeat, "np.repeat(x, 3)", [{"x": rand(V)}, {"x": rand(M)}])
case(np.repeat, "np.repeat(x, [1, 0, 2], axis=1)", [{"x": rand(M)}, {"x": rand((2, 3, 2))}], label="axis",
     ag=False)  # autograd 1.9.1: repeats must be an int
case(np.tile, "np.tile(x, 2)", [{"x": rand(V)}])
case(np.tile, "np.tile(x, 2)", [{"x": rand(M)}], label="2d", ag=False)  # autograd 1.9.1: wrong for N-D x, int reps
case(np.tile, "np.tile(x, (2, 1, 3))", [{"x": rand(M)}, {"x": 0.5}], label="reps")
case(np.roll, "np.roll(x, 2)", [{"x": rand((5,))}, {"x": rand(M)}])
case(np.roll, "np.roll(x, (1, -1), axis=(0, 2))", [{"x": rand(C3)}], label="axes", ag=False)
case(np.flip, "np.flip(x)", [{"x": rand(V)}, {"x": rand(M)}], ag=False)
case(np.flip, "np.flip(x, 1)", [{"x": rand(C3)}], label="axis", ag=False)
case(np.flipud, "np.flipud(x)", [{"x": rand(V)}, {"x": rand(M)}])
case(np.fliplr, "np.fliplr(x)", [{"x": rand(M)}, {"x": rand(C3)}])
case(np.rot90, "np.rot90(x)", [{"x": rand(M)}, {"x": rand(C3)}])
case(np.rot90, "np.rot90(x, 3, (1, 2))", [{"x": rand(C3)}], label="k-axes", ag=False)
case(np.pad, "np.pad(x, ((1, 2), (0, 1)))", [{"x": rand(M)}], ag=False)  # autograd 1.9.1: pad_vjp needs mode
case(np.pad, "np.pad(x, 2, constant_values=c)", [{"x": rand(V), "c": 0.7}], label="value", ag=False)
for _mode in ("edge", "reflect", "symmetric", "wrap"):
    case(np.pad, f"np.pad(x, ((1, 2), (2, 1)), {_mode!r})", [{"x": rand((3, 4))}], label=_mode, ag=False)
case(np.diag, "np.diag(x)", [{"x": rand(V)}, {"x": rand((3, 3))}])
case(np.diag, "np.diag(x, -1)", [{"x": rand(V)}], label="k")
case(np.diag, "np.diag(x, -1)", [{"x": rand((3, 4))}], label="k-rect", ag=False)  # autograd: square cotangent
case(np.diagonal, "np.diagonal(x)", [{"x": rand((3, 3))}, {"x": rand((3, 4))}], ag=False)
case(np.diagonal, "np.diagonal(x, 1, 0, 2)", [{"x": rand(C3)}], label="offset", ag=False)
case(np.trace, "np.trace(x)", [{"x": rand((3, 3))}, {"x": rand((3, 4))}])
case(np.trace, "np.trace(x, -1, 1, 2)", [{"x": rand(C3)}], label="offset", ag=False)
case(np.triu, "np.triu(x)", [{"x": rand((3, 3))}, {"x": rand(C3)}])
case(np.triu, "np.triu(x, 1)", [{"x": rand((3, 4))}], label="k")
case(np.tril, "np.tril(x)", [{"x": rand((3, 3))}, {"x": rand(C3)}])
case(np.tril, "np.tril(x, -1)", [{"x": rand((3, 4))}], label="k")
case(np.take, "np.take(x, [0, 2, 2])", [{"x": rand(V)}, {"x": rand(M)}], ag=False)
case(np.take, "np.take(x, [[1, 0], [1, 1]], axis=1)", [{"x": rand(M)}, {"x": rand(C3)}], label="axis", ag=False)
case(np.take_along_axis, "np.take_along_axis(x, np.argsort(x, axis=1), axis=1)", [{"x": rand(M)}], ag=False)
case(np.take_along_axis, "np.take_along_axis(x, np.array([[0, 0], [2, 1]]), axis=1)", [{"x": rand(M)}],
     label="repeats", ag=False)
case(np.sort, "np.sort(x)", [{"x": rand((5,))}])
case(np.sort, "np.sort(x)", [{"x": rand(M)}], label="2d", ag=False)  # autograd: 1-D only
case(np.sort, "np.sort(x, axis=0)", [{"x": rand(C3)}], label="axis0", ag=False)
case(np.sort, "np.sort(x, axis=None)", [{"x": rand(M)}], label="flat", ag=False)
case(np.linspace, "np.linspace(x, y, 5)", [{"x": 0.3, "y": 1.7}, {"x": rand(V), "y": rand(V)}])
case(np.linspace, "np.linspace(x, y, 4, endpoint=False, axis=1)", [{"x": rand(M), "y": rand(M)}],
     label="axis", ag=False)
case(np.full, "np.full((2, 3), x)", [{"x": 0.4}])
case(np.full, "np.full((2, 3), x)", [{"x": rand((3,))}], label="array", ag=False)  # autograd sums to a scalar
case(np.copy, "np.copy(x)", [{"x": rand(V)}, {"x": rand(M)}], ag=False)
case(np.asarray, "np.asarray(x)", [{"x": rand(V)}, {"x": 0.5}], ag=False)  # autograd: no VJP
case(np.array, "np.array(x)", [{"x": rand(M)}, {"x": 0.5}])

# Products.
case(np.vdot, "np.vdot(x, y)", [{"x": rand(V), "y": rand(V)}, {"x": rand(M), "y": rand((3, 2))}], ag=False)
case(np.inner, "np.inner(x, y)", [{"x": rand(V), "y": rand(V)}, {"x": rand(M), "y": rand((4, 3))},
                                   {"x": rand(C3), "y": rand((4,))}, {"x": 0.5, "y": rand(V)}])
case(np.outer, "np.outer(x, y)", [{"x": rand(V), "y": rand((3,))}])
case(np.outer, "np.outer(x, y)", [{"x": rand(M), "y": rand((2,))}], label="2d", ag=False)  # autograd: flat cotangent
case(np.tensordot, "np.tensordot(x, y, 1)", [{"x": rand(M), "y": rand((3, 4))}])
case(np.tensordot, "np.tensordot(x, y)", [{"x": rand(C3), "y": rand((3, 4, 2))}], label="2")
case(np.tensordot, "np.tensordot(x, y, ([0, 2], [1, 0]))", [{"x": rand(C3), "y": rand((4, 2, 5))}], label="pairs")
case(np.kron, "np.kron(x, y)", [{"x": rand(M), "y": rand((2, 2))}, {"x": rand(V), "y": rand((3,))},
                                 {"x": rand((3,)), "y": rand(M)}])
case(np.cross, "np.cross(x, y)", [{"x": rand((3,)), "y": rand((3,))}, {"x": rand((4, 3)), "y": rand((4, 3))}])
case(np.cross, "np.cross(x, y)", [{"x": rand((3,)), "y": rand((2, 3))}], label="broadcast",
     ag=False)  # autograd does not unbroadcast
case(np.polyval, "np.polyval(p, x)", [{"p": rand((4,)), "x": rand(V)}, {"p": rand((3,)), "x": 0.7}], ag=False)
case(np.polyder, "np.polyder(p, 2)", [{"p": rand((5,))}], ag=False)
for _mode in ("full", "same", "valid"):
    case(np.convolve, f"np.convolve(x, y, {_mode!r})", [{"x": rand((5,)), "y": rand((3,))},
                                                         {"x": rand((3,)), "y": rand((5,))}],
         label=_mode, ag=False)
    case(np.correlate, f"np.correlate(x, y, {_mode!r})", [{"x": rand((5,)), "y": rand((3,))},
                                                           {"x": rand((3,)), "y": rand((4,))}],
         label=_mode, ag=False)
_XP = np.array([-1.0, -0.3, 0.2, 0.9, 1.6])
case(np.interp, "np.interp(x, xp, fp)", [{"x": rand((6,)) * 1.4, "xp": _XP, "fp": rand((5,))},
                                         {"x": rand(M) * 1.4, "xp": _XP, "fp": rand((5,))}],
     ag=False, const=("xp",))
case(np.interp, "np.interp(x, xp, fp, left=lo, right=hi)",
     [{"x": np.array([-2.0, 0.0, 2.5, 0.7]), "xp": _XP, "fp": rand((5,)), "lo": 0.3, "hi": -0.4}],
     ag=False, const=("xp",), label="bounds")
case(np.einsum, "np.einsum('ij,jk->ik', x, y)", [{"x": rand(M), "y": rand((3, 2))}])
case(np.einsum, "np.einsum('ii->i', x)", [{"x": rand((3, 3))}], label="diag", ag=False)
case(np.einsum, "np.einsum('ij->', x)", [{"x": rand(M)}], label="sum")
case(np.einsum, "np.einsum('...ij,...jk', x, y)", [{"x": rand(C3), "y": rand((4, 2))}], label="ellipsis")
case(np.einsum, "np.einsum('i,j,k->ijk', x, y, z)", [{"x": rand((2,)), "y": rand((3,)), "z": rand((2,))}],
     label="three")
case(np.einsum, "np.einsum(x, [0, 1], y, [1, 2], [0, 2])", [{"x": rand(M), "y": rand((3, 2))}],
     label="sublist", ag=False)
case(np.einsum, "np.einsum('ij,ij->i', x, y, optimize=True)", [{"x": rand(M), "y": rand(M)}],
     label="optimize", ag=False)

# Linear algebra.
case(np.linalg.det, "np.linalg.det(x)", [{"x": wellcond()}, {"x": wellcond((2, 3, 3))}])
case(np.linalg.slogdet, "np.linalg.slogdet(x)[1]", [{"x": wellcond()}, {"x": -wellcond((2, 3, 3))}])
case(np.linalg.inv, "np.linalg.inv(x)", [{"x": wellcond()}, {"x": wellcond((2, 3, 3))}])
case(np.linalg.pinv, "np.linalg.pinv(x)", [{"x": rand((4, 3))}, {"x": rand((3, 4))}, {"x": wellcond()}])
case(np.linalg.solve, "np.linalg.solve(x, y)", [{"x": wellcond(), "y": rand((3,))},
                                                {"x": wellcond(), "y": rand((3, 2))},
                                                {"x": wellcond((2, 3, 3)), "y": rand((2, 3, 2))}])
case(np.linalg.matrix_power, "np.linalg.matrix_power(x, 3)", [{"x": rand((3, 3))}], ag=False)
case(np.linalg.matrix_power, "np.linalg.matrix_power(x, -2)", [{"x": wellcond()}], ag=False, label="neg")
for _ord, _axis, _shape, _ag in [(None, None, V, True), (None, None, M, True), (None, 1, M, True),
                                 (1, None, V, False), (np.inf, None, V, False), (3, None, V, True),
                                 ("fro", None, (3, 3), True), ("nuc", None, (3, 4), True),
                                 (2, None, (3, 4), False), (-2, None, (4, 3), False),
                                 (1, None, (3, 4), False), (np.inf, None, (3, 4), False),
                                 (2, (0, 2), C3, False)]:
    case(np.linalg.norm, f"np.linalg.norm(x, {_ord!r}, {_axis!r})".replace("inf", "np.inf"),
         [{"x": rand(_shape)}], ag=_ag, label=f"{_ord}-{_axis}")
case(np.linalg.norm, "np.linalg.norm(x, axis=-1, keepdims=True)", [{"x": rand(C3)}], label="keepdims",
     ag=False)  # autograd 1.9.1 fails on keepdims
case(np.linalg.eigh, "np.linalg.eigh(x)[0]", [{"x": rand((3, 3))}, {"x": rand((2, 3, 3))}])
case(np.linalg.eigh, "np.linalg.eigh(x, 'U')[1] ** 2", [{"x": rand((3, 3))}], label="vectors")
case(np.linalg.eigvalsh, "np.linalg.eigvalsh(x)", [{"x": rand((3, 3))}, {"x": rand((2, 3, 3))}], ag=False)
case(np.linalg.cholesky, "np.linalg.cholesky(x)", [{"x": spd()}, {"x": np.stack([spd(), spd()])}],
     ag="anp.linalg.cholesky(np.tril(x) + np.swapaxes(np.tril(x, -1), -1, -2))")
case(np.linalg.cholesky, "np.linalg.cholesky(x, upper=True)", [{"x": spd()}], ag=False, label="upper")
case(np.linalg.svd, "np.linalg.svd(x, compute_uv=False)", [{"x": rand((3, 3))}, {"x": rand((4, 3))},
                                                            {"x": rand((2, 3, 4))}])
case(np.linalg.svd, "np.linalg.svd(x, full_matrices=False)[0] ** 2", [{"x": rand((4, 3))}, {"x": rand((3, 4))}],
     label="u")
case(np.linalg.svd, "np.linalg.svd(x, full_matrices=False)[2] ** 2", [{"x": rand((4, 3))}, {"x": rand((3, 4))}],
     label="vh")
case(np.linalg.svd, "np.linalg.svd(x)[0] ** 2 + np.linalg.svd(x)[2] ** 2", [{"x": rand((3, 3))}],
     label="square", ag=False)  # autograd: no full_matrices=True
case(np.linalg.qr, "np.linalg.qr(x)[0]", [{"x": rand((4, 3))}, {"x": rand((3, 3))}], ag=False, label="q")
case(np.linalg.qr, "np.linalg.qr(x)[1]", [{"x": rand((4, 3))}, {"x": rand((2, 3, 3))}], ag=False, label="r")
case(np.linalg.lstsq, "np.linalg.lstsq(x, y)[0]", [{"x": rand((5, 3)), "y": rand((5,))},
                                                   {"x": rand((5, 3)), "y": rand((5, 2))}], ag=False)
case(np.linalg.lstsq, "np.linalg.lstsq(x, y)[1] + np.sum(np.linalg.lstsq(x, y)[3])",
     [{"x": rand((5, 3)), "y": rand((5, 2))}], ag=False, label="residuals-sv")

# FFT (outputs complex: the functions sum a real combination of both parts).
_RI = "np.real({0}) + 0.7 * np.imag({0})"
for _f, _call, _shapes in [(np.fft.fft, "np.fft.fft(x)", [(8,), M]),
                           (np.fft.fft, "np.fft.fft(x, 6, 0)", [(4, 3)]),
                           (np.fft.ifft, "np.fft.ifft(x, norm='ortho')", [(5,), M]),
                           (np.fft.fft2, "np.fft.fft2(x)", [(4, 3), C3]),
                           (np.fft.ifft2, "np.fft.ifft2(x, (3, 5))", [(4, 3)]),
                           (np.fft.fftn, "np.fft.fftn(x)", [M, C3]),
                           (np.fft.ifftn, "np.fft.ifftn(x, axes=(0, 2))", [C3]),
                           (np.fft.rfft, "np.fft.rfft(x)", [(8,), (2, 6)]),
                           (np.fft.rfft, "np.fft.rfft(x, 7, 0, 'forward')", [(5, 2)]),
                           (np.fft.rfft2, "np.fft.rfft2(x)", [(4, 6)]),
                           (np.fft.rfftn, "np.fft.rfftn(x, axes=(0, 2))", [C3])]:
    case(_f, _RI.format(_call), [{"x": rand(s)} for s in _shapes], label=_call.split("(", 1)[1][:-1],
         ag="7" not in _call)  # autograd: no odd-length real FFTs
for _f, _call, _shapes in [(np.fft.irfft, "np.fft.irfft(np.fft.fft(x) * (1.0 + 0.5j))", [(5,), (2, 6)]),
                           (np.fft.irfft, "np.fft.irfft(np.fft.fft(x) * (1.0 + 0.5j), 7, norm='ortho')", [(4,)]),
                           (np.fft.irfft2, "np.fft.irfft2(np.fft.fft2(x) * (1.0 - 0.3j))", [(4, 4)]),
                           (np.fft.irfftn, "np.fft.irfftn(np.fft.fftn(x) * (0.5 + 1.0j), (3, 6), (0, 1))", [(3, 4)])]:
    case(_f, _call, [{"x": rand(s)} for s in _shapes], label=_call[13:30], ag=", 7" not in _call)
case(np.fft.fftshift, "np.fft.fftshift(x)", [{"x": rand((5,))}, {"x": rand(M)}])
case(np.fft.ifftshift, "np.fft.ifftshift(x, axes=1)", [{"x": rand((3, 4))}])

# scipy.special.
_SP_UNARY = [
    ("gammaln", pos, True), ("gamma", pos, True), ("rgamma", pos, True), ("digamma", pos, True),
    ("psi", pos, True), ("erf", rand, True), ("erfc", rand, True), ("erfcx", rand, False),
    ("erfinv", unit, True), ("erfcinv", lambda s: rand(s, 0.2, 1.8), True), ("expit", rand, True),
    ("logit", lambda s: rand(s, 0.1, 0.9), True), ("log_expit", rand, False), ("ndtr", rand, False),
    ("log_ndtr", rand, False), ("ndtri", lambda s: rand(s, 0.1, 0.9), False), ("entr", pos, False),
    ("expm1", rand, False), ("log1p", pos, False), ("exp2", rand, False), ("exp10", rand, False),
    ("cbrt", nonzero, False), ("i0", rand, True), ("i1", rand, True), ("i0e", nonzero, False),
    ("i1e", nonzero, False), ("j0", pos, True), ("j1", pos, True), ("y0", pos, True), ("y1", pos, True),
]
for _name, _gen, _ag in _SP_UNARY:
    unary(getattr(scipy.special, _name), f"scipy.special.{_name}(x)", _gen, shapes=(S, M), ag=_ag)
for _name, _order, _ag in [("polygamma", "1", True), ("jv", "1.5", False), ("yv", "1.5", False),
                           ("iv", "1.5", True), ("ive", "1.5", True), ("kv", "1.5", False),
                           ("gammainc", "2.5", True), ("gammaincc", "2.5", True)]:
    unary(getattr(scipy.special, _name), f"scipy.special.{_name}({_order}, x)", pos, shapes=(S, M), ag=_ag)
binary(scipy.special.beta, "scipy.special.beta(x, y)", pos, pos, pairs=PAIRS[:2], ag=False)
binary(scipy.special.betaln, "scipy.special.betaln(x, y)", pos, pos, pairs=PAIRS[:2], ag=False)
binary(scipy.special.xlogy, "scipy.special.xlogy(x, y)", rand, pos, pairs=PAIRS[:3], ag=False)
binary(scipy.special.xlog1py, "scipy.special.xlog1py(x, y)", rand, pos, pairs=PAIRS[:3], ag=False)
case(scipy.special.logsumexp, "scipy.special.logsumexp(x)", [{"x": rand(V)}, {"x": rand(M)}])
case(scipy.special.logsumexp, "scipy.special.logsumexp(x, axis=1, keepdims=True)", [{"x": rand(C3)}],
     label="axis")
case(scipy.special.logsumexp, "scipy.special.logsumexp(x, axis=0, b=y)", [{"x": rand(M), "y": pos(M)},
                                                                          {"x": rand(M), "y": pos((3,))}],
     label="b", ag=False)  # autograd 1.9.1 fails with b=
case(scipy.special.softmax, "scipy.special.softmax(x, axis=-1)", [{"x": rand(V)}, {"x": rand(M)}], ag=False)
case(scipy.special.log_softmax, "scipy.special.log_softmax(x, axis=0)", [{"x": rand(V)}, {"x": rand(M)}],
     ag=False)


# -- the module the functions live in ------------------------------------------------------------------
def _fn_name(i):
    return f"f_{i}"


def _module_source():
    lines = ["import numpy as np", "import scipy.special", ""]
    for i, c in enumerate(CASES):
        params = ", ".join(c.names + ["w"])
        lines += [f"def {_fn_name(i)}({params}):", f"    return np.sum(({c.expr}) * w)", "", ""]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def module(tmp_path_factory):
    path = tmp_path_factory.mktemp("coverage") / "coverage_funcs.py"
    path.write_text(_module_source())
    spec = importlib.util.spec_from_file_location("coverage_funcs", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _ShapeProbe:
    __array_ufunc__ = None
    shape = None

    def __rmul__(self, other):
        self.shape = np.shape(other)
        return 0.0


def full_args(fn, c):
    """The case's arguments plus a fixed random weight shaped like the expression."""
    args = tuple(c.args.values())
    probe = _ShapeProbe()
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fn(*args, probe)
    w = np.random.default_rng(7).normal(size=probe.shape)
    return args + (float(w) if probe.shape == () else w,)


class _Namespace:
    pass


_ASCIPY = _Namespace()
_ASCIPY.special = asp


def autograd_twin(fn, c):
    globs = dict(fn.__globals__, np=anp, scipy=_ASCIPY, anp=anp)
    if isinstance(c.ag, str):
        src = f"def twin({', '.join(c.names + ['w'])}):\n    return anp.sum(({c.ag}) * w)\n"
        exec(compile(src, "<twin>", "exec"), globs)
        return globs["twin"]
    return types.FunctionType(fn.__code__, globs, fn.__name__)


IDS = [c.id for c in CASES]
INDEXED = list(enumerate(CASES))


def gradients(fn, wrt, args):
    """tg.grad for the arguments ``wrt`` (a tuple), always as a tuple."""
    if len(wrt) == 1:
        return (tg.grad(fn, wrt=wrt[0])(*args),)
    return tg.grad(fn, wrt=wrt)(*args)


# -- reverse mode against finite differences ---------------------------------------------------------
@pytest.mark.parametrize("i, c", INDEXED, ids=IDS)
def test_reverse_matches_finite_differences(module, i, c):
    fn = getattr(module, _fn_name(i))
    args = full_args(fn, c)
    got = gradients(fn, c.wrt, args)
    expected = numerical_grad(fn, args, c.wrt)
    for k, g, e in zip(c.wrt, got, expected):
        assert np.shape(g) == np.shape(args[k]), f"argument {c.names[k]}: shape"
        np.testing.assert_allclose(g, e, rtol=c.rtol, atol=c.atol, err_msg=f"argument {c.names[k]}")


# -- against autograd -------------------------------------------------------------------------------------
AG = [(i, c) for i, c in INDEXED if c.ag]


@pytest.mark.parametrize("i, c", AG, ids=[c.id for _, c in AG])
def test_reverse_matches_autograd(module, i, c):
    fn = getattr(module, _fn_name(i))
    args = full_args(fn, c)
    got = gradients(fn, c.wrt, args)
    twin = autograd_twin(fn, c)
    for k, g in zip(c.wrt, got):
        expected = agrad(twin, k)(*args)
        np.testing.assert_allclose(g, expected, rtol=1e-8, atol=1e-10, err_msg=f"argument {c.names[k]}")


# -- forward mode ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("i, c", INDEXED, ids=IDS)
def test_forward_matches_reverse(module, i, c):
    fn = getattr(module, _fn_name(i))
    args = full_args(fn, c)
    rng = np.random.default_rng(i)
    tangents = [None] * len(args)
    for k in c.wrt:
        v = rng.normal(size=np.shape(args[k]))
        tangents[k] = float(v) if isinstance(args[k], float) else v
    y, y_dot = tg.jvp(fn, args, tangents)
    grads = gradients(fn, c.wrt, args)
    expected = sum(float(np.sum(g * tangents[k])) for k, g in zip(c.wrt, grads))
    np.testing.assert_allclose(np.real(y_dot), expected, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(y, fn(*args), rtol=1e-12, atol=1e-12)


# -- second order, elementwise rules on scalars -----------------------------------------------------------
ELEMENTWISE = [(i, c) for i, c in INDEXED
               if all(isinstance(v, float) for v in c.args.values()) and not c.label
               and getattr(RULES.get(c.rule), "elementwise", False)]


@pytest.mark.parametrize("i, c", ELEMENTWISE, ids=[c.id for _, c in ELEMENTWISE])
def test_second_order_elementwise(module, i, c):
    fn = getattr(module, _fn_name(i))
    args = tuple(c.args.values()) + (1.0,)
    for k in c.wrt:
        first = tg.grad(fn, wrt=k)
        for j in c.wrt:
            got = tg.grad(first, wrt=j)(*args)
            expected = numerical_grad(first, args, j, eps=1e-5)
            np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6,
                                       err_msg=f"d2/d{c.names[j]} d{c.names[k]}")


# -- second order for every case: Hessian-vector products, both ways -------------------------------------------
FIRST_ORDER_ONLY = {np.linalg.eigh, np.linalg.eigvalsh, np.linalg.cholesky, np.linalg.svd, np.linalg.qr,
                    np.linalg.lstsq, np.linalg.pinv, np.linalg.matrix_power, np.linalg.norm, np.einsum,
                    scipy.special.softmax, scipy.special.log_softmax}
MIXED_FIRST_ORDER = {np.polyval, np.interp}   # second order in one argument only
SECOND = [(i, c) for i, c in INDEXED if c.rule not in FIRST_ORDER_ONLY and (i, c) not in ELEMENTWISE]


def _second_order_wrt(c):
    return c.wrt[0]


@pytest.mark.parametrize("i, c", SECOND, ids=[c.id for _, c in SECOND])
def test_hessian_vector_products(module, i, c):
    """Reverse over reverse (vjp of the generated gradient) and forward over reverse
    (tg.hvp) against finite differences of the gradient."""
    fn = getattr(module, _fn_name(i))
    args = full_args(fn, c)
    k = _second_order_wrt(c)
    df = tg.grad(fn, wrt=k)
    v = np.random.default_rng(i).normal(size=np.shape(args[k]))
    v = float(v) if isinstance(args[k], float) else v
    eps = 1e-5
    shifted = [list(args), list(args)]
    shifted[0][k] = args[k] + eps * v
    shifted[1][k] = args[k] - eps * v
    expected = (np.asarray(df(*shifted[0])) - np.asarray(df(*shifted[1]))) / (2 * eps)
    got_fwd = tg.hvp(fn, wrt=k)(*args, v)
    np.testing.assert_allclose(got_fwd, expected, rtol=1e-4, atol=1e-5, err_msg="forward over reverse")
    if c.rule in MIXED_FIRST_ORDER or not all(_is_float(a) for a in args):
        return   # tg.vjp differentiates every argument: mixed second derivatives refuse loudly
    u = np.random.default_rng(i + 1).normal(size=np.shape(args[k]))
    _, pullback = tg.vjp(df, *args)
    got_rev = pullback(u)[k]
    # <u, H v> == <H u, v> (H symmetric): check the reverse-over-reverse product along v
    np.testing.assert_allclose(np.sum(got_rev * v), np.sum(u * expected), rtol=1e-4, atol=1e-5,
                               err_msg="reverse over reverse")


# -- every rule added for issue 6 has a case -----------------------------------------------------------------
MY_MODULES = {f"tangentish.rules.numpy.{m}" for m in (
    "elementwise", "reductions", "shape", "indexing", "joining", "products", "sampling", "linalg",
    "fft", "special")}


def test_every_new_rule_has_a_case():
    mine = {r.primitive for r in RULES if r.module in MY_MODULES and not r.nondiff}
    from tests.test_rules import RULE_TESTS    # the first rules' tests (they share the modules)
    covered = {RULES.get(c.rule).primitive for c in CASES} | set(RULE_TESTS)
    missing = sorted(getattr(p, "__name__", repr(p)) for p in mine - covered)
    assert not missing, f"rules without a case: {missing}"


def test_aliases_reach_the_same_rules():
    assert np.absolute is np.abs and np.true_divide is np.divide
    assert np.remainder is np.mod and np.conjugate is np.conj and scipy.special.psi is scipy.special.digamma
    for f in (np.absolute, np.true_divide, np.remainder, np.conjugate, scipy.special.psi):
        assert f in RULES and not RULES.get(f).nondiff


# -- helpers: each linear helper and its transpose (the dot-product test) -------------------------------------
def _inner(a, b):
    if isinstance(a, (tuple, list)):
        return sum(_inner(x, y) for x, y in zip(a, b))
    return float(np.sum(np.real(np.asarray(a) * np.asarray(b))))


def _random_like(y, rng):
    if isinstance(y, (tuple, list)):
        return type(y)(_random_like(v, rng) for v in y)
    return rng.normal(size=np.shape(y))


_A33, _A43 = rand((3, 3)), rand((4, 3))
_SPD = spd()
_EINS = ("ij,jk->ik", rand(M), rand((3, 4)), None)
HELPER_PAIRS = [
    # (label, forward map of x, transpose map of g, x shape)
    ("reverse_cumsum", lambda x: np.cumsum(x, 1), lambda g: rm.reverse_cumsum(g, _A43, 1), (4, 3)),
    ("diff_transpose", lambda x: np.diff(x, 2, 0), lambda g: rm.diff_transpose(g, _A43, 2, 0), (4, 3)),
    ("order_stat", lambda x: rm.order_stat_tangent(x, _A43, [0.2, 0.5], 0),
     lambda g: rm.order_stat_cotangent(g, _A43, [0.2, 0.5], 0), (4, 3)),
    ("full_weights", lambda x: rm.full_weights(x, _A43, 1), lambda g: rm.unfull_weights(g, x0, _A43, 1), (3,)),
    ("trapezoid_y", lambda x: np.trapezoid(x, dx=0.5), lambda g: rm.trapezoid_ct_y(g, _A43, None, 0.5, -1), (4, 3)),
    ("trapezoid_x", lambda x: np.trapezoid(_A43, x), lambda g: rm.trapezoid_ct_x(g, _A43, np.arange(3.0), -1), (3,)),
    ("joined", lambda x: rm.joined_part_transpose(x, [rand(V), rand((2,))], 1, "hstack"),
     lambda g: rm.joined_part(g, [rand(V), rand((2,))], 1, "hstack"), (2,)),
    ("split", lambda x: rm.split_like(x, [np.zeros((1, 3)), np.zeros((3, 3))], 0),
     lambda g: rm.split_transpose(g, _A43, 0), (4, 3)),
    ("unrepeat", lambda x: np.repeat(x, [2, 0, 1], 1), lambda g: rm.unrepeat(g, _A43, [2, 0, 1], 1), (4, 3)),
    ("untile", lambda x: np.tile(x, (2, 1, 2)), lambda g: rm.untile(g, _A43, (2, 1, 2)), (4, 3)),
    ("unpad", lambda x: np.pad(x, 1, "reflect"), lambda g: rm.unpad(g, _A43, 1, "reflect"), (4, 3)),
    ("pad_fill", lambda x: rm.pad_fill(x, _A43, 2), lambda g: rm.pad_border_sum(g, _A43, 2), ()),
    ("undiag", lambda x: np.diag(x, 1), lambda g: rm.undiag(g, _A43, 1), (4, 3)),
    ("undiagonal", lambda x: np.diagonal(x, -1), lambda g: rm.undiagonal(g, _A43, -1), (4, 3)),
    ("untrace", lambda x: np.trace(x), lambda g: rm.untrace(g, _A43), (4, 3)),
    ("untake", lambda x: np.take(x, [2, 2, 0], 0), lambda g: rm.untake(g, _A43, [2, 2, 0], 0), (4, 3)),
    ("untake_along_axis", lambda x: np.take_along_axis(x, np.array([[0, 0, 2]]), 1),
     lambda g: rm.untake_along_axis(g, _A43, np.array([[0, 0, 2]]), 1), (4, 3)),
    ("linspace", lambda x: rm.linspace_part(x, 1, 5, True, 0), lambda g: rm.linspace_cotangent(g, 1, 5, True, 0, x0), (3,)),
    ("sandwich", lambda x: rm.sandwich(x, _A43, _A33), lambda g: rm.sandwich(g, _A43.T, _A33.T), (3, 3)),
    ("inner", lambda x: np.inner(x, _A43), lambda g: rm.inner_ct_a(g, _A43, _A33), (3, 3)),
    ("tensordot", lambda x: np.tensordot(_A43, x, 1), lambda g: rm.tensordot_ct_b(g, _A43, _A33, 1), (3, 3)),
    ("kron", lambda x: np.kron(_A33, x), lambda g: rm.kron_ct_b(g, _A33, _A43), (4, 3)),
    ("einsum", lambda x: rm.einsum_tangent(x, 2, _EINS), lambda g: rm.einsum_cotangent(g, 2, _EINS), (3, 4)),
    ("conv", lambda x: rm.conv_crop(x, rand((5,)), rand((3,)), "same"),
     lambda g: rm.conv_full_cotangent(g, rand((5,)), rand((3,)), "same"), (7,)),
    ("polyval", lambda x: np.polyval(x, _A43), lambda g: rm.polyval_ct_p(g, _A43, rand((3,))), (3,)),
    ("polyder", lambda x: np.polyder(x, 2), lambda g: rm.polyder_transpose(g, rand((5,)), 2), (5,)),
    ("interp", lambda x: rm.interp_fp_tangent(x, x1, _XP), lambda g: rm.interp_fp_cotangent(g, x1, _XP), (5,)),
    ("fit_to", lambda x: rm.fit_to(x, np.zeros((2, 5))), lambda g: rm.fit_to(g, _A43), (4, 3)),
    ("rfft", lambda x: np.fft.rfft(x, 6, 0), lambda g: rm.rfft_transpose(g, _A43, 6, 0), (4, 3)),
    ("rfftn", lambda x: np.fft.rfftn(x), lambda g: rm.rfftn_transpose(g, _A43), (4, 3)),
    ("irfft", lambda x: np.fft.irfft(x, 5), lambda g: np.real(rm.irfft_transpose(g, np.zeros(4, complex), 5)), (4,)),
    ("softmax", lambda x: rm.softmax_tangent(x, np.full((4, 3), 1 / 3), 1),
     lambda g: rm.softmax_tangent(g, np.full((4, 3), 1 / 3), 1), (4, 3)),
    ("log_softmax", lambda x: rm.log_softmax_tangent(x, np.log(np.full((4, 3), 0.25)), 0),
     lambda g: rm.log_softmax_cotangent(g, np.log(np.full((4, 3), 0.25)), 0), (4, 3)),
    ("eigh", lambda x: rm.eigh_tangent(x, _A33, np.linalg.eigh(_A33)),
     lambda g: rm.eigh_cotangent(g, _A33, np.linalg.eigh(_A33)), (3, 3)),
    ("eigvalsh", lambda x: rm.eigvalsh_tangent(x, _A33), lambda g: rm.eigvalsh_cotangent(g, _A33), (3, 3)),
    ("cholesky", lambda x: rm.cholesky_tangent(x, _SPD, np.linalg.cholesky(_SPD)),
     lambda g: rm.cholesky_cotangent(g, _SPD, np.linalg.cholesky(_SPD)), (3, 3)),
    ("svd", lambda x: rm.svd_tangent(x, _A43, np.linalg.svd(_A43, False), False),
     lambda g: rm.svd_cotangent(g, _A43, np.linalg.svd(_A43, False), False), (4, 3)),
    ("svd-wide", lambda x: rm.svd_tangent(x, _A43.T, np.linalg.svd(_A43.T, False), False),
     lambda g: rm.svd_cotangent(g, _A43.T, np.linalg.svd(_A43.T, False), False), (3, 4)),
    ("qr", lambda x: rm.qr_tangent(x, _A43, np.linalg.qr(_A43)),
     lambda g: rm.qr_cotangent(g, _A43, np.linalg.qr(_A43)), (4, 3)),
    ("lstsq", lambda x: rm.lstsq_tangent(x, 0, _A43, x1[:4], np.linalg.lstsq(_A43, x1[:4])),
     lambda g: rm.lstsq_cotangent(g, 0, _A43, x1[:4], np.linalg.lstsq(_A43, x1[:4])), (4, 3)),
    ("pinv", lambda x: rm.pinv_tangent(x, _A43, np.linalg.pinv(_A43)),
     lambda g: rm.pinv_cotangent(g, _A43, np.linalg.pinv(_A43)), (4, 3)),
    ("matrix_power", lambda x: rm.matrix_power_tangent(x, _A33, -3),
     lambda g: rm.matrix_power_cotangent(g, _A33, -3), (3, 3)),
    ("norm", lambda x: rm.norm_tangent(x, _A43, "nuc", None, False, np.linalg.norm(_A43, "nuc")),
     lambda g: rm.norm_cotangent(g, _A43, "nuc", None, False, np.linalg.norm(_A43, "nuc")), (4, 3)),
]
x0 = rand((3,))
x1 = rand((6,)) * 1.4


@pytest.mark.parametrize("label, forward, transpose, shape", HELPER_PAIRS, ids=[h[0] for h in HELPER_PAIRS])
def test_helper_transposes(label, forward, transpose, shape):
    rng = np.random.default_rng(3)
    x = rng.normal(size=shape)
    y = forward(x)
    g = _random_like(y, rng)
    np.testing.assert_allclose(_inner(transpose(g), x), _inner(g, y), rtol=1e-9, atol=1e-11)


# -- conventions and edge cases (each documented in a rule note) -------------------------------------------------
def fabs_sum(x):
    return np.sum(np.fabs(x))


def cbrt_sum(x):
    return np.sum(np.cbrt(x))


def sinc_sum(x):
    return np.sum(np.sinc(x))


def fmax_sum(x, y):
    return np.sum(np.fmax(x, y))


def median_of(x):
    return np.median(x)


def nanmax_of(x):
    return np.nanmax(x)


def sorted_weighted(x):
    return np.sum(np.sort(x) * np.array([1.0, 2.0, 3.0, 4.0]))


def xlogy_sum(x, y):
    return np.sum(scipy.special.xlogy(x, y))


def where_sqrt_double(x):
    safe = np.where(x > 0.0, x, 1.0)
    return np.sum(np.where(x > 0.0, np.sqrt(safe), 0.0))


def float_power_at_zero(x, y):
    return np.sum(np.float_power(x, y))


def test_kinks_and_infinite_slopes():
    assert tg.grad(fabs_sum)(np.array([0.0, -2.0]))[0] == 0.0          # fabs at 0: 0, as abs
    with np.errstate(divide="ignore"):
        assert np.isinf(tg.grad(cbrt_sum)(np.array([0.0]))[0])          # cbrt at 0: inf, as sqrt
    d = tg.grad(sinc_sum)(np.array([0.0, 0.5]))
    assert d[0] == 0.0 and np.isfinite(d).all()                          # sinc at 0: exact, no NaN


def test_fmax_ties_and_nan():
    x = np.array([1.0, 2.0, np.nan])
    y = np.array([1.0, np.nan, 3.0])
    dx, dy = tg.grad(fmax_sum, wrt=(0, 1))(x, y)
    np.testing.assert_array_equal(dx, [1.0, 1.0, 0.0])                  # tie -> first; NaN ignored
    np.testing.assert_array_equal(dy, [0.0, 0.0, 1.0])


def test_order_statistics_share_ties():
    np.testing.assert_allclose(tg.grad(median_of)(np.array([3.0, 1.0, 2.0, 5.0])), [0.5, 0, 0.5, 0])
    np.testing.assert_allclose(tg.grad(median_of)(np.array([2.0, 1.0, 2.0, 5.0, 0.0])), [0.5, 0, 0.5, 0, 0])
    np.testing.assert_allclose(tg.grad(nanmax_of)(np.array([3.0, np.nan, 3.0, 1.0])), [0.5, 0, 0.5, 0])
    # sort: each slot follows the element a stable argsort put there
    np.testing.assert_allclose(tg.grad(sorted_weighted)(np.array([2.0, 1.0, 2.0, 0.0])), [3, 2, 4, 1])


def test_xlogy_and_float_power_at_zero_are_finite():
    with np.errstate(divide="ignore"):     # d/dx = log(y) = -inf at y = 0, as it should
        dx, dy = tg.grad(xlogy_sum, wrt=(0, 1))(np.array([0.0, 1.0]), np.array([0.0, 2.0]))
    assert dy[0] == 0.0 and np.isfinite(dy).all()
    with np.errstate(divide="ignore"):
        dy = tg.grad(float_power_at_zero, wrt=1)(np.array([0.0, 2.0]), np.array([2.0, 3.0]))
    np.testing.assert_allclose(dy, [0.0, 8.0 * np.log(2.0)])


def test_where_with_a_safe_branch_has_no_nan():
    """np.where zeroes the unselected branch's cotangent exactly, but a NaN or inf
    *derivative* there (sqrt at 0) still multiplies that zero: keep both branches
    safe (the double-where idiom), as with JAX."""
    d = tg.grad(where_sqrt_double)(np.array([0.0, -1.0, 4.0]))
    np.testing.assert_allclose(d, [0.0, 0.0, 0.25])


def test_integer_inputs_are_refused():
    with pytest.raises(TypeError, match="integer"):
        tg.grad(fabs_sum)(np.array([1, 2]))


def eigvalsh_sum(a):
    return np.sum(np.linalg.eigvalsh(a) ** 2)


def test_decompositions_refuse_second_order_loudly():
    a = rand((3, 3))
    first = tg.grad(eigvalsh_sum)
    assert np.shape(first(a)) == (3, 3)
    with pytest.raises((tg.TransformError, NotImplementedError)):
        tg.vjp(first, a)[1](np.ones((3, 3)))


def complex_parts(z):
    return np.sum(np.real(z) * 2.0 + np.imag(z) ** 2 + np.real(np.conj(z) * z) + np.angle(z))


def test_complex_inputs_match_autograd():
    z = rand(V) + 1j * rand(V)
    got = tg.grad(complex_parts)(z)
    twin = types.FunctionType(complex_parts.__code__, dict(complex_parts.__globals__, np=anp))
    np.testing.assert_allclose(got, agrad(twin)(z), rtol=1e-10)


# -- functions with no derivative ---------------------------------------------------------------------------
def rint_times(x):
    return np.sum(x * np.rint(x) + x * np.trunc(x) + x * np.fix(x) + x * np.around(x, 1))


def floor_divide_times(x):
    return np.sum(x * np.floor_divide(x, 0.7) * np.signbit(x))


def index_functions(x):
    order = np.argsort(x)
    first = np.argwhere(x > 0.0)
    mask = np.logical_and(np.isfinite(x), np.logical_not(np.isinf(x)))
    n = np.count_nonzero(mask)
    k = np.minimum(np.searchsorted(np.sort(x), 0.0), 3)
    return np.sum(x[order] * np.arange(4.0)) + np.sum(x[first]) + n * x[k] + np.sum(x[np.nonzero(x)])


def test_nondiff_functions_are_constants():
    x = rand(V) + 0.05
    np.testing.assert_allclose(tg.grad(rint_times)(x), numerical_grad(rint_times, (x,), 0), atol=1e-6)
    np.testing.assert_allclose(tg.grad(floor_divide_times)(x), numerical_grad(floor_divide_times, (x,), 0),
                               atol=1e-6)
    np.testing.assert_allclose(tg.grad(index_functions)(x), numerical_grad(index_functions, (x,), 0), atol=1e-6)


def test_declared_nondiff():
    for name in numpy_nondiff._NONDIFF:
        f = getattr(np, name, None)
        if f is not None:
            assert f in RULES, name
    for f in (np.argsort, np.isinf, np.logical_xor, np.rint, np.trunc, np.empty, np.unique, np.searchsorted):
        assert RULES.get(f).nondiff, f


# -- engine bugs found while writing these rules (failing until fixed) ---------------------------------------------
def abs_complex(z):
    return np.sum(np.abs(z))


def mod_operator(x, y):
    return np.sum(x % y)


def sum_of_varargs(x, y):
    return np.sum(varargs_sum(x, y) * 2.0)


def varargs_sum(*xs):
    return xs[0] + xs[1]


def test_abs_of_complex_input_differentiates_to_conj_z_over_abs_z():
    """rules/numpy/elementwise.py: np.abs's tangent t * sign(x) transposes to g * z/|z|; autograd's (and
    this library's) convention for complex cotangents needs g * conj(z)/|z|, i.e. the
    tangent np.real(t * np.conj(np.sign(x)))."""
    z = np.array([3.0 + 4.0j])
    np.testing.assert_allclose(tg.grad(abs_complex)(z), [0.6 - 0.8j])


def test_mod_operator_has_the_np_mod_gradient():
    """operators.py declares operator.mod (x % y) nondiff; np.mod's rule (1 in x,
    -floor(x / y) in y) applies to it: a silent zero gradient today."""
    dx, dy = tg.grad(mod_operator, wrt=(0, 1))(np.array([0.5, 3.1]), np.array([2.0, 2.0]))
    np.testing.assert_allclose(dx, [1.0, 1.0])
    np.testing.assert_allclose(dy, [0.0, -1.0])


def test_grad_wrt_a_one_element_tuple_returns_a_tuple():
    """grad(f, wrt=(0,)) returns a bare array; a tuple wrt should give a tuple (as
    autograd/JAX argnums, and as tests/corpus/helpers.assert_grad_matches_fd expects)."""
    got = tg.grad(fabs_sum, wrt=(0,))(np.array([1.0, -2.0]))
    assert isinstance(got, tuple) and len(got) == 1


def test_registered_varargs_rule_has_a_reverse_mode_adjoint(temporary_rules):
    """A rule whose *varargs parameter has a transpose (the natural signature for
    np.einsum) gets no adjoint in reverse mode: the gradient is silently zero."""
    tg.register(varargs_sum, "varargs_sum(*xs)", linear={"xs": "g"})
    dx, dy = tg.grad(sum_of_varargs, wrt=(0, 1))(np.ones(2), np.ones(2))
    np.testing.assert_allclose(dx, [2.0, 2.0])
    np.testing.assert_allclose(dy, [2.0, 2.0])


# -- docs/COVERAGE.md is generated from the table ---------------------------------------------------------------
def test_coverage_doc_is_up_to_date():
    import pathlib
    import runpy
    root = pathlib.Path(__file__).resolve().parents[1]
    gen = runpy.run_path(str(root / "scripts" / "gen_coverage.py"))
    assert (root / "docs" / "COVERAGE.md").read_text() == gen["render"](), \
        "docs/COVERAGE.md is stale: run python scripts/gen_coverage.py"
