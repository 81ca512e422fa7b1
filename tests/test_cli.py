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
    assert "Traceback" not in out.stderr
    assert "tests/corpus/funcs_errors.py" in out.stderr and "try/except" in out.stderr


def one_line_error(out, status=2):
    """The stderr of a failed run: the note that the file runs, then one error line."""
    assert out.returncode == status, (out.stdout, out.stderr)
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines()
             if not line.startswith("tangentish: importing ")]
    assert len(lines) == 1 and lines[0].startswith("error: "), out.stderr
    return lines[0]


def test_cli_missing_function():
    # before: a traceback ending in AttributeError: module ... has no attribute 'nope'
    line = one_line_error(run("examples/basics.py:nope"))
    assert line == ("error: examples/basics.py defines no 'nope' "
                    "(functions there: f, logistic_loss, softplus_norm)")


def test_cli_missing_parameter():
    # before: a traceback ending in ValueError: f() has no parameter 'y' (parameters: x)
    line = one_line_error(run("examples/basics.py:f", "--wrt", "y"))
    assert line == "error: --wrt y: f() has no parameter 'y' (parameters: x)"
    line = one_line_error(run("examples/basics.py:f", "--wrt", "3"))
    assert line == "error: --wrt 3: wrt=3 is out of range: f() takes 1 positional arguments"


def test_cli_syntax_error_and_missing_file(tmp_path):
    # before: a traceback ending in SyntaxError
    bad = tmp_path / "bad.py"
    bad.write_text("import numpy as np\ndef f(x):\n    return np.sum(x ** 2\n")
    line = one_line_error(run(f"{bad}:f"))
    assert line.startswith(f"error: {bad}:3: syntax error: ")
    line = one_line_error(run(f"{tmp_path / 'missing.py'}:f"))
    assert line == f"error: no such file: {tmp_path / 'missing.py'}"
    line = one_line_error(run("examples/basics.py"))
    assert line == "error: expected FILE.py:FUNCTION, got 'examples/basics.py'"


def test_cli_top_level_code_runs_and_says_so(tmp_path):
    script = tmp_path / "noisy.py"
    script.write_text("print('top level ran')\n\ndef f(x):\n    return x * x\n")
    out = run(f"{script}:f")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("top level ran\ndef grad_f(x):")
    assert out.stderr == f"tangentish: importing {script} (its top-level code runs)\n"
    script.write_text("def f(x):\n    return x * x\n\nraise RuntimeError('no data file')\n")
    line = one_line_error(run(f"{script}:f"))
    assert line == (f"error: running the top-level code of {script} raised "
                    "RuntimeError: no data file")


def test_cli_version_and_help():
    import tangentish
    out = run("--version")
    assert out.returncode == 0 and out.stdout == f"tangentish {tangentish.__version__}\n"
    out = run("--help")
    assert out.returncode == 0
    text = " ".join(out.stdout.split())
    for option in ("--wrt", "--mode", "--dump", "--version", "FILE.py:FUNCTION"):
        assert option in text
    assert "its top-level code runs" in text
    assert "'grad' (default), the gradient of a scalar-valued function" in text
    assert "'vjp', the vector- Jacobian product" in text or "'vjp', the vector-Jacobian" in text
    out = run("examples/basics.py:f", "--mode", "third")
    assert out.returncode == 2 and "invalid choice: 'third'" in out.stderr


def test_example_script_runs():
    out = subprocess.run([sys.executable, "examples/basics.py"], cwd=ROOT, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    assert "grad f at ones(3)" in out.stdout
