import tangentish.tf as tf

# 生成一些梯度
gradients = [tf.constant([10.0, 20.0, 30.0])]

# 按值裁剪
clipped = [tf.clip_by_value(g, -1.0, 1.0) for g in gradients]
print(clipped) # [[1.0, 1.0, 1.0]]

# 按范数裁剪
clipped = tf.clip_by_global_norm(gradients, clip_norm=1.0)
print(clipped[0]) # 梯度会被缩放,使得全局范数不超过 1.0

# 按平均范数裁剪
clipped = tf.clip_by_average_norm(gradients, clip_norm=1.0)
