"""activity: a name is active (gets derivative code) iff it is varied (depends on
``wrt``) and useful (reaches the output)."""
import numpy as np
import pytest

from tests.passes.conftest import run_passes


def f(x, y):
    a = x * 2.0          # varied, useful
    b = y * 3.0          # not varied (y is not differentiated)
    c = np.sin(x)        # varied, not useful (never reaches the output)
    n = np.shape(x)      # integer-valued, used
    d = a + b
    return d


@pytest.mark.parametrize("wrt, active, inactive", [
    (("x",), {"x", "a", "d"}, {"y", "b", "c"}),
    (("y",), {"y", "b", "d"}, {"x", "a", "c"}),
    (("x", "y"), {"x", "y", "a", "b", "d"}, {"c"}),
])
def test_active_is_varied_and_useful(wrt, active, inactive):
    ctx, node = run_passes(f, "activity", wrt=wrt)
    assert active <= ctx.active, sorted(ctx.active)
    assert not (inactive & ctx.active), sorted(ctx.active)
