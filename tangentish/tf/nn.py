"""``tf.nn``: the neural-network ops of ops.py under TF's namespace."""
from .ops import (gather, l2_loss, l2_normalize, leaky_relu, log_softmax, relu, sigmoid,
                  sigmoid_cross_entropy_with_logits, softmax, tanh)


def embedding_lookup(params, ids, max_norm=None, name=None):
    """``tf.nn.embedding_lookup``: the rows ``ids`` of ``params`` (``tf.gather``)."""
    if max_norm is not None:
        raise NotImplementedError("tangentish.tf.nn.embedding_lookup: max_norm is not supported")
    return gather(params, ids)


__all__ = ["embedding_lookup", "relu", "leaky_relu", "softmax", "log_softmax", "sigmoid", "tanh",
           "l2_loss", "l2_normalize", "sigmoid_cross_entropy_with_logits"]
