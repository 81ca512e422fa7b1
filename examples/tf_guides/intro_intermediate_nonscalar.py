"""Guide "Introduction to gradients": intermediate results, persistent tapes,
gradients of non-scalar targets, control flow."""
import tangentish.tf as tf

x = tf.constant(1.5)
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    y = x * x
    z = y * y + y
print(tape.gradient(z, y).numpy())      # dz/dy = 2y + 1
print(tape.gradient(z, x).numpy())      # dz/dx = (2y + 1) 2x
print(tape.gradient(y, x).numpy())
del tape

# several targets: the gradient of their sum
a = tf.Variable(3.0)
with tf.GradientTape() as tape:
    first = a * 2.0
    second = a * a
print(tape.gradient({"first": first, "second": second}, a).numpy())

# an elementwise target: the gradient of its sum, i.e. the derivative per element
grid = tf.linspace(-2.0, 2.0, 5)
with tf.GradientTape() as tape:
    tape.watch(grid)
    act = tf.nn.sigmoid(grid)
print(tape.gradient(act, grid).numpy().round(5))

# control flow: only the branch that ran is recorded
u = tf.constant(2.0)
v0 = tf.Variable(1.0)
v1 = tf.Variable(1.0)
with tf.GradientTape() as tape:
    tape.watch(u)
    if u > 0.0:
        result = v0 * u
    else:
        result = v1 * u ** 2
dv0, dv1 = tape.gradient(result, [v0, v1])
print(dv0)
print(dv1)
