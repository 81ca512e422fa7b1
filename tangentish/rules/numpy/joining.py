"""NumPy joining and splitting: ``np.stack``, ``np.concatenate`` and their variants,
``np.split`` and its variants (whose results are lists)."""
import numpy as np

from ..table import defrule

# Joining.
defrule(np.stack, "np.stack([arrays], axis=0)", linear={"arrays": "np.take(g, k, axis=axis)"},
        whole={"arrays": "unstack(g, axis)"})
defrule(np.concatenate, "np.concatenate([arrays], axis=0)",
        linear={"arrays": "concatenate_part(g, arrays, k, axis)"},
        whole={"arrays": "split_like(g, arrays, axis)"})
for _f, _name in ((np.hstack, "hstack"), (np.vstack, "vstack")):
    # numpy's own np.row_stack calls vstack(tup, dtype=dtype, casting=casting): dtype=None
    # is modelled (casting then changes nothing), another dtype refuses at run time
    defrule(_f, f"np.{_name}([tup], dtype=None, casting='same_kind')",
            linear={"tup": f"joined_part(g, tup, k, {_name!r})"},
            checked={"dtype": f"require_none(dtype, 'np.{_name}()', 'dtype', t)"},
            note="dtype=None only (another dtype refuses at run time)")
for _f, _name in ((np.dstack, "dstack"), (np.column_stack, "column_stack")):
    defrule(_f, f"np.{_name}([tup])", linear={"tup": f"joined_part(g, tup, k, {_name!r})"})
defrule(np.split, "np.split(ary, indices_or_sections, axis=0)",
        linear={"ary": "split_transpose(g, ary, axis)"},
        note="returns a list (its cotangent: a ListCotangent)")
defrule(np.array_split, "np.array_split(ary, indices_or_sections, axis=0)",
        linear={"ary": "split_transpose(g, ary, axis)"}, note="returns a list, as np.split")
for _f, _name in ((np.hsplit, "hsplit"), (np.vsplit, "vsplit"), (np.dsplit, "dsplit")):
    defrule(_f, f"np.{_name}(ary, indices_or_sections)",
            linear={"ary": f"split_transpose(g, ary, 0, {_name!r})"}, note="returns a list, as np.split")
