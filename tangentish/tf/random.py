"""``tf.random``: seeded ``normal``, ``uniform``, ``truncated_normal`` on numpy's generator.

The values cannot be TF's (another generator): what matches TF is the shape,
the dtype, the distribution, and that ``set_seed`` makes a sequence repeat.
Random values are constants: they carry no gradient."""
import numpy as np

from . import dtypes as _dtypes
from .tensor import Tensor, read as _t

_STATE = {"rng": np.random.default_rng()}


def set_seed(seed):
    """Restart the sequence: the same seed gives the same values afterwards."""
    _STATE["rng"] = np.random.default_rng(seed)


def _shape(shape):
    return tuple(int(d) for d in (_t(shape)._value if not isinstance(shape, (list, tuple))
                                  else shape))


def _value(x):
    return _t(x)._value if hasattr(x, "dtype") else x


def normal(shape, mean=0.0, stddev=1.0, dtype=_dtypes.float32, seed=None, name=None):
    dtype = _dtypes.as_dtype(dtype)
    draw = _STATE["rng"].standard_normal(_shape(shape))
    return Tensor._wrap(np.asarray(draw * _value(stddev) + _value(mean), dtype=dtype._np))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dtypes.float32, seed=None,
                     name=None):
    dtype = _dtypes.as_dtype(dtype)
    rng = _STATE["rng"]
    draw = rng.standard_normal(_shape(shape))
    outside = np.abs(draw) > 2
    while outside.any():   # redraw beyond two standard deviations, as TF does
        draw[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(draw) > 2
    return Tensor._wrap(np.asarray(draw * _value(stddev) + _value(mean), dtype=dtype._np))


def uniform(shape, minval=0, maxval=None, dtype=_dtypes.float32, seed=None, name=None):
    dtype = _dtypes.as_dtype(dtype)
    rng = _STATE["rng"]
    if dtype.is_integer:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        value = rng.integers(_value(minval), _value(maxval), _shape(shape))
    else:
        low, high = _value(minval), 1.0 if maxval is None else _value(maxval)
        value = rng.uniform(0.0, 1.0, _shape(shape)).astype(dtype._np)
        value = value * (high - low) + low
    return Tensor._wrap(np.asarray(value, dtype=dtype._np))


__all__ = ["set_seed", "normal", "truncated_normal", "uniform"]
