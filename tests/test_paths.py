"""termshift.paths: the project's folders, found from the package (a checkout) or the working directory."""

from termshift import paths


def test_the_project_folders():
    assert (paths.PROJ_ROOT / "pyproject.toml").is_file()
    assert paths.CORPUS_DIR == paths.PROJ_ROOT / "corpus" and paths.CORPUS_DIR.is_dir()
    assert paths.TERMS_FILE == paths.CORPUS_DIR / "framing_terms.toml" and paths.TERMS_FILE.is_file()
    assert paths.FIGURES_DIR == paths.PROJ_ROOT / "figures" and paths.NOTEBOOKS_DIR == paths.PROJ_ROOT / "notebooks"
    assert paths.EVENTS_FILE.name == "events.toml"
