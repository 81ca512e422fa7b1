"""Forward mode next to reverse mode: the Jacobian of a small model's residuals
with respect to its kernel, one column per ForwardAccumulator pass and one row
per tape; the two agree (random weights: only shapes, the comparison and the
weight-free Jacobian are printed).  (TF 2.21's ForwardAccumulator does not take
a Keras 3 layer's variables -- their dtype is a string -- so the model is a
tf.Module.)"""
import numpy as np

import tangentish.tf as tf

tf.random.set_seed(5)
inputs = tf.constant([[1.0, -1.0], [0.5, 2.0], [3.0, 0.0]])
labels = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])


class Affine(tf.Module):
    def __init__(self):
        super().__init__()
        self.kernel = tf.Variable(tf.random.normal([2, 2]), name="kernel")
        self.bias = tf.Variable(tf.zeros([2]), name="bias")

    def __call__(self, x):
        return x @ self.kernel + self.bias


layer = Affine()


def residuals():
    return layer(inputs) - labels        # a (3, 2) output: six functions of the kernel


columns = []
for k in range(4):
    direction = tf.reshape(tf.one_hot(k, 4), (2, 2))
    with tf.autodiff.ForwardAccumulator(layer.kernel, direction) as acc:
        out = residuals()
    columns.append(tf.reshape(acc.jvp(out), [-1]))
forward = tf.stack(columns, axis=1)

rows = []
for i in range(6):
    with tf.GradientTape() as tape:
        out = tf.reshape(residuals(), [-1])[i]
    rows.append(tf.reshape(tape.gradient(out, layer.kernel), [-1]))
reverse = tf.stack(rows)

print(forward.shape, reverse.shape, forward.dtype)
print(bool(np.allclose(forward.numpy(), reverse.numpy())))
print(forward.numpy().round(4))
