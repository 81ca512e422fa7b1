"""Rules of the helpers in runtime/broadcast.py, so generated code calling them can be
differentiated again."""
from ...runtime import broadcast as rt
from ..table import defrule, nondiff

defrule(rt.unbroadcast, "unbroadcast(x, like)", linear={"x": "broadcast_to_like(g, x)"})
defrule(rt.broadcast_to_like, "broadcast_to_like(x, like)", linear={"x": "unbroadcast(g, x)"})
nondiff(rt.shape_of, rt.broadcast_shape, rt.check_same_shape)
defrule(rt.sum_broadcast, "sum_broadcast(xs, like)", linear={"xs": "unbroadcast_each(g, xs)"})
