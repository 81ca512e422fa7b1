"""The source text of every function tangentish generated, by code object.

Generated code has no file on disk (ir/compile.py registers its text with
``linecache``); this registry is how the frontend reads it back to
differentiate it again (higher order) and how the API shows it."""

import linecache
import os

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
