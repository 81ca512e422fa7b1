"""tangentish: automatic differentiation by source-to-source transformation.

``grad(f)`` reads ``f``'s source and generates a new Python function that
computes its gradient; ``source(df)`` shows that code."""
from .api import (CustomGradient, ExportError, Transformed, check_grads, custom_gradient, export,
                  grad, hessian, hvp, jacobian, jvp, register, source, stop_gradient,
                  value_and_grad, vjp)
from .core.errors import OutputError, TransformError, WrtError
from .core.sources import install_traceback_hook

__all__ = ["grad", "value_and_grad", "vjp", "jvp", "jacobian", "hessian", "hvp", "check_grads",
           "source", "export", "ExportError", "stop_gradient", "custom_gradient", "register", "TransformError",
           "OutputError", "WrtError", "Transformed", "CustomGradient"]
__version__ = "0.1.0"

install_traceback_hook()      # tracebacks show generated lines on 3.9-3.12 too
