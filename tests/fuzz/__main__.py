"""``python -m tests.fuzz``: see the package docstring."""
import argparse
import json
import sys

from .gen import FAMILIES
from .run import CATEGORIES, fuzz, replay


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m tests.fuzz", description=sys.modules[__package__].__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--out", help="report directory (report.md, summary.json, wrong/, crash/, min/)")
    ap.add_argument("--families", help="comma-separated families to draw from (default: all): "
                    + ",".join(sorted(FAMILIES)))
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--shrink", type=int, default=2, help="failures to shrink per family and category")
    ap.add_argument("--shrink-budget", type=float, default=30.0, help="seconds per shrink")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every wrong/crash program's checks")
    ap.add_argument("--replay", metavar="FILE", help="re-check one saved program and exit")
    a = ap.parse_args(argv)
    if a.replay:
        res = replay(a.replay)
        return 1 if res.category in ("wrong", "crash") else 0
    fams = a.families.split(",") if a.families else None
    for f in fams or ():
        if f not in FAMILIES:
            ap.error(f"unknown family {f!r}")
    s = fuzz(a.seed, a.count, a.out, fams, a.jobs, a.shrink, a.shrink_budget, a.verbose,
             log=lambda m: print(m, file=sys.stderr, flush=True))
    print(f"{s['count']} programs in {s['seconds']} s ({s['programs_per_second']} programs/s): "
          + ", ".join(f"{c} {s['totals'][c]}" for c in CATEGORIES))
    for w in sorted(s["wclasses"], key=lambda w: int(w[1:])):
        d = s["wclasses"][w]
        print(f"  {w:4} wrong {d['wrong_single']}/{d['single']} single-family, {d['wrong_any']}/{d['any']} containing")
    if a.out:
        print(f"report: {a.out}/report.md")
    return 1 if s["totals"]["wrong"] or s["totals"]["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
