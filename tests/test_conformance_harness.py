"""The autograd conformance harness (conformance/autograd/): the shim maps autograd's
API onto tangentish, and run.py skips cleanly without network.  No network here:
the download is pointed at an unreachable index."""
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIM = os.path.join(ROOT, "conformance", "autograd", "shim")
RUN = os.path.join(ROOT, "conformance", "autograd", "run.py")

# run in a subprocess: the real autograd may be imported in this process
SCRIPT = textwrap.dedent("""
    import sys
    sys.path[:0] = [{shim!r}, {root!r}]
    import numpy as onp
    import autograd
    import autograd.numpy as np
    from autograd import grad, elementwise_grad, value_and_grad
    from autograd.test_util import check_grads
    assert autograd.__file__.startswith({shim!r}), autograd.__file__
    assert np is onp

    def f(x, y):
        return np.sum(np.sin(x) * y)

    def g(x):
        return np.tanh(x) * x

    x = onp.array([0.1, -0.4, 0.7])
    assert onp.allclose(grad(f)(x, 2.0), 2.0 * onp.cos(x))
    assert onp.allclose(grad(f, 1)(x, 2.0), onp.sum(onp.sin(x)))
    v, d = value_and_grad(f, (0, 1))(x, 2.0)
    assert onp.isclose(v, f(x, 2.0)) and onp.allclose(d[1], onp.sum(onp.sin(x)))
    t = onp.tanh(x)
    assert onp.allclose(elementwise_grad(g)(x), t + x * (1 - t ** 2))
    check_grads(f)(x, 2.0)
    check_grads(f, argnum=1, modes=["rev"])(x, 2.0)
    check_grads(g, modes=["fwd", "rev"], order=2)(x)
    check_grads(np.sum)(x, axis=0)      # keywords bound by the shim's wrapper
    try:
        check_grads(lambda x: np.sum(x * 1.1) if False else np.sum(x * 1.0 + 0.2 * x), order=1)(x)
    except AssertionError:
        raise SystemExit("unexpected check_grads failure")
    print("SHIM-OK")
""")


def test_shim_maps_grad_elementwise_grad_check_grads(tmp_path):
    script = tmp_path / "shim_check.py"
    script.write_text(SCRIPT.format(shim=SHIM, root=ROOT))
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SHIM-OK" in done.stdout


def test_run_skips_without_network(tmp_path):
    env = dict(os.environ, AUTOGRAD_CONFORMANCE_INDEX_URL="http://127.0.0.1:9/simple",
               AUTOGRAD_CONFORMANCE_CACHE=str(tmp_path / "cache"), PIP_NO_INDEX="",
               PIP_FIND_LINKS="")
    done = subprocess.run([sys.executable, RUN, "--files", "test_core"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "skipped" in done.stdout
