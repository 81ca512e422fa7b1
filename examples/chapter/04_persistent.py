import tangentish.tf as tf

x = tf.Variable(3.0)

with tf.GradientTape(persistent=True) as tape:
    y = x ** 2
    z = x ** 3

dy_dx = tape.gradient(y, x) # 6.0
dz_dx = tape.gradient(z, x) # 27.0

del tape # 手动释放资源
