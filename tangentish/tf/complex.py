"""Complex numbers: ``tf.complex``, ``tf.math.real``/``imag``/``conj``/``angle``.

Each is one recorded numpy line; the engine's rules for ``np.real``, ``np.imag``,
``np.conj`` and ``np.angle`` differentiate them.  A gradient with respect to a
complex source is handed back in TF's convention (nodes.TapeProgram.run_gradient: the conjugate of
the engine's)."""
from . import dtypes as _dtypes
from .core import symbol_name
from .tensor import prim, read as _t

_COMPLEX_OF = {"float32": _dtypes.complex64, "float64": _dtypes.complex128}


def complex(real, imag, name=None):  # noqa: A001
    re, im = _t(real), _t(imag)
    if re._dtype is not im._dtype or re._dtype.name not in _COMPLEX_OF:
        raise TypeError(f"The `real` and `imag` components have incorrect types: "
                        f"{re._dtype.name} {im._dtype.name}. They must be consistent, and "
                        f"one of [tf.float32, tf.float64]")
    return prim("{0} + 1j * {1}", re, im, dtype=_COMPLEX_OF[re._dtype.name])


def real(input, name=None):  # noqa: A002
    x = _t(input)
    return prim("np.real({0})", x) if x._dtype.is_complex else x


def imag(input, name=None):  # noqa: A002
    x = _t(input)
    if x._dtype.is_complex:
        return prim("np.imag({0})", x)
    return prim("np.zeros_like({0})", x, record=False)


def conj(x, name=None):
    x = _t(x)
    return prim("np.conj({0})", x) if x._dtype.is_complex else x


def angle(input, name=None):  # noqa: A002
    x = _t(input)
    if x._dtype.is_complex:
        return prim("np.angle({0})", x)
    return prim("np.where({0} < 0, np.pi, 0.0).astype({0}.dtype)", x, record=False)


class TfConventionOnly:
    """A numpy function on complex values whose TF gradient departs from TF's own
    complex convention: computed, and opaque to the engine, so a gradient through
    it is refused (a TransformError naming it), never a silently different number."""

    __tangentish_opaque__ = True    # refused as a call without source (callables.py)

    def __init__(self, fn, name, what):
        self._fn = fn
        self.__name__ = name
        self.__qualname__ = f"{name} ({what} departs from the conjugate convention; not " \
                            "differentiable here)"

    def __call__(self, *args):
        return self._fn(*args)

    def call(self, *tensors):
        """Record the call on the tapes (its result is the function's value)."""
        fname = symbol_name(self, self.__name__)
        slots = ", ".join("{%d}" % i for i in range(len(tensors)))
        return prim(f"{fname}({slots})", *tensors, symbols={fname: self})


def refuse_complex_custom_gradient(tape, plan):
    """A ``tf.custom_gradient`` on a path carrying complex values is refused:
    its ``grad_fn`` is written in TF's convention, the engine's pullbacks in the
    conjugate one, and a mix of the two would be a wrong number."""
    _, need_diff = plan.graph
    for node in tape._order:
        if id(node) in need_diff and node.tensor is not None and node.tensor.dtype.is_complex:
            raise NotImplementedError(
                "tangentish.tf: a gradient through a tf.custom_gradient on a path that carries "
                "complex values is not supported (TF's and the engine's complex conventions "
                "differ)")


__all__ = ["complex", "real", "imag", "conj", "angle", "refuse_complex_custom_gradient",
           "TfConventionOnly"]
