"""Guide "Introduction to gradients", computing gradients: a scalar, then a
small affine model's weights (random: only shapes are printed), then a dict
of sources.  Runs the same with ``import tensorflow as tf``."""
import tangentish.tf as tf

tf.random.set_seed(0)

# d(t^3)/dt at t = 2
t = tf.Variable(2.0)
with tf.GradientTape() as tape:
    cube = t ** 3
print(tape.gradient(cube, t).numpy())

# an affine map and a mean squared output
kernel = tf.Variable(tf.random.normal((4, 3)), name="kernel")
offset = tf.Variable(tf.zeros(3, dtype=tf.float32), name="offset")
inputs = [[0.5, -1.0, 2.0, 1.5]]
with tf.GradientTape(persistent=True) as tape:
    out = inputs @ kernel + offset
    loss = tf.reduce_mean(out ** 2)
d_kernel, d_offset = tape.gradient(loss, [kernel, offset])
print(kernel.shape, d_kernel.shape, d_kernel.dtype)
print(offset.shape, d_offset.shape)

# sources in a dict give gradients in a dict with the same keys
named = tape.gradient(loss, {"kernel": kernel, "offset": offset})
print(sorted(named), named["offset"].shape)
del tape
