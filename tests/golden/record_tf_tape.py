"""Record real TensorFlow's tape semantics into tf_tape.json (next to this file).

The cases (``build(tf)``: label -> (kind, function)) are written once, here:
this script runs them on real TensorFlow 2.21, tests/test_tf_tape.py runs the
same functions on ``tangentish.tf`` and compares label by label.  Run it ONLY
in a scratch venv that has real TensorFlow, never in the project environment:

    /tmp/tfvenv/bin/python tests/golden/record_tf_tape.py

Encoding as in record_tf_semantics.py: a "show" case is {"str", "repr"} of a
value; an "outcome" case is {"type", "value"} (lists/tuples -> lists, dicts ->
dicts, None -> null, anything else -> repr()) or {"exception", "message"}.
Areas (the label's prefix): custom/, jacobian/, tape/, dtype/, print/.
"""
import json
import operator
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tf_outcomes import enc  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_tape.json")


def run_case(kind, fn):
    """The encoded result of one case."""
    try:
        v = fn()
    except Exception as e:  # noqa: BLE001
        return {"exception": type(e).__name__, "message": str(e)}
    if kind == "show":
        return {"str": str(v), "repr": repr(v)}
    return {"type": type(v).__name__, "value": enc(v)}


def build(tf):
    """label -> (kind, zero-argument function), for the given ``tf`` module."""
    cases = {}
    for area in (_custom, _custom_two_in_two_out, _custom_variables, _custom_gradient_counts,
                 _custom_keywords, _custom_second_order, _custom_gradient_values,
                 _custom_higher_order, _custom_hessians, _several_outputs,
                 _jacobian, _jacobian_structures, _jacobian_lifecycle, _jacobian_nested,
                 _batch_jacobian,
                 _lifecycle, _lifecycle_arguments, _output_gradients, _watched_variables,
                 _stop_and_reset, _reentering, _watching, _structured_arguments,
                 _source_dtypes, _complex_and_float_sources, _lifecycle_edges, _tape_without_block,
                 _dtypes, _dtypes_python_floats, _dtypes_bool_operators, _dtypes_int_range, _dtypes_bool_complex, _dtypes_assign,
                 _printing, _printing_shapes, _printing_format):
        area(tf, cases)
    return cases


def _adder(cases, prefix, kind="outcome"):
    """``add(label, fn)``: the case ``prefix + label``."""
    def add(label, fn):
        cases[prefix + label] = (kind, fn)
    return add


def _cube(tf):
    """``x ** 3`` with its gradient ``3 x ** 2`` given by ``tf.custom_gradient``."""
    @tf.custom_gradient
    def cube(x):
        def grad(dy):
            return dy * 3.0 * x * x
        return x * x * x, grad
    return cube


def _grad_of(tf, f, *values):
    """The gradient of ``f(*variables)`` with respect to the variables."""
    xs = [tf.Variable(v) for v in values]
    with tf.GradientTape() as tape:
        y = f(*xs)
    return tape.gradient(y, xs)


# ------------------------------------------------------------- custom_gradient
def _custom(tf, cases):
    out = _adder(cases, "custom/")

    @tf.custom_gradient
    def two_outputs(x):
        def grad(d1, d2):
            return d1 * 2.0 + d2 * 3.0
        return (x * 2.0, x * 3.0), grad

    def grad_two_outputs(which):
        x = tf.Variable(1.5)
        with tf.GradientTape() as tape:
            a, b = two_outputs(x)
            y = {"a": a, "b": b, "sum": a + b, "prod": a * b}[which]
        return tape.gradient(y, x)

    for which in ("a", "b", "sum", "prod"):
        out(f"two_outputs_{which}", lambda w=which: grad_two_outputs(w))
    out("two_outputs_values", lambda: list(two_outputs(tf.constant(2.0))))



def _custom_two_in_two_out(tf, cases):
    """Two inputs, two outputs."""
    out = _adder(cases, "custom/")

    @tf.custom_gradient
    def two_in_two_out(x, y):
        def grad(da, db):
            return da * y + db, da * x - db
        return (x * y, x - y), grad

    def grad_2x2(which):
        x, y = tf.Variable(2.0), tf.Variable(5.0)
        with tf.GradientTape() as tape:
            a, b = two_in_two_out(x, y)
            t = a + 10.0 * b if which == "both" else (a if which == "a" else b)
        return tape.gradient(t, [x, y])

    for which in ("a", "b", "both"):
        out(f"two_in_two_out_{which}", lambda w=which: grad_2x2(w))



def _custom_variables(tf, cases):
    """grad_fn(dy, variables=...) for the variables a function reads."""
    out = _adder(cases, "custom/")

    w = tf.Variable(3.0, name="w_custom")

    @tf.custom_gradient
    def uses_variable(x):
        def grad(dy, variables=None):
            return dy * w, [dy * x * 10.0]
        return x * w, grad

    def grad_uses_variable():
        x = tf.Variable(2.0)
        with tf.GradientTape() as tape:
            y = uses_variable(x)
        return tape.gradient(y, [x, w])

    out("variables_grad_fn", grad_uses_variable)

    @tf.custom_gradient
    def uses_variable_no_kw(x):
        def grad(dy):
            return dy * w
        return x * w, grad

    def grad_no_kw():
        x = tf.Variable(2.0)
        with tf.GradientTape() as tape:
            y = uses_variable_no_kw(x)
        return tape.gradient(y, [x, w])

    out("variables_without_kw_raises", grad_no_kw)

    @tf.custom_gradient
    def wrong_var_count(x):
        def grad(dy, variables=None):
            return dy * w, []
        return x * w, grad

    def grad_wrong_var_count():
        x = tf.Variable(2.0)
        with tf.GradientTape() as tape:
            y = wrong_var_count(x)
        return tape.gradient(y, [x, w])

    out("variables_wrong_count", grad_wrong_var_count)



def _custom_gradient_counts(tf, cases):
    """Too many, too few and None gradients."""
    out = _adder(cases, "custom/")

    @tf.custom_gradient
    def too_many(x):
        def grad(dy):
            return dy, dy
        return x * 2.0, grad

    @tf.custom_gradient
    def too_few(x, y):
        def grad(dy):
            return dy
        return x * y, grad

    @tf.custom_gradient
    def none_grad(x, y):
        def grad(dy):
            return dy * y, None
        return x * y, grad

    out("too_many_gradients", lambda: _grad_of(tf, too_many, 1.0))
    out("too_few_gradients", lambda: _grad_of(tf, too_few, 1.0, 2.0))
    out("none_gradient", lambda: _grad_of(tf, none_grad, 1.0, 2.0))



def _custom_keywords(tf, cases):
    """Keyword arguments of a custom-gradient function."""
    out = _adder(cases, "custom/")

    @tf.custom_gradient
    def with_kwarg(x, scale=2.0):
        def grad(dy):
            return dy * scale
        return x * scale, grad

    def grad_kwarg(call):
        x = tf.Variable(1.0)
        with tf.GradientTape() as tape:
            y = call(x)
        return tape.gradient(y, x)

    out("kwarg_default", lambda: grad_kwarg(lambda x: with_kwarg(x)))
    out("kwarg_python_float", lambda: grad_kwarg(lambda x: with_kwarg(x, scale=5.0)))
    out("kwarg_tensor", lambda: grad_kwarg(lambda x: with_kwarg(x, scale=tf.constant(5.0))))



def _custom_second_order(tf, cases):
    """Second order through TF's log1pexp and a cube; values and Jacobians."""
    out = _adder(cases, "custom/")

    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.math.log(1 + e), grad

    def second_order(v):
        x = tf.Variable(v)
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                y = log1pexp(x)
            g = t1.gradient(y, x)
        return [g, t2.gradient(g, x)]

    out("log1pexp_second_order_0", lambda: second_order(0.0))
    out("log1pexp_second_order_2", lambda: second_order(2.0))
    out("log1pexp_large_100", lambda: _grad_of(tf, log1pexp, 100.0))

    @tf.custom_gradient
    def cube_custom(x):
        def grad(dy):
            return dy * 3.0 * x * x
        return x * x * x, grad

    def second_cube():
        x = tf.Variable(2.0)
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                y = cube_custom(x)
            g = t1.gradient(y, x)
        return [g, t2.gradient(g, x)]

    out("cube_second_order", second_cube)
    out("value_no_tape", lambda: cube_custom(tf.constant(3.0)))
    out("value_python_float_arg", lambda: cube_custom(3.0))

    def jacobian_through():
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as tape:
            y = cube_custom(x)
        return tape.jacobian(y, x)

    out("jacobian_through_custom", jacobian_through)



def _custom_gradient_values(tf, cases):
    """What grad_fn returns: for vectors, as a list, as a Python number, clipped."""
    out = _adder(cases, "custom/")

    @tf.custom_gradient
    def vec_fn(x):
        def grad(dy):
            return dy * tf.constant([1.0, 10.0, 100.0])
        return tf.reduce_sum(x), grad

    out("vector_input", lambda: _grad_of(tf, vec_fn, [1.0, 2.0, 3.0]))

    @tf.custom_gradient
    def returns_list(x):
        def grad(dy):
            return [dy * 4.0]
        return x * 4.0, grad

    out("grad_returns_list", lambda: _grad_of(tf, returns_list, 1.0))

    @tf.custom_gradient
    def python_number_grad(x):
        def grad(dy):
            return 7.0
        return x * 1.0, grad

    out("grad_returns_python_number", lambda: _grad_of(tf, python_number_grad, 1.0))

    @tf.custom_gradient
    def clip_gradient(x):
        def grad(dy):
            return tf.clip_by_norm(dy, 0.5)
        return tf.identity(x), grad

    def weighted_clip():
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as tape:
            y = clip_gradient(x)
        return tape.gradient(y, x, output_gradients=tf.constant([3.0, 4.0]))

    out("clip_by_norm_output_gradients", weighted_clip)


# ---------------------------------------------------------- jacobian
def _jacobian(tf, cases):
    out = _adder(cases, "jacobian/")

    def jac(fn, values, persistent=False, **kw):
        xs = [tf.constant(v) for v in values]
        with tf.GradientTape(persistent=persistent) as tape:
            for x in xs:
                tape.watch(x)
            y = fn(*xs)
        sources = xs[0] if len(xs) == 1 else xs
        return tape.jacobian(y, sources, **kw)

    out("vector_square", lambda: jac(lambda x: x * x, [[1.0, 2.0, 3.0]]))
    out("scalar_target", lambda: jac(lambda x: tf.reduce_sum(x * x), [[1.0, 2.0]]))
    out("scalar_source", lambda: jac(lambda x: x * tf.constant([1.0, 2.0]), [3.0]))
    out("matrix_target_vector_source",
        lambda: jac(lambda x: tf.reshape(x, (2, 1)) * x, [[1.0, 2.0]]))
    out("matrix_source", lambda: jac(lambda x: tf.reduce_sum(x, axis=0), [[[1.0, 2.0],
                                                                          [3.0, 4.0]]]))
    out("list_sources",
        lambda: jac(lambda a, b: a * b, [[1.0, 2.0], [3.0, 4.0]]))
    out("matmul", lambda: jac(lambda x: tf.matmul(tf.constant([[1.0, 2.0], [3.0, 4.0]]),
                                                  tf.reshape(x, (2, 1))), [[5.0, 6.0]]))
    out("no_pfor", lambda: jac(lambda x: x * x, [[1.0, 2.0]], experimental_use_pfor=False))
    out("no_pfor_persistent", lambda: jac(lambda x: x * x, [[1.0, 2.0]], persistent=True,
                                          experimental_use_pfor=False))
    out("unconnected_no_pfor_persistent",
        lambda: jac(lambda x: tf.constant([1.0, 2.0]), [[1.0, 2.0]], persistent=True,
                    experimental_use_pfor=False))
    out("parallel_iterations_1",
        lambda: jac(lambda x: x ** 3, [[1.0, 2.0]], parallel_iterations=1))
    out("unconnected_none",
        lambda: jac(lambda a, b: a * 2.0, [[1.0, 2.0], [3.0]]))
    out("unconnected_zero",
        lambda: jac(lambda a, b: a * 2.0, [[1.0, 2.0], [3.0]],
                    unconnected_gradients=tf.UnconnectedGradients.ZERO))
    out("unconnected_zero_string",
        lambda: jac(lambda a, b: a * 2.0, [[1.0, 2.0], [3.0]], unconnected_gradients="zero"))
    out("unconnected_bad_string",
        lambda: jac(lambda a, b: a * 2.0, [[1.0, 2.0], [3.0]], unconnected_gradients="nan"))
    out("float64", lambda: jac(lambda x: tf.sin(x), [np.array([0.0, 1.0])]))
    out("variable_source", lambda: _jac_var(tf))



def _jacobian_structures(tf, cases):
    """Dict and nested sources, dict targets."""
    out = _adder(cases, "jacobian/")

    def jac_dict_sources():
        a, b = tf.Variable([1.0, 2.0]), tf.Variable(3.0)
        with tf.GradientTape() as tape:
            y = a * b
        return tape.jacobian(y, {"a": a, "b": b})

    out("dict_sources", jac_dict_sources)

    def jac_nested_sources():
        a, b = tf.Variable([1.0, 2.0]), tf.Variable(3.0)
        with tf.GradientTape() as tape:
            y = a * b
        return tape.jacobian(y, [a, (b,)])

    out("nested_sources", jac_nested_sources)

    def jac_dict_target():
        a = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as tape:
            y = {"p": a * 2.0}
        return tape.jacobian(y, a)

    out("dict_target", jac_dict_target)



def _jacobian_lifecycle(tf, cases):
    """Jacobians of non-persistent and persistent tapes, inside the block."""
    out = _adder(cases, "jacobian/")

    def non_persistent_twice():
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as tape:
            y = x * x
        tape.jacobian(y, x)
        return tape.jacobian(y, x)

    out("non_persistent_twice", non_persistent_twice)

    def persistent_twice():
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape(persistent=True) as tape:
            y = x * x
        return [tape.jacobian(y, x), tape.jacobian(y * 1.0, x)]

    out("persistent_twice_second_outside", persistent_twice)

    def jac_then_grad():
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as tape:
            y = x * x
        tape.jacobian(y, x)
        return tape.gradient(y, x)

    out("non_persistent_jacobian_then_gradient", jac_then_grad)

    def jac_inside_block():
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape(persistent=True) as tape:
            y = x * x
            j = tape.jacobian(y, x)
        return j

    out("inside_block_persistent", jac_inside_block)



def _jacobian_nested(tf, cases):
    """Gradients and Jacobians of Jacobians on an outer tape."""
    out = _adder(cases, "jacobian/")

    def jac_of_jacobian(outer):
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape(persistent=True) as t2:
            with tf.GradientTape() as t1:
                y = x ** 3
            j = t1.jacobian(y, x)
            s = tf.reduce_sum(j * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
        return t2.gradient(s, x) if outer == "gradient" else t2.jacobian(j, x)

    out("gradient_of_jacobian", lambda: jac_of_jacobian("gradient"))
    out("jacobian_of_jacobian", lambda: jac_of_jacobian("jacobian"))

    def grad_of_batch_jacobian():
        x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                y = x * x * x
            j = t1.batch_jacobian(y, x)
            s = tf.reduce_sum(j)
        return t2.gradient(s, x)

    out("gradient_of_batch_jacobian", grad_of_batch_jacobian)



def _batch_jacobian(tf, cases):
    """batch_jacobian: shapes, ranks, batch sizes, unconnected sources."""
    out = _adder(cases, "jacobian/")

    def bj(fn, value, persistent=False, **kw):
        x = tf.constant(value)
        with tf.GradientTape(persistent=persistent) as tape:
            tape.watch(x)
            y = fn(x)
        return tape.batch_jacobian(y, x, **kw)

    m = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    out("batch_square", lambda: bj(lambda x: x * x, m))
    out("batch_matmul_to_3",
        lambda: bj(lambda x: tf.matmul(x, tf.constant([[1.0, 0.0, 2.0], [0.0, 1.0, 3.0]])), m))
    out("batch_reduce_keepdims",
        lambda: bj(lambda x: tf.reduce_sum(x * x, axis=1, keepdims=True), m))
    out("batch_3d_source", lambda: bj(lambda x: tf.reshape(x, (2, 4)) * 2.0,
                                      [[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]))
    out("batch_no_pfor", lambda: bj(lambda x: x * x, m, experimental_use_pfor=False))
    out("batch_rank1_target", lambda: bj(lambda x: tf.reduce_sum(x, axis=1), m))
    out("batch_rank1_source", lambda: bj(lambda x: x * 2.0, [1.0, 2.0]))
    out("batch_size_mismatch", lambda: bj(lambda x: tf.reshape(x, (2, 3)), m))
    out("batch_unconnected_none", lambda: bj(lambda x: tf.constant([[1.0], [2.0], [3.0]]), m))
    out("batch_unconnected_zero",
        lambda: bj(lambda x: tf.constant([[1.0], [2.0], [3.0]]), m,
                   unconnected_gradients=tf.UnconnectedGradients.ZERO))
    out("batch_variable_source", lambda: _batch_var(tf))

    def bj_twice():
        x = tf.constant(m)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * x
        tape.batch_jacobian(y, x)
        return tape.batch_jacobian(y, x)

    out("batch_non_persistent_twice", bj_twice)
    out("batch_unconnected_no_pfor",
        lambda: bj(lambda x: tf.constant([[1.0], [2.0], [3.0]]), m, persistent=True,
                   experimental_use_pfor=False))
    out("batch_square_no_pfor_persistent",
        lambda: bj(lambda x: x * x, m, persistent=True, experimental_use_pfor=False))
    out("batch_list_source", lambda: _batch_list_source(tf))


def _jac_var(tf):
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = tf.stack([x[0] * x[1], x[0] + x[1], x[1] ** 2])
    return tape.jacobian(y, x)


def _batch_var(tf):
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        y = tf.sin(x)
    return tape.batch_jacobian(y, x)


def _batch_list_source(tf):
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        y = x * 2.0
    return tape.batch_jacobian(y, [x])


# ------------------------------------------------------- lifecycle and watching
def _lifecycle(tf, cases):
    out = _adder(cases, "tape/")

    def source_itself(kind):
        x = tf.Variable(3.0) if kind == "variable" else tf.constant(3.0)
        with tf.GradientTape() as tape:
            if kind == "watched":
                tape.watch(x)
        return tape.gradient(x, x)

    for kind in ("variable", "watched", "constant"):
        out(f"gradient_x_x_{kind}", lambda k=kind: source_itself(k))



def _lifecycle_arguments(tf, cases):
    """Numbers, numpy arrays and None as targets and sources."""
    out = _adder(cases, "tape/")

    def number_target():
        x = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            y = 2.0
        return tape.gradient(y, x)

    out("python_number_target", number_target)

    def number_source():
        x = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            y = x * 2.0
        return tape.gradient(y, 3.0)

    out("python_number_source", number_source)

    def numpy_source():
        with tf.GradientTape() as tape:
            y = tf.constant(2.0)
        return tape.gradient(y, np.array(3.0))

    out("numpy_source", numpy_source)



def _output_gradients(tf, cases):
    """output_gradients: lists with None, wrong lengths, dtypes and shapes."""
    out = _adder(cases, "tape/")

    def list_targets_with(og):
        x = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            a = x * x
            b = x * 5.0
        return tape.gradient([a, b], x, output_gradients=og)

    out("output_gradients_list", lambda: list_targets_with([tf.constant(2.0),
                                                            tf.constant(10.0)]))
    out("output_gradients_list_with_none", lambda: list_targets_with([None, tf.constant(10.0)]))
    out("output_gradients_all_none", lambda: list_targets_with([None, None]))
    out("output_gradients_python_numbers", lambda: list_targets_with([2.0, 10.0]))
    out("output_gradients_too_few", lambda: list_targets_with([tf.constant(2.0)]))
    out("output_gradients_too_many",
        lambda: list_targets_with([tf.constant(1.0)] * 3))
    out("output_gradients_float64",
        lambda: list_targets_with([tf.constant(2.0, tf.float64), tf.constant(1.0, tf.float64)]))
    out("output_gradients_int32", lambda: list_targets_with([tf.constant(2), tf.constant(1)]))

    def og_single(og):
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as tape:
            y = x * x
        return tape.gradient(y, x, output_gradients=og)

    out("output_gradients_wrong_shape", lambda: og_single(tf.constant([1.0, 2.0, 3.0])))
    out("output_gradients_broadcast_scalar", lambda: og_single(tf.constant(2.0)))
    out("output_gradients_list_for_single_target", lambda: og_single([tf.constant([1.0, 3.0])]))
    out("output_gradients_none", lambda: og_single(None))
    out("output_gradients_numpy", lambda: og_single(np.array([1.0, 3.0], np.float32)))



def _watched_variables(tf, cases):
    """watched_variables() before, during and after use."""
    out = _adder(cases, "tape/")

    def watched_names(stage):
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(2.0, name="b")
        c = tf.Variable(3.0, name="c", trainable=False)
        with tf.GradientTape() as tape:
            if stage == "before":
                return [v.name for v in tape.watched_variables()]
            y = b * a + c
            if stage == "during":
                return [v.name for v in tape.watched_variables()]
        if stage == "after_gradient":
            tape.gradient(y, [a, b])
        return [v.name for v in tape.watched_variables()]

    for stage in ("before", "during", "after", "after_gradient"):
        out(f"watched_variables_{stage}", lambda s=stage: watched_names(s))

    def watched_types():
        a = tf.Variable(1.0, name="a")
        with tf.GradientTape() as tape:
            tape.watch(tf.constant(1.0))
            y = a * 2.0
        return [type(v).__name__ for v in tape.watched_variables()]

    out("watched_variables_only_variables", watched_types)

    def watched_explicit():
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(1.0, name="b")
        with tf.GradientTape(watch_accessed_variables=False) as tape:
            tape.watch(b)
            y = a * b
        return [[v.name for v in tape.watched_variables()], tape.gradient(y, [a, b])]

    out("watch_accessed_false", watched_explicit)

    def read_twice():
        a = tf.Variable(1.0, name="a")
        with tf.GradientTape() as tape:
            y = a * a + a
        return [v.name for v in tape.watched_variables()]

    out("watched_variables_read_twice", read_twice)



def _stop_and_reset(tf, cases):
    """stop_recording and reset."""
    out = _adder(cases, "tape/")

    def watch_in_stop():
        x = tf.constant(3.0)
        with tf.GradientTape() as tape:
            with tape.stop_recording():
                tape.watch(x)
            y = x * x
        return tape.gradient(y, x)

    out("watch_inside_stop_recording", watch_in_stop)

    def compute_in_stop():
        x = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            with tape.stop_recording():
                y = x * x
            z = y + x
        return tape.gradient(z, x)

    out("compute_inside_stop_recording", compute_in_stop)

    def stop_outside():
        tape = tf.GradientTape()
        with tape.stop_recording():
            pass
        return "ok"

    out("stop_recording_outside_block", stop_outside)

    def reset_after_exit():
        x = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            y = x * x
        tape.reset()
        return tape.gradient(y, x)

    out("reset_after_exit", reset_after_exit)

    def reset_inside():
        x = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            y = x * x
            tape.reset()
            z = x * 4.0
        return [tape.gradient(z, x)]

    out("reset_inside_block", reset_inside)

    def reset_inside_old_target():
        x = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            y = x * x
            tape.reset()
        return tape.gradient(y, x)

    out("reset_inside_old_target", reset_inside_old_target)



def _reentering(tf, cases):
    """Re-entering a tape; a gradient inside the block."""
    out = _adder(cases, "tape/")

    def reenter(persistent):
        x = tf.Variable(3.0)
        tape = tf.GradientTape(persistent=persistent)
        with tape:
            y = x * x
        with tape:
            z = y * x
        return tape.gradient(z, x)

    out("reenter_non_persistent", lambda: reenter(False))
    out("reenter_persistent", lambda: reenter(True))

    def reenter_after_gradient():
        x = tf.Variable(3.0)
        tape = tf.GradientTape()
        with tape:
            y = x * x
        g = tape.gradient(y, x)
        with tape:
            z = x * 5.0
        return [g, tape.gradient(z, x)]

    out("reenter_after_gradient", reenter_after_gradient)

    def nested_enter():
        tape = tf.GradientTape()
        with tape:
            with tape:
                pass
        return "ok"

    out("enter_twice_nested", nested_enter)

    def gradient_inside_non_persistent():
        x = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            y = x * x
            g = tape.gradient(y, x)
        return g

    out("gradient_inside_block_non_persistent", gradient_inside_non_persistent)



def _watching(tf, cases):
    """What watch accepts; unwatched and None sources; structured targets."""
    out = _adder(cases, "tape/")

    def watch_non_tensor(value):
        with tf.GradientTape() as tape:
            tape.watch(value)
        return "ok"

    out("watch_python_float", lambda: watch_non_tensor(1.0))
    out("watch_list_of_tensors", lambda: watch_non_tensor([tf.constant(1.0),
                                                          tf.constant(2.0)]))
    out("watch_int_tensor", lambda: watch_non_tensor(tf.constant(1)))
    out("watch_string", lambda: watch_non_tensor("x"))

    def watch_int_grad():
        x = tf.constant(3)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * x
        return tape.gradient(y, x)

    out("watched_int_tensor_gradient", watch_int_grad)



def _structured_arguments(tf, cases):
    """Sources not watched or None; tuple, dict and Variable targets; assign."""
    out = _adder(cases, "tape/")

    def source_not_watched_list():
        a = tf.Variable(1.0)
        b = tf.constant(2.0)
        with tf.GradientTape() as tape:
            y = a * b
        return tape.gradient(y, [a, b])

    out("list_sources_one_unwatched", source_not_watched_list)

    def gradient_none_target():
        x = tf.Variable(1.0)
        with tf.GradientTape() as tape:
            pass
        return tape.gradient(None, x)

    out("none_target", gradient_none_target)

    def gradient_none_source():
        x = tf.Variable(1.0)
        with tf.GradientTape() as tape:
            y = x * 2.0
        return tape.gradient(y, [x, None])

    out("none_in_sources", gradient_none_source)

    def tuple_sources():
        a, b = tf.Variable(1.0), tf.Variable(2.0)
        with tf.GradientTape() as tape:
            y = a * b
        return tape.gradient(y, (a, b))

    out("tuple_sources", tuple_sources)

    def dict_target():
        a = tf.Variable(1.0)
        with tf.GradientTape() as tape:
            y = {"p": a * 2.0, "q": a * 3.0}
        return tape.gradient(y, a)

    out("dict_target", dict_target)

    def variable_target():
        a = tf.Variable(2.0)
        with tf.GradientTape() as tape:
            pass
        return tape.gradient(a, a)

    out("variable_target_itself", variable_target)

    def assigned_variable():
        a = tf.Variable(2.0)
        with tf.GradientTape() as tape:
            a.assign(a * 3.0)
            y = a * 1.0
        return tape.gradient(y, a)

    out("gradient_through_assign", assigned_variable)



def _source_dtypes(tf, cases):
    """Persistent tapes; int, bool, complex, float64 and float16 sources."""
    out = _adder(cases, "tape/")

    def persistent_delete():
        x = tf.Variable(2.0)
        with tf.GradientTape(persistent=True) as tape:
            y = x * x
        g1 = tape.gradient(y, x)
        g2 = tape.gradient(y * y, x)
        del tape
        return [g1, g2]

    out("persistent_two_gradients", persistent_delete)

    def int_var_float_source():
        x = tf.Variable(2.0)
        i = tf.Variable(3)
        with tf.GradientTape() as tape:
            y = x * tf.cast(i, tf.float32)
        return tape.gradient(y, [x, i])

    out("int_variable_among_sources", int_var_float_source)

    def bool_source():
        x = tf.constant(True)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.cast(x, tf.float32) * 2.0
        return tape.gradient(y, x)

    out("bool_source", bool_source)



def _complex_and_float_sources(tf, cases):
    """Complex, float64 and float16 sources."""
    out = _adder(cases, "tape/")

    def complex_grad():
        z = tf.Variable(tf.constant(1.0 + 2.0j, tf.complex64))
        with tf.GradientTape() as tape:
            y = z * z
        return tape.gradient(y, z)

    out("complex_gradient", complex_grad)

    def complex_abs_grad():
        z = tf.constant(3.0 + 4.0j, tf.complex64)
        with tf.GradientTape() as tape:
            tape.watch(z)
            y = tf.abs(z)
        return tape.gradient(y, z)

    out("complex_abs_gradient", complex_abs_grad)

    def f64_source():
        x = tf.Variable(tf.constant(2.0, tf.float64))
        with tf.GradientTape() as tape:
            y = x ** 3
        return tape.gradient(y, x)

    out("float64_source", f64_source)

    def f16_source():
        x = tf.Variable(tf.constant(2.0, tf.float16))
        with tf.GradientTape() as tape:
            y = x * x
        return tape.gradient(y, x)

    out("float16_source", f16_source)


def _custom_higher_order(tf, cases):
    """Gradients of gradients through a custom gradient; outer tapes begun after it."""
    out = _adder(cases, "custom/")

    cube = _cube(tf)

    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.math.log(1 + e), grad

    def outer_begun_after(f, watched_constant):
        x = tf.constant(2.0) if watched_constant else tf.Variable(2.0)
        with tf.GradientTape() as t1:
            t1.watch(x)
            y = f(x)
        with tf.GradientTape() as t2:
            t2.watch(x)
            g = t1.gradient(y, x)
        return [g, t2.gradient(g, x)]

    out("outer_tape_begun_after_variable", lambda: outer_begun_after(cube, False))
    out("outer_tape_begun_after_constant", lambda: outer_begun_after(cube, True))
    out("outer_tape_begun_after_log1pexp", lambda: outer_begun_after(log1pexp, False))

    def outer_paused():
        x = tf.Variable(2.0)
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                with t2.stop_recording():
                    y = cube(x)
            g = t1.gradient(y, x)
        return [g, t2.gradient(g, x)]

    out("outer_tape_paused_during_call", outer_paused)



def _custom_hessians(tf, cases):
    """Hessians, Jacobians of Jacobians and third derivatives through a custom gradient."""
    out = _adder(cases, "custom/")
    cube = _cube(tf)

    def hessian():
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                y = tf.reduce_sum(cube(x) * tf.constant([1.0, 3.0]))
            g = t1.gradient(y, x)
        return t2.jacobian(g, x)

    out("hessian_through_custom", hessian)

    def jacobian_of_jacobian():
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                y = cube(x)
            j = t1.jacobian(y, x)
        return t2.jacobian(j, x)

    out("jacobian_of_jacobian_through_custom", jacobian_of_jacobian)

    def third():
        x = tf.Variable(2.0)
        with tf.GradientTape() as t3:
            with tf.GradientTape() as t2:
                with tf.GradientTape() as t1:
                    y = cube(x)
                g = t1.gradient(y, x)
            h = t2.gradient(g, x)
        return [g, h, t3.gradient(h, x)]

    out("third_order_through_custom", third)


def _lifecycle_edges(tf, cases):
    """A tape before and after its with block, the source as its own target."""
    out = _adder(cases, "tape/")

    def jacobian_of_source(watched_constant):
        x = tf.constant([1.0, 2.0]) if watched_constant else tf.Variable([1.0, 2.0])
        with tf.GradientTape() as tape:
            if watched_constant:
                tape.watch(x)
        return tape.jacobian(x, x)

    out("jacobian_of_variable_itself", lambda: jacobian_of_source(False))
    out("jacobian_of_watched_constant_itself", lambda: jacobian_of_source(True))

    def reset_in_stop():
        with tf.GradientTape() as tape:
            with tape.stop_recording():
                tape.reset()
        return "ok"

    out("reset_inside_stop_recording", reset_in_stop)



def _tape_without_block(tf, cases):
    """A tape never entered, or after its block or its gradient."""
    out = _adder(cases, "tape/")

    def never_entered():
        x = tf.Variable(1.0)
        return tf.GradientTape().gradient(x * 2.0, x)

    out("gradient_never_entered", never_entered)

    def watch_outside():
        tf.GradientTape().watch(tf.constant(1.0))
        return "ok"

    out("watch_never_entered", watch_outside)

    def watch_after_exit():
        x = tf.constant(1.0)
        with tf.GradientTape() as tape:
            pass
        tape.watch(x)
        return tape.gradient(x, x)

    out("watch_after_exit", watch_after_exit)

    def watch_after_gradient():
        x = tf.Variable(1.0)
        with tf.GradientTape() as tape:
            y = x * 2.0
        tape.gradient(y, x)
        tape.watch(tf.constant(1.0))
        return "ok"

    out("watch_after_gradient_non_persistent", watch_after_gradient)

    def og_with_source_target():
        x = tf.Variable(2.0)
        with tf.GradientTape() as tape:
            y = x * 3.0
        return tape.gradient([x, y], x, output_gradients=[tf.constant(5.0), tf.constant(2.0)])

    out("output_gradients_source_as_target", og_with_source_target)

    def persistent_reenter():
        x = tf.Variable(2.0)
        tape = tf.GradientTape(persistent=True)
        with tape:
            y = x * x
        g = tape.gradient(y, x)
        with tape:
            z = x * 5.0
        return [g, tape.gradient(z, x), tape.gradient(y, x)]

    out("reenter_persistent_after_gradient", persistent_reenter)


def _several_outputs(tf, cases):
    """custom_gradient functions with several outputs: unused ones, a list, variables."""
    out = _adder(cases, "custom/")

    @tf.custom_gradient
    def scaled(x):
        def grad(d1, d2):
            return d1 * 2.0 + d2 * 7.0
        return (x * 2.0, x * 7.0), grad

    def one_used():
        x = tf.Variable([1.0, 2.0])
        with tf.GradientTape() as tape:
            a, _ = scaled(x)
        return tape.gradient(a, x)

    out("several_outputs_one_used", one_used)

    @tf.custom_gradient
    def as_list(x):
        return [x, x], lambda d1, d2: d1 + d2

    out("several_outputs_list_type", lambda: type(as_list(tf.constant(1.0))).__name__)

    w = tf.Variable(2.0)

    @tf.custom_gradient
    def with_variable(x):
        def grad(d1, d2, variables=None):
            return d1 * w + d2, [d1 * x]
        return (x * w, x + 0.0), grad

    def variable_grads():
        x = tf.Variable(3.0)
        with tf.GradientTape() as tape:
            a, b = with_variable(x)
            y = a + b
        return tape.gradient(y, [x, w])

    out("several_outputs_with_variables", variable_grads)

    def shapes():
        x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])

        @tf.custom_gradient
        def split(m):
            def grad(d_row, d_total):
                return tf.stack([d_row, d_row]) * 0.0 + d_total
            return (tf.reduce_sum(m, axis=0), tf.reduce_sum(m)), grad

        with tf.GradientTape() as tape:
            r, t = split(x)
            y = tf.reduce_sum(r * tf.constant([1.0, 10.0])) + t * 100.0
        return [r, t, tape.gradient(y, x)]

    out("several_outputs_shapes", shapes)


# ------------------------------------------------------------- dtypes
def _dtypes(tf, cases):
    out = _adder(cases, "dtype/")

    i = lambda: tf.constant([1, 2, 3])  # noqa: E731
    f = lambda: tf.constant([1.0, 2.0, 3.0])  # noqa: E731
    out("int_plus_float_tensor", lambda: i() + f())
    out("float_plus_int_tensor", lambda: f() + i())
    out("int_times_python_float", lambda: i() * 2.5)
    out("int_times_python_int", lambda: i() * 2)
    out("int_div_int", lambda: i() / tf.constant([2, 2, 2]))
    out("int_floordiv_int", lambda: i() // tf.constant([2, 2, 2]))
    out("int_pow_int", lambda: i() ** 2)
    out("int_pow_int_tensor", lambda: i() ** tf.constant([2, 3, 0]))
    out("int_pow_negative", lambda: i() ** -1)
    out("int_pow_float", lambda: i() ** 0.5)
    out("int_pow_big_overflow", lambda: tf.constant([10]) ** 12)
    out("int64_pow", lambda: tf.constant([10], tf.int64) ** 12)
    out("python_int_pow_int_tensor", lambda: 2 ** i())
    out("int_add_int64", lambda: i() + tf.constant([1, 1, 1], tf.int64))
    out("float_tensor_pow_int_tensor", lambda: f() ** i())


_OPERATORS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
              "truediv": operator.truediv, "floordiv": operator.floordiv, "mod": operator.mod,
              "pow": operator.pow}


def _dtypes_python_floats(tf, cases):
    """A Python float next to an integer tensor, on either side of each operator."""
    out = _adder(cases, "dtype/")
    for name, op in _OPERATORS.items():
        out(f"int_tensor_{name}_2.5", lambda op=op: op(tf.constant([1, 2]), 2.5))
        out(f"int_tensor_{name}_2.0", lambda op=op: op(tf.constant([1, 2]), 2.0))
        out(f"2.5_{name}_int_tensor", lambda op=op: op(2.5, tf.constant([1, 2])))
        out(f"int_tensor_{name}_int64_tensor",
            lambda op=op: op(tf.constant([1, 2]), tf.constant([1, 2], tf.int64)))
        out(f"float_tensor_{name}_float64_tensor",
            lambda op=op: op(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0], tf.float64)))


def _dtypes_bool_operators(tf, cases):
    """Arithmetic on bool tensors, with bool tensors and Python numbers."""
    out = _adder(cases, "dtype/")
    for name, op in _OPERATORS.items():
        b = lambda: tf.constant([True, False])  # noqa: E731
        out(f"bool_{name}_bool", lambda op=op: op(b(), b()))
        out(f"bool_{name}_2.0", lambda op=op: op(b(), 2.0))
        out(f"bool_{name}_1", lambda op=op: op(b(), 1))
        out(f"2.0_{name}_bool", lambda op=op: op(2.0, b()))


def _dtypes_int_range(tf, cases):
    """Integer overflow and values beyond int32/int64."""
    out = _adder(cases, "dtype/")

    out("int32_overflow_add", lambda: tf.constant(2 ** 31 - 1) + 1)
    out("constant_2_pow_31", lambda: tf.constant(2 ** 31))
    out("constant_2_pow_63", lambda: tf.constant(2 ** 63))
    out("constant_2_pow_64", lambda: tf.constant(2 ** 64))
    out("constant_neg_2_pow_63", lambda: tf.constant(-2 ** 63))
    out("constant_2_pow_63_minus_1", lambda: tf.constant(2 ** 63 - 1))
    out("constant_int32_dtype_too_big", lambda: tf.constant(2 ** 40, dtype=tf.int32))
    out("constant_list_mixed_int_float", lambda: tf.constant([1, 2.5]))
    out("constant_list_big_int", lambda: tf.constant([1, 2 ** 40]))
    out("variable_2_pow_63", lambda: tf.Variable(2 ** 63))


def _dtypes_bool_complex(tf, cases):
    """bool and complex tensors, casts."""
    out = _adder(cases, "dtype/")

    out("bool_plus_bool", lambda: tf.constant(True) + tf.constant(False))
    out("bool_and", lambda: tf.constant([True, False]) & tf.constant([True, True]))
    out("bool_times_float", lambda: tf.constant(True) * 2.0)
    out("bool_cast_float", lambda: tf.cast(tf.constant([True, False]), tf.float32))
    out("float_cast_bool", lambda: tf.cast(tf.constant([0.0, 2.0]), tf.bool))
    out("complex_constant", lambda: tf.constant(1 + 2j))
    out("complex64_plus_float32", lambda: tf.constant(1 + 2j, tf.complex64) + tf.constant(1.0))
    out("complex_times_python_float", lambda: tf.constant(1 + 2j) * 2.0)
    out("complex_abs", lambda: tf.abs(tf.constant([3 + 4j], tf.complex64)))
    out("complex_cast_float", lambda: tf.cast(tf.constant(3 + 4j), tf.float32))
    out("float_cast_complex", lambda: tf.cast(tf.constant(3.0), tf.complex64))


def _dtypes_assign(tf, cases):
    """assign, assign_add and assign_sub with other dtypes; mixed numpy operands."""
    out = _adder(cases, "dtype/")

    out("variable_assign_sub_int_to_float", lambda: tf.Variable(3.0).assign_sub(1))
    out("variable_assign_sub_float64_tensor",
        lambda: tf.Variable(3.0).assign_sub(tf.constant(1.0, tf.float64)))
    out("variable_assign_sub_int_tensor",
        lambda: tf.Variable(3.0).assign_sub(tf.constant(1)))
    out("int_variable_assign_sub_float", lambda: tf.Variable(3).assign_sub(1.5))
    out("int_variable_assign_add_int", lambda: tf.Variable(3).assign_add(2))
    out("variable_assign_wrong_shape", lambda: tf.Variable([1.0, 2.0]).assign([1.0, 2.0, 3.0]))
    out("variable_assign_float64_numpy",
        lambda: tf.Variable([1.0, 2.0]).assign(np.array([3.0, 4.0])))
    out("variable_assign_add_returns_value", lambda: tf.Variable(1.0).assign_add(2.0).numpy())
    out("float32_plus_float64_numpy_scalar", lambda: tf.constant(1.0) + np.float64(2.0))
    out("int_tensor_plus_numpy_int64", lambda: tf.constant(1) + np.int64(2))
    out("uint8_overflow", lambda: tf.constant([250], tf.uint8) + tf.constant([10], tf.uint8))
    out("int8_constant_too_big", lambda: tf.constant(200, tf.int8))
    out("float16_big", lambda: tf.constant(70000.0, tf.float16))
    out("int_neg_floordiv", lambda: tf.constant([-7, 7]) // tf.constant([2, -2]))
    out("int_mod", lambda: tf.constant([-7, 7]) % tf.constant([2, -2]))
    out("int_divide_by_zero_float", lambda: tf.constant([1.0, -1.0, 0.0]) / 0.0)
    out("int_truediv_python_int", lambda: tf.constant([3, 4]) / 2)


# ------------------------------------------------------------- printing
def _printing(tf, cases):
    show = _adder(cases, "print/", "show")

    values = {
        "scalar": 2.5, "vec": [1.5, -2.0, 3.25], "mat": [[1.0, 2.0], [3.0, 4.0]],
        "empty": np.zeros((0,)), "empty_2x0": np.zeros((2, 0)), "empty_0x3": np.zeros((0, 3)),
        "cube": np.arange(8.0).reshape(2, 2, 2),
    }
    for dt in ("float16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool",
               "complex64", "complex128"):
        for name, v in values.items():
            show(f"{dt}_{name}", lambda v=v, dt=dt: tf.cast(tf.constant(v), getattr(tf, dt)))


def _printing_shapes(tf, cases):
    """Summarised, nan/inf, 3-D; Variables; containers of tensors."""
    show = _adder(cases, "print/", "show")

    show("range_1001", lambda: tf.range(1001))
    show("range_1001_f32", lambda: tf.range(1001, dtype=tf.float32))
    show("range_1000_int", lambda: tf.range(1000))
    show("ones_40x40", lambda: tf.ones((40, 40)))
    show("ones_2x600", lambda: tf.ones((2, 600)))
    show("ones_11x11x11", lambda: tf.reshape(tf.range(1331.0), (11, 11, 11)))
    show("nan_inf_scalar", lambda: tf.constant(float("nan")))
    show("inf_scalar", lambda: tf.constant(-float("inf")))
    show("nan_inf_f64", lambda: tf.constant([np.nan, np.inf, -np.inf, 0.5]))
    show("nan_inf_mat", lambda: tf.constant([[np.nan, 1.0], [np.inf, -2.5]]))
    show("mixed_magnitudes", lambda: tf.constant([1e-5, 1.0, 1e5]))
    show("large_1e16", lambda: tf.constant([1e16, 1.0]))
    show("negative_zero", lambda: tf.constant([-0.0, 0.0]))
    show("precision_third", lambda: tf.constant([1.0 / 3.0]))
    show("int64_big", lambda: tf.constant([2 ** 62, -5], tf.int64))
    show("cube_3d_int", lambda: tf.reshape(tf.range(24), (2, 3, 4)))
    show("shape_1x1x1", lambda: tf.constant([[[7.0]]]))
    show("variable_named", lambda: tf.Variable([1.0, 2.0], name="weights"))
    show("variable_non_trainable", lambda: tf.Variable(1.0, trainable=False))
    show("variable_named_non_trainable",
         lambda: tf.Variable([[1, 2]], name="counter", trainable=False))
    show("variable_bool", lambda: tf.Variable(True))
    show("variable_float64", lambda: tf.Variable(np.array([0.1, 0.2])))
    show("variable_empty", lambda: tf.Variable(np.zeros((0, 2), np.float32)))
    show("variable_1001", lambda: tf.Variable(tf.range(1001.0)))
    show("variable_complex", lambda: tf.Variable(tf.constant([1 + 1j], tf.complex64)))
    show("variable_name_with_scope", lambda: tf.Variable(1.0, name="layer/kernel"))
    show("list_of_tensors", lambda: [tf.constant(1.0), tf.constant([1, 2])])
    show("tuple_of_tensors", lambda: (tf.constant(1.0), tf.constant(True)))
    show("dict_of_tensors", lambda: {"a": tf.constant(1.0), "b": tf.constant([2, 3])})
    show("list_with_variable", lambda: [tf.Variable(1.0, name="v"), None])
    show("shape_of_tensor", lambda: tf.constant([[1.0, 2.0]]).shape)
    show("dtype_float32", lambda: tf.float32)
    show("dtype_complex128", lambda: tf.complex128)


def _printing_format(tf, cases):
    """format(), %, float(), int(), bool() and len() of tensors."""
    fmt = _adder(cases, "print/format_")

    fmt("scalar_.2f", lambda: f"{tf.constant(3.14159):.2f}")
    fmt("scalar_int_d", lambda: f"{tf.constant(42):d}")
    fmt("scalar_int_05d", lambda: f"{tf.constant(42):05d}")
    fmt("scalar_e", lambda: f"{tf.constant(1234.5):e}")
    fmt("scalar_empty_spec", lambda: f"{tf.constant(2.5)}")
    fmt("vector_empty_spec", lambda: f"{tf.constant([1.0, 2.0])}")
    fmt("vector_.2f", lambda: f"{tf.constant([1.0, 2.0]):.2f}")
    fmt("bool_scalar", lambda: f"{tf.constant(True)}")
    fmt("float64_g", lambda: f"{tf.constant(0.1, tf.float64):g}")
    fmt("percent_s", lambda: "%s" % tf.constant(1.5))
    fmt("percent_f", lambda: "%.3f" % tf.constant(1.5))
    fmt("variable_empty_spec", lambda: f"{tf.Variable(2.0)}")
    fmt("numpy_repr", lambda: tf.constant([1.5, 2.0]).numpy())
    fmt("float_of_tensor", lambda: float(tf.constant(2.5)))
    fmt("int_of_tensor", lambda: int(tf.constant(7)))
    fmt("float_of_vector", lambda: float(tf.constant([2.5])))
    fmt("bool_of_vector", lambda: bool(tf.constant([True, False])))
    fmt("len_of_scalar", lambda: len(tf.constant(1.0)))
    fmt("len_of_vector", lambda: len(tf.constant([1.0, 2.0])))


def main():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    import tensorflow as tf  # noqa: PLC0415 (the scratch venv only)

    if not hasattr(tf, "raw_ops") or "tangentish" in getattr(tf, "__file__", ""):
        sys.exit("record_tf_tape.py must be run with real TensorFlow (scratch venv)")
    cases = {label: run_case(kind, fn) for label, (kind, fn) in build(tf).items()}
    result = {
        "_meta": {"tensorflow": tf.__version__, "numpy": np.__version__,
                  "python": sys.version.split()[0], "n_cases": len(cases)},
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
