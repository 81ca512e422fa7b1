"""Guide "Introduction to gradients", controlling what the tape watches."""
import tangentish.tf as tf

trainable = tf.Variable(2.0)
frozen = tf.Variable(2.0, trainable=False)
constant = tf.constant(2.0)
computed = tf.Variable(2.0) + 1.0      # a Tensor, no longer a Variable

with tf.GradientTape() as tape:
    y = trainable * frozen * constant * computed
print([v.name for v in tape.watched_variables()])
for g in tape.gradient(y, [trainable, frozen, constant, computed]):
    print(g)

# watching a constant by hand
c = tf.constant(1.5)
with tf.GradientTape() as tape:
    tape.watch(c)
    y = tf.sin(c)
print(tape.gradient(y, c))

# only what is watched by hand
p = tf.Variable(0.5)
q = tf.Variable(4.0)
with tf.GradientTape(watch_accessed_variables=False) as tape:
    tape.watch(p)
    y = p ** 2 + q ** 2
grad = tape.gradient(y, {"p": p, "q": q})
print("p:", grad["p"])
print("q:", grad["q"])
