"""Guide "Advanced automatic differentiation": second derivatives by nested
tapes, and an input-gradient penalty on a Dense layer (random weights: shapes)."""
import tangentish.tf as tf

x = tf.Variable(1.0)
with tf.GradientTape() as outer:
    with tf.GradientTape() as inner:
        y = x ** 3 - 2.0 * x
    dy = inner.gradient(y, x)
d2y = outer.gradient(dy, x)
print("dy/dx:", dy.numpy())
print("d2y/dx2:", d2y.numpy())

tf.random.set_seed(3)
batch = tf.random.normal([5, 4])
layer = tf.keras.layers.Dense(2, activation="tanh")
with tf.GradientTape() as outer:
    with tf.GradientTape() as inner:
        inner.watch(batch)
        out = layer(batch)
    g = inner.gradient(out, batch)
    penalty = tf.reduce_sum(g ** 2)
print(g.shape, penalty.shape, penalty.dtype)
grads = outer.gradient(penalty, layer.trainable_variables)
print([tuple(d.shape) for d in grads])
