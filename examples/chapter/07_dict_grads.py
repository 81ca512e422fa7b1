import tangentish.tf as tf

x = tf.Variable(2.0)
y = tf.Variable(3.0)

with tf.GradientTape() as tape:
    z = x ** 2 + y ** 2

grads = tape.gradient(z, {'x': x, 'y': y})
print(grads['x']) # 4.0
print(grads['y']) # 6.0
