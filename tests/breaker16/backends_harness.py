"""brk16 harness: run every program of backends_corpus.py through grad, value_and_grad,
vjp, jvp and hvp on array_api_strict and Dask arguments, against the NumPy derivative
of the same function (itself checked by central finite differences).

python tests/breaker16/backends_harness.py [name-substring ...]
Prints one line per (case, library, operator) that is not OK, then counts per class."""
import collections
import zlib
import sys
import traceback

import array_api_strict
import dask
import dask.array as da
import numpy as np

import tangentish as tg
from tangentish.core.errors import TransformError

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
import backends_corpus as corpus  # noqa: E402  (a sibling file, run as a script)

STRICT_T = array_api_strict._array_object.Array


def _never(*a, **k):
    raise AssertionError("NEVER-COMPUTE: a Dask array was computed while the derivative was built")


def make(spec, rng):
    if isinstance(spec, dict):
        return {k: make(v, rng) for k, v in spec.items()}
    if isinstance(spec, list):
        return [make(v, rng) for v in spec]
    if isinstance(spec, tuple) and all(isinstance(s, int) for s in spec):
        return np.asarray(rng.normal(size=spec)) if spec else np.asarray(rng.normal())
    if isinstance(spec, tuple):
        return tuple(make(v, rng) for v in spec)
    if isinstance(spec, corpus.Pos):
        return rng.random(spec.shape) + 0.5
    if isinstance(spec, corpus.F32):
        return rng.normal(size=spec.shape).astype(np.float32)
    if isinstance(spec, corpus.NumpyOnly):
        return rng.normal(size=spec.shape)
    if isinstance(spec, corpus.Data):
        return spec.value.copy()
    if isinstance(spec, corpus.Keep):
        return spec.value
    raise TypeError(spec)


def to_lib(lib, value, spec, chunks):
    if isinstance(spec, dict):
        return {k: to_lib(lib, value[k], spec[k], chunks) for k in spec}
    if isinstance(spec, list):
        return [to_lib(lib, v, s, chunks) for v, s in zip(value, spec)]
    if isinstance(spec, tuple) and not all(isinstance(s, int) for s in spec):
        return tuple(to_lib(lib, v, s, chunks) for v, s in zip(value, spec))
    if isinstance(spec, corpus.NumpyOnly):
        return value
    if isinstance(spec, corpus.Keep) and not spec.convert:
        return value
    if not isinstance(value, np.ndarray):
        return value
    return convert_array(lib, value, chunks)


def convert_array(lib, a, chunks=None):
    if lib == "strict":
        return array_api_strict.asarray(a)
    if a.ndim == 0:
        return da.from_array(a)
    return da.from_array(a, chunks=chunks if chunks is not None else 2)


def leaves(x):
    if isinstance(x, dict):
        for k in sorted(x):
            yield from leaves(x[k])
    elif isinstance(x, (list, tuple)):
        for v in x:
            yield from leaves(v)
    else:
        yield x


def lib_type(lib):
    return STRICT_T if lib == "strict" else da.Array


def to_numpy(v):
    if isinstance(v, da.Array):
        return np.asarray(v.compute(scheduler="sync"))
    if isinstance(v, STRICT_T):
        return np.asarray(v)
    return np.asarray(v)


def fd_grad(f, args, pos, eps=1e-6):
    x = args[pos]
    g = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        a1 = list(args); a1[pos] = xp
        a2 = list(args); a2[pos] = xm
        g[idx] = (float(np.sum(f(*a1))) - float(np.sum(f(*a2)))) / (2 * eps)
    return g


def is_float_array(v):
    return isinstance(v, np.ndarray) and v.dtype.kind == "f"


class Outcome(Exception):
    def __init__(self, cls, detail):
        self.cls, self.detail = cls, detail


def classify_error(e, fname):
    msg = f"{type(e).__name__}: {e}"
    first = msg.splitlines()[0][:220]
    if "NEVER-COMPUTE" in msg:
        return "SILENT", "computed eagerly while building: " + tail(e)
    names_line = "backends_corpus.py:" in msg
    if isinstance(e, TransformError) and names_line:
        return "REFUSED-OK", first
    if isinstance(e, (TransformError, TypeError, ValueError, NotImplementedError)) and \
            ("tangentish" in msg or names_line):
        return ("REFUSED-OK" if names_line else "REFUSED-NOLINE"), first
    return "CRASH", first + " @ " + tail(e)


def tail(e):
    tb = traceback.extract_tb(e.__traceback__)
    frames = [f"{fr.filename.split('/')[-1]}:{fr.lineno}:{fr.name}" for fr in tb[-3:]]
    return " <- ".join(reversed(frames))


def compare(lib, got, expected, f32, what):
    gl, el = list(leaves(got)), list(leaves(expected))
    if len(gl) != len(el):
        raise Outcome("CRASH", f"{what}: {len(gl)} results, numpy {len(el)}")
    notes = []
    for g, e in zip(gl, el):
        if e is None:
            if g is not None:
                notes.append(f"{what}: None expected, got {type(g).__name__}")
            continue
        ein = isinstance(e, (np.ndarray, np.generic, float, int))
        if isinstance(e, float) and isinstance(g, float):
            pass
        elif not isinstance(g, lib_type(lib)):
            if ein and np.ndim(e) >= 0:
                raise Outcome("SILENT", f"{what}: result is {type(g).__module__}.{type(g).__name__}, "
                                        f"not {lib} (numpy gave {type(e).__name__})")
        gv, ev = to_numpy(g), np.asarray(e)
        if gv.shape != ev.shape:
            raise Outcome("WRONG", f"{what}: shape {gv.shape} vs numpy {ev.shape}")
        f32 = f32 or ev.dtype == np.float32 or gv.dtype == np.float32
        tol = dict(rtol=2e-4, atol=1e-5) if f32 else dict(rtol=1e-8, atol=1e-10)
        if not np.allclose(gv, ev, **tol, equal_nan=True):
            raise Outcome("WRONG", f"{what}: {np.round(gv.ravel()[:6], 6)} vs numpy "
                                   f"{np.round(ev.ravel()[:6], 6)}")
        if gv.dtype != ev.dtype and ev.dtype.kind == "f":
            notes.append(f"{what}: dtype {gv.dtype} vs numpy {ev.dtype}")
    return notes


def run_case(c, lib, ops, report, fd_notes):
    f, specs, wrt, chunks = c["f"], c["specs"], c["wrt"], c["chunks"]
    rng = np.random.default_rng(zlib.crc32(c["name"].encode()))
    args = tuple(make(s, rng) for s in specs)
    largs = tuple(to_lib(lib, a, s, chunks) for a, s in zip(args, specs))
    f32 = any(isinstance(s, corpus.F32) for s in specs)
    wrts = wrt if isinstance(wrt, tuple) else (wrt,)
    building = (lambda: dask.config.set(scheduler=_never)) if lib == "dask" else \
        (lambda: dask.config.set())
    name = c["name"]

    def attempt(op, ref, run):
        try:
            expected = ref()
        except Exception as e:  # numpy itself refused: not this task's subject
            report.append((name, lib, op, "NUMPY-REFUSED", f"{type(e).__name__}: {str(e).splitlines()[0][:150]}"))
            return
        try:
            with building():
                got = run()
            notes = compare(lib, got, expected, f32, op)
            report.append((name, lib, op, "DTYPE" if notes else "OK", "; ".join(notes)))
        except Outcome as o:
            report.append((name, lib, op, o.cls, o.detail))
        except Exception as e:
            cls, detail = classify_error(e, f.__name__)
            report.append((name, lib, op, cls, detail))

    scalar = c["scalar_out"]
    try:
        with building():
            f(*largs)
        primal_ok = ""
    except Exception as e:
        primal_ok = f"{type(e).__name__}: {str(e).splitlines()[0][:100]}"
    n0 = len(report)
    if "grad" in ops and scalar:
        attempt("grad", lambda: tg.grad(f, wrt=wrt)(*args), lambda: tg.grad(f, wrt=wrt)(*largs))
    if "vg" in ops and scalar:
        attempt("value_and_grad", lambda: tg.value_and_grad(f, wrt=wrt)(*args),
                lambda: tg.value_and_grad(f, wrt=wrt)(*largs))
    if "vjp" in ops:
        try:
            out = f(*args)
        except Exception as e:
            report.append((name, lib, "vjp", "NUMPY-REFUSED", f"primal: {e}"[:150]))
            return
        ct_np = jax_like_ct(out, rng)

        def ct_lib():
            return tuple_map(lambda a: convert_array(lib, a) if isinstance(a, np.ndarray) else a,
                             ct_np)
        attempt("vjp", lambda: vjp_wrt(tg.vjp(f, *args)[1](ct_np), wrts),
                lambda: vjp_wrt(tg.vjp(f, *largs)[1](ct_lib()), wrts))
    if "jvp" in ops:
        tangents_np = tuple(tangent_like(args[k], rng) if k in wrts else None
                            for k in range(len(args)))
        tangents_l = tuple(None if t is None else to_lib(lib, t, specs[k], chunks)
                           for k, t in enumerate(tangents_np))
        attempt("jvp", lambda: tg.jvp(f, args, tangents_np), lambda: tg.jvp(f, largs, tangents_l))
    if "hvp" in ops and scalar and len(wrts) == 1 and is_float_array(args[wrts[0]]):
        v = rng.normal(size=args[wrts[0]].shape).astype(args[wrts[0]].dtype)
        attempt("hvp", lambda: tg.hvp(f, wrt=wrts[0])(*args, v),
                lambda: tg.hvp(f, wrt=wrts[0])(*largs, to_lib(lib, v, specs[wrts[0]], chunks)))
    if primal_ok:
        for k in range(n0, len(report)):
            r = report[k]
            if r[3] not in ("OK", "NUMPY-REFUSED", "REFUSED-OK", "DTYPE"):
                report[k] = r[:3] + ("USER-INVALID(" + r[3] + ")", r[4] + "  [the function itself: " + primal_ok + "]")
    # finite differences of the NumPy derivative (once per case)
    if lib == "strict" and scalar and not f32:
        try:
            g = tg.grad(f, wrt=wrt)(*args)
            gs = g if isinstance(wrt, tuple) else (g,)
            for k, gk in zip(wrts, gs):
                if is_float_array(args[k]):
                    fd = fd_grad(f, args, k)
                    if not np.allclose(gk, fd, rtol=1e-4, atol=1e-5):
                        fd_notes.append(f"{name}: numpy grad wrt {k} {np.round(np.ravel(gk)[:5], 5)} "
                                        f"vs FD {np.round(fd.ravel()[:5], 5)}")
        except Exception as e:
            pass


def tuple_map(fn, x):
    if isinstance(x, tuple):
        return tuple(tuple_map(fn, v) for v in x)
    return fn(x)


def jax_like_ct(out, rng):
    if isinstance(out, tuple):
        return tuple(jax_like_ct(o, rng) for o in out)
    if np.ndim(out) == 0:
        return 1.0
    return rng.normal(size=np.shape(out))


def vjp_wrt(grads, wrts):
    return tuple(grads[k] for k in wrts)


def tangent_like(a, rng):
    if isinstance(a, dict):
        return {k: tangent_like(v, rng) for k, v in a.items()}
    if isinstance(a, list):
        return [tangent_like(v, rng) for v in a]
    if isinstance(a, tuple):
        return tuple(tangent_like(v, rng) for v in a)
    if isinstance(a, np.ndarray):
        return rng.normal(size=a.shape).astype(a.dtype) if a.dtype.kind == "f" else None
    return None


def main(argv):
    ops = {"grad", "vg", "vjp", "jvp", "hvp"}
    wanted = [a for a in argv if not a.startswith("-")]
    report, fd_notes = [], []
    cases = [c for c in corpus.CASES if not wanted or any(w in c["name"] for w in wanted)]
    for c in cases:
        for lib in ("strict", "dask"):
            run_case(c, lib, ops, report, fd_notes)
    counts = collections.Counter(r[3] for r in report)
    for r in report:
        if r[3] not in ("OK",) or "-v" in argv:
            print(" | ".join(r))
    print("\nFD disagreements of the NumPy derivative:", *fd_notes, sep="\n  ")
    print("\nprograms:", len(cases), " runs:", len(report), dict(counts))
    by_program = collections.Counter()
    for cls in sorted(counts):
        progs = sorted({(r[0], r[1]) for r in report if r[3] == cls})
        by_program[cls] = len(progs)
    print("(program, library) pairs per class:", dict(by_program))


if __name__ == "__main__":
    main(sys.argv[1:])
