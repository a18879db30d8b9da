"""Reading source files into rows: the seed's article format, and news exports through the importers.

The seed format is one ``*.txt`` file per article, its date in a header::

     date 2022-11-30 Japan's efforts to bolster its defense ...

Optional leading whitespace, the word ``date`` (any case, optionally followed by a
colon, with or without a space after it), an ISO date ``YYYY-MM-DD`` (digits of any
script), then the body on the same line or the next.

:func:`read_sources` reads any source file a folder walk finds (``.txt``,
``.docx``, ``.rtf``, ``.html``/``.htm``, ``.zip``; the content decides how, see
:mod:`termshift.corpus.importers`): a seed article gives one row named after
its file, an export one row per article named ``file#k`` (the k-th article
found, whatever numbering the export prints), with the metadata columns
``outlet, title, byline, section, length_words, stated_language, format``. Each file
ends up loaded (in ``report.loaded``, its format and article count in
``report.files``) or skipped with its reason; each article with a date that
cannot be read or without text is skipped by name; a body much shorter (or
longer) than the word count the export states is *flagged* (a truncated export),
words counted in the article's own language (:func:`termshift.tokens.count_tokens`).
A file, archive member or web page past a bound of :mod:`termshift.bounds` is
skipped with one line naming the bound and how to raise it, before it is read.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
import unicodedata

import pandas as pd

from .bounds import limit, past
from .dates import ascii_digits, parse_date, written_date
from .decode import decode_document
from .finish import nfkc_bounded
from .importers import (
    DATE_FROM_FIX,
    META_COLUMNS,
    NO_ARTICLES,
    Export,
    check_format,
    container_of,
    date_from_rule,
    is_source_name,
    is_zip,
    open_export,
    zip_members,
)
from .options import check_date_from
from .report import BadInput, LoadReport, Problem, printable
from .walk import Article, read_regular

__all__ = ["parse_article", "read_articles", "read_sources", "read_source", "length_mismatch", "ARTICLE_COLUMNS",
           "SOURCES_FIX", "LENGTH_MARGIN"]

ARTICLE_COLUMNS = ["doc_id", "date", "text", "source", "encoding"]
_HEADER = re.compile(r"\s*date(?::|(?=\s)|$)[ \t]*(\S*)", re.IGNORECASE)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_HEADER_FIX = ("start the file with 'date YYYY-MM-DD' followed by the text (a news export: check that it is a "
               "Nexis, Factiva or ProQuest export, or force one with format=)")
#: The fix named when a folder holds no documents at all.
SOURCES_FIX = ("add *.txt articles starting with 'date YYYY-MM-DD', or news exports (Nexis, Factiva, ProQuest: "
               ".txt, .docx, .rtf, .html; saved web pages; .zip archives of them)")
#: A body may differ from the stated word count by this share (and 20 words) before it is flagged.
LENGTH_MARGIN = 0.2


def parse_article(text: str, *, show_start: bool = True) -> tuple[pd.Timestamp, str]:
    """``(date, body)`` of one article's text; :class:`BadInput` naming what is wrong.

    ``show_start=False`` keeps the file's first words out of the message (used for
    files outside the corpus folder).

    Examples
    --------
    >>> parse_article("date:2022-01-01 Body.")
    (Timestamp('2022-01-01 00:00:00'), 'Body.')
    >>> parse_article("  Date: \\u0662\\u0660\\u0662\\u0662-\\u0660\\u0661-\\u0660\\u0668\\nBody.")
    (Timestamp('2022-01-08 00:00:00'), 'Body.')
    """
    m = _HEADER.match(text)
    if m is None:
        if show_start:
            first = printable(text.strip().split("\n", 1)[0][:40])
            raise BadInput(f"no date header (starts with '{first}')", _HEADER_FIX)
        raise BadInput("no date header", _HEADER_FIX)
    token = m.group(1)
    if not token:
        raise BadInput("date header without a date", "write the date as 'date YYYY-MM-DD'")
    if not _DATE.fullmatch(ascii_digits(unicodedata.normalize("NFKC", token))):
        shown = f" '{printable(token[:40])}'" if show_start else ""
        raise BadInput(f"date{shown} is not ISO YYYY-MM-DD (ambiguous dates are never guessed)",
                       "write it as YYYY-MM-DD")
    date = parse_date(token)
    body = text[m.end():].strip()
    if not body:
        raise BadInput("no text after the date header", "add the article text, or remove the file")
    return date, body


def read_articles(articles: list[Article], progress_bar) -> tuple[pd.DataFrame, list[Problem], list]:
    """Read and parse each article: (rows, problems, flags)."""
    rows, problems, flags = [], [], []
    for art in progress_bar(articles):
        try:
            data = read_regular(art.path)
            if not data.strip():
                raise BadInput("empty file", "add the article text, or remove the file")
            text, enc, note = decode_document(data)
            if not text.strip():
                raise BadInput("empty file", "add the article text, or remove the file")
            date, body = parse_article(text, show_start=art.inside)
        except BadInput as bad:
            problems.append(bad.problem(art.rel))
            continue
        flags += [(art.rel, n) for n in (art.note, note) if n]
        rows.append({"doc_id": art.rel, "date": date, "text": body, "source": printable(art.path), "encoding": enc})
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS), problems, flags


def length_mismatch(stated: int | None, text: str, margin: float = LENGTH_MARGIN) -> str | None:
    """A note when the body's word count is far from the count the export states, else None.

    Words are counted in the text's own language by the project's one token rule
    (:func:`termshift.tokens.count_tokens`: the words of the Japanese analyser for Japanese,
    which writes no spaces between words; runs of letters and digits otherwise), not by
    spaces, which would count a Japanese article of 79 words as 3.
    Exports count words their own way (headline, captions), so only a gap of
    more than ``margin`` of the stated count and more than 20 words is noted:
    a body cut short by the database (a truncated export) or one that swallowed
    what follows it.

    Examples
    --------
    >>> length_mismatch(355, "word " * 120)
    'body has 120 words but the export states 355 (truncated export?)'
    >>> length_mismatch(355, "word " * 350) is None, length_mismatch(None, "x") is None
    (True, True)
    >>> length_mismatch(27, "政府は反撃能力の保有を決めた。" * 3) is None  # 9 words each, no spaces
    True
    """
    if not stated:
        return None
    from ..tokens import count_tokens

    n = count_tokens(text)
    if abs(n - stated) <= max(margin * stated, 20):
        return None
    why = "truncated export?" if n < stated else "metadata read as text?"
    return f"body has {n} words but the export states {stated} ({why})"


def read_sources(files: list[Article], report: LoadReport, progress_bar=None, *, format: str | None = None,
                 date_from: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read every source file: ``(rows, problems)``; fills ``report.loaded``, ``files``, ``flagged``, ``ignored``.

    ``rows`` has ``doc_id, date, text, source, encoding``, the metadata columns
    (only when some file is an export) and ``where`` (how a problem names the
    row), ready for :func:`~termshift.corpus.finish.finish` with ``unit="row"``.
    Problems with a whole file have ``unit="file"``; an article's have ``unit="row"``.
    ``format`` forces a layout (:data:`~termshift.corpus.importers.FORMATS`);
    ``date_from`` dates web pages whose metadata has no date (``"name"`` or an ISO date).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = pathlib.Path(d, "a.txt").write_text("date 2022-01-01 Body.")
    ...     report = LoadReport(d)
    ...     rows, problems = read_sources([Article("a.txt", str(pathlib.Path(d, "a.txt")))], report)
    >>> rows[["doc_id", "text"]].values.tolist(), report.files
    ([['a.txt', 'Body.']], {'a.txt': {'format': 'seed/text', 'articles': 1}})
    """
    check_format(format)
    check_date_from(date_from)
    reader = _Reader(report, format, date_from)
    for art in (progress_bar or (lambda x: x))(files):
        try:
            data = read_source(art.path)
        except BadInput as bad:
            reader.problems.append(bad.problem(art.rel))
            continue
        if art.note:
            report.flagged.append((art.rel, art.note))
        if container_of(data) == "zip":
            reader.archive(art, data)
        else:
            reader.file(art.rel, printable(art.path), data, art.inside)
    columns = [*ARTICLE_COLUMNS, *META_COLUMNS, "where"]
    rows = pd.DataFrame(reader.rows, columns=[c for c in columns if c != "text"])
    # the texts stay Python strings, as the finishing path keeps them (not Arrow strings and back)
    rows.insert(columns.index("text"), "text", pd.Series(reader.texts, index=rows.index, dtype=object))
    if not reader.exports:
        rows = rows.drop(columns=META_COLUMNS)
    else:
        rows["length_words"] = rows["length_words"].astype("Int64")
    return rows, reader.problems


class _Reader:
    """The state of one :func:`read_sources` run."""

    def __init__(self, report: LoadReport, fmt, date_from):
        self.report, self.format, self.date_from = report, fmt, date_from
        self.rows: list[dict] = []
        self.texts: list[str] = []  # each row's text, kept apart from the other cells
        self.problems: list[Problem] = []
        self.exports = False

    def archive(self, art: Article, data: bytes) -> None:
        members = zip_members(data, is_source_name)  # read one at a time: one member's bytes held at once
        try:
            first = next(members, None)
        except BadInput as bad:
            self.problems.append(bad.problem(art.rel))
            return
        seen: set[str] = set()
        for m in itertools.chain([first] if first is not None else [], members):
            rel = f"{art.rel}/{_unique(m.name, seen)}"
            if m.ignore:
                self.report.ignore(rel, m.ignore)
            elif m.skip is not None:
                self.problems.append(m.skip.problem(rel))
            elif m.data is not None:
                self.file(rel, f"{printable(art.path)}/{m.name}", m.data, art.inside)

    def file(self, rel: str, source: str, data: bytes, inside: bool) -> None:
        try:
            if not data.strip():
                raise BadInput("empty file", "add the article text, or remove the file")
            export = open_export(data, format=self.format, fallback_date=date_from_rule(self.date_from, rel))
            if export.layout == "seed":
                self._seed(rel, source, export, inside)
            else:
                self._export(rel, source, export)
        except BadInput as bad:
            self.problems.append(bad.problem(rel))

    def _seed(self, rel, source, export: Export, inside) -> None:
        if not rel.lower().endswith(".txt"):
            ext = rel.rsplit(".", 1)[-1]
            raise BadInput(f"named .{ext} but holds plain text, not a {ext.upper()} export",
                           "rename a 'date YYYY-MM-DD' article to .txt, or export the file again")
        if not export.text.strip():
            raise BadInput("empty file", "add the article text, or remove the file")
        date, body = parse_article(export.text, show_start=inside)
        text = nfkc_bounded(body)
        row = {"doc_id": rel, "date": date, "source": source,
               "encoding": export.encoding, "where": rel, "format": export.label}
        self.rows.append(row)
        self.texts.append(text)
        self.report.loaded.append(rel)
        self.report.files[rel] = {"format": export.label, "articles": 1}
        if export.note:
            self.report.flagged.append((rel, export.note))

    def _export(self, rel, source, export: Export) -> None:
        found = export.found or []
        if not found:
            if export.layout == "web":
                raise BadInput("no article text found in the page", "save the complete page, or remove it")
            raise BadInput(*NO_ARTICLES)
        if export.layout == "web" and not found[0].date:
            raise BadInput("no publication date in the page's metadata", DATE_FROM_FIX)
        self.exports = True
        self.report.loaded.append(rel)
        self.report.files[rel] = {"format": export.label, "articles": len(found)}
        if export.note:
            self.report.flagged.append((rel, export.note))
        for k, art in enumerate(found, start=1):
            doc_id = f"{rel}#{k}"
            try:
                date = _article_date(art)
                if not art.text.strip():
                    raise BadInput("no text (the export holds no body for it)",
                                   "export it again with its full text, or leave it out")
                text = nfkc_bounded(art.text)
            except BadInput as bad:
                title = f" ({printable(art.title[:60])!r})" if art.title else ""
                self.problems.append(Problem(doc_id, f"article{title}: {bad.reason}", bad.fix, "row"))
                continue
            note = length_mismatch(art.length_words, text)
            if note:
                self.report.flagged.append((doc_id, note))
            self.texts.append(text)
            self.rows.append({"doc_id": doc_id, "date": date, "source": source,
                              "encoding": export.encoding, "outlet": art.outlet, "title": art.title,
                              "byline": art.byline, "section": art.section, "length_words": art.length_words,
                              "stated_language": art.language, "format": export.label, "where": doc_id})


def read_source(path: str) -> bytes:
    """The bytes of one source file, refused by its size *before* it is read: past the bound
    ``source_bytes`` of :mod:`termshift.bounds` (a ``.zip`` archive, whose members are
    bounded one by one as they are read, up to ``archive_bytes``)."""
    try:
        st = os.stat(path)
    except OSError:
        st = None  # read_regular names the problem
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_size > limit("source_bytes"):
        with open(path, "rb") as fh:
            zipped = is_zip(fh.read(4))
        if not zipped:
            raise past("source_bytes", st.st_size, "source file")
        if st.st_size > limit("archive_bytes"):
            raise past("archive_bytes", st.st_size, "ZIP archive")
    return read_regular(path)


def _unique(name: str, seen: set) -> str:
    """``name``, or ``name~2``, ``name~3`` ... for a member of an archive whose name an earlier member
    already has (a ZIP archive may hold two of the same name); ``seen`` holds the names given so far.

    >>> seen = set()
    >>> [_unique(n, seen) for n in ("a.txt", "a.txt", "a.txt~2", "a.txt")]
    ['a.txt', 'a.txt~2', 'a.txt~2~2', 'a.txt~3']
    """
    out, n = name, 1
    while out in seen:
        n += 1
        out = f"{name}~{n}"
    seen.add(out)
    return out


def _article_date(art) -> pd.Timestamp:
    if art.date:
        return parse_date(str(art.date)[:10])
    if not art.date_line:
        raise BadInput("no date line found", "check the export (each article needs its date), or leave it out")
    date = written_date(art.date_line, whole=False)
    if date is None:
        raise BadInput(f"date line {printable(art.date_line[:60])!r} cannot be read (dates such as "
                       "'January 11, 2010' or '11 January 2010' are read; numeric ones are never guessed)",
                       "correct the date in the export, or leave the article out")
    return date
