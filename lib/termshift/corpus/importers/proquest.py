"""ProQuest text exports: records separated by ``____`` rules, one ``Field: value`` per line.

The fields read: ``Title:``, ``Publication title:``, ``Publication date:``,
``Author:``, ``Section:``, ``Language of publication:``, ``Full text:`` (the
body: it runs over many lines, until the next known field), ``Document URL:``,
``ProQuest document ID:``. A record before the first rule without fields (the
cover) and the closing block (contact, terms) are not articles. A record with
fields but without ``Full text:`` (an abstract-only export) is found, with no
text, so the loader names it instead of dropping it.
"""

from __future__ import annotations

import re

from .common import Found, clean_body, stated_words

__all__ = ["parse_proquest", "looks_like_proquest"]

_RULE = re.compile(r"^[ \t]*_{4,}[ \t]*$", re.MULTILINE)
_KEY_FIELD = re.compile(r"^(Full text|ProQuest document ID|Publication title):", re.MULTILINE)
_FIELDS = ("Title", "Author", "Publication info", "Abstract", "Links", "Full text", "Subject", "Location",
           "Company / organization", "People", "Identifier / keyword", "Publication title", "Pages",
           "Publication year", "Publication date", "Year", "Section", "Publisher", "Place of publication",
           "Country of publication", "Publication subject", "ISSN", "Source type", "Language of publication",
           "Document type", "ProQuest document ID", "Document URL", "Copyright", "Last updated", "Database",
           "Dateline", "Document feature", "Credit", "Word count", "Edition", "Column", "Illustration", "e-ISSN",
           "Accession number", "Publication date text")
_FIELD = re.compile(r"^(" + "|".join(re.escape(f) for f in sorted(_FIELDS, key=len, reverse=True))
                    + r"):[ \t]*(.*)$")


def looks_like_proquest(text: str) -> bool:
    """True for ``____`` rules together with ``Full text:`` or ``ProQuest document ID:`` fields."""
    return "____" in text and _RULE.search(text) is not None and _KEY_FIELD.search(text) is not None


def parse_proquest(text: str) -> list[Found]:
    """The articles of a ProQuest text export, in order.

    Examples
    --------
    >>> export = '''____________________________________________________________
    ...
    ... Harbour budget delayed
    ...
    ... Author: Roe, Jane
    ...
    ... Full text: The council delayed
    ... the harbour budget.
    ...
    ... Title: Harbour budget delayed
    ... Publication title: The Daily Ledger
    ... Publication date: Jan 11, 2010
    ... ProQuest document ID: 123456789
    ... ____________________________________________________________
    ... '''
    >>> [(a.title, a.outlet, a.date_line, a.byline, a.text) for a in parse_proquest(export)]
    [('Harbour budget delayed', 'The Daily Ledger', 'Jan 11, 2010', 'Roe, Jane', \
'The council delayed\\nthe harbour budget.')]
    """
    out = []
    for record in _RULE.split(text):
        fields: dict[str, list[str]] = {}
        key = None
        lead: list[str] = []
        for line in record.split("\n"):
            m = _FIELD.match(line.strip()) if key != "Full text" or not line.startswith((" ", "\t")) else None
            if m:
                key = m.group(1)
                fields.setdefault(key, []).append(m.group(2))
            elif key is not None:
                fields[key].append(line)
            else:
                lead.append(line)
        if not fields or not any(k in fields for k in ("Full text", "Title", "Publication title",
                                                      "ProQuest document ID")):
            continue

        def one(name, fields=fields):
            return " ".join(v.strip() for v in fields.get(name, []) if v.strip()) or None

        title = one("Title") or next((line.strip() for line in lead if line.strip()), None)
        out.append(Found(text=clean_body(fields.get("Full text", [])), date_line=one("Publication date"),
                         outlet=one("Publication title"), title=title, byline=one("Author"), section=one("Section"),
                         length_words=stated_words(one("Word count")), language=one("Language of publication")))
    return out
