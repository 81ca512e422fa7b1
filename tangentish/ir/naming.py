"""One namer per generated function: every new name is derived from a user's
name or an operation, made unique with a counter.  Never random, never an id,
so generated source is byte-for-byte stable."""
import keyword
import re

import gast

from .operators import op_name  # noqa: F401 (the naming conventions live here)

class Namer:
    """Hands out names unique within one function."""

    def __init__(self, reserved=()):
        self.taken = set(reserved)

    def reserve(self, name):
        self.taken.add(name)

    def new(self, base):
        base = re.sub(r"\W", "_", base) or "tmp"
        if base[0].isdigit():
            base = "v" + base
        if keyword.iskeyword(base):
            base += "_"
        if base not in self.taken:
            self.taken.add(base)
            return base
        stem = re.sub(r"_\d+$", "", base)
        k = 1
        while f"{stem}_{k}" in self.taken:
            k += 1
        name = f"{stem}_{k}"
        self.taken.add(name)
        return name

    def adjoint(self, name):
        """Name of the cotangent of ``name``: ``x`` -> ``dx``."""
        return self.new("d" + name if not name.startswith("_") else "d" + name)

    def tangent(self, name):
        """Name of the tangent of ``name`` (forward mode): ``x`` -> ``x_dot``."""
        return self.new(name + "_dot")


def all_names(node):
    """Every identifier that appears in ``node`` (names, args, function names)."""
    names = set()
    for n in gast.walk(node):
        if isinstance(n, gast.Name):
            names.add(n.id)
        elif isinstance(n, (gast.FunctionDef, gast.ClassDef)):
            names.add(n.name)
    return names


# -- names of derivatives (ad/) --
def derivative_name(mode, fn_name):
    """A derivative function's name: ``vjp_f``, ``jvp_f``, ``tangent_f``..."""
    return f"{mode}_{fn_name}"


def adjoint_name(name):
    """The cotangent of ``name`` (reverse mode): ``x`` -> ``dx``."""
    return "d" + name


def tangent_name(name):
    """The tangent of ``name`` (forward mode): ``x`` -> ``x_dot``."""
    return name + "_dot"


def cotangent_tuple_name(targets):
    """One name for the tuple of a multi-target statement's cotangents: ``d_w_v``."""
    return "d_" + "_".join(targets)


def call_cotangent_name(callee_name, k):
    """The ``k``-th result of a callee's vjp: ``dg_0``."""
    return f"d{callee_name}_{k}"


def loop_counter_name(base):
    """A loop's iteration count (``base``: the loop variable, or ``loop``): ``n_i``."""
    return f"n_{base}"


def loop_stack_name(base):
    """The list a loop pushes what its adjoint reads onto: ``i_stack``."""
    return f"{base}_stack"


def stack_top_name(stack):
    """The popped top of a stack's cotangent stack: ``s_top``."""
    return stack + "_top"


def custom_gradient_name(target):
    """The gradient function a custom-gradient call returns with its value: ``y_grad``."""
    return target + "_grad"


def custom_cotangents_name(target):
    """The tuple of input cotangents a custom gradient function returns: ``y_cotangents``."""
    return target + "_cotangents"
