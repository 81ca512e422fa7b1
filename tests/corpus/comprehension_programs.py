"""Small programs with comprehensions, in the styles users write (tests/test_comprehensions.py).
Each takes one float array ``x`` (length 4) and returns a scalar.  ``np`` is swapped for
autograd.numpy to get the reference derivatives."""
import numpy as np

W = np.array([0.5, -1.0, 2.0, 0.25])
OFFSETS = [0.1, 0.2, 0.3]


def helper(v):
    return np.sin(v) * v


def p_basic(x):
    return sum([v * v for v in x])


def p_filter_inactive(x):
    return sum([np.sin(v) for v, w in zip(x, W) if w > 0])


def p_filter_active(x):
    return sum([v ** 3 for v in x if v > 0.35])


def p_two_for(x):
    return sum([a * b for a in x for b in x])


def p_two_for_filter(x):
    return sum([a * np.cos(b) for a in x for b in x if a < b])


def p_dependent_for(x):
    rows = [x[:k + 1] for k in range(4)]
    return sum([np.sum(r * r) for r in rows])


def p_triple(x):
    return sum([a * b * c for a in x[:2] for b in x[1:3] for c in x[2:]])


def p_nested(x):
    m = [[a * b for b in x] for a in x]
    return np.sum(np.array(m) ** 2)


def p_nested_stack(x):
    m = [np.stack([a * b for b in x]) for a in x]
    return np.sum(np.stack(m) * W)


def p_gen_sum(x):
    return sum(np.exp(v) for v in x)


def p_gen_sum_start(x):
    return sum((v * w for v, w in zip(x, W)), 1.5)


def p_gen_max(x):
    return max(v * w for v, w in zip(x, W))


def p_gen_min(x):
    return min(np.cos(v) for v in x)


def p_list_max(x):
    return max([v * v for v in x]) + min([v for v in x])


def p_gen_any(x):
    return np.sum(x * x) * (2.0 if any(v > 0.6 for v in x) else 3.0)


def p_gen_all(x):
    return np.sum(x ** 3) if all(v > 0.0 for v in x) else np.sum(x)


def p_gen_list(x):
    return np.sum(np.stack(list(np.sin(v) for v in x)))


def p_rows(x):
    m = np.outer(x, W)
    return sum([np.dot(r, r) for r in m])


def p_rows_stack(x):
    m = np.outer(x, x)
    return np.sum(np.stack([r / (1.0 + np.sum(r)) for r in m]))


def p_enumerate(x):
    return sum([k * v for k, v in enumerate(x)])


def p_enumerate_filter(x):
    return sum([v * v for k, v in enumerate(x) if k % 2 == 0])


def p_zip_lists(x):
    a = [x[0], x[1]]
    b = [x[2], x[3]]
    return sum([u * v for u, v in zip(a, b)])


def p_range(x):
    return sum([x[i] * x[(i + 1) % 4] for i in range(4)])


def p_closure(x):
    scale = x[0] * 2.0
    return sum([scale * v for v in x])


def p_shadow(x):
    v = x[0] * 3.0
    s = sum([v * v for v in x])
    return s + v


def p_shadow_param(x):
    return np.sum(x) + sum([np.sin(x) for x in x])


def p_shadow_loop(x):
    total = 0.0
    for v in x:
        total = total + sum([v * u for u in x]) + v
    return total


def p_in_loop(x):
    total = 0.0
    for k in range(3):
        total = total + sum([np.sin(v + k) for v in x])
    return total


def p_in_loop_nested_list(x):
    out = []
    for k in range(2):
        out.append([v * (k + 1) for v in x])
    return np.sum(np.array(out) ** 2)


def p_helper(x):
    return sum([helper(v) for v in x])


def p_global_list(x):
    return sum([v * o for v, o in zip(x, OFFSETS)])


def p_const_iter(x):
    return sum([x[0] * o for o in OFFSETS])


def p_stack_arith(x):
    return np.sum(np.stack([x * k for k in range(3)]) ** 2)


def p_array_of(x):
    return np.sum(np.array([v * v for v in x]) * W)


def p_dict(x):
    d = {"a": x[0], "b": x[1] * x[2]}
    e = {k: v * v for k, v in d.items()}
    return e["a"] + e["b"]


def p_dict_enum(x):
    e = {k: np.sin(v) for k, v in enumerate(x)}
    return e[0] * e[3] + e[1]


def p_dict_values(x):
    d = {"u": x[0], "v": x[1]}
    e = {k: 2.0 * d[k] for k in d}
    return sum([e[k] * e[k] for k in e])


def p_comp_of_comp(x):
    ys = [v * 2.0 for v in x]
    return sum([y * y for y in ys])


def p_comp_in_iter(x):
    return sum([y * y for y in [v + 1.0 for v in x]])


def p_filter_computed(x):
    ys = [np.sin(v) for v in x]
    return sum([y * 3.0 for y in ys if y > 0.4])


def p_filter_two(x):
    return sum([v for v in x if v > 0.1 if v < 0.8])


def p_binop_order(x):
    return np.sum(x) * 2.0 + sum([v * v for v in x])


def p_in_if(x):
    if sum([v for v in x]) > 1.0:
        return np.sum(x ** 2)
    return np.sum(x)


def p_in_return_tuple_index(x):
    pairs = [(v, v * v) for v in x]
    return sum([a * b for a, b in pairs])


def p_tuple_target(x):
    pairs = [(x[0], x[1]), (x[2], x[3])]
    return sum([a * np.exp(b) for a, b in pairs])


def p_nested_tuple_target(x):
    return sum([k * a * b for k, (a, b) in enumerate(zip(x, W))])


def p_len(x):
    ys = [v for v in x if v > 0.3]
    return sum(ys) / (1.0 + len(ys))


def p_mean(x):
    ys = [np.tanh(v) for v in x]
    return sum(ys) / len(ys)


def p_slice_rows(x):
    m = x.reshape(2, 2)
    return sum([np.prod(r) for r in m])


def p_columns(x):
    m = x.reshape(2, 2)
    return sum([np.sum(m[:, j] ** 2) * (j + 1) for j in range(2)])


def p_max_gen_nested(x):
    return max(max(a * b for b in x) for a in x)


def p_sum_gen_nested(x):
    return sum(sum(a * b for b in x) for a in x)


def p_index_comp(x):
    ys = [np.exp(v) for v in x]
    return ys[0] * ys[-1] + ys[2]


def p_concat(x):
    ys = [v for v in x] + [v * 2.0 for v in x]
    return sum([y * y for y in ys])


def p_comp_power(x):
    return sum([v ** k for k, v in enumerate(x)])


def p_comp_matrix(x):
    m = np.array([[x[i] * x[j] for j in range(4)] for i in range(4)])
    return np.sum(m @ W)


def p_while_body(x):
    k = 0
    total = 0.0
    while k < 2:
        total = total + sum([v * k for v in x])
        k = k + 1
    return total


def p_min_list_stack(x):
    return min([np.sum(x * w) for w in (W, W * 2.0)])


def p_var_named_like_global(x):
    return sum([W * W for W in x])


def p_gen_sum_rows(x):
    m = np.outer(x, x)
    return sum(np.sum(r) ** 2 for r in m)


def p_comp_reused_name(x):
    a = sum([v for v in x])
    b = sum([v * v for v in x])
    return a * b


def p_comp_and_loop_var(x):
    s = 0.0
    for v in x:
        s = s + v
    return s * sum([v * 2.0 for v in x]) + v




def p_zip_shifted(x):
    return sum([(b - a) ** 2 for a, b in zip(x[:-1], x[1:])])


def p_dict_values_gen(x):
    d = {"p": x[0] * x[1], "q": np.sin(x[2])}
    return sum(v * v for v in d.values())


def p_stack_pairs(x):
    return np.sum(np.stack([np.array([a, b * a]) for a, b in zip(x, W)]) ** 2)


def p_slice_of_comp(x):
    return sum([v * v for v in x][1:])


def p_local_def(x):
    def sq(u):
        return u * u * 0.5
    return sum([sq(v) for v in x])


def p_sum_list_start(x):
    return sum([v * 2.0 for v in x], x[0])


def p_inner_iter_is_outer_var(x):
    m = np.outer(x, W)
    return sum([sum(v * 2.0 for v in v) ** 2 for v in m])


def p_augassign(x):
    total = x[0]
    total += sum(np.cos(v) for v in x)
    return total


def p_for_over_comp(x):
    t = 0.0
    for r in [v * x for v in x]:
        t = t + np.sum(r ** 2)
    return t


def p_all_active(x):
    return np.sum(x * 2.0) if all(v * v < 0.99 for v in x) else np.sum(x)


def p_ifexp_in_elt(x):
    return sum([v if v > 0.5 else -v * v for v in x])


def p_index_other(x):
    return sum([W[k] * v for k, v in enumerate(x)])


def p_rebind_after(x):
    s = x[0]
    ys = [s * v for v in x]
    s = 10.0
    return sum(ys) * s


def p_comp_rows_transposed(x):
    m = np.outer(x, W)
    return sum([np.sum(c * c) for c in m.T])


def p_gen_min_stack(x):
    return min(np.sum(x * x * k) for k in (1.0, 2.0, 3.0))


def p_list_gen(x):
    ys = list(v * 3.0 for v in x)
    ys.append(x[0])
    return sum(ys)


def p_tuple_inactive(x):
    t = tuple(k * 2 for k in range(3))
    return x[0] * t[2] + x[1]


def p_nested_filter_outer(x):
    return sum([a * b for a in x if a > 0.4 for b in x if b < a])


def p_comp_in_loop_gen_max(x):
    t = 0.0
    for k in range(2):
        t = t + max(v * (k + 1.0) for v in x)
    return t


def p_var_named_like_builtin(x):
    ys = [sum * 2.0 for sum in x]
    return sum(ys) + sum(v for v in ys)


def p_var_named_like_numpy(x):
    return np.sum(np.stack([np * np for np in x]))


def p_any_two_for(x):
    hit = any(a * b > 0.6 for a in x for b in x if a < b)
    return np.sum(x ** 2) * (2.0 if hit else 5.0)


def p_all_filtered(x):
    ok = all(v < 0.9 for v in x if v > 0.3)
    return np.sum(np.sin(x)) * (1.0 if ok else 4.0)


def p_dict_of_lists(x):
    d = {k: [x[k] * j for j in range(3)] for k in range(2)}
    return sum([sum(d[k]) for k in d])


PROGRAMS = sorted((name, fn) for name, fn in list(globals().items()) if name.startswith("p_"))
