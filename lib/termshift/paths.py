"""Where the project keeps its inputs and outputs.

One module holds the paths (Cookiecutter Data Science). ``PROJ_ROOT`` is the
checkout that holds ``pyproject.toml``; set ``TERMSHIFT_ROOT`` to point the
package at another project tree.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PROJ_ROOT", "CORPUS_DIR", "FIGURES_DIR", "NOTEBOOKS_DIR", "SEEDS_DIR", "TERMS_FILE", "EVENTS_FILE"]


def _find_root() -> Path:
    env = os.environ.get("TERMSHIFT_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent
    for parent in [here, *here.parents]:
        if (parent / "pyproject.toml").is_file() and (parent / "lib" / "termshift").is_dir():
            return parent
    return Path.cwd()


PROJ_ROOT = _find_root()
CORPUS_DIR = PROJ_ROOT / "corpus"
FIGURES_DIR = PROJ_ROOT / "figures"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
SEEDS_DIR = PROJ_ROOT / "seeds"
TERMS_FILE = CORPUS_DIR / "framing_terms.toml"
EVENTS_FILE = CORPUS_DIR / "events.toml"
