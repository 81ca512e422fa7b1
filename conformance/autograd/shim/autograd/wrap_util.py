"""autograd.wrap_util.unary_to_nary: argument plumbing only (no derivatives):
turn ``op(fun, x)`` into ``op(fun, argnum)(*args, **kwargs)``.  The unary function
handed to ``op`` is the shim's generated ``def`` (readable by tangentish)."""


def unary_to_nary(unary_operator):
    def nary_operator(fun, argnum=0, *op_args, **op_kwargs):
        def nary_f(*args, **kwargs):
            from . import _unary   # the package imports this module's users, not this module
            unary_f, xs, multi = _unary(fun, argnum, args, kwargs)
            if multi:
                raise NotImplementedError("shim: unary_to_nary with a tuple argnum")
            return unary_operator(unary_f, xs[0], *op_args, **op_kwargs)
        return nary_f
    return nary_operator
