"""NumPy gathers: ``np.take``, ``np.take_along_axis``, ``np.sort``."""
import numpy as np

from ..table import defrule

defrule(np.take, "np.take(a, indices, axis=None)", linear={"a": "untake(g, a, indices, axis)"},
        note="repeated indices accumulate")
defrule(np.take_along_axis, "np.take_along_axis(arr, indices, axis)",
        linear={"arr": "untake_along_axis(g, arr, indices, axis)"}, note="repeated indices accumulate")
defrule(np.sort, "np.sort(a, axis=-1)", jvp={"a": "np.take_along_axis(np.asarray(t), np.argsort(a, axis, kind='stable'), axis)"},
        note="ties: each sorted slot follows the element a stable argsort put there")
defrule(np.partition, "np.partition(a, kth, axis=-1)",
        jvp={"a": "np.take_along_axis(np.asarray(t), permutation_of(a, ans, axis), axis)"},
        note="a permutation of a: the tangent follows it (ties as np.sort)")
defrule(np.select, "np.select(condlist, [choicelist], default=0)",
        linear={"choicelist": "unbroadcast(g * select_mask(condlist, k), choicelist[k])",
                "default": "unbroadcast(g * select_mask(condlist, -1), default)"},
        whole={"choicelist": "select_cotangents(g, condlist, choicelist)"})
