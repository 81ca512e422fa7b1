"""NumPy shape and layout functions, and the copies and conversions (``np.copy``,
``np.asarray``, ``np.full``): transposes that move, reshape, flip, pad or cut the
cotangent."""
import numpy as np

from ..table import defrule

# Shape.
defrule(np.transpose, "np.transpose(a, axes=None)", linear={"a": "untranspose(g, axes)"})
_ORDER = "require_order_cf(order, 'np.{}()', t)"
defrule(np.reshape, "np.reshape(a, shape, order='C')",
        linear={"a": "np.reshape(g, np.shape(a), order=order)"},
        checked={"order": _ORDER.format("reshape")}, note="order 'C' or 'F' ('A' is refused)")
defrule(np.swapaxes, "np.swapaxes(a, axis1, axis2)", linear={"a": "np.swapaxes(g, axis1, axis2)"})
_BACK = "np.reshape(g, np.shape({}))"
defrule(np.ravel, "np.ravel(a, order='C')", linear={"a": "np.reshape(g, np.shape(a), order=order)"},
        checked={"order": _ORDER.format("ravel")}, note="order 'C' or 'F' ('A', 'K' are refused)")
defrule(np.squeeze, "np.squeeze(a, axis=None)", linear={"a": _BACK.format("a")})
defrule(np.expand_dims, "np.expand_dims(a, axis)", linear={"a": _BACK.format("a")})
for _f, _name in ((np.atleast_1d, "atleast_1d"), (np.atleast_2d, "atleast_2d"),
                  (np.atleast_3d, "atleast_3d")):
    defrule(_f, f"np.{_name}(ary)", linear={"ary": _BACK.format("ary")},
            note="one array (several arguments return a list: not supported)")
defrule(np.moveaxis, "np.moveaxis(a, source, destination)",
        linear={"a": "np.moveaxis(g, destination, source)"})
defrule(np.rollaxis, "np.rollaxis(a, axis, start=0)", linear={"a": "unrollaxis(g, axis, start)"})
defrule(np.append, "np.append(arr, values, axis=None)",
        linear={"arr": "append_part(g, arr, values, axis, 0)",
                "values": "append_part(g, arr, values, axis, 1)"})
defrule(np.real_if_close, "np.real_if_close(a, tol=100)", jvp={"a": "match_complex(t, ans)"},
        note="the real part where the result is real")
defrule(np.broadcast_to, "np.broadcast_to(array, shape)", linear={"array": "unbroadcast(g, array)"})
defrule(np.repeat, "np.repeat(a, repeats, axis=None)", linear={"a": "unrepeat(g, a, repeats, axis)"})
defrule(np.tile, "np.tile(A, reps)", linear={"A": "untile(g, A, reps)"})
defrule(np.roll, "np.roll(a, shift, axis=None)", linear={"a": "np.roll(g, np.negative(shift), axis)"})
defrule(np.flip, "np.flip(m, axis=None)", linear={"m": "np.flip(g, axis)"})
defrule(np.flipud, "np.flipud(m)", linear={"m": "np.flipud(g)"})
defrule(np.fliplr, "np.fliplr(m)", linear={"m": "np.fliplr(g)"})
defrule(np.rot90, "np.rot90(m, k=1, axes=(0, 1))", linear={"m": "np.rot90(g, -k, axes)"})
defrule(np.pad, "np.pad(array, pad_width, mode='constant', constant_values=0)",
        linear={"array": "unpad(g, array, pad_width, mode)",
                "constant_values": "pad_border_sum(g, array, pad_width)"},
        note="modes constant, edge, reflect, symmetric, wrap; a scalar constant_values")
defrule(np.diag, "np.diag(v, k=0)", linear={"v": "undiag(g, v, k)"})
defrule(np.diagonal, "np.diagonal(a, offset=0, axis1=0, axis2=1)",
        linear={"a": "undiagonal(g, a, offset, axis1, axis2)"})
defrule(np.trace, "np.trace(a, offset=0, axis1=0, axis2=1)",
        linear={"a": "untrace(g, a, offset, axis1, axis2)"})
defrule(np.triu, "np.triu(m, k=0)", linear={"m": "np.triu(g, k)"})
defrule(np.tril, "np.tril(m, k=0)", linear={"m": "np.tril(g, k)"})
defrule(np.full, "np.full(shape, fill_value, dtype=None)",
        linear={"fill_value": "unbroadcast(g, fill_value)"},
        checked={"dtype": "require_inexact(np.empty(0, dtype), 'np.full()', t)"},
        note="an integer dtype= (truncation) is refused")
defrule(np.full_like, "np.full_like(a, fill_value, dtype=None, order='K', subok=True, shape=None)",
        linear={"fill_value": "unbroadcast(g, fill_value)"},
        checked={"a": "require_inexact(np.empty_like(a, dtype, shape=0), 'np.full_like()', t)"},
        note="in fill_value (a gives only the shape and dtype); an integer result is refused")
defrule(np.arange, "np.arange(start, stop=None, step=None, dtype=None)",
        undefined=("start", "stop", "step"),
        note="active (float) bounds or step are refused: the values move with them")
defrule(np.copy, "np.copy(a)", linear={"a": "g"})
defrule(np.asarray, "np.asarray(a, dtype=None)", linear={"a": "g"},
        note="an array argument (a list of active values: use np.stack)")
defrule(np.array, "np.array(object, dtype=None)", linear={"object": "g"},
        note="an array argument (a list of active values: use np.stack)")

# Scalar type casts of float values (integer casts are nondiff, in nondiff.py).
for _name in ("float64", "float32", "float16", "longdouble"):
    if hasattr(np, _name):
        defrule(getattr(np, _name), f"np.{_name}(x)", linear={"x": "g"}, real_only=True,
                checked={"x": f"require_real(t, x, 'np.{_name}()')"},
                note="a cast: the identity derivative in the result's precision; a complex "
                     "value (numpy drops its imaginary part with a warning) is refused")
for _name in ("complex128", "complex64"):
    defrule(getattr(np, _name), f"np.{_name}(x)", linear={"x": "real_cotangent(g, x)"},
            note="a cast: the identity derivative (a real input gets the real part of the "
                 "cotangent)")
