import numpy as np


def while_flag_then_mutate(x):
    y = x * 1.0
    s = 0.0
    go = y[0] < 3.0
    while go:
        s = s + y[0] * x[1]
        go = y[0] < 3.0
        y[0] = y[0] + 1.0
    return s


def while_flag_list(x):
    box = [x[0] * 1.0]
    s = 0.0
    go = box[0] < 3.0
    while go:
        s = s + box[0] * x[1]
        go = box[0] < 3.0
        box[0] = box[0] + 1.0
    return s


def while_flag_aug(x):
    y = x * 1.0
    s = 0.0
    go = y[0] < 3.0
    while go:
        s = s + y[0] * x[1]
        go = y[0] < 3.0
        y[0] += 1.0
    return s


def while_flag_plain(x):
    t = x[0] * 1.0
    s = 0.0
    go = t < 3.0
    while go:
        s = s + t * x[1]
        go = t < 3.0
        t = t + 1.0
    return s
