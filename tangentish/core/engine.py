"""Entry points of the upper layers that the layers below call back at run time.

Generated code re-enters the engine (a callee known only when it runs, a
derivative taken inside differentiated code), and the passes ask for their
callees' derivatives.  Those layers sit below the driver and the API, so they
cannot import them: the module defining each entry point installs it here
when it is imported (``driver.py``, ``api/derived.py``,
``frontend/custom_vjp.py``, ``analyze/effect_guards.py``), and the layers below call it through this
module.  Importing ``tangentish``
installs them all.
"""


def _not_installed(*args, **kwargs):
    raise RuntimeError("tangentish's driver is not loaded: import tangentish first")


# (fn, wrt names, mode) -> the driver's Generated entry (driver.transform)
derivative = _not_installed
# (fn, wrt names, mode) -> (callable, Generated or None): a callee's derivative for
# generated code to call; None when it is generated at its first call (recursion)
lazy_derivative = _not_installed
# (fn, wrt positions, mode) -> (generated function, receiver, names): a derivative
# w.r.t. positional arguments, as tangentish.jvp / jacobian take it (api/derived.py)
derivative_at_positions = _not_installed
# (fn, wrt, mode, nargs, kwargs) -> (derivative, prefix, kwargs, slots): the derivative
# of a callable known only at run time, for a call of that shape (driver.py)
dynamic_derivative = _not_installed

# (CustomGradient) -> its vjp as one Python function (frontend/custom_vjp.py)
custom_vjp = _not_installed

# (fn, attr, strict, where, rerun) -> None: refuses a run-time callee whose effects the
# derivative cannot follow (analyze/effect_guards.py, check_guard)
effects_guard = _not_installed

_ENTRIES = ("derivative", "lazy_derivative", "derivative_at_positions", "dynamic_derivative",
            "custom_vjp", "effects_guard")


def install(**entries):
    """Set entry points (by the names above)."""
    unknown = set(entries) - set(_ENTRIES)
    if unknown:
        raise TypeError(f"unknown engine entry points: {sorted(unknown)}")
    globals().update(entries)
