import numpy as np
def s1(a, b):
    return np.sum(a - b)
def s2(a, b):
    return np.sum(np.sin(a - b))
def s3(a, b):
    return np.sum((a - b) / 3.0)
def s4(a, b):
    return np.sum(a - b) * np.sum(a * a)
def s5(a, b):
    return np.sum(a * b - a / 3.0)
def s6(a, b):
    return np.sum(a / 7.0 - b)
def s7(a, b):
    return np.sum((a - b) * 0.1) + np.sum(a)
def s8(a, b):
    return np.mean(a - b) * 3.0
