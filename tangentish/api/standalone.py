"""A generated function as a standalone Python module (``tangentish.export``,
api/export.py) that imports only numpy (scipy and the standard library where the code uses them).

The module holds, each once and in an order that runs top to bottom:

* the imports of the library modules and functions the code names;
* the runtime helpers the generated code calls (``unbroadcast``, ...), copied
  from ``tangentish/runtime`` with their source, with what *they* name, transitively;
* the user's functions the derivative calls at run time (the primal of a callee
  ``dense`` that the forward pass calls), copied with their source;
* the generated callees (``vjp_dense``) and last the exported derivative itself.

Values the code reads by name (a global weight matrix ``W``, a closure value) are
not copied: generated code reads them live, and a snapshot would silently go stale.
They are the module's *free names*: the header lists them, and the user sets them
on the module before calling (``import out; out.W = W``).  What cannot be copied
is refused with an ``ExportError``: a call that re-enters the engine at run time
(``runtime/dispatch``: a callee known only when it runs), a module outside numpy,
scipy and the standard library, a class or an object without source."""
import ast
import builtins
import dis
import importlib
import inspect
import io
import os
import sys
import textwrap
import tokenize
import types

from ..core.markers import DeferredDerivative, Derivative
from ..core.sources import generated_source
from ..runtime.containers import (DictCotangent, ListCotangent, TupleCotangent,
                                  plain_containers)

LIBRARY_ROOTS = {"numpy", "scipy"}
STDLIB = set(getattr(sys, "stdlib_module_names", ())) or {
    "math", "cmath", "operator", "functools", "itertools", "collections", "numbers", "sys",
    "warnings", "abc", "typing", "linecache", "weakref", "types", "copy"}
_PACKAGE = __name__.split(".")[0]
_MISSING = object()


def _import_order(line):
    """Standard-library imports first, then numpy and scipy (each group in the order met)."""
    return line.split()[1].split(".")[0] not in STDLIB


class ExportError(Exception):
    """A derivative tangentish cannot write as a standalone module, and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class _Chunk:
    """One top-level definition of the exported module: its source text, where its
    free names are looked up, and the names it binds there."""

    def __init__(self, obj, text, scope, section):
        self.obj = obj
        self.text = text
        self.scope = scope          # (cells dict, globals dict)
        self.section = section      # "runtime", "user", "generated"
        self.renames = {}           # a name in ``text`` -> the module's name for its object


class Module:
    """What the exported module binds: name -> object, filled by ``add``."""

    def __init__(self):
        self.bound = {}             # module name -> object
        self.names = {}             # id(object) -> module name
        self.imports = []           # import lines, in order
        self.chunks = []            # _Chunk, dependencies first
        self.free = []              # (name, object, the function that reads it)
        self._seen = {}             # id(object) -> _Chunk (or True while in progress)

    def name_for(self, name, obj):
        """The module's name for ``obj``, wanted as ``name`` (renamed on a clash)."""
        known = self.names.get(id(obj))
        if known is not None and self.bound.get(known) is obj:
            return known, False
        chosen, k = name, 1
        while chosen in self.bound or hasattr(builtins, chosen):
            chosen, k = f"{name}_{k}", k + 1
        self.bound[chosen] = obj
        self.names[id(obj)] = chosen
        return chosen, True

    def add(self, name, obj, reader):
        """Bind ``obj`` (what ``name`` denotes for ``reader``) in the module; returns
        the module's name for it."""
        kind = _kind(name, obj)
        if kind == "data" and _section(reader) == "runtime":
            kind = "constant"           # a module constant of tangentish's runtime
        if kind == "generated" and isinstance(obj, DeferredDerivative):
            obj = obj.resolve()
        if kind in ("generated", "user") and getattr(obj, "__name__", "").isidentifier():
            name = obj.__name__         # a def keeps its name; its readers are renamed
        bound, new = self.name_for(name, obj)
        if not new:
            return bound
        if kind == "module":
            self.imports.append(_import_module(bound, obj))
        elif kind == "library":
            self.imports.append(_import_object(bound, obj))
        elif kind == "data":
            self.free.append((bound, obj, reader))
        elif kind == "constant":
            self._add_code(bound, obj, name, _constant_text(name, obj, reader), reader,
                           section="runtime")   # after what it reads: post-order
        else:
            self._add_code(bound, obj, name, None, reader)
        return bound

    def _add_code(self, bound, obj, name, text, reader, section=None):
        if text is None:
            text, own_name = _code_text(obj, name, reader)
        else:
            own_name = name
        scope = _scope(obj, reader)
        chunk = _Chunk(obj, text, scope, section or _section(obj))
        if own_name != bound:
            chunk.renames[own_name] = bound
        self._seen[id(obj)] = chunk
        for free in free_names(text):
            if free == own_name:
                continue
            value = _lookup(free, scope)
            if value is _MISSING:
                if free in chunk.renames:
                    continue
                raise ExportError(f"cannot export: {_describe(obj)} reads {free!r}, which is "
                                  "not defined where it runs")
            if value is builtins.__dict__.get(free, _MISSING):
                continue
            target = self.add(free, value, obj)
            if target != free:
                chunk.renames[free] = target
        self.chunks.append(chunk)


def free_names(text):
    """The names ``text`` (top-level definitions) reads as globals, in order of use."""
    code = compile(text, "<export>", "exec", dont_inherit=True)
    names, stored = [], set()
    todo = [code]
    while todo:
        c = todo.pop(0)
        is_class_body = c is not code and not (c.co_flags & inspect.CO_NEWLOCALS)
        for ins in dis.get_instructions(c):
            if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and ins.argval not in names:
                names.append(ins.argval)
            elif is_class_body and ins.opname == "STORE_NAME":
                stored.add(ins.argval)
        todo.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
    return [n for n in names if n not in stored and n != "__name__"]


def _kind(name, obj):
    if isinstance(obj, types.ModuleType):
        return "module"
    if isinstance(obj, DeferredDerivative):
        return "generated"
    if isinstance(obj, Derivative):
        raise ExportError(f"cannot export: {name!r} is a tangentish derivative object that the "
                          "code calls at run time; export that derivative on its own")
    module = getattr(obj, "__module__", None) or ""
    if module.startswith(_PACKAGE + ".runtime.dispatch"):
        raise ExportError(
            f"cannot export: the derivative calls {name}() from tangentish's runtime dispatch, "
            "which generates a derivative at run time (a function known only when the code "
            "runs); it needs tangentish installed")
    if isinstance(obj, types.FunctionType) and _function_source(obj) is not None \
            and generated_source(obj) is not None:
        return "generated"
    if module == _PACKAGE or module.startswith(_PACKAGE + "."):
        if isinstance(obj, (types.FunctionType, type)) and module.startswith(
                (_PACKAGE + ".runtime", _PACKAGE + ".core.errors")):
            return "runtime"
        if isinstance(obj, types.FunctionType) and _function_source(obj) is not None and \
                obj.__code__.co_filename.startswith("<tangentish"):
            return "generated"
        raise ExportError(f"cannot export: the derivative uses {name} ({_describe(obj)}), a "
                          "part of tangentish with no standalone form")
    if _library_root(module) and callable(obj):
        return "library"
    if isinstance(obj, types.FunctionType):
        return "user"
    if isinstance(obj, (type, types.BuiltinFunctionType, types.MethodType)) or callable(obj):
        raise ExportError(f"cannot export: the derivative calls {name} ({_describe(obj)}), "
                          "which is neither numpy, scipy, the standard library nor a function "
                          "with Python source")
    if type(obj).__module__ == "builtins" or isinstance(obj, (int, float, complex)) or \
            _library_root(type(obj).__module__):
        return "data"
    raise ExportError(f"cannot export: the derivative reads {name}, a "
                      f"{type(obj).__module__}.{type(obj).__qualname__}, which a module "
                      "importing only numpy could not be given")


def _library_root(module):
    root = (module or "").split(".")[0].lstrip("_")
    return root in LIBRARY_ROOTS or root in STDLIB


def _section(obj):
    module = getattr(obj, "__module__", "") or ""
    if generated_source(obj) is not None or getattr(obj, "__code__", None) is not None and \
            obj.__code__.co_filename.startswith("<tangentish"):
        return "generated"
    return "runtime" if module.startswith(_PACKAGE + ".") else "user"


def _import_module(bound, module):
    name = module.__name__
    if not _library_root(name):
        raise ExportError(f"cannot export: the derivative uses the module {name} (as {bound}); "
                          "an exported module imports only numpy, scipy and the standard library")
    return f"import {name}" if bound == name else f"import {name} as {bound}"


def _import_object(bound, obj):
    module, name = obj.__module__, getattr(obj, "__name__", None)
    if name is None and module == "typing":         # typing.Any before Python 3.10
        name = getattr(obj, "_name", None)
    try:
        found = getattr(importlib.import_module(module), name or "", _MISSING)
    except ImportError:
        found = _MISSING
    if found is not obj:
        raise ExportError(f"cannot export: {bound} ({_describe(obj)}) cannot be imported by name")
    return f"from {module} import {name}" + (f" as {bound}" if bound != name else "")


def _function_source(fn):
    text = generated_source(fn)
    if text is not None:
        return text
    try:
        return textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError):
        return None


def _code_text(obj, name, reader):
    """(source of the def or class ``obj``, the name it defines)."""
    text = _function_source(obj) if isinstance(obj, types.FunctionType) else None
    if isinstance(obj, type):
        try:
            text = textwrap.dedent(inspect.getsource(obj))
        except (OSError, TypeError):
            text = None
    if text is None:
        raise ExportError(f"cannot export: {name} ({_describe(obj)}) has no source")
    tree = ast.parse(text)
    node = tree.body[0] if len(tree.body) == 1 else None
    if not isinstance(node, (ast.FunctionDef, ast.ClassDef)) or \
            (isinstance(obj, types.FunctionType) and obj.__code__.co_freevars
             and generated_source(obj) is None and _section(obj) == "user"):
        raise ExportError(f"cannot export: {name} ({_describe(obj)}) is not a top-level def "
                          "(a lambda, or a nested function closing over values)")
    if node.decorator_list and _section(obj) == "user":
        raise ExportError(f"cannot export: {name} ({_describe(obj)}) is decorated; the "
                          "exported module would call the undecorated function")
    if not text.endswith("\n"):
        text += "\n"
    return text, node.name


def _constant_text(name, obj, reader):
    """The assignment that binds a module constant of tangentish's runtime (in the
    module ``reader`` comes from, or the one it imported the constant from)."""
    first = sys.modules[reader.__module__]
    others = [m for k, m in sorted(sys.modules.items()) if k.startswith(_PACKAGE + ".runtime.")
              and getattr(m, name, _MISSING) is obj]
    for module in [first] + others:
        text = inspect.getsource(module)
        for node in ast.parse(text).body:
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in node.targets):
                return ast.get_source_segment(text, node) + "\n"
    raise ExportError(f"cannot export: {name} in {first.__name__} has no assignment to copy")


def _scope(obj, reader):
    if isinstance(obj, types.FunctionType):
        cells = {}
        for n, cell in zip(obj.__code__.co_freevars, obj.__closure__ or ()):
            try:
                cells[n] = cell.cell_contents
            except ValueError:
                pass
        return cells, obj.__globals__
    if isinstance(obj, type):
        return {}, vars(sys.modules[obj.__module__])
    return {}, vars(sys.modules[reader.__module__])


def _lookup(name, scope):
    cells, namespace = scope
    if name in cells:
        return cells[name]
    if name in namespace:
        return namespace[name]
    return builtins.__dict__.get(name, _MISSING)


def _describe(obj):
    code = getattr(obj, "__code__", None)
    if code is not None:
        return f"{obj.__qualname__}, {_where(code.co_filename)}:{code.co_firstlineno}"
    if isinstance(obj, type):
        return f"class {obj.__qualname__}"
    return f"a {type(obj).__qualname__}"


def _where(filename):
    try:
        rel = os.path.relpath(filename)
    except ValueError:
        return filename
    return filename if rel.startswith("..") else rel


def rename(text, renames):
    """``text`` with each name token in ``renames`` replaced (attributes and keyword
    arguments left alone)."""
    if not renames:
        return text
    lines = text.splitlines(True)
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    edits = []
    for i, tok in enumerate(tokens):
        if tok.type != tokenize.NAME or tok.string not in renames:
            continue
        before = tokens[i - 1].string if i else ""
        after = tokens[i + 1].string if i + 1 < len(tokens) else ""
        if before == "." or (after == "=" and before in ("(", ",")):
            continue
        edits.append((tok.start, tok.end, renames[tok.string]))
    for (row, col), (_, end), new in reversed(edits):
        line = lines[row - 1]
        lines[row - 1] = line[:col] + new + line[end:]
    return "".join(lines)


def collect(fn, name=None):
    """The ``Module`` holding generated function ``fn`` (bound last, as ``name``) and
    everything it needs."""
    module = Module()
    module.add(name or fn.__name__, fn, fn)
    return module


def hand_back_plain(module, fn):
    """Where the module builds cotangent containers (``ListCotangent`` & co, whose ``+``
    adds entry by entry): ``fn``'s def renamed ``<name>_cotangents`` and, last, ``def
    <name>(...)`` returning its result with every such container a plain list, tuple or
    dict, as tangentish's API hands it back (api/results.py): the caller's ``+`` then
    concatenates, as Python's does."""
    if not any(c.obj in _COTANGENT_CONTAINERS for c in module.chunks):
        return
    main = module.chunks[-1]
    name = module.names[id(fn)]
    raw, _ = module.name_for(name + "_cotangents", main)
    main.renames[name] = raw
    helper = module.add("plain_containers", plain_containers, fn)
    params = inspect.signature(fn).parameters.values()
    plain = all(p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty for p in params)
    names = ", ".join(p.name for p in params) if plain else "*args, **kwargs"
    text = (f"def {name}({names}):\n"
            f'    """{raw}({names}) with plain lists, tuples and dicts."""\n'
            f"    return {helper}({raw}({names}))\n")
    module.chunks.append(_Chunk(None, text, main.scope, "generated"))


_COTANGENT_CONTAINERS = (ListCotangent, TupleCotangent, DictCotangent)


def module_text(module, header):
    """The exported module's text: ``header`` (a docstring's body), imports, helpers,
    user functions, generated functions."""
    parts = [f'"""{header.rstrip()}\n"""\n']
    imports = sorted(module.imports, key=_import_order)
    parts.append("\n".join(imports) + "\n" if imports else "")
    titles = {"runtime": "# ---- tangentish runtime helpers (copied from tangentish/runtime) ----",
              "user": "# ---- the user's functions the derivative calls ----",
              "generated": "# ---- generated by tangentish ----"}
    for section, title in titles.items():
        chunks = [c for c in module.chunks if c.section == section]
        if chunks:
            parts.append("\n\n" + title + "\n")
        for chunk in chunks:
            parts.append("\n\n" + rename(chunk.text, chunk.renames))
    return "".join(parts).rstrip("\n") + "\n"


def free_lines(module):
    """The header's lines on the free names the module expects."""
    if not module.free:
        return ["It reads no free names: call it as is."]
    lines = ["Free names it reads (set them on this module before calling, e.g.",
             f"``import mod; mod.{module.free[0][0]} = ...``):"]
    for name, value, reader in module.free:
        shape = getattr(value, "shape", None)
        what = f"{type(value).__name__}" + (f" of shape {shape}" if shape is not None else "")
        lines.append(f"    {name}: read by {reader.__qualname__} ({what} when exported)")
    return lines
