import tangentish.tf as tf

x = tf.Variable([1.0, 2.0])

with tf.GradientTape(persistent=True) as tape:
    y = [x[0] ** 2 + x[1], x[0] * x[1]]

# 计算 Jacobian
jacobian = tape.jacobian(y, x)
print(jacobian)
# [[2. 1.] (y[0] 对 x 的偏导)
# [2. 1.]] (y[1] 对 x 的偏导)
