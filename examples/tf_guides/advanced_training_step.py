"""A tape-driven training loop as the guides write it: a Module with
trainable_variables, an optimizer's apply_gradients, and forward mode
(ForwardAccumulator) for a directional derivative of the same loss."""
import tangentish.tf as tf


class Line(tf.Module):
    def __init__(self):
        super().__init__()
        self.slope = tf.Variable(0.0, name="slope")
        self.intercept = tf.Variable(0.0, name="intercept")

    def __call__(self, x):
        return self.slope * x + self.intercept


model = Line()
xs = tf.constant([0.0, 1.0, 2.0, 3.0])
ys = tf.constant([1.0, 3.0, 5.0, 7.0])
for name, opt in (("sgd", tf.keras.optimizers.SGD(learning_rate=0.05)),
                  ("adam", tf.keras.optimizers.Adam(learning_rate=0.1))):
    model.slope.assign(0.0)
    model.intercept.assign(0.0)
    for step in range(20):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean((model(xs) - ys) ** 2)
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
    print(name, [v.name for v in model.trainable_variables], f"{float(loss):.4f}")

with tf.autodiff.ForwardAccumulator(model.slope, tf.constant(1.0)) as acc:
    loss = tf.reduce_mean((model(xs) - ys) ** 2)
with tf.GradientTape() as tape:
    loss_again = tf.reduce_mean((model(xs) - ys) ** 2)
print(f"{float(acc.jvp(loss)):.4f}", f"{float(tape.gradient(loss_again, model.slope)):.4f}")
