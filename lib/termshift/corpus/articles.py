"""The seed's article format: one ``*.txt`` file per article, its date in a header.

::

     date 2022-11-30 Japan's efforts to bolster its defense ...

Optional leading whitespace, the word ``date`` (any case, optionally followed by a
colon, with or without a space after it), an ISO date ``YYYY-MM-DD`` (digits of any
script), then the body on the same line or the next.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .dates import ascii_digits, parse_date
from .decode import decode_document
from .report import BadInput, Problem, printable
from .walk import Article, read_regular

__all__ = ["parse_article", "read_articles", "ARTICLE_COLUMNS"]

ARTICLE_COLUMNS = ["doc_id", "date", "text", "source", "encoding"]
_HEADER = re.compile(r"\s*date(?::|(?=\s)|$)[ \t]*(\S*)", re.IGNORECASE)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_HEADER_FIX = "start the file with 'date YYYY-MM-DD' followed by the text"


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
