"""normalize: A-normal form in SSA (grammar: frontend/normalize.py's docstring).
Every name is bound once, except phi copies (one per branch of an ``if``) and
loop-carried names (once before the loop, once as the body's BACK_EDGE copy) and a
while loop's condition (before the loop, recomputed in its body);
every operand is an atom; the function computes what the original computes."""
import collections

import gast
import numpy as np
import pytest

from tangentish.ir import annotations as anno
from tests.passes.conftest import assert_keeps_values, run_passes


def straight(x, y):
    z = np.sin(x * y) + np.cos(x) * 2.0
    z = z * z - y / (x + 1.0)
    w = np.exp(-z) if y > 0 else z ** 2
    return w + np.sum(np.stack([x, y]))


def branches(x, y):
    if x > y:
        z = x * 2.0
        y = y + 1.0
    elif x < 0:
        z = -x
    else:
        z = y * y
    return z * y


def loops(x, y):
    s = x
    for i in range(4):
        s = s * y + i
        if s > 100.0:
            break
    k = 0
    while k < 3 and s > 0:
        s = s - x
        k += 1
    return s + k


def containers(x, y):
    a = [x, y, x * y]
    a[1] = a[0] * 3.0
    a.append(y)
    t = (a[2], a[3])
    b = a[1:3]
    return t[0] + t[1] + b[0] * b[1]


def boolean_ops(x, y):
    c = x > 0 and y > 0 or x < -1
    return x * y if c else x + y


FUNCTIONS = [straight, branches, loops, containers, boolean_ops]
INPUTS = [(x, y) for x in (-2.0, 0.3, 1.7) for y in (-0.5, 0.8, 2.5)]


def _stores(node):
    """Each Name bound in ``node``, with the assignment statement binding it."""
    out = []
    for stmt in gast.walk(node):
        if isinstance(stmt, gast.Assign):
            for tgt in stmt.targets:
                for n in gast.walk(tgt):
                    if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
                        out.append((n.id, stmt))
        elif isinstance(stmt, gast.For):
            out.append((stmt.target.id, stmt))
    return out


def _parents(node):
    return {id(c): p for p in gast.walk(node) for c in gast.iter_child_nodes(p)}


def _branch_of(stmt, parents, root):
    """(if node, which branch) enclosing ``stmt`` directly, else None."""
    p = parents.get(id(stmt))
    if isinstance(p, gast.If):
        return (id(p), "body" if any(s is stmt for s in p.body) else "orelse")
    return None


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_single_assignment(fn):
    ctx, node = run_passes(fn, "normalize")
    parents = _parents(node)
    by_name = collections.defaultdict(list)
    for name, stmt in _stores(node):
        by_name[name].append(stmt)
    params = {a.id for a in node.args.args}
    while_tests = {w.test.id: w for w in gast.walk(node) if isinstance(w, gast.While)}
    for name, stmts in by_name.items():
        assert name not in params or len(stmts) == 0 or all(
            anno.get(s, anno.BACK_EDGE) for s in stmts), f"parameter {name} rebound"
        if len(stmts) == 1:
            continue
        if name in while_tests:   # the condition: before the loop, recomputed last in the body
            loop = while_tests[name]
            inside = [st for st in stmts if any(st is b for b in loop.body)]
            assert len(stmts) == 2 and len(inside) == 1, f"{name}: while test bound {len(stmts)}"
            continue
        back = [s for s in stmts if anno.get(s, anno.BACK_EDGE)]
        if back:      # a loop-carried name: one entry copy, back-edge copies
            assert len(stmts) - len(back) == 1, f"{name}: carried name bound {len(stmts)} times"
            continue
        # a phi: once in each branch of one if
        places = [_branch_of(s, parents, node) for s in stmts]
        assert None not in places and len(set(places)) == len(places) == 2 and \
            len({p[0] for p in places}) == 1, f"{name} is assigned {len(stmts)} times, not a phi"


def _is_atom(node):
    if isinstance(node, (gast.Name, gast.Constant)):
        return True
    if (isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub)
            and isinstance(node.operand, gast.Constant)):
        return True     # a negative literal (-1): normalize keeps it as written
    if isinstance(node, gast.Attribute):       # static: np.pi, math.e
        return _is_atom(node.value) and isinstance(node.value, (gast.Name, gast.Attribute))
    if isinstance(node, (gast.Tuple, gast.List)):
        return all(_is_atom(e) for e in node.elts)
    return False


def _is_index(node):
    if isinstance(node, gast.Slice):
        return all(p is None or _is_atom(p) for p in (node.lower, node.upper, node.step))
    if isinstance(node, gast.Tuple):
        return all(_is_index(e) for e in node.elts)
    return _is_atom(node)


def _check_op(value):
    if isinstance(value, gast.Call):
        assert all(_is_atom(a) for a in value.args), gast.dump(value)
        assert all(_is_atom(k.value) for k in value.keywords), gast.dump(value)
        f = value.func
        assert isinstance(f, (gast.Name, gast.Attribute)) and (
            not isinstance(f, gast.Attribute) or _is_atom(f.value))
    elif isinstance(value, gast.BinOp):
        assert _is_atom(value.left) and _is_atom(value.right), gast.dump(value)
    elif isinstance(value, gast.UnaryOp):
        assert _is_atom(value.operand)
    elif isinstance(value, gast.Compare):
        assert len(value.ops) == 1 and _is_atom(value.left) and _is_atom(value.comparators[0])
    elif isinstance(value, gast.Subscript):
        assert _is_atom(value.value) and _is_index(value.slice), gast.dump(value)
    elif isinstance(value, (gast.List, gast.Tuple)):
        assert all(_is_atom(e) for e in value.elts)
    elif isinstance(value, gast.Dict):
        assert all(_is_atom(e) for e in value.keys + value.values)
    else:
        assert _is_atom(value) or isinstance(value, (gast.Attribute, gast.JoinedStr)), \
            gast.dump(value)


def _check_block(stmts, in_loop=False):
    for i, stmt in enumerate(stmts):
        if isinstance(stmt, gast.Assign):
            assert len(stmt.targets) == 1
            tgt = stmt.targets[0]
            assert isinstance(tgt, gast.Name) or (
                isinstance(tgt, gast.Tuple) and all(isinstance(e, gast.Name) for e in tgt.elts)
                and isinstance(stmt.value, gast.Call)), gast.dump(stmt)
            _check_op(stmt.value)
        elif isinstance(stmt, gast.Expr):
            _check_op(stmt.value)
        elif isinstance(stmt, gast.If):
            assert _is_atom(stmt.test) and isinstance(stmt.test, (gast.Name, gast.Constant))
            if stmt.body and isinstance(stmt.body[0], gast.Break):
                assert in_loop and i == len(stmts) - 1 and len(stmt.body) == 1
            else:
                _check_block(stmt.body, in_loop)
                _check_block(stmt.orelse, in_loop)
        elif isinstance(stmt, gast.For):
            it = stmt.iter
            assert isinstance(it, gast.Call) and it.func.id == "range"
            assert all(_is_atom(a) for a in it.args)
            _check_block(stmt.body, True)
        elif isinstance(stmt, gast.While):
            assert isinstance(stmt.test, (gast.Name, gast.Constant))
            _check_block(stmt.body, True)
        elif isinstance(stmt, gast.Return):
            assert i == len(stmts) - 1 and _is_atom(stmt.value)
        else:
            assert isinstance(stmt, gast.Assert), f"{type(stmt).__name__} not in the grammar"


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_a_normal_form(fn):
    ctx, node = run_passes(fn, "normalize")
    assert isinstance(node.body[-1], gast.Return)
    _check_block(node.body)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
def test_same_values(fn):
    assert_keeps_values(fn, "normalize", INPUTS)


def test_every_statement_has_an_origin():
    ctx, node = run_passes(straight, "normalize")
    first = straight.__code__.co_firstlineno
    for stmt in node.body:
        origin = anno.get(stmt, anno.ORIGIN)
        assert origin is not None, gast.dump(stmt)
        assert first < origin[0] <= first + 4


def test_names_come_from_the_operation():
    ctx, node = run_passes(straight, "normalize")
    bound = {name for name, _ in _stores(node)}
    assert {"cos_x", "z_1"} <= bound, sorted(bound)
