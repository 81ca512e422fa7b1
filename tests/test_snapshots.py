"""Golden files of generated source (syrupy).

Update after a deliberate change with:
    python -m pytest tests/test_snapshots.py --snapshot-update
and review the diff of tests/__snapshots__/ before committing."""
import pytest

import tangentish as tg
from tests.corpus.funcs_snapshot import CONTROL_SNAPSHOTS, SNAPSHOTS, poly, trig_chain
from tangentish import driver


@pytest.mark.parametrize("fn,wrt", SNAPSHOTS, ids=[f.__name__ for f, _ in SNAPSHOTS])
def test_grad_source(fn, wrt, snapshot):
    assert tg.source(tg.grad(fn, wrt=wrt)) == snapshot


@pytest.mark.parametrize("fn", [poly, trig_chain], ids=["poly", "trig_chain"])
def test_second_derivative_source(fn, snapshot):
    assert tg.source(tg.grad(tg.grad(fn))) == snapshot


def test_vjp_source(snapshot):
    from tests.corpus.funcs_snapshot import two_args
    import numpy as np
    _, pullback = tg.vjp(lambda x: np.sin(x) * x, np.ones(3))
    assert tg.source(pullback) == snapshot
    assert two_args  # the module's functions are importable


@pytest.mark.parametrize("fn,wrt", CONTROL_SNAPSHOTS, ids=[f.__name__ for f, _ in CONTROL_SNAPSHOTS])
def test_control_flow_calls_inplace_source(fn, wrt, snapshot):
    assert tg.source(tg.grad(fn, wrt=wrt)) == snapshot


@pytest.mark.parametrize("fn", [poly, trig_chain] + [f for f, _ in CONTROL_SNAPSHOTS[:3]],
                         ids=lambda f: f.__name__)
def test_forward_mode_source(fn, snapshot):
    names = (fn.__code__.co_varnames[0],)
    assert driver.transform(fn, names, "jvp").source == snapshot


SPECIALIZED = ("logistic_loss", "mlp", "rnn", "softmax_xent", "broadcast_ops")


@pytest.mark.parametrize("name", SPECIALIZED)
def test_specialized_grad_source(name, snapshot):
    """The code a call runs: specialized to its arguments' ranks and dims of 1."""
    from tests.corpus.funcs_generated import CORPUS
    fn, wrt, args = next(entry for entry in CORPUS if entry[0].__name__ == name)
    assert tg.source(tg.grad(fn, wrt=wrt), *args) == snapshot
