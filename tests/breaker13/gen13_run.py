"""Run every gen13_cases program through grad (specialized and generic), vjp, jvp and
hvp; compare with central differences, autograd, and (--old) the previous main's
results.  Usage:
  PYTHONPATH=<tree> python gen13_run.py --dump OUT.pkl     # grads only, any tangentish
  PYTHONPATH=<tree> python gen13_run.py [--old OLD.pkl] [-k substring]
Prints one verdict line per case: OK / WRONG / CRASH / REFUSED / RAISES-LIKE-PRIMAL."""
import copy
import pickle
import sys
import traceback
import types
import warnings

import numpy as np

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import gen13_cases  # noqa: E402
import tangentish as tg  # noqa: E402

warnings.simplefilter("ignore")


def is_real_float(v):
    if isinstance(v, bool):
        return False
    if isinstance(v, float):
        return True
    return isinstance(v, (np.ndarray, np.generic)) and np.issubdtype(np.asarray(v).dtype, np.floating)


def cp(args):
    return tuple(copy.deepcopy(a) for a in args)


def to64(v):
    if isinstance(v, np.ndarray) and np.issubdtype(v.dtype, np.floating):
        return v.astype(np.float64)
    if isinstance(v, np.floating):
        return np.float64(v)
    return v


def shifted(args, p, d, h):
    out = list(cp(args))
    a = out[p]
    if isinstance(a, np.ndarray):
        out[p] = a + h * d.reshape(a.shape)
    else:
        out[p] = type(a)(a + h * float(d)) if not isinstance(a, float) else a + h * float(d)
    return tuple(out)


def fd_grad(f, args, p, h=1e-6):
    a = args[p]
    shape = np.shape(a)
    g = np.zeros(shape, dtype=np.float64)
    flat = g.reshape(-1)
    for k in range(flat.size):
        e = np.zeros(flat.size)
        e[k] = 1.0
        fp = f(*shifted(args, p, e.reshape(shape) if shape else e[0], h))
        fm = f(*shifted(args, p, e.reshape(shape) if shape else e[0], -h))
        flat[k] = (np.asarray(fp, np.float64) - np.asarray(fm, np.float64)).sum() / (2 * h)
    return g


def close(a, b, rtol, atol=1e-6):
    try:
        a = np.asarray(a, np.complex128 if np.iscomplexobj(a) else np.float64)
        b = np.asarray(b, np.complex128 if np.iscomplexobj(b) else np.float64)
    except Exception:
        return False
    if a.shape != b.shape:
        return False
    return np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True)


def same(a, b):
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(map(same, a, b))
    return type(a) is type(b) and np.array_equal(a, b, equal_nan=True) and \
        getattr(a, "dtype", None) == getattr(b, "dtype", None) and np.shape(a) == np.shape(b)


def same_kind(a, b):
    """Same Python type, dtype and shape (values compared elsewhere)."""
    return type(a) is type(b) and getattr(a, "dtype", None) == getattr(b, "dtype", None) and \
        np.shape(a) == np.shape(b)


def describe(vals):
    return [f"{type(v).__name__}/{getattr(v, 'dtype', '-')}/{np.shape(v)}" for v in vals]


def autograd_version(f):
    import autograd.numpy as anp  # only when checking
    g = dict(f.__globals__)
    g["np"] = anp
    return types.FunctionType(f.__code__, g, f.__name__, f.__defaults__, f.__closure__)


def ag_grad(f, args, p):
    import autograd
    try:
        return np.asarray(autograd.grad(autograd_version(f), p)(*cp(tuple(map(to64, args)))))
    except Exception:
        return None


def check_case(name, f, args, opts, old):
    notes = []
    try:
        primal = f(*cp(args))
        primal_exc = None
    except Exception as exc:   # the primal raises: the derivative must raise the same
        primal_exc = exc
    wrt = tuple(i for i, a in enumerate(args) if is_real_float(a) or
                (opts.get("complex") and np.iscomplexobj(a)))
    if primal_exc is not None:
        try:
            tg.grad(f, wrt=wrt)(*cp(args))
        except Exception as exc:
            if type(exc) is type(primal_exc):
                return "RAISES-LIKE-PRIMAL", ""
            return "WRONG-ERROR", f"primal {type(primal_exc).__name__}: {primal_exc}; tg {type(exc).__name__}: {exc}"
        return "WRONG", f"primal raises {type(primal_exc).__name__} but grad returns"
    if opts.get("complex"):
        try:
            tg.check_grads(f, cp(args), order=1)
        except tg.TransformError as exc:
            return "REFUSED", str(exc)[:300]
        except AssertionError as exc:
            return "WRONG", str(exc)[:500]
        except Exception:
            return "CRASH", traceback.format_exc()[-800:]
        return "OK", ""
    low = opts.get("low") or \
        any(np.asarray(a).dtype in (np.float32, np.float16) for a in args if is_real_float(a))
    step = opts.get("h", 1e-6)     # a larger step where the function rounds to float32 inside
    rtol = 2e-2 if low else 1e-5
    f64 = lambda *a: f(*tuple(map(to64, a)))   # noqa: E731
    args64 = tuple(map(to64, args))
    # grad
    try:
        df = tg.grad(f, wrt=wrt)
        given = cp(args)
        g = df(*given)
    except (tg.TransformError, tg.OutputError) as exc:
        return "REFUSED", str(exc)[:400]
    except Exception:
        return "CRASH", "grad: " + traceback.format_exc()[-1200:]
    g = g if isinstance(g, tuple) else (g,)
    verdict = "OK"
    changed = [i for i, (a, b) in enumerate(zip(given, args))
               if isinstance(b, np.ndarray) and not np.array_equal(a, b, equal_nan=True)]
    if changed:           # the derivative wrote into the caller's arrays
        verdict = "WRONG"
        notes.append(f"grad changed its arguments {changed}")
    for k, p in enumerate(wrt):
        ref = fd_grad(f64, args64, p, step)
        if opts.get("nan"):
            ag = ag_grad(f, args, p)
            if ag is not None and not close(g[k], ag, rtol):
                verdict = "WRONG"
                notes.append(f"grad[{p}] vs autograd: {g[k]} vs {ag}")
            continue
        if not close(g[k], ref, rtol, 1e-5 if not low else 1e-2):
            verdict = "WRONG"
            notes.append(f"grad[{p}] vs FD: {g[k]!r} vs {ref!r}")
        if np.shape(g[k]) != np.shape(args[p]):
            verdict = "WRONG"
            notes.append(f"grad[{p}] shape {np.shape(g[k])} vs arg {np.shape(args[p])}")
        ag = ag_grad(f, args, p)
        if ag is not None and not close(g[k], ag, max(rtol, 1e-7)):
            notes.append(f"grad[{p}] vs autograd differs: {g[k]} vs {ag}")
    try:
        front = tuple(df.prefix)
        gen = df.generated(*front, *cp(args))
        spec = df._for_args(cp(args), {}).fn(*front, *cp(args))
        if not same(gen, spec):
            gen_t = gen if isinstance(gen, tuple) else (gen,)
            spec_t = spec if isinstance(spec, tuple) else (spec,)
            if not all(close(a, b, 1e-12) for a, b in zip(gen_t, spec_t)):
                verdict = "WRONG"
            notes.append(f"specialized != generic (raw): {spec!r} vs {gen!r}")
    except Exception:
        verdict = "CRASH"
        notes.append("generic: " + traceback.format_exc()[-600:])
    if old is not None and name in old:
        o = old[name]
        if isinstance(o, str):
            notes.append(f"old main: {o[:200]}")
        else:
            o = o if isinstance(o, tuple) else (o,)
            if not all(close(a, b, 1e-9) for a, b in zip(o, g)):
                notes.append(f"old main differs: {o!r}")
            elif not all(map(same_kind, o, g)):
                notes.append(f"old main type differs: {describe(o)} vs {describe(g)}")
    if old is not None and name + "#raw" in old and not isinstance(old[name + "#raw"], str):
        try:
            raw = df._for_args(cp(args), {}).fn(*tuple(df.prefix), *cp(args))
            o, r = old[name + "#raw"], raw
            o, r = (o if isinstance(o, tuple) else (o,)), (r if isinstance(r, tuple) else (r,))
            if not all(map(same_kind, o, r)):
                notes.append(f"old main raw type differs: {describe(o)} vs {describe(r)}")
        except Exception as exc:
            notes.append(f"raw: {type(exc).__name__}: {exc}")
    # value_and_grad: the primal's value and grad's derivatives
    try:
        val, g2 = tg.value_and_grad(f, wrt=wrt)(*cp(args))
        g2 = g2 if isinstance(g2, tuple) else (g2,)
        if not close(val, primal, 1e-12, 0.0):
            verdict = "WRONG"
            notes.append(f"value_and_grad value: {val!r} vs primal {primal!r}")
        if not all(close(a, b, 1e-12, 0.0) for a, b in zip(g2, g)):
            verdict = "WRONG"
            notes.append(f"value_and_grad grad: {g2!r} vs grad {g!r}")
    except (tg.TransformError, tg.OutputError) as exc:
        notes.append(f"value_and_grad refused: {str(exc)[:200]}")
    except Exception:
        verdict = "CRASH"
        notes.append("value_and_grad: " + traceback.format_exc()[-600:])
    # vjp
    try:
        y, pb = tg.vjp(f, *cp(args))
        dy = 0.7 if np.ndim(y) == 0 else np.full(np.shape(y), 0.7)
        cts = pb(dy)
        if np.ndim(y) and not np.all(dy == 0.7):
            verdict = "WRONG"
            notes.append("the pullback changed the cotangent it was given")
        cts = cts if isinstance(cts, tuple) else (cts,)
        for k, p in enumerate(wrt):
            if not opts.get("nan") and not close(cts[p], 0.7 * np.asarray(g[k], np.float64), rtol, 1e-5):
                verdict = "WRONG"
                notes.append(f"vjp[{p}]: {cts[p]!r} vs 0.7*grad {g[k]!r}")
    except (tg.TransformError, TypeError) as exc:
        notes.append(f"vjp refused: {str(exc)[:200]}")
    except Exception:
        verdict = "CRASH"
        notes.append("vjp: " + traceback.format_exc()[-600:])
    # jvp
    rng = np.random.default_rng(5)
    tans = tuple(
        (rng.standard_normal(np.shape(a)).astype(np.asarray(a).dtype) if isinstance(a, np.ndarray)
         else type(a)(rng.standard_normal()) if not isinstance(a, float) else float(rng.standard_normal()))
        if i in wrt else
        (np.zeros_like(a, dtype=float) if isinstance(a, np.ndarray) else 0.0)
        for i, a in enumerate(args))
    try:
        _, ydot = tg.jvp(f, cp(args), tans)
        ref = sum(np.sum(np.asarray(fd_grad(f64, args64, p, step), np.float64) * np.asarray(tans[p], np.float64))
                  for p in wrt)
        ref = np.reshape(ref, np.shape(ydot)) if np.size(ydot) == 1 else ref   # keepdims outputs
        if not opts.get("nan") and not close(ydot, ref, rtol, 1e-5 if not low else 1e-2):
            verdict = "WRONG"
            notes.append(f"jvp: {ydot!r} vs FD {ref!r}")
    except (tg.TransformError, TypeError) as exc:
        notes.append(f"jvp refused: {str(exc)[:200]}")
    except Exception:
        verdict = "CRASH"
        notes.append("jvp: " + traceback.format_exc()[-600:])
    # hvp on the first wrt argument (float64 only)
    if wrt and not low and not opts.get("nan"):
        p = wrt[0]
        v = rng.standard_normal(np.shape(args[p])) if isinstance(args[p], np.ndarray) else 0.6
        try:
            hv = tg.hvp(f, wrt=p)(*cp(args), v)
            gp = tg.grad(f, wrt=p)
            h = 1e-5
            ref = (np.asarray(gp(*shifted(args, p, np.asarray(v), h)), float)
                   - np.asarray(gp(*shifted(args, p, np.asarray(v), -h)), float)) / (2 * h)
            if not close(hv, ref, 1e-4, 1e-4):
                verdict = "WRONG"
                notes.append(f"hvp[{p}]: {hv!r} vs FD of grad {ref!r}")
            rr = reverse_over_reverse(f, args, p, v)
            if isinstance(rr, str):
                notes.append(rr)
            elif not close(rr, ref, 1e-4, 1e-4):
                verdict = "WRONG"
                notes.append(f"grad of grad[{p}]: {rr!r} vs FD of grad {ref!r}")
        except tg.TransformError as exc:
            notes.append(f"hvp refused: {str(exc)[:200]}")
        except Exception:
            verdict = "CRASH"
            notes.append("hvp: " + traceback.format_exc()[-600:])
    return verdict, "\n    ".join(notes)


def reverse_over_reverse(f, args, p, v):
    """grad of ``sum(grad(f)(args) * v)`` w.r.t. argument ``p`` (the generated gradient
    differentiated again in reverse mode), or a note saying why there is none."""
    df1 = tg.grad(f, wrt=p)

    def gsum(*a):
        return np.sum(df1(*a) * v)
    try:
        return tg.grad(gsum, wrt=p)(*cp(args))
    except (tg.TransformError, tg.OutputError) as exc:
        return f"grad of grad refused: {str(exc)[:200]}"


def dump(path, generic=False):
    out = {}
    for name, f, args, opts in gen13_cases.CASES:
        wrt = tuple(i for i, a in enumerate(args) if is_real_float(a) or
                    (opts.get("complex") and np.iscomplexobj(a)))
        try:
            df = tg.grad(f, wrt=wrt)
            out[name] = df.generated(*df.prefix, *cp(args)) if generic else df(*cp(args))
        except Exception as exc:
            out[name] = f"{type(exc).__name__}: {exc}"
            continue
        try:    # the specialized code's raw result (before api/results converts it)
            out[name + "#raw"] = df._for_args(cp(args), {}).fn(*tuple(df.prefix), *cp(args))
        except Exception as exc:
            out[name + "#raw"] = f"{type(exc).__name__}: {exc}"
    with open(path, "wb") as fh:
        pickle.dump(out, fh)


def main(argv):
    global gen13_cases
    if "--cases" in argv:
        gen13_cases = __import__(argv[argv.index("--cases") + 1])
    if "--dump" in argv:
        return dump(argv[argv.index("--dump") + 1], "--generic" in argv)
    old = None
    if "--old" in argv:
        with open(argv[argv.index("--old") + 1], "rb") as fh:
            old = pickle.load(fh)
    key = argv[argv.index("-k") + 1] if "-k" in argv else ""
    counts = {}
    for name, f, args, opts in gen13_cases.CASES:
        if key not in name:
            continue
        try:
            verdict, notes = check_case(name, f, args, opts, old)
        except Exception:      # the harness itself (finite differences across a jump)
            verdict, notes = "HARNESS", traceback.format_exc()[-600:]
        counts[verdict] = counts.get(verdict, 0) + 1
        print(f"{verdict} {name}" + (f"\n    {notes}" if notes else ""), flush=True)
    print("COUNTS", counts)


if __name__ == "__main__":
    main(sys.argv[1:])
