"""The labelled cases of tf_api.json, written once for both sides.

``cases(tf, np)`` returns {label: zero-argument function}.  The recorder
(record_tf_api.py) runs them on real TensorFlow 2.21, tests/test_tf_api.py on
tangentish.tf; each outcome is encoded as in record_tf_semantics.py.  Random
values cannot match TF's generator: those cases return shapes and dtypes.
"""


def _grad(tf, fn, *xs):
    """``fn(*xs)`` and its gradient with respect to the Variables ``xs``."""
    with tf.GradientTape() as tape:
        y = fn(*xs)
    return [y, tape.gradient(y, list(xs))]


def _linalg(tf, np, add):
    a = [[4.0, 1.0], [2.0, 3.0]]
    spd = [[4.0, 1.0], [1.0, 3.0]]
    b = [[1.0], [2.0]]
    v = [1.0, -2.0]
    la = tf.linalg
    unary = {
        "det": (lambda m: la.det(m), a), "inv": (lambda m: la.inv(m), a),
        "cholesky": (lambda m: la.cholesky(m), spd),
        "diag_part": (lambda m: la.diag_part(m), a), "trace": (lambda m: la.trace(m), a),
        "eigh_values": (lambda m: la.eigh(m)[0], spd),
        "eigvalsh": (lambda m: la.eigvalsh(m), spd),
        "logdet_via_slogdet": (lambda m: la.slogdet(m)[1], a),
        "adjoint": (lambda m: la.adjoint(m), a),
        "matrix_transpose": (lambda m: la.matrix_transpose(m), a),
        "diag": (lambda m: la.diag(m), v),
    }
    for name, (op, m) in unary.items():
        for dt in ("float32", "float64"):
            add(f"linalg/{name}/value_{dt}", lambda op=op, m=m, dt=dt: op(tf.constant(m, dt)))
            add(f"linalg/{name}/grad_{dt}", lambda op=op, m=m, dt=dt: _grad(
                tf, lambda x: tf.reduce_sum(op(x) * op(x)), tf.Variable(m, dtype=dt))[1])
    add("linalg/eigh_vectors_abs", lambda: tf.abs(la.eigh(tf.constant(spd))[1]))
    add("linalg/solve/value", lambda: la.solve(tf.constant(a), tf.constant(b)))
    add("linalg/solve/grad", lambda: _grad(
        tf, lambda m, r: tf.reduce_sum(la.solve(m, r)), tf.Variable(a), tf.Variable(b)))
    add("linalg/matvec/value", lambda: la.matvec(tf.constant(a), tf.constant(v)))
    add("linalg/matvec/grad", lambda: _grad(
        tf, lambda m, x: tf.reduce_sum(la.matvec(m, x) ** 2), tf.Variable(a), tf.Variable(v)))
    add("linalg/matvec/transpose_a", lambda: la.matvec(tf.constant(a), tf.constant(v),
                                                       transpose_a=True))
    add("linalg/matvec/batch_of_vectors", lambda: la.matvec(tf.constant(a), tf.constant(a)))
    add("linalg/det/batch", lambda: la.det(tf.constant([a, spd])))
    add("linalg/inv/singular", lambda: la.inv(tf.constant([[1.0, 2.0], [2.0, 4.0]])))
    add("linalg/trace/int", lambda: la.trace(tf.constant([[1, 2], [3, 4]])))
    add("linalg/matmul", lambda: la.matmul(tf.constant(a), tf.constant(b)))
    add("linalg/norm_grad", lambda: _grad(tf, la.norm, tf.Variable(v)))
    add("linalg/eye", lambda: tf.eye(2))
    add("linalg/eye_linalg", lambda: la.eye(3, dtype=tf.float64))
    add("linalg/eye_rect", lambda: tf.eye(2, 3))
    add("linalg/matmul_transpose_b_grad", lambda: _grad(
        tf, lambda m: tf.reduce_sum(la.matmul(m, m, transpose_b=True)), tf.Variable(a)))
    add("linalg/tensordot", lambda: tf.tensordot(tf.constant(a), tf.constant(v), axes=1))
    add("linalg/tensordot_grad", lambda: _grad(
        tf, lambda m: tf.tensordot(m, m, axes=2), tf.Variable(a))[1])


def _einsum(tf, np, add):
    a = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    b = [[1.0, 0.5], [-1.0, 2.0], [0.0, 3.0]]
    specs = {
        "matmul": ("ij,jk->ik", a, b), "transpose": ("ij->ji", a, None),
        "sum": ("ij->", a, None), "rowsum": ("ij->i", a, None),
        "outer": ("i,j->ij", [1.0, 2.0], [3.0, 4.0, 5.0]),
        "dot": ("i,i->", [1.0, 2.0], [3.0, 4.0]),
        "trace": ("ii->", [[1.0, 2.0], [3.0, 4.0]], None),
        "diag": ("ii->i", [[1.0, 2.0], [3.0, 4.0]], None),
        "implicit": ("ij,jk", a, b), "bmm": ("bij,bjk->bik", [a, a], [b, b]),
    }
    for name, (eq, x, y) in specs.items():
        args = (x,) if y is None else (x, y)
        for ns in ("tf", "linalg"):
            add(f"einsum/{ns}/{name}/value", lambda ns=ns, eq=eq, args=args: (
                tf.einsum if ns == "tf" else tf.linalg.einsum)(eq, *map(tf.constant, args)))
        add(f"einsum/{name}/grad", lambda eq=eq, args=args: _grad(
            tf, lambda *vs: tf.reduce_sum(tf.einsum(eq, *vs) ** 2),
            *[tf.Variable(t) for t in args])[1])
    add("einsum/bad_equation", lambda: tf.einsum("ij,jk->ik", tf.constant(a), tf.constant(a)))


def _complex(tf, np, add):
    re, im = [1.0, -2.0], [0.5, 3.0]
    add("complex/make", lambda: tf.complex(tf.constant(re), tf.constant(im)))
    add("complex/make_f64", lambda: tf.complex(tf.constant(re, tf.float64),
                                               tf.constant(im, tf.float64)))
    add("complex/make_mixed_error", lambda: tf.complex(tf.constant(re),
                                                       tf.constant(im, tf.float64)))
    z = lambda: tf.complex(tf.constant(re), tf.constant(im))  # noqa: E731
    for name in ("real", "imag", "conj", "abs", "angle"):
        add(f"complex/math_{name}", lambda name=name: getattr(tf.math, name)(z()))
    add("complex/real_of_real", lambda: tf.math.real(tf.constant(re)))
    add("complex/imag_of_real", lambda: tf.math.imag(tf.constant(re)))
    add("complex/conj_of_real", lambda: tf.math.conj(tf.constant(re)))
    add("complex/constant", lambda: tf.constant(1 + 2j))
    add("complex/constant_vec", lambda: tf.constant([1 + 2j, 3.0]))
    add("complex/dtype_real_dtype", lambda: [tf.complex64.real_dtype, tf.complex128.real_dtype])
    add("complex/multiply", lambda: z() * z())

    def through(fn):
        x, y = tf.Variable(re), tf.Variable(im)
        with tf.GradientTape() as tape:
            out = fn(tf.complex(x, y))
        return tape.gradient(out, [x, y])
    real_losses = {
        "abs2": lambda c: tf.reduce_sum(tf.math.real(c * tf.math.conj(c))),
        "real_sq": lambda c: tf.reduce_sum(tf.math.real(c) ** 2),
        "imag_cube": lambda c: tf.reduce_sum(tf.math.imag(c * c * c)),
        "abs": lambda c: tf.reduce_sum(tf.abs(c)),
        "real_of_exp": lambda c: tf.reduce_sum(tf.math.real(tf.exp(c))),
        "imag_of_product": lambda c: tf.reduce_sum(
            tf.math.imag(c * tf.constant([2 - 1j, 1j], tf.complex64))),
    }
    for name, fn in real_losses.items():
        add(f"complex/grad_real_parts/{name}", lambda fn=fn: through(fn))

    def wrt_complex(fn):
        c = tf.Variable([1 + 2j, -0.5 + 1j])
        with tf.GradientTape() as tape:
            out = fn(c)
        return tape.gradient(out, c)
    for name, fn in real_losses.items():
        add(f"complex/grad_complex_var/{name}", lambda fn=fn: wrt_complex(fn))
    add("complex/grad_complex_var/holomorphic_sq", lambda: wrt_complex(
        lambda c: tf.reduce_sum(c * c)))
    add("complex/grad_complex_var/conj", lambda: wrt_complex(
        lambda c: tf.reduce_sum(tf.math.conj(c))))


def _strings(tf, np, add):
    add("string/scalar", lambda: tf.constant("hi"))
    add("string/vector", lambda: tf.constant(["a", "bc"]))
    add("string/bytes", lambda: tf.constant(b"raw"))
    add("string/dtype", lambda: tf.constant("hi").dtype)
    add("string/dtype_name", lambda: tf.string.name)
    add("string/shape", lambda: tf.constant(["a", "bc", "d"]).shape)
    add("string/numpy", lambda: tf.constant("hi").numpy())
    add("string/numpy_vec", lambda: tf.constant(["a", "bc"]).numpy())
    add("string/str", lambda: str(tf.constant("hi")))
    add("string/str_vec", lambda: str(tf.constant(["a", "bc"])))
    add("string/add_error_type", lambda: type(_exc(lambda: tf.constant("a") + 1.0)).__name__)
    add("string/equal", lambda: tf.constant("a") == tf.constant("a"))
    add("string/in_variable", lambda: tf.Variable("hi"))

    def no_grad():
        x = tf.Variable(2.0)
        with tf.GradientTape() as tape:
            s = tf.constant("label")
            y = x * 3.0
        return [s, tape.gradient(y, x)]
    add("string/on_tape_no_gradient", no_grad)
    add("string/unicode", lambda: tf.constant("héllo"))


def _exc(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return e
    return None


def _variables(tf, np, add):
    add("variable/of_variable", lambda: tf.Variable(tf.Variable(2.0)))
    add("variable/of_variable_int", lambda: tf.Variable(tf.Variable([1, 2])))
    add("variable/int_list", lambda: tf.Variable([1, 2]))
    add("variable/np_float32", lambda: tf.Variable(np.float32(2.5)))
    add("variable/np_float64", lambda: tf.Variable(np.float64(2.5)))
    add("variable/np_int64", lambda: tf.Variable(np.int64(3)))
    add("variable/np_array_f64", lambda: tf.Variable(np.array([1.0, 2.0])))
    add("variable/bool", lambda: tf.Variable(True))
    add("variable/dtype_arg", lambda: tf.Variable([1, 2], dtype=tf.float32))
    add("variable/of_tensor", lambda: tf.Variable(tf.constant([1.0, 2.0])))
    add("variable/callable", lambda: tf.Variable(lambda: tf.ones((2,))))
    add("variable/non_trainable", lambda: tf.Variable(1.0, trainable=False).trainable)

    def sliced(index, value, init=(1.0, 2.0, 3.0)):
        v = tf.Variable(list(init))
        v[index].assign(value)
        return v
    add("variable/slice_assign_1", lambda: sliced(1, 10.0))
    add("variable/slice_assign_range", lambda: sliced(slice(0, 2), [7.0, 8.0]))
    add("variable/slice_assign_neg", lambda: sliced(-1, 5.0))
    add("variable/slice_assign_tensor", lambda: sliced(0, tf.constant(4.0)))
    add("variable/slice_assign_return", lambda: tf.Variable([1.0, 2.0])[0].assign(3.0))
    add("variable/slice_assign_wrong_shape", lambda: sliced(slice(0, 2), [1.0, 2.0, 3.0]))

    def sliced_2d():
        v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
        v[0, 1].assign(9.0)
        v[1].assign([5.0, 6.0])
        return v
    add("variable/slice_assign_2d", sliced_2d)

    def sliced_then_grad():
        v = tf.Variable([1.0, 2.0, 3.0])
        v[1].assign(0.5)
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(v * v)
        return tape.gradient(y, v)
    add("variable/slice_assign_then_grad", sliced_then_grad)

    def sliced_add():
        v = tf.Variable([1.0, 2.0])
        v[1].assign_add(5.0)
        v[0].assign_sub(1.0)
        return v
    add("variable/slice_assign_add_sub", sliced_add)
    add("variable/int_list_grad", lambda: _grad(tf, lambda x: x * 2, tf.Variable([1, 2]))[1])


def _indexed_slices(tf, np, add):
    def gather_grad(indices, axis=None):
        params = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.gather(params, indices, axis=axis) * 2.0)
        return tape.gradient(y, params)
    cases = {"single": [1], "dup": [0, 2, 0], "scalar_index": 2, "all": [2, 1, 0]}
    for name, idx in cases.items():
        add(f"indexed_slices/{name}/type", lambda idx=idx: type(gather_grad(idx)).__name__)
        add(f"indexed_slices/{name}/values", lambda idx=idx: gather_grad(idx).values)
        add(f"indexed_slices/{name}/indices", lambda idx=idx: gather_grad(idx).indices)
        add(f"indexed_slices/{name}/dense_shape", lambda idx=idx: gather_grad(idx).dense_shape)
        add(f"indexed_slices/{name}/dense",
            lambda idx=idx: tf.convert_to_tensor(gather_grad(idx)))
    add("indexed_slices/repr_prefix",
        lambda: repr(gather_grad([0, 0])).split(" object at")[0])
    add("indexed_slices/axis1_dense", lambda: gather_grad([1], axis=1))

    def embedding():
        table = tf.Variable([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])
        with tf.GradientTape() as tape:
            e = tf.nn.embedding_lookup(table, [2, 0, 2])
            y = tf.reduce_sum(e * e)
        return [e, tape.gradient(y, table)]
    add("indexed_slices/embedding_lookup_value", lambda: embedding()[0])
    add("indexed_slices/embedding_lookup_grad_type", lambda: type(embedding()[1]).__name__)
    add("indexed_slices/embedding_lookup_grad_dense",
        lambda: tf.convert_to_tensor(embedding()[1]))
    add("indexed_slices/embedding_lookup_values", lambda: embedding()[1].values)
    add("indexed_slices/embedding_lookup_indices", lambda: embedding()[1].indices)

    def gather_plus_dense():
        params = tf.Variable([1.0, 2.0, 3.0])
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.gather(params, [0, 0])) + tf.reduce_sum(params * 3.0)
        return tape.gradient(y, params)
    add("indexed_slices/mixed_with_dense", gather_plus_dense)

    def apply_sparse():
        params = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.gather(params, [1]))
        g = tape.gradient(y, params)
        tf.keras.optimizers.SGD(learning_rate=0.5).apply_gradients([(g, params)])
        return params
    add("indexed_slices/sgd_applies_sparse_gradient", apply_sparse)


def _random(tf, np, add):
    def shape_dtype(t):
        return [t.shape, t.dtype]
    add("random/normal", lambda: shape_dtype(tf.random.normal([2, 3])))
    add("random/normal_f64", lambda: shape_dtype(tf.random.normal((4,), dtype=tf.float64)))
    add("random/uniform", lambda: shape_dtype(tf.random.uniform([3])))
    add("random/uniform_int", lambda: shape_dtype(
        tf.random.uniform([5], minval=0, maxval=10, dtype=tf.int32)))
    add("random/uniform_int_no_max", lambda: type(_exc(
        lambda: tf.random.uniform([5], dtype=tf.int32))).__name__)

    def in_range():
        tf.random.set_seed(1)
        u = tf.random.uniform([100], minval=2.0, maxval=3.0).numpy()
        return [bool(u.min() >= 2.0), bool(u.max() < 3.0)]
    add("random/uniform_in_range", in_range)

    def seeded_repeat():
        tf.random.set_seed(7)
        a = tf.random.normal([3]).numpy()
        tf.random.set_seed(7)
        b = tf.random.normal([3]).numpy()
        return bool((a == b).all())
    add("random/set_seed_repeats", seeded_repeat)

    def successive_differ():
        tf.random.set_seed(7)
        return bool((tf.random.normal([3]).numpy() != tf.random.normal([3]).numpy()).any())
    add("random/successive_calls_differ", successive_differ)
    add("random/normal_scalar_shape", lambda: shape_dtype(tf.random.normal([])))
    add("random/truncated_normal", lambda: shape_dtype(tf.random.truncated_normal([2])))
    add("random/normal_stats", lambda: _moments(tf, tf.random.normal([20000], 1.0, 2.0)))


def _moments(tf, t):
    v = t.numpy()
    return [round(float(v.mean()), 1), round(float(v.std()), 1)]


def _forward(tf, np, add):
    def jvp(fn, primal, tangent):
        x = tf.constant(primal)
        with tf.autodiff.ForwardAccumulator(x, tf.constant(tangent)) as acc:
            y = fn(x)
        return [y, acc.jvp(y)]
    fns = {"square": lambda x: x * x, "sin": lambda x: tf.sin(x),
           "sum_sq": lambda x: tf.reduce_sum(x * x),
           "exp_times": lambda x: tf.exp(x) * x, "tanh": lambda x: tf.tanh(x)}
    for name, fn in fns.items():
        add(f"forward/{name}_scalar", lambda fn=fn: jvp(fn, 0.5, 1.0))
        add(f"forward/{name}_vector", lambda fn=fn: jvp(fn, [0.5, -1.0], [1.0, 2.0]))

    def variable_primal():
        v = tf.Variable([1.0, 2.0])
        with tf.autodiff.ForwardAccumulator(v, tf.constant([1.0, 0.0])) as acc:
            y = v * v * 3.0
        return acc.jvp(y)
    add("forward/variable_primal", variable_primal)

    def unconnected():
        x = tf.constant(1.0)
        with tf.autodiff.ForwardAccumulator(x, tf.constant(1.0)) as acc:
            y = tf.constant(2.0) * 3.0
        return [acc.jvp(y), acc.jvp(y, unconnected_gradients=tf.UnconnectedGradients.ZERO)]
    add("forward/unconnected", unconnected)

    def two_primals():
        x, y = tf.constant(1.0), tf.constant(2.0)
        with tf.autodiff.ForwardAccumulator([x, y], [tf.constant(1.0), tf.constant(0.5)]) as acc:
            z = x * y + y * y
        return acc.jvp(z)
    add("forward/two_primals", two_primals)

    def list_target():
        x = tf.constant(2.0)
        with tf.autodiff.ForwardAccumulator(x, tf.constant(1.0)) as acc:
            a, b = x * x, x * 3.0
        return acc.jvp([a, b])
    add("forward/list_target", list_target)

    def shape_mismatch():
        x = tf.constant([1.0, 2.0])
        with tf.autodiff.ForwardAccumulator(x, tf.constant(1.0)):
            pass
    add("forward/tangent_shape_mismatch", shape_mismatch)

    def hvp():
        x = tf.Variable([1.0, 2.0])
        with tf.autodiff.ForwardAccumulator(x, tf.constant([1.0, 0.0])) as acc:
            with tf.GradientTape() as tape:
                y = tf.reduce_sum(x ** 3)
            g = tape.gradient(y, x)
        return acc.jvp(g)
    add("forward/hvp_over_tape", hvp)


def _keras(tf, np, add):
    def sgd_step(opt, steps=1):
        w = tf.Variable([1.0, -2.0])
        for _ in range(steps):
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(w * w * w)
            g = tape.gradient(loss, [w])
            opt.apply_gradients(zip(g, [w]))
        return w
    opts = {
        "sgd": lambda: tf.keras.optimizers.SGD(learning_rate=0.1),
        "sgd_default": lambda: tf.keras.optimizers.SGD(),
        "sgd_momentum": lambda: tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
        "sgd_nesterov": lambda: tf.keras.optimizers.SGD(0.1, momentum=0.5, nesterov=True),
        "adam": lambda: tf.keras.optimizers.Adam(learning_rate=0.1),
        "adam_default": lambda: tf.keras.optimizers.Adam(),
    }
    for name, make in opts.items():
        for steps in (1, 3):
            add(f"keras/{name}/steps_{steps}",
                lambda make=make, steps=steps: sgd_step(make(), steps))
    add("keras/sgd/learning_rate", lambda: float(tf.keras.optimizers.SGD(0.25).learning_rate))
    add("keras/sgd/iterations", lambda: _iterations(tf))

    def dense():
        layer = tf.keras.layers.Dense(2, activation="relu")
        x = tf.constant([[1.0, 2.0, 3.0]])
        y = layer(x)
        return [y.shape, [v.shape for v in layer.trainable_variables],
                [v.name for v in layer.variables], len(layer.weights), layer.built]
    add("keras/dense/shapes", dense)

    def dense_grad():
        layer = tf.keras.layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")
        x = tf.constant([[1.0, 2.0, 3.0]])
        with tf.GradientTape() as tape:
            y = layer(x)
            loss = tf.reduce_mean(y ** 2)
        grads = tape.gradient(loss, layer.trainable_variables)
        return [y, grads]
    add("keras/dense/grad", dense_grad)

    def dense_no_bias():
        layer = tf.keras.layers.Dense(3, use_bias=False, kernel_initializer="ones")
        return [layer(tf.ones((2, 2))), len(layer.trainable_variables)]
    add("keras/dense/no_bias", dense_no_bias)

    def dense_train():
        layer = tf.keras.layers.Dense(1, kernel_initializer="zeros")
        opt = tf.keras.optimizers.SGD(0.1)
        x = tf.constant([[1.0], [2.0]])
        y = tf.constant([[2.0], [4.0]])
        for _ in range(5):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean((layer(x) - y) ** 2)
            g = tape.gradient(loss, layer.trainable_variables)
            opt.apply_gradients(zip(g, layer.trainable_variables))
        return [tf.convert_to_tensor(layer.kernel), tf.convert_to_tensor(layer.bias)]
    add("keras/dense/train_5_steps", dense_train)

    def module():
        class Affine(tf.Module):
            def __init__(self):
                super().__init__()
                self.w = tf.Variable([[2.0]], name="w")
                self.b = tf.Variable([0.5], name="b")
                self.frozen = tf.Variable(1.0, trainable=False, name="frozen")

            def __call__(self, x):
                return tf.matmul(x, self.w) + self.b * self.frozen
        m = Affine()
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(m(tf.constant([[3.0]])))
        return [[v.name for v in m.trainable_variables], [v.name for v in m.variables],
                tape.gradient(y, m.trainable_variables)]
    add("keras/module/trainable_variables", module)

    def nested_module():
        class Inner(tf.Module):
            def __init__(self):
                super().__init__()
                self.v = tf.Variable(1.0, name="inner_v")

        class Outer(tf.Module):
            def __init__(self):
                super().__init__()
                self.a = tf.Variable(2.0, name="a")
                self.inner = Inner()
                self.layers = [Inner(), Inner()]
        return [v.name for v in Outer().trainable_variables]
    add("keras/module/nested", nested_module)


def _iterations(tf):
    w = tf.Variable(1.0)
    opt = tf.keras.optimizers.SGD(0.1)
    opt.apply_gradients([(tf.constant(1.0), w)])
    opt.apply_gradients([(tf.constant(1.0), w)])
    return [int(opt.iterations.numpy()), w]


def _second_order(tf, np, add):
    a = [[4.0, 1.0], [2.0, 3.0]]
    fns = {
        "det": lambda m: tf.linalg.det(m),
        "inv_sum": lambda m: tf.reduce_sum(tf.linalg.inv(m)),
        "logdet": lambda m: tf.linalg.slogdet(m)[1],
        "einsum_quad": lambda m: tf.einsum("ij,ij->", m, m) ** 2,
        "trace_sq": lambda m: tf.linalg.trace(tf.matmul(m, m)),
        "matvec_norm": lambda m: tf.reduce_sum(tf.linalg.matvec(m, tf.constant([1.0, 2.0])) ** 3),
        "abs_complex": lambda m: tf.reduce_sum(tf.abs(tf.complex(m, m * m))),
    }

    def hessian_diag(fn):
        x = tf.Variable(a, dtype=tf.float64)
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                y = fn(x)
            g = inner.gradient(y, x)
            s = tf.reduce_sum(g * tf.constant([[1.0, 0.0], [0.0, 2.0]], tf.float64))
        return [g, outer.gradient(s, x)]
    for name, fn in fns.items():
        add(f"second_order/{name}", lambda fn=fn: hessian_diag(fn))

    def jvp_of(fn):
        x = tf.Variable(a, dtype=tf.float64)
        t = tf.constant([[1.0, -1.0], [0.5, 2.0]], tf.float64)
        with tf.autodiff.ForwardAccumulator(x, t) as acc:
            y = fn(x)
        return acc.jvp(y)
    for name, fn in fns.items():
        add(f"forward/linalg_{name}", lambda fn=fn: jvp_of(fn))


def _more(tf, np, add):
    a = [[4.0, 1.0], [2.0, 3.0]]
    la = tf.linalg
    add("errors/cholesky_not_spd", lambda: la.cholesky(tf.constant([[1.0, 2.0], [2.0, 1.0]])))
    add("errors/det_non_square", lambda: la.det(tf.constant([[1.0, 2.0, 3.0]])))
    add("errors/solve_singular", lambda: la.solve(tf.constant([[1.0, 2.0], [2.0, 4.0]]),
                                                  tf.constant([[1.0], [1.0]])))
    add("errors/trace_vector", lambda: la.trace(tf.constant([1.0, 2.0])))
    add("errors/complex_int", lambda: tf.complex(tf.constant(1), tf.constant(2)))
    add("errors/einsum_operand_count", lambda: tf.einsum("ij,jk->ik", tf.constant(a)))
    for dt in ("float32", "float64"):
        for name, fn in (("det", la.det), ("inv", la.inv), ("trace", la.trace),
                         ("diag_part", la.diag_part)):
            add(f"dtypes/{name}_batch_{dt}", lambda fn=fn, dt=dt: fn(
                tf.constant([a, [[1.0, 2.0], [0.5, 5.0]]], dt)))
        add(f"dtypes/einsum_{dt}", lambda dt=dt: tf.einsum("ij->j", tf.constant(a, dt)))
        add(f"dtypes/matvec_{dt}", lambda dt=dt: la.matvec(tf.constant(a, dt),
                                                           tf.constant([1.0, 1.0], dt)))
        add(f"dtypes/complex_abs_{dt}", lambda dt=dt: tf.abs(
            tf.complex(tf.constant([3.0], dt), tf.constant([4.0], dt))))
        add(f"dtypes/random_uniform_{dt}", lambda dt=dt: tf.random.uniform([2], dtype=dt).dtype)
        add(f"dtypes/eye_{dt}", lambda dt=dt: tf.eye(2, dtype=dt))
    add("string/empty", lambda: tf.constant(""))
    add("string/matrix", lambda: tf.constant([["a", "b"], ["c", "d"]]))
    add("string/dtype_is_string", lambda: tf.constant("x").dtype == tf.string)
    add("string/not_equal", lambda: tf.constant("a") != tf.constant("b"))
    add("string/variable_assign", lambda: tf.Variable("a").assign("bb"))
    add("string/as_dtype", lambda: tf.as_dtype("string"))
    add("string/mixed_list", lambda: tf.constant(["a", 1]))
    add("variable/slice_read_then_assign_value", lambda: _slice_value(tf))
    add("variable/slice_assign_dtype_error", lambda: tf.Variable([1.0, 2.0])[0].assign(1))
    add("variable/slice_assign_int", lambda: _slice_int(tf))
    for act in ("relu", "sigmoid", "tanh", None):
        add(f"keras/dense/activation_{act}", lambda act=act: tf.keras.layers.Dense(
            2, activation=act, kernel_initializer="ones", bias_initializer="ones")(
            tf.constant([[-1.0, 0.5]])))
    add("keras/dense/call_twice_same_vars", lambda: _dense_twice(tf))
    add("keras/sgd/float64_variable", lambda: _sgd64(tf))
    add("keras/sgd/none_gradient_skipped", lambda: _sgd_none(tf))
    add("keras/module/name", lambda: tf.Module(name="m").name)
    add("indexed_slices/tensor_indices", lambda: _gather_tensor_idx(tf))
    add("indexed_slices/two_gathers", lambda: _two_gathers(tf))
    add("forward/nested_structure", lambda: _fwd_dict(tf))
    for opt in ("SGD", "Adam"):
        add(f"indexed_slices/{opt}_two_sparse_steps", lambda opt=opt: _sparse_opt(tf, opt))


def _sparse_opt(tf, name):
    table = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    opt = getattr(tf.keras.optimizers, name)(learning_rate=0.1)
    for ids in ([0, 2, 0], [1]):
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.gather(table, ids) ** 2)
        opt.apply_gradients([(tape.gradient(y, table), table)])
    return table


def _slice_value(tf):
    v = tf.Variable([1.0, 2.0, 3.0])
    s = v[1:]
    s.assign([5.0, 6.0])
    return [s, v]


def _slice_int(tf):
    v = tf.Variable([1, 2, 3])
    v[2].assign(7)
    return v


def _dense_twice(tf):
    layer = tf.keras.layers.Dense(1, kernel_initializer="ones")
    layer(tf.ones((1, 2)))
    first = [id(v) for v in layer.trainable_variables]
    layer(tf.ones((3, 2)))
    return [id(v) for v in layer.trainable_variables] == first


def _sgd64(tf):
    w = tf.Variable([1.0, 2.0], dtype=tf.float64)
    tf.keras.optimizers.SGD(0.5).apply_gradients([(tf.constant([1.0, 1.0], tf.float64), w)])
    return w


def _sgd_none(tf):
    w = tf.Variable(1.0)
    u = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = w * 3.0
    g = tape.gradient(y, [w, u])
    try:
        tf.keras.optimizers.SGD(0.1).apply_gradients(zip(g, [w, u]))
    except Exception as e:  # noqa: BLE001
        return type(e).__name__
    return [w, u]


def _gather_tensor_idx(tf):
    v = tf.Variable([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.gather(v, tf.constant([2, 2], tf.int64)) * 3.0)
    g = tape.gradient(y, v)
    return [type(g).__name__, g.indices, g.values]


def _two_gathers(tf):
    v = tf.Variable([[1.0], [2.0], [3.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.gather(v, [0]) * 2.0) + tf.reduce_sum(tf.gather(v, [2, 0]) ** 2)
    g = tape.gradient(y, v)
    return [type(g).__name__, tf.convert_to_tensor(g)]


def _fwd_dict(tf):
    x = tf.constant(1.0)
    with tf.autodiff.ForwardAccumulator(x, tf.constant(2.0)) as acc:
        out = {"a": x * 3.0, "b": [x * x, tf.exp(x)]}
    return acc.jvp(out)


def _complex_conjugates(tf, np, add):
    """Issue 15 (W01-W05): adjoint / conjugate=True conjugate; |x|^2 in norm and
    squared_difference."""
    a = tf.constant([[1 + 1j, 2], [3j, 4]], tf.complex64)
    b = tf.constant([[1 + 0j, 1j], [2.0, 1 - 1j]], tf.complex64)
    add("cx/matmul_adjoint_a", lambda: tf.matmul(a, b, adjoint_a=True))
    add("cx/matmul_adjoint_b", lambda: tf.matmul(a, b, adjoint_b=True))
    add("cx/matvec_adjoint_a", lambda: tf.linalg.matvec(a, b[0], adjoint_a=True))
    add("cx/transpose_conjugate", lambda: tf.transpose(a, conjugate=True))
    add("cx/transpose_perm_conjugate", lambda: tf.transpose(a, [1, 0], conjugate=True))
    add("cx/norm", lambda: tf.norm(tf.constant([3 + 4j, 1 - 1j], tf.complex64)))
    add("cx/squared_difference", lambda: tf.math.squared_difference(
        tf.constant([1 + 2j], tf.complex64), tf.constant([0.5j], tf.complex64)))

    def adjoint_b_grad():
        re = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
        im = tf.Variable([[0.5, -1.0], [0.0, 2.0]])
        with tf.GradientTape() as t:
            m = tf.complex(re, im)
            y = tf.math.real(tf.reduce_sum(tf.matmul(m, m, adjoint_b=True)))
        return t.gradient(y, [re, im])
    add("cx/matmul_adjoint_b_grad", adjoint_b_grad)

    def wrt_complex(fn):
        x = tf.Variable(tf.constant([3 + 4j, 1 - 1j], tf.complex64))
        with tf.GradientTape() as t:
            y = tf.math.real(fn(x))
        return t.gradient(y, x)
    add("cx/norm_grad", lambda: wrt_complex(tf.norm))
    for src, dst in (("complex64", "complex128"), ("complex128", "complex64")):
        add(f"cx/cast_{src}_{dst}_grad", lambda src=src, dst=dst: _grad(
            tf, lambda x: tf.math.real(tf.reduce_sum(tf.cast(x, dst) ** 2)),
            tf.Variable(tf.constant([1 + 2j, -0.5j], src)))[1])
    m = tf.constant([[2 + 1j, 0.5], [0.3j, 3 - 1j]], tf.complex64)
    h = tf.constant([[2 + 0j, 1j], [-1j, 5]], tf.complex64)
    add("cx/slogdet", lambda: list(tf.linalg.slogdet(m)))
    add("cx/det", lambda: tf.linalg.det(m))
    add("cx/eigvalsh", lambda: tf.linalg.eigvalsh(h))
    add("cx/eigh_values", lambda: tf.linalg.eigh(h)[0])
    add("cx/adjoint_a_grad", lambda: wrt_complex(lambda x: tf.reduce_sum(tf.linalg.matvec(
        a, x, adjoint_a=True) * tf.constant([1 + 2j, 3.0], tf.complex64))))


def _cholesky_logdet(tf, np, add):
    """Issue 15 (W08-W10): TF's Cholesky reads the lower triangle, its gradient is
    symmetric; logdet is 2 sum(log(diag(cholesky))), NaN if not PD."""
    la = tf.linalg
    weights = tf.constant([[1.0, 0.0], [2.0, 3.0]])
    for name, m in (("spd", [[4.0, 2.0], [2.0, 3.0]]), ("nonsym", [[4.0, 7.0], [2.0, 3.0]])):
        add(f"cholesky/{name}/value", lambda m=m: la.cholesky(tf.constant(m)))
        add(f"cholesky/{name}/grad", lambda m=m: _grad(
            tf, lambda x: tf.reduce_sum(la.cholesky(x) * weights), tf.Variable(m))[1])
        add(f"logdet/{name}/value", lambda m=m: la.logdet(tf.constant(m)))
        add(f"logdet/{name}/grad", lambda m=m: _grad(tf, la.logdet, tf.Variable(m))[1])
    add("cholesky/batch_f64_grad", lambda: _grad(tf, lambda x: tf.reduce_sum(
        la.cholesky(x) ** 2), tf.Variable([[[4.0, 1.0], [1.0, 3.0]], [[2.0, 0.5], [0.3, 1.0]]],
                                         dtype=tf.float64))[1])
    add("logdet/not_pd", lambda: la.logdet(tf.constant([[1.0, 2.0], [2.0, 1.0]])))

    def second_order():
        x = tf.Variable([[3.0, 1.0], [1.0, 2.0]])
        with tf.GradientTape() as t2:
            with tf.GradientTape() as t1:
                y = la.logdet(x)
            z = tf.reduce_sum(t1.gradient(y, x) * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
        return t2.gradient(z, x)
    add("logdet/second_order", second_order)


def _optimizer_options(tf, np, add):
    """Issue 15 (W11-W13, W23): Keras 3's clipping, weight decay, amsgrad, constraints."""
    opt = tf.keras.optimizers

    def step(make, grads=((6.0, 8.0),), init=(3.0, 4.0), constraint=None):
        v = tf.Variable(list(init), constraint=constraint)
        o = make()
        out = []
        for g in grads:
            o.apply_gradients([(tf.constant(list(g)), v)])
            out.append(tf.convert_to_tensor(v))
        return out
    for name, kw in (("clipnorm", dict(clipnorm=1.0)), ("clipvalue", dict(clipvalue=0.5)),
                     ("global_clipnorm", dict(global_clipnorm=1.0)),
                     ("weight_decay", dict(weight_decay=0.5))):
        add(f"keras/sgd_{name}", lambda kw=kw: step(lambda: opt.SGD(1.0, **kw)))
        add(f"keras/adam_{name}", lambda kw=kw: step(lambda: opt.Adam(0.1, **kw),
                                                      ((6.0, 8.0), (1.0, -2.0))))
        add(f"keras/sgd_momentum_{name}", lambda kw=kw: step(
            lambda: opt.SGD(0.1, momentum=0.9, **kw), ((6.0, 8.0), (0.1, 0.2))))
    add("keras/adam_amsgrad", lambda: step(lambda: opt.Adam(0.1, amsgrad=True),
                                           ((10.0, 1.0), (0.0, 1.0), (0.0, 0.5), (0.1, 3.0))))

    def global_two():
        v, w = tf.Variable([3.0, 4.0]), tf.Variable(1.0)
        opt.SGD(1.0, global_clipnorm=2.0).apply_gradients(
            [(tf.constant([6.0, 8.0]), v), (tf.constant(1.0), w)])
        return [v, w]
    add("keras/global_clipnorm_two_variables", global_two)
    add("keras/constraint", lambda: step(lambda: opt.SGD(1.0), ((1.0, 1.0),), (1.0, -2.0),
                                         lambda x: tf.clip_by_value(x, 0.0, 10.0)))
    add("keras/two_clips", lambda: _exc(lambda: opt.SGD(1.0, clipnorm=1.0, clipvalue=1.0)))

    def module_with_layer():
        class Net(tf.Module):
            def __init__(self):
                super().__init__()
                self.d = tf.keras.layers.Dense(1, kernel_initializer="ones")
        n = Net()
        n.d(tf.ones([1, 2]))
        return [len(n.trainable_variables), len(n.submodules), n.name,
                isinstance(n.d, tf.Module)]
    add("keras/module_holding_dense", module_with_layer)

    class MyHTTPModel2(tf.Module):
        pass
    add("module/default_name", lambda: [MyHTTPModel2().name, tf.Module().name])


def _keras_api(tf, np, add):
    """Issue 15 (C08-C10): Dense's input cast, activations, dtype; learning rates."""
    def dense_out(x, **kw):
        layer = tf.keras.layers.Dense(2, kernel_initializer="ones", **kw)
        return [layer(x), [tf.as_dtype(v.dtype).name for v in layer.variables]]
    add("keras/dense_int_input", lambda: dense_out(tf.constant([[1, 2]])))
    add("keras/dense_float64_input", lambda: dense_out(tf.ones([1, 2], tf.float64)))
    add("keras/dense_dtype_float64", lambda: dense_out(tf.constant([[1.0, 2.0]]),
                                                       dtype="float64"))
    add("keras/dense_1d_input", lambda: type(_exc(lambda: dense_out(tf.ones([3])))).__name__)

    def wrong_width():
        layer = tf.keras.layers.Dense(1)
        layer(tf.ones([1, 2]))
        return type(_exc(lambda: layer(tf.ones([1, 3])))).__name__
    add("keras/dense_wrong_width", wrong_width)
    for name in ("elu", "selu", "softplus", "swish", "silu", "leaky_relu", "relu6",
                 "hard_sigmoid", "exponential"):
        def activation(name=name):
            layer = tf.keras.layers.Dense(1, activation=name, kernel_initializer="ones")
            x = tf.constant([[1.0, -2.0], [0.5, 0.25], [-30.0, 0.0], [50.0, 60.0]])
            with tf.GradientTape() as tape:
                y = layer(x)
            return [y, tape.gradient(tf.reduce_sum(y), layer.kernel)]
        add(f"keras/activation_{name}", activation)

    def lr_assign():
        v = tf.Variable(1.0)
        opt = tf.keras.optimizers.Adam(learning_rate=0.5)
        opt.apply_gradients([(tf.constant(1.0), v)])
        opt.learning_rate = 0.1
        opt.apply_gradients([(tf.constant(1.0), v)])
        return [v, float(opt.learning_rate)]
    add("keras/learning_rate_assign", lr_assign)

    def lr_callable():
        v = tf.Variable(1.0)
        opt = tf.keras.optimizers.SGD(learning_rate=lambda: 0.25)
        opt.apply_gradients([(tf.constant(1.0), v)])
        return [v, float(opt.learning_rate)]
    add("keras/learning_rate_callable", lr_callable)
    add("keras/learning_rate_tensor", lambda: type(_exc(
        lambda: tf.keras.optimizers.SGD(tf.constant(0.25)))).__name__)

    def new_variable_later():
        a, b = tf.Variable([1.0, 2.0]), tf.Variable(3.0)
        opt = tf.keras.optimizers.SGD(0.1)
        opt.apply_gradients([(tf.constant([1.0, 1.0]), a)])
        return [type(_exc(lambda: opt.apply_gradients(
            [(tf.constant([1.0, 1.0]), a), (tf.constant(1.0), b)]))).__name__, a, b]
    add("keras/new_variable_after_first_step", new_variable_later)

    def apply():
        v = tf.Variable(1.0)
        opt = tf.keras.optimizers.SGD(0.1)
        opt.apply([tf.constant(2.0)], [v])
        opt.apply([tf.constant(2.0)], [v])
        return v
    add("keras/apply", apply)


def _error_classes(tf, np, add):
    """Issue 15 (section C): TF's exception classes; TF's results where it raises none."""
    c = tf.constant([1 + 1j], tf.complex64)
    calls = {
        "gather_out_of_range": lambda: tf.gather(tf.constant([1.0, 2.0]), [5]),
        "gather_negative_axis_1": lambda: tf.gather(tf.constant([[1.0, 2.0]]), [[0, -1]],
                                                    axis=1),
        "solve_incompatible": lambda: tf.linalg.solve(tf.eye(2), tf.ones([3, 1])),
        "concat_float_int": lambda: tf.concat([tf.constant([1.0]), tf.constant([1])], 0),
        "stack_float_int": lambda: tf.stack([tf.constant([1.0]), tf.constant([1])]),
        "softmax_complex": lambda: tf.nn.softmax(c),
        "log_softmax_complex": lambda: tf.nn.log_softmax(c),
        "logsumexp_complex": lambda: tf.reduce_logsumexp(c),
        "l2_loss_complex": lambda: tf.nn.l2_loss(c),
        "is_finite_complex": lambda: tf.math.is_finite(c),
        "maximum_complex": lambda: tf.maximum(c, c),
        "minimum_complex": lambda: tf.minimum(c, tf.constant([1j], tf.complex64)),
        "all_gradients_none": lambda: tf.keras.optimizers.SGD(0.1).apply_gradients(
            [(None, tf.Variable(1.0))]),
        "reduce_max_empty": lambda: tf.reduce_max(tf.zeros([0])),
        "reduce_min_empty_axis": lambda: tf.reduce_min(tf.zeros([0, 2]), axis=0),
        "reduce_max_empty_int": lambda: tf.reduce_max(tf.zeros([0], tf.int32)),
        "cast_complex_int32": lambda: tf.cast(tf.constant([1.7 + 2j, -2.5]), tf.int32),
    }
    for name, call in calls.items():
        add(f"errors/{name}", call)

    def gather_under_tape():
        v = tf.Variable([1.0, 2.0])
        with tf.GradientTape():
            return type(_exc(lambda: tf.gather(v, [2]))).__name__
    add("errors/gather_out_of_range_taped", gather_under_tape)


def _printing(tf, np, add):
    """Issue 15 (D): ``str`` of an IndexedSlices gradient."""
    def sliced_str():
        v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(tf.gather(v, [1]))
        return str(tape.gradient(y, v))
    add("print/indexed_slices_str", sliced_str)
    add("print/indexed_slices_str_no_shape", lambda: str(tf.IndexedSlices(
        tf.constant([[1.0]]), tf.constant([0]))))


def _missing_ops(tf, np, add):
    """Issue 15 (C11): l2_normalize, band_part, tf.linalg.global_norm."""
    x = [[3.0, -4.0, 0.0], [1.0, 2.0, np.inf], [0.0, 0.0, 0.0]]
    w = tf.constant([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0], [0.0, 1.0, -3.0]])
    for axis in (None, 0, 1):
        add(f"ops/l2_normalize_axis_{axis}", lambda axis=axis: tf.math.l2_normalize(
            tf.constant([[3.0, -4.0], [0.0, 0.0]]), axis=axis))
        add(f"ops/l2_normalize_grad_axis_{axis}", lambda axis=axis: _grad(
            tf, lambda v: tf.reduce_sum(tf.nn.l2_normalize(v, axis=axis) * w[:2, :2]),
            tf.Variable([[3.0, -4.0], [0.0, 0.0]]))[1])
    for lo, hi in ((0, 0), (1, 0), (0, -1), (-1, 1), (-1, -1)):
        add(f"ops/band_part_{lo}_{hi}", lambda lo=lo, hi=hi: tf.linalg.band_part(
            tf.constant(x), lo, hi))
        add(f"ops/band_part_grad_{lo}_{hi}", lambda lo=lo, hi=hi: _grad(
            tf, lambda v: tf.reduce_sum(tf.linalg.band_part(v, lo, hi) * w),
            tf.Variable(x[:1] + x[2:] + x[:1]))[1])
    add("ops/band_part_batch_rect", lambda: tf.linalg.band_part(tf.ones([2, 2, 3]), 0, 1))
    add("ops/linalg_global_norm", lambda: tf.linalg.global_norm(
        [tf.constant([3.0, 4.0]), tf.constant(10.0)]))


def _edge_values(tf, np, add):
    """Issue 15 (W18-W21): saturate_cast, integer division by zero, NaN and inf edges."""
    add("edge/saturate_cast_uint8", lambda: tf.saturate_cast(
        tf.constant([300.0, -5.0, 7.6]), tf.uint8))
    add("edge/saturate_cast_int8_from_int32", lambda: tf.saturate_cast(
        tf.constant([300, -500, 7]), tf.int8))
    add("edge/floordiv_int_zero", lambda: tf.constant([1, 2]) // tf.constant([1, 0]))
    add("edge/floormod_int_zero", lambda: tf.math.floormod(tf.constant([1]), tf.constant([0])))
    add("edge/floordiv_float_zero", lambda: tf.constant([1.0, -1.0]) // tf.constant([0.0, 0.0]))
    add("edge/relu_nan_inf", lambda: tf.nn.relu(tf.constant([np.nan, -np.inf, np.inf, 0.0])))
    add("edge/logsumexp_all_neginf", lambda: tf.reduce_logsumexp(
        tf.constant([[-np.inf, -np.inf], [1.0, 2.0]]), axis=1))
    add("edge/logsumexp_inf", lambda: tf.reduce_logsumexp(tf.constant([np.inf, 1.0])))
    add("edge/logsumexp_grad", lambda: _grad(tf, lambda x: tf.reduce_logsumexp(x),
                                             tf.Variable([1.0, 2.0, -np.inf]))[1])
    add("edge/argmax_nan", lambda: [tf.argmax(tf.constant([np.nan, 1.0])),
                                    tf.argmin(tf.constant([np.nan, 1.0, -2.0])),
                                    tf.argmax(tf.constant([[1.0, np.nan], [np.nan, 3.0]]),
                                              axis=1)])


def cases(tf, np):
    out = {}

    def add(label, fn):
        assert label not in out, label
        out[label] = fn
    for group in (_linalg, _einsum, _complex, _strings, _variables, _indexed_slices, _random,
                  _forward, _keras, _second_order, _more, _complex_conjugates,
                  _cholesky_logdet, _optimizer_options, _keras_api, _error_classes, _printing,
                  _missing_ops,
                  _edge_values):
        group(tf, np, add)
    return out
