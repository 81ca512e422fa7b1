"""The soundness fuzzer in CI (``tests/fuzz``; ``python -m tests.fuzz --help`` for the long runs).

``test_no_wrong_gradient_and_no_crash`` runs ``CI_COUNT`` random programs with a
fixed seed through grad, jvp and value_and_grad and requires 0 wrong numbers and
0 crashes; a ``TransformError`` (refusal) is acceptable.  On a failure the message
lists the counts and the first failing programs (each reproducible with
``python -m tests.fuzz --seed CI_SEED --count N`` or saved with ``--out``).
"""
import collections

from tests.fuzz import FAMILIES, generate
from tests.fuzz.run import run_one, saved_text

CI_SEED = 20261204
CI_COUNT = 300
SHOW = 5


def test_generator_is_deterministic():
    for i in range(20):
        a, b = generate(CI_SEED, i), generate(CI_SEED, i)
        assert a.source == b.source and a.argnames == b.argnames
        assert all((x == y).all() if hasattr(x, "shape") else x == y for x, y in zip(a.args, b.args))


def test_generator_covers_every_family():
    seen = collections.Counter(f for i in range(CI_COUNT) for f in generate(CI_SEED, i).families)
    assert set(seen) == set(FAMILIES), f"families never drawn: {sorted(set(FAMILIES) - set(seen))}"


def test_checker_accepts_what_the_engine_handles():
    """The oracle itself: programs of the families the engine models (no issue-10 class) are
    judged pass or refused, not wrong -- a false alarm here is a bug in the fuzzer."""
    clean = ["inplace", "loop", "branch", "helper", "closure", "container"]
    bad = []
    for i in range(40):
        prog, res, _ = run_one(CI_SEED, i, clean)
        if res.category == "wrong":
            bad.append(saved_text(prog, res))
    assert not bad, f"{len(bad)} programs of the modelled families judged wrong:\n\n" + "\n\n".join(bad[:3])


def test_no_wrong_gradient_and_no_crash():
    counts = collections.Counter()
    failures = []
    for i in range(CI_COUNT):
        prog, res, _ = run_one(CI_SEED, i)
        counts[res.category] += 1
        if res.category in ("wrong", "crash"):
            failures.append((prog, res))
    if failures:
        shown = "\n\n".join(saved_text(p, r) for p, r in failures[:SHOW])
        by_family = collections.Counter(f for p, _ in failures for f in p.families)
        raise AssertionError(
            f"{len(failures)} of {CI_COUNT} fuzzer programs (seed {CI_SEED}) failed: {dict(counts)}; "
            f"families of the failures: {dict(by_family.most_common())}\nfirst {min(SHOW, len(failures))}:\n\n"
            + shown)
