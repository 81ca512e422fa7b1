"""``tf.compat.v1``: the TF 1 names the chapter uses."""
import types

from . import ops

v1 = types.SimpleNamespace(clip_by_average_norm=ops.clip_by_average_norm,
                           clip_by_value=ops.clip_by_value, clip_by_norm=ops.clip_by_norm,
                           clip_by_global_norm=ops.clip_by_global_norm)

__all__ = ["v1"]
