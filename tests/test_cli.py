"""python -m tangentish FILE.py:F prints the generated source."""
import os
import subprocess
import sys

from tangentish import driver

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args):
    return subprocess.run([sys.executable, "-m", "tangentish", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_cli_prints_generated_source():
    out = run("examples/basics.py:f", "--wrt", "x")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("def grad_f(x):")
    assert "return dx" in out.stdout


def test_cli_vjp_and_dump():
    out = run("examples/basics.py:logistic_loss", "--wrt", "w", "--dump")
    assert out.returncode == 0, out.stderr
    titles = ["parse"] + [name for name, _ in driver.pipeline("grad")] + ["emit"]
    assert "fence" in titles and "aliasing" in titles and "optimize" in titles
    shown = [line[len("# ---- after "):-len(" ----")] for line in out.stdout.splitlines()
             if line.startswith("# ---- after ")]
    assert shown == titles            # every entry of the pass table, in order
    out = run("examples/basics.py:softplus_norm", "--mode", "vjp")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("def vjp_softplus_norm(dsqrt_sum_pow_h, x, scale=2.0):")


def test_cli_reports_transform_errors():
    out = run("tests/corpus/funcs_errors.py:uses_try")
    assert out.returncode == 1
    assert "tests/corpus/funcs_errors.py" in out.stderr and "try/except" in out.stderr


def test_example_script_runs():
    out = subprocess.run([sys.executable, "examples/basics.py"], cwd=ROOT, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    assert "grad f at ones(3)" in out.stdout
