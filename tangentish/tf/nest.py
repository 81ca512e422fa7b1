"""Nested structures (lists, tuples, dicts) of sources and results, as TF's
``nest`` flattens and rebuilds them."""
from .tensor import Tensor, Variable


def flatten(structure):
    if isinstance(structure, (Tensor, Variable)):
        return [structure]
    if is_flat(structure):
        return list(structure)
    if isinstance(structure, dict):
        out = []
        for k in sorted(structure):
            out.extend(flatten(structure[k]))
        return out
    if isinstance(structure, (list, tuple)):
        out = []
        for s in structure:
            out.extend(flatten(s))
        return out
    return [structure]


def is_flat(structure):
    """A plain list or tuple of tensors, the common case (nothing to flatten or rebuild)."""
    if type(structure) is not list and type(structure) is not tuple:
        return False
    for s in structure:
        if not isinstance(s, (Tensor, Variable)):
            return False
    return True


def pack(structure, flat):
    """``flat`` in the shape of ``structure`` (dicts: filled in sorted-key order,
    returned in the caller's key order, as TF's nest does)."""
    if is_flat(structure):
        return type(structure)(flat)
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            built = {k: build(s[k]) for k in sorted(s)}
            try:
                return type(s)((k, built[k]) for k in s)
            except TypeError:
                return {k: built[k] for k in s}
        if isinstance(s, tuple) and hasattr(s, "_fields"):
            return type(s)(*[build(x) for x in s])
        if isinstance(s, (list, tuple)):
            return type(s)(build(x) for x in s)
        return next(it)

    return build(structure)


__all__ = ["flatten", "is_flat", "pack"]
