"""Importing a pile of news exports: several sources read into one corpus frame and one load report.

:func:`import_sources` reads folders, export files (``.txt``, ``.docx``,
``.rtf``, ``.html``, ``.htm``) and ``.zip`` archives as
:func:`~termshift.load_corpus` reads a folder (each file's format found from
its content), as ONE corpus: every ``doc_id`` is the file's path relative to
the common folder of the sources, plus ``#k`` for the k-th article of an
export (``jan/export.txt#3``), so two exports with the same name in different
folders never share an id, and every file appears in the report under its own
name. Near-duplicates are marked (``duplicate_of``, ``similarity``, ``containment``) or dropped.
``termshift import`` writes the result; :func:`~termshift.load_corpus` of that
table with ``id_col="doc_id"`` reads it back.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Any

from ..errors import CorpusError, ParameterError
from .options import LoadOptions
from .report import LoadReport, Problem, printable, unreadable

if TYPE_CHECKING:
    import pandas as pd

    from .walk import Article

__all__ = ["import_sources", "source_root", "TABLE_NAMES"]

#: Names of tables, which are refused as sources (they are already one document per row).
TABLE_NAMES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
_META = ("outlet", "title", "byline", "section", "length_words", "stated_language", "format")


def import_sources(sources, *, options: LoadOptions | None = None, threshold: float = 0.8, seed: int = 0,
                   progress: bool | None = False, **loader_options: Any) -> tuple[pd.DataFrame, LoadReport]:
    """Read export sources into one corpus frame and its report: ``(frame, report)``.

    Parameters
    ----------
    sources : list of str or Path
        Folders, export files and ``.zip`` archives; none inside another.
    options : LoadOptions, optional
        The loader's options (:class:`~termshift.corpus.options.LoadOptions`), or give them as
        keywords: ``on_error``, ``follow_links``, ``format``, ``date_from``, ``language`` and
        ``drop_duplicates`` (False or None: mark only; ``"exact"``/True or ``"near"``: drop).
        The text is kept as exported (boilerplate lines included); options about tables
        (``date_col``, ``text_col``, ``id_col``, ``utc``) are refused.
    threshold : float, default=0.8
        Resemblance (Jaccard similarity of the shingle sets: 5 words, or 8 characters of CJK text) from
        which two texts are near-duplicates; a text at least 87.5% contained in an earlier one (an
        excerpt) is one too (:func:`~termshift.corpus.near_duplicates.find_near_duplicates`).
    seed : int, default=0
        Seed of the near-duplicate search (:func:`~termshift.corpus.near_duplicates.near_duplicates_of`).
    progress : bool or None, default=False
        Show a progress bar while the files are read (None: only when it takes more than two seconds
        on a terminal or notebook).

    Returns
    -------
    (DataFrame, LoadReport)
        The corpus (``doc_id`` relative to :func:`source_root`, metadata columns, ``duplicate_of``
        and ``similarity``) and what happened to every file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for folder in ("jan", "feb"):
    ...     (d / folder).mkdir()
    ...     _ = (d / folder / "a.txt").write_text(f"date 2022-01-0{len(folder)} The {folder} article.")
    >>> frame, report = import_sources([d / "jan", d / "feb"])
    >>> frame["doc_id"].tolist(), report.totals_line()
    (['feb/a.txt', 'jan/a.txt'], '2 file(s) seen = 2 loaded + 0 skipped + 0 ignored')
    """
    opts = _import_options(options, loader_options)
    paths = _check_sources(sources)
    articles, problems, report = _gather(paths, source_root(paths), opts)
    report.root = " + ".join(dict.fromkeys(printable(os.fsdecode(os.fspath(s))) for s in sources))
    frame = _read(articles, problems, report, opts, progress)
    return _mark_near_duplicates(frame, report, opts.drop_duplicates == "near", threshold, seed), report


def _import_options(options, given) -> LoadOptions:
    opts = LoadOptions.build(options, **given)
    refused = opts.unsupported("import")
    if refused:
        raise ParameterError([f"{r}: an import reads news exports, not tables; drop it (it applies to "
                              "load_corpus of the table the import writes)" for r in refused])
    if opts.drop_duplicates is True:
        opts = opts.replace(drop_duplicates="exact")
    return opts.replace(boilerplate=None)  # the text as exported: load_corpus of the table sets it aside


def source_root(paths: list[str]) -> str:
    """The folder every id is relative to: the one folder given, the folder of the one file given, or
    the common folder of several sources.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> source_root([folder]) == folder, source_root(["/data/a/export.txt"])
    (True, '/data/a')
    >>> source_root(["/data/a/export.txt", "/data/b/export.txt"])
    '/data'
    """
    if len(paths) == 1:
        return paths[0] if os.path.isdir(paths[0]) else os.path.dirname(paths[0])
    return os.path.commonpath(paths)


def _check_sources(sources) -> list[str]:
    """The sources as absolute paths; one CorpusError listing every one that cannot be imported."""
    paths = [os.path.abspath(os.fsdecode(os.fspath(s))) for s in sources]
    if not paths:
        raise ParameterError(["sources: give at least one folder, export or .zip archive"])
    bad = [line for src, path in zip(sources, paths) for line in _source_problem(printable(os.fsdecode(src)), path)]
    bad += _overlaps(sources, paths)
    if bad:
        raise CorpusError(bad)
    return paths


def _source_problem(shown: str, path: str) -> list[str]:
    from .importers import is_source_name

    try:
        st = os.stat(path)
    except OSError as err:
        return [unreadable(shown, err)]
    if stat.S_ISDIR(st.st_mode):
        return []
    if stat.S_ISREG(st.st_mode) and path.lower().endswith(TABLE_NAMES):
        return [f"{shown}: a table is already one document per row; load it with termshift.load_corpus or "
                "`termshift corpus`, or give the exports it was made from"]
    if stat.S_ISREG(st.st_mode) and is_source_name(path):
        return []
    return [f"{shown}: not a folder, export (.txt, .docx, .rtf, .html, .htm) or .zip archive; give the exports"]


def _overlaps(sources, paths: list[str]) -> list[str]:
    """A source given twice, or inside another: its files would be read twice."""
    out = []
    for i, path in enumerate(paths):
        for j, other in enumerate(paths[:i]):
            if path == other:
                out.append(f"{printable(os.fsdecode(sources[i]))}: given twice; give each source once")
            elif os.path.commonpath([path, other]) in (path, other):
                inner, outer = (i, j) if os.path.commonpath([path, other]) == other else (j, i)
                out.append(f"{printable(os.fsdecode(sources[inner]))}: inside {printable(os.fsdecode(sources[outer]))}"
                           ", which is also given; give each file once")
    return out


def _gather(paths: list[str], root: str, options: LoadOptions) -> tuple[list[Article], list[Problem], LoadReport]:
    """Every file to read, named relative to ``root``; the walks' problems; one report of them all."""
    from .walk import Article, walk_folder

    articles: list[Article] = []
    problems: list[Problem] = []
    reports = []
    for path in paths:
        rel = printable(os.path.relpath(path, root).replace(os.sep, "/"))
        if not os.path.isdir(path):
            articles.append(Article(rel, path))
            continue
        prefix = "" if rel == "." else rel + "/"
        report = LoadReport(root=printable(path))
        try:
            found, walk_problems = walk_folder(path, report, follow_links=options.follow_links, exports=True)
        except OSError as err:
            raise CorpusError([unreadable(printable(path), err, folder=True)]) from None
        articles += [a._replace(rel=prefix + a.rel) for a in found]
        problems += [p._replace(where=prefix + p.where) for p in walk_problems]
        reports.append(report.rebased(prefix))
    report = LoadReport.combine(reports) if reports else LoadReport(root=printable(root))
    return articles, problems, report


def _read(articles, problems, report, options: LoadOptions, progress: bool | None) -> pd.DataFrame:
    """The files read and finished into one frame (every metadata column present)."""
    from .articles import SOURCES_FIX, read_sources
    from .finish import finish
    from .loading import progress_bar

    rows, bad = read_sources(articles, report, progress_bar(progress, "importing"), format=options.format,
                             date_from=options.date_from)
    if "outlet" not in rows.columns:  # only seed articles: still give every metadata column
        for col in _META:
            rows[col] = None
    problems = problems + bad
    try:
        return finish(rows, problems, report, options.replace(drop_duplicates=options.drop_duplicates == "exact"),
                      unit="row", noun="file(s) or article(s)", empty_fix=SOURCES_FIX)
    except CorpusError as err:
        if len(err.problems) == 1 and len(problems) == 1:  # one bad export: one line, naming it
            raise CorpusError(err.problems) from None
        raise


def _mark_near_duplicates(frame, report: LoadReport, drop: bool, threshold: float, seed: int) -> pd.DataFrame:
    """``duplicate_of``, ``similarity`` (resemblance J) and ``containment`` (C) of near-duplicates (exact ones
    included): :func:`~termshift.corpus.near_duplicates.near_duplicates_of`; dropped with ``drop``."""
    from .near_duplicates import near_duplicates_of

    near, similarity, contained = near_duplicates_of(frame, threshold=threshold, random_state=seed)
    frame["duplicate_of"] = near
    frame.insert(frame.columns.get_loc("duplicate_of") + 1, "similarity", similarity)
    frame.insert(frame.columns.get_loc("similarity") + 1, "containment", contained)
    if drop:
        dup = frame["duplicate_of"].notna()
        report.dropped_duplicates += [[str(d), str(o)] for d, o in zip(frame.loc[dup, "doc_id"],
                                                                      frame.loc[dup, "duplicate_of"])]
        frame = frame[~dup].reset_index(drop=True)
        report.n_docs = len(frame)
    return frame
