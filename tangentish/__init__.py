"""tangentish: automatic differentiation by source-to-source transformation.

``grad(f)`` reads ``f``'s source and generates a new Python function that
computes its gradient; ``source(df)`` shows that code."""
from .api import Transformed, grad, source, value_and_grad, vjp
from .check import check_grads
from .custom import CustomGradient, custom_gradient, register, stop_gradient
from .derived import hessian, hvp, jacobian, jvp
from .errors import TransformError

__all__ = ["grad", "value_and_grad", "vjp", "jvp", "jacobian", "hessian", "hvp", "check_grads",
           "source", "stop_gradient", "custom_gradient", "register", "TransformError",
           "Transformed", "CustomGradient"]
__version__ = "0.1.0"
