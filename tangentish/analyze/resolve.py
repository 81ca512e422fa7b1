"""Static name resolution: which Python object a function expression names.

``np.sin`` in the user's code resolves through the function's closure, its
globals and the builtins, exactly as Python would at call time.  Local names
(arguments, assigned variables) are runtime values and never resolve.
"""
import builtins
import types

MISSING = object()


class Resolver:
    def __init__(self, sf, local_names, extra=None):
        self.sf = sf
        self.local_names = frozenset(local_names)
        self.extra = extra or {}   # names generated code binds to helpers

    def resolve(self, node):
        import gast
        if isinstance(node, gast.Name):
            if node.id in self.local_names:
                return MISSING
            if node.id in self.extra:
                return self.extra[node.id]
            if node.id in self.sf.closure:
                try:
                    return self.sf.closure[node.id].cell_contents
                except ValueError:
                    return MISSING
            if node.id in self.sf.globals:
                return self.sf.globals[node.id]
            return getattr(builtins, node.id, MISSING)
        if isinstance(node, gast.Attribute):
            base = self.resolve(node.value)
            if base is MISSING or not isinstance(base, (types.ModuleType, type)):
                return MISSING
            return getattr(base, node.attr, MISSING)
        return MISSING

    def is_static(self, node):
        """True for a name or dotted chain that resolves without running the function."""
        return self.resolve(node) is not MISSING
