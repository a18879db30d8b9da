"""Load a dated corpus without ever losing a document silently.

A corpus is either a folder of ``*.txt`` articles in the seed format::

     date 2022-11-30 Japan's efforts to bolster its defense ...

(optional leading whitespace, the word ``date``, an ISO date, then the body on
the same line or the next), or one table (CSV, TSV, JSONL, Parquet) with a date
column and a text column. Either way the result is a pandas DataFrame with one
row per document, and every file seen ends up *loaded*, *skipped* (with its
reason) or *ignored* (not a corpus file); the counts add up and are kept in a
:class:`LoadReport` attached to the frame (see :func:`load_report`).
"""

from __future__ import annotations

import codecs
import datetime as _dt
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import CorpusError, ParameterError

__all__ = [
    "load_corpus",
    "from_frame",
    "load_report",
    "LoadReport",
    "corpus_summary",
    "format_summary",
    "is_boilerplate_line",
    "decode_bytes",
    "TABLE_SUFFIXES",
]

#: File suffixes read as tables (one document per row) and their formats.
TABLE_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}

_REPORT_KEY = "termshift.load_report"
# Columns termshift writes; a table's metadata column of the same name is kept as meta_<name>.
_RESERVED = {"doc_id", "date", "text", "source", "encoding", "n_boilerplate", "boilerplate", "duplicate_of"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_MIN_DATE = pd.Timestamp("1678-01-01")
_MAX_DATE = pd.Timestamp("2262-04-11")
_HEADER = re.compile(r"\s*date:?(?=\s|$)[ \t]*(\S*)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F])


class _Bad(Exception):
    """One problem with one file or row (internal)."""

    def __init__(self, reason, fix):
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


@dataclass
class LoadReport:
    """What happened to every file (and table row) seen while loading.

    Attributes
    ----------
    root : str
        The path given to :func:`load_corpus`.
    loaded : list of str
        Files that gave at least one document.
    skipped : list of (str, str)
        ``(file or "file row N", reason)`` for each file or row left out.
    ignored : list of str
        Files that are not corpus files (README.md, .DS_Store, PDFs...).
    n_docs : int
        Documents loaded.
    """

    root: str
    loaded: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    ignored: list = field(default_factory=list)
    n_docs: int = 0
    skipped_files: int = 0
    dropped_duplicates: list = field(default_factory=list)

    @property
    def files_seen(self) -> int:
        """Files found under the root: loaded + skipped files + ignored."""
        return len(self.loaded) + self.skipped_files + len(self.ignored)

    def totals_line(self) -> str:
        """One line that shows the totals add up."""
        rows = len(self.skipped) - self.skipped_files
        extra = f"; {rows} table row(s) skipped" if rows else ""
        if self.dropped_duplicates:
            extra += f"; {len(self.dropped_duplicates)} duplicate document(s) dropped"
        return (
            f"{self.files_seen} file(s) seen = {len(self.loaded)} loaded + "
            f"{self.skipped_files} skipped + {len(self.ignored)} ignored{extra}"
        )


# ----------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes, returning ``(text, encoding)``.

    UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM, and legacy
    single-byte cp1252 are recognised; line ends are normalised to ``\\n``.
    Anything else (NUL bytes without a BOM, undecodable or control-character
    soup) raises :class:`CorpusError`.

    Examples
    --------
    >>> decode_bytes("caf\\u00e9\\r\\n".encode("cp1252"))
    ('café\\n', 'cp1252')
    >>> decode_bytes(codecs.BOM_UTF8 + b"x")
    ('x', 'utf-8-sig')
    """
    try:
        return _decode(data)
    except _Bad as bad:
        raise CorpusError([f"{bad.reason}; {bad.fix}"]) from None


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        enc = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        enc = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16"
    elif b"\x00" in data:
        raise _Bad("binary file (NUL bytes; UTF-16 without a byte-order mark?)", "re-save it as UTF-8 text")
    else:
        enc = None
    if enc is None:
        # control bytes are the same in UTF-8 and cp1252: count them on the bytes (fast)
        n_control = len(data) - len(data.translate(None, _CONTROL_BYTES))
        if n_control > 0.05 * len(data):
            raise _Bad("binary file (mostly control characters)", "only text files can be loaded; remove it")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = data.decode("cp1252", errors="replace"), "cp1252"
            if "\ufffd" in text:  # one of the five bytes cp1252 leaves undefined
                raise _Bad("not valid UTF-8 or cp1252 text", "re-save it as UTF-8 text") from None
    else:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            raise _Bad(f"not valid {enc} text", "re-save it as UTF-8 text") from None
        if len(_CONTROL.findall(text)) > 0.05 * len(text):
            raise _Bad("binary file (mostly control characters)", "only text files can be loaded; remove it")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, enc


def _nfkc(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text


# ----------------------------------------------------------------------------- boilerplate


def is_boilerplate_line(line: str) -> bool:
    """True for an all-capital cross-promotion line of four or more words.

    Scraped news carries headlines of other stories ("NORTH KOREA TEST LAUNCHES
    BALLISTIC MISSILE ...") and calls to action ("CLICK HERE TO GET THE FOX
    NEWS APP") between the paragraphs of an article. They are recognised as
    lines whose cased letters are all capitals and that hold at least four
    words. Short capitalised lines (acronyms, "NATO") are kept.

    Examples
    --------
    >>> is_boilerplate_line("CLICK HERE TO GET THE FOX NEWS APP")
    True
    >>> is_boilerplate_line("NATO AND JAPAN")
    False
    >>> is_boilerplate_line("Kishida said the JSDF would act.")
    False
    """
    return line.isupper() and len(line.split()) >= 4


def _split_boilerplate(body: str, detect) -> tuple[str, list[str]]:
    """Return the body without boilerplate lines, and those lines."""
    if detect is None:
        return body, []
    lines = body.split("\n")
    flagged = [i for i, line in enumerate(lines) if detect(line)]
    if not flagged:
        return body, []
    nonblank = sum(1 for line in lines if line.strip())
    # A text written entirely in capitals (a telegram, an old wire story) is
    # not boilerplate: only flag capital lines when they are the minority.
    if 2 * len(flagged) >= nonblank:
        return body, []
    drop = set(flagged)
    kept = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    return kept, [lines[i].strip() for i in flagged]


# ----------------------------------------------------------------------------- articles


def _parse_article(text: str) -> tuple[pd.Timestamp, str]:
    m = _HEADER.match(text)
    if m is None:
        first = text.strip().split("\n", 1)[0][:40]
        raise _Bad(
            f"no date header (starts with {first!r})",
            "start the file with 'date YYYY-MM-DD' followed by the text",
        )
    token = unicodedata.normalize("NFKC", m.group(1))
    if not token:
        raise _Bad("date header without a date", "write the date as 'date YYYY-MM-DD'")
    if not _ISO_DATE.fullmatch(token):
        raise _Bad(
            f"date {token!r} is not ISO YYYY-MM-DD (ambiguous dates are never guessed)",
            "write it as YYYY-MM-DD",
        )
    try:
        date = _dt.date.fromisoformat(token)
    except ValueError:
        raise _Bad(f"impossible date {token}", "correct the date (YYYY-MM-DD)") from None
    if not _MIN_DATE.date() <= date <= _MAX_DATE.date():
        raise _Bad(f"date {token} is outside the range pandas can hold ({_MIN_DATE.date()} to {_MAX_DATE.date()})",
                   "check the year")
    body = text[m.end():].strip()
    if not body:
        raise _Bad("no text after the date header", "add the article text, or remove the file")
    return pd.Timestamp(date), body


def _is_ignored(path: Path) -> bool:
    return path.suffix.lower() != ".txt"


def _read_articles(root: Path, files, progress):
    rows, bad = [], []
    for path in _progress(files, progress, "loading"):
        rel = path.relative_to(root).as_posix() if path != root else path.name
        try:
            data = path.read_bytes()
            if not data.strip():
                raise _Bad("empty file", "add the article text, or remove the file")
            text, enc = _decode(data)
            if not text.strip():
                raise _Bad("empty file", "add the article text, or remove the file")
            date, body = _parse_article(text)
        except _Bad as b:
            bad.append((rel, b.reason, b.fix))
            continue
        except OSError as e:
            bad.append((rel, f"cannot be read ({e.strerror})", "check its permissions"))
            continue
        rows.append({"doc_id": rel, "date": date, "text": body, "source": str(path), "encoding": enc})
    return rows, bad


# ----------------------------------------------------------------------------- tables


def _read_table(path: Path, fmt: str, date_col: str, text_col: str, id_col: str | None = None):
    """Read a table with the date and text columns as strings."""
    import pyarrow as pa

    if fmt == "parquet":
        df = pd.read_parquet(path)
        return df, "parquet"
    data = path.read_bytes()
    if not data.strip():
        raise _Bad("empty file", "add rows, or remove the file")
    text, enc = _decode(data)
    raw = io.BytesIO(data if enc == "utf-8" else text.encode("utf-8"))
    types = {date_col: pa.string(), text_col: pa.string()}
    if id_col:
        types[id_col] = pa.string()  # ids stay as written ("007" is not 7)
    if fmt == "jsonl":
        import pyarrow.json as pj

        table = pj.read_json(raw, parse_options=pj.ParseOptions(
            explicit_schema=pa.schema(list(types.items())), unexpected_field_behavior="infer"))
    else:
        import pyarrow.csv as pc

        table = pc.read_csv(
            raw,
            parse_options=pc.ParseOptions(delimiter="\t" if fmt == "tsv" else ",", newlines_in_values=True),
            convert_options=pc.ConvertOptions(column_types=types, strings_can_be_null=False),
        )
    return table.to_pandas(), enc


def _table_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (dates, reason-or-None per row) for a date column."""
    if pd.api.types.is_datetime64_any_dtype(values):
        dates = values
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
        reasons = pd.Series(np.where(dates.isna(), "missing date; give every row a date or remove it", None),
                            index=values.index, dtype=object)
        return dates.astype("datetime64[ns]"), reasons
    s = values.astype(object).where(values.notna(), None)
    s = s.map(lambda v: v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else v)
    s = s.map(lambda v: v.strip() if isinstance(v, str) else v)
    s = s.map(lambda v: unicodedata.normalize("NFKC", v) if isinstance(v, str) else v)
    iso = s.map(lambda v: isinstance(v, str) and bool(_ISO_DATETIME.match(v)))
    parsed = pd.to_datetime(s.where(iso, None), format="ISO8601", errors="coerce", utc=True)
    dates = parsed.dt.tz_localize(None)
    reasons = pd.Series(None, index=values.index, dtype=object)
    missing = s.isna() | (s == "")
    reasons[missing] = "missing date; give every row an ISO date (YYYY-MM-DD) or remove it"
    noniso = ~missing & ~iso
    reasons[noniso] = [
        f"date {v!r} is not ISO YYYY-MM-DD (ambiguous dates are never guessed); write it as YYYY-MM-DD"
        for v in s[noniso]
    ]
    bad = iso & dates.isna()
    out_of_range = bad & s.map(lambda v: isinstance(v, str) and not ("1678" <= v[:4] <= "2261"))
    reasons[out_of_range] = [f"date {v} is outside the range pandas can hold (1678 to 2262); check the year"
                             for v in s[out_of_range]]
    impossible = bad & ~out_of_range
    reasons[impossible] = [f"impossible date {v}; correct the date (YYYY-MM-DD)" for v in s[impossible]]
    return dates, reasons


def _load_table(path: Path, fmt, date_col, text_col, id_col):
    df, enc = _read_table(path, fmt, date_col, text_col, id_col)
    return _rows_from_table(df, path.name, date_col, text_col, id_col, str(path), enc)


def _rows_from_table(df, rel, date_col, text_col, id_col, source, enc):
    missing = [c for c in (date_col, text_col) + ((id_col,) if id_col else ()) if c not in df.columns]
    if missing:
        raise _Bad(
            f"no column(s) {', '.join(map(repr, missing))} (columns: {', '.join(map(str, df.columns))})",
            "name the right columns with date_col=/text_col=/id_col= (CLI --date-col/--text-col/--id-col)",
        )
    dates, reasons = _table_dates(df[date_col])
    texts = df[text_col].astype(object)
    empty = texts.isna() | texts.map(lambda t: not isinstance(t, str) or not t.strip())
    reasons[empty & reasons.isna()] = "empty text; fill it in or remove the row"
    if id_col:
        ids = df[id_col].astype(str)
        dup = ids.duplicated(keep=False)
        reasons[dup & reasons.isna()] = "duplicate id; give every row its own id"
    else:
        ids = pd.Series([f"{rel}:{i + 1}" for i in range(len(df))], index=df.index)
    bad = [(f"{rel} row {i + 1}", r, "") for i, r in zip(range(len(df)), reasons) if isinstance(r, str)]
    ok = reasons.isna().to_numpy()
    meta = df.loc[ok].drop(columns=[c for c in (date_col, text_col) if c in df.columns])
    if id_col:
        meta = meta.drop(columns=[id_col])
    out = pd.DataFrame({
        "doc_id": ids[ok].to_numpy(),
        "date": dates[ok].to_numpy(),
        "text": pd.Series([t.replace("\r\n", "\n").replace("\r", "\n").strip() for t in texts[ok]], dtype=object),
        "source": source,
        "encoding": enc,
    })
    for col in meta.columns:
        name = f"meta_{col}" if col in _RESERVED else col
        out[name] = meta[col].to_numpy()
    return out, bad


# ----------------------------------------------------------------------------- public API


def _progress(iterable, progress, desc):
    if progress is False:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, delay=2.0, disable=None if progress is None else not progress, leave=False)


def load_corpus(
    path,
    *,
    on_error: str = "raise",
    date_col: str = "date",
    text_col: str = "text",
    id_col: str | None = None,
    boilerplate="caps",
    drop_duplicates: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Load a dated corpus into a DataFrame, one row per document.

    Parameters
    ----------
    path : str or Path
        A folder (read recursively; every ``*.txt`` file is one article, other
        files are ignored and listed as such), one ``.txt`` article, or one
        table (``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``, ``.parquet``) with a
        date column and a text column, one document per row.
    on_error : {"raise", "skip"}, default="raise"
        ``"raise"``: any bad file or row fails the load with ONE
        :class:`~termshift.errors.CorpusError` listing every problem.
        ``"skip"``: the rest is loaded and each skipped file or row is listed
        with its reason in the report.
    date_col, text_col : str, default="date", "text"
        Column names in a table. Dates must be ISO (YYYY-MM-DD, optionally with
        a time); "11/12/2022" is never guessed.
    id_col : str, optional
        A table column holding document ids (default: ``"file:row"``).
    boilerplate : "caps", callable or None, default="caps"
        How to recognise scraped boilerplate lines (see
        :func:`is_boilerplate_line`); they are removed from ``text`` and kept
        in the ``boilerplate`` column. ``None`` keeps every line.
    drop_duplicates : bool, default=False
        Drop documents whose text exactly repeats an earlier one (they are
        always reported in ``duplicate_of``).
    progress : bool or None, default=None
        Show a progress bar; ``None`` shows one only when loading takes more
        than two seconds on a terminal or notebook.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``date`` (datetime64), ``text`` (NFKC-normalised,
        boilerplate lines removed), ``source``, ``encoding``,
        ``n_boilerplate``, ``boilerplate``, ``duplicate_of``, then any
        metadata columns of a table. Rows are sorted by date, then doc_id. The
        :class:`LoadReport` is in ``df.attrs`` (see :func:`load_report`).

    Raises
    ------
    CorpusError
        The path does not exist, holds no documents, or (with
        ``on_error="raise"``) holds bad files; one line per problem.

    Examples
    --------
    >>> from termshift.paths import SEEDS_DIR
    >>> df = load_corpus(SEEDS_DIR)
    >>> df[["doc_id", "date", "n_boilerplate"]]
                         doc_id       date  n_boilerplate
    0  000_82d2068b30810b37.txt 2022-11-30              3
    >>> load_report(df).totals_line()
    '1 file(s) seen = 1 loaded + 0 skipped + 0 ignored'
    """
    if on_error not in ("raise", "skip"):
        raise ParameterError([f"on_error={on_error!r}: use 'raise' or 'skip'"])
    detect = _detector(boilerplate)
    root = Path(path)
    if not root.exists():
        raise CorpusError([f"{root}: no such file or folder; check the path"])
    report = LoadReport(root=str(root))
    if root.is_dir():
        files = sorted((p for p in root.rglob("*") if p.is_file()), key=lambda p: p.relative_to(root).as_posix())
        report.ignored = [p.relative_to(root).as_posix() for p in files if _is_ignored(p)]
        articles = [p for p in files if not _is_ignored(p)]
        rows, bad = _read_articles(root, articles, progress)
        frame = pd.DataFrame(rows, columns=["doc_id", "date", "text", "source", "encoding"])
        report.loaded = [r["doc_id"] for r in rows]
        report.skipped_files = len(bad)
    elif root.suffix.lower() in TABLE_SUFFIXES:
        try:
            frame, bad = _load_table(root, TABLE_SUFFIXES[root.suffix.lower()], date_col, text_col, id_col)
        except _Bad as b:
            frame, bad = None, [(root.name, b.reason, b.fix)]
            report.skipped_files = 1
        except Exception as e:  # pyarrow/pandas parse errors: name the file, keep one line
            msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            frame, bad = None, [(root.name, f"cannot be parsed as {TABLE_SUFFIXES[root.suffix.lower()]} ({msg})",
                                 "check the file's format")]
            report.skipped_files = 1
        if frame is not None:
            report.loaded = [root.name]
        else:
            frame = pd.DataFrame(columns=["doc_id", "date", "text", "source", "encoding"])
    else:
        if _is_ignored(root):
            raise CorpusError([f"{root}: not a corpus file; give a folder, a .txt article or a table "
                               f"({', '.join(sorted(TABLE_SUFFIXES))})"])
        rows, bad = _read_articles(root, [root], progress)
        frame = pd.DataFrame(rows, columns=["doc_id", "date", "text", "source", "encoding"])
        report.loaded = [r["doc_id"] for r in rows]
        report.skipped_files = len(bad)
    problems = [f"{where}: {reason}" + (f"; {fix}" if fix else "") for where, reason, fix in bad]
    if bad and on_error == "raise":
        raise CorpusError(problems, header=f"{len(bad)} bad file(s) or row(s) in {root} "
                          f"(fix them, or load the rest with on_error='skip' / --on-error skip):")
    report.skipped = [(where, reason) for where, reason, _ in bad]
    if frame.empty:
        if bad:
            raise CorpusError(problems, header=f"{root}: no documents loaded, every file or row was skipped "
                                               f"({report.totals_line()}):")
        fix = ("add rows with a date and a text" if root.suffix.lower() in TABLE_SUFFIXES
               else "add *.txt articles starting with 'date YYYY-MM-DD'")
        raise CorpusError([f"{root}: no documents found ({report.totals_line()}); {fix}"])
    frame, report.dropped_duplicates = _finish(frame, detect, drop_duplicates)
    report.n_docs = len(frame)
    frame.attrs[_REPORT_KEY] = report
    return frame


def from_frame(
    frame: pd.DataFrame,
    *,
    date_col: str = "date",
    text_col: str = "text",
    id_col: str | None = None,
    boilerplate="caps",
    drop_duplicates: bool = False,
    source: str = "<DataFrame>",
    on_error: str = "raise",
) -> pd.DataFrame:
    """Turn an in-memory table into a corpus frame, exactly as :func:`load_corpus` would.

    Dates are checked (ISO only), text is NFKC-normalised, boilerplate lines
    are removed and kept, duplicates are reported, and a :class:`LoadReport`
    is attached; rows are named ``"{source}:{row}"`` unless ``id_col`` is given.

    Examples
    --------
    >>> df = from_frame(pd.DataFrame({"date": ["2022-12-16", "2022-11-30"], "text": ["b", "a"]}), source="mine")
    >>> df[["doc_id", "date", "text"]]
      doc_id       date text
    0 mine:2 2022-11-30    a
    1 mine:1 2022-12-16    b
    """
    if on_error not in ("raise", "skip"):
        raise ParameterError([f"on_error={on_error!r}: use 'raise' or 'skip'"])
    detect = _detector(boilerplate)
    report = LoadReport(root=source)
    try:
        out, bad = _rows_from_table(frame, source, date_col, text_col, id_col, source, "memory")
    except _Bad as b:
        raise CorpusError([f"{source}: {b.reason}; {b.fix}"]) from None
    problems = [f"{where}: {reason}" for where, reason, _ in bad]
    if bad and on_error == "raise":
        raise CorpusError(problems, header=f"{len(bad)} bad row(s) in {source} (fix them, or use on_error='skip'):")
    report.skipped = [(where, reason) for where, reason, _ in bad]
    if out.empty:
        raise CorpusError([f"{source}: no documents; give rows with a date and a text"])
    out, report.dropped_duplicates = _finish(out, detect, drop_duplicates)
    report.n_docs = len(out)
    out.attrs[_REPORT_KEY] = report
    return out


def _detector(boilerplate):
    if callable(boilerplate):
        return boilerplate
    if boilerplate == "caps":
        return is_boilerplate_line
    if boilerplate is None or boilerplate is False:
        return None
    raise ParameterError([f"boilerplate={boilerplate!r}: use 'caps', None or a function line -> bool"])


def _finish(frame: pd.DataFrame, detect, drop_duplicates: bool) -> pd.DataFrame:
    texts, n_bp, bps = [], [], []
    for t in frame["text"]:
        t = _nfkc(t)
        kept, lines = _split_boilerplate(t, detect)
        texts.append(kept)
        n_bp.append(len(lines))
        bps.append("\n".join(lines))
    # text stays a column of Python str (object dtype): counting reads every text,
    # and converting to and from Arrow strings would cost more than the counting.
    frame = frame.assign(text=pd.Series(texts, index=frame.index, dtype=object), n_boilerplate=n_bp,
                         boilerplate=bps)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame = frame.sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)
    first = frame.groupby("text", sort=False)["doc_id"].transform("first")
    frame.insert(frame.columns.get_loc("boilerplate") + 1, "duplicate_of",
                 first.where(first != frame["doc_id"]).astype(object))
    dropped = []
    if drop_duplicates:
        dup = frame["duplicate_of"].notna()
        dropped = [[str(d), str(o)] for d, o in zip(frame.loc[dup, "doc_id"], frame.loc[dup, "duplicate_of"])]
        frame = frame[~dup].reset_index(drop=True)
    return frame, dropped


def load_report(corpus: pd.DataFrame) -> LoadReport:
    """The :class:`LoadReport` that :func:`load_corpus` attached to a frame.

    Raises
    ------
    ParameterError
        The frame was not made by :func:`load_corpus` (or lost its attrs).
    """
    report = corpus.attrs.get(_REPORT_KEY)
    if report is None:
        raise ParameterError(["this DataFrame carries no load report; load it with termshift.load_corpus"])
    return report


def corpus_summary(corpus: pd.DataFrame, freq: str = "M") -> dict:
    """Summarise a loaded corpus as a plain dict (JSON-serialisable).

    Keys: ``documents``, ``first_date``, ``last_date``, ``docs_per_period``
    (every period in the range, zeros included), ``encodings``,
    ``duplicates``, ``boilerplate_lines`` and, when the frame carries a load
    report, ``files_seen``, ``loaded``, ``skipped``, ``ignored``, ``totals``.

    Examples
    --------
    >>> from termshift.paths import SEEDS_DIR
    >>> s = corpus_summary(load_corpus(SEEDS_DIR))
    >>> s["documents"], s["boilerplate_lines"], s["docs_per_period"]
    (1, 3, {'2022-11': 1})
    """
    from .counts import period_index

    report = corpus.attrs.get(_REPORT_KEY)
    periods = period_index(corpus["date"], freq)
    per = corpus["date"].dt.to_period(periods.freq).astype(str).value_counts()
    out = {
        "documents": int(len(corpus)),
        "first_date": str(corpus["date"].min().date()),
        "last_date": str(corpus["date"].max().date()),
        "docs_per_period": {str(p): int(per.get(str(p), 0)) for p in periods},
        "encodings": {str(k): int(v) for k, v in Counter(corpus.get("encoding", [])).most_common()},
        "duplicates": [[str(d), str(o)] for d, o in
                       zip(corpus["doc_id"], corpus.get("duplicate_of", pd.Series(dtype=object))) if pd.notna(o)]
                      + (list(report.dropped_duplicates) if report is not None else []),
        "boilerplate_lines": int(corpus["n_boilerplate"].sum()) if "n_boilerplate" in corpus else 0,
    }
    if report is not None:
        out.update(files_seen=report.files_seen, loaded=len(report.loaded),
                   dropped_duplicates=len(report.dropped_duplicates),
                   skipped=[list(s) for s in report.skipped], ignored=list(report.ignored),
                   totals=report.totals_line())
    return out


def format_summary(summary: dict) -> str:
    """Render :func:`corpus_summary` as the text ``termshift corpus`` prints."""
    lines = [
        f"documents: {summary['documents']}",
        f"date range: {summary['first_date']} .. {summary['last_date']}",
        "documents per period:",
        *[f"  {p}: {n}" for p, n in summary["docs_per_period"].items()],
        "encodings: " + ", ".join(f"{k} {v}" for k, v in summary["encodings"].items()),
        f"exact duplicates: {len(summary['duplicates'])}",
        *[f"  {d} repeats {o}" for d, o in summary["duplicates"]],
        *([f"  ({summary['dropped_duplicates']} of them dropped: drop_duplicates)"]
          if summary.get("dropped_duplicates") else []),
        f"boilerplate lines removed: {summary['boilerplate_lines']}",
    ]
    if "totals" in summary:
        lines.append(f"skipped: {len(summary['skipped'])}")
        lines += [f"  {w}: {r}" for w, r in summary["skipped"]]
        lines.append(f"ignored: {len(summary['ignored'])}")
        lines += [f"  {w}" for w in summary["ignored"]]
        lines.append(f"files: {summary['totals']}")
    return "\n".join(lines)
