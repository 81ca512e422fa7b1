import tangentish.tf as tf

x = tf.Variable(2.0)

with tf.GradientTape() as tape:
    y = x ** 2
    y_stop = tf.stop_gradient(y) # 停止梯度
    z = y_stop * x

dz_dx = tape.gradient(z, x)
print(dz_dx) # 4.0(只有 x 的直接贡献,y 的梯度被阻断)
