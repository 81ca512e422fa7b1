"""Guide "Advanced automatic differentiation": pausing and resetting a tape,
stop_gradient, several tapes at once."""
import tangentish.tf as tf

a = tf.Variable(2.0)
b = tf.Variable(5.0)
with tf.GradientTape() as tape:
    ab = a * b
    with tape.stop_recording():
        b3 = b ** 3
    total = ab + b3
grad = tape.gradient(total, {"a": a, "b": b})
print("da:", grad["a"])
print("db:", grad["b"])

# reset: start recording afresh inside the block
flag = True
with tf.GradientTape() as tape:
    first = a * a
    if flag:
        tape.reset()
    second = b * b
    total = first + second
grad = tape.gradient(total, {"a": a, "b": b})
print("da:", grad["a"])
print("db:", grad["b"])

# stop_gradient: one path is held constant
with tf.GradientTape() as tape:
    total = tf.stop_gradient(a * b) + b * b
grad = tape.gradient(total, {"a": a, "b": b})
print("da:", grad["a"])
print("db:", grad["b"])

# two tapes watching different things
p = tf.constant(0.5)
q = tf.constant(2.0)
with tf.GradientTape() as tape_p, tf.GradientTape() as tape_q:
    tape_p.watch(p)
    tape_q.watch(q)
    f = tf.tanh(p) * q
print(f"{float(tape_p.gradient(f, p)):.5f}")
print(f"{float(tape_q.gradient(f, q)):.5f}")
