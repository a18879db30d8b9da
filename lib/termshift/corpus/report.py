"""The load report: what happened to every entry seen while loading, and safe names for messages.

Every entry found under a corpus root is *loaded*, *skipped* (bad input, with
its reason and fix) or *ignored* (not a corpus file, with its reason), and a
loaded document may be *flagged* (loaded, but worth a look: a guessed
encoding, replaced bytes). :class:`LoadReport` holds those lists;
:func:`printable` makes any file name safe to print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["LoadReport", "Problem", "BadInput", "printable", "has_surrogate", "unreadable", "REPORT_KEY"]

#: Key of the report in ``DataFrame.attrs`` (a convenience; ``return_report=True`` is the dependable way).
REPORT_KEY = "termshift.load_report"


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate: a JSON escape such as ``\\ud800``, or a byte of a file
    name that is not valid UTF-8 (kept by Python as ``\\udcXX``).

    ``isascii`` is constant-time, and encoding fails exactly on surrogates, five times faster
    than searching with a character class.

    >>> has_surrogate("café"), has_surrogate("bad\\udcff.txt")
    (False, True)
    """
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def printable(name) -> str:
    """``name`` with control and invisible characters escaped, safe for a terminal line.

    Escapes are the ones ``repr`` uses (``\\n``, ``\\x1b``, ``\\u200b``); bytes of a
    file name that are not valid UTF-8 (held by Python as surrogates) are shown
    as ``\\xNN``. Printable text, accents and CJK included, is unchanged, so
    ``printable(printable(s)) == printable(s)``: applying it twice is harmless.

    Examples
    --------
    >>> printable("caf\\u00e9.txt")
    'café.txt'
    >>> print(printable("evil\\x1b[31m\\nfake: line.txt"))
    evil\\x1b[31m\\nfake: line.txt
    >>> print(printable("bad\\udcff.txt"))
    bad\\xff.txt
    """
    name = str(name)
    if name.isprintable():
        return name
    out = []
    for ch in name:
        if ch.isprintable():
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":  # a byte that was not valid UTF-8 (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(repr(ch)[1:-1])
    return "".join(out)


def unreadable(shown: str, err: OSError, *, folder: bool = False) -> str:
    """The message line of a corpus path that cannot be opened (``shown``: already printable): missing,
    or the system's reason, and what to do.

    >>> unreadable("news", FileNotFoundError(2, "No such file or directory"))
    'news: no such file or folder; check the path'
    >>> unreadable("news", PermissionError(13, "Permission denied"), folder=True)
    'news: folder cannot be read (Permission denied); check its permissions'
    """
    if folder:
        return f"{shown}: folder cannot be read ({err.strerror}); check its permissions"
    if isinstance(err, FileNotFoundError):
        return f"{shown}: no such file or folder; check the path"
    return f"{shown}: cannot be read ({err.strerror}); check the path"


class Problem(NamedTuple):
    """One bad file, folder or row: where (already printable), what is wrong, what to do.

    ``unit`` is ``"file"`` (a folder entry or a whole table) or ``"row"`` (one table row, or one article
    of an export, named ``file#k``).
    """

    where: str
    reason: str
    fix: str = ""
    unit: str = "file"

    def line(self) -> str:
        """The message line: ``where: reason; fix``."""
        return f"{self.where}: {self.reason}" + (f"; {self.fix}" if self.fix else "")


class BadInput(Exception):
    """One problem with one file or row, raised inside the loader and turned into a :class:`Problem`."""

    def __init__(self, reason, fix=""):
        super().__init__(reason)
        self.reason = reason
        self.fix = fix

    def problem(self, where, unit="file") -> Problem:
        """This problem as a :class:`Problem` at ``where``."""
        return Problem(where, self.reason, self.fix, unit)


@dataclass
class LoadReport:
    """What happened to every entry (and table row) seen while loading.

    Attributes
    ----------
    root : str
        The path given to :func:`~termshift.load_corpus` (``source`` for :func:`~termshift.from_frame`).
    loaded : list of str
        Files that gave at least one document.
    skipped : list of (str, str)
        ``(file, folder or "file row N", reason)`` for each entry or row left out.
    ignored : list of str
        Entries that are not corpus files (README.md, hidden files, links to folders ...);
        the reason for each is in ``ignored_reasons``.
    ignored_reasons : dict of str to str
        Why each ignored entry was ignored.
    flagged : list of (str, str)
        Documents loaded but worth a look (an encoding guessed with low confidence, bytes replaced).
    n_docs : int
        Documents in the result.
    skipped_files : int
        How many of ``skipped`` are whole files or folders (the rest are table rows or articles).
    dropped_duplicates : list of [str, str]
        ``[doc_id, duplicate_of]`` of documents dropped by ``drop_duplicates=True``.
    rows_in : int or None
        For :func:`~termshift.from_frame`: the rows of the DataFrame given.
    files : dict of str to dict
        For each file read from a folder (or an archive): ``{"format": "nexis/text", "articles": 12}``,
        the format found and how many articles it holds (``file#k`` names the k-th).
    notes : list of str
        What the metadata sheet and the date window did (rows without a document, documents
        without a row, a clash of columns, documents outside the window).
    outside_window : int
        Documents loaded but left out by the date window (``start=``/``end=``).

    Every entry seen is loaded, skipped or ignored:
    ``files_seen == len(loaded) + skipped_files + len(ignored)``.
    """

    root: str
    loaded: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    ignored: list = field(default_factory=list)
    ignored_reasons: dict = field(default_factory=dict)
    flagged: list = field(default_factory=list)
    n_docs: int = 0
    skipped_files: int = 0
    dropped_duplicates: list = field(default_factory=list)
    rows_in: int | None = None
    files: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    outside_window: int = 0

    @property
    def files_seen(self) -> int:
        """Entries found under the root: loaded + skipped files + ignored."""
        return len(self.loaded) + self.skipped_files + len(self.ignored)

    @classmethod
    def combine(cls, reports, n_docs: int | None = None) -> LoadReport:
        """One report for corpora concatenated into one: lists joined, counts added.

        Examples
        --------
        >>> a = LoadReport("<DataFrame>", n_docs=2, rows_in=2)
        >>> LoadReport.combine([a, LoadReport("<DataFrame>", n_docs=1, rows_in=1)]).totals_line()
        '3 row(s) from a DataFrame = 3 loaded + 0 skipped'
        """
        reports = list(reports)
        out = cls(root=" + ".join(dict.fromkeys(r.root for r in reports)))
        for r in reports:
            out.loaded += r.loaded
            out.skipped += r.skipped
            out.ignored += r.ignored
            out.ignored_reasons.update(r.ignored_reasons)
            out.flagged += r.flagged
            out.dropped_duplicates += r.dropped_duplicates
            out.skipped_files += r.skipped_files
            out.n_docs += r.n_docs
            out.files.update(r.files)
        rows = [r.rows_in for r in reports]
        out.rows_in = sum(rows) if all(n is not None for n in rows) else None
        if n_docs is not None:
            out.n_docs = n_docs
        return out

    def rebased(self, prefix: str) -> LoadReport:
        """This report with every name it holds starting with ``prefix`` (a source's folder, relative
        to the root of several sources: ``nexis/``).

        >>> r = LoadReport("c", loaded=["a.txt"], skipped=[("b.txt", "empty file")], skipped_files=1)
        >>> r.ignore("README.md", "not a .txt article")
        >>> moved = r.rebased("jan/")
        >>> moved.loaded, moved.skipped, moved.ignored_reasons, moved.totals_line() == r.totals_line()
        (['jan/a.txt'], [('jan/b.txt', 'empty file')], {'jan/README.md': 'not a .txt article'}, True)
        """
        return LoadReport(
            root=self.root, loaded=[prefix + x for x in self.loaded],
            skipped=[(prefix + w, reason) for w, reason in self.skipped],
            ignored=[prefix + x for x in self.ignored],
            ignored_reasons={prefix + k: v for k, v in self.ignored_reasons.items()},
            flagged=[(prefix + w, note) for w, note in self.flagged], n_docs=self.n_docs,
            skipped_files=self.skipped_files,
            dropped_duplicates=[[prefix + d, prefix + o] for d, o in self.dropped_duplicates],
            rows_in=self.rows_in, files={prefix + k: v for k, v in self.files.items()})

    def formats(self) -> dict:
        """How many files of each format were read: ``{"nexis/text": 3, "seed/text": 10}``.

        >>> LoadReport("c", files={"a.txt": {"format": "seed/text", "articles": 1}}).formats()
        {'seed/text': 1}
        """
        out: dict[str, int] = {}
        for info in self.files.values():
            out[info["format"]] = out.get(info["format"], 0) + 1
        return dict(sorted(out.items()))

    def ignore(self, where: str, reason: str) -> None:
        """Record an ignored entry and its reason."""
        self.ignored.append(where)
        self.ignored_reasons[where] = reason

    def totals_line(self) -> str:
        """One line that shows the totals add up.

        Examples
        --------
        >>> LoadReport("c", loaded=["a.txt"], ignored=["README.md"]).totals_line()
        '2 file(s) seen = 1 loaded + 0 skipped + 1 ignored'
        >>> LoadReport("<DataFrame>", skipped=[("<DataFrame> row 2", "empty text")], rows_in=3).totals_line()
        '3 row(s) from a DataFrame = 2 loaded + 1 skipped'
        """
        extra = ""
        if self.rows_in is not None:
            n_skip = len(self.skipped)
            head = f"{self.rows_in} row(s) from a DataFrame = {self.rows_in - n_skip} loaded + {n_skip} skipped"
        else:
            rows = len(self.skipped) - self.skipped_files
            articles = sum(1 for p in self.skipped if "#" in str(p[0]) and str(p[0]).rsplit("#", 1)[1].isdigit())
            if articles:
                extra += f"; {articles} article(s) skipped"
            if rows - articles:
                extra += f"; {rows - articles} table row(s) skipped"
            head = (f"{self.files_seen} file(s) seen = {len(self.loaded)} loaded + "
                    f"{self.skipped_files} skipped + {len(self.ignored)} ignored")
        if self.dropped_duplicates:
            extra += f"; {len(self.dropped_duplicates)} duplicate document(s) dropped"
        if self.flagged:
            extra += f"; {len(self.flagged)} flagged"
        return head + extra
