"""Rules of the helpers in runtime/joining.py, so generated code calling them can be
differentiated again."""
from ...runtime import joining as rt
from ..table import defrule

defrule(rt.concatenate_part, "concatenate_part(x, arrays, k, axis=0)",
        linear={"x": "concatenate_part_transpose(g, x, arrays, k, axis)"})
defrule(rt.concatenate_part_transpose, "concatenate_part_transpose(x, like, arrays, k, axis=0)",
        linear={"x": "concatenate_part(g, arrays, k, axis)"})
defrule(rt.unstack, "unstack(x, axis=0)", linear={"x": "np.stack(g, axis=axis)"})
defrule(rt.unconcatenate, "unconcatenate(x, arrays, axis=0)",
        linear={"x": "np.concatenate(g, axis=axis)"})
_WHERE = "filename=None, lineno=None, col_offset=None"
defrule(rt.joined_part, f"joined_part(x, arrays, k, kind, {_WHERE})",
        linear={"x": "joined_part_transpose(g, arrays, k, kind, filename, lineno, col_offset)"})
defrule(rt.joined_part_transpose, f"joined_part_transpose(x, arrays, k, kind, {_WHERE})",
        linear={"x": "joined_part(g, arrays, k, kind, filename, lineno, col_offset)"})
defrule(rt.split_transpose, "split_transpose(x, ary, axis=0, kind='split')",
        linear={"x": "split_like(g, x, axis, kind)"})
defrule(rt.split_like, "split_like(x, parts, axis=0, kind='split')",
        linear={"x": "split_transpose(g, x, axis, kind)"})
defrule(rt.array_of, "array_of([object], dtype=None)",
        linear={"object": "array_part(g, object, k, dtype)"},
        note="np.array / np.asarray of a display (analyze/primitives.py binds them to this rule)")
defrule(rt.array_part, "array_part(x, object, k, dtype=None)",
        linear={"x": "array_part_transpose(g, object, k, dtype)"})
defrule(rt.array_part_transpose, "array_part_transpose(x, object, k, dtype=None)",
        linear={"x": "array_part(g, object, k, dtype)"})
defrule(rt.index_join, "index_join([tup], kind, filename=None, lineno=None, col_offset=None)",
        linear={"tup": "joined_part(g, tup, k, kind, filename, lineno, col_offset)"},
        note="np.r_[...] / np.c_[...] (frontend/expressions.py lowers them to it)")
defrule(rt.index_slice, "index_slice(start, stop, step, kind)", undefined=("start", "stop", "step"),
        note="a slice inside np.r_[...] / np.c_[...]: bounds carrying a derivative are refused")
