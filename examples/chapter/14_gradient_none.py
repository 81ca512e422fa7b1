import tangentish.tf as tf

x = tf.Variable(3.0)

# 错误示例
with tf.GradientTape() as tape:
    y = x ** 2
z = y + 1 # z 在 tape 外计算
loss = z ** 2

# 正确示例
with tf.GradientTape() as tape:
    y = x ** 2
    z = y + 1
    loss = z ** 2

grad = tape.gradient(loss, x)
print(grad) # 正确计算梯度
