"""The source text of every function tangentish generated, by code object.

Generated code has no file on disk (ir/compile.py registers its text with
``linecache``); this registry is how the frontend reads it back to
differentiate it again (higher order) and how the API shows it."""

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
