"""The package's layering (docs/ARCHITECTURE.md, issue 11), checked on the source.

Every module under ``tangentish/`` is parsed with ``ast``; every import, at any
depth (inside functions, ``try`` blocks, classes), is resolved to the tangentish
module it loads (``from pkg import submodule`` is an edge to the submodule).
"""
import ast
import collections
import os
import pathlib
import re

import pytest

import tangentish

# Lowest first: a module may import modules of its own layer or of the layers
# before it, never of a layer after it.  ``tangentish/__init__.py`` and
# ``__main__.py`` are the top.
LAYERS = (
    "core",       # errors, markers, sources, the engine hook: imports nothing above
    "ir",         # nodes, annotations, naming, templates, context, emit, compile
    "runtime",    # helpers generated code calls
    "rules",      # the rule table and the rules
    "frontend",   # parse, fence, lower, normalize, resolve
    "analyze",    # sequences, aliasing, activity, methods, effects
    "ad",         # reverse, forward, optimize, derive
    "driver",     # the pipeline and the cache
    "api",        # the public facades
    "tf",         # the TensorFlow facade
    "__main__",   # the top (with the package's __init__)
)
TOP = "__main__"

# Function-level imports of tangentish modules: at most this many in the package,
# each with a comment on its line or the line above saying why.
MAX_FUNCTION_LEVEL_IMPORTS = 3

# Known violations of the "no private import across modules" rule, to be removed
# when fixed (a stale entry fails the test too): (importing module, target, name).
PRIVATE_IMPORT_EXCEPTIONS = {
    # lower_control reuses fence's outer-scope walker; it should be public or
    # move to a shared module (reported, not fixed here: tangentish/ is frozen)
    ("tangentish.frontend.lower_control", "tangentish.frontend.fence", "_walk_outer"),
}

PACKAGE_DIR = pathlib.Path(tangentish.__file__).parent

Import = collections.namedtuple("Import", "module line target names in_function")


def find_modules(package_dir):
    """{dotted module name: path} of every .py file under ``package_dir``."""
    package_dir = pathlib.Path(package_dir)
    root = package_dir.name
    modules = {}
    for dirpath, dirnames, filenames in os.walk(package_dir):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for filename in sorted(filenames):
            if not filename.endswith(".py"):
                continue
            path = pathlib.Path(dirpath, filename)
            parts = (root,) + path.relative_to(package_dir).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _resolve_relative(module, is_package, level, name):
    if not level:
        return name
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def _enclosing_function(parents, node):
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return True
    return False


def find_imports(modules):
    """Each import of a module in ``modules``, as ``Import`` records."""
    found = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(), str(path))
        is_package = path.name == "__init__.py"
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                pairs = []
                for alias in node.names:
                    # ``import a.b.c`` loads a.b.c (its parents are loaded on the way)
                    name = alias.name
                    while name and name not in modules:
                        name = name.rpartition(".")[0]
                    if name:
                        pairs.append((name, ()))
            elif isinstance(node, ast.ImportFrom):
                base = _resolve_relative(module, is_package, node.level, node.module)
                pairs, rest = [], []
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    if sub in modules:
                        pairs.append((sub, ()))
                    else:
                        rest.append(alias.name)
                if rest and base in modules:
                    pairs.append((base, tuple(rest)))
            else:
                continue
            inner = _enclosing_function(parents, node)
            for target, names in pairs:
                found.append(Import(module, node.lineno, target, names, inner))
    return found


def layer_of(module):
    """The index in LAYERS of a dotted tangentish module name."""
    parts = module.split(".")
    if len(parts) == 1:
        return LAYERS.index(TOP)      # the package's __init__
    return LAYERS.index(parts[1])


def find_cycles(modules, imports):
    """The strongly connected components (more than one module, or a self-import)."""
    edges = collections.defaultdict(set)
    for imp in imports:
        edges[imp.module].add(imp.target)
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    counter = [0]

    def visit(v):       # Tarjan, iterative over an explicit stack of iterators
        work = [(v, iter(sorted(edges[v])))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        while work:
            node, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == node:
                            break
                    if len(component) > 1 or node in edges[node]:
                        cycles.append(sorted(component))

    for v in sorted(modules):
        if v not in index:
            visit(v)
    return cycles


def _describe(imp):
    what = f"{imp.target} ({', '.join(imp.names)})" if imp.names else imp.target
    return f"{imp.module} line {imp.line} imports {what}"


def layering_violations(modules, imports):
    """One message per import that goes to a higher layer, or out of core."""
    problems = []
    for imp in imports:
        if imp.target == imp.module:
            continue
        try:
            source, target = layer_of(imp.module), layer_of(imp.target)
        except ValueError:
            continue          # an unknown layer: reported by unlayered_modules
        if target > source:
            problems.append(f"{_describe(imp)}: layer {LAYERS[source]!r} may not import "
                            f"the higher layer {LAYERS[target]!r}")
        elif LAYERS[source] == "core" and LAYERS[target] != "core":
            problems.append(f"{_describe(imp)}: core imports nothing from the package")
    return problems


def unlayered_modules(modules):
    bad = []
    for module in modules:
        try:
            layer_of(module)
        except ValueError:
            bad.append(module)
    return bad


def _has_reason(lines, lineno):
    """A real comment (not only a noqa/type/pragma marker) on the line or the one above."""
    for text in (lines[lineno - 1], lines[lineno - 2] if lineno >= 2 else ""):
        if "#" not in text:
            continue
        comment = text.split("#", 1)[1]
        comment = re.sub(r"(noqa|type|pragma|pylint)\s*:?\s*[\w, -]*", "", comment)
        if re.search(r"[A-Za-z]{3,}", comment):
            return True
    return False


def function_level_problems(modules, imports, limit=MAX_FUNCTION_LEVEL_IMPORTS):
    inner = sorted({(i.module, i.line) for i in imports if i.in_function})
    problems = []
    if len(inner) > limit:
        problems.append(f"{len(inner)} function-level imports of tangentish modules "
                        f"(at most {limit}): " + ", ".join(f"{m} line {n}" for m, n in inner))
    for module, line in inner:
        lines = modules[module].read_text().splitlines()
        if not _has_reason(lines, line):
            problems.append(f"{module} line {line}: function-level import without a comment "
                            "saying why")
    return problems


def private_imports(imports):
    """(module, target, name) of each ``from x import _private`` across modules."""
    return {(i.module, i.target, name) for i in imports if i.target != i.module
            for name in i.names if name.startswith("_") and not name.startswith("__")}


def check_package(package_dir, exceptions=frozenset()):
    """Every problem found, as messages (empty: the package is layered)."""
    modules = find_modules(package_dir)
    imports = find_imports(modules)
    problems = [f"import cycle: {' -> '.join(c)}" for c in find_cycles(modules, imports)]
    problems += [f"{m}: not in any layer of LAYERS" for m in unlayered_modules(modules)]
    problems += layering_violations(modules, imports)
    problems += function_level_problems(modules, imports)
    problems += [f"{m}: a module named *_more.py" for m in modules if m.endswith("_more")]
    problems += [f"{m} imports the private name {n} from {t}"
                 for m, t, n in sorted(private_imports(imports) - set(exceptions))]
    return problems


@pytest.fixture(scope="module")
def package():
    modules = find_modules(PACKAGE_DIR)
    return modules, find_imports(modules)


def test_found_the_package(package):
    modules, imports = package
    assert "tangentish.driver" in modules and "tangentish.frontend.normalize" in modules
    assert any(i.module == "tangentish.driver" and i.target == "tangentish.ad.reverse"
               for i in imports), "from .ad import reverse is an edge to the submodule"


def test_no_import_cycles(package):
    cycles = find_cycles(*package)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_every_module_has_a_layer(package):
    assert not unlayered_modules(package[0])


def test_imports_go_down_the_layers(package):
    problems = layering_violations(*package)
    assert not problems, "\n".join(problems)


def test_few_function_level_imports_each_explained(package):
    problems = function_level_problems(*package)
    assert not problems, "\n".join(problems)


def test_no_more_modules(package):
    assert not [m for m in package[0] if m.endswith("_more")]


def test_no_private_imports_across_modules(package):
    found = private_imports(package[1])
    new = found - PRIVATE_IMPORT_EXCEPTIONS
    assert not new, "private names imported across modules:\n" + "\n".join(map(str, sorted(new)))
    stale = PRIVATE_IMPORT_EXCEPTIONS - found
    assert not stale, f"fixed, remove from PRIVATE_IMPORT_EXCEPTIONS: {sorted(stale)}"


def test_the_whole_check_passes():
    assert check_package(PACKAGE_DIR, PRIVATE_IMPORT_EXCEPTIONS) == []


# ---- the checker itself fails on a package that breaks the rules ----------------

def _write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_checker_finds_upward_imports_and_cycles(tmp_path):
    pkg = tmp_path / "tangentish"
    _write(pkg, {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/errors.py": "from ..ir import nodes\n",                 # upward, out of core
        "ir/__init__.py": "",
        "ir/nodes.py": "def f():\n    from ..frontend import parse\n",   # upward, in a function
        "frontend/__init__.py": "",
        "frontend/parse.py": "from . import fence\n",                  # cycle parse <-> fence
        "frontend/fence.py": "from .parse import _helper\n",           # and a private import
        "frontend/extra_more.py": "",
    })
    problems = check_package(pkg)
    text = "\n".join(problems)
    assert "import cycle: tangentish.frontend.fence -> tangentish.frontend.parse" in text
    assert ("tangentish.ir.nodes line 2 imports tangentish.frontend.parse: layer 'ir' may not "
            "import the higher layer 'frontend'") in text
    assert "tangentish.core.errors line 1 imports tangentish.ir.nodes" in text
    assert "tangentish.ir.nodes line 2: function-level import without a comment" in text
    assert "tangentish.frontend.extra_more: a module named *_more.py" in text
    assert "imports the private name _helper from tangentish.frontend.parse" in text


def test_checker_accepts_a_layered_package(tmp_path):
    pkg = tmp_path / "tangentish"
    _write(pkg, {
        "__init__.py": "from . import api\n",
        "core/__init__.py": "",
        "core/errors.py": "import os\n",
        "ir/__init__.py": "from ..core import errors\n",
        "api/__init__.py": ("import tangentish.ir\n\n\ndef f():\n"
                            "    # late: keeps the import cheap\n"
                            "    from ..core import errors\n"),
    })
    assert check_package(pkg) == []


def test_checker_limits_function_level_imports(tmp_path):
    pkg = tmp_path / "tangentish"
    body = "".join(f"def f{k}():\n    from . import errors  # late on purpose\n" for k in range(4))
    _write(pkg, {"__init__.py": "", "core/__init__.py": "", "core/errors.py": "",
                 "core/markers.py": body})
    problems = check_package(pkg)
    assert len(problems) == 1 and "4 function-level imports" in problems[0]
