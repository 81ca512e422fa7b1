"""Rules for the runtime helpers, so generated code is differentiable again."""
from .. import runtime as rt
from .. import runtime_more as rt_more
from .table import defrule, nondiff

defrule(rt.unbroadcast, "unbroadcast(x, like)", linear={"x": "broadcast_to_like(g, x)"})
defrule(rt.broadcast_to_like, "broadcast_to_like(x, like)", linear={"x": "unbroadcast(g, x)"})
defrule(rt.unreduce, "unreduce(x, like, axis=None, keepdims=False)",
        linear={"x": "np.sum(g, axis=axis, keepdims=keepdims)"})
defrule(rt.extremum_tangent, "extremum_tangent(x, a, ans, axis=None, keepdims=False)",
        linear={"x": "unreduce(g, a, axis, keepdims) * extremum_mask(a, ans, axis, keepdims)"})
defrule(rt.prod_tangent, "prod_tangent(x, a, axis=None, keepdims=False)",
        linear={"x": "unreduce(g, a, axis, keepdims) * prod_cotangent_factor(a, axis)"})
defrule(rt.getitem_cotangent, "getitem_cotangent(x, like, index)", linear={"x": "g[index]"})
defrule(rt.untranspose, "untranspose(x, axes=None)", linear={"x": "np.transpose(g, axes)"})
defrule(rt.matmul_ct_a, "matmul_ct_a(x, b, like)",
        multilinear={"x": "unbroadcast(np.matmul(g, b), x)", "b": "matmul_ct_b(x, g, b)"})
defrule(rt.matmul_ct_b, "matmul_ct_b(x, a, like)",
        multilinear={"x": "unbroadcast(np.matmul(a, g), x)", "a": "matmul_ct_a(x, g, a)"})
defrule(rt.dot_ct_a, "dot_ct_a(x, b, like)",
        multilinear={"x": "unbroadcast(np.dot(g, b), x)", "b": "dot_ct_b(x, g, b)"})
defrule(rt.dot_ct_b, "dot_ct_b(x, a, like)",
        multilinear={"x": "unbroadcast(np.dot(a, g), x)", "a": "dot_ct_a(x, g, a)"})
defrule(rt.concatenate_part, "concatenate_part(x, arrays, k, axis=0)",
        linear={"x": "concatenate_part_transpose(g, x, arrays, k, axis)"})
defrule(rt.concatenate_part_transpose, "concatenate_part_transpose(x, like, arrays, k, axis=0)",
        linear={"x": "concatenate_part(g, arrays, k, axis)"})
defrule(rt.take_cotangent, "take_cotangent(x, like, indices, axis=None)",
        linear={"x": "np.take(g, indices, axis=axis)"})
defrule(rt.setitem, "setitem(a, index, value)",
        linear={"a": "zero_at(g, index, a)", "value": "unbroadcast(g[index], value)"})
defrule(rt.zero_at, "zero_at(x, index, like=None)", linear={"x": "zero_at(g, index, x)"})
defrule(rt_more.add_at, "add_at(a, indices, b)",
        linear={"a": "g", "b": "unbroadcast(g[indices], b)"})
defrule(rt.list_append, "list_append(xs, value)", linear={"xs": "g[:-1]", "value": "g[-1]"})
defrule(rt.list_cotangent, "list_cotangent(items)", linear={"items": "g"})
nondiff(rt_more.whole_array, rt_more.effects_guard, rt_more.immutable_guard)
# jvp, not linear: the in-place decision is made on the primal `old`, never on a tangent
# (a zero tangent of a float may be an array)
defrule(rt.alias_update, "alias_update(old, new)",
        jvp={"old": "unless_in_place(t, old)", "new": "if_in_place(t, old)"})
defrule(rt.if_in_place, "if_in_place(x, like)", linear={"x": "if_in_place(g, like)"})
defrule(rt.unless_in_place, "unless_in_place(x, like)", linear={"x": "unless_in_place(g, like)"})
nondiff(rt.check_not_in_place, rt.check_item_not_in_place, rt.updates_in_place,
        rt.check_not_sequences)
defrule(rt.seq_concat, "seq_concat(a, b)",
        linear={"a": "seq_slice(g, 0, len(a))", "b": "seq_slice(g, len(a), None)"})
defrule(rt.seq_repeat, "seq_repeat(a, n)", linear={"a": "seq_fold(g, a)"})
defrule(rt.seq_slice, "seq_slice(x, start, stop)", linear={"x": "seq_unslice(g, x, start, stop)"})
defrule(rt.seq_unslice, "seq_unslice(x, like, start, stop)",
        linear={"x": "seq_slice(g, start, stop)"})
defrule(rt.seq_fold, "seq_fold(x, like)", linear={"x": "seq_tile(g, x)"})
defrule(rt.seq_tile, "seq_tile(x, like)", linear={"x": "seq_fold(g, x)"})
nondiff(rt.clip_mask, rt.dict_key, rt.iteration_keys, rt.sorted_keys, rt.iteration_key,
        rt.shape_of, rt.broadcast_shape, rt.check_array_method)
defrule(rt.unstack, "unstack(x, axis=0)", linear={"x": "np.stack(g, axis=axis)"})
defrule(rt.split_like, "split_like(x, arrays, axis=0)",
        linear={"x": "np.concatenate(g, axis=axis)"})
defrule(rt.unbroadcast_each, "unbroadcast_each(x, items)", linear={"x": "sum_broadcast(g, x)"})
defrule(rt.sum_broadcast, "sum_broadcast(xs, like)", linear={"xs": "unbroadcast_each(g, xs)"})
defrule(rt.astype, "astype(x, dtype)", linear={"x": "astype_cotangent(g, x, dtype)"},
        note="zero derivative through casts to integer or boolean types")
defrule(rt.astype_cotangent, "astype_cotangent(g_, like, dtype)",
        linear={"g_": "astype(g, np.result_type(g_, float))"})
defrule(rt.iteration_item, "iteration_item(items, k)",
        jvp={"items": "iteration_item_tangent(t, items, k)"},
        note="a dict yields keys, which carry no derivative")
defrule(rt.iteration_constants, "iteration_constants(xs, sort=False, key=None, reverse=False)",
        jvp={"xs": "constants_tangent(t, xs, ans)"},
        note="a dict's keys or integers: zero; sorted values with a derivative refused")
defrule(rt.constants_tangent, "constants_tangent(t, xs, ans)",
        linear={"t": "constants_cotangent(g, xs, ans)"})
defrule(rt.constants_cotangent, "constants_cotangent(g_, xs, ans)",
        linear={"g_": "constants_tangent(g, xs, ans)"})
defrule(rt.iteration_item_tangent, "iteration_item_tangent(t, items, k)",
        linear={"t": "iteration_item_cotangent(g, items, k)"})
defrule(rt.iteration_item_cotangent, "iteration_item_cotangent(g_, items, k)",
        linear={"g_": "iteration_item_tangent(g, items, k)"})
defrule(rt.prod_cotangent_factor, "prod_cotangent_factor(a, axis=None)",
        jvp={"a": "prod_factor_tangent(t, a, axis)"})
defrule(rt.prod_factor_tangent, "prod_factor_tangent(x, a, axis=None)",
        linear={"x": "prod_factor_tangent(g, a, axis)"}, undefined=("a",),
        note="self-adjoint; its derivative in a (fourth order of np.prod) is not provided")
nondiff(rt.unit_cotangent, rt.zeros_like, rt.mean_count, rt.extremum_mask,
        note="constants of the derivative")
