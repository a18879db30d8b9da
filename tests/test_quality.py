"""The code itself: lint (ruff), types (mypy), one home per concept, no oversized module."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "lib" / "termshift"
BIN = Path(sys.executable).parent


def run(tool, *args):
    exe = BIN / tool
    if not exe.exists():
        pytest.fail(f"{tool} is not installed in {BIN}; run make (it installs the dev extra)")
    return subprocess.run([str(exe), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    r = run("ruff", "check", "lib", "tests", "notebooks", "benchmarks", "docs")
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]


def test_mypy_finds_nothing():
    r = run("mypy")
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]


def test_no_private_name_is_imported_across_modules():
    """One home per concept: a helper two modules need gets a public name in its home."""
    bad = []
    pattern = re.compile(r"^\s*from \.+[\w.]* import (.+)$", re.M)
    for path in LIB.rglob("*.py"):
        for names in pattern.findall(path.read_text(encoding="utf-8")):
            for name in re.split(r"[,\s()]+", names):
                if name.startswith("_") and not name.startswith("__"):
                    bad.append(f"{path.relative_to(ROOT)}: imports {name}")
    assert not bad, "\n".join(bad)


def test_no_module_is_over_about_700_lines():
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
             for p in LIB.rglob("*.py")}
    assert {p: n for p, n in sizes.items() if n > 720} == {}


def test_one_version_string():
    import termshift

    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^version: (\S+)$", cff, re.M).group(1) == termshift.__version__
    from importlib.metadata import version

    assert version("termshift") == termshift.__version__


def test_old_import_paths_still_work():
    import termshift
    from termshift.corpus import TABLE_SUFFIXES, decode_bytes, format_summary, is_boilerplate_line  # noqa: F401
    from termshift.counts import FREQS, period_freq, period_index  # noqa: F401
    from termshift.exercises import EXERCISES, check, exercise_corpus  # noqa: F401
    from termshift.figures import check as check_figures  # noqa: F401
    from termshift.figures import run_notebooks, save  # noqa: F401
    from termshift.keyness import dunning_g2, tokenize  # noqa: F401
    from termshift.matching import Matcher, count_tokens  # noqa: F401
    from termshift.stats import wilson_interval  # noqa: F401

    assert callable(termshift.plots.plot_trajectory) and callable(termshift.figures.save)


def test_every_submodule_is_an_attribute_of_its_package_after_a_plain_import():
    """The packages import their names on first use; a submodule is still reached as an attribute
    (``termshift.stats``, ``termshift.corpus.walk``) in a fresh interpreter, without importing it first."""
    import pkgutil

    import termshift
    import termshift.corpus

    checks = []
    for package in (termshift, termshift.corpus):
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("_"):
                checks.append(f"{package.__name__}.{info.name}")
    assert "termshift.stats" in checks and "termshift.corpus.walk" in checks
    code = ("import importlib, sys, termshift, termshift.corpus\n"
            "assert not hasattr(termshift, 'nosuch') and not hasattr(termshift, 'stats.x')\n"
            "assert not hasattr(termshift.corpus, 'nope') and not hasattr(termshift.corpus, 'walk.x')\n"
            "assert 'pandas' not in sys.modules  # asking for a missing name loads nothing heavy\n"
            f"for dotted in {checks!r}:\n"
            "    package, name = dotted.rsplit('.', 1)\n"
            "    value = getattr(importlib.import_module(package), name)\n"
            "    assert value is not None, dotted\n"
            "print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]
