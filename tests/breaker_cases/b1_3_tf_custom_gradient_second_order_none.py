# TF's canonical log1pexp custom_gradient, second derivative with nested tapes: None
import numpy as np, tangentish.tf as tf
@tf.custom_gradient
def log1pexp(x):
    e = tf.exp(x)
    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))
    return tf.math.log(1 + e), grad
x = tf.Variable(0.7, dtype=tf.float64)
with tf.GradientTape() as t2:
    with tf.GradientTape() as t1:
        y = log1pexp(x)
    dy = t1.gradient(y, x)
d2 = t2.gradient(dy, x)
ref = np.exp(-0.7) / (1 + np.exp(-0.7)) ** 2          # sigmoid'(0.7) = 0.2217 (TF gives this)
print("got", d2, "ref", ref)
print("OK" if d2 is not None and abs(float(d2.numpy()) - ref) < 1e-6 else "WRONG")
