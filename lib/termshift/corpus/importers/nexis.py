"""LexisNexis classic text export (``.txt``): ``N of M DOCUMENTS`` blocks after a cover block.

Each article opens with a centred ``N of M DOCUMENTS`` line, then the outlet, a
date line (``January 11, 2010 Monday``, ``January 8, 2010``), optional edition
lines, the headline, and metadata paragraphs (``BYLINE:``, ``SECTION:``,
``LENGTH: 355 words``, ``DATELINE:`` ...); then the body, and trailing metadata
(``LOAD-DATE:``, ``LANGUAGE:``, ``PUBLICATION-TYPE:``, ``GRAPHIC:`` ...) and a
copyright line. The numbering is not trusted (exports are concatenated: ``8 of
383`` can sit among ``of 10``): articles are counted as found. Whatever comes
before the first ``N of M DOCUMENTS`` line is the cover block and is left out.
"""

from __future__ import annotations

import re

from ..report import BadInput
from .common import Found, clean_body, stated_words

__all__ = ["parse_nexis", "looks_like_nexis", "has_document_marks", "NEXIS_MARK"]

#: The line that opens each article.
NEXIS_MARK = re.compile(r"^[ \t]*\d+\s+of\s+\d+\s+DOCUMENTS?[ \t]*$", re.MULTILINE | re.IGNORECASE)
_COVER = re.compile(r"^\s*(Download Request|Search Terms|Terms|Time Of Request|Send To|Project ID|Source):",
                    re.MULTILINE | re.IGNORECASE)
_META = re.compile(r"^([A-Z][A-Z-]*[A-Z]):[ \t]*(.*)$")
#: Metadata keys that open the trailing block (the body ends before the first of them).
TRAILING = {"LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE", "GRAPHIC", "JOURNAL-CODE", "URL", "CORRECTION-DATE",
            "CORRECTION", "NOTES", "DOCUMENT-TYPE", "SUBJECT", "ORGANIZATION", "PERSON", "GEOGRAPHIC", "CITY",
            "STATE", "COUNTRY", "INDUSTRY", "TICKER", "DISTRIBUTION", "SERIES", "ACC-NO", "PUBLICATION-DATE",
            "TYPE", "STATUS", "LOAD-DATE-TIME"}
#: Metadata keys of the header (between the headline and the body).
HEADER = {"BYLINE", "SECTION", "LENGTH", "DATELINE", "HIGHLIGHT", "HEADLINE", "EDITION", "SOURCE", "ABSTRACT",
          "SUBTITLE", "COLUMN", "BODY"}
_COPYRIGHT = re.compile(r"^\s*(Copyright|\u00a9|\(c\))", re.IGNORECASE)


def has_document_marks(text: str) -> bool:
    """True when ``text`` holds an ``N of M DOCUMENTS`` line.

    The expression, which tries every position, runs only on a text holding the word
    (any case): a folder of 50,000 plain articles is sniffed without it.

    >>> has_document_marks("  2 of 75 DOCUMENTS\\nBody"), has_document_marks("date 2022-01-01 Body")
    (True, False)
    """
    return "document" in text.lower() and NEXIS_MARK.search(text) is not None


def looks_like_nexis(text: str) -> bool:
    """True when ``text`` holds ``N of M DOCUMENTS`` lines, or only a Nexis cover block."""
    return has_document_marks(text) or len(_COVER.findall(text[:4000])) >= 2


def parse_nexis(text: str) -> list[Found]:
    """The articles of a classic Nexis text export, in order.

    Examples
    --------
    >>> export = '''Download Request: All Documents
    ...                1 of 9 DOCUMENTS
    ...            The Daily Ledger
    ...        January 11, 2010 Monday
    ... Harbour budget delayed
    ... BYLINE: Jane Roe
    ...
    ... LENGTH: 6 words
    ...
    ... The council delayed the harbour budget.
    ...
    ... LOAD-DATE: January 12, 2010
    ... '''
    >>> [(a.outlet, a.date_line, a.title, a.byline, a.length_words, a.text) for a in parse_nexis(export)]
    [('The Daily Ledger', 'January 11, 2010 Monday', 'Harbour budget delayed', 'Jane Roe', 6, \
'The council delayed the harbour budget.')]
    """
    marks = list(NEXIS_MARK.finditer(text))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out.append(_article(text[m.end():end].split("\n")))
    return out


def _article(lines: list[str]) -> Found:
    from ..dates import written_date  # pandas, loaded only when a date is read

    n = len(lines)
    first_meta = next((i for i, line in enumerate(lines) if _key(line) in HEADER), n)
    head = [line for line in lines[:first_meta] if line.strip()]
    outlet = head[0].strip() if head else None
    date_at, date_line = None, None
    for k, line in enumerate(head[1:4], start=1):
        try:
            found = written_date(line)
        except BadInput:
            found = True  # a date line with an impossible date: named later
        if found is not None:
            date_at, date_line = k, line.strip()
            break
    if date_at is None and len(head) >= 2:  # the date's place holds something unreadable: name it
        date_at, date_line = 1, head[1].strip()
    title = None
    if date_at is not None:
        rest = head[date_at + 1:]
        flush = [line.strip() for line in rest if not line.startswith((" ", "\t"))]
        title = " ".join(flush or [line.strip() for line in rest[-1:]]) or None
    meta: dict[str, str] = {}
    i = first_meta
    while i < n:  # header metadata paragraphs; the first other paragraph starts the body
        if not lines[i].strip():
            i += 1
            continue
        m = _META.match(lines[i])
        if m is None or m.group(1) not in HEADER:
            break
        key, value = m.group(1), [m.group(2)]
        if key == "BODY":  # "BODY:" opens the body; its value (if any) is the first line
            lines[i] = m.group(2)
            break
        i += 1
        while i < n and lines[i].strip() and _key(lines[i]) is None:
            value.append(lines[i].strip())
            i += 1
        meta.setdefault(key, " ".join(v for v in value if v).strip())
    body_start = i
    while i < n:
        m = _META.match(lines[i])
        if m is not None and m.group(1) in TRAILING and (i == 0 or not lines[i - 1].strip()):
            break
        i += 1
    body = lines[body_start:i]
    while body and (not body[-1].strip() or (_COPYRIGHT.match(body[-1]) and body[-1].startswith((" ", "\t")))):
        body.pop()
    for line in lines[i:]:
        m = _META.match(line)
        if m:
            meta.setdefault(m.group(1), m.group(2).strip())
    return Found(text=clean_body(body), date_line=date_line, outlet=outlet, title=title,
                 byline=meta.get("BYLINE") or None, section=meta.get("SECTION") or None,
                 length_words=stated_words(meta.get("LENGTH")), language=_language(meta.get("LANGUAGE")))


def _key(line: str) -> str | None:
    m = _META.match(line)
    return m.group(1) if m and (m.group(1) in HEADER or m.group(1) in TRAILING) else None


def _language(value: str | None) -> str | None:
    """``ENGLISH`` -> ``English``; None stays None."""
    if not value:
        return None
    return value.strip().rstrip(";").strip().capitalize() or None
