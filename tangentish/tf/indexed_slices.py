"""``tf.IndexedSlices``: rows ``values`` at ``indices`` of a tensor of ``dense_shape``,
and TF's sparse gradients.

As in TF, the gradient with respect to a Variable whose only differentiable uses
on the path to the target are ``tf.gather`` / ``tf.nn.embedding_lookup`` along
axis 0 is an ``IndexedSlices``: one row of ``values`` per gathered index
(repeated indices repeat), each row the engine's gradient with respect to that
gather's output (``gradients_with_slices``).  Converting it to a Tensor
(``tf.convert_to_tensor``) adds the rows at their indices, summing duplicates."""
import weakref

import numpy as np

from .core import RECORDING
from .tensor import Tensor, Variable, convert_to_tensor

GATHERED = {}   # id(gather output) -> (weak reference to it, flat indices Tensor)


def record_gather(out, indices):
    """Remember that ``out`` is an axis-0 gather of a Variable's read at ``indices``."""
    token = id(out)
    flat = convert_to_tensor(indices)
    GATHERED[token] = (weakref.ref(out, lambda _: GATHERED.pop(token, None)),
                       Tensor._wrap(flat.numpy().reshape(-1)))


class IndexedSlices:
    def __init__(self, values, indices, dense_shape=None):
        self.values = convert_to_tensor(values)
        self.indices = convert_to_tensor(indices)
        self.dense_shape = None if dense_shape is None else convert_to_tensor(dense_shape)

    @property
    def dtype(self):
        return self.values.dtype

    def __str__(self):
        shape = "" if self.dense_shape is None else f", dense_shape={self.dense_shape!s}"
        return f"IndexedSlices(indices={self.indices!s}, values={self.values!s}{shape})"

    def __tf_tensor__(self, dtype=None, name=None):
        """The dense Tensor: rows added at their indices (duplicates summed)."""
        out = np.zeros(tuple(self.dense_shape.numpy()), dtype=self.values.dtype.as_numpy_dtype)
        np.add.at(out, self.indices.numpy(), self.values.numpy())
        return Tensor._wrap(out)


def _gathers(tape, targets, source):
    """The gather outputs through which alone ``source`` reaches the targets, or None."""
    source_nodes, src_set = tape._source_nodes([source])
    if not src_set:
        return None
    dep_all, dep_diff = tape._dependents(src_set)
    target_nodes = [(i, tape._nodes[id(t)]) for i, t in enumerate(targets)
                    if id(t) in tape._nodes and id(tape._nodes[id(t)]) in dep_diff]
    if not target_nodes:
        return None
    _, need_diff = tape._needed(target_nodes, dep_all, dep_diff)
    own = set(src_set)
    own.update(id(n) for n in tape._order if n.kind == "read" and id(n.leaf) in src_set)
    if any(id(node) in own for _, node in target_nodes):
        return None
    users = [n for n in tape._order if n.kind == "op" and id(n) in need_diff
             and any(id(i) in own for i in tape._input_nodes(n))]
    if not users or any(id(n.tensor) not in GATHERED for n in users):
        return None
    return [n.tensor for n in users]


def gradients_with_slices(tape, targets, sources, weights, mode):
    """``tape._gradient`` of the sources, except that the gradient of each Variable
    used only through gathers is TF's ``IndexedSlices`` (computed instead of the
    dense one; dense where an outer tape records)."""
    sparse = {}
    if not any(t is not tape and t._recording for t in RECORDING):
        for j, source in enumerate(sources):
            if isinstance(source, Variable):
                gathers = _gathers(tape, targets, source)
                if gathers is not None:
                    sparse[j] = gathers
    if not sparse:
        return tape._gradient(targets, sources, weights, mode, nest=True)
    dense = [j for j in range(len(sources)) if j not in sparse]
    results = [None] * len(sources)
    if dense:
        grads = tape._gradient(targets, [sources[j] for j in dense], weights, mode, nest=True)
        for j, g in zip(dense, grads):
            results[j] = g
    for j, gathers in sparse.items():
        results[j] = _slices(tape, targets, weights, mode, sources[j], gathers)
    return results


def _slices(tape, targets, weights, mode, source, gathers):
    grads = tape._gradient(targets, gathers, weights, mode, nest=False)
    row = tuple(source.shape[1:])
    values = np.concatenate([np.reshape(g.numpy(), (-1,) + row) for g in grads])
    indices = np.concatenate([GATHERED[id(g)][1].numpy() for g in gathers])
    return IndexedSlices(Tensor._wrap(values), Tensor._wrap(indices),
                         Tensor._wrap(np.array(source.shape, dtype=np.int32)))


__all__ = ["IndexedSlices", "GATHERED", "record_gather", "gradients_with_slices"]
