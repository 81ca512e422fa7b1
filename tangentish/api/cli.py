"""``python -m tangentish path/to/file.py:f [--wrt x] [--mode MODE] [--with-callees] [--dump]``
prints the generated source of the derivative of ``f``;
``python -m tangentish export path/to/file.py:f -o out.py [--wrt x] [--mode MODE]`` writes
it as a standalone module importing only numpy (api/export.py).

To find ``f``, the CLI imports FILE.py as a module: its top-level code runs (as
``python FILE.py`` would run it, except for an ``if __name__ == "__main__":`` block).

Errors (a missing file or function, a syntax error, a ``--wrt`` that names no
parameter, an exception raised by the file's top-level code) are one line on stderr
and exit status 2; a construct tangentish refuses to differentiate is reported with
its file, line and a hint, and exit status 1."""
import argparse
import copy
import importlib.util
import os
import sys

from .. import driver
from ..core.errors import TransformError
from ..ir.emit import to_source
from .export import derivative, export, source
from .grad import Transformed
from .standalone import ExportError

DESCRIPTION = """\
Print the generated Python source of the derivative of FUNCTION, defined in FILE.py.
Note: FILE.py is imported to find FUNCTION, so its top-level code runs (an
`if __name__ == "__main__":` block does not)."""

MODES = """\
what to generate: 'grad' (default), the gradient of a scalar-valued function,
def grad_f(x, ...) returning df/dx for each --wrt parameter; 'vjp', the
vector-Jacobian product of a function with any output, def vjp_f(dy, x, ...)
taking the output's cotangent dy first and returning the cotangents of the
--wrt parameters; 'jvp', forward mode, def jvp_f(x_dot, x, ...) returning
(f(x), its tangent); 'hessian', 'hvp' (def hvp_f(x, ..., v) -> H v) and
'jacobian' (reverse mode) of one --wrt parameter"""

EXPORT = """\
Write the derivative of FUNCTION, defined in FILE.py, as a standalone Python module
that imports only numpy (and scipy or the standard library where the code uses them):
the runtime helpers and generated functions it calls are copied in; the values it
reads by name (globals such as a weight matrix, closure values) are listed in its
header, to be set on the module before calling.
Note: FILE.py is imported to find FUNCTION, so its top-level code runs."""

MODE_CHOICES = ("grad", "vjp", "jvp", "hessian", "hvp", "jacobian")


class CLIError(Exception):
    """A one-line error of the command line (printed as ``error: ...``, exit status 2)."""


def load_function(spec):
    path, _, name = spec.rpartition(":")
    if not path or not name:
        raise CLIError(f"expected FILE.py:FUNCTION, got {spec!r}")
    if not os.path.exists(path):
        raise CLIError(f"no such file: {path}")
    if os.path.isdir(path):
        raise CLIError(f"{path} is a directory, not a Python file")
    print(f"tangentish: importing {path} (its top-level code runs)", file=sys.stderr)
    module_name = "_tangentish_cli_" + os.path.splitext(os.path.basename(path))[0]
    mod_spec = importlib.util.spec_from_file_location(module_name, path)
    if mod_spec is None or mod_spec.loader is None:
        raise CLIError(f"cannot import {path}: not a Python file (FILE.py:FUNCTION)")
    module = importlib.util.module_from_spec(mod_spec)
    sys.modules[module_name] = module
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        mod_spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise CLIError(f"{exc.filename or path}:{exc.lineno}: syntax error: {exc.msg}") from None
    except (Exception, SystemExit) as exc:   # the file's own top-level code failed
        raise CLIError(f"running the top-level code of {path} raised "
                       f"{type(exc).__name__}: {_one_line(exc)}") from None
    obj = module
    for i, part in enumerate(name.split(".")):
        if not hasattr(obj, part):
            where = path if i == 0 else f"{'.'.join(name.split('.')[:i])} in {path}"
            raise CLIError(f"{where} defines no {part!r}{_choices(obj)}")
        obj = getattr(obj, part)
    if not callable(obj):
        raise CLIError(f"{name} in {path} is a {type(obj).__name__}, not a function")
    return obj


def _choices(obj):
    """``" (functions: f, g)"``: the functions ``obj`` (a module or class) defines."""
    names = sorted(k for k, v in vars(obj).items()
                   if not k.startswith("_") and callable(v)
                   and getattr(v, "__module__", None) == getattr(obj, "__name__", None))
    if not names and hasattr(obj, "__dict__") and not isinstance(obj, type(sys)):
        names = sorted(k for k, v in vars(obj).items() if not k.startswith("_") and callable(v))
    return f" (functions there: {', '.join(names)})" if names else ""


def _one_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else "(no message)"


def parse_wrt(text):
    """``--wrt x,1`` -> ``("x", 1)``; None -> ``(0,)``, the first parameter."""
    if text is None:
        return (0,)
    parts = [w.strip() for w in text.split(",")]
    if not all(parts):
        raise CLIError(f"--wrt {text!r}: expected parameter names or indexes separated by commas")
    return tuple(int(w) if w.lstrip("-").isdigit() else w for w in parts)


def build_parser(exporting=False):
    prog = "python -m tangentish" + (" export" if exporting else "")
    parser = argparse.ArgumentParser(prog=prog, description=EXPORT if exporting else DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", metavar="FILE.py:FUNCTION",
                        help="the Python file and the function in it to differentiate "
                             "(the file's top-level code runs)")
    parser.add_argument("--wrt", default=None, metavar="X[,Y...]",
                        help="the parameter(s) to differentiate with respect to: names or "
                             "positions (0 is the first), comma-separated (default: the first "
                             "parameter)")
    parser.add_argument("--mode", choices=MODE_CHOICES, default="grad", help=MODES)
    if exporting:
        parser.add_argument("-o", "--output", required=True, metavar="OUT.py",
                            help="the module to write")
    else:
        parser.add_argument("--with-callees", action="store_true",
                            help="also print the generated functions it calls (vjp_dense...)")
        parser.add_argument("--dump", action="store_true",
                            help="also print the code after each pass of the pipeline "
                                 "('# ---- after PASS ----' headers), before the final source "
                                 "(modes grad, vjp and jvp)")
    # the package (imported before this module) defines __version__; read, not imported:
    # api may not import the layer above it
    version = sys.modules[__name__.split(".")[0]].__version__
    parser.add_argument("--version", action="version", version=f"tangentish {version}",
                        help="print tangentish's version and exit")
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    exporting = bool(argv) and argv[0] == "export"
    args = build_parser(exporting).parse_args(argv[1:] if exporting else argv)
    try:
        wrt = parse_wrt(args.wrt)
        fn = load_function(args.target)
        # Resolve indexes to names the same way grad() does.
        try:
            names = Transformed(fn, wrt, "vjp" if args.mode == "vjp" else "grad", False,
                                args.mode).wrt
        except TransformError:
            raise
        except (ValueError, TypeError) as exc:
            raise CLIError(f"--wrt {args.wrt or 0}: {_one_line(exc)}") from None
        if args.mode in ("hessian", "hvp", "jacobian") and len(names) != 1:
            raise CLIError(f"--mode {args.mode} differentiates with respect to one parameter, "
                           f"got --wrt {args.wrt}")
        if not exporting and args.dump and args.mode not in ("grad", "vjp", "jvp"):
            raise CLIError(f"--dump shows the passes of modes grad, vjp and jvp, not {args.mode}")
    except CLIError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except TransformError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        if exporting:
            export(fn, args.output, mode=args.mode, wrt=names if len(names) > 1 else names[0])
            print(f"tangentish: wrote {args.output}", file=sys.stderr)
            return 0
        sys.stdout.write(_text(fn, names, args))
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except TransformError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _text(fn, names, args):
    """The generated source the command line prints."""
    if args.mode in ("grad", "vjp", "jvp") and (args.dump or not args.with_callees):
        text = driver.transform(fn, names, args.mode, False,
                                dump=_show if args.dump else None).source
        if not args.with_callees:
            return text
    df = derivative(fn, args.mode, names)
    return source(df, with_callees=args.with_callees)


def _show(title, node):
    """Print the code after the pass ``title`` (``--dump``)."""
    text = node if isinstance(node, str) else to_source(copy.deepcopy(node))
    print(f"# ---- after {title} ----\n{text}")
