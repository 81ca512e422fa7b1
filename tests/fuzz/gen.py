"""Random program generator for the soundness fuzzer.

``generate(seed, index)`` returns a ``Program``: the text of a Python module
that defines ``f`` (the function to differentiate) plus its helpers, the
argument values to differentiate at, and the feature families it uses.  The
program is a deterministic function of ``(seed, index, attempt)``.

A program is a sequence of *snippets*.  Each snippet is written by one
``snip_<family>`` function below; it reads values from the pool of names
already bound (arguments and earlier results, by kind: ``vec`` shape (3,),
``mat`` shape (2, 3), ``flt`` a scalar), writes a few statements, may add
module-level helpers, and names the values whose final state the result
must depend on ("observed" values: an update through an alias is only
visible if the aliased array is read afterwards).  The function returns the
sum of the observed values weighted by the arguments, built one statement
at a time (``r = r + ...``) so the shrinker can delete terms.

Half of the programs use one family only (so a failure is attributed to
it), the others mix two to four families.

Special module hooks read by the checker (``check.py``):
  * ``_redefine()``: called after a first round of tangentish calls (warming
    every cache); the checks then run against the redefined callee (W10).
  * ``_fuzz_reseed()``: called before every evaluation of ``f`` (primal,
    finite differences, each tangentish call), so helpers drawing from a
    ``RandomState`` or counting calls see the same state each time (W12).
  * ``tg.stop_gradient``: in the reference variant of the module it is
    replaced by a record/replay function (the reference derivative treats
    the stopped value as a constant; finite differences alone would not).
"""
import random
from dataclasses import dataclass, field

import numpy as np

# argument name -> (kind, shape); the signature lists the used ones in this order
ARG_SPECS = {
    "x": ("vec", (3,)),
    "y": ("vec", (3,)),
    "m": ("mat", (2, 3)),
    "s": ("flt", ()),
    "p": ("bvec", (2,)),
    "c": ("bmat", (2, 2)),
    "u": ("brow", (1, 2)),
}

# feature family -> the wrong-gradient class it exercises ("" for none)
FAMILIES = {
    "alias": "W1", "view": "W1", "listalias": "W1",
    "mutcall": "W2", "helpermut": "W2", "method": "W2", "listmut": "W2",
    "listops": "W3",
    "broadcast": "W4",
    "rebind": "W5",
    "complex": "W6",
    "wraps": "W7",
    "stopgrad": "W8",
    "pow0": "W9",
    "stale": "W10",
    "r_": "W11", "nonlocal": "W11",
    "sideeffect": "W12",
    "inplace": "", "nested": "", "loop": "", "branch": "", "helper": "", "closure": "", "container": "",
}

PREAMBLE = "import functools\nimport math\n\nimport numpy as np\n\nimport tangentish as tg\n"


@dataclass
class Program:
    seed: int
    index: int
    attempt: int
    source: str                 # module text
    argnames: list              # f's parameters (all differentiated)
    args: list                  # argument values (numpy arrays / python floats)
    families: list              # sorted feature families used
    single: bool                # one family only
    wrt: tuple = None           # indices of the differentiated arguments (None: all)
    fname: str = "f"
    meta: dict = field(default_factory=dict)

    @property
    def wrt_indices(self):
        return tuple(range(len(self.args))) if self.wrt is None else tuple(self.wrt)

    @property
    def ident(self):
        return f"s{self.seed}_i{self.index}"


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.body = []          # lines of f's body (with indentation)
        self.indent = 1
        self.helpers = []       # module-level definitions (list of text blocks)
        self.post = []          # module-level text after f (hooks)
        self.reseed = []        # lines of _fuzz_reseed
        self.redefine = None    # body of _redefine
        self.families = set()
        self.pool = {"vec": ["x", "y"], "mat": ["m"], "flt": ["s"]}
        self.observed = []      # (name, kind)
        self.n = 0
        self.zero_args = False  # pow0: arguments hold exact zeros

    # -- utilities --------------------------------------------------------
    def fresh(self, base):
        self.n += 1
        return f"{base}{self.n}"

    def emit(self, line):
        self.body.append("    " * self.indent + line)

    def const(self):
        return self.rng.choice(["0.5", "1.5", "2.0", "-0.7", "0.3", "1.1"])

    def pick(self, kind):
        return self.rng.choice(self.pool[kind])

    def add(self, kind, name):
        if name not in self.pool[kind]:
            self.pool[kind].append(name)

    def observe(self, name, kind):
        self.observed.append((name, kind))

    # -- expressions ------------------------------------------------------
    def vec(self, depth=1):
        r = self.rng
        if depth <= 0 or r.random() < 0.3:
            a = self.pick("vec")
            return a if r.random() < 0.6 else f"{a} * {self.const()}"
        choice = r.randrange(8)
        if choice == 0:
            return f"{self.vec(depth - 1)} + {self.vec(depth - 1)}"
        if choice == 1:
            return f"({self.vec(depth - 1)}) * {self.vec(depth - 1)}"
        if choice == 2:
            return f"{self.vec(depth - 1)} - {self.const()}"
        if choice == 3:
            fn = r.choice(["np.sin", "np.cos", "np.tanh", "np.abs"])
            return f"{fn}({self.vec(depth - 1)})"
        if choice == 4:
            return f"({self.vec(depth - 1)}) * {self.flt(0)}"
        if choice == 5:
            return f"np.exp(0.3 * np.tanh({self.vec(depth - 1)}))"
        if choice == 6:
            return f"{self.pick('mat')}[{r.randrange(2)}] + {self.vec(depth - 1)}"
        return f"({self.vec(depth - 1)}) ** 2"

    def flt(self, depth=1):
        r = self.rng
        if depth <= 0 or r.random() < 0.3:
            c = r.randrange(4)
            if c == 0 and self.pool["flt"]:
                return self.pick("flt")
            if c == 1:
                return f"{self.pick('vec')}[{r.randrange(3)}]"
            if c == 2:
                return f"np.sum({self.pick('vec')})"
            return self.const()
        choice = r.randrange(5)
        if choice == 0:
            return f"{self.flt(depth - 1)} * {self.flt(depth - 1)}"
        if choice == 1:
            return f"{self.flt(depth - 1)} + {self.flt(depth - 1)}"
        if choice == 2:
            return f"np.sum({self.vec(depth - 1)})"
        if choice == 3:
            return f"math.sin({self.flt(depth - 1)})"
        return f"np.tanh({self.flt(depth - 1)})"

    def fresh_vec(self):
        e = self.vec(1)
        if e in self.pool["vec"] or self.rng.random() < 0.3:
            e = f"({e}) * 1.0"
        return e

    def base_vec(self, allow_arg=True):
        """Name of an array to update: a fresh array, or (sometimes) an argument or pool value."""
        if allow_arg and self.rng.random() < 0.25:
            return self.pick("vec")
        a = self.fresh("a")
        self.emit(f"{a} = {self.fresh_vec()}")
        self.add("vec", a)
        return a

    def update_vec(self, b, full=True):
        """An in-place update of the (3,)-array (full) or sliced array ``b``."""
        r = self.rng
        ops = [f"{b}[{r.randrange(2)}] = {self.flt(1)}", f"{b} *= {self.const()}",
               f"{b} += {self.flt(0)}", f"{b} -= {self.const()}"]
        if full:
            ops += [f"{b} += {self.vec(1)}", f"{b} *= {self.vec(0)}", f"{b}[1:] += {self.vec(0)}[:2]",
                    f"{b}[0:2] = {self.vec(0)}[1:]"]
        self.emit(r.choice(ops))

    # -- module-level helper text ----------------------------------------
    def helper(self, text):
        self.helpers.append(text.strip("\n") + "\n")


# ---------------------------------------------------------------------------
# snippets, one per feature family


def snip_alias(g):
    a = g.base_vec()
    b = g.fresh("b")
    g.emit(f"{b} = {a}")
    g.update_vec(b)
    if g.rng.random() < 0.5:
        g.update_vec(a)
    g.observe(a, "vec")
    if g.rng.random() < 0.3:
        g.observe(b, "vec")


def snip_view(g):
    r = g.rng
    c = r.randrange(3)
    if c == 0:
        a = g.base_vec()
        b = g.fresh("v")
        view, full = r.choice([("[:]", True), ("[1:]", False), (".reshape(3)", True), ("[::-1]", True),
                               ("[:2]", False), (".T", True)])
        g.emit(f"{b} = {a}{view}")
        g.update_vec(b, full)
        g.observe(a, "vec")
    elif c == 1:
        M = g.fresh("M")
        g.emit(f"{M} = {g.pick('mat')} * {g.const()}")
        g.add("mat", M)
        b = g.fresh("v")
        view = r.choice(["[0]", "[1]", ".T[0]", ".reshape(6)[:3]", "[:, 1]"])
        g.emit(f"{b} = {M}{view}")
        g.update_vec(b, full=view in ("[0]", "[1]", ".reshape(6)[:3]"))
        g.observe(M, "mat")
    else:
        M = g.fresh("M")
        g.emit(f"{M} = {g.pick('mat')} + {g.vec(0)}")
        g.add("mat", M)
        g.emit(f"for row in {M}:")
        g.indent += 1
        g.emit(r.choice(["row *= 2.0", "row[0] = row[1] * 1.5", "row += 0.5", f"row -= {g.vec(0)}",
                         "row[1:] *= row[0]"]))
        g.indent -= 1
        g.observe(M, "mat")


def snip_listalias(g):
    r = g.rng
    a = g.base_vec()
    l = g.fresh("l")
    if r.random() < 0.5:
        g.emit(f"{l} = []")
        g.emit(f"{l}.append({a})")
    else:
        g.emit(f"{l} = [{a}, {g.vec(0)}]")
    g.update_vec(a)
    t = g.fresh("t")
    g.emit(f"{t} = np.sum({l}[0] * {g.vec(0)})")
    g.add("flt", t)
    g.observe(t, "flt")


def snip_inplace(g):
    r = g.rng
    a = g.fresh("a")
    g.emit(f"{a} = {g.fresh_vec()}")
    for _ in range(r.randrange(1, 3)):
        g.update_vec(a)
    g.add("vec", a)
    g.observe(a, "vec")
    if r.random() < 0.6:
        t = g.fresh("t")
        g.emit(f"{t} = {g.flt(1)}")
        g.emit(f"{t} {r.choice(['+=', '*=', '-='])} {g.flt(1)}")
        g.add("flt", t)
        g.observe(t, "flt")


def snip_mutcall(g):
    r = g.rng
    a = g.fresh("a")
    g.emit(f"{a} = " + r.choice(["np.zeros(3)", g.fresh_vec(), "np.ones(3)"]))
    g.add("vec", a)
    v, w = g.vec(0), g.vec(0)
    g.emit(r.choice([
        f"np.copyto({a}, {v})",
        f"np.multiply({v}, {w}, out={a})",
        f"np.add({v}, {w}, {a})",
        f"np.sin({v}, out={a})",
        f"{a}.fill({g.flt(0)})",
        f"{a}.sort()",
        f"np.add.at({a}, [0, 1, 1], {v})",
        f"np.put({a}, [0, 2], [{g.flt(0)}, {g.flt(0)}])",
        f"{a}.__setitem__({r.randrange(3)}, {g.flt(0)})",
        f"np.negative({a}, out={a})",
        f"np.multiply({a}, {v}, out={a})",
    ]))
    g.observe(a, "vec")


def snip_helpermut(g):
    r = g.rng
    h = g.fresh("mut")
    stmt = r.choice(["v[0] = 0.0", "v *= 2.0", "v[1:] += 1.0", "v[2] = v[0] * 3.0", "v += w",
                     "v[0] = np.sum(w)", "np.copyto(v, w * 2.0)"])
    ret = r.choice(["", "    return np.sum(v)\n"])
    g.helper(f"def {h}(v, w):\n    {stmt}\n{ret}")
    a = g.base_vec()
    if ret and r.random() < 0.5:
        t = g.fresh("t")
        g.emit(f"{t} = {h}({a}, {g.vec(0)})")
        g.add("flt", t)
        g.observe(t, "flt")
    else:
        g.emit(f"{h}({a}, {g.vec(0)})")
    g.observe(a, "vec")


def snip_method(g):
    r = g.rng
    C = g.fresh("Acc")
    g.helper(f"""
class {C}:
    def __init__(self, v0):
        self.total = v0

    def add(self, v):
        self.total = self.total + v

    def scale(self, k):
        self.total = self.total * k
""")
    o = g.fresh("acc")
    g.emit(f"{o} = {C}({r.choice(['0.0', g.flt(0)])})")
    for _ in range(r.randrange(1, 4)):
        if r.random() < 0.7:
            g.emit(f"{o}.add({g.flt(1)})")
        else:
            g.emit(f"{o}.scale({g.flt(0)})")
    t = g.fresh("t")
    g.emit(f"{t} = {o}.total")
    g.add("flt", t)
    g.observe(t, "flt")


def snip_listmut(g):
    r = g.rng
    l = g.fresh("l")
    g.emit(f"{l} = [{g.flt(1)}, {g.flt(1)}, {g.flt(1)}]")
    g.emit(r.choice([f"{l}.sort()", f"{l}.reverse()", f"{l}.insert(0, {g.flt(0)})", f"{l}.pop()",
                     f"{l}.extend([{g.flt(0)}])", f"{l}[1] = {g.flt(1)}", f"{l}.pop(0)",
                     f"{l}.sort(reverse=True)"]))
    t = g.fresh("t")
    g.emit(f"{t} = {l}[0] * 1.0 + {l}[1] * 2.0 + {l}[-1] * 3.0")
    g.add("flt", t)
    g.observe(t, "flt")


def snip_listops(g):
    r = g.rng
    ys = g.fresh("ys")
    c = r.randrange(6)
    if c == 0:
        g.emit(f"{ys} = [{g.flt(1)}] + [{g.flt(1)}]")
    elif c == 1:
        g.emit(f"{ys} = [{g.flt(1)}] * 3")
    elif c == 2:
        g.emit(f"{ys} = [{g.flt(1)}]")
        g.emit(f"{ys} += [{g.flt(1)}]")
    elif c == 3:
        g.emit(f"{ys} = [{g.flt(1)}, {g.flt(0)}]")
        g.emit(f"{ys} *= 2")
    elif c == 4:
        v = g.pick("vec")
        g.emit(f"{ys} = [{v}] * 3" if r.random() < 0.5 else f"{ys} = [{v}] + [{g.vec(1)}]")
        t = g.fresh("t")
        g.emit(f"{t} = np.sum({ys}[0] * {ys}[-1])")
        g.add("flt", t)
        g.observe(t, "flt")
        return
    else:
        zs = g.fresh("zs")
        g.emit(f"{zs} = [{g.flt(1)}, {g.flt(0)}]")
        g.emit(f"{ys} = {zs} + [{g.flt(1)}] + {zs}")
    t = g.fresh("t")
    g.emit(f"{t} = {ys}[0] * {ys}[1] + {ys}[-1] + len({ys})")
    g.add("flt", t)
    g.observe(t, "flt")


def snip_container(g):
    r = g.rng
    t = g.fresh("t")
    if r.random() < 0.5:
        tp = g.fresh("tp")
        g.emit(f"{tp} = ({g.flt(1)}, {g.vec(1)})")
        p, q = g.fresh("p"), g.fresh("q")
        g.emit(f"{p}, {q} = {tp}")
        g.emit(f"{t} = {p} * np.sum({q}) + {tp}[0]")
    else:
        d = g.fresh("d")
        g.emit(f"{d} = {{'a': {g.flt(1)}, 'b': {g.vec(1)}}}")
        g.emit(r.choice([f"{d}['a'] = {d}['a'] * 2.0", f"{d}['c'] = {d}['b'] + 1.0",
                         f"{d}['b'] = {d}['b'] * {d}['a']"]))
        g.emit(f"{t} = {d}['a'] + np.sum({d}['b'])" + (f" + np.sum({d}.get('c', 0.0))"))
    g.add("flt", t)
    g.observe(t, "flt")


def _loop_body(g, elem, idx, allow_continue=True):
    """One to three statements using loop element ``elem`` (a scalar) and index ``idx``."""
    r = g.rng
    t, acc = g._acc_t, g._acc_v
    stmts = []
    for _ in range(r.randrange(1, 4)):
        c = r.randrange(7)
        if c == 0:
            stmts.append(f"{t} = {t} + {elem} * {g.flt(0)}")
        elif c == 1:
            stmts.append(f"{t} += {elem} * {elem}")
        elif c == 2:
            stmts.append(f"{acc} = {acc} + {g.vec(0)} * {elem}")
        elif c == 3:
            stmts.append(f"{acc} += {g.vec(0)} * {elem}")
        elif c == 4 and idx:
            stmts.append(f"{acc}[{idx}] = {acc}[{idx}] + {elem}")
        elif c == 5:
            stmts.append(f"{t} *= {r.choice(['0.9', '1.1'])}")
        else:
            stmts.append(f"{t} = {t} + np.sin({elem}) * {idx or '1.0'}")
    if r.random() < 0.25:
        stmts.insert(r.randrange(len(stmts) + 1),
                     f"if {elem} > {r.choice(['0.2', '-0.3', '0.0'])}:\n{'    ' * (g.indent + 1)}"
                     + (r.choice(["continue", "break"]) if allow_continue else "break"))
    for s in stmts:
        g.emit(s)


def snip_loop(g):
    r = g.rng
    t, acc = g.fresh("t"), g.fresh("acc")
    g._acc_t, g._acc_v = t, acc
    g.emit(f"{t} = 0.0")
    g.emit(f"{acc} = np.zeros(3)")
    v = g.pick("vec")
    c = r.randrange(5)
    if c == 0:
        g.emit("for i in range(3):")
        g.indent += 1
        _loop_body(g, f"{v}[i]", "i")
    elif c == 1:
        g.emit(f"for e in {v}:")
        g.indent += 1
        _loop_body(g, "e", None)
    elif c == 2:
        g.emit(f"for i, e in enumerate({v}):")
        g.indent += 1
        _loop_body(g, "e", "i")
    elif c == 3:
        g.emit(f"for e, w in zip({v}, {g.pick('vec')}):")
        g.indent += 1
        _loop_body(g, "e * w", None)
    else:
        k = g.fresh("k")
        g.emit(f"{k} = 0")
        g.emit(f"while {k} < 3:")
        g.indent += 1
        _loop_body(g, f"{v}[{k}]", k, allow_continue=False)
        g.emit(f"{k} += 1")
    g.indent -= 1
    g.add("flt", t)
    g.add("vec", acc)
    g.observe(t, "flt")
    g.observe(acc, "vec")


def snip_rebind(g):
    r = g.rng
    a = g.base_vec()
    t = g.fresh("t")
    g.emit(f"{t} = 0.0")
    c = r.randrange(3)
    if c == 0:
        g.emit(f"for e in {a}:")
        elem = "e"
    elif c == 1:
        g.emit(f"for i, e in enumerate({a}):")
        elem = "e * i"
    else:
        g.emit(f"for e, w in zip({a}, {g.pick('vec')}):")
        elem = "e * w"
    g.indent += 1
    g.emit(f"{a} = {a} * {r.choice(['2.0', '1.5', '-1.0'])}" if r.random() < 0.7 else f"{a} = np.sin({a})")
    g.emit(f"{t} = {t} + {elem} * np.sum({a})")
    g.indent -= 1
    g.add("flt", t)
    g.observe(t, "flt")


def snip_branch(g):
    r = g.rng
    if r.random() < 0.5:
        b = g.fresh("b")
        g.emit(f"if {g.flt(1)} > {r.choice(['0.0', '0.5', '-0.5'])}:")
        g.indent += 1
        g.emit(f"{b} = {g.vec(1)}")
        g.indent -= 1
        g.emit("else:")
        g.indent += 1
        g.emit(f"{b} = {g.vec(1)}")
        g.indent -= 1
        g.add("vec", b)
        g.observe(b, "vec")
    else:
        t = g.fresh("t")
        g.emit(f"{t} = {g.flt(1)} if {g.flt(0)} > 0.1 else {g.flt(1)}")
        g.add("flt", t)
        g.observe(t, "flt")


def snip_helper(g):
    r = g.rng
    h = g.fresh("h")
    c = r.randrange(4)
    b = g.fresh("b")
    if c == 0:
        g.helper(f"def {h}(v, w):\n    return np.sin(v) * w + v * 0.5\n")
        g.emit(f"{b} = {h}({g.vec(1)}, {g.vec(0)})")
    elif c == 1:
        g.helper(f"def {h}(v, k=2.0):\n    r = v * k\n    return r * r\n")
        g.emit(f"{b} = {h}({g.vec(1)})" if r.random() < 0.5 else f"{b} = {h}({g.vec(1)}, k={g.flt(0)})")
    elif c == 2:
        q = g.fresh("h")
        g.helper(f"def {q}(v):\n    return np.tanh(v) + 1.0\n")
        g.helper(f"def {h}(v):\n    return {q}(v) * v\n")
        g.emit(f"{b} = {h}({g.vec(1)})")
    else:
        g.helper(f"def {h}(v):\n    return v * 2.0, np.sum(v * v)\n")
        t = g.fresh("t")
        g.emit(f"{b}, {t} = {h}({g.vec(1)})")
        g.add("flt", t)
        g.observe(t, "flt")
    g.add("vec", b)
    g.observe(b, "vec")


def snip_wraps(g):
    r = g.rng
    d, h = g.fresh("deco"), g.fresh("h")
    wrap = r.choice(["fn(v) * 2.0", "fn(v) + v", "fn(v * 3.0)", "fn(v) * fn(v)"])
    inner = r.choice(["v * v", "np.sin(v)", "v * 1.5 + 1.0"])
    g.helper(f"""
def {d}(fn):
    @functools.wraps(fn)
    def wrapper(v):
        return {wrap}
    return wrapper


@{d}
def {h}(v):
    return {inner}
""")
    b = g.fresh("b")
    g.emit(f"{b} = {h}({g.vec(1)})")
    g.add("vec", b)
    g.observe(b, "vec")


def snip_closure(g):
    r = g.rng
    b = g.fresh("b")
    if r.random() < 0.5:
        mk, h = g.fresh("make"), g.fresh("h")
        g.helper(f"def {mk}(k):\n    def inner(v):\n        return v * k + np.sin(v)\n    return inner\n\n\n"
                 f"{h} = {mk}({g.const()})\n")
        g.emit(f"{b} = {h}({g.vec(1)})")
    else:
        h = g.fresh("sq")
        if r.random() < 0.5:
            g.emit(f"def {h}(v):")
            g.indent += 1
            g.emit("return v * v + 1.0")
            g.indent -= 1
        else:
            g.emit(f"{h} = lambda v: v * 2.0 + np.cos(v)")
        g.emit(f"{b} = {h}({g.vec(1)})")
    g.add("vec", b)
    g.observe(b, "vec")


def snip_nonlocal(g):
    r = g.rng
    tot, acc = g.fresh("total"), g.fresh("accum")
    g.emit(f"{tot} = 0.0")
    g.emit(f"def {acc}(v):")
    g.indent += 1
    g.emit(f"nonlocal {tot}")
    g.emit(f"{tot} = {tot} + v")
    g.indent -= 1
    for _ in range(r.randrange(1, 3)):
        g.emit(f"{acc}({g.flt(1)})")
    g.add("flt", tot)
    g.observe(tot, "flt")


def snip_r_(g):
    r = g.rng
    t = g.fresh("t")
    v, w = g.vec(0), g.vec(1)
    g.emit(r.choice([f"{t} = np.sum(np.r_[{v}, {w}] ** 2)",
                     f"{t} = np.sum(np.c_[{v}, {w}] ** 2)",
                     f"{t} = np.sum(np.r_[{v}, 2.0 * {w}] * np.r_[{w}, {v}])",
                     f"{t} = np.sum(np.concatenate([{v}, {w}]) ** 2)"]))
    g.add("flt", t)
    g.observe(t, "flt")


def snip_broadcast(g):
    r = g.rng

    def leaf():
        return r.choice(["p", "c", "u", "p", "c", "u", "np.ones((2, 2))", "1.5", g._bw])

    def expr(d):
        if d <= 0 or r.random() < 0.25:
            return leaf()
        c = r.randrange(5)
        if c == 0:
            return f"({expr(d - 1)} + {expr(d - 1)})"
        if c == 1:
            return f"{expr(d - 1)} * {expr(d - 1)}"
        if c == 2:
            return f"({expr(d - 1)} - {expr(d - 1)})"
        if c == 3:
            return f"np.sin({expr(d - 1)})"
        return f"{expr(d - 1)} * {expr(d - 1)} + ({expr(d - 1)} + {expr(d - 1)})"

    g._bw = g.fresh("w")
    src = r.choice(['p', 'u', 'c'])
    g.emit(f"{g._bw} = {src} * 1.0")
    t = g.fresh("t")
    if r.random() < 0.5:
        # the shape of the example: np.sum(c * x + (x + u)), where the sum b + c
        # has a smaller shape than the whole: a is a (2, 2) operand, b and c are not
        big, small = ["c", "np.ones((2, 2))"], ["p", "u"]
        (big if src == "c" else small).append(g._bw)
        a, b, c = r.choice(big), r.choice(small), r.choice(small)
        e = f"{a} * {b} + ({b} + {c})"
    else:
        e = expr(r.randrange(1, 4))
    if not any(_uses(e, a) for a in "pcu"):
        e = f"{e} * p"
    g.emit(f"{t} = np.sum({e})")
    g.add("flt", t)
    g.observe(t, "flt")


def snip_complex(g):
    r = g.rng
    z, t = g.fresh("z"), g.fresh("t")
    v = g.vec(0)
    g.emit(r.choice([f"{z} = {v} * (1 + 2j)", f"{z} = np.exp(1j * {v}) * (2 + 1j)",
                     f"{z} = {v} + 1j * {g.vec(0)}"]))
    g.emit(r.choice([f"{t} = np.sum(np.real({z} * (0.5 - 1j)))", f"{t} = np.sum(np.abs({z}) ** 2)",
                     f"{t} = np.sum(np.imag({z} * {z}))", f"{t} = np.sum(np.real(np.abs({z}) * (1 + 1j)))",
                     f"{t} = np.sum(np.real({z} * np.conj({z})))"]))
    g.add("flt", t)
    g.observe(t, "flt")


def snip_pow0(g):
    r = g.rng
    g.zero_args = True
    t = g.fresh("t")
    c = r.randrange(3)
    if c == 0:
        g.emit(f"{t} = np.sum(x ** np.arange({r.choice([3, 4])}))" if r.random() < 0.5 else
               f"{t} = np.sum(x ** np.array([0, 1, 2]))")
    elif c == 1:
        g.emit(f"{t} = 0.0")
        g.emit(f"for i in range({r.choice([2, 3])}):")
        g.indent += 1
        g.emit(f"{t} = {t} + s ** i")
        g.indent -= 1
    else:
        g.emit(f"{t} = np.sum(np.power(x, np.arange(3))) + s ** 0 + s ** 2")
    g.add("flt", t)
    g.observe(t, "flt")


def snip_stopgrad(g):
    r = g.rng
    b = g.fresh("b")
    v = g.vec(0)
    c = r.randrange(4)
    if c == 0:
        sg = g.fresh("sg")
        g.emit(f"{sg} = tg.stop_gradient")
        g.emit(f"{b} = {sg}({v}) * {v}")
    elif c == 1:
        sg = g.fresh("halt")
        g.helper(f"{sg} = tg.stop_gradient\n")
        g.emit(f"{b} = {sg}({v} * 2.0) * {v}")
    elif c == 2:
        ops = g.fresh("ops")
        g.emit(f"{ops} = {{'sg': tg.stop_gradient}}")
        g.emit(f"{b} = {ops}['sg']({v}) * {v}")
    else:
        g.emit(f"{b} = tg.stop_gradient({v}) * {v}")
    g.add("vec", b)
    g.observe(b, "vec")


def snip_stale(g):
    r = g.rng
    if g.redefine is not None:
        return snip_helper(g)
    h, b = g.fresh("h"), g.fresh("b")
    if r.random() < 0.5:
        g.helper(f"def {h}(v):\n    return v * 2.0\n")
        g.redefine = [f"global {h}", "", f"def {h}(v):", "    return v * 3.0 + np.sin(v)"]
        g.emit(f"{b} = {h}({g.vec(1)})")
    else:
        g.helper(f"def {h}(v, k=2.0):\n    return v * k\n")
        g.redefine = [f"{h}.__defaults__ = (3.0,)"]
        g.emit(f"{b} = {h}({g.vec(1)})")
    g.add("vec", b)
    g.observe(b, "vec")


def snip_sideeffect(g):
    r = g.rng
    h, b = g.fresh("noisy"), g.fresh("b")
    if r.random() < 0.6:
        rs = g.fresh("rs")
        g.helper(f"{rs} = np.random.RandomState({g.n})\n\n\ndef {h}(v):\n    return v * {rs}.rand(3)\n")
        g.reseed.append(f"{rs}.seed({g.n})")
    else:
        log = g.fresh("log")
        g.helper(f"{log} = []\n\n\ndef {h}(v):\n    {log}.append(1)\n    return v * (1.0 + 0.5 * len({log}))\n")
        g.reseed.append(f"{log}.clear()")
    g.emit(f"{b} = {h}({g.vec(1)})")
    g.add("vec", b)
    g.observe(b, "vec")


SNIPPETS = {name: globals()["snip_" + name] for name in FAMILIES if name != "nested"}


def _weights(v):
    w = float(np.sum(v))
    return w


def _observe_term(g, name, kind):
    r = g.rng
    if kind == "vec":
        return r.choice([f"np.sum({name} * {g.pick('vec')})", f"np.sum(np.sin({name}))", f"np.sum({name})"])
    if kind == "mat":
        return r.choice([f"np.sum({name} * {name})", f"np.sum({name} * m)", f"np.sum({name})"])
    return r.choice([f"{name} * 0.5", f"{name}", f"{name} * {g.flt(0)}"])


def build(rng, families):
    g = Gen(rng)
    for fam in families:
        g.families.add(fam)
        if len(families) > 1 and rng.random() < 0.3:
            # nested: the snippet inside a loop or a branch the engine cannot decide
            g.families.add("nested")
            g.emit(rng.choice(["for it in range(2):", "if np.sum(x * x) > 0.01:"]))
            g.indent += 1
            SNIPPETS[fam](g)
            g.indent -= 1
        else:
            SNIPPETS[fam](g)
    if not g.observed:
        g.observe(g.pick("vec"), "vec")
    terms = [_observe_term(g, name, kind) for name, kind in g.observed]
    style = rng.random()
    if style < 0.25:        # one statement per term (what the shrinker likes best)
        g.emit("r = 0.0")
        for t in terms:
            g.emit(f"r = r + {t}")
        g.emit("return r")
    elif style < 0.75:      # the first term assigned directly: a provably scalar output
        g.emit(f"r = {terms[0]}")
        for t in terms[1:]:
            g.emit(f"r = r + {t}")
        g.emit("return r")
    else:
        g.emit(f"return {' + '.join(terms)}")
    body = "\n".join(g.body)
    used = [a for a in ARG_SPECS if _uses(body, a)]
    if "x" not in used:
        used.insert(0, "x")
    text = PREAMBLE + "\n\n" + "".join(h + "\n\n" for h in g.helpers)
    text += f"def f({', '.join(used)}):\n{body}\n"
    if g.redefine:
        text += "\n\ndef _redefine():\n" + "".join(f"    {l}\n" if l else "\n" for l in g.redefine)
    if g.reseed:
        text += "\n\ndef _fuzz_reseed():\n" + "".join(f"    {l}\n" for l in g.reseed)
    return text, used, g


def _uses(body, name):
    import re
    return re.search(r"(?<![\w.'])" + name + r"(?![\w'])", body) is not None


def make_args(rng, used, zero_args):
    args = []
    for name in used:
        kind, shape = ARG_SPECS[name]
        v = np.round(np.array([rng.uniform(0.2, 1.3) * rng.choice([-1, 1]) for _ in range(int(np.prod(shape)))]), 3)
        if zero_args and name == "x":
            v[0] = 0.0
        if kind == "flt":
            args.append(0.0 if zero_args else float(v[0]))
        else:
            args.append(v.reshape(shape))
    return args


def generate(seed, index, attempt=0, families=None):
    """The program number ``index`` of the run with ``seed`` (``attempt`` > 0: a replacement
    for a program whose primal raised).  ``families`` restricts the families drawn from."""
    rng = random.Random(f"{seed}:{index}:{attempt}")
    names = sorted(set(families or FAMILIES) - {"nested"})
    if rng.random() < 0.5:
        fams, single = [rng.choice(names)], True
    else:
        fams, single = [rng.choice(names) for _ in range(rng.randrange(2, 5))], False
    text, used, g = build(rng, fams)
    args = make_args(rng, used, g.zero_args)
    wrt = None
    if len(used) > 1 and rng.random() < 0.3:    # a subset of the arguments
        wrt = tuple(sorted(rng.sample(range(len(used)), rng.randrange(1, len(used)))))
    return Program(seed, index, attempt, text, used, args, sorted(g.families), single or len(g.families) == 1,
                   wrt)
