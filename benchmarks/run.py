"""Benchmark suite: tangentish against autograd, JAX, PyTorch and TensorFlow.

    python benchmarks/run.py            # full run (>= 7 rounds), writes docs/PERFORMANCE.md
    python benchmarks/run.py --quick    # 3 rounds, short timings (about a minute or two)

Options: ``--libs tangentish,jax``, ``--workloads a_np,c``, ``--no-doc``,
``--doc PATH``, ``--json PATH`` (raw results).

Methodology
-----------
* Every library runs in its own subprocess, whose environment has
  OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = 1 (set before
  numpy is imported), XLA's Eigen thread pool off, torch and TensorFlow set to
  one thread; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which this machine may
  set for old OpenBLAS builds, are unset *together* in that environment only,
  and the BLAS kernel that then runs is recorded with threadpoolctl.
* Each workload is written once in numpy (``workloads.py``); ``adapters.py``
  runs the same code under each library.  Before timing, the library's
  derivative is compared with the hand-written one (np.allclose, rtol 1e-5,
  atol 1e-8 x the largest reference entry); a mismatch or an error is
  reported and not timed.
* Timing: the number of calls per measurement is chosen as timeit.autorange
  does (1, 2, 5, 10, ... calls until one measurement takes >= 0.2 s; 0.02 s
  with --quick); then >= 7 rounds (3 with --quick), each timing the
  hand-written gradient, the forward pass and the derivative one after the
  other (the order rotates), with the garbage collector off during a
  measurement.  Reported: the median over rounds of the time per call.  The
  hand-written numpy baseline is timed in the same process as the library.
* (g) first-call latency runs in fresh processes (one per measurement, median
  of 5, 3 with --quick).
"""
import argparse
import datetime
import gc
import importlib.metadata
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LIB_ORDER = ["tangentish", "autograd", "jax", "torch", "tensorflow"]
FIRST_CALL_ORDER = ["a_np", "c", "d", "twenty_lines"]
MEMORY_STEPS = 1000


# =============================================================================== environment
def bench_env():
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
        env[var] = "1"
    # set on some processors for old OpenBLAS builds; they slow a current numpy.
    # Unset both together, in the benchmark subprocesses only.
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false").strip()
    env["JAX_PLATFORMS"] = "cpu"
    env["JAX_ENABLE_X64"] = "1"
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["TF_NUM_INTRAOP_THREADS"] = "1"
    env["TF_NUM_INTEROP_THREADS"] = "1"
    env["PYTHONHASHSEED"] = "0"
    return env


def machine_info():
    info = {"nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
            else os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as fh:
            text = fh.read()
        for line in text.splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for key in ("cpu family", "model"):
            for line in text.splitlines():
                if line.split(":")[0].strip() == key:
                    info[key.replace(" ", "_")] = line.split(":", 1)[1].strip()
                    break
        flags = next((ln for ln in text.splitlines() if ln.startswith("flags")), "")
        info["simd"] = " ".join(f for f in ("avx2", "fma", "avx512f") if f" {f}" in flags)
    except OSError:
        info["cpu"] = platform.processor() or "unknown"
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        info["memory_gib"] = round(kb / 2**20, 1)
    except (OSError, ValueError, IndexError):
        pass
    if hasattr(os, "getloadavg"):
        info["loadavg_start"] = os.getloadavg()
    info["platform"] = platform.platform()
    info["python"] = platform.python_version()
    info["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    info["env_openblas"] = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                            if k in os.environ}
    versions = {}
    for dist in ("numpy", "gast", "tangentish", "autograd", "jax", "jaxlib", "torch",
                 "tensorflow-cpu", "tensorflow", "threadpoolctl"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    info["versions"] = versions
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                             capture_output=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "tangentish"], cwd=ROOT,
                               text=True, capture_output=True, timeout=10).stdout.strip()
        info["git"] = rev + (" (tangentish/ has uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return info


# =============================================================================== timing
def _measure(fn, number):
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        return time.perf_counter() - t0
    finally:
        if enabled:
            gc.enable()


def autorange(fn, min_time):
    """timeit.Timer.autorange: 1, 2, 5, 10, 20, ... calls until >= min_time."""
    base = 1
    while True:
        for k in (1, 2, 5):
            number = base * k
            if _measure(fn, number) >= min_time:
                return number
        base *= 10


def time_interleaved(fns, rounds, min_time, keep_samples=False):
    """Median seconds per call of each named zero-argument callable, measured in
    interleaved rounds (the order rotates each round)."""
    names = list(fns)
    numbers = {n: autorange(fns[n], min_time) for n in names}
    samples = {n: [] for n in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for n in order:
            samples[n].append(_measure(fns[n], numbers[n]) / numbers[n])
    out = {}
    for n in names:
        s = sorted(samples[n])
        out[n] = {"median": s[len(s) // 2] if len(s) % 2 else 0.5 * (s[len(s) // 2 - 1] + s[len(s) // 2]),
                  "min": s[0], "max": s[-1], "number": numbers[n], "rounds": len(s)}
        if keep_samples:
            out[n]["samples"] = samples[n]
    return out


# =============================================================================== worker
def blas_info():
    try:
        import threadpoolctl
        out = []
        for d in threadpoolctl.threadpool_info():
            e = {k: d.get(k) for k in ("internal_api", "version", "architecture", "num_threads",
                                       "threading_layer", "prefix")}
            # which package ships it: numpy.libs, scipy.libs, torch/lib, ...
            parts = (d.get("filepath") or "").split(os.sep)
            e["shipped_by"] = parts[-2] if len(parts) > 1 else None
            out.append(e)
        return out
    except Exception as exc:   # threadpoolctl not installed
        return [{"error": repr(exc)}]


def check(result, reference, rtol):
    import numpy as np
    if len(result) != len(reference):
        return False, f"{len(result)} outputs, expected {len(reference)}"
    worst = 0.0
    for got, ref in zip(result, reference):
        got, ref = np.asarray(got, dtype=np.float64), np.asarray(ref, dtype=np.float64)
        if got.shape != ref.shape:
            return False, f"shape {got.shape}, expected {ref.shape}"
        scale = float(np.max(np.abs(ref))) if ref.size else 0.0
        atol = 1e-8 * scale
        if not np.allclose(got, ref, rtol=rtol, atol=atol):
            rel = np.abs(got - ref) / (np.abs(ref) + atol + 1e-300)
            i = int(np.argmax(rel))
            return False, (f"max relative error {float(rel.flat[i]):.3g} (got {got.flat[i]:.6g}, "
                           f"expected {ref.flat[i]:.6g})")
        if ref.size:
            worst = max(worst, float(np.max(np.abs(got - ref) / (np.abs(ref) + atol + 1e-300))))
    return True, f"max relative error {worst:.2g}"


def _error_text(exc):
    text = f"{type(exc).__name__}: {exc}".strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def worker(lib, keys, quick, out_path):
    sys.path.insert(0, HERE)
    import adapters
    t0 = time.perf_counter()
    adapters.configure_threads(lib)
    __import__(adapters.LIBRARIES[lib][0])
    import_s = time.perf_counter() - t0
    import numpy as np   # noqa: F401  (after the thread variables; run.py sets them)
    import workloads
    rounds = 3 if quick else 7
    min_time = 0.02 if quick else 0.2
    res = {"lib": lib, "import_s": import_s, "blas": blas_info(), "workloads": {}, "extras": {}}
    for key in keys:
        wl = workloads.BY_KEY[key]
        entry = res["workloads"][key] = {}
        try:
            case = adapters.CASES[lib](wl)
        except adapters.NotApplicable as exc:
            entry["status"] = "n/a"
            entry["note"] = str(exc)
            continue
        except Exception as exc:
            entry["status"] = "error"
            entry["note"] = _error_text(exc)
            entry["traceback"] = traceback.format_exc()
            continue
        entry.update(case.info)
        try:
            ok, note = check(case.result(), case.reference(), case.rtol)
        except Exception as exc:
            entry["status"] = "error"
            entry["note"] = _error_text(exc)
            entry["traceback"] = traceback.format_exc()
            continue
        entry["check"] = note
        if not ok:
            entry["status"] = "mismatch"
            entry["note"] = "gradient differs from the hand-written one: " + note
            continue
        try:
            timings = time_interleaved({"hand": case.hand, "forward": case.forward,
                                        "deriv": case.deriv}, rounds, min_time)
        except Exception as exc:
            entry["status"] = "error"
            entry["note"] = _error_text(exc)
            entry["traceback"] = traceback.format_exc()
            continue
        entry["status"] = "ok"
        entry["timings"] = timings
    if lib == "tangentish":
        try:
            res["extras"].update(tangentish_extras(rounds, min_time))
        except Exception as exc:
            res["extras"]["overhead_error"] = _error_text(exc)
    if lib in ("tangentish", "autograd") and ("d" in keys):
        try:
            res["extras"]["memory"] = memory_d(lib)
        except Exception as exc:
            res["extras"]["memory_error"] = _error_text(exc)
    with open(out_path, "w") as fh:
        json.dump(res, fh, indent=1, default=str)


def tangentish_extras(rounds, min_time):
    """(g): the per-call overhead of a cached tg.grad against its generated function."""
    import numpy as np
    import tangentish as tg
    import workloads
    out = {}
    g = tg.grad(workloads.trivial)
    g(3.0)
    gen = g.generated
    arr = np.array(3.0)   # a 0-d float64 array (the function must be scalar-valued)
    t = time_interleaved({"wrapped_float": lambda: g(3.0), "direct_float": lambda: gen(3.0),
                          "wrapped_array": lambda: g(arr), "direct_array": lambda: gen(arr)},
                         max(rounds, 15), min_time, keep_samples=True)
    out["overhead"] = {k: v["median"] for k, v in t.items()}
    for kind in ("float", "array"):   # paired: the difference within each round, then the median
        diffs = sorted(w - d for w, d in zip(t[f"wrapped_{kind}"]["samples"],
                                             t[f"direct_{kind}"]["samples"]))
        out["overhead"][f"paired_{kind}"] = diffs[len(diffs) // 2]
    return out


def memory_d(lib):
    """(d) at MEMORY_STEPS steps: tracemalloc peak of one gradient call."""
    import tracemalloc
    import adapters
    import workloads
    args = workloads.rnn_inputs(MEMORY_STEPS)
    wrt = (0, 1, 2)
    if lib == "tangentish":
        import tangentish as tg
        g = tg.grad(workloads.rnn, wrt=wrt)
    else:
        import autograd
        import autograd.numpy as anp
        g = autograd.grad(adapters.rebind(workloads.rnn, np=anp), wrt)
    g(*args)   # generate / warm up outside the measurement

    def peak(fn):
        gc.collect()
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            fn(*args)
            return tracemalloc.get_traced_memory()[1] - base
        finally:
            tracemalloc.stop()
    return {"steps": MEMORY_STEPS, "grad_peak": peak(g),
            "hand_peak": peak(workloads.rnn_hand),
            "required": workloads.rnn_bptt_bytes(MEMORY_STEPS),
            "hidden_only": (MEMORY_STEPS + 1) * workloads.RNN_HIDDEN * 8}


def first_call(name, out_path):
    """(g) in a fresh process: from tg.grad(f) creation to the first result."""
    sys.path.insert(0, HERE)
    t0 = time.perf_counter()
    import numpy as np   # noqa: F401
    t1 = time.perf_counter()
    import tangentish as tg
    t2 = time.perf_counter()
    import workloads
    fn, inputs, wrt = workloads.FIRST_CALL[name]
    args = inputs()
    t3 = time.perf_counter()
    g = tg.grad(fn, wrt=wrt if len(wrt) > 1 else wrt[0])
    g(*args)
    t4 = time.perf_counter()
    n = 0
    t5 = time.perf_counter()
    while n < 5 or time.perf_counter() - t5 < 0.05:
        g(*args)
        n += 1
    warm = (time.perf_counter() - t5) / n
    src = tg.source(g)
    with open(out_path, "w") as fh:
        json.dump({"name": name, "numpy_import_s": t1 - t0, "tangentish_import_s": t2 - t1,
                   "first_s": t4 - t3, "warm_s": warm,
                   "source_lines": len(src.splitlines())}, fh)


# =============================================================================== orchestration
def run_sub(argv, env, timeout):
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as tmp:
        path = tmp.name
    try:
        proc = subprocess.run([sys.executable, os.path.abspath(__file__), *argv, "--out", path],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            return None, (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        with open(path) as fh:
            return json.load(fh), None
    except subprocess.TimeoutExpired:
        return None, [f"timed out after {timeout} s"]
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


def installed(lib):
    return importlib.util.find_spec(lib) is not None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 rounds of short measurements")
    ap.add_argument("--libs", default=",".join(LIB_ORDER))
    ap.add_argument("--workloads", default=None, help="comma-separated keys (default: all)")
    ap.add_argument("--no-doc", action="store_true", help="do not write docs/PERFORMANCE.md")
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs", "PERFORMANCE.md"))
    ap.add_argument("--json", default=None, help="write the raw results here")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--first-call", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.first_call:   # before anything imports numpy: its import time is measured
        return first_call(args.first_call, args.out)
    sys.path.insert(0, HERE)
    import workloads
    keys = args.workloads.split(",") if args.workloads else [w.key for w in workloads.WORKLOADS]
    for k in keys:
        if k not in workloads.BY_KEY:
            ap.error(f"unknown workload {k!r} (known: {', '.join(workloads.BY_KEY)})")
    if args.worker:
        return worker(args.worker, keys, args.quick, args.out)

    import report
    started = time.perf_counter()
    env = bench_env()
    info = machine_info()
    info["mode"] = "quick" if args.quick else "full"
    libs = [lib for lib in args.libs.split(",") if lib]
    results = {"machine": info, "libs": {}, "first_call": {}, "missing": []}
    for lib in libs:
        if lib not in LIB_ORDER:
            ap.error(f"unknown library {lib!r} (known: {', '.join(LIB_ORDER)})")
        if not installed(lib):
            results["missing"].append(lib)
            print(f"[bench] {lib}: not installed, skipped", flush=True)
            continue
        t = time.perf_counter()
        print(f"[bench] {lib} ...", end=" ", flush=True)
        argv_w = ["--worker", lib, "--workloads", ",".join(keys)] + (["--quick"] if args.quick else [])
        res, err = run_sub(argv_w, env, timeout=900)
        if res is None:
            results["libs"][lib] = {"lib": lib, "failed": err}
            print("FAILED: " + " | ".join(err), flush=True)
        else:
            results["libs"][lib] = res
            print(f"{time.perf_counter() - t:.1f} s", flush=True)
    if "tangentish" in libs:
        repeats = 3 if args.quick else 5
        print(f"[bench] first-call latency ({repeats} fresh processes each) ...", end=" ", flush=True)
        t = time.perf_counter()
        for name in FIRST_CALL_ORDER:
            runs, errs = [], []
            for _ in range(repeats):
                res, err = run_sub(["--first-call", name], env, timeout=300)
                (runs if res is not None else errs).append(res if res is not None else err)
            results["first_call"][name] = {"runs": runs, "errors": errs}
        print(f"{time.perf_counter() - t:.1f} s", flush=True)
    results["elapsed_s"] = time.perf_counter() - started
    if hasattr(os, "getloadavg"):
        info["loadavg_end"] = os.getloadavg()

    print()
    print(report.text_report(results))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1, default=str)
    if not args.no_doc:
        kept = ""
        if os.path.exists(args.doc):   # a hand-written part below the marker survives a rerun
            with open(args.doc) as fh:
                old = fh.read()
            if report.KEEP_MARKER in old:
                kept = old[old.index(report.KEEP_MARKER):]
        with open(args.doc, "w") as fh:
            fh.write(report.markdown_report(results))
            fh.write("\n" + (kept or report.KEEP_MARKER + "\n"))
        print(f"\nwrote {os.path.relpath(args.doc, os.getcwd())}")
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
