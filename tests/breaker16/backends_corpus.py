"""brk16: programs users write, differentiated on Dask and array_api_strict arrays.

Each CASE is (name, function, argument specs, wrt, notes).  A spec is a shape tuple
(normal float64 data), or one of the wrappers below.  backends_harness.py runs them."""
import numpy as np


class Pos:            # positive float64 data of a shape
    def __init__(self, shape): self.shape = shape


class F32:            # float32 data of a shape
    def __init__(self, shape): self.shape = shape


class Keep:           # a value passed as it is (numpy index arrays, masks, Python numbers)
    def __init__(self, value, convert=False): self.value, self.convert = value, convert


class Data:           # given float data
    def __init__(self, value): self.value = np.asarray(value, dtype=float)


class NumpyOnly:      # a float array left as numpy in the library run (mixed parameters)
    def __init__(self, shape): self.shape = shape


CASES = []
# module-level numpy weights (Dask mixes numpy in; strict refuses)
_C17 = np.array([1.0, 2.0, 3.0])
_C18 = np.array([1.0, 3.0])
_C19 = np.arange(2.0)[:, None]
_C20 = np.arange(6.0)
_C21 = np.arange(12.0).reshape(4, 3)



def case(*specs, wrt=0, name=None, chunks=None, scalar_out=True):
    def deco(f):
        CASES.append(dict(name=name or f.__name__, f=f, specs=specs, wrt=wrt, chunks=chunks,
                          scalar_out=scalar_out))
        return f
    return deco


# ---------------- elementwise chains ----------------
@case((5,))
def e_sincos(x):
    return np.sum(np.sin(x) * np.cos(x))


@case((7,))
def e_gauss(x):
    return np.sum(np.exp(-x ** 2))


@case((4, 3))
def e_tanh_ratio(x):
    return np.sum(np.tanh(x) / (1.0 + x * x))


@case((5,))
def e_sqrt(x):
    return np.sum(np.sqrt(x * x + 1.0))


@case((5,))
def e_logaddexp(x):
    return np.sum(np.logaddexp(x, 2.0 * x))


@case((5,))
def e_softplus_log1p(x):
    return np.sum(np.log1p(np.exp(x)))


@case((5,))
def e_softplus_logaddexp(x):
    return np.sum(np.logaddexp(0.0, x))


@case((5,))
def e_poly(x):
    return np.sum(x ** 3 - 2.0 * x + 1)


@case((5,))
def e_sigmoid(x):
    return np.sum(1.0 / (1.0 + np.exp(-x)))


@case((5,))
def e_power(x):
    return np.sum(np.power(x, 3))


@case((5,))
def e_square_recip(x):
    return np.sum(np.square(x) + np.reciprocal(x * x + 1.0) + np.negative(x))


@case((5,))
def e_expm1_sinh(x):
    return np.sum(np.expm1(x) * np.sinh(x) + np.cosh(x))


@case((5,))
def e_arcs(x):
    return np.sum(np.arctan(x) + np.arcsinh(x))


@case(Pos((5,)))
def e_fracpow(x):
    return np.sum(x ** 2.5)


@case((5,))
def e_rpow(x):
    return np.sum(2.0 ** x)


@case(Pos((5,)))
def e_exp2_logs(x):
    return np.sum(np.exp2(x) + np.log2(x) + np.log10(x))


@case((5,), (5,), wrt=(0, 1))
def e_hypot(x, y):
    return np.sum(np.hypot(x, y))


@case((5,))
def e_sign(x):
    return np.sum(np.sign(x) * x ** 2)


@case((5,))
def e_floor(x):
    return np.sum(np.floor(x * 3.0) * x)


@case(Pos((5,)))
def e_cbrt(x):
    return np.sum(np.cbrt(x))


@case((5,), Pos((5,)), wrt=(0, 1))
def e_divide(x, y):
    return np.sum(x / y + np.true_divide(y, 2.0))


@case((5,), (5,), wrt=(0, 1))
def e_arctan2(x, y):
    return np.sum(np.arctan2(x, y))


@case((5,))
def e_mod(x):
    return np.sum((x % 0.7) * x)


@case((5,))
def e_floordiv(x):
    return np.sum((x // 0.5) * x + x)


@case((5,))
def e_sin2cos2(x):
    return np.sum(np.sin(x) ** 2 + np.cos(x) ** 2 * x)


@case(Pos((5,)))
def e_log_pow(x):
    return np.sum(np.log(x) ** 2 + x ** -1.5)


@case((5,), (5,), wrt=(0, 1))
def e_pow_both(x, y):
    return np.sum(np.abs(x) ** (y * 0.1 + 1.0))


@case((5,))
def e_arcsin(x):
    return np.sum(np.arcsin(np.tanh(x) * 0.5) + np.arccos(np.tanh(x) * 0.5))


@case((5,))
def e_tan(x):
    return np.sum(np.tan(x * 0.3))


@case((5,))
def e_deg(x):
    return np.sum(np.deg2rad(x) + np.radians(x) + np.degrees(x))


# ---------------- broadcasting of rank pairs (both differentiated) ----------------
def bcast(a, b):
    return np.sum((a * b + a - b) ** 2)


for _sa, _sb in [((), (3,)), ((3,), ()), ((3,), (4, 3)), ((4, 3), (3,)), ((4, 1), (1, 3)),
                 ((4, 1), (3,)), ((2, 4, 3), (3,)), ((2, 4, 3), (4, 3)), ((2, 4, 3), (4, 1)),
                 ((2, 1, 3), (4, 1)), ((1, 4, 1), (2, 1, 3)), ((), (2, 4, 3)), ((2, 4, 3), ()),
                 ((1,), (4, 3)), ((4, 3), (1, 1)), ((2, 4, 3), (2, 1, 1))]:
    case(_sa, _sb, wrt=(0, 1), name=f"bcast_{_sa}_{_sb}".replace(" ", ""))(bcast)


@case((4, 3), (3,), wrt=(0, 1))
def b_div_sub(A, b):
    return np.sum(A / (b * b + 1.0) - b)


@case((4, 3), (4, 1), wrt=(0, 1))
def b_max(A, c):
    return np.sum(np.maximum(A, c))


# ---------------- reductions ----------------
@case((2, 3, 4))
def r_axis_tuple(x):
    return np.sum(np.sum(x, axis=(0, 2)) ** 2)


@case((3, 4))
def r_keepdims_neg(x):
    return np.sum(np.sum(x, axis=-1, keepdims=True) * x)


@case((2, 3, 4))
def r_mean_negtuple(x):
    return np.sum(np.mean(x, axis=(-1, -2)) ** 2)


@case((3, 4))
def r_max0(x):
    return np.sum(np.max(x, axis=0) ** 2)


@case((3, 4))
def r_min_keep(x):
    return np.sum(np.min(x, axis=-1, keepdims=True) * x)


@case((3, 4))
def r_prod(x):
    return np.sum(np.prod(x, axis=1))


@case((3, 4))
def r_amax(x):
    return np.amax(x) + np.amin(x)


@case((2, 3, 4))
def r_method_tuple(x):
    return np.sum(x.sum(axis=(0, 1)) ** 2)


@case((3, 4))
def r_method_mean(x):
    return np.sum(x.mean(-1) ** 2)


@case((2, 3, 4))
def r_var_tuple(x):
    return np.sum(np.var(x, axis=(0, 1), keepdims=True) * x)


@case((3, 5))
def r_std_ddof(x):
    return np.sum(np.std(x, axis=-1, ddof=1))


@case((3, 4))
def r_cumsum(x):
    return np.sum(np.cumsum(x, axis=0) ** 2)


@case((3, 4))
def r_norm(x):
    return np.linalg.norm(x)


@case(Data([1.0, 3.0, 3.0, 2.0]))
def r_max_ties(x):
    return np.max(x) * 2.0


@case((3, 4))
def r_logsumexp(x):
    m = np.max(x, axis=1, keepdims=True)
    return np.sum(m + np.log(np.sum(np.exp(x - m), axis=1, keepdims=True)))


@case((3, 4))
def r_sum_none_keep(x):
    return np.sum(np.sum(x, axis=None, keepdims=True) * x)


@case((2, 3, 4))
def r_mean_neg3(x):
    return np.sum(np.mean(x, axis=(-3, -1), keepdims=True) * x)


@case((2, 3, 4))
def r_var_ddof_tuple(x):
    return np.sum(np.var(x, axis=(0, 2), ddof=1))


@case(Data([1.0, 0.0, 2.0, 3.0]))
def r_prod_zero(x):
    return np.prod(x)


@case((3, 4))
def r_positional_axis(x):
    return np.sum(np.sum(x, 0) ** 2) + np.sum(np.mean(x, 1))


@case((2, 3, 4))
def r_max_tuple_keep(x):
    return np.sum(np.max(x, axis=(0, 2), keepdims=True) * x)


@case((3, 4))
def r_std_all(x):
    return np.std(x) + np.var(x)


@case((3, 4))
def r_method_max(x):
    return x.max() + x.min(axis=0).sum() + x.std() + x.var(axis=1).sum()


@case((3, 4))
def r_average(x):
    return np.average(x)


@case((3, 4))
def r_cumprod(x):
    return np.sum(np.cumprod(x, axis=1))


@case((3, 4))
def r_nansum(x):
    return np.nansum(x * x)


@case((3, 4))
def r_mean_keepdims_only(x):
    return np.sum((x - x.mean(axis=1, keepdims=True)) ** 2)


# ---------------- matmul ----------------
@case((4,), (4,), wrt=(0, 1))
def m_vv(a, b):
    return a @ b


@case((3, 4), (4,), wrt=(0, 1))
def m_mv(A, b):
    return np.sum((A @ b) ** 2)


@case((3,), (3, 4), wrt=(0, 1))
def m_vm(a, B):
    return np.sum((a @ B) ** 2)


@case((3, 4), (4, 2), wrt=(0, 1))
def m_mm(A, B):
    return np.sum((A @ B) ** 2)


@case((2, 3, 4), (2, 4, 2), wrt=(0, 1))
def m_batched(A, B):
    return np.sum((A @ B) ** 2)


@case((2, 3, 4), (4, 2), wrt=(0, 1))
def m_batched_2d(A, B):
    return np.sum((A @ B) ** 2)


@case((3, 4), (2, 4, 2), wrt=(0, 1))
def m_2d_batched(A, B):
    return np.sum((A @ B) ** 2)


@case((3,), (2, 3, 4), wrt=(0, 1))
def m_1d_3d(a, B):
    return np.sum((a @ B) ** 2)


@case((2, 3, 4), (4,), wrt=(0, 1))
def m_3d_1d(A, b):
    return np.sum((A @ b) ** 2)


@case((3, 4), (4, 2), wrt=(0, 1))
def m_np_matmul(A, B):
    return np.sum(np.matmul(A, B) ** 2)


@case((3, 4), (4, 2), wrt=(0, 1))
def m_np_dot(A, B):
    return np.sum(np.dot(A, B) ** 2)


@case((4,), (4,), wrt=(0, 1))
def m_dot_vv(a, b):
    return np.dot(a, b) ** 2


@case((3,), (4,), wrt=(0, 1))
def m_outer(a, b):
    return np.sum(np.outer(a, b) ** 2)


@case((4,), (4,), wrt=(0, 1))
def m_inner(a, b):
    return np.inner(a, b)


@case((3, 4))
def m_gram(A):
    return np.sum((A.T @ A) ** 2)


@case((3, 3))
def m_trace(A):
    return np.trace(A @ A)


@case((3, 4), (4, 2), wrt=(0, 1))
def m_tensordot(A, B):
    return np.sum(np.tensordot(A, B, axes=1) ** 2)


@case((3, 3))
def m_diag(A):
    return np.sum(np.diag(A) ** 2)


@case((2, 3, 4), (2, 3, 4), wrt=(0, 1))
def m_batched_trans(A, B):
    return np.sum(A @ np.swapaxes(B, -1, -2) @ np.ones(3))


# ---------------- slicing / indexing ----------------
@case((7,))
def s_inner(x):
    return np.sum(x[1:-1] ** 2)


@case((7,))
def s_reverse(x):
    return np.sum(x[::-1] * x)


@case((8,))
def s_step3(x):
    return np.sum(x[::3] ** 2)


@case((7,))
def s_last(x):
    return x[-1] ** 2 + x[0]


@case((4, 3))
def s_column(X):
    return np.sum(X[:, 1] ** 2)


@case((5, 4))
def s_neg_step2(X):
    return np.sum(X[-2:, ::2] ** 2)


@case((2, 3, 4))
def s_ellipsis(X):
    return np.sum(X[..., 0] ** 2)


@case((5,))
def s_newaxis_outer(x):
    return np.sum(x[None, :] * x[:, None])


@case((5,))
def s_int_list_dup(x):
    return np.sum(x[[0, 2, 2]] ** 2)


@case((5,))
def s_int_array_literal(x):
    return np.sum(x[np.array([3, 1])] ** 2)


@case((4, 3))
def s_pair_index(X):
    return np.sum(X[[0, 1], [1, 2]] ** 2)


@case((7,))
def s_bool_self(x):
    return np.sum(x[x > 0] ** 2)


@case((4, 3), Keep(np.array([True, False, True, True])))
def s_bool_param(X, mask):
    return np.sum(X[mask] ** 2)


@case((4, 3), Keep(np.array([True, False, True, True]), convert=True), name="s_bool_param_conv")
def s_bool_param_c(X, mask):
    return np.sum(X[mask] ** 2)


@case((6,), Keep(np.array([4, 0, 4, 2])))
def s_idx_param(x, idx):
    return np.sum(x[idx] ** 2)


@case((6,), Keep(np.array([4, 0, 4, 2]), convert=True), name="s_idx_param_conv")
def s_idx_param_c(x, idx):
    return np.sum(x[idx] ** 2)


@case((4, 3))
def s_chained(X):
    return X[1][2] ** 2 + np.sum(X[2][::2])


@case((4, 3))
def s_row_reverse(X):
    return np.sum(X[1, :][::-1] * _C8)


@case((8,))
def s_range_step(x):
    return np.sum(x[2:7:2] ** 2)


@case((4, 3))
def s_last_col_keep(X):
    return np.sum(X[:, -1:] * X)


@case((4, 3))
def s_newaxis_front(X):
    return np.sum(X[np.newaxis] * X[:, None, :])


@case((6,), Keep(3))
def s_python_int(x, i):
    return x[i] ** 2 + x[i - 1]


@case((4, 3), Keep(2), Keep(1))
def s_scalar_elem(X, i, j):
    return X[i, j] ** 3 + X[-1, -1]


@case((6,), Keep(np.array([5, 1, 1])))
def s_take(x, idx):
    return np.sum(np.take(x, idx) ** 2)


@case((4, 3))
def s_cols_list(X):
    return np.sum(X[:, [0, 2]] ** 2)


@case((4, 3))
def s_neg_row(X):
    return np.sum(X[-1] * X[-2])


@case((6,))
def s_neg_slice_step(x):
    return np.sum(x[-1:0:-2] ** 2)


@case((4, 3))
def s_argmax_index(X):
    i = np.argmax(np.sum(X, axis=1))
    return np.sum(X[i] ** 2)


# ---------------- where / maximum / minimum / abs / clip ----------------
@case((7,))
def w_leaky(x):
    return np.sum(np.where(x > 0, x, 0.1 * x))


@case((7,), (7,), wrt=(0, 1))
def w_select(x, y):
    return np.sum(np.where(x > y, x, y) ** 2)


@case((7,), (7,), wrt=(0, 1))
def w_maximum(x, y):
    return np.sum(np.maximum(x, y) ** 2)


@case((7,))
def w_minimum0(x):
    return np.sum(np.minimum(x, 0.0) ** 2)


@case((7,))
def w_abs(x):
    return np.sum(np.abs(x) ** 1.5)


@case((7,))
def w_clip(x):
    return np.sum(np.clip(x, -0.5, 0.5) * x)


@case((7,), (7,), (7,), wrt=(0, 1, 2))
def w_clip_arrays(x, lo, hi):
    return np.sum(np.clip(x, -np.abs(lo) - 0.1, np.abs(hi) + 0.1) ** 2)


@case((7,), Keep(np.array([True, False, True, False, True, True, False])))
def w_mask_param(x, mask):
    return np.sum(np.where(mask, x, 0.0) ** 2)


@case((7,))
def w_method_clip(x):
    return np.sum(x.clip(-1, 1) ** 2)


@case(Data([1.0, 2.0, -1.0]), Data([1.0, 0.0, -1.0]), wrt=(0, 1))
def w_maximum_ties(x, y):
    return np.sum(np.maximum(x, y) * _C17)


@case((7,))
def w_where_log(x):
    return np.sum(np.where(x > 0, np.log(np.abs(x) + 1.0), x))


@case((7,))
def w_relu_mask(x):
    return np.sum(x * (x > 0) * x)


@case(Data([0.0, 1.0, -2.0]))
def w_abs_zero(x):
    return np.sum(np.abs(x))


@case((7,))
def w_fmax(x):
    return np.sum(np.fmax(x, 0.0) + np.fmin(x, 0.5))


@case((7,))
def w_where_scalar(x):
    return np.sum(np.where(x > 0.0, 1.0, x))


@case((4, 3))
def w_where_bcast(X):
    return np.sum(np.where(X > 0.0, X, np.mean(X, axis=0)))


# ---------------- joining / reshape / transpose ----------------
@case((4,))
def j_concat0(x):
    return np.sum(np.concatenate([x, 2.0 * x]) ** 2)


@case((3, 2))
def j_concat1(X):
    return np.sum(np.concatenate([X, X ** 2], axis=1) * _C5)


@case((3, 2))
def j_concat_neg(X):
    return np.sum(np.concatenate((X, np.sin(X)), axis=-1) ** 2)


@case((4,))
def j_stack1(x):
    return np.sum(np.stack([x, x ** 2], axis=1) * _C18)


@case((3, 2))
def j_stack_neg(X):
    return np.sum(np.stack([X, 2 * X, X ** 2], axis=-1) ** 2)


@case((6,))
def j_reshape(x):
    return np.sum(np.reshape(x, (2, -1)) * _C8)


@case((12,))
def j_method_reshape(x):
    return np.sum(x.reshape(3, 4) @ _C5)


@case((3, 4))
def j_T(X):
    return np.sum(X.T * _C8)


@case((2, 3, 4))
def j_transpose_axes(X):
    return np.sum(np.transpose(X, (1, 0, 2)) * _C5 * _C19)


@case((2, 3, 4))
def j_swapaxes(X):
    return np.sum(np.swapaxes(X, 0, 2) * _C7)


@case((2, 3, 4))
def j_moveaxis(X):
    return np.sum(np.moveaxis(X, 0, -1) * _C7)


@case((3,))
def j_expand(x):
    return np.sum(np.expand_dims(x, 0) * np.ones((2, 3)) * x[:, None].T)


@case((3, 1, 2))
def j_squeeze(X):
    return np.sum(np.squeeze(X, axis=1) ** 2 * _C7)


@case((3, 4))
def j_ravel(X):
    return np.sum(X.ravel() * _C4) + np.sum(X.flatten() ** 2)


@case((3,))
def j_hvstack(x):
    return np.sum(np.hstack([x, x ** 2]) ** 2) + np.sum(np.vstack([x, x]) * 2.0)


@case((3,))
def j_tile(x):
    return np.sum(np.tile(x, 2) * _C20)


@case((3,))
def j_repeat(x):
    return np.sum(np.repeat(x, 2) * _C20)


@case((5,))
def j_flip(x):
    return np.sum(np.flip(x) * _C14)


@case((5,))
def j_roll(x):
    return np.sum(np.roll(x, 2) * _C14)


@case((3,))
def j_broadcast_to(x):
    return np.sum(np.broadcast_to(x, (4, 3)) * _C21)


@case((6,))
def j_split(x):
    a, b = np.split(x, 2)
    return np.sum(a * b)


@case((2, 3))
def j_reshape_neg(X):
    return np.sum(X.reshape(-1) * _C20)


@case((2, 3))
def j_atleast(X):
    return np.sum(np.atleast_2d(X) ** 2)


# ---------------- loops ----------------
@case((5,))
def l_range_acc(x):
    s = 0.0
    for k in range(4):
        s = s + np.sum(np.sin(x) ** (k + 1))
    return s


@case((5,))
def l_elem_reads(x):
    s = 0.0
    for i in range(x.shape[0]):
        s = s + x[i] * x[i]
    return s


@case((5,))
def l_out_fill(x):
    out = np.zeros(5)
    for i in range(5):
        out[i] = x[i] ** 2
    return np.sum(out * x)


@case((5,))
def l_recurrence(x):
    out = np.zeros_like(x)
    out[0] = x[0]
    for i in range(1, x.shape[0]):
        out[i] = out[i - 1] * 0.5 + x[i]
    return np.sum(out ** 2)


@case((3,), (4, 3))
def l_rows_matvec(w, X):
    s = 0.0
    for i in range(X.shape[0]):
        s = s + np.sum(X[i] @ w) ** 2
    return s


@case((3, 3), (3,))
def l_rnn(W, h0):
    h = h0
    for _ in range(3):
        h = np.tanh(W @ h)
    return np.sum(h)


@case((5,), Keep(0.5))
def l_inplace_item(x, v):
    a = x * 1.0
    for i in range(5):
        a[i] += v * x[i]
    return np.sum(a ** 2)


@case((5,), (5,), wrt=(0, 1))
def l_iadd(x, y):
    a = x.copy()
    a += y
    return np.sum(a ** 2)


@case((5,))
def l_slice_assign(x):
    a = x * 1.0
    a[1:3] = 0.0
    return np.sum(a * x)


@case((4, 3))
def l_row_assign(X):
    a = np.zeros((4, 3))
    for i in range(4):
        a[i, :] = X[i] * 2.0
    return np.sum(a * X)


@case((5,))
def l_while(x):
    s = 0.0
    k = 0
    while k < 3:
        s = s + np.sum(x ** 2) * k
        k = k + 1
    return s


@case((5,))
def l_reversed(x):
    s = 0.0
    for i in reversed(range(5)):
        s = s * 0.5 + x[i]
    return s


@case((5,))
def l_break(x):
    s = 0.0
    for k in range(10):
        if k > 2:
            break
        s = s + np.sum(x * k)
    return s


@case((5,))
def l_list_stack(x):
    ys = []
    for k in range(3):
        ys.append(x * k)
    return np.sum(np.stack(ys) ** 2)


@case((5,))
def l_comprehension(x):
    return sum([np.sum(x ** k) for k in range(1, 4)])


@case((4, 3))
def l_for_rows(X):
    s = 0.0
    for row in X:
        s = s + np.sum(row ** 2)
    return s


@case((5,))
def l_enumerate(x):
    s = 0.0
    for i, v in enumerate(x):
        s = s + v * i
    return s


@case((5,), (5,), wrt=(0, 1))
def l_zip(x, y):
    s = 0.0
    for a, b in zip(x, y):
        s = s + a * b
    return s


@case((5,))
def l_isub(x):
    a = np.ones(5)
    for i in range(5):
        a[i] -= x[i] * 2.0
    return np.sum(a ** 2)


@case((5,), Keep(np.array([1, 3])))
def l_fancy_assign(x, idx):
    a = x * 1.0
    a[idx] = 0.0
    return np.sum(a ** 2)


@case((5,))
def l_imul_elem(x):
    a = x.copy()
    for i in range(5):
        a[i] *= 2.0
    return np.sum(a * x)


@case((5,))
def l_arr_accumulate(x):
    s = np.zeros(5)
    for k in range(3):
        s += np.sin(x * k)
    return np.sum(s ** 2)


@case((4, 3))
def l_col_accumulate(X):
    total = np.zeros(4)
    for j in range(X.shape[1]):
        total = total + X[:, j] ** 2
    return np.sum(np.sqrt(total))


@case((5,))
def l_nested(x):
    s = 0.0
    for i in range(3):
        for j in range(2):
            s = s + np.sum(x * i * j + x ** 2)
    return s


@case((5,))
def l_elem_write_read(x):
    y = np.zeros(5)
    for i in range(5):
        y[i] = np.sin(x[i])
    for i in range(1, 5):
        y[i] = y[i] + y[i - 1]
    return np.sum(y)


@case((4, 3))
def l_rows_out(X):
    out = np.zeros_like(X)
    for i in range(X.shape[0]):
        out[i] = np.tanh(X[i])
    return np.sum(out * X)


@case((5,))
def l_max_running(x):
    m = x[0]
    for i in range(1, 5):
        m = np.maximum(m, x[i])
    return m


# ---------------- if on Python scalars, helpers, closures, containers ----------------
@case((5,), Keep(2.0))
def c_if_scalar(x, scale):
    if scale > 1.0:
        y = np.sin(x) * scale
    else:
        y = x ** 2
    return np.sum(y)


@case((5,), Keep(0.5))
def c_if_else_branch(x, scale):
    if scale > 1.0:
        y = np.sin(x) * scale
    else:
        y = x ** 2
    return np.sum(y)


def _helper(z, a=2.0):
    return np.tanh(z) * a


@case((5,))
def c_helper(x):
    return np.sum(_helper(x) ** 2 + _helper(x, 3.0))


def _helper_multi(z):
    return np.sum(z), np.mean(z ** 2)


@case((5,))
def c_helper_tuple(x):
    a, b = _helper_multi(x)
    return a * b


@case((5,), Keep(3.0))
def c_closure(x, c):
    def inner(z):
        return np.sin(z) * c
    return np.sum(inner(x) ** 2)


@case((5,))
def c_lambda(x):
    f = lambda z: z ** 2 + 1.0
    return np.sum(f(x))


@case({"w": (3,), "b": ()}, (4, 3))
def c_dict(p, X):
    return np.sum(np.tanh(X @ p["w"] + p["b"]) ** 2)


@case([(3,), (3,)], wrt=0)
def c_list(ws):
    return np.sum(ws[0] * ws[1]) + np.sum(ws[1] ** 2)


@case(((3,), (3,)), wrt=0)
def c_tuple(ws):
    a, b = ws
    return np.sum(a * b ** 2)


@case((5,), Keep(0.7))
def c_python_float(x, lr):
    return np.sum((x - lr) ** 2) * lr


@case((5,), NumpyOnly((5,)))
def c_mixed_numpy(x, w):
    return np.sum(x * w + w ** 2 * x)


@case(NumpyOnly((3,)), (4, 3), (4,))
def c_mixed_numpy_wrt(w, X, y):
    return np.sum((X @ w - y) ** 2)


@case(NumpyOnly((3,)), (4, 3))
def c_numpy_wrt_only(w, X):
    return np.sum(np.exp(X * w))


@case((5,))
def c_int_power(x):
    n = x.shape[0]
    return np.sum(x ** 2) / n


@case((5,))
def c_len(x):
    return np.sum(x) / len(x)


@case((4, 3))
def c_shape_unpack(X):
    n, m = X.shape
    return np.sum(X ** 2) / (n * m)


@case((5,))
def c_size(x):
    return np.sum(x ** 2) / x.size


@case((5,))
def c_astype(x):
    return np.sum(x.astype(np.float32) ** 2)


@case((5,))
def c_float_cast(x):
    return float(np.sum(x ** 2)) * 2.0


@case((5,))
def c_item(x):
    return np.sum(x ** 2) * x[0].item()


@case((5,))
def c_zeros_like_add(x):
    return np.sum(np.zeros_like(x) + x ** 2 + np.ones_like(x) * x)


@case((5,))
def c_arange_weights(x):
    return np.sum(x * np.arange(x.shape[0]))


@case((5,))
def c_linspace(x):
    return np.sum(x * np.linspace(0.0, 1.0, 5))


@case((5,))
def c_eye(x):
    return np.sum(np.eye(5) @ x * x)


@case((5,))
def c_full(x):
    return np.sum(np.full(5, 2.0) * x ** 2)


@case((5,))
def c_stop_grad_like(x):
    y = np.exp(x)
    return np.sum(y / np.sum(y))


# ---------------- float32 ----------------
@case(F32((5,)))
def f32_chain(x):
    return np.sum(np.sin(x) * np.exp(x) / (1.0 + x ** 2))


@case(F32((4, 3)), F32((3,)), wrt=(0, 1))
def f32_bcast(A, b):
    return np.sum((A @ b) ** 2 + A * b)


@case(F32((3, 4)))
def f32_reduce(x):
    return np.sum(np.mean(x, axis=0) ** 2) + np.std(x)


@case(F32((5,)))
def f32_loop(x):
    s = 0.0
    for i in range(5):
        s = s + x[i] ** 2
    return s


@case(F32((5,)))
def f32_python_scalar(x):
    return np.sum(x * 0.1 + 2.0 * x ** 2)


@case(F32((5,)), (5,), wrt=(0, 1))
def f32_mixed64(x, y):
    return np.sum(x * y)


# ---------------- 0-d arrays ----------------
@case(())
def z_scalar(x):
    return np.sin(x) * x ** 2


@case((), (3,), wrt=(0, 1))
def z_scale(a, x):
    return np.sum(a * x ** 2)


@case(())
def z_exp_log(x):
    return np.log(np.exp(x) + 1.0)


@case(())
def z_where(x):
    return np.where(x > 0, x, -x) * 3.0


@case(())
def z_loop(x):
    s = x
    for _ in range(3):
        s = s * x + 1.0
    return s


@case((5,))
def z_sum_reduce_then_loop(x):
    t = np.sum(x)
    for _ in range(2):
        t = np.tanh(t)
    return t


# ---------------- Dask chunking ----------------
@case((7, 5), chunks=((3, 1, 3), (2, 3)), name="k_uneven_rows")
def k_uneven(X):
    return np.sum(np.tanh(X @ np.ones(5)) ** 2) + np.sum(np.mean(X, axis=0) ** 2)


@case((7,), chunks=((1, 6),), name="k_uneven_slice")
def k_uneven_slice(x):
    return np.sum(x[1:-1] * x[2:] ** 2 if False else x[1:-1] * x[:-2] ** 2)


@case((7, 5), chunks=((7,), (5,)), name="k_one_chunk")
def k_one(X):
    return np.sum(np.cumsum(X, axis=1) ** 2)


@case((6, 4), chunks=((2, 2, 2), (1, 3)))
def k_concat_chunks(X):
    return np.sum(np.concatenate([X, X[:, :1]], axis=1) ** 2)


# ---------------- non-scalar outputs (vjp / jvp only) ----------------
@case((4, 3), scalar_out=False)
def v_tanh(X):
    return np.tanh(X) * 2.0


@case((4, 3), scalar_out=False)
def v_reduce(X):
    return np.sum(X ** 2, axis=0)


@case((3,), scalar_out=False)
def v_outer(x):
    return np.outer(x, x)


@case((4, 3), (3,), wrt=(0, 1), scalar_out=False)
def v_matvec(A, b):
    return A @ b


@case((5,), scalar_out=False)
def v_tuple_out(x):
    return np.sin(x), np.sum(x ** 2)


# batch-2 constants: module-level numpy weights (Dask mixes numpy in; strict refuses)
_C0 = np.arange(24.0).reshape(4, 3, 2)
_C1 = np.arange(24.0).reshape(4, 2, 3)
_C2 = np.arange(36.0).reshape(2, 3, 2, 3)
_C3 = np.arange(6.0).reshape(3, 2)
_C4 = np.arange(12.0)
_C5 = np.arange(4.0)
_C6 = np.arange(9.0).reshape(3, 3)
_C7 = np.arange(2.0)
_C8 = np.arange(3.0)
_C9 = np.array([1.0, 10.0])
_C10 = np.array([1.0, 10.0, 100.0])
_C11 = np.array([1.0, 2.0, 3.0, 4.0])
_C12 = np.array([[1.0, 2.0], [3.0, 4.0]])
_C13 = np.arange(3.0).reshape(3, 1)
_C14 = np.arange(5.0)
_C15 = np.arange(24.0)
_C16 = np.array([1.0, 2.0])


# ================= batch 2: constructs whose numpy and standard meanings differ =================
@case((3, 4))
def n_norm_spectral(X):
    return np.linalg.norm(X, 2)


@case((3, 4))
def n_norm_matrix1(X):
    return np.linalg.norm(X, 1)


@case((3, 4))
def n_norm_matrix_inf(X):
    return np.linalg.norm(X, np.inf)


@case((3, 4))
def n_norm_fro(X):
    return np.linalg.norm(X, "fro")


@case((3, 4))
def n_norm_axis1(X):
    return np.sum(np.linalg.norm(X, axis=1))


@case((5,))
def n_norm_vec1(x):
    return np.linalg.norm(x, 1) + np.linalg.norm(x, np.inf)


@case((5,))
def n_norm_ord3(x):
    return np.linalg.norm(x, ord=3)


@case((3, 4))
def n_norm_ord2_axis(X):
    return np.sum(np.linalg.norm(X, ord=2, axis=0))


@case((2, 3, 4))
def n_T_3d(X):
    return np.sum(X.T * _C0)


@case((2, 3, 4))
def n_transpose_noaxes_3d(X):
    return np.sum(np.transpose(X) * _C0)


@case((2, 3, 4))
def n_method_transpose(X):
    return np.sum(X.transpose(2, 0, 1) * _C1)


@case((2, 3, 4))
def n_method_transpose_noargs(X):
    return np.sum(X.transpose() * _C0)


@case((2, 3, 4), (2, 4, 3), wrt=(0, 1))
def n_dot_3d(A, B):
    return np.sum(np.dot(A, B) * _C2)


@case((3, 4), (2, 4), wrt=(0, 1))
def n_inner_2d(A, B):
    return np.sum(np.inner(A, B) * _C3)


@case((5,))
def n_dot_scalar(x):
    return np.sum(np.dot(x, 2.0) ** 2)


@case((7,))
def n_fmod(x):
    return np.sum(np.fmod(x * 3.0, 1.0) * x)


@case((7,))
def n_remainder(x):
    return np.sum(np.remainder(x * 3.0, 1.0) * x)


@case((7,))
def n_round(x):
    return np.sum(np.round(x * 3.0) * x + np.trunc(x) * x + np.ceil(x) * x + np.rint(x) * x)


@case((3, 4))
def n_cumsum_flat(X):
    return np.sum(np.cumsum(X) * _C4)


@case((3, 4))
def n_cumsum_method(X):
    return np.sum(X.cumsum(axis=1) * _C5)


@case((3, 4))
def n_cumsum_neg(X):
    return np.sum(np.cumsum(X, axis=-2) * _C5)


@case((6,))
def n_diff(x):
    return np.sum(np.diff(x) ** 2)


@case((6,))
def n_diff2(x):
    return np.sum(np.diff(x, n=2) ** 2)


@case((3, 4))
def n_diff_axis0(X):
    return np.sum(np.diff(X, axis=0) ** 2)


@case((3,))
def n_diag_build(x):
    return np.sum(np.diag(x) * _C6)


@case((3, 3))
def n_diag_offset(X):
    return np.sum(np.diag(X, 1) * _C7 + np.diag(X, -1))


@case((3, 3))
def n_trace_offset(X):
    return np.trace(X, 1) + np.trace(X, offset=-1) * 2.0


@case((3, 3))
def n_triu(X):
    return np.sum(np.triu(X) * _C6) + np.sum(np.tril(X, -1) ** 2)


@case((3, 4))
def n_max_ties_axis(X):
    Y = np.round(X)
    return np.sum(np.max(X * 0.0 + Y, axis=1) * _C8)


@case(Data([[1.0, 2.0, 2.0], [3.0, 3.0, 0.0]]))
def n_max_ties_axis_data(X):
    return np.sum(np.max(X, axis=1) * _C9)


@case(Data([[1.0, 2.0, 2.0], [3.0, 3.0, 0.0]]))
def n_min_ties_axis0(X):
    return np.sum(np.min(X, axis=0) * _C10)


@case(Data([[1.0, 2.0, 2.0], [3.0, 3.0, 0.0]]))
def n_amax_keep_ties(X):
    return np.sum(np.amax(X, axis=-1, keepdims=True) * X)


@case(Data([1.0, 3.0, 3.0, 2.0]))
def n_method_max_ties(x):
    return x.max() * 3.0 + x.min()


@case(Data([0.5, -0.5, 0.2, 1.0]))
def n_clip_boundary(x):
    return np.sum(np.clip(x, -0.5, 0.5) * _C11)


@case(Data([[1.0, 2.0], [2.0, 1.0]]))
def n_maximum_tie_bcast(X):
    return np.sum(np.maximum(X, np.max(X, axis=0)) * _C12)


@case((3, 4))
def n_sum_where_kw(X):
    return np.sum(X * X, where=X > 0)


@case((3, 4))
def n_sum_dtype(X):
    return np.sum(X, dtype=np.float32) + np.mean(X, axis=0, dtype=np.float64).sum()


@case((3, 4))
def n_max_initial(X):
    return np.sum(np.max(X, axis=0, initial=0.0))


@case((3, 4))
def n_mean_positional_tuple(X):
    return np.sum(np.mean(X, (0, 1)) * 2.0 + np.var(X, 0).sum())


@case((3, 4))
def n_methods_mix(X):
    return (X.sum(0, keepdims=True) * X).sum() + X.var(0).sum() + X.std(ddof=1) + X.prod(0).sum()


@case((3, 4))
def n_method_max_axis(X):
    return np.sum(X.max(-1) ** 2) + X.min(axis=0).sum()


@case((6,))
def n_method_reshape_tuple(x):
    return np.sum(x.reshape((2, 3)) * _C8) + np.sum(x.reshape(-1, 2) * _C7)


@case((3, 1, 2))
def n_squeeze_noaxis(X):
    return np.sum(np.squeeze(X) * _C3)


@case((3,))
def n_expand_neg(x):
    return np.sum(np.expand_dims(x, -1) * _C13 * np.ones((3, 2)))


@case((5,))
def n_sort(x):
    return np.sum(np.sort(x) * _C14)


@case((5,))
def n_argsort_index(x):
    return np.sum(x[np.argsort(x)] * _C14)


@case((5,))
def n_median(x):
    return np.median(x)


@case((5,))
def n_percentile(x):
    return np.percentile(x, 50.0)


@case((5,))
def n_asarray(x):
    return np.sum(np.asarray(x) ** 2)


@case((5,))
def n_array_of_elems(x):
    return np.sum(np.array([x[0], x[1] * 2.0]) ** 2)


@case((5,))
def n_builtin_sum(x):
    return sum(x * x)


@case((5,))
def n_builtin_max(x):
    return max(x[0], x[1]) + min(x[2], x[3])


@case((5,))
def n_builtin_abs(x):
    return np.sum(abs(x) * x)


@case((5,))
def n_float64_ctor(x):
    return np.float64(2.0) * np.sum(x ** 2)


@case((5,))
def n_zeros_shape(x):
    z = np.zeros(x.shape)
    return np.sum((z + x) ** 2)


@case((5,))
def n_empty_like_fill(x):
    out = np.empty_like(x)
    for i in range(5):
        out[i] = x[i] * (i + 1)
    return np.sum(out ** 2)


@case((5,))
def n_heaviside(x):
    return np.sum(np.heaviside(x, 0.5) * x)


@case((5,))
def n_float_power(x):
    return np.sum(np.float_power(np.abs(x) + 1.0, 2.5))


@case((5,))
def n_logaddexp2(x):
    return np.sum(np.logaddexp2(x, 0.5 * x))


@case((5,))
def n_sinc(x):
    return np.sum(np.sinc(x))


@case((3, 3))
def n_det(A):
    return np.linalg.det(A + 3.0 * np.eye(3))


@case((3, 3))
def n_inv(A):
    return np.sum(np.linalg.inv(A + 3.0 * np.eye(3)))


@case((3, 3), (3,), wrt=(0, 1))
def n_solve(A, b):
    return np.sum(np.linalg.solve(A + 3.0 * np.eye(3), b) ** 2)


@case((3, 3))
def n_matrix_power(A):
    return np.sum(np.linalg.matrix_power(A, 3))


@case((3, 4))
def n_concat_axis_none(X):
    return np.sum(np.concatenate([X, X], axis=None) * _C15)


@case((2, 3))
def n_stack_default(X):
    return np.sum(np.stack([X, X ** 2]) * _C8)


@case((4,))
def n_column_stack(x):
    return np.sum(np.column_stack([x, x ** 2]) * _C16)


@case((4, 3))
def n_mean_axis_neg_keep(X):
    return np.sum((X - np.mean(X, axis=-2, keepdims=True)) ** 2 / np.std(X, axis=-2, keepdims=True))


@case((4, 3))
def n_sum_axis_tuple_single(X):
    return np.sum(np.sum(X, axis=(1,), keepdims=True) * X)


@case((5,))
def n_isnan_guard(x):
    return np.sum(np.where(np.isnan(x), 0.0, x) ** 2) + np.sum(np.nan_to_num(x) * x)


@case((5,))
def n_logical(x):
    m = np.logical_and(x > -1.0, x < 1.0)
    return np.sum(np.where(m, x, 0.0) ** 2) + np.sum(np.where(~m, x, 0.0))


@case((5,))
def n_mask_or(x):
    m = (x > 0.5) | (x < -0.5)
    return np.sum(np.where(m, x ** 2, x))


@case((5,))
def n_mask_mul_float(x):
    return np.sum(x * (x > 0.0) + (x < 0.0) * 2.0 * x)


@case((5,))
def n_mask_astype(x):
    return np.sum(x * (x > 0.0).astype(np.float64))


@case((5,))
def n_count_nonzero(x):
    return np.sum(x ** 2) / np.count_nonzero(x > -10.0)


@case((5,))
def n_any_all(x):
    if np.all(np.abs(x) < 100.0):
        return np.sum(x ** 2)
    return np.sum(x)


@case((5,))
def n_if_on_array_value(x):
    if np.sum(x) > 100.0:
        return np.sum(x)
    return np.sum(x ** 3)


@case((5,))
def n_item_if(x):
    s = float(np.max(x))
    return np.sum(x ** 2) * 2.0 if s < 100.0 else np.sum(x)


@case((3, 4))
def n_shape_negative(X):
    return np.sum(X ** 2) / X.shape[-1] + X.ndim


@case((4, 3))
def n_argmax_onehot(X):
    k = np.argmax(X, axis=1)
    return np.sum(np.max(X, axis=1) * k)


@case((4, 3))
def n_take_along(X):
    k = np.argmax(X, axis=1)
    return np.sum(np.take_along_axis(X, k[:, None], axis=1))


@case((5,))
def n_where_single_arg(x):
    idx = np.where(x > 0.0)[0]
    return np.sum(x[idx] ** 2)


@case((5,))
def n_nonzero(x):
    return np.sum(x[np.nonzero(x > 0.0)] ** 2)


@case((5,))
def n_searchsorted_free(x):
    return np.sum(np.exp(x) / np.sum(np.exp(x)) * _C14)


@case((5,))
def n_softmax_stable(x):
    z = x - np.max(x)
    e = np.exp(z)
    return -np.log(e[2] / np.sum(e))


@case((4, 3), (4,), wrt=0)
def n_xent_labels(X, y):
    p = 1.0 / (1.0 + np.exp(-X @ np.ones(3)))
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p))


@case((2, 3, 4))
def n_layernorm(X):
    mu = X.mean(axis=-1, keepdims=True)
    var = X.var(axis=-1, keepdims=True)
    return np.sum(((X - mu) / np.sqrt(var + 1e-5)) * _C5)


@case((3, 4), (4, 2), (2,), wrt=(0, 1, 2))
def n_mlp_relu(X, W, b):
    h = np.maximum(X @ W + b, 0.0)
    return np.sum(h ** 2)


@case((6,), chunks=((1, 2, 3),))
def n_uneven_reverse_step(x):
    return np.sum(x[::-2] * _C8) + np.sum(x[-2::-3] ** 2)


@case((7, 4), chunks=((3, 4), (1, 3)))
def n_uneven_2d_slices(X):
    return np.sum(X[1:6:2, ::-1] ** 2) + np.sum(X[-1, 1:] * X[0, :-1])


@case((6,), chunks=((5, 1),))
def n_uneven_element_loop(x):
    s = 0.0
    for i in range(6):
        s = s + x[i] * x[5 - i]
    return s


@case((6,), chunks=((5, 1),))
def n_uneven_inplace(x):
    a = x * 1.0
    a[2:5] = a[2:5] * 3.0
    a[0] = x[5]
    return np.sum(a ** 2)


@case((5,))
def n_inplace_negative_index(x):
    a = x * 1.0
    a[-1] = a[-1] * 2.0
    a[-2] += 1.0
    return np.sum(a * x)


@case((5,))
def n_inplace_step_slice(x):
    a = x * 2.0
    a[::2] = x[::2] ** 2
    return np.sum(a * x)


@case((4, 3))
def n_inplace_ellipsis(X):
    a = X * 1.0
    a[..., 0] = 0.0
    a[1, ...] *= 3.0
    return np.sum(a * X)


@case((4, 3))
def n_inplace_column_loop(X):
    a = np.zeros((4, 3))
    for j in range(3):
        a[:, j] = X[:, j] * (j + 1)
    return np.sum(a * X)


@case((5,), (5,), wrt=(0, 1))
def n_arg_mutated(x, y):
    x[0] = 10.0
    return np.sum(x * y)


@case((5,), (5,), wrt=(0, 1))
def n_arg_iadd(x, y):
    x += y
    return np.sum(x * y)


@case((5,))
def n_view_then_update(x):
    a = x * 1.0
    b = a[1:3]
    a[1] = 5.0
    return np.sum(b * x[1:3])


@case((5,))
def n_elem_loop_dup_idx(x):
    a = np.zeros(3)
    idx = [0, 2, 0, 1, 2]
    for i in range(5):
        a[idx[i]] += x[i] * (i + 1)
    return np.sum(a ** 2)


@case((5,))
def n_loop_read_written(x):
    a = x * 1.0
    for i in range(1, 5):
        a[i] = a[i] + a[i - 1] * x[i]
    return np.sum(a)


@case((4, 3))
def n_loop_rows_accumulate_grad(X):
    s = np.zeros(3)
    for i in range(4):
        s = s + X[i] * X[i]
    return np.sum(np.sqrt(s))


@case((5,), Keep(3))
def n_python_int_loop_bound(x, n):
    s = 0.0
    for i in range(n):
        s = s + x[i] ** 2
    return s


@case((5,), Keep(-2))
def n_negative_python_index(x, i):
    return x[i] * x[i + 1]
