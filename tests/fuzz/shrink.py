"""Line-deletion shrinker: delete statements (a line with the block it opens) from the
module text while the program still fails the same way (same category, and for
``wrong``/``crash`` at least one of the same checks)."""
import time

from .check import check


def _blocks(lines):
    """(start, end) spans deletable as a unit: a non-blank line and the lines indented under it."""
    spans = []
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or s.startswith(("import ", "from ", "#")) or line.startswith("def f(") or s.startswith("return "):
            continue
        ind = len(line) - len(line.lstrip())
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > ind):
            j += 1
        while j > i + 1 and not lines[j - 1].strip():
            j -= 1
        spans.append((i, j))
    return spans


def shrink(program, result, budget_s=30.0, max_tries=300):
    """The smallest text found that fails like ``result``; returns (text, result, tries)."""
    want_cat, want_checks = result.category, set(result.failed())

    def still_fails(text):
        r = check(program, text)
        return r if r.category == want_cat and (want_checks & set(r.failed()) or not want_checks) else None

    text, best = program.source, result
    tries, t0 = 0, time.time()
    progress = True
    while progress and tries < max_tries and time.time() - t0 < budget_s:
        progress = False
        lines = text.split("\n")
        # try the largest spans first, from the end (later statements depend on earlier ones)
        for start, end in sorted(_blocks(lines), key=lambda se: (se[0] - se[1], -se[0])):
            if tries >= max_tries or time.time() - t0 >= budget_s:
                break
            cand = "\n".join(lines[:start] + lines[end:])
            tries += 1
            r = still_fails(cand)
            if r is not None:
                text, best, progress = cand, r, True
                break
    return _tidy(text), best, tries


def _tidy(text):
    """Collapse runs of blank lines left by deletions."""
    out = []
    for line in text.split("\n"):
        if not line.strip() and len(out) >= 2 and not out[-1].strip() and not out[-2].strip():
            continue
        out.append(line)
    return "\n".join(out)
