"""Deterministic save: one figure as PDF, SVG and PNG, byte for byte reproducibly, with its record.

Determinism: DejaVu Sans (bundled with matplotlib), no dates or software
versions in the file metadata (PDF ``CreationDate``/``ModDate``, SVG ``Date``,
PNG ``Software``), a fixed :rc:`svg.hashsalt`, fixed font types, a layout
computed the same way whatever drew the figure before, and a fixed
``SOURCE_DATE_EPOCH`` (see matplotlib's
``lib/matplotlib/tests/test_determinism.py``). The backend is not chosen here:
:func:`~termshift.figures.run_notebooks` gives its kernels ``MPLBACKEND=Agg``
and the tests choose Agg in ``tests/conftest.py``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd

from .. import paths
from ..errors import ParameterError
from .manifest import RECORDS, dump_json, versions, write_atomic

__all__ = ["save", "save_table", "output_dir", "corpus_fingerprint", "terms_fingerprint", "FORMATS",
           "TABLE_FORMATS", "DPI", "FIGURES_ENV", "NOTEBOOK_ENV", "SOURCE_DATE_EPOCH", "OUTPUT_DIR"]

#: Formats written by :func:`save`, in this order.
FORMATS = ("pdf", "svg", "png")
#: Formats :func:`save_table` can write (LaTeX booktabs, Markdown, CSV), in this order.
TABLE_FORMATS = ("tex", "md", "csv")
#: Folder (in the current working directory) that :func:`save` and :func:`save_table` write to when
#: neither ``outdir`` nor ``$TERMSHIFT_FIGURES_DIR`` says where: never the committed gallery.
OUTPUT_DIR = "termshift-output"
#: Resolution of the PNG (and of any rasterised part of the PDF/SVG).
DPI = 300
#: Environment variable that redirects :func:`save` (set by :func:`~termshift.figures.run_notebooks`).
FIGURES_ENV = "TERMSHIFT_FIGURES_DIR"
#: Environment variable naming the notebook that is running (set by :func:`~termshift.figures.run_notebooks`).
NOTEBOOK_ENV = "TERMSHIFT_NOTEBOOK"
#: The ``SOURCE_DATE_EPOCH`` used while saving and in notebook kernels.
SOURCE_DATE_EPOCH = "0"

_METADATA = {
    "pdf": {"CreationDate": None, "ModDate": None},
    "svg": {"Date": None},
    "png": {"Software": None},
}
_SAVE_RC = {"svg.hashsalt": "termshift", "svg.id": None, "svg.fonttype": "path", "pdf.fonttype": 42,
            "ps.fonttype": 42}
_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")
_SLOT = re.compile(r"(?:fig|figure|plot|panel|chart|image|img)s?_?\d")


# ----------------------------------------------------------------------------- fingerprints


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
    from ..terms import TermSet, load_terms

    return (terms if isinstance(terms, TermSet) else load_terms(terms)).fingerprint()


# ----------------------------------------------------------------------------- checks


def slug(*parts) -> str:
    """A figure (or table) name from its parts: lower case, runs of other characters as one ``_``.

    Names made from a notebook's parameters and data are then always valid for :func:`save`.

    Examples
    --------
    >>> slug("../corpus", "counterstrike vs preemptive", "share by", "month")
    'corpus_counterstrike_vs_preemptive_share_by_month'
    >>> slug("2001-09-11")
    'n2001_09_11'
    """
    text = "_".join(str(p) for p in parts if p is not None and str(p) != "")
    text = re.sub(r"[^a-z0-9]+", "_", text.replace("..", "").lower()).strip("_")
    if not text:
        raise ParameterError(["slug: give at least one part with a letter or digit"])
    return text if text[0].isalpha() else "n" + text


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


def output_dir(outdir=None) -> Path:
    """Where :func:`save` and :func:`save_table` write.

    1. ``$TERMSHIFT_FIGURES_DIR`` when set: :func:`~termshift.figures.run_notebooks`
       (``termshift figures``) sets it to its staging folder, and it wins over
       ``outdir``, so a notebook that passes its ``OUTPUT_DIR`` still feeds the
       gallery when the pipeline runs it;
    2. else ``outdir``;
    3. else ``./termshift-output/`` of the current working directory.

    The project's committed gallery (``figures/`` of the checkout) is written
    only by ``termshift figures``: outside it, an ``outdir`` that is that
    folder is refused.

    Examples
    --------
    >>> import os
    >>> if FIGURES_ENV not in os.environ:
    ...     assert output_dir() == Path.cwd() / OUTPUT_DIR and output_dir("out") == Path("out")
    """
    env = os.environ.get(FIGURES_ENV)
    if env:
        return Path(env)
    out = Path(outdir) if outdir is not None else Path.cwd() / OUTPUT_DIR
    try:
        gallery = out.resolve() == paths.FIGURES_DIR.resolve()
    except OSError:
        gallery = False
    if gallery:
        raise ParameterError([f"{out}: is the project's committed gallery, written only by termshift figures "
                              "(make figures); pass another outdir= (e.g. OUTPUT_DIR), or run termshift figures"])
    return out


def _check_record(out: Path, record: dict) -> None:
    """Refuse a name that another notebook, or a figure and a table, already use in ``out``."""
    name, kind = record["name"], record.get("kind", "figure")
    rec_path = out / RECORDS / f"{name}.json"
    if rec_path.is_file():
        prior = json.loads(rec_path.read_text(encoding="utf-8"))
        if record["notebook"] and prior.get("notebook") and prior["notebook"] != record["notebook"]:
            raise ParameterError([f"{kind} {name!r} is made by both {prior['notebook']} and {record['notebook']}; "
                                  f"give each {kind} one notebook (rename one)"])
        if prior.get("kind", "figure") != kind:
            raise ParameterError([f"{name!r} names both a {prior.get('kind', 'figure')} and a {kind}; give each "
                                  "its own name"])


def _write_record(out: Path, record: dict) -> None:
    rec_path = out / RECORDS / f"{record['name']}.json"
    rec_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(rec_path, dump_json(record))


def _record(name, kind, params, corpus, terms, files) -> dict:
    record = {
        "name": name,
        "notebook": os.environ.get(NOTEBOOK_ENV) or None,
        "params": _canonical_params(params, name),
        "corpus": corpus_fingerprint(corpus) if corpus is not None else None,
        "terms": terms_fingerprint(terms) if terms is not None else None,
        "versions": versions(),
        "files": files,
    }
    if kind != "figure":
        record["kind"] = kind
    return record


# ----------------------------------------------------------------------------- layout


@contextmanager
def _deterministic():
    """Fixed rcParams and SOURCE_DATE_EPOCH while saving."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = old or SOURCE_DATE_EPOCH
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


# ----------------------------------------------------------------------------- save


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
        Where an interactive run writes (a notebook's ``OUTPUT_DIR``); default
        ``./termshift-output/``. Under ``termshift figures``
        (``$TERMSHIFT_FIGURES_DIR`` set) the pipeline's folder is used instead
        (see :func:`output_dir`); the committed ``figures/`` is refused outside it.

    Returns
    -------
    list of Path
        The three files written, each atomically (a temporary file renamed
        into place), with ``.records/<name>.json`` beside them.

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
    out = output_dir(outdir)
    record = _record(name, "figure", params, corpus, terms, [f"{name}.{fmt}" for fmt in FORMATS])
    _check_record(out, record)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with _deterministic(), _frozen_layout(fig):
        for fmt in FORMATS:
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, dpi=DPI, metadata=_METADATA[fmt])
            target = out / f"{name}.{fmt}"
            write_atomic(target, buf.getvalue())
            written.append(target)
    _write_record(out, record)
    return written


# ----------------------------------------------------------------------------- tables


def save_table(table, name, *, formats=TABLE_FORMATS, params=None, corpus=None, terms=None, outdir=None):
    """Write a table for a paper as LaTeX, Markdown and CSV, byte for byte reproducibly, with its record.

    The files sit beside the figures and ``termshift figures`` lists them in
    ``MANIFEST.json`` like a figure (sha256 per file, notebook, parameters,
    fingerprints), checks them with ``--check``, and replaces only files its
    previous manifest lists.

    Parameters
    ----------
    table : Table, DataFrame or ShiftResult
        A :class:`termshift.publish.Table`, or a result that
        :func:`termshift.publish.table` accepts (formatted with its defaults),
        or any other DataFrame (written as it is, numbers with 2 decimals).
    name : str
        A content name, as for :func:`save` (``framing_share_by_year``); it may
        not also name a figure.
    formats : sequence of {"tex", "md", "csv"}, default=("tex", "md", "csv")
    params, corpus, terms, outdir
        As for :func:`save` (the same :func:`output_dir` rules).

    Returns
    -------
    list of Path
        The files written (``<name>.tex``, ``<name>.md``, ``<name>.csv``), each atomically.

    Examples
    --------
    >>> import tempfile
    >>> t = pd.DataFrame({"word": ["security"], "n": [12]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in save_table(t, "example_counts", outdir=tmp)]
    ['example_counts.tex', 'example_counts.md', 'example_counts.csv']
    """
    from .. import publish

    _check_name(name)
    if isinstance(formats, str):
        formats = (formats,)
    bad = [f for f in formats if f not in TABLE_FORMATS]
    if bad or not formats:
        raise ParameterError([f"table {name!r}: formats {list(formats)!r}: choose from {', '.join(TABLE_FORMATS)}"])
    formats = [f for f in TABLE_FORMATS if f in formats]
    if not isinstance(table, publish.Table):
        try:
            table = publish.table(table)
        except ParameterError:
            if not isinstance(table, pd.DataFrame):
                raise  # a plain DataFrame is written as it is (numbers formatted by the writers)
    writers = {"tex": publish.to_latex, "md": publish.to_markdown, "csv": publish.to_csv}
    out = output_dir(outdir)
    record = _record(name, "table", params, corpus, terms, [f"{name}.{fmt}" for fmt in formats])
    _check_record(out, record)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        target = out / f"{name}.{fmt}"
        write_atomic(target, writers[fmt](table).encode("utf-8"))
        written.append(target)
    _write_record(out, record)
    return written
