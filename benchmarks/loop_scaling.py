"""Gradient time over primal time of element loops, as n grows.

A linear-time adjoint keeps the ratio flat; an adjoint building a full-size array
per element read or write (quadratic) makes it grow with n.  Four loops: reading
``x[i]``, writing ``out[i]``, ``for v in x`` and ``for row in X``, at
n = 2,000, 8,000, 16,000 and 64,000.  Prints a table and exits 1 if, for a loop,
the ratio at the largest n exceeds 1.3x the ratio at the smallest (usable as a
check; about two minutes).

Method (the machine may be shared: other processes only ever add time): times are
this process's CPU time (``time.process_time``), not wall-clock time, so time
spent waiting for a core another process holds is not counted (what sharing still
costs, caches, only ever adds); for each n, rounds of one primal call and one
gradient call, interleaved so that a slow spell of the machine falls on both;
before each round ``gc.collect()`` and an untimed primal call (caches warm again),
so no call pays for collecting the garbage of earlier ones (the collections a call
triggers with its own objects are part of its time); at least 7 rounds and about 1.5 seconds of gradient calls; each time is the
best of its rounds.

    python benchmarks/loop_scaling.py [--sizes 2000 8000 16000 64000]
"""
import argparse
import gc
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import tangentish as tg  # noqa: E402  (the checkout this file is in)

GROWTH_LIMIT = 1.3


def read_items(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i] * x[i]
    return s


def write_items(x):
    out = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        out[i] = 2 * x[i]
    return np.sum(out)


def iterate_values(x):
    s = 0.0
    for v in x:
        s = s + np.sin(v)
    return s


def iterate_rows(X):
    s = 0.0
    for row in X:
        s = s + np.sum(row * row)
    return s


LOOPS = [("read x[i]", read_items, 1), ("write out[i]", write_items, 1),
         ("for v in x", iterate_values, 1), ("for row in X", iterate_rows, 2)]


def best_times(fn, grad, arg, budget=1.5, rounds=7, most=400):
    """(best primal time, best gradient time) over interleaved rounds: at least
    ``rounds`` and about ``budget`` seconds of gradient calls."""
    primal = derivative = float("inf")
    spent, done = 0.0, 0
    while (done < rounds or spent < budget) and done < most:
        gc.collect()
        fn(arg)                       # the caches warm again after the collection
        start = time.process_time()
        fn(arg)
        middle = time.process_time()
        grad(arg)
        end = time.process_time()
        primal, derivative = min(primal, middle - start), min(derivative, end - middle)
        spent, done = spent + end - middle, done + 1
    return primal, derivative


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000, 16000, 64000])
    sizes = parser.parse_args(argv).sizes
    rng = np.random.default_rng(0)
    print(f"{'loop':<14}{'n':>8}{'primal ms':>12}{'grad ms':>12}{'ratio':>9}")
    failed = []
    for label, fn, rank in LOOPS:
        grad = tg.grad(fn)
        ratios = []
        for n in sizes:
            arg = rng.standard_normal(n) if rank == 1 else rng.standard_normal((n, 3))
            grad(arg)                              # generate and warm up
            primal, derivative = best_times(fn, grad, arg)
            ratios.append(derivative / primal)
            print(f"{label:<14}{n:>8}{1e3 * primal:>12.2f}{1e3 * derivative:>12.2f}"
                  f"{ratios[-1]:>9.1f}")
        growth = ratios[-1] / ratios[0]
        print(f"{label:<14}{'growth':>8}{growth:>42.2f}")
        if growth > GROWTH_LIMIT:
            failed.append(f"{label}: ratio grew {growth:.2f}x from n={sizes[0]} to n={sizes[-1]}")
    for line in failed:
        print("FAIL", line, f"(limit {GROWTH_LIMIT}x)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
