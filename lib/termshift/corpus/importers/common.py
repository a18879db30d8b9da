"""What every importer hands back: :class:`Found` articles, and the small helpers they share.

An importer turns one export's text (already decoded, or extracted from DOCX,
RTF or HTML) into a list of :class:`Found` records, in the order they appear.
It never parses dates itself: it keeps the date line as written (``date_line``),
and :mod:`termshift.corpus.articles` parses it with
:func:`~termshift.corpus.dates.written_date`, so every format names a bad date
the same way.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Found", "META_COLUMNS", "NO_ARTICLES", "stated_words", "clean_body", "is_blank"]

#: Metadata columns every export format fills (None where the export does not say).
#: ``stated_language`` is the language the export names (``English``); the ``language`` column of a loaded
#: corpus is the one :mod:`termshift.language` works with (detected, or given).
META_COLUMNS = ["outlet", "title", "byline", "section", "length_words", "stated_language", "format"]

#: Reason and fix of an export in which no article can be found.
NO_ARTICLES = ("no articles found in this export: is it a Nexis/Factiva/ProQuest export?",
               "export the documents again with their full text, or remove the file")

_WORD = re.compile(r"words?\b", re.IGNORECASE)
_NUMBER_CHARS = frozenset("0123456789,. \t\n\r\f\v")


class Found(NamedTuple):
    """One article found in an export.

    ``date_line`` is the date as written (None when the export shows none); ``language`` is the
    language the export names (the ``stated_language`` column);
    ``date`` may instead hold a date already known (a web page's metadata, as ISO text).
    """

    text: str
    date_line: str | None = None
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    section: str | None = None
    length_words: int | None = None
    language: str | None = None
    date: str | None = None


def stated_words(value: str | None) -> int | None:
    """The word count an export states (``"355 words"``, ``"1,024 words"``), or None.

    Examples
    --------
    >>> stated_words("355 words"), stated_words("1,024 words"), stated_words("long")
    (355, 1024, None)
    >>> stated_words("about, 355 words"), stated_words("1 " * 20_000 + "x"), stated_words("12 swords")
    (355, None, None)
    """
    if not value:
        return None
    # the digits just before the first "word(s)" that has some: found from each "word" backwards, so each
    # character is looked at at most twice (the expression r"(\d[\d,.\s]*)\s*words?" tried from every
    # digit of "1 1 1 ... x" took minutes on a 40 KB line)
    for m in _WORD.finditer(value):
        start = m.start()
        while start > 0 and value[start - 1] in _NUMBER_CHARS:
            start -= 1
        digits = "".join(c for c in value[start:m.start()] if c.isdigit())
        if digits:
            return _count(digits)
    digits = value.strip()
    return _count(digits) if digits.isdigit() else None


def _count(digits: str) -> int | None:
    """A word count, or None for a number no article has (more than nine digits; int() of thousands
    of digits would also be slow, and past Python's 4,300 refused)."""
    return int(digits) if len(digits) <= 9 else None


def is_blank(line: str) -> bool:
    """True for an empty or whitespace-only line."""
    return not line.strip()


def clean_body(lines: list[str]) -> str:
    """Body lines as text: each line stripped of surrounding spaces, runs of blank lines made one.

    Examples
    --------
    >>> clean_body(["", "  First paragraph.", "", "", "Second.", ""])
    'First paragraph.\\n\\nSecond.'
    """
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
