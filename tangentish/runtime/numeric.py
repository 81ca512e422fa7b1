"""The numeric conventions (docs/SOUNDNESS.md, "Complex numbers" and the points where a
derivative is a limit): complex values, ``abs``, ``**``, ``log``, ``sinc``, softmax, the
seeds of reverse mode."""
import math

import numpy as np

from ..core.errors import OutputError, TransformError
from .backend import (PLAIN, array_sum, as_array, broadcast_like, device_of, dtype_kind,
                      float_dtype, foreign_namespace, is_complex, known_shape, lifted)
from .containers import DictCotangent, ListCotangent, TupleCotangent

__all__ = [
    "real_part", "real_cotangent", "abs_slope", "abs_slope_tangent", "abs_slope_cotangent",
    "abs_slope_third", "sign_tangent", "require_real", "pow_deriv", "pow_deriv_dy", "safe_log",
    "x_over", "sinc_deriv", "real_seed", "unit_cotangent", "safe_div", "pow_log", "pow_log_dx",
    "base_log",
    "angle_unit", "default_ones", "match_complex", "clip_mask", "softmax_tangent",
    "log_softmax_tangent", "log_softmax_cotangent", "math_polygamma", "log_of_base",
    "require_inexact"
]


def _is_complex(x):
    if type(x) is np.ndarray:
        return x.dtype.kind == "c"
    if isinstance(x, (float, int)):
        return False
    if isinstance(x, complex):
        return True
    if isinstance(x, np.generic):
        return np.iscomplexobj(x)
    xp = foreign_namespace(x)             # an array of another library
    return xp is not None and is_complex(xp, x)


def real_part(x):
    """Re(x), returning real inputs untouched (a cotangent flowing into a real value)."""
    if type(x) is float or (type(x) is np.ndarray and x.dtype.kind != "c"):
        return x
    if isinstance(x, complex):
        return x.real
    if isinstance(x, (np.ndarray, np.generic)) and np.iscomplexobj(x):
        return np.real(x)
    if _is_complex(x):                    # an array of another library
        return foreign_namespace(x).real(x)
    return x


def real_cotangent(x, like):
    """``x`` as the cotangent of ``like``: its real part when ``like`` is real (a real
    input never gets a complex gradient).  Lists, tuples and dicts entry by entry."""
    tx = type(x)
    if tx is float or x is None:
        return x
    if tx is np.ndarray:
        kind = x.dtype.kind
        if kind != "c":
            if kind != "f" or type(like) is np.ndarray and like.dtype.kind != "c":
                return x          # the common case: a real gradient of a real input
            # a complex input's gradient is complex (autograd's type), even when real-valued
            return x.astype(np.result_type(like)) if x.dtype.kind == "f" and _is_complex(like) else x
        return x if _is_complex(like) else np.real(x)
    if isinstance(x, (complex, np.complexfloating)):
        return x if _is_complex(like) else x.real
    if hasattr(x, "dtype") and not isinstance(x, np.generic):
        xp = foreign_namespace(x)
        if xp is not None:
            return _real_cotangent_xp(xp, x, like)
    if isinstance(x, dict) and isinstance(like, dict):
        return DictCotangent((k, real_cotangent(v, like[k]) if k in like else v)
                             for k, v in x.items())
    if isinstance(x, (list, tuple)) and isinstance(like, (list, tuple)) and len(x) == len(like):
        items = [real_cotangent(v, lk) for v, lk in zip(x, like)]
        return TupleCotangent(items) if isinstance(x, tuple) else ListCotangent(items)
    return x


def _real_cotangent_xp(xp, x, like):
    """``real_cotangent`` of an array of another library."""
    if is_complex(xp, x):
        return x if _is_complex(like) else xp.real(x)
    if _is_complex(like) and xp.isdtype(x.dtype, "real floating"):
        dtype = like.dtype if foreign_namespace(like) is not None else float_dtype(xp, x, 1j)
        return xp.astype(x, dtype)
    return x


def abs_slope(x):
    """d|x| as a factor: sign(x) for real x (0 at 0); conj(z) / |z| for complex z
    (0 at 0), to be used as Re(t * abs_slope(z))."""
    if type(x) is np.ndarray and x.dtype.kind != "c":
        return np.sign(x)
    xp = foreign_namespace(x) if type(x) not in PLAIN else None
    if xp is not None:
        return _abs_slope_xp(xp, x)
    if not _is_complex(x):
        return np.sign(x)
    a = np.abs(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(a == 0, 0.0, np.conj(x) / np.where(a == 0, 1.0, a))


def _zeros_for(a, b):
    if type(a) not in PLAIN or type(b) not in PLAIN:
        xp = foreign_namespace(a, b)
        if xp is not None:
            return _zeros_for_xp(xp, a, b)
    shape = np.broadcast_shapes(np.shape(a), np.shape(b))
    zero = np.zeros(shape, dtype=np.result_type(a, float))
    return zero if shape else zero[()]


def _zeros_for_xp(xp, a, b):
    """Zeros of ``a`` and ``b``'s broadcast shape and ``a``'s float type, as another
    library's array: one zero, broadcast (Dask: in the chunks of the operand of that shape)."""
    lead = a if foreign_namespace(a) is not None else b
    shape = np.broadcast_shapes(known_shape(a), known_shape(b))
    zero = xp.zeros((), dtype=float_dtype(xp, a), device=device_of(lead))
    return broadcast_like(xp, zero, shape, lead if known_shape(lead) == shape else None)


def _abs_parts(x):
    a = np.abs(x)
    zero = a == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        inv = np.where(zero, 0.0, 1.0 / np.where(zero, 1.0, a))
    return inv, np.conj(x) * inv


def _abs_slope_xp(xp, x):
    """``abs_slope`` of an array of another library."""
    if not is_complex(xp, x):
        return xp.sign(x)
    a = xp.abs(x)
    ones = xp.ones_like(a)
    return xp.where(a == 0, xp.zeros_like(x),
                    xp.conj(x) / xp.astype(xp.where(a == 0, ones, a), x.dtype))


def abs_slope_tangent(v, x):
    """The derivative of ``abs_slope`` along ``v``: 0 for real x (sign is piecewise
    constant); for complex z, with s = conj(z) / |z|: conj(v) / |z| - s Re(s v) / |z|
    (0 at z = 0)."""
    if not _is_complex(x):
        return _zeros_for(v, x)
    xp = foreign_namespace(v, x)
    if xp is not None:
        inv, s = _abs_parts_xp(xp, x)
        return (_conj(xp, v) - s * xp.real(s * v)) * inv
    inv, s = _abs_parts(x)
    return (np.conj(v) - s * np.real(s * v)) * inv


def abs_slope_cotangent(g, x):
    """The transpose of ``abs_slope_tangent`` (pairing Re(g t)): conj(g) / |z| - Re(g s) s / |z|."""
    if not _is_complex(x):
        return _zeros_for(g, x)
    xp = foreign_namespace(g, x)
    if xp is not None:
        inv, s = _abs_parts_xp(xp, x)
        return (_conj(xp, g) - xp.real(g * s) * s) * inv
    inv, s = _abs_parts(x)
    return (np.conj(g) - np.real(g * s) * s) * inv


def _abs_parts_xp(xp, x):
    """``_abs_parts`` of a complex array of another library: 1 / |x| (0 at 0), conj(x) / |x|."""
    a = xp.abs(x)
    zero = a == 0
    inv = xp.where(zero, xp.zeros_like(a), 1.0 / xp.where(zero, xp.ones_like(a), a))
    return inv, xp.conj(x) * xp.astype(inv, x.dtype)


def _conj(xp, v):
    """conj(v) of an array of ``xp`` or a number (real values are their own)."""
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, complex):
        return v.conjugate()
    return xp.conj(v) if is_complex(xp, v) else v


def abs_slope_third(t, v, x):
    """The derivative of ``abs_slope_tangent`` / ``abs_slope_cotangent`` in x: 0 for real x;
    complex x (the third derivative of |z|) is refused here."""
    if _is_complex(x) or _is_complex(v) and _is_complex(t):
        raise NotImplementedError("the third derivative of abs() of a complex value is not "
                                  "supported (second order only)")
    return _zeros_for(t, x) if t is not None else _zeros_for(v, x)


def sign_tangent(t, x):
    """The derivative of np.sign: 0 for real x; for complex z, sign(z) = z / |z| is not
    piecewise constant and its derivative is not modelled: refused here."""
    if _is_complex(x):
        raise NotImplementedError("np.sign of a complex value (z / |z|) has a derivative that "
                                  "tangentish does not model; use z / np.abs(z)")
    if type(t) not in PLAIN or type(x) not in PLAIN:
        xp = foreign_namespace(t, x)
        if xp is not None:
            return _zeros_for_xp(xp, t, x)
    return np.zeros(np.broadcast_shapes(np.shape(x), np.shape(t)),
                    dtype=np.result_type(t, float)) if np.ndim(x) or np.ndim(t) else 0.0 * t


def require_real(x, like, what):
    """``x`` unchanged, after checking that ``like`` (a value or a tuple of values) and
    ``x`` hold no complex numbers: the rule of ``what`` is exact for real inputs only."""
    values = like if isinstance(like, tuple) else (like,)
    for v in values + (x,):
        if _is_complex(v):
            raise TypeError(f"the derivative of {what} is implemented for real inputs only; "
                            "got a complex value (see docs/SOUNDNESS.md, Complex numbers)")
    return x


def _coefficient(y, n):
    c = 1
    for k in range(n):
        c = c * (y - k)
    return c


def _float(x, y=None):
    """A Python number as a numpy float (0.0 ** -1 is inf there, not ZeroDivisionError);
    a negative Python float raised to a Python exponent that is not an integer as a
    complex number, as Python's own ``**`` gives it ((-4.0) ** 0.5 is 2j)."""
    if type(x) in (float, int, bool):
        if x < 0 and type(y) in (float, int) and y != int(y):
            return np.complex128(x)
        return np.float64(x)
    if type(x) is complex:
        return np.complex128(x)
    return x


def pow_deriv(x, y, n=1):
    """The n-th derivative of ``x ** y`` in x: y (y-1) ... (y-n+1) x ** (y-n), exactly 0
    where the coefficient is 0 (an integer exponent 0 <= y < n), whatever x is (no
    0 * inf = NaN at x = 0, no ZeroDivisionError for Python floats)."""
    c = _coefficient(y, n)
    if type(x) not in PLAIN or type(y) not in PLAIN:
        xp = foreign_namespace(x, y)
        if xp is not None:
            return _pow_deriv_xp(xp, x, y, n, c)
    scalar = np.ndim(x) == 0 and np.ndim(y) == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.power(_float(x, y), y - n) if scalar or type(x) is not np.ndarray else x ** (y - n)
        out = c * p
    if scalar:
        if c == 0:
            return 0.0 * _float(x) if not np.isfinite(x) else 0.0 * x + 0.0 * c
        return out
    return np.where(np.asarray(c) == 0, np.zeros((), dtype=np.result_type(out)), out)


def _pow_deriv_xp(xp, x, y, n, c):
    """``pow_deriv`` for arrays of another library: ``c * x ** (y - n)``, 0 where c is 0."""
    lead = x if foreign_namespace(x) is not None else y
    x, y, c = lifted(xp, x, lead), lifted(xp, y, lead), lifted(xp, c, lead)
    x = as_array(xp, x, lead)
    with np.errstate(divide="ignore", invalid="ignore"):     # (for eager libraries on numpy)
        out = c * x ** (y - n)
    if isinstance(c, (int, float)):
        return out if c != 0 else xp.zeros_like(out)
    return xp.where(c == 0, xp.zeros((), dtype=out.dtype), out)


def pow_deriv_dy(x, y, n=1):
    """d/dy of ``pow_deriv(x, y, n)``: c_n'(y) x^(y-n) + c_n(y) x^(y-n) log x."""
    c = _coefficient(y, n)
    dc = 0
    for k in range(n):
        term = 1
        for j in range(n):
            if j != k:
                term = term * (y - j)
        dc = dc + term
    with np.errstate(divide="ignore", invalid="ignore"):
        p = _power(_float(x, y), y - n)
        return dc * p + c * p * safe_log(_float(x, y))


def safe_log(x):
    """log(x), with 0 where x == 0 (autograd's convention for the exponent's derivative of
    x ** y at x = 0: 0, the limit for y > 0)."""
    if type(x) not in PLAIN:
        xp = foreign_namespace(x)
        if xp is not None:
            x = xp.astype(x, float_dtype(xp, x))        # float64 as numpy gives it
            return xp.log(xp.where(x == 0, xp.ones((), dtype=x.dtype, device=device_of(x)), x))
    if np.ndim(x) == 0:
        if x == 0:
            return 0.0 * _float(x)
        return np.log(_float(x))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(np.where(x == 0, np.ones((), dtype=np.result_type(x, float)), x))


def x_over(x, y):
    """x / y, exactly 0 where x == 0 (even where y == 0): d/dy of xlogy."""
    if type(x) not in PLAIN or type(y) not in PLAIN:
        xp = foreign_namespace(x, y)
        if xp is not None:
            return _safe_div_xp(xp, x, y)      # the same function: 0 where x == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        if np.ndim(x) == 0 and np.ndim(y) == 0:
            return 0.0 * _float(y) if x == 0 else _float(x) / _float(y)
        return np.where(np.asarray(x) == 0, 0.0, np.asarray(x) / np.where(np.asarray(x) == 0, 1.0, y))


def _sinc_u_deriv_series(u, n, terms=40):
    """d^n/du^n sin(u)/u by its Taylor series (|u| small)."""
    total = np.zeros_like(u)
    for m in range(terms):
        if 2 * m < n:
            continue
        coef = (-1) ** m * math.factorial(2 * m) / (math.factorial(2 * m - n) * math.factorial(2 * m + 1))
        total = total + coef * u ** (2 * m - n)
    return total


def _sinc_u_deriv_closed(u, n):
    """d^n/du^n sin(u)/u by Leibniz' rule (|u| not small)."""
    total = np.zeros_like(u)
    for k in range(n + 1):
        sin_d = [np.sin, np.cos, lambda v: -np.sin(v), lambda v: -np.cos(v)][(n - k) % 4](u)
        total = total + math.comb(n, k) * sin_d * ((-1) ** k * math.factorial(k)) / u ** (k + 1)
    return total


def sinc_deriv(x, n=1):
    """The n-th derivative of np.sinc (sin(pi x) / (pi x)), exact at x = 0 for every n
    (sinc'(0) = 0, sinc''(0) = -pi^2 / 3, ...); real or complex x."""
    scalar = np.ndim(x) == 0
    u = np.pi * np.asarray(x, dtype=np.result_type(x, float))
    small = np.abs(u) < 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        near = _sinc_u_deriv_series(np.where(small, u, 0.0), n)
        far = _sinc_u_deriv_closed(np.where(small, 1.0, u), n)
    out = np.where(small, near, far) * np.pi ** n
    return out[()] if scalar else out


def real_seed(*values):
    """The seed 1.0 of a provably scalar output, after checking that the values it is
    computed from (its real-preserving operations' inputs) hold no complex numbers:
    a complex output is refused, as ``unit_cotangent`` refuses it.  Its type is
    ``unit_cotangent``'s, the output's ``dtype.type(1)``, beside float32 / float16
    arrays: a Python 1.0 would keep a float64 output's float32 terms float32 (NEP 50),
    and make ``unreduce`` of a float32 sum's shape float64.  It is the Python number
    1.0 where every float is float64 (the same values), and where Python numbers or
    integer arrays are among the values (``np.sum(b)`` of a Python float is float64,
    ``i16 / 2`` too: the output's type is not theirs with the arrays')."""
    found = []
    _check_real_leaves(values, found)
    foreign = [v for v in found if isinstance(v, tuple)]
    dtypes = {v[1] if isinstance(v, tuple) else v for v in found}
    if foreign:                 # arrays of another library: their 0-d float32 one
        return _foreign_seed(foreign[0][2]) if len(dtypes) == 1 else 1.0
    if all(d is None or d.kind != "f" or d == _FLOAT64 for d in dtypes) or None in dtypes \
            or any(d.kind in "iu" for d in dtypes):
        return 1.0
    return np.result_type(*dtypes).type(1)


_FLOAT64 = np.dtype(np.float64)


def _foreign_seed(v):
    """``real_seed`` of one kind of array of another library (``unit_cotangent``'s type)."""
    xp = foreign_namespace(v)
    if dtype_kind(v) != "f" or v.dtype == xp.float64:
        return 1.0
    return xp.ones((), dtype=v.dtype, device=device_of(v))


def _check_real_leaves(values, dtypes):
    """``real_seed``'s complex check; the dtypes of numpy values into the list ``dtypes``
    (None for a Python number; (type, key, array) for another library's array)."""
    for v in values:
        t = type(v)
        if t is np.ndarray:
            if v.dtype.kind != "c":
                dtypes.append(v.dtype)
                continue
        elif t in (float, int, bool):
            dtypes.append(None)
            continue
        if isinstance(v, (list, tuple, dict)):
            _check_real_leaves(v.values() if isinstance(v, dict) else v, dtypes)
        elif _is_complex(v):
            raise OutputError("grad needs a real scalar output, but {f} returned a complex value",
                              "differentiate np.real(...) / np.abs(...) of a complex output, "
                              "or use tangentish.vjp")
        elif isinstance(v, np.generic):
            dtypes.append(v.dtype)
        elif foreign_namespace(v) is not None:
            dtypes.append((type(v), (type(v), str(v.dtype)), v))     # (library and dtype)


def unit_cotangent(out):
    """The seed of reverse mode for a scalar output (refuses non-scalars, and outputs
    that are not real numbers: complex values, strings, other objects -- as autograd
    and JAX do)."""
    if type(out) is float:
        return 1.0
    if out is None:
        raise OutputError("grad needs a function with a scalar output, but {f} returned None "
                          "(a path through it ends without a return statement?)",
                          "make every path through {f} end with `return <a scalar>`")
    if isinstance(out, (tuple, list)):
        kind = type(out).__name__
        raise OutputError(
            f"grad needs a real scalar output, but {{f}} returns a {kind} of {len(out)} values "
            f"({out!r:.60})",
            "differentiate one of them (tangentish.grad(lambda x: {f}(x)[0])), or use "
            "tangentish.jacobian for the derivatives of all of them, or tangentish.vjp")
    xp = None
    if isinstance(out, (np.ndarray, np.generic)):
        kind = out.dtype.kind
    elif isinstance(out, bool):
        kind = "b"
    elif isinstance(out, (int, float)):       # int and its subclasses
        kind = "i"
    else:
        xp = foreign_namespace(out)           # an array of another library
        kind = dtype_kind(out) if xp is not None else \
            "c" if isinstance(out, complex) else "O"
    if kind == "b":
        raise OutputError(f"grad needs a function with a real scalar output, but {{f}} returned "
                          f"a boolean value {out!r:.60}: a truth value has no derivative (a "
                          "comparison or np.allclose(...) returned?)")
    if kind not in "fiu":
        what = "complex" if kind == "c" else f"a {type(out).__name__}"
        raise OutputError(f"grad needs a real scalar output, but {{f}} returned {what} value "
                          f"{out!r:.60}",
                          "differentiate np.real(...) / np.abs(...) of a complex output, or use "
                          "tangentish.vjp")
    if xp is not None:
        return _unit_cotangent_xp(xp, out, kind)
    if np.ndim(out) != 0 and np.size(out) == 1:
        # shape (1,), (1, 1), ...: the single element is the scalar output (as autograd)
        return np.ones(np.shape(out), out.dtype if kind == "f" else float)
    if np.ndim(out) != 0:
        _refuse_array_output(np.shape(out))
    if kind == "f":
        return out.dtype.type(1)   # a numpy scalar: float32 stays float32, and it is fast
    return 1.0


def _refuse_array_output(shape):
    raise OutputError(f"grad needs a function with a scalar output, but {{f}} returned an "
                      f"array of shape {shape}",
                      "reduce it to a scalar (np.sum(...)), differentiate one element, or "
                      "use tangentish.jacobian or tangentish.vjp for non-scalar outputs")


def _unit_cotangent_xp(xp, out, kind):
    """``unit_cotangent`` of a real array of another library: an array of ones of its
    float dtype (float32 stays float32) on its device."""
    shape = known_shape(out)
    if shape and math.prod(shape) != 1:
        _refuse_array_output(shape)
    if not shape and kind != "f":
        return 1.0
    dtype = out.dtype if kind == "f" else xp.float64
    return xp.ones(shape, dtype=dtype, device=device_of(out))


def safe_div(v, x):
    """v / x, exactly 0 where v == 0 (even where x == 0): the tangent of ``safe_log``, so a
    zero tangent at x = 0 stays 0 (log(0) is read as a constant there) while a nonzero one
    is infinite."""
    if type(v) not in PLAIN or type(x) not in PLAIN:
        xp = foreign_namespace(v, x)
        if xp is not None:
            return _safe_div_xp(xp, v, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        if np.ndim(v) == 0 and np.ndim(x) == 0:
            return 0.0 * _float(x) if v == 0 else _float(v) / _float(x)
        v = np.asarray(v)
        return np.where(v == 0, np.zeros((), np.result_type(v, x, float)), v / np.where(v == 0, 1.0, x))


def _safe_div_xp(xp, v, x):
    """``safe_div`` for arrays of another library."""
    lead = v if foreign_namespace(v) is not None else x
    v, x = as_array(xp, v, lead), as_array(xp, x, lead)
    dtype = float_dtype(xp, v, x)
    v, x = xp.astype(v, dtype), xp.astype(x, dtype)
    zero = v == 0
    divisor = xp.where(zero, xp.ones((), dtype=dtype), x)
    return xp.where(zero, xp.zeros((), dtype=dtype), v / divisor)


def pow_log(x, y):
    """x ** y * log(x), the derivative of x ** y in y, with log(0) read as 0 (autograd's
    convention: 0 at x = 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return _times(_power(_float(x, y), y), safe_log(_float(x, y)))


def base_log(x, y):
    """log(x) as ``x ** y`` reads x: complex for a negative Python base and an exponent
    that is not an integer (Python's ``**`` is complex there), 0 at x = 0."""
    out = safe_log(_float(x, y))
    if type(x) in PLAIN and type(y) in PLAIN:
        return out
    xp = foreign_namespace(x, y)      # the log of a number base, in the exponent's library
    return out if xp is None else lifted(xp, out, x if foreign_namespace(x) is not None else y)


def pow_log_dx(x, y):
    """d/dx of ``pow_log``: x ** (y - 1) * (y log(x) + 1), finite at x = 0 for y > 1 (0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return _times(_power(_float(x, y), y - 1), y * safe_log(_float(x, y)) + 1)


def _times(a, b):
    """``a * b``; a numpy factor (the log of a number base) lifted into another array
    library's where the other factor is one (array_api_strict mixes no numpy)."""
    if type(a) in PLAIN and type(b) in PLAIN:
        return a * b
    xp = foreign_namespace(a, b)
    if xp is None:
        return a * b
    lead = a if foreign_namespace(a) is not None else b
    return lifted(xp, a, lead) * lifted(xp, b, lead)


def _power(x, y):
    """``np.power(x, y)``; ``x ** y`` through the namespace of another array library."""
    if type(x) in PLAIN and type(y) in PLAIN:
        return np.power(x, y)
    xp = foreign_namespace(x, y)
    if xp is None:
        return np.power(x, y)
    lead = x if foreign_namespace(x) is not None else y
    return as_array(xp, x, lead) ** lifted(xp, y, lead)


def angle_unit(deg=False):
    """The unit of ``np.angle(z, deg)``: 1 (radians) or 180 / pi (degrees)."""
    return 180.0 / np.pi if deg else 1.0


def default_ones(b):
    """``b``, or 1.0 for ``b=None`` (an optional scale factor)."""
    return 1.0 if b is None else b


def match_complex(x, like):
    """``x`` as a cotangent for ``like``: its real part when ``like`` is real."""
    if type(x) not in PLAIN or type(like) not in PLAIN:
        if foreign_namespace(x, like) is not None:
            return real_part(x) if _is_complex(x) and not _is_complex(like) else x
    if np.iscomplexobj(like) or not np.iscomplexobj(x):
        return x
    return np.real(x)


def clip_mask(a, a_min=None, a_max=None):
    """1.0 where ``np.clip`` passes ``a`` through, 0.0 where it clips."""
    if type(a) not in PLAIN:
        xp = foreign_namespace(a)
        if xp is not None:
            return _clip_mask_xp(xp, a, a_min, a_max)
    inside = np.ones(np.shape(a), dtype=bool)
    if a_min is not None:
        inside = inside & (a >= a_min)      # may broadcast past a's shape
    if a_max is not None:
        inside = inside & (a <= a_max)
    return inside


def _clip_mask_xp(xp, a, a_min, a_max):
    """``clip_mask`` of an array of another library: the comparisons, and-ed (a bound
    may broadcast past a's shape)."""
    inside = xp.ones_like(a, dtype=xp.bool)
    for bound, above in ((a_min, True), (a_max, False)):
        if bound is not None:
            bound = lifted(xp, bound, a)
            inside = inside & ((a >= bound) if above else (a <= bound))
    return inside


def softmax_tangent(x, s, axis=None):
    """Tangent of ``softmax`` with output ``s``: s * (x - sum(s * x)); self-transpose."""
    return s * (x - array_sum(s * x, axis=axis, keepdims=True))


def log_softmax_tangent(x, ans, axis=None):
    """Tangent of ``log_softmax`` with output ``ans``: x - sum(exp(ans) * x)."""
    return x - array_sum(_exp(ans) * x, axis=axis, keepdims=True)


def log_softmax_cotangent(x, ans, axis=None):
    """The transpose of ``log_softmax_tangent``."""
    return x - _exp(ans) * array_sum(x, axis=axis, keepdims=True)


def _exp(x):
    """``np.exp(x)`` on any array library."""
    xp = foreign_namespace(x) if type(x) not in PLAIN else None
    return np.exp(x) if xp is None else xp.exp(x)


def math_polygamma(n, x):
    """The n-th derivative of digamma at the Python float ``x`` (the derivatives of
    ``math.gamma`` / ``math.lgamma``); needs scipy, refused clearly without it."""
    try:
        import scipy.special  # scipy is optional (and slow to import): only when needed
    except ImportError:  # pragma: no cover - scipy is optional
        raise TransformError("the derivative of math.gamma / math.lgamma needs scipy "
                             "(scipy.special.polygamma), which is not installed",
                             "install scipy")
    return float(scipy.special.polygamma(n, x))


def log_of_base(base):
    """``math.log(base)``, or 1.0 for the one-argument ``math.log(x)`` (base None)."""
    if base is None:
        return 1.0
    xp = None if type(base) in PLAIN else foreign_namespace(base)
    return math.log(base) if xp is None else xp.log(base)      # (a 0-d array: not computed)


def require_inexact(ans, what, x):
    """``x`` unchanged, after checking that ``ans`` (the result of ``what``, or an empty
    array of its dtype) has a float or
    complex dtype: an integer or boolean result (``dtype=int``, the dtype of an integer
    array for ``np.full_like``) truncates its input, which the derivative does not model."""
    xp = None if type(ans) is np.ndarray else foreign_namespace(ans)
    dtype = np.asarray(ans).dtype if xp is None else ans.dtype
    if (dtype.kind if xp is None else dtype_kind(ans)) not in "fc":
        raise TransformError(
            f"cannot differentiate {what} with a result of dtype {dtype}: it truncates an "
            "active value", "build a float result (dtype=float) or cast explicitly")
    return x
