"""Rules of the runtime helpers, so generated code is differentiable again: one
module per runtime module (helpers/broadcast.py gives the rules of the helpers in
runtime/broadcast.py, and so on).

Most helpers are linear in their first argument; the rule gives the transpose,
which is again a helper (or a numpy function) with a rule of its own.  Where a
helper also depends nonlinearly on primal values (the factors of a matrix
decomposition, say) and that dependence is not written out here, the
parameter's derivative is ``unsupported_higher_order_derivative(t)``
(``first_order_only``): a name with no rule, so differentiating through it fails
at transform time with a message naming it, instead of silently dropping a term.
"""


from . import (backend, broadcast, containers, dispatch, fft, guards, indexing,  # noqa: F401
               iteration, joining, linalg, numeric, products, reductions, sampling, shape)
