"""The story notebooks: shape, pairing, and the committed figures are exactly what they make."""

import json

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


def test_committed_figures_are_exactly_what_the_notebooks_make():
    # runs every notebook headless (offline) and compares every file byte for byte
    manifest = json.loads((FIGURES_DIR / "MANIFEST.json").read_text())
    assert len(manifest["figures"]) >= 10
    differences = figures.check()
    assert differences == [], "\n".join(differences + ["regenerate with `make figures` and commit"])
