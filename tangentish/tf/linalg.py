"""``tf.linalg``."""
from .ops import matmul, norm, transpose

__all__ = ["matmul", "norm", "transpose"]
