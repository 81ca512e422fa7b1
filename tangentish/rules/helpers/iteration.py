"""Rules of the helpers in runtime/iteration.py, so generated code calling them can be
differentiated again."""
from ...runtime import iteration as rt
from ..table import defrule, nondiff

nondiff(rt.dict_key, rt.iteration_keys, rt.sorted_keys, rt.iteration_key, rt.sorted_key)
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
defrule(rt.accumulate_item, "accumulate_item(acc, g_, items, k)",
        jvp={"acc": "t", "g_": "iteration_item_cotangent(t, items, k)"})
defrule(rt.iteration_item_cotangent, "iteration_item_cotangent(g_, items, k)",
        linear={"g_": "iteration_item_tangent(g, items, k)"})
