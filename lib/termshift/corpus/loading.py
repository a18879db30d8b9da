"""Load a dated corpus: :func:`load_corpus` (files and folders), :func:`from_frame` (a DataFrame),
:func:`load_report` (what happened to every entry). The package docstring
(:mod:`termshift.corpus`) describes the formats and the promise."""

from __future__ import annotations

import os
import stat
from typing import Any

import pandas as pd

from ..errors import CorpusError, ParameterError
from ..typing import PathLike
from .articles import ARTICLE_COLUMNS, SOURCES_FIX, read_sources
from .finish import finish
from .importers import is_source_name
from .options import Boilerplate, LoadOptions, OnError
from .report import REPORT_KEY, BadInput, LoadReport, printable, unreadable
from .tables import TABLE_SUFFIXES, parquet_shards, read_table, rows_from_table
from .walk import Article, describe_mode, walk_folder

__all__ = ["load_corpus", "from_frame", "load_report", "read_corpus", "progress_bar"]


def load_corpus(
    path: PathLike,
    *,
    on_error: OnError = "raise",
    date_col: str = "date",
    text_col: str = "text",
    id_col: str | None = None,
    boilerplate: Boilerplate = "caps",
    drop_duplicates: bool | str = False,
    progress: bool | None = None,
    follow_links: bool = False,
    utc: bool = False,
    return_report: bool = False,
    language: str | None = None,
    format: str | None = None,
    date_from: str | None = None,
    metadata: PathLike | None = None,
    start: str | None = None,
    end: str | None = None,
    options: LoadOptions | None = None,
) -> Any:  # DataFrame, or (DataFrame, LoadReport) with return_report=True
    """Load a dated corpus into a DataFrame, one row per document.

    Parameters
    ----------
    path : str or Path
        A folder (read recursively; every ``*.txt`` file is one article, other
        entries are ignored and listed with their reason), one ``.txt`` article, or
        one table (``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``, ``.parquet``) with a
        date column and a text column, one document per row. A folder that holds
        only ``.parquet`` files (shards, as Dask or Spark write them) is read as
        one table of all their rows (ids ``shard/name.parquet:row``).
    on_error : {"raise", "skip"}, default="raise"
        ``"raise"``: any bad file, folder or row fails the load with ONE
        :class:`~termshift.errors.CorpusError` listing every problem.
        ``"skip"``: the rest is loaded and each skipped entry or row is listed
        with its reason in the report.
    date_col, text_col : str, default="date", "text"
        Column names in a table. Dates must be ISO (YYYY-MM-DD, optionally with
        a time and a UTC offset); "11/12/2022" is never guessed.
    id_col : str, optional
        A table column holding document ids (default: ``"file:row"``).
    boilerplate : "caps", callable or None, default="caps"
        How to recognise scraped boilerplate lines (see
        :func:`is_boilerplate_line`); they are removed from ``text`` and kept
        in the ``boilerplate`` column. ``None`` keeps every line.
    drop_duplicates : bool, "exact" or "near", default=False
        Drop documents whose text exactly repeats an earlier one (they are
        always reported in ``duplicate_of``); ``"near"`` reports (and drops)
        near-duplicates instead -- the same wire story reprinted by several
        outlets, an article exported twice -- with their Jaccard ``similarity``
        (:mod:`termshift.corpus.near_duplicates`).
    progress : bool or None, default=None
        Show a progress bar; ``None`` shows one only when loading takes more
        than two seconds on a terminal or notebook.
    follow_links : bool, default=False
        Follow symbolic links to folders, and links to files outside the corpus
        folder (each folder is read once: link cycles do not loop). By default
        they are listed as ignored or skipped with the reason.
    utc : bool, default=False
        Table dates with a UTC offset: keep the local calendar date and time as
        written (default: ``2022-01-31T23:30-05:00`` is 2022-01-31 23:30, the
        date a reader saw), or convert to UTC (2022-02-01 04:30).
    return_report : bool, default=False
        Return ``(frame, report)`` instead of the frame alone.
    language : str, optional
        The language of every document ("ja", "en", ...). Default: detected
        per document (:func:`termshift.language.detect_language`: "ja" when
        kana and kanji make up a clear share of its letters, else "en").
        Japanese documents are segmented into words by a morphological
        analyser (:mod:`termshift.tokens`).
    format : str, optional
        Force the layout of export files (see
        :data:`termshift.corpus.importers.FORMATS`: Nexis text or DOCX/RTF,
        Factiva, ProQuest, web page, the seed format); default: detected from
        each file's content, whatever its extension.
    date_from : str, optional
        For saved web pages without a date in their metadata: ``"name"`` (a
        YYYY-MM-DD in the file name) or one ISO date for all of them.
    metadata : path, optional
        A metadata sheet (CSV, TSV, Parquet or JSONL) whose ``file`` column names each
        article (its path relative to the corpus root, its ``doc_id``, or the export file
        it came from); its other columns are joined onto the documents, ``outlet`` from
        a ``url`` column where there is no ``outlet`` (:mod:`termshift.corpus.metadata`).
        Rows naming no document and documents without a row are reported.
    start, end : str, optional
        A date window, ISO dates, both inclusive (:mod:`termshift.corpus.window`): the
        documents outside it are reported ("outside the window: N") and left out, and
        the periods of the counts are those of the window.
    options : LoadOptions, optional
        All the options above in one checked object
        (:class:`~termshift.corpus.options.LoadOptions`), as the command line
        builds them once and hands them to every reader; then give none of
        them as keywords.

    Returns
    -------
    pandas.DataFrame, or (DataFrame, LoadReport) with ``return_report=True``
        Columns ``doc_id``, ``date`` (datetime64), ``text`` (NFKC-normalised,
        boilerplate lines removed), ``source``, ``encoding``,
        ``n_boilerplate``, ``boilerplate``, ``duplicate_of``, ``language``
        (how it was set is in ``df.attrs["termshift.language"]``), then any
        metadata columns of a table (as text, exactly as written). Rows are
        sorted by date, then doc_id. The :class:`LoadReport` is also in
        ``df.attrs`` as a convenience (see :func:`load_report`).

    Raises
    ------
    CorpusError
        The path does not exist or is not a file or folder, holds no
        documents, or (with ``on_error="raise"``) holds bad input; one line per
        problem.

    Examples
    --------
    >>> from termshift.paths import SEEDS_DIR
    >>> df, report = load_corpus(SEEDS_DIR, return_report=True)
    >>> df[["doc_id", "date", "n_boilerplate"]]
                         doc_id       date  n_boilerplate
    0  000_82d2068b30810b37.txt 2022-11-30              3
    >>> report.totals_line()
    '1 file(s) seen = 1 loaded + 0 skipped + 0 ignored'
    """
    given = dict(on_error=on_error, date_col=date_col, text_col=text_col, id_col=id_col, boilerplate=boilerplate,
                 drop_duplicates=drop_duplicates, follow_links=follow_links, utc=utc, language=language,
                 format=format, date_from=date_from,
                 metadata=None if metadata is None else os.fsdecode(os.fspath(metadata)), start=start, end=end)
    out, report = read_corpus(path, _options(options, given), progress=progress)
    return (out, report) if return_report else out


def _options(options: LoadOptions | None, given: dict) -> LoadOptions:
    """The options object of a call: built from the keywords, or ``options`` when no keyword is set."""
    if options is None:
        return LoadOptions(**given)
    defaults = LoadOptions()
    changed = [k for k, v in given.items() if v is not getattr(defaults, k) and v != getattr(defaults, k)]
    if changed:
        raise ParameterError([f"{', '.join(changed)}: give the loader options as keywords or as options=, "
                              "not both (options.replace(...) changes some)"])
    return LoadOptions.build(options)


def read_corpus(path: PathLike, options: LoadOptions, *, progress: bool | None = None):
    """:func:`load_corpus` with its options in one object: ``(frame, report)``."""
    root = os.fsdecode(os.fspath(path))
    shown = printable(root)
    try:
        st = os.stat(root)
    except OSError as err:
        raise CorpusError([unreadable(shown, err)]) from None
    report = LoadReport(root=shown)
    name = printable(os.path.basename(root.rstrip(os.sep)) or root)
    suffix = os.path.splitext(root)[1].lower()
    if stat.S_ISDIR(st.st_mode) and (shards := parquet_shards(root)):
        out = _load_shards(shards, report, options)
    elif stat.S_ISDIR(st.st_mode):
        try:
            articles, problems = walk_folder(root, report, follow_links=options.follow_links, exports=True)
        except OSError as err:
            raise CorpusError([unreadable(shown, err, folder=True)]) from None
        frame, bad = read_sources(articles, report, progress_bar(progress), format=options.format,
                                  date_from=options.date_from)
        out = finish(frame, problems + bad, report, options, unit="row", noun="file(s) or article(s)",
                     empty_fix=SOURCES_FIX)
    elif not stat.S_ISREG(st.st_mode):
        raise CorpusError([f"{shown}: {describe_mode(st.st_mode)}, not a file or folder; give a folder, a .txt "
                           f"article or a table ({', '.join(sorted(TABLE_SUFFIXES))})"])
    elif suffix in TABLE_SUFFIXES:
        out = _load_table(root, name, TABLE_SUFFIXES[suffix], report, options)
    elif is_source_name(root):
        frame, bad = read_sources([Article(name, root)], report, format=options.format, date_from=options.date_from)
        out = finish(frame, bad, report, options, unit="row", noun="file(s) or article(s)", empty_fix=SOURCES_FIX)
    else:
        raise CorpusError([f"{shown}: not a corpus file; give a folder, a .txt article or a table "
                           f"({', '.join(sorted(TABLE_SUFFIXES))})"])
    return after_loading(out, report, options, root), report




def after_loading(frame, report: LoadReport, options: LoadOptions, root: str | None = None):
    """The metadata sheet joined and the date window applied, each reported in ``report.notes``."""
    if options.metadata is None and options.start is None and options.end is None:
        return frame
    attrs = dict(frame.attrs)
    if options.metadata is not None:
        from .metadata import join_sheet, read_sheet

        sheet_path = os.path.abspath(options.metadata)
        if root is not None and os.path.isdir(root):  # a sheet inside the corpus folder: ignored as the sheet
            rel = os.path.relpath(sheet_path, os.path.abspath(root)).replace(os.sep, "/")
            if rel in report.ignored_reasons:
                report.ignored_reasons[rel] = "the metadata sheet (--metadata)"
        frame, notes = join_sheet(frame, read_sheet(options.metadata), name=printable(options.metadata))
        report.notes += notes
    if options.start is not None or options.end is not None:
        from .window import WINDOW_KEY, apply_window

        before = len(frame)
        frame, note = apply_window(frame, options.start, options.end)
        report.outside_window = before - len(frame)
        if note:
            report.notes.append(note)
        attrs[WINDOW_KEY] = (options.start, options.end)
    report.n_docs = len(frame)
    frame.attrs.update(attrs)
    frame.attrs[REPORT_KEY] = report
    return frame



_TABLE_FIX = "add rows with a date and a text"


def _load_table(root, name, fmt, report, options):
    frame, problems, flags, loaded = _table_rows(root, name, fmt, options)
    report.loaded, report.flagged = loaded, flags
    return finish(frame, problems, report, options, unit="row", noun="file(s) or row(s)", empty_fix=_TABLE_FIX)


def _load_shards(shards, report, options):
    """A folder holding only Parquet files (shards, as Dask and Spark write them): their rows, as one table."""
    frames, problems, flags, loaded = [], [], [], []
    for path, rel in shards:
        frame, bad, flagged, ok = _table_rows(path, rel, "parquet", options)
        frames.append(frame)
        problems += bad
        flags += flagged
        loaded += ok
    report.loaded, report.flagged = loaded, flags
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*ARTICLE_COLUMNS, "where"])
    return finish(frame, problems, report, options, unit="row", noun="file(s) or row(s)", empty_fix=_TABLE_FIX)


def _table_rows(path, name, fmt, options: LoadOptions):
    """One table's rows: (frame, problems, flags, [name] if it was read as a table)."""
    empty = pd.DataFrame(columns=[*ARTICLE_COLUMNS, "where"])
    try:
        table, numbers, row_problems, flags, enc = read_table(path, fmt, name)
        if row_problems and table.columns.empty:  # every JSONL line was bad: name each
            raise _AllRowsBad(row_problems, flags)
        frame, problems = rows_from_table(table, name, date_col=options.date_col, text_col=options.text_col,
                                          id_col=options.id_col, source=printable(path), encoding=enc,
                                          numbers=numbers, utc=options.utc)
        problems = sorted(row_problems + problems, key=lambda p: _row_number(p.where))
        return frame, problems, flags, [name]
    except _AllRowsBad as bad:
        return empty, bad.problems, bad.flags, [name]
    except BadInput as bad:
        return empty, [bad.problem(name)], [], []
    except Exception as err:  # noqa: BLE001 - a native reader's error: name the file in one line
        msg = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return empty, [BadInput(f"cannot be parsed as {fmt} ({printable(msg)})",
                                "check the file's format").problem(name)], [], []


class _AllRowsBad(Exception):
    def __init__(self, problems, flags):
        super().__init__("every row is bad")
        self.problems, self.flags = problems, flags


def _row_number(where: str) -> int:
    tail = where.rsplit(" row ", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 0


def from_frame(
    frame: pd.DataFrame,
    *,
    date_col: str = "date",
    text_col: str = "text",
    id_col: str | None = None,
    boilerplate: Boilerplate = "caps",
    drop_duplicates: bool | str = False,
    source: str = "<DataFrame>",
    on_error: OnError = "raise",
    utc: bool = False,
    return_report: bool = False,
    language: str | None = None,
) -> Any:  # DataFrame, or (DataFrame, LoadReport) with return_report=True
    """Turn an in-memory table into a corpus frame, exactly as :func:`load_corpus` would.

    Dates are checked (ISO only), text is NFKC-normalised, boilerplate lines
    are removed and kept, duplicates are reported, and a :class:`LoadReport`
    (totals: "N row(s) from a DataFrame") is attached, or returned with
    ``return_report=True``; rows are named ``"{source}:{row}"`` unless
    ``id_col`` is given. The parameters are those of :func:`load_corpus`.

    Examples
    --------
    >>> df, report = from_frame(pd.DataFrame({"date": ["2022-12-16", "2022-11-30"], "text": ["b", "a"]}),
    ...                         source="mine", return_report=True)
    >>> df[["doc_id", "date", "text"]]
      doc_id       date text
    0 mine:2 2022-11-30    a
    1 mine:1 2022-12-16    b
    >>> report.totals_line()
    '2 row(s) from a DataFrame = 2 loaded + 0 skipped'
    """
    options = LoadOptions(on_error=on_error, date_col=date_col, text_col=text_col, id_col=id_col,
                          boilerplate=boilerplate, drop_duplicates=drop_duplicates, utc=utc, language=language)
    shown = printable(source)
    report = LoadReport(root=shown, rows_in=len(frame))
    try:
        rows, problems = rows_from_table(frame, shown, date_col=date_col, text_col=text_col, id_col=id_col,
                                         source=shown, encoding="memory", utc=utc)
    except BadInput as bad:
        raise CorpusError([bad.problem(shown).line()]) from None
    out = finish(rows, problems, report, options, unit="row", noun="row(s)",
                 empty_fix="give rows with a date and a text")
    return (out, report) if return_report else out


def load_report(corpus: pd.DataFrame) -> LoadReport:
    """The :class:`LoadReport` that :func:`load_corpus` or :func:`from_frame` attached to a frame.

    ``load_corpus(..., return_report=True)`` is the dependable way: ``attrs``
    do not survive every pandas operation.

    Raises
    ------
    ParameterError
        The frame was not made by :func:`load_corpus` (or lost its attrs).
    """
    report = corpus.attrs.get(REPORT_KEY)
    if report is None:
        raise ParameterError(["this DataFrame carries no load report; load it with "
                              "termshift.load_corpus(..., return_report=True)"])
    return report


def progress_bar(progress: bool | None, desc: str = "loading"):
    """A function wrapping an iterable in a progress bar: none for False, one for True, and for None one
    shown only when the loop takes more than two seconds on a terminal or notebook."""
    def bar(iterable):
        if progress is False:
            return iterable
        from tqdm import tqdm

        return tqdm(iterable, desc=desc, delay=2.0, disable=None if progress is None else not progress,
                    leave=False)

    return bar
