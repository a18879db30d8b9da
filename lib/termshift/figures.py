"""Reproducible figures: saved byte for byte, regenerated from the notebooks, checked.

Three steps, each usable alone:

* :func:`save` writes a figure as ``<name>.pdf``, ``<name>.svg`` and
  ``<name>.png`` (300 dpi) into the figures folder, deterministically, plus a
  record of what made it (``.records/<name>.json``: notebook, parameters,
  corpus and terms fingerprints, package versions);
* :func:`run_notebooks` executes every notebook in ``notebooks/`` headless
  and writes their figures and ``MANIFEST.json`` (each figure's files and
  sha256, notebook, parameters, corpus/terms/code fingerprints and the
  versions of the packages that drew it), removing figures no notebook makes;
* :func:`check` regenerates into a temporary folder and lists every figure
  that differs from the committed one (``termshift figures --check``).

Determinism: the Agg backend (set here, once, unless the environment chose
one), DejaVu Sans (bundled with matplotlib), no dates or software versions in
the file metadata (PDF ``CreationDate``/``ModDate``, SVG ``Date``, PNG
``Software``), a fixed :rc:`svg.hashsalt`, fixed font types, and a fixed
``SOURCE_DATE_EPOCH`` and ``PYTHONHASHSEED`` in the notebook kernels (see
matplotlib's ``lib/matplotlib/tests/test_determinism.py``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import re
import shutil
import tempfile
import time
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

# The headless backend is chosen in this one place, before matplotlib is first
# imported through termshift (termshift.plots imports this module first); a
# Jupyter kernel has already set MPLBACKEND (inline) and keeps it.
os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib as mpl  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import paths  # noqa: E402
from .errors import ParameterError, TermshiftError  # noqa: E402

__all__ = [
    "save",
    "run_notebooks",
    "check",
    "compare",
    "find_notebooks",
    "corpus_fingerprint",
    "terms_fingerprint",
    "versions",
    "NotebookError",
    "FORMATS",
    "DPI",
    "MANIFEST",
    "FIGURES_ENV",
    "NOTEBOOK_ENV",
]

#: Formats written by :func:`save`, in this order.
FORMATS = ("pdf", "svg", "png")
#: Resolution of the PNG (and of any rasterised part of the PDF/SVG).
DPI = 300
#: The manifest's file name in the figures folder.
MANIFEST = "MANIFEST.json"
#: Environment variable that redirects :func:`save` (set by :func:`run_notebooks`).
FIGURES_ENV = "TERMSHIFT_FIGURES_DIR"
#: Environment variable naming the notebook that is running (set by :func:`run_notebooks`).
NOTEBOOK_ENV = "TERMSHIFT_NOTEBOOK"

_RECORDS = ".records"
_SOURCE_DATE_EPOCH = "0"
_METADATA = {
    "pdf": {"CreationDate": None, "ModDate": None},
    "svg": {"Date": None},
    "png": {"Software": None},
}
_SAVE_RC = {"svg.hashsalt": "termshift", "svg.id": None, "svg.fonttype": "path", "pdf.fonttype": 42,
            "ps.fonttype": 42}
_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")
_SLOT = re.compile(r"(?:fig|figure|plot|panel|chart|image|img)s?_?\d")
_OWNED = re.compile(r"[a-z][a-z0-9_]*\.(?:pdf|svg|png)\Z")
_PERCENT_CELL = re.compile(r"^# %%", re.MULTILINE)
#: Distributions whose versions shape a figure (the manifest records each).
_PACKAGES = ("numpy", "pandas", "matplotlib", "scikit-learn", "scipy", "nltk", "pyarrow", "pyahocorasick",
             "pillow", "fonttools", "kiwisolver", "contourpy", "pyparsing", "termshift")


class NotebookError(TermshiftError):
    """A notebook could not be read or one of its cells failed."""


# ----------------------------------------------------------------------------- fingerprints


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def corpus_fingerprint(corpus: pd.DataFrame) -> str:
    """sha256 over the sorted ``(date, text)`` pairs of a corpus.

    The same documents give the same fingerprint whatever their order, ids or
    file names; any change of a date or a text changes it.

    Examples
    --------
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2022-11-30", "2022-12-16"]), "text": ["a", "b"]})
    >>> corpus_fingerprint(df) == corpus_fingerprint(df.iloc[::-1])
    True
    >>> corpus_fingerprint(df) == corpus_fingerprint(df.assign(text=["a", "c"]))
    False
    """
    missing = [c for c in ("date", "text") if c not in getattr(corpus, "columns", [])]
    if missing:
        raise ParameterError([f"corpus: no column(s) {', '.join(missing)}; load it with termshift.load_corpus"])
    dates = [d.isoformat() if not pd.isna(d) else "NaT" for d in pd.to_datetime(corpus["date"])]
    h = hashlib.sha256()
    for date, text in sorted(zip(dates, map(str, corpus["text"]))):
        h.update(json.dumps([date, text], ensure_ascii=False).encode("utf-8") + b"\n")
    return h.hexdigest()


def terms_fingerprint(terms) -> str:
    """The fingerprint of a TermSet, a term-family file or mapping (:meth:`TermSet.fingerprint`)."""
    from .terms import TermSet, load_terms

    return (terms if isinstance(terms, TermSet) else load_terms(terms)).fingerprint()


def versions() -> dict:
    """Versions of Python, FreeType and every package that shapes a figure.

    Examples
    --------
    >>> v = versions()
    >>> sorted(k for k in ("python", "matplotlib", "freetype") if v[k])
    ['freetype', 'matplotlib', 'python']
    """
    from importlib import metadata

    import matplotlib.ft2font

    out = {"python": platform.python_version(), "freetype": matplotlib.ft2font.__freetype_version__}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def _package_fingerprint() -> str:
    """sha256 over the package's sources and style file (names and bytes)."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for p in sorted([*here.glob("*.py"), *here.glob("*.mplstyle")]):
        h.update(p.name.encode() + b"\0" + _sha256(p.read_bytes()).encode() + b"\n")
    return h.hexdigest()


# ----------------------------------------------------------------------------- save


def _check_name(name) -> None:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ParameterError([f"figure name {name!r}: use a content name of lowercase letters, digits and "
                              "single underscores, starting with a letter (e.g. framing_share_by_month)"])
    if _SLOT.match(name):
        raise ParameterError([f"figure name {name!r} names a slot in a manuscript; name the figure for what it "
                              "shows (e.g. framing_share_by_month) and let the manuscript number it"])


def _jsonable(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, pd.Period):
        return str(value)
    if hasattr(value, "isoformat"):  # datetime, date, Timestamp
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} {value!r} is not JSON-like")


def _canonical_params(params, name):
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise ParameterError([f"figure {name!r}: params must be a dict of parameter values, "
                              f"{type(params).__name__} received"])
    try:
        text = json.dumps(params, sort_keys=True, default=_jsonable, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise ParameterError([f"figure {name!r}: params must hold strings, numbers (not NaN), lists and dicts "
                              f"only ({e})"]) from None
    return json.loads(text)


def _dump(obj) -> bytes:
    return (json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _default_outdir() -> Path:
    env = os.environ.get(FIGURES_ENV)
    return Path(env) if env else paths.FIGURES_DIR


@contextmanager
def _deterministic():
    """Fixed rcParams and SOURCE_DATE_EPOCH while saving."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = old or _SOURCE_DATE_EPOCH
    try:
        with mpl.rc_context(_SAVE_RC):
            yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _all_axes(fig):
    axes = list(fig.axes)
    for sub in getattr(fig, "subfigs", []):
        axes.extend(_all_axes(sub))
    return axes


def _snap(bbox):
    from matplotlib.transforms import Bbox

    return Bbox.from_extents(*np.round(bbox.extents, 6))


@contextmanager
def _frozen_layout(fig):
    """Lay the figure out once, the same way whatever drew it before, and hold that layout.

    Constrained layout is iterative: its result depends on the previous draw
    (its dpi, how many draws) down to the last bits of the positions, which
    change SVG ids and PDF coordinates. So the layout is run twice with a
    300-dpi renderer (it has converged by then), positions are rounded to
    1e-6 of the figure, and the layout engine is switched off while saving.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        yield
        return
    for _ in range(2):
        fig.savefig(io.BytesIO(), format="png", dpi=DPI)
    fig.set_layout_engine("none")
    try:
        for ax in _all_axes(fig):
            in_layout = ax.get_in_layout()
            ax.set_position(_snap(ax.get_position(original=True)), which="original")
            ax.set_position(_snap(ax.get_position(original=False)), which="active")
            ax.set_in_layout(in_layout)
        yield
    finally:
        fig.set_layout_engine(engine)


def save(fig, name, *, params=None, corpus=None, terms=None, outdir=None):
    """Write a figure as PDF, SVG and PNG, byte for byte reproducibly, with its record.

    Parameters
    ----------
    fig : Figure
        The figure (``ax.figure`` for a single panel). It is neither shown nor closed.
    name : str
        A content name: lowercase letters, digits, underscores
        (``framing_share_by_month``), never a slot such as ``fig_3_a``.
    params : dict, optional
        The parameters that shaped it (period, families, window, ...); JSON-like
        values. Recorded in the manifest.
    corpus : DataFrame, optional
        The corpus drawn from; its :func:`corpus_fingerprint` is recorded.
    terms : TermSet, path or mapping, optional
        The term families; their fingerprint is recorded.
    outdir : path, optional
        Default: ``$TERMSHIFT_FIGURES_DIR`` when set (as :func:`run_notebooks`
        does), else ``figures/``.

    Returns
    -------
    list of Path
        The three files written.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([1, 2, 3])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in save(fig, "example_line", params={"n": 3}, outdir=tmp)]
    ['example_line.pdf', 'example_line.svg', 'example_line.png']
    >>> plt.close(fig)
    """
    if not hasattr(fig, "savefig"):
        raise ParameterError([f"save: a matplotlib Figure is expected, {type(fig).__name__} received; "
                              "pass ax.figure for a plot drawn on ax"])
    _check_name(name)
    out = Path(outdir) if outdir is not None else _default_outdir()
    record = {
        "name": name,
        "notebook": os.environ.get(NOTEBOOK_ENV) or None,
        "params": _canonical_params(params, name),
        "corpus": corpus_fingerprint(corpus) if corpus is not None else None,
        "terms": terms_fingerprint(terms) if terms is not None else None,
        "versions": versions(),
        "files": [f"{name}.{fmt}" for fmt in FORMATS],
    }
    rec_path = out / _RECORDS / f"{name}.json"
    if record["notebook"] and rec_path.is_file():
        prior = json.loads(rec_path.read_text(encoding="utf-8")).get("notebook")
        if prior and prior != record["notebook"]:
            raise ParameterError([f"figure {name!r} is made by both {prior} and {record['notebook']}; "
                                  "give each figure one notebook (rename one)"])
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with _deterministic(), _frozen_layout(fig):
        for fmt in FORMATS:
            target = out / f"{name}.{fmt}"
            tmp = out / f".{name}.{fmt}.tmp"
            fig.savefig(tmp, format=fmt, dpi=DPI, metadata=_METADATA[fmt])
            os.replace(tmp, target)
            written.append(target)
    rec_path.parent.mkdir(exist_ok=True)
    rec_path.write_bytes(_dump(record))
    return written


# ----------------------------------------------------------------------------- notebooks


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


def _resolve_notebooks(notebooks) -> list[Path]:
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
    unique = {}
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


def _read_notebook(path: Path):
    import jupytext

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


def _execute(nb, path: Path, rel: str, outdir: Path, timeout) -> None:
    """Run every code cell of ``nb`` in a fresh python3 kernel started in the notebook's folder."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    env = {**os.environ, FIGURES_ENV: str(outdir), NOTEBOOK_ENV: rel, "MPLBACKEND": "Agg",
           "SOURCE_DATE_EPOCH": _SOURCE_DATE_EPOCH, "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    cwd = str(path.resolve().parent)
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


# ----------------------------------------------------------------------------- manifest


def _read_manifest(folder: Path):
    p = folder / MANIFEST
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ParameterError([f"{p}: not valid JSON; delete it and run termshift figures"]) from None


def _entries(stage: Path, code: dict):
    """Manifest entries and environments from the records written into ``stage``."""
    figures, environments = {}, {}
    for rec_path in sorted((stage / _RECORDS).glob("*.json")):
        rec = json.loads(rec_path.read_text(encoding="utf-8"))
        name = rec["name"]
        files = {f: _sha256((stage / f).read_bytes()) for f in rec["files"] if (stage / f).is_file()}
        env_id = _sha256(_dump(rec["versions"]))[:12]
        environments[env_id] = rec["versions"]
        figures[name] = {
            "code": code.get(rec["notebook"]),
            "corpus": rec["corpus"],
            "environment": env_id,
            "files": files,
            "notebook": rec["notebook"],
            "params": rec["params"],
            "terms": rec["terms"],
        }
    return figures, environments


def _install(stage: Path, outdir: Path, manifest: dict, made: set) -> list[str]:
    """Copy this run's figures into ``outdir``, remove owned files no figure claims; returns removed names."""
    outdir.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for name, entry in manifest["figures"].items():
        wanted.update(entry["files"])
        if name not in made:
            continue
        for fname, digest in entry["files"].items():
            target = outdir / fname
            if not (target.is_file() and _sha256(target.read_bytes()) == digest):
                tmp = outdir / f".{fname}.tmp"
                shutil.copyfile(stage / fname, tmp)
                os.replace(tmp, target)
    removed = []
    for p in sorted(outdir.iterdir()):
        if p.is_file() and _OWNED.match(p.name) and p.name not in wanted:
            p.unlink()
            removed.append(p.name)
    shutil.rmtree(outdir / _RECORDS, ignore_errors=True)
    (outdir / MANIFEST).write_bytes(_dump(manifest))
    return removed


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
        Default: ``figures/``. Only its ``<name>.pdf|svg|png`` files and
        ``MANIFEST.json`` are written or removed; other files are left alone.
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
    NotebookError
        A cell failed (naming the notebook, the cell and the error's message),
        timed out, or the kernel did not start; ``outdir`` is then untouched.

    Notes
    -----
    Each notebook runs in a fresh ``python3`` kernel started in the
    notebook's folder, with ``MPLBACKEND=Agg``, a fixed ``SOURCE_DATE_EPOCH``
    and ``PYTHONHASHSEED``, ``TERMSHIFT_FIGURES_DIR`` pointing to a staging
    folder (copied into ``outdir`` once every notebook has succeeded) and
    ``TERMSHIFT_NOTEBOOK`` naming the notebook. Executed outputs are never
    written back.
    """
    outdir = Path(outdir) if outdir is not None else paths.FIGURES_DIR
    if outdir.exists() and not outdir.is_dir():
        raise ParameterError([f"{outdir}: is a file; give a folder for the figures (--out)"])
    subset = notebooks is not None
    found = _resolve_notebooks(notebooks)
    say = progress or (lambda line: None)
    if not found:
        say(f"no notebooks in {paths.NOTEBOOKS_DIR if not subset else 'the paths given'}")
    package = _package_fingerprint()
    books = [(p, _rel(p), _read_notebook(p)) for p in found]
    code = {rel: _sha256((package + _sha256(_dump(_code_cells(nb)))).encode()) for _, rel, nb in books}
    with tempfile.TemporaryDirectory(prefix="termshift-figures-") as tmp:
        stage = Path(tmp)
        for path, rel, nb in books:
            before = set((stage / _RECORDS).glob("*.json")) if (stage / _RECORDS).is_dir() else set()
            start = time.perf_counter()
            _execute(nb, path, rel, stage, timeout)
            after = set((stage / _RECORDS).glob("*.json")) if (stage / _RECORDS).is_dir() else set()
            say(f"{rel}: {len(after - before)} figure(s) in {time.perf_counter() - start:.1f} s")
        figures, environments = _entries(stage, code)
        made = set(figures)
        if subset:
            old = _read_manifest(outdir) or {"figures": {}, "environments": {}}
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
        removed = _install(stage, outdir, manifest, made)
    if removed:
        say(f"removed {len(removed)} stale file(s) from {outdir}: {', '.join(removed)}")
    return manifest


# ----------------------------------------------------------------------------- check


def _owned(folder: Path) -> dict:
    """``{figure name: {file name, ...}}`` of the files the pipeline owns in ``folder``."""
    out = {}
    if folder.is_dir():
        for p in folder.iterdir():
            if p.is_file() and _OWNED.match(p.name):
                out.setdefault(p.name.rsplit(".", 1)[0], set()).add(p.name)
    return out


def _version_changes(a: dict, b: dict) -> list[str]:
    va = {k: v for env in a.values() for k, v in env.items()}
    vb = {k: v for env in b.values() for k, v in env.items()}
    return [f"{k} {va.get(k)} -> {vb.get(k)}" for k in sorted(set(va) | set(vb)) if va.get(k) != vb.get(k)]


def compare(committed, fresh) -> list[str]:
    """One line per figure that differs between two figures folders (empty when identical).

    Parameters
    ----------
    committed : path
        The folder as committed (``figures/``).
    fresh : path
        A folder just regenerated by :func:`run_notebooks`.

    Returns
    -------
    list of str
        ``"<name>: ..."`` for each figure whose files or manifest entry
        differ, that is missing from ``committed``, or that is extra there
        (no notebook makes it); a last ``"MANIFEST.json: ..."`` line when the
        manifest differs otherwise (package versions).
    """
    committed, fresh = Path(committed), Path(fresh)
    ma, mb = _read_manifest(committed), _read_manifest(fresh)
    fa, fb = (ma or {}).get("figures", {}), (mb or {}).get("figures", {})
    oa, ob = _owned(committed), _owned(fresh)
    lines = []
    for name in sorted(set(oa) | set(ob) | set(fa) | set(fb)):
        in_fresh = name in ob or name in fb
        if not in_fresh:
            lines.append(f"{name}: extra in {committed} (no notebook makes it); run termshift figures to remove it")
            continue
        if name not in oa and name not in fa:
            lines.append(f"{name}: missing from {committed} (made by {fb.get(name, {}).get('notebook')}); "
                         "run termshift figures")
            continue
        problems = []
        for fname in sorted(oa.get(name, set()) | ob.get(name, set())):
            if fname not in oa.get(name, set()):
                problems.append(f"{fname} missing")
            elif fname not in ob.get(name, set()):
                problems.append(f"{fname} extra")
            elif (committed / fname).read_bytes() != (fresh / fname).read_bytes():
                problems.append(f"{fname} differs")
        ea, eb = fa.get(name), fb.get(name)
        if ea is None and ma is not None:
            problems.append("not in the manifest")
        elif ea is not None and ea != eb:
            keys = sorted(k for k in set(ea) | set(eb or {}) if ea.get(k) != (eb or {}).get(k))
            problems.append(f"manifest entry differs ({', '.join(keys)})")
        if problems:
            lines.append(f"{name}: {'; '.join(problems)}")
    if ma is None:
        lines.append(f"{MANIFEST}: missing from {committed}; run termshift figures")
    elif (committed / MANIFEST).read_bytes() != (fresh / MANIFEST).read_bytes():
        changes = _version_changes(ma.get("environments", {}), (mb or {}).get("environments", {}))
        if changes:
            lines.append(f"{MANIFEST}: package versions differ ({'; '.join(changes)})")
        elif not lines:
            lines.append(f"{MANIFEST}: differs")
    return lines


def check(outdir=None, notebooks=None, *, timeout=600, progress=print) -> list[str]:
    """Regenerate the figures into a temporary folder and compare them with ``outdir``.

    Parameters
    ----------
    outdir : path, optional
        The committed figures (default: ``figures/``).
    notebooks : list of paths, optional
        Check only the figures of these notebooks (default: every notebook).
    timeout, progress
        As for :func:`run_notebooks`.

    Returns
    -------
    list of str
        One line per figure that differs, is missing or is extra (see
        :func:`compare`); empty when every byte matches.
    """
    outdir = Path(outdir) if outdir is not None else paths.FIGURES_DIR
    with tempfile.TemporaryDirectory(prefix="termshift-check-") as tmp:
        fresh = Path(tmp) / "figures"
        fresh.mkdir()
        if notebooks is not None and outdir.is_dir():  # the other notebooks' figures carry over unchanged
            for p in outdir.iterdir():
                if p.is_file() and (_OWNED.match(p.name) or p.name == MANIFEST):
                    shutil.copyfile(p, fresh / p.name)
        run_notebooks(notebooks, fresh, timeout=timeout, progress=progress)
        return compare(outdir, fresh)
