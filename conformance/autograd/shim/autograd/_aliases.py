"""``autograd.numpy[.X]`` is ``numpy[.X]`` and ``autograd.scipy[.X]`` is ``scipy[.X]``:
a meta-path finder hands back the real module under the autograd name."""
import importlib
import importlib.abc
import importlib.util
import sys

_PREFIXES = {"autograd.numpy": "numpy", "autograd.scipy": "scipy"}


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, real):
        self.real = real

    def create_module(self, spec):
        return importlib.import_module(self.real)

    def exec_module(self, module):
        pass


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        for prefix, real in _PREFIXES.items():
            if fullname == prefix or fullname.startswith(prefix + "."):
                real_name = real + fullname[len(prefix):]
                if importlib.util.find_spec(real_name) is None:
                    return None
                return importlib.util.spec_from_loader(fullname, _AliasLoader(real_name))
        return None


if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
    sys.meta_path.insert(0, _AliasFinder())
