"""``python -m tangentish path/to/file.py:f [--wrt x] [--mode grad|vjp] [--dump]``

Prints the generated source of the derivative of ``f``."""
import argparse
import copy
import importlib.util
import os
import sys

from .. import driver
from ..core.errors import TransformError
from ..ir.emit import to_source
from .grad import Transformed


def load_function(spec):
    path, _, name = spec.rpartition(":")
    if not path or not name:
        raise SystemExit(f"expected FILE.py:FUNCTION, got {spec!r}")
    if not os.path.exists(path):
        raise SystemExit(f"no such file: {path}")
    module_name = "_tangentish_cli_" + os.path.splitext(os.path.basename(path))[0]
    mod_spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(mod_spec)
    sys.modules[module_name] = module
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    mod_spec.loader.exec_module(module)
    obj = module
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tangentish", description=__doc__.split("\n\n")[1])
    parser.add_argument("target", help="FILE.py:FUNCTION")
    parser.add_argument("--wrt", default=None,
                        help="parameter name(s) or index(es), comma-separated (default: the first)")
    parser.add_argument("--mode", choices=("grad", "vjp"), default="grad")
    parser.add_argument("--dump", action="store_true", help="also print the IR after each pass")
    args = parser.parse_args(argv)
    fn = load_function(args.target)
    wrt = (0,) if args.wrt is None else tuple(int(w) if w.isdigit() else w for w in args.wrt.split(","))
    # Resolve indexes to names the same way grad() does.
    names = Transformed(fn, wrt, args.mode, False, args.mode).wrt
    dump = _show if args.dump else None
    try:
        generated = driver.transform(fn, names, args.mode, False, dump=dump)
    except TransformError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(generated.source)
    return 0


def _show(title, node):
    """Print the code after the pass ``title`` (``--dump``)."""
    text = node if isinstance(node, str) else to_source(copy.deepcopy(node))
    print(f"# ---- after {title} ----\n{text}")
