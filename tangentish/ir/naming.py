"""One namer per generated function: every new name is derived from a user's
name or an operation, made unique with a counter.  Never random, never an id,
so generated source is byte-for-byte stable."""
import builtins
import keyword
import re

import gast

from .operators import op_name  # noqa: F401 (the naming conventions live here)


# Generated names never shadow a builtin (``pow``, ``sum``, ``max``, ``len``...):
# the namer treats them as taken, so ``new("pow")`` is ``pow_1``.
BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))


class Namer:
    """Hands out names unique within one function."""

    def __init__(self, reserved=()):
        self.taken = set(reserved) | BUILTINS

    def reserve(self, name):
        self.taken.add(name)

    def new(self, base):
        base = re.sub(r"\W", "_", base) or "tmp"
        if base[0].isdigit():
            base = "v" + base
        if keyword.iskeyword(base):
            base += "_"
        if base not in self.taken:
            self.taken.add(base)
            return base
        stem = re.sub(r"_\d+$", "", base)
        k = 1
        while f"{stem}_{k}" in self.taken:
            k += 1
        name = f"{stem}_{k}"
        self.taken.add(name)
        return name


def base_name(name):
    """The name a counter was added to: ``s_1`` -> ``s`` (``s`` -> ``s``); for a
    tangent, the tangent of its primal's: ``x_1_dot`` -> ``x_dot``."""
    if name.endswith("_dot") and len(name) > 4:
        return tangent_name(base_name(name[:-4]))
    return re.sub(r"_\d+$", "", name)


def all_names(node):
    """Every identifier that appears in ``node`` (names, args, function names)."""
    names = set()
    for n in gast.walk(node):
        if isinstance(n, gast.Name):
            names.add(n.id)
        elif isinstance(n, (gast.FunctionDef, gast.ClassDef)):
            names.add(n.name)
    return names


# -- names of derivatives (ad/) --
def derivative_name(mode, fn_name):
    """A derivative function's name: ``vjp_f``, ``jvp_f``, ``tangent_f``..."""
    return f"{mode}_{fn_name}"


def adjoint_name(name):
    """The cotangent of ``name`` (reverse mode): ``x`` -> ``dx``."""
    return "d" + name


def tangent_name(name):
    """The tangent of ``name`` (forward mode): ``x`` -> ``x_dot``."""
    return name + "_dot"


def cotangent_tuple_name(targets):
    """One name for the tuple of a multi-target statement's cotangents: ``d_w_v``."""
    return "d_" + "_".join(targets)


def call_cotangent_name(callee_name, k, adjoint=None):
    """The ``k``-th result of a callee's vjp: named after the adjoint of the argument
    it belongs to (``adjoint``, made fresh by the namer: ``dx_1``), else ``dg_0``."""
    return adjoint if adjoint is not None else f"d{callee_name}_{k}"


def loop_counter_name(base):
    """A loop's iteration count (``base``: the loop variable, or ``loop``): ``n_i``."""
    return f"n_{base}"


def loop_stack_name(base):
    """The list a loop pushes what its adjoint reads onto: ``i_stack``."""
    return f"{base}_stack"


def stack_top_name(stack):
    """The popped top of a stack's cotangent stack: ``s_top``."""
    return stack + "_top"


def custom_gradient_name(target):
    """The gradient function a custom-gradient call returns with its value: ``y_grad``."""
    return target + "_grad"


def custom_cotangents_name(target):
    """The tuple of input cotangents a custom gradient function returns: ``y_cotangents``."""
    return target + "_cotangents"


ELEMENT_INDEX = "k"           # the index of a list's elements in a list cotangent
KEPT_RESULT = "result"        # the primal result kept apart from loop-carried names
UNUSED_LOOP_VARIABLE = "_"    # the variable of a reversed loop (the stack holds the values)


# -- names of normalized code (frontend/) --
# Bases handed to Namer.new (which makes them unique: ``items``, ``items_1``...).

def result_name():
    """The value a function returns: early returns assign it (``out``)."""
    return "out"


def returned_flag():
    """The flag an early ``return`` sets (``returned``)."""
    return "returned"


def break_flag():
    """The flag a ``break`` sets in its loop (``broke``)."""
    return "broke"


def skip_flag():
    """The flag a ``continue`` sets in its loop (``skip``)."""
    return "skip"


def loop_index():
    """The ``range`` counter of a loop over a container (``k``)."""
    return "k"


def items_name():
    """A sequence or display bound to a name of its own (``items``)."""
    return "items"


def keys_name():
    """The keys a loop over a mapping iterates over (``keys``)."""
    return "keys"


def item_name(user=None):
    """One element: of a loop's structured target (``item``), or an element of
    user name ``user``'s container (``xs_item``)."""
    return "item" if user is None else f"{user}_item"


def index_name():
    """An index value (``index``)."""
    return "index"


def condition_name():
    """A condition: of an ``if``, a ``while``, an ``and``/``or`` (``cond``)."""
    return "cond"


def choice_name():
    """The value of ``a if c else b`` where nothing better names it (``choice``)."""
    return "choice"


def read_name(node):
    """A value read out of a user's variable, named after what it reads:
    ``X.shape[0]`` -> ``n_X`` (``m_X`` for axis 1), ``params["W"]`` -> ``params_W``,
    ``xs[t]`` -> ``xs_t``; None for anything else (``node``: the user's expression)."""
    if not isinstance(node, gast.Subscript):
        return None
    value, index = node.value, node.slice
    if (isinstance(value, gast.Attribute) and value.attr == "shape"
            and isinstance(value.value, gast.Name) and isinstance(index, gast.Constant)
            and type(index.value) is int and index.value in (0, 1)):
        return ("n_", "m_")[index.value] + value.value.id
    if not isinstance(value, gast.Name):
        return None
    if isinstance(index, gast.Constant) and isinstance(index.value, str) \
            and index.value.isidentifier():
        name = f"{value.id}_{index.value}"
    elif isinstance(index, gast.Name):
        name = f"{value.id}_{index.id}"
    else:
        return None
    return name if len(name) <= 24 and not re.search(r"_\d+$", name) else None


def operation_name(operation, user):
    """A temporary named after its operation and first operand: ``np.tanh(x)``
    -> ``tanh_x``; an element read (no operation) -> ``x_item``."""
    return f"{operation}_{user}" if operation else item_name(user)


def custom_vjp_name(function_name):
    """The vjp function a ``custom_gradient`` is inlined as (``f_vjp``)."""
    return f"{function_name}_vjp"


def nested_jvp_name(function_name):
    """A generated jvp called from normalized code (``jvp_f``, ``jvp_lambda``)."""
    return "jvp_" + function_name.replace("<lambda>", "lambda")


def vararg_parameter(star, position):
    """The parameter ``*args``'s element ``position`` becomes (``args_0``)."""
    return f"{star}_{position}"


def clashing_cotangent(name):
    """A ``custom_gradient`` grad_fn's parameter renamed where it clashes with a
    name of the function (``dy`` -> ``dy_cotangent``)."""
    return f"{name}_cotangent"


def forwarder_name(function_name):
    """The one-line function that calls a marker or primitive (``call_sin``)."""
    return "call_" + "".join(c if c.isalnum() else "_" for c in function_name)


def forwarder_parameter(position):
    """A forwarder's positional parameter ``position`` (``x0``, ``x1``...)."""
    return f"x{position}"
