import tangentish.tf as tf

x = tf.Variable(2.0)
y = tf.Variable(3.0)

with tf.GradientTape() as tape:
    z = x * y
    loss = z ** 2

# 计算 loss 对 x 和 y 的梯度
grads = tape.gradient(loss, [x, y])
print("dz/dx:", grads[0]) # 36.0 = 2 * z * y = 2 * 6 * 3
print("dz/dy:", grads[1]) # 24.0 = 2 * z * x = 2 * 6 * 2
