"""Source positions for statements a frontend pass writes itself."""
import ast

import gast


def copy_loc(new, old):
    """``new`` at ``old``'s position (if ``old`` has one)."""
    if getattr(old, "lineno", None) is not None:
        ast.copy_location(new, old)
    return new


def loc_all(nodes, old):
    """Every node in ``nodes`` (and below) without a position gets ``old``'s."""
    for n in nodes:
        for sub in gast.walk(n):
            if getattr(sub, "lineno", None) is None and hasattr(sub, "lineno"):
                copy_loc(sub, old)
    return nodes
