"""``tf.autodiff``: ``ForwardAccumulator`` (forward.py) and ``GradientTape``."""
from .forward import ForwardAccumulator
from .tape import GradientTape

__all__ = ["ForwardAccumulator", "GradientTape"]
