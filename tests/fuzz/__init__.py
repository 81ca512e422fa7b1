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
