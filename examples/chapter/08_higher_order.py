import tangentish.tf as tf

x = tf.Variable(3.0)

with tf.GradientTape() as tape1:
    with tf.GradientTape() as tape2:
        y = x ** 3
    dy_dx = tape2.gradient(y, x) # 一阶导数:3x^2 = 27
d2y_dx2 = tape1.gradient(dy_dx, x) # 二阶导数:6x = 18

print("一阶导数:", dy_dx) # 27.0
print("二阶导数:", d2y_dx2) # 18.0
