"""Soundness fuzzer for tangentish: random programs, derivatives checked against finite differences.

Generates random Python/numpy functions (``gen.py``: aliases, views, in-place
updates, mutating numpy calls, lists/tuples/dicts, loops, branches, helper
calls, wrappers, closures, broadcasting, complex numbers, ``stop_gradient``,
redefined callees, helpers with side effects), runs each through
``tangentish.grad``, ``tangentish.jvp`` and ``tangentish.value_and_grad`` and
classifies it (``check.py``): ``pass``, ``refused`` (``TransformError``:
acceptable), ``wrong`` (a number that does not match central finite
differences, a value that differs from the primal, or the user's arguments
changed by a derivative call: the failure), ``crash`` (any other exception),
``nonsmooth`` (finite differences unstable at that point: not judged).

References where finite differences alone are not the answer:
``tg.stop_gradient`` (W8) is checked against finite differences of a copy of
the module in which every ``tg.stop_gradient`` is a record/replay stand-in
(the stopped values are recorded at the point and replayed as constants);
a redefined callee (W10) is checked after ``_redefine()`` ran, once every
cache was warmed by a first round of calls; helpers with side effects (W12:
a ``RandomState`` draw, a call counter) are reset by ``_fuzz_reseed()``
before every evaluation, so the gradient must be the one at the draws of
one single call.  Arguments holding exact zeros (W9) are generated for
``pow0`` programs.  Half the programs use one family only (``single`` in
the report: a failure there is attributed to that family's W-class); the
others mix two to four, 30% of them inside a loop or a value-dependent
branch (``nested``); 30% of the programs differentiate a subset of the
arguments.

Families and the issue-10 classes they exercise (``gen.FAMILIES``):
alias, view, listalias (W1); mutcall, helpermut, method, listmut (W2);
listops (W3); broadcast (W4); rebind (W5); complex (W6); wraps (W7);
stopgrad (W8); pow0 (W9); stale (W10); r_, nonlocal (W11); sideeffect
(W12); inplace, loop, branch, helper, closure, container, nested (none:
constructs the engine claims to handle).

Command line (from the repository root)::

    python -m tests.fuzz --seed 0 --count 10000 --out /tmp/fuzz-report
    python -m tests.fuzz --seed 0 --count 2000 --out /tmp/r --families alias,view --jobs 2
    python -m tests.fuzz --replay /tmp/fuzz-report/min/wrong_s0_i17_alias.py

``--out`` receives ``report.md`` and ``summary.json`` (counts per category,
per feature family and per W-class of issue 10), every wrong/crash program
under ``wrong/`` and ``crash/`` (runnable: ``--replay`` re-checks one), and
shrunk versions (line deletion keeping the failure) under ``min/``
(``--shrink N`` per family and category, default 2; 0 to skip).  Programs
are deterministic in ``(seed, index)``.  ``tests/test_fuzz.py`` runs a few
hundred with a fixed seed in CI and asserts 0 wrong and 0 crashes.
"""
from .check import Result, check
from .gen import FAMILIES, Program, generate
from .run import fuzz, replay, run_one
