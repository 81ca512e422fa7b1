"""tangentish.tf: TensorFlow 2.21 semantics on numpy, gradients by the engine.

Cases recorded from real TF 2.21 (tests/golden/tf_semantics.json, written by
tests/golden/record_tf_semantics.py) are re-run here with the same code and
must give the same strings; the three documented divergences are checked to
do what tangentish/tf/__init__.py says instead."""
import inspect
import json
import linecache
import pathlib
import re

import numpy as np
import pytest

import tangentish as tg
import tangentish.tf as tf
from tests.golden.tf_outcomes import outcome

GOLDEN = json.loads((pathlib.Path(__file__).parent / "golden" / "tf_semantics.json")
                    .read_text(encoding="utf-8"))["cases"]


# ---------------------------------------------------------------------------
# The recorder's cases, run on tangentish.tf (same code as record_tf_semantics.py).




SHOWN = {
    "str_repr/constant_scalar_f32": lambda: tf.constant(6.0),
    "str_repr/constant_vec_f32": lambda: tf.constant([1., 2., 3.]),
    "str_repr/constant_mat_f32": lambda: tf.constant([[1., 2.], [3., 4.]]),
    "str_repr/constant_3x3_f32":
        lambda: tf.constant([[1.5, -2.25, 3.0], [0.1, 0.2, 0.3], [10.0, 0.5, -7.0]]),
    "str_repr/constant_2x3x2_f32": lambda: tf.reshape(tf.range(12.0), (2, 3, 2)),
    "str_repr/constant_int32_scalar": lambda: tf.constant(3),
    "str_repr/constant_int64_vec": lambda: tf.constant([1, 2], dtype=tf.int64),
    "str_repr/constant_bool": lambda: tf.constant(True),
    "str_repr/constant_f64_scalar": lambda: tf.constant(2.5, dtype=tf.float64),
    "str_repr/constant_f64_from_numpy": lambda: tf.constant(np.array([0.1, 0.2, 1.0 / 3.0])),
    "str_repr/constant_f16_vec": lambda: tf.constant([1.0, 2.5, 0.1], dtype=tf.float16),
    "str_repr/range_1000_f32": lambda: tf.range(1000, dtype=tf.float32),
    "str_repr/range_400_reshaped_20x20_f32": lambda: tf.reshape(tf.range(400.0), (20, 20)),
    "str_repr/tiny_scalar_1e-8": lambda: tf.constant(1e-8),
    "str_repr/huge_scalar_1e10": lambda: tf.constant(1e10),
    "str_repr/vec_tiny_and_one": lambda: tf.constant([1e-8, 1.0]),
    "str_repr/vec_nan_inf": lambda: tf.constant([float("nan"), float("inf"), -float("inf"), 1.0]),
    "str_repr/variable_scalar_f32": lambda: tf.Variable(3.0),
    "str_repr/variable_mat_f32": lambda: tf.Variable([[1., 2.], [3., 4.]]),
    "str_repr/variable_int32": lambda: tf.Variable(3),
    "str_repr/variable_named": lambda: tf.Variable(1.0, name="weights"),
}


def second_gradient_call():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x ** 2
    tape.gradient(y, x)
    return tape.gradient(y, x)


def unwatched_constant():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = x ** 2
    return tape.gradient(y, x)


def unconnected(mode):
    x = tf.Variable([1.0, 2.0])
    z = tf.Variable(5.0)
    with tf.GradientTape() as tape:
        y = z * 2.0
    if mode is None:
        return tape.gradient(y, x)
    return tape.gradient(y, x, unconnected_gradients=mode)


def nested_sources():
    a = tf.Variable(1.0)
    b = tf.Variable(2.0)
    c = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = a * b * c
    return tape.gradient(y, {"p": [a, b], "q": (c,)})


def list_target():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y1 = x ** 2
        y2 = x * 4.0
    return tape.gradient([y1, y2], x)


def output_gradients():
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = x ** 2
    return tape.gradient(y, x, output_gradients=tf.constant([1.0, 10.0, 100.0]))


def after_block():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x ** 2
    z = y * 3.0  # computed after the with block
    return tape.gradient(z, x)


def int_variable():
    x = tf.Variable(3)
    with tf.GradientTape() as tape:
        y = x ** 2
    return tape.gradient(y, x)


def custom_grad_scaled():
    @tf.custom_gradient
    def clip_gradient(x):
        def grad(upstream):
            return tf.clip_by_value(upstream, -1, 1)
        return x, grad

    x = tf.Variable(10.0)
    with tf.GradientTape() as tape:
        y = clip_gradient(x * 100)
    return tape.gradient(y, x)


def stop_grad():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x ** 2
        z = tf.stop_gradient(y) * x + y
    return [tf.stop_gradient(tf.constant([1.0, 2.0])), tape.gradient(z, x)]


def jac(kind):
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        y_list = [x[0] ** 2 + x[1], x[0] * x[1]]
        y_stacked = tf.stack(y_list)
    if kind == "stacked":
        return tape.jacobian(y_stacked, x)
    if kind == "list":
        return tape.jacobian(y_list, x)
    return tape.jacobian(tf.stack(y_list), x)  # stack outside the tape


def batch_jac():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return tape.batch_jacobian(y, x)


def watched():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    with tf.GradientTape() as tape:
        y = b * 2.0 + a  # noqa: F841
    return [v.name for v in tape.watched_variables()]


G = [tf.constant([10.0, 20.0, 30.0])]  # the chapter's gradient-clipping input
M = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])

OUTCOMES = {
    "format/eager_scalar_.4f": lambda: f"{tf.constant(1.23456):.4f}",
    "format/variable_.4f": lambda: f"{tf.Variable(1.23456):.4f}",
    "grad/second_call_non_persistent": second_gradient_call,
    "grad/unwatched_constant": unwatched_constant,
    "grad/unconnected_default_none": lambda: unconnected(None),
    "grad/unconnected_zero": lambda: unconnected(tf.UnconnectedGradients.ZERO),
    "grad/nested_dict_list_sources": nested_sources,
    "grad/list_target_summed": list_target,
    "grad/output_gradients_weighting": output_gradients,
    "grad/target_computed_outside_block": after_block,
    "grad/int_variable_source": int_variable,
    "grad/custom_gradient_clip_times_100": custom_grad_scaled,
    "grad/stop_gradient_value_and_grad": stop_grad,
    "jacobian/stacked_inside_tape": lambda: jac("stacked"),
    "jacobian/list_target": lambda: jac("list"),
    "jacobian/stacked_outside_tape": lambda: jac("outside"),
    "jacobian/batch_jacobian_square": batch_jac,
    "tape/watched_variables_names": watched,
    "dtype/f32_tensor_plus_f64_numpy": lambda: tf.constant([1.0, 2.0]) + np.array([0.5, 0.25]),
    "dtype/python_float_plus_f32_tensor": lambda: 1.5 + tf.constant(2.0),
    "dtype/python_float_plus_int32_tensor": lambda: tf.constant(3) + 1.5,
    "dtype/f32_const_times_f64_numpy": lambda: tf.constant(2.0) * np.array([1.0, 2.0]),
    "dtype/f32_plus_f64_tensor": lambda: tf.constant(1.0) + tf.constant(1.0, dtype=tf.float64),
    "dtype/cast_float_to_int32_truncation":
        lambda: tf.cast(tf.constant([1.7, -1.7, 2.5, -0.5]), tf.int32),
    "ops/clip_by_norm": lambda: tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0),
    "ops/clip_by_global_norm":
        lambda: tf.clip_by_global_norm([tf.constant([3.0, 4.0]), tf.constant([12.0])], 1.0),
    "ops/compat_v1_clip_by_average_norm":
        lambda: tf.compat.v1.clip_by_average_norm(G, clip_norm=1.0),
    "ops/softmax_1d": lambda: tf.nn.softmax(tf.constant([1.0, 2.0, 3.0])),
    "ops/reduce_sum_axis0": lambda: tf.reduce_sum(M, axis=0),
    "ops/reduce_mean_axis1_keepdims": lambda: tf.reduce_mean(M, axis=1, keepdims=True),
    "ops/reduce_max_axis_neg1": lambda: tf.reduce_max(M, axis=-1),
    "ops/reduce_mean_int": lambda: tf.reduce_mean(tf.constant([1, 2])),
    "ops/range_int": lambda: tf.range(5),
    "ops/range_start_limit_delta_float": lambda: tf.range(1.0, 2.0, 0.25),
    "ops/where_3arg": lambda: tf.where(tf.constant([True, False, True]),
                                       tf.constant([1.0, 2.0, 3.0]),
                                       tf.constant([-1.0, -2.0, -3.0])),
    "ops/where_1arg": lambda: tf.where(tf.constant([[True, False], [False, True]])),
    "ops/variable_assign_add_return": lambda: tf.Variable(1.0).assign_add(2.0),
}

# Where tangentish.tf deliberately differs (documented in tangentish/tf/__init__.py).
DIVERGENT = {"format/variable_.4f", "jacobian/list_target", "ops/softmax_1d"}


def test_every_recorded_case_is_checked():
    covered = set(SHOWN) | set(OUTCOMES) | {"variable_names/first_second_third_unnamed"}
    assert set(GOLDEN) == covered


@pytest.mark.parametrize("key", sorted(SHOWN))
def test_str_and_repr_match_tensorflow(key):
    t = SHOWN[key]()
    assert str(t) == GOLDEN[key]["str"]
    assert repr(t) == GOLDEN[key]["repr"]


def test_variable_names_match_tensorflow():
    names = [tf.Variable(3.0).name, tf.Variable(4.0).name, tf.Variable(5.0).name]
    assert names == GOLDEN["variable_names/first_second_third_unnamed"]["value"]


@pytest.mark.parametrize("key", sorted(set(OUTCOMES) - DIVERGENT))
def test_outcome_matches_tensorflow(key):
    assert outcome(OUTCOMES[key]) == GOLDEN[key]


def test_divergence_format_spec_on_a_variable():
    assert GOLDEN["format/variable_.4f"]["exception"] == "TypeError"
    assert outcome(OUTCOMES["format/variable_.4f"]) == GOLDEN["format/eager_scalar_.4f"]
    with pytest.raises(TypeError, match="unsupported format string"):
        f"{tf.Variable([1.0, 2.0]):.4f}"   # as for numpy arrays and TF tensors


def test_divergence_jacobian_of_a_list_target_stacks_it():
    assert GOLDEN["jacobian/list_target"]["exception"] == "AttributeError"
    assert outcome(OUTCOMES["jacobian/list_target"]) == GOLDEN["jacobian/stacked_inside_tape"]


def test_divergence_softmax_is_numpy_exact_not_eigen():
    got = tf.nn.softmax(tf.constant([1.0, 2.0, 3.0]))
    recorded = np.array([0.09003057, 0.24472848, 0.6652409], dtype=np.float32)
    assert got.dtype == tf.float32
    np.testing.assert_allclose(got.numpy(), recorded, rtol=2e-7)


def test_divergence_clip_by_average_norm_at_top_level():
    got = tf.clip_by_average_norm(G, clip_norm=1.0)
    assert repr(got) == GOLDEN["ops/compat_v1_clip_by_average_norm"]["value"]


def test_divergences_are_documented():
    doc = " ".join(tf.__doc__.split())
    for phrase in ("Divergences from TensorFlow 2.21", "ResourceVariable.__format__",
                   "clip_by_average_norm", "'list' object has no attribute 'shape'",
                   "gradient_source", "last_gradient_source"):
        assert phrase in doc


# ---------------------------------------------------------------------------
# The tape goes through the engine.
def test_gradient_source_is_the_engines_adjoint_of_the_recorded_ops():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = tf.sin(x) * x
        z = tf.reduce_sum(tf.exp(y) * np.array([1.0, 2.0], dtype=np.float32))
    program = tape.program_source(z, x)
    adjoint = tape.gradient_source(z, x)
    g = tape.gradient(z, x)
    number = tf.last_tape_program().number
    assert re.search(rf"^def tape_program_{number}\(s0, c0\):", program, re.M)
    for line in ("v0 = np.sin(s0)", "v1 = v0 * s0", "v2 = np.exp(v1)", "v3 = v2 * c0",
                 "v4 = np.sum(v3)"):
        assert f"\n    {line}\n" in program
    # the adjoint replays the forward ops it needs (the loss value itself is not needed)
    for line in ("v0 = np.sin(s0)", "v1 = v0 * s0", "v2 = np.exp(v1)"):
        assert f"\n    {line}\n" in adjoint
    assert re.search(r"# grad of line \d+: v4 = np\.sum\(v3\)\n", adjoint)
    assert program.endswith("    return v4\n") and adjoint.endswith("    return ds0\n")
    assert adjoint.startswith(f"def grad_tape_program_{number}(s0, c0):")
    assert "ds0" in adjoint and re.search(r"# grad of line \d+: v0 = np\.sin\(s0\)\n", adjoint)
    assert tf.last_gradient_source() == adjoint
    assert tg.source(tf.last_tape_program().gradient) == adjoint
    expected = np.sum(np.exp(np.sin(2.0) * 2.0) * np.array([1.0, 2.0])) * \
        (np.cos(2.0) * 2.0 + np.sin(2.0))
    np.testing.assert_allclose(g.numpy(), expected, rtol=1e-5)


def test_program_source_lives_in_linecache_not_in_a_file():
    x = tf.Variable(1.5)
    with tf.GradientTape() as tape:
        y = x * x
    tape.gradient(y, x)
    program = tf.last_tape_program()
    assert program.filename == f"<tangentish tape program #{program.number}>"
    assert "".join(linecache.getlines(program.filename)) == program.source
    assert inspect.getsource(program.fn) == program.source
    assert program.fn.__code__.co_filename == program.filename


def test_training_loop_hits_the_program_cache():
    rng = np.random.default_rng(0)
    xs = rng.random(20).astype(np.float32)
    ys = 3 * xs + 2
    w, b = tf.Variable(0.0), tf.Variable(0.0)
    programs, generated = [], []
    for _ in range(5):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((w * xs + b - ys) ** 2)
        dw, db = tape.gradient(loss, [w, b])
        programs.append(tf.last_tape_program())
        generated.append(tf.last_tape_program().gradient.generated)
        w.assign_sub(0.1 * dw)
        b.assign_sub(0.1 * db)
    assert all(p is programs[0] for p in programs)
    assert all(p.fn is programs[0].fn for p in programs)
    assert all(g is generated[0] for g in generated)
    # a different structure is a different program
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((w * xs - ys) ** 2)
    tape.gradient(loss, w)
    assert tf.last_tape_program() is not programs[0]


def test_shapes_are_part_of_the_program_key():
    def run(n):
        x = tf.Variable(np.ones(n, dtype=np.float32))
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(x * x)
        tape.gradient(y, x)
        return tf.last_tape_program()

    assert run(3) is run(3)
    assert run(3) is not run(4)


def test_side_effects_in_the_block_run_once():
    calls = []
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        calls.append("forward")
        y = x ** 3
    assert tape.gradient(y, x).numpy() == 12.0
    assert calls == ["forward"]


def test_custom_gradient_is_an_engine_custom_gradient_and_runs_once():
    calls = []

    @tf.custom_gradient
    def noisy_identity(x):
        calls.append("forward")

        def grad(dy):
            calls.append("backward")
            return dy * 3.0
        return tf.identity(x), grad

    x = tf.Variable(1.0)
    with tf.GradientTape(persistent=True) as tape:
        y = noisy_identity(x * 2.0) ** 2
    assert calls == ["forward"]
    program = tape.program(y, x)
    name = re.search(r"= (noisy_identity\w*)\(v0, c0\)", program.source).group(1)
    assert isinstance(program.fn.__globals__[name], tg.CustomGradient)
    assert "_grad(" in tape.gradient_source(y, x)
    assert tape.gradient(y, x).numpy() == pytest.approx(2 * 2.0 * 3.0 * 2.0)
    assert calls == ["forward", "backward"]


def test_custom_gradient_applied_to_a_variable_directly():
    @tf.custom_gradient
    def double_grad(x):
        return tf.identity(x), lambda dy: dy * 2.0

    x = tf.Variable(5.0)
    with tf.GradientTape() as tape:
        y = double_grad(x) * 3.0
    assert tape.gradient(y, x).numpy() == 6.0


def test_stop_gradient_is_recorded_as_the_engines_stop_gradient():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x ** 2
        z = tf.stop_gradient(y) * x
    program = tape.program(z, x)
    assert "v1 = stop_gradient(v0)" in program.source
    assert program.fn.__globals__["stop_gradient"] is tg.stop_gradient
    assert tape.gradient(z, x).numpy() == 4.0
    assert tape.gradient(tf.stop_gradient(y), x) is None


def test_nested_gradient_is_one_line_calling_the_generated_gradient():
    x = tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as outer:
        with tf.GradientTape() as inner:
            y = x ** 3
        dy_dx = inner.gradient(y, x)
        inner_number = tf.last_tape_program().number
    program = outer.program(dy_dx, x)
    call = f"v0 = grad_tape_program_{inner_number}_wrt_s0(s0)"
    assert call in program.source
    fn = program.fn.__globals__[f"grad_tape_program_{inner_number}_wrt_s0"]
    assert tg.source(fn).startswith(f"def grad_tape_program_{inner_number}(s0):")
    assert outer.gradient(dy_dx, x).numpy() == 18.0


# ---------------------------------------------------------------------------
# Gradient semantics.
def test_higher_order_with_nested_tapes():
    x = tf.Variable(2.0)
    with tf.GradientTape() as t1:
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t3:
                y = tf.sin(x) * x
            d1 = t3.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t1.gradient(d2, x)
    np.testing.assert_allclose(d1.numpy(), np.cos(2.0) * 2 + np.sin(2.0), rtol=1e-5)
    np.testing.assert_allclose(d2.numpy(), -2 * np.sin(2.0) + 2 * np.cos(2.0), rtol=1e-5)
    np.testing.assert_allclose(d3.numpy(), -2 * np.cos(2.0) - 3 * np.sin(2.0), rtol=1e-5)


def test_higher_order_with_one_persistent_tape():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x ** 4
        g1 = tape.gradient(y, x)
        g2 = tape.gradient(g1, x)
    assert (g1.numpy(), g2.numpy(), tape.gradient(g2, x).numpy()) == (32.0, 48.0, 48.0)


def test_hessian_by_jacobian_of_a_gradient():
    w = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as t1:
        with tf.GradientTape() as t2:
            y = tf.reduce_sum(w ** 3) + w[0] * w[1] * w[2]
        g = t2.gradient(y, w)
    hessian = t1.jacobian(g, w)
    np.testing.assert_allclose(hessian.numpy(), [[6, 3, 2], [3, 12, 1], [2, 1, 18]])


def test_gradient_with_respect_to_intermediate_values():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
        z = y * 3.0 + x
    dz_dx, dz_dy = tape.gradient(z, [x, y])
    assert (dz_dx.numpy(), dz_dy.numpy()) == (13.0, 3.0)   # total and partial, as TF


def test_watch_accessed_variables_false_and_watch():
    x = tf.Variable(2.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        y = x * x
    assert tape.gradient(y, x) is None
    assert tape.watched_variables() == ()
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(x)
        y = x * x
    assert tape.gradient(y, x).numpy() == 4.0
    with pytest.raises(ValueError, match="not tf.Tensor or tf.Variable"):
        tape.watch(np.array(1.0))


def test_stop_recording_and_reset():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
        with tape.stop_recording():
            w = x * 10.0
        z = y + w
    assert tape.gradient(z, x).numpy() == 4.0
    with tf.GradientTape() as tape:
        y = x * x
        tape.reset()
        z = x * 5.0
    assert tape.gradient(z, x).numpy() == 5.0


def test_assign_inside_the_block_reads_count_for_each_version():
    v = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        a = v * 2.0
        v.assign(3.0)
        total = a + v * v
    assert tape.gradient(total, v).numpy() == 8.0   # 2 (first read) + 2*3 (second)


def test_sources_nested_structures_are_mirrored():
    a, b, c = tf.Variable(1.0), tf.Variable(2.0), tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = a * b * c
    grads = tape.gradient(y, {"q": (c,), "p": [a, b]})
    assert list(grads) == ["q", "p"]
    assert isinstance(grads["q"], tuple) and isinstance(grads["p"], list)
    assert [g.numpy() for g in grads["p"]] == [6.0, 3.0] and grads["q"][0].numpy() == 2.0


def test_output_gradients_for_a_list_of_targets():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y1, y2 = x * 2.0, x * x
    got = tape.gradient([y1, y2], x, output_gradients=[tf.constant(10.0), tf.constant(1.0)])
    assert got.numpy() == 26.0
    with tf.GradientTape() as tape:   # as TF 2.21: None inside the list is an error
        y1, y2 = x * 2.0, x * x
    with pytest.raises(ValueError, match=r"Attempt to convert a value \(None\)"):
        tape.gradient([y1, y2], x, output_gradients=[tf.constant(10.0), None])


def test_unconnected_gradients_zero_by_name_and_integer_sources():
    x, other = tf.Variable(3.0), tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = x * 2.0
    got = tape.gradient(y, [x, other], unconnected_gradients="zero")
    assert got[0].numpy() == 2.0 and got[1].numpy().tolist() == [0.0, 0.0]
    assert tf.UnconnectedGradients("none") is tf.UnconnectedGradients.NONE


def test_gradient_inside_a_non_persistent_block_stops_recording():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
        g = tape.gradient(y, x)
        z = x * 3.0   # as TF: no longer recorded
    assert g.numpy() == 4.0
    assert tape._recording is False and id(z) not in tape._nodes


def test_jacobian_shapes_and_unconnected():
    x = tf.Variable([1.0, 2.0, 3.0])
    u = tf.Variable([[1.0, 2.0]])
    with tf.GradientTape(persistent=True) as tape:
        y = tf.reshape(x * x, (3, 1)) * tf.constant([[1.0, 2.0]])
    j = tape.jacobian(y, x)
    assert j.shape == (3, 2, 3)
    np.testing.assert_allclose(j.numpy()[:, 1, :], np.diag([4.0, 8.0, 12.0]))
    assert tape.jacobian(y, u) is None
    zero = tape.jacobian(y, u, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert zero.shape == (3, 2, 1, 2) and not zero.numpy().any()


def fd_grad(fn, x0, eps=1e-6):
    g = np.zeros_like(x0)
    for idx in np.ndindex(x0.shape):
        plus, minus = x0.copy(), x0.copy()
        plus[idx] += eps
        minus[idx] -= eps
        g[idx] = (np.sum(fn(tf.constant(plus)).numpy())
                  - np.sum(fn(tf.constant(minus)).numpy())) / (2 * eps)
    return g


WEIGHTS = tf.constant(np.arange(1.0, 7.0).reshape(2, 3))
OPS = {
    "sigmoid": tf.sigmoid,
    "nn.relu": tf.nn.relu,
    "nn.leaky_relu": tf.nn.leaky_relu,
    "nn.softmax": lambda v: tf.nn.softmax(v) * WEIGHTS,
    "nn.softmax_axis0": lambda v: tf.nn.softmax(v, axis=0) * WEIGHTS,
    "nn.log_softmax": lambda v: tf.nn.log_softmax(v) * WEIGHTS,
    "reduce_logsumexp": lambda v: tf.reduce_logsumexp(v, axis=1),
    "exp_log_sqrt": lambda v: tf.math.log(tf.exp(v) + 1.0) + tf.sqrt(v * v + 1.0),
    "trig": lambda v: tf.sin(v) * tf.cos(v) + tf.tan(v) + tf.tanh(v),
    "abs_square": lambda v: tf.abs(v) + tf.square(v),
    "rsqrt_reciprocal": lambda v: tf.math.rsqrt(v * v + 1.0) + tf.math.reciprocal(v + 3.0),
    "maximum_minimum": lambda v: tf.maximum(v, 0.4) + tf.minimum(v, 0.6 * v),
    "reduce_max": lambda v: tf.reduce_max(v, axis=0),
    "reduce_min": lambda v: tf.reduce_min(v, axis=1, keepdims=True),
    "reduce_prod": lambda v: tf.reduce_prod(v, axis=1),
    "reduce_mean": lambda v: tf.reduce_mean(v ** 2, axis=[0, 1]),
    "matmul": lambda v: tf.matmul(v, v, transpose_b=True),
    "matmul_operator": lambda v: v @ tf.constant(np.ones((3, 2))),
    "reshape_transpose": lambda v: tf.transpose(tf.reshape(v, [3, 2]), [1, 0]) * WEIGHTS,
    "indexing_slicing": lambda v: v[0, 1] * v[1] + v[:, 2][0] + v[::-1, :2][0, 1],
    "stack": lambda v: tf.stack([v[0], v[1] * 2.0, v[0] * v[1]], axis=1) * v[0],
    "concat": lambda v: tf.concat([v, v * v], axis=1) * tf.concat([WEIGHTS, WEIGHTS], 1),
    "unstack_gather": lambda v: tf.unstack(v)[1] * tf.reduce_sum(tf.gather(v, [1, 1, 0])),
    "expand_dims_squeeze": lambda v: tf.squeeze(tf.expand_dims(v, 0) * 3.0),
    "where": lambda v: tf.where(v > 0, v ** 2, -v),
    "clip_by_value": lambda v: tf.clip_by_value(v, -1.0, 1.0) * WEIGHTS,
    "clip_by_norm": lambda v: tf.clip_by_norm(v, 1.0, axes=[1]) * WEIGHTS,
    "clip_by_global_norm": lambda v: tf.clip_by_global_norm([v, v[0] * 2.0], 1.0)[0][0] * WEIGHTS,
    "pow_tensor_exponent": lambda v: tf.pow(v * v + 1.0, v),
    "divide": lambda v: 1.0 / (v * v + 1.0) - v / 3.0,
    "norm_l2_loss": lambda v: tf.norm(v) + tf.nn.l2_loss(v),
    "add_n_negative": lambda v: tf.add_n([v, -v * v, 3.0 * v]),
    "identity_sign": lambda v: tf.identity(v) * v + tf.sign(v),
    "numpy_on_the_left": lambda v: np.array([1.0, 2.0, 3.0]) * v + np.ones(3) - v,
    "iteration": lambda v: sum(row * 1.0 for row in v),
}


@pytest.mark.parametrize("name", sorted(OPS))
def test_gradients_of_ops_match_finite_differences(name):
    fn = OPS[name]
    x0 = np.array([[0.5, -1.2, 2.0], [1.5, 0.3, -0.75]])
    x = tf.Variable(x0)
    with tf.GradientTape() as tape:
        y = fn(x)
    g = tape.gradient(y, x)
    assert g.dtype == tf.float64 and g.shape == x.shape
    np.testing.assert_allclose(g.numpy(), fd_grad(fn, x0), rtol=1e-5, atol=1e-6)


def test_float_casts_are_differentiable_and_keep_dtypes():
    x = tf.Variable([1.0, 2.0], dtype=tf.float64)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.cast(x * x, tf.float32) * 2.0)
    g = tape.gradient(y, x)
    assert y.dtype == tf.float32 and g.dtype == tf.float64
    assert g.numpy().tolist() == [4.0, 8.0]
    with tf.GradientTape() as tape:
        y = tf.cast(x, tf.int32)
    assert y.dtype == tf.int32 and tape.gradient(y, x) is None


# ---------------------------------------------------------------------------
# Values and dtypes.
def test_dtype_objects():
    assert tf.float32 is tf.dtypes.float32 and repr(tf.float32) == "tf.float32"
    assert str(tf.float32) == "<dtype: 'float32'>"
    assert tf.float32 == np.float32 and tf.float32 == "float32" and tf.float32 != tf.float64
    assert tf.as_dtype(np.int64) is tf.int64 and tf.int32.is_integer and tf.float16.is_floating
    assert tf.constant(1.0).dtype is tf.float32 and tf.constant(1).dtype is tf.int32
    assert tf.constant(np.float64(1.0)).dtype is tf.float64
    assert tf.constant(True).dtype is tf.bool
    assert tf.Variable(3).dtype is tf.int32


def test_python_scalars_take_the_tensors_dtype():
    assert (tf.constant([1.0, 2.0], dtype=tf.float16) * 0.1).dtype is tf.float16
    assert (2 ** tf.constant(3.0)).numpy() == 8.0
    assert (tf.constant(3) * 2).dtype is tf.int32
    assert (tf.constant([1, 2]) / tf.constant([2, 4])).dtype is tf.float64   # TF's truediv


def test_dtype_and_shape_errors_are_tf_errors():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Incompatible shapes: \[2\] vs. \[3\]"):
        tf.constant([1.0, 2.0]) + tf.constant([1.0, 2.0, 3.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Matrix size-incompatible"):
        tf.ones((2, 2)) @ tf.ones((3, 1))
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a float tensor"):
        tf.stack([tf.constant(1.0), tf.constant(1)])   # (TF 2.21 eager; recorded in tf_api.json)


def test_tensor_protocols():
    t = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    assert type(t).__name__ == "EagerTensor" and isinstance(t, tf.Tensor)
    assert t.shape == (2, 2) and repr(t.shape) == "TensorShape([2, 2])" and str(t.shape) == "(2, 2)"
    assert len(t) == 2 and [r.shape for r in t] == [(2,), (2,)]
    assert float(t[1, 1]) == 4.0 and t.numpy().flags.writeable
    assert isinstance(tf.constant(3.0).numpy(), np.float32)
    assert np.asarray(t).tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert (t == 2.0).numpy().tolist() == [[False, True], [False, False]]
    with pytest.raises(TypeError, match="Tensor is unhashable"):
        hash(t)
    with pytest.raises(TypeError, match="Variable is unhashable"):
        {tf.Variable(1.0): 0}
    v = tf.Variable(1.0)
    assert {v.ref(): 1}[v.ref()] == 1
    with pytest.raises(TypeError, match="valid indices"):
        t[[0, 1]]


def test_variable_api():
    v = tf.Variable([1.0, 2.0], name="w", trainable=False)
    assert (v.name, v.trainable, v.dtype, v.shape) == ("w:0", False, tf.float32, (2,))
    assert v.assign([3.0, 4.0]).numpy().tolist() == [3.0, 4.0]
    v.assign_add(tf.constant([1.0, 1.0]))
    v.assign_sub(np.array([0.5, 0.5]))
    assert v.numpy().tolist() == [3.5, 4.5]
    with pytest.raises(ValueError, match="Shape mismatch"):
        v.assign([1.0])
    with tf.GradientTape() as tape:
        y = v * 2.0
    assert tape.gradient(y, v) is None   # not trainable: not watched
    assert f"{tf.Variable(2.0):.2f}" == "2.00"


def test_differentiating_a_gradient_through_a_custom_gradient_again():
    @tf.custom_gradient
    def square(x):
        def grad(dy):
            return dy * 2.0 * x
        return x * x, grad

    x = tf.Variable(3.0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = square(x)
        g = inner.gradient(y, x)
    assert g.numpy() == 6.0
    # As TF: the outer tape differentiates grad()'s operations (recorded while the
    # inner gradient ran them; see tape.py, _backprop).
    assert outer.gradient(g, x).numpy() == 2.0


# ---------------------------------------------------------------------------
# The fast path: a repeated step is not planned again (tape.py, _Compiled).
from tangentish.tf import tape as tape_module  # noqa: E402


def _count_plans(monkeypatch):
    calls = []
    plan = tape_module.GradientTape._plan

    def counting_plan(self, *args):
        calls.append(1)
        return plan(self, *args)
    monkeypatch.setattr(tape_module.GradientTape, "_plan", counting_plan)
    return calls


def _linear_regression(steps, X, y, plan_every_step=False):
    W, b = tf.Variable(0.0), tf.Variable(0.0)
    losses = []
    for _ in range(steps):
        if plan_every_step:
            tape_module._COMPILED.clear()
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((W * X + b - y) ** 2)
        dW, db = tape.gradient(loss, [W, b])
        W.assign_sub(0.1 * dW)
        b.assign_sub(0.1 * db)
        losses.append(loss.numpy().tobytes())
    return W.numpy().tobytes(), b.numpy().tobytes(), losses


def test_a_repeated_step_is_planned_once_and_computes_what_planning_computes(monkeypatch):
    rng = np.random.default_rng(1)
    X = rng.random(50).astype(np.float32)
    y = 3 * X + 2 + rng.standard_normal(50) * 0.1
    tf.clear_program_cache()
    plans = _count_plans(monkeypatch)
    fast = _linear_regression(20, X, y)
    assert len(plans) == 1
    assert tf.last_tape_program().fn.__name__ == "tape_program_" + str(
        tf.last_tape_program().number)
    slow = _linear_regression(20, X, y, plan_every_step=True)
    assert len(plans) == 21
    assert fast == slow   # bit for bit


def _twice_and_planned(step, monkeypatch):
    """``step()`` (which records on a new tape and returns gradients) three
    times: planned, from the fast path, planned again; all must agree."""
    def numbers(gradients):
        return [None if g is None else g.numpy().tobytes() for g in gradients]
    plans = _count_plans(monkeypatch)
    first = numbers(step())
    program = tf.last_tape_program()
    n = len(plans)
    second = numbers(step())
    assert len(plans) == n and tf.last_tape_program() is program   # the fast path
    tape_module._COMPILED.clear()
    third = numbers(step())
    assert tf.last_tape_program() is program
    assert first == second == third
    return first, program


def test_the_fast_path_reads_this_steps_values(monkeypatch):
    w = tf.Variable([1.0, 2.0])
    data = iter([np.array([1.0, 10.0], np.float32), np.array([3.0, 30.0], np.float32)] * 3)

    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w * next(data))
        return tape.gradient(loss, [w])
    plans = _count_plans(monkeypatch)
    assert step()[0].numpy().tolist() == [1.0, 10.0]
    assert step()[0].numpy().tolist() == [3.0, 30.0] and len(plans) == 1
    index = iter([[1, 0], [0, 0]])

    def gather_step():   # (a gather of w itself would give TF's IndexedSlices)
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.gather(tf.identity(w), np.array(next(index)))
                                 * tf.constant([1.0, 5.0]))
        return tape.gradient(loss, w)
    assert gather_step().numpy().tolist() == [5.0, 1.0]
    assert gather_step().numpy().tolist() == [6.0, 0.0] and len(plans) == 2


@pytest.mark.parametrize("pair", ["same_or_two_constants", "int_powers", "int_or_float",
                                  "signed_zero", "shapes"])
def test_the_fast_path_tells_apart_what_changes_the_program(pair, monkeypatch):
    c, d = tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0])
    steps = {
        "same_or_two_constants": (lambda w: w * c + w * c, lambda w: w * c + w * d),
        "int_powers": (lambda w: w ** 2, lambda w: w ** 3),
        "int_or_float": (lambda w: w * 2, lambda w: w * 2.0),
        "signed_zero": (lambda w: w * 0.0 + w, lambda w: w * -0.0 + w),
        "shapes": (lambda w: w * 2.0, lambda w: tf.reshape(w, (2, 1)) * np.ones((2, 3), "f")),
    }[pair]
    w = tf.Variable([1.5, -2.0])
    programs = []
    for f in steps:
        def step(f=f):
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(f(w))
            return tape.gradient(loss, [w])
        _, program = _twice_and_planned(step, monkeypatch)
        programs.append(program)
    assert programs[0] is not programs[1]


def test_the_fast_path_with_watched_intermediate_unconnected_and_custom(monkeypatch):
    w, other = tf.Variable([1.0, 2.0]), tf.Variable(5.0)
    x = tf.constant([3.0, 4.0])

    @tf.custom_gradient
    def scaled(v):
        return v * 1.0, lambda dy: dy * 7.0

    def step():
        with tf.GradientTape() as tape:
            tape.watch(x)
            h = w * x
            z = tf.reduce_sum(scaled(h) * h + x)
        return tape.gradient(z, [w, x, h, other], unconnected_gradients="zero")
    grads, _ = _twice_and_planned(step, monkeypatch)
    h = np.array([3.0, 8.0], np.float32)
    dh = 7.0 * h + h   # through the custom gradient, and directly
    assert np.frombuffer(grads[0], np.float32).tolist() == (dh * [3.0, 4.0]).tolist()
    assert np.frombuffer(grads[2], np.float32).tolist() == dh.tolist()
    assert np.frombuffer(grads[3], np.float32).tolist() == [0.0]


def test_a_tensor_watched_after_a_line_read_it_is_planned_each_time(monkeypatch):
    # As in TF: the line recorded before watch(x) reads x as a constant, so
    # dz/dx = y = w * x = [3, 8] (not [6, 16]).
    w, x = tf.Variable([1.0, 2.0]), tf.constant([3.0, 4.0])
    plans = _count_plans(monkeypatch)
    for k in range(2):
        with tf.GradientTape() as tape:
            y = w * x
            tape.watch(x)
            z = tf.reduce_sum(y * x)
        dw, dx = tape.gradient(z, [w, x])
        assert len(plans) == k + 1
        assert dw.numpy().tolist() == [9.0, 16.0] and dx.numpy().tolist() == [3.0, 8.0]


def test_a_persistent_tape_takes_the_fast_path_the_second_time(monkeypatch):
    w = tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as tape:
        y = w * w
    plans = _count_plans(monkeypatch)
    assert tape.gradient(y, w).numpy() == 6.0 and tape.gradient(y, w).numpy() == 6.0
    assert len(plans) <= 1


def test_evicted_programs_leave_the_fast_path(monkeypatch):
    monkeypatch.setattr(tape_module, "_CACHE_SIZE", 2)
    tf.clear_program_cache()
    w = tf.Variable(2.0)

    def step(k):
        with tf.GradientTape() as tape:
            y = w ** k
        return tape.gradient(y, w), tf.last_tape_program()

    _, hot = step(2)
    step(2)                               # a fast-path hit: kept over a colder program
    for k in (3, 4):
        step(k)
    assert hot.cached and hot.filename in linecache.cache
    for k in (5, 6, 7):
        step(k)
    assert not hot.cached and hot.filename not in linecache.cache
    assert not hot.compiled_keys and all(c.program.cached
                                         for c in tape_module._COMPILED.values())
    g, again = step(2)
    assert g.numpy() == 4.0 and again is not hot
    tf.clear_program_cache()
    assert not tape_module._COMPILED


# ---------------------------------------------------------------------------
# Fast paths of the ops keep numpy's values and TF's dtype rules.
def test_reduce_mean_is_bit_identical_to_np_mean():
    rng = np.random.default_rng(2)
    for dtype, scales in ((np.float32, (1e-30, 1.0, 1e30)), (np.float64, (1e-300, 1.0, 1e300)),
                          (np.float16, (1e-3, 1.0, 1e3))):
        for n in (1, 3, 100, 1001):
            for scale in scales:
                x = (rng.standard_normal(n) * scale).astype(dtype)
                got = tf.reduce_mean(tf.constant(x)).numpy()
                assert got.dtype == dtype and got.tobytes() == np.mean(x).tobytes()
    x = rng.random((3, 4)).astype(np.float32)
    assert tf.reduce_mean(x).numpy().tobytes() == np.mean(x).tobytes()


def test_binary_operators_keep_the_dtype_rules():
    f32 = tf.constant([1.0, 2.0])
    assert (f32 * np.array([1.0, 2.0])).dtype is tf.float32      # numpy operand converted
    assert (np.array([1, 2]) * f32).dtype is tf.float32
    assert (f32 * 2 ** 60).numpy().tolist() == [2.0 ** 60, 2.0 ** 61]
    assert (tf.Variable(2.0) * 3).dtype is tf.float32 and (3 - tf.Variable(2.0)).numpy() == 1.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a float tensor"):
        f32 + tf.constant([1.0, 2.0], dtype=tf.float64)
    with pytest.raises(tf.errors.InvalidArgumentError):
        f32 + True
    with pytest.raises(tf.errors.InvalidArgumentError):
        f32 * np.array([1j, 2j])
    assert (f32 * np.float64(2.0)).dtype is tf.float32
    assert (f32 * float("inf")).numpy().tolist() == [float("inf")] * 2


def test_ops_ignore_floating_point_errors_without_changing_numpys_state():
    import warnings
    before = np.geterr()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = tf.constant([3e38]) * 10.0
        assert np.isinf(big.numpy()).all()
        assert np.isnan((tf.constant([0.0]) / 0.0).numpy()).all()
        v = tf.Variable(3e38)
        v.assign_add(3e38)
        assert np.isinf(v.numpy())
    assert np.geterr() == before
    with pytest.warns(RuntimeWarning):
        np.array([3e38], np.float32) * np.float32(10.0)   # numpy itself still warns


def test_values_are_read_only_and_variables_keep_their_own_copies():
    x = np.array([1.0, 2.0], np.float32)
    t = tf.constant([1.0]) * x
    assert not t._value.flags.writeable and not (tf.Variable(1.0) * 2.0)._value.flags.writeable
    v = tf.Variable([1.0, 2.0])
    v.assign_sub(tf.constant([0.5, 0.5]))
    assert not v._value.flags.writeable and v.numpy().tolist() == [0.5, 1.5]
    x[0] = 100.0
    assert t.numpy().tolist() == [1.0, 2.0]


def test_scalar_text_is_the_same_on_every_numpy():
    """A float32 / float16 scalar prints as numpy 2.1+ prints it (numpy 2.0 wrote
    10000000000.0 where TF, on current numpy, shows 1e+10)."""
    from tangentish.tf.core import _scalar_str
    f32, f16 = np.float32, np.float16
    cases = [(f32(1e10), "1e+10"), (f32(-1e10), "-1e+10"), (f32(123456789.0), "1.2345679e+08"),
             (f32(1e6), "1e+06"), (f32(999999.0), "999999.0"), (f32(1.5), "1.5"), (f32(0.0), "0.0"),
             (f32(1e-4), "1e-04"), (f32(1e-5), "1e-05"), (f16(1000.0), "1e+03"), (f16(999.0), "999.0"),
             (f32(np.inf), "inf"), (np.float64(1e10), "10000000000.0")]
    assert [_scalar_str(x) for x, _ in cases] == [text for _, text in cases]
    if tuple(int(p) for p in np.__version__.split(".")[:2]) >= (2, 1):
        assert [str(x) for x, _ in cases] == [text for _, text in cases]
