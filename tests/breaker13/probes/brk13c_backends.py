"""brk13c: this round's rewrites on other array libraries (array_api_strict, Dask):
each corpus function's gradient for that library's arrays against numpy's gradient
(and the error, where numpy's primal raises)."""
import sys
import warnings

import numpy as np

import tangentish as tg

sys.path.insert(0, __file__.rsplit("/", 2)[0])
import gen13_accumulators as A  # noqa: E402
import gen13_early_exits as E  # noqa: E402
import gen13_shape_checks as S  # noqa: E402
import gen13_slices as L  # noqa: E402
import gen13_callees as C  # noqa: E402

warnings.simplefilter("ignore")
CASES = [
    (A.acc_elem, (np.array([0.3, -0.5, 0.8]),)), (A.acc_values, (np.array([0.3, -0.5, 0.8]),)),
    (A.acc_break, (np.array([0.3, -1.5, 0.8]),)), (A.acc_rows, (np.ones((3, 2)) * 0.3, np.array([0.5, -0.2]))),
    (A.acc_elem, (np.zeros(0),)),
    (E.er_basic, (np.array([0.1, 0.9, 0.2]),)), (E.er_basic, (np.array([0.1, 0.2]),)),
    (E.er_acc_sum_fallback, (np.array([0.1, 0.2]),)), (E.er_mean, (np.array([0.1, 0.2]),)),
    (L.xent, (np.arange(12.0).reshape(4, 3) / 7, np.eye(3)[[0, 1, 2, 0]])),
    (L.xent, (np.arange(12.0).reshape(4, 3) / 7, np.eye(4)[[0, 1, 2, 0]])),
    (L.xent_over_n, (np.arange(12.0).reshape(4, 3) / 7, np.eye(3)[[0, 1, 2, 0]])),
    (L.sl_tail_mul, (np.array([0.3, -0.5, 0.8]),)), (L.sl_inplace_update, (np.array([0.3, -0.5, 0.8]),)),
    (S.logistic_loss, (np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.arange(6) % 2 * 1.0)),
    (S.logistic_loss, (np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.arange(5) % 2 * 1.0)),
    (S.logistic_prob, (np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.arange(6) % 2 * 1.0)),
    (S.logistic_prob, (np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.zeros(0))),
    (C.c_calls, (np.ones((5, 3)) * 0.2, np.ones((3, 4)) * 0.1, np.ones(4) * 0.1, np.ones((4, 2)) * 0.3,
                 np.ones(2) * 0.1)),
    (C.c_sq_mixed, (np.array([0.3, -0.5, 0.8]),)),
]


def numpy_result(fn, args, wrt):
    try:
        fn(*args)
    except Exception as exc:
        return type(exc)
    return tg.grad(fn, wrt=wrt)(*args)


def run(lib, convert, back):
    for fn, args in CASES:
        wrt = tuple(range(len(args)))
        want = numpy_result(fn, args, wrt)
        try:
            got = tg.grad(fn, wrt=wrt)(*map(convert, args))
            got = tuple(map(back, got if isinstance(got, tuple) else (got,)))
        except Exception as exc:
            ok = isinstance(want, type) and isinstance(exc, want)
            print(f"{lib} {fn.__name__}{[np.shape(a) for a in args]}: "
                  f"{'OK raises' if ok else 'DIFFERS'} {type(exc).__name__}: {str(exc)[:150]}")
            continue
        if isinstance(want, type):
            print(f"{lib} {fn.__name__}{[np.shape(a) for a in args]}: WRONG returns where numpy raises {want.__name__}")
            continue
        want = want if isinstance(want, tuple) else (want,)
        ok = all(np.shape(a) == np.shape(b) and np.allclose(a, b) for a, b in zip(got, want))
        print(f"{lib} {fn.__name__}{[np.shape(a) for a in args]}: {'OK' if ok else 'WRONG'}")


if __name__ == "__main__":
    import array_api_strict as xps   # noqa: E402  (only for this probe)
    run("array_api_strict", lambda a: xps.asarray(a), lambda a: np.asarray(a))
    import dask.array as da          # noqa: E402
    run("dask", lambda a: da.from_array(a, chunks=2), lambda a: np.asarray(a.compute() if hasattr(a, "compute") else a))
