"""Helpers for the per-pass tests: run the driver's pipeline up to a pass, and run
the function an IR node denotes."""
import pytest

from tangentish import driver
from tangentish.ir import emit
from tangentish.rules import load_optional_rules


def pass_names(mode="grad"):
    """The names of the passes of ``driver.pipeline(mode)``, in order ("parse" first)."""
    return ["parse"] + [name for name, _ in driver.pipeline(mode)]


def run_passes(fn, until, mode="grad", wrt=None, preserve_result=False, include=True):
    """(ctx, node): ``fn`` parsed as the driver does (``driver._context``), then taken
    through the passes of ``driver.pipeline(mode)`` up to ``until`` (included unless
    ``include`` is false).  ``wrt`` defaults to the first parameter."""
    load_optional_rules()
    if wrt is None:
        wrt = (fn.__code__.co_varnames[0],)
    names = pass_names(mode)
    assert until in names, f"no pass {until!r} in {names}"
    ctx = driver._context(fn, tuple(wrt), mode, preserve_result)
    node = ctx.sf.node
    if until == "parse":
        return ctx, node
    for name, run in driver.pipeline(mode):
        if name == until and not include:
            break
        node = run(ctx, node)
        if name == until:
            break
    return ctx, node


def source_of(node):
    return emit.to_source(node)


def compile_node(node, fn, injected=None, source=None):
    """The function the IR ``node`` (or its ``source`` text) defines, run in ``fn``'s
    globals plus ``injected`` (the helpers generated code names)."""
    source = source if source is not None else source_of(node)
    namespace = dict(fn.__globals__)
    namespace.update(injected or {})
    exec(compile(source, f"<test {node.name}>", "exec"), namespace)
    return namespace[node.name]


@pytest.fixture
def passes():
    """The helpers above, for tests that prefer a fixture."""
    return run_passes


def assert_keeps_values(fn, until, inputs):
    """The function after the passes up to ``until`` returns what ``fn`` returns."""
    ctx, node = run_passes(fn, until)
    transformed = compile_node(node, fn, ctx.injected)
    for args in inputs:
        assert transformed(*args) == pytest.approx(fn(*args)), args
