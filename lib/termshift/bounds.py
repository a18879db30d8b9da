"""The bounds on the work one input may cost: every size and nesting limit of the importers and term files.

Each input the loader reads (a source file, an archive and its members, a DOCX
part, an RTF document, a saved web page) and each term or event file is checked
against these bounds *before* the costly step (reading, unpacking, parsing), so
that a hostile file is bad input with one line naming the bound and how to raise
it, never a hang, an exhausted memory or an internal error. The work done within
a bound is linear in the input's size (the time bound follows from the size
bound; the web page extractor, linear but slow, about a millisecond per HTML
element, has its own smaller bounds).

===================  =======  ======================================  =================================
bound                default  what it limits                          raise it with
===================  =======  ======================================  =================================
``source_bytes``     64 MB    one source file (or archive member)     ``TERMSHIFT_MAX_SOURCE_MB``
``archive_bytes``    1 GB     all members of one ``.zip`` unpacked    ``TERMSHIFT_MAX_ARCHIVE_MB``
``archive_members``  100,000  members of one ``.zip``                 ``TERMSHIFT_MAX_ARCHIVE_MEMBERS``
``docx_part_bytes``  64 MB    a DOCX's main document part unpacked    ``TERMSHIFT_MAX_DOCX_PART_MB``
``web_page_bytes``   2 MB     one saved web page (``.html``)          ``TERMSHIFT_MAX_WEB_PAGE_MB``
``web_page_tags``    10,000   HTML elements (start tags) of one page  ``TERMSHIFT_MAX_WEB_PAGE_TAGS``
``toml_bytes``       16 MB    one term or event file                  ``TERMSHIFT_MAX_TOML_MB``
``toml_nesting``     64       arrays/inline tables inside each other  ``TERMSHIFT_MAX_TOML_NESTING``
``toml_key_parts``   64       parts of one dotted key (``a.b.c``)     ``TERMSHIFT_MAX_TOML_KEY_PARTS``
``term_chars``       1,000    characters of one term                  ``TERMSHIFT_MAX_TERM_CHARS``
``term_pieces``      256      words and hyphen parts of one term      ``TERMSHIFT_MAX_TERM_PIECES``
===================  =======  ======================================  =================================

A bound is raised for one run by setting its environment variable (a whole
number; ``MB`` ones in MB of 2**20 bytes, as everywhere in termshift), for example ``TERMSHIFT_MAX_SOURCE_MB=512
termshift import ...``; :func:`limit` reads it each time, so a notebook can set
``os.environ`` before loading.

Examples
--------
>>> limit("toml_nesting")
64
>>> print(past_line("web_page_bytes", 3 * 2**20, "saved web page")[0])
saved web page of 3,145,728 bytes is past the bound of 2 MB (web_page_bytes)
>>> print(past_line("web_page_bytes", 3 * 2**20, "saved web page")[1])
raise it with the environment variable TERMSHIFT_MAX_WEB_PAGE_MB=<MB> (for example 4), or make the input smaller
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Bound", "BOUNDS", "limit", "past_line"]

_MB = 2**20


@dataclass(frozen=True)
class Bound:
    """One bound: its default (in ``unit``\\ s, bytes for ``MB`` ones), the unit, what it limits, and the
    environment variable that raises it."""

    default: int
    unit: str  # "MB" (held in bytes, set in MB), or a count's noun
    limits: str
    env: str


#: Every bound, by name (see the table above).
BOUNDS: dict[str, Bound] = {
    "source_bytes": Bound(64 * _MB, "MB", "one source file (or archive member)", "TERMSHIFT_MAX_SOURCE_MB"),
    "archive_bytes": Bound(1024 * _MB, "MB", "all members of one .zip unpacked", "TERMSHIFT_MAX_ARCHIVE_MB"),
    "archive_members": Bound(100_000, "members", "members of one .zip", "TERMSHIFT_MAX_ARCHIVE_MEMBERS"),
    "docx_part_bytes": Bound(64 * _MB, "MB", "a DOCX's main document part unpacked", "TERMSHIFT_MAX_DOCX_PART_MB"),
    "web_page_bytes": Bound(2 * _MB, "MB", "one saved web page", "TERMSHIFT_MAX_WEB_PAGE_MB"),
    "web_page_tags": Bound(10_000, "tags", "HTML elements (start tags) of one saved web page",
                           "TERMSHIFT_MAX_WEB_PAGE_TAGS"),
    "toml_bytes": Bound(16 * _MB, "MB", "one term or event file", "TERMSHIFT_MAX_TOML_MB"),
    "toml_nesting": Bound(64, "levels", "arrays and inline tables inside each other", "TERMSHIFT_MAX_TOML_NESTING"),
    "toml_key_parts": Bound(64, "parts", "parts of one dotted key", "TERMSHIFT_MAX_TOML_KEY_PARTS"),
    "term_chars": Bound(1_000, "characters", "characters of one term", "TERMSHIFT_MAX_TERM_CHARS"),
    "term_pieces": Bound(256, "pieces", "words and hyphen parts of one term", "TERMSHIFT_MAX_TERM_PIECES"),
}


def limit(name: str) -> int:
    """The bound ``name`` in force: its environment variable when set to a positive whole number, else the
    default (bytes for the ``MB`` bounds)."""
    bound = BOUNDS[name]
    raw = os.environ.get(bound.env, "").strip().replace("_", "")
    value = int(raw) if raw.isdigit() and int(raw) > 0 else None
    if value is None:
        return bound.default
    return value * _MB if bound.unit == "MB" else value


def _shown(name: str, value: int) -> str:
    bound = BOUNDS[name]
    if bound.unit == "MB":
        return f"{value / _MB:g} MB"
    return f"{value:,} {bound.unit}"


def past_line(name: str, got: int, what: str) -> tuple[str, str]:
    """``(reason, fix)`` of an input past the bound ``name``: ``got`` (bytes, levels, parts) is more
    than the bound in force; ``what`` names the input (``"archive member"``)."""
    bound, value = BOUNDS[name], limit(name)
    size = f"{got:,} bytes" if bound.unit == "MB" else f"{got:,} {bound.unit}"
    more = max(2 * value, got + 1)
    example = -(-more // _MB) if bound.unit == "MB" else more
    unit = "<MB>" if bound.unit == "MB" else "<n>"
    return (f"{what} of {size} is past the bound of {_shown(name, value)} ({name})",
            f"raise it with the environment variable {bound.env}={unit} (for example {example}), "
            "or make the input smaller")

