"""``examples/dask_logreg.py --small`` trains on its own LocalCluster exactly as NumPy
gradient descent does on the same data, and stops the processes it started."""
import math

import dask
import numpy as np

from tests.test_dask_distributed import children, load, logreg, logreg_hand, still_running


def test_example_trains_like_numpy_gradient_descent():
    example = load("examples/dask_logreg.py")
    argv = ["--small", "--worker-memory", "512MiB"]
    before = children()
    w, losses = example.main(argv)
    alive = still_running(before)
    assert not alive, f"processes the example started are still running: {alive}"

    args = example.parse_args(argv)
    assert len(losses) == args.steps and all(b < a for a, b in zip(losses, losses[1:]))
    # the same descent in NumPy, on the same data, with the hand-written gradient
    X, y = dask.compute(*example.make_data(args.rows, args.features, args.chunk_mib),
                        scheduler="sync")
    w_ref = np.zeros(args.features)
    for loss in losses:
        assert math.isclose(loss, logreg(w_ref, X, y), rel_tol=1e-10)
        w_ref = w_ref - args.learning_rate * logreg_hand(w_ref, X, y)
    np.testing.assert_allclose(w, w_ref, rtol=1e-9, atol=1e-12)
