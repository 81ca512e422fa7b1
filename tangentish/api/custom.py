"""User-facing ways to change differentiation: ``custom_gradient`` and ``register``
(``stop_gradient`` is a marker: core/markers.py).  All are recognized at
transform time and become annotated nodes of the IR, not runtime tricks."""
import inspect
from typing import Any, Callable, Mapping, Optional

from ..core.markers import CustomGradient
from ..rules.table import RULES, Rule


def custom_gradient(fn: Callable[..., Any]) -> CustomGradient:
    """Decorator: ``fn(*xs) -> (y, grad_fn)`` with ``grad_fn(dy) -> dxs``."""
    return CustomGradient(fn)


def register(fn: Callable[..., Any], signature: Optional[str] = None, *,
             jvp: Optional[Mapping[str, str]] = None, linear: Optional[Mapping[str, str]] = None,
             multilinear: Optional[Mapping[str, str]] = None, nondiff: bool = False,
             symbols: Optional[Mapping[str, Any]] = None, note: str = "") -> Rule:
    """Add a derivative rule for ``fn``, in the format of the built-in rules.

    ``signature`` names the parameters as templates use them, e.g.
    ``"erf(x)"`` (default: ``fn``'s own name and parameters).  ``jvp``,
    ``linear``, ``multilinear``: see tangentish/rules/table.py.  ``symbols``
    maps any other names the templates use to their objects (``fn`` itself is
    always available under its signature name).  Returns the rule."""
    if signature is None:
        params = ", ".join(p.name if p.default is p.empty else f"{p.name}={p.default!r}"
                           for p in inspect.signature(fn, follow_wrapped=False).parameters.values())
        signature = f"{fn.__name__}({params})"
    rule = Rule(fn, signature, jvp=jvp, linear=linear, multilinear=multilinear,
                nondiff=nondiff, note=note)
    extra = dict(symbols or {})
    root = rule.symbol.split(".")[0]
    if "." not in rule.symbol:
        extra.setdefault(root, fn)
    RULES.add(rule)
    RULES.symbols.update(extra)
    return rule
