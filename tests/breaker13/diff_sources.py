"""brk13c: names of the cases whose generated source differs between two dump_sources
pickles; -v prints a unified diff of each."""
import difflib
import pickle
import sys

a, b = (pickle.load(open(p, "rb")) for p in sys.argv[1:3])
changed = [k for k in b if a.get(k) != b[k]]
print(len(changed), "of", len(b), "changed")
for k in changed:
    print(" ", k)
    if "-v" in sys.argv:
        print("\n".join(difflib.unified_diff(str(a.get(k)).splitlines(), str(b[k]).splitlines(), lineterm="", n=1)))
