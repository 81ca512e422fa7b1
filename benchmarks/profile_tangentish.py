"""Where tangentish's time goes, per workload: the generated source, a cProfile
of repeated gradient calls, and (if line_profiler is installed) the time per
line of the generated code.

    python benchmarks/profile_tangentish.py            # every workload
    python benchmarks/profile_tangentish.py b d --calls 2000 --top 12

Run it with the benchmark's environment for comparable numbers, e.g.
``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 ...``.
(Not named profile.py: that would shadow the standard library module cProfile uses.)
"""
import argparse
import cProfile
import io
import os
import pstats
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

import adapters  # noqa: E402
import workloads  # noqa: E402


def _target(wl):
    """(callable doing one derivative, generated functions to line-profile, sources)."""
    import tangentish as tg
    if wl.kind == "tfstep":
        import tangentish.tf as ttf
        case = adapters._tfstep_case(wl, ttf, "tangentish.tf")
        case.deriv()
        return case.deriv, [], [("recorded program", ttf.last_tape_program().source),
                                ("generated gradient", ttf.last_gradient_source())]
    args = wl.inputs()
    if wl.kind == "hvp":
        from tangentish import driver
        h = tg.hvp(wl.fn)
        h(*args)
        df = tg.grad(wl.fn)
        gen = driver.transform(df.generated, ("w",), "jvp")
        return (lambda: h(*args)), [gen.fn], [("gradient", tg.source(df)),
                                             ("jvp of the gradient (what hvp runs)", gen.source)]
    g = tg.grad(wl.fn, wrt=adapters._wrt(wl))
    g(*args)
    return (lambda: g(*args)), [g.generated], [("gradient", tg.source(g))]


def profile(key, calls, top, lines):
    wl = workloads.BY_KEY[key]
    print("=" * 100)
    print(wl.title)
    print("=" * 100)
    run, gens, sources = _target(wl)
    for label, src in sources:
        print(f"--- {label}:")
        print(src)
    t0 = time.perf_counter()
    for _ in range(calls):
        run()
    per = (time.perf_counter() - t0) / calls
    print(f"--- {per * 1e6:.1f} µs per call (plain, {calls} calls)")
    pr = cProfile.Profile()
    pr.enable()
    for _ in range(calls):
        run()
    pr.disable()
    out = io.StringIO()
    st = pstats.Stats(pr, stream=out)
    st.sort_stats("tottime").print_stats(top)
    text = out.getvalue()
    print(f"--- cProfile, {calls} calls, top {top} by own time:")
    print(text[text.find("   ncalls"):].rstrip())
    if lines and gens:
        try:
            from line_profiler import LineProfiler
        except ImportError:
            print("--- (pip install line_profiler for per-line timings)")
            return
        lp = LineProfiler()
        for fn in gens:
            lp.add_function(fn)
        lp.enable_by_count()
        for _ in range(calls):
            run()
        lp.disable_by_count()
        print_lines(lp.get_stats(), calls)


def print_lines(stats, calls):
    """line_profiler's table, with the generated source (kept in linecache, which
    line_profiler does not read)."""
    import linecache
    for (filename, first, name), timings in stats.timings.items():
        if not timings:
            continue
        src = linecache.getlines(filename)
        total = sum(t for _, _, t in timings) * stats.unit
        by_line = {ln: (hits, t * stats.unit) for ln, hits, t in timings}
        print(f"--- line_profiler: {name} ({filename}), {total / calls * 1e6:.1f} µs per call "
              "under the profiler")
        print(f"{'line':>5} {'hits/call':>9} {'µs/call':>8} {'%':>5}  source")
        for ln in range(first, first + len(src)):
            text = src[ln - 1].rstrip() if ln - 1 < len(src) else ""
            if ln in by_line:
                hits, t = by_line[ln]
                print(f"{ln:5} {hits / calls:9.0f} {t / calls * 1e6:8.2f} {100 * t / total:5.1f}  {text}")
            elif text.strip():
                print(f"{ln:5} {'':9} {'':8} {'':5}  {text}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("keys", nargs="*", default=[w.key for w in workloads.WORKLOADS])
    ap.add_argument("--calls", type=int, default=500)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--no-lines", action="store_true")
    args = ap.parse_args(argv)
    np.seterr(all="ignore")
    for key in args.keys:
        profile(key, args.calls, args.top, not args.no_lines)


if __name__ == "__main__":
    main()
