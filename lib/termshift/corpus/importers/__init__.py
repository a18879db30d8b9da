"""Importers: news-database exports and saved web pages, read as they come, one module per source.

=================  =================================================================
layout             module
=================  =================================================================
``nexis``          :mod:`.nexis`: LexisNexis classic text (``N of M DOCUMENTS``)
``nexis-uni``      :mod:`.nexis_uni`: Nexis Uni / Lexis+ DOCX, and its RTF form
``factiva``        :mod:`.factiva`: tagged (RTF "Article Format", HTML) and plain
``proquest``       :mod:`.proquest`: ``____``-separated ``Field: value`` records
``web``            :mod:`.web`: saved ``.html``/``.htm`` pages (trafilatura)
``seed``           the project's own ``date YYYY-MM-DD`` articles
=================  =================================================================

and :mod:`.archive` (``.zip`` archives of any of these, read in place).

The container (DOCX, RTF, HTML, ZIP or text) is recognised from the bytes, the
layout from the text (:func:`sniff_layout`), whatever the file's name says;
``format=`` forces a layout. :func:`open_export` returns the articles found as
:class:`~.common.Found` records; :mod:`termshift.corpus.articles` turns them into
rows, parses the dates and checks each article.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..bounds import limit, past
from ..decode import decode_document, mend_surrogates
from ..report import BadInput
from .archive import is_zip, zip_members
from .common import META_COLUMNS, NO_ARTICLES, Found
from .factiva import factiva_html_fields, looks_like_factiva, parse_factiva, parse_factiva_html
from .nexis import has_document_marks, looks_like_nexis, parse_nexis
from .nexis_uni import (
    docx_text,
    drop_rtf_binary,
    has_end_of_document,
    is_opc_package,
    looks_like_nexis_uni,
    parse_nexis_uni,
    rtf_text,
)
from .proquest import looks_like_proquest, parse_proquest
from .web import DATE_FROM_FIX, date_from_rule, looks_like_html, parse_web_page

__all__ = ["FORMATS", "SOURCE_SUFFIXES", "Export", "Found", "META_COLUMNS", "NO_ARTICLES", "open_export",
           "container_of", "sniff_layout", "is_source_name", "check_format", "zip_members", "date_from_rule",
           "DATE_FROM_FIX", "parse_nexis", "parse_nexis_uni", "parse_factiva", "parse_proquest", "is_zip",
           "parse_web_page"]

#: Layouts ``format=`` accepts.
FORMATS = ("seed", "nexis", "nexis-uni", "factiva", "proquest", "web")
#: File name endings read from a folder (any case); the content decides how.
SOURCE_SUFFIXES = (".txt", ".docx", ".rtf", ".html", ".htm", ".zip")
_START_TAG = re.compile(r"<[A-Za-z]")
_SEED = re.compile(r"\s*date(?::|\s|$)", re.IGNORECASE)
_PARSERS = {"nexis": parse_nexis, "nexis-uni": parse_nexis_uni, "factiva": parse_factiva,
            "proquest": parse_proquest}


def is_source_name(name: str) -> bool:
    """True for a name a folder walk reads: ``.txt``, ``.docx``, ``.rtf``, ``.html``, ``.htm``, ``.zip`` (any case).

    >>> is_source_name("Nexis_export.DOCX"), is_source_name("notes.md")
    (True, False)
    """
    return name.lower().endswith(SOURCE_SUFFIXES)


def check_format(fmt: str | None) -> None:
    """Refuse a ``format=`` that is not one of :data:`FORMATS`."""
    if fmt is not None and fmt not in FORMATS:
        from ...errors import ParameterError

        raise ParameterError([f"format={fmt!r}: use one of {', '.join(FORMATS)} (or None to detect it)"])


class Export(NamedTuple):
    """One file read: its layout and container, the encoding of its bytes, a decode note, its text,
    and the articles found (None for a ``seed`` article, which :mod:`..articles` parses)."""

    layout: str
    container: str
    encoding: str
    note: str | None
    text: str
    found: list[Found] | None

    @property
    def label(self) -> str:
        """The ``format`` column's value: ``layout/container`` (``nexis-uni/docx``)."""
        return f"{self.layout}/{self.container}"


def container_of(data: bytes) -> str:
    """``"docx"``, ``"zip"``, ``"rtf"`` or ``"text"`` (HTML is told from the decoded text).

    A ZIP archive is a DOCX when it is an Office (OPC) package (``[Content_Types].xml`` or
    ``_rels/.rels``), whatever its main part is called: it is then read as a DOCX or skipped
    with the reason it cannot be, never taken apart as an archive of exports.

    >>> container_of(b"{\\\\rtf1\\\\ansi hello}"), container_of(b"plain")
    ('rtf', 'text')
    """
    if is_zip(data):
        import io
        import zipfile

        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            # unreadable: a .docx if its own first entry says so (DOCX starts with [Content_Types].xml)
            return "docx" if b"[Content_Types].xml" in data[:200] else "zip"
        return "docx" if is_opc_package(names) else "zip"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def sniff_layout(text: str, container: str) -> str | None:
    """The layout of an export's text, or None when none is recognised.

    Examples
    --------
    >>> sniff_layout("  1 of 3 DOCUMENTS\\n", "text"), sniff_layout("date 2022-01-01 x", "text")
    ('nexis', 'seed')
    >>> sniff_layout("HD Budget\\nPD 11 January 2010\\n", "rtf"), sniff_layout("Hello", "text") is None
    ('factiva', True)
    """
    if container == "html":
        return "factiva" if factiva_html_fields(text) is not None else "web"
    head = text[:200_000]
    if has_document_marks(head):
        return "nexis"
    if has_end_of_document(head):
        return "nexis-uni"
    if looks_like_proquest(head):
        return "proquest"
    if looks_like_factiva(head):
        return "factiva"
    if container == "text" and _SEED.match(text):
        return "seed"
    if looks_like_nexis_uni(head):  # a cover page and no article
        return "nexis-uni"
    if looks_like_nexis(head):
        return "nexis"
    return None


def open_export(data: bytes, *, format: str | None = None, fallback_date: str | None = None) -> Export:
    """Read one file's bytes (not a ZIP archive: see :func:`zip_members`) into an :class:`Export`.

    Raises :class:`BadInput` for bytes that are no text, DOCX or RTF, and for an
    export in which no layout is recognised (a DOCX, RTF or HTML file); a text
    file without one is handed on as ``seed`` (its header is checked there).
    """
    container = container_of(data)
    if container == "zip":
        raise BadInput("a ZIP archive inside an archive", "unpack the inner archive")
    if container == "docx":
        text, enc, note = docx_text(data), "docx", None
    else:
        if container == "rtf":
            data = drop_rtf_binary(data)  # \\binN blobs are raw bytes, no text
        text, enc, note = decode_document(data)
        if container == "rtf":
            text = rtf_text(text)
        elif looks_like_html(text):
            container = "html"
    text, lone = mend_surrogates(text)  # RTF's \\uN escapes of an emoji are two UTF-16 halves
    note = "; ".join(n for n in (note, lone) if n) or None
    layout = format or sniff_layout(text, container)
    if layout is None:
        if container != "text":
            raise BadInput(*NO_ARTICLES)
        layout = "seed"
    if layout == "seed":
        return Export(layout, container, enc, note, text, None)
    if layout == "web":
        # the extractor costs about a millisecond per element: bounded by size and elements before it runs
        if len(data) > limit("web_page_bytes"):
            raise past("web_page_bytes", len(data), "saved web page")
        tags = len(_START_TAG.findall(text))  # on the text: a UTF-16 page's bytes hide its tags
        if tags > limit("web_page_tags"):
            raise past("web_page_tags", tags, "saved web page")
        found = parse_web_page(text, fallback_date=fallback_date)
    elif container == "html" and layout == "factiva":
        found = parse_factiva_html(text)
    else:
        found = _PARSERS[layout](text)
    return Export(layout, container, enc, note, text, found)
