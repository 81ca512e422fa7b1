"""GPU benchmark: tangentish on CuPy arrays against PyTorch (CUDA) and JAX (GPU).

    pip install -e '.[gpu]'
    python benchmarks/gpu.py                      # on a machine with an NVIDIA GPU
    python benchmarks/gpu.py --cpu                # the same harness on the CPU
    python benchmarks/gpu.py --cpu --tiny         # tiny sizes, short timings (the test suite's run)

Options: ``--libs tangentish,torch,jax``, ``--workloads b,c``, ``--sizes small,large``,
``--dtype float64|float32``, ``--json PATH`` (raw results).

Methodology
-----------
* The workloads are (b) the logistic-regression loss and (c) the MLP 784-256-10 of
  ``workloads.py``: the same code objects.  tangentish differentiates them as they are
  and is called with CuPy arrays (NumPy arrays with ``--cpu``); PyTorch and JAX run the
  same code with ``np`` rebound to their namespace (``adapters.py``), on the GPU
  (``cuda`` / ``jax.devices("gpu")``) or, with ``--cpu``, on the CPU.
* Each library runs alone, in a process of its own, one after another (tangentish
  first), so no library's allocator or thread pools share the device with another's.
* Correctness comes first: tangentish's gradient must be an array of the inputs' kind
  (a ``cupy.ndarray`` on the GPU, not NumPy computed on the host) and must match the
  hand-written NumPy gradient of ``workloads.py``; each peer's gradient must match
  tangentish's (saved by the tangentish process; the hand-written one when tangentish
  has no result), in the inputs' precision.  Matching is, entry by entry,
  ``|got - ref| <= rtol |ref| + rtol max|ref|`` (rtol 1e-6 in float64, 1e-3 in
  float32).  A mismatch or an error is reported in the table and not timed.
* Timing: two warm-up calls (tangentish's code generation and JAX's ``jit`` compile
  happen there, outside the measurements), then ``run.py``'s ``time_interleaved``: the
  number of calls per measurement chosen as timeit.autorange does, then rounds of
  measurements; reported is the median time per call.  Every timed call ends with the
  device's synchronisation (``cupy.cuda.Device().synchronize()``,
  ``torch.cuda.synchronize()``, ``jax.block_until_ready``), so a time is the whole
  gradient's, not its launch.
* With ``--cpu``, every library runs on one thread (``run.py``'s environment).
* A library that is not installed, or finds no GPU, is a skipped row, not a crash.
"""
import argparse
import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LIBS = ["tangentish", "torch", "jax"]
IMPORT_NAME = {"tangentish": "tangentish", "torch": "torch", "jax": "jax"}
TITLES = {"b": "(b) logistic regression", "c": "(c) MLP"}
# Sizes: (b) rows and features of X; (c) batch, input, hidden and output widths.
# "small" is workloads.py's size; "large" gives a GPU something to do.
SIZES = {
    "tiny": {"b": (64, 8), "c": (16, 32, 16, 10)},
    "small": {"b": (500, 100), "c": (64, 784, 256, 10)},
    "large": {"b": (100_000, 1_000), "c": (8192, 784, 256, 10)},
}
RTOL = {"float64": 1e-6, "float32": 1e-3}


# =============================================================================== inputs
def workload(key):
    """(function, hand-written gradient, wrt) of a workload of workloads.py."""
    import workloads as W   # benchmarks/ is on sys.path in a worker (worker())
    return {"b": (W.logreg, W.logreg_hand, 0), "c": (W.mlp, W.mlp_hand, (0, 1, 2, 3))}[key]


def inputs(key, dims, dtype):
    """Seeded NumPy inputs of workload ``key`` at ``dims`` (the distributions of workloads.py)."""
    import numpy as np
    rng = np.random.default_rng(0)
    if key == "b":
        n, d = dims
        out = (rng.standard_normal(d) * 0.1, rng.standard_normal((n, d)),
               (rng.random(n) < 0.5).astype(np.float64))
    else:
        batch, din, hidden, dout = dims
        out = (rng.standard_normal((din, hidden)) / np.sqrt(din),
               rng.standard_normal(hidden) * 0.1,
               rng.standard_normal((hidden, dout)) / np.sqrt(hidden),
               rng.standard_normal(dout) * 0.1,
               rng.standard_normal((batch, din)),
               np.eye(dout)[rng.integers(0, dout, batch)])
    return tuple(a.astype(dtype) for a in out)


def dims_text(key, dims):
    if key == "b":
        return "X %dx%d" % dims
    return "batch %d, %d-%d-%d" % dims


# =============================================================================== checks
def as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def compare(got, ref, rtol):
    """(ok, note): do the NumPy arrays ``got`` match ``ref``, entry by entry, within
    ``rtol`` of the entry plus ``rtol`` of the largest reference entry?"""
    import numpy as np
    if len(got) != len(ref):
        return False, f"{len(got)} outputs, expected {len(ref)}"
    worst = 0.0
    for g, r in zip(got, ref):
        g, r = np.asarray(g, dtype=np.float64), np.asarray(r, dtype=np.float64)
        if g.shape != r.shape:
            return False, f"shape {g.shape}, expected {r.shape}"
        scale = float(np.max(np.abs(r))) if r.size else 0.0
        err = np.abs(g - r) / (np.abs(r) + scale + 1e-300)
        if not np.all(np.isfinite(g)) or (err.size and float(np.max(err)) > rtol):
            i = int(np.argmax(np.where(np.isfinite(err), err, np.inf)))
            return False, (f"relative error {float(err.flat[i]):.3g} > {rtol:g} "
                           f"(got {g.flat[i]:.6g}, expected {r.flat[i]:.6g})")
        worst = max(worst, float(np.max(err)) if err.size else 0.0)
    return True, f"max relative error {worst:.2g}"


# =============================================================================== libraries
class Skip(Exception):
    """The library cannot run here (not installed, no GPU): a skipped row."""


def _nothing():
    return None


def tangentish_case(fn, wrt, args, gpu):
    """(gradient callable, sync, to-NumPy) for tangentish on CuPy (or NumPy) arrays."""
    import numpy as np
    import tangentish as tg
    if gpu:
        try:   # imported here: CuPy is needed only on the GPU path
            import cupy
        except ImportError as exc:
            raise Skip(f"cupy is not importable ({exc})")
        if _cupy_devices(cupy) == 0:
            raise Skip("cupy finds no GPU")
        xp, sync, to_np = cupy, cupy.cuda.Device().synchronize, cupy.asnumpy
    else:
        xp, sync, to_np = np, _nothing, np.asarray
    xargs = tuple(xp.asarray(a) for a in args)
    g = tg.grad(fn, wrt=wrt)

    def deriv():
        out = g(*xargs)
        for v in as_tuple(out):
            if not isinstance(v, xp.ndarray):
                raise TypeError(f"the gradient is a {type(v).__module__}.{type(v).__name__}, "
                                f"not a {xp.__name__}.ndarray like the inputs")
        return out
    return deriv, sync, lambda out: tuple(to_np(v) for v in as_tuple(out))


def _cupy_devices(cupy):
    try:
        return cupy.cuda.runtime.getDeviceCount()
    except Exception:   # cupy's CUDARuntimeError when no driver / device is there
        return 0


def torch_case(fn, wrt, args, gpu):
    import torch
    import adapters
    if gpu and not torch.cuda.is_available():
        raise Skip("torch finds no CUDA device")
    if not gpu:
        adapters.configure_threads("torch")   # one thread, as run.py and the other libraries
    device = "cuda" if gpu else "cpu"
    f = adapters.rebind(fn, np=adapters._torch_numpy())   # the thin numpy namespace on torch
    targs = tuple(torch.as_tensor(a, device=device) for a in args)
    params = tuple(targs[i] for i in as_tuple(wrt))
    for p in params:
        p.requires_grad_(True)
    sync = torch.cuda.synchronize if gpu else _nothing
    return (lambda: torch.autograd.grad(f(*targs), params), sync,
            lambda out: tuple(t.detach().cpu().numpy() for t in out))


def jax_case(fn, wrt, args, gpu):
    import jax
    import jax.numpy as jnp
    import numpy as np
    import adapters
    try:
        device = jax.devices("gpu" if gpu else "cpu")[0]
    except RuntimeError as exc:
        raise Skip(f"jax finds no {'GPU' if gpu else 'CPU'} backend ({str(exc)[:80]})")
    jargs = tuple(jax.device_put(jnp.asarray(a), device) for a in args)
    if jargs[0].dtype != args[0].dtype:
        raise Skip(f"jax made {jargs[0].dtype} of {args[0].dtype} (JAX_ENABLE_X64 unset?)")
    d = jax.jit(jax.grad(adapters.rebind(fn, np=jnp), argnums=wrt))
    return (lambda: jax.block_until_ready(d(*jargs)), _nothing,
            lambda out: tuple(np.asarray(v) for v in as_tuple(out)))


CASES = {"tangentish": tangentish_case, "torch": torch_case, "jax": jax_case}


def device_name(lib, gpu):
    if not gpu:
        return "cpu"
    try:
        if lib == "tangentish":
            import cupy
            name = cupy.cuda.runtime.getDeviceProperties(0)["name"]
            return name.decode() if isinstance(name, bytes) else str(name)
        if lib == "torch":
            import torch
            return torch.cuda.get_device_name(0)
        import jax
        return str(jax.devices("gpu")[0].device_kind)
    except Exception:   # no device (the rows say why)
        return "-"


# =============================================================================== one case
def measure(case, reference, rtol, rounds, min_time, dtype=None):
    """Check, then time, one library's gradient.  ``case`` is (deriv, sync, to_numpy);
    ``reference`` the NumPy gradient it must match, in ``dtype`` (the inputs' dtype: a
    library computing in another precision is not timed).  Returns the row's fields."""
    time_interleaved = _sibling("run").time_interleaved
    deriv, sync, to_np = case
    try:
        out = deriv()
        sync()
        got = to_np(out)
        ok, note = compare(got, reference, rtol)
        wrong = sorted({str(g.dtype) for g in got if dtype is not None and g.dtype != dtype})
        if ok and wrong:
            ok, note = False, f"the gradient is {', '.join(wrong)}, the inputs {dtype}"
    except Exception as exc:
        return {"status": "error", "note": _error_text(exc), "traceback": traceback.format_exc()}
    if not ok:
        return {"status": "mismatch", "note": note, "gradient": got}

    def timed():
        deriv()
        sync()
    try:
        timed()   # a second warm-up call
        t = time_interleaved({"grad": timed}, rounds, min_time)["grad"]
    except Exception as exc:   # out of device memory, say: a row, not a crash
        return {"status": "error", "note": _error_text(exc), "traceback": traceback.format_exc()}
    return {"status": "ok", "check": note, "gradient": got, "median_s": t["median"],
            "min_s": t["min"], "max_s": t["max"], "number": t["number"], "rounds": t["rounds"]}


def _sibling(name):
    """benchmarks/<name>.py as a module, loaded from its file (benchmarks/ is not a
    package; a test imports this file without putting benchmarks/ on sys.path)."""
    key = f"_tangentish_benchmarks_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, os.path.join(HERE, f"{name}.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[key] = module
    return sys.modules[key]


def _error_text(exc):
    text = f"{type(exc).__name__}: {exc}".strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def worker(lib, spec, ref_dir, out_path):
    """Runs in a process of its own: every (workload, size) of ``spec`` for ``lib``."""
    sys.path.insert(0, HERE)
    import numpy as np
    t0 = time.perf_counter()
    __import__(IMPORT_NAME[lib])
    res = {"lib": lib, "import_s": time.perf_counter() - t0, "rows": []}
    gpu, dtype = spec["gpu"], spec["dtype"]
    res["device"] = device_name(lib, gpu)
    for key, size in spec["cases"]:
        fn, hand, wrt = workload(key)
        args = inputs(key, SIZES[size][key], dtype)
        ref_path = os.path.join(ref_dir, f"{key}_{size}.npz")
        row = {"workload": key, "size": size}
        if lib == "tangentish" or not os.path.exists(ref_path):
            ref = as_tuple(hand(*(a.astype(np.float64) for a in args)))
            row["against"] = "hand-written"
        else:
            with np.load(ref_path) as z:
                ref = tuple(z[f"g{i}"] for i in range(len(z.files)))
            row["against"] = "tangentish"
        try:
            case = CASES[lib](fn, wrt, args, gpu)
        except Skip as exc:
            row.update(status="skipped", note=str(exc))
            res["rows"].append(row)
            continue
        except Exception as exc:
            row.update(status="error", note=_error_text(exc), traceback=traceback.format_exc())
            res["rows"].append(row)
            continue
        row.update(measure(case, ref, RTOL[dtype], spec["rounds"], spec["min_time"], dtype))
        grad = row.pop("gradient", None)
        if lib == "tangentish" and row["status"] == "ok":
            np.savez(ref_path, **{f"g{i}": g for i, g in enumerate(grad)})
        res["rows"].append(row)
    with open(out_path, "w") as fh:
        json.dump(res, fh, indent=1, default=str)


# =============================================================================== orchestration
def worker_env(gpu, dtype):
    """The workers' environment.  On the CPU, run.py's: one BLAS / XLA / torch thread for
    every library (JAX on its CPU backend)."""
    env = dict(os.environ) if gpu else _sibling("run").bench_env()
    env["JAX_ENABLE_X64"] = "1" if dtype == "float64" else "0"
    env["XLA_PYTHON_CLIENT_PREALLOCATE"] = "false"   # JAX takes GPU memory as it needs it
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH")) if p)
    return env


def run_worker(lib, spec, ref_dir, timeout):
    out = os.path.join(ref_dir, f"result_{lib}.json")
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", lib, "--spec", json.dumps(spec),
           "--ref-dir", ref_dir, "--out", out]
    try:
        proc = subprocess.run(cmd, env=worker_env(spec["gpu"], spec["dtype"]), cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s"
    if proc.returncode != 0 or not os.path.exists(out):
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        return None, (lines[-1] if lines else f"exit status {proc.returncode}")[:200]
    with open(out) as fh:
        return json.load(fh), None


def _version(lib):
    for dist in {"tangentish": ["tangentish"], "torch": ["torch"], "jax": ["jax"]}[lib]:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    return "?"


def run_all(libs, spec, timeout=1800):
    """{lib: result} with each library run alone, tangentish first."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="tangentish-gpu-") as ref_dir:
        for lib in libs:
            if importlib.util.find_spec(IMPORT_NAME[lib]) is None:
                results[lib] = {"lib": lib, "skipped": f"{lib} is not installed"}
                continue
            res, err = run_worker(lib, spec, ref_dir, timeout)
            results[lib] = res if res is not None else {"lib": lib, "error": err}
            results[lib]["version"] = _version(lib)
    return results


# =============================================================================== the table
HEADER = ("workload", "size", "library", "device", "status", "checked against", "time/grad",
          "x tangentish")


def table_rows(results, spec):
    """One row per (workload, size, library): the HEADER's fields, as text."""
    rows = []
    for key, size in spec["cases"]:
        base = None
        for lib, res in results.items():
            row = _find(res, key, size)
            if lib == "tangentish" and row.get("status") == "ok":
                base = row["median_s"]
            t = row.get("median_s")
            ratio = f"{t / base:.2f}" if (t is not None and base) else "-"
            status = row.get("status", "?")
            if status != "ok":
                status = f"{status}: {row.get('note', '')}"
            rows.append((TITLES[key], dims_text(key, SIZES[size][key]), lib,
                         res.get("device", "-"), status,
                         row.get("against", "-") if row.get("status") in ("ok", "mismatch")
                         else "-", _ms(t), ratio))
    return rows


def _find(res, key, size):
    if "skipped" in res:
        return {"status": "skipped", "note": res["skipped"]}
    if "error" in res:
        return {"status": "error", "note": res["error"]}
    for row in res["rows"]:
        if row["workload"] == key and row["size"] == size:
            return row
    return {"status": "error", "note": "no result"}


def _ms(t):
    return "-" if t is None else f"{t * 1e3:.4g} ms"


def format_table(rows):
    widths = [max(len(str(r[i])) for r in [HEADER] + rows) for i in range(len(HEADER))]
    widths[4] = min(widths[4], 60)
    lines = []
    for r in [HEADER] + rows:
        cells = [str(c) if i != 4 else str(c)[:60] for i, c in enumerate(r)]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cpu", action="store_true",
                    help="run on the CPU: NumPy for tangentish, torch CPU, JAX CPU")
    ap.add_argument("--tiny", action="store_true", help="tiny sizes and short timings")
    ap.add_argument("--libs", default=",".join(LIBS))
    ap.add_argument("--workloads", default="b,c")
    ap.add_argument("--sizes", default=None,
                    help="comma-separated, of " + ", ".join(SIZES) +
                    " (default: small,large on the GPU, small on the CPU)")
    ap.add_argument("--dtype", default="float64", choices=sorted(RTOL))
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--json", default=None, help="write the raw results here")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    ap.add_argument("--ref-dir", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        return worker(a.worker, json.loads(a.spec), a.ref_dir, a.out)
    libs = [lib for lib in a.libs.split(",") if lib]
    bad = [lib for lib in libs if lib not in LIBS] + \
        [k for k in a.workloads.split(",") if k not in TITLES]
    sizes = (a.sizes.split(",") if a.sizes else
             ["tiny"] if a.tiny else ["small"] if a.cpu else ["small", "large"])
    bad += [s for s in sizes if s not in SIZES]
    if bad:
        ap.error(f"unknown: {', '.join(bad)}")
    spec = {"gpu": not a.cpu, "dtype": a.dtype,
            "cases": [[k, s] for s in sizes for k in a.workloads.split(",")],
            "rounds": a.rounds or (3 if a.tiny else 7), "min_time": 0.005 if a.tiny else 0.2}
    results = run_all(libs, spec)
    print(f"gradients of workloads.py's (b) and (c) on the {'CPU' if a.cpu else 'GPU'}, "
          f"{a.dtype}; median of {spec['rounds']} rounds; each library in its own process")
    print("versions: " + ", ".join(f"{lib} {r.get('version', '-')}" for lib, r in results.items()))
    print(format_table(table_rows(results, spec)))
    print("x tangentish: the library's time over tangentish's (above 1: slower than tangentish)")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"spec": spec, "results": results}, fh, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
