"""Generate docs/COVERAGE.md from the rule table (never edit that file by hand).

    python scripts/gen_coverage.py          # rewrite docs/COVERAGE.md
    python scripts/gen_coverage.py --check  # exit 1 if it is stale

Every rule of tangentish.rules.RULES is listed with the modes it supports: with
the rule format, a rule that is not ``nondiff`` gives both reverse mode (its
transpose is derived or written) and forward mode (its tangent), so the two
columns differ only for functions with no derivative.  The rules' own notes say
the conventions and limits.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import scipy.special  # noqa: E402,F401  (the optional scipy rules are listed too)
import scipy.stats  # noqa: E402,F401
from tangentish.rules import RULES, load_optional_rules  # noqa: E402

load_optional_rules()

OUT = ROOT / "docs" / "COVERAGE.md"

SECTIONS = [  # (title, rule modules)
    ("Python operators", ("tangentish.rules.operators",)),
    ("NumPy", tuple(f"tangentish.rules.numpy.{m}" for m in (
        "elementwise", "reductions", "shape", "indexing", "joining", "products", "sampling",
        "nondiff", "methods"))),
    ("numpy.linalg", ("tangentish.rules.numpy.linalg",)),
    ("numpy.fft", ("tangentish.rules.numpy.fft",)),
    ("scipy.special (when scipy imports)", ("tangentish.rules.numpy.special",)),
    ("scipy.stats (when scipy.stats is imported)", ("tangentish.rules.numpy.scipy_stats",)),
    ("math", ("tangentish.rules.builtins.math",)),
]

# Reached through another spelling of the same function object.
ALIASES = [("np.absolute", "np.abs"), ("np.true_divide", "np.divide"), ("np.remainder", "np.mod"),
           ("np.conjugate", "np.conj"), ("scipy.special.psi", "scipy.special.digamma"),
           ("scipy.special.jn", "scipy.special.jv")]

# Functions deliberately without a rule, and why (kept here so the document says it).
NOT_COVERED = [
    ("np.linalg.eig, np.linalg.eigvals", "non-symmetric eigenproblems: complex, non-unique "
     "eigenvectors; use eigh / eigvalsh for symmetric matrices"),
    ("np.linalg.matrix_norm, np.linalg.vector_norm, np.linalg.cond, np.linalg.multi_dot, "
     "np.linalg.tensorsolve, np.linalg.tensorinv", "not requested yet; np.linalg.norm covers the norms"),
    ("np.nanvar, np.nanstd, np.nanmedian, np.nanquantile, np.nanpercentile, np.nancumsum, "
     "np.nanprod", "not written yet (the nan-free versions have rules)"),
    ("np.fft.hfft, np.fft.ihfft, np.fft.fftfreq", "Hermitian FFTs not written yet; fftfreq is a constant"),
    ("np.meshgrid, np.bincount(weights=), np.histogram(weights=)", "differentiable in some "
     "arguments, so not declared nondiff; no rule yet (refused loudly)"),
    ("np.array([x, y]) with active elements", "use np.stack([x, y])"),
    ("np.atleast_1d(a, b), several arguments", "returns a list; pass one array"),
    ("np.einsum with more than 9 operands", "the rule names ten positional slots"),
    ("second and higher derivatives of decompositions (eigh, eigvalsh, cholesky, svd, qr, "
     "lstsq, pinv, matrix_power, norm), softmax, log_softmax, polyval in x, interp",
     "first order in both modes; a higher order refuses loudly (TransformError or "
     "NotImplementedError), never a silent zero"),
]

# Functions that only the newer supported Pythons (or numpys) have: their rules exist
# only there, so they are listed from here, with the version they need, and are left
# out of the tables and counts above; the document is then the same on every supported
# version (tests/rules/test_table.py checks these rows against the rules where they exist).
# (function, needs, differentiable in, note)
NEWER = [
    ("math.cbrt", "Python 3.11", "x", "infinite slope at 0, as np.cbrt"),
    ("math.exp2", "Python 3.11", "x", ""),
]
_NEWER_NAMES = {name for name, *_ in NEWER}


def newer_mismatches():
    """NEWER rows that disagree with the rule this Python/numpy has for them."""
    rows = {name: (params, note) for name, _, params, note in NEWER}
    found = {_qualified(r): r for r in RULES if _is_library(r) and _qualified(r) in rows}
    return [f"{name}: NEWER says {rows[name]}, the rule {(_params(r), r.note or '')}"
            for name, r in sorted(found.items()) if rows[name] != (_params(r), r.note or "")]


def _module(prim):
    """``prim.__module__``; numpy before 2.1 gives its ufuncs none, so a ufunc that
    numpy exports counts as numpy's (the document is the same for every numpy)."""
    mod = getattr(prim, "__module__", None)
    if mod is None and isinstance(prim, np.ufunc) and getattr(np, prim.__name__, None) is prim:
        return "numpy"
    return mod


def _qualified(rule):
    """The name user code spells: np.argsort, operator.lt, len..."""
    if not rule.nondiff or "." in rule.symbol:
        return rule.symbol
    prim = rule.primitive
    mod = _module(prim)
    name = getattr(prim, "__name__", rule.symbol)
    if mod is None:
        try:
            import scipy.special
            if getattr(scipy.special, name, None) is prim:
                return f"scipy.special.{name}"
        except ImportError:
            pass
    prefix = {"numpy": "np.", "numpy.linalg": "np.linalg.", "numpy.fft": "np.fft.",
              "_operator": "operator.", "operator": "operator.", "math": "math.",
              "builtins": ""}.get(mod, "")
    return prefix + name


def _section(rule):
    name = _qualified(rule)
    if rule.module == "tangentish.rules.builtins" and name.startswith("math."):
        return "tangentish.rules.builtins.math"     # builtins.py holds math's rules too
    if rule.module is not None:
        return rule.module
    if name.startswith("operator."):
        return "tangentish.rules.operators"
    if name.startswith("math."):
        return "tangentish.rules.builtins.math"
    if name.startswith("scipy."):
        return "tangentish.rules.numpy.special"
    if name.startswith("np.linalg."):
        return "tangentish.rules.numpy.linalg"
    if name.startswith("np."):
        return "tangentish.rules.numpy.elementwise"
    return "builtins"


def _params(rule):
    params = rule.differentiable_params
    if rule.varargs and rule.varargs in {**rule.jvp, **rule.linear, **rule.multilinear}:
        params = params + ["*" + rule.varargs]
    return ", ".join(params)


def _cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


_LIBRARY_MODULES = {"numpy", "numpy.linalg", "numpy.fft", "_operator", "operator", "math", "builtins"}


def _is_library(rule):
    """Rules of tangentish itself (not ones a user or a test registered)."""
    if rule.module is not None:
        return rule.module.startswith("tangentish.")
    if _module(rule.primitive) in _LIBRARY_MODULES:
        return True
    return _qualified(rule).startswith("scipy.special.")


def _is_helper(rule):
    return ((rule.module or "").startswith("tangentish.rules.helpers.")
            or (getattr(rule.primitive, "__module__", "") or "").startswith("tangentish.runtime."))


def render():
    rules = sorted((r for r in RULES if _is_library(r) and _qualified(r) not in _NEWER_NAMES),
                   key=_qualified)
    total = [r for r in rules if not _is_helper(r)]
    diff = [r for r in total if not r.nondiff]
    helpers = [r for r in rules if _is_helper(r)]
    lines = ["# Derivative coverage", "",
             "Generated by `python scripts/gen_coverage.py` from the rule table "
             "(`tangentish.rules.RULES`); do not edit by hand.", "",
             "Every differentiable rule gives both modes: reverse mode transposes the rule's "
             "tangent (or uses the transpose it writes) and forward mode uses the tangent. "
             "Functions with *no derivative* (piecewise constant, boolean, integer or shape "
             "valued) are constants for differentiation in both modes.", "",
             f"**{len(total)} functions** have rules: {len(diff)} differentiable, "
             f"{len(total) - len(diff)} with no derivative; plus {len(helpers)} runtime helpers "
             "that generated code calls, each with a rule of its own so that derivatives can be "
             "differentiated again.", ""]
    for title, modules in SECTIONS + [("Python built-ins", ("builtins",))]:
        group = [r for r in total if _section(r) in modules]
        if not group:
            continue
        lines += [f"## {title}", ""]
        ruled = [r for r in group if not r.nondiff]
        if ruled:
            lines += ["| function | reverse | forward | differentiable in | note |",
                      "| --- | --- | --- | --- | --- |"]
            lines += [f"| `{_cell(_qualified(r))}` | yes | yes | {_cell(_params(r))} | "
                      f"{_cell(r.note)} |" for r in ruled]
            lines.append("")
        constant = [r for r in group if r.nondiff]
        if constant:
            lines += ["No derivative (reverse and forward treat the result as a constant): "
                      + ", ".join(f"`{_qualified(r)}`" for r in constant) + ".", ""]
    lines += ["## Newer versions only", "",
              "Ruled where the Python or numpy running has them (both modes); not counted above.",
              "", "| function | needs | differentiable in | note |", "| --- | --- | --- | --- |"]
    lines += [f"| `{name}` | {needs}+ | {_cell(params)} | {_cell(note)} |"
              for name, needs, params, note in NEWER]
    lines += ["", "## Aliases", "", "These names are the same function objects as ruled ones:", ""]
    lines += [f"* `{a}` is `{b}`" for a, b in ALIASES]
    lines += ["", "## Not covered", "", "| function | why |", "| --- | --- |"]
    lines += [f"| {_cell(f)} | {_cell(why)} |" for f, why in NOT_COVERED]
    lines += ["", "## Runtime helpers", "",
              "Generated code calls these (tangentish/runtime/, one module per topic); "
              "their rules make generated code differentiable again.", ""]
    lines += [", ".join(f"`{r.symbol}`" for r in sorted(helpers, key=lambda r: r.symbol)), ""]
    return "\n".join(lines)


def main(argv):
    text = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text() != text:
            print(f"{OUT} is stale: run python scripts/gen_coverage.py")
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
