"""Rules of the helpers in runtime/guards.py, so generated code calling them can be
differentiated again."""
from ...runtime import guards as rt
from ..table import defrule, nondiff

nondiff(rt.whole_array, rt.immutable_guard)
# jvp, not linear: the in-place decision is made on the primal `old`, never on a tangent
# (a zero tangent of a float may be an array)
defrule(rt.alias_update, "alias_update(old, new)",
        jvp={"old": "unless_in_place(t, old)", "new": "if_in_place(t, old)"})
defrule(rt.if_in_place, "if_in_place(x, like)", linear={"x": "if_in_place(g, like)"})
defrule(rt.unless_in_place, "unless_in_place(x, like)", linear={"x": "unless_in_place(g, like)"})
nondiff(rt.check_not_in_place, rt.check_item_not_in_place, rt.updates_in_place,
        rt.check_not_sequences)
nondiff(rt.check_array_method, rt.check_private_argument, rt.check_distinct_keys,
        rt.extreme_position)
defrule(rt.require_none, "require_none(value, what, param, x)",
        linear={"x": "require_none(value, what, param, g)"})
defrule(rt.require_order_cf, "require_order_cf(order, what, x)",
        linear={"x": "require_order_cf(order, what, g)"})
