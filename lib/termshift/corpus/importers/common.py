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

_WORDS = re.compile(r"(\d[\d,.\s]*)\s*words?\b", re.IGNORECASE)


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
    """
    if not value:
        return None
    m = _WORDS.search(value)
    if m is None:
        digits = value.strip()
        return int(digits) if digits.isdigit() else None
    digits = re.sub(r"\D", "", m.group(1))
    return int(digits) if digits else None


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
