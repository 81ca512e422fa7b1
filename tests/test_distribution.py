"""The distributions are complete (issue 14): the sdist carries everything the test
suite needs, the metadata is complete, the license is there, ``.ci/run`` is
executable.  Installing the sdist into a fresh virtual environment and running its
tests takes minutes and needs the network: ``scripts/check_sdist.sh`` does that."""
import email.parser
import os
import re
import shutil
import subprocess
import sys
import tarfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# What the test suite and the documented commands need, beyond the package itself.
REQUIRED = [
    "setup.py", "setup.cfg", "MANIFEST.in", "README.md", "LICENSE", "CHANGELOG.md",
    "CONTRIBUTING.md", ".ci/run", "tangentish/py.typed", "tangentish/__init__.py",
    "tests/__init__.py", "tests/conftest.py", "tests/test_api.py", "tests/test_readme.py",
    "tests/corpus/__init__.py", "tests/__snapshots__/test_snapshots.ambr",
    "tests/golden/tf_semantics.json", "tests/golden/chapter/01_basic.txt",
    "tests/breaker_cases", "tests/fuzz", "tests/passes/conftest.py", "tests/rules",
    "docs/ARCHITECTURE.md", "docs/COVERAGE.md", "docs/SOUNDNESS.md", "docs/CONFORMANCE.md",
    "docs/PERFORMANCE.md", "examples/basics.py", "examples/chapter",
    "conformance/autograd/run.py", "conformance/autograd/README.md",
    "conformance/autograd/shim/autograd/__init__.py", "scripts/gen_coverage.py",
    "scripts/check_sdist.sh", "benchmarks/run.py", "benchmarks/README.md",
]
NOT_SHIPPED = {".gitignore"}      # tracked, but meaningless outside a git checkout


def _git_files():
    """The files git tracks, or None outside a git checkout (an unpacked sdist)."""
    if shutil.which("git") is None or not os.path.isdir(os.path.join(ROOT, ".git")) and \
            not os.path.isfile(os.path.join(ROOT, ".git")):
        return None
    out = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return {line.split("\t", 1)[1]: line.split()[0] for line in out.stdout.splitlines()}


@pytest.fixture(scope="module")
def sdist(tmp_path_factory):
    """The members of a freshly built sdist, {path inside the archive: TarInfo}, and
    its PKG-INFO (built with setuptools, as pip would: ``setup.py sdist``)."""
    pytest.importorskip("setuptools", reason="building the sdist needs setuptools "
                        "(pip install -e '.[test]' installs it)")
    out = tmp_path_factory.mktemp("sdist")
    done = subprocess.run([sys.executable, "setup.py", "-q", "egg_info", "--egg-base", str(out),
                           "sdist", "--formats=gztar", "--dist-dir", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (archive,) = [p for p in os.listdir(out) if p.endswith(".tar.gz")]
    with tarfile.open(os.path.join(out, archive)) as tar:
        members = {m.name.split("/", 1)[1]: m for m in tar.getmembers() if "/" in m.name}
        info = tar.extractfile(archive[:-len(".tar.gz")] + "/PKG-INFO").read().decode()
    return members, email.parser.Parser().parsestr(info)


def _present(members, path):
    return path in members or any(name.startswith(path + "/") for name in members)


def test_sdist_has_what_the_tests_need(sdist):
    members, _ = sdist
    missing = [p for p in REQUIRED if not _present(members, p)]
    assert not missing, f"missing from the sdist (see MANIFEST.in): {missing}"


def test_sdist_has_every_tracked_file(sdist):
    tracked = _git_files()
    if tracked is None:
        pytest.skip("not a git checkout (an unpacked sdist): the REQUIRED list is checked instead")
    members, _ = sdist
    missing = sorted(p for p in tracked if p not in NOT_SHIPPED and p not in members)
    assert not missing, f"tracked files missing from the sdist (see MANIFEST.in): {missing}"


def test_sdist_has_no_build_debris(sdist):
    members, _ = sdist
    debris = [p for p in members if "__pycache__" in p or p.endswith((".pyc", ".pyo"))
              or ".hypothesis" in p or ".pytest_cache" in p]
    assert not debris


def test_sdist_keeps_the_ci_script_executable(sdist):
    members, _ = sdist
    assert members[".ci/run"].mode & 0o111


def test_metadata(sdist):
    _, info = sdist
    classifiers = info.get_all("Classifier")
    for minor in range(9, 14):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers
    for c in ("License :: OSI Approved :: Apache Software License",
              "Operating System :: OS Independent",
              "Topic :: Scientific/Engineering :: Mathematics", "Typing :: Typed"):
        assert c in classifiers
    assert info["License"] == "Apache-2.0"
    assert "LICENSE" in info.get_all("License-File")
    assert info["Requires-Python"] == ">=3.9"


def test_license_is_the_apache_license():
    text = open(os.path.join(ROOT, "LICENSE"), encoding="utf-8").read()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text


def test_package_is_typed():
    import tangentish
    assert os.path.isfile(os.path.join(os.path.dirname(tangentish.__file__), "py.typed"))
    cfg = open(os.path.join(ROOT, "setup.cfg"), encoding="utf-8").read()
    assert re.search(r"\[options\.package_data\]\s*\ntangentish = py\.typed", cfg)


def test_ci_script_is_executable():
    path = os.path.join(ROOT, ".ci", "run")
    assert os.access(path, os.X_OK), ".ci/run is not executable"
    tracked = _git_files()
    if tracked is not None:   # the bit git records, which a fresh clone gets
        assert tracked[".ci/run"] == "100755", "git update-index --chmod=+x .ci/run"


def test_readme_links_work_on_a_package_index():
    """A package index shows README.md without the repository around it, so a
    relative link there is broken: links are absolute or in-page anchors."""
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    targets = re.findall(r"\]\(([^)\s]+)", text) + re.findall(r"^\[[^\]]+\]:\s*(\S+)", text, re.M)
    targets += re.findall(r"""(?:href|src)=["']([^"']+)""", text)
    relative = [t for t in targets if not re.match(r"(https?://|mailto:|#)", t)]
    assert not relative, f"relative links in README.md: {relative}"
    assert "LICENSE" in text
