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


def _kernel_error(op_name, message):
    """An InvalidArgumentError as an eager kernel reports it."""
    return InvalidArgumentError(None, None, f"{message} [Op:{op_name}] name: ")


__all__ = ["OpError", "InvalidArgumentError", "UnimplementedError", "InternalError"]
