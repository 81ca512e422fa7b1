"""How a TensorFlow behaviour is written down, for the recorders (run under real
TF) and the tests (run on tangentish.tf): one home for the encoding.

``enc`` turns a result into strings (list/tuple -> list, dict -> dict, None ->
null, anything else -> repr()); ``outcome`` runs a case into either
{"type", "value"} or {"exception", "message"}."""


def enc(v, exact_sequences=False):
    """``exact_sequences``: only exact lists and tuples are sequences (tangentish's
    TensorShape is a tuple subclass, TF's is not)."""
    if v is None:
        return None
    if (type(v) in (list, tuple)) if exact_sequences else isinstance(v, (list, tuple)):
        return [enc(x, exact_sequences) for x in v]
    if isinstance(v, dict):
        return {str(k): enc(x, exact_sequences) for k, x in v.items()}
    return repr(v)


def outcome(fn, exact_sequences=False):
    try:
        v = fn()
    except Exception as e:  # noqa: BLE001
        return {"exception": type(e).__name__, "message": str(e)}
    return {"type": type(v).__name__, "value": enc(v, exact_sequences)}
