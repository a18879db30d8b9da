"""The story notebooks: shape, pairing, and the committed figures are exactly what they make."""

import json
import os
import re

import jupytext
import nbformat
import pytest

from termshift import figures
from termshift.paths import FIGURES_DIR, NOTEBOOKS_DIR

SOURCES = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.py"))


def test_the_story_notebooks_are_there():
    assert {"01_corpus_tour", "02_framing_terms", "03_tfidf_by_period", "04_keyness_and_context",
            "05_sotu_case_study"} <= {p.stem for p in SOURCES}


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_notebook_opens_with_a_parameters_cell_and_its_pair_is_in_sync(source):
    nb = jupytext.read(source)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", []), "first code cell must be tagged 'parameters'"
    assert "SEED" in code[0].source or "seed" in code[0].source.lower()
    for cell in code:
        assert "sys.path" not in cell.source and "plt.show" not in cell.source
        assert "def " not in cell.source, "helpers belong in lib/termshift, not in notebooks"
    assert "formats: ipynb,py:percent" in source.read_text(encoding="utf-8").split("# ---")[1]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_figure_cells_use_the_helpers(source):
    """One call makes a styled figure (plots.subplots / plots.figure); no repeated pyplot block."""
    code = "\n".join(c.source for c in jupytext.read(source).cells if c.cell_type == "code")
    assert "plt.subplots(" not in code and "plt.figure(" not in code and "with plots.use_style()" not in code
    saves = code.count("figures.save(")
    assert saves and code.count("plots.subplots(") + code.count("plots.figure(") == saves
    assert "plots.use_style()" in code  # once, for the session


def test_trend_is_called_once_with_every_family():
    code = "\n".join(c.source for c in jupytext.read(NOTEBOOKS_DIR / "05_sotu_case_study.py").cells)
    calls = re.findall(r"ts\.trend\(sotu, terms, (\[[^\]]*\]|[A-Z_]+)", code)
    assert len(calls) == 1 and code.count("ts.trend(") == 1  # one call with a list (or a list parameter)
    assert "for f in" not in code


INLINE = ["from termshift import plots\nimport matplotlib.pyplot as plt\nimport pandas as pd",
          "with plots.use_style():\n    fig, ax = plt.subplots()\n    ax.plot([1, 2])",
          "with plots.use_style():\n    fig, ax = plt.subplots()\n    ax.plot([2, 1])",
          "fig, ax = plots.subplots()\n_ = ax.plot([1, 3])",
          "rates = pd.DataFrame({'period': ['2022-01', '2022-02'], 'family': 'f', 'label': 'F', 'per_10k': [1., 2.]})\n"
          "ax = plots.plot_trajectory(rates)"]


@pytest.mark.notebooks
def test_every_figure_cell_shows_its_figure_with_the_inline_backend(tmp_path):
    """As in JupyterLab (issue 12): the inline backend, not Agg; before the fix only the first figure showed."""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in INLINE])
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    with client.setup_kernel(env=env, cwd=str(tmp_path)):
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    images = [sum("image/png" in out.get("data", {}) for out in cell.outputs) for cell in nb.cells]
    assert images == [0, 1, 1, 1, 1]


@pytest.mark.notebooks
def test_committed_figures_are_exactly_what_the_notebooks_make():
    # runs every notebook headless (offline) and compares every file byte for byte
    manifest = json.loads((FIGURES_DIR / "MANIFEST.json").read_text())
    assert len(manifest["figures"]) >= 10
    differences = figures.check()
    assert differences == [], "\n".join(differences + ["regenerate with `make figures` and commit"])


# ----------------------------------------------------------------------------- your corpus (issue 12)

PARAMETRISED = [NOTEBOOKS_DIR / f"{stem}.py" for stem in ("01_corpus_tour", "02_framing_terms", "03_tfidf_by_period",
                                                          "04_keyness_and_context", "07_outlets_compared")]
PARAMETERS = ["CORPUS", "TERMS", "FAMILIES", "START", "END", "FREQ", "SPLIT", "EVENTS", "N_BOOT", "SEED",
              "OUTPUT_DIR", "ID_COL"]
# what a notebook may say only through its parameters: the example corpora's family ids, dates and names
HARD_CODED = re.compile(r"counterstrike|preemptive|exclusive_defense|self_defense|national_security|\"defense\"|"
                        r"\b(?:19|20)\d\d-\d\d|\b(?:19|20)\d\d\b|SYNTHETIC corpus:|Shipped corpus|_by_month|_by_year|"
                        r"\"M\"|to_period\(\"|n_perm=|n_boot=\d|random_state=\d")


@pytest.mark.parametrize("source", PARAMETRISED, ids=lambda p: p.stem)
def test_parameters_cell_holds_every_choice_and_the_code_none(source):
    cells = [c for c in jupytext.read(source).cells if c.cell_type == "code"]
    names = re.findall(r"^(\w+(?:, \w+)*) =", cells[0].source, re.M)
    assigned = [n for group in names for n in group.split(", ")]
    assert assigned[:len(PARAMETERS)] == PARAMETERS, "the shared parameters, in this order"
    code = "\n".join(c.source for c in cells[1:])
    bad = [f"{source.name}: {m.group(0)!r} in code: take it from the parameters or the data"
           for m in HARD_CODED.finditer(code) if m.group(0) != "SYNTHETIC corpus (seed"]
    assert not bad, "\n".join(bad)
    saves = code.count("figures.save(") + code.count("figures.save_table(")
    assert "outdir=OUTPUT_DIR" in code and saves == code.count("outdir=OUTPUT_DIR")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_corpus_is_loaded_with_the_id_col_parameter(source):
    """Issue 25: ``ID_COL`` names a table's id column; None keeps the ids a ``termshift import`` Parquet names."""
    cells = [c for c in jupytext.read(source).cells if c.cell_type == "code"]
    assert re.search(r"^ID_COL = None  #", cells[0].source, re.M), "a parameter ID_COL = None"
    code = "\n".join(c.source for c in cells[1:])
    loads = re.findall(r"(?:open_corpus|load_corpus)\([^\n]*", code)
    assert loads and all("id_col=ID_COL" in call for call in loads), loads


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_titles_are_built_from_labels_never_paths(source):
    """Issue 25: a figure title carried the raw corpus path; titles use TITLE (corpus_title) and family labels."""
    code = "\n".join(c.source for c in jupytext.read(source).cells if c.cell_type == "code")
    titles = re.findall(r"(?:set_title|suptitle)\((f?\"[^\n]*)", code) + re.findall(r"^source = ([^\n]*)", code, re.M)
    assert titles
    bad = [t for t in titles if re.search(r"\{(?:CORPUS|BILINGUAL|TERMS|OUTPUT_DIR)[}!:]", t)]
    assert not bad, f"{source.name}: a path in a title: {bad}"


def test_corpus_title_is_a_label():
    import pandas as pd

    from termshift import datasets

    assert datasets.corpus_title(pd.DataFrame(), "/data/exports/my_corpus.parquet") == "Corpus 'my corpus'"


def _user_corpus(folder):
    """A corpus and term file unlike the shipped ones: 8 months, two outlets, families 'alpha' (rising) and 'beta'."""
    places = ["harbor", "valley", "summit", "delta", "canyon", "meadow", "glacier", "lagoon"]
    rows = []
    for m, place in enumerate(places):
        for d in range(6):
            word = "alpha" if (d + m) % 8 < m else "beta"
            rows.append({"date": f"2030-{m + 1:02d}-{d + 3:02d}", "outlet": ["north", "south"][d % 2],
                         "text": f"Bulletin {m}-{d}. The {word} signal was seen near the {place} again. "
                                 f"Observers near the {place} logged the {word} signal twice: {word} signal."})
    csv = folder / "user news.csv"
    csv.write_text("date,outlet,text\n" + "\n".join(f"{r['date']},{r['outlet']},\"{r['text']}\"" for r in rows)
                   + "\n",
                   encoding="utf-8")
    toml = folder / "user_terms.toml"
    toml.write_text('[alpha]\nlabel = "Alpha signal"\nterms = ["alpha signal"]\n\n'
                    '[beta]\nlabel = "Beta signal"\nterms = ["beta signal"]\n', encoding="utf-8")
    return csv, toml, len(rows)


def _inject(nb, **values):
    """Replace the parameters cell's source (papermill style), keeping every other parameter."""
    cell = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in cell.metadata.get("tags", [])
    lines = cell.source.splitlines()
    for name, value in values.items():
        lines = [f"{name} = {value!r}" if re.match(rf"{re.escape(name)} = ", line) else line for line in lines]
        assert f"{name} = {value!r}" in lines, f"no parameter {name}"
    cell.source = "\n".join(lines)
    return nb


@pytest.mark.notebooks
@pytest.mark.parametrize("source", PARAMETRISED, ids=lambda p: p.stem)
def test_notebook_runs_on_your_corpus_and_writes_to_your_output_dir(source, tmp_path):
    from nbclient import NotebookClient

    import termshift as ts
    from termshift.figures import corpus_fingerprint, terms_fingerprint

    csv, toml, n_docs = _user_corpus(tmp_path)
    out = tmp_path / "out"
    nb = _inject(jupytext.read(source), CORPUS=str(csv), TERMS=str(toml), FAMILIES=["alpha", "beta"],
                 **{"START, END": (None, None)}, FREQ="month", SPLIT="2030-05-01", N_BOOT=99, OUTPUT_DIR=str(out))
    gallery = {p.name: p.stat().st_mtime_ns for p in FIGURES_DIR.iterdir()}
    env = {k: v for k, v in os.environ.items() if k not in (figures.FIGURES_ENV, figures.NOTEBOOK_ENV)}
    env["MPLBACKEND"] = "Agg"
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
    with client.setup_kernel(env=env, cwd=str(NOTEBOOKS_DIR)):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
    text = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    records = [json.loads(p.read_text()) for p in sorted((out / ".records").glob("*.json"))]
    assert records, f"{source.name} saved nothing into OUTPUT_DIR"
    corpus = ts.load_corpus(csv)
    for record in records:
        assert record["name"].startswith("user_news"), record["name"]  # named for the corpus, not the example
        assert "month" in record["name"] or "2030_05_01" in record["name"] or "dispersion" in record["name"]
        assert record["corpus"] == corpus_fingerprint(corpus)
        assert record["terms"] in (None, terms_fingerprint(toml))
        suffix = ".md" if record.get("kind") == "table" else ".png"
        assert (out / f"{record['name']}{suffix}").is_file()
    assert "SYNTHETIC" not in text and "sotu" not in text.lower()
    if source.stem in TABLES:  # its table for a paper, shown as Markdown and written beside the figures
        assert [r["name"] for r in records if r.get("kind") == "table"] == [TABLES[source.stem]("user_news")]
        assert "|:--" in text, f"{source.name}: no Markdown table in its outputs"
    assert {p.name: p.stat().st_mtime_ns for p in FIGURES_DIR.iterdir()} == gallery, "the gallery was written"
    expected = {"01_corpus_tour": f"documents: {n_docs}", "02_framing_terms": "Alpha signal (a) vs Beta signal (b)",
                "03_tfidf_by_period": "harbor", "04_keyness_and_context": "alpha", "07_outlets_compared": "south"}[
        source.stem]
    assert expected in text, f"{source.name}: {expected!r} not in its outputs"


# ----------------------------------------------------------------------------- tables for papers (issue 12)

TABLES = {"02_framing_terms": lambda stem: f"{stem}_alpha_vs_beta_change_point_by_month",
          "07_outlets_compared": lambda stem: f"{stem}_alpha_vs_beta_change_points_by_outlet_by_month"}


def test_notebooks_save_their_tables_for_papers():
    """02 (the change point), 05 (the trend tests) and 07 (change per outlet) each write one table."""
    for stem, result in (("02_framing_terms", "publish.table(result)"), ("05_sotu_case_study", "publish.table(trends"),
                         ("07_outlets_compared", "publish.table(result)")):
        code = "\n".join(c.source for c in jupytext.read(NOTEBOOKS_DIR / f"{stem}.py").cells if c.cell_type == "code")
        assert code.count("figures.save_table(") == 1 and result in code, stem
        assert re.search(r"figures\.save_table\(\w+, figures\.slug\(", code), f"{stem}: name the table with figures.slug"


# ----------------------------------------------------------------------------- saving from Lab (issue 12)


def _pair(folder):
    """``make notebooks-pair`` on ``folder``, with this venv's tools; ``{name: bytes}`` of what it holds after."""
    import subprocess
    import sys

    from termshift.paths import PROJ_ROOT

    bindir = os.path.dirname(sys.executable)
    done = subprocess.run(["make", "--no-print-directory", "-s", "-C", str(PROJ_ROOT), "notebooks-pair",
                           f"NB_DIR={folder}", f"BIN={bindir}"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _copy_sources(tmp_path, names):
    """The tracked .py of ``names`` in ``tmp_path/notebooks`` (no .ipynb: git does not track them), jupytext.toml."""
    import shutil

    from termshift.paths import PROJ_ROOT

    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy2(PROJ_ROOT / "jupytext.toml", tmp_path / "jupytext.toml")
    for name in names:
        shutil.copy2(NOTEBOOKS_DIR / f"{name}.py", folder / f"{name}.py")
    return folder


def test_make_notebooks_builds_the_pairs_and_is_idempotent(tmp_path):
    """From the tracked .py alone (a fresh clone), pairing builds each .ipynb; pairing again changes no byte."""
    names = ["01_corpus_tour", "06_bilingual_comparison"]
    folder = _copy_sources(tmp_path, names)
    first = _pair(folder)
    assert sorted(first) == sorted(f"{n}{ext}" for n in names for ext in (".ipynb", ".py"))
    for name in names:
        assert first[f"{name}.py"] == (NOTEBOOKS_DIR / f"{name}.py").read_bytes(), f"{name}.py rewritten"
        paired = nbformat.reads(first[f"{name}.ipynb"].decode("utf-8"), as_version=4)
        assert [c.source for c in paired.cells] == [c.source for c in jupytext.read(NOTEBOOKS_DIR / f"{name}.py").cells]
        assert first[f"{name}.ipynb"].endswith(b"}\n")
    assert _pair(folder) == first, "make notebooks is not idempotent"


def test_only_the_notebook_sources_are_tracked():
    """What Lab saves (the .ipynb, with outputs) is ignored by git; the .py pairs are the committed notebooks."""
    import shutil
    import subprocess

    from termshift.paths import PROJ_ROOT

    if not (PROJ_ROOT / ".git").exists() or not shutil.which("git"):
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "-C", str(PROJ_ROOT), "ls-files", "notebooks"], capture_output=True, text=True,
                             check=True).stdout.split()
    assert [t for t in tracked if t.endswith(".ipynb")] == [], "git rm --cached the .ipynb (built by make notebooks)"
    assert any(t.endswith("01_corpus_tour.py") for t in tracked)
    probes = ["notebooks/01_corpus_tour.ipynb", "notebooks/exercises/01_x.ipynb", "notebooks/solutions/01_x.ipynb"]
    ignored = subprocess.run(["git", "-C", str(PROJ_ROOT), "check-ignore", *probes], capture_output=True, text=True)
    assert ignored.stdout.split() == probes, ".gitignore must ignore every notebook's .ipynb"


def test_a_save_from_jupyterlab_is_made_canonical_again_by_make_notebooks(tmp_path):
    """Simulate Lab: outputs, execution counts and cell metadata in the .ipynb, a jupytext header in the .py."""
    import asyncio

    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

    pairs = [NOTEBOOKS_DIR / "01_corpus_tour.py", NOTEBOOKS_DIR / "02_framing_terms.py"]
    folder = _copy_sources(tmp_path, [p.stem for p in pairs])
    canonical = _pair(folder)  # what `make notebooks` builds on a fresh clone
    manager = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)(root_dir=str(tmp_path))

    async def lab_save(name):  # what JupyterLab's save does, through jupytext's contents manager
        model = await manager.get(f"notebooks/{name}")
        nb = model["content"]
        nb.metadata["language_info"] = {"name": "python", "version": "3.11.2"}
        for cell in nb.cells:
            cell.metadata["collapsed"] = False
            if cell.cell_type == "code":
                cell.outputs = [nbformat.v4.new_output("stream", text="saved from Lab\n")]
                cell.execution_count = 7
                cell.metadata["execution"] = {"iopub.status.idle": "2030-01-01T00:00:00Z"}
        await manager.save({"type": "notebook", "content": nb}, f"notebooks/{name}")

    for py in pairs:
        asyncio.run(lab_save(py.with_suffix(".ipynb").name))
    for py in pairs:  # the outputs went to the ignored .ipynb only; the tracked .py holds none
        assert '"saved from Lab' in (folder / py.with_suffix(".ipynb").name).read_text()
        assert "saved from Lab" not in (folder / py.name).read_text()
    saved = folder / pairs[1].name  # and an older jupytext wrote its version into one header
    saved.write_text(saved.read_text().replace("#     formats: ipynb,py:percent\n", "#     formats: ipynb,py:percent\n"
                     "#     text_representation:\n#       extension: .py\n#       format_name: percent\n"
                     "#       format_version: '1.3'\n#       jupytext_version: 1.16.0\n"))
    again = _pair(folder)
    for py in pairs:
        assert again[py.name] == py.read_bytes(), f"{py.name} is not canonical again"
        ipynb = py.with_suffix(".ipynb").name
        assert again[ipynb] == canonical[ipynb], f"{ipynb} is not canonical again"
