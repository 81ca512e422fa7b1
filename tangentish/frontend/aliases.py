"""Which user names a block binds, and which are certainly one object.

Normalize carries the names a loop body assigns or updates in place, and
models ``b = a`` exactly (``CertainAliases``): an in-place update of one
rebinds every name of its class."""
import contextlib

import gast
import numpy as np

from . import mutators


class CertainAliases:
    """Classes of user names certainly bound to one object (``b = a``), the
    relation normalize models exactly: an in-place update of one rebinds all.
    Any other binding of a name removes it from its class; where control flow
    joins only relations that hold on both paths survive."""

    def __init__(self, classes=None):
        self.classes = dict(classes or {})      # name -> frozenset (size >= 2)

    def of(self, name):
        return self.classes.get(name, frozenset((name,)))

    def join(self, target, source):
        self.forget(target)
        members = self.of(source) | {target}
        for m in members:
            self.classes[m] = members

    def forget(self, name):
        rest = self.of(name) - {name}
        self.classes.pop(name, None)
        for m in rest:
            if len(rest) > 1:
                self.classes[m] = rest
            else:
                self.classes.pop(m, None)

    @contextlib.contextmanager
    def kept(self, name):
        """Binding a new version of ``name`` in an in-place update keeps its class."""
        members = self.of(name)
        yield
        for m in members:
            if len(members) > 1:
                self.classes[m] = members

    def copy(self):
        return CertainAliases(self.classes)

    def meet(self, other):
        out = {}
        for name in set(self.classes) & set(other.classes):
            both = self.of(name) & other.of(name)
            if len(both) > 1:
                out[name] = both
        return CertainAliases(out)


def copied_into_updated(stmts):
    """Names ``a`` copied (``b = a``) into a name the block updates in place:
    the update rebinds ``a`` too, so ``a`` is carried by the loop."""
    inplace = set()
    for s in stmts:
        for n in gast.walk(s):
            inplace.update(_updated_by_assignment(n))
            if isinstance(n, gast.Call) and isinstance(n.func, gast.Attribute) \
                    and n.func.attr == "append" and isinstance(n.func.value, gast.Name):
                inplace.add(n.func.value.id)
    return {n.value.id for s in stmts for n in gast.walk(s)
            if isinstance(n, gast.Assign) and isinstance(n.value, gast.Name)
            and any(isinstance(t, gast.Name) and t.id in inplace for t in n.targets)}


def _updated_by_assignment(node):
    """Names ``x += y`` and ``a[i] = v`` / ``a[i] += v`` update in place."""
    if isinstance(node, gast.AugAssign) and isinstance(node.target, gast.Name):
        return {node.target.id}
    if not isinstance(node, (gast.Assign, gast.AugAssign)):
        return set()
    targets = node.targets if isinstance(node, gast.Assign) else [node.target]
    return {t.value.id for t in targets
            if isinstance(t, gast.Subscript) and isinstance(t.value, gast.Name)}


def rebound_user_names(stmts):
    """Names a block binds to another object (not ``x += y`` or ``a[i] = v``)."""
    names = set()
    for s in stmts:
        augmented = {id(n.target) for n in gast.walk(s) if isinstance(n, gast.AugAssign)}
        for n in gast.walk(s):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) and id(n) not in augmented:
                names.add(n.id)
            elif isinstance(n, (gast.FunctionDef, gast.ClassDef)):
                names.add(n.name)
    return names


def assigned_user_names(stmts):
    """Names a block rebinds or updates in place (``a[i] = v``, ``xs.append(v)``)."""
    names = set()
    for s in stmts:
        for n in gast.walk(s):
            if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
                names.add(n.id)
            elif isinstance(n, (gast.Assign, gast.AugAssign)):
                names.update(_updated_by_assignment(n))
            elif isinstance(n, gast.Call):
                names.update(maybe_mutated_names(n))
    return names


def maybe_mutated_names(call):
    """Names a call may update in place and normalize may turn into a new version
    (``xs.append(v)``, ``a.fill(v)``, ``np.copyto(a, x)``, ``out=a``): an over-approximation."""
    func = call.func
    if isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name) \
            and func.attr in mutators.MUTATING_METHODS:
        yield func.value.id
    if isinstance(func, gast.Attribute) and func.attr in ("copyto", "at") and call.args \
            and isinstance(call.args[0], gast.Name):
        yield call.args[0].id
    for k in call.keywords:
        if k.arg == "out" and isinstance(k.value, gast.Name):
            yield k.value.id
    name = func.attr if isinstance(func, gast.Attribute) else getattr(func, "id", None)
    ufunc = getattr(np, name or "", None)
    if isinstance(ufunc, np.ufunc) and len(call.args) > ufunc.nin \
            and isinstance(call.args[ufunc.nin], gast.Name):
        yield call.args[ufunc.nin].id      # a ufunc's positional out

