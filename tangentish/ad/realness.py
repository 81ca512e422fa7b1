"""Whether a scalar output is provably real, and from which values: a grad
seeds ``1.0`` (or ``real_seed(<leaves>)``) instead of checking the output
itself when the output is a scalar computed from real values by operations
that keep values real."""
import gast

from ..analyze.primitives import Kind
from ..ir import templates

FULL_REDUCTIONS = {"np.sum", "np.mean", "np.max", "np.min", "np.amax", "np.amin", "np.prod"}
# real whatever the input (for the complex-output check of a seed)
ALWAYS_REAL = {"np.abs", "abs", "np.real", "np.imag", "np.angle", "np.linalg.norm"}
MAY_MAKE_COMPLEX = {"astype", "complex", "np.vectorize", "real_cotangent"}
SELECTS = {"operator.getitem", "iteration_item", "dict_key"}


def is_number(node):
    """An int or float literal."""
    return isinstance(node, gast.Constant) and type(node.value) in (int, float)


def complex_literal(op):
    return any(isinstance(n, gast.Constant) and isinstance(n.value, complex)
               for a in (op.bound or {}).values() for n in gast.walk(a))


def _casts(op):
    """A rule with a ``dtype`` parameter given a value (dtype=None, the default, casts
    nothing)."""
    if "dtype" not in op.rule.params:
        return False
    value = op.bound.get("dtype")
    return not (isinstance(value, gast.Constant) and value.value is None)


def real_leaves(ops, name, depth=0, seen=None):
    """Names whose holding no complex numbers makes ``name`` real: ``name`` is
    computed from them by operations that map real inputs to real results (most
    rules; math.* and np.abs / np.real ... are real whatever their input).  A
    value made otherwise (a call, an FFT, a cast, a complex constant) is a leaf
    itself: its own value is checked.  ``ops``: statement id -> (targets, op)."""
    seen = set() if seen is None else seen
    seen.add(name)
    defs = [entry for entry in ops.values() if name in entry[0]]
    if not defs or depth > 30:
        return [name]                  # a parameter, a global or closure value
    leaves = []
    for targets, op in defs:
        if op.kind is Kind.COPY:
            operands = [templates.name(op.inputs[0])]
        elif op.kind in (Kind.CONSTANT, Kind.NONDIFF, Kind.STOP_GRADIENT) and not complex_literal(op):
            continue
        elif op.kind is Kind.PRIMITIVE and len(targets) == 1 and not complex_literal(op):
            symbol = op.rule.symbol
            if symbol.startswith("math.") or symbol in ALWAYS_REAL:
                continue
            if symbol.startswith(("np.fft.", "np.emath.")) or symbol in MAY_MAKE_COMPLEX \
                    or _casts(op) or symbol in SELECTS:
                # (a selection from a container is checked itself: a complex value
                # elsewhere in the container does not make the output complex)
                operands = None
            else:
                operands = list(op.bound.values())
        elif op.kind is Kind.PACK:
            return [None]      # a container built here: check the output itself
        else:
            operands = None
        if operands is None:
            if name not in leaves:
                leaves.append(name)
            continue
        for a in operands:
            for n in gast.walk(a):
                if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load) and n.id not in seen:
                    for leaf in real_leaves(ops, n.id, depth + 1, seen):
                        if leaf not in leaves:
                            leaves.append(leaf)
    return leaves


def provably_scalar(ops, name, depth=0):
    """True when ``name`` is a full reduction (np.sum(x), np.mean(x)...), a math.*
    result, or arithmetic on such values and numbers: a scalar whatever the inputs."""
    if depth > 50:
        return False
    defs = [entry for entry in ops.values() if name in entry[0]]
    if len(defs) != 1 or len(defs[0][0]) != 1:
        return False
    op = defs[0][1]
    if op.kind is Kind.COPY:
        return provably_scalar(ops, op.inputs[0], depth + 1)
    if op.kind is not Kind.PRIMITIVE:
        return False
    rule = op.rule
    symbol = rule.symbol
    if symbol in FULL_REDUCTIONS:
        axis, keep = op.bound.get("axis"), op.bound.get("keepdims")
        return (isinstance(axis, gast.Constant) and axis.value is None
                and (keep is None or (isinstance(keep, gast.Constant) and keep.value is False)))
    if symbol.startswith("math."):
        return True
    if rule.elementwise or symbol in ("operator.neg", "operator.pos"):
        operands = [op.bound[p] for p in rule.differentiable_params]
        return all(is_number(a) or (isinstance(a, gast.Name)
                                    and provably_scalar(ops, a.id, depth + 1))
                   for a in operands)
    return False
