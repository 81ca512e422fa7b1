"""One training step of the TF chapter's linear regression (workload "f"):
tangentish.tf against a hand-written numpy step, and optionally TensorFlow eager.

    python benchmarks/tape_step.py            # facade vs hand-written numpy
    python benchmarks/tape_step.py --tf       # ... and TensorFlow eager (own subprocess)
    python benchmarks/tape_step.py --rounds 9 --min-time 0.2

The step is ``workloads.linreg_step`` (the code of
``examples/chapter/09_linear_regression.py``'s loop body), run with ``tf``
rebound as ``adapters.rebind`` does.  Each library is timed with ``timeit``
(garbage collection off during a run) in interleaved rounds -- the order
rotates each round, the hand-written step runs in every round -- and the
median per-step time is printed.  TensorFlow runs in a subprocess of this
script, so its threads and import never share a process with the facade.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import timeit
import types

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402

import workloads as W  # noqa: E402


def _rebind(fn, **names):
    g = dict(fn.__globals__)
    g.update(names)
    return types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)


def make_steps(lib):
    """Zero-argument callables: the library's step and the hand-written numpy step."""
    if lib == "tensorflow":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import tensorflow as tfmod
        tfmod.config.threading.set_intra_op_parallelism_threads(1)
        tfmod.config.threading.set_inter_op_parallelism_threads(1)
    else:
        import tangentish.tf as tfmod
    X, y, lr = W.linreg_inputs()
    step = _rebind(W.linreg_step, tf=tfmod)
    Wv, bv = tfmod.Variable(0.0), tfmod.Variable(0.0)
    state = [0.0, 0.0]

    def hand():
        state[0], state[1], _ = W.linreg_step_hand(state[0], state[1], X, y, lr)

    # Sanity: the library's first step from zero agrees with the hand-written one.
    step(Wv, bv, X, y, lr)
    W1, b1, _ = W.linreg_step_hand(0.0, 0.0, X, y, lr)
    assert np.allclose([float(Wv.numpy()), float(bv.numpy())], [W1, b1], rtol=1e-5)
    return {lib: lambda: step(Wv, bv, X, y, lr), "hand": hand}


def time_interleaved(fns, rounds, min_time):
    """Median (and min) seconds per call of each callable, in rotating-order rounds."""
    names = list(fns)
    numbers = {}
    for n in names:
        number, _ = timeit.Timer(fns[n]).autorange()
        numbers[n] = max(1, int(number * min_time / 0.2))
    samples = {n: [] for n in names}
    for r in range(rounds):
        for n in names[r % len(names):] + names[:r % len(names)]:
            samples[n].append(timeit.Timer(fns[n]).timeit(numbers[n]) / numbers[n])
    return {n: {"median": statistics.median(s), "min": min(s)} for n, s in samples.items()}


def run(lib, rounds, min_time):
    return time_interleaved(make_steps(lib), rounds, min_time)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--min-time", type=float, default=0.1, help="seconds per sample")
    ap.add_argument("--tf", action="store_true", help="also time TensorFlow eager")
    ap.add_argument("--lib", default="tangentish.tf", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.json:   # the subprocess: one library, results as JSON on stdout
        print(json.dumps(run(args.lib, args.rounds, args.min_time)))
        return
    results = {"tangentish.tf": run("tangentish.tf", args.rounds, args.min_time)}
    if args.tf:
        out = subprocess.run([sys.executable, __file__, "--json", "--lib", "tensorflow",
                              "--rounds", str(args.rounds), "--min-time", str(args.min_time)],
                             check=True, capture_output=True, text=True).stdout
        results["tensorflow"] = json.loads(out.strip().splitlines()[-1])
    us = 1e6
    print(f"linear-regression training step (median of {args.rounds} interleaved rounds)")
    for lib, t in results.items():
        step, hand = t[lib]["median"], t["hand"]["median"]
        print(f"  {lib:14s} {step * us:8.1f} us/step (min {t[lib]['min'] * us:.1f})   "
              f"hand-written numpy {hand * us:5.1f} us   ratio {step / hand:5.1f}x")
    if "tensorflow" in results:
        ours = results["tangentish.tf"]["tangentish.tf"]["median"]
        theirs = results["tensorflow"]["tensorflow"]["median"]
        print(f"  TensorFlow eager / tangentish.tf: {theirs / ours:.1f}x")


if __name__ == "__main__":
    main()
