"""Rules of the helpers in runtime/dispatch.py, so generated code calling them can be
differentiated again."""
from ...runtime import dispatch as rt
from ..table import nondiff

nondiff(rt.effects_guard)
