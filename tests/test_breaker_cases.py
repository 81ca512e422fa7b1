"""Programs two breakers wrote against this engine (issue 10), each a standalone
script that prints OK when tangentish's number matches its reference (central
finite differences, autograd, or a hand value) and WRONG / CRASH otherwise.  Each
must now print OK, or be refused (a TransformError at the user's line, or a
TypeError with a message): never a wrong number, never an internal crash."""
import contextlib
import io
import pathlib
import runpy

import pytest

import tangentish as tg

CASES = sorted(pathlib.Path(__file__).with_name("breaker_cases").glob("*.py"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_breaker_case(path):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(path), run_name="__main__")
    except tg.TransformError as exc:
        assert exc.filename == str(path) and exc.lineno is not None, str(exc)
        return
    verdicts = [line.split()[0] for line in out.getvalue().splitlines()
                if line.split() and line.split()[0] in ("OK", "WRONG", "CRASH")]
    assert verdicts and set(verdicts) == {"OK"}, out.getvalue()[-2000:]
