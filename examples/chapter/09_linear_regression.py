import tangentish.tf as tf
import numpy as np

# 生成数据
np.random.seed(42)
X = np.random.rand(100).astype(np.float32)
y = 3 * X + 2 + np.random.randn(100) * 0.1

# 初始化参数
W = tf.Variable(0.0)
b = tf.Variable(0.0)

# 训练参数
learning_rate = 0.1
epochs = 100

# 训练循环
for epoch in range(epochs):
    with tf.GradientTape() as tape:
        # 前向计算
        y_pred = W * X + b
        # 计算损失(均方误差)
        loss = tf.reduce_mean((y_pred - y) ** 2)

    # 计算梯度
    gradients = tape.gradient(loss, [W, b])

    # 更新参数
    W.assign_sub(learning_rate * gradients[0])
    b.assign_sub(learning_rate * gradients[1])

    if epoch % 20 == 0:
        print(f"Epoch {epoch}: loss = {loss:.4f}, W = {W:.4f}, b = {b:.4f}")

print(f"\n最终结果: W = {W:.4f}, b = {b:.4f}")
# 最终结果应该接近 W=3, b=2
