"""Guide "Introduction to gradients", gradients with respect to a model: a
Dense layer's trainable variables, one gradient per variable."""
import tangentish.tf as tf

tf.random.set_seed(1)
layer = tf.keras.layers.Dense(3, activation="relu")
batch = tf.constant([[1.0, 2.0, 3.0, 4.0]])

with tf.GradientTape() as tape:
    hidden = layer(batch)
    loss = tf.reduce_sum(hidden ** 2)

grads = tape.gradient(loss, layer.trainable_variables)
for var, g in zip(layer.trainable_variables, grads):
    print(f"{var.name}, shape: {g.shape}")
print(len(grads), hidden.shape, hidden.dtype)
