"""Guide "Introduction to gradients": when a gradient is None, and zeros instead."""
import numpy as np

import tangentish.tf as tf

# a Variable replaced by a Tensor in a loop: the second step has nothing to watch
w = tf.Variable(2.0)
for step in range(2):
    with tf.GradientTape() as tape:
        loss = w * w
    print(type(w).__name__, tape.gradient(loss, w))
    w = w + 1.0

# leaving TensorFlow (numpy) cuts the tape
v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], dtype=tf.float32)
with tf.GradientTape() as tape:
    outside = np.mean(v.numpy(), axis=0)
    back = tf.reduce_mean(v, axis=0)
    target = tf.reduce_sum(tf.constant(outside) + back)
print(tape.gradient(target, v))

# integers are not differentiable
i = tf.constant(10)
with tf.GradientTape() as tape:
    tape.watch(i)
    j = i * 2
print(tape.gradient(j, i))

# assigning to a Variable is not differentiable
s = tf.Variable(2.0)
r = tf.Variable(3.0)
with tf.GradientTape() as tape:
    r.assign_add(s)
    out = r * r
print(tape.gradient(out, s))

# unconnected sources: None, or zeros on request
m = tf.Variable([2.0, 2.0])
n = tf.Variable(3.0)
with tf.GradientTape(persistent=True) as tape:
    z = n * n
print(tape.gradient(z, m))
print(tape.gradient(z, m, unconnected_gradients=tf.UnconnectedGradients.ZERO))
