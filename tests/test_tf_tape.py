"""tangentish.tf's tape against TF 2.21, label by label.

tests/golden/record_tf_tape.py holds the cases (custom_gradient,
jacobian/batch_jacobian, tape lifecycle and watching, dtypes, printing) and
recorded them from real TensorFlow into tests/golden/tf_tape.json; here the
same functions run on ``tangentish.tf``.  Each result must be TF's: the
exception class and message, or the value's type and repr (str and repr for
printing).  A message is compared unless TF's names its internal graph nodes
(``{{function_node ...}}``, ``NodeDef``): then the class only.  The labels in
``DIVERGENT`` differ on purpose; each is checked to differ and to be listed in
tangentish/tf/__init__.py's divergences."""
import json
import pathlib
import re
import sys

import numpy as np
import pytest

import tangentish.tf as tf

GOLDEN_DIR = pathlib.Path(__file__).parent / "golden"
sys.path.insert(0, str(GOLDEN_DIR))
import record_tf_tape  # noqa: E402  (the recorder's cases, run here on tangentish.tf)

sys.path.remove(str(GOLDEN_DIR))

GOLDEN = json.loads((GOLDEN_DIR / "tf_tape.json").read_text(encoding="utf-8"))["cases"]
CASES = record_tf_tape.build(tf)

# label -> a phrase of its entry in tangentish/tf/__init__.py's divergence list
DIVERGENT = {
    "custom/none_gradient": "``None`` gradient",
    "custom/grad_returns_python_number": "a Python number",
    "custom/log1pexp_second_order_2": "last bit",
    "jacobian/batch_variable_source": "last bit",
    "custom/outer_tape_begun_after_variable": "gradient through that call",
    "custom/outer_tape_begun_after_constant": "gradient through that call",
    "custom/outer_tape_begun_after_log1pexp": "gradient through that call",
    "jacobian/parallel_iterations_1": "parallel_iterations",
}


# TF 2.21 prints through numpy 2.2+ (a summarised array's repr names its shape) and
# its float() of a one-element array raises as numpy 2.4's does; on an older numpy
# (Python 3.9 has numpy 2.0 at most) the facade prints and converts as that numpy
# does: those labels compare with the shape clause taken out, and float() of a
# vector is whatever that numpy gives.
OLD_NUMPY = tuple(int(p) for p in np.__version__.split(".")[:2]) < (2, 2)
_SHAPE_CLAUSE = re.compile(r",\n?\s*shape=\([0-9, ]*\)(?=, dtype=)")


def _same(got, want):
    message = want.get("message", "")
    if "exception" in want and ("{{function_node" in message or "NodeDef" in message):
        return got.get("exception") == want["exception"]
    if OLD_NUMPY:
        want = {k: _without_shape_clause(v) if k in ("repr", "str") else v
                for k, v in want.items()}
    return got == want


def _without_shape_clause(text):
    """numpy < 2.2's repr of a summarised array: no ``shape=``, so a 1-D one fits on
    the ``numpy=`` line."""
    head, sep, array = text.partition("numpy=")      # (numpy's part of a TF repr)
    if not sep or "..." not in array:       # (an empty array names its shape in any numpy)
        return text
    new = _SHAPE_CLAUSE.sub("", array)
    if new != array and new.startswith("\n") and "\n" not in new[1:]:
        new = new[1:]
    return head + sep + new


def _run(label):
    kind, fn = CASES[label]
    return record_tf_tape.run_case(kind, fn)


def test_the_recorder_and_the_golden_file_have_the_same_labels():
    assert set(CASES) == set(GOLDEN)
    assert len(GOLDEN) >= 200
    assert set(DIVERGENT) <= set(GOLDEN)


NUMPY_DEPENDENT = {"print/format_float_of_vector"}    # float() of a (1,) array


@pytest.mark.parametrize("label", sorted(set(GOLDEN) - set(DIVERGENT)))
def test_matches_tensorflow(label):
    got = _run(label)
    if OLD_NUMPY and label in NUMPY_DEPENDENT:
        assert got == {"type": "float", "value": "2.5"}    # numpy before 2.4 converts
        return
    assert _same(got, GOLDEN[label]), (got, GOLDEN[label])


@pytest.mark.parametrize("label", sorted(DIVERGENT))
def test_divergence_differs_and_is_documented(label):
    assert not _same(_run(label), GOLDEN[label])   # else: drop it from DIVERGENT
    doc = " ".join(tf.__doc__.split())
    assert DIVERGENT[label] in doc


def test_at_least_95_percent_match():
    matching = len(GOLDEN) - len(DIVERGENT)
    assert matching / len(GOLDEN) >= 0.95


# ---------------------------------------------------------------------------
# The numbers behind the new behaviours, against finite differences.
def _fd(f, x, eps=1e-6):
    x = np.asarray(x, dtype=np.float64)
    out = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = eps
        out[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return out


@tf.custom_gradient
def _sin_and_product(x, y):
    def grad(da, db):
        return da * tf.cos(x) + db * y, db * x
    return (tf.sin(x), x * y), grad


def _loss(a, b):
    return tf.reduce_sum(a * a) + 3.0 * tf.reduce_sum(b)


def test_several_outputs_give_the_gradient_of_the_functions_they_compute():
    x0, y0 = np.array([0.3, -1.2]), np.array([2.0, 0.5])
    x, y = tf.Variable(x0), tf.Variable(y0)
    with tf.GradientTape() as tape:
        a, b = _sin_and_product(x, y)
        z = _loss(a, b)
    gx, gy = tape.gradient(z, [x, y])

    def numeric(xv, yv):
        return np.sum(np.sin(xv) ** 2) + 3.0 * np.sum(xv * yv)
    np.testing.assert_allclose(gx.numpy(), _fd(lambda v: numeric(v, y0), x0), rtol=1e-6)
    np.testing.assert_allclose(gy.numpy(), _fd(lambda v: numeric(x0, v), y0), rtol=1e-6)
    assert "tape_program" in tf.last_gradient_source()   # the engine's generated code


def test_second_order_through_several_outputs():
    x0 = 0.7
    x = tf.Variable(np.float64(x0))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            a, b = _sin_and_product(x, tf.constant(2.0, tf.float64))
            z = a * a + b
        g = inner.gradient(z, x)
    h = outer.gradient(g, x)
    first = lambda v: np.sin(2 * v) + 2.0   # d/dx (sin(x)^2 + 2x)  # noqa: E731
    assert abs(g.numpy() - first(x0)) < 1e-12
    assert abs(h.numpy() - _fd(first, x0)) < 1e-6


def test_several_outputs_of_different_dtypes_are_refused():
    @tf.custom_gradient
    def mixed(x):
        return (x * 2.0, tf.cast(x, tf.float64)), lambda d1, d2: d1
    with pytest.raises(NotImplementedError, match="one dtype"):
        mixed(tf.constant(1.0))


def test_complex_source_gradient_is_tensorflows_d_dx_plus_i_d_dy():
    z0 = np.array([3.0 + 4.0j, -1.0 + 0.5j])
    z = tf.Variable(z0)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.abs(z * z) + tf.abs(z))
    g = tape.gradient(y, z).numpy()

    def f(re, im):
        w = re + 1j * im
        return np.sum(np.abs(w * w) + np.abs(w))
    want = _fd(lambda r: f(r, z0.imag), z0.real) + 1j * _fd(lambda i: f(z0.real, i), z0.imag)
    np.testing.assert_allclose(g, want, rtol=1e-6)


def test_complex_target_gradient_is_that_of_the_real_part_of_its_weighted_sum():
    z0 = np.array([1.0 + 2.0j, -0.5 + 0.25j])
    w0 = np.array([2.0 - 1.0j, 0.5 + 3.0j])
    z = tf.Variable(z0)
    with tf.GradientTape() as tape:
        y = z * z * z
    g = tape.gradient(y, z, output_gradients=tf.constant(w0)).numpy()

    def f(re, im):
        return np.real(np.sum((re + 1j * im) ** 3 * np.conj(w0)))
    want = _fd(lambda r: f(r, z0.imag), z0.real) + 1j * _fd(lambda i: f(z0.real, i), z0.imag)
    np.testing.assert_allclose(g, want, rtol=1e-6)


def test_complex_source_under_an_outer_tape_is_refused():
    z = tf.Variable(np.array([3.0 + 4.0j]))
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = tf.reduce_sum(tf.abs(z))
        with pytest.raises(NotImplementedError, match="complex source"):
            inner.gradient(y, z)
    del outer


def test_gradient_of_a_jacobian_against_finite_differences():
    x0 = np.array([0.5, -1.5])
    weights = np.array([[1.0, 2.0], [3.0, 4.0]])
    x = tf.Variable(x0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = tf.sin(x) * x
        j = inner.jacobian(y, x)
        s = tf.reduce_sum(j * weights)
    got = outer.gradient(s, x).numpy()

    def jac_sum(v):
        return np.sum(np.diag(np.cos(v) * v + np.sin(v)) * weights)
    np.testing.assert_allclose(got, _fd(jac_sum, x0), rtol=1e-6)


def test_gradient_of_the_source_itself_adds_to_other_paths():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    assert tape.gradient([x, y], x).numpy() == 7.0   # 1 + 2x, as TF
