import tangentish.tf as tf

# 多个变量
x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
w = tf.Variable([[5.0], [6.0]])
b = tf.Variable([[1.0]])

with tf.GradientTape() as tape:
    y = x @ w + b
    loss = tf.reduce_mean(y ** 2)

# 计算对所有变量的梯度
grads = tape.gradient(loss, [x, w, b])
print("dx:", grads[0])
print("dw:", grads[1])
print("db:", grads[2])
