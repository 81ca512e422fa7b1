"""Run HIPS autograd 1.9.1's own test files against tangentish, through the
``autograd`` shim in ``shim/`` (see README.md here).

    python conformance/autograd/run.py [--files test_numpy,test_core] [--report docs/CONFORMANCE.md]

Downloads autograd's sdist at run time (never vendored), extracts ``tests/``
and runs the selected files with pytest in a subprocess whose ``sys.path``
starts with the shim, so the shim wins over an installed autograd (checked:
the run aborts if ``autograd.__file__`` is not the shim's).  Without network
it prints "skipped" and exits 0.

Environment: ``AUTOGRAD_CONFORMANCE_INDEX_URL`` (an index for pip download;
tests point it at an unreachable address), ``AUTOGRAD_CONFORMANCE_CACHE``
(where the sdist is kept; default: a directory under the system temp dir).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict

VERSION = "1.9.1"
HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = os.path.join(HERE, "shim")
ROOT = os.path.dirname(os.path.dirname(HERE))

FILES = ["test_systematic", "test_numpy", "test_scalar_ops", "test_binary_ops", "test_truediv",
         "test_graphs", "test_core", "test_direct", "test_wrappers", "test_jacobian", "test_dict",
         "test_list", "test_tuple", "test_logic"]

# Tests of autograd's internals (its tracer, boxes, vspaces, primitive table):
# nothing in tangentish corresponds to them.  test id -> why.
EXCLUDED = {
    "test_logic.py::test_unimplemented_falseyness":
        "pops a vjp from autograd.core.primitive_vjps (autograd's primitive table)",
    "test_wrappers.py::test_make_ggnvp":
        "make_ggnvp is built from nested autograd vjps of vjps; no tangentish operator",
    "test_wrappers.py::test_make_ggnvp_nondefault_g":
        "make_ggnvp (as above)",
    "test_wrappers.py::test_deprecated_defgrad_wrapper":
        "autograd's deprecated primitive.defgrad API (tracer internals)",
    "test_wrappers.py::test_deprecated_defvjp_wrapper":
        "autograd's deprecated primitive.defvjp API (tracer internals)",
    "test_wrappers.py::test_deprecated_defvjp_is_zero_wrapper":
        "autograd's deprecated primitive.defvjp_is_zero API (tracer internals)",
    "test_wrappers.py::test_deprecated_quick_grad_check_wrapper":
        "autograd.util.quick_grad_check (deprecated internal helper)",
}


def log(msg):
    print(msg, flush=True)


def fetch_tests(cache):
    """The path of the extracted ``tests/`` of autograd's sdist, or None (no network)."""
    os.makedirs(cache, exist_ok=True)
    sdist = os.path.join(cache, f"autograd-{VERSION}.tar.gz")
    if not os.path.exists(sdist):
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
               f"autograd=={VERSION}", "-d", cache, "--disable-pip-version-check", "-q",
               "--timeout", "15", "--retries", "0"]
        index = os.environ.get("AUTOGRAD_CONFORMANCE_INDEX_URL")
        if index:
            cmd += ["--index-url", index]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        except (OSError, subprocess.TimeoutExpired) as e:
            log(f"pip download failed: {e}")
            return None
        if done.returncode != 0 or not os.path.exists(sdist):
            log("pip download failed:\n" + (done.stderr or done.stdout).strip()[-800:])
            return None
    dest = os.path.join(cache, f"autograd-{VERSION}")
    if not os.path.isdir(os.path.join(dest, "tests")):
        with tarfile.open(sdist) as tar:
            members = [m for m in tar.getmembers() if f"autograd-{VERSION}/tests/" in m.name + "/"]
            tar.extractall(cache, members=members, filter="data")
    return os.path.join(dest, "tests")


# The pytest subprocess: the shim first on sys.path, then this checkout's
# tangentish, then autograd's tests dir (they import numpy_utils, test_binary_ops).
_RUNNER = r"""
import json, sys
sys.path[:0] = {paths!r}
import autograd
assert autograd.__file__.startswith({shim!r}), "the shim lost: " + autograd.__file__
print("autograd.__file__ =", autograd.__file__, flush=True)
import pytest
results = []

class Collect:
    def pytest_collectreport(self, report):
        if report.failed:
            results.append(dict(id=report.nodeid, when="collect", outcome="failed",
                                message=str(report.longrepr).strip().splitlines()[-1]))

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            msg = ""
            if report.outcome != "passed":
                exc = getattr(report.longrepr, "reprcrash", None)
                msg = exc.message if exc is not None else str(report.longrepr)
                line = ""
                if exc is not None and exc.path.endswith(".py") and msg.strip() == "AssertionError":
                    try:
                        line = open(exc.path).read().splitlines()[exc.lineno - 1].strip()
                    except (OSError, IndexError):
                        pass
            results.append(dict(id=report.nodeid, when=report.when, outcome=report.outcome,
                                message=msg, line=line if report.outcome != "passed" else ""))

code = pytest.main({args!r}, plugins=[Collect()])
with open({out!r}, "w") as f:
    json.dump(results, f)
"""


def run_pytest(tests_dir, files, out_json):
    deselect = []
    for test_id in EXCLUDED:
        if test_id.split("::")[0][:-3] in files:
            deselect += ["--deselect", test_id]
    args = [os.path.join(tests_dir, f + ".py") for f in files] + deselect + [
        "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "--rootdir", tests_dir,
        "-W", "error::numpy.exceptions.ComplexWarning", "--tb=short", "-o", "addopts=",
        "--assert=plain", "--continue-on-collection-errors"]
    code = _RUNNER.format(paths=[SHIM, ROOT, tests_dir], shim=SHIM, args=args, out=out_json)
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=tests_dir, env=env,
                          capture_output=True, text=True)
    head = [ln for ln in done.stdout.splitlines() if ln.startswith("autograd.__file__")]
    if not head:
        log(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit("the pytest subprocess failed before running tests")
    log(head[0])
    with open(out_json) as f:
        return json.load(f)


def classify(r):
    """One line: the exception type + first line of the message, or "wrong value"
    for an assertion on numbers."""
    msg = (r["message"] or "").strip()
    first = msg.splitlines()[0] if msg else ""
    if "check_grads:" in msg or "Value mismatch" in msg or "disagrees with finite" in msg:
        return "wrong value", first
    if first.strip() == "AssertionError":
        # a bare assert (pytest runs with --assert=plain): judge it by its source line
        line = r.get("line", "")
        if re.search(r"dtype|isinstance|__name__|__doc__|\btype\b", line):
            return "AssertionError (not on numbers)", f"AssertionError at `{line}`"
        return "wrong value", f"AssertionError at `{line}`"
    etype = first.split(":")[0] if ":" in first else first
    return etype, first


def cause_key(kind, first):
    """Group failures: wrong values by themselves; exceptions by type and message
    with numbers, quoted names and locations blanked."""
    if kind.startswith("AssertionError"):
        return kind
    if kind == "wrong value":
        return "wrong value (" + ("check_grads: generated derivative disagrees with finite differences"
                                  if "check_grads" in first else "value assertion") + ")"
    s = re.sub(r"<[^>]*>:\d+:\d+: ", "", first)
    s = re.sub(r"/\S+\.py:\d+:\d+: ", "", s)
    s = re.sub(r"'(?!(?:complex|dict|list|tuple)')[^']*'", "'…'", s)
    s = re.sub(r"\d+", "N", s)
    return s[:160]


def summarize(results, files):
    per = {f: Counter() for f in files}
    failures = []
    for r in results:
        f = r["id"].split("::")[0].split("/")[-1][:-3]
        outcome = r["outcome"]
        if outcome == "failed" and r["when"] != "call":
            outcome = "error"
        per.setdefault(f, Counter())[outcome] += 1
        if outcome in ("failed", "error"):
            kind, first = classify(r)
            failures.append(dict(r, kind=kind, first=first, file=f, cause=cause_key(kind, first)))
    return per, failures


def write_report(path, per, failures, files):
    causes = Counter(f["cause"] for f in failures)
    by_cause = defaultdict(list)
    for f in failures:
        by_cause[f["cause"]].append(f)
    wrong = [f for f in failures if f["kind"] == "wrong value"]
    L = [f"# Conformance: autograd {VERSION}'s test suite against tangentish", "",
         "Generated by `python conformance/autograd/run.py` (see conformance/autograd/README.md);",
         "the hand-written sections at the end come from `conformance/autograd/divergences.md`.", "",
         "## Wrong numbers (assertions on values, not exceptions)", ""]
    if wrong:
        L += [f"{len(wrong)} test(s) fail on a value. Reproductions with tangentish alone are in",
              "the section *Wrong-number reproductions* below.", ""]
        L += [f"* `{f['id'].split('/')[-1]}`: {f['first'][:200]}" for f in wrong]
    else:
        L += ["None."]
    L += ["", "## Counts per file", "", "| file | passed | failed | error | skipped |",
          "|---|---:|---:|---:|---:|"]
    tot = Counter()
    for f in files:
        c = per.get(f, Counter())
        tot.update(c)
        L.append(f"| {f} | {c['passed']} | {c['failed']} | {c['error']} | {c['skipped']} |")
    L.append(f"| **total** | {tot['passed']} | {tot['failed']} | {tot['error']} | {tot['skipped']} |")
    L += ["", "## Failures by cause (most frequent first)", ""]
    for cause, n in causes.most_common():
        L.append(f"### {n} × {cause}")
        L.append("")
        for f in by_cause[cause]:
            L.append(f"* `{f['id'].split('/')[-1]}`: {f['first'][:220]}")
        L.append("")
    L += ["## Excluded tests (autograd internals)", ""]
    L += [f"* `{k}`: {v}" for k, v in EXCLUDED.items()]
    extra = os.path.join(HERE, "divergences.md")
    if os.path.exists(extra):
        L += ["", open(extra).read().rstrip()]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--files", default=",".join(FILES), help="comma-separated test file stems")
    p.add_argument("--report", default=None, help="write the markdown report here")
    p.add_argument("--json", default=None, help="write the raw per-test results here")
    p.add_argument("--real-only", action="store_true",
                   help="diagnostic: the shim's check_grads skips complex arguments (shows what "
                        "the complex-only failures hide)")
    a = p.parse_args(argv)
    if a.real_only:
        os.environ["AUTOGRAD_SHIM_REAL_ONLY"] = "1"
    files = [f.strip() for f in a.files.split(",") if f.strip()]
    cache = os.environ.get("AUTOGRAD_CONFORMANCE_CACHE") or \
        os.path.join(tempfile.gettempdir(), "tangentish-autograd-conformance")
    tests_dir = fetch_tests(cache)
    if tests_dir is None:
        log(f"autograd {VERSION} could not be downloaded (no network?): conformance run skipped")
        return 0
    out_json = a.json or os.path.join(cache, "results.json")
    results = run_pytest(tests_dir, files, out_json)
    per, failures = summarize(results, files)
    for f in files:
        c = per.get(f, Counter())
        log(f"{f:18s} passed {c['passed']:4d}  failed {c['failed']:4d}  error {c['error']:3d}")
    for cause, n in Counter(x["cause"] for x in failures).most_common():
        log(f"{n:4d}  {cause}")
    for f in failures:
        if f["kind"] == "wrong value":
            log(f"WRONG VALUE {f['id'].split('/')[-1]}: {f['first'][:200]}")
    if a.report:
        write_report(a.report, per, failures, files)
        log(f"report written to {a.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
