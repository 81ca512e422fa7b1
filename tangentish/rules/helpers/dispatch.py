"""Rules of the helpers in runtime/dispatch.py, so generated code calling them can be
differentiated again."""
from ..table import nondiff
from ...runtime import dispatch as rt

nondiff(rt.effects_guard)
