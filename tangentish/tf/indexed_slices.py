"""``tf.IndexedSlices``: a sparse set of rows of a dense tensor (``values`` at
``indices`` of a tensor of ``dense_shape``); converting it to a Tensor sums the
rows of repeated indices, as TF does."""
import numpy as np

from .tensor import Tensor, convert_to_tensor


class IndexedSlices:
    def __init__(self, values, indices, dense_shape=None):
        self.values = convert_to_tensor(values)
        self.indices = convert_to_tensor(indices)
        self.dense_shape = None if dense_shape is None else convert_to_tensor(dense_shape)

    @property
    def dtype(self):
        return self.values.dtype

    @property
    def shape(self):
        return self.values.shape[:0] + tuple(int(d) for d in self.dense_shape.numpy())

    def dense(self):
        """The dense Tensor: rows added at their indices (duplicates summed)."""
        out = np.zeros(tuple(self.dense_shape.numpy()), dtype=self.values.dtype.as_numpy_dtype)
        np.add.at(out, self.indices.numpy(), self.values.numpy())
        return Tensor._wrap(out)

    def __repr__(self):
        return (f"IndexedSlices(indices={self.indices!r}, values={self.values!r}, "
                f"dense_shape={self.dense_shape!r})")


__all__ = ["IndexedSlices"]
