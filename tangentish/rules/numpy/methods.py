"""Methods and attributes of arrays (``x.sum()``, ``x.T``), lowered onto the numpy
functions of the other modules of this package (and ``x.astype`` onto the runtime
helper ``astype``)."""
import numpy as np

from ... import runtime
from ..table import RULES

RULES.methods.update({
    "sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "dot": np.dot,
    "reshape": np.reshape, "transpose": np.transpose, "swapaxes": np.swapaxes,
    "copy": np.copy, "prod": np.prod, "clip": np.clip,
})
RULES.methods["astype"] = runtime.astype
RULES.methods["item"] = runtime.item_of
RULES.attributes.update({"T": np.transpose, "shape": None, "ndim": None, "size": None,
                         "dtype": None})
RULES.methods.update({
    "var": np.var, "std": np.std, "cumsum": np.cumsum, "cumprod": np.cumprod, "ravel": np.ravel,
    "flatten": np.ravel, "squeeze": np.squeeze, "repeat": np.repeat, "take": np.take,
    "trace": np.trace, "diagonal": np.diagonal, "conj": np.conj, "conjugate": np.conj,
    "argmax": np.argmax, "argmin": np.argmin,
    "argsort": np.argsort, "nonzero": np.nonzero, "all": np.all, "any": np.any, "round": np.round,
})
RULES.attributes.update({"real": np.real, "imag": np.imag})
