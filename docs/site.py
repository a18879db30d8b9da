"""Build the documentation site (``make docs``) into ``build/docs/html``, offline.

The Sphinx source is staged in ``build/docs/src`` from files that live where they
belong: the pages of ``docs/``, the notebooks of ``notebooks/`` (executed here,
headless, outputs kept only under ``build/``), the exercise notebooks and the
instructor guide, ``benchmarks/README.md``, the gallery of ``figures/``, and
pages generated from ``termshift.__all__``, every public module's ``__all__`` and
``CITATION.cff``, so the site follows the code without hand edits.

Usage::

    python docs/site.py            # the full site: notebooks executed (cached)
    python docs/site.py --fast     # notebooks rendered without executing them (what the tests build)

Sphinx runs with ``-W --keep-going``: any warning fails the build.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
OUT = ROOT / "build" / "docs"  # src/ (staged), html/ (the site), doctrees/
EXECUTED = OUT / "executed"  # executed notebooks, reused by every build while their code is unchanged

#: Sections of the top-level API page: the home modules of ``termshift.__all__``, in the
#: architecture's layers (the README's architecture section, ``termshift/__init__.py``).
LAYERS = [
    ("Errors", ["errors"]),
    ("Text: words, periods, term families, matching", ["tokens", "periods", "terms", "matching", "language"]),
    ("Input: corpora, events, example data", ["corpus", "events", "examples", "datasets", "bilingual"]),
    ("Counting", ["counts", "stream", "cluster"]),
    ("Statistics", ["stats", "keyness", "tfidf", "context"]),
    ("Output: tables, validation, figures", ["tables", "publish", "validation", "plots", "small_multiples",
                                              "figures", "explorer"]),
]


def _say(line: str) -> None:
    print(line, flush=True)


# --------------------------------------------------------------------------------------------- notebooks
_EXECUTION = "inline backend, v1"  # change to re-execute every cached notebook


def _notebook_key(path: Path) -> str:
    """What an executed notebook depends on: its code cells and the package's code."""
    from termshift.figures.execution import read_notebook
    from termshift.figures.manifest import package_fingerprint

    nb = read_notebook(path)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    return hashlib.sha256((_EXECUTION + package_fingerprint() + json.dumps(cells)).encode()).hexdigest()


def execute(path: Path) -> Path:
    """``build/docs/executed/<name>.ipynb``: ``path`` run headless in its folder, with its outputs.

    The kernel runs as in JupyterLab (matplotlib's inline backend, so each figure cell keeps its
    image), offline, with the environment of ``termshift figures`` otherwise (``PYTHONHASHSEED``,
    ``SOURCE_DATE_EPOCH``); figures the notebook saves go to ``build/docs/executed/saved/``
    (``TERMSHIFT_FIGURES_DIR``), never into the checkout. Reused while the notebook's code and the
    package's code are unchanged (the key is stored in the executed notebook's metadata).
    """
    import nbformat
    from nbclient import NotebookClient

    from termshift.figures import execution
    from termshift.figures.execution import read_notebook

    EXECUTED.mkdir(parents=True, exist_ok=True)
    target = EXECUTED / f"{path.stem}.ipynb"
    key = _notebook_key(path)
    if target.is_file():
        done = nbformat.read(target, as_version=4)
        if done.metadata.get("termshift_docs", {}).get("key") == key:
            _say(f"{path.name}: executed copy up to date")
            return target
    nb = read_notebook(path)
    start = time.perf_counter()
    saved = EXECUTED / "saved" / path.stem
    shutil.rmtree(saved, ignore_errors=True)
    saved.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel's default: inline
    env.update({execution.FIGURES_ENV: str(saved), execution.NOTEBOOK_ENV: f"notebooks/{path.name}",
                "SOURCE_DATE_EPOCH": execution.SOURCE_DATE_EPOCH, "PYTHONHASHSEED": "0",
                "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False, config=execution._kernel_config(),
                   resources={"metadata": {"path": str(path.parent)}}).execute(env=env, cwd=str(path.parent))
    nb.metadata["termshift_docs"] = {"key": key}
    nbformat.write(nb, target)
    _say(f"{path.name}: executed in {time.perf_counter() - start:.1f} s")
    return target


# --------------------------------------------------------------------------------------------- API pages
def public_modules() -> list[str]:
    """Every importable module of the package with an ``__all__`` (none starting with ``_``)."""
    import termshift

    names = []
    for info in pkgutil.walk_packages(termshift.__path__, "termshift."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts[1:]):
            continue
        module = importlib.import_module(info.name)
        if getattr(module, "__all__", None):
            names.append(info.name)
    return sorted(names)


def _home(obj, name: str) -> str:
    """The first-level module of ``termshift`` that a top-level name comes from."""
    import types

    if isinstance(obj, types.ModuleType):
        return obj.__name__.split(".")[1]
    module = getattr(obj, "__module__", None) or ""
    if module.startswith("termshift."):
        return module.split(".")[1]
    import termshift

    homes = getattr(termshift, "_HOMES", {})
    return homes.get(name, "").split(".")[0] or "termshift"


def _summary(obj) -> str:
    """The first paragraph of a docstring, on one line."""
    doc = (getattr(obj, "__doc__", None) or "").strip()
    return " ".join(doc.split("\n\n")[0].split())


def _anchor(full: str) -> str:
    return f".. raw:: html\n\n   <span id=\"{full}\"></span>\n"


def _directive(obj, full: str) -> str:
    """The entry of one top-level name; its HTML id is always ``full`` (``termshift.count_terms``).

    Functions get their whole docstring here. Classes get a short entry whose full reference is on
    their module's page (documenting a class twice would register its canonical name twice). A name
    that is also a module's name (``termshift.keyness``) or a module gets an explicit anchor, since
    the Python domain keeps one object per name.
    """
    import inspect
    import types

    if isinstance(obj, types.ModuleType):
        return _anchor(full) + f"\n``{full}``: the module :mod:`{obj.__name__}`. {_summary(obj)}\n"
    clashes = importlib.util.find_spec(full) is not None  # termshift.keyness: a module and a function
    head = _anchor(full) + "\n" if clashes else ""
    no_index = "   :no-index:\n" if clashes else ""
    if inspect.isclass(obj):
        real = f"{obj.__module__}.{obj.__qualname__}"
        return (f"{head}.. py:class:: {full.split('.', 1)[1]}\n   :module: termshift\n{no_index}\n"
                f"   {_summary(obj)}\n\n"
                f"   Full reference: :class:`{real}`.\n")
    if callable(obj):
        return f"{head}.. autofunction:: {full}\n{no_index}"
    return f"{head}.. autodata:: {full}\n   :no-value:\n{no_index}\n   ``{obj!r}``\n"


def top_level_page() -> str:
    """``api/termshift.rst``: every name of ``termshift.__all__``, under the layer of its home module."""
    import termshift

    grouped: dict[str, list[str]] = {}
    for name in termshift.__all__:
        obj = getattr(termshift, name)
        grouped.setdefault("__version__" if name == "__version__" else _home(obj, name), []).append(name)
    lines = ["``termshift``: the notebook API", "=" * 32, "",
             ".. py:module:: termshift", "",
             "``import termshift as ts`` gives these names (``termshift.__all__``), imported from their",
             "modules on first use. They are grouped by the layer of the architecture they belong to;",
             "each module's page lists the rest of its public names.", "",
             ".. autodata:: termshift.__version__", "   :no-value:", "",
             f"   The installed version: ``{termshift.__version__}``.", ""]
    grouped.pop("__version__", None)
    placed = set()
    for title, modules in LAYERS + [("Other", sorted(set(grouped) - {m for _, ms in LAYERS for m in ms}))]:
        present = [m for m in modules if m in grouped]
        if not present:
            continue
        lines += [title, "-" * len(title), ""]
        for module in present:
            lines += [f"From :mod:`termshift.{module}`:", ""]
            for name in grouped[module]:
                lines += [_directive(getattr(termshift, name), f"termshift.{name}"), ""]
                placed.add(name)
    missing = set(termshift.__all__) - placed - {"__version__"}
    if missing:  # pragma: no cover - every group is placed above
        raise SystemExit(f"API page: names not placed: {sorted(missing)}")
    return "\n".join(lines)


def module_page(name: str) -> str:
    """One module's page: its ``__all__``; a class re-exported from another module links to its home."""
    import inspect

    module = importlib.import_module(name)
    own, elsewhere = [], []
    for member in module.__all__:
        obj = getattr(module, member)
        home = getattr(obj, "__module__", name)
        (elsewhere if inspect.isclass(obj) and home != name else own).append((member, obj))
    title = f"``{name}``"
    lines = [title, "=" * len(title), "", f".. automodule:: {name}", "   :no-members:", ""]
    for member, obj in own:
        kind = ("autoclass" if inspect.isclass(obj) else "autofunction" if callable(obj)
                and not isinstance(obj, type(module)) else "autodata")
        if isinstance(obj, type(module)):
            lines += [f"``{member}``: the module :mod:`{obj.__name__}`.", ""]
            continue
        lines += [f".. {kind}:: {name}.{member}", *(["   :members:"] if kind == "autoclass" else []),
                  *(["   :no-value:"] if kind == "autodata" else []), ""]
    if elsewhere:
        lines += ["Also available here: " + ", ".join(
            f":class:`{member} <{obj.__module__}.{obj.__qualname__}>`" for member, obj in elsewhere) + ".", ""]
    return "\n".join(lines)


def api_pages(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    (target / "termshift.rst").write_text(top_level_page(), encoding="utf-8")
    modules = public_modules()
    groups: dict[str, list[str]] = {}
    for name in modules:
        (target / f"{name}.rst").write_text(module_page(name), encoding="utf-8")
        groups.setdefault(name.split(".")[1], []).append(name)
    order = [m for _, ms in LAYERS for m in ms]
    first = sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g))
    lines = ["API reference", "=============", "",
             "Generated from the code at build time: :doc:`termshift` holds every name of",
             "``termshift.__all__`` grouped by layer; below, every public module with its own ``__all__``.", "",
             ".. toctree::", "   :maxdepth: 1", "", "   termshift", "",
             "Modules", "-------", "", ".. toctree::", "   :maxdepth: 1", ""]
    for group in first:
        lines += [f"   {name}" for name in groups[group]]
    (target / "index.rst").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------- other pages
def cite_page() -> str:
    """``cite.md`` from ``CITATION.cff`` (its simple ``key: value`` lines; no YAML library needed)."""
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^([a-z-]+):\s*\"?(.*?)\"?\s*$", text, flags=re.M))
    authors = re.findall(r"^\s+- name:\s*\"?(.*?)\"?\s*$", text, flags=re.M)
    year = fields.get("date-released", "")[:4]
    key = "termshift" + year
    bib = "\n".join([f"@software{{{key},", f"  title = {{{{{fields['title']}}}}},",
                     f"  author = {{{' and '.join(authors)}}},", f"  version = {{{fields.get('version', '')}}},",
                     f"  year = {{{year}}},", f"  license = {{{fields.get('license', '')}}},", "}"])
    return "\n".join([
        "# How to cite", "", fields.get("message", ""), "",
        f"> {', '.join(authors)} ({year}). *{fields['title']}* (version {fields.get('version', '')}) "
        f"[Computer software]. License: {fields.get('license', '')}.", "",
        "```bibtex", bib, "```", "",
        "When you publish a figure or a table, cite the commit too, and the entry of `figures/MANIFEST.json`",
        "that made it (notebook, parameters, corpus and term fingerprints, package versions): see",
        "[Figures and reproducibility](guide/figures.md).", "",
        "The source of this page is `CITATION.cff` at the root of the repository:", "",
        "```yaml", text.rstrip(), "```", ""])


_LINK = re.compile(r"(\]\()(?!https?:|mailto:|#|/)([^)\s#]+)(#[^)\s]*)?\)")


#: Where each section of the README before the site went (``README.md#anchor`` links keep working).
README_SECTIONS = {
    "gallery": "guide/figures.md#gallery", "quick-start": "getting-started.md#quick-start",
    "architecture": "guide/architecture.md", "loading-a-corpus": "guide/loading.md#loading-a-corpus",
    "bringing-your-own-corpus": "guide/loading.md#bringing-your-own-corpus", "reliability": "guide/reliability.md",
    "term-families-and-matching-rules": "guide/terms.md", "japanese-and-bilingual-corpora": "guide/japanese.md",
    "counting-by-period": "guide/counting.md", "statistics-of-a-shift": "guide/statistics.md",
    "validating-a-dictionary": "guide/statistics.md#validating-a-dictionary",
    "notebooks-and-figures": "guide/figures.md#notebooks-and-figures", "speed-benchmarks": "benchmarks.md",
    "running-on-a-cluster": "guide/cluster.md", "classroom-edition": "classroom/index.md",
}


def _staged_page(rel: Path) -> Path | None:
    """Where a page of the checkout outside ``docs/`` is on the site, if it is one."""
    if rel == Path("README.md"):
        return Path("index.md")
    if rel == Path("benchmarks/README.md"):
        return Path("benchmarks.md")
    if rel == Path("notebooks/exercises/INSTRUCTOR_GUIDE.md"):
        return Path("classroom/instructor_guide.md")
    if rel.parent == Path("notebooks") and rel.suffix in (".ipynb", ".py") and rel.stem[:1].isdigit():
        return Path("tutorials") / f"{rel.stem}.ipynb"
    if rel.parent == Path("notebooks/exercises") and rel.suffix in (".ipynb", ".py") and rel.stem[:1].isdigit():
        return Path("classroom/exercises") / f"{rel.stem}.ipynb"
    return None


def relink(text: str, original: Path, staged: Path, src: Path) -> str:
    """Point relative links of a page written for ``original`` (in the checkout) at ``staged``.

    A link to a page of the checkout that the site shows (the README, a notebook, the instructor
    guide) goes to that page; a link to another file of the repository outside ``docs/``
    (``../benchmarks/coverage.py``) to its copy under ``_repo/`` of the source, which Sphinx serves
    as a download (Markdown files get ``.txt`` appended, so they stay files, not pages).
    """
    def fix(m):
        target = (original.parent / m.group(2)).resolve()
        if target.suffix == ".ipynb" and not target.is_file() and target.with_suffix(".py").is_file():
            target = target.with_suffix(".py")  # git tracks a notebook's py:percent source, the page is the same
        try:
            rel = target.relative_to(ROOT)
            target.relative_to(DOCS)
            return m.group(0)  # inside docs/: staged at the same place
        except ValueError:
            if not target.is_file() or rel.parts[0] in {".venv", "build"}:
                return m.group(0)
        page, anchor = _staged_page(rel), m.group(3) or ""
        if rel == Path("README.md") and anchor:  # a section of the old README: its page now
            page, _, fragment = README_SECTIONS.get(anchor[1:], "index.md").partition("#")
            page, anchor = Path(page), f"#{fragment}" if fragment else ""
        if page is not None:
            copy = src / page
        else:
            copy = src / "_repo" / (f"{rel}.txt" if rel.suffix in (".md", ".ipynb", ".rst") else rel)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, copy)
        return f"{m.group(1)}{os.path.relpath(copy, staged.parent)}{anchor})"

    return _LINK.sub(fix, text)


def _titled(path: Path, target: Path) -> None:
    """Copy a markdown note; give it a title from its file name if it has no level-1 heading."""
    text = path.read_text(encoding="utf-8")
    if not re.search(r"^# \S", text, flags=re.M):
        number = re.sub(r"\D", "", path.stem)
        text = f"# {'Issue ' + number if number else path.stem}\n\n{text}"
    target.write_text(text, encoding="utf-8")


def _as_ipynb(path: Path, target: Path) -> None:
    """``path`` (an executed ``.ipynb`` or a py:percent source) written as the notebook ``target``."""
    if path.suffix == ".ipynb":
        shutil.copyfile(path, target)
        return
    import nbformat

    from termshift.figures.execution import read_notebook

    nbformat.write(read_notebook(path), target)


def stage(src: Path, fast: bool = False, execute_only=()) -> None:
    """Assemble the Sphinx source in ``src``.

    Notebooks are executed (:func:`execute`) unless ``fast``; with ``fast``, only those named in
    ``execute_only`` (file stems) are, and the others are shown without outputs.
    """
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("site.py", "__pycache__", "*.pyc"))
    # notebooks: the tutorials (executed unless fast) and the student exercises (as handed out)
    # git tracks the py:percent sources only (the .ipynb pairs are built by `make notebooks`)
    tutorials = src / "tutorials"
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.py")):
        run = not fast or path.stem in execute_only
        _as_ipynb(execute(path) if run else path, tutorials / f"{path.stem}.ipynb")
    classroom = src / "classroom"
    for path in sorted((ROOT / "notebooks" / "exercises").glob("[0-9]*.py")):
        (classroom / "exercises").mkdir(exist_ok=True)
        _as_ipynb(path, classroom / "exercises" / f"{path.stem}.ipynb")
    shutil.copyfile(ROOT / "notebooks" / "exercises" / "INSTRUCTOR_GUIDE.md", classroom / "instructor_guide.md")
    (src / "_included").mkdir(exist_ok=True)
    shutil.copyfile(ROOT / "benchmarks" / "README.md", src / "_included" / "benchmarks_README.md")
    (src / "figures").mkdir()
    for png in sorted((ROOT / "figures").glob("*.png")):  # the gallery (the tables' .md are not pages)
        shutil.copyfile(png, src / "figures" / png.name)
    for note in sorted((DOCS / "changes").glob("*.md")):
        _titled(note, src / "changes" / note.name)
    for page in sorted(DOCS.rglob("*.md")):
        staged = src / page.relative_to(DOCS)
        staged.write_text(relink(staged.read_text(encoding="utf-8"), page, staged, src), encoding="utf-8")
    (src / "cite.md").write_text(cite_page(), encoding="utf-8")
    api_pages(src / "api")


def build(out: Path = OUT, fast: bool = False, execute_only=()) -> int:
    """Stage ``out/src`` and build ``out/html`` with Sphinx (``-W --keep-going``); Sphinx's exit code."""
    out = Path(out)
    src, html = out / "src", out / "html"
    stage(src, fast, execute_only)
    shutil.rmtree(html, ignore_errors=True)
    env = {**os.environ, "TERMSHIFT_DOCS_FAST": "1" if fast else "0", "MPLBACKEND": "Agg"}
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", "-d", str(out / "doctrees"),
           str(src), str(html)]
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT)
    if done.returncode == 0:
        # a Jinja template the theme ships among its static files: not a page, and its links are unrendered
        (html / "_static" / "webpack-macros.html").unlink(missing_ok=True)
        _say(f"docs: {html / 'index.html'} in {time.perf_counter() - start:.0f} s"
             f"{' (fast: notebooks not executed)' if fast else ''}")
    return done.returncode


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true",
                        help="render the notebooks without executing them")
    parser.add_argument("--execute", nargs="*", default=[], metavar="STEM",
                        help="with --fast: execute these notebooks all the same (e.g. 01_corpus_tour)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default: {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    return build(args.out, args.fast, args.execute)


if __name__ == "__main__":
    sys.exit(main())
