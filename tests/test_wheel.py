"""The built package finds its shipped bank: a past bug the source-tree tests could not see.

The default bank (templates/, phrasebank/, manifest.json at the repo's top level) ships as
drafter/default_bank through pyproject's package-dir mapping. These tests build the package
from a copy of the source, without network, and run it from outside the repo.

How it is built, most faithful first, with what the environment has (no download, ever):
- a real wheel, `pip wheel --no-deps --no-build-isolation --no-index`, when the installed
  setuptools can build wheels by itself (≥ 70.1) or the `wheel` package is present;
- otherwise setuptools' `build_py` into a staging directory. A wheel's library part is exactly
  that directory zipped (bdist_wheel runs build_py and adds only .dist-info), so the files and
  their places are the same. This is the case in a fresh `python3 -m venv` on Python 3.11
  (setuptools 65 from ensurepip, no `wheel`), i.e. in .ci/run;
- with no setuptools at all (a fresh venv on Python ≥ 3.12) the build tests skip; the
  installed-copy test below still covers CI there, since .ci/run has just pip-installed the
  package with the real isolated PEP 517 build.
"""
from __future__ import annotations

import importlib.metadata as md
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "bureau-half-year.yaml"
# Build artefacts and local state that are not part of the source.
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                     ".pytest_cache", ".hypothesis", "out")


def repo_bank_files() -> dict[str, bytes]:
    """The shipped bank as the repo holds it: relative path -> bytes."""
    files = [ROOT / "manifest.json", *(ROOT / "templates").glob("*.j2"), *(ROOT / "phrasebank").glob("*.yaml"),
             ROOT / "phrasebank" / "index.json", ROOT / "phrasebank" / "shingles.bin"]
    assert len(files) > 5 and all(f.is_file() for f in files)
    return {f.relative_to(ROOT).as_posix(): f.read_bytes() for f in files}


def _version(dist: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in re.findall(r"\d+", md.version(dist))[:3])
    except md.PackageNotFoundError:
        return ()


def _run(cmd, cwd, env=None, timeout=300):
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"{cmd}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
    return r


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str, list[str]]:
    """(directory holding the package as installed, how it was built, names in the wheel or [])."""
    setuptools = _version("setuptools")
    if not setuptools or setuptools < (61,):
        pytest.skip("no setuptools ≥ 61 here: the package cannot be built offline")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    # A copy: building writes build/ and drafter.egg-info into the source directory.
    shutil.copytree(ROOT, src, ignore=_NOT_SOURCE)
    tree = tmp / "unpacked"
    if setuptools >= (70, 1) or importlib.util.find_spec("wheel"):
        dist = tmp / "dist"
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
              "-q", "-w", str(dist), str(src)], cwd=tmp)
        wheels = list(dist.glob("drafter-*.whl"))
        assert len(wheels) == 1, wheels
        with zipfile.ZipFile(wheels[0]) as z:
            names = z.namelist()
            z.extractall(tree)
        return tree, "wheel", names
    _run([sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py", "--build-lib",
          str(tree)], cwd=src)
    return tree, "build_py", []


def check_bank(site: Path) -> None:
    """`site/drafter/default_bank` holds exactly the repo's bank, byte for byte."""
    bank = site / "drafter" / "default_bank"
    shipped = {p.relative_to(bank).as_posix(): p.read_bytes() for p in bank.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    expected = repo_bank_files()
    assert sorted(shipped) == sorted(expected)          # nothing missing, nothing extra
    for rel, data in expected.items():
        assert shipped[rel] == data, f"{rel} differs from the repo's"


def test_package_ships_the_bank_byte_identical(built):
    tree, how, names = built
    check_bank(tree)
    assert (tree / "drafter" / "data" / "layout.yaml").is_file()
    if how == "wheel":
        for rel in repo_bank_files():
            assert f"drafter/default_bank/{rel}" in names
        assert any(n.endswith(".dist-info/entry_points.txt") for n in names)


def _outside_env(pythonpath: Path | None) -> dict:
    """The environment of a user's shell: no source tree on the path, no debug switches."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DRAFTER_DEBUG")}
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def check_runs_outside_repo(site: Path | None, tmp_path: Path) -> None:
    """From a directory outside the repo, `drafter` is imported from `site` and finds its bank."""
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    assert ROOT not in cwd.resolve().parents
    env = _outside_env(site)
    py = [sys.executable]
    where = _run(py + ["-c", "import drafter, drafter.bank as b; print(drafter.__file__); "
                             "print(b.default_bank_dir())"], cwd=cwd, env=env).stdout.split("\n")
    pkg, bank = Path(where[0]).resolve(), Path(where[1]).resolve()
    assert pkg != (ROOT / "drafter").resolve(), pkg     # not the source tree
    if site:
        assert site.resolve() in pkg.parents, pkg
    assert bank == pkg.parent / "default_bank", bank    # the shipped bank, not a fallback

    kinds = json.loads(_run(py + ["-m", "drafter", "kinds", "--json"], cwd=cwd, env=env).stdout)
    manifest = json.loads((ROOT / "manifest.json").read_text("utf-8"))
    assert [(k["id"], k["name"], k["support"]) for k in kinds] == \
           [(k["id"], k["name"], k["support"]) for k in manifest["kinds"]]

    out = cwd / "x.docx"
    _run(py + ["-m", "drafter", "render", str(EXAMPLE), "-o", str(out)], cwd=cwd, env=env)
    assert out.read_bytes()[:2] == b"PK"
    # Same draft as from the source tree: the same bank was used.
    _run(py + ["-m", "drafter", "render", str(EXAMPLE), "-o", str(cwd / "x.txt")], cwd=cwd, env=env)
    _run(py + ["-m", "drafter", "render", str(EXAMPLE), "-o", str(tmp_path / "ref.txt")], cwd=ROOT,
         env={**env, "PYTHONPATH": str(ROOT)})
    assert (cwd / "x.txt").read_text("utf-8") == (tmp_path / "ref.txt").read_text("utf-8")


def test_built_package_runs_from_outside_the_repo(built, tmp_path):
    check_runs_outside_repo(built[0], tmp_path)


def _installed_copy() -> Path | None:
    """site-packages holding a regular (not editable) pip install of drafter, if any."""
    source = (ROOT / "drafter" / "__init__.py").resolve()
    # All of them: with the repo on sys.path, a build's drafter.egg-info there is found first.
    for dist in md.distributions(name="drafter"):
        direct = json.loads(dist.read_text("direct_url.json") or "{}")
        if direct.get("dir_info", {}).get("editable"):
            continue
        init = Path(dist.locate_file("drafter/__init__.py"))
        # .ci/run's venv lives inside the repo (.venv/…/site-packages): only the source itself is excluded.
        if init.is_file() and init.resolve() != source:
            return init.parent.parent
    return None


def test_installed_copy_has_and_finds_its_bank(tmp_path):
    """What `pip install .` put in this environment (as .ci/run does), when there is one."""
    site = _installed_copy()
    if site is None:
        pytest.skip("drafter is not pip-installed (non-editable) in this environment")
    check_bank(site)
    check_runs_outside_repo(None, tmp_path)
