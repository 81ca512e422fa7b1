"""``tf.linalg``: the linear-algebra ops of ops.py under TF's namespace."""
from .ops import matmul, norm, transpose

__all__ = ["matmul", "norm", "transpose"]
