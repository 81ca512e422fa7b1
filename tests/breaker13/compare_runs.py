"""brk13c: verdicts of two runs of run_brk13c.sh side by side: every case whose verdict
changed, and every case with an `old main ...` note (result differs from the dump).
Usage: python compare_runs.py BASE_DIR NEW_DIR"""
import os
import re
import sys


def parse(path):
    cases, name = {}, None
    with open(path) as fh:
        for line in fh:
            m = re.match(r"^(OK|WRONG|WRONG-ERROR|CRASH|REFUSED|RAISES-LIKE-PRIMAL|HARNESS) (.*)$", line)
            if m:
                name = m.group(2).strip()
                cases[name] = [m.group(1), []]
            elif name and line.startswith("    ") or (name and not line.startswith("COUNTS")):
                cases[name][1].append(line.rstrip())
    return cases


def main(base, new):
    for f in sorted(os.listdir(new)):
        b, n = parse(os.path.join(base, f)), parse(os.path.join(new, f))
        fresh = [name for name in n if name not in b]
        if fresh:
            print(f"{f}: {len(fresh)} cases not in the base run: "
                  + ", ".join(f"{k}={n[k][0]}" for k in fresh if n[k][0] not in ("OK", "RAISES-LIKE-PRIMAL")))
        for name, (verdict, notes) in n.items():
            if name not in b:
                continue
            old = b[name][0]
            diff = [x for x in notes if "old main" in x]
            if verdict != old or diff or verdict in ("WRONG", "CRASH", "WRONG-ERROR") and old != verdict:
                print(f"{f}: {name}: {old} -> {verdict}")
                for x in (notes if verdict != old else diff)[:8]:
                    print("      " + x[:300])


main(*sys.argv[1:3])
