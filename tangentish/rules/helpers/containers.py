"""Rules of the helpers in runtime/containers.py, so generated code calling them can be
differentiated again."""
from ...runtime import containers as rt
from ..table import defrule, nondiff

defrule(rt.with_item, "with_item(a, index, value)",
        linear={"a": "zero_at(g, index, a)", "value": "unbroadcast(g[index], value)"})
defrule(rt.zero_at, "zero_at(x, index, like=None)", linear={"x": "zero_at(g, index, x)"})
defrule(rt.list_append, "list_append(xs, value)", linear={"xs": "g[:-1]", "value": "g[-1]"})
defrule(rt.list_cotangent, "list_cotangent(items)", linear={"items": "g"})
defrule(rt.seq_concat, "seq_concat(a, b)",
        linear={"a": "seq_slice(g, 0, len(a))", "b": "seq_slice(g, len(a), None)"})
defrule(rt.seq_repeat, "seq_repeat(a, n)", linear={"a": "seq_fold(g, a)"})
defrule(rt.seq_slice, "seq_slice(x, start, stop)", linear={"x": "seq_unslice(g, x, start, stop)"})
defrule(rt.seq_unslice, "seq_unslice(x, like, start, stop)",
        linear={"x": "seq_slice(g, start, stop)"})
defrule(rt.seq_fold, "seq_fold(x, like)", linear={"x": "seq_tile(g, x)"})
defrule(rt.seq_tile, "seq_tile(x, like)", linear={"x": "seq_fold(g, x)"})
defrule(rt.unbroadcast_each, "unbroadcast_each(x, items)", linear={"x": "sum_broadcast(g, x)"})
nondiff(rt.zero_derivative, note="constants of the derivative")
defrule(rt.sequence_of, "sequence_of(xs, kind)", jvp={"xs": "sequence_tangent(t, xs, kind)"},
        note="tuple(xs) / list(xs) of a value known only at run time (frontend/expressions.py)")
defrule(rt.sequence_tangent, "sequence_tangent(t_, xs, kind)",
        linear={"t_": "sequence_cotangent(g, xs, kind)"})
defrule(rt.sequence_cotangent, "sequence_cotangent(g_, xs, kind)",
        linear={"g_": "sequence_tangent(g, xs, kind)"})
