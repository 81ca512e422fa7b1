"""autograd.extend: ``primitive`` + ``defvjp`` map onto tangentish.custom_gradient
(a reverse-mode rule written as a Python function).  ``defjvp`` has no tangentish
counterpart for Python callables (forward rules are templates): recorded, unused."""
import inspect

import tangentish as tg


class _Primitive(tg.CustomGradient):
    """A function with autograd-style vjp makers ``maker(ans, *args) -> (g -> grad)``."""

    def __init__(self, f):
        self.f = f
        self.vjps = {}
        self.jvps = {}

        def with_grad(*xs):
            ans = f(*xs)

            def grad_fn(g):
                if not self.vjps:
                    raise NotImplementedError(f"VJP of {getattr(f, '__name__', f)} wrt argnum 0 not defined")
                cts = tuple(self.vjps[i](ans, *xs)(g) if i in self.vjps else None
                            for i in range(len(xs)))
                return cts if len(xs) > 1 else cts[0]
            return ans, grad_fn

        with_grad.__signature__ = inspect.signature(f)
        name = getattr(f, "__name__", "primitive")
        with_grad.__name__ = name if name.isidentifier() else "primitive"
        super().__init__(with_grad)


def primitive(f):
    return _Primitive(f)


def defvjp(fun, *vjpmakers, argnums=None):
    for i, maker in zip(argnums if argnums is not None else range(len(vjpmakers)), vjpmakers):
        if maker is not None:
            fun.vjps[i] = maker


def defjvp(fun, *jvpfuns, argnums=None):
    for i, jf in zip(argnums if argnums is not None else range(len(jvpfuns)), jvpfuns):
        fun.jvps[i] = jf
