import tangentish.tf as tf

@tf.custom_gradient
def clip_gradient(x):
    def grad(upstream):
        # 将梯度裁剪到 [-1, 1] 范围
        return tf.clip_by_value(upstream, -1, 1)
    return x, grad

x = tf.Variable(10.0)

with tf.GradientTape() as tape:
    y = clip_gradient(x * 100)

print(tape.gradient(y, x)) # 1.0(被裁剪)
