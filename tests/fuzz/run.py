"""Runs the fuzzer: generate, check, count, save failures, shrink, write the report."""
import collections
import json
import multiprocessing
import os
import re
import time

import numpy as np

from .check import check
from .gen import FAMILIES, Program, generate
from .shrink import shrink

CATEGORIES = ("pass", "refused", "wrong", "crash", "nonsmooth")
MAX_ATTEMPTS = 20


def run_one(seed, index, families=None):
    """Generate program ``index`` (replacing ones whose primal is invalid) and check it."""
    for attempt in range(MAX_ATTEMPTS):
        prog = generate(seed, index, attempt, families)
        res = check(prog)
        if res.category != "invalid":
            return prog, res, attempt
    return prog, res, MAX_ATTEMPTS


def _job(a):
    seed, index, families = a
    prog, res, attempts = run_one(seed, index, families)
    return prog, res, attempts


def programs(seed, count, families=None, jobs=1):
    """Yields (program, result, invalid attempts) for programs 0 .. count-1, in order."""
    tasks = [(seed, i, families) for i in range(count)]
    if jobs <= 1:
        for t in tasks:
            yield _job(t)
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_job, tasks, chunksize=4)


def crash_kind(res):
    """The distinct crash kinds of one program (exception and location, numbers and names elided)."""
    kinds = set()
    for _, (st, d) in res.checks.items():
        if st == "crash":
            d = re.sub(r"<tangentish (\w+) of [^>]*>", r"<generated \1>", d)
            d = re.sub(r"preserving the result", "", d)
            kinds.add(re.sub(r"\d+(\.\d+)?", "N", d)[:160])
    return kinds


def args_literal(args):
    parts = []
    for a in args:
        parts.append(f"np.array({np.asarray(a).tolist()!r})" if isinstance(a, np.ndarray) else repr(float(a)))
    return "[" + ", ".join(parts) + "]"


def saved_text(prog, res, text=None, note=""):
    head = [f"# tangentish soundness fuzzer: seed {prog.seed}, program {prog.index}, attempt {prog.attempt}{note}",
            f"# families: {', '.join(prog.families)}  ({', '.join(sorted({FAMILIES[f] for f in prog.families} - {''})) or 'no W-class'})",
            f"# category: {res.category}"]
    head += [f"#   {k}: {st}" + (f" -- {d}" if d else "") for k, (st, d) in sorted(res.checks.items()) if st != "pass"]
    head += ["# replay: python -m tests.fuzz --replay THIS_FILE", ""]
    body = (text or prog.source).rstrip("\n")
    return ("\n".join(head) + "\n" + body + f"\n\n\nFUZZ_ARGS = {args_literal(prog.args)}\n"
            + f"FUZZ_WRT = {prog.wrt_indices!r}  # differentiated arguments\n")


def load_saved(path):
    """A Program (and its text) from a file written by ``saved_text``."""
    text = open(path).read()
    m = re.search(r"^FUZZ_ARGS = (.*)$", text, re.M)
    args = eval(m.group(1), {"np": np})  # noqa: S307 - our own file format
    sig = re.search(r"^def f\((.*?)\):", text, re.M).group(1)
    names = [a.strip() for a in sig.split(",") if a.strip()]
    fams = re.search(r"^# families: ([^(]*)", text, re.M)
    wrt = re.search(r"^FUZZ_WRT = (\(.*?\))", text, re.M)
    ids = re.search(r"seed (\d+), program (\d+), attempt (\d+)", text)
    seed, index, attempt = (int(v) for v in ids.groups()) if ids else (0, 0, 0)
    return Program(seed, index, attempt, text, names, args, fams.group(1).strip().split(", ") if fams else [], True,
                   eval(wrt.group(1)) if wrt else None)  # noqa: S307


def _wclass(prog):
    return sorted({FAMILIES[f] for f in prog.families} - {""}, key=lambda w: int(w[1:]))


def fuzz(seed=0, count=200, out=None, families=None, jobs=1, shrink_per_family=2, shrink_budget_s=30.0,
         verbose=False, log=print):
    """Run ``count`` programs; returns the summary dict (also written to ``out``/summary.json)."""
    t0 = time.time()
    totals = collections.Counter()
    per_family = collections.defaultdict(collections.Counter)          # programs containing it
    per_family_single = collections.defaultdict(collections.Counter)   # programs of that family only
    crash_kinds = collections.Counter()
    invalid = 0
    failures = []   # (prog, res)
    for n, (prog, res, attempts) in enumerate(programs(seed, count, families, jobs), 1):
        invalid += attempts
        cat = res.category
        totals[cat] += 1
        for fam in prog.families:
            per_family[fam][cat] += 1
            if prog.single:
                per_family_single[fam][cat] += 1
        if cat in ("wrong", "crash"):
            failures.append((prog, res))
            if cat == "crash":
                crash_kinds.update(crash_kind(res))
        if verbose and cat in ("wrong", "crash"):
            log(f"[{prog.ident}] {cat} {prog.families}: {res.summary()[:300]}")
        if n % 100 == 0:
            log(f"  {n}/{count} programs, {time.time() - t0:.0f} s: " +
                ", ".join(f"{c} {totals[c]}" for c in CATEGORIES))
    elapsed = time.time() - t0

    # save and shrink the failures
    examples = {}
    if out:
        for sub in ("wrong", "crash", "min"):
            os.makedirs(os.path.join(out, sub), exist_ok=True)
        shrunk_count = collections.Counter()
        for prog, res in failures:
            tag = "-".join(prog.families)
            path = os.path.join(out, res.category, f"{prog.ident}_{tag}.py")
            with open(path, "w") as fh:
                fh.write(saved_text(prog, res))
            key = (res.category, tag if prog.single else None)
            if prog.single and shrink_per_family and shrunk_count[key] < shrink_per_family:
                shrunk_count[key] += 1
                text, r2, tries = shrink(prog, res, budget_s=shrink_budget_s)
                mpath = os.path.join(out, "min", f"{res.category}_{prog.ident}_{tag}.py")
                with open(mpath, "w") as fh:
                    fh.write(saved_text(prog, r2, text, note=f" (shrunk, {tries} tries)"))
                if res.category == "wrong":
                    for w in _wclass(prog):
                        examples.setdefault(w, mpath)
                    examples.setdefault(tag, mpath)

    wclasses = {}
    for fam, w in FAMILIES.items():
        if not w:
            continue
        d = wclasses.setdefault(w, {"families": [], "wrong_single": 0, "single": 0, "wrong_any": 0, "any": 0})
        d["families"].append(fam)
        d["wrong_single"] += per_family_single[fam]["wrong"]
        d["single"] += sum(per_family_single[fam].values())
        d["wrong_any"] += per_family[fam]["wrong"]
        d["any"] += sum(per_family[fam].values())
        d["example"] = examples.get(w)
    summary = {
        "seed": seed, "count": count, "jobs": jobs, "seconds": round(elapsed, 1),
        "programs_per_second": round(count / elapsed, 2) if elapsed else None,
        "invalid_regenerated": invalid,
        "totals": {c: totals[c] for c in CATEGORIES},
        "per_family": {f: dict(per_family[f]) for f in sorted(per_family)},
        "per_family_single": {f: dict(per_family_single[f]) for f in sorted(per_family_single)},
        "wclasses": wclasses,
        "crash_kinds": dict(crash_kinds.most_common(40)),
    }
    if out:
        with open(os.path.join(out, "summary.json"), "w") as fh:
            json.dump(summary, fh, indent=1)
        with open(os.path.join(out, "report.md"), "w") as fh:
            fh.write(report_md(summary))
    return summary


def _row(name, c, extra=""):
    return (f"| {name} | {extra}{sum(c.values())} | " + " | ".join(str(c.get(k, 0)) for k in CATEGORIES) + " |")


def report_md(s):
    lines = [f"# tangentish soundness fuzzer: seed {s['seed']}, {s['count']} programs",
             "", f"{s['seconds']} s, {s['programs_per_second']} programs/s ({s['jobs']} process(es)); "
             f"{s['invalid_regenerated']} generated programs discarded (invalid primal) and replaced.", "",
             "| | programs | " + " | ".join(CATEGORIES) + " |", "|---|---|" + "---|" * len(CATEGORIES),
             _row("all", s["totals"]), "",
             "## Per family (programs containing the family / single-family programs)", "",
             "| family | W | programs | " + " | ".join(CATEGORIES) + " | single: programs | "
             + " | ".join(CATEGORIES) + " |", "|---|---|---|" + "---|" * (2 * len(CATEGORIES) + 1)]
    for fam in sorted(FAMILIES, key=lambda f: (FAMILIES[f] == "", int(FAMILIES[f][1:] or 0), f)):
        a = s["per_family"].get(fam, {})
        b = s["per_family_single"].get(fam, {})
        lines.append(f"| {fam} | {FAMILIES[fam]} | {sum(a.values())} | "
                     + " | ".join(str(a.get(k, 0)) for k in CATEGORIES)
                     + f" | {sum(b.values())} | " + " | ".join(str(b.get(k, 0)) for k in CATEGORIES) + " |")
    lines += ["", "## Per W-class of issue 10", "",
              "| W | families | wrong / single-family programs | wrong / all programs containing it | minimal example |",
              "|---|---|---|---|---|"]
    for w in sorted(s["wclasses"], key=lambda w: int(w[1:])):
        d = s["wclasses"][w]
        lines.append(f"| {w} | {', '.join(d['families'])} | {d['wrong_single']} / {d['single']} | "
                     f"{d['wrong_any']} / {d['any']} | {d.get('example') or ''} |")
    lines += ["", "## Crash kinds", ""] + [f"- {n} x `{k}`" for k, n in s["crash_kinds"].items()]
    return "\n".join(lines) + "\n"


def replay(path, log=print):
    prog = load_saved(path)
    res = check(prog)
    log(f"{path}: {res.category}")
    for k, (st, d) in sorted(res.checks.items()):
        log(f"  {k}: {st}" + (f" -- {d}" if d else ""))
    return res
