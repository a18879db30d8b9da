"""Saved web pages (``.html``/``.htm``): the main text and metadata, extracted with trafilatura.

trafilatura (with htmldate) finds the article's text, title, author, site name and
publication date in the page itself, offline: nothing is fetched. The date is
taken from the page's *metadata* (``article:published_time``, JSON-LD, ``<time>``
...), never guessed from the text; a page without one is bad input unless
``date_from=`` gives a rule (:func:`date_from_rule`).
"""

from __future__ import annotations

import re

from ..report import BadInput
from .common import Found

__all__ = ["parse_web_page", "looks_like_html", "date_from_rule", "DATE_FROM_FIX"]

_HTML = re.compile(r"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body|<meta|<title)", re.IGNORECASE | re.DOTALL)
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
#: The fix named for a page without a findable date.
DATE_FROM_FIX = ("save the page with its metadata, or give date_from='name' (--date-from name: a YYYY-MM-DD "
                 "date in the file's path) or date_from='YYYY-MM-DD'")


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts (after comments and spaces) like an HTML document."""
    return _HTML.match(text[:4096]) is not None


def date_from_rule(rule: str | None, path: str) -> str | None:
    """The date a ``date_from`` rule gives a page at ``path`` (ISO text), or None.

    ``"name"``: the first ``YYYY-MM-DD`` (or ``YYYYMMDD``) in the path; an ISO date: that date.

    Examples
    --------
    >>> date_from_rule("name", "saved/2019-07-01_budget.html"), date_from_rule("2020-01-02", "x.html")
    ('2019-07-01', '2020-01-02')
    """
    if rule is None:
        return None
    from ..dates import parse_date  # pandas, loaded only when a date is read

    if rule == "name":
        m = _NAME_DATE.search(path)
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
    parse_date(rule)  # checked early: BadInput when not ISO
    return rule


def parse_web_page(html: str, *, fallback_date: str | None = None) -> list[Found]:
    """The article of a saved web page (a list of one), or no article when no text is found.

    Examples
    --------
    >>> page = ('<html><head><title>Budget row</title><meta property="og:site_name" content="The Daily Ledger">'
    ...         '<meta property="article:published_time" content="2019-07-01T09:20:00Z"></head><body><article>'
    ...         '<p>The council argued for a third night about the harbour budget, and the mayor said '
    ...         'the plan would wait until spring.</p></article></body></html>')
    >>> [(a.outlet, a.date, a.title) for a in parse_web_page(page)]
    [('The Daily Ledger', '2019-07-01', 'Budget row')]
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True,
                                          date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as err:  # noqa: BLE001 - the extractor's failure on odd markup: one line
        raise BadInput(f"the web page cannot be read ({type(err).__name__})", "save the page again as HTML") from None
    if doc is None:
        return []
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (meta.get("text") or "").strip()
    if not text:
        return []
    title = meta.get("title") or None
    if title and text.startswith(title + "\n"):  # the headline repeated as the first line of the text
        text = text[len(title) + 1:].lstrip()
    date = meta.get("date") or fallback_date
    return [Found(text=text, date=date, date_line=None if date else None, outlet=meta.get("sitename") or None,
                  title=title, byline=meta.get("author") or None, section=None, length_words=None,
                  language=meta.get("language") or None)]
