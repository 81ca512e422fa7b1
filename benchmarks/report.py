"""The results of run.py as a text table and as docs/PERFORMANCE.md."""
import statistics

LIB_ORDER = ["tangentish", "autograd", "jax", "torch", "tensorflow"]
LIB_LABEL = {"tangentish": "tangentish", "autograd": "autograd", "jax": "jax (jit)",
             "torch": "torch (eager)", "tensorflow": "tensorflow (eager)"}
DERIV_LABEL = {"grad": "gradient", "hvp": "HVP", "tfstep": "training step"}
FIRST_CALL_LABEL = {"a_np": "(a) scalar loop (np.sin)", "c": "(c) MLP", "d": "(d) RNN",
                    "twenty_lines": "20-line function (workloads.twenty_lines)"}


KEEP_MARKER = "<!-- Hand-written analysis below this line is kept when run.py regenerates the file. -->"


def _workloads():
    import workloads
    return workloads


def us(seconds):
    if seconds is None:
        return "-"
    v = seconds * 1e6
    if v >= 1000:
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def fmt_ratio(r, digits=2):
    return "-" if r is None else f"{r:.{digits}f}"


def rows(results):
    """One dict per (workload, library)."""
    out = []
    for wl in _workloads().WORKLOADS:
        for lib in LIB_ORDER:
            res = results["libs"].get(lib)
            if res is None or "failed" in res:
                continue
            entry = res["workloads"].get(wl.key)
            if entry is None:
                continue
            row = {"key": wl.key, "title": wl.title, "kind": wl.kind, "lib": lib,
                   "status": entry.get("status"), "note": entry.get("note", ""),
                   "compile_s": entry.get("compile_s"), "check": entry.get("check")}
            t = entry.get("timings")
            if t:
                row.update(fwd=t["forward"]["median"], deriv=t["deriv"]["median"],
                           hand=t["hand"]["median"])
                row["deriv_spread"] = (t["deriv"]["max"] - t["deriv"]["min"]) / t["deriv"]["median"]
                row["r_fwd"] = ratio(row["deriv"], row["fwd"])
                row["r_hand"] = ratio(row["deriv"], row["hand"])
            out.append(row)
    return out


def _row(rs, key, lib):
    return next((r for r in rs if r["key"] == key and r["lib"] == lib and r["status"] == "ok"), None)


def _first_call_median(results, name):
    fc = results.get("first_call", {}).get(name)
    if not fc or not fc["runs"]:
        return None
    return {k: statistics.median(r[k] for r in fc["runs"])
            for k in ("first_s", "warm_s", "tangentish_import_s", "numpy_import_s",
                      "source_lines")}


def targets(results):
    """(target text, measured text, met: True/False/None)."""
    rs = rows(results)
    out = []
    for key in ("a_np", "a_math", "b", "c", "d"):
        wl = _workloads().BY_KEY[key]
        limit = wl.target
        r = _row(rs, key, "tangentish")
        m = r["r_hand"] if r else None
        out.append((f"{wl.title}: gradient / hand-written <= {limit}",
                    fmt_ratio(m) if m is not None else _why(rs, key), None if m is None else m <= limit))
    r = _row(rs, "e", "tangentish")
    m = r["r_hand"] if r else None
    out.append(("(e) HVP of (b) <= 2.5 x one hand-written gradient",
                fmt_ratio(m) if m is not None else _why(rs, "e"), None if m is None else m <= 2.5))
    t, f = _row(rs, "f", "tangentish"), _row(rs, "f", "tensorflow")
    m = ratio(f["deriv"], t["deriv"]) if t and f else None
    if m is not None:
        measured = f"{m:.1f}x ({us(t['deriv'])} vs {us(f['deriv'])} µs per step)"
    elif t is None:
        measured = _why(rs, "f")
    else:
        measured = "TensorFlow not run"
    out.append(("(f) training step >= 20x faster than TF eager", measured,
                None if m is None else m >= 20))
    fc = _first_call_median(results, "twenty_lines")
    m = fc["first_s"] if fc else None
    out.append(("(g) first call <= 30 ms for a 20-line function",
                f"{m * 1e3:.1f} ms" if m is not None else "not measured",
                None if m is None else m <= 0.030))
    ov = results["libs"].get("tangentish", {}).get("extras", {}).get("overhead")
    if ov:
        worst = max(ov["paired_float"], ov["paired_array"])
        out.append(("(g) cached tg.grad call overhead <= 5 µs",
                    f"{worst * 1e6:.2f} µs (worst of float/array argument)", worst <= 5e-6))
    else:
        out.append(("(g) cached tg.grad call overhead <= 5 µs", "not measured", None))
    mem = results["libs"].get("tangentish", {}).get("extras", {}).get("memory")
    if mem:
        m = mem["grad_peak"] / mem["required"]
        out.append((f"(d) at {mem['steps']} steps: peak memory of the gradient <= 1.5x what a "
                    "hand-written BPTT must keep", f"{m:.2f}x ({mem['grad_peak'] / 1024:.0f} KiB vs "
                    f"{mem['required'] / 1024:.0f} KiB)", m <= 1.5))
    else:
        out.append(("(d) memory at 1,000 steps <= 1.5x hand-written BPTT", "not measured", None))
    return out


def _why(rs, key):
    r = next((r for r in rs if r["key"] == key and r["lib"] == "tangentish"), None)
    if r is None:
        return "not run"
    return f"{r['status']}: {r['note']}"


def _status(met):
    return {True: "met", False: "MISSED", None: "not measured"}[met]


# ----------------------------------------------------------------------------- text
def text_report(results):
    rs = rows(results)
    lines = []
    hdr = (f"{'workload':40} {'library':18} {'fwd µs':>9} {'deriv µs':>10} {'hand µs':>9} "
           f"{'deriv/fwd':>9} {'deriv/hand':>10}  note")
    lines.append(hdr)
    lines.append("-" * len(hdr))
    last = None
    for r in rs:
        title = r["title"] if r["key"] != last else ""
        last = r["key"]
        if r["status"] == "ok":
            note = f"jit compile {r['compile_s'] * 1e3:.0f} ms" if r.get("compile_s") else ""
            lines.append(f"{title[:40]:40} {LIB_LABEL[r['lib']]:18} {us(r['fwd']):>9} "
                         f"{us(r['deriv']):>10} {us(r['hand']):>9} {fmt_ratio(r['r_fwd']):>9} "
                         f"{fmt_ratio(r['r_hand']):>10}  {note}")
        elif r["status"] != "n/a":
            lines.append(f"{title[:40]:40} {LIB_LABEL[r['lib']]:18} {r['status'].upper():>9}  "
                         f"{r['note'][:110]}")
    for lib, res in results["libs"].items():
        if "failed" in res:
            lines.append(f"{lib}: worker failed: {' | '.join(res['failed'])}")
    if results.get("missing"):
        lines.append("not installed: " + ", ".join(results["missing"]))
    lines.append("")
    lines.append("(g) first call, fresh process (median):")
    for name in FIRST_CALL_LABEL:
        fc = _first_call_median(results, name)
        if fc:
            lines.append(f"  {FIRST_CALL_LABEL[name]:45} first result {fc['first_s'] * 1e3:7.1f} ms"
                         f"   (warm call {us(fc['warm_s'])} µs, {fc['source_lines']:.0f} generated lines)")
        elif name in results.get("first_call", {}):
            lines.append(f"  {FIRST_CALL_LABEL[name]:45} FAILED: "
                         f"{results['first_call'][name]['errors'][:1]}")
    ov = results["libs"].get("tangentish", {}).get("extras", {}).get("overhead")
    if ov:
        lines.append(f"  cached tg.grad(trivial): float arg {us(ov['wrapped_float'])} µs vs generated "
                     f"{us(ov['direct_float'])} µs (overhead {ov['paired_float'] * 1e6:.2f}); 0-d array arg "
                     f"{us(ov['wrapped_array'])} vs {us(ov['direct_array'])} µs (overhead "
                     f"{ov['paired_array'] * 1e6:.2f})")
    for lib in ("tangentish", "autograd"):
        mem = results["libs"].get(lib, {}).get("extras", {}).get("memory")
        if mem:
            lines.append(f"  (d) memory at {mem['steps']} steps, {lib}: peak {mem['grad_peak'] / 1024:.0f} KiB;"
                         f" hand-written BPTT peak {mem['hand_peak'] / 1024:.0f} KiB; must keep "
                         f"{mem['required'] / 1024:.0f} KiB (h + pre-activations)")
    lines.append("")
    lines.append("targets (tangentish):")
    for text, measured, met in targets(results):
        lines.append(f"  [{_status(met):^12}] {text}: {measured}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- markdown
def markdown_report(results):
    info = results["machine"]
    rs = rows(results)
    v = info.get("versions", {})
    L = []
    L.append("# Performance")
    L.append("")
    L.append(f"Generated by `python benchmarks/run.py{' --quick' if info['mode'] == 'quick' else ''}` "
             f"on {info['date']} ({info['mode']} run, {results.get('elapsed_s', 0):.0f} s); "
             "rerun the script rather than editing the numbers (text below the marker at the "
             "end is kept). The workloads are in "
             "`benchmarks/workloads.py` (each written once, in numpy, with a hand-written "
             "gradient); `benchmarks/adapters.py` runs them under each library.")
    L.append("")
    L.append("## Machine")
    L.append("")
    L.append(f"* CPU: {info.get('cpu', '?')} (family {info.get('cpu_family', '?')}, model "
             f"{info.get('model', '?')}; {info.get('simd', '')}), nproc = {info.get('nproc')}, "
             f"memory {info.get('memory_gib', '?')} GiB")
    L.append(f"* {info.get('platform')}, Python {info.get('python')}")
    if info.get("loadavg_start"):
        la0, la1 = info["loadavg_start"], info.get("loadavg_end", info["loadavg_start"])
        L.append(f"* load average (1 min) at start {la0[0]:.2f}, at end {la1[0]:.2f}"
                 + (" -- other processes were running: expect noise" if max(la0[0], la1[0]) > 0.5
                    else ""))
    L.append("* versions: " + ", ".join(f"{k} {v[k]}" for k in v))
    if info.get("git"):
        L.append(f"* tangentish at commit {info['git']}")
    blas = _blas_line(results)
    if blas:
        L.append(f"* BLAS (threadpoolctl, in the benchmark processes; [which library's process "
                 f"loaded it]): {blas}")
    if info.get("env_openblas"):
        L.append("* this machine sets " + ", ".join(f"`{k}={val}`" for k, val in info["env_openblas"].items())
                 + " (for old OpenBLAS builds); both are unset together in the benchmark "
                 "subprocesses only, so numpy's OpenBLAS picks its kernel itself (above)")
    missing = results.get("missing") or []
    if missing:
        L.append("* not installed (skipped): " + ", ".join(missing))
    L.append("")
    L.append("## Method")
    L.append("")
    L.append("* Every library runs in its own subprocess with one thread: `OMP_NUM_THREADS`, "
             "`OPENBLAS_NUM_THREADS`, `MKL_NUM_THREADS` = 1 before numpy is imported, "
             "`torch.set_num_threads(1)`, TensorFlow intra/inter-op threads 1, "
             "`XLA_FLAGS=--xla_cpu_multi_thread_eigen=false` for JAX. All arrays are float64 "
             "(JAX with x64 enabled), except (f), which uses the chapter's data (X float32, "
             "y float64; variables float32).")
    L.append("* Each workload is one numpy function; a peer runs the same code object with "
             "`np` rebound to `autograd.numpy`, `jax.numpy` or a thin torch namespace "
             "(`np.sum(a, axis)` -> `torch.sum(a, dim)`: one extra Python call per op), and "
             "(f) with `tf` rebound to `tangentish.tf` or `tensorflow`. JAX: `jax.jit(jax.grad(f))`"
             " measured warm; the compile time (trace + compile + first run) is listed apart. "
             "torch: `torch.autograd.grad` in eager mode; its forward is run under `no_grad`.")
    L.append("* Before timing, each library's derivative is compared with the hand-written "
             "one (`np.allclose`, rtol 1e-5, atol 1e-8 x the largest reference entry); a "
             "mismatch or an error is reported below and not timed.")
    rounds = 3 if info["mode"] == "quick" else 7
    L.append(f"* Timing: calls per measurement chosen like `timeit.autorange` "
             f"(>= {'0.02' if info['mode'] == 'quick' else '0.2'} s per measurement), "
             f"{rounds} rounds, each round timing the hand-written gradient, the forward pass and "
             "the derivative in rotating order, garbage collector off during a measurement; the "
             "tables give the median time per call. The hand-written baseline is timed in the "
             "same process as each library (so each row has its own).")
    L.append("* `deriv` is the gradient (the HVP for (e), one training step for (f)); "
             "`deriv/fwd` divides by the library's own forward pass, `deriv/hand` by the "
             "hand-written numpy gradient (for (e): one hand-written gradient of (b); for (f): "
             "one hand-written numpy training step).")
    L.append("* Hand-written baselines: (a) the derivative accumulated in the same loop; "
             "(b) `X.T @ (sigmoid(X w) - y) / n`; (c) the usual softmax-cross-entropy backprop; "
             "(d) backpropagation through time keeping the hidden states, one outer product "
             "per step; (f) the numpy step.")
    L.append("")
    L.append("## Targets (tangentish)")
    L.append("")
    L.append("| target | measured | status |")
    L.append("| --- | --- | --- |")
    for text, measured, met in targets(results):
        L.append(f"| {text} | {measured} | {_status(met)} |")
    L.append("")
    L.append("## Results")
    L.append("")
    L.append("Times in µs per call (median over rounds); deriv spread: (slowest - fastest round) "
             "/ median of the derivative's rounds, a gauge of the noise.")
    L.append("")
    L.append("| workload | library | forward | deriv | hand-written | deriv/fwd | deriv/hand | deriv spread | note |")
    L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    last = None
    for r in rs:
        if r["status"] == "n/a":
            continue
        title = r["title"] if r["key"] != last else ""
        last = r["key"]
        if r["status"] == "ok":
            note = f"jit compile {r['compile_s'] * 1e3:.0f} ms" if r.get("compile_s") else ""
            L.append(f"| {title} | {LIB_LABEL[r['lib']]} | {us(r['fwd'])} | {us(r['deriv'])} | "
                     f"{us(r['hand'])} | {fmt_ratio(r['r_fwd'])} | {fmt_ratio(r['r_hand'])} | "
                     f"{100 * r['deriv_spread']:.0f}% | {note} |")
        else:
            note = r["note"].replace("|", "\\|")
            L.append(f"| {title} | {LIB_LABEL[r['lib']]} | | | | | | | **{r['status']}**: {note} |")
    for lib, res in results["libs"].items():
        if "failed" in res:
            L.append("")
            L.append(f"{lib}: the worker process failed: `{' | '.join(res['failed'])}`")
    L.append("")
    L.append("## First call and per-call overhead (g)")
    L.append("")
    L.append("From `tg.grad(f)` to the first result, in a fresh process (imports done; "
             f"median of {3 if info['mode'] == 'quick' else 5} processes); the warm call is "
             "the same gradient called again.")
    L.append("")
    L.append("| function | first result (ms) | warm call (µs) | generated lines |")
    L.append("| --- | ---: | ---: | ---: |")
    imp = None
    for name in FIRST_CALL_LABEL:
        fc = _first_call_median(results, name)
        if fc:
            imp = imp or fc
            L.append(f"| {FIRST_CALL_LABEL[name]} | {fc['first_s'] * 1e3:.1f} | {us(fc['warm_s'])} | "
                     f"{fc['source_lines']:.0f} |")
        elif name in results.get("first_call", {}):
            L.append(f"| {FIRST_CALL_LABEL[name]} | failed | | |")
    if imp:
        L.append("")
        L.append(f"Import times in those processes: numpy {imp['numpy_import_s'] * 1e3:.0f} ms, "
                 f"tangentish {imp['tangentish_import_s'] * 1e3:.0f} ms (not included above).")
    ov = results["libs"].get("tangentish", {}).get("extras", {}).get("overhead")
    if ov:
        L.append("")
        L.append("Cached `tg.grad` of a trivial function (`x * 2.0`) against calling its generated "
                 "function directly:")
        L.append("")
        L.append("| argument | `tg.grad(f)(x)` µs | generated `(x)` µs | overhead µs |")
        L.append("| --- | ---: | ---: | ---: |")
        for kind, label in (("float", "`3.0`"), ("array", "`np.array(3.0)`")):
            w, d = ov[f"wrapped_{kind}"], ov[f"direct_{kind}"]
            L.append(f"| {label} | {us(w)} | {us(d)} | {ov[f'paired_{kind}'] * 1e6:.2f} |")
        L.append("")
        L.append("(overhead: median over rounds of the difference measured within a round)")
    L.append("")
    L.append("## Memory of (d) at 1,000 steps")
    L.append("")
    mems = [(lib, results["libs"].get(lib, {}).get("extras", {}).get("memory"))
            for lib in ("tangentish", "autograd")]
    mems = [(lib, m) for lib, m in mems if m]
    if mems:
        m0 = mems[0][1]
        L.append(f"`tracemalloc` peak during one gradient call of the RNN (hidden "
                 f"{_workloads().RNN_HIDDEN}, input {_workloads().RNN_INPUT}) at {m0['steps']} steps, "
                 "above what was allocated before the call. What a hand-written BPTT must keep: "
                 f"the {m0['steps'] + 1} hidden states and {m0['steps']} pre-activations, "
                 f"({m0['steps'] + 1} + {m0['steps']}) x {_workloads().RNN_HIDDEN} x 8 bytes = "
                 f"{m0['required']:,} bytes ({m0['required'] / 1024:.0f} KiB); the hidden states "
                 f"alone (enough for tanh, whose derivative is 1 - h^2) are {m0['hidden_only']:,} bytes.")
        L.append("")
        L.append("| | peak (KiB) | / must keep |")
        L.append("| --- | ---: | ---: |")
        for lib, m in mems:
            L.append(f"| {lib} gradient | {m['grad_peak'] / 1024:.0f} | {m['grad_peak'] / m['required']:.2f} |")
        L.append(f"| hand-written BPTT (`workloads.rnn_hand`) | {m0['hand_peak'] / 1024:.0f} | "
                 f"{m0['hand_peak'] / m0['required']:.2f} |")
    else:
        L.append("not measured")
    L.append("")
    L.append("## Reproduce")
    L.append("")
    L.append("```sh")
    L.append("pip install -e '.[bench]'        # autograd, jax, jaxlib, torch==2.13.0, tensorflow-cpu")
    L.append("python benchmarks/run.py          # or --quick; --libs tangentish,jax; --workloads b,c")
    L.append("python benchmarks/profile_tangentish.py c   # generated source + cProfile of one workload")
    L.append("```")
    L.append("")
    return "\n".join(L)


def _blas_line(results):
    seen = {}
    for lib, res in results["libs"].items():
        for d in res.get("blas", []) or []:
            if d.get("internal_api") in ("openblas", "mkl", "blis"):
                s = (f"{d.get('internal_api')} {d.get('version')} (from {d.get('shipped_by')}), "
                     f"kernel {d.get('architecture')}, {d.get('num_threads')} thread(s)")
                seen.setdefault(s, []).append(lib)
    return "; ".join(f"{s} [{', '.join(libs)}]" for s, libs in seen.items())
