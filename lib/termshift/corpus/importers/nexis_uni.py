"""Nexis Uni / Lexis+ exports (DOCX, or the RTF form of the same export), as lines of text.

Per article: the title, the outlet, a date line (``July 1, 2019 Monday 9:20 AM
GMT``), optional ``Copyright``, ``Section:``, ``Length: 355 words``, ``Byline:``,
``Highlight:`` lines, a ``Body`` line, the paragraphs, optional ``Graphic``,
``Classification`` (with ``Language:``), ``Notes``, ``Load-Date:`` blocks, and
``End of Document``. An optional cover page (``Date and Time:``, ``Job Number:``,
``Documents (3)`` and a numbered list of titles) comes first and is left out:
each article is found from its first metadata line backwards (date line, outlet,
title), so whatever lies before the title is never taken as text.

The DOCX file is read with python-docx (paragraphs in order, tables' cells
included), the RTF file with striprtf; see :func:`docx_lines` and :func:`rtf_text`.
"""

from __future__ import annotations

import io
import re

from ..report import BadInput
from .common import Found, clean_body, stated_words

__all__ = ["parse_nexis_uni", "looks_like_nexis_uni", "has_end_of_document", "docx_text", "rtf_text"]

_END = re.compile(r"^\s*End of Document\s*$", re.MULTILINE | re.IGNORECASE)
_COVER = re.compile(r"^\s*(Date and Time|Job Number|Client/Matter|Search Terms|Search Type):", re.MULTILINE)
_FIELD = re.compile(r"^\s*(Section|Length|Byline|Highlight|Dateline|Copyright|Edition|Series|Load-Date|Language"
                    r"|Publication-Type|Subject|Geographic|Industry|Person|Organization|Company|Ticker|Notes"
                    r"|Correction|Graphic|Classification|Document-Type|Journal-Code|Acc-No)\b:?[ \t]*(.*)$",
                    re.IGNORECASE)
_HEAD_FIELDS = {"section", "length", "byline", "highlight", "dateline", "copyright", "edition", "series"}
_TAIL = re.compile(r"^\s*(Graphic|Classification|Notes|Load-Date:|Correction:|Language:|Publication-Type:)",
                   re.IGNORECASE)


def has_end_of_document(text: str) -> bool:
    """True when a line of ``text`` is ``End of Document`` (any case; the expression runs only
    on a text holding the words).

    >>> has_end_of_document("Body.\\n  End of Document\\n"), has_end_of_document("The end of documents.")
    (True, False)
    """
    return "end of document" in text.lower() and _END.search(text) is not None


def looks_like_nexis_uni(text: str) -> bool:
    """True for ``End of Document`` lines, or a Nexis Uni cover page alone."""
    return has_end_of_document(text) or len(_COVER.findall(text[:4000])) >= 2


def parse_nexis_uni(text: str) -> list[Found]:
    """The articles of a Nexis Uni export's text, in order.

    Examples
    --------
    >>> export = '''Date and Time: Monday, July 1, 2019 10:00:00 AM GMT
    ... Job Number: 1
    ... Harbour budget delayed
    ... The Daily Ledger
    ... July 1, 2019 Monday 9:20 AM GMT
    ... Length: 6 words
    ... Byline: Jane Roe
    ... Body
    ... The council delayed the harbour budget.
    ... Load-Date: July 2, 2019
    ... End of Document
    ... '''
    >>> [(a.title, a.outlet, a.date_line, a.byline, a.length_words, a.text) for a in parse_nexis_uni(export)]
    [('Harbour budget delayed', 'The Daily Ledger', 'July 1, 2019 Monday 9:20 AM GMT', 'Jane Roe', 6, \
'The council delayed the harbour budget.')]
    """
    ends = list(_END.finditer(text))
    chunks, start = [], 0
    for m in ends:
        chunks.append(text[start:m.start()])
        start = m.end()
    if text[start:].strip() and _has_body(text[start:]):  # an article cut before its End of Document
        chunks.append(text[start:])
    return [_article(chunk.split("\n")) for chunk in chunks if chunk.strip()]


def _has_body(chunk: str) -> bool:
    return re.search(r"^\s*Body\s*$", chunk, re.MULTILINE) is not None


def _is_date(line: str) -> bool:
    from ..dates import written_date  # pandas, loaded only when a date is read

    try:
        return written_date(line) is not None
    except BadInput:
        return True  # an impossible date is still the date line: named when parsed


def _article(lines: list[str]) -> Found:
    lines = [line.strip() for line in lines]
    body_at = next((i for i, line in enumerate(lines) if line.lower() == "body"), None)
    head_end = body_at if body_at is not None else len(lines)
    # the date line: the last date line before the first header field (the cover's dates come earlier)
    first_field = next((i for i in range(head_end) if _field(lines[i]) in _HEAD_FIELDS), head_end)
    nonblank = [i for i in range(first_field) if lines[i]]
    date_i = next((i for i in reversed(nonblank[-4:]) if _is_date(lines[i])), None)
    if date_i is None and len(nonblank) >= 3:  # the date's place holds something unreadable: name it
        date_i = nonblank[-1]
    title = outlet = date_line = None
    if date_i is not None:
        date_line = lines[date_i]
        before = [i for i in nonblank if i < date_i]
        outlet = lines[before[-1]] if before else None
        title = lines[before[-2]] if len(before) >= 2 else None
    meta: dict[str, str] = {}
    for line in lines[first_field:head_end]:
        key = _field(line)
        if key is not None:
            m = _FIELD.match(line)
            meta.setdefault(key, m.group(2).strip() if m else "")
    body: list[str] = []
    tail_at = len(lines)
    if body_at is not None:
        for j in range(body_at + 1, len(lines)):
            if _TAIL.match(lines[j]) and (lines[j].lower() in ("graphic", "classification", "notes")
                                          or ":" in lines[j]):
                tail_at = j
                break
        body = lines[body_at + 1:tail_at]
    for line in lines[tail_at:]:
        key = _field(line)
        if key is not None and key not in meta:
            m = _FIELD.match(line)
            meta[key] = m.group(2).strip() if m else ""
    return Found(text=clean_body(body), date_line=date_line, outlet=outlet, title=title,
                 byline=meta.get("byline") or None, section=meta.get("section") or None,
                 length_words=stated_words(meta.get("length")),
                 language=(meta.get("language") or "").capitalize() or None)


def _field(line: str) -> str | None:
    m = _FIELD.match(line)
    if m is None:
        return None
    key = m.group(1).lower()
    if key in ("copyright",):
        return key
    # "Section: NEWS" and bare block titles ("Graphic", "Classification"); not prose that starts with the word
    if ":" in line[:len(m.group(1)) + 2] or line.lower() in ("graphic", "classification", "notes"):
        return key
    return None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """The paragraphs of a DOCX file (table cells included, in document order), one per line.

    Read straight from ``word/document.xml`` with lxml (entities never resolved,
    nothing fetched): ``w:t`` runs joined, ``w:tab`` as a tab, ``w:br`` as a line
    break; a paragraph nested in another (a text box) comes before it. Raises
    :class:`BadInput` when the bytes are not a readable DOCX file.
    """
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > 512 * 1024 * 1024:
                raise BadInput("DOCX document too large to read", "split the export")
            xml = z.read(info)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
        root = etree.fromstring(xml, parser)
    except BadInput:
        raise
    except Exception as err:  # noqa: BLE001 - a broken zip or XML: one line
        raise BadInput(f"not a readable DOCX file ({type(err).__name__})", "open and re-save it in Word") from None
    lines: list[str] = []
    stack: list[list[str]] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if tag == _W + "p":
            if event == "start":
                stack.append([])
            else:
                lines.append("".join(stack.pop()))
        elif event == "end" and stack:
            if tag == _W + "t":
                stack[-1].append(el.text or "")
            elif tag == _W + "tab":
                stack[-1].append("\t")
            elif tag in (_W + "br", _W + "cr"):
                stack[-1].append("\n")
    return "\n".join(lines)


def rtf_text(text: str) -> str:
    """The plain text of an RTF document (striprtf), line ends as ``\\n``."""
    from striprtf.striprtf import rtf_to_text

    try:
        out = rtf_to_text(text, errors="replace")
    except Exception as err:  # noqa: BLE001 - malformed RTF: one line
        raise BadInput(f"not readable RTF ({type(err).__name__})", "open and re-save it as RTF or DOCX") from None
    return out.replace("\r\n", "\n").replace("\r", "\n")
