"""The language tangentish claims to support, checked on a corpus of ordinary code.

Every case of funcs_language.CASES is differentiated with ``tg.grad`` and
compared with central finite differences (helpers.py) and, unless the function
is in ``FD_ONLY``, with autograd run on a twin of the function whose ``np`` is
``autograd.numpy``.  VJP_CASES go through ``tg.vjp``.  The constructs in
funcs_language_refused must be refused with a TransformError at their line.
"""
import inspect
import re
import types

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad as agrad
from autograd.extend import defvjp_argnum, primitive
from autograd.tracer import getval

from tests.corpus import funcs_language as fl
from tests.corpus import funcs_language_helpers as flh
from tests.corpus import funcs_language_refused as fr
import tangentish as tg
from tests.corpus.helpers import assert_grad_matches_fd, assert_vjp_matches_fd, numerical_grad


# ---------------------------------------------------------------------------
# Case ids and argument handling
# ---------------------------------------------------------------------------
def _name(fn):
    return getattr(fn, "__name__", repr(fn))


def _ids(cases):
    seen, ids = {}, []
    for case in cases:
        name = _name(case[0])
        seen[name] = seen.get(name, 0) + 1
        ids.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return ids


def fresh(value):
    """A copy of the arrays (and containers of arrays) in ``value``; other objects as they are."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple):
        return tuple(fresh(v) for v in value)
    if isinstance(value, list):
        return [fresh(v) for v in value]
    if isinstance(value, dict):
        return {k: fresh(v) for k, v in value.items()}
    return value


def _is_container(value):
    return isinstance(value, (tuple, list, dict))


def _leaves(value):
    """The float/array leaves of a (nested) container, in a fixed order."""
    if isinstance(value, (tuple, list)):
        return [leaf for v in value for leaf in _leaves(v)]
    if isinstance(value, dict):
        return [leaf for k in value for leaf in _leaves(value[k])]
    return [value]


def _rebuild(like, leaves):
    """``like`` with its leaves replaced by ``leaves`` (consumed from the front)."""
    if isinstance(like, tuple):
        return tuple(_rebuild(v, leaves) for v in like)
    if isinstance(like, list):
        return [_rebuild(v, leaves) for v in like]
    if isinstance(like, dict):
        return {k: _rebuild(v, leaves) for k, v in like.items()}
    return leaves.pop(0)


def _assert_same_structure(got, like, where):
    if isinstance(like, (tuple, list, dict)):
        assert isinstance(got, type(like)), f"{where}: gradient is a {type(got).__name__}, " \
                                            f"the argument a {type(like).__name__}"
        if isinstance(like, dict):
            assert set(got) == set(like), f"{where}: keys {sorted(got)} != {sorted(like)}"
            for k in like:
                _assert_same_structure(got[k], like[k], f"{where}[{k!r}]")
        else:
            assert len(got) == len(like), f"{where}: length {len(got)} != {len(like)}"
            for i, (g, v) in enumerate(zip(got, like)):
                _assert_same_structure(g, v, f"{where}[{i}]")
    else:
        assert np.shape(got) == np.shape(like), f"{where}: shape {np.shape(got)} != {np.shape(like)}"


def fd_grad_of_containers(f, args, wrt):
    """Finite differences (helpers.numerical_grad) of ``f`` w.r.t. arguments that may be
    tuples, lists or dicts of floats and arrays; the result has their structure."""
    positions = wrt if isinstance(wrt, tuple) else (wrt,)
    spans, flat = [], []
    for i in positions:
        leaves = _leaves(args[i])
        spans.append((i, len(flat), len(leaves)))
        flat.extend(leaves)

    def flat_f(*values):
        new = list(fresh(args))
        for i, start, count in spans:
            new[i] = _rebuild(args[i], [fresh(v) for v in values[start:start + count]])
        return f(*new)

    grads = numerical_grad(flat_f, tuple(flat), tuple(range(len(flat))))
    out = tuple(_rebuild(args[i], list(grads[start:start + count])) for i, start, count in spans)
    return out if isinstance(wrt, tuple) else out[0]


def assert_close_tree(got, expected, like, rtol, atol, what):
    _assert_same_structure(got, like, what)
    for g, e in zip(_leaves(got), _leaves(expected)):
        np.testing.assert_allclose(g, e, rtol=rtol, atol=atol, err_msg=what)


# ---------------------------------------------------------------------------
# Twins: the same code objects run with other globals.  The autograd twin has
# np -> autograd.numpy and stop_gradient -> autograd's getval; the frozen twin
# keeps numpy and replays the values stop_gradient returned at the base point
# (so finite differences hold them fixed, which is what stop_gradient means).
# ---------------------------------------------------------------------------
_OUR_MODULES = {fl.__name__, flh.__name__}
_NUMPY_TWINS = {id(getattr(np, n)): getattr(anp, n) for n in dir(anp)
                if hasattr(np, n) and callable(getattr(anp, n)) and not isinstance(getattr(np, n), type)}


def _autograd_custom(obj):
    @primitive
    def forward(*args):
        return obj.fn(*args)[0]

    def vjp_maker(argnum, ans, args, kwargs):
        def vjp(g):
            cts = obj.fn(*args)[1](g)
            return (cts if isinstance(cts, tuple) else (cts,))[argnum]
        return vjp

    defvjp_argnum(forward, vjp_maker)
    return forward


class Twinner:
    def __init__(self, numpy_module, stop_gradient, custom):
        self.numpy = numpy_module
        self.stop_gradient = stop_gradient
        self.custom = custom
        self.memo = {}
        self.globals = {}

    def globals_of(self, g):
        key = id(g)
        if key not in self.globals:
            new = self.globals[key] = dict(g)
            for k, v in list(g.items()):
                new[k] = self(v)
        return self.globals[key]

    def __call__(self, obj):
        if obj is np:
            return self.numpy
        if obj is tg:
            return types.SimpleNamespace(stop_gradient=self.stop_gradient)
        if isinstance(obj, types.ModuleType) and obj.__name__ in _OUR_MODULES:
            return types.SimpleNamespace(**{k: self(v) for k, v in vars(obj).items()
                                            if not k.startswith("__")})
        if self.numpy is anp and id(obj) in _NUMPY_TWINS \
                and obj is getattr(np, getattr(obj, "__name__", ""), None):
            return _NUMPY_TWINS[id(obj)]
        if isinstance(obj, (tuple, list)):
            return type(obj)(self(v) for v in obj)
        if isinstance(obj, tg.CustomGradient):
            return self._memo(obj, lambda: self.custom(obj))
        if isinstance(obj, types.MethodType):
            return types.MethodType(self(obj.__func__), self(obj.__self__))
        if isinstance(obj, types.FunctionType) and obj.__module__ in _OUR_MODULES:
            return self._memo(obj, lambda: self._function(obj))
        cls = type(obj)
        if getattr(cls, "__module__", None) in _OUR_MODULES and hasattr(obj, "__dict__") \
                and not isinstance(obj, type):
            return self._memo(obj, lambda: self._instance(obj))
        return obj

    def _memo(self, obj, make):
        if id(obj) not in self.memo:
            self.memo[id(obj)] = (obj, make())
        return self.memo[id(obj)][1]

    def _function(self, fn):
        closure = None
        if fn.__closure__:
            closure = tuple(types.CellType(self(c.cell_contents)) for c in fn.__closure__)
        new = types.FunctionType(fn.__code__, self.globals_of(fn.__globals__), fn.__name__,
                                 fn.__defaults__, closure)
        new.__kwdefaults__ = fn.__kwdefaults__
        return new

    def _instance(self, obj):
        cls = type(obj)
        methods = {k: self(v) for k, v in vars(cls).items() if isinstance(v, types.FunctionType)}
        new = object.__new__(type(cls.__name__, (cls,), methods))
        new.__dict__.update(obj.__dict__)
        return new


twin = Twinner(anp, getval, _autograd_custom)


class Replay:
    """stop_gradient that records its values once, then replays them in order."""

    def __init__(self):
        self.values, self.recording, self.position = [], True, 0

    def __call__(self, x):
        if self.recording:
            self.values.append(fresh(x))
            return x
        value = self.values[self.position]
        self.position += 1
        return value


def frozen(fn, args):
    """``fn`` with every stop_gradient value fixed at its value for ``args``."""
    replay = Replay()
    twin_fn = Twinner(np, replay, lambda obj: obj)(fn)
    twin_fn(*fresh(args))
    replay.recording = False

    def run(*a):
        replay.position = 0
        return twin_fn(*a)
    return run


def _uses_stop_gradient(fn):
    return "stop_gradient" in inspect.getsource(fn)


def _fd_only(fn):
    return _name(fn) in fl.FD_ONLY


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------
def _functions_of(module):
    return {v for k, v in vars(module).items()
            if isinstance(v, types.FunctionType) and v.__module__ == module.__name__
            and not k.startswith("_") and not k.startswith("make_")}


def test_corpus_size_and_coverage():
    tested = {case[0] for case in fl.CASES} | {case[0] for case in fl.VJP_CASES}
    tested_names = {_name(f) for f in tested}
    untested = sorted(_name(f) for f in _functions_of(fl) if _name(f) not in tested_names)
    assert not untested, f"functions without a case: {untested}"
    assert len(tested_names) >= 120
    assert set(fl.FD_ONLY) <= tested_names


# x += y on an array parameter changes the caller's array: finite differences
# must give every evaluation fresh copies of all arguments.
MUTATES_ITS_ARGUMENT = set()   # x += y on an argument array is refused at run time now


@pytest.mark.parametrize("fn,args,wrt", fl.CASES, ids=_ids(fl.CASES))
def test_grad_matches_finite_differences(fn, args, wrt):
    positions = wrt if isinstance(wrt, tuple) else (wrt,)
    if (_uses_stop_gradient(fn) or _name(fn) in MUTATES_ITS_ARGUMENT
            or any(_is_container(args[i]) for i in positions)):
        reference = frozen(fn, args) if _uses_stop_gradient(fn) else fn
        got = tg.grad(fn, wrt=wrt)(*fresh(args))
        expected = fd_grad_of_containers(reference, args, wrt)
        if not isinstance(wrt, tuple):
            got, expected = (got,), (expected,)
        assert isinstance(got, tuple) and len(got) == len(positions)
        for i, g, e in zip(positions, got, expected):
            assert_close_tree(g, e, args[i], 1e-5, 1e-6, f"gradient wrt argument {i}")
    else:
        assert_grad_matches_fd(fn, fresh(args), wrt=wrt, rtol=1e-5, atol=1e-6)


AUTOGRAD_CASES = [case for case in fl.CASES if not _fd_only(case[0])]


@pytest.mark.filterwarnings("ignore:Output seems independent of input")
@pytest.mark.parametrize("fn,args,wrt", AUTOGRAD_CASES, ids=_ids(AUTOGRAD_CASES))
def test_grad_matches_autograd(fn, args, wrt):
    got = tg.grad(fn, wrt=wrt)(*fresh(args))
    positions = wrt if isinstance(wrt, tuple) else (wrt,)
    if not isinstance(wrt, tuple):
        got = (got,)
    twin_fn, twin_args = twin(fn), twin(fresh(args))
    for i, g in zip(positions, got):
        expected = agrad(twin_fn, i)(*fresh(twin_args))
        assert_close_tree(g, expected, args[i], 1e-9, 1e-12, f"gradient wrt argument {i}")


def _tuple_output(fn, args):
    return isinstance(fn(*fresh(args)), tuple)


def assert_tuple_vjp_matches_fd(f, args, rtol=1e-5, atol=1e-6, eps=1e-6, seed=0):
    """Like helpers.assert_vjp_matches_fd, for a function returning a tuple of arrays/floats."""
    rng = np.random.default_rng(seed)
    y, pullback = tg.vjp(f, *fresh(args))
    assert isinstance(y, tuple)
    u = tuple(rng.normal(size=np.shape(part)) for part in y)
    u = tuple(float(c) if np.ndim(part) == 0 else c for c, part in zip(u, y))
    v = [rng.normal(size=np.shape(a)) for a in args]

    def along(step):
        return f(*[np.array(a, dtype=float) + step * d for a, d in zip(args, v)])

    plus, minus = along(eps), along(-eps)
    lhs = sum(float(np.sum(c * (p - m) / (2 * eps))) for c, p, m in zip(u, plus, minus))
    cotangents = pullback(u)
    assert len(cotangents) == len(args)
    for a, ct in zip(args, cotangents):
        assert np.shape(ct) == np.shape(a)
    rhs = float(sum(np.sum(ct * d) for ct, d in zip(cotangents, v)))
    np.testing.assert_allclose(rhs, lhs, rtol=rtol, atol=atol)


@pytest.mark.parametrize("fn,args", fl.VJP_CASES, ids=_ids(fl.VJP_CASES))
def test_vjp_matches_finite_differences(fn, args):
    if _tuple_output(fn, args):
        assert_tuple_vjp_matches_fd(fn, args)
    else:
        assert_vjp_matches_fd(fn, fresh(args))


AUTOGRAD_VJP_CASES = [case for case in fl.VJP_CASES if not _fd_only(case[0])]


@pytest.mark.parametrize("fn,args", AUTOGRAD_VJP_CASES, ids=_ids(AUTOGRAD_VJP_CASES))
def test_vjp_matches_autograd(fn, args):
    rng = np.random.default_rng(1)
    y, pullback = tg.vjp(fn, *fresh(args))
    if isinstance(y, tuple):
        u = tuple(float(rng.normal()) if np.ndim(p) == 0 else rng.normal(size=np.shape(p)) for p in y)
    else:
        u = rng.normal(size=np.shape(y))
    got = pullback(u)
    twin_fn = twin(fn)

    def projected(*a):
        out = twin_fn(*a)
        parts, weights = (out, u) if isinstance(out, tuple) else ((out,), (u,))
        return sum(anp.sum(w * p) for w, p in zip(weights, parts))

    for i in range(len(args)):
        expected = agrad(projected, i)(*fresh(args))
        np.testing.assert_allclose(got[i], expected, rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------------------
# Results are the same through value_and_grad / preserve_result, and the
# inputs are not modified
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("fn,args,wrt", [
    (fl.for_range_n, (0.8, 4), 0),
    (fl.early_return_in_loop, (fl.X4,), 0),
    (fl.tangent_bug, (fl.X3,), 0),
    (fl.dict_param, ({"w": fl.X3, "b": 0.3},), 0),
    (fl.custom_in_loop, (fl.X3, 3), 0),
], ids=["for_range_n", "early_return_in_loop", "tangent_bug", "dict_param", "custom_in_loop"])
def test_value_and_grad_and_preserve_result(fn, args, wrt):
    value, g = tg.value_and_grad(fn, wrt=wrt)(*fresh(args))
    value2, g2 = tg.grad(fn, wrt=wrt, preserve_result=True)(*fresh(args))
    expected = fn(*fresh(args))
    assert value == pytest.approx(expected) and value2 == pytest.approx(expected)
    plain = tg.grad(fn, wrt=wrt)(*fresh(args))
    for a, b, c in zip(_leaves(g), _leaves(g2), _leaves(plain)):
        np.testing.assert_allclose(a, c)
        np.testing.assert_allclose(b, c)


def _updates_in_place(fn):
    source = inspect.getsource(fn)
    return bool(re.search(r"^\s*\w+\[.*\]\s*[-+*/]?=[^=]|[-+*/]=|\.append\(", source, re.M))


MUTATION_CASES = [case for case in fl.CASES if _updates_in_place(case[0])]


@pytest.mark.parametrize("fn,args,wrt", MUTATION_CASES, ids=_ids(MUTATION_CASES))
def test_grad_does_not_modify_inputs(fn, args, wrt):
    given = fresh(args)
    tg.grad(fn, wrt=wrt)(*given)
    for a, b in zip(_leaves(given), _leaves(args)):
        if isinstance(b, np.ndarray):
            np.testing.assert_array_equal(a, b)


# ---------------------------------------------------------------------------
# Refused constructs, located at their line
# ---------------------------------------------------------------------------
def line_of(fn, marker):
    lines, start = inspect.getsourcelines(fn)
    hits = [start + i for i, line in enumerate(lines) if marker in line]
    assert len(hits) == 1, f"marker {marker!r} found {len(hits)} times in {fn.__name__}"
    return hits[0]


X3 = np.array([0.3, 0.7, 1.1])

REFUSED = [
    (fr.try_around_active, (X3,), "try:"),
    (fr.generator_yield, (X3,), "yield v"),
    (fr.global_write, (X3,), "global LAST"),
    (fr.nonlocal_write, (X3,), "nonlocal total"),
    (fr.uses_eval, (X3,), "= eval("),
    (fr.uses_exec, (X3,), "    exec("),
    (fr.async_function, (X3,), "async def"),
    (fr.with_block, (X3,), "with np.printoptions"),
    (fr.class_inside, (X3,), "class Box"),
    (fr.uses_del, (X3,), "del y"),
    (fr.opaque_call, (X3,), "scipy.special.dawsn"),
    (fr.opaque_in_loop, (X3,), "scipy.special.owens_t"),
    (fr.mutate_list_argument, ([X3, X3 * 2.0],), "xs.append"),
    (fr.mutate_dict_argument, ({"w": X3},), 'p["w"] = '),
    (fr.aliasing, (X3,), "y[0] = 0"),
    (fr.aliasing_slice_view, (X3,), "y[1] = 0.0"),
    (fr.aliasing_transpose_view, (np.ones((2, 3)),), "a[0, 1] = 0.0"),
    (fr.aliasing_in_list, (X3,), "y[0] = 0.0"),
    (fr.view_mutated, (X3,), "v[0] = 1.0"),
    (fr.dict_entry_augassign, (X3,), 'd["a"] += d["b"]'),
]


@pytest.mark.parametrize("fn,args,marker", REFUSED, ids=_ids(REFUSED))
def test_refused_with_the_line(fn, args, marker):
    with pytest.raises(tg.TransformError) as info:
        tg.grad(fn)(*fresh(args))
    err = info.value
    assert err.filename == fr.__file__, str(err)
    assert err.lineno == line_of(fn, marker), str(err)
