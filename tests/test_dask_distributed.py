"""Derivatives of NumPy code run on a real dask.distributed cluster.

A ``LocalCluster`` of 2 worker processes (one thread each, on loopback) is
started once for the module and stopped at its end, and the test checks that no
process it started is left running.  The data are chunked Dask arrays; the
derivatives are built with no Dask computation allowed (a scheduler that raises),
so they come back as task graphs, and run on the workers (the task stream names
the worker each task ran on).  Each result is checked against the NumPy
derivative of the same function and a hand-written gradient.
"""
import importlib.util
import math
import pathlib
import sys

import dask
import dask.array as da
import numpy as np
import psutil
import pytest
from dask.distributed import Client, LocalCluster, get_task_stream

import tangentish as tg

ROOT = pathlib.Path(__file__).resolve().parent.parent


def logreg(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z)


def logreg_hand(w, X, y):
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    return X.T @ (p - y) / X.shape[0]


def softmax_xent(W, X, Y):
    z = X @ W
    z = z - np.max(z, axis=1, keepdims=True)
    lse = np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.mean(np.sum(Y * (z - lse), axis=1))


def softmax_xent_hand(W, X, Y):
    z = X @ W
    p = np.exp(z - np.max(z, axis=1, keepdims=True))
    p = p / np.sum(p, axis=1, keepdims=True)
    return X.T @ (p - Y) / X.shape[0]


def no_computation(*args, **kwargs):
    raise AssertionError("a Dask computation ran while the derivative was being built")


def children():
    return {p.pid for p in psutil.Process().children(recursive=True)}


def still_running(before):
    """The processes started since ``children()`` returned ``before`` that are still
    running 10 s on (multiprocessing's resource tracker aside: one per interpreter,
    started by the first process spawned, it ends with this one)."""
    started = [psutil.Process(pid) for pid in children() - before]
    started = [p for p in started if "multiprocessing.resource_tracker" not in " ".join(p.cmdline())]
    return psutil.wait_procs(started, timeout=10)[1]


@pytest.fixture(scope="module")
def client():
    before = children()
    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                           host="127.0.0.1", dashboard_address=None, memory_limit="1GiB")
    c = Client(cluster)
    try:
        assert len(c.scheduler_info()["workers"]) == 2
        yield c
    finally:
        c.close()
        cluster.close()
        alive = still_running(before)
        assert not alive, f"processes the cluster started are still running: {alive}"


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(16)
    X = rng.standard_normal((2000, 8))
    y = (rng.random(2000) < 0.5).astype(np.float64)
    Y = np.eye(3)[rng.integers(0, 3, 2000)]
    return X, y, Y


def on_cluster(client, *lazy):
    """Compute ``lazy`` on the cluster; the results and the workers the tasks ran on."""
    with get_task_stream(client) as tasks:
        results = client.compute(list(lazy), sync=True)
    return results, {t["worker"] for t in tasks.data}


def check_ran_on_workers(client, workers):
    assert workers, "no task ran on the cluster"
    assert workers <= set(client.scheduler_info()["workers"])


def test_logreg_grad_runs_on_the_workers(client, data):
    X, y, _ = data
    w = np.linspace(-0.5, 0.5, X.shape[1])
    Xd, yd = da.from_array(X, chunks=(500, 8)), da.from_array(y, chunks=500)
    with dask.config.set(scheduler=no_computation):
        grad = tg.grad(logreg)(w, Xd, yd)
    assert isinstance(grad, da.Array)
    (got,), workers = on_cluster(client, grad)
    check_ran_on_workers(client, workers)
    assert isinstance(got, np.ndarray) and got.shape == w.shape
    np.testing.assert_allclose(got, tg.grad(logreg)(w, X, y), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(got, logreg_hand(w, X, y), rtol=1e-10, atol=1e-14)


def test_logreg_value_and_grad_on_the_workers(client, data):
    X, y, _ = data
    w = np.linspace(0.3, -0.3, X.shape[1])
    Xd, yd = da.from_array(X, chunks=(700, 8)), da.from_array(y, chunks=700)
    with dask.config.set(scheduler=no_computation):
        value, grad = tg.value_and_grad(logreg)(w, Xd, yd)
    assert isinstance(grad, da.Array)
    (value, got), workers = on_cluster(client, value, grad)
    check_ran_on_workers(client, workers)
    assert math.isclose(float(value), logreg(w, X, y), rel_tol=1e-12)
    np.testing.assert_allclose(got, logreg_hand(w, X, y), rtol=1e-10, atol=1e-14)


def test_softmax_xent_grad_on_the_workers(client, data):
    X, _, Y = data
    W = np.linspace(-1.0, 1.0, X.shape[1] * 3).reshape(X.shape[1], 3)
    Xd, Yd = da.from_array(X, chunks=(400, 8)), da.from_array(Y, chunks=(400, 3))
    with dask.config.set(scheduler=no_computation):
        grad = tg.grad(softmax_xent)(W, Xd, Yd)
    assert isinstance(grad, da.Array)
    (got,), workers = on_cluster(client, grad)
    check_ran_on_workers(client, workers)
    np.testing.assert_allclose(got, tg.grad(softmax_xent)(W, X, Y), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(got, softmax_xent_hand(W, X, Y), rtol=1e-10, atol=1e-14)


def load(relative):
    """A module of the checkout that is not a package (examples/, benchmarks/)."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scaling_benchmark_runs_small(client, monkeypatch):
    # the benchmark's code path, on the module's cluster with tiny sizes; its
    # timings are not checked (no timed unit tests), its gradients are
    monkeypatch.setattr(sys, "path", list(sys.path))   # it puts benchmarks/ on the path
    bench = load("benchmarks/dask_scale.py")
    lines = []
    table = bench.run(client, worker_bytes=2 ** 20, features=6, multiples=[1, 2], repeat=1,
                      chunk_mib=0.25, numpy_max=math.inf, out=lines.append)
    assert [r["k"] for r in table] == [1, 2] and len(lines) == 2
    assert all(r["match"] is True for r in table)
    assert abs(table[1]["rows"] - 2 * table[0]["rows"]) <= 1 and table[1]["chunks"] > 1
    assert all(r["peak"] > 2 ** 20 and r["hand_peak"] > 2 ** 20 for r in table)
    assert [line.split(":")[0] for line in bench.verdict(table)] == ["generated", "hand-written"]
