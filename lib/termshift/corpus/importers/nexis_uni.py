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
import posixpath
import re
from urllib.parse import unquote

from ..report import BadInput, printable
from .common import Found, clean_body, stated_words

__all__ = ["parse_nexis_uni", "looks_like_nexis_uni", "has_end_of_document", "docx_text", "docx_main_part",
           "is_opc_package", "rtf_text", "drop_rtf_binary"]

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


_WORD_NS = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",  # transitional (what Word writes)
            "http://purl.oclc.org/ooxml/wordprocessingml/main")  # strict OOXML
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the main part's relationship type (transitional and strict)
_RELS_BYTES = 1 << 20  # the package relationships are a few hundred bytes
_NOT_DOCX = "open it in Word and save it again as .docx (or unpack it, if it is an archive of exports)"


def is_opc_package(names) -> bool:
    """True when a ZIP archive's member names are those of an Office (OPC) package: a DOCX, or
    something that looks like one (``[Content_Types].xml`` or ``_rels/.rels``).

    >>> is_opc_package(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]), is_opc_package(["a.txt"])
    (True, False)
    """
    return any(n in ("[Content_Types].xml", "_rels/.rels") for n in names)


def _xml(data: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    return etree.fromstring(data, parser)


def docx_main_part(z) -> str:
    """The name of a DOCX's main document part, found as OPC finds it: the target of the package
    relationship (``_rels/.rels``) whose type ends in ``/officeDocument`` (usually ``word/document.xml``,
    but any name is allowed). :class:`BadInput` naming why when there is none.
    """
    from .archive import read_member

    try:
        info = z.getinfo("_rels/.rels")
    except KeyError:
        raise BadInput("looks like a DOCX file but has no package relationships (_rels/.rels)", _NOT_DOCX) from None
    if info.file_size > _RELS_BYTES:
        raise BadInput(f"DOCX package relationships of {info.file_size:,} bytes (a real one is a few hundred)",
                       _NOT_DOCX)
    rels = _xml(read_member(z, info, "docx_part_bytes", "DOCX package relationships"))
    for rel in rels:
        if str(rel.get("Type", "")).endswith(_OFFICE_DOCUMENT) and rel.get("TargetMode", "Internal") == "Internal":
            return posixpath.normpath(str(rel.get("Target", "")).replace("\\", "/")).lstrip("/")
    raise BadInput("looks like a DOCX file but names no main document (no officeDocument relationship)", _NOT_DOCX)


def docx_text(data: bytes) -> str:
    """The paragraphs of a DOCX file (table cells included, in document order), one per line.

    The main document part is the one the package relationships name (:func:`docx_main_part`),
    read with lxml (entities never resolved, nothing fetched): ``w:t`` runs joined, ``w:tab`` as a
    tab, ``w:br`` as a line break; a paragraph nested in another (a text box) comes before it.
    Raises :class:`BadInput` with the reason when the bytes are not a readable Word document
    (a broken package, no main part, a main part that is no Word document, or one past the
    ``docx_part_bytes`` bound of :mod:`termshift.bounds`).
    """
    import zipfile

    from .archive import ZIP_ERRORS, read_member

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            part = docx_main_part(z)
            names = set(z.namelist())
            name = part if part in names else unquote(part)  # a part name is a URI: %20 may stand for a space
            try:
                info = z.getinfo(name)
            except KeyError:
                raise BadInput(f"DOCX main document {printable(part)!r} (named in _rels/.rels) is missing",
                               _NOT_DOCX) from None
            root = _xml(read_member(z, info, "docx_part_bytes", "DOCX main document"))
    except BadInput:
        raise
    except (*ZIP_ERRORS, SyntaxError) as err:  # a broken zip or XML (lxml's errors are SyntaxErrors): one line
        raise BadInput(f"not a readable DOCX file ({type(err).__name__})", _NOT_DOCX) from None
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if ns not in _WORD_NS or root.tag.split("}")[-1] != "document":
        raise BadInput(f"an Office file whose main part is no Word document ({printable(root.tag[-60:])})",
                       "export the articles as .docx, .rtf or .txt")
    w = "{" + ns + "}"
    lines: list[str] = []
    stack: list[list[str]] = []
    from lxml import etree

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if tag == w + "p":
            if event == "start":
                stack.append([])
            else:
                lines.append("".join(stack.pop()))
        elif event == "end" and stack:
            if tag == w + "t":
                stack[-1].append(el.text or "")
            elif tag == w + "tab":
                stack[-1].append("\t")
            elif tag in (w + "br", w + "cr"):
                stack[-1].append("\n")
    return "\n".join(lines)


_BIN = re.compile(rb"\\bin(\d{1,10}) ?")


def drop_rtf_binary(data: bytes) -> bytes:
    r"""RTF bytes without the binary data of its ``\binN`` control words (N raw bytes that follow the
    word and its one space, as the RTF specification says, 1.9.1 "\bin"), which are no text.

    >>> drop_rtf_binary(b"{\\rtf1 {\\*\\blob \\bin4 \x00\x01}\x7f}} text \\\\bin3 stays}")
    b'{\\rtf1 {\\*\\blob }} text \\\\bin3 stays}'
    """
    if b"\\bin" not in data:
        return data
    out, i = [], 0
    while (m := _BIN.search(data, i)) is not None:
        k = m.start()
        while k > 0 and data[k - 1] == 0x5C:  # backslashes before it: an even number escape each other
            k -= 1
        if (m.start() - k) % 2:  # "\\\\bin": an escaped backslash, then text
            out.append(data[i:m.end()])
            i = m.end()
            continue
        out.append(data[i:m.start()])
        i = m.end() + int(m.group(1))
    out.append(data[i:])
    return b"".join(out)


_UNICODE_ESCAPE = re.compile(r"\\u(-?\d{1,10})")


def rtf_text(text: str) -> str:
    r"""The plain text of an RTF document (striprtf), line ends as ``\n``.

    A ``\uN`` escape outside the signed 16 bits RTF allows (``\u99999999``) becomes U+FFFD
    instead of failing the whole document; the two halves of a character beyond U+FFFF come
    back as two surrogates, which :func:`termshift.corpus.decode.mend_surrogates` joins.

    >>> rtf_text(r"{\rtf1 caf\u233?, \u99999999? and \u-10179?\u-8704?\par}") == "café, \ufffd and \ud83d\ude00\n"
    True
    """
    from striprtf.striprtf import rtf_to_text

    if "\\u" in text:
        text = _UNICODE_ESCAPE.sub(lambda m: m.group() if -32768 <= int(m.group(1)) <= 65535 else r"\u65533",
                                   text)
    try:
        out = rtf_to_text(text, errors="replace")
    except Exception as err:  # noqa: BLE001 - malformed RTF: one line
        raise BadInput(f"not readable RTF ({type(err).__name__})", "open and re-save it as RTF or DOCX") from None
    return out.replace("\r\n", "\n").replace("\r", "\n")
