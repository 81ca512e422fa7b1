#!/usr/bin/env bash
# Build the sdist, install it with its test extra into a fresh virtual environment
# and run a representative part of its own test suite from the unpacked sdist
# (issue 14: the sdist is complete).  Needs the network (pip installs the
# dependencies).  Usage: scripts/check_sdist.sh [PYTHON] [PYTEST ARGS...]
#   default PYTHON: python3; default tests: tests/test_api.py tests/test_readme.py
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${1:-python3}
shift || true
TESTS=("$@")
[ ${#TESTS[@]} -gt 0 ] || TESTS=(tests/test_api.py tests/test_readme.py)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "== building the sdist ($("$PYTHON" --version))"
# a venv of its own to build in, so the build does not depend on what the
# interpreter happens to have (3.12+ ships without setuptools)
"$PYTHON" -m venv "$WORK/build-venv"
"$WORK/build-venv/bin/python" -m pip install --quiet --disable-pip-version-check build
HAD_EGG_INFO=$([ -e tangentish.egg-info ] && echo yes || true)
"$WORK/build-venv/bin/python" -m build --sdist --outdir "$WORK/dist" . >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log"; exit 1; }
[ -n "$HAD_EGG_INFO" ] || rm -rf tangentish.egg-info     # setuptools' debris in the tree
SDIST=$(ls "$WORK"/dist/*.tar.gz)
echo "   $(basename "$SDIST"): $(tar tzf "$SDIST" | grep -vc '/$') files"

echo "== installing it with [test] into a fresh venv"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$SDIST[test]"

echo "== running ${TESTS[*]} from the unpacked sdist"
mkdir "$WORK/src"
tar xzf "$SDIST" -C "$WORK/src"
cd "$WORK"/src/*/
"$WORK/venv/bin/python" - <<'PY'
import importlib.resources, sys
sys.path = [p for p in sys.path if p not in ("", ".")]     # the installed package
import tangentish
assert importlib.resources.files("tangentish").joinpath("py.typed").is_file(), "no py.typed"
print("   installed:", tangentish.__version__, tangentish.__file__, "(py.typed present)")
PY
"$WORK/venv/bin/python" -m pytest -q -p no:cacheprovider "${TESTS[@]}"
