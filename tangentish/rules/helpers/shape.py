"""Rules of the helpers in runtime/shape.py, so generated code calling them can be
differentiated again."""
from ...runtime import shape as rt
from ..table import defrule

defrule(rt.untranspose, "untranspose(x, axes=None)", linear={"x": "np.transpose(g, axes)"})
defrule(rt.astype, "astype(x, dtype)", jvp={"x": "astype_tangent(t, x, dtype)"},
        note="zero derivative through casts to integer or boolean types")
defrule(rt.astype_tangent, "astype_tangent(t_, like, dtype)",
        linear={"t_": "astype_cotangent(g, like, dtype)"})
defrule(rt.astype_cotangent, "astype_cotangent(g_, like, dtype)",
        linear={"g_": "astype_tangent(g, g_, np.result_type(g_, float)) * "
                      "float(np.dtype(dtype).kind in 'fc')"},
        note="zero through casts to integer or boolean types (the cotangent is then 0)")
defrule(rt.unrepeat, "unrepeat(x, like, repeats, axis=None)", linear={"x": "np.repeat(g, repeats, axis)"})
defrule(rt.untile, "untile(x, like, reps)", linear={"x": "np.tile(g, reps)"})
defrule(rt.unpad, "unpad(x, like, pad_width, mode='constant')", linear={"x": "np.pad(g, pad_width, mode)"})
defrule(rt.pad_fill, "pad_fill(x, like, pad_width)", linear={"x": "pad_border_sum(g, like, pad_width)"})
defrule(rt.pad_border_sum, "pad_border_sum(x, like, pad_width)", linear={"x": "pad_fill(g, like, pad_width)"})
defrule(rt.undiag, "undiag(x, v, k=0)", linear={"x": "np.diag(g, k)"})
defrule(rt.undiagonal, "undiagonal(x, like, offset=0, axis1=0, axis2=1)",
        linear={"x": "np.diagonal(g, offset, axis1, axis2)"})
defrule(rt.untrace, "untrace(x, like, offset=0, axis1=0, axis2=1)",
        linear={"x": "np.trace(g, offset, axis1, axis2)"})
defrule(rt.unrollaxis, "unrollaxis(x, axis, start=0)", linear={"x": "np.rollaxis(g, axis, start)"})
defrule(rt.append_part, "append_part(x, arr, values, axis=None, which=0)",
        linear={"x": "append_part_transpose(g, arr, values, axis, which)"})
defrule(rt.append_part_transpose, "append_part_transpose(x, arr, values, axis=None, which=0)",
        linear={"x": "append_part(g, arr, values, axis, which)"})
defrule(rt.item_of, "item_of(a)", linear={"a": "unitem(g, a)"},
        note="a.item() of one element (rules/numpy/methods.py)")
defrule(rt.unitem, "unitem(x, like)", linear={"x": "item_of(g)"})
