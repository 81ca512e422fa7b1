"""Parse: a Python function object -> its gast FunctionDef plus the namespace it runs in.

Works for module-level functions, methods, nested functions and closures,
notebook cells (IPython registers cell text with linecache), lambdas (even
several on one line, told apart by the code object's positions) and functions
tangentish generated itself (which is what makes higher order work).

Postcondition: ``SourceFunction.node`` is a gast FunctionDef with no decorators
whose line numbers are the real line numbers in ``filename`` (column offsets
too), and whose body a lambda's expression has become ``return <expr>``.
"""
import ast
import dataclasses
import inspect
import linecache
import textwrap
import types

import gast

from ..core.errors import TransformError
from ..core.markers import Derivative
from ..core.sources import generated_entry

# Generated functions register themselves here: code object -> (source, line offset).


@dataclasses.dataclass
class SourceFunction:
    fn: object                 # the Python function object
    node: gast.FunctionDef
    filename: str
    globals: dict
    closure: dict              # free variable name -> cell
    # resolutions the generated code depends on (frontend/resolve.py records them)
    deps: dict = dataclasses.field(default_factory=dict)

    @property
    def name(self):
        return self.node.name

    def error(self, construct, hint="", node=None, kind=TransformError):
        lineno = getattr(node, "lineno", None) if node is not None else self.node.lineno
        col = getattr(node, "col_offset", None) if node is not None else self.node.col_offset
        return kind(construct, hint, self.filename, lineno, col)


def _closure(fn):
    code = fn.__code__
    return dict(zip(code.co_freevars, fn.__closure__ or ()))


def unwrap_function(fn):
    """The plain function behind ``fn`` (bound method -> function; our wrappers -> generated)."""
    if isinstance(fn, Derivative):
        fn = fn.generated
    if isinstance(fn, types.MethodType):
        raise TypeError("bound methods are handled by the caller")
    if not isinstance(fn, types.FunctionType):
        raise TypeError(f"tangentish can differentiate Python functions; got {type(fn).__name__} {fn!r}")
    return fn


def parse_function(fn):
    fn = unwrap_function(fn)
    code = fn.__code__
    entry = generated_entry(code)
    if entry is not None:
        source, offset = entry
        node = gast.parse(source).body[0]
        _shift(node, offset, 0)
        return SourceFunction(fn, node, code.co_filename, fn.__globals__, _closure(fn))
    if fn.__name__ == "<lambda>":
        node = _parse_lambda(fn)
    else:
        node = _parse_def(fn)
    node.decorator_list = []
    return SourceFunction(fn, node, code.co_filename, fn.__globals__, _closure(fn))



def _no_source(fn, why):
    return TransformError(
        f"cannot read the source of {fn.__qualname__!r} ({why})",
        "tangentish transforms source code: define the function in a file or a notebook "
        "cell (not at the plain REPL or through exec/eval), or give it a rule with "
        "tangentish.register.",
        fn.__code__.co_filename, fn.__code__.co_firstlineno, 0)


def _parse_def(fn):
    try:
        # The code object, not the function: inspect follows ``__wrapped__``
        # (functools.wraps), which would read the wrapped function's source
        # instead of the wrapper's own.
        lines, start = inspect.getsourcelines(
            fn.__code__ if hasattr(fn, "__wrapped__") else fn)
    except (OSError, TypeError) as exc:
        raise _no_source(fn, str(exc)) from None
    text = "".join(lines)
    dedented = textwrap.dedent(text)
    indent = _indent_width(lines[0]) - _indent_width(dedented.splitlines(True)[0])
    try:
        module = gast.parse(dedented)
    except SyntaxError as exc:
        raise _no_source(fn, f"its source does not parse on its own: {exc.msg}") from None
    defs = [n for n in module.body if isinstance(n, (gast.FunctionDef, gast.AsyncFunctionDef))]
    if not defs:
        raise _no_source(fn, "no def statement found at its source position")
    node = defs[0]
    _shift(node, start - 1, indent)
    if not _compiles_like(node, fn.__code__):
        raise _no_source(fn, "the source text at its position is not the code the function "
                         "runs: its file changed since it was defined (reload the module)")
    return node


def _shape(code):
    """What of a code object survives the interpreter's specialization and identifies
    its source: names, constants (nested code recursively, docstrings aside), argument
    counts and the lines its instructions come from, relative to its first line."""
    consts = tuple(_shape(c) if isinstance(c, types.CodeType) else (type(c).__name__, repr(c))
                   for i, c in enumerate(code.co_consts)
                   # Python 3.9 keeps a nested function's qualified name as the constant
                   # after its code; it names the enclosing function, which differs here
                   if not (isinstance(c, str) and i and isinstance(code.co_consts[i - 1],
                                                                   types.CodeType)))
    # Python 3.9 has no co_lines, and its line table differs between the two compilations:
    # there the layout is not compared (names, constants and counts still are)
    lines = tuple(sorted({ln - code.co_firstlineno for _, _, ln in code.co_lines()
                          if ln is not None})) if hasattr(code, "co_lines") else ()
    return (code.co_name, code.co_names, code.co_varnames, code.co_freevars, code.co_argcount,
            code.co_kwonlyargcount, code.co_posonlyargcount, consts, lines)


def _compiles_like(node, code):
    """Whether the parsed def or lambda compiles to a code object like ``code`` (see
    ``_shape``), so the source read from the file is the code that runs (a file
    edited since the module was imported is not)."""
    inner = _recompiled(node, code)
    return inner is True or (inner is not None and _shape(inner) == _shape(code))


def _recompiled(node, code):
    """The code object the parsed def or lambda ``node`` compiles to, placed as
    ``code``'s was: free variables are declared in an enclosing def so they compile as
    closure reads, as in the original.  None if it compiles to none of that name; True
    if it cannot be compiled here (cannot tell: do not refuse)."""
    try:
        fdef = gast.gast_to_ast(node)
        if isinstance(fdef, ast.Lambda):
            stmt = ast.Expr(value=fdef)
            ast.copy_location(stmt, fdef)
        else:
            stmt = fdef
            fdef.returns = None
        for a in fdef.args.posonlyargs + fdef.args.args + fdef.args.kwonlyargs:
            a.annotation = None
        if fdef.args.vararg is not None:
            fdef.args.vararg.annotation = None
        if fdef.args.kwarg is not None:
            fdef.args.kwarg.annotation = None
        body = [ast.parse(f"{v} = None").body[0] for v in code.co_freevars] + [stmt]
        if stmt is fdef and code.co_name not in code.co_freevars:   # its own name: a global
            body.insert(0, ast.Global(names=[fdef.name]))
        outer = ast.FunctionDef(name="__outer__", args=ast.arguments(
            posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
            defaults=[]), body=body, decorator_list=[], returns=None, type_params=[])
        module = ast.Module(body=[outer], type_ignores=[])
        ast.fix_missing_locations(module)
        flags = code.co_flags & 0x1fe0000      # the __future__ flags it was compiled with
        compiled = compile(module, code.co_filename, "exec", flags=flags, dont_inherit=True)
    except Exception:  # pragma: no cover - cannot tell: do not refuse
        return True
    outer_code = next(c for c in compiled.co_consts if isinstance(c, types.CodeType))
    inner = [c for c in outer_code.co_consts if isinstance(c, types.CodeType)
             and c.co_name == code.co_name]
    return inner[0] if inner else None


def _indent_width(line):
    return len(line) - len(line.lstrip())


def _shift(node, line_delta, col_delta):
    for n in gast.walk(node):
        if hasattr(n, "lineno") and n.lineno is not None:
            n.lineno += line_delta
            if getattr(n, "end_lineno", None) is not None:
                n.end_lineno += line_delta
            if col_delta and getattr(n, "col_offset", None) is not None:
                n.col_offset += col_delta
                if getattr(n, "end_col_offset", None) is not None:
                    n.end_col_offset += col_delta


def _parse_lambda(fn):
    code = fn.__code__
    filename = code.co_filename
    linecache.checkcache(filename)     # a file edited since (entries registered in memory stay)
    lines = linecache.getlines(filename, fn.__globals__)
    if not lines:
        raise _no_source(fn, "no source lines available for " + filename)
    try:
        module = gast.parse("".join(lines))
    except SyntaxError as exc:
        raise _no_source(fn, f"its file does not parse: {exc.msg}") from None
    candidates = [n for n in gast.walk(module)
                  if isinstance(n, gast.Lambda) and n.lineno == code.co_firstlineno]
    if len(candidates) > 1:
        candidates = _match_lambda_positions(code, candidates)
    if len(candidates) != 1:
        raise _no_source(fn, f"{len(candidates)} lambdas on line {code.co_firstlineno} match; "
                         "give it a name with def")
    lam = candidates[0]
    if not _compiles_like(lam, code):
        raise _no_source(fn, "the source text at its position is not the code the function "
                         "runs: its file changed since it was defined (reload the module)")
    ret = gast.Return(value=lam.body)
    ast.copy_location(ret, lam.body)
    node = gast.FunctionDef(name="lambda", args=lam.args, body=[ret], decorator_list=[],
                            returns=None, type_comment=None, type_params=[])
    ast.copy_location(node, lam)
    return node


def _match_lambda_positions(code, candidates):
    """Pick the lambda whose body span contains the code object's instructions."""
    positions = getattr(code, "co_positions", None)
    if positions is None:  # Python < 3.11: match argument names, then compiled bytecode
        argnames = code.co_varnames[:code.co_argcount]
        same = [c for c in candidates if tuple(a.id for a in c.args.args) == argnames]
        if len(same) > 1:
            same = [c for c in same if _compiles_to(c, code)]
        if len(same) > 1 and len({gast.dump(c.body) + gast.dump(c.args) for c in same}) == 1:
            same = same[:1]     # the same text twice: either is the code that runs
        return same
    # RESUME and friends carry an empty (0, 0) column span: not part of the body.
    spans = [(ln, col) for ln, _, col, end in positions()
             if ln is not None and col is not None and end is not None and end > col]
    if not spans:
        return candidates
    out = []
    for c in candidates:
        body = c.body
        start = (body.lineno, body.col_offset)
        end = (body.end_lineno, body.end_col_offset)
        if all(start <= s <= end for s in spans):
            out.append((end[0] - start[0], end[1] - start[1], c))
    # a lambda nested in another's body matches both: the innermost is the one
    out.sort(key=lambda item: item[:2])
    return [c for _, _, c in out[:1]]


def _compiles_to(lam, code):
    """Whether the lambda ``lam`` compiles, placed as ``code``'s was, to ``code``'s
    bytecode (Python < 3.11, whose bytecode is not specialized as it runs)."""
    inner = _recompiled(lam, code)
    return inner is True or (inner is not None and inner.co_code == code.co_code
                             and _shape(inner) == _shape(code))
