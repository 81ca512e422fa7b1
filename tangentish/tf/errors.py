"""``tf.errors``: the exception classes TF raises from its kernels."""


class OpError(Exception):
    """Base class of TF's runtime errors; ``str(e)`` is the message."""

    def __init__(self, node_def, op, message, *args):
        super().__init__(message, *args)
        self.node_def = node_def
        self.op = op
        self.message = message

    def __str__(self):
        return self.message


class InvalidArgumentError(OpError):
    pass


class UnimplementedError(OpError):
    pass


class InternalError(OpError):
    pass


__all__ = ["OpError", "InvalidArgumentError", "UnimplementedError", "InternalError"]
