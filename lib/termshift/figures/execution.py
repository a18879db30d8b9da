"""Notebook execution: run the notebooks headless, collect their figures, check them.

:func:`run_notebooks` runs each notebook in a fresh kernel that saves into a
staging folder, then installs the figures and the manifest into the figures
folder (:func:`~termshift.figures.manifest.install`); :func:`check` does the
same into a temporary folder and compares.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from .. import paths
from ..errors import ParameterError, TermshiftError
from .manifest import (
    MANIFEST,
    RECORDS,
    check_outdir,
    compare,
    dump_json,
    entries,
    install,
    manifest_files,
    package_fingerprint,
    read_manifest,
    sha256,
)
from .saving import FIGURES_ENV, NOTEBOOK_ENV, SOURCE_DATE_EPOCH

__all__ = ["NotebookError", "find_notebooks", "resolve_notebooks", "read_notebook", "execute_notebook",
           "run_notebooks", "check"]

_PERCENT_CELL = re.compile(r"^# %%", re.MULTILINE)


class NotebookError(TermshiftError):
    """A notebook could not be read or one of its cells failed."""


def _is_percent_script(path: Path) -> bool:
    try:
        return bool(_PERCENT_CELL.search(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return False


def find_notebooks(folder=None) -> list[Path]:
    """The notebooks of a folder (top level only): ``*.ipynb`` and py:percent ``*.py``.

    A notebook kept as a jupytext pair (``x.ipynb`` + ``x.py``) is listed
    once, as its ``.py`` (the reviewed text); ``.py`` files without ``# %%``
    cells are not notebooks and are left out.
    """
    folder = Path(folder) if folder is not None else paths.NOTEBOOKS_DIR
    if not folder.is_dir():
        raise ParameterError([f"{folder}: no such notebooks folder; create it or pass the notebooks to run"])
    chosen = {}
    for p in sorted(folder.glob("*.ipynb")):
        chosen[p.stem] = p
    for p in sorted(folder.glob("*.py")):
        if _is_percent_script(p):
            chosen[p.stem] = p
    return [chosen[k] for k in sorted(chosen)]


def resolve_notebooks(notebooks) -> list[Path]:
    """The notebook files named by paths and folders (default: :func:`find_notebooks`), each once.

    A paired ``.ipynb`` runs as its ``.py``. Every path that is not a
    notebook is listed in one :class:`ParameterError`.
    """
    if notebooks is None:
        return find_notebooks()
    if isinstance(notebooks, (str, Path)):
        notebooks = [notebooks]
    found, problems = [], []
    for item in notebooks:
        p = Path(item)
        if p.is_dir():
            found.extend(find_notebooks(p))
        elif not p.is_file():
            problems.append(f"{p}: no such notebook")
        elif p.suffix == ".ipynb" or (p.suffix == ".py" and _is_percent_script(p)):
            text = p.with_suffix(".py")
            found.append(text if p.suffix == ".ipynb" and _is_percent_script(text) else p)  # a pair runs as its .py
        else:
            problems.append(f"{p}: not a notebook (.ipynb, or .py with '# %%' cells)")
    if problems:
        raise ParameterError(problems, header=f"{len(problems)} notebook(s) cannot be run:")
    unique: dict = {}
    for p in found:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


def _rel(path: Path) -> str:
    """How a notebook is named in records: relative to the project, else its file name."""
    try:
        return path.resolve().relative_to(paths.PROJ_ROOT).as_posix()
    except ValueError:
        return path.name


def _code_cells(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def read_notebook(path):
    """Read a notebook (py:percent or ``.ipynb``); a ``.py`` whose ``.ipynb`` pair holds other code is refused."""
    import jupytext

    path = Path(path)
    try:
        nb = jupytext.read(path, fmt="py:percent" if path.suffix == ".py" else None)
    except Exception as e:  # jupytext and nbformat raise many kinds
        raise NotebookError([f"{_rel(path)}: cannot be read as a notebook ({type(e).__name__}: {e})"]) from None
    pair = path.with_suffix(".ipynb")
    if path.suffix == ".py" and pair.is_file():
        try:
            other = jupytext.read(pair)
        except Exception as e:
            raise NotebookError([f"{_rel(pair)}: cannot be read as a notebook ({type(e).__name__}: {e})"]) from None
        if [s.strip() for s in _code_cells(nb)] != [s.strip() for s in _code_cells(other)]:
            raise NotebookError([f"{_rel(path)} and {pair.name} hold different code; sync the pair "
                                 f"(jupytext --sync {path.name}) and run again"])
    return nb


def _cell_where(rel, index, cell) -> str:
    first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    if len(first) > 50:
        first = first[:47] + "..."
    return f"{rel}: cell {index + 1} ({first!r})"


def _kernel_config():
    """Encrypt the kernel's local TCP traffic (CurveZMQ) when pyzmq supports it."""
    from traitlets.config import Config

    config = Config()
    try:
        import zmq

        if zmq.has("curve"):
            config.KernelManager.transport_encryption = "auto"
    except ImportError:  # pragma: no cover - zmq comes with jupyter_client
        pass
    return config


def execute_notebook(nb, path, rel: str, outdir, timeout) -> None:
    """Run every code cell of ``nb`` in a fresh python3 kernel started in the notebook's folder.

    The kernel gets ``MPLBACKEND=Agg``, a fixed ``SOURCE_DATE_EPOCH`` and
    ``PYTHONHASHSEED``, ``TERMSHIFT_FIGURES_DIR=outdir`` and
    ``TERMSHIFT_NOTEBOOK=rel``. Outputs are never written back.

    Raises
    ------
    NotebookError
        A cell failed or timed out, the kernel died or did not start.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    env = {**os.environ, FIGURES_ENV: str(outdir), NOTEBOOK_ENV: rel, "MPLBACKEND": "Agg",
           "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    cwd = str(Path(path).resolve().parent)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": cwd}}, config=_kernel_config())
    index, cell, started = 0, None, False
    try:
        with client.setup_kernel(env=env, cwd=cwd):
            started = True
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    client.execute_cell(cell, index)
    except CellExecutionError as e:
        lines = f"{e.ename}: {e.evalue}".rstrip().splitlines() or [e.ename]
        raise NotebookError([f"{_cell_where(rel, index, cell)} failed: {lines[0]}", *lines[1:]]) from None
    except CellTimeoutError:
        raise NotebookError([f"{_cell_where(rel, index, cell)} ran longer than {timeout} s; "
                             "make it faster or raise the timeout (--timeout)"]) from None
    except DeadKernelError as e:
        where = _cell_where(rel, index, cell) if cell is not None else rel
        raise NotebookError([f"{where}: the kernel died ({e}); out of memory?"]) from None
    except Exception as e:  # NoSuchKernel (a KeyError), startup timeouts (RuntimeError), OSError...
        if started:
            raise
        raise NotebookError([f"{rel}: the python3 kernel did not start ({type(e).__name__}: {e}); "
                             "install ipykernel in this environment (make)"]) from None


def _record_names(stage: Path) -> set:
    folder = stage / RECORDS
    return set(folder.glob("*.json")) if folder.is_dir() else set()


def run_notebooks(notebooks=None, outdir=None, *, timeout=600, progress=print) -> dict:
    """Execute the notebooks headless and write their figures and ``MANIFEST.json``.

    Parameters
    ----------
    notebooks : list of paths, optional
        Notebooks (``.ipynb`` or py:percent ``.py``) or folders of them.
        Default: every notebook at the top level of ``notebooks/`` (see
        :func:`find_notebooks`); then figures that no notebook makes any more
        are removed. With a list, the figures of other notebooks are kept.
    outdir : path, optional
        Default: ``figures/``. It must be new, empty, or hold a
        ``MANIFEST.json``: only the files that manifest lists are replaced or
        removed, and ``MANIFEST.json`` is rewritten; every other file is left
        alone (a new figure whose file name is taken by such a file is refused).
    timeout : float, default=600
        Seconds allowed per cell.
    progress : callable or None, default=print
        Called with one line per notebook (its name, figures and time).

    Returns
    -------
    dict
        The manifest written.

    Raises
    ------
    ParameterError
        Before any notebook runs: a path is not a notebook, or ``outdir`` is a
        file, cannot be written, holds files but no manifest, or holds a
        broken manifest. After the run: a new figure would replace a file the
        manifest does not list (``outdir`` is then untouched).
    NotebookError
        A cell failed (naming the notebook, the cell and the error's message),
        timed out, or the kernel did not start; ``outdir`` is then untouched.

    Notes
    -----
    Each notebook runs in a fresh ``python3`` kernel started in the
    notebook's folder (:func:`execute_notebook`), with
    ``TERMSHIFT_FIGURES_DIR`` pointing to a staging folder, copied into
    ``outdir`` once every notebook has succeeded; every file is written
    atomically. Executed outputs are never written back.
    """
    outdir = Path(outdir) if outdir is not None else paths.FIGURES_DIR
    subset = notebooks is not None
    found = resolve_notebooks(notebooks)
    previous = check_outdir(outdir)
    say = progress or (lambda line: None)
    if not found:
        say(f"no notebooks in {paths.NOTEBOOKS_DIR if not subset else 'the paths given'}")
    package = package_fingerprint()
    books = [(p, _rel(p), read_notebook(p)) for p in found]
    code = {rel: sha256((package + sha256(dump_json(_code_cells(nb)))).encode()) for _, rel, nb in books}
    with tempfile.TemporaryDirectory(prefix="termshift-figures-") as tmp:
        stage = Path(tmp)
        for path, rel, nb in books:
            before = _record_names(stage)
            start = time.perf_counter()
            execute_notebook(nb, path, rel, stage, timeout)
            say(f"{rel}: {len(_record_names(stage) - before)} figure(s) in {time.perf_counter() - start:.1f} s")
        figures, environments = entries(stage, code)
        made = set(figures)
        if subset:
            old = previous or {"figures": {}, "environments": {}}
            ran = {rel for _, rel, _ in books}
            for name, entry in old.get("figures", {}).items():
                if entry.get("notebook") in ran:
                    continue
                if name in figures:
                    raise NotebookError([f"figure {name!r} is made by both {entry.get('notebook')} and "
                                         f"{figures[name]['notebook']}; give each figure one notebook"])
                figures[name] = entry
                env_id = entry.get("environment")
                if env_id in old.get("environments", {}):
                    environments[env_id] = old["environments"][env_id]
        used = {e.get("environment") for e in figures.values()}
        manifest = {"environments": {k: v for k, v in environments.items() if k in used},
                    "figures": dict(sorted(figures.items()))}
        removed = install(stage, outdir, manifest, made, previous)
    if removed:
        say(f"removed {len(removed)} stale file(s) from {outdir}: {', '.join(removed)}")
    return manifest


def check(outdir=None, notebooks=None, *, timeout=600, progress=print) -> list[str]:
    """Regenerate the figures into a temporary folder and compare them with ``outdir``.

    Parameters
    ----------
    outdir : path, optional
        The committed figures (default: ``figures/``); never written.
    notebooks : list of paths, optional
        Check only the figures of these notebooks (default: every notebook).
    timeout, progress
        As for :func:`run_notebooks`.

    Returns
    -------
    list of str
        One line per figure that differs, is missing or is extra (see
        :func:`~termshift.figures.compare`); empty when every byte matches.
    """
    outdir = Path(outdir) if outdir is not None else paths.FIGURES_DIR
    with tempfile.TemporaryDirectory(prefix="termshift-check-") as tmp:
        fresh = Path(tmp) / "figures"
        fresh.mkdir()
        committed = read_manifest(outdir) if outdir.is_dir() else None
        if notebooks is not None and committed is not None:  # the other notebooks' figures carry over unchanged
            for name in sorted(manifest_files(committed)) + [MANIFEST]:
                if (outdir / name).is_file():
                    shutil.copyfile(outdir / name, fresh / name)
        run_notebooks(notebooks, fresh, timeout=timeout, progress=progress)
        return compare(outdir, fresh)
