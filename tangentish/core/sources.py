"""The source text of every function tangentish generated, by code object.

Generated code has no file on disk (ir/compile.py registers its text with
``linecache``); this registry is how the frontend reads it back to
differentiate it again (higher order) and how the API shows it."""

import linecache
import os
import re
import sys
import traceback

_GENERATED_SOURCES = {}   # code object -> (source text, line offset of the def in its file)


def register_generated(code, source, line_offset):
    _GENERATED_SOURCES[code] = (source, line_offset)


def generated_source(fn):
    """The source text of a function tangentish generated, or None."""
    code = getattr(fn, "__code__", None)
    entry = _GENERATED_SOURCES.get(code)
    return entry[0] if entry else None


def generated_entry(code):
    """``(source, line offset)`` registered for ``code``, or None."""
    return _GENERATED_SOURCES.get(code)


PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def in_package(filename):
    """Whether ``filename`` is one of tangentish's own source files."""
    return filename.startswith(PACKAGE_DIR + os.sep)


def show_text(filename, text):
    """Register ``text`` as the contents of ``filename`` with ``linecache``, so
    tracebacks and ``inspect.getsource`` show code that has no file on disk."""
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)


def define(source, filename, namespace, name):
    """The function ``name`` that ``source`` (one def) defines when run in
    ``namespace``; its text is registered under ``filename`` (``show_text``)."""
    show_text(filename, source)
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own generated text
    return namespace[name]


def shown_text(filename):
    """The lines registered for ``filename`` (``show_text``), or None."""
    entry = linecache.cache.get(filename)
    return entry[2] if entry else None


def forget_text(filename):
    """Drop what ``show_text`` registered for ``filename``."""
    linecache.cache.pop(filename, None)


def _show_generated_lines(exc_type, exc, tb):
    """``sys.excepthook`` on Python 3.9-3.12 once tangentish is imported: the default
    hook there prints tracebacks in C, which reads source lines from files on disk only,
    so a frame of generated code (``File "<tangentish grad of ...>", line 7``) came
    without its line.  A traceback through generated code is printed by the
    ``traceback`` module instead, which reads the text ``show_text`` registered with
    ``linecache``; any other goes to the default hook unchanged (3.13 prints with the
    ``traceback`` module already)."""
    try:
        generated = any(frame.f_code.co_filename in linecache.cache and
                        frame.f_code.co_filename.startswith("<tangentish")
                        for frame, _ in traceback.walk_tb(tb))
    except Exception:         # noqa: BLE001 - never fail while reporting an error
        generated = False
    if not generated:
        return sys.__excepthook__(exc_type, exc, tb)
    try:
        traceback.print_exception(exc_type, exc, tb)
    except Exception:         # noqa: BLE001
        sys.__excepthook__(exc_type, exc, tb)


def install_traceback_hook():
    """Install ``_show_generated_lines`` where the default hook would drop generated
    lines (Python < 3.13), and only in place of the default hook (IPython, pytest and
    a user's own hook are left alone: they read ``linecache`` already or chose)."""
    if sys.version_info < (3, 13) and sys.excepthook is sys.__excepthook__:
        sys.excepthook = _show_generated_lines


def markdown_source(text, title=None):
    """``text`` as a fenced Markdown ```` ```python ```` block (Jupyter highlights it),
    under ``title``; the fence is longer than any run of backticks in the text."""
    run = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, run + 1)
    head = f"{title}\n\n" if title else ""
    return f"{head}{fence}python\n{text if text.endswith(chr(10)) else text + chr(10)}{fence}\n"
