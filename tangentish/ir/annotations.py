"""Typed annotation keys attached to IR (gast) nodes, all defined here.

Passes communicate only through these keys (and through the AST itself), so no
pass reads another's private state.  A key is an object, not a string, so a
typo is an AttributeError rather than a silently missing annotation.
"""


class Key:
    __slots__ = ("name", "doc")

    def __init__(self, name, doc):
        self.name = name
        self.doc = doc

    def __repr__(self):
        return f"<annotation {self.name}>"


# Set by normalize on every statement it emits.
ORIGIN = Key("origin", "(lineno, col_offset, source line text) of the user statement this came from")
# Set by normalize on the copies that end a loop body (carried name = value of this iteration).
BACK_EDGE = Key("back_edge", "True on a loop body's copy of a value back to its carried name")
# Set by normalize on statements that update an object in place in the user's code
# (a[i] = v, a[i] += v, x += y, xs.append(v)): the user name of the object.
INPLACE = Key("inplace", "the user name whose object this statement updates in place")
# Set by normalize on the with_item of `c[k] op= v`: when `c` is a list or dict the entry's
# own object (an array) is updated in place too, which every other name for it sees.
AUGMENTED_ITEM = Key("augmented_item", "the user's `c[k] op= v` text, on its with_item")
# Set by normalize on a user's `b = a`: afterwards two names refer to one object.
USER_COPY = Key("user_copy", "True on an assignment that makes a second name for an object")
# Set by normalize on `a_1 = b_1` after an in-place update of b when `b = a` made a and b
# one object: the alias is rebound to the updated version (the user name of b).
ALIAS_REBIND = Key("alias_rebind", "the user name whose in-place update this copy propagates")
# Set on `name = None` statements that give a name a value on a path where the user's
# code leaves it unbound (so generated code can always read and save it).
PLACEHOLDER = Key("placeholder", "True on an assignment of None standing for 'unbound'")
# Set by normalize on pushes onto / pops from a list used only as a stack (the stack's name).
STACK_PUSH = Key("stack_push", "the stack a `s.append(v)` statement pushes onto")
STACK_POP = Key("stack_pop", "the stack a `v = s.pop()` statement pops from")
# Set by analyze.activity on the FunctionDef.
ACTIVE = Key("active", "frozenset of names that carry derivatives (varied and useful)")
VARIED = Key("varied", "frozenset of names that depend on the differentiated inputs")
# Set by stop_gradient handling (normalize) on a Call node.
STOP_GRADIENT = Key("stop_gradient", "True on a call whose result carries no derivative")
# Set by ad/shape_checks.py on ``1.0 * o`` of a float64 array ``o`` (a unit seed's
# product): the side holding ``o``, whose values it has (fold: ``o`` inside arithmetic).
UNIT_PRODUCT = Key("unit_product", "'left' or 'right': the operand `1.0 * o` equals")

# Set by ad/reverse.py on an if statement of the backward pass: (the forward if it replays,
# that if's test node, its own test node); its body runs as often as the forward body ran
# while both test nodes are still the ones recorded (not negated, branches not swapped).
REPLAYS = Key("replays", "(forward If, its test node, the replay's test node)")

_STORE = "_tangentish_annotations"


def get(node, key, default=None):
    return getattr(node, _STORE, {}).get(key, default)


def set(node, key, value):  # noqa: A001 - mirrors get
    store = getattr(node, _STORE, None)
    if store is None:
        store = {}
        setattr(node, _STORE, store)
    store[key] = value


def copy(src, dst):
    """Copy all annotations of src onto dst (dst's own win)."""
    store = getattr(src, _STORE, None)
    if store:
        merged = dict(store)
        merged.update(getattr(dst, _STORE, {}))
        setattr(dst, _STORE, merged)
    return dst
