"""benchmarks/gpu.py's CPU path (issue 16), at tiny sizes: the table has a row per
workload and library, each library's gradient was checked before it was timed
(tangentish's against the hand-written NumPy gradient, the peers' against
tangentish's), a library that is not installed is a skipped row, and a gradient
that does not match is reported and not timed."""
import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "benchmarks")

def _load_gpu():
    """benchmarks/gpu.py as a module, from its file (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("_tangentish_benchmarks_gpu",
                                                  os.path.join(BENCH, "gpu.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gpu = _load_gpu()

LIBS = ["tangentish", "torch", "jax"]


def _installed(lib):
    return importlib.util.find_spec(lib) is not None


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One ``python benchmarks/gpu.py --cpu --tiny`` run: (printed table, JSON results)."""
    out = tmp_path_factory.mktemp("gpu") / "results.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (ROOT, os.environ.get("PYTHONPATH")) if p))
    proc = subprocess.run([sys.executable, os.path.join(BENCH, "gpu.py"), "--cpu", "--tiny",
                           "--json", str(out)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    with open(out) as fh:
        return proc.stdout, json.load(fh)


def _table(stdout):
    """{(workload title, library): the row's cells} from the printed table."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("workload"))
    rows = {}
    for line in lines[start + 2:]:
        cells = [c for c in line.split("  ") if c.strip()]
        if len(cells) < 5 or not line.startswith("("):
            break
        rows[(cells[0].strip(), cells[2].strip())] = [c.strip() for c in cells]
    return rows


def test_the_table_has_a_row_per_workload_and_library(run):
    stdout, _ = run
    rows = _table(stdout)
    titles = ["(b) logistic regression", "(c) MLP"]
    assert set(rows) == {(t, lib) for t in titles for lib in LIBS}
    for title in titles:
        tangentish = rows[(title, "tangentish")]
        assert tangentish[4] == "ok" and tangentish[5] == "hand-written"
        assert tangentish[6].endswith(" ms") and tangentish[7] == "1.00"
        for lib in ("torch", "jax"):
            row = rows[(title, lib)]
            if _installed(lib):
                assert row[4] == "ok" and row[5] == "tangentish", row
                assert float(row[7]) > 0.0
            else:
                assert row[4] == f"skipped: {lib} is not installed", row


def test_each_gradient_was_checked_before_it_was_timed(run):
    _, data = run
    results = data["results"]
    assert data["spec"]["gpu"] is False
    for lib in LIBS:
        res = results[lib]
        if not _installed(lib):
            assert res["skipped"] == f"{lib} is not installed"
            continue
        assert res["device"] == "cpu"
        assert len(res["rows"]) == 2
        for row in res["rows"]:
            assert row["status"] == "ok", row
            assert row["against"] == ("hand-written" if lib == "tangentish" else "tangentish")
            err = float(row["check"].rsplit(" ", 1)[1])
            assert err <= gpu.RTOL["float64"]
            assert row["median_s"] > 0.0 and row["rounds"] == 3


def _fake_case(result):
    calls = []

    def deriv():
        calls.append(1)
        return result
    return (deriv, lambda: None, lambda out: tuple(np.asarray(v) for v in out)), calls


def test_a_wrong_gradient_is_reported_and_not_timed():
    ref = (np.array([1.0, -2.0, 3.0]),)
    case, calls = _fake_case((np.array([1.0, -2.0, 3.001]),))
    row = gpu.measure(case, ref, gpu.RTOL["float64"], rounds=3, min_time=0.001)
    assert row["status"] == "mismatch" and "relative error" in row["note"]
    assert "median_s" not in row and len(calls) == 1       # called once, for the check


def test_a_matching_gradient_is_timed():
    ref = (np.array([1.0, -2.0, 3.0]), np.array(0.5))
    case, calls = _fake_case((np.array([1.0, -2.0, 3.0 + 1e-12]), np.array(0.5)))
    row = gpu.measure(case, ref, gpu.RTOL["float64"], rounds=3, min_time=0.001)
    assert row["status"] == "ok" and row["median_s"] > 0.0 and len(calls) > 2


def test_a_gradient_in_another_precision_is_not_timed():
    ref = (np.array([1.0, -2.0, 3.0]),)
    case, calls = _fake_case((np.array([1.0, -2.0, 3.0], dtype=np.float64),))
    row = gpu.measure(case, ref, gpu.RTOL["float32"], 3, 0.001, dtype="float32")
    assert row["status"] == "mismatch" and "float64" in row["note"] and len(calls) == 1


@pytest.mark.parametrize("got, why", [
    ((np.array([1.0, 2.0]),), "shape"),
    ((np.array([1.0, np.nan, 3.0]),), "relative error"),
    ((np.array([1.0, 2.0, 3.0]), np.array(1.0)), "outputs"),
])
def test_compare_refuses(got, why):
    ok, note = gpu.compare(got, (np.array([1.0, 2.0, 3.0]),), 1e-6)
    assert not ok and why in note


def test_compare_scales_by_the_largest_entry():
    ref = (np.array([1e-12, 1.0]),)    # a tiny entry is judged against the array's scale
    assert gpu.compare((np.array([2e-12, 1.0]),), ref, 1e-6)[0]
    assert not gpu.compare((np.array([1e-5, 1.0]),), ref, 1e-6)[0]


def test_an_error_is_a_row_not_a_crash():
    def deriv():
        raise RuntimeError("no kernel image is available")
    row = gpu.measure((deriv, lambda: None, tuple), ((np.ones(2),)), 1e-6, 3, 0.001)
    assert row["status"] == "error" and "no kernel image" in row["note"]


def test_an_error_while_timing_is_a_row_not_a_crash():
    calls = []

    def deriv():   # right once (the check), then out of memory
        calls.append(1)
        if len(calls) > 1:
            raise MemoryError("out of device memory")
        return (np.ones(2),)
    row = gpu.measure((deriv, lambda: None, tuple), (np.ones(2),), 1e-6, 3, 0.001)
    assert row["status"] == "error" and "out of device memory" in row["note"]
