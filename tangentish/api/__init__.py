"""The public API, each entry a few lines over the driver: ``grad``,
``value_and_grad``, ``vjp``, ``source`` (grad.py); ``jvp``, ``jacobian``,
``hessian``, ``hvp`` (derived.py); ``check_grads`` (check.py);
``custom_gradient``, ``register`` (custom.py); the markers ``stop_gradient``
and ``CustomGradient`` (defined in core/markers.py, exported here)."""
from ..core.markers import CustomGradient, stop_gradient
from .check import check_grads
from .custom import custom_gradient, register
from .derived import hessian, hvp, jacobian, jvp
from .export import ExportError, export, source
from .grad import Transformed, grad, value_and_grad, vjp

__all__ = ["grad", "value_and_grad", "vjp", "source", "Transformed", "jvp", "jacobian", "hessian",
           "hvp", "export", "ExportError", "check_grads", "custom_gradient", "register", "stop_gradient", "CustomGradient"]
