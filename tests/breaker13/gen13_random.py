"""brk13c: random programs mixing this round's constructs (written by
make_gen13_random.py; do not edit)."""
import numpy as np


def helper(v):
    return v * 2.0 + 0.5


def rnd_0(x):
    y = x * 1.0
    s = 0
    for i in range(len(x)):
        v = x[i]
        s += v ** 3
        if v < -0.7:
            return v * s + np.sum(x)
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_1(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + v / 3.0
        if s > 0.9:
            break
    y[:-1] += 0.25
    return s + np.mean(y)


def rnd_2(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s + v / 3.0
    y[::2] = y[::2] * 0.5
    return s


def rnd_3(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s + v / 3.0
        if s > 0.9:
            break
    y[::2] = y[::2] * 0.5
    return s * np.sum(y * y)


def rnd_4(x):
    y = x * 1.0
    s = np.zeros(())
    for i, v in enumerate(x):
        s = s + v / 3.0
        if v > 0.6:
            return s * 2.0
    y[-1:] -= s * 0.0 + 0.1
    return s * s + np.sum(y[1:])


def rnd_5(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s + np.sin(v)
        if v < -0.7:
            return v * s + np.sum(x)
    y[:-1] += 0.25
    return s * np.sum(y * y)


def rnd_6(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s * 0.5 + v
        if v < -0.7:
            return v * s + np.sum(x)
    y[-1:] -= s * 0.0 + 0.1
    return s + np.mean(y)


def rnd_7(x):
    y = x * 1.0
    s = np.zeros(())
    for v in x:
        s = s + helper(v)
    return s


def rnd_8(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s * 0.5 + v
        if s > 1.2:
            return s
    y[1:] *= 1.5
    return s + np.mean(y)


def rnd_9(x):
    y = x * 1.0
    s = np.zeros(())
    for i, v in enumerate(x):
        s = s - np.tanh(v) * 2.0
        if s > 0.9:
            break
    y[-1:] -= s * 0.0 + 0.1
    return s * np.sum(y * y)


def rnd_10(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s + v * v
        if s > 1.2:
            return s
    y[1:] *= 1.5
    return helper(s) + np.sum(y)


def rnd_11(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s + v / 3.0
        if s > 0.9:
            break
    y[::2] = y[::2] * 0.5
    return s * np.sum(y * y)


def rnd_12(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s + v * v
        if v > 0.6:
            return s * 2.0
    y[-1:] -= s * 0.0 + 0.1
    return s + np.mean(y)


def rnd_13(x):
    y = x * 1.0
    s = np.float64(0.0)
    for v in x:
        s = s + v / 3.0
        if v > 0.6:
            return s * 2.0
    y[:-1] += 0.25
    return s * np.sum(y * y)


def rnd_14(x):
    y = x * 1.0
    s = 0.0
    for i, v in enumerate(x):
        s = s + v * v
        if v > 0.6:
            return s * 2.0
    y[-1:] -= s * 0.0 + 0.1
    return s * s + np.sum(y[1:])


def rnd_15(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + v * v
        if s > 1.2:
            return s
    y[-1:] -= s * 0.0 + 0.1
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_16(x):
    y = x * 1.0
    s = 0
    for i in range(len(x)):
        v = x[i]
        s = s + v / 3.0
        if v < -0.7:
            return v * s + np.sum(x)
    y[:-1] += 0.25
    return s * np.sum(y * y)


def rnd_17(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i, v in enumerate(x):
        s += v ** 3
        if s > 1.2:
            return s
    y[::2] = y[::2] * 0.5
    return s + np.mean(y)


def rnd_18(x):
    y = x * 1.0
    s = np.float64(0.0)
    for v in x:
        s = s - np.tanh(v) * 2.0
        if s > 1.2:
            return s
    y[::2] = y[::2] * 0.5
    return s * s + np.sum(y[1:])


def rnd_19(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s + v / 3.0
        if s > 1.2:
            return s
    y[::2] = y[::2] * 0.5
    return s * s + np.sum(y[1:])


def rnd_20(x):
    y = x * 1.0
    s = 0
    for i in range(len(x)):
        v = x[i]
        s = s + helper(v)
        if v < -0.7:
            return v * s + np.sum(x)
    y[::2] = y[::2] * 0.5
    return s + np.mean(y)


def rnd_21(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + helper(v)
    y[1:] *= 1.5
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_22(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i, v in enumerate(x):
        s = s + np.sin(v)
    y[::2] = y[::2] * 0.5
    return s * np.sum(y * y)


def rnd_23(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s += v ** 3
        if v < -0.7:
            return v * s + np.sum(x)
    y[:-1] += 0.25
    return s * s + np.sum(y[1:])


def rnd_24(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s += v ** 3
        if s > 0.9:
            break
    y[:-1] += 0.25
    return s + np.mean(y)


def rnd_25(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s * 0.5 + v
        if s > 0.9:
            break
    y[1:] *= 1.5
    return s * np.sum(y * y)


def rnd_26(x):
    y = x * 1.0
    s = np.float64(0.0)
    for v in x:
        s = s * 0.5 + v
        if v > 0.6:
            return s * 2.0
    return s * np.sum(y * y)


def rnd_27(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s + np.sin(v)
    y[1:] *= 1.5
    return s


def rnd_28(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s + v / 3.0
        if v < -0.7:
            return v * s + np.sum(x)
    y[::2] = y[::2] * 0.5
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_29(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s - np.tanh(v) * 2.0
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return s + np.mean(y)


def rnd_30(x):
    y = x * 1.0
    s = 0.0
    for i, v in enumerate(x):
        s = s + np.sin(v)
        if v > 0.6:
            return s * 2.0
    y[1:] *= 1.5
    return helper(s) + np.sum(y)


def rnd_31(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s - np.tanh(v) * 2.0
        if s > 1.2:
            return s
    y[::2] = y[::2] * 0.5
    return s * s + np.sum(y[1:])


def rnd_32(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s * 0.5 + v
        if s > 1.2:
            return s
    y[1:] *= 1.5
    return s + np.mean(y)


def rnd_33(x):
    y = x * 1.0
    s = 0.0
    for i, v in enumerate(x):
        s = s + helper(v)
        if s > 0.9:
            break
    y[:-1] += 0.25
    return s * s + np.sum(y[1:])


def rnd_34(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s += v ** 3
        if s > 0.9:
            break
    y[:-1] += 0.25
    return s * np.sum(y * y)


def rnd_35(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s += v ** 3
        if s > 0.9:
            break
    y[:-1] += 0.25
    return s


def rnd_36(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s = s + np.sin(v)
        if v < -0.7:
            return v * s + np.sum(x)
    y[::2] = y[::2] * 0.5
    return s * np.sum(y * y)


def rnd_37(x):
    y = x * 1.0
    s = 0
    for v in x:
        s = s + v / 3.0
        if s > 1.2:
            return s
    y[:-1] += 0.25
    return s * s + np.sum(y[1:])


def rnd_38(x):
    y = x * 1.0
    s = np.zeros(())
    for v in x:
        s = s + v * v
        if s > 0.9:
            break
    return helper(s) + np.sum(y)


def rnd_39(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i, v in enumerate(x):
        s = s + helper(v)
        if v > 0.6:
            return s * 2.0
    y[:-1] += 0.25
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_40(x):
    y = x * 1.0
    s = 0
    for i in range(len(x)):
        v = x[i]
        s = s + helper(v)
        if v < -0.7:
            return v * s + np.sum(x)
    return s * s + np.sum(y[1:])


def rnd_41(x):
    y = x * 1.0
    s = 0.0
    for i, v in enumerate(x):
        s = s + helper(v)
        if v < -0.7:
            return v * s + np.sum(x)
    return s + np.mean(y)


def rnd_42(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s * 0.5 + v
        if s > 1.2:
            return s
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_43(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s += v ** 3
        if s > 0.9:
            break
    y[1:] *= 1.5
    return s * s + np.sum(y[1:])


def rnd_44(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i in range(len(x)):
        v = x[i]
        s = s * 0.5 + v
        if v < -0.7:
            return v * s + np.sum(x)
    return s


def rnd_45(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i, v in enumerate(x):
        s = s * 0.5 + v
        if v < -0.7:
            return v * s + np.sum(x)
    y[::2] = y[::2] * 0.5
    return s


def rnd_46(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s + v * v
        if s > 0.9:
            break
    y[::2] = y[::2] * 0.5
    return helper(s) + np.sum(y)


def rnd_47(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s += v ** 3
        if v > 0.6:
            return s * 2.0
    return helper(s) + np.sum(y)


def rnd_48(x):
    y = x * 1.0
    s = 0
    for i, v in enumerate(x):
        s = s * 0.5 + v
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return s


def rnd_49(x):
    y = x * 1.0
    s = 0.0
    for i, v in enumerate(x):
        s = s + helper(v)
        if v > 0.6:
            return s * 2.0
    y[1:] *= 1.5
    return s * np.sum(y * y)


def rnd_50(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s + helper(v)
        if s > 0.9:
            break
    y[::2] = y[::2] * 0.5
    return s


def rnd_51(x):
    y = x * 1.0
    s = np.zeros(())
    for v in x:
        s = s + v * v
        if v < -0.7:
            return v * s + np.sum(x)
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_52(x):
    y = x * 1.0
    s = np.zeros(())
    for v in x:
        s = s + np.sin(v)
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_53(x):
    y = x * 1.0
    s = 0.0
    for i, v in enumerate(x):
        s = s - np.tanh(v) * 2.0
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return s


def rnd_54(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s += v ** 3
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_55(x):
    y = x * 1.0
    s = np.zeros(())
    for i, v in enumerate(x):
        s = s + helper(v)
        if v < -0.7:
            return v * s + np.sum(x)
    y[-1:] -= s * 0.0 + 0.1
    return s + np.mean(y)


def rnd_56(x):
    y = x * 1.0
    s = np.zeros(())
    for v in x:
        s = s + np.sin(v)
    y[-1:] -= s * 0.0 + 0.1
    return s + np.mean(y)


def rnd_57(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s = s * 0.5 + v
        if v < -0.7:
            return v * s + np.sum(x)
    y[:-1] += 0.25
    return helper(s) + np.sum(y)


def rnd_58(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s + np.sin(v)
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_59(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + v / 3.0
    return s + np.mean(y)


def rnd_60(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s + helper(v)
    y[::2] = y[::2] * 0.5
    return s * np.sum(y * y)


def rnd_61(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s += v ** 3
    y[:-1] += 0.25
    return s


def rnd_62(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s * 0.5 + v
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return helper(s) + np.sum(y)


def rnd_63(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s + v * v
        if s > 0.9:
            break
    y[::2] = y[::2] * 0.5
    return s * s + np.sum(y[1:])


def rnd_64(x):
    y = x * 1.0
    s = 0
    for v in x:
        s = s - np.tanh(v) * 2.0
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return s + np.mean(y)


def rnd_65(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s = s + np.sin(v)
    return s * s + np.sum(y[1:])


def rnd_66(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i in range(len(x)):
        v = x[i]
        s = s * 0.5 + v
    y[:-1] += 0.25
    return s + np.mean(y)


def rnd_67(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s = s + np.sin(v)
    y[:-1] += 0.25
    return s + np.mean(y)


def rnd_68(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s * 0.5 + v
        if s > 0.9:
            break
    y[::2] = y[::2] * 0.5
    return s * np.sum(y * y)


def rnd_69(x):
    y = x * 1.0
    s = np.zeros(())
    for i, v in enumerate(x):
        s = s + v * v
        if s > 1.2:
            return s
    y[-1:] -= s * 0.0 + 0.1
    return s + np.mean(y)


def rnd_70(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s = s + v * v
        if s > 0.9:
            break
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_71(x):
    y = x * 1.0
    s = np.float64(0.0)
    for v in x:
        s += v ** 3
        if v > 0.6:
            return s * 2.0
    y[1:] *= 1.5
    return s * np.sum(y * y)


def rnd_72(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s - np.tanh(v) * 2.0
    y[:-1] += 0.25
    return helper(s) + np.sum(y)


def rnd_73(x):
    y = x * 1.0
    s = 0
    for v in x:
        s = s * 0.5 + v
        if s > 0.9:
            break
    y[:-1] += 0.25
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_74(x):
    y = x * 1.0
    s = np.zeros(())
    for v in x:
        s = s + helper(v)
    y[::2] = y[::2] * 0.5
    return s * np.sum(y * y)


def rnd_75(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i in range(len(x)):
        v = x[i]
        s = s - np.tanh(v) * 2.0
        if s > 1.2:
            return s
    y[1:] *= 1.5
    return s + np.mean(y)


def rnd_76(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s + np.sin(v)
        if s > 0.9:
            break
    y[:-1] += 0.25
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_77(x):
    y = x * 1.0
    s = np.float64(0.0)
    for v in x:
        s = s + v / 3.0
        if s > 1.2:
            return s
    y[::2] = y[::2] * 0.5
    return helper(s) + np.sum(y)


def rnd_78(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + helper(v)
        if s > 0.9:
            break
    y[-1:] -= s * 0.0 + 0.1
    return s * np.sum(y * y)


def rnd_79(x):
    y = x * 1.0
    s = 0
    for i in range(len(x)):
        v = x[i]
        s = s * 0.5 + v
        if v < -0.7:
            return v * s + np.sum(x)
    y[:-1] += 0.25
    return s * s + np.sum(y[1:])


def rnd_80(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s - np.tanh(v) * 2.0
    y[:-1] += 0.25
    return s + np.mean(y)


def rnd_81(x):
    y = x * 1.0
    s = np.zeros(())
    for i, v in enumerate(x):
        s = s - np.tanh(v) * 2.0
        if v > 0.6:
            return s * 2.0
    y[:-1] += 0.25
    return helper(s) + np.sum(y)


def rnd_82(x):
    y = x * 1.0
    s = 0
    for i, v in enumerate(x):
        s = s + v / 3.0
        if s > 0.9:
            break
    y[1:] *= 1.5
    return s


def rnd_83(x):
    y = x * 1.0
    s = 0
    for i in range(len(x)):
        v = x[i]
        s = s * 0.5 + v
        if v < -0.7:
            return v * s + np.sum(x)
    return s * np.sum(y * y)


def rnd_84(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s + v * v
        if s > 0.9:
            break
    y[:-1] += 0.25
    return helper(s) + np.sum(y)


def rnd_85(x):
    y = x * 1.0
    s = 0
    for i, v in enumerate(x):
        s += v ** 3
        if s > 0.9:
            break
    y[1:] *= 1.5
    return s * s + np.sum(y[1:])


def rnd_86(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + v / 3.0
    y[::2] = y[::2] * 0.5
    return helper(s) + np.sum(y)


def rnd_87(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i in range(len(x)):
        v = x[i]
        s = s + helper(v)
        if v < -0.7:
            return v * s + np.sum(x)
    y[::2] = y[::2] * 0.5
    return helper(s) + np.sum(y)


def rnd_88(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + v / 3.0
        if s > 0.9:
            break
    y[1:] *= 1.5
    return s * s + np.sum(y[1:])


def rnd_89(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s += v ** 3
        if s > 0.9:
            break
    y[1:] *= 1.5
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_90(x):
    y = x * 1.0
    s = np.zeros(())
    for v in x:
        s = s + helper(v)
    y[:-1] += 0.25
    return s * np.sum(y * y)


def rnd_91(x):
    y = x * 1.0
    s = 0
    for i in range(len(x)):
        v = x[i]
        s = s + np.sin(v)
    y[::2] = y[::2] * 0.5
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_92(x):
    y = x * 1.0
    s = 0
    for i, v in enumerate(x):
        s += v ** 3
        if s > 0.9:
            break
    y[::2] = y[::2] * 0.5
    return s * np.sum(y * y)


def rnd_93(x):
    y = x * 1.0
    s = np.zeros(())
    for v in x:
        s = s * 0.5 + v
        if v > 0.6:
            return s * 2.0
    y[:-1] += 0.25
    return s * np.sum(y * y)


def rnd_94(x):
    y = x * 1.0
    s = np.float64(0.0)
    for v in x:
        s = s - np.tanh(v) * 2.0
        if v > 0.6:
            return s * 2.0
    y[-1:] -= s * 0.0 + 0.1
    return s * np.sum(y * y)


def rnd_95(x):
    y = x * 1.0
    s = np.zeros(())
    for i, v in enumerate(x):
        s = s + np.sin(v)
    y[1:] *= 1.5
    return helper(s) + np.sum(y)


def rnd_96(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s = s - np.tanh(v) * 2.0
    y[:-1] += 0.25
    return s * np.sum(y * y)


def rnd_97(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s + helper(v)
        if s > 1.2:
            return s
    return s


def rnd_98(x):
    y = x * 1.0
    s = 0
    for i, v in enumerate(x):
        s = s + v * v
    return s * np.sum(y * y)


def rnd_99(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s + np.sin(v)
        if s > 0.9:
            break
    y[::2] = y[::2] * 0.5
    return helper(s) + np.sum(y)


def rnd_100(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + helper(v)
        if s > 1.2:
            return s
    y[-1:] -= s * 0.0 + 0.1
    return s * np.sum(y * y)


def rnd_101(x):
    y = x * 1.0
    s = 0
    for i, v in enumerate(x):
        s = s + helper(v)
        if v > 0.6:
            return s * 2.0
    return s + np.mean(y)


def rnd_102(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i in range(len(x)):
        v = x[i]
        s += v ** 3
        if s > 1.2:
            return s
    return s


def rnd_103(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i in range(len(x)):
        v = x[i]
        s = s - np.tanh(v) * 2.0
        if v < -0.7:
            return v * s + np.sum(x)
    y[:-1] += 0.25
    return helper(s) + np.sum(y)


def rnd_104(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s + v / 3.0
        if s > 1.2:
            return s
    return s * s + np.sum(y[1:])


def rnd_105(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s = s * 0.5 + v
        if s > 1.2:
            return s
    return s * s + np.sum(y[1:])


def rnd_106(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s + np.sin(v)
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return s


def rnd_107(x):
    y = x * 1.0
    s = np.float64(0.0)
    for v in x:
        s += v ** 3
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return s + np.mean(y)


def rnd_108(x):
    y = x * 1.0
    s = np.zeros(())
    for v in x:
        s = s + np.sin(v)
        if v < -0.7:
            return v * s + np.sum(x)
    y[-1:] -= s * 0.0 + 0.1
    return s * np.sum(y * y)


def rnd_109(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s += v ** 3
        if s > 0.9:
            break
    y[::2] = y[::2] * 0.5
    return s + np.mean(y)


def rnd_110(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s += v ** 3
    y[:-1] += 0.25
    return s + np.mean(y)


def rnd_111(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s + v / 3.0
    y[::2] = y[::2] * 0.5
    return s * s + np.sum(y[1:])


def rnd_112(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s = s * 0.5 + v
        if s > 0.9:
            break
    y[::2] = y[::2] * 0.5
    return s


def rnd_113(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s * 0.5 + v
        if s > 0.9:
            break
    y[:-1] += 0.25
    return s


def rnd_114(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i in range(len(x)):
        v = x[i]
        s += v ** 3
        if s > 0.9:
            break
    y[-1:] -= s * 0.0 + 0.1
    return s + np.mean(y)


def rnd_115(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s + v / 3.0
        if v < -0.7:
            return v * s + np.sum(x)
    y[:-1] += 0.25
    return s + np.mean(y)


def rnd_116(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s - np.tanh(v) * 2.0
    y[:-1] += 0.25
    return s * np.sum(y * y)


def rnd_117(x):
    y = x * 1.0
    s = 0
    for i in range(len(x)):
        v = x[i]
        s = s + helper(v)
        if s > 1.2:
            return s
    y[::2] = y[::2] * 0.5
    return s


def rnd_118(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i in range(len(x)):
        v = x[i]
        s = s + v * v
        if s > 1.2:
            return s
    y[::2] = y[::2] * 0.5
    return helper(s) + np.sum(y)


def rnd_119(x):
    y = x * 1.0
    s = np.zeros(())
    for i, v in enumerate(x):
        s = s - np.tanh(v) * 2.0
    y[-1:] -= s * 0.0 + 0.1
    return s + np.mean(y)


def rnd_120(x):
    y = x * 1.0
    s = 0
    for i, v in enumerate(x):
        s += v ** 3
        if v > 0.6:
            return s * 2.0
    y[-1:] -= s * 0.0 + 0.1
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_121(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i, v in enumerate(x):
        s = s - np.tanh(v) * 2.0
    y[:-1] += 0.25
    return s * np.sum(y * y)


def rnd_122(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + v / 3.0
        if s > 0.9:
            break
    y[-1:] -= s * 0.0 + 0.1
    return s * s + np.sum(y[1:])


def rnd_123(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i in range(len(x)):
        v = x[i]
        s = s - np.tanh(v) * 2.0
        if s > 1.2:
            return s
    return s + np.mean(y)


def rnd_124(x):
    y = x * 1.0
    s = 0
    for i in range(len(x)):
        v = x[i]
        s = s + helper(v)
        if v > 0.6:
            return s * 2.0
    y[:-1] += 0.25
    return s + np.mean(y)


def rnd_125(x):
    y = x * 1.0
    s = 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + np.sin(v)
        if v > 0.6:
            return s * 2.0
    y[::2] = y[::2] * 0.5
    return s * s + np.sum(y[1:])


def rnd_126(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s = s * 0.5 + v
    y[-1:] -= s * 0.0 + 0.1
    return helper(s) + np.sum(y)


def rnd_127(x):
    y = x * 1.0
    s = 0
    for v in x:
        s = s + helper(v)
    y[1:] *= 1.5
    return s + np.mean(y)


def rnd_128(x):
    y = x * 1.0
    s = 0
    for v in x:
        s = s + v / 3.0
        if v > 0.6:
            return s * 2.0
    return s * np.sum(y * y)


def rnd_129(x):
    y = x * 1.0
    s = np.float64(0.0)
    for v in x:
        s = s + v * v
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return helper(s) + np.sum(y)


def rnd_130(x):
    y = x * 1.0
    s = np.zeros(())
    for i in range(len(x)):
        v = x[i]
        s = s * 0.5 + v
        if s > 1.2:
            return s
    y[1:] *= 1.5
    return s + np.mean(y)


def rnd_131(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s += v ** 3
        if s > 1.2:
            return s
    y[-1:] -= s * 0.0 + 0.1
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_132(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i, v in enumerate(x):
        s = s + v / 3.0
    return helper(s) + np.sum(y)


def rnd_133(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i in range(len(x)):
        v = x[i]
        s += v ** 3
        if v < -0.7:
            return v * s + np.sum(x)
    y[-1:] -= s * 0.0 + 0.1
    return s


def rnd_134(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s + v / 3.0
        if s > 0.9:
            break
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_135(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i, v in enumerate(x):
        s = s + helper(v)
    y[-1:] -= s * 0.0 + 0.1
    return s + np.mean(y)


def rnd_136(x):
    y = x * 1.0
    s = x[0] * 0.0
    for v in x:
        s = s + v / 3.0
    y[1:] *= 1.5
    return s + np.mean(y)


def rnd_137(x):
    y = x * 1.0
    s = 0
    for i, v in enumerate(x):
        s = s + helper(v)
        if s > 0.9:
            break
    return s


def rnd_138(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i in range(len(x)):
        v = x[i]
        s = s * 0.5 + v
        if s > 0.9:
            break
    y[1:] *= 1.5
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_139(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i in range(len(x)):
        v = x[i]
        s = s - np.tanh(v) * 2.0
    y[::2] = y[::2] * 0.5
    return s * np.sum(y * y)


def rnd_140(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i in range(len(x)):
        v = x[i]
        s += v ** 3
        if s > 1.2:
            return s
    y[1:] *= 1.5
    return helper(s) + np.sum(y)


def rnd_141(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i in range(len(x)):
        v = x[i]
        s += v ** 3
        if s > 1.2:
            return s
    return s


def rnd_142(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i, v in enumerate(x):
        s = s * 0.5 + v
    y[1:] *= 1.5
    return s * np.sum(y * y)


def rnd_143(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i in range(len(x)):
        v = x[i]
        s = s + v / 3.0
        if v < -0.7:
            return v * s + np.sum(x)
    y[-1:] -= s * 0.0 + 0.1
    return s * s + np.sum(y[1:])


def rnd_144(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i, v in enumerate(x):
        s = s - np.tanh(v) * 2.0
    y[1:] *= 1.5
    return s * np.sum(y * y)


def rnd_145(x):
    y = x * 1.0
    s = np.zeros(())
    for v in x:
        s = s * 0.5 + v
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return -np.mean(np.sum(y[None, :] * np.log(np.exp(y[None, :]) / np.sum(np.exp(y))), axis=1)) + s


def rnd_146(x):
    y = x * 1.0
    s = x[0] * 0.0
    for i in range(len(x)):
        v = x[i]
        s = s + np.sin(v)
        if v > 0.6:
            return s * 2.0
    y[1:] *= 1.5
    return s * np.sum(y * y)


def rnd_147(x):
    y = x * 1.0
    s = 0.0
    for v in x:
        s = s + v * v
        if v > 0.6:
            return s * 2.0
    return helper(s) + np.sum(y)


def rnd_148(x):
    y = x * 1.0
    s = 0
    for v in x:
        s = s + v / 3.0
        if v < -0.7:
            return v * s + np.sum(x)
    y[:-1] += 0.25
    return s * np.sum(y * y)


def rnd_149(x):
    y = x * 1.0
    s = np.float64(0.0)
    for i, v in enumerate(x):
        s = s - np.tanh(v) * 2.0
        if v < -0.7:
            return v * s + np.sum(x)
    y[1:] *= 1.5
    return helper(s) + np.sum(y)


CASES = []
SIGS = (("v4", np.array([0.31, -0.23, 0.83, 0.17])), ("v1", np.array([0.4])), ("v0", np.zeros(0)),
        ("neg", np.array([-0.91, 0.23, 0.52])), ("f32", np.array([0.31, -0.23, 0.83], np.float32)))
for name, fn in list(globals().items()):
    if name.startswith("rnd_"):
        for tag, x in SIGS:
            CASES.append((f"{name}[{tag}]", fn, (x.copy(),),
                          dict(h=1e-3, low=True) if tag == "f32" else {}))
