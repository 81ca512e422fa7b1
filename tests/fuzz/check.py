"""Checker of the soundness fuzzer: runs one generated program through tangentish.

``check(program)`` returns a ``Result`` whose ``category`` is one of

* ``invalid``: the primal raises, is not a finite real scalar, or is not
  deterministic (the program is discarded and replaced);
* ``pass``: every derivative tangentish returned matches the reference;
* ``refused``: tangentish raised ``TransformError`` (acceptable);
* ``wrong``: a number that does not match (the failure this tool hunts);
* ``crash``: any other exception from tangentish (a bug, not a wrong number);
* ``nonsmooth``: nothing was wrong, but the finite differences were unstable
  (two step sizes disagree: a kink or a jump near the point), or the point is
  a kink (one-sided differences disagree and the derivative matches one side),
  so at least one comparison could not be made.

Checks, each against the primal evaluated on fresh copies of the arguments:
``grad`` (``tg.grad(f, wrt=all)`` vs central differences per element, step
1e-6 cross-checked with 1e-5), ``jvp`` (``tg.jvp`` with a random tangent vs
a directional central difference; its value vs the primal), ``value``
(``tg.value_and_grad``: the value equals the primal, the gradient equals
``grad``'s), ``inputs`` (a tangentish call may leave the user's arguments as
they were or change them exactly as the primal does; anything else is
wrong), ``dtype`` (a real argument gets a real gradient of its shape).

Precedence for the category: wrong > crash > refused > nonsmooth > pass.
"""
import atexit
import importlib.util
import itertools
import linecache
import os
import shutil
import signal
import sys
import tempfile
import threading
import traceback
import warnings
from dataclasses import dataclass, field

import numpy as np

import tangentish as tg

EPS = 1e-6
EPS2 = 1e-5
RTOL = 1e-4
ATOL = 1e-5
TIMEOUT_S = 20

_counter = itertools.count()
_tmpdir = None


def _dir():
    global _tmpdir
    if _tmpdir is None:
        _tmpdir = tempfile.mkdtemp(prefix="tangentish-fuzz-")
        atexit.register(shutil.rmtree, _tmpdir, True)
    return _tmpdir


@dataclass
class Result:
    category: str
    checks: dict = field(default_factory=dict)   # check name -> (status, detail)
    primal: float = None

    def failed(self):
        """Names of the checks with this result's category (what the shrinker keeps)."""
        return sorted(k for k, (st, _) in self.checks.items() if st == self.category)

    def summary(self):
        return "; ".join(f"{k}: {st}" + (f" ({d})" if d else "") for k, (st, d) in sorted(self.checks.items())
                         if st != "pass")


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout(f"program took more than {TIMEOUT_S} s")


class _Replay:
    """Stand-in for ``tg.stop_gradient`` in the reference module: records the values at the
    base point, replays them (as constants) at every other point."""

    def __init__(self):
        self.values, self.recording, self.i, self.mismatch = [], True, 0, False

    def start(self, recording):
        self.recording, self.i = recording, 0
        if recording:
            self.values = []

    def __call__(self, v):
        if self.recording:
            self.values.append(np.array(v, copy=True) if isinstance(v, np.ndarray) else v)
            return v
        if self.i >= len(self.values):
            self.mismatch = True
            return v
        out = self.values[self.i]
        self.i += 1
        return np.array(out, copy=True) if isinstance(out, np.ndarray) else out


def load(source, extra=None):
    """Import ``source`` as a real module file (tangentish reads source with ``inspect``)."""
    name = f"tangentish_fuzz_prog_{os.getpid()}_{next(_counter)}"
    path = os.path.join(_dir(), name + ".py")
    with open(path, "w") as fh:
        fh.write(source)
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    mod.__dict__.update(extra or {})
    sys.modules[name] = mod
    try:
        spec.loader.exec_module(mod)
    except BaseException:
        unload(mod)
        raise
    return mod


def unload(mod):
    path = mod.__dict__.get("__file__")
    sys.modules.pop(mod.__name__, None)
    if path:
        linecache.cache.pop(path, None)
        try:
            os.remove(path)
        except OSError:
            pass


def copy_args(args):
    return [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]


def same_args(a, b):
    return all(type(x) is type(y) and np.shape(x) == np.shape(y) and np.array_equal(x, y)
               for x, y in zip(a, b))


class Evaluator:
    """Evaluates ``f`` on copies of arguments, with the module's reseed hook first."""

    def __init__(self, mod, replay=None):
        self.mod, self.f, self.replay = mod, mod.f, replay

    def reseed(self):
        hook = getattr(self.mod, "_fuzz_reseed", None)
        if hook is not None:
            hook()

    def __call__(self, args, record=False):
        self.reseed()
        if self.replay is not None:
            self.replay.start(record)
        return self.f(*copy_args(args))


def _scalar(v):
    if isinstance(v, (bool, np.bool_)) or np.ndim(v) != 0:
        return None
    if not isinstance(v, (float, int, np.floating, np.integer)):
        return None
    v = float(v)
    return v if np.isfinite(v) else None


def _fd_partial(ev, args, i, eps):
    x = np.array(args[i], dtype=float)
    out = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        vals = []
        for step in (eps, -eps):
            xs = x.copy()
            xs[idx] += step
            new = list(args)
            new[i] = xs if isinstance(args[i], np.ndarray) else float(xs)
            vals.append(float(ev(new)))
        out[idx] = (vals[0] - vals[1]) / (2 * eps)
    return out


def _fd_dir(ev, args, tangents, eps):
    def at(h):
        return float(ev([a if t is None else a + h * t if isinstance(a, np.ndarray) else float(a + h * t)
                         for a, t in zip(args, tangents)]))
    return (at(eps) - at(-eps)) / (2 * eps)


def _one_sided(ev, args, i, eps):
    """(forward, backward) differences of ``f`` in argument ``i``: they disagree at a
    kink (a branch or a max that switches exactly at the point), where a central
    difference averages the two sides and no derivative is right."""
    x = np.array(args[i], dtype=float)
    v0 = float(ev(args))
    fwd, bwd = np.zeros_like(x), np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        for step, out in ((eps, fwd), (-eps, bwd)):
            xs = x.copy()
            xs[idx] += step
            new = list(args)
            new[i] = xs if isinstance(args[i], np.ndarray) else float(xs)
            out[idx] = (float(ev(new)) - v0) / step
    return fwd, bwd


def _dir_one_sided(ev, args, tangents, eps):
    def at(h):
        return float(ev([a if t is None else a + h * t if isinstance(a, np.ndarray) else float(a + h * t)
                         for a, t in zip(args, tangents)]))
    v0 = at(0.0)
    return (at(eps) - v0) / eps, (v0 - at(-eps)) / eps


def _kinked(got, fwd, bwd, scale):
    """At a kink the one-sided differences differ and a derivative is right on one side:
    ``got`` must match, element by element, the forward or the backward difference."""
    got, fwd, bwd = (np.real(np.asarray(v, dtype=complex)) for v in (got, fwd, bwd))
    tol = 1e-3 * scale
    return bool(np.any(np.abs(fwd - bwd) > 2 * tol)
                and np.all(np.minimum(np.abs(got - fwd), np.abs(got - bwd)) <= tol))


def _stable(a, b, scale):
    return np.all(np.abs(np.asarray(a) - np.asarray(b)) <= 1e-4 * scale + 1e-4 * np.abs(b))


def _close(got, want, scale):
    got = np.asarray(got)
    if np.iscomplexobj(got):
        if np.any(np.imag(got) != 0):
            return False
        got = np.real(got)
    return bool(np.all(np.abs(got - want) <= ATOL * scale + RTOL * np.abs(want)))


def _err(e):
    tb = traceback.extract_tb(e.__traceback__)
    where = f" at {os.path.basename(tb[-1].filename)}:{tb[-1].lineno}" if tb else ""
    msg = str(e).splitlines()[0][:200] if str(e) else ""
    return f"{type(e).__name__}: {msg}{where}"


def _call(fn, checks, name):
    """Run one tangentish call; record refused/crash in ``checks``; return (ok, value)."""
    try:
        return True, fn()
    except tg.TransformError as e:
        checks[name] = ("refused", _err(e))
    except _Timeout as e:
        checks[name] = ("crash", f"timeout: {e}")
    except Exception as e:  # noqa: BLE001 - any other exception is a crash to report
        checks[name] = ("crash", _err(e))
    return False, None


def _fmt(a):
    return np.array2string(np.asarray(a), precision=4, separator=", ", max_line_width=200)


def check(program, source=None):
    """Check ``program`` (or ``source``, a variant of its text, with the same arguments)."""
    timed = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    if timed:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(TIMEOUT_S)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return _check(program, program.source if source is None else source)
    except _Timeout:
        return Result("invalid", {"primal": ("invalid", "timeout")})
    finally:
        if timed:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)


def _check(program, source):
    args = program.args
    wrt = program.wrt_indices
    try:
        mod = load(source)
    except BaseException as e:  # noqa: BLE001 - a program that does not import is invalid
        if isinstance(e, KeyboardInterrupt):
            raise
        return Result("invalid", {"primal": ("invalid", _err(e))})
    ref = None
    try:
        replay = None
        if "tg.stop_gradient" in source:
            replay = _Replay()
            ref = load(source.replace("tg.stop_gradient", "_fuzz_sg"), {"_fuzz_sg": replay})
        return _check_loaded(program, mod, ref, replay, args, wrt)
    finally:
        unload(mod)
        if ref is not None:
            unload(ref)


def _check_loaded(program, mod, refmod, replay, args, wrt):
    ev = Evaluator(mod)
    checks = {}
    # -- the primal: must run, be a finite real scalar, deterministic
    try:
        primal_args = copy_args(args)
        ev.reseed()
        v0 = _scalar(mod.f(*primal_args))
        v1 = _scalar(ev(args))
    except _Timeout:
        raise
    except Exception as e:  # noqa: BLE001
        return Result("invalid", {"primal": ("invalid", _err(e))})
    if v0 is None or v1 is None or v0 != v1:
        return Result("invalid", {"primal": ("invalid", f"not a deterministic finite scalar: {v0!r} {v1!r}")})
    primal_mutates = not same_args(primal_args, args)

    def inputs_ok(after, name):
        if same_args(after, args) or (primal_mutates and same_args(after, primal_args)):
            return
        detail = f"{name} changed the arguments: {_fmt(after[0])} (given {_fmt(args[0])})"
        checks["inputs"] = ("wrong", detail)

    f = mod.f
    # -- W10: warm every cache, then redefine the callee
    if hasattr(mod, "_redefine"):
        for fn in (lambda: tg.grad(f, wrt=wrt)(*copy_args(args)),
                   lambda: tg.jvp(f, copy_args(args), [(np.ones_like(a) if isinstance(a, np.ndarray) else 1.0)
                                                     if i in wrt else None for i, a in enumerate(args)]),
                   lambda: tg.value_and_grad(f, wrt=wrt)(*copy_args(args))):
            try:
                ev.reseed()
                fn()
            except Exception:  # noqa: BLE001 - judged after the redefinition
                pass
        mod._redefine()
        try:
            v0 = _scalar(ev(args))
        except Exception as e:  # noqa: BLE001
            return Result("invalid", {"primal": ("invalid", "after _redefine: " + _err(e))})
        if v0 is None:
            return Result("invalid", {"primal": ("invalid", "after _redefine: not finite")})
        primal_args = copy_args(args)
        ev.reseed()
        mod.f(*primal_args)
        primal_mutates = not same_args(primal_args, args)

    # reference evaluator (stop_gradient replayed as a constant)
    if refmod is not None:
        rev = Evaluator(refmod, replay)
        if _scalar(rev(args, record=True)) != v0:
            return Result("invalid", {"primal": ("invalid", "reference module disagrees")})
    else:
        rev = ev

    # -- grad
    grads = None
    cargs = copy_args(args)
    ev.reseed()
    ok, got = _call(lambda: tg.grad(f, wrt=wrt)(*cargs), checks, "grad")
    if ok:
        inputs_ok(cargs, "grad")
        grads = got
        if not isinstance(got, tuple) or len(got) != len(wrt):
            checks["grad"] = ("wrong", f"expected a tuple of {len(wrt)} gradients, got {type(got).__name__}")
            grads = None
    # -- jvp
    rng = np.random.default_rng([program.seed, program.index, program.attempt])
    tangents = [(rng.normal(size=np.shape(a)) if isinstance(a, np.ndarray) else float(rng.normal()))
                if i in wrt else None for i, a in enumerate(args)]
    cargs = copy_args(args)
    ev.reseed()
    ok, got = _call(lambda: tg.jvp(f, cargs, tangents), checks, "jvp")
    jvp_val = None
    if ok:
        inputs_ok(cargs, "jvp")
        try:
            y, ydot = got
            if _scalar(y) is None or abs(float(y) - v0) > 1e-9 * max(1.0, abs(v0)):
                checks["jvp_value"] = ("wrong", f"jvp value {y!r} != primal {v0!r}")
            jvp_val = ydot
        except Exception as e:  # noqa: BLE001
            checks["jvp"] = ("wrong", f"jvp returned {got!r:.100}: {_err(e)}")
    # -- value_and_grad
    cargs = copy_args(args)
    ev.reseed()
    ok, got = _call(lambda: tg.value_and_grad(f, wrt=wrt)(*cargs), checks, "value")
    if ok:
        inputs_ok(cargs, "value_and_grad")
        try:
            val, g2 = got
            if _scalar(val) is None or abs(float(val) - v0) > 1e-9 * max(1.0, abs(v0)):
                checks["value"] = ("wrong", f"value_and_grad value {val!r} != primal {v0!r}")
            elif grads is not None and not all(
                    np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True)
                    for a, b in zip(g2, grads)):
                checks["value"] = ("wrong", "value_and_grad's gradient differs from grad's")
        except Exception as e:  # noqa: BLE001
            checks["value"] = ("wrong", f"value_and_grad returned {got!r:.100}: {_err(e)}")

    # -- references, only where a number came back
    if grads is not None:
        for i, g in zip(wrt, grads):
            a = args[i]
            name = f"grad[{program.argnames[i]}]"
            if np.shape(g) != np.shape(a):
                checks[name] = ("wrong", f"gradient shape {np.shape(g)} != argument shape {np.shape(a)}")
                continue
            if np.iscomplexobj(g) or not np.issubdtype(np.asarray(g).dtype, np.number):
                checks[name] = ("wrong", f"gradient of a real argument has dtype {np.asarray(g).dtype}: {_fmt(g)}")
                continue
            fd1 = _fd_partial(rev, args, i, EPS)
            fd2 = _fd_partial(rev, args, i, EPS2)
            scale = max(1.0, float(np.max(np.abs(fd1))), abs(v0))
            if replay is not None and replay.mismatch:
                checks[name] = ("nonsmooth", "stop_gradient replay lost track")
            elif not _stable(fd1, fd2, scale):
                checks[name] = ("nonsmooth", "finite differences unstable")
            elif not _close(g, fd1, scale):
                if _kinked(g, *_one_sided(rev, args, i, EPS2), scale):
                    checks[name] = ("nonsmooth", "one-sided differences disagree (a kink)")
                else:
                    checks[name] = ("wrong", f"got {_fmt(g)} want {_fmt(fd1)}")
    if jvp_val is not None:
        d1 = _fd_dir(rev, args, tangents, EPS)
        d2 = _fd_dir(rev, args, tangents, EPS2)
        scale = max(1.0, abs(d1), abs(v0))
        if np.ndim(jvp_val) != 0:
            checks["jvp"] = ("wrong", f"tangent of a scalar output has shape {np.shape(jvp_val)}")
        elif not _stable(d1, d2, scale):
            checks["jvp"] = ("nonsmooth", "finite differences unstable")
        elif not _close(jvp_val, d1, scale):
            if _kinked(jvp_val, *_dir_one_sided(rev, args, tangents, EPS2), scale):
                checks["jvp"] = ("nonsmooth", "one-sided differences disagree (a kink)")
            else:
                checks["jvp"] = ("wrong", f"got {jvp_val!r} want {d1!r}")
    for name in ("grad", "jvp", "value"):
        checks.setdefault(name, ("pass", ""))
    statuses = {st for st, _ in checks.values()}
    for cat in ("wrong", "crash", "refused", "nonsmooth"):
        if cat in statuses:
            return Result(cat, checks, v0)
    return Result("pass", checks, v0)
