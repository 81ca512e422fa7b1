"""``tf.Module``: an object whose ``variables`` / ``trainable_variables`` are the
Variables reachable from its attributes (sorted by attribute name, private ones included, through
nested Modules, lists, tuples and dicts), as TF collects them."""
import re

from .tensor import Variable

# TF's default Module name: the class name in snake_case (``MyMod`` -> ``my_mod``).
_CAMEL = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")


def _walk(value, seen):
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Variable):
        yield value
    elif isinstance(value, Module):
        for key in sorted(vars(value)):
            yield from _walk(vars(value)[key], seen)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _walk(item, seen)
    elif isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from _walk(value[key], seen)


class Module:
    """Base class of models: ``trainable_variables`` for a tape and an optimizer."""

    def __init__(self, name=None):
        self._name = name if name is not None else _CAMEL.sub(r"_\1", type(self).__name__).lower()

    @property
    def name(self):
        return self._name

    @property
    def variables(self):
        return tuple(_walk_attributes(self))

    @property
    def trainable_variables(self):
        return tuple(v for v in _walk_attributes(self) if v.trainable)

    @property
    def submodules(self):
        return tuple(m for m in _modules(self) if m is not self)


def _walk_attributes(module):
    seen = {id(module)}
    for key in sorted(vars(module)):
        yield from _walk(vars(module)[key], seen)


def _modules(value, seen=None):
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Module):
        yield value
        items = [vars(value)[k] for k in sorted(vars(value))]
    elif isinstance(value, (list, tuple)):
        items = value
    elif isinstance(value, dict):
        items = [value[k] for k in sorted(value, key=str)]
    else:
        return
    for item in items:
        yield from _modules(item, seen)


__all__ = ["Module"]
