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
