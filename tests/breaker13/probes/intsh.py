import numpy as np


def mean_w_k(w, k):
    return np.mean(w * k)


def mean_k_minus_w(w, k):
    return np.mean(k - w)


def mean_sq(w, k):
    return np.mean((k - w) ** 2)


def sum_scaled(w, k):
    return np.sum(k * w) / k.size


def mean_where(w, k):
    return np.mean(np.where(k > 0, w, 0.0) * k)


def mean_axis(w, K):
    return np.sum(np.mean(K * w, axis=0))


def mean_loop(w, k):
    s = 0.0
    for i in range(len(k)):
        s = s + k[i] * w
    return s / len(k)


def mean_logistic(w, k):
    z = k * w
    return np.mean(np.logaddexp(0.0, z) - k * z)
