"""Ninth round: operands whose shapes depend on values (slices by an int argument,
boolean masks, np.diff, reshape by a computed size), beside labels of every pattern:
same-pattern checks must not be decided from the signature alone."""
import numpy as np


def slice_k_minus_y(x, y, k):
    return np.mean((x[:k] - y) ** 2)


def slice_k_times_y(x, y, k):
    return np.sum(x[k:] * y)


def slice_from_float(x, y, k):
    return np.mean(x[:int(k)] - y)


def mask_minus(x, y):
    return np.mean(x[x > 0.0] - y[y > 0.0])


def diff_minus(x, y):
    return np.mean((np.diff(x) - y) ** 2)


def reshape_computed(x, y, k):
    return np.sum(x.reshape(k, -1) * y)


def index_arr_minus(x, y, idx):
    return np.mean((x[idx] - y) ** 2)


def loop_slice(x, y, k):
    s = 0.0
    for i in range(k):
        s = s + np.sum(x[i:i + k] * y)
    return s


def broadcast_to_k(x, y, k):
    return np.mean(np.broadcast_to(x, (k, x.shape[0])) - y)


def repeat_k(x, y, k):
    return np.mean((np.repeat(x, k) - y) ** 2)


def concat_minus(x, y):
    return np.mean(np.concatenate([x, x]) - y)


def arange_minus(x, k):
    return np.mean(x - np.arange(k))


CASES = []


def add(name, fn, *args, **opts):
    CASES.append((name, fn, args, opts))


x5 = np.array([0.4, -0.3, 0.8, -0.9, 0.2])
for k in (1, 2, 5):
    for tag, y in (("y_k", np.linspace(0, 1, k)), ("y_1", np.array([0.5])), ("y_2", np.array([0.5, 0.1])),
                   ("y_5", np.linspace(0, 1, 5)), ("y_k1", np.ones((k, 1)))):
        add(f"slice_k_minus_y[k{k},{tag}]", slice_k_minus_y, x5, y, k)
        add(f"slice_k_times_y[k{k},{tag}]", slice_k_times_y, x5, y, 5 - k)
        add(f"index_arr_minus[k{k},{tag}]", index_arr_minus, x5, y, np.arange(k))
        add(f"repeat_k[k{k},{tag}]", repeat_k, x5[:1], y, k)
        add(f"loop_slice[k{k},{tag}]", loop_slice, np.linspace(-1, 1, 12), y, k)
    add(f"arange_minus[k{k}]", arange_minus, np.ones(1) * 0.3, k)
    add(f"arange_minus[k{k},n5]", arange_minus, x5, k)
for tag, x, y in (("same", np.array([0.3, -0.1, 0.2]), np.array([0.4, 0.5, -0.2])),
                  ("one", np.array([0.3, -0.1, -0.2]), np.array([0.4, 0.5, -0.2])),
                  ("diff", np.array([0.3, 0.1, -0.2]), np.array([0.4, 0.5, 0.2]))):
    add(f"mask_minus[{tag}]", mask_minus, x, y)
for tag, y in (("y4", np.ones(4)), ("y1", np.ones(1)), ("y5", np.ones(5)), ("y41", np.ones((4, 1)))):
    add(f"diff_minus[{tag}]", diff_minus, x5, y)
    add(f"concat_minus[{tag}]", concat_minus, x5[:2], y)
for k in (1, 2, 3, 6):
    for tag, y in (("y6", np.ones(6)), ("y1", np.ones(1)), ("yk1", np.ones((k, 1))), ("y3", np.ones(3))):
        add(f"reshape_computed[k{k},{tag}]", reshape_computed, np.linspace(-1, 1, 6), y, k)
        add(f"broadcast_to_k[k{k},{tag}]", broadcast_to_k, np.linspace(-1, 1, 3), y, k)
