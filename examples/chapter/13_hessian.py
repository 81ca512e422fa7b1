import tangentish.tf as tf

x = tf.Variable([1.0, 2.0])

def f(x):
    return x[0] ** 2 + x[0] * x[1] + x[1] ** 2

with tf.GradientTape() as tape1:
    with tf.GradientTape() as tape2:
        y = f(x)
    grad = tape2.gradient(y, x)
hessian = tape1.jacobian(grad, x)

print("梯度:", grad) # [4. 5.]
print("Hessian:", hessian)
# [[2. 1.]
# [1. 2.]]
