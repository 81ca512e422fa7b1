"""Golden files of generated source (syrupy).

Update after a deliberate change with:
    python -m pytest tests/test_snapshots.py --snapshot-update
and review the diff of tests/__snapshots__/ before committing."""
import pytest

import tangentish as tg
from funcs_snapshot import SNAPSHOTS, poly, trig_chain


@pytest.mark.parametrize("fn,wrt", SNAPSHOTS, ids=[f.__name__ for f, _ in SNAPSHOTS])
def test_grad_source(fn, wrt, snapshot):
    assert tg.source(tg.grad(fn, wrt=wrt)) == snapshot


@pytest.mark.parametrize("fn", [poly, trig_chain], ids=["poly", "trig_chain"])
def test_second_derivative_source(fn, snapshot):
    assert tg.source(tg.grad(tg.grad(fn))) == snapshot


def test_vjp_source(snapshot):
    from funcs_snapshot import two_args
    import numpy as np
    _, pullback = tg.vjp(lambda x: np.sin(x) * x, np.ones(3))
    assert tg.source(pullback) == snapshot
    assert two_args  # the module's functions are importable
