"""Reproducible figures: saved byte for byte, regenerated from the notebooks, checked.

Three steps, each usable alone, each in its own module:

* :func:`save` (:mod:`~termshift.figures.saving`) writes a figure as
  ``<name>.pdf``, ``<name>.svg`` and ``<name>.png`` (300 dpi) into the figures
  folder, deterministically, plus a record of what made it
  (``.records/<name>.json``: notebook, parameters, corpus and terms
  fingerprints, package versions); :func:`save_table` writes a table for a
  paper (:mod:`termshift.publish`) as ``<name>.tex``, ``.md`` and ``.csv`` the
  same way. Outside ``termshift figures`` both write to ``outdir`` (default
  ``./termshift-output/``), never into the committed ``figures/``;
* :func:`run_notebooks` (:mod:`~termshift.figures.execution`) executes every
  notebook in ``notebooks/`` headless and writes their figures and
  ``MANIFEST.json`` (:mod:`~termshift.figures.manifest`: each figure's files
  and sha256, notebook, parameters, corpus/terms/code fingerprints and the
  versions of the packages that drew it), removing figures no notebook makes;
  only files the folder's previous manifest lists are ever replaced or removed;
* :func:`check` regenerates into a temporary folder and lists every figure
  that differs from the committed one (``termshift figures --check``).

Importing this package does not choose a matplotlib backend: notebook kernels
get ``MPLBACKEND=Agg`` from :func:`run_notebooks`, the tests choose Agg in
``tests/conftest.py``, and a Jupyter session keeps its inline backend.
"""

from __future__ import annotations

from .execution import NotebookError, check, find_notebooks, run_notebooks
from .manifest import MANIFEST, compare, package_fingerprint, versions
from .saving import (
    DPI,
    FIGURES_ENV,
    FORMATS,
    NOTEBOOK_ENV,
    OUTPUT_DIR,
    TABLE_FORMATS,
    corpus_fingerprint,
    output_dir,
    save,
    save_table,
    slug,
    terms_fingerprint,
)

__all__ = [
    "save",
    "save_table",
    "slug",
    "output_dir",
    "run_notebooks",
    "check",
    "compare",
    "find_notebooks",
    "corpus_fingerprint",
    "terms_fingerprint",
    "versions",
    "package_fingerprint",
    "NotebookError",
    "FORMATS",
    "TABLE_FORMATS",
    "OUTPUT_DIR",
    "DPI",
    "MANIFEST",
    "FIGURES_ENV",
    "NOTEBOOK_ENV",
]
