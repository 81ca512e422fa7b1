"""Import time of tangentish on top of numpy, beside autograd's whole import.

    python benchmarks/import_time.py [--runs 15]

Each measurement is a fresh interpreter (bytecode caches warmed first) that imports
numpy, then times the import of the library in CPU time (``time.process_time``, so
other load on the machine matters less than with wall time).  Prints the median and
the ratio to autograd's."""
import argparse
import statistics
import subprocess
import sys

PROBE = ("import time, numpy; t = time.process_time(); import {mod}; "
         "print((time.process_time() - t) * 1000)")


def measure(mod, runs):
    cmd = [sys.executable, "-c", PROBE.format(mod=mod)]
    subprocess.run(cmd, check=True, capture_output=True)          # warm the caches
    times = []
    for _ in range(runs):
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        times.append(float(out))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    results = {}
    for mod in ("tangentish", "autograd"):
        try:
            results[mod] = measure(mod, runs)
        except subprocess.CalledProcessError:
            print(f"{mod}: not importable here, skipped")
    for mod, ms in results.items():
        print(f"import {mod:<11} {ms:6.1f} ms CPU on top of numpy (median of {runs})")
    if len(results) == 2:
        print(f"tangentish / autograd: {results['tangentish'] / results['autograd']:.2f}x")


if __name__ == "__main__":
    main()
