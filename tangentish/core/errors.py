"""The one error type the transformer raises for code it will not differentiate."""
import linecache
import sys
from typing import Any, Optional


class TransformError(Exception):
    """A construct tangentish refuses to differentiate, located in the user's source.

    Attributes: ``filename``, ``lineno``, ``col_offset`` (0-based), ``construct``
    (what was found) and ``hint`` (what to do instead).  ``str()`` shows the
    user's line with a caret under the construct.
    """

    def __init__(self, construct: str, hint: str = "", filename: Optional[str] = None,
                 lineno: Optional[int] = None, col_offset: Optional[int] = None) -> None:
        filename, lineno, col_offset, note = _relocate(filename, lineno, col_offset)
        if note:
            # the user cannot change generated code: say what the refusal means for them
            construct = f"{construct} ({note})"
            hint = ("tangentish cannot differentiate this line to this order in this way; "
                    "for second derivatives use forward-over-reverse (tangentish.hessian, "
                    "tangentish.hvp, tangentish.jvp of tangentish.grad), or move this line "
                    "into a function with a registered rule (tangentish.register)")
        self.construct = construct
        self.hint = hint
        self.filename = filename
        self.lineno = lineno
        self.col_offset = col_offset
        super().__init__(self._render())

    def _render(self):
        where = ""
        if self.filename is not None:
            where = f"{self.filename}:{self.lineno}:{(self.col_offset or 0) + 1}: "
        lines = [where + self.construct]
        line = linecache.getline(self.filename, self.lineno) if self.filename and self.lineno else ""
        if line.strip():
            lines.append("    " + line.rstrip())
            if self.col_offset is not None:
                lines.append("    " + " " * self.col_offset + "^")
        if self.hint:
            lines.append("hint: " + self.hint)
        return "\n".join(lines)


class UnsupportedDerivativeError(TransformError, NotImplementedError):
    """A derivative tangentish does not implement for a construct it otherwise
    understands (forward mode through a custom_gradient, which defines only a
    vector-Jacobian product): a TransformError that is also a NotImplementedError."""


class WrtError(TransformError, ValueError):
    """``wrt`` picks an argument that is not what the user meant to differentiate
    (``self`` of ``grad(Class.method)``), or one ``functools.wraps`` hides: located at the
    function's ``def``, with the ``wrt`` to use instead."""


class DerivativeRecursionError(RecursionError):
    """A derivative recursed deeper than Python's recursion limit (the function itself
    may not have: a derivative can take more frames per level of recursion)."""


def recursion_error(fn_name, exc):
    """The RecursionError to raise for ``exc``, raised while running a derivative of ``fn_name``."""
    if isinstance(exc, DerivativeRecursionError):
        return exc
    return DerivativeRecursionError(
        f"the derivative of {fn_name}() recursed deeper than Python's recursion limit "
        f"({sys.getrecursionlimit()}): the generated code takes one frame per level of "
        "recursion through functions known when it is generated, and two through methods "
        "found at run time (self.method(...)); raise the limit with sys.setrecursionlimit "
        "if the recursion is meant to be that deep")


# generated file -> (the file of the function it was made from, {line: (line, column)}, note)
_GENERATED_LINES = {}


def register_lines(filename, origin_file, lines, note=None):
    """Lines of the generated file ``filename`` (as linecache numbers them) come from
    these lines of ``origin_file``: an error found in generated code (differentiated
    again) is reported at the user's line."""
    if lines:
        _GENERATED_LINES[filename] = (origin_file, dict(lines), note)


def _relocate(filename, lineno, col):
    note = None
    for _ in range(20):
        entry = _GENERATED_LINES.get(filename)
        if entry is None or lineno is None:
            break
        origin_file, lines, why = entry
        before = [k for k in lines if k <= lineno]
        key = max(before) if before else min(lines)
        lineno, col = lines[key]
        filename = origin_file
        note = note or why
    return filename, lineno, col, note


def note_user_line(exc):
    """Add to ``exc`` (raised while generated code ran: a shape mismatch inside a runtime
    helper, numpy's own error) the user's line the failing generated line came from:
    an exception note on Python 3.11+, appended to the message before.  Once only."""
    if getattr(exc, "_tangentish_noted", False):
        return exc
    tb, where = exc.__traceback__, None
    while tb is not None:                 # the innermost frame of generated code
        name = tb.tb_frame.f_code.co_filename
        if name in _GENERATED_LINES:
            where = (name, tb.tb_lineno)
        tb = tb.tb_next
    if where is None:
        return exc
    filename, lineno, _, _ = _relocate(*where, None)
    line = linecache.getline(filename, lineno).strip() if filename else ""
    note = (f"in the derivative tangentish generated for {filename}:{lineno}"
            + (f": {line}" if line else ""))
    try:
        exc._tangentish_noted = True
    except AttributeError:                # an exception type without a __dict__
        return exc
    if hasattr(exc, "add_note"):
        exc.add_note(note)
    elif exc.args and isinstance(exc.args[0], str):
        exc.args = (f"{exc.args[0]}\n{note}",) + exc.args[1:]
    return exc


class OutputError(TypeError):
    """The output of a function under ``grad`` is not a real scalar (a tuple, an array
    of several elements, None, a boolean, a complex number): a TypeError that, once the
    derivative's call sees it, names the function and the line of its ``def``.

    ``message`` and ``hint`` may use ``{f}``: the function's name (``f`` until located)."""

    def __init__(self, message: str, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        self.function = None
        self.filename = None
        self.lineno = None
        super().__init__(self._render())

    def locate(self, fn: Any) -> "OutputError":
        """Name ``fn`` (the function differentiated) and its ``def`` line; a no-op once located."""
        if self.function is not None:
            return self
        code = getattr(fn, "__code__", None)
        self.function = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or "f"
        if code is not None:
            self.filename, self.lineno = code.co_filename, code.co_firstlineno
        self.args = (self._render(),)
        return self

    def _render(self):
        name = self.function
        message = self.message.replace("{f}", f"{name}()" if name else "the function")
        if self.filename is not None:
            message = f"{self.filename}:{self.lineno}: {message}"
        if self.hint:
            short = (name or "f").rpartition(".")[2]
            message += "\nhint: " + self.hint.replace("{f}", short)
        return message
