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


def test_there_are_the_five_notebooks():
    assert [p.stem for p in SOURCES] == ["01_corpus_tour", "02_framing_terms", "03_tfidf_by_period",
                                         "04_keyness_and_context", "05_sotu_case_study"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_notebook_opens_with_a_parameters_cell_and_its_pair_is_in_sync(source):
    nb = jupytext.read(source)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", []), "first code cell must be tagged 'parameters'"
    assert "SEED" in code[0].source or "seed" in code[0].source.lower()
    for cell in code:
        assert "sys.path" not in cell.source and "plt.show" not in cell.source
        assert "def " not in cell.source, "helpers belong in lib/termshift, not in notebooks"
    pair = source.with_suffix(".ipynb")
    assert pair.is_file(), f"{pair.name} missing: run `make notebooks`"
    paired = nbformat.read(pair, as_version=4)
    assert [c.source for c in paired.cells] == [c.source for c in nb.cells], f"{pair.name} is out of sync"
    assert all(not c.get("outputs") for c in paired.cells if c.cell_type == "code"), "strip outputs"


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
    calls = re.findall(r"ts\.trend\(sotu, terms, (\[[^\]]*\])", code)
    assert len(calls) == 1 and code.count("ts.trend(") == 1
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
