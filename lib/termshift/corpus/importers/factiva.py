"""Factiva exports: tagged fields (RTF "Article Format", HTML) and the plain layout without tags.

Tagged: each field starts with its two- or three-letter code at the start of a
line, then its value on the same or the following lines: ``HD`` headline,
``BY`` byline, ``WC`` words (``355 words``), ``PD`` publication date (``11
January 2010``), ``SN`` source name, ``SC`` source code, ``SE`` section, ``LA``
language, ``CY`` copyright, ``LP`` lead paragraphs, ``TD`` the rest of the text,
then indexing codes and ``AN`` (``Document GUARD00020100111e61b0002g``), which
ends the article. The text is ``LP`` followed by ``TD``. Inside the text only the
codes that follow it (``CO``, ``IN``, ``NS``, ``RE``, ``IPD``, ``IPC``, ``PUB``,
``AN``, ``RF``, ``ART``) after a blank line are read as codes, so a paragraph
that begins "IN 2010, ..." stays text.

Plain: per article the headline, an optional byline (``By Jane Roe``), ``355 words``, the date,
the source name, optional source code/edition/page lines, the language, an
optional copyright line, the paragraphs, and ``Document GUARD0002...``.

HTML exports are read field by field (:func:`factiva_html_fields`): each table row
whose first cell is a field code is that field, its second cell the value.
"""

from __future__ import annotations

import re

from ..report import BadInput
from .common import Found, clean_body, stated_words

__all__ = ["parse_factiva", "parse_factiva_html", "looks_like_factiva", "factiva_html_fields"]

_CODES = ("HD BY CR WC PD ET SN SC ED PG LA CY LP TD CO IN NS RE IPD IPC PUB AN SE CLM RF ART VOL NGC "
          "HLP").split()
_AFTER_TEXT = {"CO", "IN", "NS", "RE", "IPD", "IPC", "PUB", "AN", "RF", "ART"}
_TAG = re.compile(r"^(" + "|".join(sorted(_CODES, key=len, reverse=True)) + r")(?:[ \t]+(.*)|[ \t]*)$")
_DOCUMENT = re.compile(r"^\s*Document\s+([A-Za-z0-9]{16,})\s*$", re.MULTILINE)
_FIELD_TAG = re.compile(r"^(HD|PD|SN|WC|AN)(?=[ \t]|$)", re.MULTILINE)
_WORDS_LINE = re.compile(r"^\s*[\d,.]+\s+words?\s*$", re.IGNORECASE)
_LANGUAGES = {"english", "french", "german", "spanish", "italian", "portuguese", "dutch", "japanese", "chinese",
              "russian", "arabic", "swedish", "danish", "norwegian", "finnish", "polish", "czech", "korean",
              "turkish", "greek", "hungarian", "indonesian", "malay", "catalan"}
_COPYRIGHT = re.compile(r"^\s*(\u00a9|\(c\)|copyright\b)", re.IGNORECASE)
_INDEX_VALUE = re.compile(r"[A-Za-z0-9]{2,12} : \S")  # Factiva's index codes: "gpol : Domestic Politics"


def looks_like_factiva(text: str) -> bool:
    """True for tagged Factiva fields (two of HD, PD, SN, WC, AN at line starts) or ``Document`` numbers."""
    head = text[:200_000]
    # each expression runs only where its literal is (a folder of plain articles is sniffed quickly)
    tagged = any(head.startswith(t) or f"\n{t}" in head for t in ("HD", "PD", "SN", "WC", "AN"))  # at a line start
    tags = {m.group(1) for m in _FIELD_TAG.finditer(head)} if tagged else set()
    return len(tags) >= 2 or ("Document" in text and _DOCUMENT.search(text) is not None)


def parse_factiva(text: str) -> list[Found]:
    """The articles of a Factiva export's text (tagged or plain), in order.

    Examples
    --------
    >>> tagged = '''HD Harbour budget delayed
    ... BY Jane Roe
    ... WC 6 words
    ... PD 11 January 2010
    ... SN The Daily Ledger
    ... LA English
    ... LP The council delayed the harbour budget.
    ... AN Document LEDGER0020100111e61b0002g
    ... '''
    >>> [(a.title, a.byline, a.date_line, a.outlet, a.text) for a in parse_factiva(tagged)]
    [('Harbour budget delayed', 'Jane Roe', '11 January 2010', 'The Daily Ledger', \
'The council delayed the harbour budget.')]
    """
    if len({m.group(1) for m in re.finditer(r"^(HD|PD|SN|WC)(?=[ \t]|$)", text, re.MULTILINE)}) >= 2:
        return _tagged(text)
    return _plain(text)


def _tagged(text: str) -> list[Found]:
    fields: list[tuple[str, list[str]]] = []
    code = None
    prev_blank = True
    for line in text.split("\n"):
        m = _TAG.match(line.rstrip())
        in_text = code in ("LP", "TD")
        if m and (not in_text or _ends_text(m.group(1), m.group(2) or "", prev_blank, code)):
            code = m.group(1)
            fields.append((code, [m.group(2) or ""]))
        elif code is not None:
            fields[-1][1].append(line)
        prev_blank = not line.strip()
    return _records(fields)


def _records(fields: list[tuple[str, list[str]]]) -> list[Found]:
    """Fields in order -> articles: a new article at each ``HD`` after one, and after each ``AN``."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for code, lines in fields:
        if current is None or (code == "HD" and "HD" in current):
            current = {}
            records.append(current)
        current.setdefault(code, []).extend(lines)
        if code == "AN":
            current = None
    out = []
    for rec in records:
        if not any(k in rec for k in ("HD", "LP", "TD", "PD")):
            continue

        def one(key, rec=rec):
            value = " ".join(v.strip() for v in rec.get(key, []) if v.strip())
            return value or None

        body = clean_body([*rec.get("LP", []), "", *rec.get("TD", [])])
        out.append(Found(text=body, date_line=one("PD"), outlet=one("SN"), title=one("HD"), byline=_byline(one("BY")),
                         section=one("SE"), length_words=stated_words(one("WC")), language=one("LA")))
    return out


def _ends_text(code: str, value: str, prev_blank: bool, current: str | None = None) -> bool:
    """Inside LP/TD: does this code line end the text? ``AN Document ...`` always; ``TD`` after ``LP``
    always (exports with one tag per line and no blank lines between them); an index code with its
    ``code : name`` value (``NS gpol : Domestic Politics``) always; the other codes after a blank line
    (so a paragraph that begins "IN 2010, ..." stays text).

    >>> _ends_text("TD", "The documents...", False, "LP"), _ends_text("IN", "2010, the council", False, "TD")
    (True, False)
    >>> _ends_text("NS", "gpol : Domestic Politics", False, "TD"), _ends_text("IN", "2010", True, "TD")
    (True, True)
    """
    if code == "AN" and re.fullmatch(r"(Document\s+)?[A-Za-z0-9]{16,}", value.strip()):
        return True
    if code == "TD" and current == "LP":
        return True
    if code in _AFTER_TEXT and _INDEX_VALUE.match(value):
        return True
    return prev_blank and (code in _AFTER_TEXT or code in ("HD", "TD"))


def _byline(value: str | None) -> str | None:
    if value and value.lower().startswith("by "):
        value = value[3:].strip()
    return value or None


def _is_date(line: str) -> bool:
    from ..dates import written_date  # pandas, loaded only when a date is read

    try:
        return written_date(line) is not None
    except BadInput:
        return True


def _plain(text: str) -> list[Found]:
    out, start = [], 0
    for m in _DOCUMENT.finditer(text):
        lines = [line.strip() for line in text[start:m.start()].split("\n")]
        start = m.end()
        found = _plain_article(lines)
        if found is not None:
            out.append(found)
    return out


def _plain_article(lines: list[str]) -> Found | None:
    words_at = next((i for i, line in enumerate(lines) if _WORDS_LINE.match(line)), None)
    if words_at is None:
        return None
    above = [line for line in lines[:words_at] if line]
    # the headline and an optional byline sit right above the word count; anything earlier is a cover page
    title = byline = None
    if len(above) >= 2 and above[-1].lower().startswith("by "):
        title, byline = above[-2], _byline(above[-1])
    elif above:
        title = above[-1]
    rest = [(i, line) for i, line in enumerate(lines) if i > words_at and line]
    date_line = outlet = language = None
    body_from = words_at + 1
    if rest and _is_date(rest[0][1]):
        date_line, body_from = rest[0][1], rest[0][0] + 1
        if len(rest) > 1:
            outlet, body_from = rest[1][1], rest[1][0] + 1
        for i, line in rest[2:6]:
            if line.lower() in _LANGUAGES:
                language, body_from = line, i + 1
                break
    body = [line for line in lines[body_from:]]
    first = next((j for j, line in enumerate(body) if line), None)
    if first is not None and _COPYRIGHT.match(body[first]):
        body = body[first + 1:]
    return Found(text=clean_body(body), date_line=date_line, outlet=outlet, title=title, byline=byline,
                 length_words=stated_words(lines[words_at]), language=language)


def factiva_html_fields(html: str) -> list[tuple[str, list[str]]] | None:
    """The fields of a Factiva HTML export, in order, or None when it is not one.

    A table row whose first cell holds only a field code (``HD``, ``PD`` ...) is a
    field; its second cell's paragraphs are the value's lines (blank-line separated).
    """
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - not HTML lxml can read
        return None
    fields: list[tuple[str, list[str]]] = []
    for row in root.iter("tr"):
        cells = [c for c in row if c.tag in ("td", "th")]
        if len(cells) < 2:
            continue
        code = cells[0].text_content().strip()
        if code not in _CODES:
            continue
        paragraphs = [p.text_content().strip() for p in cells[1].iter("p")] or [cells[1].text_content().strip()]
        lines: list[str] = []
        for p in paragraphs:
            lines += [p, ""]
        fields.append((code, lines))
    if len({code for code, _ in fields} & {"HD", "PD", "SN", "WC"}) < 2:
        return None
    return fields


def parse_factiva_html(html: str) -> list[Found]:
    """The articles of a Factiva HTML export (no article when it is not one)."""
    return _records(factiva_html_fields(html) or [])
