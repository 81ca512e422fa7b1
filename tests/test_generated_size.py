"""How long the generated derivatives are, and how many runtime helpers they call.

Over tests/corpus/funcs_generated.py (28 representative functions): the
user's lines, the generated lines and the runtime-helper call sites of the
code that ran for the example arguments.  ``python -m pytest
tests/test_generated_size.py -s`` prints the table; the totals are held to
the limits below, so a change that makes the code longer shows here.
Lines count every non-blank line that is not a comment, ``def`` lines
included, on both sides.
"""
import inspect

import gast
import numpy as np
import pytest

import tangentish as tg
from tests.corpus.funcs_generated import CORPUS

# The totals when the corpus was written (main at 34f08bb): 689 lines against
# the user's 114 (6.04x), 296 helper call sites; 591 lines (5.18x) with ad/fold.py;
# 491 (4.31x) at 4940ffe; 440 (3.86x) with loop-carried copies coalesced and one flag
# for a loop's return (optimize.py, lower_control.py); 433 (3.80x) with both merged;
# 382 (3.35x; 384, 3.37x, with b13's shape checks merged) with folds across a line's
# pure statements, break loops replayed by index, comparisons re-read, counters and
# pushes at an iteration's start, breaks where decided, while tests in the header,
# coalesced adjoints and branch values, x.T.T, zero contributions not accumulated,
# lengths read in loop headers, constants propagated; 363 (3.18x) with dtype facts of
# slices, diagonals, traces, fills and stores, callees' real parts not taken twice, real
# containers, list cotangents read before they are sliced, copies into their rebinding,
# ``x * i`` recomputed by reverse loops, zeros of float64 early returns skipped (l13b);
# 355 (3.11x) with unit seeds times a float64 array of their exact shape read as that
# array (``dh_1 = h_1 + h_1``, no ``mul_h`` computed for its shape), unit products read
# only by arithmetic inlined, ``X.shape[0]`` read where its line's adjoint reads it (l13c);
# 353 (3.10x) with shape checks the next statement's arithmetic implies dropped; 349
# (3.06x) with arrays filled to arguments' sizes (np.zeros(x.shape[0])) of known dims;
# 343 (3.01x) with the facts of calls' results, from the callees' own (c13); 337 (2.96x)
# with slices of constants read as the subscript (``dy_2[1:]``), a stored value's
# cotangent not unbroadcast where it has the item's shape, and the mean of row sums of a
# product spread over the labels after a shape check (i13); 340 (2.98x) with fold
# measuring a slice in a call as emitted (``slice(1, None, None)``, not ``1:``); 335
# (2.94x) with the unit seed of an accumulator starting as ``0.0`` folded into its products with
# float64 scalars (``dv = np.cos(v)``, no ``unit_cotangent`` line) (s13);
# 328 (2.88x) with early returns written into the final name, their placeholder and their
# cotangent's zeros and copy dropped where flags and replays prove them unread, and no
# private_copy after an if whose branches both allocate (e13: 355 -> 348 lines, 100 -> 99
# helper calls, alone).
BASELINE_HELPER_CALLS = 296
# code specialized to the arguments' signature (analyze/patterns.py): 133; its second
# round (np.full for unreduce of a Python number, unreduce by broadcasting, x[k],
# np.float64(1.0) seeds of float64 outputs, unreduce spread on its own line): 121
MAX_HELPER_CALLS = 74   # 117 b13; 103 l13b; 100 l13c; 82 c13; 79 i13; 75 s13; 74 e13
MAX_LINE_RATIO = 2.88                   # generated lines / user's lines, in total


def code_lines(text):
    return [line for line in text.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def helper_calls(text, namespace):
    """Call sites of functions defined in tangentish's runtime package."""
    count = 0
    for node in gast.walk(gast.parse(text)):
        if isinstance(node, gast.Call) and isinstance(node.func, gast.Name):
            obj = namespace.get(node.func.id)
            if (getattr(obj, "__module__", None) or "").startswith("tangentish.runtime"):
                count += 1
    return count


def _helpers_of(df):
    from tangentish.api.grad import Transformed
    assert isinstance(df, Transformed)
    ran = df._last if df._last is not None else df._current()     # the code that ran
    return ran.injected      # helpers are bound as closure cells


def table():
    rows = []
    for fn, wrt, args in CORPUS:
        df = tg.grad(fn, wrt=wrt)
        df(*args)
        text = tg.source(df)
        rows.append((fn.__name__, len(code_lines(inspect.getsource(fn))),
                     len(code_lines(text)), helper_calls(text, _helpers_of(df))))
    return rows


def test_generated_size_table():
    rows = table()
    print(f"\n{'function':18} {'user lines':>10} {'generated':>10} {'helper calls':>12}")
    for name, user, generated, helpers in rows:
        print(f"{name:18} {user:10} {generated:10} {helpers:12}")
    user = sum(r[1] for r in rows)
    generated = sum(r[2] for r in rows)
    helpers = sum(r[3] for r in rows)
    print(f"{'total':18} {user:10} {generated:10} {helpers:12}   "
          f"({generated / user:.2f}x the user's lines, helper calls "
          f"{100 * (1 - helpers / BASELINE_HELPER_CALLS):.0f}% fewer than at 34f08bb)")
    assert len(rows) >= 25
    assert generated / user <= MAX_LINE_RATIO
    assert helpers <= MAX_HELPER_CALLS


def numeric_gradient(fn, args, i, eps=1e-6):
    """Central differences of ``fn`` in its argument ``i`` (a float, an array or a
    dict of arrays)."""
    def at(value):
        return fn(*[value if j == i else a for j, a in enumerate(args)])
    x = args[i]
    if isinstance(x, dict):
        return {k: numeric_gradient(lambda v, k=k: at({**x, k: v}), [x[k]], 0, eps) for k in x}
    if isinstance(x, float):
        return (at(x + eps) - at(x - eps)) / (2 * eps)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        g[idx] = (at(up) - at(down)) / (2 * eps)
    return g


@pytest.mark.parametrize("fn,wrt,args", CORPUS, ids=[f.__name__ for f, _, _ in CORPUS])
def test_corpus_gradients_match_finite_differences(fn, wrt, args):
    """The corpus's derivatives are right, whatever code generation does to them."""
    wrt = (wrt,) if isinstance(wrt, int) else wrt
    grads = tg.grad(fn, wrt=wrt)(*args)
    for i, g in zip(wrt, grads):
        expected = numeric_gradient(fn, args, i)
        if isinstance(expected, dict):
            for k in expected:
                np.testing.assert_allclose(g[k], expected[k], rtol=1e-5, atol=1e-7)
        else:
            np.testing.assert_allclose(g, expected, rtol=1e-5, atol=1e-7)
