"""``tf.nn``: the neural-network ops of ops.py under TF's namespace."""
from .ops import l2_loss, leaky_relu, log_softmax, relu, sigmoid, softmax, tanh

__all__ = ["relu", "leaky_relu", "softmax", "log_softmax", "sigmoid", "tanh", "l2_loss"]
