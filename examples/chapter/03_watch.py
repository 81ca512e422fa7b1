import tangentish.tf as tf

x = tf.constant(3.0)  # 不是 Variable

with tf.GradientTape() as tape:
    tape.watch(x) # 显式监视
    y = x ** 2

dy_dx = tape.gradient(y, x)
print(dy_dx) # tf.Tensor(6.0, ...)
