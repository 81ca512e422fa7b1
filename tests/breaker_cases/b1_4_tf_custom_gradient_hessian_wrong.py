# Hessian through TF's canonical log1pexp custom_gradient: wrong number (drops the term via e)
import numpy as np, tangentish.tf as tf
@tf.custom_gradient
def log1pexp(x):
    e = tf.exp(x)
    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))
    return tf.math.log(1 + e), grad
x = tf.Variable([0.7, -0.2], dtype=tf.float64)
with tf.GradientTape() as t2:
    with tf.GradientTape() as t1:
        y = tf.reduce_sum(log1pexp(x) * x)
    g = t1.gradient(y, x)
H = np.asarray(t2.jacobian(g, x).numpy())
xv = np.array([0.7, -0.2]); s = 1 / (1 + np.exp(-xv))
ref = np.diag(2 * s + xv * s * (1 - s))
print("got", H.tolist(), "ref", ref.tolist())
print("OK" if np.allclose(H, ref, atol=1e-6) else "WRONG")
