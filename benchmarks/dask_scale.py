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
    ``--repeat``, on warmed-up workers),
  * ``hand s``: the same for the hand-written gradient of ``workloads.py``
    (``X.T @ (sigmoid(X @ w) - y) / n``) on the same Dask arrays: what Dask
    does with the gradient a person would write,
  * ``peak MiB grad / hand``: the highest peak resident memory of a worker
    process during each (``VmHWM``, reset before each part through
    ``/proc/self/clear_refs``, or the workers restarted where that is missing; a
    worker that has run array tasks holds about 90 MiB before any data),
  * ``numpy s``: one NumPy process, the same data materialised (its generation
    timed apart as ``np gen s``), the same generated gradient, best of
    ``--repeat``; run only where the data set is at most ``--numpy-max-gib``
    (1.5 GiB: the 1x and 4x sizes by default) and a quarter of the memory
    available,
  * ``ratio``: ``grad s / (np gen s + numpy s)``: the cluster, generating the data
    as it goes, against one process doing the same work on data it generated,
  * ``matches``: the generated gradient on the cluster equals the hand-written
    one on the cluster and (where run) the NumPy one (``np.allclose``).
Then it fits the gradient times to ``a + b * GiB`` and says whether time grows
about linearly with the data (16x time between 3x and 5.3x the 4x time), for the
generated gradient and the hand-written one.

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

import dask
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
from workloads import logreg, logreg_hand  # noqa: E402  (workload (b), as run.py runs it)

MIB = 2 ** 20
GIB = 2 ** 30
LINEAR = (3.0, 5.3)    # 16x time over 4x time that reads as "about linear"


def rows_for(nbytes, features):
    return max(1, int(nbytes // (8 * (features + 1))))


def peak_rss_bytes():
    """This process's peak resident memory (run in each worker by ``client.run``):
    ``VmHWM`` on Linux, the high-water mark of this process's own memory.  Not
    ``ru_maxrss``: on Linux it keeps the peak of the process the worker was forked
    from before its exec (the nanny, which runs in this benchmark's process and has
    held NumPy's copy of the data), so it reads the data set's size, not the worker's."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024       # kB
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024   # bytes on macOS, KiB elsewhere


def best_time(fn, repeat):
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def reset_peak():
    """Reset this process's peak resident memory to its current one (run in each
    worker by ``client.run``); False where the system cannot (then the workers are
    restarted instead)."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")         # Linux: reset VmHWM
        return True
    except OSError:
        return False


def fresh_peaks(client, features):
    """Warm the workers up (imports, a first small gradient: the timed part pays for
    neither), then reset their peak memory so that the next part's is read."""
    X, y = make_data(1000, features, 0.1)
    client.compute(tg.grad(logreg)(np.zeros(features), X, y), sync=True)
    if not all(client.run(reset_peak).values()):
        client.restart()


def measure_cluster(client, gradient, X, y, w, repeat):
    """(seconds, peak worker RSS bytes, the gradient) of ``gradient(w, X, y)`` (a lazy
    Dask array) computed on the cluster."""
    fresh_peaks(client, w.shape[0])
    lazy = gradient(w, X, y)            # a Dask array: nothing has run yet
    result = {}

    def run():
        result["g"] = client.compute(lazy, sync=True)

    seconds = best_time(run, repeat)
    return seconds, max(client.run(peak_rss_bytes).values()), result["g"]


def measure_numpy(X, y, w, repeat):
    """(generation seconds, gradient seconds, the gradient) in this process."""
    start = time.perf_counter()
    Xn, yn = dask.compute(X, y, scheduler="sync")     # one pass, in this process
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
        seconds, peak, g = measure_cluster(client, tg.grad(logreg), X, y, w, repeat)
        hand_seconds, hand_peak, gh = measure_cluster(client, logreg_hand, X, y, w, repeat)
        row = dict(k=k, rows=rows, gib=nbytes / GIB, chunks=X.numblocks[0], seconds=seconds,
                   hand_seconds=hand_seconds, peak=peak, hand_peak=hand_peak, gen=None,
                   numpy=None, match=bool(np.allclose(g, gh, rtol=1e-9, atol=1e-12)))
        if nbytes <= numpy_max:
            row["gen"], row["numpy"], gn = measure_numpy(X, y, w, repeat)
            row["match"] &= bool(np.allclose(g, gn, rtol=1e-9, atol=1e-12))
        rows_table.append(row)
        out(format_row(row, worker_bytes))
    return rows_table


HEADER = ("  x  |      rows | data GiB | chunks | grad s | hand s | peak MiB grad / hand"
          " (limit) | np gen s | numpy s | ratio | matches")


def format_row(r, worker_bytes):
    limit = f"{r['peak'] / MIB:.0f} / {r['hand_peak'] / MIB:.0f} ({worker_bytes / MIB:.0f})"
    if r["numpy"] is None:
        tail = (f"        - |       - |     - | {'yes' if r['match'] else 'NO'} "
                "(NumPy not run: data over --numpy-max-gib)")
    else:
        ratio = r["seconds"] / (r["gen"] + r["numpy"])
        tail = (f" {r['gen']:8.2f} | {r['numpy']:7.2f} | {ratio:5.2f} | "
                f"{'yes' if r['match'] else 'NO'}")
    return (f"{r['k']:4d} | {r['rows']:9d} | {r['gib']:8.2f} | {r['chunks']:6d} | "
            f"{r['seconds']:6.2f} | {r['hand_seconds']:6.2f} | {limit:>27} |{tail}")


def verdict(rows_table):
    """The linear fit and whether time grows about linearly (2 sizes or more), for the
    generated gradient and the hand-written one."""
    if len(rows_table) < 2:
        return ["(one size: no fit)"]
    sizes = [r["gib"] for r in rows_table]
    lines = []
    for name, key in (("generated", "seconds"), ("hand-written", "hand_seconds")):
        times = [r[key] for r in rows_table]
        a, b = linear_fit(sizes, times)
        growth = times[-1] / times[-2]
        data_growth = sizes[-1] / sizes[-2]
        lo, hi = (LINEAR[0] * data_growth / 4, LINEAR[1] * data_growth / 4)
        about = lo <= growth <= hi
        lines.append(f"{name}: time = {a:.2f} s + {b:.2f} s/GiB; data x{data_growth:.0f} -> "
                     f"time x{growth:.2f}: {'about linear' if about else 'NOT about linear'} "
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
    p.add_argument("--repeat", type=int, default=1, help="gradients timed per size (best)")
    p.add_argument("--chunk-mib", type=float, default=16.0, help="size of one chunk of X")
    p.add_argument("--numpy-max-gib", type=float, default=1.5,
                   help="largest data set NumPy is run on (it holds the whole data set in "
                        "this process; at most a quarter of the memory available)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    worker_bytes = parse_bytes(args.worker_memory)
    numpy_max = min(psutil.virtual_memory().available / 4, args.numpy_max_gib * GIB)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", memory_limit=worker_bytes) as cluster, \
            Client(cluster) as client:
        print(f"LocalCluster: 2 workers x 1 thread, {args.worker_memory} each; "
              f"{args.features} features, chunks of ~{args.chunk_mib:g} MiB; "
              f"NumPy up to {numpy_max / GIB:.1f} GiB; dashboard {client.dashboard_link}; "
              f"load average {load_average()} on {os.cpu_count()} cores")
        print(HEADER)
        table = run(client, worker_bytes, args.features, args.multiples, args.repeat,
                    args.chunk_mib, numpy_max)
    for line in verdict(table):
        print(line)
    print(f"load average (1, 5, 15 min) at the end: {load_average()} on {os.cpu_count()} cores")
    return table


if __name__ == "__main__":
    main()
