import tangentish.tf as tf

x = tf.Variable(3)  # int32

with tf.GradientTape() as tape:
    y = x ** 2

print(tape.gradient(y, x)) # None

# 解决方案:使用浮点类型
x = tf.Variable(3.0) # float32
