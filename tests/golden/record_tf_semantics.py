"""Record real TensorFlow behaviours into tf_semantics.json (next to this file).

Run ONLY in a scratch venv that has real TensorFlow installed, never in the
project environment, e.g.:

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install "tensorflow-cpu==2.21.*" numpy
    /tmp/tfvenv/bin/python tests/golden/record_tf_semantics.py

Each case is stored as strings: str()/repr() of tensors, or the outcome of a
call as {"type": ..., "value": ...} or {"exception": TypeName, "message": ...}.
Values inside results are encoded recursively (list/tuple -> list, dict -> dict,
None -> null, anything else -> repr()).
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

if not hasattr(tf, "raw_ops") or "tangentish" in getattr(tf, "__file__", ""):
    sys.exit("record_tf_semantics.py must be run with real TensorFlow (scratch venv)")

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_semantics.json")

cases = {}


def enc(v):
    if v is None:
        return None
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {str(k): enc(x) for k, x in v.items()}
    return repr(v)


def show(key, t):
    """str() and repr() of a tensor / variable."""
    cases[key] = {"str": str(t), "repr": repr(t)}


def outcome(key, fn):
    """Value (encoded) or exception type + message of fn()."""
    try:
        v = fn()
    except Exception as e:  # noqa: BLE001
        cases[key] = {"exception": type(e).__name__, "message": str(e)}
    else:
        cases[key] = {"type": type(v).__name__, "value": enc(v)}


# ---------------------------------------------------------------- printing
show("str_repr/constant_scalar_f32", tf.constant(6.0))
show("str_repr/constant_vec_f32", tf.constant([1., 2., 3.]))
show("str_repr/constant_mat_f32", tf.constant([[1., 2.], [3., 4.]]))
show("str_repr/constant_3x3_f32",
     tf.constant([[1.5, -2.25, 3.0], [0.1, 0.2, 0.3], [10.0, 0.5, -7.0]]))
show("str_repr/constant_2x3x2_f32", tf.reshape(tf.range(12.0), (2, 3, 2)))
show("str_repr/constant_int32_scalar", tf.constant(3))
show("str_repr/constant_int64_vec", tf.constant([1, 2], dtype=tf.int64))
show("str_repr/constant_bool", tf.constant(True))
show("str_repr/constant_f64_scalar", tf.constant(2.5, dtype=tf.float64))
show("str_repr/constant_f64_from_numpy", tf.constant(np.array([0.1, 0.2, 1.0 / 3.0])))
show("str_repr/constant_f16_vec", tf.constant([1.0, 2.5, 0.1], dtype=tf.float16))
show("str_repr/range_1000_f32", tf.range(1000, dtype=tf.float32))
show("str_repr/range_400_reshaped_20x20_f32", tf.reshape(tf.range(400.0), (20, 20)))
show("str_repr/tiny_scalar_1e-8", tf.constant(1e-8))
show("str_repr/huge_scalar_1e10", tf.constant(1e10))
show("str_repr/vec_tiny_and_one", tf.constant([1e-8, 1.0]))
show("str_repr/vec_nan_inf", tf.constant([float("nan"), float("inf"), -float("inf"), 1.0]))

v1 = tf.Variable(3.0)
show("str_repr/variable_scalar_f32", v1)
show("str_repr/variable_mat_f32", tf.Variable([[1., 2.], [3., 4.]]))
show("str_repr/variable_int32", tf.Variable(3))
show("str_repr/variable_named", tf.Variable(1.0, name="weights"))
v2 = tf.Variable(4.0)
v3 = tf.Variable(5.0)
cases["variable_names/first_second_third_unnamed"] = {"value": [v1.name, v2.name, v3.name]}

outcome("format/eager_scalar_.4f", lambda: f"{tf.constant(1.23456):.4f}")
outcome("format/variable_.4f", lambda: f"{tf.Variable(1.23456):.4f}")

# ---------------------------------------------------------------- gradients


def second_gradient_call():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x ** 2
    tape.gradient(y, x)
    return tape.gradient(y, x)


outcome("grad/second_call_non_persistent", second_gradient_call)


def unwatched_constant():
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        y = x ** 2
    return tape.gradient(y, x)


outcome("grad/unwatched_constant", unwatched_constant)


def unconnected(mode):
    x = tf.Variable([1.0, 2.0])
    z = tf.Variable(5.0)
    with tf.GradientTape() as tape:
        y = z * 2.0
    if mode is None:
        return tape.gradient(y, x)
    return tape.gradient(y, x, unconnected_gradients=mode)


outcome("grad/unconnected_default_none", lambda: unconnected(None))
outcome("grad/unconnected_zero", lambda: unconnected(tf.UnconnectedGradients.ZERO))


def nested_sources():
    a = tf.Variable(1.0)
    b = tf.Variable(2.0)
    c = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = a * b * c
    return tape.gradient(y, {"p": [a, b], "q": (c,)})


outcome("grad/nested_dict_list_sources", nested_sources)


def list_target():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y1 = x ** 2
        y2 = x * 4.0
    return tape.gradient([y1, y2], x)


outcome("grad/list_target_summed", list_target)


def output_gradients():
    x = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = x ** 2
    return tape.gradient(y, x, output_gradients=tf.constant([1.0, 10.0, 100.0]))


outcome("grad/output_gradients_weighting", output_gradients)


def after_block():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x ** 2
    z = y * 3.0  # computed after the with block
    return tape.gradient(z, x)


outcome("grad/target_computed_outside_block", after_block)


def int_variable():
    x = tf.Variable(3)
    with tf.GradientTape() as tape:
        y = x ** 2
    return tape.gradient(y, x)


outcome("grad/int_variable_source", int_variable)


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


outcome("grad/custom_gradient_clip_times_100", custom_grad_scaled)


def stop_grad():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x ** 2
        z = tf.stop_gradient(y) * x + y
    return [tf.stop_gradient(tf.constant([1.0, 2.0])), tape.gradient(z, x)]


outcome("grad/stop_gradient_value_and_grad", stop_grad)


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


outcome("jacobian/stacked_inside_tape", lambda: jac("stacked"))
outcome("jacobian/list_target", lambda: jac("list"))
outcome("jacobian/stacked_outside_tape", lambda: jac("outside"))


def batch_jac():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    return tape.batch_jacobian(y, x)


outcome("jacobian/batch_jacobian_square", batch_jac)


def watched():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    with tf.GradientTape() as tape:
        y = b * 2.0 + a
    return [v.name for v in tape.watched_variables()]


outcome("tape/watched_variables_names", watched)

# ---------------------------------------------------------------- dtypes
outcome("dtype/f32_tensor_plus_f64_numpy",
        lambda: tf.constant([1.0, 2.0]) + np.array([0.5, 0.25]))
outcome("dtype/python_float_plus_f32_tensor", lambda: 1.5 + tf.constant(2.0))
outcome("dtype/python_float_plus_int32_tensor", lambda: tf.constant(3) + 1.5)
outcome("dtype/f32_const_times_f64_numpy", lambda: tf.constant(2.0) * np.array([1.0, 2.0]))
outcome("dtype/f32_plus_f64_tensor",
        lambda: tf.constant(1.0) + tf.constant(1.0, dtype=tf.float64))
outcome("dtype/cast_float_to_int32_truncation",
        lambda: tf.cast(tf.constant([1.7, -1.7, 2.5, -0.5]), tf.int32))

# ---------------------------------------------------------------- ops
g = [tf.constant([10.0, 20.0, 30.0])]  # the chapter's gradient-clipping input
outcome("ops/clip_by_norm", lambda: tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0))
outcome("ops/clip_by_global_norm",
        lambda: tf.clip_by_global_norm([tf.constant([3.0, 4.0]), tf.constant([12.0])], 1.0))
outcome("ops/compat_v1_clip_by_average_norm",
        lambda: tf.compat.v1.clip_by_average_norm(g, clip_norm=1.0))
outcome("ops/softmax_1d", lambda: tf.nn.softmax(tf.constant([1.0, 2.0, 3.0])))
m = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
outcome("ops/reduce_sum_axis0", lambda: tf.reduce_sum(m, axis=0))
outcome("ops/reduce_mean_axis1_keepdims", lambda: tf.reduce_mean(m, axis=1, keepdims=True))
outcome("ops/reduce_max_axis_neg1", lambda: tf.reduce_max(m, axis=-1))
outcome("ops/reduce_mean_int", lambda: tf.reduce_mean(tf.constant([1, 2])))
outcome("ops/range_int", lambda: tf.range(5))
outcome("ops/range_start_limit_delta_float", lambda: tf.range(1.0, 2.0, 0.25))
outcome("ops/where_3arg",
        lambda: tf.where(tf.constant([True, False, True]), tf.constant([1.0, 2.0, 3.0]),
                         tf.constant([-1.0, -2.0, -3.0])))
outcome("ops/where_1arg", lambda: tf.where(tf.constant([[True, False], [False, True]])))
outcome("ops/variable_assign_add_return", lambda: tf.Variable(1.0).assign_add(2.0))

result = {
    "_meta": {"tensorflow": tf.__version__, "numpy": np.__version__,
              "python": sys.version.split()[0], "n_cases": len(cases)},
    "cases": cases,
}
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(result, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"wrote {len(cases)} cases to {OUT}")
