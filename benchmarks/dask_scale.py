"""The logistic-regression gradient on a Dask cluster, as the data outgrows a worker.

Workload (b) of ``workloads.py`` (``np.mean(np.logaddexp(0, X @ w) - y * X @ w)``),
differentiated by ``tangentish.grad`` with respect to ``w`` (a NumPy vector), with
``X`` and ``y`` Dask arrays generated lazily by ``dask.array.random`` in chunks of
about ``--chunk-mib`` MiB, on a ``LocalCluster`` of 2 worker processes (one
thread each, ``--worker-memory`` each), at 1x, 4x and 16x one worker's memory
limit.  Nothing is persisted: every gradient reads (generates) the whole data set
once, chunk by chunk, on the workers; the gradient itself is a Dask array until
``client.compute`` runs it.

For each size it prints
  * ``grad s``: wall time of one gradient, data generation included (best of
    ``--repeat``, after a warm-up on the smallest size),
  * ``data s``: wall time of only generating and summing the same data (one
    pass, what any computation on it pays at least),
  * ``peak MiB``: the highest peak resident memory of a worker process during
    the gradients (``ru_maxrss``; the workers are restarted before each size, so
    it is that size's peak; a fresh worker holds about 60 MiB),
  * ``numpy s``: one NumPy process, the same data materialised (its generation
    timed apart as ``np gen s``), the same generated gradient, best of
    ``--repeat``; run only where the data set fits in a quarter of the memory
    this machine has available (``--numpy-max-gib`` overrides),
  * ``ratio``: ``grad s / (np gen s + numpy s)``: the cluster, generating the data
    as it goes, against one process doing the same work on data it generated.
Then it fits the gradient times to ``a + b * GiB`` and says whether time grows
about linearly with the data (16x time between 3x and 5.3x the 4x time).

Wall time, not CPU time: the cluster's work happens in other processes.  The
machine may be shared; other processes only ever add time.  Workers run their
BLAS on one thread (Dask sets ``OMP_NUM_THREADS=1`` in workers); NumPy here uses
whatever BLAS threads the process has.

    python benchmarks/dask_scale.py [--worker-memory 256MiB] [--features 100]
                                    [--multiples 1 4 16] [--repeat 2]
"""
import argparse
import math
import os
import resource
import sys
import time

import numpy as np
import psutil

from dask.distributed import Client, LocalCluster
from dask.utils import parse_bytes

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "examples"))
sys.path.insert(0, os.path.dirname(HERE))
import tangentish as tg  # noqa: E402  (the checkout this file is in)
from dask_logreg import make_data  # noqa: E402  (the example's lazy data, generated on the workers)
from workloads import logreg  # noqa: E402  (workload (b), as the other benchmarks run it)

MIB = 2 ** 20
GIB = 2 ** 30
LINEAR = (3.0, 5.3)    # 16x time over 4x time that reads as "about linear"


def rows_for(nbytes, features):
    return max(1, int(nbytes // (8 * (features + 1))))


def peak_rss_bytes():
    """This process's peak resident memory (run in each worker by ``client.run``)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024   # bytes on macOS, KiB on Linux


def best_time(fn, repeat):
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure_cluster(client, X, y, w, repeat):
    """(gradient seconds, data-only seconds, peak worker RSS bytes, the gradient)."""
    client.restart()                    # fresh workers: ru_maxrss is this size's peak
    grad = tg.grad(logreg)(w, X, y)     # a lazy Dask array: nothing has run yet
    result = {}

    def run():
        result["g"] = client.compute(grad, sync=True)

    seconds = best_time(run, repeat)
    data_seconds = best_time(lambda: client.compute(X.sum() + y.sum(), sync=True), 1)
    peak = max(client.run(peak_rss_bytes).values())
    return seconds, data_seconds, peak, result["g"]


def measure_numpy(X, y, w, repeat):
    """(generation seconds, gradient seconds, the gradient) in this process."""
    start = time.perf_counter()
    Xn, yn = X.compute(scheduler="sync"), y.compute(scheduler="sync")
    gen = time.perf_counter() - start
    df = tg.grad(logreg)
    result = {}

    def run():
        result["g"] = df(w, Xn, yn)

    seconds = best_time(run, repeat)
    return gen, seconds, result["g"]


def linear_fit(sizes, times):
    """Least-squares ``t = a + b * size``."""
    b, a = np.polyfit(np.asarray(sizes, float), np.asarray(times, float), 1)
    return a, b


def run(client, worker_bytes, features, multiples, repeat, chunk_mib, numpy_max, out=print):
    """Measure every multiple; returns the rows of the table (dicts)."""
    w = np.full(features, 0.01)
    rows_table = []
    for k in multiples:
        X, y = make_data(rows_for(k * worker_bytes, features), features, chunk_mib)
        rows = X.shape[0]
        nbytes = X.nbytes + y.nbytes
        seconds, data_seconds, peak, g = measure_cluster(client, X, y, w, repeat)
        row = dict(k=k, rows=rows, gib=nbytes / GIB, chunks=X.numblocks[0], seconds=seconds,
                   data_seconds=data_seconds, peak=peak, gen=None, numpy=None, match=None)
        if nbytes <= numpy_max:
            row["gen"], row["numpy"], gn = measure_numpy(X, y, w, repeat)
            row["match"] = bool(np.allclose(g, gn, rtol=1e-9, atol=1e-12))
        rows_table.append(row)
        out(format_row(row, worker_bytes))
    return rows_table


HEADER = ("  x  |      rows | data GiB | chunks | grad s | data s | peak MiB (limit) |"
          " np gen s | numpy s | ratio | matches numpy")


def format_row(r, worker_bytes):
    limit = f"{r['peak'] / MIB:8.0f} ({worker_bytes / MIB:.0f})"
    if r["numpy"] is None:
        tail = "        - |       - |     - | (NumPy not run: data over --numpy-max-gib)"
    else:
        ratio = r["seconds"] / (r["gen"] + r["numpy"])
        tail = (f" {r['gen']:8.2f} | {r['numpy']:7.2f} | {ratio:5.2f} | "
                f"{'yes' if r['match'] else 'NO'}")
    return (f"{r['k']:4d} | {r['rows']:9d} | {r['gib']:8.2f} | {r['chunks']:6d} | "
            f"{r['seconds']:6.2f} | {r['data_seconds']:6.2f} | {limit:>16} |{tail}")


def verdict(rows_table):
    """The linear fit and whether time grows about linearly (needs 2+ sizes)."""
    sizes = [r["gib"] for r in rows_table]
    times = [r["seconds"] for r in rows_table]
    a, b = linear_fit(sizes, times)
    lines = [f"fit: time = {a:.2f} s + {b:.2f} s/GiB"]
    if len(rows_table) >= 2:
        growth = times[-1] / times[-2]
        data_growth = sizes[-1] / sizes[-2]
        lo, hi = (LINEAR[0] * data_growth / 4, LINEAR[1] * data_growth / 4)
        about = lo <= growth <= hi
        lines.append(f"data x{data_growth:.0f} -> time x{growth:.2f}: "
                     f"{'about linear' if about else 'NOT about linear'} "
                     f"(linear reads as x{lo:.1f} to x{hi:.1f})")
    return lines


def load_average():
    return ", ".join(f"{v:.1f}" for v in os.getloadavg())


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--worker-memory", default="256MiB", help="memory limit of each worker")
    p.add_argument("--features", type=int, default=100)
    p.add_argument("--multiples", type=int, nargs="+", default=[1, 4, 16],
                   help="data set sizes, in multiples of one worker's memory limit")
    p.add_argument("--repeat", type=int, default=2, help="gradients timed per size (best)")
    p.add_argument("--chunk-mib", type=float, default=16.0, help="size of one chunk of X")
    p.add_argument("--numpy-max-gib", type=float, default=None,
                   help="largest data set NumPy is run on (default: a quarter of the "
                        "memory available)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    worker_bytes = parse_bytes(args.worker_memory)
    numpy_max = (psutil.virtual_memory().available / 4 if args.numpy_max_gib is None
                 else args.numpy_max_gib * GIB)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", memory_limit=worker_bytes) as cluster, \
            Client(cluster) as client:
        print(f"LocalCluster: 2 workers x 1 thread, {args.worker_memory} each; "
              f"{args.features} features, chunks of ~{args.chunk_mib:g} MiB; "
              f"NumPy up to {numpy_max / GIB:.1f} GiB; dashboard {client.dashboard_link}; "
              f"load average {load_average()} on {os.cpu_count()} cores")
        warm_X, warm_y = make_data(1000, args.features, 0.1)
        client.compute(tg.grad(logreg)(np.zeros(args.features), warm_X, warm_y), sync=True)
        print(HEADER)
        table = run(client, worker_bytes, args.features, args.multiples, args.repeat,
                    args.chunk_mib, numpy_max)
    for line in verdict(table):
        print(line)
    print(f"load average (1, 5, 15 min) at the end: {load_average()} on {os.cpu_count()} cores")
    return table


if __name__ == "__main__":
    main()
