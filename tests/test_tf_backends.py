"""The GradientTape facade's training step on Dask and array_api_strict tensors.

A training step as TF users write it (``tf.constant`` data, ``tf.Variable``
parameters from numpy, ``tape.gradient``, ``assign_sub``; a Dense layer with
``keras.optimizers.SGD``) runs with the data as Dask arrays (lazy, chunked: built
under a scheduler that refuses to compute) and as array_api_strict arrays, and
several steps give the losses and parameters of the NumPy run.  Ops that cannot
run exactly on those libraries refuse them by name."""
import array_api_strict as xs
import dask
import dask.array as da
import numpy as np
import pytest

import tangentish.tf as tf
from tangentish.tf.tensor import ForeignTensor, prim

N, D, CHUNK = 48, 4, 16
STRICT_ARRAY = type(xs.ones(1))


def _refuse(*args, **kwargs):
    raise AssertionError("a Dask array was computed")


def no_compute():
    """Dask's scheduler, inside: one that fails the test if anything is computed."""
    return dask.config.set(scheduler=_refuse)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(N, D))
    y = (X @ np.array([1.0, -2.0, 0.5, 0.0]) + 0.3 * rng.normal(size=N) > 0).astype(np.float64)
    return X, y


def as_library(library, value):
    if library == "numpy":
        return value
    if library == "dask":
        return da.from_array(value, chunks=CHUNK)
    return xs.asarray(value)


def loss_of(kind, X, y, w, b):
    """The step's loss as TF users write it."""
    if kind == "logistic/matvec":
        z = tf.linalg.matvec(X, w) + b
        return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z))
    if kind == "logistic/matmul":
        z = tf.reshape(tf.matmul(X, w), [-1]) + b
        return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z))
    z = tf.reshape(X @ w, [-1]) + b          # a plain MSE
    return tf.reduce_mean(tf.square(z - y))


def train(kind, X, y, steps=4, lazy_check=False):
    """``steps`` gradient-descent steps; the losses, the parameters and the last step's
    loss and gradient Tensors."""
    shape = (D,) if kind == "logistic/matvec" else (D, 1)
    w = tf.Variable(np.zeros(shape))
    b = tf.Variable(np.float64(0.0))
    losses = []
    for _ in range(steps):
        if lazy_check:
            with no_compute():
                loss, dw, db = _step(kind, X, y, w, b)
        else:
            loss, dw, db = _step(kind, X, y, w, b)
        losses.append(float(loss))
        w.assign_sub(0.1 * dw)
        b.assign_sub(0.1 * db)
    return losses, w.numpy(), b.numpy(), (loss, dw, db, w)


def _step(kind, X, y, w, b):
    with tf.GradientTape() as tape:
        loss = loss_of(kind, X, y, w, b)
    dw, db = tape.gradient(loss, [w, b])
    return loss, dw, db


KINDS = ["logistic/matvec", "logistic/matmul", "mse/operator"]


def plain_numpy_descent(kind, X, y, steps=4):
    """The same steps written out in numpy, the gradients by hand (an independent
    reference for the facade's NumPy run)."""
    w, b, losses = np.zeros(D), 0.0, []
    for _ in range(steps):
        z = X @ w + b
        if kind.startswith("logistic"):
            losses.append(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
            dz = (1 / (1 + np.exp(-z)) - y) / len(y)
        else:
            losses.append(np.mean((z - y) ** 2))
            dz = 2 * (z - y) / len(y)
        w, b = w - 0.1 * (X.T @ dz), b - 0.1 * np.sum(dz)
    return losses, w, b


@pytest.mark.parametrize("kind", KINDS)
def test_the_numpy_run_is_gradient_descent(data, kind):
    Xn, yn = data
    losses, w, b, _ = train(kind, tf.constant(Xn), tf.constant(yn))
    expected = plain_numpy_descent(kind, Xn, yn)
    np.testing.assert_allclose(losses, expected[0], rtol=1e-12)
    np.testing.assert_allclose(w.ravel(), expected[1], rtol=1e-10)
    np.testing.assert_allclose(b, expected[2], rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("kind", KINDS)
def test_dask_training_step_matches_numpy(data, kind):
    Xn, yn = data
    expected = train(kind, tf.constant(Xn), tf.constant(yn))
    X, y = tf.constant(as_library("dask", Xn)), tf.constant(as_library("dask", yn))
    # the data stays Dask: the loss and gradients are built lazily (no compute)
    losses, w, b, (loss, dw, db, var) = train(kind, X, y, lazy_check=True)
    assert isinstance(X._value, da.Array) and X._value.chunks[0] == (CHUNK,) * (N // CHUNK)
    for t in (loss, dw, db):
        assert isinstance(t, ForeignTensor) and isinstance(t._value, da.Array)
    # a Variable made from numpy keeps numpy: assign_sub of a Dask gradient computes it
    assert type(var.value()._value) is np.ndarray
    np.testing.assert_allclose(losses, expected[0], rtol=1e-12)
    np.testing.assert_allclose(w, expected[1], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(b, expected[2], rtol=1e-12, atol=1e-15)
    assert losses[-1] < losses[0]


@pytest.mark.parametrize("kind", KINDS)
def test_array_api_strict_training_step_matches_numpy(data, kind):
    Xn, yn = data
    expected = train(kind, tf.constant(Xn), tf.constant(yn))
    X, y = tf.constant(as_library("strict", Xn)), tf.constant(as_library("strict", yn))
    losses, w, b, (loss, dw, db, var) = train(kind, X, y)
    for t in (loss, dw, db):
        assert isinstance(t._value, STRICT_ARRAY)
    assert type(var.value()._value) is np.ndarray
    np.testing.assert_allclose(losses, expected[0], rtol=1e-12)
    np.testing.assert_allclose(w, expected[1], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(b, expected[2], rtol=1e-12, atol=1e-15)


def _dense_training(X, y, dtype, optimizer, steps=3):
    layer = tf.keras.layers.Dense(1, kernel_initializer="zeros", dtype=dtype)
    y = tf.cast(y, dtype)   # (float32: the float64 data is cast by the layer, the labels here)
    opt = getattr(tf.keras.optimizers, optimizer)(learning_rate=0.5)
    losses = []
    for _ in range(steps):
        with tf.GradientTape() as tape:
            logits = tf.reshape(layer(X), [-1])
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y,
                                                                          logits=logits))
        grads = tape.gradient(loss, layer.trainable_variables)
        opt.apply_gradients(zip(grads, layer.trainable_variables))
        losses.append(float(loss))
    return losses, [v.numpy() for v in layer.trainable_variables]


@pytest.mark.parametrize("dtype,rtol,optimizer", [("float64", 1e-12, "SGD"),
                                                   ("float32", 1e-5, "SGD"),
                                                   ("float64", 1e-12, "Adam")])
@pytest.mark.parametrize("library", ["dask", "strict"])
def test_dense_layer_with_an_optimizer_matches_numpy(data, library, dtype, rtol, optimizer):
    Xn, yn = data
    expected = _dense_training(tf.constant(Xn), tf.constant(yn), dtype, optimizer)
    got = _dense_training(tf.constant(as_library(library, Xn)),
                          tf.constant(as_library(library, yn)), dtype, optimizer)
    np.testing.assert_allclose(got[0], expected[0], rtol=rtol)
    for g, e in zip(got[1], expected[1]):
        np.testing.assert_allclose(g, e, rtol=rtol, atol=rtol * 1e-3)
    assert got[0][-1] < got[0][0]


def test_sigmoid_cross_entropy_is_tfs_formula_and_gradient():
    z = np.array([-30.0, -1.5, 0.0, 0.0, 2.0, 40.0])
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.25, 0.0])
    logits = tf.Variable(z)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    np.testing.assert_allclose(
        loss.numpy(), np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    # d/dz = sigmoid(z) - y, at z = 0 too (TF's where-based max and |z|)
    np.testing.assert_allclose(tape.gradient(loss, logits).numpy(), 1 / (1 + np.exp(-z)) - y)
    with pytest.raises(ValueError, match="same shape"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=y[:3], logits=logits)


def test_printing_a_dask_tensor_shows_it_lazily_and_a_strict_one_as_numpy(data):
    Xn, _ = data
    with no_compute():
        t = tf.reduce_sum(tf.constant(as_library("dask", Xn)), axis=0)
        assert repr(t).startswith("<tf.Tensor: shape=(4,), dtype=float64, numpy=dask.array<")
        assert "chunksize=" in str(t) and str(t).startswith("tf.Tensor(dask.array<")
    # the explicit conversions compute
    np.testing.assert_allclose(t.numpy(), Xn.sum(0))
    np.testing.assert_allclose(np.asarray(t), Xn.sum(0))
    s = tf.reduce_sum(tf.constant(as_library("strict", Xn)), axis=0)
    assert str(s) == str(tf.reduce_sum(tf.constant(Xn), axis=0))
    assert repr(s) == repr(tf.reduce_sum(tf.constant(Xn), axis=0))
    assert float(tf.reduce_sum(s)) == pytest.approx(Xn.sum())


@pytest.mark.parametrize("library,name", [("dask", "dask.array"),
                                          ("strict", "array_api_strict")])
def test_unaudited_ops_refuse_by_name(library, name):
    X = tf.constant(as_library(library, np.eye(3) + 1.0))
    for op, label in [(tf.linalg.slogdet, "tf.linalg.slogdet"),
                      (lambda x: tf.clip_by_value(x, 0.0, 1.0), "tf.clip_by_value"),
                      (tf.nn.l2_loss, "tf.nn.l2_loss"),
                      (lambda x: tf.cast(x, tf.int32), "tf.cast from float64 to int32")]:
        with pytest.raises(NotImplementedError, match=f"{label} is not supported with {name}"):
            op(X)
    # a template with no exact array API equivalent is refused, naming it
    with pytest.raises(NotImplementedError, match=f"np.linalg.det.*{name}|{name}.*np.linalg"):
        prim("np.linalg.det({0})", X)
    # the same ops on numpy tensors are unaffected
    assert tf.linalg.slogdet(tf.constant(np.eye(3)))[1].numpy() == 0.0


def test_mixing_two_array_libraries_is_a_type_error():
    a = tf.constant(da.ones((3,), chunks=3))
    b = tf.constant(xs.ones((3,), dtype=xs.float64))
    with pytest.raises(TypeError, match="cannot mix"):
        a + b


def test_a_variable_made_from_dask_stays_dask(data):
    Xn, yn = data
    w = tf.Variable(da.zeros((D,), chunks=D))
    X, y = tf.constant(as_library("dask", Xn)), tf.constant(as_library("dask", yn))
    with no_compute():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.linalg.matvec(X, w) - y))
        dw = tape.gradient(loss, w)
        w.assign_sub(0.1 * dw)
        assert isinstance(w.value()._value, da.Array)
    wn = tf.Variable(np.zeros(D))
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.linalg.matvec(tf.constant(Xn), wn) - yn))
    wn.assign_sub(0.1 * tape.gradient(loss, wn))
    np.testing.assert_allclose(w.numpy(), wn.numpy(), rtol=1e-12)


def test_gradient_source_shows_the_code_generated_for_the_library(data):
    Xn, yn = data
    w = tf.Variable(np.zeros(D))
    for library, spelled in [("dask", "xp.reshape"), ("numpy", "np.reshape")]:
        X, y = tf.constant(as_library(library, Xn)), tf.constant(as_library(library, yn))
        with tf.GradientTape(persistent=True) as tape:
            loss = tf.reduce_mean(tf.square(tf.linalg.matvec(X, w) - y))
        source = tape.gradient_source(loss, w)
        assert spelled in source and ("xp = array_namespace(" in source) == (library == "dask")
        tape.gradient(loss, w)
        assert tf.last_gradient_source() == source


def test_training_step_on_a_local_cluster(data):
    """The step's work runs on two worker processes (Dask's distributed scheduler)."""
    import distributed   # (a test dependency; imported here: only this test starts a cluster)
    Xn, yn = data
    expected = train("logistic/matvec", tf.constant(Xn), tf.constant(yn), steps=2)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        X = tf.constant(da.from_array(Xn, chunks=CHUNK))
        y = tf.constant(da.from_array(yn, chunks=CHUNK))
        with distributed.get_task_stream(client) as stream:
            losses, w, b, _ = train("logistic/matvec", X, y, steps=2)
        workers = {task["worker"] for task in stream.data}
    assert len(workers) == 2
    np.testing.assert_allclose(losses, expected[0], rtol=1e-12)
    np.testing.assert_allclose(w, expected[1], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(b, expected[2], rtol=1e-12, atol=1e-15)


def _jacobian(X, w):
    with tf.GradientTape() as tape:
        z = tf.linalg.matvec(X, w)
    return tape.jacobian(z, w)


def _nested(X, w):
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            z = tf.reduce_sum(tf.square(tf.linalg.matvec(X, w)))
        g = tf.reduce_sum(inner.gradient(z, w))
    return outer.gradient(g, w)


def _forward(X, w):
    with tf.autodiff.ForwardAccumulator(w, tf.constant(np.ones(2))) as acc:
        z = tf.linalg.matvec(X, w)
    return acc.jvp(z)


def _custom(X, w):
    @tf.custom_gradient
    def double(x):
        return x * 2.0, lambda dy: dy * 2.0
    return double(tf.linalg.matvec(X, w))


@pytest.mark.parametrize("library,name", [("dask", "dask.array"),
                                          ("strict", "array_api_strict")])
@pytest.mark.parametrize("use,what", [(_jacobian, "GradientTape.jacobian"),
                                      (_nested, "a gradient taken while another tape records"),
                                      (_forward, "ForwardAccumulator"),
                                      (_custom, "tf.custom_gradient")])
def test_what_the_tape_does_not_support_on_other_libraries_is_refused(library, name, use,
                                                                      what):
    X = tf.constant(as_library(library, np.arange(6.0).reshape(3, 2)))
    with no_compute(), pytest.raises(NotImplementedError,
                                     match=f"{what} is not supported with {name}"):
        use(X, tf.Variable(np.ones(2)))


@pytest.mark.parametrize("library", ["dask", "strict"])
def test_output_gradients_and_a_watched_data_tensor(library):
    Xn = np.arange(6.0).reshape(3, 2) / 5
    results = {}
    for lib in ("numpy", library):
        X, w = tf.constant(as_library(lib, Xn)), tf.Variable(np.array([0.5, -1.0]))
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(X)
            z = tf.tanh(tf.linalg.matvec(X, w))
            loss = tf.reduce_sum(tf.square(X)) + tf.reduce_sum(z)
        weights = tf.constant(as_library(lib, np.array([1.0, -2.0, 3.0])))
        results[lib] = [tape.gradient(z, w, output_gradients=weights).numpy(),
                        tape.gradient(loss, X).numpy()]
    for got, expected in zip(results[library], results["numpy"]):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


# Every op of backends.PORTABLE_OPS, on a data tensor X (3 x 2) and a numpy
# Variable w (2,) the gradient is taken with respect to.
PORTABLE_CASES = {
    "add": lambda X, w: tf.add(X * w, 1.5),
    "subtract": lambda X, w: tf.subtract(X, w),
    "multiply": lambda X, w: tf.multiply(X, w),
    "divide": lambda X, w: tf.divide(X, w + 3.0),
    "truediv": lambda X, w: tf.truediv(w, X + 3.0),
    "negative": lambda X, w: tf.negative(X * w),
    "matmul": lambda X, w: tf.matmul(X, tf.reshape(w, (2, 1))),
    "maximum": lambda X, w: tf.maximum(X * w, 0.1),
    "minimum": lambda X, w: tf.minimum(X, w),
    "square": lambda X, w: tf.square(X * w),
    "sqrt": lambda X, w: tf.sqrt(X * X + w * w + 1.0),
    "exp": lambda X, w: tf.exp(X * w),
    "log": lambda X, w: tf.math.log(X * X + w * w + 1.0),
    "tanh": lambda X, w: tf.tanh(X * w),
    "sigmoid": lambda X, w: tf.sigmoid(X * w),
    "abs": lambda X, w: tf.abs(X * w),
    "reduce_sum": lambda X, w: tf.reduce_sum(X * w, axis=0),
    "reduce_mean": lambda X, w: tf.reduce_mean(X * w, axis=1, keepdims=True),
    "expand_dims": lambda X, w: tf.expand_dims(X * w, 0),
    "squeeze": lambda X, w: tf.squeeze(tf.expand_dims(X * w, 1), 1),
    "reshape": lambda X, w: tf.reshape(X * w, [-1]),
    "identity": lambda X, w: tf.identity(X * w),
    "constant": lambda X, w: tf.constant(X) * w,
    "convert_to_tensor": lambda X, w: tf.convert_to_tensor(X) * w,
    "stop_gradient": lambda X, w: tf.stop_gradient(X * w) + X * w * w,
    "relu": lambda X, w: tf.nn.relu(X * w),
    "matvec": lambda X, w: tf.linalg.matvec(X, w),
    "sigmoid_cross_entropy_with_logits": lambda X, w: tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.sigmoid(X), logits=X * w),
    "shape": lambda X, w: tf.reshape(tf.reshape(X * w, [-1]), tf.shape(X)),
    "reduce_max": lambda X, w: tf.reduce_max(X * w, axis=0),
    "reduce_min": lambda X, w: tf.reduce_min(X * w),
    "reduce_logsumexp": lambda X, w: tf.math.reduce_logsumexp(X * w, axis=1),
    "softmax": lambda X, w: tf.nn.softmax(X * w),
    "log_softmax": lambda X, w: tf.nn.log_softmax(X * w, axis=0),
    "concat": lambda X, w: tf.concat([X * w, X], axis=1),
    "stack": lambda X, w: tf.stack([X[:, 0] * w[0], X[:, 1] * w[1]]),
    "where": lambda X, w: tf.where(X > 0.0, X * w, w * w),
    "cast": lambda X, w: tf.cast(tf.cast(X * w, tf.float32) * 2.0, tf.float64),
}


def test_the_portable_cases_cover_exactly_portable_ops():
    from tangentish.tf.backends import PORTABLE_OPS
    assert set(PORTABLE_CASES) == set(PORTABLE_OPS)


def _value_and_gradient(case, library):
    Xn = np.array([[0.5, -1.25], [2.0, 0.75], [-0.3, 1.5]])
    X, w = tf.constant(as_library(library, Xn)), tf.Variable(np.array([0.8, -0.6]))
    with tf.GradientTape() as tape:
        out = case(X, w)
        total = tf.reduce_sum(out * out)
    return out, tape.gradient(total, w)


@pytest.mark.parametrize("library", ["dask", "strict"])
@pytest.mark.parametrize("name", sorted(PORTABLE_CASES))
def test_each_portable_op_matches_numpy(library, name):
    expected = [t.numpy() for t in _value_and_gradient(PORTABLE_CASES[name], "numpy")]
    with no_compute():
        got = _value_and_gradient(PORTABLE_CASES[name], library)
        assert isinstance(got[0], ForeignTensor)
    for g, e in zip(got, expected):
        assert g.shape == e.shape and g.dtype == tf.as_dtype(e.dtype)
        np.testing.assert_allclose(g.numpy(), e, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("template,nargs,expected", [
    ("np.sum({0}, axis={1}, keepdims={2})", 3, "xp.sum(a0, axis=a1, keepdims=a2)"),
    ("np.mean({0}, {1})", 2, "xp.mean(a0, axis=a1)"),
    ("np.where({0} >= 0, {0}, 0) - np.log1p(np.exp(-{0}))", 1,
     "xp.where(a0 >= 0, a0, 0) - xp.log1p(xp.exp(-a0))"),
    ("np.arccos(np.power({0}, 2))", 1, "xp.acos(xp.pow(a0, 2))"),
    ("np.concatenate([{0}, {1}], axis=0)", 2, "xp.concat([a0, a1], axis=0)"),
    ("{0}.T @ {1}", 2, "a0.T @ a1"),
    ("np.linalg.det({0})", 1, None),          # no exact equivalent listed
    ("np.transpose({0})", 1, None),           # numpy reverses the axes; the standard needs them
    ("np.squeeze({0}, axis=None)", 1, None),
    ("np.sum({0}, out={1})", 2, None),
    ("{0}.astype(np.float32)", 1, "xp.astype(a0, xp.float32)"),
    ("{0}.sum()", 1, None),                   # other methods are not translated
    ("np.float64({0})", 1, None),
])
def test_op_templates_in_the_standards_names(template, nargs, expected):
    from tangentish.tf.backends import standard_text
    status, text = standard_text(template, nargs)
    if expected is None:
        assert status == "refused" and "no exact array API equivalent" in text
    else:
        assert (status, text) == ("ok", expected)


def _numpy_arrays_in(node, found):
    """The numpy arrays a Dask graph's task holds (its arguments, its data)."""
    if isinstance(node, np.ndarray):
        found.append(node)
    elif isinstance(node, (tuple, list)):
        for item in node:
            _numpy_arrays_in(item, found)
    elif isinstance(node, dict):
        for item in node.values():
            _numpy_arrays_in(item, found)
    else:
        for attribute in ("args", "kwargs", "value"):
            part = getattr(node, attribute, None)
            if isinstance(part, (np.ndarray, tuple, list, dict)):
                _numpy_arrays_in(part, found)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_the_dask_gradient_graph_holds_no_data_sized_numpy_array(data, kind):
    """The gradient's graph holds chunks and small numpy values (the parameters),
    never a numpy array the size of the data."""
    Xn, yn = data
    X, y = tf.constant(as_library("dask", Xn)), tf.constant(as_library("dask", yn))
    _, _, _, (loss, dw, db, _) = train(kind, X, y, steps=1, lazy_check=True)
    for t in (dw, db):
        graph = dict(t._value.__dask_graph__())
        shapes = {a.shape for a in _numpy_arrays_in(list(graph.values()), [])}
        assert (CHUNK, D) in shapes   # (the data's chunks: the search sees arrays)
        assert not any(N in shape for shape in shapes), sorted(shapes)
