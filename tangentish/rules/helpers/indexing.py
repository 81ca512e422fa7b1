"""Rules of the helpers in runtime/indexing.py, so generated code calling them can be
differentiated again."""
from ...runtime import indexing as rt
from ..table import defrule, nondiff

defrule(rt.getitem_cotangent, "getitem_cotangent(x, like, index)", linear={"x": "g[index]"})
defrule(rt.accumulate_at, "accumulate_at(acc, x, like, index)",
        jvp={"acc": "t", "x": "getitem_cotangent(t, like, index)"})
# the in-place forms (ad/inplace.py): their derivatives are the functional ones
defrule(rt.clear_at, "clear_at(x, index, like=None)", jvp={"x": "zero_at(t, index, like)"})
defrule(rt.store_at, "store_at(a, index, value)",
        jvp={"a": "zero_at(t, index, a)", "value": "getitem_cotangent(t, a, index)"})
defrule(rt.private_copy, "private_copy(x)", jvp={"x": "t"})
defrule(rt.take_cotangent, "take_cotangent(x, like, indices, axis=None)",
        linear={"x": "np.take(g, indices, axis=axis)"})
defrule(rt.add_at, "add_at(a, indices, b)",
        linear={"a": "g", "b": "unbroadcast(g[indices], b)"})
defrule(rt.untake, "untake(x, like, indices, axis=None)", linear={"x": "np.take(g, indices, axis)"})
defrule(rt.untake_along_axis, "untake_along_axis(x, like, indices, axis)",
        linear={"x": "np.take_along_axis(g, indices, axis)"})
defrule(rt.index_tangent, "index_tangent(t, a, index)", linear={"t": "index_cotangent(g, a, index, t)"})
defrule(rt.index_cotangent, "index_cotangent(g_, a, index, like)",
        linear={"g_": "index_tangent(g, a, index)"})
nondiff(rt.permutation_of, rt.select_mask)
defrule(rt.select_cotangents, "select_cotangents(x, condlist, choicelist)",
        linear={"x": "np.select(condlist, g, 0.0)"})
defrule(rt.dict_get, "dict_get(d, key, default=None, filename=None, lineno=None, col_offset=None)",
        jvp={"d": "dict_get_tangent(t, d, key, default)", "default": "default_tangent(t, d, key)"},
        note="d.get(key, default) of a value known only at run time (frontend/expressions.py)")
defrule(rt.dict_get_tangent, "dict_get_tangent(x, d, key, default=None)",
        linear={"x": "dict_get_cotangent(g, d, key, default)"})
defrule(rt.dict_get_cotangent, "dict_get_cotangent(x, d, key, default=None)",
        linear={"x": "dict_get_tangent(g, d, key, default)"})
defrule(rt.default_tangent, "default_tangent(x, d, key)",
        linear={"x": "default_cotangent(g, d, key, x)"})
defrule(rt.default_cotangent, "default_cotangent(x, d, key, default)",
        linear={"x": "default_tangent(g, d, key)"})
