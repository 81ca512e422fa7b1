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


def rnd_loss_0(w, X, y):
    z = X.dot(w)
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0] + 0.01 * np.sum(w * w)


def rnd_loss_1(w, X, y):
    z = np.tanh(X @ w)
    return ((z - y) ** 2).mean()


def rnd_loss_2(w, X, y):
    z = X @ w
    return np.sum(np.exp(z) - y * z) / X.shape[0]


def rnd_loss_3(w, X, y):
    z = helper(X @ w)
    return np.sum((y - z) * (y - z) * 0.5) / X.shape[0]


def rnd_loss_4(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.sum((y - z) * (y - z) * 0.5) / X.shape[0] + 0.01 * np.sum(w * w)


def rnd_loss_5(w, X, y):
    z = X @ w
    return ((z - y) ** 2).mean() + 0.01 * np.sum(w * w)


def rnd_loss_6(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, z) - y * z) + helper(np.sum(w))


def rnd_loss_7(w, X, y):
    z = X.dot(w)
    return np.mean(y * np.tanh(z), axis=0) + 0.01 * np.sum(w * w)


def rnd_loss_8(w, X, y):
    z = X.dot(w)
    return np.mean(np.log1p(np.exp(-y * z)), axis=0) + 0.01 * np.sum(w * w)


def rnd_loss_9(w, X, y):
    z = X.dot(w)
    return np.sum(np.logaddexp(0.0, z) - y * z) / X.shape[0]


def rnd_loss_10(w, X, y):
    z = helper(X @ w)
    return np.mean(z * z - 2.0 * y * z) + helper(np.sum(w))


def rnd_loss_11(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.sum((y - z) * (y - z) * 0.5) / X.shape[0] + helper(np.sum(w))


def rnd_loss_12(w, X, y):
    z = helper(X @ w)
    return np.sum((y - z) * (y - z) * 0.5) / X.shape[0] + 0.01 * np.sum(w * w)


def rnd_loss_13(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.sum(np.exp(z) - y * z) / len(y) + helper(np.sum(w))


def rnd_loss_14(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.mean(np.log1p(np.exp(-y * z))) + 0.01 * np.sum(w * w)


def rnd_loss_15(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.mean((y - z) * (y - z) * 0.5)


def rnd_loss_16(w, X, y):
    z = helper(X @ w)
    return ((z - y) ** 2).mean()


def rnd_loss_17(w, X, y):
    z = X @ w * 0.5 + 0.1
    return ((y - z) * (y - z) * 0.5).mean()


def rnd_loss_18(w, X, y):
    z = X.dot(w)
    return np.sum(z * z - 2.0 * y * z) / len(y)


def rnd_loss_19(w, X, y):
    z = helper(X @ w)
    return np.sum(z * z - 2.0 * y * z) / len(y)


def rnd_loss_20(w, X, y):
    z = helper(X @ w)
    return (y * np.tanh(z)).mean() + helper(np.sum(w))


def rnd_loss_21(w, X, y):
    z = X.dot(w)
    return np.mean((y - z) * (y - z) * 0.5, axis=0)


def rnd_loss_22(w, X, y):
    z = np.tanh(X @ w)
    return np.mean((y - z) * (y - z) * 0.5) + helper(np.sum(w))


def rnd_loss_23(w, X, y):
    z = X @ w
    return (np.exp(z) - y * z).mean() + helper(np.sum(w))


def rnd_loss_24(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0]


def rnd_loss_25(w, X, y):
    z = X @ w
    return np.mean(z * z - 2.0 * y * z, axis=0) + 0.01 * np.sum(w * w)


def rnd_loss_26(w, X, y):
    z = np.tanh(X @ w)
    return np.mean(np.exp(z) - y * z, axis=0) + helper(np.sum(w))


def rnd_loss_27(w, X, y):
    z = helper(X @ w)
    return np.mean(y * np.tanh(z)) + helper(np.sum(w))


def rnd_loss_28(w, X, y):
    z = np.tanh(X @ w)
    return np.mean(np.exp(z) - y * z, axis=0)


def rnd_loss_29(w, X, y):
    z = X.dot(w)
    return np.mean(np.exp(z) - y * z, axis=0) + helper(np.sum(w))


def rnd_loss_30(w, X, y):
    z = X @ w
    return np.sum(z * z - 2.0 * y * z) / len(y) + 0.01 * np.sum(w * w)


def rnd_loss_31(w, X, y):
    z = np.tanh(X @ w)
    return np.mean(z * z - 2.0 * y * z) + helper(np.sum(w))


def rnd_loss_32(w, X, y):
    z = helper(X @ w)
    return np.sum(z * z - 2.0 * y * z) / X.shape[0] + 0.01 * np.sum(w * w)


def rnd_loss_33(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.mean((y - z) * (y - z) * 0.5) + helper(np.sum(w))


def rnd_loss_34(w, X, y):
    z = np.tanh(X @ w)
    return np.mean(np.log1p(np.exp(-y * z)), axis=0) + helper(np.sum(w))


def rnd_loss_35(w, X, y):
    z = X.dot(w)
    return np.sum(z * z - 2.0 * y * z) / X.shape[0] + 0.01 * np.sum(w * w)


def rnd_loss_36(w, X, y):
    z = X.dot(w)
    return ((y - z) * (y - z) * 0.5).mean() + 0.01 * np.sum(w * w)


def rnd_loss_37(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.sum((z - y) ** 2) / len(y)


def rnd_loss_38(w, X, y):
    z = X.dot(w)
    return np.mean(np.log1p(np.exp(-y * z)), axis=0)


def rnd_loss_39(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.sum(np.log1p(np.exp(-y * z))) / X.shape[0]


def rnd_loss_40(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.sum(z * z - 2.0 * y * z) / X.shape[0] + helper(np.sum(w))


def rnd_loss_41(w, X, y):
    z = X @ w
    return np.mean(np.log1p(np.exp(-y * z)), axis=0)


def rnd_loss_42(w, X, y):
    z = np.tanh(X @ w)
    return (z * z - 2.0 * y * z).mean()


def rnd_loss_43(w, X, y):
    z = X.dot(w)
    return np.sum((z - y) ** 2) / len(y) + 0.01 * np.sum(w * w)


def rnd_loss_44(w, X, y):
    z = helper(X @ w)
    return np.sum(np.logaddexp(0.0, z) - y * z) / len(y) + 0.01 * np.sum(w * w)


def rnd_loss_45(w, X, y):
    z = X @ w
    return np.sum(np.exp(z) - y * z) / len(y)


def rnd_loss_46(w, X, y):
    z = helper(X @ w)
    return np.sum((y - z) * (y - z) * 0.5) / len(y)


def rnd_loss_47(w, X, y):
    z = X @ w
    return np.sum(y * np.tanh(z)) / X.shape[0] + 0.01 * np.sum(w * w)


def rnd_loss_48(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.sum(z * z - 2.0 * y * z) / X.shape[0] + helper(np.sum(w))


def rnd_loss_49(w, X, y):
    z = X @ w * 0.5 + 0.1
    return np.mean(z * z - 2.0 * y * z) + 0.01 * np.sum(w * w)


CASES = []
SIGS = (("v4", np.array([0.31, -0.23, 0.83, 0.17])), ("v1", np.array([0.4])), ("v0", np.zeros(0)),
        ("neg", np.array([-0.91, 0.23, 0.52])), ("f32", np.array([0.31, -0.23, 0.83], np.float32)))
LOSS_SIGS = (("ok", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.arange(6) % 2 * 1.0),
             ("y_long", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.arange(7) % 2 * 1.0),
             ("y_0", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.zeros(0)),
             ("n0_y3", np.array([0.1, -0.2, 0.3]), np.zeros((0, 3)), np.ones(3)),
             ("y_col", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.ones((6, 1))),
             ("y_1", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9, np.ones(1)),
             ("n1_y3", np.array([0.1, -0.2, 0.3]), np.ones((1, 3)), np.array([0.0, 1.0, 1.0])),
             ("y_f32", np.array([0.1, -0.2, 0.3]), np.arange(18.0).reshape(6, 3) / 9,
              (np.arange(6) % 2).astype(np.float32)),
             ("wX_int", np.array([1, 0, -1]), np.arange(18).reshape(6, 3) % 3, np.arange(6) % 2 * 1.0))
for name, fn in list(globals().items()):
    if name.startswith("rnd_loss_"):
        for tag, w, X, y in LOSS_SIGS:
            CASES.append((f"{name}[{tag}]", fn, (w.copy(), X.copy(), y.copy()), {}))
    elif name.startswith("rnd_"):
        for tag, x in SIGS:
            CASES.append((f"{name}[{tag}]", fn, (x.copy(),),
                          dict(h=1e-3, low=True) if tag == "f32" else {}))
