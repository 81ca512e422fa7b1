"""brk13c: writes gen13_random.py, random programs mixing this round's constructs
(accumulators, early returns and breaks, slice updates of a buffer, helper calls,
softmax-like reductions) from a fixed seed.  Usage: python make_gen13_random.py [N]"""
import random
import sys

STARTS = ["0.0", "x[0] * 0.0", "np.float64(0.0)", "0", "np.zeros(())"]
UPDATES = ["s = s + {v} * {v}", "s = s + np.sin({v})", "s += {v} ** 3", "s = s * 0.5 + {v}",
           "s = s + helper({v})", "s = s - np.tanh({v}) * 2.0", "s = s + {v} / 3.0"]
EXITS = ["", "if {v} > 0.6:\n            return s * 2.0", "if s > 0.9:\n            break",
         "if {v} < -0.7:\n            return {v} * s + np.sum(x)", "if s > 1.2:\n            return s"]
BUFFERS = ["", "y[1:] *= 1.5", "y[:-1] += 0.25", "y[::2] = y[::2] * 0.5", "y[-1:] -= s * 0.0 + 0.1"]
RETURNS = ["s", "s * np.sum(y * y)", "s + np.mean(y)", "helper(s) + np.sum(y)", "s * s + np.sum(y[1:])",
           "-np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s"]
LOOPS = ["for v in x:", "for i in range(len(x)):\n        v = x[i]", "for i, v in enumerate(x):"]


def program(k, rnd):
    start, upd, ext = rnd.choice(STARTS), rnd.choice(UPDATES), rnd.choice(EXITS)
    buf, ret, loop = rnd.choice(BUFFERS), rnd.choice(RETURNS), rnd.choice(LOOPS)
    body = [f"    {loop}", "        " + upd.format(v="v")]
    if ext:
        body.append("        " + ext.format(v="v"))
    lines = [f"def rnd_{k}(x):", "    y = x * 1.0", f"    s = {start}"] + body
    if buf:
        lines.append("    " + buf)
    lines.append(f"    return {ret}")
    return "\n".join(lines)


ZS = ["z = X @ w", "z = np.tanh(X @ w)", "z = helper(X @ w)", "z = X @ w * 0.5 + 0.1", "z = X.dot(w)"]
TERMS = ["np.logaddexp(0.0, z) - y * z", "(z - y) ** 2", "np.exp(z) - y * z", "y * np.tanh(z)",
         "np.log1p(np.exp(-y * z))", "(y - z) * (y - z) * 0.5", "z * z - 2.0 * y * z"]
REDUCE = ["np.mean({t})", "np.sum({t}) / len(y)", "np.sum({t}) / X.shape[0]", "({t}).mean()",
          "np.mean({t}, axis=0)"]
EXTRA = ["", " + 0.01 * np.sum(w * w)", " + helper(np.sum(w))"]


def loss_program(k, rnd):
    z, t, r, e = rnd.choice(ZS), rnd.choice(TERMS), rnd.choice(REDUCE), rnd.choice(EXTRA)
    return "\n".join([f"def rnd_loss_{k}(w, X, y):", f"    {z}", f"    return {r.format(t=t)}{e}"])


def main(n):
    rnd = random.Random(1319)
    progs = [program(k, rnd) for k in range(n)] + [loss_program(k, rnd) for k in range(n // 3)]
    head = ('"""brk13c: random programs mixing this round\'s constructs (written by\n'
            'make_gen13_random.py; do not edit)."""\nimport numpy as np\n\n\n'
            'def helper(v):\n    return v * 2.0 + 0.5\n\n\n')
    tail = '''

CASES = []
SIGS = (("v4", np.array([0.31, -0.23, 0.83, 0.17])), ("v1", np.array([0.4])), ("v0", np.zeros(0)),
        ("neg", np.array([-0.91, 0.23, 0.52])), ("f32", np.array([0.31, -0.23, 0.83], np.float32)))
LOSS_SIGS = (("ok", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.arange(6) % 2 * 1.0),
             ("y_long", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.arange(7) % 2 * 1.0),
             ("y_0", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.zeros(0)),
             ("n0_y3", np.array([0.1, -0.2, 0.3]), np.zeros((0, 3)), np.ones(3)),
             ("y_col", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.ones((6, 1))),
             ("y_1", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.ones(1)),
             ("n1_y3", np.array([0.1, -0.2, 0.3]), np.ones((1, 3)), np.array([0.0, 1.0, 1.0])),
             ("y_f32", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9,
              (np.arange(6) % 2).astype(np.float32)),
             ("wX_int", np.array([1, 0, -1]), np.arange(18).reshape(6, 3) % 3, np.arange(6) % 2 * 1.0))
for name, fn in list(globals().items()):
    if name.startswith("rnd_loss_"):
        for tag, w, X, y in LOSS_SIGS:
            CASES.append((f"{name}[{tag}]", fn, (w.copy(), X.copy(), y.copy()), {}))
    elif name.startswith("rnd_"):
        for tag, x in SIGS:
            CASES.append((f"{name}[{tag}]", fn, (x.copy(),),
                          dict(h=1e-3, low=True) if tag == "f32" else {}))
'''
    with open("gen13_random.py", "w") as fh:
        fh.write(head + "\n\n\n".join(progs) + "\n" + tail)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
